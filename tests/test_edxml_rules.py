"""Schemas, content rules and `validate`: behaviour that the one-rule-per-fixture corpus does not
show on its own (grades, evidence, reference moments, signatures, profiles)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import replace

import pytest
from lxml import etree

from conformance.edxml import names as n
from conformance.edxml.builder import SPEC, BuildOptions, build_package
from conformance.edxml.model import TraceHeader
from conformance.edxml.parser import parse_package
from conformance.edxml.schema import check_schema, load_schema, schema_path
from conformance.edxml.validate import reference_moment, validate, validate_package
from conformance.findings import Severity, Status
from conformance.fixtures_gen import edxml as fx
from conformance.profiles import load_profile
from conformance.timing.formats import VN_TZ


def by_rule(findings, rule_id: str, status: Status | None = None):
    return [f for f in findings if f.rule_id == rule_id and (status is None or f.status is status)]


# --- schemas -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["strict", "observed"])
def test_schemas_compile_and_declare_the_edxml_namespace(mode: str) -> None:
    load_schema(mode)
    root = etree.parse(schema_path(mode)).getroot()
    assert root.get("targetNamespace") == n.NS


def test_strict_schema_reports_vnpt_order_with_line_and_xpath() -> None:
    data = build_package(fx.edoc("0"))
    root = parse_package(data).root
    assert root is not None
    (error,) = [f for f in check_schema(root, "strict") if f.status is Status.FAIL]
    assert error.location.xpath == "/edXML/edXMLEnvelope/edXMLHeader/MessageHeader/DocumentId"
    assert error.location.line == data[: data.index(b"<edXML:DocumentId>")].count(b"\n") + 1
    assert "Code" in (error.expected or "")
    assert not [f for f in check_schema(root, "observed") if f.status is Status.FAIL]


def test_observed_schema_still_refuses_unknown_elements_and_duplicates() -> None:
    for build in (fx._add_unknown, fx._duplicate_subject):
        root = parse_package(fx._tree_edit(build)).root
        assert root is not None
        assert [f for f in check_schema(root, "observed") if f.status is Status.FAIL]


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint not installed")
@pytest.mark.parametrize("mode", ["strict", "observed"])
def test_xmllint_agrees_on_a_valid_package(tmp_path, mode: str) -> None:
    path = tmp_path / "a.edxml"
    path.write_bytes(build_package(fx.edoc("3"), SPEC))
    proc = subprocess.run(["xmllint", "--noout", "--schema", schema_path(mode), str(path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_schema_error_restating_a_content_finding_is_folded_into_it() -> None:
    findings = validate_package(fx._header_without(("Code",))(), profile="nd30", mode="strict")
    assert not by_rule(findings, "QCVN102-SCHEMA", Status.FAIL)
    (missing,) = by_rule(findings, "QD28-10.2c", Status.FAIL)
    assert missing.location.xpath == "/edXML/edXMLEnvelope/edXMLHeader/MessageHeader/Code"
    assert missing.evidence["schema_errors"] and "Code" in missing.evidence["schema_errors"][0]


# --- reference moment ---------------------------------------------------------------------------


def test_reference_moment_sources() -> None:
    edoc = fx.edoc("0")
    assert reference_moment(edoc) == (dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN_TZ), "TraceHeader")
    at = dt.datetime(2026, 3, 1, 8, 0)
    assert reference_moment(edoc, at) == (at.replace(tzinfo=VN_TZ), "--at")
    no_trace = replace(edoc, trace_headers=(TraceHeader(fx.SENDER.organ_id, None),))
    assert reference_moment(no_trace) == (dt.datetime(2026, 3, 2, 23, 59, 59, tzinfo=VN_TZ),
                                          "PromulgationDate")
    status = replace(fx.status("01"), trace_headers=None)
    assert reference_moment(status) == (dt.datetime(2026, 3, 2, 14, 5, tzinfo=VN_TZ), "Timestamp")
    assert reference_moment(None) == (None, "none")


def test_at_before_the_promulgation_date_fails_date_order() -> None:
    data = build_package(fx.edoc("0"), SPEC)
    v = validate(data, profile="nd30", at=dt.datetime(2026, 3, 1, 12, 0, tzinfo=VN_TZ))
    (failed,) = by_rule(v.findings, "QCVN102-DATE-ORDER", Status.FAIL)
    assert failed.evidence["source"] == "--at"
    assert v.moment_source == "--at"
    clean = validate(data, profile="nd30")
    assert clean.moment_source == "TraceHeader"
    assert not by_rule(clean.findings, "QCVN102-DATE-ORDER", Status.FAIL)


# --- grades -------------------------------------------------------------------------------------


def test_status_code_14_is_a_warning_not_an_unknown_code() -> None:
    findings = validate_package(build_package(fx.status("15", status_code="14"), SPEC),
                                profile="nd30", mode="observed")
    (f,) = by_rule(findings, "QCVN102-STATUS-CODE", Status.FAIL)
    assert f.severity is Severity.WARNING and ".NET" in f.message.vi


def test_withdrawal_without_reason_is_a_warning_refusal_without_reason_an_error() -> None:
    withdrawal = validate_package(build_package(fx.status("13", description=None), SPEC),
                                  profile="nd30")
    (f,) = by_rule(withdrawal, "QCVN102-STATUS-REASON", Status.FAIL)
    assert f.severity is Severity.WARNING
    refusal = validate_package(build_package(fx.status("02", description=None), SPEC),
                               profile="nd30")
    (g,) = by_rule(refusal, "QCVN102-STATUS-REASON", Status.FAIL)
    assert g.severity is Severity.ERROR and g.is_failure


def test_absent_priority_reads_as_a_normal_document() -> None:
    other = replace(fx.header().other_info, priority=None)  # type: ignore[type-var]
    findings = validate_package(build_package(fx.edoc("0", other_info=other), SPEC),
                                profile="nd30")
    (f,) = by_rule(findings, "QD28-10.2k")
    assert f.status is Status.PASS and "thường" in f.message.vi


def test_legal_value_is_inconclusive_never_guessed() -> None:
    findings = validate_package(fx.signed_edoc(), profile="nd30")
    for rule in ("QD28-4.1", "QD28-4.2"):
        (f,) = by_rule(findings, rule)
        assert f.status is Status.INCONCLUSIVE


# --- the XML signature -------------------------------------------------------------------------


def test_signed_package_verifies() -> None:
    (f,) = by_rule(validate_package(fx.signed_edoc(), profile="nd30"), "QCVN102-XMLDSIG")
    assert f.status is Status.PASS and "chứng thư thử nghiệm" in f.message.vi
    assert f.location.xpath == "/edXML/edXMLEnvelope/edXMLHeader/Signature"


def test_signing_is_reproducible() -> None:
    assert fx.signed_edoc() == fx.signed_edoc()


def test_unsigned_package_reports_the_absence_as_info() -> None:
    (f,) = by_rule(validate_package(build_package(fx.edoc("0"), SPEC), profile="nd30"),
                   "QCVN102-XMLDSIG")
    assert f.status is Status.NOT_APPLICABLE and f.severity is Severity.INFO


def test_vnpt_signature_namespace_is_inconclusive() -> None:
    (f,) = by_rule(validate_package(fx._vnpt_signature(), profile="nd30", mode="observed"),
                   "QCVN102-XMLDSIG")
    assert f.status is Status.INCONCLUSIVE and f.severity is Severity.WARNING


def test_sha1_signature_is_refused() -> None:
    # signxml will not make a SHA-1 signature, so the algorithms of a good one are swapped: the
    # verifier must refuse on the algorithm, before it even compares values
    data = fx.signed_edoc().replace(
        b"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        b"http://www.w3.org/2000/09/xmldsig#rsa-sha1").replace(
        b"http://www.w3.org/2001/04/xmlenc#sha256", b"http://www.w3.org/2000/09/xmldsig#sha1")
    (f,) = by_rule(validate_package(data, profile="nd30"), "QCVN102-XMLDSIG")
    assert f.is_failure and "thuật toán" in f.message.vi
    assert f.found == "http://www.w3.org/2000/09/xmldsig#rsa-sha1"


# --- form and profiles -------------------------------------------------------------------------


def test_form_records_prefixes_and_order() -> None:
    prefixed = validate_package(build_package(fx.edoc("0")), profile="nd30", mode="observed")
    found = {f.found for f in by_rule(prefixed, "QCVN102-FORM")}
    assert {"prefixed", "vnpt"} <= found
    unprefixed = validate_package(build_package(fx.edoc("0"), BuildOptions(order="spec",
                                                                           prefixed=False)),
                                  profile="nd30")
    found = {f.found for f in by_rule(unprefixed, "QCVN102-FORM")}
    assert {"unprefixed", "spec"} <= found
    assert all(f.severity is Severity.INFO for f in by_rule(unprefixed, "QCVN102-FORM"))


def test_profile_selects_rules(tmp_path) -> None:
    path = tmp_path / "no-dn35.toml"
    path.write_text('[profile]\nid = "no-dn35"\nname_vi = "x"\nname_en = "x"\nextends = "nd30"\n'
                    '[rules]\nexclude = ["DN35-*"]\n', encoding="utf-8")
    data = fx._files((fx._ZIPPED_PDF, replace(fx._DOCX, name="so-lieu.xlsx",
                                              content_type=fx.XLSX_TYPE, data=fx.sample_xlsx())),
                     (fx._PDF_REF, replace(fx._DOCX_REF, attachment_name="so-lieu.xlsx",
                                           content_type=fx.XLSX_TYPE)))()
    assert by_rule(validate_package(data, profile="nd30"), "DN35-9.1c", Status.FAIL)
    assert not by_rule(validate_package(data, profile=load_profile(path)), "DN35-9.1c")


def test_findings_are_vietnamese_first_with_clause() -> None:
    findings = validate_package(fx._no_trace_list(), profile="nd30")
    (f,) = by_rule(findings, "QD28-10.2p", Status.FAIL)
    assert f.message.vi.startswith("Thiếu") and f.message.en.startswith("Missing")
    assert f.clause.startswith("Điểm p khoản 2 Điều 10")


@pytest.mark.parametrize(("subject", "mark"), [
    ("(MẬT) Về việc triển khai phương án", "MẬT"),
    ("TỐI MẬT - Về việc triển khai phương án", "TỐI MẬT"),
    ("Về việc triển khai phương án (TUYỆT MẬT)", "TUYỆT MẬT"),
])
def test_a_secrecy_marking_fails_lc2019_5_2(subject: str, mark: str) -> None:
    pkg = fx.edoc("0")
    data = build_package(replace(pkg, header=replace(pkg.header, subject=subject)))
    (failed,) = by_rule(validate_package(data, profile="nd30"), "LC2019-5.2", Status.FAIL)
    assert f'"{mark}"' in failed.message.vi and failed.location.xpath.endswith("/Subject")


@pytest.mark.parametrize("subject", [
    "Về việc bảo mật thông tin và đổi mật khẩu", "Về việc Mật danh chiến dịch", "Về việc MẬTKHẨU"])
def test_ordinary_words_are_no_secrecy_marking(subject: str) -> None:
    pkg = fx.edoc("0")
    data = build_package(replace(pkg, header=replace(pkg.header, subject=subject)))
    assert by_rule(validate_package(data, profile="nd30"), "LC2019-5.2", Status.PASS)
    assert not by_rule(validate_package(data, profile="nd30"), "LC2019-5.2", Status.FAIL)
