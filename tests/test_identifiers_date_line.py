"""The place-and-date line (NĐ 30/2020 Phụ lục I mục II.4)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.checks import coverage
from conformance.findings import Finding, Location, Status
from conformance.identifiers.date_line import (
    check_date_line,
    format_date_line,
    month_text,
    parse_date_line,
)
from conformance.rules import catalog

FAST = settings(max_examples=150, deadline=None)
RULE = "ND30-PL1-NGAYTHANG"


def assert_well_formed(findings: list[Finding]) -> None:
    assert findings
    for f in findings:
        assert isinstance(f, Finding)
        assert f.rule_id == RULE and f.rule_id in catalog()
        assert f.message.vi.strip() and f.message.en.strip()


def fails(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.status is Status.FAIL]


@pytest.mark.parametrize(
    ("text", "place", "date"),
    [
        ("Hà Nội, ngày 05 tháng 01 năm 2020", "Hà Nội", dt.date(2020, 1, 5)),
        ("Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019", "Thành phố Hồ Chí Minh",
         dt.date(2019, 6, 29)),
        ("ngày 29 tháng 6 năm 2019", None, dt.date(2019, 6, 29)),
        ("Lào Cai, ngày 10 tháng 12 năm 2024", "Lào Cai", dt.date(2024, 12, 10)),
        ("Huế, ngày 01 tháng 02 năm 2024", "Huế", dt.date(2024, 2, 1)),
    ],
)
def test_official_examples_pass(text: str, place: str | None, date: dt.date) -> None:
    line = parse_date_line(text)
    assert line is not None
    assert line.place == place and line.date == date
    assert line.format() == str(line) == text
    assert format_date_line(date, place) == text
    findings = check_date_line(text, expected=date, location=Location(field="PromulgationInfo"))
    assert_well_formed(findings)
    assert [f.status for f in findings] == [Status.PASS]
    assert findings[0].location.field == "PromulgationInfo"
    assert findings[0].evidence["date"] == date.isoformat()


def test_month_rule() -> None:
    assert [month_text(m) for m in range(1, 13)] == [
        "01", "02", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hà Nội, ngày 5 tháng 01 năm 2020", "ngày 05"),
        ("Hà Nội, ngày 05 tháng 1 năm 2020", "tháng 01"),
        ("Hà Nội, ngày 05 tháng 2 năm 2020", "tháng 02"),
        ("Thành phố Hồ Chí Minh, ngày 29 tháng 06 năm 2019", "tháng 6"),
        ("ngày 15 tháng 09 năm 2021", "tháng 9"),
        ("ngày 15 tháng 010 năm 2021", "tháng 10"),
        ("ngày 015 tháng 10 năm 2021", "ngày 15"),
        ("Hà Nội ngày 05 tháng 01 năm 2020", "Hà Nội, ngày …"),
    ],
)
def test_padding_and_comma(text: str, expected: str) -> None:
    findings = check_date_line(text)
    assert_well_formed(findings)
    assert expected in {f.expected for f in fails(findings)}, findings


def test_month_06_message_explains_the_rule() -> None:
    f = fails(check_date_line("ngày 29 tháng 06 năm 2019"))[0]
    assert "tháng 3" in f.message.vi and "month" in f.message.en


@pytest.mark.parametrize("text", ["ngày 30 tháng 02 năm 2020", "ngày 29 tháng 02 năm 2019",
                                  "ngày 31 tháng 4 năm 2020", "ngày 05 tháng 13 năm 2020",
                                  "ngày 00 tháng 01 năm 2020", "ngày 05 tháng 01 năm 0000"])
def test_impossible_dates(text: str) -> None:
    found = fails(check_date_line(text))
    assert any("không có thật" in f.message.vi for f in found), found


def test_expected_date_mismatch() -> None:
    found = fails(check_date_line("Hà Nội, ngày 05 tháng 01 năm 2020",
                                  expected=dt.date(2020, 1, 6)))
    assert len(found) == 1
    assert found[0].expected == "Hà Nội, ngày 06 tháng 01 năm 2020"
    assert found[0].found == "Hà Nội, ngày 05 tháng 01 năm 2020"


@pytest.mark.parametrize("text", ["", "   ", None, "05/01/2020", "Hà Nội, 05 tháng 01 năm 2020",
                                  "ngày năm tháng giêng năm 2020", "ngày 05 tháng 01 năm 20",
                                  "ngày 05 tháng 01 năm 2020."])
def test_malformed(text: str | None) -> None:
    findings = check_date_line(text)  # type: ignore[arg-type]
    assert_well_formed(findings)
    assert fails(findings)


def test_nfd_and_capitalised_input_is_read() -> None:
    line = parse_date_line(unicodedata.normalize("NFD", "Hà Nội, Ngày 05 tháng 01 năm 2020"))
    assert line is not None and line.date == dt.date(2020, 1, 5) and line.place == "Hà Nội"


def test_coverage_declared() -> None:
    assert "conformance.identifiers.date_line.check_date_line" in coverage()[RULE]


PLACES = st.sampled_from([None, "Hà Nội", "Thành phố Hồ Chí Minh", "Lào Cai", "Gia Nghĩa",
                          "Đắk Nông", "Huế"])


@FAST
@given(st.dates(min_value=dt.date(1000, 1, 1)), PLACES)
def test_format_parse_round_trip(date: dt.date, place: str | None) -> None:
    text = format_date_line(date, place)
    line = parse_date_line(text)
    assert line is not None
    assert line.date == date and line.place == place and line.format() == text
    findings = check_date_line(text, expected=date)
    assert [f.status for f in findings] == [Status.PASS]


@FAST
@given(st.dates(min_value=dt.date(1000, 1, 1)), PLACES, st.data())
def test_wrong_padding_fails(date: dt.date, place: str | None, data: st.DataObject) -> None:
    day = f"{date.day:02d}"
    month = month_text(date.month)
    wrong_day = str(date.day) if date.day < 10 else "0" + day
    wrong_month = (str(date.month) if date.month <= 2 else f"{date.month:02d}"
                   if date.month < 10 else "0" + month)
    if data.draw(st.booleans()):
        day = wrong_day
    else:
        month = wrong_month
    text = format_date_line(date, place).replace(
        f"ngày {date.day:02d} tháng {month_text(date.month)}", f"ngày {day} tháng {month}")
    findings = check_date_line(text)
    assert_well_formed(findings)
    assert fails(findings), text


@FAST
@given(st.text(max_size=80), st.one_of(st.none(), st.dates()))
def test_never_raises(text: str, expected: dt.date | None) -> None:
    assert_well_formed(check_date_line(text, expected=expected))


@FAST
@given(st.text(alphabet="ngàyáthốm0123456789 ,HNội", max_size=50))
def test_never_raises_on_near_lines(text: str) -> None:
    findings = check_date_line(text, expected=dt.date(2020, 1, 5))
    assert_well_formed(findings)


def test_huge_input() -> None:
    findings = check_date_line("Hà Nội, " * 100_000 + "ngày 05 tháng 01 năm 2020")
    assert_well_formed(findings)
    assert all(len(f.found or "") <= 80 for f in findings)
