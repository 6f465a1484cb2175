"""Every faulty variant of the reference QLVB fails the suite, naming (one of) the rule(s) its
fault breaks: `qlvb-conformance run --sut builtin:<variant>` restricted (`-m`) to the scenarios
tagged with those rules and the variant's direction, so that each run stays short. The runs go
two worker processes (each running its share of the variants in process, one embedded axis
per run) started by one session fixture."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conformance.coverage import scenario_tags
from conformance.findings import Severity, Status
from conformance.profiles import load_profile
from conformance.reports.run_model import RuleStatus, RunResult, rule_results
from reference_axis.reference_qlvb.behaviour import VARIANT_RULES, VARIANTS, switch_info

PARALLEL = 2
RUN_TIMEOUT = 900  # seconds for all the variant runs (bounded wait)
#: variants whose fault shows on the receiving side of the exchange
RECEIVING = {"ignore_revocation"}


@cache
def plan(name: str) -> tuple[str, str, tuple[str, ...]]:
    """(regulatory profile, -m expression, rules expected among the failures) of a variant."""
    tagged = scenario_tags()
    rules: tuple[str, ...] = ()
    profile = "nd30"
    for profile in ("nd30", "tt01-2019"):
        prof = load_profile(profile)
        rules = tuple(r for r in VARIANT_RULES[name] if prof.includes(r) and r in tagged)
        if rules:
            break
    side = switch_info(name).side
    direction = "sut_nhan" if side == "receiving" or name in RECEIVING else "sut_gui"
    return profile, f"({' or '.join(rules)}) and {direction}", rules


def worker_main(argv: list[str]) -> int:
    """`python -m tests.test_suite_variants ROOT NAME…`: run the named variants one after the
    other in this process (`qlvb-conformance run` in process: imports and caches are shared) and
    record each exit code in ROOT/<name>/exit-code."""
    from conformance.cli.run_cmd import main

    root = Path(argv[0])
    for name in argv[1:]:
        profile, expression, _ = plan(name)
        report = root / name
        code = main(["--sut", f"builtin:{name}", "--profile", profile, "-m", expression,
                     "--report-dir", str(report), "--jobs", "1", "--no-bundle",
                     "--no-allure-html", "-q"])
        (report / "exit-code").write_text(str(code), encoding="utf-8")
    return 0


def outcome_of(root: Path, name: str) -> dict[str, Any]:
    report = root / name
    result_file = report / "run-result.json"
    run = RunResult.from_dict(json.loads(result_file.read_text(encoding="utf-8"))) \
        if result_file.exists() else None
    code_file = report / "exit-code"
    code = int(code_file.read_text(encoding="utf-8")) if code_file.exists() else None
    return {"code": code, "run": run}


@pytest.fixture(scope="session")
def variant_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """All variants, split over PARALLEL worker processes (bounded in time)."""
    root = tmp_path_factory.mktemp("variants")
    names = list(VARIANTS)
    shares = [names[i::PARALLEL] for i in range(PARALLEL)]
    logs = [open(root / f"worker-{i}.log", "w", encoding="utf-8")  # noqa: SIM115
            for i in range(PARALLEL)]
    procs = [subprocess.Popen([sys.executable, "-m", "tests.test_suite_variants", str(root),
                               *share], stdout=log, stderr=subprocess.STDOUT,
                              cwd=Path(__file__).resolve().parents[1])
             for share, log in zip(shares, logs, strict=True)]
    try:
        for proc in procs:
            proc.wait(timeout=RUN_TIMEOUT)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
        for log in logs:
            log.close()
    return {name: outcome_of(root, name) for name in names}


def test_there_are_at_least_twenty_variants() -> None:
    assert len(VARIANTS) >= 20


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_plan_selects_scenarios(name: str) -> None:
    _, _, rules = plan(name)
    assert rules, f"no scenario is tagged with any rule of {name}: {VARIANT_RULES[name]}"


def failures(run: RunResult) -> set[str]:
    """Rules the run reports as failed: a failed rule (error severity decides the verdict) or a
    failed finding of lower severity (a warning: reported, not deciding)."""
    failed = {r.id for r in rule_results(run) if r.status is RuleStatus.FAIL}
    return failed | {f.rule_id for f in run.all_findings() if f.status is Status.FAIL}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_fails_with_its_rule(name: str,
                                     variant_runs: dict[str, dict[str, Any]]) -> None:
    outcome = variant_runs[name]
    run = outcome["run"]
    assert run is not None, f"{name}: no run result (see the worker logs)"
    profile, expression, expected = plan(name)
    found = failures(run) & set(expected)
    assert found, (
        f"{name} (-m {expression}): none of {expected} among the failures "
        f"{sorted(failures(run))}; scenarios: {[(s.title, str(s.status)) for s in run.scenarios]}")
    prof = load_profile(profile)
    if any(prof.severity_of(r) is Severity.ERROR for r in found):
        assert outcome["code"] == 1, f"{name}: exit code {outcome['code']}"


if __name__ == "__main__":
    raise SystemExit(worker_main(sys.argv[1:]))
