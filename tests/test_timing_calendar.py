"""Working days: holidays library (VN, Vietnamese names) plus the override tables."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.datafiles import DataFileError
from conformance.timing.calendar import (
    DAY_OFF,
    SHIPPED_OVERRIDES,
    WORKING_DAY,
    Override,
    WorkingCalendar,
    default_calendar,
    load_overrides,
)

CAL = default_calendar()
LIBRARY = holidays.country_holidays("VN", language="vi")
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))


# --- known days --------------------------------------------------------------------------------


def test_default_calendar_is_cached() -> None:
    assert default_calendar() is CAL


def test_2024_swap_from_the_library() -> None:
    assert CAL.is_working_day(date(2024, 5, 4))  # Saturday worked
    assert CAL.reason(date(2024, 5, 4)) is None
    assert CAL.is_worked_weekend_day(date(2024, 5, 4))
    assert not CAL.is_working_day(date(2024, 4, 29))
    assert "04/05/2024" in (CAL.reason(date(2024, 4, 29)) or "")


def test_2025_swap_and_national_day() -> None:
    assert CAL.is_working_day(date(2025, 4, 26))  # Saturday worked
    assert not CAL.is_working_day(date(2025, 5, 2))
    for day in (date(2025, 9, 1), date(2025, 9, 2)):
        assert not CAL.is_working_day(day)
        assert CAL.reason(day) == "Quốc khánh"
    assert CAL.is_working_day(date(2025, 9, 3))


def test_tet_2026() -> None:
    assert CAL.is_working_day(date(2026, 2, 13))
    for offset in range(5):
        day = date(2026, 2, 16) + timedelta(days=offset)
        assert not CAL.is_working_day(day)
        assert "Tết" in (CAL.reason(day) or "")
    assert CAL.reason(date(2026, 2, 14)) == "Thứ Bảy"
    assert CAL.reason(date(2026, 2, 22)) == "Chủ nhật"
    assert CAL.is_working_day(date(2026, 2, 23))


def test_new_year_2026_swap_from_the_override_table() -> None:
    assert not CAL.is_working_day(date(2026, 1, 1))
    assert CAL.reason(date(2026, 1, 1)) == "Tết Dương lịch"
    assert not CAL.is_working_day(date(2026, 1, 2))
    assert "Tết Dương lịch" in (CAL.reason(date(2026, 1, 2)) or "")
    assert "12729/VPCP-KGVX" in (CAL.source(date(2026, 1, 2)) or "")
    assert CAL.is_working_day(date(2026, 1, 10))  # Saturday worked
    assert CAL.is_worked_weekend_day(date(2026, 1, 10))
    assert CAL.next_working_day(date(2025, 12, 31)) == date(2026, 1, 5)
    assert CAL.next_working_day(date(2026, 1, 9)) == date(2026, 1, 10)
    assert CAL.next_working_day(date(2026, 1, 10)) == date(2026, 1, 12)


def test_without_the_override_table_the_library_alone_is_used() -> None:
    bare = WorkingCalendar(shipped=False)
    assert bare.is_working_day(date(2026, 1, 2))
    assert not bare.is_working_day(date(2026, 1, 10))


def test_names_are_vietnamese_whatever_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert WorkingCalendar().reason(date(2026, 9, 2)) == "Quốc khánh"


def test_ordinary_days() -> None:
    assert CAL.reason(date(2026, 3, 4)) is None
    assert CAL.reason(date(2026, 3, 7)) == "Thứ Bảy"
    assert CAL.reason(date(2026, 3, 8)) == "Chủ nhật"
    assert CAL.is_weekend(date(2026, 3, 7)) and not CAL.is_worked_weekend_day(date(2026, 3, 7))


def test_next_working_day_is_strictly_after() -> None:
    assert CAL.next_working_day(date(2026, 3, 2)) == date(2026, 3, 3)
    assert CAL.next_working_day(date(2026, 3, 6)) == date(2026, 3, 9)  # Friday → Monday
    assert CAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)  # over Tết


def test_add_working_days_counts_the_worked_saturday() -> None:
    assert CAL.add_working_days(date(2024, 4, 26), 1) == date(2024, 5, 2)
    assert CAL.add_working_days(date(2024, 4, 26), 5) == date(2024, 5, 7)
    assert CAL.add_working_days(date(2024, 5, 7), -5) == date(2024, 4, 26)
    assert CAL.add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)


def test_working_days_between() -> None:
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2
    assert CAL.working_days_between(date(2026, 2, 24), date(2026, 2, 13)) == -2
    assert CAL.working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert CAL.working_days_between(date(2024, 4, 26), date(2024, 5, 7)) == 5


def test_days_off_between_gives_reasons() -> None:
    days = CAL.days_off_between(date(2025, 12, 31), date(2026, 1, 5))
    assert [d for d, _ in days] == [date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3),
                                    date(2026, 1, 4)]
    assert days[2][1] == "Thứ Bảy"


def test_shipped_overrides_only_add_what_the_library_lacks() -> None:
    entries = load_overrides(SHIPPED_OVERRIDES)
    assert entries
    for item in entries:
        assert item.source.strip() and item.name_vi.strip()
        library_works = LIBRARY.is_working_day(item.day)
        assert library_works != (item.kind == WORKING_DAY), item


# --- user override files -----------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "extra.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


ENTRY = """
[[override]]
date = {date}
kind = "{kind}"
name_vi = "Nghỉ theo quyết định của tỉnh"
source = "Quyết định 1/QĐ-UBND"
"""


def test_user_override_file_adds_and_replaces(tmp_path: Path) -> None:
    path = write(tmp_path, ENTRY.format(date="2026-03-04", kind=DAY_OFF)
                 + ENTRY.format(date='"2026-01-02"', kind=WORKING_DAY))
    cal = WorkingCalendar([path])
    assert not cal.is_working_day(date(2026, 3, 4))
    assert cal.reason(date(2026, 3, 4)) == "Nghỉ theo quyết định của tỉnh"
    assert cal.source(date(2026, 3, 4)) == "Quyết định 1/QĐ-UBND"
    assert cal.is_working_day(date(2026, 1, 2))  # the later file wins over the shipped one
    assert cal.next_working_day(date(2026, 3, 3)) == date(2026, 3, 5)


def test_overrides_given_directly() -> None:
    item = Override(date(2030, 6, 1), WORKING_DAY, "Làm bù", "thử nghiệm")
    cal = WorkingCalendar(overrides=[item])
    assert cal.is_working_day(date(2030, 6, 1)) and date(2030, 6, 1).weekday() == 5


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        (ENTRY.format(date="2026-03-04", kind="holiday"), 4, "override[0].kind"),
        (ENTRY.format(date="2026-02-30", kind=DAY_OFF), None, None),  # TOML itself rejects it
        (ENTRY.format(date='"4/3/2026"', kind=DAY_OFF), 3, "override[0].date"),
        (ENTRY.format(date="2026-03-04", kind=DAY_OFF) + "colour = 1\n", 7, "override[0].colour"),
        (ENTRY.format(date="2026-03-04", kind=DAY_OFF)
         + ENTRY.format(date="2026-03-04", kind=DAY_OFF), 9, "override[1].date"),
        ('[[override]]\ndate = 2026-03-04\nkind = "day_off"\nname_vi = "x"\n', 1,
         "override[0]"),
        ('[[override]]\ndate = 2026-03-04\nkind = "day_off"\nname_vi = ""\nsource = "s"\n', 4,
         "override[0].name_vi"),
        ('title = "x"\n', 1, "title"),
        ("[[override]\n", 1, None),
    ],
)
def test_malformed_override_file(tmp_path: Path, text: str, line: int | None,
                                 key: str | None) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as caught:
        WorkingCalendar([path])
    err = caught.value
    assert err.path == str(path)
    if line is not None:
        assert err.line == line
    assert err.key == key
    assert err.vi and err.en


def test_missing_override_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError):
        WorkingCalendar([tmp_path / "none.toml"])


# --- properties --------------------------------------------------------------------------------


def allowed_working_day(day: date) -> bool:
    """Independent statement of the rule: a weekday that is no holiday, or a worked weekend."""
    _ = day in LIBRARY  # the library fills in a year (and its worked Saturdays) on lookup
    override = CAL.override(day)
    if override is not None:
        return override.kind == WORKING_DAY
    if day.weekday() >= 5:
        return day in LIBRARY.weekend_workdays
    return day not in LIBRARY


@settings(deadline=None)
@given(DAYS, st.integers(min_value=0, max_value=40))
def test_add_working_days_lands_on_working_days(day: date, n: int) -> None:
    result = CAL.add_working_days(day, n)
    assert allowed_working_day(result) or n == 0
    assert result >= day
    assert CAL.working_days_between(day, result) == n
    following = CAL.next_working_day(day)
    assert following > day and allowed_working_day(following)
    between = [day + timedelta(days=i) for i in range(1, (following - day).days)]
    assert [d for d, _ in CAL.days_off_between(day, following)] == between


@settings(deadline=None, max_examples=60)
@given(DAYS, st.integers(min_value=0, max_value=500))
def test_working_days_between_matches_counting(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    counted = sum(CAL.is_working_day(start + timedelta(days=i)) for i in range(1, span + 1))
    assert CAL.working_days_between(start, end) == counted
    assert CAL.working_days_between(end, start) == -counted


@given(DAYS)
def test_reason_is_given_exactly_for_days_off(day: date) -> None:
    assert (CAL.reason(day) is None) == CAL.is_working_day(day)
