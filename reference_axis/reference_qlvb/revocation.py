"""Revocation (thu hồi), update (cập nhật) and replacement (thay thế) — edxml.md §3.9.

As the sender:
* `revoke` — a status package 13 with the reason (setting `revocation="status"`) or a document
  package with BussinessDocType 1 (`"business"`), to every receiver (QD28-8.2, LC2019-9.4); the
  receivers' 15 / 16 answers are recorded (`handle_answer`): revoked once every receiver agreed,
  `revocation_refused` on a 16;
* `update` — BussinessDocType 2: a new subject (DocumentInfo = 1) and/or receivers added (1) or
  removed (0) (DocumentReceiver = 1, ReceiverList), sent to the old and the new receivers;
* `replace` — a new document (its own number) with BussinessDocType 3 naming the replaced
  DocumentId and the agencies that hold it; the old record is marked replaced.

As the receiver (QD28-9.2, LC2019-7.3), a revocation, an update or a replacement of a document
in the incoming register is a *change request* the clerk answers (`answer_change`, the driver's
`change_answer`): agreeing carries it out and answers 15 — a revocation cancels the document, an
update changes the record (or cancels it for a receiver that was removed), a replacement marks
the replaced document — and refusing answers 16 with the clerk's reason in the Description,
the record unchanged.

When to answer by itself — the rule: a request fetched in one processing round (`poll`) waits
for the clerk until the start of the next round; then the agent agrees on its own
(`answer_waiting`, answered_by "agent"). A background poller thus answers within one polling
interval; a product driven round by round (the suite's builtin driver) leaves the clerk the time
between the round that fetched the request and the next one.

Answered at once, with nothing to decide: 16 for a request on a document not in the register,
16 for a revocation of a completed document, 15 again for a repeated revocation of a document
already cancelled. Only the document's sender may change it (QD28-8.2): a request from another
agency is kept aside (orphans) and left unanswered — a 16 would tell that agency the document
is in our registers (DN35-5) — and the record stays as it was.
"""

from __future__ import annotations

from dataclasses import replace as dc_replace

from conformance.edxml.model import (
    Business,
    BusinessDocumentInfo,
    EdocPackage,
    Receiver,
    ReplacementInfo,
    ResponseFor,
    StatusPackage,
    TraceHeader,
)
from reference_axis.reference_qlvb import issuing, packages
from reference_axis.reference_qlvb.config import AgencyProfile
from reference_axis.reference_qlvb.core import Core
from reference_axis.reference_qlvb.errors import AgentError
from reference_axis.reference_qlvb.models import ActionResult, IssueRequest, IssueResult
from reference_axis.reference_qlvb.store import ChangeRequest, IncomingRecord, OutgoingRecord

CHANGEABLE = frozenset({"sent", "revocation_refused"})


# --- as the sender -------------------------------------------------------------------------------

def _sent_record(core: Core, document_id: str) -> OutgoingRecord:
    record = core.store.outgoing(document_id)
    if record is None:
        raise AgentError("not_found", f"Không có văn bản đi '{document_id}'",
                         f"No issued document '{document_id}'")
    if record.state not in CHANGEABLE:
        raise AgentError("conflict", f"Văn bản {record.code} đang ở trạng thái '{record.state}', "
                         "không thu hồi, cập nhật hay thay thế được",
                         f"Document {record.code} is '{record.state}': it cannot be revoked, "
                         "updated or replaced")
    return record


def _reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise AgentError("bad_request", "Phải nêu lý do", "A reason is required")
    return reason.strip()


def _own_response_for(core: Core, record: OutgoingRecord) -> ResponseFor:
    agency = core.agency(record.agency)
    return ResponseFor(organ_id=packages.render_code(agency.code, core.behaviour,
                                                     agency.qd20_code),
                       code=record.code, promulgation_date=record.promulgation_date,
                       document_id=record.document_id)


def _original(record: OutgoingRecord) -> EdocPackage:
    parsed = packages.read(record.package or b"")
    if not isinstance(parsed.package, EdocPackage):
        raise AgentError("internal", "Không đọc được gói tin đã gửi của văn bản",
                         "The document's sent package cannot be read")
    return parsed.package


def _business(agency: AgencyProfile, doc_type: str, reason: str, record: OutgoingRecord,
              document_info: tuple[BusinessDocumentInfo, ...] = ()) -> Business:
    return Business(doc_type=doc_type, doc_reason=reason, document_id=record.document_id,
                    paper="0", staff_info=(packages.staff(agency.clerk),),
                    document_info=document_info)


def _send_edoc(core: Core, agency: AgencyProfile, package: EdocPackage, to: list[str]) -> str:
    now = core.now()
    own = packages.render_code(agency.code, core.behaviour, agency.qd20_code)
    package = dc_replace(package, trace_headers=(
        TraceHeader(own, packages.edxml_time(now, core.behaviour)),))
    reply = core.post(packages.build(package), agency.code, to)
    if not reply.ok:
        text = reply.error_desc or reply.error or f"ErrorCode {reply.error_code}"
        raise AgentError("axis_error", f"Trục không nhận gói tin: {text}",
                         f"The axis refused the package: {text}")
    return reply.doc_id or ""


def revoke(core: Core, document_id: str, reason: str, *, mechanism: str | None = None
           ) -> ActionResult:
    with core.lock:
        record = _sent_record(core, document_id)
        reason = _reason(reason)
        mech = mechanism or core.settings.revocation
        if mech not in ("status", "business"):
            raise AgentError("bad_request", "mechanism phải là status hoặc business",
                             "mechanism must be status or business")
        agency = core.agency(record.agency)
        if core.behaviour.revoke_without_notice:
            record = core.store.update_outgoing(record.id, state="revoked")
            core.history(direction="out", record_id=record.id, document_id=document_id,
                         agency=agency.code, code="revoked", event="local",
                         description=f"Thu hồi trên hệ thống (không thông báo): {reason}")
            return ActionResult(document_id, "revoke", record.state, None,
                                message="Đã thu hồi trên hệ thống")
        if mech == "status":
            ok = core.send_status(agency, _own_response_for(core, record), "13", reason,
                                  to=list(record.recipients), direction="out",
                                  record_id=record.id, document_id=document_id)
            if not ok:
                raise AgentError("axis_error", "Trục không nhận gói tin thu hồi (13)",
                                 "The axis refused the revocation status package (13)")
            sent = "13"
        else:
            package = dc_replace(_original(record),
                                 business=_business(agency, "1", reason, record))
            axis_id = _send_edoc(core, agency, package, list(record.recipients))
            core.history(direction="out", record_id=record.id, document_id=document_id,
                         agency=agency.code, code="revoke", event="sent",
                         party=", ".join(record.recipients), axis_doc_id=axis_id,
                         description=f"Gói tin thu hồi (BussinessDocType 1): {reason}")
            sent = "edoc:1"
        record = core.store.update_outgoing(record.id, state="revocation_requested",
                                            pending_change="revoke")
        core.history(direction="out", record_id=record.id, document_id=document_id,
                     agency=agency.code, code="revocation_requested", event="local",
                     description=reason)
        core.emit("revoke", agency.code,
                  f"{agency.name} thu hồi văn bản {record.code}: {reason}",
                  f"{agency.name} revokes document {record.code}: {reason}",
                  document_id=document_id)
        return ActionResult(document_id, "revoke", record.state, sent,
                            message="Đã gửi yêu cầu thu hồi")


def update(core: Core, document_id: str, reason: str, *, add_recipients: tuple[str, ...] = (),
           remove_recipients: tuple[str, ...] = (), subject: str | None = None) -> ActionResult:
    with core.lock:
        record = _sent_record(core, document_id)
        reason = _reason(reason)
        agency = core.agency(record.agency)
        added = tuple(r for r in dict.fromkeys(add_recipients) if r not in record.recipients)
        removed = tuple(r for r in dict.fromkeys(remove_recipients) if r in record.recipients)
        if not (added or removed or (subject and subject.strip())):
            raise AgentError("bad_request", "Không có gì để cập nhật (trích yếu, nơi nhận)",
                             "Nothing to update (subject, receivers)")
        new_recipients = tuple(r for r in record.recipients if r not in removed) + added
        if not new_recipients:
            raise AgentError("bad_request", "Văn bản phải còn ít nhất một nơi nhận",
                             "The document must keep at least one receiver")
        original = _original(record)
        receivers = tuple(Receiver(r, "1") for r in added) + tuple(Receiver(r, "0")
                                                                   for r in removed)
        info = BusinessDocumentInfo(document_info="1" if subject else "0",
                                    document_receiver="1" if receivers else "0",
                                    receivers=receivers or None)
        header = dc_replace(original.header, subject=subject or original.header.subject,
                            to=core.recipients(new_recipients))
        package = dc_replace(original, header=header, business=_business(
            agency, "2", reason, record, document_info=(info,)))
        targets = list(dict.fromkeys((*record.recipients, *added)))
        axis_id = _send_edoc(core, agency, package, targets)
        record = core.store.update_outgoing(record.id, recipients=new_recipients,
                                            subject=subject or record.subject,
                                            pending_change="update")
        core.history(direction="out", record_id=record.id, document_id=document_id,
                     agency=agency.code, code="update", event="sent", party=", ".join(targets),
                     axis_doc_id=axis_id, description=f"Cập nhật (BussinessDocType 2): {reason}")
        core.emit("update", agency.code, f"{agency.name} cập nhật văn bản {record.code}: {reason}",
                  f"{agency.name} updates document {record.code}: {reason}",
                  document_id=document_id)
        return ActionResult(document_id, "update", record.state, "edoc:2",
                            message="Đã gửi cập nhật")


def replace(core: Core, document_id: str, request: IssueRequest, reason: str) -> IssueResult:
    with core.lock:
        record = _sent_record(core, document_id)
        reason = _reason(reason)
        agency = core.agency(record.agency)
        if not request.recipients:
            request = dc_replace(request, recipients=record.recipients)
        request = dc_replace(request, agency=record.agency)
        business = Business(doc_type="3", doc_reason=reason, paper="0",
                            staff_info=(packages.staff(agency.clerk),),
                            replacements=(ReplacementInfo(record.document_id,
                                                          tuple(record.recipients)),))
        result = issuing.issue(core, request, business=business, replaces=record.document_id)
        if result.state == "sent":
            core.store.update_outgoing(record.id, state="replaced", pending_change="replace")
            core.history(direction="out", record_id=record.id, document_id=document_id,
                         agency=agency.code, code="replaced", event="local",
                         description=f"Thay thế bằng văn bản {result.code}: {reason}")
        return result


def handle_answer(core: Core, record: OutgoingRecord, package: StatusPackage,
                  axis_doc_id: str) -> None:
    """A receiver's 15 / 16 to a revocation or an update of a document we issued."""
    code = (package.status_code or "").strip()
    party = package.from_.organ_id if package.from_ else None
    core.history(direction="out", record_id=record.id, document_id=record.document_id,
                 agency=record.agency, code=code, event="received", party=party,
                 description=package.description, axis_doc_id=axis_doc_id)
    agency = core.agency(record.agency)
    if record.pending_change == "revoke":
        entries = core.store.history("out", record.id)
        start = max((e.id for e in entries if e.code == "revocation_requested"), default=0)
        answers = {e.party: e.code for e in entries
                   if e.id > start and e.event == "received" and e.code in ("15", "16")}
        if "16" in answers.values():
            core.store.update_outgoing(record.id, state="revocation_refused")
        elif all(any(answers.get(alias) == "15" for alias in _aliases(r))
                 for r in record.recipients):
            core.store.update_outgoing(record.id, state="revoked")
    word_vi = "đồng ý" if code == "15" else "từ chối"
    word_en = "agrees to" if code == "15" else "refuses"
    core.emit("change_answer", agency.code,
              f"{core.name(party)} {word_vi} yêu cầu đối với văn bản {record.code}"
              + (f": {package.description}" if package.description else ""),
              f"{core.name(party)} {word_en} the request on document {record.code}"
              + (f": {package.description}" if package.description else ""),
              code=code, document_id=record.document_id, party=party)


def _aliases(code: str) -> tuple[str, ...]:
    from conformance.identifiers.agency_code import parse_agency_code, to_qd20

    parsed = parse_agency_code(code)
    qd20 = to_qd20(parsed) if parsed is not None else None
    return (code, qd20.format()) if qd20 is not None else (code,)


# --- as the receiver -----------------------------------------------------------------------------

#: kind of change request → its name in messages (Vietnamese, English) and its history code
KIND_VI = {"revoke": "thu hồi", "remove": "cập nhật", "update": "cập nhật", "replace": "thay thế"}
KIND_EN = {"revoke": "revocation", "remove": "update", "update": "update",
           "replace": "replacement"}
REFUSED_COMPLETED = "Từ chối thu hồi: văn bản đã được xử lý xong (đã hoàn thành)"
ARRIVAL_CODE = {"revoke": "13", "remove": "update", "update": "update", "replace": "replace"}


def _answer(core: Core, agency: AgencyProfile, answered: ResponseFor, code: str, text: str,
            *, to: str | None, record: IncomingRecord | None) -> None:
    if record is not None:
        core.send_status(agency, answered, code, text, to=[to or ""], direction="in",
                         record_id=record.id, document_id=record.document_id)
        return
    # no record to hang it on: send, and note it in the orphans table
    now = core.now()
    status = packages.status(agency, answered, code, text, now, core.behaviour)
    reply = core.post(packages.build(status), agency.code, [to] if to else None, "status")
    core.store.add_orphan(axis_doc_id=reply.doc_id, at=core.iso(now), from_code=agency.code,
                          status_code=code, response_for=answered.document_id, description=text,
                          reason="trả lời yêu cầu cho văn bản không có trong sổ")


def _from_sender(record: IncomingRecord, requester: str | None) -> bool:
    """Whether the request comes from the agency that sent the document (either form of its
    code: QCVN 102 or QĐ 20)."""
    if not requester or not record.sender:
        return False
    return bool(set(_aliases(requester.strip())) & set(_aliases(record.sender.strip())))


def _ignore_foreign(core: Core, agency: AgencyProfile, record: IncomingRecord, kind: str,
                    requester: str | None, reason: str | None, axis_doc_id: str | None) -> None:
    """Only the sender may revoke, update or replace its document (QD28-8.2): a request from
    any other agency is kept aside and left unanswered — a 16 would tell that agency the
    document is in our registers (DN35-5) — and the record stays as it was."""
    core.store.add_orphan(axis_doc_id=axis_doc_id, at=core.iso(core.now()), from_code=requester,
                          status_code=ARRIVAL_CODE[kind], response_for=record.document_id,
                          description=reason,
                          reason=f"yêu cầu {KIND_VI[kind]} của cơ quan không phải Bên gửi văn "
                                 f"bản ({record.sender}): bỏ qua")
    core.emit("foreign_request", agency.code,
              f"{agency.name} bỏ qua yêu cầu {KIND_VI[kind]} văn bản {record.code} của "
              f"{core.name(requester)}: không phải Bên gửi văn bản",
              f"{agency.name} ignores the {KIND_EN[kind]} of document {record.code} by "
              f"{core.name(requester)}: not the document's sender",
              document_id=record.document_id, party=requester)


def _take_request(core: Core, agency: AgencyProfile, record: IncomingRecord, kind: str,
                  answered: ResponseFor, requester: str | None, reason: str | None, *,
                  axis_doc_id: str | None, subject: str | None = None,
                  package: bytes | None = None, replacement: str | None = None) -> None:
    """Register a change request of the document's sender for the clerk (answered by the
    agent in a later round when nobody does, see `answer_waiting`). What needs no decision is
    answered at once: a revocation of a completed document is refused (16), a repeated
    revocation of a cancelled or replaced one agreed again (15)."""
    core.history(direction="in", record_id=record.id, document_id=record.document_id,
                 agency=agency.code, code=ARRIVAL_CODE[kind], event="received", party=requester,
                 description=reason, axis_doc_id=axis_doc_id)
    if kind in ("revoke", "remove"):
        if record.state == "completed":
            _answer(core, agency, answered, "16", REFUSED_COMPLETED, to=requester,
                    record=record)
            return
        if record.state in ("cancelled", "replaced"):
            _answer(core, agency, answered, "15", "Đồng ý thu hồi, văn bản đã được hủy",
                    to=requester, record=record)
            return
    core.store.add_change_request(
        incoming_id=record.id, agency=agency.code, document_id=record.document_id, kind=kind,
        requester=requester, reason=reason, answered=_rf_dict(answered), subject=subject,
        package=package, replacement=replacement, axis_doc_id=axis_doc_id,
        received_at=core.iso(core.now()), state="pending")
    core.emit("change_request", agency.code,
              f"{core.name(requester)} yêu cầu {KIND_VI[kind]} văn bản {record.code}"
              + (f": {reason}" if reason else "") + " — chờ văn thư quyết định",
              f"{core.name(requester)} asks for the {KIND_EN[kind]} of document {record.code}"
              + (f": {reason}" if reason else "") + " — waiting for the clerk",
              document_id=record.document_id, party=requester, request=kind)


def _rf_dict(rf: ResponseFor) -> dict[str, str | None]:
    return {"organ_id": rf.organ_id, "code": rf.code, "promulgation_date": rf.promulgation_date,
            "document_id": rf.document_id}


def _agree(core: Core, request: ChangeRequest, by: str) -> str:
    """Carry out a change request and answer 15 (16 when a revocation meets a document completed
    meanwhile). Returns the status code sent."""
    store = core.store
    record = store.incoming_by_id(request.incoming_id)
    assert record is not None
    agency = core.agency(request.agency)
    target = record.document_id
    code = "15"
    if request.kind in ("revoke", "remove"):
        if record.state == "completed":
            code, text = "16", REFUSED_COMPLETED
        else:
            text = ("Đồng ý thu hồi, đã hủy văn bản" if request.kind == "revoke" else
                    "Đồng ý cập nhật, đã hủy văn bản (cơ quan không còn là nơi nhận)")
            if record.state not in ("cancelled", "replaced"):
                record = store.update_incoming(
                    record.id, state="cancelled",
                    reason=request.reason or "Thu hồi theo yêu cầu của nơi gửi")
                core.history(direction="in", record_id=record.id, document_id=target,
                             agency=agency.code, code="cancelled", event="local",
                             description="Đã hủy văn bản theo yêu cầu thu hồi")
                core.emit("cancelled", agency.code,
                          f"{agency.name} hủy văn bản {record.code} theo yêu cầu thu hồi",
                          f"{agency.name} cancels document {record.code} as its sender "
                          "revoked it", document_id=target)
    elif request.kind == "update":
        text = "Đồng ý cập nhật, đã cập nhật văn bản"
        if request.subject is not None:
            record = store.update_incoming(record.id, subject=request.subject,
                                           package=request.package)
        core.history(direction="in", record_id=record.id, document_id=target,
                     agency=agency.code, code="updated", event="local",
                     party=request.requester, axis_doc_id=request.axis_doc_id,
                     description=f"Cập nhật: {request.reason or ''}")
        core.emit("updated", agency.code, f"{agency.name} cập nhật văn bản {record.code}",
                  f"{agency.name} updates document {record.code}", document_id=target)
    else:
        text = f"Đồng ý thay thế bằng văn bản {request.replacement}"
        if record.state not in ("replaced", "cancelled"):
            record = store.update_incoming(
                record.id, state="replaced",
                reason=f"Thay thế bằng văn bản {request.replacement}")
            core.history(direction="in", record_id=record.id, document_id=target,
                         agency=agency.code, code="replaced", event="local",
                         description=f"Bị thay thế bằng văn bản {request.replacement}")
    _answer(core, agency, ResponseFor(**request.answered), code, text, to=request.requester,
            record=record)
    store.update_change_request(request.id, state="agreed" if code == "15" else "refused",
                                answered_at=core.iso(core.now()), answered_by=by, answer=text)
    return code


def _refuse(core: Core, request: ChangeRequest, reason: str, by: str) -> str:
    """Answer 16 with the clerk's reason; the record keeps its state and content."""
    record = core.store.incoming_by_id(request.incoming_id)
    assert record is not None
    agency = core.agency(request.agency)
    text = f"Từ chối {KIND_VI[request.kind]}: {reason}"
    _answer(core, agency, ResponseFor(**request.answered), "16", text, to=request.requester,
            record=record)
    core.store.update_change_request(request.id, state="refused",
                                     answered_at=core.iso(core.now()), answered_by=by,
                                     answer=text)
    return "16"


def answer_change(core: Core, document_id: str, agree: bool, *, reason: str | None = None,
                  agency: str | None = None) -> ActionResult:
    """The clerk's answer to the change requests waiting on a received document: agree (carry
    them out, 15) or refuse with a reason (16, the reason in the Description). Every waiting
    request of the document gets the answer, in order of arrival. Asked again with the same
    answer: nothing more is sent; with the other answer: conflict."""
    from reference_axis.reference_qlvb.receiving import find_incoming

    with core.lock:
        record = find_incoming(core, document_id, agency)
        refusal = None if agree else _reason(reason)
        requests = core.store.change_requests(incoming_id=record.id)
        pending = [r for r in requests if r.state == "pending"]
        if not pending:
            if not requests:
                raise AgentError("not_found", f"Không có yêu cầu thu hồi, cập nhật hay thay thế "
                                 f"nào đối với văn bản {record.code}",
                                 f"No revocation, update or replacement request on document "
                                 f"{record.code}")
            last = requests[-1]
            if (last.state == "agreed") == agree:  # asked twice: nothing more to send
                return ActionResult(record.document_id, "change_answer", record.state, None,
                                    record.arrival_number,
                                    f"Yêu cầu {KIND_VI[last.kind]} đã được trả lời: "
                                    f"{last.answer}")
            done_vi = "đồng ý" if last.state == "agreed" else "từ chối"
            done_en = "agreed to" if last.state == "agreed" else "refused"
            raise AgentError("conflict", f"Yêu cầu {KIND_VI[last.kind]} văn bản {record.code} đã "
                             f"được {done_vi} ({last.answer}), không trả lời lại được",
                             f"The {KIND_EN[last.kind]} of document {record.code} was already "
                             f"{done_en} ({last.answer}); it cannot be answered again")
        sent = None
        for request in pending:
            sent = (_agree(core, request, "clerk") if refusal is None
                    else _refuse(core, request, refusal, "clerk"))
        record = core.store.incoming_by_id(record.id) or record
        kinds = ", ".join(dict.fromkeys(KIND_VI[r.kind] for r in pending))
        return ActionResult(record.document_id, "change_answer", record.state, sent,
                            record.arrival_number,
                            f"Đã {'đồng ý' if refusal is None else 'từ chối'} yêu cầu {kinds}")


def answer_waiting(core: Core) -> int:
    """The agent's own answer to the change requests nobody answered since an earlier
    processing round: it agrees (15), as QD28-9.2 asks of a receiver. Called at the start of a
    round, before the inbox is read, so a request fetched in this round waits for the next one.
    Returns how many it answered."""
    with core.lock:
        pending = core.store.change_requests(state="pending")
        for request in pending:
            _agree(core, request, "agent")
        return len(pending)


def change_requests(core: Core, document_id: str, agency: str | None = None
                    ) -> list[ChangeRequest]:
    """The change requests on a received document, in order of arrival ([] for a document
    not in the incoming register)."""
    records = ([core.store.incoming(agency, document_id)] if agency
               else [r for r in core.store.incoming_any(document_id) if r.copy_no == 0])
    return [q for r in records if r is not None
            for q in core.store.change_requests(incoming_id=r.id)]


def _revocation(core: Core, agency: AgencyProfile, target: str, answered: ResponseFor,
                requester: str | None, reason: str | None, *, kind: str,
                axis_doc_id: str | None) -> None:
    """A revocation (13, BussinessDocType 1) or a removal from the receivers (BussinessDocType
    2 with ReceiverType 0) of a received document."""
    store, b = core.store, core.behaviour
    record = store.incoming(agency.code, target)
    if record is not None and not _from_sender(record, requester):
        _ignore_foreign(core, agency, record, kind, requester, reason, axis_doc_id)
        return
    if b.ignore_revocation:
        if record is not None:
            core.history(direction="in", record_id=record.id, document_id=target,
                         agency=agency.code, code="13", event="received", party=requester,
                         description=reason)
        return
    if record is None:
        if store.outgoing(target) is not None and core.serves(requester):
            # our own request came back to us (the axis routed it to its sender): keep it aside
            store.add_orphan(axis_doc_id=axis_doc_id, at=core.iso(core.now()),
                             from_code=requester, status_code=ARRIVAL_CODE[kind],
                             response_for=target, description=reason,
                             reason="yêu cầu của chính cơ quan mình, trục chuyển ngược lại")
            return
        _answer(core, agency, answered, "16",
                f"Từ chối: không có văn bản {answered.code or target} trong sổ văn bản đến",
                to=requester, record=None)
        return
    _take_request(core, agency, record, kind, answered, requester, reason,
                  axis_doc_id=axis_doc_id)


def handle_status_request(core: Core, to_code: str | None, axis_doc_id: str, data: bytes,
                          package: StatusPackage) -> None:
    """Status 13 from the sender of a document."""
    rf = package.response_for or ResponseFor()
    target = (rf.document_id or "").strip()
    requester = package.from_.organ_id if package.from_ else None
    agencies = [core.agency(to_code)] if core.serves(to_code) else list(core.config.agencies)
    agency = next((a for a in agencies if core.store.incoming(a.code, target) is not None),
                  agencies[0])
    _revocation(core, agency, target, rf, requester, package.description, kind="revoke",
                axis_doc_id=axis_doc_id)


def handle_business(core: Core, agency: AgencyProfile, axis_doc_id: str, data: bytes,
                    package: EdocPackage, doc_type: str) -> str:
    """A document package with BussinessDocType 1 (revoke) or 2 (update)."""
    from reference_axis.reference_qlvb import receiving

    b = package.business or Business()
    h = package.header
    target = (b.document_id or h.document_id or "").strip()
    requester = h.from_.organ_id if h.from_ else None
    answered = ResponseFor(organ_id=requester, code=h.code.full if h.code else None,
                           promulgation_date=h.promulgation_info.date
                           if h.promulgation_info else None, document_id=target)
    if doc_type == "1":
        receiving._ack(core, axis_doc_id, "done")
        _revocation(core, agency, target, answered, requester, b.doc_reason, kind="revoke",
                    axis_doc_id=axis_doc_id)
        return target
    names = {agency.code, agency.qd20_code}
    ours = [r for info in b.document_info for r in info.receivers or ()
            if (r.organ_id or "").strip() in names]
    record = core.store.incoming(agency.code, target)
    if any((r.receiver_type or "").strip() == "0" for r in ours):
        receiving._ack(core, axis_doc_id, "done")
        _revocation(core, agency, target, answered, requester, b.doc_reason, kind="remove",
                    axis_doc_id=axis_doc_id)
        return target
    if record is None:
        if ours:  # newly added as a receiver: a new document for us
            return receiving.receive(core, agency, axis_doc_id, data, package).document_id
        receiving._ack(core, axis_doc_id, "done")
        _answer(core, agency, answered, "16",
                f"Từ chối cập nhật: không có văn bản {answered.code or target} trong sổ",
                to=requester, record=None)
        return target
    receiving._ack(core, axis_doc_id, "done")
    if not _from_sender(record, requester):
        _ignore_foreign(core, agency, record, "update", requester, b.doc_reason, axis_doc_id)
        return target
    if core.behaviour.ignore_revocation:  # the faulty variant ignores every change request
        core.history(direction="in", record_id=record.id, document_id=target,
                     agency=agency.code, code="update", event="received", party=requester,
                     description=b.doc_reason, axis_doc_id=axis_doc_id)
        return target
    changed = any((i.document_info or "").strip() == "1" for i in b.document_info)
    _take_request(core, agency, record, "update", answered, requester, b.doc_reason,
                  axis_doc_id=axis_doc_id, subject=h.subject if changed else None,
                  package=data if changed else None)
    return target


def handle_replacement(core: Core, agency: AgencyProfile, package: EdocPackage,
                       new_record: IncomingRecord) -> None:
    """After registering a document with BussinessDocType 3: each document it replaces (sent
    to us, by the same sender) gets a change request."""
    b = package.business
    if b is None or core.behaviour.ignore_revocation:
        return
    names = {agency.code, agency.qd20_code}
    requester = new_record.sender
    axis_doc_id = new_record.deliveries[-1] if new_record.deliveries else None
    for rep in b.replacements or ():
        if rep.organ_ids and not names & {o.strip() for o in rep.organ_ids}:
            continue
        old = core.store.incoming(agency.code, (rep.document_id or "").strip())
        if old is None or old.state in ("replaced", "cancelled"):
            continue
        if not _from_sender(old, requester):
            _ignore_foreign(core, agency, old, "replace", requester, b.doc_reason, axis_doc_id)
            continue
        answered = ResponseFor(organ_id=old.sender, code=old.code,
                               promulgation_date=old.promulgation_date,
                               document_id=old.document_id)
        _take_request(core, agency, old, "replace", answered, requester, b.doc_reason,
                      axis_doc_id=axis_doc_id, replacement=new_record.code)
