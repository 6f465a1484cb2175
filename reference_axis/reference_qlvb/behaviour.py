"""How the reference QLVB behaves: one frozen dataclass of named switches, all off = compliant.

Each switch turns on exactly one fault, documented by the rule(s) it breaks, so that the suite can
define a faulty variant ("mutant") as one switch, without a copy of the agent's code:

    from reference_axis.reference_qlvb.behaviour import VARIANTS, Behaviour
    agent = Agent(config, behaviour=VARIANTS["skip_org_signature"], ...)

`VARIANTS` maps each variant name (= the switch's name) to its `Behaviour`; `VARIANT_RULES` to the
rule IDs a suite run is expected to report as failed (at least one of those the profile includes).
The rule lists name every rule the fault breaks, those the project's validators report first;
which of them a profile reports differs (for example ND30-PL1-CKCOQUAN under nd30, LC2019-9.2c
under tt01-2019). Some faults show only in the exchange, not in one package: the receiving and
revocation switches (which statuses are sent, the registers), `send_late` (signing time against
sending time), `urgent_without_priority` (the request against the package), the UTC edXML times
of `utc_timestamps` (against the axis clock).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

from conformance.findings import Text


def _switch(rules: tuple[str, ...], side: str, vi: str, en: str) -> Any:
    """A boolean switch, off by default, with the rules it breaks and what it does."""
    return field(default=False, metadata={"rules": rules, "side": side, "text": Text(vi, en)})


@dataclass(frozen=True)
class SwitchInfo:
    name: str
    rules: tuple[str, ...]
    side: str  # "issuing" | "package" | "receiving" | "revocation"
    text: Text


@dataclass(frozen=True)
class Behaviour:
    """The agent's behaviour. Every field is a fault; `Behaviour()` is the compliant agent."""

    # --- signing the document (PDF) --------------------------------------------------------------
    unsigned_pdf: bool = _switch(
        ("LC2019-6.2", "QD28-4.2", "ND30-PL1-CKDINHKEM", "VP11796-1g"), "issuing",
        "Gửi tệp PDF không có chữ ký số nào",
        "Sends the PDF without any digital signature")
    skip_org_signature: bool = _switch(
        ("LC2019-6.2", "TT41-COVERAGE", "QD28-4.2"), "issuing",
        "Văn thư không ký số của cơ quan (chỉ có chữ ký của người có thẩm quyền)",
        "The clerk never applies the organisation's signature (only the person's)")
    org_signs_before_person: bool = _switch(
        ("LC2019-9.2a", "QD28-4.2"), "issuing",
        "Cơ quan ký số trước người có thẩm quyền",
        "The organisation signs before the competent person")
    seal_not_over_signature: bool = _switch(
        ("ND30-PL1-CKCOQUAN", "LC2019-9.2c"), "issuing",
        "Hình con dấu không trùm lên 1/3 bên trái chữ ký của người có thẩm quyền",
        "The seal image does not overlap the left third of the person's signature")
    wrong_signer_certificate: bool = _switch(
        ("KH2364-1",), "issuing",
        "Văn thư ký thay bằng chứng thư số của mình, không phải của người ký ghi trên văn bản",
        "The clerk signs with the clerk's own certificate instead of the stated signer's")
    expired_org_certificate: bool = _switch(
        ("TT41-CERT-VALIDITY", "QD28-4.2"), "issuing",
        "Ký số cơ quan bằng chứng thư số đã hết hạn",
        "Signs for the organisation with an expired certificate")
    no_signature_timestamp: bool = _switch(
        ("TT41-TIMESTAMP",), "issuing",
        "Chữ ký số không có dấu thời gian",
        "Signatures carry no timestamp")
    utc_timestamps: bool = _switch(
        ("TT41-SIGNING-TIME", "QD28-14.4"), "issuing",
        "Ghi thời gian theo giờ UTC (thời gian ký và thời gian gửi lệch 7 giờ)",
        "Writes times in UTC (signing and sending times 7 hours off Vietnam time)")
    naive_timestamps: bool = _switch(
        ("TT41-SIGNING-TIME", "QD28-14.4"), "issuing",
        "Thời gian ký số không ghi múi giờ",
        "Signing times carry no time zone")
    unsigned_attachment: bool = _switch(
        ("ND30-PL1-CKDINHKEM", "QD28-4.2"), "issuing",
        "Không ký số cơ quan lên tệp phụ lục gửi kèm (tệp riêng)",
        "Does not sign the separate-file appendix for the organisation")
    skip_urgency_stamp_signature: bool = _switch(
        ("LC2019-6.4b",), "issuing",
        "Văn bản khẩn không có chữ ký số cơ quan tại vị trí dấu độ khẩn (hồ sơ tt01-2019)",
        "An urgent document has no organisation signature on the urgency stamp (profile "
        "tt01-2019)")
    grey_scans_150dpi: bool = _switch(
        ("ND30-PL1-SOHOA", "LC2019-9.3a", "LC2019-8.1a"), "issuing",
        "Số hóa văn bản giấy thành ảnh xám, 150 dpi",
        "Digitises paper documents in greyscale at 150 dpi")
    never_resend: bool = _switch(
        ("DN35-10.1", "DN35-10.3"), "issuing",
        "Không gửi lại văn bản khi lệnh gửi lên trục thất bại",
        "Does not send a document again when its sendEdoc failed")
    send_late: bool = _switch(
        ("QD28-6.2", "LC2019-6.1b", "ND30-18.1"), "issuing",
        "Gửi văn bản sau thời hạn (ký xong từ ba ngày làm việc trước)",
        "Sends documents after the deadline (signed three working days earlier)")
    # --- the package (edXML) ---------------------------------------------------------------------
    urgent_without_priority: bool = _switch(
        ("QD28-10.2k", "LC2019-6.4a", "QD28-6.2"), "package",
        "Văn bản khẩn nhưng gói tin không ghi độ khẩn (Priority)",
        "An urgent document's package states no urgency (Priority)")
    agency_code_qd20_form: bool = _switch(
        ("QD28-10.2a", "QCVN102-SCHEMA"), "package",
        "Ghi mã định danh cơ quan theo dạng QĐ 20/2020 (ví dụ H38) thay vì 13 ký tự",
        "Writes agency codes in the QĐ 20/2020 form (e.g. H38) instead of 13 characters")
    agency_code_malformed: bool = _switch(
        ("QD28-10.2a", "QCVN102-ORGID", "QCVN102-DOCID"), "package",
        "Mã định danh cơ quan sai cấu trúc (thiếu nhóm)",
        "Agency codes with a broken structure (a group missing)")
    document_id_inconsistent: bool = _switch(
        ("QD28-10.2b",), "package",
        "Mã định danh văn bản không khớp số, ký hiệu và ngày ban hành",
        "The document identifier does not match the number, notation and date")
    drop_attachment: bool = _switch(
        ("QCVN102-MANIFEST", "QD28-10.1", "VP11796-1g"), "package",
        "Bỏ mất tệp phụ lục: danh mục có nhưng gói tin không kèm nội dung",
        "Drops the appendix: listed in the manifest but not carried")
    legacy_encoded_text: bool = _switch(
        ("DN35-9.1b",), "package",
        "Trích yếu viết bằng bảng mã cũ TCVN3 (ABC) thay vì Unicode",
        "The subject is in the legacy TCVN3 (ABC) encoding instead of Unicode")
    omit_due_date: bool = _switch(
        ("QD28-10.2o",), "package",
        "Gói tin không ghi hạn xử lý (DueDate)",
        "The package states no processing deadline (DueDate)")
    # --- receiving -------------------------------------------------------------------------------
    send_03_without_01: bool = _switch(
        ("QD28-6.3", "QD28-10.2h", "ND30-21.2"), "receiving",
        "Không gửi trạng thái 01 (đã đến), chỉ gửi 03",
        "Never sends status 01 (arrived), only 03")
    never_send_03: bool = _switch(
        ("LC2019-7.1c", "QD28-9.2", "QD28-6.3"), "receiving",
        "Tiếp nhận văn bản nhưng không gửi trạng thái 03 (đã tiếp nhận)",
        "Accepts documents without sending status 03 (accepted)")
    reject_without_reason: bool = _switch(
        ("QCVN102-STATUS-REASON", "QD28-9.1", "LC2019-7.2"), "receiving",
        "Từ chối tiếp nhận (02) không nêu lý do",
        "Refuses documents (02) without a reason")
    accept_tampered_pdf: bool = _switch(
        ("QD28-9.1", "LC2019-7.1a", "QD28-6.1"), "receiving",
        "Không kiểm tra chữ ký số của tệp văn bản: tiếp nhận cả tệp bị sửa sau khi ký",
        "Skips the PDF signature checks: accepts files changed after signing")
    accept_invalid_package: bool = _switch(
        ("QD28-9.1", "LC2019-7.1a"), "receiving",
        "Không kiểm tra gói tin: tiếp nhận cả gói tin thiếu thông tin hoặc hỏng",
        "Skips the package checks: accepts incomplete or broken packages")
    accept_other_agency: bool = _switch(
        ("LC2019-7.1b",), "receiving",
        "Tiếp nhận cả văn bản không gửi cho cơ quan mình (không thuộc thẩm quyền)",
        "Accepts documents not addressed to its agency (outside its competence)")
    duplicate_arrival_numbers: bool = _switch(
        ("LC2019-7.1c",), "receiving",
        "Cấp trùng số đến cho các văn bản khác nhau",
        "Gives different documents the same arrival number")
    register_duplicate_deliveries: bool = _switch(
        ("LC2019-7.1c",), "receiving",
        "Vào sổ hai lần (hai số đến) một văn bản được trục giao trùng",
        "Registers a duplicated delivery twice (two arrival numbers)")
    never_report_processing: bool = _switch(
        ("QD28-9.2", "QD28-6.3"), "receiving",
        "Không gửi các trạng thái xử lý 04, 05, 06",
        "Never sends the processing statuses 04, 05, 06")
    skip_transport_ack: bool = _switch(
        ("QD28-6.3",), "receiving",
        "Không báo trạng thái nhận (updateStatus) cho trục",
        "Never acknowledges deliveries to the axis (updateStatus)")
    # --- revocation ------------------------------------------------------------------------------
    ignore_revocation: bool = _switch(
        ("QD28-9.2", "LC2019-7.3"), "revocation",
        "Bỏ qua yêu cầu thu hồi: không hủy văn bản, không trả lời 15/16",
        "Ignores revocation requests: no cancellation, no 15/16 answer")
    revoke_without_notice: bool = _switch(
        ("QD28-8.2", "LC2019-9.4"), "revocation",
        "Thu hồi văn bản trên hệ thống của mình mà không thông báo cho nơi nhận",
        "Revokes a document locally without notifying the receivers")

    def active(self) -> tuple[str, ...]:
        """The names of the switches that are on."""
        return tuple(f.name for f in fields(self) if getattr(self, f.name))

    @property
    def compliant(self) -> bool:
        return not self.active()

    def broken_rules(self) -> tuple[str, ...]:
        """Every rule the switches that are on break (catalog IDs, without repeats)."""
        out: dict[str, None] = {}
        for name in self.active():
            out.update(dict.fromkeys(switch_info(name).rules))
        return tuple(out)

    def describe(self, lang: str = "vi") -> str:
        if self.compliant:
            return "tuân thủ" if lang != "en" else "compliant"
        return "; ".join(f"{n}: {switch_info(n).text.get(lang)}" for n in self.active())

    def with_switches(self, *names: str) -> Behaviour:
        unknown = [n for n in names if n not in _SWITCHES]
        if unknown:
            raise KeyError(f"không có công tắc / unknown switch: {', '.join(unknown)}")
        return replace(self, **dict.fromkeys(names, True))


_SWITCHES: dict[str, SwitchInfo] = {
    f.name: SwitchInfo(f.name, f.metadata["rules"], f.metadata["side"], f.metadata["text"])
    for f in fields(Behaviour)
}


def switches() -> list[SwitchInfo]:
    """Every switch with its rules and description, in declaration order."""
    return list(_SWITCHES.values())


def switch_info(name: str) -> SwitchInfo:
    return _SWITCHES[name]


COMPLIANT = Behaviour()

#: Faulty variants: name → behaviour (one switch each).
VARIANTS: dict[str, Behaviour] = {name: Behaviour().with_switches(name) for name in _SWITCHES}

#: Variant name → the rules the suite is expected to report as failed (any of them that the
#: profile in use includes).
VARIANT_RULES: dict[str, tuple[str, ...]] = {name: info.rules for name, info in _SWITCHES.items()}


def variant(name: str) -> Behaviour:
    """A behaviour by variant name; "compliant" (or "") is the compliant agent."""
    if name in ("", "compliant"):
        return COMPLIANT
    try:
        return VARIANTS[name]
    except KeyError:
        raise KeyError(f"không có biến thể '{name}' / no variant '{name}' "
                       f"(có / known: {', '.join(VARIANTS)})") from None


def table(lang: str = "vi") -> str:
    """The variants as a Markdown table: name, side, rules, what the switch does."""
    head = ("| biến thể | phía | quy tắc | hành vi |" if lang != "en"
            else "| variant | side | rules | behaviour |")
    rows = [head, "|---|---|---|---|"]
    for s in switches():
        rows.append(f"| `{s.name}` | {s.side} | {', '.join(s.rules)} | {s.text.get(lang)} |")
    return "\n".join(rows)

