import json

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.findings import (
    Finding,
    Location,
    Severity,
    Status,
    Verdict,
    finding,
    verdict,
)
from conformance.reports import json_report, junit, text
from conformance.resources import data_path

SCHEMA = json.loads(data_path("findings.schema.json").read_text(encoding="utf-8"))


def make(status: Status, severity: Severity | None = None, **kw) -> Finding:
    return finding("QD28-10.2a", status, "Mã định danh sai", "Agency code wrong",
                   severity=severity, **kw)


def test_finding_takes_clause_and_severity_from_the_catalog():
    f = make(Status.FAIL, expected="000.00.00.G22", found="G22")
    assert f.clause == "Điểm a khoản 2 Điều 10, Quyết định 28/2018/QĐ-TTg"
    assert f.severity is Severity.ERROR
    assert f.is_failure


def test_unknown_rule_is_a_programming_error():
    with pytest.raises(KeyError):
        finding("NO-SUCH-RULE", Status.PASS, "x", "x")


def test_verdict_is_decided_by_failed_errors_only():
    assert verdict([make(Status.PASS)]) is Verdict.CONFORMANT
    assert verdict([make(Status.FAIL, Severity.WARNING)]) is Verdict.CONFORMANT
    assert verdict([make(Status.PASS), make(Status.INCONCLUSIVE)]) is Verdict.INCONCLUSIVE
    assert verdict([make(Status.INCONCLUSIVE), make(Status.FAIL)]) is Verdict.NON_CONFORMANT
    assert verdict([]) is Verdict.CONFORMANT


def test_json_document_matches_the_shipped_schema_and_round_trips():
    f = make(Status.FAIL, expected="a", found="b",
             location=Location(file="goi.edxml", line=12, xpath="/edXML/x", rect=(1, 2, 3, 4)),
             evidence={"levels": ["G22", "00"]})
    doc = json_report.document([f, make(Status.PASS)], subject="x", profile="nd30")
    jsonschema.validate(doc, SCHEMA)
    assert doc["verdict"] == "non_conformant"
    assert Finding.from_dict(json.loads(json.dumps(doc))["findings"][0]) == f


def test_schema_rejects_a_finding_without_rule_id():
    doc = json_report.document([make(Status.PASS)])
    del doc["findings"][0]["rule_id"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)


def test_text_report_shows_expected_found_and_where_in_vietnamese():
    out = text.render([make(Status.FAIL, expected="000.00.00.G22", found="G-22",
                            location=Location(field="From/OrganId"))], subject="s")
    assert "[QD28-10.2a] không đạt (lỗi)" in out
    assert "yêu cầu: 000.00.00.G22" in out and "thực tế: G-22" in out
    assert "vị trí: From/OrganId" in out
    assert out.rstrip().endswith("Kết luận: KHÔNG ĐẠT")
    assert "Verdict: NON-CONFORMANT" in text.render([make(Status.FAIL)], lang="en")


def test_junit_counts_failures():
    out = junit.render([make(Status.FAIL), make(Status.PASS), make(Status.NOT_APPLICABLE)])
    assert 'tests="3"' in out and 'failures="1"' in out and 'skipped="1"' in out
    assert "<failure" in out


@given(st.text(), st.text(), st.one_of(st.none(), st.text()))
def test_any_text_survives_json_round_trip(vi, en, found):
    f = finding("QD28-10.2a", Status.FAIL, vi or "x", en or "x", found=found)
    assert Finding.from_dict(json.loads(json.dumps(f.to_dict()))) == f
