"""Reading a parsed edXML tree into the model (namespace-aware, order-independent: children
are looked up by name, so element order and spelling variants are the schema's business).

Every text value is returned in Unicode NFC; a value that was not NFC gets a TCVN6909-NFC
finding where it was found. Attachments are decoded (base64, single-entry ZIP) within the
reader's limits, and their names checked for path traversal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from conformance.edxml import names as n
from conformance.edxml.limits import Limits
from conformance.edxml.model import (
    Attachment,
    Business,
    BusinessDocumentInfo,
    DocumentCode,
    DocumentType,
    EdocPackage,
    MessageHeader,
    MimeParts,
    Organization,
    OtherInfo,
    Package,
    PromulgationInfo,
    Receiver,
    Reference,
    ReplacementInfo,
    ResponseFor,
    Signature,
    SignatureSummary,
    SignerInfo,
    StaffInfo,
    StatusPackage,
    TraceHeader,
)
from conformance.edxml.payload import (
    Problem,
    decode_base64,
    looks_like_zip,
    unsafe_name,
    unzip_single,
)
from conformance.edxml.tree import Locator, local
from conformance.findings import Finding, Status, finding


@dataclass(frozen=True)
class Form:
    """How the package was written (not what it says): for QCVN102-FORM findings."""

    prefixed: bool | None = None  # envelope descendants written with a prefix
    prefixes: tuple[str, ...] = ()
    header_order: str = "unknown"  # "spec", "vnpt", "other"
    business_spelling: str | None = None
    business_first: bool | None = None
    signature: str | None = None  # "xmldsig", "edxml-namespace", "digital-signature-empty", …
    mime_parts: bool = False
    cid_prefix: bool | None = None
    zipped_attachments: int = 0
    raw_attachments: int = 0


@dataclass
class ParseResult:
    package: Package | None
    findings: list[Finding]
    root: etree._Element | None = None
    locator: Locator = field(default_factory=Locator)
    form: Form = field(default_factory=Form)

    @property
    def ok(self) -> bool:
        return self.package is not None


# --- reading ---------------------------------------------------------------------------------


class _Reader:
    def __init__(self, root: etree._Element, file: str | None, limits: Limits) -> None:
        self.root = root
        self.file = file
        self.limits = limits
        self.findings: list[Finding] = []
        self.locator = Locator(file=file, root=root)
        self.unzipped_total = 0

    # children in the edXML namespace, by local name
    def children(self, el: etree._Element | None, *names: str) -> list[etree._Element]:
        if el is None:
            return []
        wanted = {n.q(x) for x in names}
        return [c for c in el if c.tag in wanted]

    def child(self, el: etree._Element | None, *names: str) -> etree._Element | None:
        if el is None:
            return None
        wanted = {n.q(x) for x in names}
        for c in el:
            if c.tag in wanted:
                return c
        return None

    def rec(self, key: str, el: etree._Element | None) -> etree._Element | None:
        if el is not None:
            self.locator.elements[key] = el
        return el

    def text(self, el: etree._Element | None, key: str) -> str | None:
        if el is None:
            return None
        self.rec(key, el)
        value = el.text or "" if len(el) == 0 else "".join(el.itertext())
        if not value.isascii() and not unicodedata.is_normalized("NFC", value):
            normal = unicodedata.normalize("NFC", value)
            self.findings.append(finding(
                "TCVN6909-NFC", Status.FAIL,
                "Văn bản không ở dạng Unicode dựng sẵn (NFC); đã chuẩn hóa để kiểm tra tiếp",
                "Text is not in precomposed Unicode (NFC); normalised for the other checks",
                expected="Unicode NFC", found=f"{value!r} (NFC: {normal!r})",
                location=self.locator.loc(key)))
            return normal
        return value

    def leaf(self, parent: etree._Element | None, name: str, key: str) -> str | None:
        return self.text(self.child(parent, name), key)

    def problem(self, p: Problem, key: str) -> None:
        self.findings.append(finding(p.rule_id, Status.FAIL, p.vi, p.en, expected=p.expected,
                                     found=p.found, location=self.locator.loc(key)))

    # -- parts ------------------------------------------------------------------------------

    def organization(self, el: etree._Element | None, key: str) -> Organization | None:
        if self.rec(key, el) is None:
            return None
        return Organization(
            organ_id=self.leaf(el, "OrganId", f"{key}/OrganId"),
            organization_in_charge=self.leaf(el, "OrganizationInCharge",
                                             f"{key}/OrganizationInCharge"),
            organ_name=self.leaf(el, "OrganName", f"{key}/OrganName"),
            organ_add=self.leaf(el, "OrganAdd", f"{key}/OrganAdd"),
            email=self.leaf(el, "Email", f"{key}/Email"),
            telephone=self.leaf(el, "Telephone", f"{key}/Telephone"),
            fax=self.leaf(el, "Fax", f"{key}/Fax"),
            website=self.leaf(el, "Website", f"{key}/Website"),
        )

    def response_for(self, el: etree._Element, key: str) -> ResponseFor:
        self.rec(key, el)
        return ResponseFor(
            organ_id=self.leaf(el, "OrganId", f"{key}/OrganId"),
            code=self.leaf(el, "Code", f"{key}/Code"),
            promulgation_date=self.leaf(el, "PromulgationDate", f"{key}/PromulgationDate"),
            document_id=self.leaf(el, "DocumentId", f"{key}/DocumentId"),
        )

    def staff(self, el: etree._Element, key: str) -> StaffInfo:
        self.rec(key, el)
        return StaffInfo(
            department=self.leaf(el, "Department", f"{key}/Department"),
            department_id=self.leaf(el, "DepartmentId", f"{key}/DepartmentId"),
            staff=self.leaf(el, "Staff", f"{key}/Staff"),
            staff_id=self.leaf(el, "StaffId", f"{key}/StaffId"),
            mobile=self.leaf(el, "Mobile", f"{key}/Mobile"),
            email=self.leaf(el, "Email", f"{key}/Email"),
        )

    def listed(self, parent: etree._Element | None, item: str, key: str) -> tuple[str, ...] | None:
        if self.rec(key, parent) is None:
            return None
        return tuple(self.text(el, f"{key}/{item}[{i}]") or ""
                     for i, el in enumerate(self.children(parent, item), start=1))

    def edoc_header(self, h: etree._Element) -> MessageHeader:
        k = "MessageHeader"
        code_el = self.rec(f"{k}/Code", self.child(h, "Code"))
        info_el = self.rec(f"{k}/PromulgationInfo", self.child(h, "PromulgationInfo"))
        type_el = self.rec(f"{k}/DocumentType", self.child(h, "DocumentType"))
        signer_el = self.rec(f"{k}/SignerInfo", self.child(h, "SignerInfo"))
        other_el = self.rec(f"{k}/OtherInfo", self.child(h, "OtherInfo"))
        task_el = self.child(h, "ResponseForTask")
        return MessageHeader(
            from_=self.organization(self.child(h, "From"), f"{k}/From"),
            to=tuple(self.organization(el, f"{k}/To[{i}]") or Organization()
                     for i, el in enumerate(self.children(h, "To"), start=1)),
            code=None if code_el is None else DocumentCode(
                number=self.leaf(code_el, "CodeNumber", f"{k}/Code/CodeNumber"),
                notation=self.leaf(code_el, "CodeNotation", f"{k}/Code/CodeNotation")),
            promulgation_info=None if info_el is None else PromulgationInfo(
                place=self.leaf(info_el, "Place", f"{k}/PromulgationInfo/Place"),
                date=self.leaf(info_el, "PromulgationDate",
                               f"{k}/PromulgationInfo/PromulgationDate")),
            document_type=None if type_el is None else DocumentType(
                type=self.leaf(type_el, "Type", f"{k}/DocumentType/Type"),
                type_detail=self.leaf(type_el, "TypeDetail", f"{k}/DocumentType/TypeDetail"),
                type_name=self.leaf(type_el, "TypeName", f"{k}/DocumentType/TypeName")),
            subject=self.leaf(h, "Subject", f"{k}/Subject"),
            content=self.leaf(h, "Content", f"{k}/Content"),
            signer_info=None if signer_el is None else SignerInfo(
                competence=self.leaf(signer_el, "Competence", f"{k}/SignerInfo/Competence"),
                position=self.leaf(signer_el, "Position", f"{k}/SignerInfo/Position"),
                full_name=self.leaf(signer_el, "FullName", f"{k}/SignerInfo/FullName")),
            due_date=self.leaf(h, "DueDate", f"{k}/DueDate"),
            to_places=self.listed(self.child(h, "ToPlaces"), "Place", f"{k}/ToPlaces"),
            other_info=None if other_el is None else self.other_info(other_el, f"{k}/OtherInfo"),
            response_for=tuple(self.response_for(el, f"{k}/ResponseFor[{i}]")
                               for i, el in enumerate(self.children(h, "ResponseFor"), start=1)),
            steering_type=self.leaf(h, "SteeringType", f"{k}/SteeringType"),
            document_id=self.leaf(h, "DocumentId", f"{k}/DocumentId"),
            reply_fors=self.leaf(h, "ReplyFors", f"{k}/ReplyFors"),
            reference_codes=self.leaf(h, "ReferenceCodes", f"{k}/ReferenceCodes"),
            response_for_task=None if task_el is None else (
                self.leaf(task_el, "TaskCode", f"{k}/ResponseForTask/TaskCode") or ""),
            application_type=self.leaf(h, "ApplicationType", f"{k}/ApplicationType"),
        )

    def other_info(self, el: etree._Element, key: str) -> OtherInfo:
        return OtherInfo(
            priority=self.leaf(el, "Priority", f"{key}/Priority"),
            sphere_of_promulgation=self.leaf(el, "SphereOfPromulgation",
                                             f"{key}/SphereOfPromulgation"),
            typer_notation=self.leaf(el, "TyperNotation", f"{key}/TyperNotation"),
            promulgation_amount=self.leaf(el, "PromulgationAmount", f"{key}/PromulgationAmount"),
            page_amount=self.leaf(el, "PageAmount", f"{key}/PageAmount"),
            appendixes=self.listed(self.child(el, "Appendixes"), "Appendix", f"{key}/Appendixes"),
            direction=self.leaf(el, "Direction", f"{key}/Direction"),
        )

    def traces(self, lst: etree._Element | None) -> tuple[TraceHeader, ...] | None:
        if self.rec("TraceHeaderList", lst) is None:
            return None
        out = []
        for i, el in enumerate(self.children(lst, "TraceHeader"), start=1):
            key = f"TraceHeader[{i}]"
            self.rec(key, el)
            out.append(TraceHeader(organ_id=self.leaf(el, "OrganId", f"{key}/OrganId"),
                                   timestamp=self.leaf(el, "Timestamp", f"{key}/Timestamp")))
        return tuple(out)

    def business(self, el: etree._Element | None) -> Business | None:
        k = "Bussiness"
        if self.rec(k, el) is None:
            return None
        infos = []
        for i, info in enumerate(self.children(el, *_spellings("BussinessDocumentInfo")), 1):
            ik = f"{k}/BussinessDocumentInfo[{i}]"
            self.rec(ik, info)
            lst = self.rec(f"{ik}/ReceiverList", self.child(info, "ReceiverList"))
            receivers = None
            if lst is not None:
                receivers = []
                for j, r in enumerate(self.children(lst, "Receiver"), start=1):
                    rk = f"{ik}/ReceiverList/Receiver[{j}]"
                    self.rec(rk, r)
                    receivers.append(Receiver(
                        organ_id=self.leaf(r, "OrganId", f"{rk}/OrganId"),
                        receiver_type=self.leaf(r, "ReceiverType", f"{rk}/ReceiverType")))
            infos.append(BusinessDocumentInfo(
                document_info=self.leaf(info, "DocumentInfo", f"{ik}/DocumentInfo"),
                document_receiver=self.leaf(info, "DocumentReceiver", f"{ik}/DocumentReceiver"),
                receivers=None if receivers is None else tuple(receivers)))
        replacements = None
        rep_lists = self.children(el, "ReplacementInfoList")
        if rep_lists:
            self.rec(f"{k}/ReplacementInfoList", rep_lists[0])
            replacements = []
            index = 0
            for rep_list in rep_lists:
                for rep in self.children(rep_list, "ReplacementInfo"):
                    index += 1
                    rk = f"{k}/ReplacementInfoList/ReplacementInfo[{index}]"
                    self.rec(rk, rep)
                    organs = self.rec(f"{rk}/OrganIdList", self.child(rep, "OrganIdList"))
                    replacements.append(ReplacementInfo(
                        document_id=self.leaf(rep, "DocumentId", f"{rk}/DocumentId"),
                        organ_ids=tuple(
                            self.text(o, f"{rk}/OrganIdList/OrganId[{j}]") or ""
                            for j, o in enumerate(self.children(organs, "OrganId"), start=1))))
        return Business(
            doc_type=self.text(self.child(el, *_spellings("BussinessDocType")),
                               f"{k}/BussinessDocType"),
            doc_reason=self.text(self.child(el, *_spellings("BussinessDocReason")),
                                 f"{k}/BussinessDocReason"),
            document_id=self.leaf(el, "DocumentId", f"{k}/DocumentId"),
            paper=self.leaf(el, "Paper", f"{k}/Paper"),
            staff_info=tuple(self.staff(s, f"{k}/StaffInfo[{i}]")
                             for i, s in enumerate(self.children(el, "StaffInfo"), start=1)),
            document_info=tuple(infos),
            replacements=None if replacements is None else tuple(replacements),
        )

    def signature(self, header: etree._Element) -> Signature | None:
        for el in header:
            name = local(el)
            ns = etree.QName(el).namespace if isinstance(el.tag, str) else None
            if name == "Signature" and ns in (n.NS, n.DSIG_NS, None):
                self.rec("edXMLHeader/Signature", el)
                return Signature(element="Signature", namespace=ns,
                                 raw_xml=_canonical(el), summary=_summary(el))
            if name == "DigitalSignature" and ns == n.NS:
                self.rec("edXMLHeader/Signature", el)
                return Signature(element="DigitalSignature", namespace=ns,
                                 raw_xml=_canonical(el), summary=_summary(el))
        return None

    def references(self, manifest: etree._Element | None) -> tuple[Reference, ...]:
        out = []
        for i, el in enumerate(self.children(manifest, "Reference"), start=1):
            key = f"Reference[{i}]"
            self.rec(key, el)
            ref = Reference(
                content_id=self.leaf(el, "ContentId", f"{key}/ContentId"),
                content_type=self.leaf(el, "ContentType", f"{key}/ContentType"),
                description=self.leaf(el, "Description", f"{key}/Description"),
                attachment_name=self.leaf(el, "AttachmentName", f"{key}/AttachmentName"))
            self.check_name(ref.attachment_name, f"{key}/AttachmentName")
            out.append(ref)
        return tuple(out)

    def check_name(self, name: str | None, key: str) -> None:
        if name is None:
            return
        reason = unsafe_name(name)
        if reason:
            self.findings.append(finding(
                "QCVN102-ATTACHMENT-NAME", Status.FAIL,
                f"Tên tệp đính kèm không an toàn: {reason}",
                f"Unsafe attachment file name: {reason}",
                expected="tên tệp đơn, không có thư mục / a plain file name",
                found=repr(name), location=self.locator.loc(key)))

    def attachments(self, encoded: etree._Element | None) -> tuple[Attachment, ...]:
        items = self.children(encoded, "Attachment")
        if len(items) > self.limits.max_attachments:
            self.findings.append(finding(
                "QCVN102-LIMITS", Status.FAIL, "Quá nhiều tệp đính kèm",
                "Too many attachments", expected=f"≤ {self.limits.max_attachments}",
                found=str(len(items)), location=self.locator.loc("AttachmentEncoded")))
            items = items[: self.limits.max_attachments]
        return tuple(self.attachment(el, f"Attachment[{i}]") for i, el in enumerate(items, 1))

    def attachment(self, el: etree._Element, key: str) -> Attachment:
        self.rec(key, el)
        name = self.leaf(el, "AttachmentName", f"{key}/AttachmentName")
        self.check_name(name, f"{key}/AttachmentName")
        content_type = self.leaf(el, "ContentType", f"{key}/ContentType")
        encoded_el = self.rec(f"{key}/ContentTransferEncoded",
                              self.child(el, "ContentTransferEncoded"))
        base = Attachment(
            content_id=self.leaf(el, "ContentId", f"{key}/ContentId"),
            name=name,
            description=self.leaf(el, "Description", f"{key}/Description"),
            content_type=content_type,
        )
        if encoded_el is None:
            return base
        text = encoded_el.text or "" if len(encoded_el) == 0 else "".join(encoded_el.itertext())
        ckey = f"{key}/ContentTransferEncoded"
        if len(text) > self.limits.max_attachment * 4 // 3 + len(text) // 76 * 2 + 4:
            self.findings.append(finding(
                "QCVN102-LIMITS", Status.FAIL, "Tệp đính kèm vượt giới hạn kích thước",
                "Attachment exceeds the size limit",
                expected=f"≤ {self.limits.max_attachment} byte",
                found=f"~{len(text) * 3 // 4} byte", location=self.locator.loc(ckey)))
            return base
        payload, problem = decode_base64(text)
        if problem is not None:
            self.problem(problem, ckey)
            return base
        assert payload is not None
        if len(payload) > self.limits.max_attachment:
            self.findings.append(finding(
                "QCVN102-LIMITS", Status.FAIL, "Tệp đính kèm vượt giới hạn kích thước",
                "Attachment exceeds the size limit",
                expected=f"≤ {self.limits.max_attachment} byte", found=f"{len(payload)} byte",
                location=self.locator.loc(ckey)))
            return base
        wrapped = _is_zip_type(content_type) and not (name or "").lower().endswith(".zip")
        if not wrapped:
            return _replace_data(base, payload, zipped=False, entry=None)
        if not looks_like_zip(payload):
            self.problem(Problem(
                "QCVN102-ZIP", "Tệp đính kèm ghi application/zip nhưng nội dung không phải ZIP",
                "Attachment labelled application/zip is not a ZIP",
                "nội dung ZIP / ZIP content", repr(payload[:8])), ckey)
            return _replace_data(base, payload, zipped=False, entry=None)
        budget = self.limits.max_total_unzipped - self.unzipped_total
        result = unzip_single(payload, self.limits, budget)
        for p in result.problems:
            self.problem(p, ckey)
        if result.data is not None:
            self.unzipped_total += len(result.data)
        return _replace_data(base, result.data, zipped=True, entry=result.entry)


def _replace_data(base: Attachment, data: bytes | None, *, zipped: bool,
                  entry: str | None) -> Attachment:
    from dataclasses import replace

    return replace(base, data=data, zipped=zipped, zip_entry=entry)


def _is_zip_type(content_type: str | None) -> bool:
    return (content_type or "").strip().lower() in ("application/zip",
                                                    "application/x-zip-compressed")


def _spellings(name: str) -> tuple[str, ...]:
    return (name, name.replace("Bussiness", "Business"))


def _canonical(el: etree._Element) -> bytes:
    """The element on its own, as exclusive XML canonicalisation writes it (only the namespace
    declarations it uses, no comments): stable whatever the surrounding declarations were."""
    return etree.tostring(el, method="c14n", exclusive=True, with_comments=False)


def _algorithm(el: etree._Element | None) -> str | None:
    return None if el is None else el.get("Algorithm")


def _by_local(el: etree._Element, name: str) -> Iterator[etree._Element]:
    for node in el.iter():
        if local(node) == name:
            yield node


def _summary(el: etree._Element) -> SignatureSummary:
    def first(name: str) -> etree._Element | None:
        return next(_by_local(el, name), None)

    value = first("SignatureValue")
    return SignatureSummary(
        canonicalization=_algorithm(first("CanonicalizationMethod")),
        signature_method=_algorithm(first("SignatureMethod")),
        digest_methods=tuple(a for a in (_algorithm(d) for d in _by_local(el, "DigestMethod"))
                             if a),
        transforms=tuple(a for a in (_algorithm(t) for t in _by_local(el, "Transform")) if a),
        reference_uris=tuple(r.get("URI", "") for r in _by_local(el, "Reference")),
        has_signature_value=bool(value is not None and (value.text or "").strip()),
        x509_subject_names=tuple((s.text or "").strip() for s in _by_local(el, "X509SubjectName")),
        certificate_count=sum(1 for _ in _by_local(el, "X509Certificate")),
    )


def _header_order(header: etree._Element) -> str:
    seen: list[str] = []
    for c in header:
        name = local(c)
        if name and (not seen or seen[-1] != name):
            seen.append(name)
    for label, order in (("spec", n.SPEC_HEADER_ORDER), ("vnpt", n.VNPT_HEADER_ORDER),
                         ("spec", n.STATUS_HEADER_ORDER)):
        ranks = [order.index(x) for x in seen if x in order]
        if len(ranks) == len(seen) and ranks == sorted(ranks):
            return label
    return "other"


def _form(reader: _Reader, root: etree._Element, envelope: etree._Element,
          header: etree._Element | None, package: Package) -> Form:
    inner = [el for el in envelope.iter() if isinstance(el.tag, str) and el is not envelope]
    prefixes = tuple(sorted({el.prefix or "" for el in inner if etree.QName(el).namespace == n.NS}))
    business = reader.locator.element("Bussiness")
    spelling = local(business) if business is not None else None
    first = None
    if business is not None:
        siblings = [local(c) for c in business.getparent() if isinstance(c.tag, str)]
        first = siblings.index(local(business)) < siblings.index("TraceHeader") \
            if "TraceHeader" in siblings else None
    sig = package.signature
    if sig is None:
        signature = None
    elif sig.element == "DigitalSignature":
        signature = "digital-signature-empty" if sig.is_empty else "digital-signature"
    elif sig.namespace == n.DSIG_NS:
        signature = "xmldsig"
    else:
        signature = "edxml-namespace"
    cids = []
    zipped = raw = 0
    if isinstance(package, EdocPackage):
        cids = [a.content_id for a in package.attachments if a.content_id] + \
               [r.content_id for r in package.references if r.content_id]
        zipped = sum(1 for a in package.attachments if a.zipped)
        raw = len(package.attachments) - zipped
    return Form(
        prefixed=bool(prefixes) and all(prefixes),
        prefixes=prefixes,
        header_order=_header_order(header) if header is not None else "unknown",
        business_spelling=spelling,
        business_first=first,
        signature=signature,
        mime_parts=package.mime is not None,
        cid_prefix=None if not cids else all(c.lower().startswith("cid:") for c in cids),
        zipped_attachments=zipped,
        raw_attachments=raw,
    )


def read_tree(root: etree._Element, file: str | None, limits: Limits) -> ParseResult:
    reader = _Reader(root, file, limits)
    reader.rec("edXML", root)
    envelope = reader.rec("edXMLEnvelope", reader.child(root, "edXMLEnvelope"))
    if envelope is None:
        reader.findings.append(finding(
            "QCVN102-SCHEMA", Status.FAIL, "Gói tin không có edXMLEnvelope",
            "Package has no edXMLEnvelope", expected="edXML/edXMLEnvelope",
            found="(không có / none)",
            location=reader.locator.loc("edXML/edXMLEnvelope")))
        return ParseResult(None, reader.findings, root, reader.locator)
    header_block = reader.rec("edXMLHeader", reader.child(envelope, "edXMLHeader"))
    header = reader.rec("MessageHeader", reader.child(header_block, "MessageHeader"))
    body = reader.rec("edXMLBody", reader.child(envelope, "edXMLBody"))
    manifest = reader.rec("edXMLManifest", reader.child(body, "edXMLManifest"))
    trace_list = reader.child(header_block, "TraceHeaderList")
    mime_els = [reader.child(root, x) for x in ("Boundary", "ContentId", "ContentType")]
    mime = None
    if any(el is not None for el in mime_els):
        mime = MimeParts(*(reader.text(el, f"edXML/{local(el)}") if el is not None else None
                           for el in mime_els))
    if header is None:
        reader.findings.append(finding(
            "QCVN102-SCHEMA", Status.FAIL, "Gói tin không có MessageHeader",
            "Package has no MessageHeader", expected="edXMLHeader/MessageHeader",
            found="(không có / none)", location=reader.locator.loc("edXMLHeader/MessageHeader")))
        return ParseResult(None, reader.findings, root, reader.locator)
    is_status = reader.child(header, "StatusCode") is not None or (
        body is None and reader.child(header, "Code") is None
        and reader.child(header, "Timestamp") is not None)
    traces = reader.traces(trace_list)
    signature = reader.signature(header_block) if header_block is not None else None
    package: Package
    if is_status:
        k = "MessageHeader"
        rf = reader.child(header, "ResponseFor")
        staff = reader.child(header, "StaffInfo")
        package = StatusPackage(
            from_=reader.organization(reader.child(header, "From"), f"{k}/From"),
            response_for=None if rf is None else reader.response_for(rf, f"{k}/ResponseFor"),
            staff_info=None if staff is None else reader.staff(staff, f"{k}/StaffInfo"),
            status_code=reader.leaf(header, "StatusCode", f"{k}/StatusCode"),
            description=reader.leaf(header, "Description", f"{k}/Description"),
            timestamp=reader.leaf(header, "Timestamp", f"{k}/Timestamp"),
            trace_headers=traces, signature=signature, mime=mime)
    else:
        business_el = reader.child(trace_list, *_spellings("Bussiness"))
        reader.rec("AttachmentEncoded", reader.child(root, "AttachmentEncoded"))
        package = EdocPackage(
            header=reader.edoc_header(header),
            trace_headers=traces,
            business=reader.business(business_el),
            signature=signature,
            references=reader.references(manifest),
            attachments=reader.attachments(reader.child(root, "AttachmentEncoded")),
            manifest_version=None if manifest is None else manifest.get("version"),
            mime=mime,
        )
    form = _form(reader, root, envelope, header, package)
    return ParseResult(package, reader.findings, root, reader.locator, form)
