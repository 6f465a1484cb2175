"""Vietnamese text in the package: Unicode NFC (TCVN6909-NFC; the parser reports values that
were not NFC and normalises them) and no legacy 8-bit encodings such as TCVN3 or VNI read as
Windows-1252 (DN35-9.1b, check_text)."""

from __future__ import annotations

import unicodedata

from conformance.checks import covers
from conformance.edxml.rules.context import Context
from conformance.findings import Finding, Status, finding
from conformance.identifiers.text import check_text

_SKIP = ("ContentTransferEncoded",)


@covers("TCVN6909-NFC", "DN35-9.1b")
def check_package_text(ctx: Context) -> list[Finding]:
    """Every non-ASCII text value of the package through check_text; one summary pass per rule
    when nothing is wrong, so a clean package does not list every field."""
    out: list[Finding] = []
    checked = 0
    for key, el in ctx.locator.elements.items():
        if len(el) or key.endswith(_SKIP) or not el.text or el.text.isascii():
            continue
        checked += 1
        value = unicodedata.normalize("NFC", el.text)
        out.extend(f for f in check_text(value, location=ctx.loc(key)) if f.status is Status.FAIL)
    nfc_failed = any(f.rule_id == "TCVN6909-NFC" and f.status is Status.FAIL
                     for f in ctx.parse_findings)
    for rule, vi, en in (
            ("TCVN6909-NFC", "Văn bản trong gói tin dùng Unicode dựng sẵn (NFC)",
             "Text in the package uses precomposed Unicode (NFC)"),
            ("DN35-9.1b", "Văn bản trong gói tin dùng Unicode (TCVN 6909:2001), không dùng bảng "
                          "mã cũ", "Text in the package is Unicode (TCVN 6909:2001), no legacy "
                                   "encoding")):
        if any(f.rule_id == rule for f in out) or (rule == "TCVN6909-NFC" and nfc_failed):
            continue
        out.append(finding(rule, Status.PASS, vi, en, found=f"{checked} trường / fields",
                           location=ctx.loc("MessageHeader")))
    return out
