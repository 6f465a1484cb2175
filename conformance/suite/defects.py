"""The packages the axis delivers to the SUT in the receiving scenarios: defective ones (one per
`{loai_loi}` of features/STEPS.md, each breaking its rule) and valid ones written in the forms
real producers emit (`{dang}`).

Every builder starts from a valid, fully signed document a counterpart agency wrote
(`counterparts.Counterparts`) and changes what the defect names, reusing the project's fixture
generators (`conformance.fixtures_gen.pdf_corpus`, `.edxml`) for signatures and XML tricks.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from conformance.edxml import names as n
from conformance.edxml.builder import BuildOptions, build_package, make_attachment
from conformance.edxml.limits import DEFAULT_LIMITS, MiB
from conformance.edxml.model import (
    Attachment,
    EdocPackage,
    MimeParts,
    Organization,
    OtherInfo,
    PromulgationInfo,
    Signature,
)
from conformance.suite.counterparts import Counterparts, Issued
from reference_axis.reference_qlvb import packages
from reference_axis.reference_qlvb.behaviour import VARIANTS, Behaviour
from reference_axis.reference_qlvb.models import AttachmentSpec

PDF = "application/pdf"


@dataclass(frozen=True)
class Built:
    data: bytes
    document_id: str | None  # the DocumentId the package names (None when unreadable)
    base: Issued  # the valid document it was made from


# --- helpers -------------------------------------------------------------------------------------

def _rebuild(issued: Issued, package: EdocPackage, options: BuildOptions = packages.BUILD
             ) -> bytes:
    return build_package(package, options)


def _with_main_pdf(issued: Issued, pdf: bytes) -> bytes:
    atts = list(issued.package.attachments)
    i = next(i for i, a in enumerate(atts) if a.data and a.data.startswith(b"%PDF"))
    atts[i] = replace(atts[i], data=pdf)
    return _rebuild(issued, replace(issued.package, attachments=tuple(atts)))


def _main_pdf(issued: Issued) -> bytes:
    return next(a.data for a in issued.package.attachments
                if a.data and a.data.startswith(b"%PDF"))


@cache
def _corpus_pdf(name: str, profile: str) -> bytes:
    from conformance.fixtures_gen.pdf_corpus import corpus_items
    from conformance.fixtures_gen.pki import default_pki

    item = next(i for i in corpus_items(profile) if i.name == name)
    return bytes(item.build(default_pki(), profile))


def _flip_signature(pdf: bytes) -> bytes:
    """Change one hex digit inside the first signature's value (/Contents): the signature no
    longer verifies, the signed bytes are untouched."""
    start = pdf.index(b"/Contents <") + len(b"/Contents <")
    end = pdf.index(b">", start)
    hex_part = pdf[start:end].rstrip(b"0")
    at = start + max(8, len(hex_part) - 200)  # deep in the CMS: the signature value
    data = bytearray(pdf)
    data[at] = ord("a") if data[at] != ord("a") else ord("b")
    return bytes(data)


def _tampered(issued: Issued) -> bytes:
    """Text painted on page 1 by an incremental update after the last signature, and one byte
    of the signed revision changed: content altered after signing."""
    from conformance.fixtures_gen.pdf_corpus import append_text, flip_byte

    pdf = _main_pdf(issued)
    return flip_byte(append_text(pdf, when=_signed_at(pdf)))


def _signed_at(pdf: bytes) -> dt.datetime:
    from conformance.suite.checks import signature_times

    times = [tst or m for m, tst in signature_times(pdf) if (tst or m) is not None]
    return (max(times) if times else dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)) + \
        dt.timedelta(minutes=5)  # type: ignore[operator]


def _header_change(issued: Issued, **changes: object) -> bytes:
    return _rebuild(issued, replace(issued.package,
                                    header=replace(issued.package.header, **changes)))


def _first_subject(data: bytes) -> bytes:
    m = re.search(rb"<(?:\w+:)?Subject>([^<]{4,})</(?:\w+:)?Subject>", data)
    if m is None:
        raise ValueError("no Subject in the package")
    return m.group(1)


def _with_doctype(data: bytes, doctype: bytes, entity: bytes) -> bytes:
    head, body = data.split(b"\n", 1) if data.startswith(b"<?xml") else (b"", data)
    subject = _first_subject(body)
    body = body.replace(subject, entity + b" " + subject, 1)
    return (head + b"\n" if head else b"") + doctype + b"\n" + body


def _zip_bomb_attachment(issued: Issued) -> bytes:
    bomb, ref = make_attachment("7c1f0d2e-b0b0", "phu-luc-nen.pdf", b"\0" * (16 * MiB), PDF,
                                zipped=True)
    pkg = issued.package
    return _rebuild(issued, replace(pkg, attachments=(*pkg.attachments, bomb),
                                    references=(*pkg.references, ref)))


def _oversized(issued: Issued) -> bytes:
    """A package above the reader's document limit: its bytes, padded with an XML comment."""
    data = issued.data
    pad = DEFAULT_LIMITS.max_document + MiB - len(data)
    at = data.rindex(b"</")
    return data[:at] + b"<!--" + b"0" * max(pad, 0) + b"-->" + data[at:]


def _edit_encoded(data: bytes, transform: Callable[[bytes], bytes]) -> bytes:
    m = re.search(rb"(<(?:\w+:)?ContentTransferEncoded[^>]*>)([^<]+)(</)", data)
    if m is None:
        raise ValueError("no ContentTransferEncoded in the package")
    return data[:m.start(2)] + transform(m.group(2)) + data[m.end(2):]


def _corrupt_zip(issued: Issued) -> bytes:
    """Every attachment declared as a single-entry ZIP; the first one's ZIP broken."""
    pkg = issued.package
    atts = []
    for a in pkg.attachments:
        atts.append(replace(a, zipped=True, content_type="application/zip",
                            zip_entry=a.name))
    data = _rebuild(issued, replace(pkg, attachments=tuple(atts)))
    broken = base64.b64encode(b"PK\x03\x04" + b"\0" * 60)
    return _edit_encoded(data, lambda _old: broken)


def _executable(issued: Issued) -> bytes:
    pkg = issued.package
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 240 + \
        b"This program cannot be run in DOS mode.\r\r\n$" + b"\0" * 512
    att, ref = make_attachment("7c1f0d2e-e0e0", "phu-luc.pdf", exe, PDF, zipped=False,
                               description="Phụ lục")
    return _rebuild(issued, replace(pkg, attachments=(*pkg.attachments, att),
                                    references=(*pkg.references, ref)))


def _traversal(issued: Issued) -> bytes:
    pkg = issued.package
    atts = list(pkg.attachments)
    refs = list(pkg.references)
    evil = "../../etc/cron.d/" + (atts[0].name or "van-ban.pdf")
    atts[0] = replace(atts[0], name=evil)
    for i, r in enumerate(refs):
        if r.content_id == atts[0].content_id:
            refs[i] = replace(r, attachment_name=evil)
    return _rebuild(issued, replace(pkg, attachments=tuple(atts), references=tuple(refs)))


def _without_attachment(issued: Issued) -> bytes:
    pkg = issued.package
    return _rebuild(issued, replace(pkg, attachments=pkg.attachments[:-1]))


def _schema_broken(issued: Issued) -> bytes:
    """An element the schema does not allow in MessageHeader."""
    data = issued.data
    m = re.search(rb"</((?:\w+:)?)Subject>", data)
    assert m is not None
    prefix = m.group(1)
    extra = b"<" + prefix + b"GhiChuNoiBo>ghi chu</" + prefix + b"GhiChuNoiBo>"
    return data[:m.end()] + extra + data[m.end():]


def _secret(issued: Issued) -> bytes:
    subject = f"(MẬT) {issued.package.header.subject or ''}"
    return _header_change(issued, subject=subject)


def _xmldsig_tampered(issued: Issued) -> bytes:
    from conformance.fixtures_gen.edxml import sign_package

    signed = sign_package(issued.data)
    subject = _first_subject(signed)
    return signed.replace(subject, subject + " (đã sửa)".encode(), 1)


def _org_of_other_agency(cp: Counterparts, sender: str, recipient: str, other: str) -> Built:
    """A document signed by `other`'s organisation certificate, sent as `sender`."""
    theirs = cp.document(other, (recipient,), type_name="Công văn")
    mine = cp.document(sender, (recipient,), type_name="Công văn")
    return Built(_with_main_pdf(mine, _main_pdf(theirs)), mine.document_id, mine)


def _bad_date(issued: Issued) -> bytes:
    info = issued.package.header.promulgation_info or PromulgationInfo("Hà Nội", None)
    real = info.date or ""
    fake = real[:5] + "02/30" if len(real) >= 10 else "2026/02/30"
    doc_id = (issued.package.header.document_id or "").replace(real, fake)
    return _header_change(issued, promulgation_info=replace(info, date=fake),
                          document_id=doc_id)


def _bad_sender_code(issued: Issued) -> bytes:
    h = issued.package.header
    code = (h.from_.organ_id if h.from_ else "") or ""
    broken = code.split(".", 1)[1] if "." in code else "00.00.H41"  # a group missing
    return _header_change(issued, from_=replace(h.from_ or Organization(), organ_id=broken),
                          document_id=(h.document_id or "").replace(code, broken, 1))


def _bad_document_id(issued: Issued) -> bytes:
    doc_id = issued.package.header.document_id or ""
    return _header_change(issued, document_id=doc_id.replace(",", ", "))


def _priority(issued: Issued, value: str) -> bytes:
    other = issued.package.header.other_info or OtherInfo()
    return _header_change(issued, other_info=replace(other, priority=value))


# --- the catalogue -------------------------------------------------------------------------------

#: How a defect is made: from a valid document of `sender` to `recipient`.
Maker = Callable[[Counterparts, str, str, str], Built]


def _from_valid(change: Callable[[Issued], bytes], *, attachments: int = 0,
                behaviour: Behaviour | None = None, form: str = "born_digital") -> Maker:
    def make(cp: Counterparts, sender: str, recipient: str, other: str) -> Built:
        atts = tuple(AttachmentSpec(f"phu-luc-{i + 1}.pdf", f"Phụ lục {i + 1}")
                     for i in range(attachments))
        kwargs = {"behaviour": behaviour} if behaviour is not None else {}
        issued = cp.document(sender, (recipient,), attachments=atts, form=form, **kwargs)
        return Built(change(issued), issued.document_id, issued)
    return make


def _variant(name: str, **kwargs: object) -> Maker:
    return _from_valid(lambda issued: issued.data, behaviour=VARIANTS[name], **kwargs)  # type: ignore[arg-type]


def _pdf_swap(corpus_name: str) -> Maker:
    def make(cp: Counterparts, sender: str, recipient: str, other: str) -> Built:
        issued = cp.document(sender, (recipient,))
        return Built(_with_main_pdf(issued, _corpus_pdf(corpus_name, cp.profile)),
                     issued.document_id, issued)
    return make


def _readdressed(cp: Counterparts, sender: str, recipient: str, other: str) -> Built:
    issued = cp.document(sender, (recipient,))
    to = (Organization(organ_id=other, organ_name=cp.names.get(other, other), organ_add=""),)
    return Built(_header_change(issued, to=to), issued.document_id, issued)


DEFECTS: dict[str, Maker] = {
    "chữ ký số không hợp lệ": _from_valid(lambda i: _with_main_pdf(i, _flip_signature(
        _main_pdf(i)))),
    "thiếu chữ ký số": _variant("unsigned_pdf"),
    "tệp PDF bị sửa sau khi ký": _from_valid(lambda i: _with_main_pdf(i, _tampered(i))),
    "thiếu tệp đính kèm": _from_valid(_without_attachment, attachments=1),
    "gửi nhầm cơ quan nhận": _readdressed,
    "edXML sai cấu trúc": _from_valid(_schema_broken),
    "sai mã định danh cơ quan gửi": _from_valid(_bad_sender_code),
    "mã định danh văn bản sai cấu trúc": _from_valid(_bad_document_id),
    "chứng thư số không thuộc CA chuyên dùng Chính phủ": _pdf_swap("untrusted_root"),
    "chứng thư số hết hạn khi ký": _variant("expired_org_certificate"),
    "chứng thư số đã bị thu hồi": _pdf_swap("revoked_certificate"),
    "chứng thư số không có mục đích ký": _pdf_swap("wrong_key_usage"),
    "chữ ký dùng thuật toán băm SHA-1": _pdf_swap("sha1_certificate"),
    "tệp PDF bị mã hóa": _pdf_swap("encrypted"),
    "chỉ có chữ ký của người có thẩm quyền": _variant("skip_org_signature"),
    "chữ ký số của cơ quan khác Bên gửi": _org_of_other_agency,
    "chữ ký XML của gói tin không khớp nội dung": _from_valid(_xmldsig_tampered),
    "nội dung tệp đính kèm không phải base64 hợp lệ": _from_valid(lambda i: _edit_encoded(
        i.data, lambda old: old[:40] + b"!*" + old[42:])),
    "tệp ZIP đính kèm hỏng": _from_valid(_corrupt_zip),
    "ngày ban hành không có thật": _from_valid(_bad_date),
    "độ khẩn ngoài danh mục": _from_valid(lambda i: _priority(i, "7")),
    "văn bản mã hóa ký tự TCVN3": _variant("legacy_encoded_text"),
    "tệp đính kèm là tệp thực thi": _from_valid(_executable),
    "văn bản số hóa không có chữ ký số của tổ chức": _variant("unsigned_pdf", form="digitised"),
    "văn bản có dấu chỉ độ mật": _from_valid(_secret),
    "không phải XML đúng cú pháp": _from_valid(
        lambda i: i.data[: i.data.index(b"MessageHeader>") + 40]),
    "sai không gian tên edXML": _from_valid(
        lambda i: i.data.replace(n.NS.encode(), b"http://www.mic.gov.vn/TBT/QCVN_102_2015")),
    "chuỗi byte UTF-8 sai": _from_valid(lambda i: i.data.replace(
        _first_subject(i.data), _first_subject(i.data)[:6] + b"\xea\xfe" +
        _first_subject(i.data)[6:], 1)),
    "khai báo DOCTYPE và thực thể ngoài": _from_valid(lambda i: _with_doctype(
        i.data, b'<!DOCTYPE edXML [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>',
        b"&xxe;")),
    "bom thực thể XML": _from_valid(lambda i: _with_doctype(
        i.data, b"<!DOCTYPE edXML [\n  " + "\n  ".join(
            ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{k} "{("&lol" + str(k - 1) + ";") * 10}">'
                                        for k in range(1, 10)]).encode() + b"\n]>",
        b"&lol9;")),
    "tên tệp đính kèm chứa đường dẫn ngược thư mục": _from_valid(_traversal),
    "tệp ZIP đính kèm là bom nén": _from_valid(_zip_bomb_attachment),
    "gói tin vượt giới hạn kích thước": _from_valid(_oversized),
}


def build_defect(cp: Counterparts, kind: str, *, sender: str, recipient: str, other: str
                 ) -> Built:
    try:
        maker = DEFECTS[kind]
    except KeyError:
        raise KeyError(f"loại lỗi không có trong danh mục: {kind!r}") from None
    return maker(cp, sender, recipient, other)


# --- valid packages in the forms real producers write (`{dang}`) ---------------------------------

def _zipped(pkg: EdocPackage) -> EdocPackage:
    return replace(pkg, attachments=tuple(
        replace(a, zipped=True, content_type="application/zip", zip_entry=a.name)
        for a in pkg.attachments))


def _net_sdk(pkg: EdocPackage) -> bytes:
    atts = tuple(replace(a, content_id=(a.content_id or "").removeprefix("cid:"))
                 for a in pkg.attachments)
    refs = tuple(replace(r, content_id=(r.content_id or "").removeprefix("cid:"))
                 for r in pkg.references)
    package = replace(pkg, attachments=atts, references=refs,
                      mime=MimeParts("MIME_boundary", "<edXMLEnvelope@mic.gov.vn>", "text/xml"),
                      signature=Signature(element="DigitalSignature", namespace=n.NS,
                                          raw_xml=f'<DigitalSignature xmlns="{n.NS}"/>'.encode()))
    return build_package(package, BuildOptions(order="spec", prefixed=False))


def _vnpt_signature(pkg: EdocPackage) -> bytes:
    raw = (f'<Signature xmlns="{n.NS}"><SignedInfo><CanonicalizationMethod Algorithm='
           '"http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/><SignatureMethod Algorithm='
           '"http://www.w3.org/2000/09/xmldsig#rsa-sha1"/><Reference URI=""><DigestValue>'
           'FwgIqsSYJshUS2+wlOM61L+q7Aw=</DigestValue></Reference></SignedInfo><SignatureValue>'
           'R2JWYjhuOStxRnh6NDY2QWcwc2Jw</SignatureValue></Signature>').encode()
    return build_package(replace(pkg, signature=Signature(element="Signature", namespace=n.NS,
                                                          raw_xml=raw)))


FORMS: dict[str, Callable[[EdocPackage], bytes]] = {
    "thứ tự phần tử của thư viện VNPT": lambda p: build_package(p, BuildOptions()),
    "dạng của SDK .NET": _net_sdk,
    "khối nghiệp vụ viết Business": lambda p: build_package(
        p, BuildOptions(order="spec", business_spelling="Business", business_first=True)),
    "chữ ký XML trong không gian tên edXML": _vnpt_signature,
    "tệp đính kèm nén ZIP": lambda p: build_package(_zipped(p), packages.BUILD),
    "tệp đính kèm không nén": lambda p: build_package(p, packages.BUILD),
}


def build_form(issued: Issued, form: str) -> bytes:
    try:
        return FORMS[form](issued.package)
    except KeyError:
        raise KeyError(f"dạng biểu diễn không có trong danh mục: {form!r}") from None


def attachment_of(data: bytes) -> list[Attachment]:
    parsed = packages.read(data).package
    return list(parsed.attachments) if isinstance(parsed, EdocPackage) else []


def zip_single(data: bytes, name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()
