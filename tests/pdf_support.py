"""Shared, process-cached signed-PDF fixtures for the tests/test_pdf_*.py modules (building
the corpus signs ~90 files: done once per test session, in a temporary folder)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from conformance.findings import Finding, Status
from conformance.fixtures_gen.pdf_corpus import CorpusEntry, build_pdf_corpus, corpus_items
from conformance.fixtures_gen.pki import TestPKI, default_pki
from conformance.pdf.validate import validate_pdf


@cache
def workdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="qlvb-pdf-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def pki() -> TestPKI:
    return default_pki()


@cache
def corpus(profile_id: str) -> dict[str, CorpusEntry]:
    return {e.name: e for e in build_pdf_corpus(workdir(), profile_id, pki=pki())}


def corpus_names(profile_id: str) -> list[str]:
    """File names without building anything (for parametrize at collection time)."""
    return [f"{it.rule_id}__{it.name}.pdf" if it.rule_id else f"{it.name}.pdf"
            for it in corpus_items(profile_id)]


def validate_entry(entry: CorpusEntry, **kwargs) -> list[Finding]:
    p = pki()
    options = dict(role=entry.role, profile=entry.profile_id, trust_roots=p.trust_roots,
                   crls=p.crls_der(), package=entry.package, file=entry.name,
                   direction=entry.direction)
    options.update(kwargs)
    return validate_pdf(entry.path.read_bytes(), **options)


def failed_rules(findings: list[Finding]) -> set[str]:
    """Rules that failed, leaving out QD28-4.2 (the legal value that follows any failure)."""
    return {f.rule_id for f in findings if f.status is Status.FAIL and f.rule_id != "QD28-4.2"}
