"""TLS and TLS client-certificate authentication (QĐ 28/2018 Điều 13 k2), with the test PKI:
the axis serves its TLS server certificate (`TestPKI.tls_server("valid")`, issued under the
root by the TLS CA), clients trust the root, and client certificates are person certificates of
the agencies' issuing CA (EKU clientAuth)."""

from __future__ import annotations

import hashlib
import ssl
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization

from conformance.fixtures_gen.pki import default_pki, shipped_pki_dir
from reference_axis.testing import G22, H38, AxisProcess, axis_config, edoc_package

#: client certificate files → the person certificate of the test PKI behind them
CLIENTS = {"client-h38": ("Trần Văn Hệ Thống", "Ủy ban nhân dân tỉnh Lào Cai"),
           "client-other": ("Lê Thị Khác", "Văn phòng Chính phủ")}


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | str]:
    d = tmp_path_factory.mktemp("pki")
    test_pki = default_pki()
    (d / "ca.pem").write_bytes((shipped_pki_dir() / "root.pem").read_bytes())
    cert, key = test_pki.tls_files("valid", d)
    cert.rename(d / "server.pem")
    key.rename(d / "server.key")
    digests = {}
    for name, (person, agency) in CLIENTS.items():
        ident = test_pki.person(person, agency=agency)
        pem = serialization.Encoding.PEM
        (d / f"{name}.pem").write_bytes(ident.pem() + b"".join(
            c.public_bytes(pem) for c in ident.chain[:-1]))  # leaf + issuing CA
        (d / f"{name}.key").write_bytes(ident.key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        digests[name] = hashlib.sha256(ident.cert_der).hexdigest()
    return {"dir": d, "h38_sha256": digests["client-h38"]}


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
