"""Receiving (văn bản đến) and the processing statuses.

The receive loop (edxml.md §5.2): getReceivedEdocList → getEdoc → parse → store →
updateStatus done (fail when the package cannot be read; retried up to `fetch_attempts` times)
— for document packages, then for status packages. For each new document:

1. register it in the incoming register (one record per receiving agency and DocumentId: a
   duplicated delivery adds nothing but a note), acknowledge the delivery to the axis;
2. send **01 đã đến** (QD28-6.3: statuses are sent automatically);
3. check it (`checks.check_incoming`: completeness, integrity, authenticity, competence);
4. a document that fails the checks: **02 từ chối tiếp nhận** with a reason naming the failed
   rule (QD28-9.1, LC2019-7.2), at once (`auto_refuse`, the default); one that passes: with
   `auto_accept`, **03 đã tiếp nhận** with a new arrival number (unique per agency and year,
   LC2019-7.1c), otherwise it waits for an officer's decision through the driver.

Later, through the driver: **04** assigned, **05** in process, **06** completed (QD28-9.2).
Status packages update the history of the documents the agent issued; a status for a document the
agent does not know is kept aside (orphans) and otherwise ignored.
"""

from __future__ import annotations

import logging

from conformance.edxml.model import EdocPackage, ResponseFor, StatusPackage
from reference_axis.reference_qlvb import packages
from reference_axis.reference_qlvb.checks import check_incoming
from reference_axis.reference_qlvb.config import AgencyProfile
from reference_axis.reference_qlvb.core import STATUS_NAMES, STATUS_NAMES_EN, Core
from reference_axis.reference_qlvb.errors import AgentError
from reference_axis.reference_qlvb.models import ActionResult, PollReport
from reference_axis.reference_qlvb.store import IncomingRecord

log = logging.getLogger("reference_qlvb.receiving")

#: action → (states it may start from, state after, status code sent, default description)
TRANSITIONS: dict[str, tuple[frozenset[str], str, str, str]] = {
    "accept": (frozenset({"arrived"}), "accepted", "03", packages.STATUS_TEXT["03"]),
    "reject": (frozenset({"arrived"}), "rejected", "02", packages.STATUS_TEXT["02"]),
    "assign": (frozenset({"accepted"}), "assigned", "04", packages.STATUS_TEXT["04"]),
    "process": (frozenset({"accepted", "assigned"}), "processing", "05",
                packages.STATUS_TEXT["05"]),
    "complete": (frozenset({"accepted", "assigned", "processing"}), "completed", "06",
                 packages.STATUS_TEXT["06"]),
}
STATE_TEXT = {
    "arrived": "đã đến, chờ tiếp nhận", "accepted": "đã tiếp nhận", "rejected": "đã từ chối",
    "assigned": "đã phân công", "processing": "đang xử lý", "completed": "đã hoàn thành",
    "cancelled": "đã hủy (thu hồi)", "replaced": "đã bị thay thế",
}


# --- the loop ----------------------------------------------------------------------------------

def poll(core: Core) -> PollReport:
    """One pass over the inbox: document packages first, then status packages."""
    return _poll(core, "edoc") + _poll(core, "status")


def _poll(core: Core, messagetype: str) -> PollReport:
    reply = core.client.get_received_edoc_list(messagetype)
    if not reply.ok or not isinstance(reply.data, list):
        text = reply.error_desc or reply.error or f"ErrorCode {reply.error_code}"
        return PollReport(notes=(f"getReceivedEdocList({messagetype}): {text}",))
    report = PollReport()
    items = [i for i in reply.data if isinstance(i, dict) and i.get("docId")]
    for item in items[: core.settings.max_per_poll]:
        try:
            report += _one(core, messagetype, str(item["docId"]), item.get("to"))
        except AgentError as exc:
            report += PollReport(notes=(f"{item['docId']}: {exc.vi}",))
        except Exception as exc:  # a bug must not stop the loop: note it, retry a few times
            log.exception("handling %s failed", item.get("docId"))
            _give_up_later(core, messagetype, str(item["docId"]), item.get("to"),
                           f"lỗi nội bộ {type(exc).__name__}")
            report += PollReport(failed=(str(item["docId"]),),
                                 notes=(f"{item['docId']}: lỗi nội bộ {type(exc).__name__}",))
    return report


def _give_up_later(core: Core, messagetype: str, axis_doc_id: str, to_code: str | None,
                   note: str) -> None:
    """Count a failed attempt; after `fetch_attempts` the delivery is acknowledged as failed
    and no longer fetched."""
    now = core.iso(core.now())
    attempts = core.store.mark_delivery(axis_doc_id, messagetype=messagetype, to_code=to_code,
                                        state="failed", at=now, count_attempt=True, note=note)
    if attempts >= core.settings.fetch_attempts:
        core.store.mark_delivery(axis_doc_id, messagetype=messagetype, to_code=to_code,
                                 state="given_up", at=now, note=note)
    _ack(core, axis_doc_id, "fail")


def _ack(core: Core, axis_doc_id: str, status: str) -> None:
    if core.behaviour.skip_transport_ack:
        return
    core.client.update_status(axis_doc_id, status)


def _one(core: Core, messagetype: str, axis_doc_id: str, to_code: str | None) -> PollReport:
    store = core.store
    seen = store.delivery(axis_doc_id)
    if seen is not None and seen["state"] in ("done", "given_up"):
        # handled before; the axis still lists it because our acknowledgement was lost
        _ack(core, axis_doc_id, "done" if seen["state"] == "done" else "fail")
        return PollReport()
    fetched = core.client.get_edoc(axis_doc_id)
    data = fetched.package if fetched.ok else None
    parsed = packages.read(data) if data else None
    package = parsed.package if parsed is not None else None
    now = core.iso(core.now())
    if package is None:
        _give_up_later(core, messagetype, axis_doc_id, to_code,
                       fetched.error_desc or fetched.error or "unreadable package")
        return PollReport(failed=(axis_doc_id,))
    assert data is not None
    if isinstance(package, EdocPackage):
        doc_id = handle_edoc(core, to_code, axis_doc_id, data, package)
        out = PollReport(documents=(doc_id,))
    else:
        handle_status(core, to_code, axis_doc_id, data, package)
        rf = package.response_for
        out = PollReport(statuses=(f"{package.status_code} {rf.document_id if rf else '?'}",))
    store.mark_delivery(axis_doc_id, messagetype=messagetype, to_code=to_code, state="done",
                        at=now)
    return out


# --- documents ---------------------------------------------------------------------------------

def _receiving_agency(core: Core, to_code: str | None, package: EdocPackage) -> AgencyProfile:
    if core.serves(to_code):
        return core.agency(to_code)
    for org in package.header.to:
        for agency in core.config.agencies:
            if (org.organ_id or "").strip() in (agency.code, agency.qd20_code):
                return agency
    return core.config.agencies[0]


def handle_edoc(core: Core, to_code: str | None, axis_doc_id: str, data: bytes,
                package: EdocPackage) -> str:
    """A document package: a new document, or a revocation / update / replacement."""
    from reference_axis.reference_qlvb import revocation

    agency = _receiving_agency(core, to_code, package)
    business = package.business
    doc_type = (business.doc_type or "0").strip() if business else "0"
    if doc_type in ("1", "2"):
        return revocation.handle_business(core, agency, axis_doc_id, data, package, doc_type)
    record = receive(core, agency, axis_doc_id, data, package)
    if doc_type == "3" and record.copy_no == 0:
        revocation.handle_replacement(core, agency, package, record)
    return record.document_id


def receive(core: Core, agency: AgencyProfile, axis_doc_id: str, data: bytes,
            package: EdocPackage) -> IncomingRecord:
    """Register a new document (or note a duplicated delivery), 01, check, 03 / 02."""
    b, store = core.behaviour, core.store
    h = package.header
    doc_id = (h.document_id or "").strip() or f"(không có DocumentId) {axis_doc_id}"
    now = core.now()
    with core.lock:
        existing = store.incoming(agency.code, doc_id)
        if existing is not None and not b.register_duplicate_deliveries:
            record = store.update_incoming(existing.id,
                                           deliveries=(*existing.deliveries, axis_doc_id))
            core.history(direction="in", record_id=record.id, document_id=doc_id,
                         agency=agency.code, code="duplicate", event="local",
                         party=record.sender, axis_doc_id=axis_doc_id, at=now,
                         description="Trục giao lại văn bản đã có trong sổ: không vào sổ lại")
            _ack(core, axis_doc_id, "done")
            core.emit("duplicate", agency.code,
                      f"{agency.name} nhận lại văn bản {record.code} (giao trùng): không vào sổ "
                      "lại", f"{agency.name} got document {record.code} again (duplicate "
                      "delivery): not registered again", document_id=doc_id)
            return record
        copies = len(store.incoming_copies(agency.code, doc_id)) if existing else 0
        priority = h.other_info.priority if h.other_info else None
        record = store.add_incoming(
            agency=agency.code, copy_no=copies, document_id=doc_id,
            sender=h.from_.organ_id if h.from_ else None,
            code=h.code.full if h.code else None,
            promulgation_date=h.promulgation_info.date if h.promulgation_info else None,
            subject=h.subject, type_name=h.document_type.type_name if h.document_type else None,
            priority=priority, received_at=core.iso(now), year=now.year, state="arrived",
            package=data, deliveries=(axis_doc_id,))
        core.history(direction="in", record_id=record.id, document_id=doc_id, agency=agency.code,
                     code="received", event="local", party=record.sender, at=now,
                     axis_doc_id=axis_doc_id, description="Văn bản đến hệ thống")
    _ack(core, axis_doc_id, "done")
    sender_name = h.from_.organ_name if h.from_ and h.from_.organ_name else record.sender
    core.emit("received", agency.code,
              f"{agency.name} nhận văn bản {record.code} của {sender_name}: \"{record.subject}\"",
              f"{agency.name} receives document {record.code} from {sender_name}: "
              f"\"{record.subject}\"", document_id=doc_id)
    if not b.send_03_without_01:
        _status(core, record, "01", packages.STATUS_TEXT["01"])
    outcome = check_incoming(data, package, agency, profile=core.settings.profile,
                             mode=core.settings.check_mode, at=now, behaviour=b)
    record = store.update_incoming(record.id, checks=outcome.summary(),
                                   failed_rule=outcome.failed_rule)
    if not outcome.passed and (core.settings.auto_accept or core.settings.auto_refuse):
        record = _reject(core, record, outcome.reason("vi") or "")
    elif outcome.passed and core.settings.auto_accept:
        record = _accept(core, record)
    return record


def _response_for(record: IncomingRecord) -> ResponseFor:
    return ResponseFor(organ_id=record.sender, code=record.code,
                       promulgation_date=record.promulgation_date,
                       document_id=record.document_id)


def _status(core: Core, record: IncomingRecord, code: str, description: str | None) -> bool:
    agency = core.agency(record.agency)
    return core.send_status(agency, _response_for(record), code, description,
                            to=[record.sender or ""], direction="in", record_id=record.id,
                            document_id=record.document_id)


def _accept(core: Core, record: IncomingRecord) -> IncomingRecord:
    b = core.behaviour
    number = core.store.allocate_arrival_number(record.agency, record.year, record.id,
                                                reuse_last=b.duplicate_arrival_numbers)
    record = core.store.update_incoming(record.id, state="accepted", arrival_number=number)
    core.history(direction="in", record_id=record.id, document_id=record.document_id,
                 agency=record.agency, code="registered", event="local", party=record.sender,
                 description=f"Vào sổ văn bản đến số {number}")
    if not b.never_send_03:
        _status(core, record, "03", f"Văn thư đã tiếp nhận, vào sổ văn bản đến số {number}")
    return record


def _reject(core: Core, record: IncomingRecord, reason: str) -> IncomingRecord:
    record = core.store.update_incoming(record.id, state="rejected", reason=reason)
    description = None if core.behaviour.reject_without_reason else reason
    _status(core, record, "02", description)
    return record


def act(core: Core, document_id: str, action: str, *, reason: str | None = None,
        agency: str | None = None, note: str | None = None) -> ActionResult:
    """An officer's action on a received document: accept, reject (with a reason), assign,
    process, complete."""
    if action not in TRANSITIONS:
        raise AgentError("bad_request", f"Thao tác không hợp lệ: {action!r} "
                         f"({', '.join(TRANSITIONS)})", f"Unknown action {action!r}")
    record = find_incoming(core, document_id, agency)
    allowed, after, code, text = TRANSITIONS[action]
    if record.state == after:  # asked twice: nothing more to do
        return _result(record, action, None, f"Văn bản đã ở trạng thái {STATE_TEXT[after]}")
    if record.state not in allowed:
        raise AgentError("conflict", f"Không thể {action} văn bản đang ở trạng thái "
                         f"'{STATE_TEXT.get(record.state, record.state)}'",
                         f"Cannot {action} a document in state '{record.state}'")
    b = core.behaviour
    if action == "accept":
        record = _accept(core, record)
        sent = None if b.never_send_03 else "03"
    elif action == "reject":
        if not (reason and reason.strip()):
            raise AgentError("bad_request", "Từ chối tiếp nhận phải nêu lý do",
                             "A refusal needs a reason")
        record = _reject(core, record, reason.strip())
        sent = "02"
    else:
        record = core.store.update_incoming(record.id, state=after)
        sent = None
        if not b.never_report_processing:
            _status(core, record, code, note or text)
            sent = code
        else:
            core.history(direction="in", record_id=record.id, document_id=record.document_id,
                         agency=record.agency, code=after, event="local", description=text)
    return _result(record, action, sent, f"Văn bản {STATE_TEXT.get(record.state, record.state)}")


def _result(record: IncomingRecord, action: str, sent: str | None, message: str) -> ActionResult:
    return ActionResult(document_id=record.document_id, action=action, state=record.state,
                        status_sent=sent, arrival_number=record.arrival_number, message=message)


def find_incoming(core: Core, document_id: str, agency: str | None = None) -> IncomingRecord:
    if agency is not None:
        record = core.store.incoming(agency, document_id)
    else:
        found = [r for r in core.store.incoming_any(document_id) if r.copy_no == 0]
        record = found[0] if found else None
    if record is None:
        raise AgentError("not_found", f"Không có văn bản đến '{document_id}'",
                         f"No received document '{document_id}'")
    return record


# --- status packages ---------------------------------------------------------------------------

def handle_status(core: Core, to_code: str | None, axis_doc_id: str, data: bytes,
                  package: StatusPackage) -> None:
    from reference_axis.reference_qlvb import revocation

    code = (package.status_code or "").strip()
    rf = package.response_for
    doc_id = (rf.document_id or "").strip() if rf else ""
    party = package.from_.organ_id if package.from_ else None
    if code == "13":
        revocation.handle_status_request(core, to_code, axis_doc_id, data, package)
        _ack(core, axis_doc_id, "done")
        return
    record = core.store.outgoing(doc_id) if doc_id else None
    if record is None:
        orphan(core, axis_doc_id, package, data, "Không có văn bản đi tương ứng")
        _ack(core, axis_doc_id, "done")
        return
    if code in ("15", "16"):
        revocation.handle_answer(core, record, package, axis_doc_id)
    else:
        core.history(direction="out", record_id=record.id, document_id=record.document_id,
                     agency=record.agency, code=code or "?", event="received", party=party,
                     description=package.description, axis_doc_id=axis_doc_id)
        agency = core.agency(record.agency)
        core.emit("status_received", agency.code,
                  f"{agency.name} nhận trạng thái {code} ({STATUS_NAMES.get(code, '?')}) của "
                  f"văn bản {record.code} từ {core.name(party)}"
                  + (f": {package.description}" if package.description else ""),
                  f"{agency.name} receives status {code} ({STATUS_NAMES_EN.get(code, '?')}) "
                  f"of document {record.code} from {core.name(party)}"
                  + (f": {package.description}" if package.description else ""),
                  code=code, document_id=record.document_id, party=party)
    _ack(core, axis_doc_id, "done")


def orphan(core: Core, axis_doc_id: str, package: StatusPackage, data: bytes, reason: str
           ) -> None:
    """A status package about a document the agent does not know: kept, otherwise ignored."""
    rf = package.response_for
    core.store.add_orphan(axis_doc_id=axis_doc_id, at=core.iso(core.now()), reason=reason,
                          from_code=package.from_.organ_id if package.from_ else None,
                          status_code=package.status_code,
                          response_for=rf.document_id if rf else None,
                          description=package.description, package=data)
    core.emit("orphan", package.from_.organ_id if package.from_ else "?",
              f"Bỏ qua trạng thái {package.status_code} cho văn bản không có trong sổ "
              f"({rf.document_id if rf else '?'}): {reason}",
              f"Ignored status {package.status_code} for a document not in the registers "
              f"({rf.document_id if rf else '?'})")
