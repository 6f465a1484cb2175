"""The package's XML signature (QCVN102-XMLDSIG) and the legal-value statement of QĐ 28 Điều 4.

The package-level XML-DSig is verified with signxml against the certificate it carries
(integrity and possession of the key). Whether that certificate is trusted, and whether the
document has the legal value of paper (QD28-4.1) or is for reference only (QD28-4.2), depends
on the signatures of the attached PDF, which the PDF validators judge: until they run, the
legal value is reported as inconclusive, never guessed.
"""

from __future__ import annotations

import base64
import binascii

from cryptography import x509
from lxml import etree

from conformance.checks import covers
from conformance.edxml import names as n
from conformance.edxml.model import Signature
from conformance.edxml.rules.context import Context
from conformance.edxml.tree import local, secure_parser
from conformance.findings import Finding, Severity, Status, finding

RULE = "QCVN102-XMLDSIG"
_KEY = "edXMLHeader/Signature"


def _certificate(sig: Signature) -> tuple[x509.Certificate | None, str | None]:
    try:
        element = etree.fromstring(sig.raw_xml, secure_parser())
    except etree.XMLSyntaxError as exc:
        return None, str(exc)
    texts = [(el.text or "") for el in element.iter() if local(el) == "X509Certificate"]
    if not texts:
        return None, "không có X509Certificate / no X509Certificate"
    try:
        der = base64.b64decode("".join(texts[0].split()), validate=True)
        return x509.load_der_x509_certificate(der), None
    except (binascii.Error, ValueError) as exc:
        return None, f"chứng thư số không đọc được / unreadable certificate: {exc}"


def _verify(ctx: Context, sig: Signature) -> Finding:
    from signxml import SignatureConfiguration, XMLVerifier
    from signxml.exceptions import InvalidInput, SignXMLException

    loc = ctx.loc(_KEY)
    cert, problem = _certificate(sig)
    if cert is None:
        return finding(RULE, Status.FAIL, "Chữ ký XML không kèm chứng thư số đọc được",
                       "The XML signature carries no readable certificate",
                       expected="KeyInfo/X509Data/X509Certificate", found=problem, location=loc)
    assert ctx.root is not None
    data = etree.tostring(ctx.root.getroottree())
    subject = cert.subject.rfc4514_string()
    try:
        XMLVerifier().verify(data, x509_cert=cert, parser=secure_parser(),
                             expect_config=SignatureConfiguration(expect_references=1))
    except InvalidInput as exc:
        return finding(RULE, Status.FAIL,
                       f"Chữ ký XML dùng thuật toán hoặc cấu trúc không được chấp nhận: {exc}",
                       f"The XML signature uses an algorithm or structure that is not accepted: "
                       f"{exc}", expected="SHA-256 trở lên, một Reference / SHA-256 or stronger, "
                       "one Reference",
                       found=sig.summary.signature_method or "(không rõ / unknown)", location=loc,
                       evidence={"signer": subject})
    except SignXMLException as exc:
        return finding(RULE, Status.FAIL,
                       f"Chữ ký XML không hợp lệ (nội dung bị thay đổi hoặc chữ ký sai): {exc}",
                       f"The XML signature is invalid (content altered or wrong signature): {exc}",
                       expected="chữ ký khớp nội dung / a signature matching the content",
                       found=type(exc).__name__, location=loc, evidence={"signer": subject})
    except Exception as exc:  # never let a library error escape a validator
        return finding(RULE, Status.FAIL, f"Không kiểm tra được chữ ký XML: {exc}",
                       f"The XML signature cannot be checked: {exc}",
                       expected="chữ ký XML-DSig kiểm tra được", found=type(exc).__name__,
                       location=loc)
    return finding(RULE, Status.PASS,
                   f"Chữ ký XML khớp với nội dung gói tin (người ký: {subject}); độ tin cậy của "
                   "chứng thư số được đánh giá cùng chữ ký trên tệp PDF",
                   f"The XML signature matches the package content (signer: {subject}); trust in "
                   "the certificate is judged with the PDF signatures",
                   found=sig.summary.signature_method, location=loc,
                   evidence={"signer": subject, "trust": "not evaluated"})


@covers(RULE)
def check_xml_signature(ctx: Context) -> list[Finding]:
    """QCVN102-XMLDSIG: a package signature, when present, verifies."""
    sig = ctx.package.signature
    loc = ctx.loc(_KEY)
    if sig is None or sig.is_empty:
        what = "DigitalSignature rỗng / an empty DigitalSignature" if sig else None
        return [finding(RULE, Status.NOT_APPLICABLE,
                        "Gói tin không có chữ ký XML (chữ ký số nằm trên tệp văn bản đính kèm)",
                        "The package has no XML signature (the digital signatures are on the "
                        "attached document)", found=what or "(không có / none)", location=loc,
                        severity=Severity.INFO)]
    if sig.namespace != n.DSIG_NS:
        return [finding(RULE, Status.INCONCLUSIVE,
                        "Phần tử Signature không thuộc không gian tên XML-DSig (cách thư viện "
                        "VNPT ghi): không kiểm tra được chữ ký",
                        "The Signature element is not in the XML-DSig namespace (as the VNPT "
                        "library writes it): the signature cannot be verified",
                        expected=f"{{{n.DSIG_NS}}}Signature",
                        found=f"{{{sig.namespace or ''}}}Signature", location=loc,
                        severity=Severity.WARNING)]
    return [_verify(ctx, sig)]


@covers("QD28-4.1", "QD28-4.2")
def check_legal_value(ctx: Context) -> list[Finding]:
    """QD28-4.1 / 4.2: inconclusive until the attached PDF's signatures are validated."""
    loc = ctx.loc("AttachmentEncoded" if ctx.edoc else "MessageHeader")
    note_vi = ("Giá trị pháp lý phụ thuộc chữ ký số trên tệp văn bản (PDF), chưa được kiểm tra "
               "ở bước này")
    note_en = ("The legal value depends on the digital signatures of the attached (PDF) "
               "document, not checked at this step")
    return [finding(rule, Status.INCONCLUSIVE, f"{title_vi}: chưa kết luận. {note_vi}",
                    f"{title_en}: not decided. {note_en}", location=loc)
            for rule, title_vi, title_en in (
                ("QD28-4.1", "Giá trị pháp lý như văn bản giấy", "Legal value of paper"),
                ("QD28-4.2", "Chỉ có giá trị để biết, tham khảo", "For reference only"))]
