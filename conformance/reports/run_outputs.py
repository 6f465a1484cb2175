"""Write every report of a run into the report directory (`conformance-report/`).

    run-result.json    the run result as saved (RunResult.to_dict), re-renderable
    summary.json       the JSON summary (per rule status with evidence; run-summary.schema.json)
    junit.xml          JUnit XML, one test case per scenario
    report.html        the HTML report in the chosen language (Vietnamese by default)
    report.en.html     the same in the other language (report.vi.html when English is chosen)

The runner writes its own files next to these (Allure results, the axis traffic log, the
exchanged packages and PDFs, referenced from the run result as artifacts) and then calls
`conformance.reports.bundle.write_bundle` on the directory.
"""

from __future__ import annotations

import json
from pathlib import Path

from conformance.reports import html_report, junit_run, summary_json
from conformance.reports.run_model import ProfileLike, RunResult
from conformance.rules import Catalog

RUN_RESULT_FILE = "run-result.json"
SUMMARY_FILE = "summary.json"
JUNIT_FILE = "junit.xml"
HTML_FILE = "report.html"


def html_name(lang: str, primary: str) -> str:
    return HTML_FILE if lang == primary else f"report.{lang}.html"


def write_run_reports(run: RunResult, out_dir: str | Path, *, catalog: Catalog | None = None,
                      profile: ProfileLike | None = None, lang: str = "vi") -> dict[str, Path]:
    """Write the reports; returns {"run_result", "summary", "junit", "html", "html_<lang>"}."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    primary = "en" if lang == "en" else "vi"
    other = "vi" if primary == "en" else "en"
    written: dict[str, Path] = {}

    def put(key: str, name: str, text: str) -> None:
        path = out / name
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        written[key] = path

    put("run_result", RUN_RESULT_FILE,
        json.dumps(run.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n")
    put("summary", SUMMARY_FILE, summary_json.render(run, catalog=catalog, profile=profile))
    put("junit", JUNIT_FILE, junit_run.render(run, lang=primary))
    for current, alt in ((primary, other), (other, primary)):
        put(f"html_{current}", html_name(current, primary),
            html_report.render(run, catalog=catalog, profile=profile, lang=current,
                               alternate=(html_name(alt, primary), alt)))
    written["html"] = written[f"html_{primary}"]
    return written
