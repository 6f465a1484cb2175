"""TLS and TLS client-certificate authentication (QĐ 28/2018 Điều 13 k2), with a throwaway CA
made here with `cryptography`."""

from __future__ import annotations

import datetime as dt
import hashlib
import ssl
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from reference_axis.testing import G22, H38, AxisProcess, axis_config, edoc_package

NOW = dt.datetime.now(dt.UTC)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "qlvb-conformance test")])


def _cert(subject: str, key: ec.EllipticCurvePrivateKey, issuer: x509.Name,
          issuer_key: ec.EllipticCurvePrivateKey, *, ca: bool = False,
          server: bool = False) -> x509.Certificate:
    b = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(issuer)
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(NOW - dt.timedelta(hours=1))
         .not_valid_after(NOW + dt.timedelta(days=2))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if server:
        b = b.add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1")),
             x509.DNSName("localhost")]), critical=False)
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                            critical=False)
    elif not ca:
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]),
                            critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def _write(path: Path, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey | None) -> None:
    path.with_suffix(".pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    if key is not None:
        path.with_suffix(".key").write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | str]:
    d = tmp_path_factory.mktemp("pki")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("Test Root CA", ca_key, _name("Test Root CA"), ca_key, ca=True)
    _write(d / "ca", ca, None)
    for name, server in (("server", True), ("client-h38", False), ("client-other", False)):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _cert(name, key, ca.subject, ca_key, server=server)
        _write(d / name, cert, key)
    h38_cert = x509.load_pem_x509_certificate((d / "client-h38.pem").read_bytes())
    return {"dir": d, "h38_sha256": hashlib.sha256(
        h38_cert.public_bytes(serialization.Encoding.DER)).hexdigest()}


def _context(d: Path, client: str | None) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(d / "ca.pem"))
    if client:
        ctx.load_cert_chain(str(d / f"{client}.pem"), str(d / f"{client}.key"))
    return ctx


def _tls_args(d: Path, *, require: bool) -> list[str]:
    args = ["--tls", "--cert", str(d / "server.pem"), "--key", str(d / "server.key"),
            "--client-ca", str(d / "ca.pem")]
    return [*args, "--require-client-cert"] if require else args


def test_tls_with_a_client_certificate_bound_to_a_system(pki: dict, tmp_path: Path) -> None:
    d = pki["dir"]
    config = axis_config()
    for s in config["systems"]:
        if s["system_id"] == "vxp.h38":
            s["client_cert_sha256"] = pki["h38_sha256"]
    axis = AxisProcess(tmp_path, config=config, extra_args=_tls_args(d, require=False),
                       scheme="https")
    axis.admin_verify = _context(d, None)
    with axis:
        h38 = axis.client("vxp.h38", ssl_context=_context(d, "client-h38"))
        r = h38.send_edoc(edoc_package(H38, [G22]), from_=H38, to=[G22])
        assert r.ok, r.json
        # the bound system without its certificate, or with another one: refused
        for ctx in (_context(d, None), _context(d, "client-other")):
            r = axis.client("vxp.h38", ssl_context=ctx).count_receive_edoc()
            assert r.status == "FAIL" and r.error_code == "16"
        # a system with no binding still works on TLS alone
        g22 = axis.client("vxp.g22", ssl_context=_context(d, None))
        assert g22.count_receive_edoc().count == 1
        log = axis.traffic(call="countReceiveEdoc")
        assert any(f["rule_id"] == "QD28-13.2" and f["status"] == "fail"
                   for e in log for f in e["findings"])
        with pytest.raises(httpx.TransportError):  # plain HTTP is not served
            httpx.get(f"http://127.0.0.1:{axis.port}/openapi.json", timeout=5).raise_for_status()


def test_required_client_certificate_fails_the_handshake_without_one(
        pki: dict, tmp_path: Path) -> None:
    d = pki["dir"]
    axis = AxisProcess(tmp_path, extra_args=_tls_args(d, require=True), scheme="https")
    with axis:
        ok = axis.client("vxp.g22", ssl_context=_context(d, "client-other"))
        assert ok.count_receive_edoc().ok
        bare = axis.client("vxp.g22", ssl_context=_context(d, None))
        r = bare.count_receive_edoc()
        assert r.json is None and r.error
