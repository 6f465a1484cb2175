"""Validate one edXML package: read it securely, check it against the schema of the chosen
mode, apply the content rules, and return findings filtered and graded by the profile.

A schema error that only restates a content finding (the same element is missing or wrong, and
a content rule of error severity already says so with its clause) is folded into that finding's
evidence, so that each defect is reported once, under the most specific rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from functools import lru_cache

from conformance.edxml.limits import DEFAULT_LIMITS, Limits
from conformance.edxml.model import EdocPackage, Package
from conformance.edxml.parser import ParseResult, parse_package
from conformance.edxml.rules import Context, run_rules
from conformance.edxml.schema import Mode, check_schema
from conformance.findings import Finding, Severity, Status
from conformance.profiles import Profile, load_profile
from conformance.timing.formats import VN_TZ, parse_edxml_date, parse_edxml_datetime


@dataclass
class Validation:
    findings: list[Finding]
    moment: datetime | None = None
    moment_source: str = "none"  # "--at", "TraceHeader", "Timestamp", "PromulgationDate", "none"
    parsed: ParseResult | None = field(default=None, repr=False)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=VN_TZ) if moment.tzinfo is None else moment


def reference_moment(package: Package | None, at: datetime | None = None
                     ) -> tuple[datetime | None, str]:
    """The moment the package is judged at: `at` when given; otherwise the package's own latest
    time (its last TraceHeader, a status package's Timestamp, or the end of its promulgation
    day) — never the clock of the machine."""
    if at is not None:
        return _aware(at), "--at"
    if package is None:
        return None, "none"
    stamps = [parse_edxml_datetime(t.timestamp) for t in package.trace_headers or ()
              if t.timestamp]
    valid = [s for s in stamps if s is not None]
    if valid:
        return max(_aware(s) for s in valid), "TraceHeader"
    if isinstance(package, EdocPackage):
        info = package.header.promulgation_info
        day = parse_edxml_date(info.date) if info and info.date else None
        if day is not None:
            return datetime.combine(day, time(23, 59, 59), tzinfo=VN_TZ), "PromulgationDate"
        return None, "none"
    stamp = parse_edxml_datetime(package.timestamp) if package.timestamp else None
    return (_aware(stamp), "Timestamp") if stamp is not None else (None, "none")


def _subsumes(content: Finding, schema: Finding) -> bool:
    cx = content.location.xpath
    if not cx:
        return False
    if cx == schema.location.xpath:
        return True
    parent = schema.evidence.get("parent_xpath")
    names = schema.evidence.get("expected_elements") or ()
    return bool(parent) and any(cx == f"{parent}/{name}" for name in names)


def fold_schema_findings(schema: Sequence[Finding], others: Sequence[Finding]) -> list[Finding]:
    """Drop schema errors that a content failure of error severity already reports at the same
    element, recording the schema's message in that finding's evidence."""
    failures = [f for f in others if f.status is Status.FAIL and f.severity is Severity.ERROR]
    folded: dict[int, list[str]] = {}
    kept: list[Finding] = []
    for s in schema:
        owner = next((c for c in failures if _subsumes(c, s)), None) \
            if s.status is Status.FAIL else None
        if owner is None:
            kept.append(s)
        else:
            folded.setdefault(id(owner), []).append(str(s.evidence.get("reason", s.message.en)))
    merged = [replace(f, evidence={**f.evidence, "schema_errors": folded[id(f)]})
              if id(f) in folded else f for f in others]
    return kept + merged


@lru_cache(maxsize=16)
def _shipped_or_file_profile(name: str) -> Profile:
    return load_profile(name)


def validate(
    data: bytes,
    *,
    profile: Profile | str = "nd30",
    mode: Mode = "strict",
    at: datetime | None = None,
    file: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Validation:
    """Everything `validate_package` does, plus the reference moment that was used."""
    prof = _shipped_or_file_profile(profile) if isinstance(profile, str) else profile
    parsed = parse_package(data, file=file, limits=limits)
    schema: list[Finding] = []
    if parsed.root is not None and not any(f.rule_id == "QCVN102-NAMESPACE"
                                           for f in parsed.findings):
        schema = check_schema(parsed.root, mode, file=file)
    content: list[Finding] = list(parsed.findings)
    moment, source = reference_moment(parsed.package, at)
    if parsed.package is not None:
        ctx = Context(package=parsed.package, locator=parsed.locator, profile=prof, mode=mode,
                      at=moment, at_source=source, form=parsed.form, file=file,
                      parse_findings=tuple(parsed.findings), root=parsed.root)
        content.extend(run_rules(ctx))
    findings = prof.apply(fold_schema_findings(schema, content))
    return Validation(findings=findings, moment=moment, moment_source=source, parsed=parsed)


def validate_package(
    data: bytes,
    *,
    profile: Profile | str = "nd30",
    mode: Mode = "strict",
    at: datetime | None = None,
    file: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Finding]:
    """Validate one .edxml package (bytes) and return its findings. Never raises on bad input."""
    return validate(data, profile=profile, mode=mode, at=at, file=file, limits=limits).findings
