"""What each call of the wire API does, once the request is authenticated.

Every handler takes the `Exchange` (the authenticated request and its context) and returns an
`Answer`: the reply JSON (the SDK's shapes: `status`, `ErrorCode`, `ErrorDesc` always; `DocId`
on every sendEdoc reply; `data`/`count` where the SDK reads them), or raw bytes for downloadEdoc.
Failures are FAIL replies with a specific ErrorCode and a finding on the exchange, never an
exception. State changes run in one store transaction; the stateful calls remember their reply
under the request's fingerprint, so a byte-identical re-send (the SDK's retry) gets the original
answer and changes nothing.
"""

from __future__ import annotations

import base64
import hashlib
import os
import random
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from conformance.findings import Finding, Severity
from conformance.identifiers.agency_code import parse_agency_code, to_qcvn102, to_qd20
from reference_axis import errors, protocol
from reference_axis.errors import AxisError
from reference_axis.faults import damage
from reference_axis.notes import (
    ACCESS_RULE,
    AUTH_RULE,
    FORMAT_RULE,
    INTEGRITY_RULE,
    STATUS_RULE,
    quirk,
    refusal,
)
from reference_axis.routing import (
    PackageInfo,
    add_trace_header,
    package_findings,
    parse_to_header,
    route_package,
)
from reference_axis.store import Directory, Store, System, Tx


@dataclass
class Settings:
    strict: bool = False
    relay: bool = False
    relay_organ_id: str = "000.00.00.G22"
    dedup_window: float = 300.0
    max_package: int = 64 * 1024 * 1024


@dataclass
class Exchange:
    id: str
    call: str
    method: str
    body: bytes
    now: float
    now_real: float
    directory: Directory
    system: System
    params: dict[str, str]
    fingerprint: str
    findings: list[Finding] = field(default_factory=list)
    agencies: set[str] = field(default_factory=set)
    faults: dict[str, dict[str, Any]] = field(default_factory=dict)  # kind -> params
    replayed: bool = False
    # sendEdoc read by the light reader and stored: the parser's findings belong at this index
    # of `findings`; they are computed from the stored document when the log is read.
    deferred_at: int | None = None
    deferred_doc: str | None = None

    def param(self, *names: str) -> str | None:
        for name in names:
            if name in self.params:
                return self.params[name]
        lowered = {k.lower(): v for k, v in self.params.items()}
        for name in names:
            if name.lower() in lowered:
                return lowered[name.lower()]
        return None


@dataclass
class Answer:
    reply: dict[str, Any] | None
    http_status: int = 200
    raw: bytes | None = None  # downloadEdoc: the package itself
    error_code: str | None = None
    stored_elsewhere: bool = False  # the request body is kept as a document

    @classmethod
    def ok(cls, **extra: Any) -> Answer:
        return cls(protocol.ok_reply(**extra), error_code="0")


def fail(ex: Exchange, error: AxisError, vi: str = "", en: str = "",
         finding: Finding | None = None, **extra: Any) -> Answer:
    if finding is not None:
        ex.findings.append(finding)
    if ex.call == "sendEdoc":
        extra.setdefault("DocId", "")
    return Answer(protocol.fail_reply(error.code, error.desc(vi, en), **extra),
                  error_code=error.code)


_RNG = random.Random(int.from_bytes(os.urandom(16), "big"))


def new_id() -> str:
    """A time-ordered (version 7) UUID: 48 bits of Unix milliseconds, then 74 random bits.
    Access is checked by ownership, not by secrecy of the id; time order keeps the store's
    indexes on document ids appending instead of writing a random page per insert."""
    rand = _RNG.getrandbits(74)
    value = ((int(time.time() * 1000) & 0xFFFF_FFFF_FFFF) << 80 | 0x7 << 76
             | (rand >> 62) << 64 | 0b10 << 62 | (rand & (1 << 62) - 1))
    return str(uuid.UUID(int=value))


Handler = Callable[[Exchange, Store, Settings], Awaitable[Answer]]


def _missing(ex: Exchange, *names: str) -> Answer | None:
    absent = [n for n in names if not ex.param(n)]
    if not absent:
        return None
    text = ", ".join(absent)
    return fail(ex, errors.MISSING_PARAM, text, text, refusal(
        FORMAT_RULE, f"{ex.call}: thiếu tham số {text}", f"{ex.call}: missing parameter {text}",
        exchange_id=ex.id, expected=text, found="(không có / none)"))


def _messagetype(ex: Exchange) -> tuple[str | None, Answer | None]:
    value = ex.param("messagetype") or ""
    if value not in protocol.MESSAGE_TYPES:
        return None, fail(ex, errors.BAD_PARAM, f"messagetype '{value}'",
                          f"messagetype '{value}'", refusal(
            FORMAT_RULE, "messagetype phải là edoc hoặc status",
            "messagetype must be edoc or status", exchange_id=ex.id,
            expected="edoc | status", found=value, field="messagetype"))
    service = ex.param("servicetype")
    if service is not None and service != protocol.SERVICE_TYPE:
        return None, fail(ex, errors.BAD_PARAM, f"servicetype '{service}'",
                          f"servicetype '{service}'", refusal(
            FORMAT_RULE, "servicetype phải là eDoc", "servicetype must be eDoc",
            exchange_id=ex.id, expected="eDoc", found=service, field="servicetype"))
    return value, None


# --- sendEdoc -------------------------------------------------------------------------------

def _file_bytes(ex: Exchange, claimed: str) -> bytes | None:
    """The file inside the body (the SDK appends CRLF), chosen by the hash-file it matches."""
    claimed = claimed.strip().lower()
    candidates = [ex.body[:-2], ex.body] if ex.body.endswith(b"\r\n") else [ex.body]
    for data in candidates:
        digest = hashlib.sha256(data).digest()
        if claimed == digest.hex():
            return data
        if claimed == protocol.sdk_hex(digest):
            ex.findings.append(quirk(
                FORMAT_RULE, "hash-file viết dạng hex không đệm số 0 (Integer.toHexString của "
                "SDK)", "hash-file written as hex without zero-padding (the SDK's "
                "Integer.toHexString)", exchange_id=ex.id, expected=digest.hex(), found=claimed,
                field="hash-file"))
            return data
    return None


async def send_edoc(ex: Exchange, store: Store, cfg: Settings) -> Answer:
    """sendEdoc. The package is read by the light routing reader; when it is stored, the
    parser's findings are left for the traffic-log reader (`Exchange.deferred_at`), otherwise
    (refused, replayed, failed) they are computed here, in the same place of the findings."""
    read: list[tuple[bytes, PackageInfo, int]] = []
    stored: str | None = None
    try:
        answer = await _send_edoc(ex, store, cfg, read)
        if answer.stored_elsewhere and answer.reply is not None:
            stored = answer.reply.get("DocId") or None
    finally:
        if read and read[0][1].deferred:
            package, _, at = read[0]
            if stored:
                ex.deferred_at, ex.deferred_doc = at, stored
            else:
                ex.findings[at:at] = package_findings(package, exchange_id=ex.id,
                                                      max_size=cfg.max_package)
    return answer


async def _send_edoc(ex: Exchange, store: Store, cfg: Settings,
                     read: list[tuple[bytes, PackageInfo, int]]) -> Answer:
    missing = _missing(ex, "from", "messagetype", "hash-file")
    if missing:
        return missing
    messagetype, bad = _messagetype(ex)
    if bad or messagetype is None:
        return bad or fail(ex, errors.BAD_PARAM)
    sender = (ex.param("from") or "").strip()
    ex.agencies.add(sender)
    if sender not in ex.system.agencies:
        return fail(ex, errors.NOT_YOUR_AGENCY, sender, sender, refusal(
            ACCESS_RULE, f"Hệ thống '{ex.system.system_id}' gửi với danh nghĩa cơ quan "
            f"'{sender}' mà nó không phục vụ", f"System '{ex.system.system_id}' sends as agency "
            f"'{sender}', which it does not serve", exchange_id=ex.id,
            expected=", ".join(ex.system.agencies), found=sender, field="from"))
    if len(ex.body) > cfg.max_package + 2:
        return fail(ex, errors.PACKAGE_TOO_LARGE, f"{len(ex.body)} byte", f"{len(ex.body)} bytes")
    package = _file_bytes(ex, ex.param("hash-file") or "")
    if package is None:
        return fail(ex, errors.HASH_MISMATCH, "", "", refusal(
            INTEGRITY_RULE, "hash-file không khớp SHA-256 của gói tin nhận được",
            "hash-file does not match the SHA-256 of the package received", exchange_id=ex.id,
            expected=hashlib.sha256(ex.body[:-2] if ex.body.endswith(b"\r\n") else ex.body
                                    ).hexdigest(), found=ex.param("hash-file"),
            field="hash-file"))
    info = route_package(package, exchange_id=ex.id, max_size=cfg.max_package)
    ex.findings.extend(info.findings)
    read.append((package, info, len(ex.findings)))
    refused = info.refused
    if refused or info.kind is None:
        first = refused[0] if refused else None
        return fail(ex, errors.PACKAGE_REFUSED, first.message.vi if first else "",
                    first.message.en if first else "")
    if info.kind and info.kind != messagetype:
        ex.findings.append(quirk(
            FORMAT_RULE, f"messagetype '{messagetype}' nhưng gói tin là '{info.kind}'",
            f"messagetype '{messagetype}' but the package is a '{info.kind}' package",
            exchange_id=ex.id, severity=Severity.WARNING, expected=info.kind,
            found=messagetype, field="messagetype"))
    if info.from_code and info.from_code != sender:
        ex.findings.append(quirk(
            ACCESS_RULE, f"Gói tin ghi nơi gửi '{info.from_code}' khác tham số from '{sender}'",
            f"The package's From '{info.from_code}' differs from the from header '{sender}'",
            exchange_id=ex.id, severity=Severity.WARNING, expected=sender,
            found=info.from_code, field="From/OrganId"))
        if cfg.strict:
            return fail(ex, errors.NOT_YOUR_AGENCY, info.from_code, info.from_code)
    to_header = parse_to_header(ex.param("to"))
    sha = hashlib.sha256(package).hexdigest()
    doc_id = new_id()
    delivered = None
    if cfg.relay:
        delivered = add_trace_header(package, cfg.relay_organ_id,
                                     protocol.edxml_datetime(ex.now))
    duplicate = "duplicate" in ex.faults
    directory = ex.directory

    def op(tx: Tx) -> tuple[Answer, bool]:
        prior, expired = tx.recall(ex.fingerprint, cfg.dedup_window, ex.now_real)
        if prior is not None:
            return Answer(prior["reply"], error_code=str(prior["reply"].get("ErrorCode"))), True
        if expired is not None:
            ex.findings.append(_identical_note(ex, expired))
        answered = None
        if messagetype == "status" and info.response_for_id:
            answered = tx.find_answered(info.response_for_id, info.response_for_organ)
        if answered is not None and answered["from_code"] == sender:
            # The document's own sender speaks about it (13: revocation): the status goes to
            # the agencies that received the document, unless `to` names them.
            recipients: tuple[str, ...] = to_header or tuple(tx.recipients_of(answered["doc_id"]))
        elif answered is not None:
            recipients = (answered["from_code"],)
        elif to_header:
            recipients = to_header
        elif messagetype == "status":
            recipients = (info.response_for_organ,) if info.response_for_organ else ()
        else:
            recipients = info.to_codes
        recipients = tuple(dict.fromkeys(r.strip() for r in recipients if r and r.strip()))
        if not recipients:
            return fail(ex, errors.NO_RECIPIENT, "", "", refusal(
                FORMAT_RULE, "Không có cơ quan nhận: không có tham số to, To/OrganId hoặc "
                "ResponseFor", "No recipient: no to header, To/OrganId or ResponseFor",
                exchange_id=ex.id)), False
        unknown = [r for r in recipients if r not in directory.agencies
                   or directory.agencies[r].deleted]
        if unknown:
            text = ", ".join(unknown)
            return fail(ex, errors.UNKNOWN_RECIPIENT, text, text, refusal(
                FORMAT_RULE, f"Cơ quan nhận không có trên trục: {text}",
                f"Recipients not on the axis: {text}", exchange_id=ex.id, found=text,
                field="to")), False
        ex.agencies.update(recipients)
        tx.insert_document({
            "doc_id": doc_id, "message_type": messagetype, "from_code": sender,
            "system_id": ex.system.system_id, "edxml_doc_id": info.document_id,
            "response_for": info.response_for_id, "status_code": info.status_code,
            "notation": info.notation, "title": info.title, "package": package,
            "delivered": delivered, "sha256": sha, "size": len(package), "created": ex.now,
            "exchange_id": ex.id, "injected": 0})
        for r in recipients:
            tx.insert_delivery(new_id(), doc_id, r, messagetype, ex.now)
            if duplicate:
                tx.insert_delivery(new_id(), doc_id, r, messagetype, ex.now, duplicate=True)
        if answered is not None:
            tx.mark_answered(answered["doc_id"], sender, ex.now)
        answer = Answer.ok(DocId=doc_id)
        answer.stored_elsewhere = True
        assert answer.reply is not None
        tx.remember(ex.fingerprint, ex.call, ex.system.system_id, ex.now_real, answer.reply,
                    ex.id)
        return answer, False

    answer, ex.replayed = await store.write(op)
    if to_header and info.kind == "edoc" and info.to_codes and set(to_header) != set(
            info.to_codes) and not ex.replayed:
        ex.findings.append(quirk(
            FORMAT_RULE, "Tham số to khác danh sách To của gói tin; trục gửi theo tham số to",
            "The to header differs from the package's To list; the axis follows the header",
            exchange_id=ex.id, expected=", ".join(info.to_codes), found=", ".join(to_header),
            field="to"))
    return answer


def _identical_note(ex: Exchange, expired: dict[str, Any]) -> Finding:
    return quirk(
        AUTH_RULE, "Yêu cầu giống hệt từng byte một yêu cầu cũ (dấu thời gian cố định): xử lý "
        "như yêu cầu mới", "Request byte-identical to an old one (frozen timestamp): handled as "
        "new", exchange_id=ex.id, severity=Severity.WARNING,
        evidence={"earlier_exchange": expired.get("exchange_id")})


# --- lists and counts ------------------------------------------------------------------------

async def get_received_edoc_list(ex: Exchange, store: Store, cfg: Settings) -> Answer:
    missing = _missing(ex, "messagetype")
    if missing:
        return missing
    messagetype, bad = _messagetype(ex)
    if bad:
        return bad
    since = until = None
    for name in ("fromDate", "toDate"):
        value = ex.param(name)
        if value:
            parsed = protocol.parse_list_date(value)
            if parsed is None:
                return fail(ex, errors.BAD_PARAM, f"{name} '{value}'", f"{name} '{value}'")
            if name == "fromDate":
                since = parsed
            else:
                until = parsed
    codes = ex.system.agencies
    ex.agencies.update(codes)
    rows = await store.read(lambda tx: tx.inbox(codes, messagetype, since=since, until=until))
    data = [{
        "docId": r["doc_id"], "serviceType": protocol.SERVICE_TYPE,
        "messageType": r["message_type"], "created_time": protocol.iso_vn(r["created"]),
        "updated_time": protocol.iso_vn(r["updated"]), "from": r["from_code"],
        "to": r["to_code"], "status": r["state"], "status_desc": r["state_desc"] or "",
    } for r in rows]
    return Answer.ok(data=data)


async def get_sent_edoc_list(ex: Exchange, store: Store, cfg: Settings) -> Answer:
    messagetype = ex.param("messagetype")
    if messagetype:
        messagetype, bad = _messagetype(ex)
        if bad:
            return bad
    sender_doc = ex.param("docId", "docid")
    codes = ex.system.agencies
    ex.agencies.update(codes)
    rows = await store.read(lambda tx: tx.sent(codes, messagetype, sender_doc))
    data = [{
        "serviceType": protocol.SERVICE_TYPE, "senderDocId": r["sender_doc_id"],
        "receiverDocId": r["receiver_doc_id"], "fromCode": r["from_code"],
        "toCode": r["to_code"], "title": r["title"] or "", "notation": r["notation"] or "",
        "messageType": r["message_type"], "sentTime": protocol.iso_vn(r["created"]),
        "receivedTime": protocol.iso_vn(r["fetched"]), "sendStatus": "done",
        "sendStatusDesc": "Trục đã tiếp nhận / Accepted by the axis",
        "receiveStatus": r["state"], "receiveStatusDesc": r["state_desc"] or "",
    } for r in rows]
    return Answer.ok(data=data)


async def _count(ex: Exchange, store: Store, messagetype: str) -> Answer:
    codes = ex.system.agencies
    ex.agencies.update(codes)
    n = await store.read(lambda tx: tx.count_pending(codes, messagetype))
    return Answer.ok(count=n)


async def count_receive_edoc(ex: Exchange, store: Store, cfg: Settings) -> Answer:
    return await _count(ex, store, "edoc")


async def count_receive_status(ex: Exchange, store: Store, cfg: Settings) -> Answer:
    return await _count(ex, store, "status")


# --- fetching and acknowledging ----------------------------------------------------------------

async def _fetch(ex: Exchange, store: Store) -> tuple[bytes | None, Answer | None]:
    missing = _missing(ex, "docId")
    if missing:
        return None, missing
    doc_id = (ex.param("docId", "docid") or "").strip()
    delivery = await store.read(lambda tx: tx.delivery(doc_id))
    if delivery is not None:
        ex.agencies.add(delivery["to_code"])
        if delivery["to_code"] in ex.system.agencies:
            await store.log(lambda tx: tx.record_fetch(doc_id, ex.now))
            return delivery["delivered"] or delivery["package"], None
        return None, _foreign(ex, doc_id, delivery["to_code"])
    document = await store.read(lambda tx: tx.document(doc_id))
    if document is not None:
        if document["from_code"] in ex.system.agencies:  # the sender reads its own package
            return document["package"], None
        return None, _foreign(ex, doc_id, document["from_code"])
    return None, fail(ex, errors.NOT_FOUND, doc_id, doc_id, refusal(
        FORMAT_RULE, f"Không có văn bản docId '{doc_id}'", f"No document with docId '{doc_id}'",
        exchange_id=ex.id, found=doc_id, field="docId"))


def _foreign(ex: Exchange, doc_id: str, owner: str) -> Answer:
    """Another agency's document: refused like a missing one (no disclosure), logged as an
    access attempt."""
    return fail(ex, errors.NOT_FOUND, doc_id, doc_id, refusal(
        ACCESS_RULE, f"Hệ thống '{ex.system.system_id}' truy cập văn bản '{doc_id}' của cơ quan "
        f"'{owner}'", f"System '{ex.system.system_id}' tried to access document '{doc_id}' of "
        f"agency '{owner}'", exchange_id=ex.id, expected=", ".join(ex.system.agencies),
        found=owner, field="docId", evidence={"owner": owner}))


async def get_edoc(ex: Exchange, store: Store, cfg: Settings) -> Answer:
    package, refused = await _fetch(ex, store)
    if refused is not None or package is None:
        return refused or fail(ex, errors.NOT_FOUND)
    for kind in ("corrupt", "truncate"):
        if kind in ex.faults:
            package = damage(package, kind)
    return Answer.ok(data=base64.b64encode(package).decode("ascii"))


async def download_edoc(ex: Exchange, store: Store, cfg: Settings) -> Answer:
    package, refused = await _fetch(ex, store)
    if refused is not None or package is None:
        return refused or fail(ex, errors.NOT_FOUND)
    for kind in ("corrupt", "truncate"):
        if kind in ex.faults:
            package = damage(package, kind)
    return Answer(None, raw=package, error_code="0")


async def update_status(ex: Exchange, store: Store, cfg: Settings) -> Answer:
    missing = _missing(ex, "docId", "status")
    if missing:
        return missing
    doc_id = (ex.param("docId", "docid") or "").strip()
    raw_status = (ex.param("status") or "").strip()
    status = raw_status.lower()
    if status not in protocol.TRANSPORT_STATUSES:
        return fail(ex, errors.BAD_PARAM, f"status '{raw_status}'", f"status '{raw_status}'",
                    refusal(STATUS_RULE, "status phải là processing, done hoặc fail",
                            "status must be processing, done or fail", exchange_id=ex.id,
                            expected="processing | done | fail", found=raw_status,
                            field="status"))
    if status != raw_status:
        ex.findings.append(quirk(
            FORMAT_RULE, f"status viết '{raw_status}' thay vì '{status}'",
            f"status written '{raw_status}' instead of '{status}'", exchange_id=ex.id,
            expected=status, found=raw_status, field="status"))
    desc = ex.param("description") or {
        "processing": "Đang xử lý / Processing", "done": "Đã nhận / Received",
        "fail": "Nhận lỗi / Receiving failed"}[status]
    agencies = ex.system.agencies

    def op(tx: Tx) -> tuple[Answer, bool]:
        prior, _expired = tx.recall(ex.fingerprint, cfg.dedup_window, ex.now_real)
        if prior is not None:
            return Answer(prior["reply"], error_code=str(prior["reply"].get("ErrorCode"))), True
        row = tx.one("SELECT to_code, state FROM deliveries WHERE doc_id = ?", (doc_id,))
        if row is None:
            return fail(ex, errors.NOT_FOUND, doc_id, doc_id, refusal(
                STATUS_RULE, f"Không có văn bản docId '{doc_id}' để cập nhật trạng thái",
                f"No document with docId '{doc_id}' to update", exchange_id=ex.id,
                found=doc_id, field="docId")), False
        ex.agencies.add(row["to_code"])
        if row["to_code"] not in agencies:
            return _foreign(ex, doc_id, row["to_code"]), False
        if row["state"] == "done" and status != "done":
            return fail(ex, errors.BAD_PARAM, f"văn bản đã hoàn tất, không chuyển sang {status}",
                        f"document already done, cannot go back to {status}"), False
        tx.set_state(doc_id, status, desc, ex.now)
        answer = Answer.ok()
        assert answer.reply is not None
        tx.remember(ex.fingerprint, ex.call, ex.system.system_id, ex.now_real, answer.reply,
                    ex.id)
        return answer, False

    answer, ex.replayed = await store.write(op)
    return answer


# --- the agency directory ----------------------------------------------------------------------

def _pid(directory: Directory, pcode: str | None) -> str:
    parent = directory.agencies.get(pcode or "")
    return str(parent.id) if parent else ""


async def get_agencies_list(ex: Exchange, store: Store, cfg: Settings) -> Answer:
    d = ex.directory
    data = [{"id": str(a.id), "pid": _pid(d, a.pcode), "code": a.code, "name": a.name,
             "mail": a.mail or "", "oldCode": a.old_code or ""}
            for a in sorted(d.agencies.values(), key=lambda a: a.id) if not a.deleted]
    return Answer.ok(data=data)


async def get_agencies_list_qd20(ex: Exchange, store: Store, cfg: Settings) -> Answer:
    level_text = (ex.param("level") or "").strip()
    level = None
    if level_text:
        if not level_text.isdigit() or not 1 <= int(level_text) <= 4:
            return fail(ex, errors.BAD_PARAM, f"level '{level_text}'", f"level '{level_text}'")
        level = int(level_text)
    data = []
    for a in sorted(ex.directory.agencies.values(), key=lambda a: a.id):
        if a.deleted:
            continue
        parsed = parse_agency_code(a.code)
        if level is not None and (parsed is None or parsed.depth != level):
            continue
        qd20 = to_qd20(parsed) if parsed else None
        c102 = to_qcvn102(parsed) if parsed else None
        data.append({"id": str(a.id), "code": qd20.format() if qd20 else a.code, "name": a.name,
                     "mail": a.mail or "", "code102": c102.format() if c102 else ""})
    return Answer.ok(data=data)


async def get_synchronize_unit(ex: Exchange, store: Store, cfg: Settings) -> Answer:
    d = ex.directory
    data = [{"id": str(a.id), "pid": _pid(d, a.pcode), "code": a.code, "name": a.name,
             "mail": a.mail or "", "version": a.version, "centerCode": a.system_id or "",
             "deleted": a.deleted, "modifyDate": protocol.iso_vn(a.modified),
             "isAgency": a.is_agency}
            for a in sorted(d.agencies.values(), key=lambda a: a.id)]
    return Answer.ok(data=data)


_MAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


async def register_agency(ex: Exchange, store: Store, cfg: Settings) -> Answer:
    import json

    try:
        data = json.loads(ex.body.decode("utf-8")) if ex.body.strip() else None
    except (UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict):
        return fail(ex, errors.BAD_AGENCY_DATA, "thân yêu cầu không phải đối tượng JSON UTF-8",
                    "body is not a UTF-8 JSON object")
    fields = {k: (str(v).strip() if v is not None else "") for k, v in data.items()
              if k in ("id", "pcode", "code", "name", "mail", "mobile", "fax")}
    problems = [k for k in ("code", "name", "mail") if not fields.get(k)]
    if fields.get("mail") and not _MAIL.fullmatch(fields["mail"]):
        problems.append("mail")
    code = fields.get("code", "")
    if code and parse_agency_code(code) is None:
        problems.append("code")
    if fields.get("pcode") and fields["pcode"] not in ex.directory.agencies:
        problems.append("pcode")
    if problems:
        text = ", ".join(dict.fromkeys(problems))
        return fail(ex, errors.BAD_AGENCY_DATA, text, text, refusal(
            FORMAT_RULE, f"registerAgency: dữ liệu không hợp lệ ({text})",
            f"registerAgency: invalid data ({text})", exchange_id=ex.id, found=text))
    ex.agencies.add(code)
    existing = ex.directory.agencies.get(code)
    if existing and not existing.deleted and existing.system_id not in (
            None, ex.system.system_id):
        return fail(ex, errors.AGENCY_NOT_OWNED, code, code, refusal(
            ACCESS_RULE, f"Hệ thống '{ex.system.system_id}' đăng ký lại cơ quan '{code}' của "
            "hệ thống khác", f"System '{ex.system.system_id}' re-registers agency '{code}' of "
            "another system", exchange_id=ex.id, found=code))
    system_id = ex.system.system_id

    def op(tx: Tx) -> tuple[Answer, bool]:
        prior, _ = tx.recall(ex.fingerprint, cfg.dedup_window, ex.now_real)
        if prior is not None:
            return Answer(prior["reply"], error_code=str(prior["reply"].get("ErrorCode"))), True
        tx.upsert_agency(code, fields["name"], now=ex.now, pcode=fields.get("pcode") or None,
                         mail=fields["mail"], mobile=fields.get("mobile") or None,
                         fax=fields.get("fax") or None, system_id=system_id)
        answer = Answer.ok()
        assert answer.reply is not None
        tx.remember(ex.fingerprint, ex.call, system_id, ex.now_real, answer.reply, ex.id)
        return answer, False

    answer, ex.replayed = await store.write(op)
    return answer


async def delete_agency(ex: Exchange, store: Store, cfg: Settings) -> Answer:
    missing = _missing(ex, "AgencyCode")
    if missing:
        return missing
    code = (ex.param("AgencyCode") or "").strip()
    ex.agencies.add(code)
    existing = ex.directory.agencies.get(code)
    if existing is None or existing.system_id != ex.system.system_id:
        return fail(ex, errors.AGENCY_NOT_OWNED, code, code, refusal(
            ACCESS_RULE, f"Hệ thống '{ex.system.system_id}' xóa cơ quan '{code}' không thuộc nó",
            f"System '{ex.system.system_id}' deletes agency '{code}', which is not its own",
            exchange_id=ex.id, found=code))

    def op(tx: Tx) -> tuple[Answer, bool]:
        prior, _ = tx.recall(ex.fingerprint, cfg.dedup_window, ex.now_real)
        if prior is not None:
            return Answer(prior["reply"], error_code=str(prior["reply"].get("ErrorCode"))), True
        tx.delete_agency(code, now=ex.now)
        answer = Answer.ok()
        assert answer.reply is not None
        tx.remember(ex.fingerprint, ex.call, ex.system.system_id, ex.now_real, answer.reply,
                    ex.id)
        return answer, False

    answer, ex.replayed = await store.write(op)
    return answer


HANDLERS: dict[str, Handler] = {
    "sendEdoc": send_edoc,
    "getReceivedEdocList": get_received_edoc_list,
    "getSentEdocList": get_sent_edoc_list,
    "getEdoc": get_edoc,
    "downloadEdoc": download_edoc,
    "updateStatus": update_status,
    "countReceiveEdoc": count_receive_edoc,
    "countReceiveStatus": count_receive_status,
    "getAgenciesList": get_agencies_list,
    "getAgenciesListQD20": get_agencies_list_qd20,
    "getSynchronizeUnit": get_synchronize_unit,
    "registerAgency": register_agency,
    "deleteAgency": delete_agency,
}
