"""The axis benchmark's load generator puts the same bytes on the wire as the project's client,
and a short run of the benchmark checks out (no throughput is asserted here: the figures are
the benchmark's business, not a unit test's)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from reference_axis.client import SdkQuirks, Signer
from reference_axis.testing import edoc_package


def load_bench() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_axis.py"
    spec = importlib.util.spec_from_file_location("bench_axis", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_axis", module)
    spec.loader.exec_module(module)
    return module


bench = load_bench()


def fixed_clock():  # the same timestamps for both signers
    import datetime as dt

    from reference_axis import protocol

    moment = dt.datetime(2026, 11, 22, 6, 43, 50, 317000, tzinfo=protocol.VN_TZ)
    return lambda: moment


@pytest.mark.parametrize("quirks", [SdkQuirks(retry=False, expect_continue=False), SdkQuirks(),
                                    SdkQuirks.none()], ids=["bench", "sdk", "clean"])
def test_fast_signer_writes_the_same_requests_as_the_client(quirks: SdkQuirks) -> None:
    slow = Signer("bench.001", "bench-secret-001", quirks, clock=fixed_clock())
    fast = bench.FastSigner("bench.001", "bench-secret-001", quirks, clock=fixed_clock())
    package = edoc_package("000.00.01.H10", ["000.00.00.H10"])
    steps = [
        lambda s: s.send_edoc(package, "000.00.01.H10", ["000.00.00.H10"]),
        lambda s: s.prepare("getReceivedEdocList", {"servicetype": "eDoc",
                                                    "messagetype": "edoc"}),
        lambda s: s.prepare("getEdoc", {"docId": "01a2-7d"}, b"{}"),
        lambda s: s.prepare("updateStatus", {"status": "done", "docId": "01a2-7d"}, b"{}"),
        lambda s: s.prepare("getEdoc", {"docId": "tài-liệu-1"}, b"{}"),  # non-ASCII: fallback
        lambda s: s.prepare("getEdoc", {"docId": 'a"b\\c'}, b"{}"),  # gson escapes: fallback
        lambda s: s.prepare("countReceiveEdoc", {}, b"{}"),
    ]
    for step in steps:
        assert step(fast) == step(slow)


def test_package_template_and_request_bytes() -> None:
    template = bench.PackageTemplate("000.00.01.H10", "000.00.00.H10")
    assert template.build("1000123") == edoc_package("000.00.01.H10", ["000.00.00.H10"],
                                                     number="1000123")
    signer = bench.FastSigner("bench.001", "bench-secret-001", SdkQuirks())
    prepared = signer.prepare("updateStatus", {"status": "done", "docId": "d"}, b"{}")
    raw = bench.http_request(prepared, b"127.0.0.1:8765")
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0] == b"POST /updateStatus HTTP/1.1" and lines[1] == b"Host: 127.0.0.1:8765"
    assert b"Content-Length: 2" in lines and body == b"{}"
    assert not any(line.lower().startswith(b"expect:") for line in lines)


@pytest.mark.parametrize("driver", ["python", "wrk"])
def test_a_short_benchmark_run_delivers_everything_exactly_once(tmp_path: Path,
                                                                driver: str) -> None:
    if driver == "wrk" and shutil.which("wrk") is None:
        pytest.skip("wrk not installed (apt-get install wrk)")
    out = tmp_path / "bench.json"
    code = bench.main(["--workers", "1", "--seconds", "1", "--concurrency", "4",
                       "--agencies", "8", "--driver", driver, "--json", str(out)])
    result = json.loads(out.read_text(encoding="utf-8"))
    [run] = result["runs"]
    assert code == 0, run
    assert run["deliveries"] > 0 and run["errors"] == run["lost"] == run["duplicated"] == 0
    assert run["store_check"]["ok"], run["store_check"]
    assert set(run["cpu_cores"]) >= {"server", "client", "others"}
