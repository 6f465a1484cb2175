"""`qlvb-conformance run` on the embedded defaults (embedded axis, builtin reference QLVB, every
scenario): the reports are written, scenarios that do not apply are reported with their reason,
and the compliant reference QLVB passes every applicable scenario — except the gaps listed in
`KNOWN_GAPS`, each owned by another part of the project (see the reason); a gap that closes must
be removed from the list (the test says so)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conformance.findings import Verdict
from conformance.reports.run_model import RunResult, ScenarioStatus, overall_verdict

RUN_TIMEOUT = 600

#: scenario (substring of its id) → why the reference falls short today, and who fixes it.
KNOWN_GAPS: dict[str, str] = {}


@pytest.fixture(scope="session")
def reference_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    report = tmp_path_factory.mktemp("reference") / "conformance-report"
    done = subprocess.run([sys.executable, "-m", "conformance.cli.run_cmd", "--report-dir",
                           str(report), "-q", "--no-allure-html"], capture_output=True,
                          text=True, timeout=RUN_TIMEOUT, check=False,
                          cwd=Path(__file__).resolve().parents[1])
    result = report / "run-result.json"
    run = RunResult.from_dict(json.loads(result.read_text(encoding="utf-8"))) \
        if result.exists() else None
    return {"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr, "run": run,
            "report": report}


def _run(reference_run: dict[str, Any]) -> RunResult:
    run = reference_run["run"]
    assert run is not None, reference_run["stderr"][-3000:] or reference_run["stdout"][-3000:]
    return run


def _gap(scenario_id: str) -> str | None:
    return next((why for key, why in KNOWN_GAPS.items() if key in scenario_id), None)


def test_every_scenario_ran(reference_run: dict[str, Any]) -> None:
    run = _run(reference_run)
    assert len(run.scenarios) >= 200
    assert "Kết luận:" in reference_run["stdout"]
    assert reference_run["code"] in (0, 1)


def test_reports_are_written(reference_run: dict[str, Any]) -> None:
    report: Path = reference_run["report"]
    for name in ("run-result.json", "summary.json", "junit.xml", "report.html",
                 "report.en.html", "evidence-bundle.zip"):
        assert (report / name).is_file(), name
    results = list((report / "allure-results").glob("*-result.json"))
    assert len(results) >= 200
    sample = next(json.loads(p.read_text(encoding="utf-8")) for p in results
                  if '"clause"' in p.read_text(encoding="utf-8"))
    assert any(label["name"] == "clause" for label in sample["labels"])
    assert any(s["name"].startswith(("Cho ", "Khi ", "Thì ")) for s in sample.get("steps", []))
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    verdict = overall_verdict(_run(reference_run))
    assert summary["verdict"] == str(verdict)
    assert reference_run["code"] == (0 if verdict is Verdict.CONFORMANT else 1)


def test_not_applicable_scenarios_carry_their_reason(reference_run: dict[str, Any]) -> None:
    run = _run(reference_run)
    na = [s for s in run.scenarios if s.status is ScenarioStatus.NOT_APPLICABLE]
    # the reference claims every capability; the tt01-2019 scenarios do not apply under nd30
    assert na, "the tt01-2019 scenarios are not applicable to an nd30 run"
    assert all(s.reason is not None and s.reason.message.vi for s in na)
    assert "profile" in {s.reason.kind for s in na}
    assert "capability" not in {s.reason.kind for s in na}


def test_reference_passes_every_applicable_scenario(reference_run: dict[str, Any]) -> None:
    run = _run(reference_run)
    unexpected = [f"{s.id}: {s.status} — {s.message}" for s in run.scenarios
                  if s.status not in (ScenarioStatus.PASS, ScenarioStatus.NOT_APPLICABLE)
                  and _gap(s.id) is None]
    assert not unexpected, "\n".join(unexpected)


def test_known_gaps_are_still_open(reference_run: dict[str, Any]) -> None:
    """A gap that no longer shows must leave KNOWN_GAPS (so the list stays true)."""
    run = _run(reference_run)
    open_gaps = {key for key in KNOWN_GAPS for s in run.scenarios
                 if key in s.id and s.status not in (ScenarioStatus.PASS,
                                                     ScenarioStatus.NOT_APPLICABLE)}
    assert set(KNOWN_GAPS) - open_gaps == set(), "closed gaps: remove them from KNOWN_GAPS"
