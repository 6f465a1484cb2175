"""Assertions shared by the validator tests."""

from conformance.findings import Finding, Status
from conformance.rules import catalog


def of(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [f for f in findings if f.rule_id == rule_id]


def status(findings: list[Finding], rule_id: str) -> set[Status]:
    return {f.status for f in of(findings, rule_id)}


def assert_findings_well_formed(findings: list[Finding]) -> None:
    """Every validator answer is a non-empty list of catalog findings with both messages."""
    assert findings
    for f in findings:
        assert isinstance(f, Finding)
        assert f.rule_id in catalog()
        assert f.message.vi.strip() and f.message.en.strip()
