"""Working days of Vietnamese state agencies, for "ngày làm việc tiếp theo" deadlines.

A day is a working day when it is Monday–Friday and not a public holiday (Bộ luật Lao động 2019
Điều 112, with nghỉ bù and the Government's day swaps), or when it is a weekend day that the
Government moved work to (a "worked Saturday").

The public holidays and known swaps come from the `holidays` library (country VN, always with
`language="vi"` so the names do not follow the process locale). Decisions the library lacks are
kept in a shipped override table, `conformance/data/calendar_overrides.toml`, and a user can add
their own override files of the same form; later files win.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import holidays

from conformance.datafiles import DataFileError, locate, read_toml
from conformance.resources import data_path

SHIPPED_OVERRIDES = data_path("calendar_overrides.toml")

DAY_OFF = "day_off"
WORKING_DAY = "working_day"
_KINDS = (DAY_OFF, WORKING_DAY)
_TABLE = "override"
_REQUIRED = ("date", "kind", "name_vi", "source")
_OPTIONAL = ("name_en",)
_WEEKDAY_NAMES_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Override:
    """One working-day decision that the holidays library does not know."""

    day: date
    kind: str  # DAY_OFF or WORKING_DAY
    name_vi: str
    source: str
    name_en: str | None = None
    file: str | None = None


def weekday_name_vi(day: date) -> str:
    """"Thứ Hai" … "Thứ Bảy", "Chủ nhật"."""
    return _WEEKDAY_NAMES_VI[day.weekday()]


# --- override files ----------------------------------------------------------------------------


def load_overrides(path: Path | str) -> list[Override]:
    """Read an override file; DataFileError names the line and key of any mistake."""
    data, text = read_toml(path)
    for key in data:
        if key != _TABLE:
            raise DataFileError(
                path, f"khóa không hợp lệ '{key}' (chỉ dùng các bảng [[override]])",
                f"unknown key '{key}' (only [[override]] tables are allowed)",
                line=locate(text, key) or locate(text, "", key), key=key,
            )
    entries = data.get(_TABLE, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise DataFileError(path, "'override' phải là các bảng [[override]]",
                            "'override' must be [[override]] tables",
                            line=locate(text, "", _TABLE), key=_TABLE)
    result: list[Override] = []
    seen: dict[date, int] = {}
    for index, entry in enumerate(entries):
        item = _parse_entry(path, text, index, entry)
        if item.day in seen:
            raise DataFileError(
                path, f"ngày {item.day.isoformat()} xuất hiện hai lần",
                f"date {item.day.isoformat()} appears twice",
                line=locate(text, _TABLE, "date", index=index), key=f"{_TABLE}[{index}].date",
            )
        seen[item.day] = index
        result.append(item)
    return result


def _parse_entry(path: Path | str, text: str, index: int, entry: Mapping[str, Any]) -> Override:
    def error(key: str | None, vi: str, en: str) -> DataFileError:
        line = locate(text, _TABLE, key, index=index) if key else None
        return DataFileError(path, vi, en, line=line or locate(text, _TABLE, index=index),
                             key=f"{_TABLE}[{index}]" + (f".{key}" if key else ""))

    for key in entry:
        if key not in _REQUIRED and key not in _OPTIONAL:
            raise error(key, f"khóa không hợp lệ '{key}'", f"unknown key '{key}'")
    for key in _REQUIRED:
        if key not in entry:
            raise error(None, f"thiếu khóa '{key}'", f"missing key '{key}'")
    day = _entry_date(entry["date"])
    if day is None:
        raise error("date", "'date' phải là ngày dạng YYYY-MM-DD",
                    "'date' must be a date written YYYY-MM-DD")
    if entry["kind"] not in _KINDS:
        raise error("kind", f"'kind' phải là \"{DAY_OFF}\" hoặc \"{WORKING_DAY}\"",
                    f"'kind' must be \"{DAY_OFF}\" or \"{WORKING_DAY}\"")
    for key in ("name_vi", "source", "name_en"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            raise error(key, f"'{key}' phải là chuỗi không rỗng",
                        f"'{key}' must be a non-empty string")
    return Override(day=day, kind=entry["kind"], name_vi=entry["name_vi"],
                    source=entry["source"], name_en=entry.get("name_en"), file=str(path))


def _entry_date(value: Any) -> date | None:
    """A TOML local date, or a "YYYY-MM-DD" string; None otherwise."""
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


# --- the calendar ------------------------------------------------------------------------------


class WorkingCalendar:
    """Working days: holidays library (VN, Vietnamese names) plus override tables.

    `override_files` are read after the shipped table (unless `shipped=False`), and a later
    entry for the same date replaces an earlier one. `overrides` adds entries directly.
    """

    def __init__(
        self,
        override_files: Iterable[Path | str] = (),
        *,
        shipped: bool = True,
        overrides: Iterable[Override] = (),
        years: Iterable[int] | None = None,
    ) -> None:
        self._holidays = holidays.country_holidays(
            "VN", language="vi", years=list(years) if years is not None else None
        )
        self._overrides: dict[date, Override] = {}
        files = [SHIPPED_OVERRIDES] if shipped else []
        files.extend(Path(f) for f in override_files)
        for path in files:
            for item in load_overrides(path):
                self._overrides[item.day] = item
        for item in overrides:
            self._overrides[item.day] = item

    @property
    def overrides(self) -> dict[date, Override]:
        return dict(self._overrides)

    def override(self, day: date) -> Override | None:
        return self._overrides.get(_as_date(day))

    def is_working_day(self, day: date) -> bool:
        d = _as_date(day)
        item = self._overrides.get(d)
        if item is not None:
            return item.kind == WORKING_DAY
        return self._holidays.is_working_day(d)

    def is_weekend(self, day: date) -> bool:
        return _as_date(day).weekday() in self._holidays.weekend

    def is_worked_weekend_day(self, day: date) -> bool:
        """A Saturday or Sunday that is worked (a swap)."""
        return self.is_weekend(day) and self.is_working_day(day)

    def reason(self, day: date) -> str | None:
        """Why a day is not worked (holiday name, override name, "Thứ Bảy"/"Chủ nhật");
        None for a working day."""
        d = _as_date(day)
        if self.is_working_day(d):
            return None
        item = self._overrides.get(d)
        if item is not None:
            return item.name_vi
        name = self._holidays.get(d)
        if name:
            return str(name)
        return weekday_name_vi(d)

    def source(self, day: date) -> str | None:
        """The document behind an override day, if the day has one."""
        item = self._overrides.get(_as_date(day))
        return item.source if item else None

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        d = _as_date(day) + _ONE_DAY
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before `day`."""
        d = _as_date(day) - _ONE_DAY
        while not self.is_working_day(d):
            d -= _ONE_DAY
        return d

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after `day` (before it when n < 0); `day` itself when n == 0."""
        d = _as_date(day)
        step = self.next_working_day if n > 0 else self.previous_working_day
        for _ in range(abs(n)):
            d = step(d)
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: after `start`, up to and including `end`.

        So `working_days_between(d, add_working_days(d, n)) == n`; negative when end < start.
        """
        a, b = _as_date(start), _as_date(end)
        if b < a:
            return -self.working_days_between(b, a)
        count = _weekdays_through(b) - _weekdays_through(a)
        for d in self._exception_days(a, b):
            count += int(self.is_working_day(d)) - int(not self.is_weekend(d))
        return count

    def days_off_between(self, start: date, end: date) -> list[tuple[date, str]]:
        """Non-working days strictly between `start` and `end`, with their reasons."""
        a, b = _as_date(start), _as_date(end)
        out: list[tuple[date, str]] = []
        d = a + _ONE_DAY
        while d < b:
            why = self.reason(d)
            if why is not None:
                out.append((d, why))
            d += _ONE_DAY
        return out

    def _exception_days(self, a: date, b: date) -> set[date]:
        """Days in (a, b] whose status may differ from "Monday–Friday is worked"."""
        first = max(a.year, self._holidays.start_year)
        last = min(b.year, self._holidays.end_year)
        for year in range(first, last + 1):
            if year not in self._holidays.years:
                _ = date(year, 1, 1) in self._holidays  # a lookup fills in that year
        candidates = set(self._holidays.keys())
        candidates.update(self._holidays.weekend_workdays)
        candidates.update(self._overrides)
        return {d for d in candidates if a < d <= b}


def _as_date(day: date) -> date:
    if isinstance(day, datetime):
        return day.date()
    if isinstance(day, date):
        return day
    raise TypeError(f"expected a date, got {type(day).__name__}")


def _weekdays_through(day: date) -> int:
    """Monday–Friday days from 0001-01-01 (a Monday) through `day`."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


@cache
def default_calendar() -> WorkingCalendar:
    """The shipped calendar (library + shipped override table), built once."""
    return WorkingCalendar()
