"""Benchmark of the reference axis: full deliveries per second on loopback.

One delivery = sendEdoc (sender) → getReceivedEdocList (recipient) → getEdoc → updateStatus
done, each request signed the way the SDK signs it. The axis runs as its own process (uvicorn,
uvloop + httptools, embedded SQLite store unless --db says otherwise); the load comes from
aiohttp in this process (httpx is too slow as a load generator, library-notes §8). Every
connection belongs to one recipient agency, so each inbox holds only that worker's items.

    python benchmarks/bench_axis.py                      # 10 s, 32 concurrent deliveries
    python benchmarks/bench_axis.py --seconds 20 --concurrency 64 --agencies 100
    python benchmarks/bench_axis.py --db postgresql://…  # a PostgreSQL store instead

Bounded in time (--seconds) and count (--max-deliveries); loopback only. Target (DESIGN.md
§5): ≥ 1,000 deliveries/s with p99 < 50 ms per request on 2 cores with SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from reference_axis.client import PreparedCall, SdkQuirks, Signer
from reference_axis.testing import AxisProcess, edoc_package


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


class Stats:
    def __init__(self) -> None:
        self.requests: list[float] = []
        self.deliveries: list[float] = []
        self.errors = 0
        self.by_call: dict[str, list[float]] = {}


async def call(session: aiohttp.ClientSession, base: str, prepared: PreparedCall,
               stats: Stats) -> dict[str, Any] | None:
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in prepared.headers
               if k.lower() != b"expect"]
    t0 = time.perf_counter()
    async with session.request(prepared.method, base + prepared.path, headers=headers,
                               data=prepared.body or None) as resp:
        raw = await resp.read()
    dt = (time.perf_counter() - t0) * 1000.0
    stats.requests.append(dt)
    stats.by_call.setdefault(prepared.call, []).append(dt)
    try:
        reply = json.loads(raw)
    except ValueError:
        stats.errors += 1
        return None
    if reply.get("ErrorCode") != "0":
        stats.errors += 1
        return None
    return reply


async def worker(n: int, args: argparse.Namespace, base: str, stats: Stats,
                 deadline: float, budget: list[int]) -> None:
    recipient_i = n % args.agencies
    sender_i = (n + 1) % args.agencies
    recipient, sender = agency_code(recipient_i), agency_code(sender_i)
    quirks = SdkQuirks(retry=False, expect_continue=False)
    send_signer = Signer(f"bench.{sender_i:03d}", f"bench-secret-{sender_i:03d}", quirks)
    recv_signer = Signer(f"bench.{recipient_i:03d}", f"bench-secret-{recipient_i:03d}", quirks)
    connector = aiohttp.TCPConnector(limit=1, force_close=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        i = 0
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            i += 1
            t0 = time.perf_counter()
            pkg = edoc_package(sender, [recipient], number=f"{n}{i:06d}")
            if await call(session, base, send_signer.send_edoc(pkg, sender, [recipient]),
                          stats) is None:
                continue
            listed = await call(session, base, recv_signer.prepare(
                "getReceivedEdocList", {"servicetype": "eDoc", "messagetype": "edoc"}), stats)
            if not listed or not listed.get("data"):
                continue
            doc_id = listed["data"][0]["docId"]
            got = await call(session, base, recv_signer.prepare("getEdoc", {"docId": doc_id},
                                                                b"{}"), stats)
            if got is None:
                continue
            done = await call(session, base, recv_signer.prepare(
                "updateStatus", {"status": "done", "docId": doc_id}, b"{}"), stats)
            if done is not None:
                stats.deliveries.append((time.perf_counter() - t0) * 1000.0)


async def run_load(args: argparse.Namespace, base: str) -> tuple[Stats, float]:
    stats = Stats()
    budget = [args.max_deliveries]
    # warm-up (connections, caches)
    warm = time.perf_counter() + min(1.0, args.seconds / 5)
    await asyncio.gather(*(worker(n, args, base, Stats(), warm, [50])
                           for n in range(args.concurrency)))
    t0 = time.perf_counter()
    deadline = t0 + args.seconds
    await asyncio.gather(*(worker(n, args, base, stats, deadline, budget)
                           for n in range(args.concurrency)))
    return stats, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--agencies", type=int, default=64)
    ap.add_argument("--max-deliveries", type=int, default=200_000)
    ap.add_argument("--db", help="store URL (default: SQLite in a temporary directory)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    args.seconds = min(max(args.seconds, 1.0), 120.0)
    args.concurrency = min(max(args.concurrency, 1), 512)
    args.agencies = min(max(args.agencies, 2), 999)
    args.max_deliveries = min(max(args.max_deliveries, 1), 1_000_000)
    with tempfile.TemporaryDirectory(prefix="qlvb-bench-") as tmp:
        axis = AxisProcess(Path(tmp), store_url=args.db, workers=args.workers,
                           config=bench_config(args.agencies))
        axis.start()
        try:
            stats, elapsed = asyncio.run(run_load(args, axis.endpoint))
        finally:
            axis.stop()
    n = len(stats.deliveries)
    result = {
        "deliveries": n,
        "seconds": round(elapsed, 2),
        "deliveries_per_s": round(n / elapsed, 1),
        "requests_per_s": round(len(stats.requests) / elapsed, 1),
        "request_ms": {"p50": round(percentile(stats.requests, 50), 2),
                       "p99": round(percentile(stats.requests, 99), 2),
                       "max": round(max(stats.requests, default=0.0), 2)},
        "delivery_ms": {"p50": round(percentile(stats.deliveries, 50), 2),
                        "p99": round(percentile(stats.deliveries, 99), 2)},
        "per_call_p99_ms": {k: round(percentile(v, 99), 2) for k, v in stats.by_call.items()},
        "errors": stats.errors,
        "concurrency": args.concurrency, "agencies": args.agencies,
        "store": args.db or "sqlite (temporary)", "workers": args.workers,
        "mean_request_ms": round(statistics.fmean(stats.requests), 2) if stats.requests else 0,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{n} deliveries in {elapsed:.1f} s = {result['deliveries_per_s']} deliveries/s "
              f"({result['requests_per_s']} requests/s), errors {stats.errors}")
        print(f"request latency ms: p50 {result['request_ms']['p50']}  "
              f"p99 {result['request_ms']['p99']}  max {result['request_ms']['max']}")
        print(f"delivery latency ms (4 requests): p50 {result['delivery_ms']['p50']}  "
              f"p99 {result['delivery_ms']['p99']}")
        print("per call p99 ms: " + ", ".join(f"{k} {v}" for k, v in
                                              result["per_call_p99_ms"].items()))
    return 0 if stats.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
