"""Outcomes about the product's records (features/STEPS.md "Outcome: the product's records").
Record steps poll the driver up to the profile's `action_timeout` before they assert."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conformance.edxml.model import EdocPackage
from conformance.findings import Location, Status, finding
from conformance.suite.context import Doc, HarnessError, Scenario, inconclusive, parse_time
from conformance.suite.drivers import STATE_TEXT, Unsupported
from conformance.suite.steps.common import URGENCY_OF_PRIORITY, nfc, step
from conformance.suite.steps.receiver_steps import (
    _counterpart_document,
    deliver,
    delivery_states,
    fetched,
    receiver_code,
    record_of,
)
from reference_axis.reference_qlvb import packages

TIME_TOLERANCE = 120.0  # seconds between a recorded time and the axis log
PAPER_EQUIVALENT = "tương đương văn bản giấy"
FOR_REFERENCE = "để biết, tham khảo"
#: checks whose failure leaves a received document with reference value only (QĐ 28 Điều 4)
_LEGAL_VALUE_RULES = ("QD28-4.2", "QD28-6.1", "LC2019-6.1a", "LC2019-6.1d", "LC2019-6.2",
                      "LC2019-6.3", "TT41-")


def _record(qlvb: Scenario, doc: Doc) -> Any:
    try:
        return record_of(qlvb, doc)
    except Unsupported as exc:
        inconclusive(exc.vi, exc.en)


def _extra(qlvb: Scenario, doc: Doc) -> dict[str, Any]:
    """What the builtin product's register holds beyond the driver's DocumentRecord."""
    agent = getattr(qlvb.h.adapter, "agent", None)
    if agent is None or not doc.document_id:
        return {}
    rec = agent.store.incoming(receiver_code(qlvb), doc.document_id)
    return {"priority": rec.priority} if rec is not None else {}


def record_item(qlvb: Scenario, doc: Doc, rec: Any, item: str) -> str | None:
    """A record item by its `{muc}` name, as the product shows it."""
    item = nfc(item)
    history = list(rec.history or ())
    if item == "số đến":
        return None if rec.arrival_number is None else str(rec.arrival_number)
    if item == "tình trạng":
        if rec.direction == "outgoing":
            if rec.state in ("revoked", "revocation_requested"):
                return "đã thu hồi"
            if rec.state == "replaced":
                return "đã bị thay thế"
            received = [h.code for h in history if h.event == "received"]
            return "bị từ chối" if received and received[-1] == "02" else "đã gửi"
        updated = [h for h in history if h.code == "updated"]
        if rec.state in ("accepted", "assigned", "processing", "completed") and updated:
            return "đã cập nhật"
        return STATE_TEXT.get(rec.state, rec.state)
    if item in ("độ khẩn", "ưu tiên"):
        priority = getattr(rec, "priority", None) or _extra(qlvb, doc).get("priority")
        if priority is None:
            raise Unsupported("record", "hồ sơ của hệ thống (DocumentRecord) không có độ khẩn",
                              "the product's record (DocumentRecord) has no urgency")
        if item == "độ khẩn":
            return URGENCY_OF_PRIORITY.get(str(priority).strip(), str(priority))
        return "có" if str(priority).strip() not in ("", "0") else "không"
    if item == "giá trị pháp lý":
        value = getattr(rec, "legal_value", None)
        if value:
            return str(value)
        if rec.direction != "incoming" or rec.state in ("arrived", "rejected"):
            return FOR_REFERENCE if rec.state == "rejected" else None
        failed = [c.rule_id for c in rec.checks if c.status == "fail" and c.severity == "error"]
        bad = [r for r in failed if r.startswith(_LEGAL_VALUE_RULES)]
        return FOR_REFERENCE if bad else PAPER_EQUIVALENT
    if item == "lý do":
        if rec.direction == "outgoing":
            answers = [h for h in history if h.event == "received" and h.code in ("02", "16")]
            return answers[-1].description if answers else rec.reason
        return rec.reason
    if item == "Bên gửi":
        return rec.sender
    if item == "nơi nhận":
        return ", ".join(rec.recipients)
    if item == "văn bản thay thế":
        code = (rec.reason or "").removeprefix("Thay thế bằng văn bản ").strip()
        return next((d.label for d in qlvb.docs.values()
                     if d.document_id and code and code in (d.document_id or "")), code or None)
    raise HarnessError(f"mục hồ sơ không có trong danh mục: {item!r}")


@step('hồ sơ của hệ thống về văn bản "{ten}" có "{muc}" là "{gia_tri}"', "Thì")
def record_has(qlvb: Scenario, ten: str, muc: str, gia_tri: str) -> None:
    doc = qlvb.doc(ten)

    def current() -> str | None:
        rec = _record(qlvb, doc)
        if rec is None:
            return None
        try:
            return record_item(qlvb, doc, rec, muc)
        except Unsupported as exc:
            inconclusive(exc.vi, exc.en)
        return None

    wanted = nfc(gia_tri)
    value = qlvb.wait(lambda: current() == wanted and wanted)
    found = current() if not value else wanted
    qlvb.behaviour(found == wanted, f"Hồ sơ về {ten}: {muc} là \"{found}\"",
                   f"Record of {ten}: {muc} is \"{found}\"", expected=wanted,
                   found=found if found is not None else "không có")
    assert found == wanted, f"Hồ sơ về {ten}: {muc} là \"{found}\", yêu cầu \"{wanted}\""


def _package_items(doc: Doc) -> dict[str, str | None]:
    data = doc.data if doc.data is not None else (doc.sent.data if doc.sent else None)
    pkg = packages.read(data).package if data else None
    if not isinstance(pkg, EdocPackage):
        return {}
    h = pkg.header
    return {"số và ký hiệu": h.code.full if h.code else None, "trích yếu": h.subject,
            "Bên gửi": h.from_.organ_id if h.from_ else None,
            "mã định danh": h.document_id}


@step('hồ sơ của hệ thống về văn bản "{ten}" có đủ thông tin của gói tin', "Thì")
def record_complete(qlvb: Scenario, ten: str) -> None:
    doc = qlvb.doc(ten)
    rec = qlvb.wait(lambda: _record(qlvb, doc))
    assert rec is not None, f"Hệ thống không có hồ sơ về văn bản {ten}"
    want = _package_items(doc)
    have = {"số và ký hiệu": rec.code, "trích yếu": rec.subject, "Bên gửi": rec.sender,
            "mã định danh": rec.document_id}
    missing = [k for k, v in want.items() if v and nfc(str(have.get(k) or "")) != nfc(str(v))]
    qlvb.behaviour(not missing, f"Hồ sơ về {ten} có đủ thông tin của gói tin" if not missing
                   else f"Hồ sơ về {ten} thiếu hoặc sai: {', '.join(missing)}",
                   f"The record of {ten} holds the package's items" if not missing else
                   f"The record of {ten} lacks: {', '.join(missing)}",
                   expected="; ".join(f"{k}: {v}" for k, v in want.items() if v),
                   found="; ".join(f"{k}: {have.get(k)}" for k in want))


@step('hồ sơ của hệ thống về văn bản "{ten}" ghi nhận trạng thái "{ma_trang_thai}" từ '
      '"{ma_co_quan}"', "Thì")
def record_saw_status(qlvb: Scenario, ten: str, ma_trang_thai: str, ma_co_quan: str) -> None:
    doc = qlvb.doc(ten)
    party = qlvb.h.code(ma_co_quan)

    def seen() -> bool:
        rec = _record(qlvb, doc)
        if rec is None:
            return False
        return any(h.event == "received" and h.code == ma_trang_thai and (
            not h.party or party in h.party) for h in rec.history)

    ok = qlvb.wait(seen)
    rec = _record(qlvb, doc)
    got = ", ".join(f"{h.code} từ {h.party}" for h in (rec.history if rec else ())
                    if h.event == "received") or "không có"
    qlvb.behaviour(bool(ok), f"Hồ sơ về {ten} ghi nhận trạng thái {ma_trang_thai} từ {party}"
                   if ok else f"Hồ sơ về {ten} không ghi nhận trạng thái {ma_trang_thai} từ "
                   f"{party} (có: {got})",
                   f"The record of {ten} shows status {ma_trang_thai} from {party}" if ok else
                   f"The record of {ten} lacks status {ma_trang_thai} from {party}",
                   expected=f"{ma_trang_thai} từ {party}", found=got)


@step('hồ sơ của hệ thống về văn bản "{ten}" đạt quy tắc "{ma_quy_tac}"', "Thì")
def record_rule(qlvb: Scenario, ten: str, ma_quy_tac: str) -> None:
    doc = qlvb.doc(ten)
    if ma_quy_tac != "QD28-10.2p":
        raise HarnessError(f"chưa có bộ kiểm tra hồ sơ cho quy tắc {ma_quy_tac} / no record "
                           "check for this rule")
    if not qlvb.h.profile.includes(ma_quy_tac):
        qlvb.judge(ma_quy_tac, None)
    injected = [(i.get("status_code"), i["from"]) for i in qlvb.injections
                if i.get("messagetype") == "status" and i.get("response_for") == doc.document_id]
    rec = qlvb.wait(lambda: _record(qlvb, doc))
    assert rec is not None, f"Hệ thống không có hồ sơ về văn bản {ten}"
    seen = [(h.code, h.party or "") for h in rec.history if h.event == "received"]
    missing = [f"{code} từ {party}" for code, party in injected
               if not any(c == code and party in p for c, p in seen)]
    f = finding(ma_quy_tac, Status.FAIL if missing else Status.PASS,
                f"Lịch sử gửi, nhận của {ten} thiếu: {', '.join(missing)}" if missing else
                f"Lịch sử gửi, nhận của {ten} khớp nhật ký trục ({len(injected)} trạng thái)",
                f"The history of {ten} lacks: {', '.join(missing)}" if missing else
                f"The history of {ten} matches the axis log ({len(injected)} statuses)",
                expected=", ".join(f"{c} từ {p}" for c, p in injected),
                found=", ".join(f"{c} từ {p}" for c, p in seen) or "không có",
                location=Location(field=f"record:{doc.document_id}"),
                severity=qlvb.h.profile.severity_of(ma_quy_tac))
    qlvb.record([f])
    assert not f.is_failure, f.message.vi


_STABLE = ("state", "arrival_number", "reason", "statuses_sent", "subject", "code", "sender")


@step('hồ sơ của hệ thống về văn bản "{ten}" không thay đổi', "Thì")
def record_unchanged(qlvb: Scenario, ten: str) -> None:
    doc = qlvb.doc(ten)
    if doc.snapshot is None:
        inconclusive(f"không có ảnh chụp hồ sơ của {ten} để so sánh",
                     f"no snapshot of the record of {ten} to compare with")
    qlvb.wait(lambda: None, 15, negative=True)
    rec = _record(qlvb, doc)
    assert rec is not None, f"Hồ sơ về {ten} không còn"
    changed = [k for k in _STABLE if getattr(rec, k) != getattr(doc.snapshot, k)]
    detail = "; ".join(f"{k}: {getattr(doc.snapshot, k)!r} → {getattr(rec, k)!r}"
                       for k in changed)
    qlvb.behaviour(not changed, f"Hồ sơ về {ten} không thay đổi" if not changed else
                   f"Hồ sơ về {ten} đã thay đổi: {detail}",
                   f"The record of {ten} is unchanged" if not changed else
                   f"The record of {ten} changed: {detail}",
                   expected="không thay đổi", found=detail or "không thay đổi")


@step('hệ thống có đúng {so_ban_ghi:d} bản ghi cho văn bản "{ten}"', "Thì")
def record_count(qlvb: Scenario, so_ban_ghi: int, ten: str) -> None:
    doc = qlvb.doc(ten)
    if not doc.document_id:
        raise HarnessError(f"'{ten}' không có mã định danh")
    qlvb.wait(lambda: None, 15, negative=True)
    try:
        count = qlvb.h.adapter.records(doc.document_id)
    except Unsupported as exc:
        inconclusive(exc.vi, exc.en)
    except Exception as exc:
        raise AssertionError(f"Không đọc được hồ sơ của {ten}: {exc}") from None
    qlvb.behaviour(count == so_ban_ghi, f"Hệ thống có {count} bản ghi cho {ten}",
                   f"The system holds {count} record(s) for {ten}",
                   expected=str(so_ban_ghi), found=str(count))


@step('hệ thống cấp số đến không trùng nhau cho các văn bản "{danh_sach}"', "Thì")
def arrival_numbers_unique(qlvb: Scenario, danh_sach: str) -> None:
    labels = [x.strip() for x in danh_sach.split(",") if x.strip()]
    numbers: dict[str, Any] = {}
    for label in labels:
        doc = qlvb.doc(label)
        rec = qlvb.wait(lambda d=doc: (r := _record(qlvb, d)) is not None
                        and r.arrival_number is not None and r)
        numbers[label] = rec.arrival_number if rec else None
    others: list[Any] = []
    agent = getattr(qlvb.h.adapter, "agent", None)
    if agent is not None:  # every registration the product made, duplicates included
        others = [n for _, n in agent.arrival_numbers(receiver_code(qlvb)) if n is not None]
    values = [n for n in numbers.values() if n is not None]
    missing = [k for k, v in numbers.items() if v is None]
    duplicated = sorted({n for n in (others or values) if (others or values).count(n) > 1})
    ok = not missing and not duplicated
    found = ", ".join(f"{k}: {v}" for k, v in numbers.items())
    qlvb.behaviour(ok, f"Số đến: {found}" + (f"; trùng: {duplicated}" if duplicated else "")
                   + (f"; chưa có số: {', '.join(missing)}" if missing else ""),
                   f"Arrival numbers: {found}", expected="mỗi văn bản một số đến riêng",
                   found=found + (f" (trùng {duplicated})" if duplicated else ""))


def _recorded_time(rec: Any, kind: str) -> str | None:
    return rec.sent_at if kind == "gửi" else rec.received_at


@step('hồ sơ của hệ thống ghi thời điểm {loai_thoi_diem} của văn bản "{ten}" khớp với nhật ký '
      'trục', "Thì")
def recorded_time(qlvb: Scenario, loai_thoi_diem: str, ten: str) -> None:
    kind = nfc(loai_thoi_diem)
    if kind not in ("gửi", "nhận"):
        raise HarnessError(f"loại thời điểm không có trong danh mục: {loai_thoi_diem!r}")
    doc = qlvb.doc(ten)
    rec = qlvb.wait(lambda: (r := _record(qlvb, doc)) is not None and _recorded_time(r, kind)
                    and r)
    text = _recorded_time(rec, kind) if rec else None
    if kind == "gửi":
        sent = [s for s in qlvb.sut_sent("edoc")
                if (s.edxml_document_id or "") == (doc.document_id or "")]
        axis_time = sent[-1].at if sent else None
        what = "lệnh gửi thành công (sendEdoc)"
    else:
        states = delivery_states(qlvb, doc)
        axis_time = parse_time(states[0].get("fetched")) if states else None
        what = "lệnh lấy văn bản (getEdoc)"
    recorded = parse_time(text)
    problems = []
    if recorded is None:
        problems.append("hồ sơ không ghi thời điểm")
    elif not text or not text.endswith("+07:00"):
        problems.append(f"'{text}' không theo ISO 8601 +07:00")
    if axis_time is None:
        problems.append(f"nhật ký trục không có {what}")
    if recorded is not None and axis_time is not None:
        skew = (recorded - axis_time).total_seconds()
        if abs(skew) > TIME_TOLERANCE:
            problems.append(f"lệch {skew:+.0f} giây so với {what} lúc {axis_time.isoformat()}")
    ok = not problems
    qlvb.behaviour(ok, f"Thời điểm {kind} của {ten}: {text}" + ("" if ok else
                                                               f" — {'; '.join(problems)}"),
                   f"The {('sending' if kind == 'gửi' else 'receipt')} time of {ten}: {text}",
                   expected=f"khớp {what} ({axis_time.isoformat() if axis_time else '?'})",
                   found=text or "không có")


@step("hệ thống vẫn xử lý bình thường một văn bản hợp lệ chuyển đến sau đó", "Thì")
def still_works(qlvb: Scenario) -> None:
    sender = qlvb.h.aliases["Cơ quan B"]
    issued = _counterpart_document(qlvb, sender, "Công văn")
    label = f"kiểm tra sau {len(qlvb.docs) + 1}"
    doc = deliver(qlvb, label, issued.data, sender=sender, issued=issued)

    def normal() -> bool:
        states = delivery_states(qlvb, doc)
        return fetched(qlvb, doc) and all(d.get("state") == "done" for d in states) and bool(
            qlvb.statuses_for(doc, "01"))

    ok = qlvb.wait(normal, 15)
    states = ", ".join(str(d.get("state")) for d in delivery_states(qlvb, doc)) or "—"
    codes = ", ".join(s.status_code or "?" for s in qlvb.statuses_for(doc)) or "không có"
    qlvb.behaviour(bool(ok), "Hệ thống vẫn nhận bình thường văn bản hợp lệ tiếp theo" if ok else
                   f"Hệ thống không xử lý văn bản hợp lệ tiếp theo (truyền: {states}; trạng "
                   f"thái: {codes})",
                   "The system still handles the next valid document" if ok else
                   "The system no longer handles a valid document",
                   expected="lấy về, done, trạng thái 01", found=f"{states}; {codes}")
    if not ok:
        raise AssertionError(f"Hệ thống không xử lý văn bản hợp lệ tiếp theo (truyền: {states}; "
                             f"trạng thái: {codes})")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
