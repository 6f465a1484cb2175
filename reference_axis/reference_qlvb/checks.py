"""The receiver's checks before accepting a document (QD28-9.1, LC2019-7.1a–b): completeness,
integrity and authenticity of the package and of its signed files, and the receiver's competence.

The project's validators do the work — `validate_package` on the package (schema mode from the
settings, judged at the moment of receipt) and `validate_pdf` on every PDF, trusting the test
PKI's root. A document is refused on a failed rule that belongs to one of the groups below,
whatever the rule's severity in the harness' profile: the severity grades a product, while this
list is the receiving agency's policy (a file whose content is not what its name says is refused
even though the harness only warns about odd formats). The other findings (presentation,
timing) are kept in the record but are no ground for refusing a document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from conformance.edxml.model import EdocPackage
from conformance.edxml.schema import Mode
from conformance.edxml.validate import validate_package
from conformance.findings import Finding, Location, Status, finding
from reference_axis.reference_qlvb import pdfs
from reference_axis.reference_qlvb.behaviour import Behaviour
from reference_axis.reference_qlvb.config import AgencyProfile

INTEGRITY = "integrity"
COMPLETENESS = "completeness"
AUTHENTICITY = "authenticity"
COMPETENCE = "competence"
FORM = "form"
PROHIBITED = "prohibited"
ORDER = (INTEGRITY, COMPLETENESS, FORM, AUTHENTICITY, COMPETENCE, PROHIBITED)
GROUP_TEXT = {
    INTEGRITY: ("không bảo đảm tính toàn vẹn", "integrity not ensured"),
    COMPLETENESS: ("không đầy đủ thông tin, tệp kèm theo", "incomplete information or files"),
    AUTHENTICITY: ("không xác thực được chữ ký số", "the digital signatures cannot be trusted"),
    COMPETENCE: ("không thuộc thẩm quyền, gửi nhầm nơi nhận",
                 "outside the receiver's competence, sent to the wrong receiver"),
    FORM: ("thông tin, định dạng không đúng quy chuẩn",
           "information or formats not as the standard prescribes"),
    PROHIBITED: ("văn bản không được gửi, nhận qua Trục",
                 "a document that is not to be exchanged through the axis"),
}

_INTEGRITY_RULES = frozenset({
    "QCVN102-XML", "QCVN102-XMLSEC", "QCVN102-ENCODING", "QCVN102-NAMESPACE", "QCVN102-LIMITS",
    "QCVN102-BASE64", "QCVN102-ZIP", "QCVN102-ATTACHMENT-NAME", "QCVN102-MANIFEST",
    "QCVN102-XMLDSIG", "QD28-6.1", "TT41-PDF", "TT41-COVERAGE"})
_AUTHENTICITY_RULES = frozenset({
    "LC2019-6.1a", "LC2019-6.1d", "LC2019-6.2", "LC2019-6.3", "TT41-CERT-VALIDITY",
    "TT41-REVOCATION", "TT41-KEY-USAGE", "TT41-ALGORITHM", "DN35-9.3b", "LC2019-9.2a"})
_COMPLETENESS_RULES = frozenset({"QD28-10.1", "VP11796-1g", "DN35-9.2a"})
_FORM_RULES = frozenset({
    "QCVN102-SCHEMA", "QCVN102-DOCID", "QCVN102-ORGID", "QCVN102-DATE", "QCVN102-PRIORITY",
    "QCVN102-ATTACHMENT-TYPE", "DN35-9.1b"})
_PROHIBITED_RULES = frozenset({"LC2019-5.2"})


def group_of(rule_id: str) -> str | None:
    """The group a failed rule belongs to when it is a ground for refusal, else None."""
    if rule_id in _INTEGRITY_RULES:
        return INTEGRITY
    if rule_id in _AUTHENTICITY_RULES:
        return AUTHENTICITY
    if rule_id in _COMPLETENESS_RULES or rule_id.startswith("QD28-10.2"):
        return COMPLETENESS
    if rule_id in _FORM_RULES:
        return FORM
    if rule_id == "LC2019-7.1b":
        return COMPETENCE
    if rule_id in _PROHIBITED_RULES:
        return PROHIBITED
    return None


@dataclass
class CheckOutcome:
    findings: list[Finding] = field(default_factory=list)
    pdf_checked: bool = False

    @property
    def refusals(self) -> list[Finding]:
        """Failures that are grounds for refusal, the most basic group first."""
        grounds = [f for f in self.findings
                   if f.status is Status.FAIL and group_of(f.rule_id) is not None]
        return sorted(grounds, key=lambda f: ORDER.index(group_of(f.rule_id) or COMPETENCE))

    @property
    def passed(self) -> bool:
        return not self.refusals

    @property
    def failed_rule(self) -> str | None:
        refusals = self.refusals
        return refusals[0].rule_id if refusals else None

    def reason(self, lang: str = "vi") -> str | None:
        """The refusal reason, naming the failed rule(s): for the 02 status' Description."""
        refusals = self.refusals
        if not refusals:
            return None
        first = refusals[0]
        group = GROUP_TEXT[group_of(first.rule_id) or COMPETENCE]
        others = list(dict.fromkeys(f.rule_id for f in refusals[1:] if f.rule_id != first.rule_id))
        if lang == "en":
            text = (f"Refused: {group[1]} — {first.rule_id} ({first.clause}): "
                    f"{first.message.en}")
            tail = f". Also failed: {', '.join(others)}" if others else ""
        else:
            text = (f"Từ chối tiếp nhận: {group[0]} — {first.rule_id} ({first.clause}): "
                    f"{first.message.vi}")
            tail = f". Các lỗi khác: {', '.join(others)}" if others else ""
        limit = 480 - len(tail)
        return (text if len(text) <= limit else text[: limit - 1] + "…") + tail

    def summary(self) -> list[dict[str, str]]:
        """What the record keeps: every failure and inconclusive result, refusals first."""
        keep = [f for f in self.findings if f.status in (Status.FAIL, Status.INCONCLUSIVE)]
        refusals = self.refusals
        ordered = refusals + [f for f in keep if f not in refusals]
        return [{"rule_id": f.rule_id, "status": str(f.status), "severity": str(f.severity),
                 "message": f.message.vi} for f in ordered]


def addressed_to(package: EdocPackage, agency: AgencyProfile) -> bool:
    """Whether the package's To list names the agency (in either code form)."""
    names = {agency.code, agency.qd20_code}
    return any((t.organ_id or "").strip() in names for t in package.header.to)


def _competence(package: EdocPackage, agency: AgencyProfile, file: str) -> Finding:
    listed = ", ".join(t.organ_id or "?" for t in package.header.to) or "(không có / none)"
    if addressed_to(package, agency):
        return finding("LC2019-7.1b", Status.PASS, f"Văn bản gửi cho {agency.name}",
                       f"The document is addressed to {agency.name}", expected=agency.code,
                       found=listed, location=Location(file=file, xpath="MessageHeader/To"))
    return finding("LC2019-7.1b", Status.FAIL,
                   f"Văn bản không gửi cho {agency.name} ({agency.code}): gửi nhầm, không thuộc "
                   "thẩm quyền giải quyết",
                   f"The document is not addressed to {agency.name} ({agency.code}): wrong "
                   "receiver, outside its competence", expected=agency.code, found=listed,
                   location=Location(file=file, xpath="MessageHeader/To"))


def _pdf_role(description: str | None, index: int) -> str:
    text = (description or "").lower()
    if "số hóa" in text or "số hoá" in text:
        return "scan"
    if "bản sao" in text:
        return "copy"
    if index > 0 or "phụ lục" in text or "kèm theo" in text:
        return "attachment"
    return "main"


def check_incoming(data: bytes, package: EdocPackage, agency: AgencyProfile, *, profile: str,
                   mode: Mode, at: dt.datetime, behaviour: Behaviour,
                   file: str = "goi-tin.edxml") -> CheckOutcome:
    """Every check of an arriving document package; never raises."""
    out = CheckOutcome()
    if not behaviour.accept_invalid_package:
        out.findings.extend(validate_package(data, profile=profile, mode=mode, at=at,
                                             file=file))
    if not behaviour.accept_tampered_pdf:
        pdf_index = 0
        for att in package.attachments:
            if att.data is None or not att.data.startswith(b"%PDF"):
                continue
            found = pdfs.check_pdf(att.data, role=_pdf_role(att.description, pdf_index),
                                   profile=profile, package=package, file=att.name)
            pdf_index += 1
            if found is None:
                break
            out.pdf_checked = True
            out.findings.extend(found)
    if not behaviour.accept_other_agency:
        out.findings.append(_competence(package, agency, file))
    return out
