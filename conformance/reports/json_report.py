"""Findings as a stable JSON document, described by conformance/data/findings.schema.json."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from conformance import __version__
from conformance.findings import FINDINGS_SCHEMA_ID, Finding, verdict


def document(
    findings: Sequence[Finding],
    *,
    subject: str | None = None,
    profile: str | None = None,
) -> dict[str, Any]:
    return {
        "$schema": FINDINGS_SCHEMA_ID,
        "tool": {"name": "qlvb-conformance", "version": __version__},
        "subject": subject,
        "profile": profile,
        "verdict": str(verdict(findings)),
        "findings": [f.to_dict() for f in findings],
    }


def render(findings: Sequence[Finding], **meta: Any) -> str:
    return json.dumps(document(findings, **meta), ensure_ascii=False, indent=2)
