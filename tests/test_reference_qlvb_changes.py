"""Change requests on received documents (revocation, update, replacement): the clerk agrees (15)
or refuses with a reason (16); the agent agrees by itself only in the processing round after the
one that fetched the request; a request from an agency that did not send the document is ignored.
In-memory axis."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from conformance.edxml.model import Organization, ResponseFor, StatusPackage
from reference_axis.reference_qlvb import packages
from reference_axis.reference_qlvb.agent import Agent
from reference_axis.reference_qlvb.errors import AgentError
from reference_axis.reference_qlvb.models import IssueRequest
from reference_axis.reference_qlvb.testing import G22, H38, H41, MemoryNetwork, rebuild

REQ = IssueRequest(subject="Về việc kiểm tra yêu cầu thu hồi, cập nhật", recipients=(H41,))


@pytest.fixture
def net() -> Iterator[MemoryNetwork]:
    n = MemoryNetwork()
    yield n
    n.close()


def _sent(a: Agent, b: Agent) -> str:
    """A document from H38, accepted by H41 (03)."""
    doc = a.issue(REQ).document_id
    b.poll()
    a.poll()
    assert b.record(doc).state == "accepted"
    return doc


def _statuses_to(net: MemoryNetwork, sender: str = H41) -> list[StatusPackage]:
    out = []
    for data in net.axis.packages_from(sender, "status"):
        parsed = packages.read(data).package
        assert isinstance(parsed, StatusPackage)
        out.append(parsed)
    return out


# --- the clerk ------------------------------------------------------------------------------------

@pytest.mark.parametrize("mechanism", ["status", "business"])
def test_clerk_refuses_a_revocation_with_a_reason(net, mechanism):
    a, b = net.agent("vxp.h38"), net.agent("vxp.h41")
    doc = _sent(a, b)
    a.revoke(doc, "Ban hành nhầm nơi nhận", mechanism=mechanism)
    b.poll()
    assert [r.state for r in b.change_requests(doc)] == ["pending"]
    result = b.answer_change(doc, False, reason="Văn bản đã được triển khai thực hiện")
    assert (result.status_sent, result.state, result.action) == ("16", "accepted",
                                                                 "change_answer")
    last = _statuses_to(net)[-1]
    assert last.status_code == "16" and last.response_for.document_id == doc
    assert last.description == "Từ chối thu hồi: Văn bản đã được triển khai thực hiện"
    for _ in range(2):  # answered: the agent does not agree behind the clerk's back
        b.poll()
    rec = b.record(doc)
    assert rec.state == "accepted" and rec.statuses_sent == ("01", "03", "16")
    assert [(r.state, r.answered_by) for r in b.change_requests(doc)] == [("refused", "clerk")]
    a.poll()
    assert a.record(doc).state == "revocation_refused"
    assert "triển khai" in next(h for h in a.record(doc).history if h.code == "16").description


def test_clerk_refuses_an_update_and_the_record_keeps_its_subject(net):
    a, b = net.agent("vxp.h38"), net.agent("vxp.h41")
    doc = _sent(a, b)
    a.update(doc, "Đính chính trích yếu", subject="Trích yếu đã đính chính")
    b.poll()
    b.answer_change(doc, False, reason="Nội dung đính chính không rõ")
    b.poll()
    rec = b.record(doc)
    assert rec.subject == REQ.subject and rec.statuses_sent == ("01", "03", "16")
    assert "updated" not in [h.code for h in rec.history]
    assert _statuses_to(net)[-1].description == "Từ chối cập nhật: Nội dung đính chính không rõ"


def test_clerk_agrees_at_once_without_waiting_for_the_next_round(net):
    a, b = net.agent("vxp.h38"), net.agent("vxp.h41")
    doc = _sent(a, b)
    a.update(doc, "Đính chính trích yếu", subject="Trích yếu đã đính chính")
    b.poll()
    assert b.record(doc).subject == REQ.subject  # nothing changes before the answer
    result = b.answer_change(doc, True)
    assert result.status_sent == "15"
    rec = b.record(doc)
    assert rec.subject == "Trích yếu đã đính chính" and rec.statuses_sent[-1] == "15"
    assert "updated" in [h.code for h in rec.history]
    assert _statuses_to(net)[-1].description == "Đồng ý cập nhật, đã cập nhật văn bản"


def test_clerk_refuses_a_replacement(net):
    a, b = net.agent("vxp.h38"), net.agent("vxp.h41")
    old = _sent(a, b)
    new = a.replace(old, IssueRequest(subject="Văn bản thay thế", recipients=()), "Sai số liệu")
    b.poll()
    assert b.record(new.document_id).state == "accepted"  # the new document is registered
    b.answer_change(old, False, reason="Văn bản cũ đã được thực hiện")
    b.poll()
    assert b.record(old).state == "accepted"
    answer = _statuses_to(net)[-1]
    assert (answer.status_code, answer.response_for.document_id) == ("16", old)
    assert answer.description == "Từ chối thay thế: Văn bản cũ đã được thực hiện"


def test_the_agent_agrees_by_itself_one_round_later(net):
    a, b = net.agent("vxp.h38"), net.agent("vxp.h41")
    doc = _sent(a, b)
    a.revoke(doc, "Ban hành nhầm", mechanism="status")
    b.poll()  # the round that fetches the request: it waits for the clerk
    assert b.record(doc).state == "accepted" and "15" not in b.record(doc).statuses_sent
    b.poll()  # the next round: nobody answered, the agent agrees
    assert b.record(doc).state == "cancelled" and b.record(doc).statuses_sent[-1] == "15"
    assert [(r.state, r.answered_by) for r in b.change_requests(doc)] == [("agreed", "agent")]
    # the clerk agreeing afterwards changes nothing; refusing is too late
    assert b.answer_change(doc, True).status_sent is None
    with pytest.raises(AgentError) as err:
        b.answer_change(doc, False, reason="muộn")
    assert err.value.code == "conflict" and "đã được đồng ý" in err.value.vi
    assert b.record(doc).statuses_sent.count("15") == 1


def test_a_revocation_of_a_completed_document_is_refused_at_once(net):
    a, b = net.agent("vxp.h38"), net.agent("vxp.h41")
    doc = _sent(a, b)
    b.act(doc, "complete")
    a.revoke(doc, "Ban hành nhầm")
    b.poll()
    assert b.record(doc).statuses_sent[-1] == "16"
    assert b.change_requests(doc) == []  # nothing left for the clerk


def test_answer_change_refuses_bad_requests(net):
    a, b = net.agent("vxp.h38"), net.agent("vxp.h41")
    doc = _sent(a, b)
    with pytest.raises(AgentError) as err:
        b.answer_change(doc, True)
    assert err.value.code == "not_found" and "Không có yêu cầu" in err.value.vi
    with pytest.raises(AgentError) as err:
        b.answer_change("000.00.00.H38,2026/03/02,77/UBND-VP", True)
    assert err.value.code == "not_found"
    a.revoke(doc, "Ban hành nhầm")
    b.poll()
    for reason in (None, "   "):
        with pytest.raises(AgentError) as err:
            b.answer_change(doc, False, reason=reason)
        assert err.value.code == "bad_request" and err.value.en == "A reason is required"
    assert [r.state for r in b.change_requests(doc)] == ["pending"]


# --- someone else than the sender --------------------------------------------------------------

def _forged_from_g22(data: bytes) -> bytes:
    """A's document package as if G22 had sent it (From changed)."""
    g22 = Organization(organ_id=G22, organ_name="Văn phòng Chính phủ", organ_add="")
    return rebuild(data, lambda p: replace(p, header=replace(p.header, from_=g22)))


def _hold_back(net: MemoryNetwork) -> None:
    """B never receives what was posted so far."""
    for d in net.axis.deliveries.values():
        if d.state == "initial":
            d.state = "done"


def _assert_ignored(net: MemoryNetwork, b: Agent, doc: str, kind_code: str) -> None:
    before = b.record(doc)
    for _ in range(3):
        b.poll()
    rec = b.record(doc)
    assert (rec.state, rec.subject, rec.statuses_sent) == (before.state, before.subject,
                                                           ("01", "03"))
    assert b.change_requests(doc) == []
    orphan = b.store.orphans()[-1]
    assert (orphan.from_code, orphan.status_code, orphan.response_for) == (G22, kind_code, doc)
    assert "không phải Bên gửi" in orphan.reason
    assert not [s for s in _statuses_to(net) if s.status_code in ("15", "16")]


def test_a_revocation_status_from_another_agency_is_ignored(net):
    a, b, g = net.agent("vxp.h38"), net.agent("vxp.h41"), net.agent("vxp.g22")
    doc = _sent(a, b)
    forged = packages.build(packages.status(
        g.config.agencies[0], ResponseFor(H38, "01/UBND-VP", "2026/03/02", doc), "13",
        "Thu hồi văn bản", net.clock(), g.behaviour))
    net.axis.inject(forged, from_=G22, to=[H41], messagetype="status")
    _assert_ignored(net, b, doc, "13")
    # the sender itself still can
    a.revoke(doc, "Ban hành nhầm", mechanism="status")
    b.poll()
    b.answer_change(doc, True)
    assert b.record(doc).state == "cancelled"


@pytest.mark.parametrize("change", ["revoke", "update"])
def test_a_business_request_from_another_agency_is_ignored(net, change):
    a, b = net.agent("vxp.h38"), net.agent("vxp.h41")
    doc = _sent(a, b)
    if change == "revoke":
        a.revoke(doc, "Thu hồi", mechanism="business")
    else:
        a.update(doc, "Đính chính", subject="Trích yếu giả mạo")
    _hold_back(net)
    net.axis.inject(_forged_from_g22(net.axis.packages_from(H38, "edoc")[-1]), from_=G22,
                    to=[H41])
    _assert_ignored(net, b, doc, "13" if change == "revoke" else "update")


def test_a_replacement_from_another_agency_does_not_replace(net):
    a, b = net.agent("vxp.h38"), net.agent("vxp.h41")
    old = _sent(a, b)
    new = a.replace(old, IssueRequest(subject="Văn bản thay thế", recipients=()), "Sai")
    _hold_back(net)
    net.axis.inject(_forged_from_g22(net.axis.packages_from(H38, "edoc")[-1]), from_=G22,
                    to=[H41])
    b.poll()
    assert b.record(new.document_id).sender == G22  # registered as G22's own document
    _assert_ignored(net, b, old, "replace")
