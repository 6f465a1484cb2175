"""Helpers for tests and for the suite: reference agencies on an in-memory or a real axis, a
clock aligned with the test PKI, and packages made defective on purpose (to inject into a
receiver's inbox).

    net = MemoryNetwork()
    h38 = net.agent("vxp.h38")                     # UBND + Sở TTTT Lào Cai
    h41 = net.agent("vxp.h41", VARIANTS["never_send_03"])
    sent = h38.issue(IssueRequest(subject="…", recipients=(H41,)))
    h41.poll(); h38.poll()

    bad = tamper_main_pdf(net.axis.packages_from(H38)[0])
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from conformance.edxml.model import EdocPackage, Organization
from conformance.timing.formats import VN_TZ
from reference_axis.reference_qlvb import packages
from reference_axis.reference_qlvb.agent import Agent
from reference_axis.reference_qlvb.behaviour import COMPLIANT, Behaviour
from reference_axis.reference_qlvb.clock import Clock, ManualClock, OffsetClock
from reference_axis.reference_qlvb.config import (
    SAMPLE_SYSTEMS,
    AgentConfig,
    AgentSettings,
    sample_config,
)
from reference_axis.reference_qlvb.core import Event
from reference_axis.reference_qlvb.memory_axis import MemoryAxis

#: A Monday morning on which the test PKI's certificates and CRLs are valid (its clock is
#: 2026-03-02 09:00 +07:00): run agents and the axis at this time.
PKI_MORNING = dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN_TZ)

H38, SO_H38, H41, G22 = "000.00.00.H38", "000.00.12.H38", "000.00.00.H41", "000.00.00.G22"


class MemoryNetwork:
    """Reference agents of the test systems on one `MemoryAxis`, sharing a manual clock."""

    def __init__(self, start: dt.datetime = PKI_MORNING) -> None:
        names = {a.code: a.name for agencies in SAMPLE_SYSTEMS.values() for a in agencies}
        self.axis = MemoryAxis(names)
        self.clock = ManualClock(start)
        self.agents: list[Agent] = []

    def agent(self, system_id: str, behaviour: Behaviour = COMPLIANT, *,
              settings: AgentSettings | None = None, store: Any = None,
              listener: Callable[[Event], None] | None = None) -> Agent:
        config = sample_config(system_id, "memory://", "-", settings)
        agent = Agent(config, client=self.axis.client(config.codes), clock=self.clock,
                      behaviour=behaviour, store=store, listener=listener)
        self.agents.append(agent)
        return agent

    def close(self) -> None:
        for a in self.agents:
            a.close()


def axis_agent(axis: Any, system_id: str, behaviour: Behaviour = COMPLIANT, *,
               settings: AgentSettings | None = None, store: str | Path | None = None,
               clock: Clock | None = None,
               listener: Callable[[Event], None] | None = None) -> Agent:
    """A reference agent of a test system on a running `reference_axis.testing.AxisProcess`."""
    secret = next(s["secret"] for s in axis.config["systems"] if s["system_id"] == system_id)
    config: AgentConfig = sample_config(system_id, axis.endpoint, secret, settings)
    return Agent(config, store=store, clock=clock or OffsetClock.starting_at(PKI_MORNING),
                 behaviour=behaviour, listener=listener)


def align_axis_clock(axis: Any, clock: OffsetClock) -> None:
    """Put the axis' clock in offset mode so that it reads what `clock` reads."""
    r = axis.admin.put("/admin/clock", json={"mode": "offset",
                                             "offset_seconds": clock.offset.total_seconds()})
    r.raise_for_status()


@contextlib.contextmanager
def serve_app(app: Any, timeout: float = 10.0) -> Iterator[str]:
    """Serve an ASGI app (the driver API) with uvicorn in a thread on a free loopback port;
    yields its base URL."""
    import uvicorn

    from reference_axis.testing import free_port, wait_for_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name=f"driver-api-{port}", daemon=True)
    thread.start()
    try:
        wait_for_port(port, timeout=timeout)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)


# --- defective packages ------------------------------------------------------------------------

def _edoc(data: bytes) -> EdocPackage:
    parsed = packages.read(data)
    if not isinstance(parsed.package, EdocPackage):
        raise ValueError("not a document package")
    return parsed.package


def rebuild(data: bytes, change: Callable[[EdocPackage], EdocPackage]) -> bytes:
    return packages.build(change(_edoc(data)))


def tamper_main_pdf(data: bytes) -> bytes:
    """The package with one byte of its first PDF changed after signing."""
    def change(pkg: EdocPackage) -> EdocPackage:
        atts = list(pkg.attachments)
        i = next(i for i, a in enumerate(atts) if a.data and a.data.startswith(b"%PDF"))
        raw = bytearray(atts[i].data or b"")
        raw[len(raw) // 3] ^= 0x01
        atts[i] = replace(atts[i], data=bytes(raw))
        return replace(pkg, attachments=tuple(atts))
    return rebuild(data, change)


def without_code(data: bytes) -> bytes:
    """The package without its số và ký hiệu (QD28-10.2c)."""
    return rebuild(data, lambda p: replace(p, header=replace(p.header, code=None)))


def readdressed(data: bytes, to: tuple[str, ...]) -> bytes:
    """The package with another To list (a document sent to the wrong receiver)."""
    return rebuild(data, lambda p: replace(p, header=replace(
        p.header, to=tuple(Organization(organ_id=c, organ_name=c, organ_add="") for c in to))))


__all__ = ["G22", "H38", "H41", "PKI_MORNING", "SO_H38", "MemoryNetwork", "OffsetClock",
           "align_axis_clock", "axis_agent", "readdressed", "rebuild", "serve_app",
           "tamper_main_pdf", "without_code"]
