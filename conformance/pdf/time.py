"""Signing times: /M carries Vietnam time (+07:00, ISO 8601) and agrees with the timestamp.

Tolerances: the claimed time may precede the timestamp's genTime by up to `MAX_TSA_DELAY`
(a slow TSA: 2–131 s were measured against tsa.ca.gov.vn) and follow it by up to
`MAX_CLOCK_AHEAD` (clock skew). A claimed time marked UTC but about seven hours ahead of the
timestamp is the known quirk of tools that write local Vietnam time as if it were UTC: it is
recognised and reported as such (a failure: the recorded instant is wrong by 7 h).
"""

from __future__ import annotations

import datetime as dt

from conformance.checks import covers
from conformance.findings import Finding, Severity, Status, finding
from conformance.pdf.model import VN_OFFSET, SignatureInfo, SignedPdf

MAX_TSA_DELAY = dt.timedelta(minutes=10)
MAX_CLOCK_AHEAD = dt.timedelta(seconds=60)
QUIRK_WINDOW = dt.timedelta(hours=1)
RULE = "TT41-SIGNING-TIME"


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


@covers("TT41-SIGNING-TIME")
def check_signing_time(doc: SignedPdf, sig: SignatureInfo) -> list[Finding]:
    if sig.is_doc_timestamp or not sig.intact_and_valid:
        return []
    loc = sig.location(doc.file)
    expected = "/M theo giờ Việt Nam (+07:00), khớp dấu thời gian / /M in Vietnam time (+07:00) " \
               "agreeing with the timestamp"
    m, tst = sig.m_time, sig.tst_time
    evidence = {"M": sig.m_raw, "timestamp": _iso(tst) if tst else None}
    if m is None:
        return [finding(RULE, Status.INCONCLUSIVE,
                        f"Chữ ký '{sig.field}' không ghi thời gian ký (/M)",
                        f"Signature '{sig.field}' records no signing time (/M)",
                        expected=expected, found=sig.m_raw or "—", location=loc,
                        evidence=evidence, severity=Severity.WARNING)]
    offset = m.utcoffset()
    if offset is None:
        return [finding(RULE, Status.FAIL,
                        f"Thời gian ký '{sig.m_raw}' không ghi múi giờ",
                        f"The signing time '{sig.m_raw}' has no time zone",
                        expected=expected, found=sig.m_raw, location=loc, evidence=evidence)]
    if tst is not None:
        delta = m - tst  # positive: /M after genTime
        if offset == dt.timedelta(0) and abs(delta - VN_OFFSET) <= QUIRK_WINDOW:
            return [finding(RULE, Status.FAIL,
                            f"Thời gian ký '{sig.m_raw}' là giờ Việt Nam nhưng ghi là UTC (lệch "
                            f"khoảng 7 giờ so với dấu thời gian {_iso(tst)})",
                            f"The signing time '{sig.m_raw}' is Vietnam local time marked as UTC "
                            f"(about 7 h off the timestamp {_iso(tst)})",
                            expected=expected, found=f"{sig.m_raw} (Δ {delta})", location=loc,
                            evidence={**evidence, "quirk": "local time marked as UTC"})]
        if delta > MAX_CLOCK_AHEAD or -delta > MAX_TSA_DELAY:
            return [finding(RULE, Status.FAIL,
                            f"Thời gian ký '{sig.m_raw}' không khớp dấu thời gian {_iso(tst)}",
                            f"The signing time '{sig.m_raw}' disagrees with the timestamp "
                            f"{_iso(tst)}", expected=expected, found=f"{sig.m_raw} (Δ {delta})",
                            location=loc, evidence=evidence)]
    if offset != VN_OFFSET:
        return [finding(RULE, Status.FAIL,
                        f"Thời gian ký '{sig.m_raw}' không theo múi giờ Việt Nam (+07:00)",
                        f"The signing time '{sig.m_raw}' is not in Vietnam time (+07:00)",
                        expected=expected, found=sig.m_raw, location=loc, evidence=evidence)]
    return [finding(RULE, Status.PASS,
                    f"Thời gian ký {_iso(m)} theo giờ Việt Nam"
                    + (f", khớp dấu thời gian {_iso(tst.astimezone(m.tzinfo))}" if tst else ""),
                    f"Signing time {_iso(m)} in Vietnam time"
                    + (f", agreeing with the timestamp {_iso(tst.astimezone(m.tzinfo))}"
                       if tst else ""),
                    expected=expected, found=sig.m_raw, location=loc, evidence=evidence)]


def run_checks(doc: SignedPdf) -> list[Finding]:
    out: list[Finding] = []
    for sig in doc.signatures:
        out += check_signing_time(doc, sig)
    return out
