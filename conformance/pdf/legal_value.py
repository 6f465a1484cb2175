"""The legal value of a signed PDF (QĐ 28/2018 Điều 4): "tương đương văn bản giấy" (QD28-4.1)
when it is validly signed — for a main document by the competent person and the organisation,
for attachments, copies and digitised documents by the organisation — and otherwise "chỉ có giá
trị để biết, tham khảo" (QD28-4.2). Undecided error-level checks (e.g. no trust anchor) leave
it inconclusive.
"""

from __future__ import annotations

from collections.abc import Sequence

from conformance.checks import covers
from conformance.findings import Finding, Location, Severity, Status, finding

#: the rules that decide whether the document is signed "theo quy định" (presentation rules —
#: positions, colours, visible text — do not take its legal value away)
SIGNATURE_RULES = frozenset({
    "TT41-PDF", "QD28-6.1", "LC2019-6.1a", "LC2019-6.1d", "TT41-CERT-VALIDITY",
    "TT41-REVOCATION", "TT41-KEY-USAGE", "TT41-ALGORITHM", "TT41-COVERAGE", "LC2019-9.2a",
    "LC2019-6.2", "LC2019-6.3",
})


@covers("QD28-4.1", "QD28-4.2")
def check_legal_value(findings: Sequence[Finding], *, signed: bool, role: str,
                      file: str | None = None) -> list[Finding]:
    loc = Location(file=file, page=1)
    expected = ("ký số hợp lệ theo quy định (người có thẩm quyền và cơ quan) / validly signed "
                "(person and organisation)" if role == "main" else
                "ký số hợp lệ của cơ quan / validly signed by the organisation")
    if not signed:
        return [finding("QD28-4.2", Status.FAIL,
                        "Văn bản không có chữ ký số: chỉ có giá trị để biết, tham khảo",
                        "The document is not signed: for information and reference only",
                        expected=expected, found="không có chữ ký / unsigned", location=loc)]
    failed = sorted({f.rule_id for f in findings if f.is_failure
                     and f.rule_id in SIGNATURE_RULES})
    if failed:
        return [finding("QD28-4.2", Status.FAIL,
                        "Chữ ký số không đáp ứng quy định (" + ", ".join(failed) + "): văn bản "
                        "chỉ có giá trị để biết, tham khảo",
                        "The signatures do not meet the rules (" + ", ".join(failed) + "): "
                        "for information and reference only",
                        expected=expected, found=", ".join(failed), location=loc,
                        evidence={"failed_rules": failed})]
    undecided = sorted({f.rule_id for f in findings if f.status is Status.INCONCLUSIVE
                        and f.rule_id in SIGNATURE_RULES})
    if undecided:
        return [finding("QD28-4.1", Status.INCONCLUSIVE,
                        "Chưa kết luận được giá trị pháp lý: " + ", ".join(undecided)
                        + " chưa kiểm tra được",
                        "Legal value undecided: " + ", ".join(undecided) + " could not be checked",
                        expected=expected, found=", ".join(undecided), location=loc,
                        severity=Severity.INFO)]
    return [finding("QD28-4.1", Status.PASS,
                    "Văn bản điện tử ký số hợp lệ: có giá trị pháp lý tương đương văn bản giấy",
                    "Validly signed electronic document: legal value equivalent to paper",
                    expected=expected, found="đạt / conformant", location=loc)]
