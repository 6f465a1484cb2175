"""The harness's own agencies (Cơ quan A, B, C and literal codes a scenario names): they write
the packages the axis delivers to the SUT — fully signed documents, status packages,
revocations, updates, replacements — with the reference QLVB's own issuing code, on an in-memory
axis that only captures what they send. The harness then injects those bytes into the real axis.

With a SUT that starts afresh in every scenario (the builtin driver) the counterparts do too, on
a clock that stands at the scenario's starting moment: the same document then gives the same
bytes and the signed PDFs come from the reference QLVB's cache. With a SUT that keeps its state
the counterparts keep theirs, so every document id the harness sends is new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from conformance.edxml.model import EdocPackage, Organization, ResponseFor, TraceHeader
from conformance.profiles import shipped_profiles
from conformance.suite.axis import agency_name
from reference_axis.reference_qlvb import packages
from reference_axis.reference_qlvb.agent import Agent
from reference_axis.reference_qlvb.behaviour import COMPLIANT, Behaviour
from reference_axis.reference_qlvb.clock import ManualClock
from reference_axis.reference_qlvb.config import (
    SAMPLE_SYSTEMS,
    AgencyProfile,
    AgentConfig,
    AgentSettings,
    Clerk,
    Person,
)
from reference_axis.reference_qlvb.memory_axis import MemoryAxis
from reference_axis.reference_qlvb.models import AttachmentSpec, IssueRequest

_SAMPLES = {a.code: a for agencies in SAMPLE_SYSTEMS.values() for a in agencies}


def _profile_for(code: str) -> AgencyProfile:
    """An agency profile for a harness agency: the reference QLVB's sample when it has one,
    otherwise a plausible made-up one."""
    if code in _SAMPLES:
        return _SAMPLES[code]
    name = agency_name(code)
    short = "UBND" if "Ủy ban" in name else "VP"
    return AgencyProfile(
        code=code, name=name, short=short, header=name.upper(), place="Hà Nội",
        signers=(Person("Đặng Quốc Hưng", "Phó Chủ tịch", "KT. CHỦ TỊCH"),),
        clerk=Clerk("Văn thư cơ quan", "Phan Thị Thu", "0912000401",
                    "vanthu@kiemthu.gov.vn"),
        address="Số 12 Lê Lai, Hà Nội", email="vanthu@kiemthu.gov.vn",
        organization_in_charge="Chính phủ")


@dataclass(frozen=True)
class Issued:
    """A document a counterpart wrote: its bytes, parsed package and DocumentId."""

    data: bytes
    package: EdocPackage
    document_id: str
    sender: str


class Counterparts:
    def __init__(self, *, names: dict[str, str], profile: str, moment: dt.datetime,
                 fresh_per_scenario: bool) -> None:
        self.names = dict(names)
        self.profile = profile if profile in shipped_profiles() else "nd30"
        self.clock = ManualClock(moment)
        self.fresh = fresh_per_scenario
        self.axis = MemoryAxis(self.names)
        self._agents: dict[tuple[str, tuple[str, ...]], Agent] = {}

    # --- lifecycle ------------------------------------------------------------------------
    def start_scenario(self, moment: dt.datetime) -> None:
        self.clock.set(moment)
        if self.fresh:
            self.close()
            self.axis = MemoryAxis(self.names)

    def set_clock(self, moment: dt.datetime) -> None:
        self.clock.set(moment)

    def know(self, code: str, name: str | None = None) -> None:
        self.names[code] = name or agency_name(code)
        self.axis.agencies[code] = self.names[code]

    def close(self) -> None:
        for agent in self._agents.values():
            agent.close()
        self._agents.clear()

    # --- agents ---------------------------------------------------------------------------
    def agent(self, code: str, behaviour: Behaviour = COMPLIANT) -> Agent:
        key = (code, behaviour.active())
        found = self._agents.get(key)
        if found is None:
            self.know(code, self.names.get(code))
            config = AgentConfig(system_id=f"harness:{code}", secret="-", endpoint="memory://",
                                 agencies=(_profile_for(code),),
                                 settings=AgentSettings(profile=self.profile))
            found = Agent(config, client=self.axis.client((code,)),  # type: ignore[arg-type]
                          clock=self.clock, behaviour=behaviour)
            self._agents[key] = found
        return found

    def _last(self, code: str, messagetype: str) -> bytes:
        sent = [s for s in self.axis.sent if s.from_ == code and s.messagetype == messagetype]
        if not sent:
            raise RuntimeError(f"counterpart {code} sent no {messagetype}")
        data = sent[-1].package
        self.axis.sent.clear()
        self.axis.deliveries.clear()
        return data

    # --- what they write ------------------------------------------------------------------------
    def document(self, sender: str, recipients: tuple[str, ...], *, type_name: str = "Công văn",
                 urgency: str | None = None, subject: str | None = None,
                 behaviour: Behaviour = COMPLIANT, form: str = "born_digital",
                 attachments: tuple[AttachmentSpec, ...] = ()) -> Issued:
        agent = self.agent(sender, behaviour)
        request = IssueRequest(
            subject=subject or f"Về việc phối hợp triển khai {type_name.lower()} liên thông",
            recipients=recipients, type_name=type_name, urgency=urgency, form=form,
            attachments=attachments)
        result = agent.issue(request)
        data = self._last(sender, "edoc")
        parsed = packages.read(data).package
        assert isinstance(parsed, EdocPackage)
        return Issued(data, parsed, result.document_id, sender)

    def status(self, sender: str, answered: ResponseFor, code: str, description: str | None
               ) -> bytes:
        agency = self.agent(sender).config.agencies[0]
        package = packages.status(agency, answered, code, description, self.clock(), COMPLIANT)
        return packages.build(package)

    def revoke(self, issued: Issued, reason: str, mechanism: str) -> bytes:
        agent = self.agent(issued.sender)
        agent.revoke(issued.document_id, reason, mechanism=mechanism)
        return self._last(issued.sender, "status" if mechanism == "status" else "edoc")

    def update(self, issued: Issued, reason: str) -> bytes:
        agent = self.agent(issued.sender)
        subject = f"{issued.package.header.subject or ''} (đã đính chính)"
        agent.update(issued.document_id, reason, subject=subject)
        return self._last(issued.sender, "edoc")

    def replace(self, issued: Issued, reason: str) -> Issued:
        agent = self.agent(issued.sender)
        request = IssueRequest(subject=f"{issued.package.header.subject or ''} (thay thế)",
                               recipients=(), type_name=issued.package.header.document_type
                               .type_name if issued.package.header.document_type else "Công văn")
        result = agent.replace(issued.document_id, request, reason)
        data = self._last(issued.sender, "edoc")
        parsed = packages.read(data).package
        assert isinstance(parsed, EdocPackage)
        return Issued(data, parsed, result.document_id, issued.sender)

    def forged(self, data: bytes, sender: str) -> bytes:
        """The same package as if `sender` had written it (From and trace header changed): how
        a forged revocation by a third agency is built."""
        agency = _profile_for(sender)
        parsed = packages.read(data).package
        assert isinstance(parsed, EdocPackage)
        org = Organization(organ_id=sender, organ_name=agency.name, organ_add=agency.address,
                           email=agency.email)
        trace = tuple(TraceHeader(sender, t.timestamp) for t in parsed.trace_headers[:1])
        return packages.build(replace(parsed, header=replace(parsed.header, from_=org),
                                      trace_headers=trace or parsed.trace_headers))


def response_for(package: Any) -> ResponseFor:
    """ResponseFor naming a document package (as its receiver answers it)."""
    return packages.response_for_of(package)
