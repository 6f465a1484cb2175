"""Timestamp and date formats: ISO 8601 in Vietnam time (QĐ 28 Điều 14 k4) and edXML dates.

QĐ 28/2018 Điều 14 khoản 4 asks for send/receive times in Vietnam time, written in ISO 8601;
the harness reads that as an explicit `+07:00` offset. QCVN 102:2016 packages write dates as
`yyyy/MM/dd` and date-times as `yyyy/MM/dd HH:mm:ss` (local Vietnam time, no zone).

Vietnam keeps a fixed UTC+07:00 with no daylight saving, so a fixed-offset `timezone` is used
and no tz database is needed. Parsers return None on bad input; checks return findings and
never raise.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from conformance.checks import covers
from conformance.findings import Finding, Location, Status, finding

VN_TZ = timezone(timedelta(hours=7))
VN_OFFSET = timedelta(hours=7)

ISO_RULE = "QD28-14.4"
DATE_RULE = "QCVN102-DATE"
DATETIME_RULE = "QCVN102-DATETIME"

ISO_EXPECTED = "ISO 8601, giờ Việt Nam: YYYY-MM-DDThh:mm:ss+07:00"
EDXML_DATE_FORMAT = "yyyy/MM/dd"
EDXML_DATETIME_FORMAT = "yyyy/MM/dd HH:mm:ss"

# ASCII digits only: `\d` would also accept other scripts' digits.
_ISO_EXTENDED = re.compile(
    r"(?P<y>[0-9]{4})-(?P<mo>[0-9]{2})-(?P<d>[0-9]{2})"
    r"T(?P<h>[0-9]{2}):(?P<mi>[0-9]{2})"
    r"(?::(?P<s>[0-9]{2})(?:[.,](?P<f>[0-9]+))?)?"
    r"(?P<tz>Z|[+-][0-9]{2}(?::[0-9]{2})?)?"
)
_ISO_BASIC = re.compile(
    r"(?P<y>[0-9]{4})(?P<mo>[0-9]{2})(?P<d>[0-9]{2})"
    r"T(?P<h>[0-9]{2})(?P<mi>[0-9]{2})"
    r"(?:(?P<s>[0-9]{2})(?:[.,](?P<f>[0-9]+))?)?"
    r"(?P<tz>Z|[+-][0-9]{2}(?:[0-9]{2})?)?"
)
_EDXML_DATE = re.compile(r"([0-9]{4})/([0-9]{2})/([0-9]{2})")
_EDXML_DATETIME = re.compile(
    r"([0-9]{4})/([0-9]{2})/([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})"
)
_LOOKS_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_LOOKS_DMY = re.compile(r"[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}")
_SHOW_MAX = 120


# --- small helpers ---------------------------------------------------------------------------


def show(value: Any) -> str:
    """A value as it goes into a finding's `found`: strings as-is, long ones cut short."""
    text = value if isinstance(value, str) else _safe_repr(value)
    if len(text) > _SHOW_MAX:
        return f"{text[:_SHOW_MAX]}… ({len(text)} ký tự/characters)"
    return text


def _safe_repr(value: Any) -> str:
    try:
        return repr(value)
    except Exception:  # a hostile __repr__ must not break a check
        return f"<{type(value).__name__}>"


def vn_iso(moment: datetime) -> str:
    """ISO 8601 text of an aware datetime in Vietnam time (`...+07:00`)."""
    return moment.astimezone(VN_TZ).isoformat()


def _to_vn_safe(moment: datetime) -> datetime | None:
    """Convert an aware datetime to +07:00; None when that leaves datetime's range."""
    try:
        return moment.astimezone(VN_TZ)
    except (OverflowError, ValueError):
        return None


def _offset_text(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


# --- ISO 8601 ----------------------------------------------------------------------------------


def _parse_offset(text: str | None) -> timezone | None:
    """The tzinfo of an ISO offset; None when absent; ValueError when out of range."""
    if text is None:
        return None
    if text == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"UTC offset out of range: {text}")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)


def parse_iso8601(text: Any) -> datetime | None:
    """Parse an ISO 8601 date-time (extended or basic format, `T` separator).

    Returns an aware datetime when the text carries an offset (`Z`, `±hh:mm`, `±hhmm`, `±hh`),
    a naive one when it does not, and None when the text is not an ISO 8601 date-time (wrong
    type, wrong layout, impossible date or time). `24:00` is read as 00:00 of the next day.
    Fractions beyond microseconds are truncated.
    """
    if not isinstance(text, str):
        return None
    match = _ISO_EXTENDED.fullmatch(text) or _ISO_BASIC.fullmatch(text)
    if match is None:
        return None
    fraction = match["f"] or ""
    second = int(match["s"] or 0)
    hour, minute = int(match["h"]), int(match["mi"])
    end_of_day = hour == 24 and minute == 0 and second == 0 and not fraction.strip("0")
    micro = int((fraction + "000000")[:6])
    try:
        tz = _parse_offset(match["tz"])
        day = date(int(match["y"]), int(match["mo"]), int(match["d"]))
        if end_of_day:
            day += timedelta(days=1)
            hour = 0
        return datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=tz)
    except (ValueError, OverflowError):
        return None


def to_vn(value: Any) -> datetime | None:
    """Coerce a datetime or an ISO 8601 string to an aware datetime in +07:00.

    Aware values are converted to Vietnam time; naive values, unparseable strings, other types
    and instants that cannot be shown in +07:00 give None, for the caller to report.
    """
    moment = parse_iso8601(value) if isinstance(value, str) else value
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        return None
    return _to_vn_safe(moment)


def _iso_hint(text: str) -> str | None:
    """A likely fix for a near-miss ISO 8601 value, or None."""
    if text != text.strip() and parse_iso8601(text.strip()) is not None:
        return "bỏ khoảng trắng thừa / remove surrounding whitespace"
    if parse_iso8601(text.replace(" ", "T", 1)) is not None:
        return "dùng 'T' giữa ngày và giờ / use 'T' between date and time"
    if _EDXML_DATETIME.fullmatch(text):
        return ("đây là định dạng edXML yyyy/MM/dd HH:mm:ss, không phải ISO 8601 / "
                "this is the edXML yyyy/MM/dd HH:mm:ss form, not ISO 8601")
    return None


@covers(ISO_RULE)
def check_iso8601_vn(value: Any, *, location: Location | None = None) -> list[Finding]:
    """QĐ 28 Điều 14 k4: a timestamp is ISO 8601 with an explicit +07:00 offset.

    `value` is the text found (or a datetime object). Naive values, UTC and other offsets fail
    with the same instant in Vietnam time in the evidence; anything unparseable fails.
    """
    if isinstance(value, datetime):
        return _judge_moment(value, show(value.isoformat()), location)
    if not isinstance(value, str):
        return [_iso_wrong_type(value, location)]
    moment = parse_iso8601(value)
    if moment is None:
        return [_iso_unparseable(value, location)]
    return _judge_moment(moment, show(value), location)


def _iso_wrong_type(value: Any, location: Location | None) -> Finding:
    kind = "không có giá trị" if value is None else f"kiểu {type(value).__name__}"
    kind_en = "no value" if value is None else f"type {type(value).__name__}"
    return finding(
        ISO_RULE, Status.FAIL,
        f"Thời điểm không hợp lệ ({kind}); cần chuỗi ISO 8601 theo giờ Việt Nam (+07:00).",
        f"Invalid timestamp ({kind_en}); an ISO 8601 string in Vietnam time (+07:00) is needed.",
        expected=ISO_EXPECTED, found=show(value), location=location,
    )


def _iso_unparseable(text: str, location: Location | None) -> Finding:
    hint = _iso_hint(text)
    return finding(
        ISO_RULE, Status.FAIL,
        f"'{show(text)}' không phải thời điểm theo ISO 8601 (cần dạng "
        "YYYY-MM-DDThh:mm:ss+07:00)." + (f" Gợi ý: {hint}." if hint else ""),
        f"'{show(text)}' is not an ISO 8601 date-time (expected YYYY-MM-DDThh:mm:ss+07:00)."
        + (f" Hint: {hint}." if hint else ""),
        expected=ISO_EXPECTED, found=show(text), location=location,
        evidence={"hint": hint} if hint else None,
    )


def _judge_moment(moment: datetime, found: str, location: Location | None) -> list[Finding]:
    offset = moment.utcoffset()
    if offset is None:
        return [_iso_naive(moment, found, location)]
    if offset == VN_OFFSET:
        return [finding(
            ISO_RULE, Status.PASS,
            f"Thời điểm {found} theo ISO 8601, giờ Việt Nam (+07:00).",
            f"Timestamp {found} is ISO 8601 in Vietnam time (+07:00).",
            expected=ISO_EXPECTED, found=found, location=location,
        )]
    return [_iso_other_offset(moment, offset, found, location)]


def _iso_naive(moment: datetime, found: str, location: Location | None) -> Finding:
    as_local = moment.replace(tzinfo=VN_TZ)
    as_utc = _to_vn_safe(moment.replace(tzinfo=UTC))
    evidence = {
        "if_vietnam_local_time": as_local.isoformat(),
        "if_utc": as_utc.isoformat() if as_utc else None,
    }
    return finding(
        ISO_RULE, Status.FAIL,
        f"Thời điểm {found} không ghi độ lệch múi giờ; phải ghi rõ +07:00. Nếu là giờ Việt Nam "
        f"thì viết {as_local.isoformat()}"
        + (f"; nếu là giờ UTC thì theo giờ Việt Nam là {as_utc.isoformat()}." if as_utc else "."),
        f"Timestamp {found} has no UTC offset; +07:00 must be explicit. As Vietnam local time it "
        f"is {as_local.isoformat()}"
        + (f"; read as UTC it is {as_utc.isoformat()} in Vietnam time." if as_utc else "."),
        expected=as_local.isoformat(), found=found, location=location, evidence=evidence,
    )


def _iso_other_offset(
    moment: datetime, offset: timedelta, found: str, location: Location | None
) -> Finding:
    offset_txt = _offset_text(offset)
    label = "UTC" if offset == timedelta(0) else offset_txt
    in_vn = _to_vn_safe(moment)
    vn_txt = in_vn.isoformat() if in_vn else None
    return finding(
        ISO_RULE, Status.FAIL,
        f"Thời điểm {found} dùng độ lệch {offset_txt} ({label}) thay vì giờ Việt Nam +07:00"
        + (f"; theo giờ Việt Nam là {vn_txt}." if vn_txt else "."),
        f"Timestamp {found} uses offset {offset_txt} ({label}) instead of Vietnam time +07:00"
        + (f"; in Vietnam time it is {vn_txt}." if vn_txt else "."),
        expected=vn_txt or ISO_EXPECTED, found=found, location=location,
        evidence={"offset": offset_txt, "vietnam_time": vn_txt},
    )


# --- edXML (QCVN 102:2016) ---------------------------------------------------------------------


def parse_edxml_date(text: Any) -> date | None:
    """`yyyy/MM/dd` → date; None when the layout is wrong or the date does not exist."""
    match = _EDXML_DATE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_edxml_datetime(text: Any) -> datetime | None:
    """`yyyy/MM/dd HH:mm:ss` (Vietnam local time) → aware datetime in +07:00, or None."""
    match = _EDXML_DATETIME.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return None
    try:
        return datetime(*(int(part) for part in match.groups()), tzinfo=VN_TZ)
    except ValueError:
        return None


def format_edxml_date(value: date) -> str:
    """date (or the date of a datetime, as given) → `yyyy/MM/dd`."""
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"


def format_edxml_datetime(value: datetime) -> str:
    """datetime → `yyyy/MM/dd HH:mm:ss` in Vietnam time.

    Aware values are converted to +07:00 first; naive values are taken as Vietnam wall-clock
    time (the edXML convention). Fractions of a second are dropped.
    """
    if value.utcoffset() is not None:
        value = value.astimezone(VN_TZ)
    return f"{format_edxml_date(value)} {value.hour:02d}:{value.minute:02d}:{value.second:02d}"


def _date_hint(text: str) -> tuple[str, str] | None:
    if _LOOKS_ISO_DATE.fullmatch(text):
        return "dùng '/' thay cho '-'", "use '/' instead of '-'"
    if _LOOKS_DMY.fullmatch(text):
        return "năm phải đứng trước (yyyy/MM/dd)", "the year comes first (yyyy/MM/dd)"
    if _EDXML_DATETIME.fullmatch(text):
        return "chỉ ghi ngày, không ghi giờ", "a date only, without the time"
    return None


def _not_a_string(rule: str, fmt: str, value: Any, location: Location | None) -> Finding:
    kind = "không có giá trị" if value is None else f"kiểu {type(value).__name__}"
    kind_en = "no value" if value is None else f"type {type(value).__name__}"
    return finding(
        rule, Status.FAIL,
        f"Giá trị ngày/giờ không hợp lệ ({kind}); cần chuỗi định dạng {fmt}.",
        f"Invalid date/time value ({kind_en}); a string in the format {fmt} is needed.",
        expected=fmt, found=show(value), location=location,
    )


@covers(DATE_RULE)
def check_edxml_date(value: Any, *, location: Location | None = None) -> list[Finding]:
    """QCVN 102: a package date is `yyyy/MM/dd` and a real calendar date."""
    if not isinstance(value, str):
        return [_not_a_string(DATE_RULE, EDXML_DATE_FORMAT, value, location)]
    found = show(value)
    if parse_edxml_date(value) is not None:
        return [finding(
            DATE_RULE, Status.PASS,
            f"Ngày {found} đúng định dạng {EDXML_DATE_FORMAT}.",
            f"Date {found} is in the format {EDXML_DATE_FORMAT}.",
            expected=EDXML_DATE_FORMAT, found=found, location=location,
        )]
    if _EDXML_DATE.fullmatch(value):
        return [finding(
            DATE_RULE, Status.FAIL,
            f"Ngày {found} đúng định dạng {EDXML_DATE_FORMAT} nhưng không có thật trong lịch.",
            f"Date {found} has the {EDXML_DATE_FORMAT} layout but does not exist.",
            expected=f"{EDXML_DATE_FORMAT}, ngày có thật / a real date", found=found,
            location=location,
        )]
    hint = _date_hint(value)
    return [finding(
        DATE_RULE, Status.FAIL,
        f"Ngày '{found}' sai định dạng; cần {EDXML_DATE_FORMAT} (ví dụ 2026/11/22)."
        + (f" Gợi ý: {hint[0]}." if hint else ""),
        f"Date '{found}' has the wrong format; expected {EDXML_DATE_FORMAT} (e.g. 2026/11/22)."
        + (f" Hint: {hint[1]}." if hint else ""),
        expected=EDXML_DATE_FORMAT, found=found, location=location,
    )]


def _datetime_hint(text: str) -> tuple[str, str] | None:
    if parse_iso8601(text) is not None:
        return ("đây là ISO 8601; gói tin edXML dùng yyyy/MM/dd HH:mm:ss",
                "this is ISO 8601; edXML packages use yyyy/MM/dd HH:mm:ss")
    if _EDXML_DATE.fullmatch(text):
        return "thiếu phần giờ HH:mm:ss", "the HH:mm:ss time part is missing"
    if re.fullmatch(r"[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}", text):
        return "thiếu giây (:ss)", "the seconds (:ss) are missing"
    return None


@covers(DATETIME_RULE)
def check_edxml_datetime(value: Any, *, location: Location | None = None) -> list[Finding]:
    """QCVN 102: a package timestamp is `yyyy/MM/dd HH:mm:ss` (24-hour, Vietnam time)."""
    if not isinstance(value, str):
        return [_not_a_string(DATETIME_RULE, EDXML_DATETIME_FORMAT, value, location)]
    found = show(value)
    if parse_edxml_datetime(value) is not None:
        return [finding(
            DATETIME_RULE, Status.PASS,
            f"Thời gian {found} đúng định dạng {EDXML_DATETIME_FORMAT}.",
            f"Timestamp {found} is in the format {EDXML_DATETIME_FORMAT}.",
            expected=EDXML_DATETIME_FORMAT, found=found, location=location,
        )]
    if _EDXML_DATETIME.fullmatch(value):
        return [finding(
            DATETIME_RULE, Status.FAIL,
            f"Thời gian {found} đúng bố cục {EDXML_DATETIME_FORMAT} nhưng ngày hoặc giờ không "
            "có thật (giờ 00–23, phút và giây 00–59).",
            f"Timestamp {found} has the {EDXML_DATETIME_FORMAT} layout but the date or time "
            "does not exist (hours 00–23, minutes and seconds 00–59).",
            expected=f"{EDXML_DATETIME_FORMAT}, thời điểm có thật / a real time", found=found,
            location=location,
        )]
    hint = _datetime_hint(value)
    return [finding(
        DATETIME_RULE, Status.FAIL,
        f"Thời gian '{found}' sai định dạng; cần {EDXML_DATETIME_FORMAT} "
        "(ví dụ 2026/11/22 09:30:00)." + (f" Gợi ý: {hint[0]}." if hint else ""),
        f"Timestamp '{found}' has the wrong format; expected {EDXML_DATETIME_FORMAT} "
        "(e.g. 2026/11/22 09:30:00)." + (f" Hint: {hint[1]}." if hint else ""),
        expected=EDXML_DATETIME_FORMAT, found=found, location=location,
    )]
