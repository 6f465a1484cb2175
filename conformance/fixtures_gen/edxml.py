"""Deterministic edXML fixtures: valid packages and a negative corpus.

* `positive_fixtures()`: a valid document package of each business type (0 new, 1 revoke,
  2 update, 3 replace), one signed with XML-DSig, and a status package for each status code
  (01–06, 13, 15, 16). Valid in both schema modes.
* `observed_fixtures()`: forms real producers emit (VNPT element order, .NET form, `Business`
  spelling, the VNPT signature namespace): valid as-observed; strict mode fails them on
  QCVN102-SCHEMA only.
* `negative_fixtures()`: each file breaks exactly one rule and is named after it,
  `<RULE-ID>__<what>.edxml` (hostile ones included: XXE, billion laughs, zip bomb, path
  traversal, invalid UTF-8, NFD and TCVN3 text). `large_attachment_package()` makes the 50 MB
  one on demand; it is never written by default.

`write_fixtures(directory)` writes them all; `python -m conformance.fixtures_gen.edxml DIR`
does the same from the command line. Same call, same bytes: fixed dates, keys, ZIP stamps.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import io
import random
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree

from conformance.datafiles import read_toml
from conformance.edxml import names as n
from conformance.edxml.builder import (
    SPEC,
    BuildOptions,
    build_package,
    build_tree,
    make_attachment,
    serialize,
)
from conformance.edxml.limits import MiB
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
    SignerInfo,
    StaffInfo,
    StatusPackage,
    TraceHeader,
)
from conformance.resources import data_path

# --- the actors and the document -------------------------------------------------------------

SENDER = Organization(
    organ_id="000.00.00.G22", organization_in_charge="Chính phủ",
    organ_name="Văn phòng Chính phủ", organ_add="Số 1 Hoàng Hoa Thám, Ba Đình, Hà Nội",
    email="vanthu@chinhphu.vn", telephone="080 43100", fax="080 44130",
    website="chinhphu.vn")
RECEIVER = Organization(
    organ_id="000.00.00.H41", organ_name="Ủy ban nhân dân tỉnh Nghệ An",
    organ_add="Số 3 Trường Thi, thành phố Vinh, Nghệ An", email="vanthu@nghean.gov.vn")
RECEIVER_2 = Organization(
    organ_id="000.00.00.H14", organ_name="Ủy ban nhân dân tỉnh Cao Bằng",
    organ_add="Số 11 Hoàng Đình Giong, thành phố Cao Bằng", email="vanthu@caobang.gov.vn")

NUMBER, NOTATION = "125", "VPCP-TCCV"
ISSUED = "2026/03/02"
DOCUMENT_ID = f"{SENDER.organ_id},{ISSUED},{NUMBER}/{NOTATION}"
SENT_AT = "2026/03/02 09:30:00"
STATUS_AT = "2026/03/02 14:05:00"
ANSWERED = ResponseFor(organ_id="000.00.00.H41", code="12/UBND-VP", promulgation_date="2026/02/20",
                       document_id="000.00.00.H41,2026/02/20,12/UBND-VP")
REPLACED_ID = f"{SENDER.organ_id},2026/02/25,118/{NOTATION}"
VALID_AT = dt.datetime(2026, 3, 2, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))

STAFF = StaffInfo(department="Văn thư Văn phòng Chính phủ", staff="Lê Thị Hoa",
                  mobile="0912000001", email="vanthu@chinhphu.vn")
RECEIVER_STAFF = StaffInfo(department="Văn thư Văn phòng UBND tỉnh", staff="Trần Thị Bình",
                           mobile="0912000002", email="vanthu@nghean.gov.vn")


def sample_pdf(title: str = "Công văn 125/VPCP-TCCV") -> bytes:
    """A small, well-formed one-page PDF (fixed bytes for a given title)."""
    text = title.encode("ascii", "replace")
    stream = b"BT /F1 12 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
              .encode())
    return out.getvalue()


def _office(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def sample_docx(text: str = "Danh sách đơn vị") -> bytes:
    """A minimal WordprocessingML package (enough to be a .docx by its structure)."""
    return _office({
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="'
        'application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://'
        'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
        f'{text}</w:t></w:r></w:p></w:body></w:document>',
    })


def sample_xlsx() -> bytes:
    return _office({
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main"/>',
    })


PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def document_files(*, zipped: bool = True, cid_prefix: bool = True
                   ) -> tuple[tuple[Attachment, ...], tuple[Reference, ...]]:
    """The document itself (PDF, zipped as the VNPT library does) and an appendix (DOCX, raw)."""
    main, main_ref = make_attachment(
        "7c1f0d2e-0001", f"{NUMBER}-{NOTATION}.pdf", sample_pdf(), PDF_TYPE,
        description="Văn bản chính", zipped=zipped, cid_prefix=cid_prefix)
    extra, extra_ref = make_attachment(
        "7c1f0d2e-0002", "phu-luc-danh-sach.docx", sample_docx(), DOCX_TYPE,
        description="Phụ lục", zipped=False, cid_prefix=cid_prefix)
    return (main, extra), (main_ref, extra_ref)


def header(**changes: object) -> MessageHeader:
    base = MessageHeader(
        from_=SENDER,
        to=(RECEIVER, RECEIVER_2),
        code=DocumentCode(NUMBER, NOTATION),
        promulgation_info=PromulgationInfo("Hà Nội", ISSUED),
        document_type=DocumentType(type="1", type_detail="0", type_name="Công văn"),
        subject="Về việc triển khai kết nối liên thông văn bản điện tử",
        content="Đề nghị các cơ quan hoàn thành kết nối trước ngày 16 tháng 3 năm 2026.",
        signer_info=SignerInfo("KT. BỘ TRƯỞNG, CHỦ NHIỆM", "Phó Chủ nhiệm", "Nguyễn Văn An"),
        due_date="2026/03/16",
        to_places=("Như trên", "Lưu: VT, TCCV"),
        other_info=OtherInfo(priority="1", sphere_of_promulgation="Liên thông văn bản quốc gia",
                             typer_notation="TCCV", promulgation_amount="3", page_amount="2",
                             appendixes=("Danh sách đơn vị",), direction="false"),
        response_for=(ANSWERED,),
        steering_type="1",
        document_id=DOCUMENT_ID,
    )
    return replace(base, **changes)


BUSINESS: dict[str, Business] = {
    "0": Business(doc_type="0", doc_reason="Văn bản điện tử mới", paper="0", staff_info=(STAFF,)),
    "1": Business(doc_type="1", doc_reason="Thu hồi do ban hành nhầm nơi nhận",
                  document_id=DOCUMENT_ID, paper="0", staff_info=(STAFF,)),
    "2": Business(doc_type="2", doc_reason="Bổ sung nơi nhận", document_id=DOCUMENT_ID, paper="0",
                  staff_info=(STAFF,),
                  document_info=(BusinessDocumentInfo(
                      document_info="0", document_receiver="1",
                      receivers=(Receiver("000.00.00.H14", "1"),
                                 Receiver("000.00.00.H41", "0"))),)),
    "3": Business(doc_type="3", doc_reason="Thay thế Công văn số 118/VPCP-TCCV", paper="0",
                  staff_info=(STAFF,),
                  replacements=(ReplacementInfo(REPLACED_ID, ("000.00.00.H41", "000.00.00.H14")),)),
}
BUSINESS_NAMES = {"0": "new", "1": "revoke", "2": "update", "3": "replace"}


def edoc(business_type: str = "0", **header_changes: object) -> EdocPackage:
    """A complete, valid document package of the given business type."""
    attachments, references = document_files()
    return EdocPackage(
        header=header(**header_changes),
        trace_headers=(TraceHeader(SENDER.organ_id, SENT_AT),),
        business=BUSINESS[business_type],
        references=references,
        attachments=attachments,
    )


STATUS_TEXT = {
    "01": "Văn bản đã đến hệ thống quản lý văn bản",
    "02": "Từ chối tiếp nhận: văn bản gửi nhầm, không thuộc thẩm quyền giải quyết",
    "03": "Văn thư đã tiếp nhận, vào sổ văn bản đến số 245",
    "04": "Lãnh đạo đã phân công Sở Khoa học và Công nghệ xử lý",
    "05": "Đang xử lý",
    "06": "Đã hoàn thành xử lý",
    "13": "Đề nghị lấy lại văn bản do ban hành nhầm nơi nhận",
    "15": "Đồng ý thu hồi văn bản",
    "16": "Từ chối thu hồi: văn bản đã được triển khai thực hiện",
}
STATUS_CODES = tuple(STATUS_TEXT)


def status(code: str = "03", **changes: object) -> StatusPackage:
    """A valid status package for a code; 13 goes from the original sender, the others from
    the receiver."""
    sender = code == "13"
    origin = SENDER if sender else RECEIVER
    base = StatusPackage(
        from_=origin,
        response_for=ResponseFor(SENDER.organ_id, f"{NUMBER}/{NOTATION}", ISSUED, DOCUMENT_ID),
        staff_info=STAFF if sender else RECEIVER_STAFF,
        status_code=code,
        description=STATUS_TEXT[code],
        timestamp=STATUS_AT,
        trace_headers=(TraceHeader(origin.organ_id, STATUS_AT),),
    )
    return replace(base, **changes)


# --- a reproducible signing key --------------------------------------------------------------

_SMALL_PRIMES = [p for p in range(3, 2000, 2) if all(p % d for d in range(3, int(p**0.5) + 1, 2))]
_E = 65537


def _probably_prime(candidate: int, rng: random.Random, rounds: int = 32) -> bool:
    if any(candidate % p == 0 for p in _SMALL_PRIMES):
        return False
    d, r = candidate - 1, 0
    while d % 2 == 0:
        d //= 2
        r += 1
    for _ in range(rounds):
        x = pow(rng.randrange(2, candidate - 2), d, candidate)
        if x in (1, candidate - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, candidate)
            if x == candidate - 1:
                break
        else:
            return False
    return True


def _prime(bits: int, rng: random.Random) -> int:
    while True:
        candidate = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if (candidate - 1) % _E and _probably_prime(candidate, rng):
            return candidate


@cache
def fixture_key(seed: str = "qlvb-conformance/edxml") -> rsa.RSAPrivateKey:
    """The same RSA-2048 test key for the same seed (cryptography cannot seed RSA generation,
    so the primes come from a seeded PRNG). RSA PKCS#1 v1.5 signatures are deterministic, so
    signed fixtures are byte-for-byte reproducible. For tests only."""
    rng = random.Random(seed)
    p, q = _prime(1024, rng), _prime(1024, rng)
    d = pow(_E, -1, (p - 1) * (q - 1))
    return rsa.RSAPrivateNumbers(
        p=p, q=q, d=d, dmp1=d % (p - 1), dmq1=d % (q - 1), iqmp=pow(q, -1, p),
        public_numbers=rsa.RSAPublicNumbers(_E, p * q)).private_key()


@cache
def fixture_certificate(seed: str = "qlvb-conformance/edxml") -> x509.Certificate:
    """A self-signed certificate of `fixture_key(seed)` with fixed names, serial and dates."""
    key = fixture_key(seed)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "qlvb-conformance test PKI"),
        x509.NameAttribute(NameOID.COMMON_NAME, "Văn phòng Chính phủ (chứng thư thử nghiệm)"),
    ])
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(0x5EED0001)
            .not_valid_before(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
            .not_valid_after(dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))


def sign_package(data: bytes) -> bytes:
    """An enveloped XML-DSig (RSA-SHA256) over the whole package, placed in edXMLHeader after
    TraceHeaderList, where the strict schema expects it."""
    from signxml import XMLSigner, methods

    from conformance.edxml.tree import secure_parser

    root = etree.fromstring(data, secure_parser())
    header_block = root.find(f"{n.q('edXMLEnvelope')}/{n.q('edXMLHeader')}")
    assert header_block is not None
    placeholder = etree.SubElement(header_block, f"{{{n.DSIG_NS}}}Signature",
                                   nsmap={"ds": n.DSIG_NS})
    placeholder.set("Id", "placeholder")
    key = fixture_key().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption())
    cert = fixture_certificate().public_bytes(serialization.Encoding.PEM).decode("ascii")
    signed = XMLSigner(method=methods.enveloped, signature_algorithm="rsa-sha256",
                       digest_algorithm="sha256").sign(root, key=key, cert=[cert])
    return serialize(signed, indent=False)


def signed_edoc() -> bytes:
    return sign_package(build_package(edoc("0"), SPEC))


# --- valid packages ----------------------------------------------------------------------------


def positive_fixtures() -> dict[str, bytes]:
    """File name → bytes of every valid package (both schema modes)."""
    out = {f"edoc_type{code}_{BUSINESS_NAMES[code]}.edxml": build_package(edoc(code), SPEC)
           for code in BUSINESS}
    out["edoc_signed_xmldsig.edxml"] = signed_edoc()
    out["edoc_raw_attachments.edxml"] = build_package(
        replace(edoc("0"), attachments=document_files(zipped=False)[0],
                references=document_files(zipped=False)[1]), SPEC)
    for code in STATUS_CODES:
        out[f"status_{code}.edxml"] = build_package(status(code), SPEC)
    # prefixes are namespace-equivalent: an unprefixed package is valid in both modes
    out["status_05_unprefixed.edxml"] = build_package(
        status("05"), BuildOptions(order="spec", prefixed=False))
    return out


def _net_form() -> bytes:
    attachments, references = document_files(zipped=False, cid_prefix=False)
    package = replace(
        edoc("0"), attachments=attachments, references=references,
        mime=MimeParts("MIME_boundary", "<edXMLEnvelope@mic.gov.vn>", "text/xml"),
        signature=Signature(element="DigitalSignature", namespace=n.NS,
                            raw_xml=f'<DigitalSignature xmlns="{n.NS}"/>'.encode()))
    return build_package(package, BuildOptions(order="spec", prefixed=False))


def _vnpt_signature() -> bytes:
    raw = (f'<Signature xmlns="{n.NS}"><SignedInfo><CanonicalizationMethod Algorithm='
           '"http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/><SignatureMethod Algorithm='
           '"http://www.w3.org/2000/09/xmldsig#rsa-sha1"/><Reference URI=""><DigestValue>'
           'FwgIqsSYJshUS2+wlOM61L+q7Aw=</DigestValue></Reference></SignedInfo><SignatureValue>'
           'R2JWYjhuOStxRnh6NDY2QWcwc2Jw</SignatureValue></Signature>').encode()
    return build_package(replace(edoc("0"), signature=Signature(
        element="Signature", namespace=n.NS, raw_xml=raw)))


def observed_fixtures() -> dict[str, bytes]:
    """File name → bytes of packages in the forms real producers emit: valid as-observed, and
    failing strict mode on QCVN102-SCHEMA only."""
    return {
        "edoc_vnpt_order.edxml": build_package(edoc("0")),
        "edoc_net_form.edxml": _net_form(),
        "edoc_business_spelling.edxml": build_package(
            edoc("2"), BuildOptions(order="spec", business_spelling="Business",
                                    business_first=True)),
        "edoc_vnpt_signature_namespace.edxml": _vnpt_signature(),
    }


# --- the negative corpus -----------------------------------------------------------------------


@dataclass(frozen=True)
class Negative:
    """One fixture that breaks one rule. `modes`: the schema modes in which it must fail
    (in the others it must be clean); `consequential`: other rules that unavoidably fail with
    it, with the reason in `why`."""

    rule: str
    what: str
    build: Callable[[], bytes]
    modes: tuple[str, ...] = ("strict", "observed")
    consequential: frozenset[str] = frozenset()
    why: str = ""

    @property
    def name(self) -> str:
        return f"{self.rule}__{self.what}.edxml"


def _spec(package: Package) -> bytes:
    return build_package(package, SPEC)


def _edoc_bytes(business_type: str = "0", **changes: object) -> bytes:
    return _spec(edoc(business_type, **changes))


def _with_package(**changes: object) -> Callable[[], bytes]:
    return lambda: _spec(replace(edoc("0"), **changes))


def _tree_edit(edit: Callable[[etree._Element], None], package: Package | None = None
               ) -> bytes:
    root = build_tree(package or edoc("0"), SPEC)
    edit(root)
    return serialize(root)


def _find(root: etree._Element, *path: str) -> etree._Element:
    el: etree._Element | None = root
    for name in path:
        assert el is not None
        el = el.find(n.q(name))
    assert el is not None, path
    return el


def _header_el(root: etree._Element) -> etree._Element:
    return _find(root, "edXMLEnvelope", "edXMLHeader", "MessageHeader")


def _add_unknown(root: etree._Element) -> None:
    h = _header_el(root)
    h.insert(h.index(_find(h, "Subject")) + 1, etree.Element(n.q("Urgency")))
    h[h.index(_find(h, "Subject")) + 1].text = "Khẩn"


def _duplicate_subject(root: etree._Element) -> None:
    h = _header_el(root)
    subject = _find(h, "Subject")
    twin = etree.Element(n.q("Subject"))
    twin.text = "Trích yếu thứ hai"
    h.insert(h.index(subject) + 1, twin)


def _replace_bytes(data: bytes, old: bytes, new: bytes) -> bytes:
    assert old in data, old
    return data.replace(old, new, 1)


def _xxe() -> bytes:
    body = _edoc_bytes().split(b"\n", 1)[1]
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE edXML [\n'
            b'  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
            + _replace_bytes(body, "Về việc triển khai".encode(), b"&xxe;"))


def _billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    body = _edoc_bytes().split(b"\n", 1)[1]
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE edXML [\n  '
            + "\n  ".join(entities).encode() + b"\n]>\n"
            + _replace_bytes(body, "Về việc triển khai".encode(), b"&lol9;"))


def _invalid_utf8() -> bytes:
    return _replace_bytes(_edoc_bytes(), "triển khai".encode(), b"tri\xea\xfen khai")


def _latin1_declared() -> bytes:
    return _replace_bytes(_edoc_bytes(), b'encoding="UTF-8"', b'encoding="ISO-8859-1"')


def _truncated() -> bytes:
    data = _edoc_bytes()
    return data[: data.index(b"</edXML:MessageHeader>") + 10]


def _wrong_namespace() -> bytes:
    return _edoc_bytes().replace(n.NS.encode(), b"http://www.mic.gov.vn/TBT/QCVN_102_2015")


def _zip_bomb() -> bytes:
    bomb, bomb_ref = make_attachment("7c1f0d2e-0001", f"{NUMBER}-{NOTATION}.pdf",
                                     b"\0" * (16 * MiB), PDF_TYPE, zipped=True)
    attachments, references = document_files()
    return _spec(replace(edoc("0"), attachments=(bomb, attachments[1]),
                         references=(bomb_ref, references[1])))


def _with_attachment_edit(**changes: object) -> Callable[[], bytes]:
    def build() -> bytes:
        attachments, references = document_files()
        first = replace(attachments[0], **changes)
        ref_changes = {}
        if "name" in changes:
            ref_changes["attachment_name"] = changes["name"]
        return _spec(replace(edoc("0"), attachments=(first, attachments[1]),
                             references=(replace(references[0], **ref_changes), references[1])))
    return build


def _encoded_edit(transform: Callable[[str], str]) -> Callable[[], bytes]:
    def edit(root: etree._Element) -> None:
        att = _find(root, "AttachmentEncoded", "Attachment")
        encoded = _find(att, "ContentTransferEncoded")
        encoded.text = transform(encoded.text or "")
    return lambda: _tree_edit(edit)


def _zip_two_entries() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("a.pdf", "b.pdf"):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(info, sample_pdf())
    payload = buffer.getvalue()

    def edit(root: etree._Element) -> None:
        att = _find(root, "AttachmentEncoded", "Attachment")
        _find(att, "ContentTransferEncoded").text = base64.b64encode(payload).decode()
    return _tree_edit(edit)


def _files(attachments: Sequence[Attachment], references: Sequence[Reference]
           ) -> Callable[[], bytes]:
    return lambda: _spec(replace(edoc("0"), attachments=tuple(attachments),
                                 references=tuple(references)))


def _tcvn3(text: str) -> str:
    """Vietnamese text as it looks when TCVN3 (ABC) bytes are read as Windows-1252."""
    data, _ = read_toml(data_path("legacy_encodings.toml"))
    table = {v: int(k, 16) for k, v in data["tcvn3"]["bytes"].items()}
    return "".join(bytes([table[c]]).decode("cp1252") if c in table else c for c in text)


def _nfd_subject() -> bytes:
    nfd = unicodedata.normalize("NFD", header().subject or "")
    return _edoc_bytes(subject=nfd)


def _tampered_signature() -> bytes:
    return _replace_bytes(signed_edoc(), "kết nối liên thông".encode(),
                          "kết nối, liên thông".encode())


def _status_bytes(code: str = "03", **changes: object) -> Callable[[], bytes]:
    return lambda: _spec(status(code, **changes))


def _status_without(element: str) -> Callable[[], bytes]:
    def edit(root: etree._Element) -> None:
        h = _header_el(root)
        h.remove(_find(h, element))
    return lambda: _tree_edit(edit, status("03"))


def _header_without(path: tuple[str, ...]) -> Callable[[], bytes]:
    def edit(root: etree._Element) -> None:
        parent = _header_el(root)
        for name in path[:-1]:
            parent = _find(parent, name)
        parent.remove(_find(parent, path[-1]))
    return lambda: _tree_edit(edit)


def _no_trace_list() -> bytes:
    def edit(root: etree._Element) -> None:
        block = _find(root, "edXMLEnvelope", "edXMLHeader")
        block.remove(_find(block, "TraceHeaderList"))
    return _tree_edit(edit, replace(edoc("0"), business=None))


_ATT = document_files()
_ZIPPED_PDF, _DOCX = _ATT[0]
_PDF_REF, _DOCX_REF = _ATT[1]
_LATER = f"{SENDER.organ_id},2026/03/05,{NUMBER}/{NOTATION}"


def negative_fixtures() -> list[Negative]:
    """The negative corpus (without the 50 MB package: see `large_attachment_package`)."""
    return [
        # reading and security
        Negative("QCVN102-XMLSEC", "xxe_external_entity", _xxe),
        Negative("QCVN102-XMLSEC", "billion_laughs", _billion_laughs),
        Negative("QCVN102-ENCODING", "invalid_utf8", _invalid_utf8),
        Negative("QCVN102-ENCODING", "declared_iso_8859_1", _latin1_declared),
        Negative("QCVN102-XML", "truncated", _truncated),
        Negative("QCVN102-NAMESPACE", "wrong_namespace", _wrong_namespace),
        Negative("QCVN102-LIMITS", "zip_bomb", _zip_bomb),
        Negative("QCVN102-ATTACHMENT-NAME", "path_traversal",
                 _with_attachment_edit(name="../../etc/cron.d/125-VPCP-TCCV.pdf")),
        Negative("QCVN102-ATTACHMENT-NAME", "backslash_path",
                 _with_attachment_edit(name="..\\..\\Windows\\125-VPCP-TCCV.pdf")),
        Negative("QCVN102-ATTACHMENT-NAME", "absolute_path",
                 _with_attachment_edit(name="/var/lib/qlvb/125-VPCP-TCCV.pdf")),
        Negative("QCVN102-ATTACHMENT-NAME", "zip_entry_traversal",
                 _with_attachment_edit(zip_entry="../../125-VPCP-TCCV.pdf")),
        Negative("QCVN102-BASE64", "invalid_characters",
                 _encoded_edit(lambda t: t[:40] + "!*" + t[42:])),
        Negative("QCVN102-BASE64", "truncated", _encoded_edit(lambda t: t[:-3])),
        Negative("QCVN102-ZIP", "corrupt_zip", _encoded_edit(
            lambda t: base64.b64encode(b"PK\x03\x04" + b"\x00" * 60).decode())),
        Negative("QCVN102-ZIP", "two_entries", _zip_two_entries),
        # text
        Negative("TCVN6909-NFC", "nfd_subject", _nfd_subject),
        Negative("DN35-9.1b", "tcvn3_subject", lambda: _edoc_bytes(subject=_tcvn3(
            "Về việc triển khai kết nối liên thông văn bản điện tử"))),
        # structure
        Negative("QCVN102-SCHEMA", "unknown_element", lambda: _tree_edit(_add_unknown)),
        Negative("QCVN102-SCHEMA", "duplicate_subject", lambda: _tree_edit(_duplicate_subject)),
        Negative("QCVN102-SCHEMA", "vnpt_element_order", lambda: build_package(edoc("0")),
                 modes=("strict",)),
        # QĐ 28 Điều 10 khoản 2
        Negative("QD28-10.2c", "missing_code", _header_without(("Code",))),
        Negative("QD28-10.2d", "missing_promulgation_date",
                 _header_without(("PromulgationInfo", "PromulgationDate"))),
        Negative("QD28-10.2đ", "missing_type_name",
                 lambda: _edoc_bytes(document_type=DocumentType(type="1", type_detail="0"))),
        Negative("QD28-10.2e", "empty_subject", lambda: _edoc_bytes(subject="")),
        Negative("QD28-10.2g", "no_attachments", _files((), ())),
        Negative("QD28-10.2i", "missing_signer_name", lambda: _edoc_bytes(
            signer_info=SignerInfo("KT. BỘ TRƯỞNG, CHỦ NHIỆM", "Phó Chủ nhiệm", None))),
        Negative("QD28-10.2l", "missing_sender_code", lambda: _edoc_bytes(
            from_=replace(SENDER, organ_id=None))),
        Negative("QD28-10.2m", "no_receivers", lambda: _edoc_bytes(to=())),
        Negative("QD28-10.2n", "trace_without_timestamp", _with_package(
            trace_headers=(TraceHeader(SENDER.organ_id, None),))),
        Negative("QD28-10.2o", "no_due_date", lambda: _edoc_bytes(due_date=None)),
        Negative("QD28-10.2p", "no_trace_header_list", _no_trace_list,
                 consequential=frozenset({"QD28-10.2n"}),
                 why="without TraceHeaderList there is no TraceHeader to carry the send time"),
        # identifiers
        Negative("QD28-10.2a", "short_receiver_code", lambda: _edoc_bytes(
            to=(replace(RECEIVER, organ_id="00.00.00.H41"), RECEIVER_2)),
            consequential=frozenset({"QCVN102-ORGID"}),
            why="a code that is not 13 characters in 4 groups is also not V1V2V3.Z1Z2.Y1Y2.MX1X2"),
        Negative("QCVN102-ORGID", "bad_level1_group", lambda: _edoc_bytes(
            to=(replace(RECEIVER, organ_id="001.00.20.TT2"), RECEIVER_2))),
        Negative("QCVN102-ORGID-REGISTRY", "unknown_level1_code", lambda: _edoc_bytes(
            to=(replace(RECEIVER, organ_id="000.00.00.Z99"), RECEIVER_2))),
        Negative("QCVN102-DOCID", "spaces_in_document_id", lambda: _edoc_bytes(
            document_id=DOCUMENT_ID.replace(",", ", "))),
        Negative("QD28-10.2b", "document_id_of_another_sender", lambda: _edoc_bytes(
            document_id=DOCUMENT_ID.replace(SENDER.organ_id or "", "000.00.00.H41"))),
        Negative("ND30-PL1-SOKYHIEU", "number_without_leading_zero", lambda: _edoc_bytes(
            code=DocumentCode("5", NOTATION),
            document_id=f"{SENDER.organ_id},{ISSUED},5/{NOTATION}")),
        # formats, code lists, dates
        Negative("QCVN102-DATE", "due_date_iso_format", lambda: _edoc_bytes(due_date="2026-03-16")),
        Negative("QCVN102-DATETIME", "trace_timestamp_iso", _with_package(
            trace_headers=(TraceHeader(SENDER.organ_id, "2026-03-02T09:30:00+07:00"),))),
        Negative("QCVN102-PRIORITY", "priority_9", lambda: _edoc_bytes(
            other_info=replace(header().other_info, priority="9"))),  # type: ignore[type-var]
        Negative("QCVN102-STEERING", "steering_7", lambda: _edoc_bytes(steering_type="7")),
        Negative("QCVN102-STEERING", "missing_steering_type",
                 lambda: _edoc_bytes(steering_type=None)),
        Negative("QCVN102-DATE-ORDER", "promulgated_after_sending", lambda: _edoc_bytes(
            promulgation_info=PromulgationInfo("Hà Nội", "2026/03/05"), document_id=_LATER)),
        Negative("QCVN102-DATE-ORDER", "due_before_promulgation",
                 lambda: _edoc_bytes(due_date="2026/02/27")),
        # business block
        Negative("QCVN102-BUSINESS", "type_7", lambda: _spec(replace(
            edoc("0"), business=replace(BUSINESS["0"], doc_type="7")))),
        Negative("QCVN102-BUSINESS", "revoke_without_reason", lambda: _spec(replace(
            edoc("1"), business=replace(BUSINESS["1"], doc_reason=None)))),
        Negative("QCVN102-BUSINESS", "update_without_receivers", lambda: _spec(replace(
            edoc("2"), business=replace(BUSINESS["2"], document_info=(BusinessDocumentInfo(
                document_info="0", document_receiver="1"),))))),
        Negative("QCVN102-BUSINESS", "replace_without_list", lambda: _spec(replace(
            edoc("3"), business=replace(BUSINESS["3"], replacements=None)))),
        # attachments
        Negative("QCVN102-MANIFEST", "reference_without_attachment",
                 _files((_ZIPPED_PDF,), (_PDF_REF, _DOCX_REF))),
        Negative("QCVN102-MANIFEST", "attachment_not_listed",
                 _files((_ZIPPED_PDF, _DOCX), (_PDF_REF,))),
        Negative("QCVN102-MANIFEST", "name_mismatch", _files(
            (_ZIPPED_PDF, replace(_DOCX, name="phu-luc-khac.docx")), (_PDF_REF, _DOCX_REF))),
        Negative("QCVN102-ATTACHMENT-TYPE", "content_type_mismatch", _files(
            (_ZIPPED_PDF, _DOCX), (replace(_PDF_REF, content_type="image/png"), _DOCX_REF))),
        Negative("QCVN102-ATTACHMENT-TYPE", "pdf_that_is_not_a_pdf", _files(
            (replace(_ZIPPED_PDF, data=b"Day khong phai PDF"), _DOCX), (_PDF_REF, _DOCX_REF))),
        Negative("DN35-9.1c", "spreadsheet_attachment", _files(
            (_ZIPPED_PDF, replace(_DOCX, name="so-lieu.xlsx", content_type=XLSX_TYPE,
                                  data=sample_xlsx())),
            (_PDF_REF, replace(_DOCX_REF, attachment_name="so-lieu.xlsx",
                               content_type=XLSX_TYPE)))),
        # signature
        Negative("QCVN102-XMLDSIG", "tampered_after_signing", _tampered_signature),
        # status packages
        Negative("QD28-10.2h", "status_without_code", _status_without("StatusCode")),
        Negative("QCVN102-STATUS-CODE", "unknown_code_09", _status_bytes("03", status_code="09")),
        Negative("QCVN102-STATUS-REASON", "refusal_without_reason",
                 _status_bytes("02", description=None)),
        Negative("QCVN102-STATUS-REASON", "change_refused_without_reason",
                 _status_bytes("16", description="")),
        Negative("QCVN102-STATUS-RESPONSEFOR", "missing_document_id", _status_bytes(
            "03", response_for=ResponseFor(SENDER.organ_id, f"{NUMBER}/{NOTATION}", ISSUED, None))),
        Negative("QD28-10.2n", "status_without_timestamp", _status_without("Timestamp")),
    ]


def large_attachment_package(base64_size: int = 50 * MiB) -> bytes:
    """A package whose attachment is about `base64_size` bytes of base64 (50 MB by default):
    beyond what the reader accepts. Build it at test time; never commit it."""
    raw = bytes(base64_size * 3 // 4)
    attachment, reference = make_attachment("7c1f0d2e-0001", f"{NUMBER}-{NOTATION}.pdf",
                                            b"%PDF-1.7\n" + raw, PDF_TYPE, zipped=False)
    return _spec(replace(edoc("0"), attachments=(attachment,), references=(reference,)))


def with_attachment_of_size(size: int, *, zipped: bool = False) -> bytes:
    """A valid package whose main PDF is `size` bytes (for benchmarks)."""
    rng = random.Random(size)
    body = rng.randbytes(max(size - 16, 0))
    attachment, reference = make_attachment("7c1f0d2e-0001", f"{NUMBER}-{NOTATION}.pdf",
                                            b"%PDF-1.7\n%" + body, PDF_TYPE, zipped=zipped)
    return _spec(replace(edoc("0"), attachments=(attachment,), references=(reference,)))


# --- writing them out --------------------------------------------------------------------------


def write_fixtures(directory: Path | str, *, include_large: bool = False) -> list[Path]:
    """Write valid/, observed/ and negative/ under `directory`; return the files written."""
    root = Path(directory)
    written: list[Path] = []
    groups = {
        "valid": positive_fixtures(),
        "observed": observed_fixtures(),
        "negative": {neg.name: neg.build() for neg in negative_fixtures()},
    }
    if include_large:
        groups["negative"]["QCVN102-LIMITS__attachment_50mb.edxml"] = large_attachment_package()
    for group, files in groups.items():
        folder = root / group
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in sorted(files.items()):
            path = folder / name
            path.write_bytes(data)
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conformance.fixtures_gen.edxml",
        description="Sinh các gói tin edXML mẫu (hợp lệ, theo thực tế, lỗi). "
                    "Writes the edXML fixtures (valid, as-observed, negative).")
    parser.add_argument("directory", help="thư mục đích / output directory")
    parser.add_argument("--include-large", action="store_true",
                        help="thêm gói tin có tệp đính kèm 50 MB / add the 50 MB package")
    args = parser.parse_args(argv)
    written = write_fixtures(args.directory, include_large=args.include_large)
    sys.stdout.write(f"{len(written)} tệp / files → {args.directory}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
