"""The axis the suite runs against: the embedded reference axis (a real process on a free
loopback port, temporary SQLite store) or an external one (`--axis URL`), reached through its
admin API (reset, inject, traffic log, clock, faults, stats) and, for the harness's own
agencies, its wire API.

Every HTTP call is bounded in time; a failing admin call raises `AxisError` with the reply.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from conformance.suite.sut_profile import SutProfile
from conformance.timing.formats import VN_TZ
from reference_axis.client import AxisClient, SdkQuirks

ADMIN_TIMEOUT = 30.0
HARNESS_SYSTEM = "harness.qlvb"


class AxisError(RuntimeError):
    """The axis (admin or wire API) did not do what the harness asked."""


@dataclass(frozen=True)
class Party:
    """An agency of the harness (Cơ quan A, B, C) or of the SUT, as the axis knows it."""

    code: str
    name: str


#: Names of the agencies the embedded axis knows (the reference QLVB's sample agencies and the
#: harness's counterparts).
KNOWN_NAMES = {
    "000.00.00.H38": "Ủy ban nhân dân tỉnh Lào Cai",
    "000.00.12.H38": "Sở Thông tin và Truyền thông tỉnh Lào Cai",
    "000.00.00.H41": "Ủy ban nhân dân tỉnh Nghệ An",
    "000.00.00.G22": "Văn phòng Chính phủ",
    "000.00.00.H29": "Ủy ban nhân dân thành phố Hà Nội",
}
DEFAULT_COUNTERPARTS = ("000.00.00.H41", "000.00.00.G22", "000.00.00.H29")


def agency_name(code: str) -> str:
    return KNOWN_NAMES.get(code, f"Cơ quan {code}")


class Axis:
    """Admin and wire access to one running axis."""

    def __init__(self, base: str, endpoint: str, admin_token: str, *,
                 sut_system: str, sut_secret: str | None, harness_system: str,
                 harness_secret: str | None, counterparts: Sequence[str],
                 process: Any = None, workdir: Path | None = None) -> None:
        self.base = base.rstrip("/")
        self.endpoint = endpoint.rstrip("/")
        self.admin_token = admin_token
        self.sut_system = sut_system
        self.sut_secret = sut_secret
        self.harness_system = harness_system
        self.harness_secret = harness_secret
        self.counterparts = tuple(counterparts)
        self.process = process
        self.workdir = workdir
        self.http = httpx.Client(base_url=self.base, timeout=ADMIN_TIMEOUT,
                                 headers={"Authorization": f"Bearer {admin_token}"})
        self._documents: dict[str, dict[str, Any]] = {}
        self._registered: set[str] = set()

    # --- admin calls -----------------------------------------------------------------------
    def _check(self, r: httpx.Response, what: str) -> Any:
        if r.status_code >= 400:
            raise AxisError(f"{what}: HTTP {r.status_code} {r.text[:300]}")
        return r.json()

    def status(self) -> dict[str, Any]:
        return self._check(self.http.get("/admin/status"), "admin status")

    def reset(self) -> None:
        self._check(self.http.post("/admin/reset", json={"keep_agencies": True}), "admin reset")
        self._check(self.http.delete("/admin/faults"), "admin faults")
        self._documents.clear()

    def set_clock(self, moment: dt.datetime | None) -> dict[str, Any]:
        """Offset mode running from `moment`, or real time (None)."""
        if moment is None:
            body: dict[str, Any] = {"mode": "real"}
        else:
            offset = (moment - dt.datetime.now(dt.UTC)).total_seconds()
            body = {"mode": "offset", "offset_seconds": offset}
        return self._check(self.http.put("/admin/clock", json=body), "admin clock")

    def now(self) -> dt.datetime:
        data = self._check(self.http.get("/admin/clock"), "admin clock")
        return dt.datetime.fromtimestamp(float(data["now_epoch"]), VN_TZ)

    def inject(self, package: bytes, *, from_: str, to: Sequence[str],
               messagetype: str = "edoc") -> dict[str, Any]:
        body = {"package_base64": base64.b64encode(package).decode("ascii"), "from": from_,
                "to": list(to), "messagetype": messagetype}
        return self._check(self.http.post("/admin/inject", json=body, timeout=120.0),
                           "admin inject")

    def traffic(self, after_id: int = 0, **filters: str) -> list[dict[str, Any]]:
        """Every traffic-log entry after `after_id` (paged), optionally filtered."""
        out: list[dict[str, Any]] = []
        last = after_id
        for _ in range(1000):
            params = {"after_id": last, "limit": 1000,
                      **{k: v for k, v in filters.items() if v}}
            data = self._check(self.http.get("/admin/traffic", params=params), "admin traffic")
            items = data.get("items") or []
            out.extend(items)
            if len(items) < 1000:
                break
            last = int(items[-1]["id"])
        return out

    def document(self, doc_id: str) -> dict[str, Any]:
        """One document (or delivery) with its package; cached once it has been delivered."""
        cached = self._documents.get(doc_id)
        if cached is not None:
            return cached
        data = self._check(self.http.get(f"/admin/documents/{doc_id}"), "admin document")
        return data

    def package(self, doc_id: str) -> bytes:
        return base64.b64decode(self.document(doc_id)["package_base64"])

    def add_fault(self, kind: str, call: str, count: int, agency: str | None = None,
                  params: dict[str, Any] | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"kind": kind, "call": call, "count": count}
        if agency:
            body["agency"] = agency
        if params:
            body["params"] = params
        return self._check(self.http.post("/admin/faults", json=body), "admin faults")

    def stats(self, agency: str | None = None) -> dict[str, Any]:
        params = {"agency": agency} if agency else {}
        return self._check(self.http.get("/admin/stats", params=params), "admin stats")

    # --- the wire API as a party ----------------------------------------------------------------
    def client(self, system_id: str, secret: str, quirks: SdkQuirks | None = None
               ) -> AxisClient:
        return AxisClient(self.endpoint, system_id, secret, quirks or SdkQuirks.none(),
                          timeout=30.0)

    def harness_client(self) -> AxisClient:
        if not self.harness_secret:
            raise AxisError("harness credentials unknown ([axis] harness_secret)")
        return self.client(self.harness_system, self.harness_secret)

    def ensure_agency(self, code: str, name: str | None = None) -> None:
        """Register an agency code on the axis (as the harness's system) unless it is known."""
        if code in self._registered:
            return
        known = set(self.status().get("agencies") or [])
        if code not in known:
            with self.harness_client() as client:
                reply = client.register_agency({"code": code, "name": name or agency_name(code),
                                                "mail": "kiemthu@qlvb-conformance.example"})
            if not reply.ok and code not in set(self.status().get("agencies") or []):
                raise AxisError(f"registerAgency {code}: {reply.error_desc or reply.error}")
        self._registered.add(code)

    def close(self) -> None:
        self.http.close()
        if self.process is not None:
            self.process.stop()
            self.process = None


def _config(sut: SutProfile, sut_secret: str, harness_secret: str,
            counterparts: Sequence[str], admin_token: str) -> dict[str, Any]:
    sut_agencies = [{"code": c, "name": agency_name(c), "mail": "vanthu@qlvb-sut.example"}
                    for c in sut.agencies]
    if len(sut.agencies) > 1:
        for a in sut_agencies[1:]:
            a["pcode"] = sut.agencies[0]
    return {
        "admin_token": admin_token,
        "systems": [
            {"system_id": sut.axis_system_id or "vxp.sut", "secret": sut_secret,
             "name": sut.name, "agencies": sut_agencies},
            {"system_id": HARNESS_SYSTEM, "secret": harness_secret,
             "name": "Bộ kiểm thử qlvb-conformance",
             "agencies": [{"code": c, "name": agency_name(c),
                           "mail": "kiemthu@qlvb-conformance.example"} for c in counterparts]},
        ],
    }


def start_embedded(sut: SutProfile, workdir: Path | None = None) -> Axis:
    """The reference axis in a subprocess on a free loopback port, with a temporary SQLite
    store, knowing the SUT's system and the harness's counterpart agencies."""
    from reference_axis.testing import AxisProcess

    root = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="qlvb-axis-"))
    counterparts = sut.counterparts or DEFAULT_COUNTERPARTS
    sut_secret = sut.axis_secret or secrets.token_urlsafe(18)
    harness_secret = secrets.token_urlsafe(18)
    admin_token = secrets.token_urlsafe(24)
    proc = AxisProcess(root, config=_config(sut, sut_secret, harness_secret, counterparts,
                                            admin_token))
    proc.start()
    return Axis(proc.base, proc.endpoint, admin_token, sut_system=sut.axis_system_id or "vxp.sut",
                sut_secret=sut_secret, harness_system=HARNESS_SYSTEM,
                harness_secret=harness_secret, counterparts=counterparts, process=proc,
                workdir=root)


def connect_external(url: str, sut: SutProfile) -> Axis:
    """An axis someone else runs: its wire endpoint `url` (the admin API at the same host)."""
    token = sut.axis_admin_token
    if not token:
        import os

        token = os.environ.get("QLVB_AXIS_ADMIN_TOKEN")
    if not token:
        raise AxisError("external axis: admin token missing ([axis] admin_token or "
                        "QLVB_AXIS_ADMIN_TOKEN)")
    parsed = httpx.URL(url)
    base = f"{parsed.scheme}://{parsed.host}" + (f":{parsed.port}" if parsed.port else "")
    return Axis(base, url, token, sut_system=sut.axis_system_id or "vxp.sut",
                sut_secret=sut.axis_secret,
                harness_system=sut.harness_system_id or HARNESS_SYSTEM,
                harness_secret=sut.harness_secret,
                counterparts=sut.counterparts or DEFAULT_COUNTERPARTS)


def iter_sent(axis: Axis, items: Sequence[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], str]]:
    """(traffic item, axis DocId) of the successful sendEdoc calls among `items`."""
    import json

    for item in items:
        if item.get("call") != "sendEdoc":
            continue
        body = (item.get("reply") or {}).get("body")
        if isinstance(body, str):
            try:
                body = json.loads(body)
            except ValueError:
                body = None
        if isinstance(body, dict) and body.get("DocId") and str(
                body.get("status", "OK")).upper() == "OK":
            yield item, str(body["DocId"])
