"""The SUT driver protocol (DESIGN.md §3): the actions a conformance scenario needs from a QLVB
product, and the `builtin` driver that performs them on the reference QLVB in process.

    driver = builtin_driver(config, variant="never_send_03", store=tmp / "sut.db")
    issued = driver.issue(IssueRequest(subject="…", recipients=("000.00.00.H41",)))
    driver.sync()                              # let the product process its inbox now
    driver.act(doc_id, "accept")               # reject (reason=…) / assign / process / complete
    driver.change_answer(doc_id, False, reason="…")   # refuse a revocation / update (16)
    driver.record(doc_id).statuses_seen        # what the product recorded

The same interface over HTTP is `driver_http.HttpDriver` (a vendor implements the HTTP API that
`driver-openapi.json` describes). Every method raises `DriverError` (= `AgentError`: a code and a
message in Vietnamese and English) when the product cannot carry out the request.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from reference_axis.reference_qlvb.agent import Agent
from reference_axis.reference_qlvb.behaviour import Behaviour, variant
from reference_axis.reference_qlvb.clock import Clock
from reference_axis.reference_qlvb.config import AgentConfig
from reference_axis.reference_qlvb.errors import AgentError
from reference_axis.reference_qlvb.models import (
    ActionResult,
    DocumentRecord,
    IssueRequest,
    IssueResult,
    PollReport,
)

DriverError = AgentError


@runtime_checkable
class SutDriver(Protocol):
    """What the suite asks of a system under test."""

    def info(self) -> dict[str, Any]:
        """The agencies the product serves, its profile and the capabilities it claims."""
        ...

    def issue(self, request: IssueRequest) -> IssueResult:
        """Issue a document: number, sign, package and send it through the axis."""
        ...

    def revoke(self, document_id: str, reason: str, *, mechanism: str | None = None
               ) -> ActionResult:
        """Revoke a document the product issued (status 13 or BussinessDocType 1)."""
        ...

    def update(self, document_id: str, reason: str, *, add_recipients: Sequence[str] = (),
               remove_recipients: Sequence[str] = (), subject: str | None = None
               ) -> ActionResult:
        """Update a document it issued (BussinessDocType 2)."""
        ...

    def replace(self, document_id: str, request: IssueRequest, reason: str) -> IssueResult:
        """Replace a document it issued by a new one (BussinessDocType 3)."""
        ...

    def act(self, document_id: str, action: str, *, reason: str | None = None,
            agency: str | None = None, note: str | None = None) -> ActionResult:
        """Act on a received document: accept, reject (reason), assign, process, complete."""
        ...

    def change_answer(self, document_id: str, agree: bool, *, reason: str | None = None,
                      agency: str | None = None) -> ActionResult:
        """Answer the revocation / update / replacement requests waiting on a received
        document as its clerk: agree (15) or refuse with a reason (16)."""
        ...

    def record(self, document_id: str, *, agency: str | None = None,
               direction: str | None = None) -> DocumentRecord:
        """The product's record of a document: state, arrival number, statuses, history."""
        ...

    def sync(self) -> PollReport:
        """Process the inbox now (a product that polls on its own may do nothing)."""
        ...

    def statistics(self) -> dict[str, Any]:
        """The product's own figures per agency: {"agencies": [{"agency", "sent_edoc",
        "sent_status", "received_edoc", "received_status"}]} (QĐ 28 Điều 11)."""
        ...


class BuiltinDriver:
    """The reference QLVB (or one of its faulty variants) in process."""

    def __init__(self, agent: Agent) -> None:
        self.agent = agent

    def info(self) -> dict[str, Any]:
        return self.agent.info()

    def issue(self, request: IssueRequest) -> IssueResult:
        return self.agent.issue(request)

    def revoke(self, document_id: str, reason: str, *, mechanism: str | None = None
               ) -> ActionResult:
        return self.agent.revoke(document_id, reason, mechanism=mechanism)

    def update(self, document_id: str, reason: str, *, add_recipients: Sequence[str] = (),
               remove_recipients: Sequence[str] = (), subject: str | None = None
               ) -> ActionResult:
        return self.agent.update(document_id, reason, add_recipients=tuple(add_recipients),
                                 remove_recipients=tuple(remove_recipients), subject=subject)

    def replace(self, document_id: str, request: IssueRequest, reason: str) -> IssueResult:
        return self.agent.replace(document_id, request, reason)

    def act(self, document_id: str, action: str, *, reason: str | None = None,
            agency: str | None = None, note: str | None = None) -> ActionResult:
        return self.agent.act(document_id, action, reason=reason, agency=agency, note=note)

    def change_answer(self, document_id: str, agree: bool, *, reason: str | None = None,
                      agency: str | None = None) -> ActionResult:
        return self.agent.answer_change(document_id, agree, reason=reason, agency=agency)

    def record(self, document_id: str, *, agency: str | None = None,
               direction: str | None = None) -> DocumentRecord:
        return self.agent.record(document_id, agency=agency, direction=direction)

    def sync(self) -> PollReport:
        return self.agent.poll()

    def statistics(self) -> dict[str, Any]:
        return self.agent.statistics()

    def close(self) -> None:
        self.agent.close()


def builtin_driver(config: AgentConfig, *, behaviour: Behaviour | str = "compliant",
                   store: str | Path | None = None, clock: Clock | None = None,
                   poll_interval: float | None = None) -> BuiltinDriver:
    """The builtin driver for a configuration; `behaviour` is a `Behaviour` or a variant name
    (see `behaviour.VARIANTS`). With `poll_interval` the agent also polls on its own."""
    chosen = variant(behaviour) if isinstance(behaviour, str) else behaviour
    agent = Agent(config, store=store, clock=clock, behaviour=chosen)
    if poll_interval:
        agent.start_polling(poll_interval)
    return BuiltinDriver(agent)
