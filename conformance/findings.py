"""One findings model for every check in the product.

A finding records the outcome of applying one rule (by catalog ID) to one piece of input: its
status, the severity of the rule, a message in Vietnamese and English, what was expected, what
was found, and where. Validators return lists of findings and never raise on bad input.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

FINDINGS_SCHEMA_ID = "https://qlvb-conformance.example/schemas/findings-1.json"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    INCONCLUSIVE = "inconclusive"


class Verdict(StrEnum):
    CONFORMANT = "conformant"
    NON_CONFORMANT = "non_conformant"
    INCONCLUSIVE = "inconclusive"


VERDICT_TEXT = {
    Verdict.CONFORMANT: {"vi": "ĐẠT", "en": "CONFORMANT"},
    Verdict.NON_CONFORMANT: {"vi": "KHÔNG ĐẠT", "en": "NON-CONFORMANT"},
    Verdict.INCONCLUSIVE: {"vi": "CHƯA KẾT LUẬN ĐƯỢC", "en": "INCONCLUSIVE"},
}

STATUS_TEXT = {
    Status.PASS: {"vi": "đạt", "en": "pass"},
    Status.FAIL: {"vi": "không đạt", "en": "fail"},
    Status.NOT_APPLICABLE: {"vi": "không áp dụng", "en": "not applicable"},
    Status.INCONCLUSIVE: {"vi": "chưa kết luận", "en": "inconclusive"},
}

SEVERITY_TEXT = {
    Severity.ERROR: {"vi": "lỗi", "en": "error"},
    Severity.WARNING: {"vi": "cảnh báo", "en": "warning"},
    Severity.INFO: {"vi": "thông tin", "en": "info"},
}


@dataclass(frozen=True)
class Text:
    """A message a certification officer reads: Vietnamese first, English on request."""

    vi: str
    en: str

    def get(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


@dataclass(frozen=True)
class Location:
    """Where a finding applies. Every field is optional; set the ones that mean something.
    `page` is the 1-based page number a reader sees; `rect` is in PDF points (x0, y0, x1, y1);
    `line` is 1-based."""

    file: str | None = None
    page: int | None = None
    rect: tuple[float, float, float, float] | None = None
    xpath: str | None = None
    line: int | None = None
    exchange_id: str | None = None
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if v is not None}
        if "rect" in out:
            out["rect"] = list(out["rect"])
        return out

    def describe(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.xpath:
            parts.append(self.xpath)
        if self.field:
            parts.append(self.field)
        if self.rect:
            parts.append("rect [" + ", ".join(f"{v:g}" for v in self.rect) + "]")
        if self.exchange_id:
            parts.append(f"exchange {self.exchange_id}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Finding:
    rule_id: str
    clause: str
    status: Status
    severity: Severity
    message: Text
    expected: str | None = None
    found: str | None = None
    location: Location = field(default_factory=Location)
    evidence: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_failure(self) -> bool:
        """A failed rule of error severity: it makes the subject non-conformant."""
        return self.status is Status.FAIL and self.severity is Severity.ERROR

    def with_location(self, **changes: Any) -> Finding:
        return replace(self, location=replace(self.location, **changes))

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "clause": self.clause,
            "status": str(self.status),
            "severity": str(self.severity),
            "message": {"vi": self.message.vi, "en": self.message.en},
            "expected": self.expected,
            "found": self.found,
            "location": self.location.to_dict(),
            "evidence": dict(self.evidence),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        loc = dict(data.get("location") or {})
        if "rect" in loc:
            loc["rect"] = tuple(loc["rect"])
        return cls(
            rule_id=data["rule_id"],
            clause=data["clause"],
            status=Status(data["status"]),
            severity=Severity(data["severity"]),
            message=Text(**data["message"]),
            expected=data.get("expected"),
            found=data.get("found"),
            location=Location(**loc),
            evidence=dict(data.get("evidence") or {}),
        )


def finding(
    rule_id: str,
    status: Status,
    vi: str,
    en: str,
    *,
    expected: str | None = None,
    found: str | None = None,
    location: Location | None = None,
    evidence: Mapping[str, Any] | None = None,
    severity: Severity | None = None,
) -> Finding:
    """Make a finding for a catalog rule; severity and clause come from the catalog.

    An unknown rule ID is a programming error and raises KeyError: every check must trace to
    a rule in the catalog.
    """
    from conformance.rules import catalog  # local import: rules imports this module's enums

    rule = catalog()[rule_id]
    return Finding(
        rule_id=rule_id,
        clause=rule.clause.cite(),
        status=status,
        severity=severity or rule.severity,
        message=Text(vi=vi, en=en),
        expected=expected,
        found=found,
        location=location or Location(),
        evidence=dict(evidence or {}),
    )


def verdict(findings: Iterable[Finding]) -> Verdict:
    """Non-conformant on any failed error; inconclusive when an error-level rule could not be
    decided; conformant otherwise. Warnings never decide the verdict."""
    found = list(findings)
    if any(f.is_failure for f in found):
        return Verdict.NON_CONFORMANT
    if any(f.status is Status.INCONCLUSIVE and f.severity is Severity.ERROR for f in found):
        return Verdict.INCONCLUSIVE
    return Verdict.CONFORMANT


def failures(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.status is Status.FAIL]
