"""The information QĐ 28/2018 Điều 10 khoản 2 requires (points c–q), read from a document
package's MessageHeader, plus the header's code lists and date order.

Mapping of the points to edXML (edxml.md §3.2):
c số và ký hiệu → Code/CodeNumber + CodeNotation; d ngày → PromulgationInfo/PromulgationDate;
đ loại → DocumentType/TypeName; e trích yếu → Subject; g tệp gửi kèm → manifest + attachments
(rules/attachments.py); h trạng thái → status packages (rules/status.py); i chức vụ, họ tên người
ký → SignerInfo/Position + FullName; k độ khẩn → OtherInfo/Priority (absent = thường);
l Bên gửi → From/OrganId; m Bên nhận → To/OrganId; n thời gian gửi → TraceHeader/Timestamp;
o thời hạn xử lý → DueDate; p lịch sử gửi, nhận → TraceHeaderList; q thông tin khác → OtherInfo.
"""

from __future__ import annotations

from datetime import datetime

from conformance.checks import covers
from conformance.edxml import codes
from conformance.edxml.rules.context import Context, missing, passed, present
from conformance.findings import Finding, Severity, Status, finding
from conformance.identifiers.notation import check_notation
from conformance.timing.formats import VN_TZ, check_edxml_date, parse_edxml_date

H = "MessageHeader"


@covers("QD28-10.2l")
def check_sender(ctx: Context) -> list[Finding]:
    """QD28-10.2l: the sender (From with an OrganId)."""
    org = ctx.edoc.header.from_ if ctx.edoc else ctx.status.from_ if ctx.status else None
    if org is None:
        return [missing("QD28-10.2l", ctx, f"{H}/From", "Bên gửi", "the sender")]
    if not present(org.organ_id):
        return [missing("QD28-10.2l", ctx, f"{H}/From/OrganId", "mã định danh Bên gửi",
                        "the sender's identifier", found=repr(org.organ_id))]
    name = f" — {org.organ_name}" if present(org.organ_name) else ""
    return [passed("QD28-10.2l", ctx, f"{H}/From", f"Có Bên gửi: {org.organ_id}{name}",
                   f"The sender is given: {org.organ_id}{name}", found=org.organ_id)]


@covers("QD28-10.2m")
def check_receivers(ctx: Context) -> list[Finding]:
    """QD28-10.2m: at least one receiver (To), each with an OrganId."""
    edoc = ctx.edoc
    if edoc is None:
        return []
    to = edoc.header.to
    if not to:
        return [missing("QD28-10.2m", ctx, f"{H}/To", "Bên nhận", "the receiver")]
    out = [missing("QD28-10.2m", ctx, f"{H}/To[{i}]/OrganId", "mã định danh Bên nhận",
                   "the receiver's identifier", found=repr(org.organ_id))
           for i, org in enumerate(to, start=1) if not present(org.organ_id)]
    if out:
        return out
    ids = ", ".join(org.organ_id or "" for org in to)
    return [passed("QD28-10.2m", ctx, f"{H}/To[1]", f"Có {len(to)} Bên nhận: {ids}",
                   f"{len(to)} receiver(s) given: {ids}", found=ids)]


@covers("QD28-10.2c", "QD28-10.2đ", "ND30-PL1-SOKYHIEU", "ND30-PL3-VIETTAT", "VBQPPL-SOKYHIEU",
        "ND30-PL1-BANSAO")
def check_number_and_type(ctx: Context) -> list[Finding]:
    """QD28-10.2c (số và ký hiệu) and QD28-10.2đ (loại văn bản), with the notation's form and its
    agreement with the stated type (check_notation)."""
    edoc = ctx.edoc
    if edoc is None:
        return []
    h = edoc.header
    out: list[Finding] = []
    type_name = h.document_type.type_name if h.document_type else None
    type_key = f"{H}/DocumentType/TypeName"
    if h.code is None:
        out.append(missing("QD28-10.2c", ctx, f"{H}/Code", "số và ký hiệu văn bản",
                           "the document number and notation"))
    elif not present(h.code.number):
        out.append(missing("QD28-10.2c", ctx, f"{H}/Code/CodeNumber", "số văn bản",
                           "the document number", found=repr(h.code.number)))
    elif not present(h.code.notation):
        out.append(missing("QD28-10.2c", ctx, f"{H}/Code/CodeNotation", "ký hiệu văn bản",
                           "the document notation", found=repr(h.code.notation)))
    if out:
        if present(type_name):
            out.append(passed("QD28-10.2đ", ctx, type_key,
                              f"Có tên loại văn bản: '{type_name}'",
                              f"The document type is given: '{type_name}'", found=type_name))
    else:
        assert h.code is not None
        stated = type_name if present(type_name) else None
        code_loc = ctx.loc(f"{H}/Code")
        for f in check_notation(h.code.full or "", stated_type=stated, location=code_loc):
            out.append(f.with_location(**_as_changes(ctx, type_key))
                       if f.rule_id == "QD28-10.2đ" else f)
    if not present(type_name):
        if h.document_type is None:
            out.append(missing("QD28-10.2đ", ctx, f"{H}/DocumentType", "loại văn bản",
                               "the document type"))
        else:
            dtype = h.document_type.type
            note_vi = f"; chỉ có mã Type={dtype!r}, ý nghĩa mã chưa thống nhất" if dtype else ""
            note_en = f"; only the code Type={dtype!r}, whose meaning is disputed" if dtype else ""
            out.append(finding(
                "QD28-10.2đ", Status.FAIL, f"Thiếu tên loại văn bản (TypeName){note_vi}",
                f"The document type name (TypeName) is missing{note_en}",
                expected="TypeName, VD 'Công văn', 'Quyết định'", found=repr(type_name),
                location=ctx.loc(type_key), evidence={"missing": "TypeName"}))
    return out


def _as_changes(ctx: Context, key: str) -> dict[str, object]:
    loc = ctx.loc(key)
    return {"line": loc.line, "xpath": loc.xpath}


@covers("QD28-10.2d", "QCVN102-DATE")
def check_promulgation_date(ctx: Context) -> list[Finding]:
    """QD28-10.2d: the document date (PromulgationInfo/PromulgationDate), in yyyy/MM/dd."""
    edoc = ctx.edoc
    if edoc is None:
        return []
    info = edoc.header.promulgation_info
    key = f"{H}/PromulgationInfo/PromulgationDate"
    if info is None:
        return [missing("QD28-10.2d", ctx, f"{H}/PromulgationInfo", "ngày ban hành",
                        "the document date")]
    if not present(info.date):
        return [missing("QD28-10.2d", ctx, key, "ngày ban hành", "the document date",
                        found=repr(info.date))]
    return [passed("QD28-10.2d", ctx, key, f"Có ngày ban hành: {info.date}",
                   f"The document date is given: {info.date}", found=info.date),
            *check_edxml_date(info.date, location=ctx.loc(key))]


@covers("QD28-10.2e")
def check_subject(ctx: Context) -> list[Finding]:
    """QD28-10.2e: the subject summary (trích yếu, Subject)."""
    edoc = ctx.edoc
    if edoc is None:
        return []
    subject = edoc.header.subject
    if not present(subject):
        return [missing("QD28-10.2e", ctx, f"{H}/Subject", "trích yếu nội dung văn bản",
                        "the subject summary", found=None if subject is None else repr(subject))]
    assert subject is not None
    shown = subject if len(subject) <= 80 else subject[:80] + "…"
    return [passed("QD28-10.2e", ctx, f"{H}/Subject", f"Có trích yếu: '{shown}'",
                   f"The subject summary is given: '{shown}'", found=shown)]


@covers("QD28-10.2i")
def check_signer(ctx: Context) -> list[Finding]:
    """QD28-10.2i: the signer's position and full name (SignerInfo/Position, FullName)."""
    edoc = ctx.edoc
    if edoc is None:
        return []
    signer = edoc.header.signer_info
    if signer is None:
        return [missing("QD28-10.2i", ctx, f"{H}/SignerInfo", "thông tin người ký",
                        "the signer information")]
    out = []
    if not present(signer.position):
        out.append(missing("QD28-10.2i", ctx, f"{H}/SignerInfo/Position", "chức vụ người ký",
                           "the signer's position", found=repr(signer.position)))
    if not present(signer.full_name):
        out.append(missing("QD28-10.2i", ctx, f"{H}/SignerInfo/FullName", "họ tên người ký",
                           "the signer's full name", found=repr(signer.full_name)))
    if out:
        return out
    who = f"{signer.position}: {signer.full_name}"
    return [passed("QD28-10.2i", ctx, f"{H}/SignerInfo", f"Có chức vụ, họ tên người ký — {who}",
                   f"The signer's position and name are given — {who}", found=who)]


@covers("QD28-10.2k", "QCVN102-PRIORITY")
def check_urgency(ctx: Context) -> list[Finding]:
    """QD28-10.2k (urgency stated; an absent Priority reads as thường) and QCVN102-PRIORITY
    (the value is on the code list)."""
    edoc = ctx.edoc
    if edoc is None:
        return []
    other = edoc.header.other_info
    key = f"{H}/OtherInfo/Priority"
    value = other.priority if other else None
    plist = codes.priority()
    if value is None:
        return [passed("QD28-10.2k", ctx, f"{H}/OtherInfo",
                       "Không ghi độ khẩn (Priority): văn bản thường",
                       "No urgency (Priority) given: a normal document", found="(không có / none)")]
    code = value.strip()
    if code not in plist.values:
        return [finding("QCVN102-PRIORITY", Status.FAIL,
                        f"Độ khẩn (Priority) '{value}' không thuộc danh mục",
                        f"Priority '{value}' is not on the code list",
                        expected=plist.describe(), found=repr(value), location=ctx.loc(key))]
    name = plist.name(code) or code
    name_en = plist.name(code, "en") or code
    return [passed("QD28-10.2k", ctx, key, f"Độ khẩn: {code} ({name})",
                   f"Urgency: {code} ({name_en})", found=code),
            passed("QCVN102-PRIORITY", ctx, key, f"Độ khẩn {code} thuộc danh mục",
                   f"Priority {code} is on the code list", found=code)]


@covers("QCVN102-STEERING")
def check_steering(ctx: Context) -> list[Finding]:
    """QCVN102-STEERING: SteeringType present and on the code list (0–3)."""
    edoc = ctx.edoc
    if edoc is None:
        return []
    key = f"{H}/SteeringType"
    value = edoc.header.steering_type
    slist = codes.steering_type()
    if not present(value):
        return [missing("QCVN102-STEERING", ctx, key, "loại chỉ đạo", "the steering type",
                        expected=slist.describe(), found=None if value is None else repr(value))]
    assert value is not None
    if value.strip() not in slist.values:
        return [finding("QCVN102-STEERING", Status.FAIL,
                        f"Loại chỉ đạo (SteeringType) '{value}' không thuộc danh mục",
                        f"SteeringType '{value}' is not on the code list",
                        expected=slist.describe(), found=repr(value), location=ctx.loc(key))]
    return [passed("QCVN102-STEERING", ctx, key, f"Loại chỉ đạo {value} thuộc danh mục",
                   f"SteeringType {value} is on the code list", found=value)]


@covers("QD28-10.2n", "QD28-10.2p", "QCVN102-DATETIME")
def check_trace(ctx: Context) -> list[Finding]:
    """For a document package, QD28-10.2p (history: TraceHeaderList) and QD28-10.2n (the time
    of sending: a TraceHeader with a Timestamp); every trace timestamp in yyyy/MM/dd HH:mm:ss."""
    from conformance.timing.formats import check_edxml_datetime

    traces = ctx.package.trace_headers
    out: list[Finding] = []
    if ctx.edoc is None:
        pass  # a status package is itself part of the history; its TraceHeaderList is optional
    elif traces is None:
        out.append(missing("QD28-10.2p", ctx, "edXMLHeader/TraceHeaderList",
                           "lịch sử gửi, nhận", "the sending and receiving history"))
    else:
        out.append(passed("QD28-10.2p", ctx, "TraceHeaderList",
                          f"Có lịch sử gửi, nhận: {len(traces)} TraceHeader",
                          f"The sending and receiving history is given: {len(traces)} TraceHeader",
                          found=str(len(traces))))
    stamps = [(i, t.timestamp) for i, t in enumerate(traces or (), start=1)]
    for i, stamp in stamps:
        if stamp is not None:
            out.extend(check_edxml_datetime(stamp, location=ctx.loc(f"TraceHeader[{i}]/Timestamp")))
    if ctx.edoc is not None:
        given = [(i, s) for i, s in stamps if present(s)]
        if given:
            out.append(passed("QD28-10.2n", ctx, f"TraceHeader[{given[0][0]}]/Timestamp",
                              f"Có thời gian gửi: {given[0][1]}",
                              f"The time of sending is given: {given[0][1]}", found=given[0][1]))
        else:
            if traces is None:
                key = "edXMLHeader/TraceHeaderList/TraceHeader"
            elif not traces:
                key = "TraceHeaderList/TraceHeader"
            else:
                key = "TraceHeader[1]/Timestamp"
            out.append(missing("QD28-10.2n", ctx, key, "thời gian gửi (TraceHeader/Timestamp)",
                               "the time of sending (TraceHeader/Timestamp)"))
    return out


@covers("QD28-10.2o", "QCVN102-DATE")
def check_due_date(ctx: Context) -> list[Finding]:
    """QD28-10.2o: the processing deadline (DueDate), in yyyy/MM/dd. Not every document has
    one, so its absence is a warning (catalog severity)."""
    edoc = ctx.edoc
    if edoc is None:
        return []
    key = f"{H}/DueDate"
    due = edoc.header.due_date
    if not present(due):
        return [missing("QD28-10.2o", ctx, key, "thời hạn xử lý", "the processing deadline",
                        found=None if due is None else repr(due))]
    assert due is not None
    return [passed("QD28-10.2o", ctx, key, f"Có thời hạn xử lý: {due}",
                   f"The processing deadline is given: {due}", found=due),
            *check_edxml_date(due, location=ctx.loc(key))]


@covers("QD28-10.2q")
def check_other_info(ctx: Context) -> list[Finding]:
    """QD28-10.2q: other information "nếu có" — reported, never failed."""
    edoc = ctx.edoc
    if edoc is None:
        return []
    if edoc.header.other_info is None:
        return [finding("QD28-10.2q", Status.NOT_APPLICABLE,
                        "Không có thông tin khác (OtherInfo) — không bắt buộc",
                        "No other information (OtherInfo) — optional",
                        location=ctx.loc(f"{H}/OtherInfo"))]
    return [passed("QD28-10.2q", ctx, f"{H}/OtherInfo", "Có thông tin khác (OtherInfo)",
                   "Other information (OtherInfo) is given")]


def _date(text: str | None) -> datetime | None:
    parsed = parse_edxml_date(text) if present(text) else None
    if parsed is None:
        return None
    return datetime(parsed.year, parsed.month, parsed.day, tzinfo=VN_TZ)


@covers("QCVN102-DATE-ORDER")
def check_date_order(ctx: Context) -> list[Finding]:
    """QCVN102-DATE-ORDER: PromulgationDate not after the reference moment; DueDate not before
    PromulgationDate."""
    edoc = ctx.edoc
    if edoc is None:
        return []
    h = edoc.header
    key = f"{H}/PromulgationInfo/PromulgationDate"
    issued = _date(h.promulgation_info.date if h.promulgation_info else None)
    if issued is None:
        return []
    out: list[Finding] = []
    if ctx.at is None:
        out.append(finding(
            "QCVN102-DATE-ORDER", Status.NOT_APPLICABLE,
            "Không có thời điểm tham chiếu (--at, TraceHeader) để so với ngày ban hành",
            "No reference moment (--at, TraceHeader) to compare the promulgation date with",
            location=ctx.loc(key), severity=Severity.INFO))
    elif issued.date() > ctx.at.date():
        out.append(finding(
            "QCVN102-DATE-ORDER", Status.FAIL, "Ngày ban hành sau thời điểm kiểm tra",
            "The promulgation date is after the reference moment",
            expected=f"≤ {ctx.at.date().isoformat()} ({ctx.at_source})",
            found=h.promulgation_info.date if h.promulgation_info else None,
            location=ctx.loc(key),
            evidence={"reference_moment": ctx.at.isoformat(), "source": ctx.at_source}))
    else:
        out.append(passed("QCVN102-DATE-ORDER", ctx, key,
                          f"Ngày ban hành không sau thời điểm kiểm tra ({ctx.at.isoformat()}, "
                          f"{ctx.at_source})",
                          f"The promulgation date is not after the reference moment "
                          f"({ctx.at.isoformat()}, {ctx.at_source})",
                          found=h.promulgation_info.date if h.promulgation_info else None))
    due = _date(h.due_date)
    if due is not None:
        if due < issued:
            out.append(finding(
                "QCVN102-DATE-ORDER", Status.FAIL, "Hạn xử lý (DueDate) trước ngày ban hành",
                "The due date is before the promulgation date",
                expected=f"≥ {h.promulgation_info.date if h.promulgation_info else ''}",
                found=h.due_date, location=ctx.loc(f"{H}/DueDate")))
        else:
            out.append(passed("QCVN102-DATE-ORDER", ctx, f"{H}/DueDate",
                              "Hạn xử lý không trước ngày ban hành",
                              "The due date is not before the promulgation date",
                              found=h.due_date))
    return out
