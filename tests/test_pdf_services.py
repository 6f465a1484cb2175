"""The test PKI's OCSP responder, TSA and CRL distribution really serve over loopback, and the
validator uses them on the online path."""

from __future__ import annotations

import asyncio
import hashlib

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from conformance.findings import Status
from conformance.fixtures_gen.pki_services import HttpTimeStamper, serve
from conformance.fixtures_gen.signing import Cast, FlowClock, SignOptions, sign_main
from conformance.pdf.validate import validate_pdf

CLOCK = FlowClock()


@pytest.fixture(scope="module")
def services():
    with serve(tsa_time=CLOCK.person + CLOCK.tst_delay) as svc:
        yield svc


def _ocsp_status(svc, ident) -> ocsp.OCSPCertStatus:
    req = ocsp.OCSPRequestBuilder().add_certificate(
        ident.certificate, svc.pki.issuing_ca.certificate, hashes.SHA1()).build()
    reply = httpx.post(svc.ocsp_url, content=req.public_bytes(serialization.Encoding.DER),
                       headers={"Content-Type": "application/ocsp-request"})
    assert reply.status_code == 200
    resp = ocsp.load_der_ocsp_response(reply.content)
    assert resp.response_status is ocsp.OCSPResponseStatus.SUCCESSFUL
    resp.responder_key_hash  # noqa: B018 - signed by the responder, by key hash
    return resp.certificate_status


def test_ocsp_crl_and_certificates_over_http(services) -> None:
    pki = services.pki
    good = pki.person("Lê Văn Cường")
    revoked = pki.person("Lê Văn Cường", variant="revoked")
    assert _ocsp_status(services, good) is ocsp.OCSPCertStatus.GOOD
    assert _ocsp_status(services, revoked) is ocsp.OCSPCertStatus.REVOKED
    crl = x509.load_der_x509_crl(httpx.get(services.crl_url()).content)
    assert crl.get_revoked_certificate_by_serial_number(revoked.serial) is not None
    assert crl.is_signature_valid(pki.issuing_ca.certificate.public_key())
    crt = httpx.get(f"{services.base_url}/crt/issuing-ca.crt").content
    assert crt == pki.issuing_ca.cert_der
    # the certificates point at this server
    aia = good.certificate.extensions.get_extension_for_class(x509.AuthorityInformationAccess)
    assert any(services.base_url in d.access_location.value for d in aia.value)
    assert httpx.post(services.tsa_url, content=b"junk").status_code == 400


def test_tsa_over_http(services) -> None:
    digest = hashlib.sha256(b"van ban").digest()
    token = asyncio.run(HttpTimeStamper(services.tsa_url).async_timestamp(digest, "sha256"))
    info = token["content"]["encap_content_info"]["content"].parsed
    assert info["message_imprint"]["hashed_message"].native == digest
    assert info["gen_time"].native == services.tsa_time


@pytest.mark.parametrize(("variant", "expected"), [("good", Status.PASS),
                                                  ("revoked", Status.FAIL)])
def test_online_validation_fetches_revocation(services, variant: str, expected: Status) -> None:
    pki = services.pki
    options = SignOptions(tsa_url=services.tsa_url)
    doc = sign_main(pki, cast=Cast(person_variant=variant), person_options=options,
                    org_options=SignOptions(timestamp=False))
    findings = validate_pdf(doc.pdf, profile="nd30", trust_roots=pki.trust_roots, online=True,
                            file="online.pdf")
    person = [f for f in findings if f.rule_id == "TT41-REVOCATION"
              and f.location.field == "SigPerson"]
    assert [f.status for f in person] == [expected]
    ts = [f for f in findings if f.rule_id == "TT41-TIMESTAMP" and f.location.field == "SigPerson"]
    assert ts and ts[0].status is Status.PASS
    offline = validate_pdf(doc.pdf, profile="nd30", trust_roots=pki.trust_roots,
                           file="online.pdf")
    assert {f.status for f in offline if f.rule_id == "TT41-REVOCATION"} == {Status.INCONCLUSIVE}
