"""Benchmark: validating an edXML package with a 1 MB attachment, against xmllint.

    python benchmarks/bench_edxml.py [--runs 41] [--size 1048576] [--json FILE]

(results go to benchmarks/results/bench_edxml.json by default)

Measures, in the same run and interleaved (so that machine load hits both alike):
* `validate_package` (secure parse, strict schema, base64/ZIP checks, every content rule), median
  of N runs after a warm-up, for a raw and for a zipped 1 MB attachment;
* `xmllint --noout --schema edxml-strict.xsd FILE` on the same file (a whole process: start-up,
  schema compilation, parse, validation — what a shell user of xmllint pays).
Targets (DESIGN.md §5 and issue #3): ≤ 50 ms, and ≤ 1.5 × xmllint. Prints a table, writes JSON.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conformance.edxml.schema import schema_path
from conformance.edxml.validate import validate_package
from conformance.findings import Status
from conformance.fixtures_gen.edxml import with_attachment_of_size

TARGET_MS = 50.0
TARGET_RATIO = 1.5


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def measure(data: bytes, path: Path, runs: int, xmllint: str | None) -> dict[str, object]:
    def ours() -> None:
        findings = validate_package(data, profile="nd30", mode="strict")
        assert not any(f.is_failure for f in findings), "the benchmark package must be valid"

    def theirs() -> None:
        proc = subprocess.run([xmllint, "--noout", "--schema", schema_path("strict"), str(path)],
                              capture_output=True, check=False)
        assert proc.returncode == 0, proc.stderr.decode()

    for _ in range(3):  # warm-up: schema compilation, caches, page cache
        ours()
        if xmllint:
            theirs()
    ours_ms, xmllint_ms = [], []
    for _ in range(runs):
        ours_ms.append(_time(ours))
        if xmllint:
            xmllint_ms.append(_time(theirs))
    result: dict[str, object] = {
        "package_bytes": len(data),
        "validate_ms": {"median": statistics.median(ours_ms), "min": min(ours_ms),
                        "max": max(ours_ms)},
    }
    if xmllint_ms:
        result["xmllint_ms"] = {"median": statistics.median(xmllint_ms), "min": min(xmllint_ms),
                                "max": max(xmllint_ms)}
        result["ratio"] = statistics.median(ours_ms) / statistics.median(xmllint_ms)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=41)
    parser.add_argument("--size", type=int, default=1024 * 1024, help="attachment size, bytes")
    parser.add_argument("--json", default="benchmarks/results/bench_edxml.json",
                        help="where to write the results")
    args = parser.parse_args(argv)

    xmllint = shutil.which("xmllint")
    cases = {
        "raw attachment": with_attachment_of_size(args.size, zipped=False),
        "zipped attachment": with_attachment_of_size(args.size, zipped=True),
    }
    results: dict[str, object] = {
        "python": platform.python_version(), "machine": platform.machine(),
        "runs": args.runs, "attachment_bytes": args.size, "xmllint": xmllint,
        "targets": {"max_ms": TARGET_MS, "max_ratio_to_xmllint": TARGET_RATIO},
        "cases": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        for label, data in cases.items():
            path = Path(tmp) / f"{label.replace(' ', '_')}.edxml"
            path.write_bytes(data)
            check = validate_package(data, profile="nd30")
            assert not [f for f in check if f.status is Status.FAIL and f.is_failure]
            results["cases"][label] = measure(data, path, args.runs, xmllint)  # type: ignore[index]

    print(f"{'case':<20} {'package':>10} {'validate ms':>12} {'xmllint ms':>11} {'ratio':>7}  "
          f"{'≤50 ms':>7} {'≤1.5×':>6}")
    ok = True
    for label, r in results["cases"].items():  # type: ignore[union-attr]
        ours = r["validate_ms"]["median"]
        theirs = r.get("xmllint_ms", {}).get("median")
        ratio = r.get("ratio")
        fast = ours <= TARGET_MS
        close = ratio is None or ratio <= TARGET_RATIO
        r["meets_targets"] = {"max_ms": fast, "max_ratio": close if ratio is not None else None}
        ok = ok and fast and close
        print(f"{label:<20} {r['package_bytes']:>10,} {ours:>12.2f} "
              f"{(f'{theirs:.2f}' if theirs else 'n/a'):>11} "
              f"{(f'{ratio:.2f}' if ratio else 'n/a'):>7}  {'yes' if fast else 'NO':>7} "
              f"{('yes' if close else 'NO') if ratio else 'n/a':>6}")
    if not xmllint:
        print("xmllint not found (apt-get install libxml2-utils): ratio not measured")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"→ {args.json}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
