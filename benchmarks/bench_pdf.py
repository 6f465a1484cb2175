"""Benchmark: validating a two-signature PDF, against poppler's `pdfsig` on the same files.

    python benchmarks/bench_pdf.py [--runs N] [--batch N] [--distinct K] [--rounds R]
                                   [--jobs J]

1. single document: median wall time of `validate_pdf` over N runs (warm process) vs. median
   of N `pdfsig` runs (a process each, as a CLI user would run it);
2. batch: N files — K distinct documents (signed at different moments, so different bytes,
   timestamps and signatures), each copied N/K times — validated on J cores (default: all) by
   `conformance.pdf.batch.validate_files`, the findings of every file returned to the parent,
   vs. `pdfsig` over the same files on the same number of cores (`xargs -P J -n 1`). Wall
   time per document from the call to the last result, the worker pool's start and shutdown
   included; the two alternate R times and the medians are compared. Target: ≤ 3× pdfsig
   per document in batch mode.

The one-time cost of a fresh process — importing pyhanko & co. before the first document — is
measured separately (a new interpreter validating one file) and printed, not spread over the
batch. `pdfsig` comes from Debian's poppler-utils; without it only our own figures are printed.
The documents are the corpus's conforming main document (person + organisation, RFC 3161
timestamps), validated with the test PKI's root and CRLs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conformance.fixtures_gen.pki import default_pki
from conformance.fixtures_gen.signing import FlowClock, sign_main

_COLD_START = """
import sys, time
t = time.perf_counter()
from pathlib import Path
from conformance.pdf.batch import BatchOptions, validate_files
root, crls, doc = sys.argv[1], sys.argv[2:-1], sys.argv[-1]
options = BatchOptions(trust_roots=(Path(root).read_bytes(),),
                       crls=tuple(Path(c).read_bytes() for c in crls))
assert validate_files([doc], jobs=1, options=options)[0]
print(time.perf_counter() - t)
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _documents(pki: object, distinct: int) -> list[bytes]:
    """`distinct` conforming main documents, each flow shifted by a few minutes."""
    out = []
    for i in range(distinct):
        shift = dt.timedelta(minutes=7 * i)
        base = FlowClock()
        clock = FlowClock(person=base.person + shift, fill=base.fill + shift,
                          organisation=base.organisation + shift, urgency=base.urgency + shift)
        out.append(sign_main(pki, clock=clock).pdf)  # type: ignore[arg-type]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="single-document runs")
    parser.add_argument("--batch", type=int, default=200, help="files in the batch")
    parser.add_argument("--distinct", type=int, default=8,
                        help="distinct documents among the batch's files")
    parser.add_argument("--rounds", type=int, default=3,
                        help="batch rounds, ours and pdfsig's alternating")
    parser.add_argument("--jobs", type=int, default=None, help="cores (default: all)")
    args = parser.parse_args(argv)
    cores = args.jobs or os.cpu_count() or 1
    from conformance.pdf.batch import BatchOptions, validate_files
    from conformance.pdf.validate import trust_settings, validate_pdf

    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        pki = default_pki()
        docs = _documents(pki, max(1, args.distinct))
        doc = work / "main.pdf"
        doc.write_bytes(docs[0])
        root = work / "root.pem"
        root.write_bytes(pki.root.pem())
        crl_files = []
        for i, crl in enumerate(pki.crls_der()):
            crl_files.append(work / f"crl{i}.der")
            crl_files[-1].write_bytes(crl)
        options = BatchOptions(trust_roots=(root.read_bytes(),),
                               crls=tuple(p.read_bytes() for p in crl_files))

        trust = trust_settings([root.read_bytes()], crls=list(options.crls))
        assert validate_pdf(docs[0], trust=trust, file=str(doc))  # warm-up
        ours = []
        for _ in range(args.runs):
            t = time.perf_counter()
            validate_pdf(doc.read_bytes(), trust=trust, file=str(doc))
            ours.append(time.perf_counter() - t)
        print(f"document: {doc.stat().st_size} bytes, 2 signatures with timestamps; "
              f"{cores} cores")
        print(f"validate_pdf, single document: median {statistics.median(ours) * 1000:.1f} ms "
              f"(min {min(ours) * 1000:.1f}, over {args.runs} runs)")

        pdfsig = shutil.which("pdfsig")
        if pdfsig:
            theirs = []
            for _ in range(args.runs):
                t = time.perf_counter()
                subprocess.run([pdfsig, str(doc)], capture_output=True, check=False)
                theirs.append(time.perf_counter() - t)
            print(f"pdfsig, single document:       median {statistics.median(theirs) * 1000:.1f}"
                  f" ms (a process per file)")
            print(f"ratio single (ours / pdfsig):  "
                  f"{statistics.median(ours) / statistics.median(theirs):.2f}")

        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        cold = subprocess.run([sys.executable, "-c", _COLD_START, str(root),
                               *map(str, crl_files), str(doc)], capture_output=True,
                              text=True, check=True, env=env)
        print(f"fresh process, imports + first document: {float(cold.stdout) * 1000:.0f} ms "
              "(once per run, not per document)")

        batch_dir = work / "batch"
        batch_dir.mkdir()
        files = []
        for i in range(args.batch):
            target = batch_dir / f"doc{i:04d}.pdf"
            target.write_bytes(docs[i % len(docs)])
            files.append(str(target))
        expected = [validate_pdf(d, trust=trust, file="x") for d in docs]
        n = len(files)
        ours_wall, ours_cpu, theirs_wall, theirs_cpu = [], [], [], []
        for _ in range(max(1, args.rounds)):
            cpu = _children_cpu() + time.process_time()
            t = time.perf_counter()
            results = validate_files(files, jobs=cores, options=options)
            ours_wall.append((time.perf_counter() - t) / n)
            ours_cpu.append((_children_cpu() + time.process_time() - cpu) / n)
            for i, result in enumerate(results):  # what a single call gives, file for file
                assert [(f.rule_id, f.status) for f in result] == \
                    [(f.rule_id, f.status) for f in expected[i % len(docs)]], files[i]
            if pdfsig:
                cpu = _children_cpu()
                t = time.perf_counter()
                subprocess.run(f"ls {batch_dir}/*.pdf | xargs -P {cores} -n 1 {pdfsig} "
                               ">/dev/null 2>&1", shell=True, check=False)
                theirs_wall.append((time.perf_counter() - t) / n)
                theirs_cpu.append((_children_cpu() - cpu) / n)
        ow, oc = statistics.median(ours_wall), statistics.median(ours_cpu)
        print(f"validate_files, batch of {n} ({len(docs)} distinct) on {cores} cores: "
              f"{ow * 1000:.1f} ms per document (wall; rounds "
              f"{', '.join(f'{w * 1000:.1f}' for w in ours_wall)}), {oc * 1000:.1f} ms CPU "
              "per document")
        if pdfsig:
            tw, tc = statistics.median(theirs_wall), statistics.median(theirs_cpu)
            print(f"pdfsig, batch of {n} on {cores} cores: {tw * 1000:.1f} ms per document "
                  f"(wall; rounds {', '.join(f'{w * 1000:.1f}' for w in theirs_wall)}), "
                  f"{tc * 1000:.1f} ms CPU per document")
            ratio = ow / tw
            print(f"ratio batch, wall (ours / pdfsig): {ratio:.2f}  (target <= 3.00: "
                  f"{'met' if ratio <= 3 else 'NOT met'})")
            print(f"ratio batch, CPU  (ours / pdfsig): {oc / tc:.2f}  (the load-independent "
                  "figure on a shared machine)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
