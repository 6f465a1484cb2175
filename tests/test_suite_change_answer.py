"""The suite's `change_answer` (features/STEPS.md: the clerk agrees to or refuses a revocation,
update or replacement request) through the builtin and the http adapters, on reference agencies
of an in-memory axis."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.applications import Starlette

from conformance.suite.drivers import BuiltinSut, HttpSut, Unsupported
from conformance.suite.sut_profile import SutProfile
from reference_axis.reference_qlvb.agent import Agent
from reference_axis.reference_qlvb.driver import BuiltinDriver
from reference_axis.reference_qlvb.driver_http import create_app
from reference_axis.reference_qlvb.models import IssueRequest
from reference_axis.reference_qlvb.testing import H41, MemoryNetwork, serve_app

REQ = IssueRequest(subject="Về việc thử trả lời yêu cầu thu hồi", recipients=(H41,))


@pytest.fixture
def net() -> Iterator[MemoryNetwork]:
    n = MemoryNetwork()
    yield n
    n.close()


def _profile(driver: str, url: str | None = None) -> SutProfile:
    return SutProfile(name="QLVB tham chiếu", driver=driver, agencies=(H41,), http_base_url=url)


def _revoked(net: MemoryNetwork, receiver: Agent, *, fetch: bool) -> str:
    a = net.agent("vxp.h38")
    doc = a.issue(REQ).document_id
    receiver.poll()
    a.revoke(doc, "Ban hành nhầm nơi nhận")
    if fetch:
        receiver.poll()
    return doc


def _builtin(agent: Agent) -> BuiltinSut:
    sut = BuiltinSut(_profile("builtin"), endpoint="memory://", system_id="vxp.h41",
                     secret="-", moment=None)
    sut.agent = agent  # the in-memory agent in place of one on a real axis
    return sut


@pytest.mark.parametrize("fetched", [True, False], ids=["waiting", "not-fetched-yet"])
def test_builtin_refusal_reaches_the_request_before_the_agent_agrees(net, fetched):
    b = net.agent("vxp.h41")
    doc = _revoked(net, b, fetch=fetched)
    _builtin(b).change_answer(doc, False, "Văn bản đã được triển khai")
    rec = b.record(doc)
    assert rec.state == "accepted" and rec.statuses_sent[-1] == "16"
    assert "15" not in rec.statuses_sent


def test_builtin_agreement_cancels(net):
    b = net.agent("vxp.h41")
    doc = _revoked(net, b, fetch=True)
    sut = _builtin(b)
    sut.change_answer(doc, True)
    sut.change_answer(doc, True)  # asked twice: nothing more
    assert b.record(doc).state == "cancelled" and b.record(doc).statuses_sent.count("15") == 1


@pytest.mark.parametrize("fetched", [True, False], ids=["waiting", "not-fetched-yet"])
def test_http_refusal(net, fetched):
    b = net.agent("vxp.h41")
    doc = _revoked(net, b, fetch=fetched)
    with serve_app(create_app(BuiltinDriver(b))) as url:
        sut = HttpSut(_profile("http", url))
        try:
            sut.change_answer(doc, False, "Văn bản đã được triển khai")
        finally:
            sut.close()
    assert b.record(doc).statuses_sent[-1] == "16"


def test_http_without_the_operation(net):
    with serve_app(Starlette(routes=[])) as url:
        sut = HttpSut(_profile("http", url))
        sut.sync = lambda: None  # type: ignore[method-assign]  # nothing to process here
        try:
            sut.change_answer("x", True)  # the product answers by itself: nothing to ask
            with pytest.raises(Unsupported) as err:
                sut.change_answer("x", False, "lý do")
        finally:
            sut.close()
    assert err.value.action == "change_answer"
