"""The edXML packages the agent writes: document packages (QD28-10.2 fields, DocumentId per QCVN
102, Priority for urgent documents, Vietnam times) and status packages (01–06, 13, 15, 16).

Packages are written in the spec/template element order that the strict schema expects
(`BuildOptions(order="spec")`), with the `edXML:` prefixes of the VNPT library. How agency codes
and times are written goes through `render_code` / `edxml_time`, where the faulty variants of
`Behaviour` act.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from conformance.edxml.builder import BuildOptions, build_package, make_attachment
from conformance.edxml.model import (
    Attachment,
    Business,
    DocumentCode,
    DocumentType,
    EdocPackage,
    MessageHeader,
    Organization,
    OtherInfo,
    PromulgationInfo,
    Reference,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusPackage,
    TraceHeader,
)
from conformance.edxml.parser import ParseResult, parse_package
from conformance.identifiers.agency_code import parse_agency_code, to_qd20
from conformance.timing.formats import VN_TZ, format_edxml_date, format_edxml_datetime
from reference_axis.reference_qlvb.behaviour import Behaviour
from reference_axis.reference_qlvb.config import AgencyProfile, Clerk, Person

BUILD = BuildOptions(order="spec")

#: urgency label (as stamped on paper) → OtherInfo/Priority code (QCVN 102)
PRIORITY = {"KHẨN": "1", "THƯỢNG KHẨN": "2", "HỎA TỐC": "3", "HỎA TỐC HẸN GIỜ": "4"}
URGENCY_LABEL = {v: k for k, v in PRIORITY.items()} | {"4": "HỎA TỐC"}
STATUS_TEXT = {
    "01": "Văn bản đã đến hệ thống quản lý văn bản",
    "02": "Từ chối tiếp nhận",
    "03": "Văn thư đã tiếp nhận, vào sổ văn bản đến",
    "04": "Lãnh đạo đã phân công xử lý",
    "05": "Văn bản đang được xử lý",
    "06": "Đã hoàn thành xử lý văn bản",
    "13": "Đề nghị thu hồi văn bản",
    "15": "Đồng ý thu hồi, đã hủy văn bản",
    "16": "Từ chối thu hồi văn bản",
}


def priority_code(urgency: str | None) -> str:
    """"KHẨN" / "1" / None → the Priority code ("0" when not urgent)."""
    if urgency is None or urgency == "":
        return "0"
    text = urgency.strip().upper().replace("HOẢ", "HỎA")
    if text in PRIORITY:
        return PRIORITY[text]
    if text in {"0", "1", "2", "3", "4"}:
        return text
    raise ValueError(urgency)


def render_code(code: str, behaviour: Behaviour, qd20: str | None = None) -> str:
    """An agency code as the agent writes it (faulty variants: QĐ 20 form, a group missing)."""
    if behaviour.agency_code_qd20_form:
        if qd20 is None:
            parsed = parse_agency_code(code)
            converted = to_qd20(parsed) if parsed is not None else None
            qd20 = converted.format() if converted is not None else code
        return qd20
    if behaviour.agency_code_malformed:
        return code.split(".", 1)[1] if code.count(".") == 3 else code + ".0"
    return code


def edxml_time(moment: dt.datetime, behaviour: Behaviour) -> str:
    """yyyy/MM/dd HH:mm:ss in Vietnam time (faulty variant: the UTC wall clock)."""
    if behaviour.utc_timestamps:
        return format_edxml_datetime(moment.astimezone(dt.UTC).replace(tzinfo=None))
    return format_edxml_datetime(moment.astimezone(VN_TZ))


def document_id(agency_code: str, date: dt.date, number: str, notation: str) -> str:
    """QCVN 102: <issuing agency code>,<yyyy/MM/dd>,<số>/<ký hiệu>."""
    return f"{agency_code},{format_edxml_date(date)},{number}/{notation}"


def written_document_id(agency: AgencyProfile, date: dt.date, number: int, notation: str,
                        behaviour: Behaviour) -> str:
    """The DocumentId the agent writes for its document number `number` (faulty variant: one
    day and one number off the document's own)."""
    own = render_code(agency.code, behaviour, agency.qd20_code)
    if behaviour.document_id_inconsistent:
        return document_id(own, date - dt.timedelta(days=1), f"{number + 1:02d}", notation)
    return document_id(own, date, f"{number:02d}", notation)


def organization(agency: AgencyProfile, behaviour: Behaviour) -> Organization:
    return Organization(
        organ_id=render_code(agency.code, behaviour, agency.qd20_code),
        organization_in_charge=agency.organization_in_charge, organ_name=agency.name,
        organ_add=agency.address, email=agency.email, telephone=agency.telephone,
        fax=agency.fax, website=agency.website)


def staff(clerk: Clerk) -> StaffInfo:
    return StaffInfo(department=clerk.department, staff=clerk.staff, mobile=clerk.mobile,
                     email=clerk.email)


@dataclass(frozen=True)
class FileItem:
    """One file of the package: name, bytes, content type, description."""

    name: str
    data: bytes
    content_type: str
    description: str


def files(items: Sequence[FileItem], seed: str) -> tuple[tuple[Attachment, ...],
                                                          tuple[Reference, ...]]:
    """Attachments (raw, not zipped) and their manifest references; ContentIds derive from
    `seed` (the DocumentId) so that the same document gives the same package."""
    attachments, references = [], []
    for i, item in enumerate(items, start=1):
        cid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"qlvb:{seed}:{i}"))
        att, ref = make_attachment(cid, item.name, item.data, item.content_type,
                                   description=item.description, zipped=False)
        attachments.append(att)
        references.append(ref)
    return tuple(attachments), tuple(references)


@dataclass(frozen=True)
class EdocContent:
    """What a document package says, before the agent's habits are applied."""

    agency: AgencyProfile
    recipients: tuple[Organization, ...]
    document_id: str  # as written (see `written_document_id`)
    number: str
    notation: str
    date: dt.date
    type_name: str
    subject: str
    signer: Person
    priority: str  # "0" … "4"
    due_date: dt.date | None
    files: tuple[FileItem, ...]
    sent_at: dt.datetime
    content: str | None = None
    business: Business | None = None
    response_for: tuple[ResponseFor, ...] = ()
    appendixes: tuple[str, ...] = ()
    steering_type: str = "1"
    legal: bool = False


def edoc(c: EdocContent, behaviour: Behaviour) -> EdocPackage:
    """The document package, with the faulty variants' changes applied."""
    own = render_code(c.agency.code, behaviour, c.agency.qd20_code)
    doc_id = c.document_id
    subject = c.subject
    if behaviour.legacy_encoded_text:
        from reference_axis.reference_qlvb.legacy import tcvn3_mojibake

        subject = tcvn3_mojibake(subject)
    priority: str | None = c.priority
    if behaviour.urgent_without_priority and c.priority != "0":
        priority = None
    attachments, references = files(c.files, doc_id)
    if behaviour.drop_attachment and len(attachments) > 1:
        attachments = attachments[:-1]  # the manifest still lists it
    recipients = tuple(replace(r, organ_id=render_code(r.organ_id or "", behaviour))
                       for r in c.recipients)
    header = MessageHeader(
        from_=organization(c.agency, behaviour),
        to=recipients,
        code=DocumentCode(c.number, c.notation),
        promulgation_info=PromulgationInfo(c.agency.place, format_edxml_date(c.date)),
        document_type=DocumentType(type="1", type_detail="0", type_name=c.type_name),
        subject=subject,
        content=c.content,
        signer_info=SignerInfo(c.signer.competence, c.signer.position, c.signer.full_name),
        due_date=None if behaviour.omit_due_date or c.due_date is None
        else format_edxml_date(c.due_date),
        to_places=("Như trên", f"Lưu: VT, {c.agency.drafting_unit}"),
        other_info=OtherInfo(priority=priority, typer_notation=c.agency.drafting_unit[:10],
                             promulgation_amount=str(len(c.recipients) + 1),
                             page_amount="1", appendixes=c.appendixes or None),
        response_for=c.response_for,
        steering_type=c.steering_type,
        document_id=doc_id,
    )
    business = c.business or Business(doc_type="0", doc_reason="Văn bản điện tử mới",
                                      paper="0", staff_info=(staff(c.agency.clerk),))
    return EdocPackage(header=header,
                       trace_headers=(TraceHeader(own, edxml_time(c.sent_at, behaviour)),),
                       business=business, references=references, attachments=attachments)


def status(agency: AgencyProfile, answered: ResponseFor, code: str, description: str | None,
           at: dt.datetime, behaviour: Behaviour) -> StatusPackage:
    """A status package from `agency` about the document `answered`."""
    own = render_code(agency.code, behaviour, agency.qd20_code)
    when = edxml_time(at, behaviour)
    return StatusPackage(from_=organization(agency, behaviour), response_for=answered,
                         staff_info=staff(agency.clerk), status_code=code,
                         description=description, timestamp=when,
                         trace_headers=(TraceHeader(own, when),))


def build(package: EdocPackage | StatusPackage) -> bytes:
    return build_package(package, BUILD)


def read(data: bytes) -> ParseResult:
    """Parse a package (never raises)."""
    return parse_package(data)


def response_for_of(package: EdocPackage) -> ResponseFor:
    """The ResponseFor that identifies a received document in a status package about it."""
    h = package.header
    return ResponseFor(
        organ_id=h.from_.organ_id if h.from_ else None,
        code=h.code.full if h.code else None,
        promulgation_date=h.promulgation_info.date if h.promulgation_info else None,
        document_id=h.document_id)
