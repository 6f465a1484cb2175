"""What every part of the agent shares: configuration, store, axis client, clock, behaviour, the
agency directory, sending a status package, history, and events for whoever watches (the demo).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from conformance.edxml.model import Organization, ResponseFor
from conformance.profiles import Profile, load_profile
from reference_axis.client import AxisClient, Reply, SdkQuirks, Signer
from reference_axis.reference_qlvb import packages
from reference_axis.reference_qlvb.behaviour import COMPLIANT, Behaviour
from reference_axis.reference_qlvb.clock import Clock, SystemClock, vn_now
from reference_axis.reference_qlvb.config import AgencyProfile, AgentConfig
from reference_axis.reference_qlvb.errors import AgentError
from reference_axis.reference_qlvb.store import Store

log = logging.getLogger("reference_qlvb")

STATUS_NAMES = {
    "01": "đã đến", "02": "từ chối tiếp nhận", "03": "đã tiếp nhận", "04": "phân công",
    "05": "đang xử lý", "06": "hoàn thành", "13": "thu hồi", "15": "đồng ý thu hồi/cập nhật",
    "16": "từ chối thu hồi/cập nhật",
}
STATUS_NAMES_EN = {
    "01": "arrived", "02": "refused", "03": "accepted", "04": "assigned", "05": "in process",
    "06": "completed", "13": "withdrawn", "15": "change agreed", "16": "change refused",
}


class AxisCalls(Protocol):
    """The calls of the axis client (`reference_axis.client.AxisClient`) the agent makes."""

    def send_edoc(self, package: bytes, from_: str, to: str | Sequence[str] | None = None,
                  messagetype: str = "edoc") -> Reply: ...

    def get_received_edoc_list(self, messagetype: str = "edoc", **extra: str) -> Reply: ...

    def get_edoc(self, doc_id: str, file_path: str | None = None) -> Reply: ...

    def update_status(self, doc_id: str, status: str) -> Reply: ...

    def get_agencies_list(self) -> Reply: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Event:
    """Something the agent did, said for a person watching (the demo prints these)."""

    kind: str
    agency: str
    vi: str
    en: str
    data: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


def make_client(config: AgentConfig, clock: Clock, **kwargs: Any) -> AxisClient:
    """An axis client that behaves like a clean SDK (fresh timestamps, no leftover headers)
    and signs its requests with the agent's clock, so they agree with an axis whose clock the
    harness moved."""
    client = AxisClient(config.endpoint, config.system_id, config.secret, SdkQuirks.none(),
                        **kwargs)
    client.signer = Signer(config.system_id, config.secret, SdkQuirks.none(),
                           clock=lambda: vn_now(clock))
    return client


class Core:
    def __init__(self, config: AgentConfig, *, store: Store | str | None = None,
                 client: AxisCalls | None = None, clock: Clock | None = None,
                 behaviour: Behaviour = COMPLIANT,
                 listener: Callable[[Event], None] | None = None) -> None:
        if not config.agencies:
            raise AgentError("bad_request", "Cấu hình không có cơ quan nào",
                             "The configuration names no agency")
        self.config = config
        self.settings = config.settings
        self.behaviour = behaviour
        self.clock: Clock = clock or SystemClock()
        self.store = store if isinstance(store, Store) else Store(store or ":memory:")
        self.client: AxisCalls = client or make_client(config, self.clock)
        self.listener = listener
        self.lock = threading.RLock()
        self._directory: dict[str, str] | None = None

    # --- time ------------------------------------------------------------------------------------
    def now(self) -> dt.datetime:
        return vn_now(self.clock)

    @staticmethod
    def iso(moment: dt.datetime) -> str:
        return moment.isoformat(timespec="seconds")

    # --- configuration ---------------------------------------------------------------------------
    @cached_property
    def profile(self) -> Profile:
        return load_profile(self.settings.profile)

    def agency(self, code: str | None = None) -> AgencyProfile:
        found = self.config.agency(code)
        if found is None:
            raise AgentError("not_found", f"Hệ thống không phục vụ cơ quan '{code}'",
                             f"This system does not serve agency '{code}'")
        return found

    def serves(self, code: str | None) -> bool:
        return code is not None and self.config.agency(code) is not None

    def directory(self) -> dict[str, str]:
        """Agency code → name, from the axis (getAgenciesList), read once; {} if unavailable."""
        if self._directory is None:
            reply = self.client.get_agencies_list()
            items = reply.data if reply.ok and isinstance(reply.data, list) else None
            if items is None:
                return {}
            self._directory = {str(a.get("code")): str(a.get("name") or "") for a in items
                               if isinstance(a, dict) and a.get("code")}
        return self._directory

    def name(self, code: str | None) -> str:
        """An agency's name for messages: one of ours, else the axis directory's, else the
        code."""
        if code is None:
            return "?"
        own = self.config.agency(code)
        if own is not None:
            return own.name
        return self.directory().get(code) or code

    def names(self, codes: tuple[str, ...] | list[str]) -> str:
        return ", ".join(self.name(c) for c in codes)

    def recipients(self, codes: tuple[str, ...]) -> tuple[Organization, ...]:
        """To elements for agency codes: name from the axis directory (the code itself when the
        axis does not know it), address left empty (the directory has none)."""
        names = self.directory()
        return tuple(Organization(organ_id=c, organ_name=names.get(c) or c, organ_add="")
                     for c in codes)

    # --- events and history ----------------------------------------------------------------------
    def emit(self, kind: str, agency: str, vi: str, en: str, **data: Any) -> None:
        log.info("%s: %s", agency, en)
        if self.listener is not None:
            try:
                self.listener(Event(kind, agency, vi, en, data))
            except Exception:  # a watcher's bug must not break the agent
                log.exception("event listener failed")

    def history(self, *, direction: str, record_id: int, document_id: str, agency: str,
                code: str, event: str, party: str | None = None,
                description: str | None = None, axis_doc_id: str | None = None,
                at: dt.datetime | None = None) -> None:
        self.store.add_history(direction=direction, record_id=record_id,
                               document_id=document_id, agency=agency, party=party, code=code,
                               event=event, at=self.iso(at or self.now()),
                               description=description, axis_doc_id=axis_doc_id)

    # --- the axis ---------------------------------------------------------------------------------
    def post(self, data: bytes, from_: str, to: Sequence[str] | None,
             messagetype: str = "edoc") -> Reply:
        """sendEdoc, and a line in the sent log when the axis took it (for the statistics)."""
        reply = self.client.send_edoc(data, from_=from_, to=list(to) if to else None,
                                      messagetype=messagetype)
        if reply.ok:
            self.store.log_sent(axis_doc_id=reply.doc_id, agency=from_,
                                messagetype=messagetype, at=self.iso(self.now()))
        return reply

    # --- status packages -------------------------------------------------------------------------
    def send_status(self, agency: AgencyProfile, answered: ResponseFor, code: str,
                    description: str | None, *, to: list[str], direction: str,
                    record_id: int, document_id: str) -> bool:
        """Build and send one status package to the agencies `to`; record it in the document's
        history. Returns whether the axis took it."""
        now = self.now()
        package = packages.status(agency, answered, code, description, now, self.behaviour)
        targets = [t for t in to if t]
        reply = self.post(packages.build(package), agency.code, targets or None, "status")
        party = ", ".join(targets) or None
        shown = self.names(targets) or "?"
        ok = reply.ok
        note = description if ok else f"{description or ''} — gửi lỗi: " \
            f"{reply.error_desc or reply.error or reply.error_code}"
        self.history(direction=direction, record_id=record_id, document_id=document_id,
                     agency=agency.code, code=code, event="sent" if ok else "send_failed",
                     party=party, description=note, axis_doc_id=reply.doc_id, at=now)
        name = STATUS_NAMES.get(code, code)
        self.emit("status_sent", agency.code,
                  f"{agency.name} gửi trạng thái {code} ({name}) cho {shown}"
                  + (f": {description}" if description else "")
                  + ("" if ok else " — TRỤC TỪ CHỐI"),
                  f"{agency.name} sends status {code} ({STATUS_NAMES_EN.get(code, code)}) to "
                  f"{shown}" + (f": {description}" if description else "")
                  + ("" if ok else " — REFUSED BY THE AXIS"),
                  code=code, document_id=document_id, to=party, ok=ok)
        return ok
