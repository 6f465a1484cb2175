"""Each faulty-variant switch of the reference QLVB changes its behaviour as documented: the
project's validators (or the observable exchange) show the rule the switch is said to break,
and the compliant agent does not break it. In-memory axis: fast, no process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from conformance.edxml.model import EdocPackage, StatusPackage
from conformance.edxml.validate import validate_package
from conformance.findings import Finding, Status
from conformance.pdf.validate import validate_pdf
from conformance.rules import catalog
from conformance.timing.formats import VN_TZ, parse_edxml_datetime
from reference_axis.reference_qlvb import packages, pdfs
from reference_axis.reference_qlvb.behaviour import (
    COMPLIANT,
    VARIANT_RULES,
    VARIANTS,
    Behaviour,
    switches,
    variant,
)
from reference_axis.reference_qlvb.checks import _pdf_role
from reference_axis.reference_qlvb.models import AttachmentSpec, IssueRequest
from reference_axis.reference_qlvb.testing import (
    H38,
    H41,
    SO_H38,
    MemoryNetwork,
    readdressed,
    tamper_main_pdf,
    without_code,
)

SEND_AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN_TZ)


# --- the table itself ----------------------------------------------------------------------------

def test_every_switch_names_catalog_rules():
    cat = catalog()
    assert set(VARIANTS) == {s.name for s in switches()}
    for name, rules in VARIANT_RULES.items():
        assert rules, name
        assert all(r in cat for r in rules), (name, [r for r in rules if r not in cat])
        assert VARIANTS[name].active() == (name,)
        assert VARIANTS[name].broken_rules() == rules


def test_variant_lookup_and_description():
    assert variant("compliant") is COMPLIANT and COMPLIANT.compliant
    assert variant("never_send_03").never_send_03
    with pytest.raises(KeyError):
        variant("no_such_switch")
    assert "03" in VARIANTS["never_send_03"].describe()
    assert Behaviour().with_switches("send_late", "utc_timestamps").active() == (
        "utc_timestamps", "send_late")


# --- issuing-side switches: the validators name the rule ----------------------------------------

@dataclass
class Issued:
    package: EdocPackage
    data: bytes
    result: Any
    findings: list[Finding] = field(default_factory=list)

    def failed(self) -> set[str]:
        return {f.rule_id for f in self.findings if f.status is Status.FAIL}


def _issue(behaviour: Behaviour, profile: str, request: IssueRequest) -> Issued:
    from reference_axis.reference_qlvb.config import AgentSettings

    net = MemoryNetwork()
    try:
        agent = net.agent("vxp.h38", behaviour, settings=AgentSettings(profile=profile))
        result = agent.issue(request)
        data = net.axis.packages_from(H38, "edoc")[-1]
        pkg = packages.read(data).package
        assert isinstance(pkg, EdocPackage)
        at = net.clock()
        findings = validate_package(data, profile=profile, at=at)
        roles = {"digitised": "scan", "copy": "copy"}
        for i, att in enumerate(a for a in pkg.attachments if a.data and a.data[:4] == b"%PDF"):
            role = roles.get(request.form, "main") if i == 0 else "attachment"
            findings += validate_pdf(att.data, role=role, profile=profile, package=pkg,
                                     trust_roots=pdfs.trust_roots(),
                                     crls=pdfs.pki().crls_der())
        return Issued(pkg, data, result, findings)
    finally:
        net.close()


BASIC = IssueRequest(subject="Về việc thử nghiệm liên thông văn bản điện tử",
                     recipients=(H41,), attachments=(AttachmentSpec("phu-luc.pdf",
                                                                    "Danh sách đơn vị"),))
URGENT = IssueRequest(subject="Về việc ứng phó bão số 3", recipients=(H41,), urgency="KHẨN",
                      type_name="Công điện")
DIGITISED = IssueRequest(subject="Về việc ban hành quy chế", recipients=(H41,),
                         type_name="Quyết định", form="digitised")

ISSUING_CASES: list[tuple[str, str, IssueRequest, str]] = [
    # switch, profile, request, the rule its fault shows under that profile
    ("unsigned_pdf", "nd30", BASIC, "LC2019-6.2"),
    ("skip_org_signature", "nd30", BASIC, "LC2019-6.2"),
    ("org_signs_before_person", "nd30", BASIC, "LC2019-9.2a"),
    ("seal_not_over_signature", "nd30", BASIC, "ND30-PL1-CKCOQUAN"),
    ("seal_not_over_signature", "tt01-2019", BASIC, "LC2019-9.2c"),
    ("wrong_signer_certificate", "nd30", BASIC, "KH2364-1"),
    ("expired_org_certificate", "nd30", BASIC, "TT41-CERT-VALIDITY"),
    ("no_signature_timestamp", "nd30", BASIC, "TT41-TIMESTAMP"),
    ("utc_timestamps", "nd30", BASIC, "TT41-SIGNING-TIME"),
    ("naive_timestamps", "nd30", BASIC, "TT41-SIGNING-TIME"),
    ("unsigned_attachment", "nd30", BASIC, "ND30-PL1-CKDINHKEM"),
    ("skip_urgency_stamp_signature", "tt01-2019", URGENT, "LC2019-6.4b"),
    ("grey_scans_150dpi", "nd30", DIGITISED, "ND30-PL1-SOHOA"),
    ("agency_code_qd20_form", "nd30", BASIC, "QD28-10.2a"),
    ("agency_code_malformed", "nd30", BASIC, "QD28-10.2a"),
    ("document_id_inconsistent", "nd30", BASIC, "QD28-10.2b"),
    ("drop_attachment", "nd30", BASIC, "QCVN102-MANIFEST"),
    ("legacy_encoded_text", "nd30", BASIC, "DN35-9.1b"),
    ("omit_due_date", "nd30", BASIC, "QD28-10.2o"),
]


@pytest.fixture(scope="module")
def compliant_runs() -> dict[tuple[str, str], Issued]:
    return {}


def _compliant(cache: dict[tuple[str, str], Issued], profile: str, request: IssueRequest
               ) -> Issued:
    key = (profile, request.subject)
    if key not in cache:
        cache[key] = _issue(COMPLIANT, profile, request)
    return cache[key]


@pytest.mark.parametrize(("switch", "profile", "request_", "rule"), ISSUING_CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in ISSUING_CASES])
def test_issuing_switch_breaks_its_rule(switch, profile, request_, rule, compliant_runs):
    assert rule in VARIANT_RULES[switch]
    good = _compliant(compliant_runs, profile, request_)
    assert rule not in good.failed(), [f for f in good.findings if f.rule_id == rule]
    bad = _issue(VARIANTS[switch], profile, request_)
    assert rule in bad.failed(), sorted(bad.failed())


@pytest.mark.parametrize("profile", ["nd30", "tt01-2019"])
@pytest.mark.parametrize("request_", [BASIC, URGENT, DIGITISED], ids=["basic", "urgent", "scan"])
def test_compliant_packages_pass_every_validator(profile, request_, compliant_runs):
    good = _compliant(compliant_runs, profile, request_)
    assert [f for f in good.findings if f.is_failure] == []
    assert good.result.state == "sent"


def test_urgent_without_priority():
    good = _issue(COMPLIANT, "nd30", URGENT).package
    assert good.header.other_info and good.header.other_info.priority == "1"
    bad = _issue(VARIANTS["urgent_without_priority"], "nd30", URGENT).package
    assert bad.header.other_info is None or bad.header.other_info.priority is None


def test_send_late_misses_the_dispatch_deadline():
    good = _issue(COMPLIANT, "nd30", BASIC).result
    assert good.sent_at <= good.deadline
    late = _issue(VARIANTS["send_late"], "nd30", BASIC)
    assert late.result.sent_at > late.result.deadline
    # signed (and dated) three working days before it is sent: Wednesday 25 February 2026
    assert late.package.header.promulgation_info.date == "2026/02/25"


def test_utc_timestamps_in_the_package():
    pkg = _issue(VARIANTS["utc_timestamps"], "nd30", BASIC).package
    stamp = parse_edxml_datetime(pkg.trace_headers[0].timestamp)
    assert SEND_AT - stamp == dt.timedelta(hours=7)  # UTC wall clock read as Vietnam time


# --- receiving-side switches ----------------------------------------------------------------------

@pytest.fixture
def net() -> Iterator[MemoryNetwork]:
    n = MemoryNetwork()
    yield n
    n.close()


def _exchange(net: MemoryNetwork, receiver: Behaviour = COMPLIANT, sender: Behaviour = COMPLIANT,
              request: IssueRequest = BASIC):
    a = net.agent("vxp.h38", sender)
    b = net.agent("vxp.h41", receiver)
    sent = a.issue(request)
    net.clock.advance(minutes=1)
    b.poll()
    net.clock.advance(minutes=1)
    a.poll()
    return a, b, sent


def _statuses_to(net: MemoryNetwork, sender: str) -> list[StatusPackage]:
    out = []
    for data in net.axis.packages_from(sender, "status"):
        pkg = packages.read(data).package
        assert isinstance(pkg, StatusPackage)
        out.append(pkg)
    return out


def test_compliant_receiver_sends_01_then_03(net):
    a, b, sent = _exchange(net)
    assert b.record(sent.document_id).statuses_sent == ("01", "03")
    assert a.record(sent.document_id).statuses_seen == ("01", "03")


def test_send_03_without_01(net):
    a, b, sent = _exchange(net, VARIANTS["send_03_without_01"])
    assert b.record(sent.document_id).statuses_sent == ("03",)
    assert a.record(sent.document_id).statuses_seen == ("03",)


def test_never_send_03(net):
    a, b, sent = _exchange(net, VARIANTS["never_send_03"])
    rec = b.record(sent.document_id)
    assert rec.state == "accepted" and rec.arrival_number == 1
    assert a.record(sent.document_id).statuses_seen == ("01",)


def _inject(net: MemoryNetwork, receiver: Behaviour, make_bad) -> tuple[Any, Any, str]:
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41", receiver)
    sent = a.issue(BASIC)
    original = net.axis.packages_from(H38, "edoc")[-1]
    for delivery in list(net.axis.deliveries.values()):  # the good copy never arrives
        delivery.state = "done"
    net.axis.inject(make_bad(original), from_=H38, to=[H41])
    b.poll()
    a.poll()
    return a, b, sent.document_id


@pytest.mark.parametrize(("switch", "make_bad", "rule"), [
    ("accept_tampered_pdf", tamper_main_pdf, "QD28-6.1"),
    ("accept_invalid_package", without_code, "QD28-10.2c"),
    ("accept_other_agency", lambda d: readdressed(d, (SO_H38,)), "LC2019-7.1b"),
])
def test_receiver_checks(net, switch, make_bad, rule):
    a, b, doc_id = _inject(net, COMPLIANT, make_bad)
    rec = b.record(doc_id)
    assert rec.state == "rejected" and rec.statuses_sent == ("01", "02")
    assert rule in (rec.reason or ""), rec.reason
    assert rec.checks[0].rule_id == rule
    assert a.record(doc_id).statuses_seen == ("01", "02")
    net2 = MemoryNetwork()
    try:
        _, b2, doc_id2 = _inject(net2, VARIANTS[switch], make_bad)
        rec2 = b2.record(doc_id2)
        assert rec2.state == "accepted" and rec2.statuses_sent == ("01", "03")
    finally:
        net2.close()


def test_reject_without_reason(net):
    _, b, doc_id = _inject(net, VARIANTS["reject_without_reason"], without_code)
    assert b.record(doc_id).statuses_sent == ("01", "02")
    refusal = next(s for s in _statuses_to(net, H41) if s.status_code == "02")
    assert refusal.description is None
    findings = validate_package(packages.build(refusal), profile="nd30")
    assert "QCVN102-STATUS-REASON" in {f.rule_id for f in findings if f.is_failure}
    # the compliant refusal gives its reason
    net2 = MemoryNetwork()
    try:
        _inject(net2, COMPLIANT, without_code)
        good = next(s for s in _statuses_to(net2, H41) if s.status_code == "02")
        assert good.description and "QD28-10.2c" in good.description
        assert "QCVN102-STATUS-REASON" not in {
            f.rule_id for f in validate_package(packages.build(good), profile="nd30")
            if f.is_failure}
    finally:
        net2.close()


def _two_documents(net: MemoryNetwork, receiver: Behaviour) -> list[int | None]:
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41", receiver)
    a.issue(BASIC)
    a.issue(URGENT)
    b.poll()
    return [n for _, n in b.arrival_numbers()]


def test_duplicate_arrival_numbers(net):
    assert _two_documents(net, COMPLIANT) == [1, 2]
    net2 = MemoryNetwork()
    try:
        assert _two_documents(net2, VARIANTS["duplicate_arrival_numbers"]) == [1, 1]
    finally:
        net2.close()


def _duplicated(net: MemoryNetwork, receiver: Behaviour):
    a = net.agent("vxp.h38")
    b = net.agent("vxp.h41", receiver)
    net.axis.duplicate_next = 1
    sent = a.issue(BASIC)
    b.poll()
    return b, sent.document_id


def test_duplicate_delivery_gets_one_record(net):
    b, doc_id = _duplicated(net, COMPLIANT)
    rec = b.record(doc_id)
    assert rec.copies == 1 and len(rec.deliveries) == 2
    assert b.arrival_numbers() == [(doc_id, 1)]
    assert rec.statuses_sent == ("01", "03")
    net2 = MemoryNetwork()
    try:
        b2, doc2 = _duplicated(net2, VARIANTS["register_duplicate_deliveries"])
        assert [n for _, n in b2.arrival_numbers()] == [1, 2]
        assert b2.record(doc2).copies == 2
    finally:
        net2.close()


def test_never_report_processing(net):
    a, b, sent = _exchange(net, VARIANTS["never_report_processing"])
    for action in ("assign", "process", "complete"):
        assert b.act(sent.document_id, action).status_sent is None
    a.poll()
    assert b.record(sent.document_id).state == "completed"
    assert a.record(sent.document_id).statuses_seen == ("01", "03")


def test_skip_transport_ack(net):
    _, b, sent = _exchange(net, VARIANTS["skip_transport_ack"])
    mine = [d for d in net.axis.deliveries.values() if d.to == H41]
    assert mine and all(d.state != "done" for d in mine)
    b.poll()  # polled again: still one record
    assert b.record(sent.document_id).copies == 1
    net2 = MemoryNetwork()
    try:
        _exchange(net2)
        assert all(d.state == "done" for d in net2.axis.deliveries.values() if d.to == H41)
    finally:
        net2.close()


# --- revocation switches ----------------------------------------------------------------------

def _revoke(net: MemoryNetwork, receiver: Behaviour = COMPLIANT, sender: Behaviour = COMPLIANT,
            mechanism: str | None = None):
    a, b, sent = _exchange(net, receiver, sender)
    a.revoke(sent.document_id, "Ban hành nhầm nơi nhận", mechanism=mechanism)
    b.poll()  # fetched: waits for the clerk …
    b.poll()  # … and the next round the agent agrees by itself (15)
    a.poll()
    return a, b, sent.document_id


@pytest.mark.parametrize(("mechanism", "sent"), [("status", ("13",)), ("business", ())])
def test_compliant_revocation(net, mechanism, sent):
    a, b, doc_id = _revoke(net, mechanism=mechanism)
    assert b.record(doc_id).state == "cancelled"
    assert b.record(doc_id).statuses_sent == ("01", "03", "15")
    assert a.record(doc_id).state == "revoked"
    assert a.record(doc_id).statuses_sent == sent
    assert a.record(doc_id).statuses_seen == ("01", "03", "15")


def test_ignore_revocation(net):
    a, b, doc_id = _revoke(net, receiver=VARIANTS["ignore_revocation"])
    assert b.record(doc_id).state == "accepted"
    assert "15" not in b.record(doc_id).statuses_sent
    assert a.record(doc_id).state == "revocation_requested"


def test_revoke_without_notice(net):
    a, b, doc_id = _revoke(net, sender=VARIANTS["revoke_without_notice"])
    assert a.record(doc_id).state == "revoked"
    assert a.record(doc_id).statuses_sent == ()
    assert b.record(doc_id).state == "accepted"  # never told


def test_never_resend_variant_leaves_the_document_unsent(net):
    a = net.agent("vxp.h38", behaviour=VARIANTS["never_resend"])
    net.axis.fail_next = 1
    failed = a.issue(IssueRequest(subject="Về việc gửi lại văn bản", recipients=(H41,)))
    a.poll()
    assert a.record(failed.document_id).state == "send_failed"


def test_pdf_role_from_description():
    assert _pdf_role("Văn bản chính", 0) == "main"
    assert _pdf_role("Văn bản số hóa", 0) == "scan"
    assert _pdf_role("Bản sao điện tử", 0) == "copy"
    assert _pdf_role("Phụ lục 1: Danh sách", 1) == "attachment"


TESTED = {c[0] for c in ISSUING_CASES} | {
    "urgent_without_priority", "send_late", "send_03_without_01", "never_send_03",
    "reject_without_reason", "accept_tampered_pdf", "accept_invalid_package",
    "accept_other_agency", "duplicate_arrival_numbers", "register_duplicate_deliveries",
    "never_report_processing", "skip_transport_ack", "ignore_revocation",
    "revoke_without_notice", "never_resend"}


def test_every_switch_has_a_test():
    assert set(VARIANTS) - TESTED == set()
