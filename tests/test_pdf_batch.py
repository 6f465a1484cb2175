"""Batch validation (`conformance.pdf.batch`) gives every file exactly what `validate_pdf`
gives it alone; findings carry only plain values (they cross process boundaries); the speed
patches change no finding anywhere in the corpus; the per-process caches of the revocation
check are keyed so that they cannot mix issuers; revocation information embedded in the CMS
(not only in the DSS) is read and used."""

from __future__ import annotations

import datetime as dt
import pickle
import re
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from conformance.findings import Status
from conformance.fixtures_gen.pdf_corpus import PROFILES
from conformance.pdf import batch, model, revocation
from conformance.pdf.pades import load_certificates
from tests.pdf_support import corpus, pki, validate_entry

PLAIN = (str, int, float, bool, type(None), Status)


def plain_values(value: Any) -> bool:
    """Only built-in values (and the findings' own enums and dataclasses): nothing that holds
    a parsed document alive."""
    if is_dataclass(value) and not isinstance(value, type):
        return all(plain_values(getattr(value, f.name)) for f in fields(value))
    if isinstance(value, dict):
        return all(type(k) is str and plain_values(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(plain_values(v) for v in value)
    return type(value) in PLAIN or type(value).__module__ == "conformance.findings"


def stable(findings: list[Any]) -> list[Any]:
    """Findings with object addresses blanked: pikepdf names the stream object it read
    (`<_io.BytesIO object at 0x…>`) in the message of an unreadable file."""
    return [replace(f, found=re.sub(r"0x[0-9a-f]+", "0x…", f.found)) if f.found else f
            for f in findings]


def options_for(entry: Any) -> batch.BatchOptions:
    p = pki()
    return batch.BatchOptions(role=entry.role, profile=entry.profile_id,
                              trust_roots=tuple(p.trust_roots), crls=tuple(p.crls_der()),
                              package=entry.package, direction=entry.direction)


SAMPLE = ["main.pdf", "main_adbe_pkcs7.pdf", "QD28-6.1__bytes_flipped.pdf",
          "TT41-PDF__truncated.pdf", "LC2019-9.2a__text_added_between_signatures.pdf",
          "TT41-REVOCATION__revoked_certificate.pdf"]


def sample_entries() -> list[Any]:
    entries = corpus("nd30")
    return [entries[name] for name in SAMPLE]


def test_a_batch_gives_each_file_what_a_single_call_gives(tmp_path: Path) -> None:
    main = sample_entries()
    assert {e.role for e in main} == {"main"}
    files = [str(e.path) for e in main] * 3  # repeats, in order
    results = batch.validate_files(files, jobs=2, options=options_for(main[0]))
    assert len(results) == len(files)
    for path, result in zip(files, results, strict=True):
        entry = next(e for e in main if str(e.path) == path)
        assert stable(result) == stable(validate_entry(entry, file=path))
        assert result and all(plain_values(f) for f in result)


def test_one_job_validates_in_process_with_the_same_result() -> None:
    entry = corpus("nd30")["main.pdf"]
    options = options_for(entry)
    two = batch.validate_files([entry.path, entry.path], jobs=2, options=options)
    one = batch.validate_files([entry.path, entry.path], jobs=1, options=options)
    assert one == two == [validate_entry(entry, file=str(entry.path))] * 2


def test_an_unreadable_file_is_a_finding_not_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.pdf"
    entry = corpus("nd30")["main.pdf"]
    results = batch.validate_files([missing, entry.path], jobs=2, options=options_for(entry))
    assert [(f.rule_id, f.status) for f in results[0]] == [("TT41-PDF", Status.FAIL)]
    assert results[0][0].location.file == str(missing)
    assert results[1] == validate_entry(entry, file=str(entry.path))


def test_chunks_are_a_few_per_worker() -> None:
    assert batch.chunk_size(200, 2) == 8
    assert batch.chunk_size(40, 2) == 5
    assert batch.chunk_size(3, 2) == 1


@pytest.mark.parametrize("profile", PROFILES)
def test_findings_hold_only_plain_values(profile: str) -> None:
    for entry in corpus(profile).values():
        findings = validate_entry(entry)
        assert all(plain_values(f) for f in findings), entry.name
        assert len(pickle.dumps(findings)) < 64_000, entry.name


@pytest.mark.parametrize("profile", PROFILES)
def test_the_speed_patches_change_no_finding_in_the_corpus(profile: str) -> None:
    for entry in corpus(profile).values():
        fast = validate_entry(entry)
        with model.original_pyhanko_parsers():
            original = validate_entry(entry)
        assert stable(fast) == stable(original), entry.name


def _chain_and_crls() -> tuple[list[Any], list[bytes]]:
    """The test PKI's root, its issuing CA and an untrusted root, and the CRLs."""
    p = pki()
    roots, others = load_certificates([p.root.certificate, p.issuing_ca.certificate,
                                       p.untrusted_root.certificate])
    return roots + others, p.crls_der()


def test_crl_signature_verdicts_are_keyed_by_crl_and_issuer() -> None:
    certs, crls = _chain_and_crls()
    root = next(c for c in certs if c.self_signed in ("maybe", "yes"))
    moment = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    revocation._SIGNED_BY_CACHE.clear()
    first = [revocation.check_chain_with_crls([c, root], crls, moment) for c in certs]
    assert revocation._SIGNED_BY_CACHE  # verdicts were kept …
    again = [revocation.check_chain_with_crls([c, root], crls, moment) for c in certs]
    assert again == first  # … and give the same answers
    for (crl_key, issuer_der), verdict in revocation._SIGNED_BY_CACHE.items():
        assert len(crl_key) == 32 and issuer_der.startswith(b"\x30")
        crl = revocation._load(b"", crl_key)
        issuer = x509.load_der_x509_certificate(issuer_der)
        assert crl is not None and verdict == revocation._signed_by(crl, issuer)


def test_a_crl_verdict_for_one_issuer_is_not_reused_for_another() -> None:
    p = pki()
    root = x509.load_der_x509_certificate(p.root.certificate.public_bytes(
        Encoding.DER))
    other = x509.load_der_x509_certificate(p.untrusted_root.certificate.public_bytes(
        Encoding.DER))
    root_der = root.public_bytes(Encoding.DER)
    other_der = other.public_bytes(Encoding.DER)
    revocation._SIGNED_BY_CACHE.clear()
    verdicts = []
    for der in p.crls_der():
        key = revocation._digest(der)
        crl = revocation._load(der, key)
        assert crl is not None
        verdicts.append(revocation._signed_by_cached(key, crl, root_der, root))
        assert revocation._signed_by_cached(key, crl, other_der, other) is False
        assert revocation._signed_by_cached(key, crl, root_der, root) is verdicts[-1]
    assert any(verdicts)  # the root's own CRL


# --- revocation information embedded in the CMS (not only the DSS) -----------------------------


def _ocsp_response_der() -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509 import ocsp

    p = pki()
    responder = p.ocsp_responder
    when = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)
    builder = ocsp.OCSPResponseBuilder().add_response(
        cert=p.issuing_ca.certificate, issuer=p.root.certificate, algorithm=hashes.SHA256(),
        cert_status=ocsp.OCSPCertStatus.GOOD, this_update=when,
        next_update=when + dt.timedelta(days=1), revocation_time=None, revocation_reason=None,
    ).responder_id(ocsp.OCSPResponderEncoding.HASH, responder.certificate)
    return builder.sign(responder.key, hashes.SHA256()).public_bytes(Encoding.DER)


def test_cms_revocation_info_reads_the_crls_field_and_the_adobe_attribute() -> None:
    from asn1crypto import cms, crl, ocsp
    from asn1crypto import pdf as asn1_pdf

    crl_der = pki().crls_der()[0]
    ocsp_der = _ocsp_response_der()
    signed_data = cms.SignedData.load(cms.SignedData({
        "version": "v1", "digest_algorithms": [], "encap_content_info": {"content_type": "data"},
        "crls": [cms.RevocationInfoChoice(name="crl", value=crl.CertificateList.load(crl_der)),
                 cms.RevocationInfoChoice(name="other", value={
                     "other_rev_info_format": "ocsp_response",
                     "other_rev_info": ocsp.OCSPResponse.load(ocsp_der)})],
        "signer_infos": []}).dump())
    archival = asn1_pdf.RevocationInfoArchival({"crl": [crl.CertificateList.load(crl_der)],
                                                "ocsp": [ocsp.OCSPResponse.load(ocsp_der)]})
    attrs = cms.CMSAttributes.load(cms.CMSAttributes([
        {"type": "adobe_revocation_info_archival", "values": [archival]}]).dump())
    crls, ocsps = revocation.cms_revocation_info(signed_data, {"signed_attrs": attrs})
    assert crls == [crl_der, crl_der] and ocsps == [ocsp_der, ocsp_der]


def test_cms_revocation_info_without_any_or_unreadable() -> None:
    from asn1crypto import cms

    bare = cms.SignedData.load(cms.SignedData({
        "version": "v1", "digest_algorithms": [], "encap_content_info": {"content_type": "data"},
        "signer_infos": []}).dump())
    assert revocation.cms_revocation_info(bare, {"signed_attrs": cms.CMSAttributes([])}) == \
        ([], [])
    assert revocation.cms_revocation_info(None, None) == ([], [])
    assert revocation.cms_revocation_info({"crls": b"junk"}, {"signed_attrs": 5}) == ([], [])


def test_revocation_uses_what_the_cms_carries(monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance.pdf import pades
    from conformance.pdf.validate import trust_settings

    entry = corpus("nd30")["main.pdf"]
    without_crls = trust_settings(pki().trust_roots)

    def revocation_of_signatures() -> list[str | None]:
        doc, problems = model.open_signed_pdf(entry.path.read_bytes(), file=entry.name)
        assert doc is not None and not problems
        try:
            pades.validate_signatures(doc, without_crls)
            return [s.revocation for s in doc.document_signatures]
        finally:
            doc.close()

    assert set(revocation_of_signatures()) == {"unknown"}  # no CRL given, none in the file
    monkeypatch.setattr(revocation, "cms_revocation_info", lambda sd, si: (pki().crls_der(), []))
    assert set(revocation_of_signatures()) == {"good"}  # the same CRLs, found in the CMS


# --- revocation of the TSA's certificate ------------------------------------------------------


def _root_crl_revoking(serial: int, when: dt.datetime) -> bytes:
    from cryptography.hazmat.primitives import hashes

    p = pki()
    this_update = p.clock - dt.timedelta(days=1)
    return (x509.CertificateRevocationListBuilder()
            .issuer_name(p.root.certificate.subject)
            .last_update(this_update.astimezone(dt.UTC))
            .next_update((this_update + dt.timedelta(days=30)).astimezone(dt.UTC))
            .add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(serial)
                                     .revocation_date(when).build())
            .sign(p.root.key, hashes.SHA256())).public_bytes(Encoding.DER)


def _timestamp_findings(crls: list[bytes]) -> list[Any]:
    entry = corpus("nd30")["main.pdf"]
    findings = validate_entry(entry, crls=crls)
    return [f for f in findings if f.rule_id == "TT41-TIMESTAMP"]


def test_a_tsa_revoked_before_the_timestamp_fails_it() -> None:
    p = pki()
    issuing_crl = p.crl("issuing-ca").public_bytes(Encoding.DER)
    serial = p.tsa.certificate.serial_number
    before = _root_crl_revoking(serial, dt.datetime(2026, 1, 10, tzinfo=dt.UTC))
    timestamps = _timestamp_findings([issuing_crl, before])
    assert len(timestamps) == 2 and all(f.status is Status.FAIL for f in timestamps)
    assert all("TSA" in f.message.en and "revoked" in f.message.en for f in timestamps)
    assert all("revoked on 2026-01-10" in (f.found or "") for f in timestamps)


def test_a_tsa_revoked_after_the_timestamp_or_not_at_all_passes() -> None:
    p = pki()
    issuing_crl = p.crl("issuing-ca").public_bytes(Encoding.DER)
    after = _root_crl_revoking(p.tsa.certificate.serial_number,
                               dt.datetime(2026, 3, 5, tzinfo=dt.UTC))
    for crls in ([issuing_crl, after], p.crls_der(), []):
        timestamps = _timestamp_findings(crls)
        assert len(timestamps) == 2 and all(f.status is Status.PASS for f in timestamps), crls
