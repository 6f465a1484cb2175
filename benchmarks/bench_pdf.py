"""Benchmark: validating a two-signature PDF, against poppler's `pdfsig` on the same file.

    python benchmarks/bench_pdf.py [--runs N] [--batch N]

1. single document: median wall time of `validate_pdf` over N runs (warm process) vs. median
   of N `pdfsig` runs (a process each, as a CLI user would run it);
2. batch: N copies of the document validated with all cores (ProcessPoolExecutor, as
   `qlvb-conformance validate FOLDER` does) vs. `pdfsig` over the same files with all cores
   (xargs -P); reported per document. Target: ≤ 3× pdfsig per document in batch mode.

`pdfsig` comes from Debian's poppler-utils; without it only our own figures are printed. The
document is the corpus's conforming main document (person + organisation, RFC 3161 timestamps),
validated with the test PKI's root and CRLs.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conformance.fixtures_gen.pki import default_pki
from conformance.fixtures_gen.signing import sign_main

_TRUST = None


def _validate(path: str) -> float:
    """What `qlvb-conformance validate --trust root.pem --crl …` does per file (the trust
    material is parsed once per process); returns the CPU seconds it took."""
    global _TRUST
    from conformance.pdf.validate import trust_settings, validate_pdf

    cpu = time.process_time()
    if _TRUST is None:
        pki = default_pki()
        _TRUST = trust_settings(pki.trust_roots, crls=pki.crls_der())
    findings = validate_pdf(Path(path).read_bytes(), trust=_TRUST, file=path)
    assert findings
    return time.process_time() - cpu


def _warm(_: int) -> None:
    _validate(_WARM_PATH)


_WARM_PATH = ""


def _init(path: str) -> None:
    global _WARM_PATH
    _WARM_PATH = path
    _validate(path)  # imports, fonts, trust material: once per worker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args(argv)
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        pki = default_pki()
        doc = work / "main.pdf"
        doc.write_bytes(sign_main(pki).pdf)
        (work / "root.pem").write_bytes(pki.root.pem())

        _validate(str(doc))  # warm-up
        ours = []
        for _ in range(args.runs):
            t = time.perf_counter()
            _validate(str(doc))
            ours.append(time.perf_counter() - t)
        print(f"document: {doc.stat().st_size} bytes, 2 signatures with timestamps; "
              f"{cores} cores")
        print(f"validate_pdf, single document: median {statistics.median(ours) * 1000:.1f} ms "
              f"(min {min(ours) * 1000:.1f}, over {args.runs} runs)")

        pdfsig = shutil.which("pdfsig")
        theirs = []
        if pdfsig:
            for _ in range(args.runs):
                t = time.perf_counter()
                subprocess.run([pdfsig, str(doc)], capture_output=True, check=False)
                theirs.append(time.perf_counter() - t)
            print(f"pdfsig, single document:       median {statistics.median(theirs) * 1000:.1f}"
                  f" ms (a process per file)")
            print(f"ratio single (ours / pdfsig):  "
                  f"{statistics.median(ours) / statistics.median(theirs):.2f}")

        batch_dir = work / "batch"
        batch_dir.mkdir()
        files = []
        for i in range(args.batch):
            target = batch_dir / f"doc{i:04d}.pdf"
            shutil.copyfile(doc, target)
            files.append(str(target))
        with ProcessPoolExecutor(max_workers=cores, initializer=_init,
                                 initargs=(str(doc),)) as pool:
            list(pool.map(_warm, range(cores)))
            t = time.perf_counter()
            cpu = list(pool.map(_validate, files, chunksize=max(1, len(files) // (cores * 4))))
            ours_batch = (time.perf_counter() - t) / len(files)
        ours_cpu = sum(cpu) / len(files)
        print(f"validate_pdf, batch of {len(files)} on {cores} cores: "
              f"{ours_batch * 1000:.1f} ms per document (wall), {ours_cpu * 1000:.1f} ms CPU "
              "per document")
        if pdfsig:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(f"ls {batch_dir}/*.pdf | xargs -P {cores} -n 1 {pdfsig} >/dev/null "
                           "2>&1", shell=True, check=False)
            theirs_batch = (time.perf_counter() - t) / len(files)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            theirs_cpu = (after.ru_utime + after.ru_stime - before.ru_utime
                          - before.ru_stime) / len(files)
            print(f"pdfsig, batch of {len(files)} on {cores} cores:       "
                  f"{theirs_batch * 1000:.1f} ms per document (wall), "
                  f"{theirs_cpu * 1000:.1f} ms CPU per document")
            ratio = ours_batch / theirs_batch
            print(f"ratio batch, wall (ours / pdfsig): {ratio:.2f}  (target <= 3.00: "
                  f"{'met' if ratio <= 3 else 'NOT met'})")
            print(f"ratio batch, CPU  (ours / pdfsig): {ours_cpu / theirs_cpu:.2f}  (the "
                  "load-independent figure on a shared machine)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
