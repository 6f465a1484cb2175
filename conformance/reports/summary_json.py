"""The JSON summary of a run: verdict, counts, and every catalog rule with its status and
evidence. Described by conformance/data/run-summary.schema.json; `run` embeds the full run
result, so `qlvb-conformance report render` can re-render from the summary alone."""

from __future__ import annotations

import json
from typing import Any

from conformance.findings import VERDICT_TEXT, Severity, Status
from conformance.reports.run_model import (
    RULE_STATUS_TEXT,
    ProfileLike,
    RuleResult,
    RunResult,
    overall_verdict,
    rule_counts,
    rule_results,
    scenario_counts,
)
from conformance.rules import Catalog

SUMMARY_SCHEMA_ID = "https://qlvb-conformance.example/schemas/run-summary-1.json"


def _rule(r: RuleResult, run: RunResult) -> dict[str, Any]:
    scenarios = [run.scenarios[i] for i in r.scenarios]
    artifacts: list[str] = []
    for s in scenarios:
        for a in s.attachments:
            if a.path not in artifacts:
                artifacts.append(a.path)
    return {
        "id": r.id,
        "document": r.rule.clause.source.document,
        "citation": {"vi": r.rule.clause.cite("vi"), "en": r.rule.clause.cite("en")},
        "title": {"vi": r.rule.title.vi, "en": r.rule.title.en},
        "severity": str(r.severity),
        "testable": r.rule.testable,
        "in_profile": r.in_profile,
        "status": str(r.status),
        "status_text": dict(RULE_STATUS_TEXT[r.status]),
        "scenarios": [s.id for s in scenarios],
        "reasons": [x.to_dict() for x in r.reasons],
        "evidence": [f.to_dict() for f in r.findings],
        "artifacts": artifacts,
    }


def summary(run: RunResult, *, catalog: Catalog | None = None,
            profile: ProfileLike | None = None) -> dict[str, Any]:
    results = rule_results(run, catalog, profile)
    verdict = overall_verdict(run, profile, catalog)
    in_profile = [r for r in results if r.in_profile]
    counted = [f for r in in_profile for f in r.findings]
    return {
        "$schema": SUMMARY_SCHEMA_ID,
        "tool": {"name": "qlvb-conformance", "version": run.tool_version},
        "verdict": str(verdict),
        "verdict_text": dict(VERDICT_TEXT[verdict]),
        "sut": run.sut.to_dict(),
        "profile": {"id": run.profile.id,
                    "name": {"vi": run.profile.name.vi, "en": run.profile.name.en}},
        "axis_endpoint": run.axis_endpoint,
        "started": run.started,
        "finished": run.finished,
        "duration_s": run.duration_s,
        "counts": {
            "scenarios": {"total": len(run.scenarios),
                          **{str(k): v for k, v in scenario_counts(run).items()}},
            "rules": {"total": len(results),
                      **{str(k): v for k, v in rule_counts(results).items()}},
            "rules_in_profile": len(in_profile),
            "failures": sum(1 for f in counted if f.is_failure),
            "warnings": sum(1 for f in counted if f.status in (Status.FAIL, Status.INCONCLUSIVE)
                            and f.severity is not Severity.ERROR),
        },
        "rules": [_rule(r, run) for r in results],
        "run": run.to_dict(),
    }


def render(run: RunResult, *, catalog: Catalog | None = None,
           profile: ProfileLike | None = None) -> str:
    # default=str: evidence a validator left as a datetime or a Path is written as text
    return json.dumps(summary(run, catalog=catalog, profile=profile), ensure_ascii=False,
                      indent=2, default=str) + "\n"


def load_run(data: dict[str, Any]) -> RunResult:
    """A run result from either a saved run result or a summary (which embeds it)."""
    if isinstance(data, dict) and data.get("$schema") == SUMMARY_SCHEMA_ID:
        data = data.get("run")  # type: ignore[assignment]
    return RunResult.from_dict(data)
