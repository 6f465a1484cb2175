"""Attachments: present (QD28-10.2g), matched between manifest and AttachmentEncoded
(QCVN102-MANIFEST), and of an accepted format (QCVN102-ATTACHMENT-TYPE, DN35-9.1c)."""

from __future__ import annotations

from collections import Counter

from conformance.checks import covers
from conformance.edxml.codes import attachment_types
from conformance.edxml.model import Attachment, Reference, strip_cid
from conformance.edxml.rules.context import Context, missing, passed, present
from conformance.findings import Finding, Status, finding

# What the first bytes of a file of each extension look like.
_MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
    "bmp": (b"BM",),
    "rtf": (b"{\\rtf",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
    "ppt": (b"\xd0\xcf\x11\xe0",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "odp": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04", b"PK\x05\x06"),
    "rar": (b"Rar!\x1a\x07",),
}


@covers("QD28-10.2g")
def check_attachments_present(ctx: Context) -> list[Finding]:
    """QD28-10.2g: a document package carries its files (at least the document itself)."""
    edoc = ctx.edoc
    if edoc is None:
        return []
    if not edoc.references and not edoc.attachments:
        return [missing("QD28-10.2g", ctx, "edXMLManifest/Reference",
                        "tệp văn bản, tài liệu gửi kèm",
                        "the document file and attachments")]
    names = ", ".join(a.name or "?" for a in edoc.attachments) or \
        ", ".join(r.attachment_name or "?" for r in edoc.references)
    count = max(len(edoc.attachments), len(edoc.references))
    return [passed("QD28-10.2g", ctx, "AttachmentEncoded", f"Có {count} tệp gửi kèm: {names}",
                   f"{count} file(s) attached: {names}", found=names)]


def _manifest_fail(ctx: Context, key: str, vi: str, en: str, *, expected: str,
                   found: str | None) -> Finding:
    return finding("QCVN102-MANIFEST", Status.FAIL, vi, en, expected=expected, found=found,
                   location=ctx.loc(key))


@covers("QCVN102-MANIFEST")
def check_manifest(ctx: Context) -> list[Finding]:
    """QCVN102-MANIFEST: every Reference has an Attachment with the same ContentId (without
    `cid:`) and the same name, and every Attachment is listed in the manifest."""
    edoc = ctx.edoc
    if edoc is None:
        return []
    out: list[Finding] = []
    refs: dict[str, tuple[int, Reference]] = {}
    atts: dict[str, tuple[int, Attachment]] = {}
    for kind, items, key, table in (("Reference", edoc.references, "Reference", refs),
                                    ("Attachment", edoc.attachments, "Attachment", atts)):
        counts = Counter(strip_cid(x.content_id) for x in items)
        for i, item in enumerate(items, start=1):
            cid = strip_cid(item.content_id)
            if not present(cid):
                out.append(missing("QCVN102-MANIFEST", ctx, f"{key}[{i}]/ContentId",
                                   f"ContentId của {kind}", f"the {kind}'s ContentId"))
                continue
            assert cid is not None
            if counts[cid] > 1:
                out.append(_manifest_fail(
                    ctx, f"{key}[{i}]/ContentId", f"ContentId '{cid}' lặp lại trong các {kind}",
                    f"ContentId '{cid}' occurs in more than one {kind}",
                    expected="ContentId duy nhất / a unique ContentId", found=item.content_id))
            table.setdefault(cid, (i, item))  # type: ignore[arg-type]
    for cid, (i, ref) in refs.items():
        if cid not in atts:
            out.append(_manifest_fail(
                ctx, f"Reference[{i}]/ContentId",
                f"Tệp '{ref.attachment_name}' có trong edXMLManifest nhưng không có tệp đính kèm "
                f"tương ứng (ContentId {cid})",
                f"File '{ref.attachment_name}' is listed in the manifest but not attached "
                f"(ContentId {cid})",
                expected="một Attachment cùng ContentId / an Attachment with the same ContentId",
                found="(không có / none)"))
            continue
        j, att = atts[cid]
        if present(ref.attachment_name) and present(att.name) and ref.attachment_name != att.name:
            out.append(_manifest_fail(
                ctx, f"Attachment[{j}]/AttachmentName",
                "Tên tệp trong edXMLManifest và trong AttachmentEncoded khác nhau",
                "The file name differs between the manifest and the attachment",
                expected=repr(ref.attachment_name), found=repr(att.name)))
    for cid, (j, att) in atts.items():
        if cid not in refs:
            out.append(_manifest_fail(
                ctx, f"Attachment[{j}]/ContentId",
                f"Tệp đính kèm '{att.name}' không được liệt kê trong edXMLManifest "
                f"(ContentId {cid})",
                f"Attachment '{att.name}' is not listed in the manifest (ContentId {cid})",
                expected="một Reference cùng ContentId / a Reference with the same ContentId",
                found="(không có / none)"))
    if not out and (refs or atts):
        out.append(passed("QCVN102-MANIFEST", ctx, "edXMLManifest",
                          f"{len(refs)} tệp trong edXMLManifest khớp với tệp đính kèm",
                          f"{len(refs)} manifest reference(s) match the attachments",
                          found=str(len(refs))))
    return out


def _extension(name: str | None) -> str | None:
    if not name or "." not in name:
        return None
    return name.rsplit(".", 1)[1].strip().lower() or None


def _pairs(ctx: Context) -> list[tuple[str, str | None, str | None, list[str], bytes | None]]:
    """(key, name, extension, declared content types, data) for every file of the package."""
    edoc = ctx.edoc
    assert edoc is not None
    types = attachment_types()
    refs = {strip_cid(r.content_id): r for r in edoc.references}
    seen: set[str | None] = set()
    out = []
    for i, att in enumerate(edoc.attachments, start=1):
        cid = strip_cid(att.content_id)
        seen.add(cid)
        ref = refs.get(cid)
        name = att.name or (ref.attachment_name if ref else None)
        declared = []
        if ref is not None and present(ref.content_type):
            declared.append(ref.content_type.strip().lower())  # type: ignore[union-attr]
        if present(att.content_type):
            ct = att.content_type.strip().lower()  # type: ignore[union-attr]
            # application/zip on the Attachment is the transfer wrapper (VNPT), not the file's
            # type, unless the file itself is a .zip
            if not (ct in types.zip_wrapper and _extension(name) != "zip"):
                declared.append(ct)
        out.append((f"Attachment[{i}]", name, _extension(name), declared, att.data))
    for i, ref in enumerate(edoc.references, start=1):
        if strip_cid(ref.content_id) not in seen:
            declared = [ref.content_type.strip().lower()] if present(ref.content_type) else []
            out.append((f"Reference[{i}]", ref.attachment_name, _extension(ref.attachment_name),
                        declared, None))  # type: ignore[union-attr]
    return out


@covers("QCVN102-ATTACHMENT-TYPE", "DN35-9.1c")
def check_attachment_types(ctx: Context) -> list[Finding]:
    """QCVN102-ATTACHMENT-TYPE (the 22-format list; ContentType and content agree with the
    extension) and DN35-9.1c (editable .doc/.docx/.odt/.txt/.rtf, scanned .pdf)."""
    if ctx.edoc is None:
        return []
    types = attachment_types()
    out: list[Finding] = []
    for key, name, ext, declared, data in _pairs(ctx):
        loc = ctx.loc(f"{key}/AttachmentName")
        problems: list[tuple[str, str, str, str]] = []
        if ext is None or ext not in types.general:
            problems.append((
                f"Phần mở rộng của tệp '{name}' không thuộc danh sách định dạng được chấp nhận",
                f"The extension of '{name}' is not on the accepted list",
                ", ".join(sorted(types.general)), repr(ext)))
        else:
            allowed = types.by_extension.get(ext, frozenset()) | types.any_type
            for ct in declared:
                if ct not in allowed:
                    problems.append((
                        f"ContentType '{ct}' không khớp với phần mở rộng .{ext} của tệp '{name}'",
                        f"ContentType '{ct}' does not match the extension .{ext} of '{name}'",
                        ", ".join(sorted(allowed)), ct))
            magic = _MAGIC.get(ext)
            if magic and data is not None and not data.startswith(magic):
                problems.append((
                    f"Nội dung tệp '{name}' không phải định dạng .{ext}",
                    f"The content of '{name}' is not in the .{ext} format",
                    f"bắt đầu bằng / starts with {magic[0]!r}", repr(data[:8])))
        for vi, en, expected, found in problems:
            out.append(finding("QCVN102-ATTACHMENT-TYPE", Status.FAIL, vi, en,
                               expected=expected, found=found, location=loc))
        if not problems:
            out.append(finding("QCVN102-ATTACHMENT-TYPE", Status.PASS,
                               f"Tệp '{name}' có định dạng .{ext} được chấp nhận",
                               f"File '{name}' has the accepted format .{ext}", found=ext,
                               location=loc))
        dn35 = types.editable | types.scanned
        if ext in dn35:
            out.append(finding("DN35-9.1c", Status.PASS,
                               f"Tệp '{name}' có định dạng .{ext} theo quy định",
                               f"File '{name}' has the prescribed format .{ext}", found=ext,
                               location=loc))
        else:
            out.append(finding(
                "DN35-9.1c", Status.FAIL,
                f"Tệp '{name}' không thuộc định dạng văn bản chỉnh sửa được "
                f"({', '.join(sorted(types.editable))}) hay văn bản quét (.pdf)",
                f"File '{name}' is neither an editable format "
                f"({', '.join(sorted(types.editable))}) nor a scan (.pdf)",
                expected=", ".join(f".{e}" for e in sorted(dn35)), found=repr(ext), location=loc))
    return out
