"""Dispatch and acknowledgement deadlines.

Dispatch (QĐ 28 Điều 6 k2, NĐ 30 Điều 18 k1, Lào Cai 2019 Điều 6 k1b): a document signed on day
D is sent on D or, at the latest, by the profile's cut-off on the next working day after D
("12:00" = the end of the morning; "24:00" = the end of that day). A document signed on a
non-working day is due by the cut-off of the next working day after it. Urgent documents are
sent "ngay" (immediately); the harness reads that as `urgent_max_delay_minutes` after signing,
a documented policy of the profile.

Acknowledgement (NĐ 30 Điều 21 k2): the receiver confirms receipt on the day the document
arrives. Harness reading for arrivals on a non-working day (NĐ 30 Điều 4 k2c, "chậm nhất là
trong ngày làm việc tiếp theo"): the deadline is the end (24:00) of the arrival day when that is
a working day, otherwise the end of the next working day.

All deadlines are computed in Vietnam time (+07:00). The checks never raise: bad timestamps
become QĐ 28 Điều 14 k4 findings and leave the deadline rule inconclusive.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from conformance.checks import covers
from conformance.datafiles import DataFileError
from conformance.findings import Finding, Location, Status, finding
from conformance.timing.calendar import WorkingCalendar, default_calendar, weekday_name_vi
from conformance.timing.formats import ISO_RULE, VN_TZ, check_iso8601_vn, to_vn

DEFAULT_URGENT_MAX_DELAY_MINUTES = 60
DEFAULT_DISPATCH_RULE = "QD28-6.2"
DEFAULT_ACKNOWLEDGEMENT_RULE = "ND30-21.2"
END_OF_DAY = "24:00"

_CUTOFF = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00")
_DEADLINE_ERRORS = (OverflowError, ValueError, DataFileError)


# --- deadline arithmetic -----------------------------------------------------------------------


def parse_cutoff(cutoff: str) -> tuple[int, int]:
    """"HH:MM" (or "24:00") → (hours, minutes); ValueError otherwise."""
    if not isinstance(cutoff, str) or not _CUTOFF.fullmatch(cutoff):
        raise ValueError(f"cut-off must be HH:MM or 24:00, got {cutoff!r}")
    hours, minutes = cutoff.split(":")
    return int(hours), int(minutes)


def _at(day: date, cutoff: str) -> datetime:
    """The moment `cutoff` on `day` in Vietnam time; 24:00 is 00:00 of the following day."""
    hours, minutes = parse_cutoff(cutoff)
    if hours == 24:
        return datetime.combine(day + timedelta(days=1), time(0, 0), VN_TZ)
    return datetime.combine(day, time(hours, minutes), VN_TZ)


def _aware_vn(moment: datetime | str, name: str) -> datetime:
    result = to_vn(moment)
    if result is None:
        raise ValueError(f"{name} must be an aware datetime or ISO 8601 text with an offset")
    return result


def dispatch_deadline(
    signed: datetime | str,
    *,
    cutoff: str,
    urgent: bool = False,
    urgent_max_delay_minutes: int = DEFAULT_URGENT_MAX_DELAY_MINUTES,
    calendar: WorkingCalendar | None = None,
) -> datetime:
    """Latest time (Vietnam time) to send a document signed at `signed`.

    Normal: `cutoff` on the next working day after the signing day. Urgent: signing time plus
    `urgent_max_delay_minutes`. ValueError on a naive `signed` or a bad cut-off.
    """
    signed_vn = _aware_vn(signed, "signed")
    if urgent:
        if isinstance(urgent_max_delay_minutes, bool) or not isinstance(
            urgent_max_delay_minutes, int
        ) or urgent_max_delay_minutes < 0:
            raise ValueError("urgent_max_delay_minutes must be a non-negative integer")
        return signed_vn + timedelta(minutes=urgent_max_delay_minutes)
    parse_cutoff(cutoff)
    cal = calendar or default_calendar()
    return _at(cal.next_working_day(signed_vn.date()), cutoff)


def acknowledgement_deadline(
    arrived: datetime | str, calendar: WorkingCalendar | None = None
) -> datetime:
    """End (24:00) of the arrival day if it is a working day, else of the next working day."""
    arrived_vn = _aware_vn(arrived, "arrived")
    cal = calendar or default_calendar()
    day = arrived_vn.date()
    if not cal.is_working_day(day):
        day = cal.next_working_day(day)
    return _at(day, END_OF_DAY)


# --- shared pieces of the checks ---------------------------------------------------------------


def _param(profile: Any, key: str) -> Any:
    try:
        return profile[key]
    except (KeyError, TypeError, IndexError):
        return None


def _valid_rule(value: Any) -> bool:
    from conformance.rules import catalog

    try:
        return isinstance(value, str) and value in catalog()
    except DataFileError:
        return False


def _with_field(location: Location | None, name: str) -> Location:
    if location is None:
        return Location(field=name)
    return location if location.field else replace(location, field=name)


def _timestamp(
    value: Any, name: str, location: Location | None
) -> tuple[datetime | None, list[Finding]]:
    """A timestamp in Vietnam time (or None) and the QĐ 28 Điều 14 k4 findings about it.

    Text is judged as written (PASS or FAIL); datetime objects only when they cannot be placed
    in time (naive). None means "not recorded" and gives no format finding.
    """
    if value is None:
        return None, []
    where = _with_field(location, name)
    if isinstance(value, str):
        return to_vn(value), check_iso8601_vn(value, location=where)
    moment = to_vn(value)
    if moment is None:
        return None, check_iso8601_vn(value, location=where)
    return moment, []


def _duration(delta: timedelta) -> tuple[str, str]:
    """A positive duration in words (vi, en), to the minute (seconds when under a minute)."""
    seconds = int(abs(delta).total_seconds())
    if seconds < 60:
        return f"{seconds} giây", f"{seconds} s"
    days, rest = divmod(seconds // 60, 24 * 60)
    hours, minutes = divmod(rest, 60)
    vi = [f"{days} ngày"] if days else []
    en = [f"{days} d"] if days else []
    if hours:
        vi.append(f"{hours} giờ")
        en.append(f"{hours} h")
    if minutes or not (days or hours):
        vi.append(f"{minutes} phút")
        en.append(f"{minutes} min")
    return " ".join(vi), " ".join(en)


_WEEKDAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _day_text(day: date) -> tuple[str, str]:
    """A day for messages: "Thứ Hai 23/11/2026" and "Monday 2026-11-23" (locale-independent)."""
    return (f"{weekday_name_vi(day)} {day.day:02d}/{day.month:02d}/{day.year:04d}",
            f"{_WEEKDAY_NAMES_EN[day.weekday()]} {day.isoformat()}")


def _skipped(cal: WorkingCalendar, start: date, end: date) -> list[dict[str, str]]:
    out = []
    for day, why in cal.days_off_between(start, end):
        item = {"date": day.isoformat(), "reason": why}
        source = cal.source(day)
        if source:
            item["source"] = source
        out.append(item)
    return out


def _inconclusive(rule: str, vi: str, en: str, location: Location | None,
                  expected: str | None = None, evidence: dict[str, Any] | None = None) -> Finding:
    return finding(rule, Status.INCONCLUSIVE, vi, en, expected=expected,
                   location=location, evidence=evidence)


def _missing_text(names: list[tuple[str, str, bool]]) -> tuple[str, str]:
    """(vi, en) for the timestamps that could not be used: (vi name, en name, absent?)."""
    vi = " và ".join(f"{v} {'không có' if absent else 'không hợp lệ'}" for v, _, absent in names)
    en = " and ".join(f"{e} {'absent' if absent else 'invalid'}" for _, e, absent in names)
    return vi, en


# --- dispatch ----------------------------------------------------------------------------------


@covers(ISO_RULE, "QD28-6.2", "LC2019-6.1b", "ND30-18.1", "LC2019-6.4c")
def check_dispatch(
    signed: Any,
    sent: Any,
    *,
    profile: Any,
    urgent: bool = False,
    calendar: WorkingCalendar | None = None,
    location: Location | None = None,
) -> list[Finding]:
    """Was the document sent in time after it was signed?

    `signed` and `sent` are aware datetimes or ISO 8601 text. Reports under the profile's
    `dispatch_rule` (or `urgent_dispatch_rule` when `urgent`), plus QĐ 28 Điều 14 k4 findings on
    timestamps given as text or unusable.
    """
    rule_key = "urgent_dispatch_rule" if urgent else "dispatch_rule"
    rule = _param(profile, rule_key)
    rule_ok = _valid_rule(rule)
    rule = rule if rule_ok else DEFAULT_DISPATCH_RULE
    signed_vn, findings = _timestamp(signed, "signed", location)
    sent_vn, more = _timestamp(sent, "sent", location)
    findings.extend(more)

    problem = _dispatch_param_problem(profile, urgent, rule_key, rule_ok)
    if problem:
        findings.append(_inconclusive(rule, *problem, location))
        return findings
    if signed_vn is None:
        vi, en = _missing_text([("thời điểm ký", "signing time", signed is None)]
                               + ([("thời điểm gửi", "sending time", sent is None)]
                                  if sent_vn is None else []))
        findings.append(_inconclusive(
            rule, f"Không xác định được thời hạn gửi: {vi}.",
            f"Cannot decide the dispatch deadline: {en}.", location))
        return findings

    findings.append(_judge_dispatch(
        rule, signed_vn, sent_vn, sent is None, profile, urgent, calendar, location))
    return findings


def _dispatch_param_problem(
    profile: Any, urgent: bool, rule_key: str, rule_ok: bool
) -> tuple[str, str] | None:
    if not rule_ok:
        return (f"Hồ sơ quy tắc thiếu hoặc sai tham số '{rule_key}'; không kiểm tra được thời hạn.",
                f"The profile lacks a valid '{rule_key}'; the deadline cannot be checked.")
    if urgent:
        minutes = _param(profile, "urgent_max_delay_minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
            return ("Hồ sơ quy tắc thiếu hoặc sai tham số 'urgent_max_delay_minutes'.",
                    "The profile lacks a valid 'urgent_max_delay_minutes'.")
        return None
    cutoff = _param(profile, "dispatch_cutoff")
    if not isinstance(cutoff, str) or not _CUTOFF.fullmatch(cutoff):
        return ("Hồ sơ quy tắc thiếu hoặc sai tham số 'dispatch_cutoff' (cần HH:MM hoặc 24:00).",
                "The profile lacks a valid 'dispatch_cutoff' (HH:MM or 24:00).")
    return None


def _judge_dispatch(
    rule: str,
    signed: datetime,
    sent: datetime | None,
    sent_absent: bool,
    profile: Any,
    urgent: bool,
    calendar: WorkingCalendar | None,
    location: Location | None,
) -> Finding:
    try:
        cal = calendar or default_calendar()
        minutes = _param(profile, "urgent_max_delay_minutes") if urgent else 0
        cutoff = _param(profile, "dispatch_cutoff") if not urgent else END_OF_DAY
        deadline = dispatch_deadline(signed, cutoff=cutoff, urgent=urgent,
                                     urgent_max_delay_minutes=minutes, calendar=cal)
        evidence = _dispatch_evidence(cal, signed, sent, deadline, urgent, cutoff, minutes)
    except _DEADLINE_ERRORS as exc:
        return _inconclusive(
            rule, f"Không tính được thời hạn gửi cho thời điểm ký {signed.isoformat()}: {exc}.",
            f"Cannot compute the dispatch deadline for signing time {signed.isoformat()}: {exc}.",
            location)
    describe = _urgent_terms(minutes) if urgent else _normal_terms(cutoff, deadline)
    return _judge_window(rule, ("ký", "signed", "signing"), ("gửi", "sent", "sending"), signed,
                         sent, sent_absent, deadline, describe, evidence, location)


def _dispatch_evidence(
    cal: WorkingCalendar, signed: datetime, sent: datetime | None, deadline: datetime,
    urgent: bool, cutoff: str, minutes: int,
) -> dict[str, Any]:
    evidence: dict[str, Any] = {
        "signed": signed.isoformat(),
        "sent": sent.isoformat() if sent else None,
        "deadline": deadline.isoformat(),
        "urgent": urgent,
    }
    if urgent:
        evidence["urgent_max_delay_minutes"] = minutes
        evidence["policy"] = ("'ngay' được hiểu là không quá urgent_max_delay_minutes phút sau "
                              "khi ký (chính sách của hồ sơ) / 'immediately' read as a profile "
                              "policy")
        return evidence
    next_day = cal.next_working_day(signed.date())
    evidence["cutoff"] = cutoff
    evidence["next_working_day"] = next_day.isoformat()
    evidence["working_days_skipped"] = _skipped(cal, signed.date(), next_day)
    signed_reason = cal.reason(signed.date())
    if signed_reason:
        evidence["signed_on_non_working_day"] = signed_reason
    return evidence


def _normal_terms(cutoff: str, deadline: datetime) -> tuple[str, str]:
    day = deadline.date() - timedelta(days=1) if cutoff == END_OF_DAY else deadline.date()
    vi_day, en_day = _day_text(day)
    if cutoff == END_OF_DAY:
        return (f"hết ngày làm việc tiếp theo, {vi_day}", f"end of the next working day, {en_day}")
    return (f"{cutoff} của ngày làm việc tiếp theo, {vi_day}",
            f"{cutoff} of the next working day, {en_day}")


def _urgent_terms(minutes: int) -> tuple[str, str]:
    return (f"văn bản khẩn gửi ngay, không quá {minutes} phút sau khi ký",
            f"urgent document sent immediately, within {minutes} minutes of signing")


def _judge_window(
    rule: str,
    start_word: tuple[str, str, str],
    end_word: tuple[str, str, str],
    start: datetime,
    end: datetime | None,
    end_absent: bool,
    deadline: datetime,
    terms: tuple[str, str],
    evidence: dict[str, Any],
    location: Location | None,
) -> Finding:
    """The verdict on `end` against [start, deadline], with the deadline in `expected`.

    The words are (Vietnamese, English participle, English noun), e.g. ("gửi", "sent", "sending").
    """
    expected = f"không muộn hơn {deadline.isoformat()}"
    s_vi, s_en, s_noun = start_word
    e_vi, e_en, e_noun = end_word
    if end is None:
        why_vi = "không có" if end_absent else "không hợp lệ"
        why_en = "absent" if end_absent else "invalid"
        return _inconclusive(
            rule,
            f"Thời điểm {e_vi} {why_vi}; thời hạn là {deadline.isoformat()} ({terms[0]}).",
            f"The {e_noun} time is {why_en}; the deadline is {deadline.isoformat()} ({terms[1]}).",
            location, expected=expected, evidence=evidence)
    if end < start:
        return finding(
            rule, Status.FAIL,
            f"Thời điểm {e_vi} {end.isoformat()} trước thời điểm {s_vi} {start.isoformat()}: "
            "thứ tự thời gian không thể xảy ra.",
            f"The {e_noun} time {end.isoformat()} is before the {s_noun} time "
            f"{start.isoformat()}: "
            "an impossible order.",
            expected=f"sau {start.isoformat()} và {expected}", found=end.isoformat(),
            location=location, evidence=evidence)
    if end <= deadline:
        return finding(
            rule, Status.PASS,
            f"{s_vi.capitalize()} lúc {start.isoformat()}, {e_vi} lúc {end.isoformat()}: trong "
            f"thời hạn {deadline.isoformat()} ({terms[0]}).",
            f"{s_en.capitalize()} at {start.isoformat()}, {e_en} at {end.isoformat()}: within "
            f"the deadline {deadline.isoformat()} ({terms[1]}).",
            expected=expected, found=end.isoformat(), location=location, evidence=evidence)
    late_vi, late_en = _duration(end - deadline)
    return finding(
        rule, Status.FAIL,
        f"{s_vi.capitalize()} lúc {start.isoformat()} nhưng {e_vi} lúc {end.isoformat()}, muộn "
        f"{late_vi} so với thời hạn {deadline.isoformat()} ({terms[0]}).",
        f"{s_en.capitalize()} at {start.isoformat()} but {e_en} at {end.isoformat()}, {late_en} "
        f"after the deadline {deadline.isoformat()} ({terms[1]}).",
        expected=expected, found=end.isoformat(), location=location,
        evidence={**evidence, "late_by": late_en})


# --- acknowledgement ---------------------------------------------------------------------------


@covers(ISO_RULE, "ND30-21.2")
def check_acknowledgement(
    arrived: Any,
    acknowledged: Any,
    *,
    profile: Any,
    calendar: WorkingCalendar | None = None,
    location: Location | None = None,
) -> list[Finding]:
    """Did the receiver acknowledge on the day of arrival (NĐ 30 Điều 21 k2)?

    `arrived` and `acknowledged` are aware datetimes or ISO 8601 text; `acknowledged=None`
    means no acknowledgement was recorded (inconclusive, with the deadline in `expected`).
    """
    rule = _param(profile, "acknowledgement_rule")
    rule_ok = _valid_rule(rule)
    rule = rule if rule_ok else DEFAULT_ACKNOWLEDGEMENT_RULE
    arrived_vn, findings = _timestamp(arrived, "arrived", location)
    ack_vn, more = _timestamp(acknowledged, "acknowledged", location)
    findings.extend(more)
    if not rule_ok:
        findings.append(_inconclusive(
            rule, "Hồ sơ quy tắc thiếu hoặc sai tham số 'acknowledgement_rule'.",
            "The profile lacks a valid 'acknowledgement_rule'.", location))
        return findings
    if arrived_vn is None:
        vi, en = _missing_text([("thời điểm đến", "arrival time", arrived is None)])
        findings.append(_inconclusive(
            rule, f"Không xác định được thời hạn xác nhận: {vi}.",
            f"Cannot decide the acknowledgement deadline: {en}.", location))
        return findings
    findings.append(_judge_ack(rule, arrived_vn, ack_vn, acknowledged is None, calendar,
                               location))
    return findings


def _judge_ack(
    rule: str,
    arrived: datetime,
    acknowledged: datetime | None,
    ack_absent: bool,
    calendar: WorkingCalendar | None,
    location: Location | None,
) -> Finding:
    try:
        cal = calendar or default_calendar()
        deadline = acknowledgement_deadline(arrived, cal)
        day = deadline.date() - timedelta(days=1)
        evidence: dict[str, Any] = {
            "arrived": arrived.isoformat(),
            "acknowledged": acknowledged.isoformat() if acknowledged else None,
            "deadline": deadline.isoformat(),
            "working_days_skipped": _skipped(cal, arrived.date() - timedelta(days=1), day),
        }
    except _DEADLINE_ERRORS as exc:
        return _inconclusive(
            rule, f"Không tính được thời hạn xác nhận cho thời điểm đến {arrived.isoformat()}: "
            f"{exc}.",
            f"Cannot compute the acknowledgement deadline for arrival {arrived.isoformat()}: "
            f"{exc}.", location)
    vi_day, en_day = _day_text(day)
    if day == arrived.date():
        terms = (f"trong ngày đến, {vi_day}", f"on the day of arrival, {en_day}")
    else:
        evidence["reading"] = ("đến vào ngày không làm việc: chậm nhất hết ngày làm việc tiếp "
                               "theo (NĐ 30 Điều 4 k2c) / arrived on a non-working day: by the "
                               "end of the next working day")
        terms = (f"đến vào ngày nghỉ, hết ngày làm việc tiếp theo {vi_day}",
                 f"arrived on a non-working day; end of the next working day, {en_day}")
    return _judge_window(rule, ("đến", "arrived", "arrival"),
                         ("xác nhận", "acknowledged", "acknowledgement"), arrived,
                         acknowledged, ack_absent, deadline, terms, evidence, location)

