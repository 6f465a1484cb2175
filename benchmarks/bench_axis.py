"""Benchmark of the reference axis: full deliveries per second on loopback.

One delivery = sendEdoc (sender) → getReceivedEdocList (recipient) → getEdoc → updateStatus
done, each request signed the way the SDK signs it (frozen timestamp, sticky headers, unpadded
hash-file, CRLF after the file; `--clean` for a client without the SDK's quirks). The axis runs
as its own process (`axis serve`: uvicorn, uvloop + httptools, embedded SQLite store unless
--db says otherwise), once per worker count asked for (default: 1, then 2).

The load generator must not be the bottleneck: on 2 cores it shares the machine with the
server, so its CPU is measured and reported, and so is the server's (all its processes) and
the rest of the machine's ("others": whatever else runs meanwhile, which skews the figures).
* `--driver python` (default): a lean HTTP/1.1 client on uvloop, one keep-alive connection per
  virtual user, requests written as ready-made bytes. A sendEdoc is a package template with
  the number filled in; the other calls are signed at run time (their docId is only known
  then) by `FastSigner`, which puts the same bytes on the wire as `reference_axis.client.
  Signer` (tests/test_axis_bench.py checks it) at a fraction of its cost.
* `--driver wrk`: wrk with the Lua script `bench_axis.lua` (one connection per wrk thread, each
  thread's Lua state one virtual user; HMAC/SHA-256/base64 through LuaJIT's FFI). Measured on
  the project machine it costs more CPU per delivery than the python client (building and
  hashing kilobyte packages in Lua), so it is the second choice.

Each virtual user owns one recipient agency's inbox, so every check is exact: the list holds
exactly the package just sent (none missing: lost; more: duplicated), getEdoc returns it byte
for byte, updateStatus is acknowledged. After a clean stop the SQLite store is checked too:
one document and one delivery per acknowledged sendEdoc, none left pending, and one
traffic-log row per request sent (the log loses nothing on a clean shutdown); with wrk, which
stops mid-delivery, within the number of requests in flight.

    python benchmarks/bench_axis.py                          # workers 1 and 2, 10 s each
    python benchmarks/bench_axis.py --workers 2 --seconds 20 --concurrency 64
    python benchmarks/bench_axis.py --driver wrk --log sync  # wrk; log rows committed first
    python benchmarks/bench_axis.py --db postgresql://…      # a PostgreSQL store instead

Bounded in time (--seconds ≤ 120 per run) and count (--max-deliveries); loopback only. Prints a
table and writes JSON (benchmarks/results/bench_axis.json by default). Target (DESIGN.md §5):
≥ 1,000 deliveries/s with p99 < 50 ms per request on 2 cores with SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import hmac
import json
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reference_axis import protocol
from reference_axis.client import AxisClient, PreparedCall, SdkQuirks, Signer
from reference_axis.testing import AxisProcess, edoc_package

TARGET_DELIVERIES = 1000.0
TARGET_P99_MS = 50.0
MAX_SECONDS = 120.0
_USER_AGENT = protocol.SDK_USER_AGENT.encode("ascii")
_SDK_VERSION = protocol.SDK_VERSION.encode("ascii")


def agency_code(i: int) -> str:
    return f"000.00.{i % 100:02d}.H{10 + i // 100:02d}"


def bench_config(agencies: int) -> dict[str, Any]:
    return {
        "admin_token": "bench-admin-token-0123456789",
        "max_skew": 10**9,
        "systems": [{"system_id": f"bench.{i:03d}", "secret": f"bench-secret-{i:03d}",
                     "agencies": [{"code": agency_code(i), "name": f"Cơ quan thử {i}",
                                   "mail": f"a{i}@example.gov.vn"}]}
                    for i in range(agencies)],
    }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


# --- signing, fast --------------------------------------------------------------------------

class FastSigner(Signer):
    """`Signer` with a fast path: when every key and value is printable ASCII (nothing the SDK
    would cut to its low byte, nothing gson escapes but `"` and `\\`), the signed JSON is
    written directly and the HMAC computed one-shot; otherwise `Signer.prepare`."""

    def __init__(self, system_id: str, secret: str, quirks: SdkQuirks | None = None,
                 **kwargs: Any) -> None:
        super().__init__(system_id, secret, quirks, **kwargs)
        self._key = secret.encode("utf-8")

    def prepare(self, call: str, params: Mapping[str, str], body: bytes = b"") -> PreparedCall:
        content_type = "application/octet-stream" if call == "sendEdoc" else "application/json"
        fresh: dict[str, str] = {"timestamp": self._timestamp(), "systemid": self.system_id,
                                 "Content-Type": content_type}
        fresh.update(params)
        logical = {**self._sticky, **fresh} if self.quirks.sticky_headers else fresh
        text = "".join(logical) + "".join(logical.values())
        if not (text.isascii() and text.isprintable()):
            return super().prepare(call, params, body)
        if self.quirks.sticky_headers:
            self._sticky = logical
        order = protocol.java_hashmap_order(list(logical))
        pairs = []
        for k in order:
            v = logical[k]
            if '"' in v or "\\" in v:
                v = v.replace("\\", "\\\\").replace('"', '\\"')
            pairs.append(f'"XroadVnpt-{k}":"{v}"')
        sign_text = "{" + ",".join(pairs) + "}"
        digest = hmac.digest(self._key, sign_text.encode("ascii"), "sha256").hex()
        headers: list[tuple[bytes, bytes]] = []
        for k in order:
            value = logical[k].encode("ascii")
            if k == "Content-Type":
                headers.append((b"Content-Type", value))
            headers.append((b"XroadVnpt-" + k.encode("ascii"), value))
        headers += [
            (b"XroadVnpt-sign-header-key", ";".join(order).encode("ascii")),
            (b"XroadVnpt-sign-header", sign_text.encode("ascii")),
            (b"XroadVnpt-hash-header", digest.encode("ascii")),
            (b"User-Agent", _USER_AGENT),
            (b"XroadVnpt-version", _SDK_VERSION),
        ]
        if body and self.quirks.expect_continue and call != "sendEdoc":
            headers.append((b"Expect", b"100-continue"))
        return PreparedCall(call, protocol.CALLS.get(call, "POST"), f"{self.base_path}/{call}",
                            tuple(headers), body)


def http_request(prepared: PreparedCall, host: bytes, base_path: bytes = b"") -> bytes:
    """The whole HTTP/1.1 request as bytes (keep-alive, Content-Length framing)."""
    lines = [prepared.method.encode("ascii") + b" " + base_path + prepared.path.encode("ascii")
             + b" HTTP/1.1", b"Host: " + host]
    lines += [k + b": " + v for k, v in prepared.headers if k != b"Expect"]
    lines.append(b"Content-Length: " + str(len(prepared.body)).encode("ascii"))
    return b"\r\n".join(lines) + b"\r\n\r\n" + prepared.body


class PackageTemplate:
    """`edoc_package(sender, [recipient], number=…)` for any number, by splicing the number
    into a template (bytes concatenation instead of building the XML each time)."""

    MARK = "7777777777"

    def __init__(self, sender: str, recipient: str) -> None:
        self.parts = edoc_package(sender, [recipient], number=self.MARK).split(
            self.MARK.encode("ascii"))

    def build(self, number: str) -> bytes:
        return number.encode("ascii").join(self.parts)


# --- a lean HTTP/1.1 client ------------------------------------------------------------------

class Connection(asyncio.Protocol):
    """One keep-alive connection, one request at a time; the reply body by Content-Length."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[tuple[int, bytes]] | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        self._deliver()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("connection closed by the axis"))

    def _deliver(self) -> None:
        if self.waiter is None or self.waiter.done():
            return
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = bytes(self.buffer[:end])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if len(self.buffer) < end + 4 + length:
            return
        body = bytes(self.buffer[end + 4:end + 4 + length])
        del self.buffer[:end + 4 + length]
        self.waiter.set_result((int(head[9:12]), body))

    async def request(self, data: bytes) -> tuple[int, bytes]:
        if self.closed or self.transport is None:
            raise ConnectionError("connection closed")
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(data)
        return await self.waiter


@dataclass
class Stats:
    requests: list[float] = field(default_factory=list)
    deliveries: list[float] = field(default_factory=list)
    by_call: dict[str, list[float]] = field(default_factory=dict)
    sent: int = 0  # sendEdoc acknowledged
    errors: int = 0
    lost: int = 0
    duplicated: int = 0
    mismatched: int = 0
    error_samples: list[str] = field(default_factory=list)

    def error(self, text: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(text[:300])


class VirtualUser:
    """A sender system and a recipient system sharing one connection; the recipient's inbox is
    this user's alone."""

    def __init__(self, n: int, agencies: int, quirks: SdkQuirks, tag: str) -> None:
        r, s = n % agencies, (n + 1) % agencies
        self.recipient, self.sender = agency_code(r), agency_code(s)
        self.send_signer = FastSigner(f"bench.{s:03d}", f"bench-secret-{s:03d}", quirks)
        self.recv_signer = FastSigner(f"bench.{r:03d}", f"bench-secret-{r:03d}", quirks)
        self.template = PackageTemplate(self.sender, self.recipient)
        self.quirks = quirks
        self.tag = tag
        self.n = n
        self.count = 0

    def next_send(self) -> tuple[bytes, PreparedCall]:
        self.count += 1
        package = self.template.build(f"{self.tag}{self.n:03d}{self.count:06d}")
        return package, self.send_signer.send_edoc(package, self.sender, [self.recipient])


async def _call(conn: Connection, prepared: PreparedCall, host: bytes, stats: Stats
                ) -> dict[str, Any] | None:
    data = http_request(prepared, host)
    t0 = time.perf_counter()
    status, body = await conn.request(data)
    ms = (time.perf_counter() - t0) * 1000.0
    stats.requests.append(ms)
    stats.by_call.setdefault(prepared.call, []).append(ms)
    try:
        reply = json.loads(body)
    except ValueError:
        stats.error(f"{prepared.call}: HTTP {status}, not JSON: {body[:100]!r}")
        return None
    if reply.get("ErrorCode") != "0":
        stats.error(f"{prepared.call}: {reply}")
        return None
    return reply


async def connect(port: int) -> Connection:
    _, conn = await asyncio.get_running_loop().create_connection(Connection, "127.0.0.1", port)
    return conn


async def run_user(user: VirtualUser, conn: Connection, port: int, stats: Stats,
                   deadline: float, budget: list[int]) -> None:
    host = f"127.0.0.1:{port}".encode("ascii")
    recv = user.recv_signer
    list_params = {"servicetype": "eDoc", "messagetype": "edoc"}
    try:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            t0 = time.perf_counter()
            package, send = user.next_send()
            sent = await _call(conn, send, host, stats)
            if sent is None:
                continue
            stats.sent += 1
            listed = await _call(conn, recv.prepare("getReceivedEdocList", list_params), host,
                                 stats)
            items = (listed or {}).get("data") or []
            if listed is not None and len(items) != 1:
                if len(items) == 0:
                    stats.lost += 1
                else:
                    stats.duplicated += 1
            if not items:
                continue
            doc_id = items[0]["docId"]
            got = await _call(conn, recv.prepare("getEdoc", {"docId": doc_id}, b"{}"), host,
                              stats)
            if got is None:
                continue
            if base64.b64decode(got.get("data") or "") != package:
                stats.mismatched += 1
            done = await _call(conn, recv.prepare("updateStatus", {"status": "done",
                                                                   "docId": doc_id}, b"{}"),
                               host, stats)
            if done is not None:
                stats.deliveries.append((time.perf_counter() - t0) * 1000.0)
    except ConnectionError as exc:
        stats.error(str(exc))


# --- the wrk driver ------------------------------------------------------------------------------

WRK_SCRIPT = Path(__file__).with_name("bench_axis.lua")  # the template, "-- @@CONFIG@@" filled


def lua_string(value: str | bytes) -> str:
    """A Lua string literal for any bytes (decimal escapes outside printable ASCII)."""
    data = value.encode("utf-8") if isinstance(value, str) else value
    out = []
    for b in data:
        c = chr(b)
        out.append(c if 0x20 <= b < 0x7F and c not in '"\\' else f"\\{b:03d}")
    return '"' + "".join(out) + '"'


def wrk_script(args: argparse.Namespace, port: int, quirks: SdkQuirks, tag: str,
               budget: int) -> str:
    users = []
    for n in range(args.concurrency):
        r, s = n % args.agencies, (n + 1) % args.agencies
        stamp = protocol.format_timestamp(dt.datetime.now(protocol.VN_TZ))
        parts = PackageTemplate(agency_code(s), agency_code(r)).parts
        users.append("{" + ", ".join([
            f"sender = {lua_string(agency_code(s))}",
            f"to = {lua_string(json.dumps([agency_code(r)], separators=(',', ':')))}",
            f"send_id = {lua_string(f'bench.{s:03d}')}",
            f"send_secret = {lua_string(f'bench-secret-{s:03d}')}",
            f"send_stamp = {lua_string(stamp)}",
            f"recv_id = {lua_string(f'bench.{r:03d}')}",
            f"recv_secret = {lua_string(f'bench-secret-{r:03d}')}",
            f"recv_stamp = {lua_string(stamp)}",
            "template = {" + ", ".join(lua_string(p) for p in parts) + "}"]) + "}")
    flags = {"STICKY": quirks.sticky_headers, "FROZEN": quirks.frozen_timestamp,
             "UNPADDED_HASH": quirks.unpadded_hash_file, "APPEND_CRLF": quirks.append_crlf}
    config = "\n".join([
        f"HOST = {lua_string(f'127.0.0.1:{port}')}",
        'BASE = ""',
        f"TAG = {lua_string(tag)}",
        f"BUDGET = {max(1, budget // max(args.concurrency, 1))}",
        f"USER_AGENT = {lua_string(protocol.SDK_USER_AGENT)}",
        f"SDK_VERSION = {lua_string(protocol.SDK_VERSION)}",
        *(f"{k} = {'true' if v else 'false'}" for k, v in flags.items()),
        "USERS = {" + ",\n".join(users) + "}",
    ])
    return WRK_SCRIPT.read_text(encoding="utf-8").replace("-- @@CONFIG@@", config)


def run_wrk(args: argparse.Namespace, port: int, quirks: SdkQuirks, tag: str,
            seconds: float, budget: int, workdir: Path) -> dict[str, Any]:
    """One wrk run (one connection per thread); its summary and its CPU seconds."""
    script = workdir / f"bench-{tag}.lua"
    script.write_text(wrk_script(args, port, quirks, tag, budget), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [shutil.which("wrk") or "wrk", "-t", str(args.concurrency), "-c", str(args.concurrency),
         "-d", f"{seconds:.0f}s", "--timeout", "10s", "-s", str(script),
         f"http://127.0.0.1:{port}/"],
        capture_output=True, text=True, timeout=seconds + 60, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("BENCH ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stdout[-500:]} "
                           f"{proc.stderr[-500:]}")
    out: dict[str, Any] = json.loads(line[6:])
    out["error_samples"] = [x[7:] for x in proc.stdout.splitlines() if x.startswith("SAMPLE ")]
    out["cpu"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    out["cpu_sys"] = after.ru_stime - before.ru_stime
    return out


# --- CPU accounting --------------------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK")


def process_cpu(pgid: int) -> dict[int, float]:
    """CPU seconds (user + system) of each live process in a process group."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # field 5: pgrp
            found[int(entry)] = (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime
    return found



def worker_shares(before: dict[int, float], after: dict[int, float], elapsed: float
                  ) -> list[float]:
    """Cores used by each server process over the run, busiest first (the supervisor of
    several workers uses next to none)."""
    used = [(after[p] - before.get(p, 0.0)) / elapsed for p in after]
    return sorted((round(u, 2) for u in used if u >= 0.01), reverse=True)


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine since boot."""
    with open("/proc/stat", encoding="ascii") as fh:
        values = [int(x) for x in fh.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


# --- one run ------------------------------------------------------------------------------------

def _summary(stats: Stats) -> dict[str, Any]:
    return {
        "requests": len(stats.requests), "deliveries": len(stats.deliveries),
        "request_ms": {"p50": percentile(stats.requests, 50),
                       "p99": percentile(stats.requests, 99),
                       "max": max(stats.requests, default=0.0)},
        "delivery_ms": {"p50": percentile(stats.deliveries, 50),
                        "p99": percentile(stats.deliveries, 99)},
        "per_call_ms": {k: {"p50": round(percentile(v, 50), 2),
                            "p99": round(percentile(v, 99), 2)}
                        for k, v in stats.by_call.items()},
        "sent": stats.sent, "errors": stats.errors, "lost": stats.lost,
        "duplicated": stats.duplicated, "mismatched": stats.mismatched,
        "error_samples": stats.error_samples,
    }


async def load_python(args: argparse.Namespace, port: int, quirks: SdkQuirks, pgid: int
                      ) -> dict[str, Any]:
    users = [VirtualUser(n, args.agencies, quirks, "1") for n in range(args.concurrency)]
    # One connection at a time, a few ms apart: should several workers accept on one socket,
    # a burst of connections would mostly go to whichever wakes first.
    conns = []
    for _ in users:
        conns.append(await connect(port))
        await asyncio.sleep(0.005)
    # warm-up: connections, caches, the store's first pages
    warm = Stats()
    warm_deadline = time.perf_counter() + min(1.5, args.seconds / 4)
    await asyncio.gather(*(run_user(u, c, port, warm, warm_deadline, [10**6])
                           for u, c in zip(users, conns, strict=True)))
    stats = Stats()
    budget = [args.max_deliveries]
    cpu0, procs0, (busy0, all0) = os.times(), process_cpu(pgid), machine_busy()
    t0 = time.perf_counter()
    await asyncio.gather(*(run_user(u, c, port, stats, t0 + args.seconds, budget)
                           for u, c in zip(users, conns, strict=True)))
    elapsed = time.perf_counter() - t0
    cpu1, procs1, (busy1, all1) = os.times(), process_cpu(pgid), machine_busy()
    for c in conns:
        if c.transport is not None:
            c.transport.close()
    result = _summary(stats)
    result.update({
        "elapsed": elapsed, "warm_sent": warm.sent, "warm_requests": len(warm.requests),
        "warm_deliveries": len(warm.deliveries),
        "client_cpu": (cpu1.user + cpu1.system) - (cpu0.user + cpu0.system),
        "client_sys": cpu1.system - cpu0.system,
        "server_cpu": sum(procs1.values()) - sum(procs0.values()),
        "server_processes": worker_shares(procs0, procs1, elapsed),
        "machine_cores": (busy1 - busy0) / max(all1 - all0, 1) * (os.cpu_count() or 1)})
    return result


def drain(args: argparse.Namespace, port: int) -> int:
    """Mark done whatever is left in the virtual users' inboxes; the requests it took."""
    requests = 0
    for n in range(args.concurrency):
        r = n % args.agencies
        with AxisClient(f"http://127.0.0.1:{port}", f"bench.{r:03d}", f"bench-secret-{r:03d}",
                        SdkQuirks.none()) as client:
            requests += 1
            for item in client.get_received_edoc_list().data or []:
                requests += 1
                client.update_status(item["docId"], "done")
    return requests


def load_wrk(args: argparse.Namespace, port: int, quirks: SdkQuirks, pgid: int,
             workdir: Path) -> dict[str, Any]:
    warm = run_wrk(args, port, quirks, "9", max(1.0, min(2.0, args.seconds / 4)), 10**6,
                   workdir)
    drained = drain(args, port)  # wrk stops mid-delivery: empty the inboxes first
    procs0, (busy0, all0) = process_cpu(pgid), machine_busy()
    t0 = time.perf_counter()
    main = run_wrk(args, port, quirks, "1", args.seconds, args.max_deliveries, workdir)
    wall = time.perf_counter() - t0
    procs1, (busy1, all1) = process_cpu(pgid), machine_busy()
    srv0, srv1 = sum(procs0.values()), sum(procs1.values())
    elapsed = main["duration_us"] / 1e6
    return {
        "requests": main["requests"], "deliveries": main["deliveries"],
        "request_ms": {"p50": main["request_p50_us"] / 1000,
                       "p99": main["request_p99_us"] / 1000,
                       "max": main["request_max_us"] / 1000},
        "delivery_ms": {"p50": main["delivery_p50_ms"], "p99": main["delivery_p99_ms"]},
        "per_call_ms": {},
        "sent": main["sent"], "errors": main["errors"] + main["socket_errors"]
        + main["http_errors"], "lost": main["lost"], "duplicated": main["duplicated"],
        "mismatched": main["mismatched"], "error_samples": main["error_samples"],
        "elapsed": elapsed, "warm_sent": warm["sent"],
        "warm_requests": warm["requests"] + drained,
        "warm_deliveries": warm["deliveries"],
        # CPU over wrk's whole process (a few ms of start-up beyond its measured seconds)
        "client_cpu": main["cpu"] * elapsed / wall, "client_sys": main["cpu_sys"] * elapsed / wall,
        "server_cpu": (srv1 - srv0) * elapsed / wall,
        "server_processes": worker_shares(procs0, procs1, wall),
        "machine_cores": (busy1 - busy0) / max(all1 - all0, 1) * (os.cpu_count() or 1),
    }


def check_store(db: Path, acknowledged: int, requests: int, completed: int,
                in_flight: int = 0) -> dict[str, Any]:
    """After a clean stop: what the SQLite store holds against what the client saw. The
    python driver finishes every delivery it starts (`in_flight` 0: every count exact); wrk
    stops mid-chain, so up to `in_flight` requests were handled by the axis without their
    reply being counted (sends stored, statuses set, rows logged)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        found = {
            "documents": one("SELECT COUNT(*) FROM documents"),
            "deliveries": one("SELECT COUNT(*) FROM deliveries"),
            "pending": one("SELECT COUNT(*) FROM deliveries WHERE state <> 'done'"),
            "duplicate_flags": one("SELECT COUNT(*) FROM deliveries WHERE duplicate <> 0"),
            "traffic_rows": one("SELECT COUNT(*) FROM traffic"),
        }
    finally:
        conn.close()
    documents, rows = found["documents"], found["traffic_rows"]
    found["ok"] = (acknowledged <= documents <= acknowledged + in_flight
                   and found["deliveries"] == documents  # one recipient each: none twice
                   and found["pending"] <= documents - completed
                   and found["duplicate_flags"] == 0
                   and requests <= rows <= requests + in_flight)
    return found


def run_once(args: argparse.Namespace, workers: int) -> dict[str, Any]:
    quirks = SdkQuirks.none() if args.clean else SdkQuirks(retry=False, expect_continue=False)
    with tempfile.TemporaryDirectory(prefix="qlvb-bench-") as tmp:
        store_url = args.db or f"sqlite:///{Path(tmp) / 'axis.db'}?log={args.log}"
        axis = AxisProcess(Path(tmp), store_url=store_url, workers=workers,
                           config=bench_config(args.agencies))
        axis.start()
        try:
            if workers > 1:  # every worker up before the clock starts
                time.sleep(1.0)
            assert axis.proc is not None
            if args.driver == "wrk":
                r = load_wrk(args, axis.port, quirks, axis.proc.pid, Path(tmp))
            else:
                r = _run_with_uvloop(asyncio.run,
                                     load_python(args, axis.port, quirks, axis.proc.pid))
        finally:
            axis.stop()
        store_check = None
        if args.db is None:
            in_flight = 2 * args.concurrency if args.driver == "wrk" else 0
            store_check = check_store(Path(tmp) / "axis.db", r["sent"] + r["warm_sent"],
                                      r["requests"] + r["warm_requests"],
                                      r["deliveries"] + r["warm_deliveries"], in_flight)
    elapsed, n = r["elapsed"], r["deliveries"]
    server_cores = r["server_cpu"] / elapsed
    client_cores = r["client_cpu"] / elapsed
    return {
        "workers": workers, "driver": args.driver,
        "deliveries": n,
        "seconds": round(elapsed, 2),
        "deliveries_per_s": round(n / elapsed, 1),
        "requests_per_s": round(r["requests"] / elapsed, 1),
        "request_ms": {k: round(v, 2) for k, v in r["request_ms"].items()},
        "delivery_ms": {k: round(v, 2) for k, v in r["delivery_ms"].items()},
        "per_call_ms": r["per_call_ms"],
        "cpu_cores": {"server": round(server_cores, 2), "server_processes":
                      r["server_processes"], "client": round(client_cores, 2),
                      "others": round(max(r["machine_cores"] - server_cores
                                          - client_cores, 0.0), 2),
                      "machine": os.cpu_count()},
        "server_cpu_us_per_delivery": round(r["server_cpu"] / n * 1e6) if n else None,
        "client_cpu_us_per_delivery": round(r["client_cpu"] / n * 1e6) if n else None,
        "client_kernel_share": round(r["client_sys"] / max(r["client_cpu"], 1e-9), 2),
        "errors": r["errors"], "lost": r["lost"], "duplicated": r["duplicated"],
        "mismatched": r["mismatched"], "error_samples": r["error_samples"],
        "store_check": store_check,
    }


def _run_with_uvloop(fn: Any, *a: Any) -> Any:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvicorn[standard] brings it
        return fn(*a)
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    try:
        return fn(*a)
    finally:
        asyncio.set_event_loop_policy(None)


def table(runs: list[dict[str, Any]]) -> str:
    head = (f"{'workers':>7} {'deliv/s':>8} {'req/s':>7} {'req p50':>8} {'req p99':>8} "
            f"{'dlv p50':>8} {'dlv p99':>8} {'server':>7} {'client':>7} {'others':>7}  "
            "correctness")
    lines = [head, f"{'':>7} {'':>8} {'':>7} {'ms':>8} {'ms':>8} {'ms':>8} {'ms':>8} "
             f"{'cores':>7} {'cores':>7} {'cores':>7}"]
    for r in runs:
        check = r["store_check"]
        bad = r["errors"] + r["lost"] + r["duplicated"] + r["mismatched"]
        verdict = "ok" if not bad and (check is None or check["ok"]) else "FAILED"
        if check is None:
            verdict += " (store not checked)"
        lines.append(
            f"{r['workers']:>7} {r['deliveries_per_s']:>8.0f} {r['requests_per_s']:>7.0f} "
            f"{r['request_ms']['p50']:>8.2f} {r['request_ms']['p99']:>8.2f} "
            f"{r['delivery_ms']['p50']:>8.2f} {r['delivery_ms']['p99']:>8.2f} "
            f"{r['cpu_cores']['server']:>7.2f} {r['cpu_cores']['client']:>7.2f} "
            f"{r['cpu_cores']['others']:>7.2f}  {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=10.0, help="measured seconds per run")
    ap.add_argument("--concurrency", type=int, default=48, help="virtual users (connections)")
    ap.add_argument("--agencies", type=int, default=96)
    ap.add_argument("--max-deliveries", type=int, default=200_000, help="per run")
    ap.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 1,2")
    ap.add_argument("--db", help="store URL (default: SQLite in a temporary directory)")
    ap.add_argument("--log", choices=("batched", "sync"), default="batched",
                    help="SQLite traffic-log mode with one worker (several workers: always sync)")
    ap.add_argument("--clean", action="store_true", help="a client without the SDK's quirks")
    ap.add_argument("--driver", choices=("python", "wrk"), default="python",
                    help="load generator: this script's lean HTTP client (default) or wrk + "
                         "Lua (benchmarks/bench_axis.lua; needs wrk)")
    ap.add_argument("--json", default="benchmarks/results/bench_axis.json",
                    help="where to write the results")
    args = ap.parse_args(argv)
    args.seconds = min(max(args.seconds, 1.0), MAX_SECONDS)
    args.agencies = min(max(args.agencies, 2), 999)
    args.concurrency = min(max(args.concurrency, 1), args.agencies)  # one inbox per user
    args.max_deliveries = min(max(args.max_deliveries, 1), 1_000_000)
    worker_counts = [min(max(int(w), 1), 8) for w in str(args.workers).split(",") if w.strip()]
    runs = []
    if args.driver == "wrk" and shutil.which("wrk") is None:
        print("wrk not found (apt-get install wrk): --driver python", file=sys.stderr)
        args.driver = "python"
    for workers in worker_counts:
        run = run_once(args, workers)
        runs.append(run)
        print(f"workers {workers}: {run['deliveries']} deliveries in {run['seconds']} s",
              file=sys.stderr)
    print(table(runs))
    for r in runs:
        calls = ", ".join(f"{k} {v['p50']}/{v['p99']}" for k, v in r["per_call_ms"].items())
        if calls:
            print(f"workers {r['workers']}: per call p50/p99 ms: {calls}")
        print(f"  server {r['server_cpu_us_per_delivery']} µs CPU per delivery, client "
              f"{r['client_cpu_us_per_delivery']} µs; store check: {r['store_check']}")
        for sample in r["error_samples"]:
            print(f"  error: {sample}")
    met = [r for r in runs if r["deliveries_per_s"] >= TARGET_DELIVERIES
           and r["request_ms"]["p99"] < TARGET_P99_MS]
    print(f"target ≥ {TARGET_DELIVERIES:.0f} deliveries/s, request p99 < {TARGET_P99_MS:.0f} ms: "
          + (", ".join(f"met with {r['workers']} worker(s)" for r in met) or "not met"))
    out = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(), "machine": platform.machine(),
        "cores": os.cpu_count(), "seconds": args.seconds, "concurrency": args.concurrency,
        "agencies": args.agencies, "client": "clean" if args.clean else "sdk-quirks",
        "driver": args.driver,
        "store": args.db or f"sqlite (temporary, log={args.log})", "target": {
            "deliveries_per_s": TARGET_DELIVERIES, "request_p99_ms": TARGET_P99_MS},
        "runs": runs,
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(out, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"→ {args.json}")
    failed = any(r["errors"] or r["lost"] or r["duplicated"] or r["mismatched"]
                 or (r["store_check"] is not None and not r["store_check"]["ok"]) for r in runs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
