"""Status packages (gói tin trạng thái, edxml.md §4): the status (QD28-10.2h) and its code,
the reason where one is needed, the time, and the document it answers."""

from __future__ import annotations

from conformance.checks import covers
from conformance.edxml import codes
from conformance.edxml.rules.context import Context, missing, passed, present
from conformance.findings import Finding, Severity, Status, finding
from conformance.timing.formats import check_edxml_datetime

H = "MessageHeader"


@covers("QD28-10.2h", "QCVN102-STATUS-CODE")
def check_status_code(ctx: Context) -> list[Finding]:
    """QD28-10.2h: the package states a processing status; QCVN102-STATUS-CODE: a known code."""
    status = ctx.status
    if status is None:
        return []
    key = f"{H}/StatusCode"
    clist = codes.status_code()
    value = status.status_code
    if not present(value):
        return [missing("QD28-10.2h", ctx, key, "trạng thái xử lý (StatusCode)",
                        "the processing status (StatusCode)", expected=clist.describe(),
                        found=None if value is None else repr(value))]
    assert value is not None
    code = value.strip()
    out = [passed("QD28-10.2h", ctx, key, f"Có trạng thái xử lý: {code}",
                  f"The processing status is given: {code}", found=code)]
    if code in clist.values:
        name = clist.values[code].name
        out.append(passed("QCVN102-STATUS-CODE", ctx, key, f"Mã trạng thái {code}: {name.vi}",
                          f"Status code {code}: {name.en}", found=code))
    elif code in clist.doubtful:
        note = clist.doubtful[code].name
        out.append(finding("QCVN102-STATUS-CODE", Status.FAIL,
                           f"Mã trạng thái {code} không thuộc danh mục chính thức — {note.vi}",
                           f"Status code {code} is not on the official list — {note.en}",
                           expected=clist.describe(), found=repr(value), location=ctx.loc(key),
                           severity=Severity.WARNING))
    else:
        out.append(finding("QCVN102-STATUS-CODE", Status.FAIL,
                           f"Mã trạng thái {value!r} không thuộc danh mục",
                           f"Status code {value!r} is not on the code list",
                           expected=clist.describe(), found=repr(value), location=ctx.loc(key)))
    return out


@covers("QCVN102-STATUS-REASON")
def check_status_reason(ctx: Context) -> list[Finding]:
    """QCVN102-STATUS-REASON: 02 and 16 give their reason in Description (13: a warning)."""
    status = ctx.status
    if status is None or not present(status.status_code):
        return []
    code = (status.status_code or "").strip()
    entry = codes.status_code().values.get(code)
    if entry is None or entry.reason is None:
        return []
    key = f"{H}/Description"
    if present(status.description):
        return [passed("QCVN102-STATUS-REASON", ctx, key,
                       f"Trạng thái {code} ({entry.name.vi}) có nêu lý do",
                       f"Status {code} ({entry.name.en}) gives a reason",
                       found=status.description)]
    severity = Severity.ERROR if entry.reason == "required" else Severity.WARNING
    return [finding("QCVN102-STATUS-REASON", Status.FAIL,
                    f"Trạng thái {code} ({entry.name.vi}) phải nêu lý do trong Description",
                    f"Status {code} ({entry.name.en}) must give the reason in Description",
                    expected="Description có nội dung / Description with the reason",
                    found="(không có / none)" if status.description is None
                    else repr(status.description),
                    location=ctx.loc(key), severity=severity,
                    evidence={"missing": "Description"})]


@covers("QD28-10.2n", "QCVN102-DATETIME")
def check_status_time(ctx: Context) -> list[Finding]:
    """QD28-10.2n: the status package's time (Timestamp), in yyyy/MM/dd HH:mm:ss."""
    status = ctx.status
    if status is None:
        return []
    key = f"{H}/Timestamp"
    if not present(status.timestamp):
        return [missing("QD28-10.2n", ctx, key, "thời gian của trạng thái (Timestamp)",
                        "the time of the status (Timestamp)",
                        found=None if status.timestamp is None else repr(status.timestamp))]
    assert status.timestamp is not None
    return [passed("QD28-10.2n", ctx, key, f"Có thời gian: {status.timestamp}",
                   f"The time is given: {status.timestamp}", found=status.timestamp),
            *check_edxml_datetime(status.timestamp, location=ctx.loc(key))]


_RF_PARTS = (
    ("OrganId", "organ_id", "mã cơ quan ban hành văn bản", "the issuing agency's code"),
    ("Code", "code", "số và ký hiệu văn bản", "the number and notation"),
    ("PromulgationDate", "promulgation_date", "ngày ban hành", "the promulgation date"),
    ("DocumentId", "document_id", "mã định danh văn bản", "the document identifier"),
)


@covers("QCVN102-STATUS-RESPONSEFOR")
def check_status_response_for(ctx: Context) -> list[Finding]:
    """QCVN102-STATUS-RESPONSEFOR: the answered document is fully identified."""
    status = ctx.status
    if status is None:
        return []
    rf = status.response_for
    key = f"{H}/ResponseFor"
    if rf is None:
        return [missing("QCVN102-STATUS-RESPONSEFOR", ctx, key, "văn bản được phản hồi",
                        "the document the status is about")]
    out = [missing("QCVN102-STATUS-RESPONSEFOR", ctx, f"{key}/{element}",
                   f"{vi} của văn bản được phản hồi", f"{en} of the answered document",
                   found=None if getattr(rf, attr) is None else repr(getattr(rf, attr)))
           for element, attr, vi, en in _RF_PARTS if not present(getattr(rf, attr))]
    if out:
        return out
    return [passed("QCVN102-STATUS-RESPONSEFOR", ctx, key,
                   f"Xác định văn bản được phản hồi: {rf.document_id}",
                   f"The answered document is identified: {rf.document_id}",
                   found=rf.document_id)]
