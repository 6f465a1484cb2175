"""Findings as terminal text, Vietnamese by default."""

from __future__ import annotations

from collections.abc import Sequence

from conformance.findings import (
    SEVERITY_TEXT,
    STATUS_TEXT,
    VERDICT_TEXT,
    Finding,
    Status,
    verdict,
)

_MARK = {
    Status.PASS: "✔",
    Status.FAIL: "✘",
    Status.NOT_APPLICABLE: "–",
    Status.INCONCLUSIVE: "?",
}


def _labels(lang: str) -> dict[str, str]:
    if lang == "en":
        return {"expected": "expected", "found": "found", "where": "where",
                "subject": "Subject", "verdict": "Verdict", "counts": "Results"}
    return {"expected": "yêu cầu", "found": "thực tế", "where": "vị trí",
            "subject": "Đối tượng", "verdict": "Kết luận", "counts": "Kết quả"}


def _clause(f: Finding, lang: str) -> str:
    """The finding's citation; in English when asked and the rule is in the catalog."""
    from conformance.rules import catalog

    rule = catalog().get(f.rule_id)
    return rule.clause.cite(lang) if rule and lang == "en" else f.clause


def render_finding(f: Finding, lang: str = "vi") -> str:
    words = _labels(lang)
    status = STATUS_TEXT[f.status][lang]
    severity = SEVERITY_TEXT[f.severity][lang]
    lines = [f"{_MARK[f.status]} [{f.rule_id}] {status} ({severity}) — {f.message.get(lang)}"]
    lines.append(f"    {_clause(f, lang)}")
    if f.status is not Status.PASS:
        if f.expected is not None:
            lines.append(f"    {words['expected']}: {f.expected}")
        if f.found is not None:
            lines.append(f"    {words['found']}: {f.found}")
    where = f.location.describe()
    if where:
        lines.append(f"    {words['where']}: {where}")
    return "\n".join(lines)


def render(
    findings: Sequence[Finding],
    *,
    subject: str | None = None,
    lang: str = "vi",
    verbose: bool = False,
) -> str:
    """Every finding that is not a pass in full; passes in full only when verbose, otherwise one
    line naming the rules that passed (a package passes hundreds of checks)."""
    words = _labels(lang)
    out = []
    if subject:
        out.append(f"{words['subject']}: {subject}")
    shown = findings if verbose else [f for f in findings if f.status is not Status.PASS]
    out.extend(render_finding(f, lang) for f in shown)
    passed = sorted({f.rule_id for f in findings if f.status is Status.PASS})
    if passed and not verbose:
        label = "Các quy tắc đạt" if lang != "en" else "Rules passed"
        out.append(f"{_MARK[Status.PASS]} {label} ({len(passed)}): {', '.join(passed)}")
    counts = {s: sum(1 for f in findings if f.status is s) for s in Status}
    summary = ", ".join(f"{n} {STATUS_TEXT[s][lang]}" for s, n in counts.items() if n)
    out.append(f"{words['counts']}: {summary or '0'}")
    out.append(f"{words['verdict']}: {VERDICT_TEXT[verdict(findings)][lang]}")
    return "\n".join(out)
