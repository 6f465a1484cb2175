"""Document identifiers (DocumentId): QCVN 102 form and consistency with the package."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.checks import coverage
from conformance.findings import Finding, Location, Severity, Status
from conformance.identifiers.document_id import check_document_id, parse_document_id
from tests.helpers import assert_findings_well_formed, of, status

FAST = settings(max_examples=150, deadline=None)
SAMPLE = "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"


def assert_well_formed(findings: list[Finding]) -> None:
    assert_findings_well_formed(findings)
    assert {f.rule_id for f in findings} == {"QCVN102-DOCID", "QCVN102-DATE", "QD28-10.2b"}


def test_parse_sample() -> None:
    doc = parse_document_id(SAMPLE)
    assert doc is not None
    assert str(doc.agency) == "000.00.00.G22"
    assert doc.date == dt.date(2015, 9, 30)
    assert doc.year == 2015
    assert (doc.number, doc.notation) == ("7816", "VPCP-TTĐT")
    assert doc.number_notation == "7816/VPCP-TTĐT"
    assert doc.format() == str(doc) == SAMPLE


def test_parse_other_forms() -> None:
    doc = parse_document_id("000.00.14.H56,2020/06/02,808/VNPTTEST")
    assert doc is not None and doc.agency.depth == 2
    qd20 = parse_document_id("H37.02.02,2025/03/04,12/SKHCN-VP")
    assert qd20 is not None and qd20.agency.form == "qd20"
    legal = parse_document_id("000.00.00.G22,2018/07/19,28/2018/QĐ-TTg")
    assert legal is not None and legal.notation == "2018/QĐ-TTg"


@pytest.mark.parametrize(
    "text",
    ["", "9fbfbad2-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "000.00.00.G22,2014/02/30,7816/VPCP-TTĐT",
     "000.00.00.G22,2015-09-30,7816/VPCP-TTĐT", "000.00.00.G22,2015/9/30,7816/VPCP-TTĐT",
     "000.00.00.G22,2015/09/30", "000.00.00.G22;2015/09/30;7816/VPCP-TTĐT",
     "000.00.00.g22,2015/09/30,7816/VPCP-TTĐT", "000.00.00.G22,2015/09/30,VPCP-TTĐT",
     "000.00.00.G22,2015/09/30,7816/", "000.00.00.G22, 2015/09/30,7816/VPCP-TTĐT",
     "000.00.00.G22,2015/09/30,7816/VPCP TTĐT", "a,b,c,d"],
)
def test_not_parseable(text: str) -> None:
    assert parse_document_id(text) is None


def test_valid_id_passes() -> None:
    findings = check_document_id(SAMPLE, location=Location(field="MessageHeader/DocumentId"))
    assert_well_formed(findings)
    assert all(f.status is Status.PASS for f in findings)
    assert all(f.location.field == "MessageHeader/DocumentId" for f in findings)


def test_consistent_with_package() -> None:
    findings = check_document_id(SAMPLE, sender="000.00.00.G22", date=dt.date(2015, 9, 30),
                                 notation="7816/VPCP-TTĐT")
    assert all(f.status is Status.PASS for f in findings)
    # the ký hiệu alone, a datetime and an NFD notation are fine too
    import unicodedata

    findings = check_document_id(SAMPLE, date=dt.datetime(2015, 9, 30, 8, 0),
                                 notation=unicodedata.normalize("NFD", "VPCP-TTĐT"))
    assert all(f.status is Status.PASS for f in findings)


def test_each_mismatch_is_a_failure_naming_both_values() -> None:
    findings = check_document_id(SAMPLE, sender="000.00.00.H41", date=dt.date(2015, 10, 1),
                                 notation="7817/VPCP-TTĐT")
    assert_well_formed(findings)
    fails = of(findings, "QD28-10.2b")
    assert len(fails) == 3 and all(f.status is Status.FAIL for f in fails)
    pairs = {(f.expected, f.found) for f in fails}
    assert pairs == {("000.00.00.H41", "000.00.00.G22"), ("2015/10/01", "2015/09/30"),
                     ("7817/VPCP-TTĐT", "7816/VPCP-TTĐT")}
    assert status(findings, "QCVN102-DOCID") == {Status.PASS}


def test_same_agency_in_the_other_form_is_a_warning() -> None:
    fails = [f for f in check_document_id(SAMPLE, sender="G22") if f.status is Status.FAIL]
    assert len(fails) == 1 and fails[0].rule_id == "QD28-10.2b"
    assert fails[0].severity is Severity.WARNING


def test_uuid_is_named() -> None:
    findings = check_document_id("9fbfbad2-1c2d-4e5f-8a9b-0c1d2e3f4a5b")
    assert_well_formed(findings)
    docid = of(findings, "QCVN102-DOCID")
    assert [f.status for f in docid] == [Status.FAIL]
    assert "UUID" in docid[0].message.vi and "UUID" in docid[0].message.en
    assert status(findings, "QD28-10.2b") == {Status.FAIL}
    assert status(findings, "QCVN102-DATE") == {Status.NOT_APPLICABLE}


def test_impossible_date() -> None:
    findings = check_document_id("000.00.00.G22,2014/02/30,7816/VPCP-TTĐT")
    assert_well_formed(findings)
    assert status(findings, "QCVN102-DOCID") == {Status.FAIL}
    assert status(findings, "QCVN102-DATE") == {Status.FAIL}
    assert "không có thật" in of(findings, "QCVN102-DATE")[0].message.vi
    # the year is still there: 10.2b holds
    assert status(findings, "QD28-10.2b") == {Status.PASS}


def test_dashed_date() -> None:
    findings = check_document_id("000.00.00.G22,2015-09-30,7816/VPCP-TTĐT",
                                 date=dt.date(2015, 9, 30))
    assert status(findings, "QCVN102-DATE") == {Status.FAIL}
    assert status(findings, "QCVN102-DOCID") == {Status.FAIL}
    assert status(findings, "QD28-10.2b") == {Status.PASS}
    assert of(findings, "QCVN102-DATE")[0].found == "2015-09-30"


@pytest.mark.parametrize(
    ("text", "words"),
    [("000.00.00.G22,2015/09/30", "3"), ("000.00.00.g22,2015/09/30,7816/VPCP-TTĐT", "mã cơ quan"),
     ("000.00.00.G22,2015/09/30,VPCP-TTĐT", "<số>/<ký hiệu>"),
     ("000.00.00.G22, 2015/09/30,7816/VPCP-TTĐT", "khoảng trắng")],
)
def test_docid_failure_messages(text: str, words: str) -> None:
    fails = [f for f in of(check_document_id(text), "QCVN102-DOCID") if f.status is Status.FAIL]
    assert any(words in f.message.vi for f in fails), fails


def test_missing_parts_fail_10_2b() -> None:
    findings = check_document_id(",2015/09/30,VPCP")
    f = of(findings, "QD28-10.2b")[0]
    assert f.status is Status.FAIL
    assert "mã cơ quan" in f.message.vi and "số thứ tự" in f.message.vi


def test_unreadable_stated_date_is_inconclusive() -> None:
    findings = check_document_id(SAMPLE, date="hôm qua")  # type: ignore[arg-type]
    assert status(findings, "QD28-10.2b") == {Status.INCONCLUSIVE}


@pytest.mark.parametrize("value", [None, "", " "])
def test_missing(value: str | None) -> None:
    findings = check_document_id(value)  # type: ignore[arg-type]
    assert_well_formed(findings)
    assert status(findings, "QCVN102-DOCID") == {Status.FAIL}


def test_coverage_declared() -> None:
    names = coverage()
    for rule_id in ("QCVN102-DOCID", "QCVN102-DATE", "QD28-10.2b"):
        assert "conformance.identifiers.document_id.check_document_id" in names[rule_id]


# --- properties --------------------------------------------------------------------------------


@st.composite
def document_ids(draw: st.DrawFn) -> tuple[str, str, dt.date, str]:
    letter = draw(st.sampled_from("GHK"))
    agency = draw(st.sampled_from([f"000.00.00.{letter}22", f"000.00.14.{letter}56",
                                   f"000.46.24.{letter}44", f"{letter}37.02.02"]))
    date = draw(st.dates(min_value=dt.date(1, 1, 1)))
    number = f"{draw(st.integers(1, 99999)):02d}"
    notation = draw(st.sampled_from(["VPCP-TTĐT", "QĐ-BNV", "2018/QĐ-TTg", "SY-VPUBND"]))
    text = f"{agency},{date.year:04d}/{date.month:02d}/{date.day:02d},{number}/{notation}"
    return text, agency, date, f"{number}/{notation}"


@FAST
@given(document_ids())
def test_round_trip_and_consistency(case: tuple[str, str, dt.date, str]) -> None:
    text, agency, date, number_notation = case
    doc = parse_document_id(text)
    assert doc is not None and doc.format() == text
    findings = check_document_id(text, sender=agency, date=date, notation=number_notation)
    assert_well_formed(findings)
    assert all(f.status is Status.PASS for f in findings), findings


@st.composite
def broken_ids(draw: st.DrawFn) -> str:
    text = draw(document_ids())[0]
    kind = draw(st.sampled_from(["comma", "space", "dash", "lower", "drop", "uuid"]))
    if kind == "comma":
        return text.replace(",", draw(st.sampled_from([";", "", " ", "|"])), 1)
    if kind == "space":
        i = draw(st.integers(0, len(text)))
        return text[:i] + " " + text[i:]
    if kind == "dash":
        return text.replace("/", "-", 2)
    if kind == "lower":
        return text.lower()
    if kind == "drop":
        parts = text.split(",")
        del parts[draw(st.integers(0, 2))]
        return ",".join(parts)
    return str(draw(st.uuids()))


@FAST
@given(broken_ids())
def test_broken_ids_fail_docid(text: str) -> None:
    findings = check_document_id(text)
    assert_well_formed(findings)
    fails = [f for f in of(findings, "QCVN102-DOCID") if f.status is Status.FAIL]
    assert fails, text
    assert all(f.message.vi and f.found for f in fails)


@FAST
@given(st.text(max_size=80), st.one_of(st.none(), st.text(max_size=15)),
       st.one_of(st.none(), st.dates(), st.text(max_size=12)),
       st.one_of(st.none(), st.text(max_size=15)))
def test_never_raises(text: str, sender: str | None, date: object, notation: str | None) -> None:
    findings = check_document_id(text, sender=sender, date=date,  # type: ignore[arg-type]
                                 notation=notation)
    assert_well_formed(findings)
    doc = parse_document_id(text)
    if doc is not None:
        assert doc.format() == text


@FAST
@given(st.text(alphabet="0123456789.,/-GHQĐ ", max_size=45))
def test_never_raises_on_near_ids(text: str) -> None:
    assert_well_formed(check_document_id(text, sender="000.00.00.G22", date=dt.date(2020, 1, 1),
                                         notation="1/QĐ"))


def test_huge_input() -> None:
    findings = check_document_id(SAMPLE * 100_000, sender="x" * 10_000)
    assert_well_formed(findings)
    assert all(len(f.found or "") <= 80 for f in findings)
