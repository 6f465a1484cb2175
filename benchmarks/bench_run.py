"""Benchmark: `qlvb-conformance run` on the embedded defaults (embedded axis, builtin reference
QLVB, every scenario of the bundled features, national profile).

    python benchmarks/bench_run.py [--runs 1] [--jobs N] [--json FILE]

(results go to benchmarks/results/bench_run.json by default)

Each run is the real command in a fresh process (`python -m conformance.cli.run_cmd`, which is
`qlvb-conformance run`), timed from start to exit: imports, the axis process, every scenario,
the reports, the Allure results and the evidence bundle (the Allure HTML is left out: it needs
`npx allure`, which a plain machine does not have). Target (DESIGN.md §5): under 60 s on
2 cores. Prints a table, writes JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 60.0
ROOT = Path(__file__).resolve().parents[1]


def one_run(jobs: int | None, report: Path) -> dict[str, object]:
    cmd = [sys.executable, "-m", "conformance.cli.run_cmd", "--report-dir", str(report), "-q",
           "--no-allure-html"]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False,
                          cwd=ROOT)
    elapsed = time.perf_counter() - start
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8")) \
        if (report / "summary.json").exists() else {}
    counts = summary.get("counts", {}).get("scenarios", {})
    return {"seconds": round(elapsed, 2), "exit_code": done.returncode,
            "verdict": summary.get("verdict"), "scenarios": counts,
            "tail": done.stdout[-600:] if done.returncode not in (0, 1) else ""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=None,
                        help="passed to `run --jobs` (default: the command's own default)")
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "results" /
                                              "bench_run.json"))
    args = parser.parse_args(argv)
    runs = []
    with tempfile.TemporaryDirectory(prefix="qlvb-bench-run-") as tmp:
        for i in range(args.runs):
            runs.append(one_run(args.jobs, Path(tmp) / f"report-{i}"))
    seconds = [float(r["seconds"]) for r in runs]  # type: ignore[arg-type]
    median = statistics.median(seconds)
    result = {
        "benchmark": "qlvb-conformance run (embedded defaults)",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "jobs": args.jobs, "runs": runs, "median_seconds": median, "target_seconds": TARGET_S,
        "within_target": median < TARGET_S,
    }
    print(f"{'run':>4} {'seconds':>8} {'exit':>5}  verdict / scenarios")
    for i, r in enumerate(runs, start=1):
        print(f"{i:>4} {r['seconds']:>8} {r['exit_code']:>5}  {r['verdict']} {r['scenarios']}")
    print(f"median {median:.1f} s on {os.cpu_count()} CPU(s) — target < {TARGET_S:.0f} s: "
          f"{'OK' if median < TARGET_S else 'NOT MET'}")
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if median < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
