"""The SUT as sender: driver actions (features/STEPS.md "The SUT as sender")."""

from __future__ import annotations

import base64
import datetime as dt
import io
import zipfile
from dataclasses import fields
from typing import Any

from conformance.suite.context import Doc, HarnessError, Scenario, Sent
from conformance.suite.steps.common import COPY_FORMS, FORMATS, URGENCY, nfc, step
from reference_axis.reference_qlvb.models import AttachmentSpec, IssueRequest

SUBJECTS = {
    "Công văn": "Về việc triển khai gửi, nhận văn bản điện tử qua Trục liên thông",
    "Quyết định": "Quyết định ban hành Quy chế gửi, nhận văn bản điện tử",
    "Báo cáo": "Báo cáo tình hình gửi, nhận văn bản điện tử quý I năm 2026",
}
DIACRITICS_SUBJECT = ("Về việc tăng cường ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt "
                      "động của các cơ quan hành chính nhà nước trên địa bàn tỉnh")
PAPER_TYPES = {"công văn giấy một trang": "Công văn", "quyết định giấy nhiều trang": "Quyết định",
               "văn bản giấy có bảng biểu màu": "Báo cáo"}


def _has_field(name: str) -> bool:
    return any(f.name == name for f in fields(IssueRequest))


def _subject(type_name: str) -> str:
    return SUBJECTS.get(type_name, f"Về việc thực hiện {type_name.lower()} về gửi, nhận văn bản "
                                   "điện tử")


def _recipients(qlvb: Scenario, text: str) -> tuple[str, ...]:
    return tuple(qlvb.h.codes(text))


def _template(qlvb: Scenario, mau: str, type_name: str) -> dict[str, Any]:
    mau = nfc(mau)
    if mau == "văn bản quy phạm pháp luật":
        return {"legal": True}
    if mau == "kèm phụ lục tệp riêng":
        return {"attachments": (AttachmentSpec("phu-luc-01.pdf", "Phụ lục: Danh sách đơn vị"),)}
    if mau == "nội dung tiếng Việt có dấu":
        return {"subject": DIACRITICS_SUBJECT,
                "body": ("Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về chuyển đổi số, đề nghị "
                         "các sở, ban, ngành rà soát, cập nhật đầy đủ thông tin văn bản điện tử.",)}
    if mau == "có hạn xử lý":
        base = (qlvb.moment or dt.datetime.now()).date()
        return {"due_date": (base + dt.timedelta(days=14)).isoformat()}
    if mau == "có dấu chỉ độ mật":
        extra: dict[str, Any] = {"subject": f"(MẬT) {_subject(type_name)}",
                                 "body": ("MẬT — Văn bản có nội dung thuộc bí mật nhà nước.",)}
        for name in ("secret", "confidential", "secrecy"):
            if _has_field(name):
                extra[name] = True if name != "secrecy" else "MẬT"
        return extra
    if mau in PAPER_TYPES:
        return {"type_name": PAPER_TYPES[mau]}
    raise HarnessError(f"mẫu văn bản không có trong danh mục: {mau!r}")


def _attachment(fmt: str, index: int) -> AttachmentSpec:
    ext, content_type = FORMATS[fmt]
    name = f"phu-luc-{index:02d}.{ext}"
    if fmt == "pdf":
        return AttachmentSpec(name, f"Phụ lục {index}: Danh sách đơn vị")
    return AttachmentSpec(name, f"Phụ lục {index}", base64.b64encode(_office_file(fmt)).decode(),
                          content_type)


def _office_file(fmt: str) -> bytes:
    from conformance.fixtures_gen.edxml import sample_docx, sample_xlsx

    if fmt == "docx":
        return sample_docx("Danh sách đơn vị tham gia")
    if fmt == "xlsx":
        return sample_xlsx()
    if fmt == "rtf":
        return (b"{\\rtf1\\ansi\\ansicpg1258\\deff0 {\\fonttbl {\\f0 Times New Roman;}}"
                b"\\f0\\fs26 Danh s\\'e1ch \\'f0\\u417?n v\\u7883? tham gia\\par }")
    if fmt == "odt":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
            z.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-'
                       'content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
                       '<office:text><text:p>Danh sách đơn vị</text:p></office:text>'
                       '</office:body></office:document-content>')
            z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?>'
                       '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
                       'xmlns:manifest:1.0"/>')
        return buffer.getvalue()
    if fmt == "doc":  # an OLE2 compound file header, as Word 97–2003 writes
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" \
            + b"\x09\x00" + b"\x00" * 486
    raise HarnessError(f"định dạng tệp không có trong danh mục: {fmt!r}")


def issue(qlvb: Scenario, label: str, request: IssueRequest) -> Doc:
    """Ask the SUT to issue; wait for its sendEdoc; bind the label (possibly to nothing)."""
    known = {s.doc_id for s in qlvb.sut_sent("edoc")}
    result = qlvb.drive(lambda: qlvb.h.adapter.issue(request), "ban hành văn bản")
    wanted = result.document_id if result is not None else None

    def new_edoc() -> Sent | None:
        for s in qlvb.sut_sent("edoc"):
            if s.doc_id in known:
                continue
            if wanted and s.edxml_document_id and s.edxml_document_id != wanted:
                continue
            return s
        return None

    sent = qlvb.wait(new_edoc)
    if result is not None and result.error is not None:
        qlvb.notes.append(f"ban hành {label}: {result.error.vi}")
    doc = qlvb.bind(Doc(label=label, direction="out", sent=sent, request=request,
                        document_id=(sent.edxml_document_id if sent and sent.edxml_document_id
                                     else wanted),
                        sender=request.agency or qlvb.h.sut.first_agency))
    if sent is not None:
        qlvb.set_outgoing(sent, request=request, label=label)
    return doc


def _request(qlvb: Scenario, ma_nhan: str, type_name: str, **extra: Any) -> IssueRequest:
    values: dict[str, Any] = {"subject": _subject(type_name), "type_name": nfc(type_name),
                              "recipients": _recipients(qlvb, ma_nhan),
                              "agency": qlvb.h.sut.first_agency}
    values.update(extra)
    return IssueRequest(**values)


@step('hệ thống được kiểm thử ban hành văn bản "{ten}" là "{loai_van_ban}" độ khẩn "{do_khan}" '
      'gửi đến "{ma_nhan}"', "Cho", "Khi")
def issue_plain(qlvb: Scenario, ten: str, loai_van_ban: str, do_khan: str, ma_nhan: str) -> None:
    if nfc(do_khan) not in URGENCY:
        raise HarnessError(f"độ khẩn không có trong danh mục: {do_khan!r}")
    issue(qlvb, ten, _request(qlvb, ma_nhan, loai_van_ban, urgency=URGENCY[nfc(do_khan)]))


@step('hệ thống được kiểm thử ban hành văn bản "{ten}" là "{loai_van_ban}" kèm {so_tep:d} tệp '
      'đính kèm "{dinh_dang}" gửi đến "{ma_nhan}"', "Khi")
def issue_with_files(qlvb: Scenario, ten: str, loai_van_ban: str, so_tep: int, dinh_dang: str,
                     ma_nhan: str) -> None:
    atts = tuple(_attachment(dinh_dang, i) for i in range(1, so_tep + 1))
    issue(qlvb, ten, _request(qlvb, ma_nhan, loai_van_ban, attachments=atts))


@step('hệ thống được kiểm thử ban hành văn bản "{ten}" là "{loai_van_ban}" theo mẫu '
      '"{mau_van_ban}" gửi đến "{ma_nhan}"', "Khi")
def issue_template(qlvb: Scenario, ten: str, loai_van_ban: str, mau_van_ban: str,
                   ma_nhan: str) -> None:
    issue(qlvb, ten, _request(qlvb, ma_nhan, loai_van_ban,
                              **_template(qlvb, mau_van_ban, loai_van_ban)))


@step('hệ thống được kiểm thử phát hành văn bản "{ten}" số hóa từ bản giấy "{mau_van_ban}" '
      'gửi đến "{ma_nhan}"', "Khi")
def issue_digitised(qlvb: Scenario, ten: str, mau_van_ban: str, ma_nhan: str) -> None:
    extra = _template(qlvb, mau_van_ban, "Công văn")
    type_name = extra.pop("type_name", "Công văn")
    issue(qlvb, ten, _request(qlvb, ma_nhan, type_name, form="digitised", **extra))


@step('hệ thống được kiểm thử phát hành bản sao "{ten}" hình thức "{hinh_thuc_sao}" từ bản giấy '
      '"{mau_van_ban}" gửi đến "{ma_nhan}"', "Khi")
def issue_copy(qlvb: Scenario, ten: str, hinh_thuc_sao: str, mau_van_ban: str,
               ma_nhan: str) -> None:
    form = nfc(hinh_thuc_sao).strip().lower()
    if form not in COPY_FORMS:
        raise HarnessError(f"hình thức sao không có trong danh mục: {hinh_thuc_sao!r}")
    extra = _template(qlvb, mau_van_ban, "Công văn")
    type_name = extra.pop("type_name", "Công văn")
    # the driver protocol's spelling of the copy form: "sao y", "sao lục", "trích sao"
    issue(qlvb, ten, _request(qlvb, ma_nhan, type_name, form="copy", copy_form=form, **extra))


def _sent_doc(qlvb: Scenario, ten: str) -> Doc:
    doc = qlvb.doc(ten)
    if doc.direction != "out" or not doc.document_id:
        raise HarnessError(f"'{ten}' không phải văn bản hệ thống đã ban hành / not issued by "
                           "the SUT")
    return doc


@step('hệ thống được kiểm thử thu hồi văn bản "{ten}" với lý do "{ly_do}"', "Khi")
def revoke(qlvb: Scenario, ten: str, ly_do: str) -> None:
    doc = _sent_doc(qlvb, ten)
    qlvb.drive(lambda: qlvb.h.adapter.revoke(doc.document_id or "", nfc(ly_do)), "thu hồi")
    qlvb.change_reasons[ten] = nfc(ly_do)


@step('hệ thống được kiểm thử cập nhật văn bản "{ten}" với lý do "{ly_do}"', "Khi")
def update(qlvb: Scenario, ten: str, ly_do: str) -> None:
    doc = _sent_doc(qlvb, ten)
    subject = (doc.request.subject if doc.request else "Văn bản") + " (đính chính)"
    qlvb.drive(lambda: qlvb.h.adapter.update(doc.document_id or "", nfc(ly_do), subject=subject),
               "cập nhật")
    qlvb.change_reasons[ten] = nfc(ly_do)


@step('hệ thống được kiểm thử bổ sung nơi nhận "{ma_nhan}" cho văn bản "{ten}"', "Khi")
def add_recipients(qlvb: Scenario, ma_nhan: str, ten: str) -> None:
    doc = _sent_doc(qlvb, ten)
    codes = qlvb.h.codes(ma_nhan)
    qlvb.drive(lambda: qlvb.h.adapter.update(doc.document_id or "", "Bổ sung nơi nhận",
                                             add_recipients=codes), "bổ sung nơi nhận")


@step('hệ thống được kiểm thử thay thế văn bản "{ten}" bằng văn bản "{ten_moi}" với lý do '
      '"{ly_do}"', "Khi")
def replace(qlvb: Scenario, ten: str, ten_moi: str, ly_do: str) -> None:
    doc = _sent_doc(qlvb, ten)
    old = doc.request
    request = IssueRequest(subject=f"{old.subject if old else 'Văn bản'} (thay thế)",
                           recipients=(), type_name=old.type_name if old else "Công văn",
                           agency=qlvb.h.sut.first_agency)
    known = {s.doc_id for s in qlvb.sut_sent("edoc")}
    result = qlvb.drive(lambda: qlvb.h.adapter.replace(doc.document_id or "", request,
                                                       nfc(ly_do)), "thay thế")

    def new_edoc() -> Sent | None:
        return next((s for s in qlvb.sut_sent("edoc") if s.doc_id not in known), None)

    sent = qlvb.wait(new_edoc)
    qlvb.bind(Doc(label=ten_moi, direction="out", sent=sent, request=request,
                  document_id=(sent.edxml_document_id if sent else
                               (result.document_id if result else None)),
                  sender=qlvb.h.sut.first_agency))
