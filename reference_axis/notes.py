"""Findings the axis records on an exchange (traffic log), built from the rule catalog.

Refusals are FAIL findings at the rule's own severity. Quirks of the official SDK that the axis
tolerates (frozen timestamps, leftover signed headers, unpadded hash-file, unsignable non-ASCII
header values) are FAIL findings at a lowered severity: a product that uses the SDK as shipped
shows them all, so they inform the officer without deciding the verdict.
"""

from __future__ import annotations

import functools
from typing import Any

from conformance.findings import Finding, Location, Severity, Status, Text, finding

AUTH_RULE = "QD28-13.2"       # connection encrypted and authenticated
ACCESS_RULE = "DN35-5"        # no unauthorised access, forgery, disclosure
FORMAT_RULE = "QD28-14.2"     # identifiers, package format and status feedback of the axis
INTEGRITY_RULE = "QD28-6.1"   # origin, integrity, security while sending and receiving
STATUS_RULE = "QD28-6.3"      # status tracked and updated automatically
STATS_RULE = "QD28-11"        # statistics compiled automatically


@functools.cache
def _rule(rule_id: str) -> tuple[str, Severity]:
    """(clause cited, severity) of a catalog rule, as `finding()` takes them (cached: every
    request of an SDK-as-shipped client carries a few quirks)."""
    template = finding(rule_id, Status.FAIL, "", "")
    return template.clause, template.severity


def _make(rule_id: str, vi: str, en: str, exchange_id: str | None, severity: Severity | None,
          expected: str | None, found: str | None, evidence: dict[str, Any] | None,
          field: str | None) -> Finding:
    clause, rule_severity = _rule(rule_id)
    return Finding(rule_id, clause, Status.FAIL, severity or rule_severity, Text(vi=vi, en=en),
                   expected, found, Location(exchange_id=exchange_id, field=field),
                   dict(evidence or {}))


def refusal(rule_id: str, vi: str, en: str, *, exchange_id: str | None,
            expected: str | None = None, found: str | None = None,
            evidence: dict[str, Any] | None = None, field: str | None = None) -> Finding:
    return _make(rule_id, vi, en, exchange_id, None, expected, found, evidence, field)


def quirk(rule_id: str, vi: str, en: str, *, exchange_id: str | None,
          severity: Severity = Severity.INFO, expected: str | None = None,
          found: str | None = None, evidence: dict[str, Any] | None = None,
          field: str | None = None) -> Finding:
    return _make(rule_id, vi, en, exchange_id, severity, expected, found, evidence, field)


def passed(rule_id: str, vi: str, en: str, *, exchange_id: str | None,
           evidence: dict[str, Any] | None = None) -> Finding:
    return finding(rule_id, Status.PASS, vi, en, location=Location(exchange_id=exchange_id),
                   evidence=evidence)
