"""The run result model: per-rule aggregation, verdict, JSON round trip, artifact paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.findings import Severity, Status, Verdict, finding, verdict
from conformance.profiles import load_profile
from conformance.reports.run_model import (
    Artifact,
    ProfileSnapshot,
    Reason,
    RuleStatus,
    RunModelError,
    RunResult,
    ScenarioResult,
    ScenarioStatus,
    SutInfo,
    effective_findings,
    overall_verdict,
    rule_counts,
    rule_results,
    verdict_of_rules,
)
from conformance.rules import catalog
from tests.test_reports_sample import FAILING_RULE, build_sample_run


@pytest.fixture
def run(tmp_path: Path) -> RunResult:
    return build_sample_run(tmp_path)


def by_id(run: RunResult) -> dict:
    return {r.id: r for r in rule_results(run)}


def small_run(*scenarios: ScenarioResult) -> RunResult:
    return RunResult(
        tool_version="0.1.0", started="2026-11-22T09:00:00+07:00",
        finished="2026-11-22T09:01:00+07:00",
        sut=SutInfo(name="SUT", driver="builtin", agency_codes=("000.00.00.G22",)),
        profile=ProfileSnapshot.from_profile(load_profile("nd30")),
        scenarios=list(scenarios))


def scenario(status: ScenarioStatus, tags: list[str], findings=(), **kw) -> ScenarioResult:
    return ScenarioResult(feature_file="x.feature", feature_name="X", name=f"s-{status}-{tags}",
                          status=status, tags=tags, findings=list(findings), **kw)


def test_every_catalog_rule_appears_exactly_once(run: RunResult) -> None:
    results = rule_results(run)
    assert [r.id for r in results] == list(catalog())
    assert sum(rule_counts(results).values()) == len(catalog())


def test_statuses_of_the_sample(run: RunResult) -> None:
    r = by_id(run)
    assert r[FAILING_RULE].status is RuleStatus.FAIL
    assert [f.found for f in r[FAILING_RULE].failures] == ["5"]
    assert r["QD28-10.2a"].status is RuleStatus.PASS
    # a warning-severity rule that failed is shown but passes
    assert r["TCVN6909-NFC"].status is RuleStatus.PASS
    assert [f.found for f in r["TCVN6909-NFC"].warnings] == ["NFD"]
    # capability not claimed → not applicable, with the reason
    sohoa = r["ND30-PL1-SOHOA"]
    assert sohoa.status is RuleStatus.NOT_APPLICABLE
    assert sohoa.reasons[0].kind == "capability"
    assert "kha_nang_so_hoa" in sohoa.reasons[0].message.vi
    # a provincial rule the national profile leaves out
    assert r["LC2019-6.1b"].status is RuleStatus.OUTSIDE_PROFILE
    assert not r["LC2019-6.1b"].in_profile
    # testable rule no scenario ran; a rule software cannot test
    assert r["QD28-8.2"].status is RuleStatus.NOT_TESTED
    assert r["QD28-5.3"].status is RuleStatus.NOT_TESTABLE
    # the errored scenario: a rule it had evidence for passes, the others are undecided
    assert r["QCVN102-DATETIME"].status is RuleStatus.PASS
    assert r["QD28-14.4"].status is RuleStatus.INCONCLUSIVE
    assert r["QD28-14.4"].findings[0].evidence["synthesized"] is True
    # the failing scenario stopped before checking QD28-10.2k
    assert r["QD28-10.2k"].status is RuleStatus.INCONCLUSIVE
    assert r[FAILING_RULE].scenarios == (1,)


def test_a_failing_error_finding_fails_its_rule_and_a_warning_does_not() -> None:
    fail = finding("QCVN102-ORGID", Status.FAIL, "sai", "wrong", expected="a", found="b")
    warn = finding("QD28-10.2a", Status.FAIL, "chữ thường", "lower case",
                   severity=Severity.WARNING)
    ok = finding("QD28-10.2a", Status.PASS, "đúng", "right")
    run = small_run(scenario(ScenarioStatus.FAIL, ["QCVN102-ORGID"], [fail]),
                    scenario(ScenarioStatus.PASS, ["QD28-10.2a"], [warn, ok]))
    r = by_id(run)
    assert r["QCVN102-ORGID"].status is RuleStatus.FAIL
    assert r["QD28-10.2a"].status is RuleStatus.PASS and r["QD28-10.2a"].warnings == [warn]
    assert overall_verdict(run) is Verdict.NON_CONFORMANT


def test_worst_finding_decides_fail_over_inconclusive_over_pass() -> None:
    def one(*statuses: Status) -> RuleStatus:
        fs = [finding("QD28-10.2a", s, "x", "x") for s in statuses]
        return by_id(small_run(scenario(ScenarioStatus.PASS, ["QD28-10.2a"], fs)))[
            "QD28-10.2a"].status

    assert one(Status.PASS, Status.INCONCLUSIVE) is RuleStatus.INCONCLUSIVE
    assert one(Status.PASS, Status.INCONCLUSIVE, Status.FAIL) is RuleStatus.FAIL
    assert one(Status.PASS, Status.NOT_APPLICABLE) is RuleStatus.PASS
    assert one(Status.NOT_APPLICABLE) is RuleStatus.NOT_APPLICABLE


def test_capability_not_claimed_is_not_applicable_not_silently_skipped() -> None:
    na = scenario(ScenarioStatus.NOT_APPLICABLE, ["kha_nang_thu_hoi", "QD28-8.2"],
                  reason=Reason.capability("kha_nang_thu_hoi"))
    r = by_id(small_run(na))["QD28-8.2"]
    assert r.status is RuleStatus.NOT_APPLICABLE
    assert "thu hồi" in r.reasons[0].message.vi and "@kha_nang_thu_hoi" in r.reasons[0].message.en


def test_a_failed_scenario_without_a_failing_finding_fails_its_rules() -> None:
    s = scenario(ScenarioStatus.FAIL, ["QCVN102-PRIORITY"],
                 [finding("QCVN102-PRIORITY", Status.PASS, "ok", "ok")],
                 message='gói tin gửi đi có trường "OtherInfo/Priority" là "1": thực tế "0"')
    run = small_run(s)
    r = by_id(run)["QCVN102-PRIORITY"]
    assert r.status is RuleStatus.FAIL
    assert "OtherInfo/Priority" in r.failures[0].message.vi
    assert overall_verdict(run) is Verdict.NON_CONFORMANT


def test_an_unexplained_failure_spares_the_tagged_rules_whose_steps_passed() -> None:
    s = scenario(ScenarioStatus.FAIL, ["QCVN102-PRIORITY", "QD28-9.1"],
                 [finding("QCVN102-PRIORITY", Status.PASS, "ok", "ok")],
                 message="Hệ thống không gửi phản hồi trạng thái 02")
    r = by_id(small_run(s))
    assert r["QCVN102-PRIORITY"].status is RuleStatus.PASS
    assert r["QD28-9.1"].status is RuleStatus.FAIL
    assert "02" in r["QD28-9.1"].failures[0].message.vi


def test_profile_severity_override_applies() -> None:
    run = small_run(scenario(ScenarioStatus.FAIL, ["QCVN102-ORGID"],
                             [finding("QCVN102-ORGID", Status.FAIL, "sai", "wrong")]))
    run.profile = ProfileSnapshot(run.profile.id, run.profile.name, run.profile.rules,
                                  {"QCVN102-ORGID": Severity.WARNING})
    r = by_id(run)["QCVN102-ORGID"]
    assert r.status is RuleStatus.PASS and r.severity is Severity.WARNING
    assert overall_verdict(run) is Verdict.CONFORMANT


def test_verdict_is_consistent_with_findings_verdict(run: RunResult) -> None:
    effective = effective_findings(run, run.profile)
    assert overall_verdict(run) is verdict(effective) is Verdict.NON_CONFORMANT
    assert verdict_of_rules(rule_results(run)) is Verdict.NON_CONFORMANT
    passing = small_run(scenario(ScenarioStatus.PASS, ["QD28-10.2a"],
                                 [finding("QD28-10.2a", Status.PASS, "ok", "ok")]))
    assert overall_verdict(passing) is Verdict.CONFORMANT
    assert verdict_of_rules(rule_results(passing)) is Verdict.CONFORMANT
    errored = small_run(scenario(ScenarioStatus.ERROR, ["QD28-10.2a"], message="crash"))
    assert overall_verdict(errored) is Verdict.INCONCLUSIVE
    assert verdict_of_rules(rule_results(errored)) is Verdict.INCONCLUSIVE


def test_a_run_that_tested_nothing_is_never_conformant() -> None:
    na = scenario(ScenarioStatus.NOT_APPLICABLE, ["QD28-8.2"],
                  reason=Reason.capability("kha_nang_thu_hoi"))
    assert overall_verdict(small_run(na)) is Verdict.INCONCLUSIVE
    assert overall_verdict(small_run()) is Verdict.INCONCLUSIVE


def test_outside_profile_findings_are_shown_but_never_counted() -> None:
    s = scenario(ScenarioStatus.FAIL, ["LC2019-6.1b"],
                 [finding("LC2019-6.1b", Status.FAIL, "muộn", "late")])
    run = small_run(s, scenario(ScenarioStatus.PASS, ["QD28-10.2a"]))
    r = by_id(run)["LC2019-6.1b"]
    assert r.status is RuleStatus.OUTSIDE_PROFILE and r.findings
    assert overall_verdict(run) is Verdict.CONFORMANT


def test_json_round_trip_is_stable(run: RunResult) -> None:
    data = run.to_dict()
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    again = RunResult.from_dict(json.loads(text))
    assert json.dumps(again.to_dict(), ensure_ascii=False, sort_keys=True) == text
    assert [r.status for r in rule_results(again)] == [r.status for r in rule_results(run)]
    assert again.scenarios[3].reason == run.scenarios[3].reason
    assert again.scenarios[1].findings[0].location == run.scenarios[1].findings[0].location


@pytest.mark.parametrize("bad", [
    {}, {"tool": {"version": "1"}}, [], {"$schema": "https://example.org/other.json"},
])
def test_a_malformed_run_result_is_refused_in_both_languages(bad) -> None:
    with pytest.raises(RunModelError) as exc:
        RunResult.from_dict(bad)
    assert exc.value.message("vi") and exc.value.message("en")


def test_times_need_an_offset(run: RunResult) -> None:
    data = run.to_dict()
    data["started"] = "2026-11-22T14:05:00"
    with pytest.raises(RunModelError, match="offset"):
        RunResult.from_dict(data)


@pytest.mark.parametrize("path", ["../etc/passwd", "/etc/passwd", "javascript:alert(1)",
                                  "a/../../b", "C:\\x", "", "."])
def test_artifact_paths_stay_inside_the_report_directory(path: str) -> None:
    with pytest.raises(RunModelError):
        Artifact(path=path, kind="log", title="x")


def test_artifact_from_file_hashes_and_refuses_outside_files(tmp_path: Path) -> None:
    (tmp_path / "rep").mkdir()
    (tmp_path / "rep" / "a.pdf").write_bytes(b"%PDF")
    a = Artifact.from_file(tmp_path / "rep", "a.pdf")
    assert a.kind == "pdf" and a.size == 4 and len(a.sha256 or "") == 64
    (tmp_path / "outside.txt").write_text("x")
    with pytest.raises(RunModelError):
        Artifact.from_file(tmp_path / "rep", tmp_path / "outside.txt")


def test_rule_ids_come_from_tags_that_are_catalog_rules() -> None:
    s = scenario(ScenarioStatus.PASS, ["@area_goi_tin", "@sut_gui", "@QD28-10.2a", "@nope-1"])
    assert s.rule_ids == ["QD28-10.2a"] and s.tags[0] == "area_goi_tin"
    assert Reason.profile("@ho_so_tt01-2019", "nd30").kind == "profile"


def test_artifact_write_keeps_bytes_under_the_report_directory(tmp_path: Path) -> None:
    a = Artifact.write(tmp_path, "packages/VB1.edxml", b"<edXML/>", title="Gói tin VB1")
    assert (tmp_path / "packages" / "VB1.edxml").read_bytes() == b"<edXML/>"
    assert a.kind == "edxml" and a.size == 8 and a == Artifact.from_file(
        tmp_path, "packages/VB1.edxml", title="Gói tin VB1")
    with pytest.raises(RunModelError):
        Artifact.write(tmp_path, "../x.edxml", b"x")
    assert not (tmp_path.parent / "x.edxml").exists()
