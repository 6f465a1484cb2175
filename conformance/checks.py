"""Which validator functions check which rules, read from the code itself.

A validator declares the rules it can report with `@covers(...)`; the rule catalog command and
the coverage matrix ask `coverage()` instead of keeping a second list by hand.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])

_COVERAGE: dict[str, list[str]] = defaultdict(list)

# Packages whose modules declare checks; imported on demand by coverage().
VALIDATOR_MODULES = (
    "conformance.identifiers.agency_code",
    "conformance.identifiers.document_id",
    "conformance.identifiers.notation",
    "conformance.identifiers.date_line",
    "conformance.identifiers.text",
    "conformance.timing.formats",
    "conformance.timing.deadlines",
    "conformance.edxml.parser",
    "conformance.edxml.schema",
    "conformance.edxml.rules.header",
    "conformance.edxml.rules.identifiers",
    "conformance.edxml.rules.business",
    "conformance.edxml.rules.attachments",
    "conformance.edxml.rules.status",
    "conformance.edxml.rules.signature",
    "conformance.edxml.rules.text",
    "conformance.edxml.rules.form",
    "conformance.edxml.rules.secrecy",
    "conformance.pdf.scan",
    "conformance.pdf.pades",
    "conformance.pdf.roles",
    "conformance.pdf.geometry",
    "conformance.pdf.time",
    "conformance.pdf.legal_value",
)


def covers(*rule_ids: str) -> Callable[[F], F]:
    """Mark a validator function as reporting findings for these catalog rules."""

    def mark(fn: F) -> F:
        name = f"{fn.__module__}.{fn.__qualname__}"
        for rule_id in rule_ids:
            if name not in _COVERAGE[rule_id]:
                _COVERAGE[rule_id].append(name)
        fn.__rule_ids__ = rule_ids  # type: ignore[attr-defined]
        return fn

    return mark


def coverage() -> dict[str, list[str]]:
    """Rule ID -> names of the validator functions that report it."""
    for module in VALIDATOR_MODULES:
        importlib.import_module(module)
    return {rule_id: list(names) for rule_id, names in _COVERAGE.items()}
