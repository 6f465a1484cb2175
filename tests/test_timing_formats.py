"""Timestamp and date formats: ISO 8601 in Vietnam time (QĐ 28 Điều 14 k4) and edXML dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.findings import Finding, Location, Status
from conformance.timing.formats import (
    VN_TZ,
    check_edxml_date,
    check_edxml_datetime,
    check_iso8601_vn,
    format_edxml_date,
    format_edxml_datetime,
    parse_edxml_date,
    parse_edxml_datetime,
    parse_iso8601,
    to_vn,
)

CHECKS = (check_iso8601_vn, check_edxml_date, check_edxml_datetime)


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


# --- ISO 8601 parsing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-22T09:00:00+07:00", datetime(2026, 11, 22, 9, tzinfo=VN_TZ)),
        ("2026-11-22T02:00:00Z", datetime(2026, 11, 22, 2, tzinfo=UTC)),
        ("2026-11-22T09:00+07:00", datetime(2026, 11, 22, 9, tzinfo=VN_TZ)),
        ("2026-11-22T09:00:00.250+07", datetime(2026, 11, 22, 9, 0, 0, 250000, tzinfo=VN_TZ)),
        ("20261122T090000+0700", datetime(2026, 11, 22, 9, tzinfo=VN_TZ)),
        ("2026-11-22T09:00:00-05:30",
         datetime(2026, 11, 22, 9, tzinfo=timezone(-timedelta(hours=5, minutes=30)))),
        ("2026-11-22T24:00:00+07:00", datetime(2026, 11, 23, 0, tzinfo=VN_TZ)),
        ("2026-11-22T09:00:00", datetime(2026, 11, 22, 9)),
    ],
)
def test_parse_iso8601_accepts(text: str, expected: datetime) -> None:
    parsed = parse_iso8601(text)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    [
        "", "garbage", "2026-11-22", "2026-02-30T09:00:00+07:00", "2026-11-22T25:00:00+07:00",
        "2026-11-22T09:00:00+24:00", "2026-11-22 09:00:00+07:00", "2026/11/22 09:00:00",
        "2026-11-22T09:00:00+07:00 ", "２０２６-11-22T09:00:00+07:00", "2026-11-22T09:00:00z",
        "2026-11-22T09:00:60+07:00", "2026-11-22T24:30:00+07:00", "2026-11-22T09:00:00+07:00\n",
    ],
)
def test_parse_iso8601_rejects(text: str) -> None:
    assert parse_iso8601(text) is None


def test_parse_iso8601_other_types() -> None:
    assert parse_iso8601(None) is None
    assert parse_iso8601(20261122) is None
    assert parse_iso8601(b"2026-11-22T09:00:00+07:00") is None


def test_to_vn() -> None:
    assert to_vn("2026-11-22T02:00:00Z") == datetime(2026, 11, 22, 9, tzinfo=VN_TZ)
    assert to_vn("2026-11-22T02:00:00Z").utcoffset() == timedelta(hours=7)  # type: ignore[union-attr]
    assert to_vn(datetime(2026, 11, 22, 2, tzinfo=UTC)).isoformat() == "2026-11-22T09:00:00+07:00"  # type: ignore[union-attr]
    assert to_vn(datetime(2026, 11, 22, 9)) is None
    assert to_vn("2026-11-22T09:00:00") is None
    assert to_vn("not a time") is None
    assert to_vn(None) is None  # type: ignore[arg-type]
    assert to_vn("9999-12-31T23:00:00Z") is None  # beyond datetime's range in +07:00


# --- QĐ 28 Điều 14 k4 --------------------------------------------------------------------------


def test_iso_vn_time_passes() -> None:
    f = only(check_iso8601_vn("2026-11-22T09:00:00+07:00"))
    assert (f.rule_id, f.status) == ("QD28-14.4", Status.PASS)
    assert f.found == "2026-11-22T09:00:00+07:00"


def test_iso_aware_datetime_object() -> None:
    assert only(check_iso8601_vn(datetime(2026, 1, 1, tzinfo=VN_TZ))).status is Status.PASS
    f = only(check_iso8601_vn(datetime(2026, 1, 1, tzinfo=UTC)))
    assert f.status is Status.FAIL
    assert f.evidence["vietnam_time"] == "2026-01-01T07:00:00+07:00"


def test_iso_naive_fails_with_vietnam_reading() -> None:
    loc = Location(file="goi-tin.xml", field="Timestamp")
    f = only(check_iso8601_vn("2026-11-22T09:00:00", location=loc))
    assert (f.rule_id, f.status) == ("QD28-14.4", Status.FAIL)
    assert f.location == loc
    assert f.expected == "2026-11-22T09:00:00+07:00"
    assert f.evidence["if_vietnam_local_time"] == "2026-11-22T09:00:00+07:00"
    assert f.evidence["if_utc"] == "2026-11-22T16:00:00+07:00"
    assert "+07:00" in f.message.vi and "+07:00" in f.message.en


@pytest.mark.parametrize("text", ["2026-11-22T02:00:00Z", "2026-11-22T02:00:00+00:00"])
def test_iso_utc_fails_with_vietnam_time(text: str) -> None:
    f = only(check_iso8601_vn(text))
    assert f.status is Status.FAIL
    assert f.expected == "2026-11-22T09:00:00+07:00"
    assert f.evidence == {"offset": "+00:00", "vietnam_time": "2026-11-22T09:00:00+07:00"}
    assert "UTC" in f.message.vi and "2026-11-22T09:00:00+07:00" in f.message.vi


def test_iso_other_offset_fails() -> None:
    f = only(check_iso8601_vn("2026-11-22T11:00:00+09:00"))
    assert f.status is Status.FAIL
    assert f.evidence["offset"] == "+09:00"
    assert f.evidence["vietnam_time"] == "2026-11-22T09:00:00+07:00"


@pytest.mark.parametrize("value", ["garbage", "", "2026-11-22", "22/11/2026 09:00", None, 42, []])
def test_iso_garbage_fails(value: object) -> None:
    f = only(check_iso8601_vn(value))
    assert (f.rule_id, f.status) == ("QD28-14.4", Status.FAIL)
    assert f.expected and "+07:00" in f.expected
    assert f.message.vi and f.message.en


def test_iso_hints() -> None:
    f = only(check_iso8601_vn("2026-11-22 09:00:00+07:00"))
    assert f.status is Status.FAIL and "'T'" in f.evidence["hint"]
    f = only(check_iso8601_vn("2026/11/22 09:00:00"))
    assert "edXML" in f.evidence["hint"]


def test_huge_string_is_cut_short_in_found() -> None:
    f = only(check_iso8601_vn("9" * 1_000_000))
    assert f.status is Status.FAIL
    assert f.found is not None and len(f.found) < 200


def test_iso_out_of_range_offset_does_not_crash() -> None:
    f = only(check_iso8601_vn("0001-01-01T00:00:00+08:00"))  # 0000-12-31 in +07:00
    assert f.status is Status.FAIL and f.evidence["vietnam_time"] is None


# --- edXML dates -------------------------------------------------------------------------------


def test_edxml_date_parse_and_format() -> None:
    assert parse_edxml_date("2026/11/22") == date(2026, 11, 22)
    assert parse_edxml_date("2014/02/30") is None
    assert parse_edxml_date("2020-01-05") is None
    assert parse_edxml_date("2026/1/5") is None
    assert parse_edxml_date(None) is None
    assert format_edxml_date(date(2026, 1, 5)) == "2026/01/05"
    assert format_edxml_date(date(33, 1, 5)) == "0033/01/05"


def test_edxml_datetime_parse_and_format() -> None:
    parsed = parse_edxml_datetime("2026/11/22 09:30:05")
    assert parsed == datetime(2026, 11, 22, 9, 30, 5, tzinfo=VN_TZ)
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=7)
    assert parse_edxml_datetime("2026/11/22 24:00:00") is None
    assert parse_edxml_datetime("2026/11/22 9:30:05") is None
    assert parse_edxml_datetime("2026/11/22T09:30:05") is None
    assert format_edxml_datetime(datetime(2026, 11, 22, 2, 30, 5, tzinfo=UTC)) == (
        "2026/11/22 09:30:05")
    assert format_edxml_datetime(datetime(2026, 11, 22, 9, 30, 5, 999)) == "2026/11/22 09:30:05"


def test_check_edxml_date() -> None:
    assert only(check_edxml_date("2026/11/22")).status is Status.PASS
    f = only(check_edxml_date("2014/02/30"))
    assert (f.rule_id, f.status) == ("QCVN102-DATE", Status.FAIL)
    assert "không có thật" in f.message.vi
    f = only(check_edxml_date("2020-01-05"))
    assert f.status is Status.FAIL
    assert f.expected == "yyyy/MM/dd" and f.found == "2020-01-05"
    assert "yyyy/MM/dd" in f.message.vi and "'/'" in f.message.vi
    f = only(check_edxml_date("05/01/2020"))
    assert f.status is Status.FAIL and "năm phải đứng trước" in f.message.vi
    assert only(check_edxml_date(None)).status is Status.FAIL


def test_check_edxml_datetime() -> None:
    f = only(check_edxml_datetime("2026/11/22 09:30:00", location=Location(xpath="//Timestamp")))
    assert (f.rule_id, f.status) == ("QCVN102-DATETIME", Status.PASS)
    assert f.location.xpath == "//Timestamp"
    f = only(check_edxml_datetime("2026/11/22 25:30:00"))
    assert f.status is Status.FAIL and "không" in f.message.vi
    f = only(check_edxml_datetime("2026-11-22T09:30:00+07:00"))
    assert f.status is Status.FAIL and "ISO 8601" in f.message.vi
    assert f.expected == "yyyy/MM/dd HH:mm:ss"
    f = only(check_edxml_datetime("2026/11/22"))
    assert f.status is Status.FAIL and "HH:mm:ss" in f.message.vi


def test_checks_declare_their_rules() -> None:
    assert check_iso8601_vn.__rule_ids__ == ("QD28-14.4",)  # type: ignore[attr-defined]
    assert check_edxml_date.__rule_ids__ == ("QCVN102-DATE",)  # type: ignore[attr-defined]
    assert check_edxml_datetime.__rule_ids__ == ("QCVN102-DATETIME",)  # type: ignore[attr-defined]


# --- properties --------------------------------------------------------------------------------


@given(st.dates())
def test_edxml_date_round_trip(day: date) -> None:
    text = format_edxml_date(day)
    assert parse_edxml_date(text) == day
    assert format_edxml_date(parse_edxml_date(text)) == text  # type: ignore[arg-type]
    assert only(check_edxml_date(text)).status is Status.PASS


@given(st.datetimes())
def test_edxml_datetime_round_trip(moment: datetime) -> None:
    text = format_edxml_datetime(moment)
    parsed = parse_edxml_datetime(text)
    assert parsed is not None
    assert format_edxml_datetime(parsed) == text
    assert only(check_edxml_datetime(text)).status is Status.PASS


@given(st.from_regex(r"[0-9]{4}/[0-9]{2}/[0-9]{2}", fullmatch=True))
def test_edxml_date_text_round_trip(text: str) -> None:
    parsed = parse_edxml_date(text)
    if parsed is not None:
        assert format_edxml_date(parsed) == text
    else:
        assert only(check_edxml_date(text)).status is Status.FAIL


@given(st.from_regex(r"[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}", fullmatch=True))
def test_edxml_datetime_text_round_trip(text: str) -> None:
    parsed = parse_edxml_datetime(text)
    if parsed is not None:
        assert format_edxml_datetime(parsed) == text
    else:
        assert only(check_edxml_datetime(text)).status is Status.FAIL


@given(st.datetimes(timezones=st.just(VN_TZ)))
def test_vn_isoformat_always_passes(moment: datetime) -> None:
    assert only(check_iso8601_vn(moment.isoformat())).status is Status.PASS


# Fixed offsets only: the product needs no tz database, nor do its tests.
OFFSETS = st.builds(lambda m: timezone(timedelta(minutes=m)), st.integers(-1439, 1439))
ANYTHING = st.one_of(
    st.text(), st.none(), st.datetimes(), st.datetimes(timezones=OFFSETS),
    st.integers(), st.binary(), st.dates(), st.from_regex(r"[0-9T:+\-/ Z.]{0,30}"),
)


@settings(max_examples=150)
@given(ANYTHING)
def test_checks_never_raise(value: object) -> None:
    for check in CHECKS:
        findings = check(value)
        assert isinstance(findings, list) and findings
        for f in findings:
            assert isinstance(f, Finding)
            assert f.status in (Status.PASS, Status.FAIL)
            assert f.message.vi and f.message.en
            if f.status is Status.FAIL:
                assert f.expected


@given(st.text())
def test_parsers_never_raise(text: str) -> None:
    parse_iso8601(text)
    parse_edxml_date(text)
    parse_edxml_datetime(text)
    to_vn(text)
