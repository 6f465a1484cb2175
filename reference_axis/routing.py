"""Routing: who receives a package, and the axis' own TraceHeader in relay mode.

* A document package goes to every recipient: the `to` header when given (JSON array, JSON
  string, or a bare code), else the package's `To/OrganId` list.
* A status package goes back to the sender of the document it answers
  (`ResponseFor/DocumentId`, preferring the document whose sender is `ResponseFor/OrganId`), else
  to the `to` header, else to `ResponseFor/OrganId`.

The package is read by the project's secure edXML parser (`conformance.edxml.parser`: no DTD,
no entities, no network, bounded sizes) behind `read_package()`, the one function to swap.
Packages that are unsafe or unreadable are refused; every other parser finding is recorded on
the exchange but does not stop the delivery (judging packages is the suite's job).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from conformance.edxml.limits import Limits
from conformance.edxml.model import EdocPackage, StatusPackage
from conformance.edxml.parser import parse_package
from conformance.findings import Finding, Status

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
# Findings of the parser that make the axis refuse the package (hostile or unreadable input).
REFUSING_RULES = frozenset({"QCVN102-XMLSEC", "QCVN102-XML", "QCVN102-LIMITS",
                            "QCVN102-ATTACHMENT-NAME", "QCVN102-NAMESPACE"})


@dataclass
class PackageInfo:
    kind: str | None = None  # "edoc" | "status" | None (unreadable)
    from_code: str | None = None
    to_codes: tuple[str, ...] = ()
    document_id: str | None = None
    response_for_id: str | None = None
    response_for_organ: str | None = None
    status_code: str | None = None
    notation: str | None = None
    title: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def refused(self) -> list[Finding]:
        return [f for f in self.findings
                if f.status is Status.FAIL and f.rule_id in REFUSING_RULES] or (
            [] if self.kind else list(self.findings))


def read_package(data: bytes, *, exchange_id: str, max_size: int) -> PackageInfo:
    limits = Limits(max_document=max_size)
    result = parse_package(data, limits=limits)
    info = PackageInfo(findings=[f.with_location(exchange_id=exchange_id)
                                 for f in result.findings])
    pkg = result.package
    if isinstance(pkg, EdocPackage):
        h = pkg.header
        info.kind = "edoc"
        info.from_code = h.from_.organ_id if h.from_ else None
        info.to_codes = tuple(t.organ_id for t in h.to if t.organ_id)
        info.document_id = h.document_id
        info.notation = h.code.full if h.code else None
        info.title = h.subject
        if h.response_for:
            info.response_for_id = h.response_for[0].document_id
            info.response_for_organ = h.response_for[0].organ_id
    elif isinstance(pkg, StatusPackage):
        info.kind = "status"
        info.from_code = pkg.from_.organ_id if pkg.from_ else None
        if pkg.response_for is not None:
            info.response_for_id = pkg.response_for.document_id
            info.response_for_organ = pkg.response_for.organ_id
        info.status_code = pkg.status_code
        info.title = pkg.description
    return info


def parse_to_header(value: str | None) -> tuple[str, ...] | None:
    """The SDK sends `to` as JSON text: `["a","b"]`, `"a"` (quotes included) — or a bare code
    from other clients; commas also separate codes. None when absent or empty."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = text
    if isinstance(parsed, str):
        items = [p for p in re.split(r"[,;\s]+", parsed) if p]
    elif isinstance(parsed, list):
        items = [str(p).strip() for p in parsed if str(p).strip()]
    else:
        items = [str(parsed)]
    codes = tuple(dict.fromkeys(items))
    return codes or None


_TRACE_LIST_END = re.compile(rb"</([A-Za-z_][\w.-]*:)?TraceHeaderList\s*>")
_HEADER_END = re.compile(rb"</([A-Za-z_][\w.-]*:)?MessageHeader\s*>")


def add_trace_header(package: bytes, organ_id: str, timestamp: str) -> bytes:
    """The package with one more TraceHeader (the axis'), everything else byte for byte: inside
    the existing TraceHeaderList (same prefix), or a new list after MessageHeader. Unchanged if
    neither place is found."""
    organ = organ_id.encode("utf-8")
    stamp = timestamp.encode("ascii")
    m = _TRACE_LIST_END.search(package)
    if m:
        p = m.group(1) or b""
        trace = (b"<" + p + b"TraceHeader><" + p + b"OrganId>" + organ + b"</" + p + b"OrganId><"
                 + p + b"Timestamp>" + stamp + b"</" + p + b"Timestamp></" + p + b"TraceHeader>")
        return package[:m.start()] + trace + package[m.start():]
    m = _HEADER_END.search(package)
    if m:
        block = (b'<TraceHeaderList xmlns="' + NS.encode() + b'"><TraceHeader><OrganId>' + organ
                 + b"</OrganId><Timestamp>" + stamp + b"</Timestamp></TraceHeader>"
                 b"</TraceHeaderList>")
        return package[:m.end()] + block + package[m.end():]
    return package
