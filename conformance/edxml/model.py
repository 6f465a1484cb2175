"""The edXML packages of QCVN 102:2016 as plain data: the document package (gói tin văn bản
điện tử, "edoc") and the status package (gói tin trạng thái).

Leaf values are kept as the text the package carries (NFC-normalised by the parser), not as
parsed numbers or dates: a content rule must be able to report `found: "2014/02/30"` or
`found: "abc"`, and the builder must write back exactly what it was given. `None` means the
element is absent; `""` means it is present and empty. Lists are tuples so that the classes stay
frozen and hashable. Element names are in the docstrings; edxml.md §3–4 has the facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Organization:
    """From / To (and status From): OrganId, OrganizationInCharge, OrganName, OrganAdd, Email,
    Telephone, Fax, Website."""

    organ_id: str | None = None
    organization_in_charge: str | None = None
    organ_name: str | None = None
    organ_add: str | None = None
    email: str | None = None
    telephone: str | None = None
    fax: str | None = None
    website: str | None = None


@dataclass(frozen=True)
class DocumentCode:
    """Code: CodeNumber (số) and CodeNotation (ký hiệu)."""

    number: str | None = None
    notation: str | None = None

    @property
    def full(self) -> str | None:
        """`số/ký hiệu` as the third field of a DocumentId, or None when a part is missing."""
        if not self.number or not self.notation:
            return None
        return f"{self.number}/{self.notation}"


@dataclass(frozen=True)
class PromulgationInfo:
    """PromulgationInfo: Place, PromulgationDate (yyyy/MM/dd)."""

    place: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class DocumentType:
    """DocumentType: Type, TypeDetail, TypeName."""

    type: str | None = None
    type_detail: str | None = None
    type_name: str | None = None


@dataclass(frozen=True)
class SignerInfo:
    """SignerInfo: Competence, Position, FullName."""

    competence: str | None = None
    position: str | None = None
    full_name: str | None = None


@dataclass(frozen=True)
class OtherInfo:
    """OtherInfo: Priority, SphereOfPromulgation, TyperNotation, PromulgationAmount, PageAmount,
    Appendixes/Appendix*, Direction."""

    priority: str | None = None
    sphere_of_promulgation: str | None = None
    typer_notation: str | None = None
    promulgation_amount: str | None = None
    page_amount: str | None = None
    appendixes: tuple[str, ...] | None = None
    direction: str | None = None


@dataclass(frozen=True)
class ResponseFor:
    """ResponseFor: OrganId (issuer of the answered document), Code (full số/ký hiệu),
    PromulgationDate, DocumentId."""

    organ_id: str | None = None
    code: str | None = None
    promulgation_date: str | None = None
    document_id: str | None = None

    @property
    def is_empty(self) -> bool:
        return not any((self.organ_id, self.code, self.promulgation_date, self.document_id))


@dataclass(frozen=True)
class TraceHeader:
    """TraceHeaderList/TraceHeader: OrganId, Timestamp (yyyy/MM/dd HH:mm:ss)."""

    organ_id: str | None = None
    timestamp: str | None = None


@dataclass(frozen=True)
class StaffInfo:
    """StaffInfo: Department, DepartmentId, Staff, StaffId, Mobile, Email."""

    department: str | None = None
    department_id: str | None = None
    staff: str | None = None
    staff_id: str | None = None
    mobile: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Receiver:
    """ReceiverList/Receiver: OrganId, ReceiverType (0 removed, 1 added)."""

    organ_id: str | None = None
    receiver_type: str | None = None


@dataclass(frozen=True)
class BusinessDocumentInfo:
    """BussinessDocumentInfo (update): DocumentInfo, DocumentReceiver, ReceiverList/Receiver*.
    `receivers` is None when ReceiverList is absent."""

    document_info: str | None = None
    document_receiver: str | None = None
    receivers: tuple[Receiver, ...] | None = None


@dataclass(frozen=True)
class ReplacementInfo:
    """ReplacementInfoList/ReplacementInfo (replace): DocumentId, OrganIdList/OrganId*."""

    document_id: str | None = None
    organ_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Business:
    """The business block `Bussiness` (sic) inside TraceHeaderList: BussinessDocType (0 new,
    1 revoke, 2 update, 3 replace), BussinessDocReason, DocumentId, Paper, StaffInfo*,
    BussinessDocumentInfo*, ReplacementInfoList. `replacements` is None when
    ReplacementInfoList is absent."""

    doc_type: str | None = None
    doc_reason: str | None = None
    document_id: str | None = None
    paper: str | None = None
    staff_info: tuple[StaffInfo, ...] = ()
    document_info: tuple[BusinessDocumentInfo, ...] = ()
    replacements: tuple[ReplacementInfo, ...] | None = None


@dataclass(frozen=True)
class SignatureSummary:
    """What a reader learns from an XML-DSig element without verifying it."""

    canonicalization: str | None = None
    signature_method: str | None = None
    digest_methods: tuple[str, ...] = ()
    transforms: tuple[str, ...] = ()
    reference_uris: tuple[str, ...] = ()
    has_signature_value: bool = False
    x509_subject_names: tuple[str, ...] = ()
    certificate_count: int = 0


@dataclass(frozen=True)
class Signature:
    """The package signature: `Signature` (XML-DSig namespace, or the edXML namespace as the VNPT
    library writes it) or the .NET `DigitalSignature` (usually empty). The element is kept as
    raw XML plus a parsed summary: `raw_xml` is the element on its own in exclusive XML
    canonical form (as the parser reads it); the builder writes it back byte for byte."""

    element: Literal["Signature", "DigitalSignature"] = "Signature"
    namespace: str | None = None
    raw_xml: bytes = b""
    summary: SignatureSummary = field(default_factory=SignatureSummary)

    @property
    def is_empty(self) -> bool:
        return not self.summary.has_signature_value and self.summary.signature_method is None


@dataclass(frozen=True)
class Reference:
    """edXMLManifest/Reference: ContentId, ContentType, Description, AttachmentName."""

    content_id: str | None = None
    content_type: str | None = None
    description: str | None = None
    attachment_name: str | None = None


@dataclass(frozen=True)
class Attachment:
    """AttachmentEncoded/Attachment: ContentId, AttachmentName, Description, ContentType, and the
    base64 ContentTransferEncoded, decoded into `data` (None when it could not be decoded).
    `zipped` means the payload travelled inside a single-entry ZIP (the VNPT library's habit;
    the Attachment's ContentType is then application/zip) and `data` is the unzipped entry,
    named `zip_entry`."""

    content_id: str | None = None
    name: str | None = None
    description: str | None = None
    content_type: str | None = None
    data: bytes | None = None
    zipped: bool = False
    zip_entry: str | None = None


@dataclass(frozen=True)
class MimeParts:
    """Root-level Boundary / ContentId / ContentType that .NET producers write before the
    envelope (remnants of MIME multipart packaging)."""

    boundary: str | None = None
    content_id: str | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class MessageHeader:
    """MessageHeader of a document package (QCVN 102 numbering 1.1–1.14 and the VNPT
    extensions ReplyFors, ReferenceCodes, ResponseForTask/TaskCode, ApplicationType).
    `to_places` is None when ToPlaces is absent."""

    from_: Organization | None = None
    to: tuple[Organization, ...] = ()
    code: DocumentCode | None = None
    promulgation_info: PromulgationInfo | None = None
    document_type: DocumentType | None = None
    subject: str | None = None
    content: str | None = None
    signer_info: SignerInfo | None = None
    due_date: str | None = None
    to_places: tuple[str, ...] | None = None
    other_info: OtherInfo | None = None
    response_for: tuple[ResponseFor, ...] = ()
    steering_type: str | None = None
    document_id: str | None = None
    reply_fors: str | None = None
    reference_codes: str | None = None
    response_for_task: str | None = None
    application_type: str | None = None


@dataclass(frozen=True)
class EdocPackage:
    """A document package. `trace_headers` is None when TraceHeaderList is absent; the
    business block lives inside TraceHeaderList, so with a `business` the list is written (and
    read back as at least `()`)."""

    header: MessageHeader = field(default_factory=MessageHeader)
    trace_headers: tuple[TraceHeader, ...] | None = ()
    business: Business | None = None
    signature: Signature | None = None
    references: tuple[Reference, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    manifest_version: str | None = "1.0"
    mime: MimeParts | None = None

    kind: Literal["edoc"] = field(default="edoc", init=False)


@dataclass(frozen=True)
class StatusPackage:
    """A status package: From, ResponseFor, StaffInfo, StatusCode, Description, Timestamp."""

    from_: Organization | None = None
    response_for: ResponseFor | None = None
    staff_info: StaffInfo | None = None
    status_code: str | None = None
    description: str | None = None
    timestamp: str | None = None
    trace_headers: tuple[TraceHeader, ...] | None = ()
    signature: Signature | None = None
    mime: MimeParts | None = None

    kind: Literal["status"] = field(default="status", init=False)


Package = EdocPackage | StatusPackage


def strip_cid(content_id: str | None) -> str | None:
    """A ContentId without its `cid:` prefix (VNPT writes it, .NET does not), for matching
    manifest references with attachments."""
    if content_id is None:
        return None
    value = content_id.strip()
    return value[4:] if value[:4].lower() == "cid:" else value
