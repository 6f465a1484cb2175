"""A run as JUnit XML for CI: one test suite per feature file, one test case per scenario.

A failed scenario is a `<failure>` (its failed findings with clause, expected, found and
location); an errored scenario is an `<error>`; an inconclusive one is an `<error
type="inconclusive">` too, so that a pipeline never turns it green; a not-applicable one is
`<skipped>` with its reason. The rule IDs of a scenario are `<property name="rule" …>` entries,
its evidence files `[[ATTACHMENT|path]]` lines in `<system-out>` (the Jenkins convention).
Run-level findings that did not pass form one more suite, `run`.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from conformance.findings import SEVERITY_TEXT, Finding, Status
from conformance.reports.run_model import (
    SCENARIO_STATUS_TEXT,
    RunResult,
    ScenarioResult,
    ScenarioStatus,
)


def _detail(f: Finding, lang: str) -> str:
    words = ("expected", "found", "where") if lang == "en" else ("yêu cầu", "thực tế", "vị trí")
    lines = [f"[{f.rule_id}] {f.message.get(lang)} ({SEVERITY_TEXT[f.severity][lang]})",
             f"    {f.clause}"]
    if f.expected is not None:
        lines.append(f"    {words[0]}: {f.expected}")
    if f.found is not None:
        lines.append(f"    {words[1]}: {f.found}")
    where = f.location.describe()
    if where:
        lines.append(f"    {words[2]}: {where}")
    return "\n".join(lines)


def _case(parent: ET.Element, s: ScenarioResult, lang: str) -> None:
    classname = s.feature_file.removesuffix(".feature").replace("/", ".")
    case = ET.SubElement(parent, "testcase", classname=classname, name=s.title,
                         time=f"{s.duration_s:.3f}")
    if s.line:
        case.set("file", s.feature_file)
        case.set("line", str(s.line))
    props = ET.SubElement(case, "properties")
    for rule_id in s.rule_ids:
        ET.SubElement(props, "property", name="rule", value=rule_id)
    for tag in s.tags:
        if tag not in s.rule_ids:
            ET.SubElement(props, "property", name="tag", value=tag)
    for x in s.exchange_ids:
        ET.SubElement(props, "property", name="exchange_id", value=x)

    failed = [f for f in s.findings if f.is_failure]
    undecided = [f for f in s.findings if f.status is Status.INCONCLUSIVE]
    body = "\n".join(_detail(f, lang) for f in (failed or undecided))
    if s.message:
        body = f"{s.message}\n{body}" if body else s.message
    status_text = SCENARIO_STATUS_TEXT[s.status][lang]
    if s.status is ScenarioStatus.FAIL:
        first = failed[0] if failed else None
        message = (f"[{first.rule_id}] {first.message.get(lang)}" if first
                   else s.message or status_text)
        ET.SubElement(case, "failure", message=message, type="non_conformant").text = body
    elif s.status is ScenarioStatus.ERROR:
        ET.SubElement(case, "error", message=s.message or status_text,
                      type="harness_error").text = body
    elif s.status is ScenarioStatus.INCONCLUSIVE:
        ET.SubElement(case, "error", message=s.message or status_text,
                      type="inconclusive").text = body
    elif s.status is ScenarioStatus.NOT_APPLICABLE:
        reason = s.reason.message.get(lang) if s.reason else status_text
        ET.SubElement(case, "skipped", message=reason)

    out = []
    warnings = [f for f in s.findings if f.status in (Status.FAIL, Status.INCONCLUSIVE)
                and not f.is_failure and f not in undecided]
    out.extend(_detail(f, lang) for f in warnings)
    out.extend(f"[[ATTACHMENT|{a.path}]]" for a in s.attachments)
    if out:
        ET.SubElement(case, "system-out").text = "\n".join(out)


def _suite(name: str, cases: list[ScenarioResult], lang: str) -> ET.Element:
    suite = ET.Element(
        "testsuite", name=name, tests=str(len(cases)),
        failures=str(sum(s.status is ScenarioStatus.FAIL for s in cases)),
        errors=str(sum(s.status in (ScenarioStatus.ERROR, ScenarioStatus.INCONCLUSIVE)
                       for s in cases)),
        skipped=str(sum(s.status is ScenarioStatus.NOT_APPLICABLE for s in cases)),
        time=f"{sum(s.duration_s for s in cases):.3f}",
    )
    for s in cases:
        _case(suite, s, lang)
    return suite


def render(run: RunResult, *, lang: str = "vi") -> str:
    root = ET.Element("testsuites", name=f"qlvb-conformance {run.profile.id}: {run.sut.name}",
                      time=f"{run.duration_s:.3f}")
    by_feature: dict[str, list[ScenarioResult]] = {}
    for s in run.scenarios:
        by_feature.setdefault(s.feature_file, []).append(s)
    for feature, cases in by_feature.items():
        suite = _suite(feature, cases, lang)
        suite.set("timestamp", run.started)
        root.append(suite)
    problems = [f for f in run.findings if f.status is not Status.PASS]
    if problems:
        suite = ET.SubElement(root, "testsuite", name="run", tests=str(len(problems)),
                              failures=str(sum(f.is_failure for f in problems)), errors="0",
                              skipped=str(sum(f.status is Status.NOT_APPLICABLE
                                              for f in problems)))
        for f in problems:
            case = ET.SubElement(suite, "testcase", classname=f"run.{f.rule_id}",
                                 name=f.message.get(lang))
            if f.is_failure:
                ET.SubElement(case, "failure", message=f"[{f.rule_id}] {f.message.get(lang)}",
                              type="non_conformant").text = _detail(f, lang)
            elif f.status is Status.NOT_APPLICABLE:
                ET.SubElement(case, "skipped", message=f.message.get(lang))
            else:
                ET.SubElement(case, "system-out").text = _detail(f, lang)
    totals = {k: sum(int(s.get(k, "0")) for s in root) for k in
              ("tests", "failures", "errors", "skipped")}
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
