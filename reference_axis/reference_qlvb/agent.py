"""The reference QLVB agent: one facade over issuing, receiving and revocation.

    agent = Agent(config, store="qlvb.db", clock=OffsetClock.starting_at(...),
                  behaviour=VARIANTS["never_send_03"])
    result = agent.issue(IssueRequest(subject="…", recipients=("000.00.00.H41",)))
    agent.poll()                       # fetch, acknowledge, 01, check, 03 / 02
    agent.act(doc_id, "assign")        # 04; "process" 05; "complete" 06
    agent.answer_change(doc_id, False, reason="…")   # refuse a revocation / update: 16
    agent.revoke(doc_id, "Ban hành nhầm")
    agent.record(doc_id)               # register entry, statuses sent and seen, history

Every public method is serialised by one lock (the HTTP driver and a background poller may call
from several threads). Requests the agent cannot carry out raise `AgentError` (Vietnamese and
English message, a code); nothing else should escape on bad input.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reference_axis.reference_qlvb import issuing, outbox, receiving, revocation
from reference_axis.reference_qlvb.behaviour import COMPLIANT, Behaviour
from reference_axis.reference_qlvb.clock import Clock
from reference_axis.reference_qlvb.config import AgentConfig
from reference_axis.reference_qlvb.core import AxisCalls, Core, Event
from reference_axis.reference_qlvb.errors import AgentError
from reference_axis.reference_qlvb.models import (
    ActionResult,
    CheckSummary,
    DocumentRecord,
    IssueRequest,
    IssueResult,
    PollReport,
    StatusEntry,
)
from reference_axis.reference_qlvb.store import EXCHANGE_KEYS, ChangeRequest, HistoryEntry, Store

log = logging.getLogger("reference_qlvb")

STATUS_CODES = frozenset({"01", "02", "03", "04", "05", "06", "13", "15", "16"})


class Agent:
    def __init__(self, config: AgentConfig, *, store: Store | str | Path | None = None,
                 client: AxisCalls | None = None, clock: Clock | None = None,
                 behaviour: Behaviour = COMPLIANT,
                 listener: Callable[[Event], None] | None = None) -> None:
        st = store if isinstance(store, Store) else Store(store if store is not None
                                                          else ":memory:")
        self.core = Core(config, store=st, client=client, clock=clock, behaviour=behaviour,
                         listener=listener)
        self._poller: threading.Thread | None = None
        self._stop = threading.Event()

    # --- the parts ---------------------------------------------------------------------------
    @property
    def config(self) -> AgentConfig:
        return self.core.config

    @property
    def behaviour(self) -> Behaviour:
        return self.core.behaviour

    @property
    def store(self) -> Store:
        return self.core.store

    @property
    def client(self) -> AxisCalls:
        return self.core.client

    def info(self) -> dict[str, Any]:
        s = self.core.settings
        return {
            "system_id": self.config.system_id,
            "agencies": [{"code": a.code, "name": a.name,
                          "signers": [p.full_name for p in a.signers]}
                         for a in self.config.agencies],
            "profile": s.profile, "revocation": s.revocation, "auto_accept": s.auto_accept,
            "auto_refuse": s.auto_refuse, "behaviour": list(self.behaviour.active()),
            "capabilities": ["issue", "urgent", "digitised", "copy", "legal", "attachments",
                             "revoke", "update", "replace", "act", "change_answer",
                             "record", "statistics"],
        }

    # --- actions -----------------------------------------------------------------------------
    def issue(self, request: IssueRequest) -> IssueResult:
        with self.core.lock:
            return issuing.issue(self.core, request)

    def resend(self, document_id: str) -> IssueResult:
        """Send again a document the axis refused or did not answer (state send_failed)."""
        with self.core.lock:
            return issuing.resend(self.core, document_id)

    def poll(self) -> PollReport:
        """One processing round: send again what the axis did not take, then the inbox.
        First of all, the agent's own answer (15) to the change requests fetched in an earlier
        round that no clerk answered; those fetched now wait for the clerk until the next
        round (revocation.py)."""
        with self.core.lock:
            revocation.answer_waiting(self.core)
            return outbox.retry_unsent(self.core) + receiving.poll(self.core)

    def act(self, document_id: str, action: str, *, reason: str | None = None,
            agency: str | None = None, note: str | None = None) -> ActionResult:
        with self.core.lock:
            return receiving.act(self.core, document_id, action, reason=reason, agency=agency,
                                 note=note)

    def answer_change(self, document_id: str, agree: bool, *, reason: str | None = None,
                      agency: str | None = None) -> ActionResult:
        """The clerk's answer to the revocation / update / replacement requests waiting on a
        received document: agree (15) or refuse with a reason (16)."""
        with self.core.lock:
            return revocation.answer_change(self.core, document_id, agree, reason=reason,
                                            agency=agency)

    def change_requests(self, document_id: str, *, agency: str | None = None
                        ) -> list[ChangeRequest]:
        """The change requests on a received document, in order of arrival."""
        with self.core.lock:
            return revocation.change_requests(self.core, document_id, agency)

    def revoke(self, document_id: str, reason: str, *, mechanism: str | None = None
               ) -> ActionResult:
        with self.core.lock:
            return revocation.revoke(self.core, document_id, reason, mechanism=mechanism)

    def update(self, document_id: str, reason: str, *, add_recipients: tuple[str, ...] = (),
               remove_recipients: tuple[str, ...] = (), subject: str | None = None
               ) -> ActionResult:
        with self.core.lock:
            return revocation.update(self.core, document_id, reason,
                                     add_recipients=tuple(add_recipients),
                                     remove_recipients=tuple(remove_recipients), subject=subject)

    def replace(self, document_id: str, request: IssueRequest, reason: str) -> IssueResult:
        with self.core.lock:
            return revocation.replace(self.core, document_id, request, reason)

    # --- what the agent knows ------------------------------------------------------------------
    def statistics(self) -> dict[str, Any]:
        """What went through the axis for each of the agent's agencies, from its own logs
        (QĐ 28 Điều 11: extracted automatically): packages the axis accepted from it and
        deliveries it fetched, documents and statuses apart."""
        with self.core.lock:
            counts = self.store.exchange_counts()
            unattributed = counts.pop("", None)  # a delivery listed without its recipient
            rows = []
            for i, agency in enumerate(self.config.agencies):
                row = dict(counts.get(agency.code) or dict.fromkeys(EXCHANGE_KEYS, 0))
                if i == 0 and unattributed:
                    row = {k: row[k] + unattributed[k] for k in EXCHANGE_KEYS}
                rows.append({"agency": agency.code, "name": agency.name, **row})
            return {"generated_at": self.core.iso(self.core.now()), "agencies": rows}

    def record(self, document_id: str, *, agency: str | None = None,
               direction: str | None = None) -> DocumentRecord:
        """The agent's record of a document: the outgoing record when it issued it (for `agency`
        when given), else the incoming one."""
        with self.core.lock:
            store = self.store
            if direction in (None, "outgoing"):
                out = store.outgoing(document_id)
                if out is not None and (agency is None or out.agency == agency):
                    entries = store.history("out", out.id)
                    return DocumentRecord(
                        document_id=out.document_id, direction="outgoing", agency=out.agency,
                        state=out.state, code=out.code, subject=out.subject,
                        sender=out.agency, recipients=out.recipients, sent_at=out.sent_at,
                        reason=out.error,
                        statuses_sent=_codes(entries, "sent"),
                        statuses_seen=_codes(entries, "received"),
                        history=tuple(_entry(e) for e in entries),
                        deliveries=(out.axis_doc_id,) if out.axis_doc_id else ())
            if direction in (None, "incoming"):
                candidates = ([store.incoming(agency, document_id)] if agency
                              else [r for r in store.incoming_any(document_id)
                                    if r.copy_no == 0])
                rec = next((r for r in candidates if r is not None), None)
                if rec is not None:
                    copies = store.incoming_copies(rec.agency, document_id)
                    entries = [e for c in copies for e in store.history("in", c.id)]
                    entries.sort(key=lambda e: e.id)
                    return DocumentRecord(
                        document_id=rec.document_id, direction="incoming", agency=rec.agency,
                        state=rec.state, code=rec.code, subject=rec.subject, sender=rec.sender,
                        recipients=(rec.agency,), arrival_number=rec.arrival_number,
                        received_at=rec.received_at, reason=rec.reason,
                        statuses_sent=_codes(entries, "sent"),
                        statuses_seen=_codes(entries, "received"),
                        history=tuple(_entry(e) for e in entries),
                        checks=tuple(CheckSummary(**c) for c in rec.checks),
                        deliveries=tuple(d for c in copies for d in c.deliveries),
                        copies=len(copies))
            raise AgentError("not_found", f"Không có văn bản '{document_id}' trong sổ",
                             f"No document '{document_id}' in the registers")

    def arrival_numbers(self, agency: str | None = None) -> list[tuple[str, int | None]]:
        """(DocumentId, arrival number) of every received document, in order of arrival."""
        return [(r.document_id, r.arrival_number) for r in self.store.incoming_list(agency)]

    # --- running -------------------------------------------------------------------------------
    def start_polling(self, interval: float = 1.0) -> None:
        """Poll the inbox in a background thread every `interval` seconds until `stop`."""
        if self._poller is not None and self._poller.is_alive():
            return
        self._stop.clear()

        def run() -> None:
            while not self._stop.wait(interval):
                try:
                    self.poll()
                except Exception:  # keep polling: the next pass may succeed
                    log.exception("poll failed")

        self._poller = threading.Thread(target=run, name="qlvb-poller", daemon=True)
        self._poller.start()

    def stop(self) -> None:
        self._stop.set()
        if self._poller is not None:
            self._poller.join(10)
            self._poller = None

    def close(self) -> None:
        self.stop()
        self.client.close()
        self.store.close()

    def __enter__(self) -> Agent:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _codes(entries: list[HistoryEntry], event: str) -> tuple[str, ...]:
    return tuple(e.code for e in entries if e.event == event and e.code in STATUS_CODES)


def _entry(e: HistoryEntry) -> StatusEntry:
    return StatusEntry(code=e.code, event=e.event, at=e.at, party=e.party,
                       description=e.description)
