"""Outcomes about the package the SUT sent and the signatures on its files (features/STEPS.md
"Outcome: the package the SUT sent", "Outcome: signatures and their appearance")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lxml import etree

from conformance.edxml.model import EdocPackage, StatusPackage
from conformance.findings import Status
from conformance.suite import checks
from conformance.suite.context import HarnessError, Scenario, Sent, inconclusive
from conformance.suite.judge import Outcome, Subject, resolve
from conformance.suite.steps.common import nfc, parse_moment, step
from reference_axis.reference_qlvb import packages

ROLE_OF_SIGNER = {"người có thẩm quyền": "person", "cơ quan ban hành": "organisation",
                  "cơ quan ban hành tại dấu độ khẩn": "organisation", "cơ quan sao": "organisation"}
MAGIC = {
    "application/pdf": (b"%PDF",),
    "application/zip": (b"PK",),
    "application/msword": (b"\xd0\xcf\x11\xe0",),
    "application/rtf": (b"{\\rtf",),
    "text/rtf": (b"{\\rtf",),
}


def _outgoing(qlvb: Scenario) -> Subject:
    if qlvb.outgoing is None:
        raise AssertionError("Hệ thống không gửi gói tin nào lên trục trong kịch bản / the system "
                             "posted no package in this scenario")
    return qlvb.outgoing


def _tree(data: bytes) -> etree._Element:
    from conformance.edxml.tree import secure_parser

    try:
        return etree.fromstring(data, secure_parser())
    except etree.XMLSyntaxError as exc:
        raise AssertionError(f"Gói tin gửi đi không đọc được: {exc}") from None


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def field_values(data: bytes, path: str) -> list[str]:
    """Texts at an edXML path (namespace-agnostic, relative to MessageHeader, or anywhere in the
    header when its first step is not under MessageHeader; `Bussiness` also matches the
    `Business` spelling)."""
    root = _tree(data)
    names = [p.strip() for p in path.split("/") if p.strip()]

    def same(el: etree._Element, name: str) -> bool:
        local = _local(el)
        return local == name or local.replace("Business", "Bussiness") == name.replace(
            "Business", "Bussiness")

    headers = [el for el in root.iter() if _local(el) == "MessageHeader"]
    level = [c for h in headers for c in h if same(c, names[0])]
    if not level:
        level = [el for el in root.iter() if same(el, names[0])]
    for name in names[1:]:
        level = [c for el in level for c in el if same(c, name)]
    return [nfc("".join(el.itertext()).strip()) for el in level]


@step('gói tin gửi đi đạt quy tắc "{ma_quy_tac}"', "Thì")
def package_rule(qlvb: Scenario, ma_quy_tac: str) -> None:
    qlvb.judge(ma_quy_tac, _outgoing(qlvb))


@step('gói tin gửi đi có trường "{truong}" là "{gia_tri}"', "Thì")
def package_field(qlvb: Scenario, truong: str, gia_tri: str) -> None:
    values = field_values(_outgoing(qlvb).data, truong)
    assert nfc(gia_tri) in values, (f"Trường {truong} của gói tin gửi đi là "
                                    f"{values or 'không có'}, yêu cầu \"{gia_tri}\"")


@step('gói tin gửi đi có đủ trường "{danh_sach_truong}"', "Thì")
def package_fields(qlvb: Scenario, danh_sach_truong: str) -> None:
    data = _outgoing(qlvb).data
    missing = [p for p in danh_sach_truong.split(", ")
               if not any(v for v in field_values(data, p))]
    assert not missing, f"Gói tin gửi đi thiếu hoặc để trống: {', '.join(missing)}"


@step('ký hiệu văn bản trong gói tin gửi đi có chữ viết tắt "{viet_tat}"', "Thì")
def notation_abbreviation(qlvb: Scenario, viet_tat: str) -> None:
    notations = field_values(_outgoing(qlvb).data, "Code/CodeNotation")
    first = notations[0] if notations else ""
    assert first.split("-")[0] == nfc(viet_tat), (
        f"Ký hiệu '{first}' không bắt đầu bằng chữ viết tắt '{viet_tat}'")


def _sent_of(qlvb: Scenario, subject: Subject) -> Sent | None:
    return next((s for s in qlvb.sut_sent() if s.data == subject.data), None)


@step('gói tin gửi đi chỉ đến đúng "{ma_nhan}"', "Thì")
def only_to(qlvb: Scenario, ma_nhan: str) -> None:
    wanted = set(qlvb.h.codes(ma_nhan))
    subject = _outgoing(qlvb)
    declared = set(field_values(subject.data, "To/OrganId"))
    sent = _sent_of(qlvb, subject)
    delivered = set(sent.recipients) if sent else set()
    assert declared == wanted, (f"Nơi nhận ghi trong gói tin {sorted(declared)}, yêu cầu "
                                f"{sorted(wanted)}")
    assert delivered == wanted, (f"Trục chuyển gói tin đến {sorted(delivered)}, yêu cầu "
                                 f"{sorted(wanted)}")


def _readable(data: bytes | None, content_type: str) -> bool:
    if not data:
        return False
    base = (content_type or "").split(";")[0].strip().lower()
    if base.startswith("application/vnd.openxmlformats") or base.startswith(
            "application/vnd.oasis"):
        return data.startswith(b"PK")
    prefixes = MAGIC.get(base)
    return True if prefixes is None else data.startswith(prefixes)


@step('gói tin gửi đi có văn bản chính và {so_tep:d} tệp đính kèm đọc được', "Thì")
def files_readable(qlvb: Scenario, so_tep: int) -> None:
    pkg = _outgoing(qlvb).package()
    assert isinstance(pkg, EdocPackage), "Gói tin gửi đi không phải gói tin văn bản"
    refs = {(r.content_id or "").strip(): r for r in pkg.references}
    atts = {(a.content_id or "").strip(): a for a in pkg.attachments}
    assert set(refs) == set(atts), (f"Danh mục và tệp đính kèm không khớp một-một: danh mục "
                                    f"{sorted(refs)}, tệp {sorted(atts)}")
    assert len(atts) == 1 + so_tep, f"Gói tin có {len(atts)} tệp, yêu cầu {1 + so_tep}"
    bad = [a.name or cid for cid, a in atts.items()
           if not _readable(a.data, (refs[cid].content_type or a.content_type or ""))]
    assert not bad, f"Tệp không đọc được theo kiểu đã khai: {', '.join(map(str, bad))}"


@step('gói tin gửi đi đến trục không muộn hơn "{thoi_diem}"', "Thì")
def arrived_by(qlvb: Scenario, thoi_diem: str) -> None:
    subject = _outgoing(qlvb)
    limit = parse_moment(thoi_diem)
    assert subject.received_at is not None, "Không biết thời điểm trục nhận gói tin"
    assert subject.received_at <= limit, (f"Trục nhận gói tin lúc {subject.received_at.isoformat()}"
                                          f", muộn hơn {limit.isoformat()}")


@step('mọi thời gian trong gói tin gửi đi lệch không quá {so_giay:d} giây so với đồng hồ của '
      'trục', "Thì")
def times_in_sync(qlvb: Scenario, so_giay: int) -> None:
    subject = _outgoing(qlvb)
    found = checks.clock_findings(qlvb.h.judge, subject, tolerance=float(so_giay))
    found = qlvb.h.profile.apply(found)
    qlvb.record(found)
    failed = [f for f in found if f.is_failure]
    assert not failed, "; ".join(f.message.vi for f in failed[:5])


@step('trong vòng {so_phut:d} phút trục không nhận được gói tin nào từ hệ thống', "Thì")
def nothing_sent(qlvb: Scenario, so_phut: int) -> None:
    def posted() -> list[dict[str, Any]]:
        return [i for i in qlvb.traffic() if i.get("call") == "sendEdoc"
                and i.get("system_id") == qlvb.h.sut_system]

    items = qlvb.wait(posted, so_phut, negative=True)
    if qlvb.tls_front is not None:
        _nothing_sent_over_tls(qlvb, items)
        return
    qlvb.behaviour(not items, "Hệ thống không gửi gói tin nào lên trục" if not items else
                   f"Hệ thống đã gửi {len(items)} gói tin lên trục",
                   "The system posted nothing" if not items else
                   f"The system posted {len(items)} package(s)",
                   expected="không gửi gói tin nào", found=f"{len(items)} lệnh sendEdoc",
                   exchange_id=items[0].get("exchange_id") if items else None)


def _nothing_sent_over_tls(qlvb: Scenario, items: list[dict[str, Any]]) -> None:
    """The axis served a certificate the product must refuse (QD28-13.2): nothing may arrive,
    and the product must have tried — a product that never connects proves nothing."""
    from conformance.suite.tls import TLS_KIND_TEXT, summary

    assert qlvb.tls_front is not None
    connections = qlvb.tls_front.connections()
    if not connections and not items:
        inconclusive(f"hệ thống không kết nối đến cổng TLS của trục ({qlvb.tls_front.url()}); "
                     "không kết luận được việc kiểm tra chứng thư của trục",
                     f"the system never connected to the axis' TLS port "
                     f"({qlvb.tls_front.url()}): its check of the axis certificate is untested")
    vi, en = summary(connections)
    ok = not items and not any(c.tls for c in connections)  # a completed handshake: accepted
    kind_vi, kind_en = TLS_KIND_TEXT.get(qlvb.tls_kind or "", ("?", "?"))
    qlvb.behaviour(
        ok, f"Hệ thống từ chối chứng thư TLS {kind_vi} của trục, không gửi gói tin nào ({vi})"
        if ok else f"Hệ thống chấp nhận chứng thư TLS {kind_vi} của trục và gửi {len(items)} "
        f"gói tin ({vi})",
        f"The system refused the axis' TLS certificate ({kind_en}) and posted nothing ({en})"
        if ok else f"The system accepted the axis' TLS certificate ({kind_en}) and posted "
        f"{len(items)} package(s) ({en})",
        expected="hệ thống hủy bắt tay TLS, không gửi gói tin nào",
        found=f"{len(items)} lệnh sendEdoc; {vi}",
        rules=sorted(qlvb.rules & {"QD28-13.2"}) or None,
        exchange_id=items[0].get("exchange_id") if items else None)


def _business_of(data: bytes) -> tuple[str | None, str | None, list[str]]:
    """(BussinessDocType, the document it concerns, replaced DocumentIds) of a package."""
    pkg = packages.read(data).package
    if not isinstance(pkg, EdocPackage) or pkg.business is None:
        return None, None, []
    b = pkg.business
    replaced = [(r.document_id or "").strip() for r in b.replacements or ()]
    return (b.doc_type or "").strip(), (b.document_id or pkg.header.document_id or "").strip(), \
        replaced


def change_package(qlvb: Scenario, kind: str, document_id: str) -> Sent | None:
    for sent in reversed(qlvb.sut_sent()):
        if kind == "thu hồi" and sent.messagetype == "status" and (
                sent.status_code or "").strip() == "13" and (sent.response_for or "") == \
                document_id:
            return sent
        if sent.messagetype != "edoc":
            continue
        doc_type, target, replaced = _business_of(sent.data)
        if kind == "thu hồi" and doc_type == "1" and target == document_id:
            return sent
        if kind == "cập nhật" and doc_type == "2" and target == document_id:
            return sent
        if kind == "thay thế" and doc_type == "3" and document_id in replaced:
            return sent
    return None


@step('trong vòng {so_phut:d} phút hệ thống gửi gói tin "{nghiep_vu}" cho văn bản "{ten}" đến '
      '"{ma_nhan}"', "Thì")
def change_sent(qlvb: Scenario, so_phut: int, nghiep_vu: str, ten: str, ma_nhan: str) -> None:
    kind = nfc(nghiep_vu)
    if kind not in ("thu hồi", "cập nhật", "thay thế"):
        raise HarnessError(f"nghiệp vụ không có trong danh mục cho bước này: {nghiep_vu!r}")
    doc = qlvb.doc(ten)
    wanted = set(qlvb.h.codes(ma_nhan))
    sent = qlvb.wait(lambda: change_package(qlvb, kind, doc.document_id or ""), so_phut)
    reached = set(sent.recipients) if sent else set()
    ok = sent is not None and wanted <= reached
    qlvb.behaviour(ok, f"Hệ thống gửi gói tin {kind} cho {ten} đến {', '.join(sorted(reached))}"
                   if sent else f"Hệ thống không gửi gói tin {kind} cho {ten}",
                   f"The system sent the {kind} package for {ten}" if sent else
                   f"The system sent no {kind} package for {ten}",
                   expected=f"gói tin {kind} đến {', '.join(sorted(wanted))}",
                   found=", ".join(sorted(reached)) or "không có",
                   exchange_id=sent.exchange_id if sent else None)
    if sent is None:
        raise AssertionError(f"Hệ thống không gửi gói tin {kind} cho văn bản {ten}")
    subject = qlvb.set_outgoing(sent, reason=qlvb.change_reasons.get(ten), label=f"{kind} {ten}")
    rules = ["QCVN102-STATUS-CODE", "QCVN102-STATUS-REASON"] if sent.messagetype == "status" \
        else ["QCVN102-BUSINESS"]
    for rule in rules:
        if qlvb.h.profile.includes(rule):
            qlvb.judge(rule, subject)


# --- signatures ----------------------------------------------------------------------------------

def _file(qlvb: Scenario, tep: str, subject: Subject | None = None) -> tuple[str, bytes, str]:
    subject = subject or _outgoing(qlvb)
    files = qlvb.h.judge.pdfs(subject)
    tep = nfc(tep)
    if tep == "văn bản chính":
        chosen = files[:1]
    elif tep == "phụ lục":
        chosen = [f for f in files if f[2] == "attachment"][:1]
    else:
        raise HarnessError(f"tệp không có trong danh mục: {tep!r}")
    if not chosen:
        raise AssertionError(f"Gói tin gửi đi không có tệp PDF '{tep}'")
    return chosen[0]


def signatures(qlvb: Scenario, subject: Subject, pdf: bytes) -> list[Any]:
    """The document signatures of a PDF, validated and classified (person / organisation)."""
    from conformance.pdf import pades, roles
    from conformance.pdf.model import open_signed_pdf

    doc, _ = open_signed_pdf(pdf)
    if doc is None:
        return []
    try:
        pades.validate_signatures(doc, qlvb.h.judge.trust)
        pkg = subject.package()
        roles.classify(doc, roles.package_facts(pkg if isinstance(pkg, EdocPackage) else None))
        return [(s.role, s.intact_and_valid, s.signer_cn, s.main_image)
                for s in doc.document_signatures]
    finally:
        doc.close()


@step('tệp "{tep}" của gói tin gửi đi có chữ ký số của "{vai_ky}"', "Thì")
def file_signed_by(qlvb: Scenario, tep: str, vai_ky: str) -> None:
    role = ROLE_OF_SIGNER.get(nfc(vai_ky))
    if role is None:
        raise HarnessError(f"vai trò ký không có trong danh mục: {vai_ky!r}")
    subject = _outgoing(qlvb)
    name, pdf, _ = _file(qlvb, tep, subject)
    sigs = signatures(qlvb, subject, pdf)
    if nfc(vai_ky) == "cơ quan ban hành tại dấu độ khẩn":
        from conformance.pdf import appearance as ap

        found = [s for s in sigs if s[0] == role and ap.looks_like_urgency_stamp(s[3])]
    else:
        found = [s for s in sigs if s[0] == role]
    valid = [s for s in found if s[1]]
    summary = "; ".join(f"{r} ({cn or '?'}, {'hợp lệ' if ok else 'không hợp lệ'})"
                        for r, ok, cn, _ in sigs) or "không có chữ ký"
    assert valid, f"Tệp {name} không có chữ ký số hợp lệ của {vai_ky}: {summary}"


def appearance_rule(qlvb: Scenario, vai_ky: str, tep: str, subject: Subject) -> str:
    from conformance.pdf.geometry import corner_rule, seal_rule

    vai_ky, tep = nfc(vai_ky), nfc(tep)
    profile = qlvb.h.profile
    if vai_ky == "người có thẩm quyền":
        return "LC2019-9.1a"
    if vai_ky == "cơ quan ban hành tại dấu độ khẩn":
        return "LC2019-6.4b"
    if tep == "phụ lục":
        return "ND30-PL1-CKDINHKEM"
    if vai_ky == "cơ quan sao":
        return corner_rule(profile, "copy")
    if subject.form == "digitised":
        return corner_rule(profile, "scan")
    if subject.form == "copy":
        return corner_rule(profile, "copy")
    return seal_rule(profile)


def judge_appearance(qlvb: Scenario, vai_ky: str, tep: str, what: str) -> None:
    subject = _outgoing(qlvb)
    name, _, _ = _file(qlvb, tep, subject)
    rule = appearance_rule(qlvb, vai_ky, tep, subject)
    if not qlvb.h.profile.includes(rule):
        qlvb.judge(rule, subject)  # not applicable under this profile
        return
    found = [f for f in qlvb.h.judge.findings_for(rule, subject) if f.location.file in (name, None)]
    if not found:
        raise AssertionError(f"Không tìm thấy chữ ký số của {vai_ky} trên tệp {name} để kiểm tra "
                             f"{what} (quy tắc {rule})")
    qlvb.conclude(rule, Outcome(resolve(found), tuple(found)))
    qlvb.record(found)


@step('chữ ký số của "{vai_ky}" trên tệp "{tep}" nằm ở "{vi_tri}"', "Thì")
def signature_position(qlvb: Scenario, vai_ky: str, tep: str, vi_tri: str) -> None:
    judge_appearance(qlvb, vai_ky, tep, f"vị trí ({vi_tri})")


@step('chữ ký số của "{vai_ky}" trên tệp "{tep}" có hình ảnh "{hinh_anh}" màu "{mau}" định dạng '
      'PNG', "Thì")
def signature_image(qlvb: Scenario, vai_ky: str, tep: str, hinh_anh: str, mau: str) -> None:
    judge_appearance(qlvb, vai_ky, tep, f"hình ảnh {hinh_anh} màu {mau}")


@step('chữ ký số của "{vai_ky}" trên tệp "{tep}" không hiển thị hình ảnh', "Thì")
def signature_without_image(qlvb: Scenario, vai_ky: str, tep: str) -> None:
    judge_appearance(qlvb, vai_ky, tep, "không hiển thị hình ảnh")


@step('chữ ký số của "{vai_ky}" trên tệp "{tep}" ghi thông tin "{thong_tin}"', "Thì")
def signature_text(qlvb: Scenario, vai_ky: str, tep: str, thong_tin: str) -> None:
    judge_appearance(qlvb, vai_ky, tep, f"thông tin ({thong_tin})")


@step('tệp số hóa của văn bản "{ten}" đạt quy tắc "{ma_quy_tac}"', "Thì")
def digitised_rule(qlvb: Scenario, ten: str, ma_quy_tac: str) -> None:
    pdf = qlvb.digitised.get(ten)
    assert pdf is not None, f"Hệ thống không trả về tệp số hóa của {ten}"
    subject = Subject(kind="pdf", label=f"số hóa {ten}", data=pdf, pdf_role="scan",
                      file=f"so-hoa-{ten.lower()}.pdf", received_at=dt.datetime.now(
                          dt.UTC))
    qlvb.judge(ma_quy_tac, subject)


def status_subject(qlvb: Scenario, sent: Sent, answered_arrived_at: dt.datetime | None,
                   label: str) -> Subject:
    return qlvb.set_outgoing(sent, label=label, answered_arrived_at=answered_arrived_at)


def package_of(data: bytes) -> EdocPackage | StatusPackage | None:
    parsed = packages.read(data).package
    return parsed if isinstance(parsed, EdocPackage | StatusPackage) else None


__all__ = ["Status"]
