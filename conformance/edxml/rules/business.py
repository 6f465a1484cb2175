"""The business block (`Bussiness`): new, revoke, update, replace (edxml.md §3.3, §3.9)."""

from __future__ import annotations

from conformance.checks import covers
from conformance.edxml import codes
from conformance.edxml.model import Business
from conformance.edxml.rules.context import Context, missing, passed, present
from conformance.findings import Finding, Status, finding

RULE = "QCVN102-BUSINESS"
B = "Bussiness"


def _fail(ctx: Context, key: str, vi: str, en: str, *, expected: str, found: str | None,
          missing_element: str | None = None) -> Finding:
    return finding(RULE, Status.FAIL, vi, en, expected=expected, found=found,
                   location=ctx.loc(key),
                   evidence={"missing": missing_element} if missing_element else {})


def _update_problems(ctx: Context, b: Business) -> list[Finding]:
    out: list[Finding] = []
    rlist = codes.receiver_type()
    for i, info in enumerate(b.document_info, start=1):
        key = f"{B}/BussinessDocumentInfo[{i}]"
        flags = (info.document_info or "").strip(), (info.document_receiver or "").strip()
        if "1" not in flags:
            out.append(_fail(
                ctx, key, "Gói tin cập nhật không nói cập nhật gì (DocumentInfo và "
                "DocumentReceiver đều khác 1)",
                "The update says nothing is updated (neither DocumentInfo nor DocumentReceiver "
                "is 1)", expected="DocumentInfo = 1 và/hoặc DocumentReceiver = 1",
                found=f"DocumentInfo={info.document_info!r}, "
                      f"DocumentReceiver={info.document_receiver!r}"))
        if flags[1] == "1" and not info.receivers:
            out.append(_fail(
                ctx, f"{key}/ReceiverList", "Cập nhật nơi nhận nhưng không có danh sách nơi nhận "
                "thay đổi (ReceiverList/Receiver)",
                "Receivers are updated but no changed receivers are listed "
                "(ReceiverList/Receiver)", expected="ReceiverList có ít nhất một Receiver",
                found="(không có / none)", missing_element="ReceiverList"))
        for j, r in enumerate(info.receivers or (), start=1):
            rkey = f"{key}/ReceiverList/Receiver[{j}]"
            if not present(r.organ_id):
                out.append(missing(RULE, ctx, f"{rkey}/OrganId", "mã đơn vị nhận bị thay đổi",
                                   "the changed receiver's code"))
            value = (r.receiver_type or "").strip()
            if value not in rlist.values:
                out.append(_fail(
                    ctx, f"{rkey}/ReceiverType",
                    f"Loại thay đổi nơi nhận (ReceiverType) {r.receiver_type!r} không thuộc "
                    "danh mục", f"ReceiverType {r.receiver_type!r} is not on the code list",
                    expected=rlist.describe(), found=repr(r.receiver_type),
                    missing_element=None if r.receiver_type is not None else "ReceiverType"))
    return out


def _replace_problems(ctx: Context, b: Business) -> list[Finding]:
    out: list[Finding] = []
    for i, rep in enumerate(b.replacements or (), start=1):
        key = f"{B}/ReplacementInfoList/ReplacementInfo[{i}]"
        if not present(rep.document_id):
            out.append(missing(RULE, ctx, f"{key}/DocumentId", "mã định danh văn bản bị thay thế",
                               "the replaced document's identifier"))
        if not any(present(o) for o in rep.organ_ids):
            out.append(missing(RULE, ctx, f"{key}/OrganIdList/OrganId",
                               "đơn vị đã nhận văn bản bị thay thế",
                               "the units that received the replaced document"))
    return out


_NEEDS = {
    "BussinessDocReason": ("lý do", "the reason"),
    "BussinessDocumentInfo": ("thông tin cập nhật (BussinessDocumentInfo)",
                              "the update information (BussinessDocumentInfo)"),
    "ReplacementInfoList": ("danh sách văn bản bị thay thế (ReplacementInfoList)",
                            "the list of replaced documents (ReplacementInfoList)"),
}


@covers(RULE)
def check_business(ctx: Context) -> list[Finding]:
    """QCVN102-BUSINESS: the business type is 0–3 and the block has what that type needs."""
    edoc = ctx.edoc
    if edoc is None:
        return []
    b = edoc.business
    if b is None:
        return [passed(RULE, ctx, "TraceHeaderList",
                       "Không có khối nghiệp vụ (Bussiness): coi là văn bản mới",
                       "No business block (Bussiness): read as a new document",
                       found="(không có / none)")]
    tlist = codes.business_doc_type()
    value = (b.doc_type or "").strip()
    if b.doc_type is None or not value:
        return [missing(RULE, ctx, f"{B}/BussinessDocType", "loại nghiệp vụ", "the business type",
                        expected=tlist.describe())]
    entry = tlist.values.get(value)
    if entry is None:
        return [_fail(ctx, f"{B}/BussinessDocType",
                      f"Loại nghiệp vụ (BussinessDocType) {b.doc_type!r} không thuộc danh mục",
                      f"BussinessDocType {b.doc_type!r} is not on the code list",
                      expected=tlist.describe(), found=repr(b.doc_type))]
    out: list[Finding] = []
    have = {
        "BussinessDocReason": present(b.doc_reason),
        "BussinessDocumentInfo": bool(b.document_info),
        "ReplacementInfoList": bool(b.replacements),
    }
    for need in entry.requires:
        if not have.get(need, True):
            vi, en = _NEEDS[need]
            out.append(_fail(
                ctx, f"{B}/{need}",
                f"Gói tin {entry.name.vi.lower()} (BussinessDocType={value}) thiếu {vi}",
                f"A {entry.name.en.lower()} package (BussinessDocType={value}) lacks {en}",
                expected=f"{need} có nội dung / {need} with content", found="(không có / none)",
                missing_element=need))
    if value == "2":
        out.extend(_update_problems(ctx, b))
    if value == "3":
        out.extend(_replace_problems(ctx, b))
    if not out:
        out.append(passed(RULE, ctx, f"{B}/BussinessDocType",
                          f"Khối nghiệp vụ đầy đủ: {value} ({entry.name.vi})",
                          f"Business block complete: {value} ({entry.name.en})", found=value))
    return out
