"""Outcomes about statuses and transport acknowledgements (features/STEPS.md "Outcome: statuses
and transport acknowledgements")."""

from __future__ import annotations

from conformance.suite.context import Doc, HarnessError, Scenario, Sent
from conformance.suite.steps.common import step
from conformance.suite.steps.receiver_steps import delivery_states

STATUS_RULES = ("QCVN102-STATUS-CODE", "QCVN102-STATUS-RESPONSEFOR")


def _reaches_sender(sent: Sent, doc: Doc) -> bool:
    return not doc.sender or doc.sender in sent.recipients or not sent.recipients


def _status(qlvb: Scenario, doc: Doc, code: str) -> Sent | None:
    found = [s for s in qlvb.statuses_for(doc, code) if _reaches_sender(s, doc)]
    return found[-1] if found else None


@step('trong vòng {so_phut:d} phút hệ thống gửi phản hồi trạng thái "{ma_trang_thai}" cho văn '
      'bản "{ten}"', "Thì")
def status_sent(qlvb: Scenario, so_phut: int, ma_trang_thai: str, ten: str) -> None:
    doc = qlvb.doc(ten)
    sent = qlvb.wait(lambda: _status(qlvb, doc, ma_trang_thai), so_phut)
    qlvb.behaviour(sent is not None,
                   f"Hệ thống gửi trạng thái {ma_trang_thai} cho {ten}" if sent else
                   f"Hệ thống không gửi trạng thái {ma_trang_thai} cho {ten} trong {so_phut} phút",
                   f"The system sent status {ma_trang_thai} for {ten}" if sent else
                   f"No status {ma_trang_thai} for {ten} within {so_phut} minutes",
                   expected=f"phản hồi trạng thái {ma_trang_thai}",
                   found=", ".join(s.status_code or "?" for s in qlvb.statuses_for(doc))
                   or "không có",
                   exchange_id=sent.exchange_id if sent else None)
    if sent is None:
        raise AssertionError(f"Hệ thống không gửi phản hồi trạng thái {ma_trang_thai} cho văn bản "
                             f"{ten}")
    subject = qlvb.set_outgoing(sent, label=f"trạng thái {ma_trang_thai} {ten}",
                                answered_arrived_at=doc.delivered_at)
    for rule in STATUS_RULES:
        if qlvb.h.profile.includes(rule):
            qlvb.judge(rule, subject)


@step('trong vòng {so_phut:d} phút hệ thống không gửi phản hồi trạng thái "{ma_trang_thai}" cho '
      'văn bản "{ten}"', "Thì")
def status_not_sent(qlvb: Scenario, so_phut: int, ma_trang_thai: str, ten: str) -> None:
    doc = qlvb.doc(ten)
    sent = qlvb.wait(lambda: qlvb.statuses_for(doc, ma_trang_thai), so_phut, negative=True)
    qlvb.behaviour(not sent,
                   f"Hệ thống không gửi trạng thái {ma_trang_thai} cho {ten}" if not sent else
                   f"Hệ thống đã gửi trạng thái {ma_trang_thai} cho {ten}",
                   f"No status {ma_trang_thai} for {ten}" if not sent else
                   f"The system sent status {ma_trang_thai} for {ten}",
                   expected=f"không có trạng thái {ma_trang_thai}",
                   found=", ".join(s.status_code or "?" for s in qlvb.statuses_for(doc))
                   or "không có",
                   exchange_id=sent[0].exchange_id if sent else None)


@step('trong vòng {so_phut:d} phút hệ thống từ chối văn bản "{ten}" bằng phản hồi "02" hoặc '
      'trạng thái truyền "fail"', "Thì")
def refused_or_failed(qlvb: Scenario, so_phut: int, ten: str) -> None:
    doc = qlvb.doc(ten)

    def refused() -> str | None:
        if [d for d in delivery_states(qlvb, doc) if d.get("state") == "fail"]:
            return "trạng thái truyền fail"
        if _status(qlvb, doc, "02") is not None:
            return "phản hồi 02"
        return None

    how = qlvb.wait(refused, so_phut)
    states = ", ".join(str(d.get("state")) for d in delivery_states(qlvb, doc)) or "—"
    qlvb.behaviour(how is not None, f"Hệ thống từ chối {ten} ({how})" if how else
                   f"Hệ thống không từ chối {ten} (trạng thái truyền: {states})",
                   f"The system refused {ten} ({how})" if how else
                   f"The system did not refuse {ten} (transport: {states})",
                   expected="phản hồi 02 hoặc updateStatus fail",
                   found=how or f"trạng thái truyền {states}")
    if how is None:
        raise AssertionError(f"Hệ thống không từ chối văn bản {ten} (trạng thái truyền: {states})")


@step('trong vòng {so_phut:d} phút hệ thống lấy văn bản "{ten}" về và báo trạng thái truyền '
      '"{trang_thai_truyen}" với trục', "Thì")
def fetched_and_acknowledged(qlvb: Scenario, so_phut: int, ten: str,
                             trang_thai_truyen: str) -> None:
    if trang_thai_truyen not in ("done", "fail"):
        raise HarnessError(f"trạng thái truyền không có trong danh mục: {trang_thai_truyen!r}")
    doc = qlvb.doc(ten)

    def acknowledged() -> bool:
        states = delivery_states(qlvb, doc)
        return bool(states) and all(d.get("fetch_count") and d.get("state") == trang_thai_truyen
                                    for d in states)

    ok = qlvb.wait(acknowledged, so_phut)
    states = delivery_states(qlvb, doc)
    found = "; ".join(f"lấy {d.get('fetch_count')} lần, trạng thái {d.get('state')}"
                      for d in states) or "—"
    qlvb.behaviour(bool(ok), f"Hệ thống lấy {ten} về và báo {trang_thai_truyen}" if ok else
                   f"Hệ thống không lấy {ten} về hoặc không báo {trang_thai_truyen}: {found}",
                   f"The system fetched {ten} and reported {trang_thai_truyen}" if ok else
                   f"The system did not fetch {ten} or report {trang_thai_truyen}: {found}",
                   expected=f"getEdoc rồi updateStatus {trang_thai_truyen}", found=found)


def _last_status(qlvb: Scenario, code: str) -> Sent | None:
    found = [s for s in qlvb.sut_sent("status") if (s.status_code or "").strip() == code]
    return found[-1] if found else None


@step('phản hồi trạng thái "{ma_trang_thai}" của hệ thống đạt quy tắc "{ma_quy_tac}"', "Thì")
def status_rule(qlvb: Scenario, ma_trang_thai: str, ma_quy_tac: str) -> None:
    sent = _last_status(qlvb, ma_trang_thai)
    if sent is None:
        raise AssertionError(f"Hệ thống chưa gửi phản hồi trạng thái {ma_trang_thai}")
    answered = next((d for d in qlvb.docs.values()
                     if d.document_id and d.document_id == (sent.response_for or "").strip()),
                    None)
    subject = qlvb.set_outgoing(sent, label=f"trạng thái {ma_trang_thai}",
                                answered_arrived_at=answered.delivered_at if answered else None)
    qlvb.judge(ma_quy_tac, subject)


@step('các phản hồi trạng thái của hệ thống cho văn bản "{ten}" theo thứ tự "{chuoi_ma}"', "Thì")
def status_order(qlvb: Scenario, ten: str, chuoi_ma: str) -> None:
    doc = qlvb.doc(ten)
    wanted = [c.strip() for c in chuoi_ma.split(",") if c.strip()]
    qlvb.wait(lambda: len(qlvb.statuses_for(doc)) >= len(wanted))
    got = [(s.status_code or "").strip() for s in qlvb.statuses_for(doc)]
    qlvb.behaviour(got == wanted, f"Các trạng thái cho {ten}: {', '.join(got) or 'không có'}",
                   f"Statuses for {ten}: {', '.join(got) or 'none'}",
                   expected=", ".join(wanted), found=", ".join(got) or "không có")
    assert got == wanted, f"Trạng thái của {ten} theo thứ tự {got}, yêu cầu {wanted}"
