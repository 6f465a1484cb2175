"""Issuing a document (văn bản đi): number it, produce and sign the PDF, sign the separate-file
attachments, build the edXML package and send it through the axis within the dispatch deadline.

Order of work (NĐ 30 Điều 14–15, LC2019 Điều 9):
1. the number and the số và ký hiệu are taken from the outgoing register (series per type and
   year from 01; legal documents their own series per type), the DocumentId formed (QCVN 102);
2. the PDF: the competent person signs the draft, the clerk fills number and date, the
   organisation signs (seal over the left third of the person's signature; organisation name and
   time under tt01-2019; the urgency-stamp signature where the profile asks) — or, for a
   digitised document or a copy, one organisation signature at the top right;
3. each separate-file appendix gets the organisation's signature with the số và ký hiệu;
4. the package: every QD28-10.2 field, Priority for urgent documents, Vietnam times;
5. sent at once, so the profile's dispatch deadline (next working day's cut-off, or
   `urgent_max_delay_minutes` for urgent documents) is met; the deadline is kept in the register.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, replace

from conformance.edxml.model import Business, EdocPackage, ResponseFor, TraceHeader
from conformance.edxml.rules.secrecy import secrecy_marking
from conformance.timing.calendar import default_calendar
from conformance.timing.deadlines import dispatch_deadline
from conformance.timing.formats import VN_TZ, format_edxml_date
from reference_axis.reference_qlvb import packages, pdfs
from reference_axis.reference_qlvb.config import AgencyProfile, Person
from reference_axis.reference_qlvb.core import Core
from reference_axis.reference_qlvb.errors import AgentError
from reference_axis.reference_qlvb.models import (
    FORMS,
    IssueRequest,
    IssueResult,
    Problem,
    copy_form_of,
)
from reference_axis.reference_qlvb.numbering import Series, classify, notation, number_text
from reference_axis.reference_qlvb.store import OutgoingRecord

PDF = "application/pdf"
LATE_WORKING_DAYS = 3
#: states of the outgoing register, for messages
STATE_TEXT = {
    "issuing": "đang ban hành", "failed": "không tạo được văn bản", "sent": "đã gửi",
    "send_failed": "gửi không thành công", "revocation_requested": "đang thu hồi",
    "revoked": "đã thu hồi", "revocation_refused": "bị từ chối thu hồi",
    "replaced": "đã bị thay thế",
}
DESCRIPTIONS = {"born_digital": "Văn bản chính", "digitised": "Văn bản số hóa",
                "copy": "Bản sao điện tử"}


def description(form: str, copy_form: str | None) -> str:
    """The main file's description; a copy's keeps the words "bản sao" (receivers tell the PDF's
    role by them) and names its form: "Bản sao điện tử (trích sao)"."""
    if form == "copy" and copy_form:
        return f"{DESCRIPTIONS['copy']} ({copy_form})"
    return DESCRIPTIONS[form]


@dataclass(frozen=True)
class Prepared:
    """A request checked against the configuration, ready to number."""

    agency: AgencyProfile
    signer: Person
    series: Series
    recipients: tuple[str, ...]
    priority: str
    due: dt.date | None
    copy_form: str | None = None  # canonical ("sao y", "sao lục", "trích sao") for a copy


def prepare(core: Core, req: IssueRequest) -> Prepared:
    agency = core.agency(req.agency)
    signer = agency.signer(req.signer)
    if signer is None:
        raise AgentError("bad_request", f"'{req.signer}' không phải người ký của {agency.name}",
                         f"'{req.signer}' is not a signer of {agency.name}")
    if not req.subject.strip():
        raise AgentError("bad_request", "Thiếu trích yếu văn bản", "The subject is empty")
    mark = next(filter(None, map(secrecy_marking, (req.subject, req.content, *req.body))), None)
    if mark is not None:  # LC2019-5.2: secret documents go by the secret channel, not the axis
        raise AgentError("bad_request", f"Văn bản mang dấu chỉ độ mật \"{mark}\": văn bản có nội "
                         "dung thuộc bí mật nhà nước không gửi qua Trục liên thông (khoản 2 "
                         "Điều 5 Quy chế tỉnh Lào Cai 2019)",
                         f"The document carries the secrecy marking \"{mark}\": documents "
                         "containing state secrets are not sent through the axis")
    recipients = tuple(dict.fromkeys(r.strip() for r in req.recipients if r.strip()))
    if not recipients:
        raise AgentError("bad_request", "Văn bản phải có nơi nhận", "The document needs recipients")
    if agency.code in recipients:
        raise AgentError("bad_request", "Cơ quan không gửi văn bản cho chính mình",
                         "An agency does not send a document to itself")
    known = core.directory()
    unknown = [r for r in recipients if known and r not in known]
    if unknown:
        raise AgentError("bad_request",
                         f"Cơ quan nhận không có trên trục: {', '.join(unknown)}",
                         f"Recipients not on the axis: {', '.join(unknown)}")
    try:
        priority = packages.priority_code(req.urgency)
    except ValueError:
        raise AgentError("bad_request", f"Độ khẩn không hợp lệ: {req.urgency!r} (KHẨN, THƯỢNG "
                         "KHẨN, HỎA TỐC)", f"Unknown urgency {req.urgency!r}") from None
    if req.form not in FORMS:
        raise AgentError("bad_request", f"form phải là một trong {', '.join(FORMS)}",
                         f"form must be one of {', '.join(FORMS)}")
    copy_form = copy_form_of(req.form, req.copy_form)
    if copy_form is not None:
        # one series for every copy form, the form's abbreviation in the notation (SY, SL, TrS)
        series = classify(req.type_name, copy_form=copy_form)
    else:
        series = classify(req.type_name, legal=req.legal,
                          numbering=core.settings.numbering)
    due = None
    if req.due_date:
        try:
            due = dt.date.fromisoformat(req.due_date)
        except ValueError:
            raise AgentError("bad_request", f"Hạn xử lý không hợp lệ: {req.due_date!r} "
                             "(yyyy-mm-dd)", f"Invalid due date {req.due_date!r}") from None
    return Prepared(agency, signer, series, recipients, priority, due, copy_form)


def signing_times(core: Core, now: dt.datetime) -> pdfs.SigningTimes:
    """When the document was signed: just before sending; three working days earlier for the
    `send_late` variant."""
    if not core.behaviour.send_late:
        return pdfs.SigningTimes.before(now)
    cal = default_calendar()
    day = now.date()
    for _ in range(LATE_WORKING_DAYS):
        day = cal.previous_working_day(day)
    base = dt.datetime.combine(day, dt.time(15, 0), VN_TZ)
    return pdfs.SigningTimes(base, base + dt.timedelta(minutes=10),
                             base + dt.timedelta(minutes=20),
                             base + dt.timedelta(minutes=20, seconds=30))


def _ascii_name(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    kept = "".join(c for c in folded if not unicodedata.combining(c))
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in kept)


def _files(core: Core, req: IssueRequest, p: Prepared, *, number: str, note: str,
           date: dt.date, times: pdfs.SigningTimes, urgency: str | None
           ) -> tuple[tuple[packages.FileItem, ...], tuple[str, ...]]:
    """The document's files (the document itself first) and the titles of its appendixes."""
    b, profile = core.behaviour, core.settings.profile
    code = f"{number}/{note}"
    names = core.directory()
    if req.form == "born_digital":
        main = pdfs.main_document(pdfs.MainDocument(
            agency=p.agency, signer=p.signer, number=number, notation=note, date=date,
            type_name=None if p.series.kind == "cong_van" else p.series.type_name,
            subject=req.subject, recipients=tuple(names.get(r) or r for r in p.recipients),
            body=req.body, urgency=urgency, profile=profile, times=times, behaviour=b))
    else:
        main = pdfs.corner_document(pdfs.CornerDocument(
            kind="scan" if req.form == "digitised" else "copy", agency=p.agency,
            signer=p.signer, code=code, number=number, notation=note, date=date,
            title=req.subject, profile=profile, when=times.organisation, behaviour=b,
            copy_form=(p.copy_form or "sao y").upper()))
    items = [packages.FileItem(_ascii_name(f"{number}-{note}") + ".pdf", main, PDF,
                               description(req.form, p.copy_form))]
    appendixes: list[str] = []
    for i, att in enumerate(req.attachments, start=1):
        data = att.content()
        title = att.title or f"Phụ lục {i}"
        if data is None:
            data = pdfs.corner_document(pdfs.CornerDocument(
                kind="attachment", agency=p.agency, signer=p.signer, code=code, number=number,
                notation=note, date=date, title=title, profile=profile,
                when=times.organisation + dt.timedelta(seconds=20 * i), behaviour=b))
            content_type = PDF
            appendixes.append(title)
        else:
            content_type = att.content_type or "application/octet-stream"
        items.append(packages.FileItem(_ascii_name(att.name), data, content_type,
                                       f"Phụ lục {i}: {title}"))
    return tuple(items), tuple(appendixes)


def _reply_to(core: Core, req: IssueRequest, agency: AgencyProfile) -> tuple[ResponseFor, ...]:
    if not req.in_reply_to:
        return ()
    received = core.store.incoming(agency.code, req.in_reply_to)
    if received is None:
        raise AgentError("not_found", f"Không có văn bản đến '{req.in_reply_to}' để phúc đáp",
                         f"No received document '{req.in_reply_to}' to answer")
    return (ResponseFor(organ_id=received.sender, code=received.code,
                        promulgation_date=received.promulgation_date,
                        document_id=received.document_id),)


def issue(core: Core, req: IssueRequest, *, business: Business | None = None,
          replaces: str | None = None) -> IssueResult:
    """Issue and send one document. AgentError for a request the agent cannot carry out; a
    refusal by the axis comes back as `state="send_failed"` with the axis' error."""
    p = prepare(core, req)
    b = core.behaviour
    now = core.now()
    times = signing_times(core, now)
    date = times.organisation.astimezone(VN_TZ).date()
    year = date.year
    response_for = _reply_to(core, req, p.agency)
    with core.store.transaction():
        n = core.store.next_number(p.agency.code, p.series.key, year)
        number, note = number_text(n), notation(p.series, p.agency, year)
        code = f"{number}/{note}"
        doc_id = packages.written_document_id(p.agency, date, n, note, b)
        record = core.store.add_outgoing(
            agency=p.agency.code, year=year, series=p.series.key, number=n, number_text=number,
            notation=note, code=code, document_id=doc_id,
            promulgation_date=format_edxml_date(date), type_name=p.series.type_name,
            subject=req.subject, priority=p.priority, form=req.form, recipients=p.recipients,
            state="issuing", issued_at=core.iso(now), signed_at=core.iso(times.organisation),
            replaces=replaces)
        core.history(direction="out", record_id=record.id, document_id=doc_id,
                     agency=p.agency.code, code="issued", event="local",
                     description=f"Cấp số {code}", at=now)
    urgency = packages.URGENCY_LABEL.get(p.priority)
    try:
        items, appendixes = _files(core, req, p, number=number, note=note, date=date,
                                   times=times, urgency=urgency)
    except AgentError:
        core.store.update_outgoing(record.id, state="failed", error="bad attachment")
        raise
    except Exception as exc:  # the document could not be produced: keep the number, say why
        core.store.update_outgoing(record.id, state="failed", error=f"{type(exc).__name__}")
        raise AgentError("internal", f"Không tạo được tệp văn bản: {type(exc).__name__}",
                         f"Could not produce the document file: {type(exc).__name__}: {exc}"
                         ) from exc
    due = p.due or default_calendar().add_working_days(date, core.settings.due_days)
    content = packages.EdocContent(
        agency=p.agency, recipients=core.recipients(p.recipients), document_id=doc_id,
        number=number,
        notation=note, date=date, type_name=p.series.type_name, subject=req.subject,
        signer=p.signer, priority=p.priority, due_date=due, files=items, sent_at=now,
        content=req.content, business=business, response_for=response_for,
        appendixes=appendixes, legal=req.legal)
    package = packages.edoc(content, b)
    assert package.header.document_id == doc_id
    data = packages.build(package)
    deadline = _deadline(core, times.organisation, urgent=p.priority != "0")
    return send(core, record, data, deadline=deadline)


def _deadline(core: Core, signed: dt.datetime, *, urgent: bool) -> dt.datetime | None:
    prof = core.profile
    try:
        return dispatch_deadline(signed, cutoff=prof["dispatch_cutoff"], urgent=urgent,
                                 urgent_max_delay_minutes=prof["urgent_max_delay_minutes"])
    except (KeyError, ValueError):
        return None


def send(core: Core, record: OutgoingRecord, data: bytes, *,
         deadline: dt.datetime | None) -> IssueResult:
    """Send a built package to the record's recipients and note the outcome in the register."""
    agency = core.agency(record.agency)
    reply = core.post(data, agency.code, record.recipients)
    sent_at = core.now()
    if reply.ok:
        record = core.store.update_outgoing(
            record.id, state="sent", sent_at=core.iso(sent_at), axis_doc_id=reply.doc_id,
            package=data, deadline=core.iso(deadline) if deadline else None, error=None)
        late = deadline is not None and sent_at > deadline
        core.history(direction="out", record_id=record.id, document_id=record.document_id,
                     agency=agency.code, code="sent", event="local", at=sent_at,
                     description="Đã gửi lên trục" + (" (quá hạn gửi)" if late else ""),
                     axis_doc_id=reply.doc_id)
        core.emit("sent", agency.code,
                  f"{agency.name} gửi văn bản {record.code} \"{record.subject}\" cho "
                  f"{core.names(record.recipients)}",
                  f"{agency.name} sends document {record.code} \"{record.subject}\" to "
                  f"{core.names(record.recipients)}", document_id=record.document_id)
        error = None
    else:
        text = reply.error_desc or reply.error or f"ErrorCode {reply.error_code}"
        record = core.store.update_outgoing(
            record.id, state="send_failed", package=data, error=text,
            deadline=core.iso(deadline) if deadline else None)
        core.history(direction="out", record_id=record.id, document_id=record.document_id,
                     agency=agency.code, code="send_failed", event="local", at=sent_at,
                     description=f"Trục không nhận: {text}")
        error = Problem("axis_error", f"Trục không nhận văn bản: {text}",
                        f"The axis refused the document: {text}")
    return result_of(record, error)


def resend(core: Core, document_id: str) -> IssueResult:
    """Send again a document the axis did not take (state send_failed): same number, same
    files, a fresh sending time."""
    record = core.store.outgoing(document_id)
    if record is None:
        raise AgentError("not_found", f"Không có văn bản đi '{document_id}'",
                         f"No issued document '{document_id}'")
    if record.state != "send_failed" or not record.package:
        raise AgentError("conflict", f"Văn bản {record.code} không ở trạng thái gửi lỗi",
                         f"Document {record.code} is not waiting to be sent again")
    parsed = packages.read(record.package).package
    if not isinstance(parsed, EdocPackage):
        raise AgentError("internal", "Không đọc được gói tin đã lưu",
                         "The stored package cannot be read")
    agency = core.agency(record.agency)
    own = packages.render_code(agency.code, core.behaviour, agency.qd20_code)
    now = core.now()
    package = replace(parsed, trace_headers=(
        TraceHeader(own, packages.edxml_time(now, core.behaviour)),))
    deadline = dt.datetime.fromisoformat(record.deadline) if record.deadline else _deadline(
        core, dt.datetime.fromisoformat(record.signed_at or core.iso(now)),
        urgent=(record.priority or "0") != "0")
    return send(core, record, packages.build(package), deadline=deadline)


def result_of(record: OutgoingRecord, error: Problem | None = None) -> IssueResult:
    return IssueResult(
        document_id=record.document_id, agency=record.agency, code=record.code,
        number=record.number_text, notation=record.notation,
        promulgation_date=record.promulgation_date.replace("/", "-"),
        recipients=record.recipients, state=record.state, signed_at=record.signed_at,
        deadline=record.deadline, sent_at=record.sent_at, axis_doc_id=record.axis_doc_id,
        error=error)
