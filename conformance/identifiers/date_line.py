"""The place-and-date line of a document (địa danh và thời gian ban hành, NĐ 30/2020 Phụ lục I
mục II.4): `Hà Nội, ngày 05 tháng 01 năm 2020`, `Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019`.

Written in full in Arabic numerals; days below 10 and the months 1 and 2 take a leading zero
("tháng 01", "tháng 02"), the other months do not ("tháng 6", not "tháng 06"); a comma follows
the place name.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, NamedTuple

from conformance.checks import covers
from conformance.findings import Finding, Location, Status, finding
from conformance.identifiers._common import as_text, shorten

RULE = "ND30-PL1-NGAYTHANG"
EXAMPLE = "Hà Nội, ngày 05 tháng 01 năm 2020"

_LINE_RE = re.compile(
    r"(?P<prefix>.*?)(?<!\w)ngày\s+(?P<day>[0-9]+)\s+tháng\s+(?P<month>[0-9]+)\s+"
    r"năm\s+(?P<year>[0-9]+)(?P<trail>.*)",
    re.IGNORECASE | re.DOTALL,
)


def day_text(day: int) -> str:
    """How NĐ 30 writes a day: two digits."""
    return f"{day:02d}"


def month_text(month: int) -> str:
    """How NĐ 30 writes a month: 01, 02, then 3 … 12 without a leading zero."""
    return f"{month:02d}" if month <= 2 else str(month)


def format_date_line(date: dt.date, place: str | None = None) -> str:
    """The NĐ 30 place-and-date line, e.g. `Hà Nội, ngày 05 tháng 01 năm 2020`."""
    line = f"ngày {day_text(date.day)} tháng {month_text(date.month)} năm {date.year:04d}"
    return f"{place}, {line}" if place else line


@dataclass(frozen=True)
class DateLine:
    """A parsed place-and-date line, numbers kept as written."""

    place: str | None
    day: str
    month: str
    year: str
    comma: bool = True  # a comma after the place name
    trailing: str = ""  # text after the year

    @property
    def date(self) -> dt.date | None:
        """The date, or None when it does not exist (e.g. 30 tháng 02)."""
        try:
            return dt.date(int(self.year), int(self.month), int(self.day))
        except (ValueError, OverflowError):
            return None

    def format(self) -> str:
        line = f"ngày {self.day} tháng {self.month} năm {self.year}{self.trailing}"
        if self.place is None:
            return line
        return f"{self.place}{',' if self.comma else ''} {line}"

    def __str__(self) -> str:
        return self.format()

    def to_dict(self) -> dict[str, Any]:
        date = self.date
        return {"place": self.place, "day": self.day, "month": self.month, "year": self.year,
                "date": date.isoformat() if date else None}


def parse_date_line(text: object) -> DateLine | None:
    """Read `[<place>,] ngày D tháng M năm YYYY`; None when the words or numbers are missing.
    Numbers are kept as written so that a check can judge their zero padding."""
    s = as_text(text)
    if not s or len(s) > 500:
        return None
    m = _LINE_RE.fullmatch(unicodedata.normalize("NFC", s).strip())
    if not m:
        return None
    prefix = m.group("prefix").strip()
    comma = prefix.endswith(",")
    place = prefix[:-1].strip() if comma else prefix
    return DateLine(
        place=place or None,
        day=m.group("day"),
        month=m.group("month"),
        year=m.group("year"),
        comma=comma or not place,
        trailing=m.group("trail").rstrip(),
    )


class _Issue(NamedTuple):
    vi: str
    en: str
    expected: str | None = None


def _number_issues(line: DateLine) -> list[_Issue]:
    issues: list[_Issue] = []
    day, month = int(line.day), int(line.month)
    if line.day != day_text(day):
        issues.append(_Issue(f"ngày viết '{line.day}', cần '{day_text(day)}' (ngày nhỏ hơn 10 "
                             "ghi thêm số 0 phía trước)", f"day written '{line.day}', "
                             f"'{day_text(day)}' expected (days below 10 take a leading zero)",
                             f"ngày {day_text(day)}"))
    if 1 <= month <= 12 and line.month != month_text(month):
        if month <= 2:
            why_vi, why_en = "tháng 1, 2 ghi thêm số 0", "months 1 and 2 take a leading zero"
        else:
            why_vi, why_en = ("từ tháng 3 trở đi không ghi số 0 phía trước",
                              "months from 3 on take no leading zero")
        issues.append(_Issue(f"tháng viết '{line.month}', cần '{month_text(month)}' ({why_vi})",
                             f"month written '{line.month}', '{month_text(month)}' expected "
                             f"({why_en})", f"tháng {month_text(month)}"))
    if len(line.year) != 4:
        issues.append(_Issue(f"năm '{shorten(line.year, 10)}' phải ghi đủ 4 chữ số",
                             f"year '{shorten(line.year, 10)}' must have 4 digits"))
    return issues


def _issues(line: DateLine, expected: dt.date | None) -> list[_Issue]:
    issues = _number_issues(line)
    date = line.date
    if date is None:
        issues.append(_Issue(f"ngày {line.day} tháng {line.month} năm {shorten(line.year, 10)} "
                             "không có thật", f"day {line.day} month {line.month} year "
                             f"{shorten(line.year, 10)} does not exist",
                             "một ngày có thật / a date that exists"))
    if not line.comma:
        issues.append(_Issue(f"thiếu dấu phẩy sau địa danh '{shorten(line.place, 40)}'",
                             f"the comma after the place name '{shorten(line.place, 40)}' is "
                             "missing", f"{line.place}, ngày …"))
    if line.trailing:
        issues.append(_Issue(f"có chữ thừa sau năm: '{shorten(line.trailing, 30)}'",
                             f"extra text after the year: '{shorten(line.trailing, 30)}'"))
    if expected is not None and date is not None and date != expected:
        issues.append(_Issue(f"ngày ghi trên văn bản là {_dmy(date)} nhưng ngày ban hành là "
                             f"{_dmy(expected)}", f"the line says {date.isoformat()} but the "
                             f"promulgation date is {expected.isoformat()}",
                             format_date_line(expected, line.place)))
    return issues


def _dmy(date: dt.date) -> str:
    return f"{date.day:02d}/{date.month:02d}/{date.year:04d}"


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


@covers(RULE)
def check_date_line(
    value: str,
    *,
    expected: dt.date | None = None,
    location: Location | None = None,
) -> list[Finding]:
    """Check a place-and-date line; with `expected`, also that it states that date."""
    text = as_text(value)
    want = _as_date(expected)
    if text is None or not text.strip():
        return [finding(RULE, Status.FAIL, "Thiếu địa danh và ngày, tháng, năm ban hành",
                        "The place and date of issue are missing", expected=EXAMPLE,
                        found=None if text is None else repr(text), location=location)]
    found = shorten(text)
    line = parse_date_line(text)
    if line is None:
        return [finding(RULE, Status.FAIL,
                        f"'{found}' không theo dạng '[Địa danh], ngày … tháng … năm …' viết bằng "
                        "chữ số Ả Rập", f"'{found}' is not of the form '[Place], ngày … tháng … "
                        "năm …' in Arabic numerals", expected=EXAMPLE, found=found,
                        location=location)]
    ev = line.to_dict()
    issues = _issues(line, want)
    if not issues:
        return [finding(RULE, Status.PASS, f"Ngày, tháng, năm ban hành '{found}' đúng thể thức",
                        f"Date line '{found}' is well formed", found=found, location=location,
                        evidence=ev)]
    return [finding(RULE, Status.FAIL, f"Ngày, tháng, năm ban hành '{found}': {i.vi}",
                    f"Date line '{found}': {i.en}", expected=i.expected or EXAMPLE, found=found,
                    location=location, evidence=ev)
            for i in issues]
