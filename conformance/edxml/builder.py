"""Write edXML packages in the form the official VNPT producer library writes (edxml.md §3.1).

Root `edXML` with the edXML namespace as default; `edXMLEnvelope` re-declares it with the prefix
`edXML` so that everything inside the envelope is written `edXML:Name`; `AttachmentEncoded` and
its `Attachment` children follow the envelope unprefixed; `ContentTransferEncoded` is prefixed
again with a local declaration. Element order is the VNPT library's by default (`order="vnpt"`)
or the spec/template order (`order="spec"`). Attachments marked `zipped` travel inside a
single-entry ZIP labelled application/zip, as the VNPT library sends them.

Output is deterministic: the same package and options give the same bytes (fixed ZIP
timestamps and attributes, no generated identifiers).
"""

from __future__ import annotations

import base64
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from conformance.edxml import names as n
from conformance.edxml.model import (
    Attachment,
    Business,
    EdocPackage,
    MessageHeader,
    MimeParts,
    Organization,
    Package,
    Reference,
    ResponseFor,
    Signature,
    StaffInfo,
    StatusPackage,
    TraceHeader,
)
from conformance.edxml.tree import secure_parser

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_CONTENT_TYPE = "application/zip"


@dataclass(frozen=True)
class BuildOptions:
    """How to write a package.

    order: "vnpt" (the VNPT library's element order) or "spec" (the template/spec order that the
        strict schema expects).
    prefixed: write envelope descendants as `edXML:Name` (True, VNPT) or in the default namespace
        without a prefix (False, namespace-equivalent).
    business_spelling: "Bussiness" (the wire spelling) or "Business" (accepted by some readers).
    business_first: put the business block before the TraceHeaders inside TraceHeaderList.
    indent: pretty-print with two spaces, as the VNPT library does.
    """

    order: Literal["vnpt", "spec"] = "vnpt"
    prefixed: bool = True
    business_spelling: Literal["Bussiness", "Business"] = "Bussiness"
    business_first: bool = False
    indent: bool = True


VNPT = BuildOptions()
SPEC = BuildOptions(order="spec")


def zip_payload(data: bytes, entry_name: str) -> bytes:
    """A single-entry ZIP of `data`, byte-for-byte reproducible."""
    buffer = io.BytesIO()
    info = zipfile.ZipInfo(entry_name, date_time=ZIP_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return buffer.getvalue()


SIGNATURE_PLACEHOLDER = "qlvb-conformance:signature"


class _Writer:
    def __init__(self, options: BuildOptions, *, splice_signature: bool = False) -> None:
        self.o = options
        self.splice = splice_signature

    # -- helpers --------------------------------------------------------------------------

    def el(self, name: str, text: str | None = None) -> etree._Element:
        node = etree.Element(n.q(name))
        if text is not None:
            node.text = text
        return node

    def leaf(self, out: dict[str, list[etree._Element]], name: str, value: str | None) -> None:
        if value is not None:
            out.setdefault(name, []).append(self.el(name, value))

    def ordered(self, parent: etree._Element, order: Iterable[str],
                parts: dict[str, list[etree._Element]]) -> etree._Element:
        for name in order:
            for child in parts.get(name, ()):
                parent.append(child)
        return parent

    # -- pieces ---------------------------------------------------------------------------

    def organization(self, name: str, org: Organization) -> etree._Element:
        parts: dict[str, list[etree._Element]] = {}
        values = (org.organ_id, org.organization_in_charge, org.organ_name, org.organ_add,
                  org.email, org.telephone, org.fax, org.website)
        for child, value in zip(n.ORGANIZATION_ORDER, values, strict=True):
            self.leaf(parts, child, value)
        return self.ordered(self.el(name), n.ORGANIZATION_ORDER, parts)

    def response_for(self, rf: ResponseFor) -> etree._Element:
        node = self.el("ResponseFor")
        for child, value in (("OrganId", rf.organ_id), ("Code", rf.code),
                             ("PromulgationDate", rf.promulgation_date),
                             ("DocumentId", rf.document_id)):
            if value is not None:
                node.append(self.el(child, value))
        return node

    def staff(self, staff: StaffInfo) -> etree._Element:
        parts: dict[str, list[etree._Element]] = {}
        values = (staff.department, staff.department_id, staff.staff, staff.staff_id,
                  staff.mobile, staff.email)
        for child, value in zip(n.STAFF_ORDER, values, strict=True):
            self.leaf(parts, child, value)
        return self.ordered(self.el("StaffInfo"), n.STAFF_ORDER, parts)

    def edoc_header(self, h: MessageHeader) -> etree._Element:
        parts: dict[str, list[etree._Element]] = {}
        if h.from_ is not None:
            parts["From"] = [self.organization("From", h.from_)]
        parts["To"] = [self.organization("To", org) for org in h.to]
        if h.code is not None:
            code = self.el("Code")
            if h.code.number is not None:
                code.append(self.el("CodeNumber", h.code.number))
            if h.code.notation is not None:
                code.append(self.el("CodeNotation", h.code.notation))
            parts["Code"] = [code]
        if h.promulgation_info is not None:
            info = self.el("PromulgationInfo")
            if h.promulgation_info.place is not None:
                info.append(self.el("Place", h.promulgation_info.place))
            if h.promulgation_info.date is not None:
                info.append(self.el("PromulgationDate", h.promulgation_info.date))
            parts["PromulgationInfo"] = [info]
        if h.document_type is not None:
            dtype = self.el("DocumentType")
            for child, value in (("Type", h.document_type.type),
                                 ("TypeDetail", h.document_type.type_detail),
                                 ("TypeName", h.document_type.type_name)):
                if value is not None:
                    dtype.append(self.el(child, value))
            parts["DocumentType"] = [dtype]
        self.leaf(parts, "Subject", h.subject)
        self.leaf(parts, "Content", h.content)
        if h.signer_info is not None:
            signer = self.el("SignerInfo")
            for child, value in (("Competence", h.signer_info.competence),
                                 ("Position", h.signer_info.position),
                                 ("FullName", h.signer_info.full_name)):
                if value is not None:
                    signer.append(self.el(child, value))
            parts["SignerInfo"] = [signer]
        self.leaf(parts, "DueDate", h.due_date)
        if h.to_places is not None:
            places = self.el("ToPlaces")
            for place in h.to_places:
                places.append(self.el("Place", place))
            parts["ToPlaces"] = [places]
        if h.other_info is not None:
            parts["OtherInfo"] = [self.other_info(h)]
        parts["ResponseFor"] = [self.response_for(rf) for rf in h.response_for]
        self.leaf(parts, "SteeringType", h.steering_type)
        self.leaf(parts, "DocumentId", h.document_id)
        self.leaf(parts, "ReplyFors", h.reply_fors)
        self.leaf(parts, "ReferenceCodes", h.reference_codes)
        if h.response_for_task is not None:
            task = self.el("ResponseForTask")
            task.append(self.el("TaskCode", h.response_for_task))
            parts["ResponseForTask"] = [task]
        self.leaf(parts, "ApplicationType", h.application_type)
        order = n.VNPT_HEADER_ORDER if self.o.order == "vnpt" else n.SPEC_HEADER_ORDER
        return self.ordered(self.el("MessageHeader"), order, parts)

    def other_info(self, h: MessageHeader) -> etree._Element:
        other = h.other_info
        assert other is not None
        parts: dict[str, list[etree._Element]] = {}
        self.leaf(parts, "Priority", other.priority)
        self.leaf(parts, "SphereOfPromulgation", other.sphere_of_promulgation)
        self.leaf(parts, "TyperNotation", other.typer_notation)
        self.leaf(parts, "PromulgationAmount", other.promulgation_amount)
        self.leaf(parts, "PageAmount", other.page_amount)
        if other.appendixes is not None:
            appendixes = self.el("Appendixes")
            for item in other.appendixes:
                appendixes.append(self.el("Appendix", item))
            parts["Appendixes"] = [appendixes]
        self.leaf(parts, "Direction", other.direction)
        order = n.VNPT_OTHER_INFO_ORDER if self.o.order == "vnpt" else n.OTHER_INFO_ORDER
        return self.ordered(self.el("OtherInfo"), order, parts)

    def status_header(self, s: StatusPackage) -> etree._Element:
        node = self.el("MessageHeader")
        if s.from_ is not None:
            node.append(self.organization("From", s.from_))
        if s.response_for is not None:
            node.append(self.response_for(s.response_for))
        if s.staff_info is not None:
            node.append(self.staff(s.staff_info))
        for child, value in (("StatusCode", s.status_code), ("Description", s.description),
                             ("Timestamp", s.timestamp)):
            if value is not None:
                node.append(self.el(child, value))
        return node

    def business(self, b: Business) -> etree._Element:
        spelled = self.o.business_spelling
        parts: dict[str, list[etree._Element]] = {}
        self.leaf(parts, "BussinessDocType", b.doc_type)
        self.leaf(parts, "BussinessDocReason", b.doc_reason)
        self.leaf(parts, "DocumentId", b.document_id)
        self.leaf(parts, "Paper", b.paper)
        parts["StaffInfo"] = [self.staff(s) for s in b.staff_info]
        infos = []
        for info in b.document_info:
            node = self.el("BussinessDocumentInfo")
            if info.document_info is not None:
                node.append(self.el("DocumentInfo", info.document_info))
            if info.document_receiver is not None:
                node.append(self.el("DocumentReceiver", info.document_receiver))
            if info.receivers is not None:
                receivers = self.el("ReceiverList")
                for r in info.receivers:
                    receiver = self.el("Receiver")
                    if r.organ_id is not None:
                        receiver.append(self.el("OrganId", r.organ_id))
                    if r.receiver_type is not None:
                        receiver.append(self.el("ReceiverType", r.receiver_type))
                    receivers.append(receiver)
                node.append(receivers)
            infos.append(node)
        parts["BussinessDocumentInfo"] = infos
        if b.replacements is not None:
            lst = self.el("ReplacementInfoList")
            for rep in b.replacements:
                node = self.el("ReplacementInfo")
                if rep.document_id is not None:
                    node.append(self.el("DocumentId", rep.document_id))
                organs = self.el("OrganIdList")
                for organ in rep.organ_ids:
                    organs.append(self.el("OrganId", organ))
                node.append(organs)
                lst.append(node)
            parts["ReplacementInfoList"] = [lst]
        order = n.VNPT_BUSINESS_ORDER if self.o.order == "vnpt" else n.SPEC_BUSINESS_ORDER
        node = self.ordered(self.el("Bussiness"), order, parts)
        if spelled == "Business":
            for child in node.iter(n.q("Bussiness"), n.q("BussinessDocType"),
                                   n.q("BussinessDocReason"), n.q("BussinessDocumentInfo")):
                child.tag = child.tag.replace("Bussiness", "Business")
        return node

    def trace_list(self, traces: tuple[TraceHeader, ...] | None,
                   business: Business | None) -> etree._Element | None:
        if traces is None and business is None:
            return None
        node = self.el("TraceHeaderList")
        items = []
        for trace in traces or ():
            th = self.el("TraceHeader")
            if trace.organ_id is not None:
                th.append(self.el("OrganId", trace.organ_id))
            if trace.timestamp is not None:
                th.append(self.el("Timestamp", trace.timestamp))
            items.append(th)
        block = [self.business(business)] if business is not None else []
        for child in (block + items) if self.o.business_first else (items + block):
            node.append(child)
        return node

    def signature(self, sig: Signature) -> etree._Element:
        return etree.fromstring(sig.raw_xml, secure_parser())

    def attachment(self, parent: etree._Element, att: Attachment) -> etree._Element:
        # built in place under its parent: lxml rewrites the prefixes of a subtree that is
        # moved into a tree, which would lose ContentTransferEncoded's own edXML: prefix
        node = etree.SubElement(parent, n.q("Attachment"))
        parts: dict[str, list[etree._Element]] = {}
        self.leaf(parts, "ContentId", att.content_id)
        self.leaf(parts, "AttachmentName", att.name)
        self.leaf(parts, "Description", att.description)
        self.leaf(parts, "ContentType", att.content_type)
        payload = att.data or b""
        if att.zipped:
            payload = zip_payload(payload, att.zip_entry or att.name or "attachment")
        self.ordered(node, n.ATTACHMENT_ORDER, parts)
        # created in place, so that lxml keeps its own prefix declaration (VNPT form)
        nsmap = {n.PREFIX: n.NS} if self.o.prefixed else None
        encoded = etree.SubElement(node, n.q("ContentTransferEncoded"), nsmap=nsmap)
        encoded.text = base64.b64encode(payload).decode("ascii")
        return node

    def mime(self, root: etree._Element, mime: MimeParts) -> None:
        for child, value in (("Boundary", mime.boundary), ("ContentId", mime.content_id),
                             ("ContentType", mime.content_type)):
            if value is not None:
                root.append(self.el(child, value))

    # -- whole packages -------------------------------------------------------------------

    def build(self, package: Package) -> etree._Element:
        root = etree.Element(n.q("edXML"), nsmap={None: n.NS})
        if package.mime is not None:
            self.mime(root, package.mime)
        nsmap = {n.PREFIX: n.NS} if self.o.prefixed else None
        envelope = etree.SubElement(root, n.q("edXMLEnvelope"), nsmap=nsmap)
        header = etree.SubElement(envelope, n.q("edXMLHeader"))
        if isinstance(package, EdocPackage):
            header.append(self.edoc_header(package.header))
            business = package.business
        else:
            header.append(self.status_header(package))
            business = None
        traces = self.trace_list(package.trace_headers, business)
        if traces is not None:
            header.append(traces)
        if package.signature is not None:
            header.append(etree.Comment(SIGNATURE_PLACEHOLDER) if self.splice
                          else self.signature(package.signature))
        if isinstance(package, EdocPackage):
            body = etree.SubElement(envelope, n.q("edXMLBody"))
            manifest = etree.SubElement(body, n.q("edXMLManifest"))
            if package.manifest_version is not None:
                manifest.set("version", package.manifest_version)
            for ref in package.references:
                parts: dict[str, list[etree._Element]] = {}
                self.leaf(parts, "ContentId", ref.content_id)
                self.leaf(parts, "ContentType", ref.content_type)
                self.leaf(parts, "Description", ref.description)
                self.leaf(parts, "AttachmentName", ref.attachment_name)
                manifest.append(self.ordered(self.el("Reference"), n.REFERENCE_ORDER, parts))
            if package.attachments:
                encoded = etree.SubElement(root, n.q("AttachmentEncoded"))
                for att in package.attachments:
                    self.attachment(encoded, att)
        return root


def build_tree(package: Package, options: BuildOptions = VNPT) -> etree._Element:
    """The package as an lxml element tree (for callers that sign or mutate it). A signature is
    inserted as an element, so its prefixes may follow the tree's declarations."""
    return _Writer(options).build(package)


def serialize(root: etree._Element, *, indent: bool = True) -> bytes:
    """UTF-8 bytes with a double-quoted XML declaration, as the VNPT library writes."""
    if indent:
        etree.indent(root, space="  ")
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8", xml_declaration=False) + b"\n"


def build_package(package: Package, options: BuildOptions = VNPT) -> bytes:
    """The package as .edxml bytes. A signature is spliced in byte for byte as `raw_xml` holds
    it: re-serialising it inside another namespace context would change its prefixes."""
    data = serialize(_Writer(options, splice_signature=True).build(package),
                     indent=options.indent)
    if package.signature is not None:
        marker = f"<!--{SIGNATURE_PLACEHOLDER}-->".encode()
        data = data.replace(marker, package.signature.raw_xml, 1)
    return data


def make_attachment(
    content_id: str,
    name: str,
    data: bytes,
    content_type: str,
    *,
    description: str | None = None,
    zipped: bool = True,
    zip_entry: str | None = None,
    cid_prefix: bool = True,
) -> tuple[Attachment, Reference]:
    """A matching (Attachment, Reference) pair the way the VNPT library writes them: the
    Reference keeps the file's own type, the Attachment says application/zip when zipped."""
    cid = f"cid:{content_id}" if cid_prefix else content_id
    attachment = Attachment(
        content_id=cid, name=name, description=description,
        content_type=ZIP_CONTENT_TYPE if zipped else content_type,
        data=data, zipped=zipped, zip_entry=(zip_entry or name) if zipped else None,
    )
    reference = Reference(content_id=cid, content_type=content_type, description=description,
                          attachment_name=name)
    return attachment, reference
