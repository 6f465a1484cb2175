"""QCVN102-FORM: how the package is written, recorded as information (never a failure)."""

from __future__ import annotations

from conformance.checks import covers
from conformance.edxml.rules.context import Context
from conformance.findings import Finding, Status, finding

RULE = "QCVN102-FORM"

_ORDER = {
    "spec": ("thứ tự theo mẫu của quy chuẩn", "the spec/template order"),
    "vnpt": ("thứ tự của thư viện VNPT (DocumentId sau To, ToPlaces cuối)",
             "the VNPT library's order (DocumentId after To, ToPlaces last)"),
    "other": ("thứ tự khác cả mẫu quy chuẩn lẫn thư viện VNPT",
              "an order that is neither the spec's nor the VNPT library's"),
    "unknown": ("không xác định", "unknown"),
}
_SIGNATURE = {
    "xmldsig": ("Signature trong không gian tên XML-DSig", "Signature in the XML-DSig namespace"),
    "edxml-namespace": ("Signature trong không gian tên edXML (cách thư viện VNPT ghi)",
                        "Signature in the edXML namespace (as the VNPT library writes it)"),
    "digital-signature-empty": ("DigitalSignature rỗng (cách .NET SDK ghi)",
                                "an empty DigitalSignature (as the .NET SDK writes it)"),
    "digital-signature": ("DigitalSignature", "DigitalSignature"),
}


@covers(RULE)
def check_form(ctx: Context) -> list[Finding]:
    form = ctx.form
    loc = ctx.loc("MessageHeader")

    def info(vi: str, en: str, found: str) -> Finding:
        return finding(RULE, Status.PASS, vi, en, found=found, location=loc)

    out = []
    if form.prefixed:
        shown = ", ".join(form.prefixes)
        out.append(info(f"Các phần tử con có tiền tố ({shown}:), như thư viện VNPT",
                        f"Child elements are prefixed ({shown}:), as the VNPT library writes them",
                        "prefixed"))
    else:
        out.append(info("Các phần tử con không có tiền tố (không gian tên mặc định) — tương đương "
                        "về XML, nhưng có báo cáo phía VPCP từ chối dạng này",
                        "Child elements are unprefixed (default namespace) — equivalent for XML, "
                        "but one report says VPCP rejected this form", "unprefixed"))
    vi, en = _ORDER[form.header_order]
    out.append(info(f"MessageHeader theo {vi}", f"MessageHeader in {en}", form.header_order))
    if form.business_spelling and form.business_spelling != "Bussiness":
        out.append(info(f"Khối nghiệp vụ viết '{form.business_spelling}' (dạng trên đường truyền "
                        "là 'Bussiness')", f"Business block spelled '{form.business_spelling}' "
                        "(the wire spelling is 'Bussiness')", form.business_spelling))
    if form.signature in _SIGNATURE:
        vi, en = _SIGNATURE[form.signature]
        out.append(info(f"Chữ ký: {vi}", f"Signature: {en}", form.signature or ""))
    if form.mime_parts:
        out.append(info("Có phần tử Boundary/ContentId/ContentType ở gốc (dạng .NET)",
                        "Root-level Boundary/ContentId/ContentType elements (.NET form)",
                        "mime-parts"))
    if form.zipped_attachments or form.raw_attachments:
        out.append(info(f"Tệp đính kèm: {form.zipped_attachments} nén ZIP, "
                        f"{form.raw_attachments} không nén",
                        f"Attachments: {form.zipped_attachments} zipped, "
                        f"{form.raw_attachments} raw",
                        f"zipped={form.zipped_attachments}, raw={form.raw_attachments}"))
    if form.cid_prefix is not None:
        out.append(info("ContentId có tiền tố cid:" if form.cid_prefix else
                        "ContentId không (đều) có tiền tố cid:",
                        "ContentIds carry the cid: prefix" if form.cid_prefix else
                        "ContentIds do not (all) carry the cid: prefix",
                        "cid:" if form.cid_prefix else "no cid:"))
    return out
