"""Findings as JUnit XML, one test case per finding, grouped by subject, for CI pipelines."""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from conformance.findings import Finding, Status


def render(
    findings: Sequence[Finding], *, subject: str = "qlvb-conformance", lang: str = "vi"
) -> str:
    suite = ET.Element(
        "testsuite",
        name=subject,
        tests=str(len(findings)),
        failures=str(sum(1 for f in findings if f.is_failure)),
        skipped=str(sum(1 for f in findings if f.status is Status.NOT_APPLICABLE)),
        errors="0",
    )
    for f in findings:
        case = ET.SubElement(
            suite, "testcase", classname=f"{subject}.{f.rule_id}", name=f.message.get(lang)
        )
        detail = "\n".join(
            x for x in (
                f.clause,
                f"expected: {f.expected}" if f.expected is not None else "",
                f"found: {f.found}" if f.found is not None else "",
                f.location.describe(),
            ) if x
        )
        if f.status is Status.FAIL:
            tag = "failure" if f.is_failure else "system-out"
            node = ET.SubElement(case, tag, message=f"[{f.rule_id}] {f.message.get(lang)}")
            node.text = detail
        elif f.status is Status.NOT_APPLICABLE:
            ET.SubElement(case, "skipped", message=f.message.get(lang))
        elif f.status is Status.INCONCLUSIVE:
            ET.SubElement(case, "system-out").text = f"inconclusive\n{detail}"
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)
