"""Digitised-document checks (PDF ≥ 1.4, colour, ≥ 200 dpi, 100 % scale) over the generated
scan corpus, plus hostile input."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from collections.abc import Iterable
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.checks import coverage
from conformance.findings import Finding, Severity, Status
from conformance.fixtures_gen.scans import (
    A4_MM,
    NEGATIVE_RULE,
    CorpusEntry,
    PageSpec,
    append_catalog_version_update,
    build_pdf,
    build_scan_corpus,
)
from conformance.pdf.scan import (
    CHECKS,
    SCAN_RULES,
    check_scan,
    declared_density,
    open_scan,
    paper_size_name,
)
from conformance.profiles import load_profile
from tests.helpers import assert_findings_well_formed

PROFILE = load_profile("nd30")
PARAMS = {"min_scan_dpi": 200, "min_pdf_version": "1.4"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[CorpusEntry]:
    return build_scan_corpus(tmp_path_factory.mktemp("scans"))


@pytest.fixture(scope="module")
def tiny_pdf() -> bytes:
    """A small but complete scan (40 dpi) for the fuzzing tests."""
    return build_pdf([PageSpec(40)], version="1.4")


def _problems(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.status is not Status.PASS]


def _by_check(findings: Iterable[Finding], check: str) -> list[Finding]:
    return [f for f in findings if f.evidence.get("check") == check]


# --- the corpus ---------------------------------------------------------------------------------


def test_corpus_layout(corpus: list[CorpusEntry]) -> None:
    negatives = [e for e in corpus if e.rule_id]
    positives = [e for e in corpus if not e.rule_id]
    assert len(positives) >= 5 and len(negatives) >= 8
    assert {e.check for e in negatives} == set(CHECKS)
    for entry in negatives:
        assert entry.path.name.startswith(f"{NEGATIVE_RULE}__") and entry.path.parent.name == \
            "negative"
        assert entry.rule_id in SCAN_RULES and entry.description
    for entry in positives:
        assert entry.path.parent.name == "valid" and entry.check is None


def test_positives_pass_every_part_under_every_rule(corpus: list[CorpusEntry]) -> None:
    for entry in (e for e in corpus if not e.rule_id):
        findings = check_scan(entry.path.read_bytes(), profile=PROFILE, file=entry.path.name)
        assert_findings_well_formed(findings)
        assert not _problems(findings), (entry.path.name, _problems(findings))
        for check in CHECKS:
            rules = {f.rule_id for f in _by_check(findings, check) if f.status is Status.PASS}
            assert rules == set(SCAN_RULES), (entry.path.name, check)


def test_each_negative_fails_exactly_its_rule_and_part(corpus: list[CorpusEntry]) -> None:
    for entry in (e for e in corpus if e.rule_id):
        name = entry.path.name
        findings = check_scan(entry.path.read_bytes(), profile=PROFILE, file=name)
        assert_findings_well_formed(findings)
        problems = _problems(findings)
        assert problems, name
        assert all(f.status is Status.FAIL for f in problems), (name, problems)
        assert {f.evidence["check"] for f in problems} == {entry.check}, name
        # One requirement, three rules: the same failure under each, nothing else.
        assert {f.rule_id for f in problems} == set(SCAN_RULES), name
        assert entry.rule_id in {f.rule_id for f in problems}
        for check in set(CHECKS) - {entry.check}:
            assert {f.status for f in _by_check(findings, check)} == {Status.PASS}, (name, check)
        for f in problems:
            assert f.location.file == name and f.expected and f.found
            if entry.check != "pdf_version":
                assert f.location.page is not None


def test_failure_locations_and_evidence(corpus: list[CorpusEntry]) -> None:
    entries = {e.path.stem.split("__")[-1]: e for e in corpus}

    def fails(key: str, rule: str = "LC2019-8.1a") -> list[Finding]:
        data = entries[key].path.read_bytes()
        return [f for f in check_scan(data, profile=PROFILE, file="x.pdf")
                if f.status is Status.FAIL and f.rule_id == rule]

    (page2,) = fails("multipage_page2_150dpi")
    assert page2.location.page == 2
    assert page2.location.rect == (0.0, 0.0, 595.28, 841.89)
    assert page2.evidence["dpi_x"] == pytest.approx(150, abs=0.2)
    assert page2.found == "150.0 dpi" and page2.expected == "≥ 200 dpi"

    shrunk = fails("scale_50_in_page")
    assert any(f.evidence.get("coverage") == [0.5, 0.5] for f in shrunk)
    assert all(f.location.rect == (0.0, 0.0, 297.64, 420.94) for f in shrunk)

    page_a6 = fails("scale_50_page_shrunk")
    assert {f.severity for f in page_a6} == {Severity.ERROR, Severity.WARNING}
    assert any(f.evidence.get("scale") == pytest.approx(0.5, abs=0.01) for f in page_a6)

    (raised,) = fails("version_1.3_raised_by_update")
    ev = raised.evidence
    assert (ev["judged"], ev["judged_version"], ev["header"]) == ("first_revision", "1.3", "1.3")
    assert ev["catalog_version"] == "1.7" and ev["current_effective_version"] == "1.7"
    assert ev["first_revision_catalog_version"] is None
    assert "1.7" in raised.message.vi and "1.7" in raised.message.en

    (grey_rgb,) = fails("grey_stored_as_rgb", "ND30-PL1-SOHOA")
    assert grey_rgb.evidence["kind"] == "grey_as_rgb"
    assert grey_rgb.evidence["colour_space"] == "/DeviceRGB"
    (bitonal,) = fails("bitonal_300dpi", "LC2019-9.3a")
    assert bitonal.evidence["kind"] == "bitonal"


def test_findings_serialise(corpus: list[CorpusEntry]) -> None:
    entry = next(e for e in corpus if e.check == "scale")
    for f in check_scan(entry.path.read_bytes(), profile=PROFILE, file="a.pdf"):
        assert Finding.from_dict(json.loads(json.dumps(f.to_dict()))) == f


def test_corpus_is_deterministic() -> None:
    spec = [PageSpec(60), PageSpec(60, colour="grey_rgb", encoding="flate")]
    assert build_pdf(spec, version="1.4") == build_pdf(spec, version="1.4")


# --- the version rule on real and synthetic revisions -------------------------------------------


def _self_signed_signer():
    from asn1crypto import keys as akeys
    from asn1crypto import x509 as ax509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Văn thư")])
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1).not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=365)).sign(key, hashes.SHA256()))
    der = serialization.Encoding.DER
    return signers.SimpleSigner(
        signing_cert=ax509.Certificate.load(cert.public_bytes(der)),
        signing_key=akeys.PrivateKeyInfo.load(key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs([]))


def test_pyhanko_signature_does_not_lift_a_pdf13_scan() -> None:
    """pyHanko raises the catalog /Version on its incremental update; the scan stays 1.3."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    scan = build_pdf([PageSpec(60)], version="1.3")
    signed = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="SigOrg"), _self_signed_signer(),
        new_field_spec=fields.SigFieldSpec("SigOrg", box=(400, 700, 550, 800)),
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(scan)), bytes_reserved=8192).getvalue()
    doc = open_scan(signed)
    try:
        assert doc.header_version == "1.3" and doc.catalog_version in ("1.7", "2.0")
        assert doc.first_revision_end == len(scan)
    finally:
        doc.close()
    version = _by_check(check_scan(signed, profile=PARAMS), "pdf_version")
    assert {f.status for f in version} == {Status.FAIL}
    # The same document unsigned but at 1.4 passes after signing too.
    signed14 = append_catalog_version_update(build_pdf([PageSpec(60)], version="1.4"), "2.0")
    assert {f.status for f in _by_check(check_scan(signed14, profile=PARAMS), "pdf_version")} \
        == {Status.PASS}


def test_linearised_file_first_revision_is_not_the_first_page_trailer() -> None:
    base = build_pdf([PageSpec(40)], version="1.4")
    with pikepdf.open(io.BytesIO(base)) as pdf:
        out = io.BytesIO()
        pdf.save(out, linearize=True, force_version="1.3")
    linear = out.getvalue()
    updated = append_catalog_version_update(linear, "1.7")
    doc = open_scan(updated)
    try:
        assert doc.first_revision_end == len(linear)
        assert doc.header_version == "1.3" and doc.catalog_version == "1.7"
    finally:
        doc.close()


# --- parameters, rule selection, odd documents ---------------------------------------------------


def test_profile_parameters_drive_the_thresholds(corpus: list[CorpusEntry]) -> None:
    data = next(e for e in corpus if e.path.name == "colour_200dpi_jpeg_pdf14.pdf").path
    strict = check_scan(data.read_bytes(), profile={"min_scan_dpi": 300,
                                                    "min_pdf_version": "1.5"})
    assert {f.evidence["check"] for f in _problems(strict)} == {"dpi", "pdf_version"}
    missing = check_scan(data.read_bytes(), profile={})
    assert {f.evidence["check"] for f in missing if f.status is Status.INCONCLUSIVE} == {
        "dpi", "pdf_version"}


def test_rule_selection() -> None:
    data = build_pdf([PageSpec(60)], version="1.4")
    findings = check_scan(data, profile=PARAMS, rule_ids=("LC2019-9.3a",))
    assert {f.rule_id for f in findings} == {"LC2019-9.3a"}
    assert {f.evidence["check"] for f in findings} == set(CHECKS)


def test_born_digital_page_is_inconclusive() -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.pages[0].obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (Van ban) Tj ET")
    out = io.BytesIO()
    pdf.save(out, min_version="1.4")
    findings = check_scan(out.getvalue(), profile=PARAMS, rule_ids=("LC2019-8.1a",))
    status = {f.evidence["check"]: f.status for f in findings}
    assert status == {"pdf_version": Status.PASS, "colour": Status.INCONCLUSIVE,
                      "dpi": Status.INCONCLUSIVE, "scale": Status.INCONCLUSIVE}


def test_small_logo_does_not_count_as_the_scan() -> None:
    """An image under 5 % of the page (a logo on a born-digital page) is not judged."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    logo = pdf.make_stream(bytes(30 * 30), Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Image, Width=30, Height=30,
                           ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8)
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Logo=logo))
    pdf.pages[0].obj.Contents = pdf.make_stream(b"q 40 0 0 40 50 750 cm /Logo Do Q")
    out = io.BytesIO()
    pdf.save(out, min_version="1.4")
    findings = check_scan(out.getvalue(), profile=PARAMS)
    assert not [f for f in findings if f.status is Status.FAIL]


def test_not_a_pdf_fails_the_format_and_leaves_the_rest_inconclusive() -> None:
    findings = check_scan(b"PK\x03\x04 this is a zip", profile=PROFILE, file="scan.zip")
    assert_findings_well_formed(findings)
    version = _by_check(findings, "pdf_version")
    assert {f.status for f in version} == {Status.FAIL}
    assert version[0].location.file == "scan.zip"
    others = [f for f in findings if f.evidence["check"] != "pdf_version"]
    assert others and {f.status for f in others} == {Status.INCONCLUSIVE}


def test_encrypted_scan() -> None:
    data = build_pdf([PageSpec(40)], version="1.4")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        locked, open_to_all = io.BytesIO(), io.BytesIO()
        pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user="u"), min_version="1.4")
        pdf.save(open_to_all, encryption=pikepdf.Encryption(owner="o", user=""),
                 min_version="1.4")
    findings = check_scan(locked.getvalue(), profile=PARAMS, rule_ids=("LC2019-8.1a",))
    status = {f.evidence["check"]: f.status for f in findings}
    assert status["pdf_version"] is Status.PASS  # the header alone is decisive here
    assert {status[c] for c in ("colour", "dpi", "scale")} == {Status.INCONCLUSIVE}
    assert all(f.evidence.get("encrypted") for f in findings)
    # An empty user password: readable, judged like any other file (40 dpi fails).
    readable = check_scan(open_to_all.getvalue(), profile=PARAMS)
    assert {f.evidence["check"] for f in _problems(readable)} == {"dpi"}


def test_truncated_and_damaged_files_do_not_raise(tiny_pdf: bytes) -> None:
    middle = len(tiny_pdf) // 2
    for data in (tiny_pdf[:middle], tiny_pdf[:100], tiny_pdf[:-40],
                 tiny_pdf[:middle] + bytes(64) + tiny_pdf[middle + 64:], b"",
                 b"%PDF-1.7\n%%EOF"):
        findings = check_scan(data, profile=PROFILE, file="broken.pdf")
        assert_findings_well_formed(findings)
        assert {f.evidence["check"] for f in findings} == set(CHECKS)


def test_helpers() -> None:
    assert paper_size_name(*A4_MM) == "A4"
    assert paper_size_name(297.5, 210.2) == "A4 landscape"
    assert paper_size_name(215.9, 279.4) is None  # US Letter
    assert paper_size_name(105, 148) is None
    pdf = pikepdf.new()
    assert declared_density(pdf.make_stream(b"x")) is None
    assert declared_density(None) is None


def test_checks_declare_their_rules() -> None:
    table = coverage()
    for rule_id in SCAN_RULES:
        names = table.get(rule_id, [])
        for check in ("check_pdf_version", "check_colour", "check_dpi", "check_scale"):
            assert f"conformance.pdf.scan.{check}" in names, (rule_id, check)


# --- properties: never raise ---------------------------------------------------------------


_PREFIXES = [b"", b"%PDF-1.4\n", b"%PDF-1.3\n1 0 obj\n<< /Type /Catalog"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(_PREFIXES), data=st.binary(max_size=2000))
def test_random_bytes_never_raise(prefix: bytes, data: bytes) -> None:
    findings = check_scan(prefix + data, profile=PROFILE)
    assert {f.evidence["check"] for f in findings} == set(CHECKS)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=8)),
                     min_size=1, max_size=6),
       keep=st.floats(min_value=0.05, max_value=1.0))
def test_mutated_pdfs_never_raise(tiny_pdf: bytes, cuts, keep) -> None:
    data = bytearray(tiny_pdf[: max(1, int(len(tiny_pdf) * keep))])
    for position, junk in cuts:
        at = position % len(data)
        data[at:at + len(junk)] = junk
    findings = check_scan(bytes(data), profile=PROFILE, file="fuzz.pdf")
    assert {f.evidence["check"] for f in findings} == set(CHECKS)


def test_path_type_is_accepted_only_as_bytes(tmp_path: Path) -> None:
    findings = check_scan(tmp_path, profile=PROFILE)  # type: ignore[arg-type]
    assert {f.status for f in _by_check(findings, "pdf_version")} == {Status.FAIL}
