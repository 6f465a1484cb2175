"""The test PKI's online services: an RFC 3161 TSA, an RFC 6960 OCSP responder, CRLs and CA
certificates, served over HTTP on loopback by a small Starlette app in a background thread.

* `FixtureTSA` builds timestamp tokens (RSA PKCS#1 v1.5, ESS signingCertificateV2) with a
  deterministic serial number; `genTime` is fixed by the caller (the fixture clock) or "now".
* `LocalTimeStamper` is a pyhanko `TimeStamper` that asks a `FixtureTSA` in process, with a
  deterministic nonce: what the offline fixtures use.
* `HttpTimeStamper` is a pyhanko `TimeStamper` that posts to a TSA URL with httpx.
* `serve(pki_factory)` starts the HTTP services on 127.0.0.1 (an ephemeral port by default),
  builds the PKI with that base URL (so the certificates' CRL DP and AIA OCSP URLs point at
  the server), and stops the server on exit:

      with serve() as services:
          pki = services.pki      # certificates name services.base_url
          ...

Routes: `POST /tsa` (application/timestamp-query), `POST /ocsp` and `GET /ocsp/{b64}`,
`GET /crl/{issuing-ca|root}.crl`, `GET /crt/{issuing-ca|root}.crt`, `GET /health`.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import hashlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.common_utils import handle_tsp_response

from conformance.fixtures_gen.pki import TestPKI

_HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512,
           "sha1": hashes.SHA1}
#: the TSA policy OID of the fixtures: under 2.16.704 (Vietnam), in a TEST sub-arc
TSA_POLICY = "2.16.704.1.99.1"


class FixtureTSA:
    """An RFC 3161 time-stamping authority for fixtures."""

    def __init__(self, pki: TestPKI, *, fixed_time: dt.datetime | None = None) -> None:
        self.pki = pki
        self.fixed_time = fixed_time

    def respond(self, request: tsp.TimeStampReq, *,
                gen_time: dt.datetime | None = None) -> tsp.TimeStampResp:
        ident = self.pki.tsa
        key = ident.key
        assert isinstance(key, rsa.RSAPrivateKey)
        when = (gen_time or self.fixed_time or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        imprint: tsp.MessageImprint = request["message_imprint"]
        md = imprint["hash_algorithm"]["algorithm"].native
        if md not in _HASHES:
            return tsp.TimeStampResp({"status": {"status": "rejection",
                                                 "fail_info": {"bad_alg"}}})
        serial = int.from_bytes(hashlib.sha256(
            imprint.dump() + when.isoformat().encode()).digest()[:8]) >> 1
        info = {
            "version": "v1",
            "policy": TSA_POLICY,
            "message_imprint": imprint,
            "serial_number": serial,
            "gen_time": when,
            "accuracy": {"seconds": 1},
            "tsa": asn1_x509.GeneralName(name="directory_name", value=ident.cert_asn1.subject),
        }
        if request["nonce"].native is not None:
            info["nonce"] = request["nonce"]
        tst_info = tsp.TSTInfo(info)
        content = tst_info.dump()
        digest = hashlib.new("sha256", content).digest()
        cert_hash = hashlib.sha256(ident.cert_der).digest()
        signing_cert_v2 = tsp.SigningCertificateV2({"certs": [{
            "hash_algorithm": {"algorithm": "sha256"}, "cert_hash": cert_hash,
            "issuer_serial": {"issuer": [asn1_x509.GeneralName(
                name="directory_name", value=ident.cert_asn1.issuer)],
                "serial_number": ident.cert_asn1.serial_number}}]})
        attrs = cms.CMSAttributes([
            cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]}),
            cms.CMSAttribute({"type": "signing_time",
                              "values": [cms.Time({"utc_time": core.UTCTime(when)})]}),
            cms.CMSAttribute({"type": "signing_certificate_v2", "values": [signing_cert_v2]}),
            cms.CMSAttribute({"type": "message_digest", "values": [digest]}),
        ])
        signature = key.sign(attrs.dump(), padding.PKCS1v15(), hashes.SHA256())
        signer_info = cms.SignerInfo({
            "version": "v1",
            "sid": cms.SignerIdentifier({"issuer_and_serial_number": {
                "issuer": ident.cert_asn1.issuer,
                "serial_number": ident.cert_asn1.serial_number}}),
            "digest_algorithm": {"algorithm": "sha256"},
            "signed_attrs": attrs,
            "signature_algorithm": {"algorithm": "rsassa_pkcs1v15"},
            "signature": signature,
        })
        certs = [ident.cert_asn1] if request["cert_req"].native else []
        signed = cms.SignedData({
            "version": "v3",
            "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
            "encap_content_info": {"content_type": "tst_info",
                                   "content": cms.ParsableOctetString(content)},
            "certificates": certs,
            "signer_infos": [signer_info],
        })
        token = cms.ContentInfo({"content_type": "signed_data", "content": signed})
        return tsp.TimeStampResp({"status": {"status": "granted"}, "time_stamp_token": token})


class LocalTimeStamper(TimeStamper):
    """A pyhanko timestamper answered by a `FixtureTSA` in process, reproducibly."""

    def __init__(self, tsa: FixtureTSA, gen_time: dt.datetime | None = None) -> None:
        super().__init__(include_nonce=True)
        self.tsa = tsa
        self.gen_time = gen_time

    def request_cms(self, message_digest: bytes, md_algorithm: str):  # type: ignore[override]
        nonce = int.from_bytes(hashlib.sha256(b"nonce" + message_digest).digest()[:8]) >> 1
        req = tsp.TimeStampReq({
            "version": 1,
            "message_imprint": {"hash_algorithm": {"algorithm": md_algorithm},
                                "hashed_message": message_digest},
            "nonce": nonce,
            "cert_req": True,
        })
        return nonce, req

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return self.tsa.respond(req, gen_time=self.gen_time)

    async def async_timestamp(self, message_digest, md_algorithm) -> cms.ContentInfo:
        nonce, req = self.request_cms(message_digest, md_algorithm)
        res = await self.async_request_tsa_response(req)
        return handle_tsp_response(res, nonce)


class HttpTimeStamper(TimeStamper):
    """A pyhanko timestamper that posts RFC 3161 requests to a URL with httpx."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        super().__init__(include_nonce=True)
        self.url = url
        self.timeout = timeout

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            reply = await client.post(self.url, content=req.dump(),
                                      headers={"Content-Type": "application/timestamp-query"})
        reply.raise_for_status()
        return tsp.TimeStampResp.load(reply.content)


# --- OCSP --------------------------------------------------------------------------------------


def ocsp_response(pki: TestPKI, request_der: bytes, *,
                  now: dt.datetime | None = None) -> bytes:
    """Answer an OCSP request for a certificate of the issuing CA."""
    try:
        request = ocsp.load_der_ocsp_request(request_der)
    except ValueError:
        return ocsp.OCSPResponseBuilder.build_unsuccessful(
            ocsp.OCSPResponseStatus.MALFORMED_REQUEST).public_bytes(serialization.Encoding.DER)
    ca = pki.issuing_ca
    subject = pki.find_by_serial(request.serial_number)
    if subject is None or subject.chain[:1] != (ca.certificate,):
        return ocsp.OCSPResponseBuilder.build_unsuccessful(
            ocsp.OCSPResponseStatus.UNAUTHORIZED).public_bytes(serialization.Encoding.DER)
    when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    revoked_at = pki.is_revoked(subject.serial)
    status = ocsp.OCSPCertStatus.REVOKED if revoked_at else ocsp.OCSPCertStatus.GOOD
    responder = pki.ocsp_responder
    builder = ocsp.OCSPResponseBuilder().add_response(
        cert=subject.certificate, issuer=ca.certificate, algorithm=hashes.SHA1(),
        cert_status=status, this_update=when, next_update=when + dt.timedelta(days=7),
        revocation_time=revoked_at.astimezone(dt.UTC) if revoked_at else None,
        revocation_reason=None,
    ).responder_id(ocsp.OCSPResponderEncoding.HASH, responder.certificate
                   ).certificates([responder.certificate])
    for ext in request.extensions:
        if isinstance(ext.value, cx509.OCSPNonce):
            builder = builder.add_extension(ext.value, critical=False)
    return builder.sign(responder.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


# --- the HTTP app ------------------------------------------------------------------------------


def build_app(get_pki: Callable[[], TestPKI], tsa_time: Callable[[], dt.datetime | None]):
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    async def tsa_endpoint(request: Request) -> Response:
        body = await request.body()
        try:
            req = tsp.TimeStampReq.load(body)
            req.native  # noqa: B018 - force a full parse of the request
        except (ValueError, TypeError):
            return PlainTextResponse("bad request", status_code=400)
        resp = FixtureTSA(get_pki()).respond(req, gen_time=tsa_time())
        return Response(resp.dump(), media_type="application/timestamp-reply")

    async def ocsp_post(request: Request) -> Response:
        return Response(ocsp_response(get_pki(), await request.body()),
                        media_type="application/ocsp-response")

    async def ocsp_get(request: Request) -> Response:
        raw = request.path_params["b64"]
        try:
            der = base64.b64decode(raw)
        except ValueError:
            der = b""
        return Response(ocsp_response(get_pki(), der), media_type="application/ocsp-response")

    async def crl(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ("issuing-ca", "root"):
            return PlainTextResponse("not found", status_code=404)
        data = get_pki().crl(name).public_bytes(serialization.Encoding.DER)
        return Response(data, media_type="application/pkix-crl")

    async def crt(request: Request) -> Response:
        name = request.path_params["name"]
        pki = get_pki()
        ident = {"issuing-ca": pki.issuing_ca, "root": pki.root}.get(name)
        if ident is None:
            return PlainTextResponse("not found", status_code=404)
        return Response(ident.cert_der, media_type="application/pkix-cert")

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[
        Route("/tsa", tsa_endpoint, methods=["POST"]),
        Route("/ocsp", ocsp_post, methods=["POST"]),
        Route("/ocsp/{b64:path}", ocsp_get, methods=["GET"]),
        Route("/crl/{name}.crl", crl, methods=["GET"]),
        Route("/crt/{name}.crt", crt, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
    ])


@dataclass
class Services:
    base_url: str
    pki: TestPKI
    tsa_time: dt.datetime | None = None

    @property
    def tsa_url(self) -> str:
        return f"{self.base_url}/tsa"

    @property
    def ocsp_url(self) -> str:
        return f"{self.base_url}/ocsp"

    def crl_url(self, ca: str = "issuing-ca") -> str:
        return f"{self.base_url}/crl/{ca}.crl"


@contextlib.contextmanager
def serve(pki_factory: Callable[[str], TestPKI] | None = None, *, port: int = 0,
          tsa_time: dt.datetime | None = None) -> Iterator[Services]:
    """Run the OCSP/TSA/CRL services on 127.0.0.1 in a background thread while the block runs.

    `pki_factory(base_url)` makes the PKI once the port is known (default: `TestPKI(base_url=
    …)`), so that the certificates point at this server. `tsa_time` fixes the TSA's genTime
    (default: the real time)."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    pki = (pki_factory or (lambda url: TestPKI(base_url=url)))(base_url)
    services = Services(base_url, pki, tsa_time)
    app = build_app(lambda: services.pki, lambda: services.tsa_time)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            loop="asyncio", http="h11")
    server = uvicorn.Server(config)

    def run() -> None:
        asyncio.run(server.serve(sockets=[sock]))

    thread = threading.Thread(target=run, name="qlvb-pki-services", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the PKI services did not start")
            time.sleep(0.01)
        yield services
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
