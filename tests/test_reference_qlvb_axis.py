"""Two reference agencies exchanging documents over a real axis process on loopback: the whole
status flow, refusals with the failed rule named, revocation, duplicate and damaged deliveries,
statuses for unknown documents; every package the agents send passes the project's validators
under both profiles."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance.edxml.model import EdocPackage
from conformance.edxml.validate import validate_package
from conformance.pdf.validate import validate_pdf
from reference_axis.reference_qlvb import packages, pdfs
from reference_axis.reference_qlvb.agent import Agent
from reference_axis.reference_qlvb.clock import OffsetClock
from reference_axis.reference_qlvb.config import AgentSettings
from reference_axis.reference_qlvb.models import AttachmentSpec, IssueRequest
from reference_axis.reference_qlvb.testing import (
    H38,
    H41,
    PKI_MORNING,
    SO_H38,
    MemoryNetwork,
    align_axis_clock,
    axis_agent,
    tamper_main_pdf,
    without_code,
)
from reference_axis.testing import AxisProcess

PROFILES = ("nd30", "tt01-2019")
MAX_POLLS = 5


@pytest.fixture(scope="module")
def axis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AxisProcess]:
    with AxisProcess(tmp_path_factory.mktemp("axis")) as running:
        yield running


@pytest.fixture
def clock(axis: AxisProcess) -> OffsetClock:
    axis.admin.post("/admin/reset", json={}).raise_for_status()
    axis.admin.delete("/admin/faults").raise_for_status()
    c = OffsetClock.starting_at(PKI_MORNING)
    align_axis_clock(axis, c)
    return c


@pytest.fixture
def agents(axis: AxisProcess, clock: OffsetClock, tmp_path: Path) -> Iterator[tuple[Agent, Agent]]:
    a = axis_agent(axis, "vxp.h38", clock=clock, store=tmp_path / "h38.db")
    b = axis_agent(axis, "vxp.h41", clock=clock, store=tmp_path / "h41.db")
    yield a, b
    a.close()
    b.close()


def poll_until(agent: Agent, done: Any, limit: int = MAX_POLLS) -> None:
    """Poll a bounded number of times until `done()` holds."""
    for _ in range(limit):
        agent.poll()
        if done():
            return


def sent_packages(axis: AxisProcess, system_id: str) -> list[bytes]:
    """The packages a system sent, byte for byte as the axis keeps them (the traffic log gives
    the DocIds, the documents endpoint the packages)."""
    out = []
    for item in axis.traffic(call="sendEdoc", system_id=system_id):
        reply = item["reply"]["body"]
        reply = json.loads(reply) if isinstance(reply, str) else reply
        if not reply or not reply.get("DocId"):
            continue
        doc = axis.admin.get(f"/admin/documents/{reply['DocId']}").json()
        out.append(base64.b64decode(doc["package_base64"]))
    return out


def inject(axis: AxisProcess, package: bytes, *, from_: str, to: list[str]) -> dict[str, Any]:
    r = axis.admin.post("/admin/inject", json={
        "package_base64": base64.b64encode(package).decode("ascii"), "from": from_, "to": to})
    r.raise_for_status()
    return r.json()


BASIC = IssueRequest(subject="Về việc triển khai gửi, nhận văn bản điện tử năm 2026",
                     recipients=(H41,), attachments=(AttachmentSpec("phu-luc.pdf",
                                                                    "Danh sách cơ quan"),))


def test_issue_deliver_and_every_status(axis, agents):
    a, b = agents
    sent = a.issue(BASIC)
    assert sent.state == "sent" and sent.axis_doc_id and sent.sent_at <= sent.deadline
    doc = sent.document_id
    poll_until(b, lambda: b.record(doc).statuses_sent == ("01", "03"))
    rec = b.record(doc)
    assert rec.state == "accepted" and rec.arrival_number == 1
    assert [c for c in rec.checks if c.status == "fail" and c.severity == "error"] == []
    for action, state in (("assign", "assigned"), ("process", "processing"),
                          ("complete", "completed")):
        result = b.act(doc, action)
        assert result.state == state
    assert b.record(doc).statuses_sent == ("01", "03", "04", "05", "06")
    poll_until(a, lambda: len(a.record(doc).statuses_seen) == 5)
    mine = a.record(doc)
    assert mine.statuses_seen == ("01", "03", "04", "05", "06")
    assert all(h.party == H41 for h in mine.history if h.event == "received")
    # the axis knows the deliveries were received
    state = axis.admin.get(f"/admin/documents/{sent.axis_doc_id}").json()
    assert [d["state"] for d in state["deliveries"]] == ["done"]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_sent_package_passes_the_validators(axis, clock, tmp_path, profile):
    """Agents that follow `profile`: every package passes validate_package under both
    profiles; every PDF passes validate_pdf under the profile the agent follows."""
    settings = AgentSettings(profile=profile)
    a = axis_agent(axis, "vxp.h38", clock=clock, store=tmp_path / "a.db", settings=settings)
    b = axis_agent(axis, "vxp.h41", clock=clock, store=tmp_path / "b.db", settings=settings)
    try:
        _exchange_and_validate(axis, clock, a, b, profile)
    finally:
        a.close()
        b.close()


def _exchange_and_validate(axis: AxisProcess, clock: OffsetClock, a: Agent, b: Agent,
                           agent_profile: str) -> None:
    sent = [a.issue(BASIC),
            a.issue(IssueRequest(subject="Về việc ứng phó khẩn cấp với bão", recipients=(H41,),
                                 type_name="Công điện", urgency="HỎA TỐC")),
            a.issue(IssueRequest(subject="Về việc ban hành quy chế", recipients=(H41,),
                                 type_name="Quyết định", form="digitised")),
            a.issue(IssueRequest(subject="Quy định về quản lý văn bản điện tử",
                                 recipients=(H41,), type_name="Quyết định", legal=True))]
    assert all(s.state == "sent" for s in sent)
    poll_until(b, lambda: all(b.record(s.document_id).statuses_sent == ("01", "03")
                              for s in sent))
    b.act(sent[0].document_id, "assign")
    b.act(sent[1].document_id, "process")
    at = clock() + dt.timedelta(seconds=5)
    every = sent_packages(axis, "vxp.h38") + sent_packages(axis, "vxp.h41")
    assert len(every) == 4 + 4 * 2 + 2
    for data in every:
        pkg = packages.read(data).package
        for profile in PROFILES:
            failures = [f for f in validate_package(data, profile=profile, at=at)
                        if f.is_failure]
            assert failures == [], (profile, [(f.rule_id, f.message.en) for f in failures])
        if not isinstance(pkg, EdocPackage):
            continue
        roles = iter(("main", "attachment", "attachment"))
        for att in pkg.attachments:
            role = next(roles)
            if "số hóa" in (att.description or ""):
                role = "scan"
            found = validate_pdf(att.data, role=role, profile=agent_profile, package=pkg,
                                 trust_roots=pdfs.trust_roots(), crls=pdfs.pki().crls_der())
            bad = [f for f in found if f.is_failure]
            assert bad == [], (att.name, [(f.rule_id, f.message.en) for f in bad])


@pytest.fixture(scope="module")
def offline_package() -> bytes:
    """A valid package of UBND Lào Cai made offline (same clock as the axis), for injection."""
    net = MemoryNetwork()
    try:
        net.agent("vxp.h38").issue(IssueRequest(subject="Về việc kiểm tra tiếp nhận",
                                                recipients=(H41,)))
        return net.axis.packages_from(H38, "edoc")[-1]
    finally:
        net.close()


@pytest.mark.parametrize(("make_bad", "rule"), [(without_code, "QD28-10.2c"),
                                                (tamper_main_pdf, "QD28-6.1")],
                         ids=["incomplete", "tampered"])
def test_invalid_package_is_refused_with_the_rule(axis, agents, offline_package, make_bad, rule):
    a, b = agents
    bad = make_bad(offline_package)
    inject(axis, bad, from_=H38, to=[H41])
    doc = packages.read(bad).package.header.document_id
    poll_until(b, lambda: b.record(doc).state != "arrived")
    rec = b.record(doc)
    assert rec.state == "rejected" and rec.statuses_sent == ("01", "02")
    assert rec.arrival_number is None
    assert rule in rec.reason and rec.checks[0].rule_id == rule
    refusal = [p for p in sent_packages(axis, "vxp.h41")
               if packages.read(p).package.status_code == "02"]
    assert len(refusal) == 1 and rule in packages.read(refusal[0]).package.description
    if rule == "QD28-6.1":  # (the other refusal answers a document that has no số/ký hiệu)
        for profile in PROFILES:
            assert [f for f in validate_package(refusal[0], profile=profile) if f.is_failure
                    ] == []
    # the sender never issued this package: the statuses are kept aside, nothing else changes
    a.poll()
    assert {o.status_code for o in a.store.orphans()} == {"01", "02"}
    assert a.store.outgoing_list() == []


@pytest.mark.parametrize("mechanism", ["business", "status"])
def test_revocation_cancels_and_answers_15(axis, agents, mechanism):
    a, b = agents
    sent = a.issue(BASIC)
    doc = sent.document_id
    poll_until(b, lambda: b.record(doc).state == "accepted")
    result = a.revoke(doc, "Văn bản ban hành nhầm nơi nhận", mechanism=mechanism)
    assert result.state == "revocation_requested"
    poll_until(b, lambda: b.record(doc).state == "cancelled")
    assert b.record(doc).state == "cancelled"
    assert b.record(doc).statuses_sent[-1] == "15"
    poll_until(a, lambda: a.record(doc).state == "revoked")
    assert a.record(doc).state == "revoked"


def test_revocation_of_a_completed_document_is_refused_with_16(axis, agents):
    a, b = agents
    doc = a.issue(BASIC).document_id
    poll_until(b, lambda: b.record(doc).state == "accepted")
    b.act(doc, "complete")
    a.revoke(doc, "Thu hồi để sửa đổi")
    poll_until(b, lambda: "16" in b.record(doc).statuses_sent)
    assert b.record(doc).state == "completed"
    poll_until(a, lambda: a.record(doc).state == "revocation_refused")
    assert a.record(doc).state == "revocation_refused"


def test_duplicate_delivery_gets_one_arrival_number(axis, agents):
    a, b = agents
    axis.admin.post("/admin/faults", json={"kind": "duplicate", "call": "sendEdoc",
                                           "count": 1}).raise_for_status()
    sent = a.issue(BASIC)
    deliveries = axis.admin.get(f"/admin/documents/{sent.axis_doc_id}").json()["deliveries"]
    assert len(deliveries) == 2
    poll_until(b, lambda: len(b.record(sent.document_id).deliveries) == 2)
    rec = b.record(sent.document_id)
    assert rec.copies == 1 and rec.arrival_number == 1
    assert rec.statuses_sent == ("01", "03")
    assert b.arrival_numbers() == [(sent.document_id, 1)]
    after = axis.admin.get(f"/admin/documents/{sent.axis_doc_id}").json()["deliveries"]
    assert [d["state"] for d in after] == ["done", "done"]


def test_damaged_delivery_is_fetched_again(axis, agents):
    a, b = agents
    axis.admin.post("/admin/faults", json={"kind": "truncate", "call": "getEdoc", "count": 1,
                                           "agency": "vxp.h41"}).raise_for_status()
    sent = a.issue(BASIC)
    first = b.poll()
    assert first.failed  # unreadable: updateStatus fail, fetched again next time
    poll_until(b, lambda: b.store.incoming(H41, sent.document_id) is not None)
    assert b.record(sent.document_id).state == "accepted"


def test_one_system_two_agencies(axis, agents, clock, tmp_path):
    a, b = agents
    sent = b.issue(IssueRequest(subject="Về việc phối hợp giữa hai tỉnh",
                                recipients=(H38, SO_H38)))
    poll_until(a, lambda: len(a.arrival_numbers()) == 2)
    assert sorted(a.arrival_numbers(H38) + a.arrival_numbers(SO_H38)) == [
        (sent.document_id, 1), (sent.document_id, 1)]
    assert a.record(sent.document_id, agency=SO_H38).state == "accepted"
    poll_until(b, lambda: len(b.record(sent.document_id).statuses_seen) == 4)
    assert sorted(b.record(sent.document_id).statuses_seen) == ["01", "01", "03", "03"]


def test_manual_acceptance(axis, clock, tmp_path):
    a = axis_agent(axis, "vxp.h38", clock=clock, store=tmp_path / "a.db")
    b = axis_agent(axis, "vxp.h41", clock=clock, store=tmp_path / "b.db",
                   settings=AgentSettings(auto_accept=False))
    try:
        doc = a.issue(BASIC).document_id
        poll_until(b, lambda: b.store.incoming(H41, doc) is not None)
        assert b.record(doc).state == "arrived" and b.record(doc).statuses_sent == ("01",)
        assert b.act(doc, "accept").arrival_number == 1
        assert b.record(doc).statuses_sent == ("01", "03")
    finally:
        a.close()
        b.close()
