"""An in-memory stand-in for the axis, for fast unit tests of the agent (no process, no HTTP).

It answers the calls the agent makes (sendEdoc, getReceivedEdocList, getEdoc, updateStatus,
getAgenciesList) with the real client's `Reply` objects and routes like the reference axis: a
document package to its `to` list (else the package's To), a status package back to the sender
of the document it answers — except a status sent by that very sender (13), which goes to the
`to` list. Integration tests use the real axis (`reference_axis.testing.AxisProcess`).

    axis = MemoryAxis({"000.00.00.H38": "UBND Lào Cai", "000.00.00.H41": "UBND Nghệ An"})
    agent = Agent(config, client=axis.client(("000.00.00.H38",)))
"""

from __future__ import annotations

import base64
import itertools
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from reference_axis.client import Reply
from reference_axis.routing import read_package


@dataclass
class Delivery:
    doc_id: str
    sender_doc: str
    to: str
    messagetype: str
    state: str = "initial"
    fetches: int = 0


@dataclass
class Sent:
    doc_id: str
    from_: str
    messagetype: str
    package: bytes
    document_id: str | None
    recipients: tuple[str, ...]


@dataclass
class MemoryAxis:
    agencies: dict[str, str]
    sent: list[Sent] = field(default_factory=list)
    deliveries: dict[str, Delivery] = field(default_factory=dict)
    duplicate_next: int = 0  # the next N sendEdoc calls deliver twice
    corrupt_next: int = 0  # the next N getEdoc calls return damaged bytes
    fail_next: int = 0  # the next N sendEdoc calls fail (the axis is unavailable)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def _id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids)}"

    def client(self, codes: Sequence[str]) -> MemoryClient:
        return MemoryClient(self, tuple(codes))

    def inject(self, package: bytes, *, from_: str, to: Sequence[str],
               messagetype: str = "edoc") -> list[str]:
        """Deliver a package as if `from_` had sent it; the delivery ids."""
        with self._lock:
            sent = Sent(self._id("doc"), from_, messagetype, package, None, tuple(to))
            self.sent.append(sent)
            return [self._deliver(sent, r) for r in to]

    def _deliver(self, sent: Sent, to: str) -> str:
        d = Delivery(self._id("dlv"), sent.doc_id, to, sent.messagetype)
        self.deliveries[d.doc_id] = d
        return d.doc_id

    def package_of(self, delivery_id: str) -> bytes:
        d = self.deliveries[delivery_id]
        return next(s.package for s in self.sent if s.doc_id == d.sender_doc)

    def packages_from(self, code: str, messagetype: str | None = None) -> list[bytes]:
        return [s.package for s in self.sent
                if s.from_ == code and (messagetype is None or s.messagetype == messagetype)]

    # --- the calls ---------------------------------------------------------------------------
    def send(self, codes: tuple[str, ...], package: bytes, from_: str,
             to: str | Sequence[str] | None, messagetype: str) -> Reply:
        with self._lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                return Reply("sendEdoc", error="connection closed without a reply")
            if from_ not in codes:
                return _fail("sendEdoc", "13", "not your agency")
            info = read_package(package, exchange_id="memory", max_size=64 * 1024 * 1024)
            if info.refused:
                return _fail("sendEdoc", "20", "package refused")
            targets: tuple[str, ...] = ()
            explicit = tuple([to] if isinstance(to, str) else (to or ()))
            if messagetype == "status" and info.response_for_id:
                answered = [s for s in self.sent if s.messagetype == "edoc"
                            and s.document_id == info.response_for_id]
                if answered and answered[-1].from_ != from_:
                    targets = (answered[-1].from_,)
            if not targets:
                targets = explicit or (info.to_codes if messagetype == "edoc" else ())
            unknown = [t for t in targets if t not in self.agencies]
            if not targets or unknown:
                return _fail("sendEdoc", "30", f"unknown recipients {unknown}")
            sent = Sent(self._id("doc"), from_, messagetype, package, info.document_id,
                        targets)
            self.sent.append(sent)
            times = 2 if self.duplicate_next > 0 else 1
            self.duplicate_next = max(0, self.duplicate_next - 1)
            for t in targets:
                for _ in range(times):
                    self._deliver(sent, t)
            return _ok("sendEdoc", DocId=sent.doc_id)

    def inbox(self, codes: tuple[str, ...], messagetype: str) -> Reply:
        with self._lock:
            data = [{"docId": d.doc_id, "messageType": d.messagetype, "to": d.to,
                     "from": next(s.from_ for s in self.sent if s.doc_id == d.sender_doc),
                     "status": d.state}
                    for d in self.deliveries.values()
                    if d.to in codes and d.messagetype == messagetype and d.state != "done"]
            return _ok("getReceivedEdocList", data=data)

    def fetch(self, codes: tuple[str, ...], doc_id: str) -> Reply:
        with self._lock:
            d = self.deliveries.get(doc_id)
            if d is None or d.to not in codes:
                return _fail("getEdoc", "404", "no such document")
            d.fetches += 1
            data = self.package_of(doc_id)
            if self.corrupt_next > 0:
                self.corrupt_next -= 1
                data = data[: len(data) // 2]
            return _ok("getEdoc", data=base64.b64encode(data).decode("ascii"))

    def ack(self, codes: tuple[str, ...], doc_id: str, status: str) -> Reply:
        with self._lock:
            d = self.deliveries.get(doc_id)
            if d is None or d.to not in codes:
                return _fail("updateStatus", "404", "no such document")
            d.state = status
            return _ok("updateStatus")


class MemoryClient:
    """The subset of `AxisClient` the agent uses, served by a `MemoryAxis`."""

    def __init__(self, axis: MemoryAxis, codes: tuple[str, ...]) -> None:
        self.axis, self.codes = axis, codes

    def send_edoc(self, package: bytes, from_: str, to: str | Sequence[str] | None = None,
                  messagetype: str = "edoc") -> Reply:
        return self.axis.send(self.codes, package, from_, to, messagetype)

    def get_received_edoc_list(self, messagetype: str = "edoc", **extra: str) -> Reply:
        return self.axis.inbox(self.codes, messagetype)

    def get_edoc(self, doc_id: str, file_path: str | None = None) -> Reply:
        return self.axis.fetch(self.codes, doc_id)

    def update_status(self, doc_id: str, status: str) -> Reply:
        return self.axis.ack(self.codes, doc_id, status)

    def get_agencies_list(self) -> Reply:
        return _ok("getAgenciesList", data=[{"code": c, "name": n}
                                            for c, n in self.axis.agencies.items()])

    def close(self) -> None:
        pass


def _ok(call: str, **extra: Any) -> Reply:
    return Reply(call, 200, json={"status": "OK", "ErrorCode": "0", "ErrorDesc": "", **extra})


def _fail(call: str, code: str, desc: str) -> Reply:
    return Reply(call, 200, json={"status": "FAIL", "ErrorCode": code, "ErrorDesc": desc})
