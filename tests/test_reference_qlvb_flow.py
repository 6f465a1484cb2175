"""The reference QLVB's status flow and registers in use (in-memory axis): transitions, numbering
across years and series, updates and replacements, unknown or damaged input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest

from conformance.edxml.model import EdocPackage
from conformance.timing.formats import VN_TZ
from reference_axis.reference_qlvb import packages
from reference_axis.reference_qlvb.config import AgentSettings
from reference_axis.reference_qlvb.errors import AgentError
from reference_axis.reference_qlvb.models import IssueRequest
from reference_axis.reference_qlvb.testing import H38, H41, SO_H38, MemoryNetwork

REQ = IssueRequest(subject="Về việc kiểm tra luồng trạng thái", recipients=(H41,))


@pytest.fixture
def net() -> Iterator[MemoryNetwork]:
    n = MemoryNetwork()
    yield n
    n.close()


def _sent_edoc(net: MemoryNetwork, sender: str = H38) -> EdocPackage:
    pkg = packages.read(net.axis.packages_from(sender, "edoc")[-1]).package
    assert isinstance(pkg, EdocPackage)
    return pkg


def test_transitions(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41", settings=AgentSettings(auto_accept=False))
    doc = a.issue(REQ).document_id
    b.poll()
    assert b.record(doc).state == "arrived" and b.record(doc).statuses_sent == ("01",)
    with pytest.raises(AgentError) as err:
        b.act(doc, "assign")
    assert err.value.code == "conflict" and "đã đến" in err.value.vi
    with pytest.raises(AgentError) as err:
        b.act(doc, "reject", reason="  ")
    assert err.value.code == "bad_request"
    assert b.act(doc, "accept").arrival_number == 1
    again = b.act(doc, "accept")  # asked twice: no second 03, same number
    assert again.status_sent is None and again.arrival_number == 1
    assert b.act(doc, "process").status_sent == "05"  # assignment may be skipped
    assert b.act(doc, "complete").state == "completed"
    assert b.record(doc).statuses_sent == ("01", "03", "05", "06")
    with pytest.raises(AgentError):
        b.act(doc, "reject", reason="muộn")
    with pytest.raises(AgentError) as err:
        b.act("000.00.00.H38,2026/03/02,77/UBND-VP", "accept")
    assert err.value.code == "not_found"


def test_manual_refusal_names_the_reason(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41", settings=AgentSettings(auto_accept=False))
    doc = a.issue(REQ).document_id
    b.poll()
    b.act(doc, "reject", reason="Văn bản không thuộc thẩm quyền giải quyết của UBND tỉnh")
    a.poll()
    entry = next(h for h in a.record(doc).history if h.code == "02")
    assert entry.event == "received" and "thẩm quyền" in entry.description


def test_history_times_are_vietnam_time(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41")
    doc = a.issue(REQ).document_id
    b.poll()
    a.poll()
    for entry in (*a.record(doc).history, *b.record(doc).history):
        assert dt.datetime.fromisoformat(entry.at).utcoffset() == dt.timedelta(hours=7)
    pkg = _sent_edoc(net)
    assert pkg.trace_headers[0].timestamp == "2026/03/02 09:30:00"
    assert pkg.header.promulgation_info.date == "2026/03/02"


def test_numbering_across_years_and_series(net):
    a = net.agent("vxp.h38")
    net.clock.set(dt.datetime(2026, 12, 31, 9, 0, tzinfo=VN_TZ))
    assert [a.issue(REQ).code for _ in range(2)] == ["01/UBND-VP", "02/UBND-VP"]
    assert a.issue(IssueRequest(subject="Quyết định khen thưởng", recipients=(H41,),
                                type_name="Quyết định")).code == "01/QĐ-UBND"
    assert a.issue(IssueRequest(subject="Quy định quản lý văn bản", recipients=(H41,),
                                type_name="Quyết định", legal=True)).code == "01/2026/QĐ-UBND"
    assert a.issue(IssueRequest(subject="Sao y công văn", recipients=(H41,),
                                form="copy")).code == "01/SY-UBND"
    net.clock.set(dt.datetime(2027, 1, 4, 9, 0, tzinfo=VN_TZ))  # a Monday
    first = a.issue(REQ)
    assert first.code == "01/UBND-VP"
    assert first.document_id == "000.00.00.H38,2027/01/04,01/UBND-VP"
    # another agency of the same system has its own series
    assert a.issue(IssueRequest(subject="Công văn của Sở", recipients=(H41,),
                                agency=SO_H38)).code == "01/STTTT-VP"


def test_shared_numbering_setting(net):
    a = net.agent("vxp.h38", settings=AgentSettings(numbering="shared"))
    codes = [a.issue(IssueRequest(subject="x", recipients=(H41,), type_name=t)).code
             for t in ("Công văn", "Thông báo", "Kế hoạch")]
    assert codes == ["01/UBND-VP", "02/TB-UBND", "03/KH-UBND"]


def test_arrival_numbers_restart_each_year(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41")
    net.clock.set(dt.datetime(2026, 12, 31, 16, 0, tzinfo=VN_TZ))
    a.issue(REQ)
    b.poll()
    net.clock.set(dt.datetime(2027, 1, 4, 8, 0, tzinfo=VN_TZ))
    a.issue(REQ)
    a.issue(REQ)
    b.poll()
    assert [n for _, n in b.arrival_numbers()] == [1, 1, 2]


def test_bad_requests_are_refused_in_vietnamese(net):
    a = net.agent("vxp.h38")
    cases = [
        IssueRequest(subject="x", recipients=()),
        IssueRequest(subject="  ", recipients=(H41,)),
        IssueRequest(subject="x", recipients=(H38,)),
        IssueRequest(subject="x", recipients=("000.00.00.Z99",)),
        IssueRequest(subject="x", recipients=(H41,), urgency="RẤT GẤP"),
        IssueRequest(subject="x", recipients=(H41,), type_name="Thư tay"),
        IssueRequest(subject="x", recipients=(H41,), signer="Người Lạ"),
        IssueRequest(subject="x", recipients=(H41,), agency="000.00.00.H41"),
        IssueRequest(subject="x", recipients=(H41,), due_date="31/12/2026"),
        IssueRequest(subject="x", recipients=(H41,), in_reply_to="không có"),
    ]
    for req in cases:
        with pytest.raises(AgentError) as err:
            a.issue(req)
        assert err.value.vi and err.value.en and err.value.code in ("bad_request", "not_found")
    assert a.store.outgoing_list() == []  # no number was used up


def test_reply_names_the_answered_document(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41")
    doc = a.issue(REQ).document_id
    b.poll()
    b.issue(IssueRequest(subject="Về việc trả lời", recipients=(H38,), in_reply_to=doc))
    answer = _sent_edoc(net, H41)
    assert answer.header.response_for[0].document_id == doc
    assert answer.header.response_for[0].code == "01/UBND-VP"


def test_update_receivers(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41")
    g = net.agent("vxp.g22")
    doc = a.issue(REQ).document_id
    b.poll()
    result = a.update(doc, "Bổ sung Văn phòng Chính phủ, bỏ UBND tỉnh Nghệ An",
                      add_recipients=("000.00.00.G22",), remove_recipients=(H41,))
    assert result.status_sent == "edoc:2"
    b.poll()
    g.poll()
    assert b.record(doc).state == "accepted"  # the removal waits for B's clerk …
    b.poll()  # … until the next round, when B's agent agrees by itself
    assert b.record(doc).state == "cancelled" and b.record(doc).statuses_sent[-1] == "15"
    assert g.record(doc).state == "accepted"
    a.poll()
    assert a.record(doc).recipients == ("000.00.00.G22",)
    with pytest.raises(AgentError):
        a.update(doc, "không đổi gì")


def test_update_subject(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41")
    doc = a.issue(REQ).document_id
    b.poll()
    a.update(doc, "Sửa trích yếu", subject="Về việc kiểm tra luồng trạng thái (sửa)")
    b.poll()
    assert not b.record(doc).subject.endswith("(sửa)")  # waiting for the clerk
    b.poll()
    assert b.record(doc).subject.endswith("(sửa)") and b.record(doc).state == "accepted"
    assert b.record(doc).statuses_sent == ("01", "03", "15")


def test_replacement(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41")
    old = a.issue(REQ).document_id
    b.poll()
    new = a.replace(old, IssueRequest(subject="Về việc kiểm tra (thay thế)", recipients=()),
                    "Thay thế do sai sót")
    assert new.state == "sent" and new.code == "02/UBND-VP"
    business = _sent_edoc(net).business
    assert business.doc_type == "3"
    assert business.replacements[0].document_id == old
    b.poll()
    assert b.record(old).state == "accepted" and b.record(new.document_id).arrival_number == 2
    b.poll()
    assert b.record(old).state == "replaced"
    a.poll()
    assert a.record(old).state == "replaced" and a.record(old).statuses_seen[-1] == "15"
    with pytest.raises(AgentError) as err:
        a.revoke(old, "đã thay thế")
    assert err.value.code == "conflict"


def test_revocation_of_an_unknown_document_is_answered_16(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41")
    doc = a.issue(REQ).document_id
    for d in net.axis.deliveries.values():
        d.state = "done"  # B never receives it
    a.revoke(doc, "Ban hành nhầm", mechanism="status")
    b.poll()
    a.poll()
    assert a.record(doc).state == "revocation_refused"
    assert b.store.orphans()[-1].status_code == "16"


def test_status_for_an_unknown_document_is_kept_aside(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41")
    a.issue(REQ)
    b.poll()
    from conformance.edxml.model import ResponseFor

    stray = packages.build(packages.status(
        b.config.agencies[0], ResponseFor(H38, "99/UBND-VP", "2026/03/01",
                                          "000.00.00.H38,2026/03/01,99/UBND-VP"),
        "03", "Đã tiếp nhận", net.clock(), b.behaviour))
    net.axis.inject(stray, from_=H41, to=[H38], messagetype="status")
    before = [r.state for r in a.store.outgoing_list()]
    a.poll()
    assert [o.response_for for o in a.store.orphans()][-1].endswith("99/UBND-VP")
    assert [r.state for r in a.store.outgoing_list()] == before


def test_damaged_and_garbage_deliveries(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41", settings=AgentSettings(fetch_attempts=2))
    net.axis.corrupt_next = 1
    doc = a.issue(REQ).document_id
    first = b.poll()
    assert first.failed and first.documents == ()
    b.poll()
    assert b.record(doc).state == "accepted"  # fetched again, intact
    garbage = net.axis.inject(b"<not edxml", from_=H38, to=[H41])
    for _ in range(3):
        report = b.poll()
    assert report.failed == ()  # given up after two attempts, no longer fetched
    assert b.store.delivery(garbage[0])["state"] == "given_up"
    assert net.axis.deliveries[garbage[0]].state == "fail"


def test_duplicate_revocation_is_answered_once_more_without_harm(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41")
    doc = a.issue(REQ).document_id
    b.poll()
    a.revoke(doc, "Ban hành nhầm", mechanism="status")
    b.poll()
    from conformance.edxml.model import ResponseFor

    repeat = packages.build(packages.status(
        a.config.agencies[0], ResponseFor(H38, "01/UBND-VP", "2026/03/02", doc), "13",
        "Nhắc lại yêu cầu thu hồi", net.clock(), a.behaviour))
    net.axis.inject(repeat, from_=H38, to=[H41], messagetype="status")
    b.poll()
    rec = b.record(doc)
    assert rec.state == "cancelled" and rec.statuses_sent.count("15") == 2


def test_a_refused_send_keeps_its_number_and_can_be_resent(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41")
    net.axis.fail_next = 1
    failed = a.issue(REQ)
    assert failed.state == "send_failed" and failed.error.code == "axis_error"
    assert "Trục không nhận" in failed.error.vi
    b.poll()
    with pytest.raises(AgentError):
        b.record(failed.document_id)
    net.clock.advance(minutes=5)
    again = a.resend(failed.document_id)
    assert again.state == "sent" and again.code == failed.code == "01/UBND-VP"
    assert _sent_edoc(net).trace_headers[0].timestamp == "2026/03/02 09:35:00"
    assert a.issue(REQ).code == "02/UBND-VP"
    with pytest.raises(AgentError):
        a.resend(failed.document_id)
    b.poll()
    assert b.record(failed.document_id).state == "accepted"


def test_a_failed_send_is_sent_again_by_the_next_processing_round(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41")
    net.axis.fail_next = 1
    failed = a.issue(REQ)
    assert failed.state == "send_failed"
    net.clock.advance(minutes=2)
    a.poll()  # the outbox sends it again, with the time of the attempt that succeeded
    record = a.record(failed.document_id, direction="outgoing")
    assert record.state == "sent" and record.sent_at == "2026-03-02T09:32:00+07:00"
    codes = [h.code for h in a.store.history("out", a.store.outgoing(failed.document_id).id)]
    assert codes.count("send_failed") == 1 and codes.count("sent") == 1
    assert len(net.axis.packages_from(H38, "edoc")) == 1
    b.poll()
    assert b.record(failed.document_id).state == "accepted"


def test_the_outbox_gives_up_after_the_configured_attempts(net):
    a = net.agent("vxp.h38", settings=AgentSettings(send_attempts=2))
    net.axis.fail_next = 5
    failed = a.issue(REQ)  # attempt 1
    a.poll()  # attempt 2
    a.poll()  # no attempt left
    a.poll()
    assert net.axis.fail_next == 3
    assert a.record(failed.document_id).state == "send_failed"
    net.axis.fail_next = 0
    assert a.resend(failed.document_id).state == "sent"  # the clerk can still send it


def test_a_document_failing_the_checks_is_refused_without_waiting_for_the_clerk(net):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41", settings=AgentSettings(auto_accept=False))
    fine = a.issue(REQ)
    pkg = _sent_edoc(net)
    secret_id = (pkg.header.document_id or "").replace(",01/", ",99/")
    secret = replace(pkg, header=replace(pkg.header, subject=f"(MẬT) {pkg.header.subject}",
                                         document_id=secret_id))
    net.axis.inject(packages.build(secret), from_=H38, to=[H41])
    b.poll()
    refused = b.record(secret_id)
    assert refused.state == "rejected" and refused.statuses_sent == ("01", "02")
    assert "LC2019-5.2" in (refused.reason or "")
    assert b.record(fine.document_id).state == "arrived"  # a valid one waits for the clerk


def test_a_document_with_a_secrecy_marking_is_not_issued(net):
    a = net.agent("vxp.h38")
    with pytest.raises(AgentError) as err:
        a.issue(IssueRequest(subject="Về việc bảo vệ bí mật nhà nước", recipients=(H41,),
                             body=("TỐI MẬT — nội dung thuộc bí mật nhà nước.",)))
    assert err.value.code == "bad_request" and "TỐI MẬT" in err.value.vi
    assert net.axis.packages_from(H38) == []
    assert a.issue(REQ).code == "01/UBND-VP"  # no number was used up
