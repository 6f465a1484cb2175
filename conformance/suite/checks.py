"""Checks the suite makes itself, where a rule needs what only a run knows (the moment the axis
accepted a package, the SUT's earlier packages, what it was asked to do) — each built on the
project's validators (`conformance.timing`, `conformance.identifiers`) where one exists.

Each function takes the judge and the subject and returns findings; `SUITE_CHECKS` maps rule IDs
to them (see features/STEPS.md "Notes for implementers").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from conformance.edxml.model import EdocPackage, StatusPackage
from conformance.findings import Finding, Location, Severity, Status, finding
from conformance.identifiers.date_line import check_date_line
from conformance.timing.deadlines import check_acknowledgement, check_dispatch
from conformance.timing.formats import VN_TZ, parse_edxml_date, parse_edxml_datetime

if TYPE_CHECKING:
    from conformance.suite.judge import Judge, Subject

#: Largest distance (seconds) between a time written by the SUT and the axis clock at reception
#: that still counts as synchronised (QĐ 28 Điều 14 khoản 4).
CLOCK_TOLERANCE = 300
VN_OFFSET = dt.timedelta(hours=7)


def _loc(subject: Subject, **kw: Any) -> Location:
    return Location(file=subject.file, exchange_id=subject.exchange_id, **kw)


# --- signing times -------------------------------------------------------------------------------

def signature_times(pdf: bytes) -> list[tuple[dt.datetime | None, dt.datetime | None]]:
    """(/M time, timestamp-token time) of each document signature, in signing order."""
    from conformance.pdf.model import open_signed_pdf

    doc, _ = open_signed_pdf(pdf)
    if doc is None:
        return []
    try:
        return [(s.m_time, s.tst_time) for s in doc.document_signatures]
    finally:
        doc.close()


def main_pdf(judge: Judge, subject: Subject) -> bytes | None:
    for _name, data, _role in judge.pdfs(subject):
        return data
    return None


def organisation_signed_at(judge: Judge, subject: Subject) -> dt.datetime | None:
    """When the document was signed for the last time before sending (the organisation's
    signature): the timestamp token's time, else the /M time."""
    pdf = main_pdf(judge, subject)
    if pdf is None:
        return None
    times = [tst or m for m, tst in signature_times(pdf) if (tst or m) is not None]
    if not times:
        return None
    last = max(t if t.tzinfo else t.replace(tzinfo=VN_TZ) for t in times)  # type: ignore[union-attr]
    return last.astimezone(VN_TZ)


def _is_urgent(subject: Subject) -> bool:
    pkg = subject.package()
    if isinstance(pkg, EdocPackage) and pkg.header.other_info and pkg.header.other_info.priority:
        return pkg.header.other_info.priority.strip() not in ("", "0")
    return bool(subject.urgent)


# --- dispatch deadline (QD28-6.2, ND30-18.1, LC2019-6.1b, LC2019-6.4c) ---------------------------

def dispatch(judge: Judge, subject: Subject) -> list[Finding]:
    if subject.kind != "edoc":
        return []
    signed = organisation_signed_at(judge, subject)
    urgent = _is_urgent(subject)
    params = dict(judge.profile.parameters)
    out = check_dispatch(signed, subject.received_at, profile=params, urgent=urgent,
                         location=_loc(subject))
    # NĐ 30 Điều 18 k1: the same day, at the latest the next working day (end of day)
    nd30 = dict(params, dispatch_rule="ND30-18.1", urgent_dispatch_rule="ND30-18.1",
                dispatch_cutoff="24:00")
    out += [f for f in check_dispatch(signed, subject.received_at, profile=nd30, urgent=urgent,
                                      location=_loc(subject)) if f.rule_id == "ND30-18.1"]
    # the provincial rules, whatever the profile's own dispatch rule is
    tt01 = dict(params, dispatch_rule="LC2019-6.1b", urgent_dispatch_rule="LC2019-6.4c",
                dispatch_cutoff="12:00")
    out += [f for f in check_dispatch(signed, subject.received_at, profile=tt01, urgent=urgent,
                                      location=_loc(subject))
            if f.rule_id in ("LC2019-6.1b", "LC2019-6.4c")]
    if not urgent:
        out = [f for f in out if f.rule_id != "LC2019-6.4c"]
    return out


# --- times against the axis clock (QD28-14.4) ----------------------------------------------------

def package_times(judge: Judge, subject: Subject) -> list[tuple[str, dt.datetime | None, str]]:
    """(where, moment as written, raw text) of the times the SUT wrote in a package."""
    pkg = subject.package()
    out: list[tuple[str, dt.datetime | None, str]] = []
    if pkg is None:
        return out
    for i, t in enumerate(pkg.trace_headers or ()):
        if t.timestamp:
            out.append((f"TraceHeader[{i + 1}]/Timestamp", parse_edxml_datetime(t.timestamp),
                        t.timestamp))
    if isinstance(pkg, StatusPackage) and pkg.timestamp:
        out.append(("Timestamp", parse_edxml_datetime(pkg.timestamp), pkg.timestamp))
    return out


def clock_findings(judge: Judge, subject: Subject, tolerance: float = CLOCK_TOLERANCE,
                   rule_id: str = "QD28-14.4") -> list[Finding]:
    """Every time the SUT wrote (trace and status timestamps, PDF signing times) is Vietnam time
    and within `tolerance` seconds of the axis clock when the axis received the package."""
    at = subject.received_at
    if at is None:
        return [finding(rule_id, Status.INCONCLUSIVE,
                        "Không biết thời điểm trục nhận gói tin", "The reception time is unknown",
                        location=_loc(subject))]
    out: list[Finding] = []
    for where, moment, raw in package_times(judge, subject):
        if moment is None:
            out.append(finding(rule_id, Status.FAIL, f"{where} '{raw}' không đọc được",
                               f"{where} '{raw}' cannot be read", expected="yyyy/MM/dd HH:mm:ss",
                               found=raw, location=_loc(subject, xpath=where)))
            continue
        written = moment.replace(tzinfo=VN_TZ) if moment.tzinfo is None else moment
        skew = (written - at).total_seconds()
        if abs(skew) > tolerance:
            out.append(finding(
                rule_id, Status.FAIL,
                f"{where} '{raw}' lệch {skew:+.0f} giây so với đồng hồ của trục "
                f"({at.isoformat()})",
                f"{where} '{raw}' is {skew:+.0f} s off the axis clock ({at.isoformat()})",
                expected=f"giờ Việt Nam, lệch không quá {tolerance:.0f} giây", found=raw,
                location=_loc(subject, xpath=where), evidence={"skew_seconds": skew}))
        else:
            out.append(finding(rule_id, Status.PASS,
                               f"{where} '{raw}' khớp đồng hồ của trục (lệch {skew:+.0f} giây)",
                               f"{where} '{raw}' agrees with the axis clock ({skew:+.0f} s)",
                               found=raw, location=_loc(subject, xpath=where)))
    pdf = main_pdf(judge, subject) if subject.kind == "edoc" else None
    for i, (m, tst) in enumerate(signature_times(pdf) if pdf else []):
        if m is None:
            continue
        where = f"chữ ký số {i + 1} (/M)"
        if m.tzinfo is None or m.utcoffset() != VN_OFFSET:
            out.append(finding(
                rule_id, Status.FAIL, f"Thời gian ký của {where} không ghi theo múi giờ +07:00",
                f"The signing time of signature {i + 1} is not written in +07:00",
                expected="+07:00", found=m.isoformat(), location=_loc(subject)))
            continue
        reference = tst or at
        skew = (m - reference).total_seconds()
        if abs(skew) > tolerance and tst is not None:
            out.append(finding(
                rule_id, Status.FAIL,
                f"Thời gian ký của {where} lệch {skew:+.0f} giây so với dấu thời gian",
                f"Signing time of signature {i + 1} is {skew:+.0f} s off its timestamp",
                expected=f"lệch không quá {tolerance:.0f} giây", found=m.isoformat(),
                location=_loc(subject)))
        if m > at + dt.timedelta(seconds=tolerance):
            out.append(finding(
                rule_id, Status.FAIL, f"Thời gian ký của {where} sau lúc trục nhận gói tin",
                f"Signature {i + 1} is dated after the axis received the package",
                expected=f"trước {at.isoformat()}", found=m.isoformat(), location=_loc(subject)))
    if subject.kind == "edoc":
        signed = organisation_signed_at(judge, subject)
        if signed is not None:
            out += [f for f in check_dispatch(signed, at, profile=dict(judge.profile.parameters),
                                              urgent=_is_urgent(subject),
                                              location=_loc(subject))
                    if f.rule_id == rule_id and f.status is not Status.PASS]
    return out


# --- acknowledgement the same day (ND30-21.2) ----------------------------------------------------

def acknowledgement(judge: Judge, subject: Subject) -> list[Finding]:
    if subject.kind != "status":
        return []
    return check_acknowledgement(subject.answered_arrived_at, subject.received_at,
                                 profile=dict(judge.profile.parameters), location=_loc(subject))


# --- the date line (ND30-PL1-NGAYTHANG) ----------------------------------------------------------

def date_line_text(pdf: bytes, place: str | None) -> str | None:
    """The place-and-date line of a document: its date form field (filled by the clerk) or a
    page-1 line "…, ngày … tháng … năm …"."""
    import re

    from conformance.pdf.model import open_signed_pdf
    from conformance.pdf.text import page_lines

    doc, _ = open_signed_pdf(pdf)
    if doc is None or doc.pike is None:
        return None
    pattern = re.compile(r"ngày\s+\d+\s+tháng\s+\d+\s+năm\s+\d{4}")
    try:
        form = doc.pike.Root.get("/AcroForm")
        for f in (form.get("/Fields") or []) if form is not None else []:
            value = f.get("/V")
            text = str(value) if value is not None else ""
            if pattern.search(text):
                text = text.strip()
                return text if "," in text or not place else f"{place}, {text}"
        for line in page_lines(doc.pike, 0):
            if re.search(r",\s*" + pattern.pattern, line.text):
                return line.text.strip()
        return None
    finally:
        doc.close()


def date_line(judge: Judge, subject: Subject) -> list[Finding]:
    pkg = subject.package()
    pdf = main_pdf(judge, subject)
    if not isinstance(pkg, EdocPackage) or pdf is None:
        return []
    info = pkg.header.promulgation_info
    day = parse_edxml_date(info.date) if info and info.date else None
    line = date_line_text(pdf, info.place if info else None)
    if line is None:
        return [finding("ND30-PL1-NGAYTHANG", Status.INCONCLUSIVE,
                        "Không tìm thấy dòng địa danh, ngày tháng năm trên văn bản",
                        "The place-and-date line was not found on the document",
                        location=_loc(subject))]
    return check_date_line(line, expected=day, location=_loc(subject, field="NgayBanHanh"))


# --- numbering (ND30-15.1) -----------------------------------------------------------------------

def _numbering_facts(subject: Subject) -> tuple[int | None, str | None, str | None, str | None]:
    pkg = subject.package()
    if not isinstance(pkg, EdocPackage) or pkg.header.code is None:
        return None, None, None, None
    info = pkg.header.promulgation_info
    day = parse_edxml_date(info.date) if info and info.date else None
    return (day.year if day else None, (pkg.header.code.number or "").strip(),
            (pkg.header.code.notation or "").strip(), pkg.header.code.full)


def numbering(judge: Judge, subject: Subject) -> list[Finding]:
    """Numbers are unique within a year and series (số và ký hiệu unique) and restart at 01 in a
    new year, judged against the SUT's earlier packages of the scenario."""
    year, number, notation, full = _numbering_facts(subject)
    if year is None or not number:
        return [finding("ND30-15.1", Status.INCONCLUSIVE,
                        "Gói tin không ghi số, ký hiệu hoặc năm ban hành",
                        "The package gives no number, notation or year", location=_loc(subject))]
    earlier = [_numbering_facts(s) for s in subject.history if s.kind == "edoc"]
    earlier = [e for e in earlier if e[0] is not None]
    same = [e for e in earlier if e[0] == year and e[2] == notation]
    if any(e[3] == full for e in earlier if e[0] == year):
        return [finding("ND30-15.1", Status.FAIL,
                        f"Số và ký hiệu {full} đã dùng cho văn bản khác trong năm {year}",
                        f"Number and notation {full} already used in {year}",
                        expected="số và ký hiệu duy nhất trong năm", found=full,
                        location=_loc(subject, xpath="MessageHeader/Code"))]
    new_year = bool(earlier) and all(e[0] < year for e in earlier)  # type: ignore[operator]
    if new_year and not same and number.lstrip("0") != "1":
        return [finding("ND30-15.1", Status.FAIL,
                        f"Văn bản đầu tiên của năm {year} mang số {number}, không phải 01",
                        f"The first document of {year} has number {number}, not 01",
                        expected="01", found=number,
                        location=_loc(subject, xpath="MessageHeader/Code/CodeNumber"))]
    what = "bắt đầu lại từ 01 trong năm mới" if new_year else "không trùng trong năm"
    return [finding("ND30-15.1", Status.PASS, f"Số {number}/{notation}: {what}",
                    f"Number {number}/{notation}: unique in {year}"
                    + (", restarted at 01" if new_year else ""), found=full,
                    location=_loc(subject, xpath="MessageHeader/Code"),
                    evidence={"earlier": [e[3] for e in earlier]})]


# --- urgency stated (LC2019-6.4a) ----------------------------------------------------------------

def urgency_stated(judge: Judge, subject: Subject) -> list[Finding]:
    if subject.kind != "edoc" or not subject.urgent:
        return [finding("LC2019-6.4a", Status.NOT_APPLICABLE, "Văn bản không phải văn bản khẩn",
                        "Not an urgent document", location=_loc(subject))]
    pkg = subject.package()
    priority = None
    if isinstance(pkg, EdocPackage) and pkg.header.other_info:
        priority = (pkg.header.other_info.priority or "").strip() or None
    if priority in ("1", "2", "3", "4"):
        return [finding("LC2019-6.4a", Status.PASS, f"Gói tin ghi độ khẩn (Priority {priority})",
                        f"The package states its urgency (Priority {priority})", found=priority,
                        location=_loc(subject, xpath="MessageHeader/OtherInfo/Priority"))]
    return [finding("LC2019-6.4a", Status.FAIL,
                    "Văn bản khẩn nhưng gói tin không ghi rõ mức độ khẩn",
                    "An urgent document whose package does not state its urgency",
                    expected="Priority 1, 2, 3 hoặc 4", found=priority or "không có / none",
                    location=_loc(subject, xpath="MessageHeader/OtherInfo/Priority"))]


# --- correction carried in the update (DN35-12.3) ------------------------------------------------

def correction_stated(judge: Judge, subject: Subject) -> list[Finding]:
    pkg = subject.package()
    business = pkg.business if isinstance(pkg, EdocPackage) else None
    if business is None or (business.doc_type or "").strip() != "2":
        return [finding("DN35-12.3", Status.NOT_APPLICABLE, "Không phải gói tin cập nhật",
                        "Not an update package", location=_loc(subject))]
    reason = (business.doc_reason or "").strip()
    wanted = (subject.reason or "").strip()
    if reason and (not wanted or wanted in reason):
        return [finding("DN35-12.3", Status.PASS, f"Gói tin cập nhật nêu rõ nội dung: {reason}",
                        f"The update states what is corrected: {reason}", found=reason,
                        location=_loc(subject, xpath="Bussiness/BussinessDocReason"))]
    return [finding("DN35-12.3", Status.FAIL,
                    "Gói tin cập nhật không chuyển nguyên văn nội dung đính chính",
                    "The update does not carry the correction as given",
                    expected=wanted or "nội dung đính chính", found=reason or "không có / none",
                    location=_loc(subject, xpath="Bussiness/BussinessDocReason"))]


SUITE_CHECKS: dict[str, Callable[[Judge, Subject], list[Finding]]] = {
    "QD28-6.2": dispatch,
    "ND30-18.1": dispatch,
    "LC2019-6.1b": dispatch,
    "LC2019-6.4c": dispatch,
    "QD28-14.4": clock_findings,
    "ND30-21.2": acknowledgement,
    "ND30-PL1-NGAYTHANG": date_line,
    "ND30-15.1": numbering,
    "LC2019-6.4a": urgency_stated,
    "DN35-12.3": correction_stated,
}


# --- the SUT's requests in the traffic log (QD28-13.2, DN35-5) -----------------------------------

def traffic_findings(rule_id: str, items: list[dict[str, Any]], *, system_id: str,
                     tls: bool) -> list[Finding]:
    """QD28-13.2: every request of the SUT was authenticated (HMAC verified; over TLS when the
    scenario uses it: the entry's `channel`, written by the harness from the TLS front's
    connections, says so); DN35-5: it touched only its own agencies' documents. The axis records
    refusals as findings on each exchange; they are taken as they are."""
    mine = [i for i in items if i.get("system_id") == system_id]
    out: list[Finding] = []
    for item in mine:
        for raw in item.get("findings") or []:
            if raw.get("rule_id") == rule_id:
                out.append(Finding.from_dict(raw))
        if rule_id == "QD28-13.2" and item.get("verified") not in ("hmac", "hmac-recovered"):
            out.append(finding(rule_id, Status.FAIL,
                               f"Lệnh {item.get('call')} không được xác thực bằng chữ ký HMAC "
                               f"({item.get('verified')})",
                               f"{item.get('call')} was not authenticated by HMAC "
                               f"({item.get('verified')})",
                               location=Location(exchange_id=item.get("exchange_id"))))
        if rule_id == "QD28-13.2" and tls and not (item.get("channel") or {}).get("tls"):
            out.append(finding(rule_id, Status.FAIL,
                               f"Lệnh {item.get('call')} không đi qua kênh TLS của trục (từ "
                               f"{item.get('client')})",
                               f"{item.get('call')} did not come over the axis' TLS channel "
                               f"(from {item.get('client')})",
                               expected="mọi yêu cầu qua kênh TLS", found="HTTP không mã hóa",
                               location=Location(exchange_id=item.get("exchange_id"))))
    if not mine:
        return [finding(rule_id, Status.INCONCLUSIVE, "Hệ thống chưa gửi yêu cầu nào lên trục",
                        "The system made no request to the axis")]
    failures = [f for f in out if f.status is Status.FAIL and f.severity is Severity.ERROR]
    if not failures:
        calls = sorted({str(i.get("call")) for i in mine})
        if rule_id == "QD28-13.2":
            versions = ", ".join(sorted({str((i.get("channel") or {}).get("version"))
                                         for i in mine if (i.get("channel") or {}).get(
                                             "version")}))
            over = f" ({versions})" if versions else ""
            vi = (f"{len(mine)} yêu cầu ({', '.join(calls)}) đều mang chữ ký HMAC hợp lệ"
                  + (f" và đi qua kênh TLS{over}" if tls else "; kênh truyền không dùng TLS "
                     "trong kịch bản này, việc mã hóa được kiểm tra ở các kịch bản "
                     "@kha_nang_tls_client"))
            en = (f"{len(mine)} requests ({', '.join(calls)}) all carry a valid HMAC"
                  + (f" and came over TLS{over}" if tls else "; no TLS in this scenario "
                     "(encryption is checked by the @kha_nang_tls_client scenarios)"))
        else:
            vi = f"{len(mine)} yêu cầu ({', '.join(calls)}) chỉ truy cập văn bản của chính mình"
            en = f"{len(mine)} requests ({', '.join(calls)}) touch only the system's own documents"
        out.append(finding(rule_id, Status.PASS, vi, en,
                           evidence={"exchanges": [i.get("exchange_id") for i in mine]}))
    return out
