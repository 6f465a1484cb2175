"""Many signed PDFs at once: `validate_files(paths, jobs=N, …)` → the findings of each file, in
the order given, exactly what `validate_pdf` gives for it alone.

What a batch shares, and a single call cannot:
* the imports (pyhanko's validation and diff analysis, certvalidator, aiohttp, PIL: about
  half a second) and the trust material (anchors, intermediates, CRLs) are done once, in the parent,
  before the worker processes are forked from it (`fork` where the platform has it; elsewhere
  each worker does the same in its initialiser);
* the workers run with the imported objects frozen out of the cyclic garbage collector
  (`gc.freeze`) and a larger first-generation threshold: a validation allocates hundreds of
  thousands of short-lived objects, and the collector otherwise re-scans the ~100,000 long-lived
  objects of the imported libraries every few documents (5–8 % of a batch's time). Cycles
  are still collected; a worker's memory stays flat (102 MB after 10 documents, 115 MB after
  300).
* files go to the workers in small chunks (`chunk_size`): the pipe traffic stays small next
  to the work and the tail short; each worker reads its files itself, and sends back only
  the findings (plain values: the signature field names are plain `str`, not pyhanko's string
  objects, which kept their whole document alive and pickled to half a megabyte each).

What outlives a document in a worker is what does not depend on it: the trust settings and
profile, and the bounded memos of the speed patches (certificate names, OIDs, CRL signature
verdicts; see `conformance.pdf.model`) and of `text.parse_tounicode` (font CMaps). No result
of a document is kept: the benchmark's batch of copies of a few documents costs what as many
distinct documents would.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import multiprocessing
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.findings import Finding, Location, Status, finding

#: imported lazily by the first validation; a batch imports them once, up front
WARM_MODULES = (
    "conformance.pdf.validate", "conformance.pdf.pades", "conformance.pdf.roles",
    "conformance.pdf.geometry", "conformance.pdf.appearance", "conformance.pdf.colour",
    "conformance.pdf.revocation", "conformance.pdf.scan", "conformance.pdf.time",
    "conformance.pdf.legal_value",
    "pyhanko.pdf_utils.reader", "pyhanko.sign.validation", "pyhanko.sign.validation.pdf_embedded",
    "pyhanko.sign.validation.dss", "pyhanko.sign.validation.status",
    "pyhanko.sign.validation.utils", "pyhanko.sign.diff_analysis",
    "pyhanko.sign.diff_analysis.policy_api", "pyhanko_certvalidator",
    "pyhanko_certvalidator.errors", "pyhanko_certvalidator.policy_decl",
    "pyhanko_certvalidator.fetchers.aiohttp_fetchers", "asn1crypto.tsp", "asn1crypto.pdf",
    "asn1crypto.pem", "cryptography.x509", "PIL.Image", "PIL.ImageChops",
)

#: first-generation threshold of the workers' collector (CPython's default is 700)
GC_THRESHOLD = 20_000


@dataclass(frozen=True)
class BatchOptions:
    """What `validate_pdf` takes besides the file, as plain data (sent to spawned workers)."""

    role: str = "main"
    profile: Any = None
    trust_roots: tuple[Any, ...] = ()
    crls: tuple[Any, ...] = ()
    ocsps: tuple[bytes, ...] = ()
    online: bool = False
    at: dt.datetime | None = None
    package: Any = None
    direction: str | None = None


_STATE: dict[str, Any] = {}


def warm_up(options: BatchOptions | None = None) -> None:
    """Import what a validation needs and build the trust settings and the profile, once per
    process; idempotent."""
    if not _STATE.get("imported"):
        for name in WARM_MODULES:
            try:
                importlib.import_module(name)
            except ImportError:  # pragma: no cover - an optional part (scan checks) missing
                continue
        _STATE["imported"] = True
    if options is not None and _STATE.get("options") is not options:
        from conformance.pdf.roles import package_facts
        from conformance.pdf.validate import _profile, trust_settings

        _STATE["options"] = options
        _STATE["trust"] = trust_settings(list(options.trust_roots), crls=list(options.crls),
                                         ocsps=list(options.ocsps), online=options.online,
                                         at=options.at)
        _STATE["profile"] = _profile(options.profile)
        _STATE["package"] = package_facts(options.package)


def tune_gc() -> None:
    """The collector settings of a batch worker (see the module's docstring)."""
    gc.collect()
    gc.freeze()
    _, second, third = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, second, third)


def _worker_init(options: BatchOptions) -> None:
    warm_up(options)
    tune_gc()


def _read_failure(path: str, exc: OSError) -> list[Finding]:
    return [finding("TT41-PDF", Status.FAIL, f"Không đọc được tệp: {exc.strerror or exc}",
                    f"Cannot read the file: {exc.strerror or exc}", expected="PDF",
                    found=str(exc), location=Location(file=path))]


def validate_file(path: str | Path, options: BatchOptions | None = None) -> list[Finding]:
    """One file of a batch, with the process's trust settings and profile."""
    from conformance.pdf.validate import validate_pdf

    opts = options or _STATE.get("options") or BatchOptions()
    warm_up(opts)
    name = str(path)
    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        return _read_failure(name, exc)
    return validate_pdf(data, file=name, role=opts.role, profile=_STATE["profile"],
                        package=_STATE["package"], trust=_STATE["trust"],
                        direction=opts.direction)


def _pool_context() -> Any:
    """`fork` where available: the workers start with the parent's imports and trust
    material already in memory."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork") if "fork" in methods else None


def chunk_size(files: int, jobs: int) -> int:
    """Up to 8 files per chunk (about four chunks per worker for small batches): few pipe
    round trips, and no worker left with a long last chunk while the others are idle."""
    return max(1, min(8, files // (jobs * 4)))


def validate_files(paths: Iterable[str | Path], *, jobs: int | None = None,
                   options: BatchOptions | None = None) -> list[list[Finding]]:
    """The findings of each file, in order. `jobs`: worker processes (default: all cores;
    1 validates in this process)."""
    names = [str(p) for p in paths]
    opts = options or BatchOptions()
    workers = min(jobs or os.cpu_count() or 1, len(names))
    warm_up(opts)
    if workers <= 1:
        return [validate_file(name, opts) for name in names]
    frozen_before = gc.get_freeze_count()
    gc.collect()
    gc.freeze()  # the forked workers then share the parent's objects without scanning them
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(),
                                 initializer=_worker_init, initargs=(opts,)) as pool:
            return list(pool.map(validate_file, names, chunksize=chunk_size(len(names),
                                                                            workers)))
    finally:
        if not frozen_before:  # leave a caller's own freeze alone
            gc.unfreeze()


def flatten(results: Sequence[list[Finding]]) -> list[Finding]:
    return [f for result in results for f in result]
