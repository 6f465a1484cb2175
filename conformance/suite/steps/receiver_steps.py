"""The SUT as receiver: what the axis delivers, the clerk's actions, and third-party calls to the
axis (features/STEPS.md "The SUT as receiver", "Axis level")."""

from __future__ import annotations

from typing import Any

import httpx

from conformance.edxml.model import EdocPackage, ResponseFor
from conformance.suite.context import (
    Doc,
    HarnessError,
    Scenario,
    inconclusive,
)
from conformance.suite.counterparts import Issued
from conformance.suite.defects import build_defect, build_form
from conformance.suite.drivers import Unsupported
from conformance.suite.judge import families
from conformance.suite.steps.common import ACTIONS, URGENCY, nfc, step
from reference_axis.reference_qlvb import packages
from reference_axis.reference_qlvb.errors import AgentError

FAKE_DOCUMENT = "000.00.00.H41,2026/01/05,999/UBND-VP"


# --- delivering ----------------------------------------------------------------------------------

def receiver_code(qlvb: Scenario) -> str:
    return qlvb.h.sut.first_agency


def _document_id_of(data: bytes, fallback: str | None) -> str | None:
    parsed = packages.read(data).package
    if isinstance(parsed, EdocPackage) and parsed.header.document_id:
        return parsed.header.document_id.strip()
    return fallback


def deliver(qlvb: Scenario, label: str, data: bytes, *, sender: str,
            issued: Issued | None, messagetype: str = "edoc",
            document_id: str | None = None, wait_fetch: bool = True) -> Doc:
    """Inject a package into the SUT's inbox as `sender`; bind `label`; let the SUT fetch it."""
    to = receiver_code(qlvb)
    reply = qlvb.h.axis.inject(data, from_=sender, to=[to], messagetype=messagetype)
    deliveries = [d["docId"] for d in reply.get("deliveries") or []]
    created = qlvb.axis_now().replace(microsecond=0)
    qlvb.injections.append({"label": label, "from": sender, "to": [to],
                            "messagetype": messagetype, "docId": reply.get("docId"),
                            "deliveries": deliveries})
    doc = qlvb.bind(Doc(label=label, direction="in", issued=issued, data=data, sender=sender,
                        document_id=document_id or _document_id_of(data, issued.document_id
                                                                   if issued else None),
                        deliveries=deliveries, delivered_at=created))
    name = f"goi-tin-den-{label.lower()}-{(reply.get('docId') or '')[:8]}.edxml"
    qlvb.keep(name, data, f"Gói tin trục chuyển đến hệ thống: {label}")
    if wait_fetch:
        qlvb.wait(lambda: fetched(qlvb, doc))
    return doc


def fetched(qlvb: Scenario, doc: Doc) -> bool:
    """Whether every delivery of the document was fetched by the SUT (getEdoc)."""
    return bool(doc.deliveries) and all(qlvb.delivery(did)["fetch_count"]
                                        for did in doc.deliveries)


def delivery_states(qlvb: Scenario, doc: Doc) -> list[dict[str, Any]]:
    return [qlvb.delivery(did) for did in doc.deliveries]


def record_of(qlvb: Scenario, doc: Doc) -> Any:
    """The SUT's record of the document, or None when it has none (yet)."""
    if not doc.document_id:
        return None
    try:
        return qlvb.h.adapter.record(doc.document_id,
                                     direction="incoming" if doc.direction == "in"
                                     else "outgoing")
    except AgentError:
        return None


def wait_record(qlvb: Scenario, doc: Doc) -> Any:
    try:
        return qlvb.wait(lambda: record_of(qlvb, doc))
    except Unsupported as exc:
        inconclusive(exc.vi, exc.en)


def _counterpart_document(qlvb: Scenario, sender: str, type_name: str = "Công văn",
                          urgency: str | None = None) -> Issued:
    return qlvb.h.counterparts.document(sender, (receiver_code(qlvb),), type_name=type_name,
                                        urgency=urgency)


@step('hệ thống được kiểm thử đã tiếp nhận văn bản "{ten}" do "{ma_gui}" gửi', "Cho")
def already_accepted(qlvb: Scenario, ten: str, ma_gui: str) -> None:
    sender = qlvb.h.code(ma_gui)
    issued = _counterpart_document(qlvb, sender)
    doc = deliver(qlvb, ten, issued.data, sender=sender, issued=issued)

    def status(code: str) -> bool:
        return bool(qlvb.statuses_for(doc, code))

    if not qlvb.wait(lambda: fetched(qlvb, doc) and status("01")):
        raise HarnessError(f"chuẩn bị kịch bản: hệ thống không lấy văn bản {ten} về và báo "
                           "01 / set-up: the SUT did not fetch the document and send 01")
    try:
        qlvb.h.adapter.review(doc.document_id or "")
    except (AgentError, Unsupported) as exc:
        raise HarnessError(f"chuẩn bị kịch bản: không tiếp nhận được {ten}: {exc}") from None
    if not qlvb.wait(lambda: status("03")):
        raise HarnessError(f"chuẩn bị kịch bản: hệ thống không báo 03 cho {ten} / set-up: no 03")
    try:
        doc.snapshot = qlvb.h.adapter.record(doc.document_id or "", direction="incoming")
    except Unsupported:
        doc.snapshot = None


@step('trục chuyển đến hệ thống văn bản "{ten}" loại "{loai_van_ban}" độ khẩn "{do_khan}" từ '
      '"{ma_gui}"', "Khi")
def deliver_valid(qlvb: Scenario, ten: str, loai_van_ban: str, do_khan: str,
                  ma_gui: str) -> None:
    sender = qlvb.h.code(ma_gui)
    if nfc(do_khan) not in URGENCY:
        raise HarnessError(f"độ khẩn không có trong danh mục: {do_khan!r}")
    issued = _counterpart_document(qlvb, sender, nfc(loai_van_ban), URGENCY[nfc(do_khan)])
    deliver(qlvb, ten, issued.data, sender=sender, issued=issued)


@step('trục chuyển đến hệ thống văn bản "{ten}" có lỗi "{loai_loi}" trái quy tắc "{ma_quy_tac}"',
      "Khi")
def deliver_defective(qlvb: Scenario, ten: str, loai_loi: str, ma_quy_tac: str) -> None:
    h = qlvb.h
    sender, other = h.aliases["Cơ quan A"], h.aliases["Cơ quan B"]
    built = build_defect(h.counterparts, nfc(loai_loi), sender=sender,
                         recipient=receiver_code(qlvb), other=other)
    if families(ma_quy_tac) & {"package", "pdf"}:
        fails = h.judge.self_check(ma_quy_tac, built.data, recipient=receiver_code(qlvb))
        if not fails:
            raise HarnessError(f"gói tin lỗi '{loai_loi}' không vi phạm {ma_quy_tac} theo các bộ "
                               "kiểm tra: dữ liệu kiểm thử sai / the defective fixture does not "
                               f"break {ma_quy_tac}")
    deliver(qlvb, ten, built.data, sender=sender, issued=built.base,
            document_id=_document_id_of(built.data, built.document_id))


@step('trục chuyển đến hệ thống văn bản "{ten}" ở dạng biểu diễn "{dang}" từ "{ma_gui}"', "Khi")
def deliver_form(qlvb: Scenario, ten: str, dang: str, ma_gui: str) -> None:
    sender = qlvb.h.code(ma_gui)
    issued = _counterpart_document(qlvb, sender)
    deliver(qlvb, ten, build_form(issued, nfc(dang)), sender=sender, issued=issued)


@step('trục chuyển lại đến hệ thống văn bản "{ten}"', "Khi")
def deliver_again(qlvb: Scenario, ten: str) -> None:
    doc = qlvb.doc(ten)
    if doc.data is None or doc.sender is None:
        raise HarnessError(f"'{ten}' không phải văn bản trục đã chuyển đến")
    reply = qlvb.h.axis.inject(doc.data, from_=doc.sender, to=[receiver_code(qlvb)])
    doc.deliveries += [d["docId"] for d in reply.get("deliveries") or []]
    qlvb.injections.append({"label": ten, "from": doc.sender, "to": [receiver_code(qlvb)],
                            "messagetype": "edoc", "docId": reply.get("docId"),
                            "deliveries": [d["docId"] for d in reply.get("deliveries") or []]})
    qlvb.wait(lambda: fetched(qlvb, doc))


# --- statuses and change requests from the harness's agencies ------------------------------------

def _answered(doc: Doc) -> ResponseFor:
    data = doc.sent.data if doc.sent is not None else doc.data
    parsed = packages.read(data).package if data else None
    if isinstance(parsed, EdocPackage):
        return packages.response_for_of(parsed)
    return ResponseFor(document_id=doc.document_id)


def _sut_holder(qlvb: Scenario, doc: Doc) -> str:
    if doc.direction == "out":
        return doc.sender or qlvb.h.sut.first_agency
    return receiver_code(qlvb)


def inject_status(qlvb: Scenario, sender: str, answered: ResponseFor, code: str,
                  description: str, to: str, label: str) -> None:
    data = qlvb.h.counterparts.status(sender, answered, code, description)
    reply = qlvb.h.axis.inject(data, from_=sender, to=[to], messagetype="status")
    qlvb.injections.append({"label": label, "from": sender, "to": [to], "messagetype": "status",
                            "status_code": code, "docId": reply.get("docId"),
                            "response_for": answered.document_id,
                            "deliveries": [d["docId"] for d in reply.get("deliveries") or []]})
    qlvb.keep(f"trang-thai-{code}-{sender}-{(reply.get('docId') or '')[:8]}.edxml", data,
              f"Phản hồi trạng thái {code} của {sender}")
    qlvb.settle()


@step('"{ma_co_quan}" gửi phản hồi trạng thái "{ma_trang_thai}" kèm mô tả "{mo_ta}" cho văn bản '
      '"{ten}"', "Cho", "Khi")
def status_from_party(qlvb: Scenario, ma_co_quan: str, ma_trang_thai: str, mo_ta: str,
                      ten: str) -> None:
    sender = qlvb.h.code(ma_co_quan)
    doc = qlvb.doc(ten)
    inject_status(qlvb, sender, _answered(doc), ma_trang_thai, nfc(mo_ta), _sut_holder(qlvb, doc),
                  ten)


@step('"{ma_co_quan}" gửi phản hồi trạng thái "{ma_trang_thai}" kèm mô tả "{mo_ta}" cho một văn '
      'bản hệ thống không có', "Khi")
def status_for_unknown(qlvb: Scenario, ma_co_quan: str, ma_trang_thai: str, mo_ta: str) -> None:
    sender = qlvb.h.code(ma_co_quan)
    answered = ResponseFor(organ_id=sender, code="999/UBND-VP", promulgation_date="2026/01/05",
                           document_id=FAKE_DOCUMENT)
    inject_status(qlvb, sender, answered, ma_trang_thai, nfc(mo_ta), receiver_code(qlvb),
                  "(không có)")


@step('"{ma_co_quan}" gửi gói tin "{nghiep_vu}" cho văn bản "{ten}" với lý do "{ly_do}"', "Khi")
def change_from_party(qlvb: Scenario, ma_co_quan: str, nghiep_vu: str, ten: str,
                      ly_do: str) -> None:
    party = qlvb.h.code(ma_co_quan)
    doc = qlvb.doc(ten)
    if doc.issued is None:
        raise HarnessError(f"'{ten}' không do cơ quan của bộ kiểm thử gửi")
    cp, reason, kind = qlvb.h.counterparts, nfc(ly_do), nfc(nghiep_vu)
    messagetype = "edoc"
    if kind == "thu hồi bằng trạng thái 13":
        data, messagetype = cp.revoke(doc.issued, reason, "status"), "status"
    elif kind == "thu hồi bằng nghiệp vụ 1":
        data = cp.revoke(doc.issued, reason, "business")
    elif kind == "cập nhật bằng nghiệp vụ 2":
        data = cp.update(doc.issued, reason)
    elif kind == "thay thế bằng nghiệp vụ 3":
        data = cp.replace(doc.issued, reason).data
    else:
        raise HarnessError(f"nghiệp vụ không có trong danh mục: {nghiep_vu!r}")
    if party != doc.issued.sender:
        if messagetype == "status":
            parsed = packages.read(data).package
            answered = parsed.response_for if parsed is not None else None  # type: ignore[union-attr]
            data = cp.status(party, answered or _answered(doc), "13", reason)
        else:
            data = cp.forged(data, party)
    reply = qlvb.h.axis.inject(data, from_=party, to=[receiver_code(qlvb)],
                               messagetype=messagetype)
    qlvb.injections.append({"label": ten, "from": party, "to": [receiver_code(qlvb)],
                            "messagetype": messagetype, "docId": reply.get("docId"),
                            "kind": kind,
                            "deliveries": [d["docId"] for d in reply.get("deliveries") or []]})
    qlvb.keep(f"yeu-cau-{(reply.get('docId') or '')[:8]}.edxml", data,
              f"Gói tin {kind} của {party} cho {ten}")
    qlvb.change_reasons[ten] = reason
    qlvb.settle()


# --- the clerk -----------------------------------------------------------------------------------

def _incoming(qlvb: Scenario, ten: str) -> Doc:
    doc = qlvb.doc(ten)
    if not doc.document_id:
        raise HarnessError(f"'{ten}' không có mã định danh văn bản để thao tác")
    return doc


@step('hệ thống được kiểm thử kiểm tra văn bản "{ten}" và tự quyết định tiếp nhận hay từ chối',
      "Khi")
def review(qlvb: Scenario, ten: str) -> None:
    doc = _incoming(qlvb, ten)
    if wait_record(qlvb, doc) is None:
        qlvb.notes.append(f"{ten}: hệ thống không có hồ sơ văn bản để kiểm tra")
        return
    qlvb.drive(lambda: qlvb.h.adapter.review(doc.document_id or ""), f"kiểm tra văn bản {ten}")


@step('hệ thống được kiểm thử chuyển văn bản "{ten}" sang bước "{buoc}"', "Khi")
def move_on(qlvb: Scenario, ten: str, buoc: str) -> None:
    action = ACTIONS.get(nfc(buoc))
    if action is None:
        raise HarnessError(f"bước không có trong danh mục: {buoc!r}")
    doc = _incoming(qlvb, ten)
    wait_record(qlvb, doc)
    qlvb.drive(lambda: qlvb.h.adapter.act(doc.document_id or "", action), f"bước {buoc}")


@step('hệ thống được kiểm thử từ chối văn bản "{ten}" với lý do "{ly_do}"', "Khi")
def refuse(qlvb: Scenario, ten: str, ly_do: str) -> None:
    doc = _incoming(qlvb, ten)
    wait_record(qlvb, doc)
    qlvb.drive(lambda: qlvb.h.adapter.act(doc.document_id or "", "reject", nfc(ly_do)),
               f"từ chối {ten}")
    qlvb.change_reasons[ten] = nfc(ly_do)


@step('hệ thống được kiểm thử đồng ý yêu cầu "{nghiep_vu}" đối với văn bản "{ten}"', "Khi")
def agree_change(qlvb: Scenario, nghiep_vu: str, ten: str) -> None:
    doc = _incoming(qlvb, ten)
    wait_record(qlvb, doc)
    qlvb.drive(lambda: qlvb.h.adapter.change_answer(doc.document_id or "", True),
               f"đồng ý {nghiep_vu}")


@step('hệ thống được kiểm thử từ chối yêu cầu "{nghiep_vu}" đối với văn bản "{ten}" với lý do '
      '"{ly_do}"', "Khi")
def refuse_change(qlvb: Scenario, nghiep_vu: str, ten: str, ly_do: str) -> None:
    doc = _incoming(qlvb, ten)
    wait_record(qlvb, doc)
    qlvb.drive(lambda: qlvb.h.adapter.change_answer(doc.document_id or "", False, nfc(ly_do)),
               f"từ chối {nghiep_vu}")


@step('hệ thống được kiểm thử số hóa văn bản giấy đến "{mau_van_ban}" thành văn bản "{ten}"',
      "Khi")
def digitise(qlvb: Scenario, mau_van_ban: str, ten: str) -> None:
    pdf = qlvb.drive(lambda: qlvb.h.adapter.digitise_incoming(nfc(mau_van_ban), ten),
                     "số hóa văn bản giấy đến")
    if pdf:
        qlvb.digitised[ten] = pdf
        qlvb.keep(f"so-hoa-{ten.lower()}.pdf", pdf, f"Tệp số hóa của {ten}")


# --- a third party on the axis -------------------------------------------------------------------

def _third_party_call(qlvb: Scenario, call: str, kind: str) -> dict[str, Any]:
    """Call the axis' wire API as someone else; returns what happened."""
    h = qlvb.h
    axis = h.axis
    params: dict[str, str] = {}
    body = b""
    target = next((d for d in qlvb.docs.values() if d.direction == "in" and d.deliveries), None)
    if call == "getEdoc":
        params = {"docId": target.deliveries[0] if target else "khong-co"}
        body = b"{}"
    elif call in ("getReceivedEdocList", "getSentEdocList"):
        params = {"servicetype": "eDoc", "messagetype": "edoc"}
    elif call == "updateStatus":
        params = {"docId": target.deliveries[0] if target else "khong-co", "status": "done"}
        body = b"{}"
    elif call == "sendEdoc":
        from reference_axis.testing import edoc_package

        body = edoc_package(h.aliases["Cơ quan A"], [h.sut.first_agency])
    if kind == "không có chữ ký HMAC":
        response = httpx.request("POST" if body or call == "sendEdoc" else "GET",
                                 f"{axis.endpoint}/{call}", content=body or None,
                                 params=None, timeout=30.0)
        return {"status": response.status_code, "body": response.text[:2000]}
    if kind == "chữ ký HMAC sai":
        client = axis.client(h.sut_system, "khong-phai-secret-that")
    elif kind == "hệ thống không đăng ký với trục":
        client = axis.client("vxp.khong-dang-ky", "khong-phai-secret-that")
    elif kind == "thông tin xác thực của Cơ quan A để đọc văn bản của Cơ quan kiểm thử":
        client = axis.harness_client()
    else:
        raise HarnessError(f"kiểu xác thực không có trong danh mục: {kind!r}")
    with client:
        if call == "sendEdoc":
            reply = client.send_edoc(body, from_=h.aliases["Cơ quan A"], to=[h.sut.first_agency])
        else:
            reply = client.call(call, params, body)
    return {"status": reply.http_status, "body": (reply.raw or b"")[:2000].decode(
        "utf-8", "replace"), "ok": reply.ok, "package": reply.package is not None}


@step('một bên gọi lệnh "{lenh}" của trục với thông tin xác thực "{kieu_xac_thuc}"', "Khi")
def third_party(qlvb: Scenario, lenh: str, kieu_xac_thuc: str) -> None:
    before = len(qlvb.traffic())
    outcome = _third_party_call(qlvb, lenh, nfc(kieu_xac_thuc))
    outcome["call"] = lenh
    outcome["traffic_from"] = before
    qlvb.third_party = outcome
