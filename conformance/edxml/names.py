"""Names of the edXML vocabulary (QCVN 102:2016) and the element orders real producers write.

Every edXML element lives in one namespace. Producers differ only in prefixes (namespace-
equivalent) and in element order; both orders are kept here as data so that the builder can
write either and the schemas can be checked against them.
"""

from __future__ import annotations

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
DSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
XLINK_NS = "http://www.w3.org/1999/xlink"
PREFIX = "edXML"


def q(name: str) -> str:
    """Clark notation of an edXML element name: `{ns}name`."""
    return f"{{{NS}}}{name}"


# The business block is spelled with a double s on the wire; readers also meet `Business…`.
BUSINESS_SPELLINGS = ("Bussiness", "Business")

ORGANIZATION_ORDER = (
    "OrganId", "OrganizationInCharge", "OrganName", "OrganAdd",
    "Email", "Telephone", "Fax", "Website",
)

# MessageHeader of a document package: the order of the annotated template / spec numbering
# (1.1–1.14), and the order the VNPT Java library writes (edxml.md §3.2).
SPEC_HEADER_ORDER = (
    "From", "To", "Code", "PromulgationInfo", "DocumentType", "Subject", "Content",
    "SignerInfo", "DueDate", "ToPlaces", "OtherInfo", "ResponseFor", "SteeringType",
    "DocumentId", "ReplyFors", "ReferenceCodes", "ResponseForTask", "ApplicationType",
)
VNPT_HEADER_ORDER = (
    "From", "To", "DocumentId", "Code", "PromulgationInfo", "DocumentType", "Subject",
    "Content", "SignerInfo", "DueDate", "OtherInfo", "ResponseFor", "SteeringType",
    "ReplyFors", "ReferenceCodes", "ResponseForTask", "ApplicationType", "ToPlaces",
)
STATUS_HEADER_ORDER = (
    "From", "ResponseFor", "StaffInfo", "StatusCode", "Description", "Timestamp",
)
OTHER_INFO_ORDER = (
    "Priority", "SphereOfPromulgation", "TyperNotation", "PromulgationAmount", "PageAmount",
    "Appendixes", "Direction",
)
VNPT_OTHER_INFO_ORDER = (
    "Priority", "SphereOfPromulgation", "TyperNotation", "PromulgationAmount", "PageAmount",
    "Direction", "Appendixes",
)
SPEC_BUSINESS_ORDER = (
    "BussinessDocType", "BussinessDocReason", "DocumentId", "Paper", "StaffInfo",
    "BussinessDocumentInfo", "ReplacementInfoList",
)
VNPT_BUSINESS_ORDER = (
    "DocumentId", "BussinessDocType", "BussinessDocReason", "Paper", "StaffInfo",
    "BussinessDocumentInfo", "ReplacementInfoList",
)
STAFF_ORDER = ("Department", "DepartmentId", "Staff", "StaffId", "Mobile", "Email")
REFERENCE_ORDER = ("ContentId", "ContentType", "Description", "AttachmentName")
ATTACHMENT_ORDER = (
    "ContentId", "AttachmentName", "Description", "ContentType", "ContentTransferEncoded",
)
