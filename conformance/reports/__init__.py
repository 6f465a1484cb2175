"""Renderers at the edge: the core produces findings; these turn them into text, JSON, JUnit.

For one validated subject (a flat list of findings): `text`, `json_report`, `junit`.
For a whole `qlvb-conformance run`: the result model `run_model` (RunResult, ScenarioResult,
rule_results, overall_verdict) and its renderers `summary_json`, `html_report`, `junit_run`,
written together by `run_outputs.write_run_reports`; the signed evidence bundle is `bundle`.
"""
