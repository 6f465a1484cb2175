"""Validation against the project's own edXML schemas (conformance/data/edxml/*.xsd).

Two modes: "strict" (QCVN 102 as written: spec order, required elements, formats, code lists)
and "observed" (what real producers emit; see the comments at the top of each XSD). lxml's
`XMLSchema` validates the tree the secure parser already built, so each error carries its line;
its XPath is rewritten into the harness's form (local names, `/edXML/…/To[2]/OrganId`).

The observed schema uses an unordered (choice-based) content model, in which XSD 1.0 cannot say
"at most once" for the single elements; `_singletons` checks that instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Literal

from lxml import etree

from conformance.checks import covers
from conformance.edxml import names as n
from conformance.edxml.tree import local, xpath_of
from conformance.findings import Finding, Location, Status, finding
from conformance.resources import data_path

Mode = Literal["strict", "observed"]
MODES: tuple[Mode, ...] = ("strict", "observed")
RULE = "QCVN102-SCHEMA"
MAX_ERRORS = 200

_NS_BRACES = re.compile(r"\{" + re.escape(n.NS) + r"\}")
_OTHER_BRACES = re.compile(r"\{([^}]*)\}")
_EXPECTED = re.compile(r"Expected is (?:one of )?\( ([^)]*) \)")

# Children that may repeat, per parent (local names); every other edXML child is single.
_REPEATABLE: dict[str, frozenset[str]] = {
    "MessageHeader": frozenset({"To", "ResponseFor"}),
    "TraceHeaderList": frozenset({"TraceHeader"}),
    "Bussiness": frozenset({"StaffInfo", "BussinessDocumentInfo", "BusinessDocumentInfo",
                            "ReplacementInfoList"}),
    "Business": frozenset({"StaffInfo", "BussinessDocumentInfo", "BusinessDocumentInfo",
                           "ReplacementInfoList"}),
    "ToPlaces": frozenset({"Place"}),
    "Appendixes": frozenset({"Appendix"}),
    "ReceiverList": frozenset({"Receiver"}),
    "ReplacementInfoList": frozenset({"ReplacementInfo"}),
    "OrganIdList": frozenset({"OrganId"}),
    "edXMLManifest": frozenset({"Reference"}),
    "AttachmentEncoded": frozenset({"Attachment"}),
}
_OPAQUE = frozenset({"Signature", "DigitalSignature"})
_SPELLING = {"Business": "Bussiness", "BusinessDocType": "BussinessDocType",
             "BusinessDocReason": "BussinessDocReason",
             "BusinessDocumentInfo": "BussinessDocumentInfo"}


def schema_path(mode: Mode) -> str:
    return str(data_path("edxml", f"edxml-{mode}.xsd"))


@cache
def load_schema(mode: Mode) -> etree.XMLSchema:
    """The compiled schema of a mode (built once per process)."""
    if mode not in MODES:
        raise ValueError(f"unknown schema mode {mode!r}; expected one of {MODES}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(schema_path(mode), parser))


def _readable(message: str) -> str:
    text = _NS_BRACES.sub("edXML:", message)
    return _OTHER_BRACES.sub(lambda m: f"{{{m.group(1)}}}", text)


def _expected_names(message: str) -> list[str]:
    m = _EXPECTED.search(message)
    if not m:
        return []
    return [part.strip().rpartition("}")[2] for part in m.group(1).split(",")]


def _prefixes(root: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in root.iter():
        for prefix, uri in (el.nsmap or {}).items():
            if prefix and prefix not in out:
                out[prefix] = uri
    return out


def _element_at(root: etree._Element, path: str | None,
                prefixes: dict[str, str]) -> etree._Element | None:
    if not path:
        return None
    try:
        hits = root.getroottree().xpath(path, namespaces=prefixes)
    except (etree.XPathError, TypeError):
        return None
    return hits[0] if hits and isinstance(hits[0], etree._Element) else None


def _mode_text(mode: Mode) -> tuple[str, str]:
    if mode == "strict":
        return "nghiêm ngặt (QCVN 102)", "strict (QCVN 102)"
    return "theo thực tế (as-observed)", "as-observed"


@covers(RULE)
def check_schema(root: etree._Element, mode: Mode = "strict", *,
                 file: str | None = None) -> list[Finding]:
    """QCVN102-SCHEMA: the package against the strict or the observed schema. One finding per
    schema error (with line and XPath), or one pass finding."""
    schema = load_schema(mode)
    vi_mode, en_mode = _mode_text(mode)
    valid = schema.validate(root)
    findings: list[Finding] = []
    if not valid:
        prefixes = _prefixes(root)
        errors = list(schema.error_log)
        for entry in errors[:MAX_ERRORS]:
            element = _element_at(root, entry.path, prefixes)
            message = entry.message or ""
            names = _expected_names(message)
            parent_xpath = None
            if element is not None:
                holder = element if "Missing child" in message else element.getparent()
                parent_xpath = xpath_of(holder) if holder is not None else None
            findings.append(finding(
                RULE, Status.FAIL,
                f"Gói tin không hợp lệ theo lược đồ edXML ({vi_mode}): {_readable(message)}",
                f"Package does not validate against the edXML schema ({en_mode}): "
                f"{_readable(message)}",
                expected=(f"một trong: {', '.join(names)} / one of: {', '.join(names)}"
                          if names else f"edxml-{mode}.xsd"),
                found=_found(element, message),
                location=Location(file=file, line=entry.line or None,
                                  xpath=xpath_of(element) if element is not None else entry.path),
                evidence={"schema": f"edxml-{mode}.xsd", "reason": message,
                          "expected_elements": names, "parent_xpath": parent_xpath}))
        if len(errors) > MAX_ERRORS:
            findings.append(finding(
                RULE, Status.FAIL,
                f"… và {len(errors) - MAX_ERRORS} lỗi lược đồ khác (không liệt kê)",
                f"… and {len(errors) - MAX_ERRORS} more schema errors (not listed)",
                expected=f"edxml-{mode}.xsd", found=f"{len(errors)} lỗi / errors",
                location=Location(file=file)))
    if mode == "observed":
        findings.extend(_singletons(root, file))
    if not findings:
        findings.append(finding(
            RULE, Status.PASS, f"Gói tin hợp lệ theo lược đồ edXML ({vi_mode})",
            f"Package validates against the edXML schema ({en_mode})",
            expected=f"edxml-{mode}.xsd", found="hợp lệ / valid",
            location=Location(file=file, line=root.sourceline, xpath=xpath_of(root))))
    return findings


def _found(element: etree._Element | None, message: str) -> str:
    if element is None:
        return message
    name = local(element)
    if len(element) == 0 and element.text is not None and element.text.strip():
        value = element.text.strip()
        shown = value if len(value) <= 80 else value[:80] + "…"
        return f"{name} = {shown!r}"
    return f"<{name}>"


def _edxml_children(el: etree._Element) -> Iterator[etree._Element]:
    for c in el:
        if isinstance(c.tag, str) and c.tag.startswith("{" + n.NS + "}"):
            yield c


def _singletons(root: etree._Element, file: str | None) -> list[Finding]:
    """Single elements that occur more than once (observed mode)."""
    out: list[Finding] = []
    stack = [root]
    while stack:
        el = stack.pop()
        name = local(el)
        if name in _OPAQUE:
            continue
        repeatable = _REPEATABLE.get(name, frozenset())
        seen: dict[str, list[etree._Element]] = {}
        for child in _edxml_children(el):
            cname = local(child)
            seen.setdefault(_SPELLING.get(cname, cname), []).append(child)
            stack.append(child)
        for cname, items in seen.items():
            if len(items) > 1 and cname not in repeatable:
                dup = items[1]
                out.append(finding(
                    RULE, Status.FAIL,
                    f"Phần tử {cname} xuất hiện {len(items)} lần trong {name} (chỉ được một lần)",
                    f"Element {cname} occurs {len(items)} times in {name} (at most once)",
                    expected=f"tối đa 1 {cname} / at most one {cname}",
                    found=f"{len(items)} {cname}",
                    location=Location(file=file, line=dup.sourceline, xpath=xpath_of(dup)),
                    evidence={"schema": "edxml-observed.xsd", "reason": "duplicate element",
                              "expected_elements": [], "parent_xpath": xpath_of(el)}))
    return out
