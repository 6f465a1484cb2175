"""The JSON summary (valid against its schema, round-trips) and the JUnit XML of a run."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from referencing import Registry, Resource

from conformance.reports import junit_run, summary_json
from conformance.reports.run_model import RunResult, rule_results
from conformance.reports.run_outputs import write_run_reports
from conformance.resources import data_path
from conformance.rules import catalog
from tests.test_reports_sample import FAILING_EXCHANGE, FAILING_RULE, build_sample_run

SCHEMAS = {name: json.loads(data_path(name).read_text(encoding="utf-8"))
           for name in ("findings.schema.json", "run-result.schema.json",
                        "run-summary.schema.json")}


def validator(name: str) -> jsonschema.Draft202012Validator:
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in SCHEMAS.values())
    schema = SCHEMAS[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, registry=registry)


@pytest.fixture
def run(tmp_path: Path) -> RunResult:
    return build_sample_run(tmp_path)


def test_summary_is_valid_against_its_schema(run: RunResult) -> None:
    doc = json.loads(summary_json.render(run))
    errors = sorted(validator("run-summary.schema.json").iter_errors(doc), key=str)
    assert not errors, errors[0]
    assert doc["$schema"] == SCHEMAS["run-summary.schema.json"]["$id"]


def test_run_result_is_valid_against_its_schema(run: RunResult) -> None:
    errors = list(validator("run-result.schema.json").iter_errors(run.to_dict()))
    assert not errors, errors[0]


def test_the_schema_rejects_what_it_should(run: RunResult) -> None:
    doc = summary_json.summary(run)
    doc = json.loads(json.dumps(doc))
    doc["rules"][0]["status"] = "maybe"
    doc["run"]["artifacts"][0]["path"] = "../outside"
    messages = [e.message for e in validator("run-summary.schema.json").iter_errors(doc)]
    assert any("maybe" in m for m in messages)
    assert any("../outside" in m for m in messages)


def test_summary_per_rule_status_with_evidence_and_counts(run: RunResult) -> None:
    doc = summary_json.summary(run)
    assert doc["verdict"] == "non_conformant" and doc["verdict_text"]["vi"] == "KHÔNG ĐẠT"
    rules = {r["id"]: r for r in doc["rules"]}
    assert list(rules) == list(catalog())
    failing = rules[FAILING_RULE]
    assert failing["status"] == "fail"
    assert failing["evidence"][0]["found"] == "5"
    assert failing["evidence"][0]["location"]["exchange_id"] == FAILING_EXCHANGE
    assert "packages/VB1-gui.edxml" in failing["artifacts"]
    assert failing["scenarios"] == [run.scenarios[1].id]
    assert rules["ND30-PL1-SOHOA"]["reasons"][0]["kind"] == "capability"
    counts = doc["counts"]
    assert counts["scenarios"] == {"total": 6, "pass": 2, "fail": 1, "not_applicable": 2,
                                   "inconclusive": 0, "error": 1}
    assert counts["rules"]["total"] == len(catalog())
    assert counts["rules"]["fail"] == 1 and counts["failures"] == 1
    assert counts["warnings"] == 2  # TCVN6909-NFC and the QD28-10.2k warning


def test_summary_round_trips_through_the_run_it_embeds(run: RunResult) -> None:
    text = summary_json.render(run)
    again = summary_json.load_run(json.loads(text))
    assert summary_json.render(again) == text
    assert [r.status for r in rule_results(again)] == [r.status for r in rule_results(run)]


def test_junit_one_case_per_scenario_with_rule_properties(run: RunResult) -> None:
    root = ET.fromstring(junit_run.render(run))
    assert root.get("tests") == "6" and root.get("failures") == "1"
    assert root.get("errors") == "1" and root.get("skipped") == "2"
    cases = root.findall(".//testcase")
    assert len(cases) == 6
    failing = next(c for c in cases if c.find("failure") is not None)
    rules = [p.get("value") for p in failing.findall("properties/property[@name='rule']")]
    assert rules == [FAILING_RULE, "QD28-10.2k"]
    text = failing.find("failure").text
    assert "thực tế: 5" in text and FAILING_EXCHANGE in text
    assert "[[ATTACHMENT|pdf/VB1.pdf]]" in failing.find("system-out").text
    skipped = [c.find("skipped").get("message") for c in cases if c.find("skipped") is not None]
    assert any("kha_nang_so_hoa" in m for m in skipped)
    english = ET.fromstring(junit_run.render(run, lang="en"))
    assert "found: 5" in english.find(".//failure").text


def test_write_run_reports_writes_every_file(run: RunResult, tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = write_run_reports(run, out)
    assert {p.name for p in out.iterdir()} == {
        "run-result.json", "summary.json", "junit.xml", "report.html", "report.en.html"}
    assert written["html"] == out / "report.html"
    assert '<html lang="vi">' in (out / "report.html").read_text(encoding="utf-8")
    assert 'href="report.en.html"' in (out / "report.html").read_text(encoding="utf-8")
    assert 'href="report.html"' in (out / "report.en.html").read_text(encoding="utf-8")
    again = RunResult.from_dict(json.loads((out / "run-result.json").read_text("utf-8")))
    assert again.to_dict() == run.to_dict()
    english = write_run_reports(run, tmp_path / "en", lang="en")
    assert english["html"].name == "report.html" and english["html_vi"].name == "report.vi.html"


def test_evidence_that_is_not_json_is_written_as_text(run: RunResult, tmp_path: Path) -> None:
    import datetime as dt

    from conformance.findings import Status, finding

    when = dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    run.scenarios[0].findings.append(finding("QD28-10.2a", Status.PASS, "ok", "ok",
                                             evidence={"at": when, "file": tmp_path}))
    written = write_run_reports(run, tmp_path / "o")
    doc = json.loads(written["summary"].read_text(encoding="utf-8"))
    evidence = [f["evidence"] for r in doc["rules"] if r["id"] == "QD28-10.2a"
                for f in r["evidence"] if "at" in f["evidence"]]
    assert evidence == [{"at": "2026-11-22 09:30:00+07:00", "file": str(tmp_path)}]
