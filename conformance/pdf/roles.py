"""Whose signature is whose: the competent person's and the organisation's.

Classification, first evidence that decides:
1. a document timestamp (ETSI.RFC3161) is neither;
2. the package: the certificate names the signer it states (person) or the sending agency
   (organisation);
3. the certificate profile: an organisation certificate's CN is an agency name (Bộ, Sở, Ủy ban,
   Văn phòng, Cục, …), a person's CN is a personal name; a UID with MST:/MNS: codes and no
   personal name points to an organisation;
4. the appearance: a red seal or urgency stamp → organisation, a blue handwritten signature →
   person; a top-right text-only signature → organisation;
5. position in the file: the first signature is taken as the person's, the others as the
   organisation's.

Checks: both present on a born-digital main document (LC2019-6.2), an organisation signature
on a digitised one (LC2019-6.3), the person first (LC2019-9.2a), the person's certificate names
the signer the package states (KH2364-1), the organisation's certificate the sending agency
(DN35-9.3b).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from conformance.checks import covers
from conformance.findings import Finding, Status, finding
from conformance.pdf.model import SignatureInfo, SignedPdf, subject_part
from conformance.pdf.text import normalise

ORG_WORDS = (
    "bộ", "sở", "ủy ban", "uỷ ban", "ubnd", "văn phòng", "cục", "tổng cục", "ban", "phòng",
    "trường", "bệnh viện", "trung tâm", "công an", "tòa án", "toà án", "viện", "hội đồng",
    "chi cục", "đài", "báo", "học viện", "kho bạc", "thanh tra", "đại học", "quận", "huyện",
    "thị xã", "thành phố", "tỉnh", "xã", "phường", "cơ quan", "tổng công ty", "công ty",
    "ngân hàng", "bảo hiểm", "đảng ủy", "đảng uỷ", "hội", "liên đoàn", "chính phủ", "quốc hội",
    "mặt trận", "kiểm toán", "viện kiểm sát", "tòa", "ủy", "uỷ", "văn thư",
)

URGENCY = {"1": "KHẨN", "2": "THƯỢNG KHẨN", "3": "HỎA TỐC", "4": "HỎA TỐC"}


@dataclass(frozen=True)
class PackageFacts:
    """What a package states that a PDF can be checked against."""

    signer_name: str | None = None
    signer_position: str | None = None
    sender_name: str | None = None
    sender_id: str | None = None
    urgency: str | None = None  # KHẨN | THƯỢNG KHẨN | HỎA TỐC, None when not urgent
    code: str | None = None  # số và ký hiệu, e.g. 15/BNV-VP


def package_facts(package: Any) -> PackageFacts | None:
    """PackageFacts from a PackageFacts, an edXML model (`EdocPackage`), edXML bytes or a
    mapping with the same field names. None when nothing usable is given."""
    if package is None:
        return None
    if isinstance(package, PackageFacts):
        return package
    if isinstance(package, dict):
        return PackageFacts(**{k: package.get(k) for k in PackageFacts.__dataclass_fields__})
    if isinstance(package, bytes | bytearray):
        try:
            from conformance.edxml.parser import parse_package
        except ImportError:  # pragma: no cover - the edXML side is optional
            return None
        parsed = parse_package(bytes(package)).package
        return package_facts(parsed) if parsed is not None else None
    header = getattr(package, "header", None)
    if header is None:
        return None
    signer = getattr(header, "signer_info", None)
    sender = getattr(header, "from_", None)
    other = getattr(header, "other_info", None)
    code = getattr(header, "code", None)
    priority = (getattr(other, "priority", None) or "").strip()
    return PackageFacts(
        signer_name=getattr(signer, "full_name", None),
        signer_position=getattr(signer, "position", None),
        sender_name=getattr(sender, "organ_name", None),
        sender_id=getattr(sender, "organ_id", None),
        urgency=URGENCY.get(priority),
        code=getattr(code, "full", None) if code is not None else None,
    )


def _fold(text: str) -> str:
    """Case- and accent-insensitive form, for loose name matches (Ủy/Uỷ, Hòa/Hoà)."""
    nfd = unicodedata.normalize("NFD", normalise(text).replace("đ", "d"))
    return "".join(c for c in nfd if not unicodedata.combining(c))


def names_match(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    fa, fb = _fold(a), _fold(b)
    return fa == fb or (len(fb) >= 4 and fb in fa) or (len(fa) >= 4 and fa in fb)


def looks_like_agency(name: str) -> bool:
    n = normalise(name)
    return any(n == w or n.startswith(w + " ") for w in ORG_WORDS) or bool(
        re.search(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}", name))


def looks_like_person(name: str) -> bool:
    words = name.split()
    return (2 <= len(words) <= 6 and not looks_like_agency(name)
            and all(w[:1].isupper() and w.isalpha() for w in words))


def _appearance_hint(sig: SignatureInfo) -> str | None:
    from conformance.pdf.appearance import ink_of

    image = sig.main_image
    if image is None:
        return "organisation" if sig.text_lines else None
    ink = ink_of(image)
    if ink is not None and ink.dominant == "red":
        return "organisation"
    if ink is not None and ink.dominant == "blue":
        return "person"
    return None


def classify(doc: SignedPdf, facts: PackageFacts | None) -> None:
    """Set `role` and `role_basis` on every signature (in place)."""
    unknown: list[SignatureInfo] = []
    for sig in doc.signatures:
        cn = sig.signer_cn
        if sig.is_doc_timestamp:
            sig.role, sig.role_basis = "timestamp", "SubFilter ETSI.RFC3161"
        elif facts and names_match(cn, facts.signer_name):
            sig.role, sig.role_basis = "person", "package signer"
        elif facts and facts.sender_name and names_match(cn, facts.sender_name):
            sig.role, sig.role_basis = "organisation", "package sender"
        elif cn and looks_like_agency(cn):
            sig.role, sig.role_basis = "organisation", "certificate (agency name)"
        elif cn and looks_like_person(cn):
            sig.role, sig.role_basis = "person", "certificate (personal name)"
        else:
            hint = _appearance_hint(sig)
            if hint:
                sig.role, sig.role_basis = hint, "appearance"
            else:
                unknown.append(sig)
    for sig in unknown:
        first = next((s for s in doc.signatures if not s.is_doc_timestamp), None)
        sig.role = "person" if sig is first else "organisation"
        sig.role_basis = "position in the file"


def people(doc: SignedPdf) -> list[SignatureInfo]:
    return [s for s in doc.signatures if s.role == "person"]


def organisations(doc: SignedPdf) -> list[SignatureInfo]:
    return [s for s in doc.signatures if s.role == "organisation"]


def _summary(doc: SignedPdf) -> str:
    return "; ".join(f"{s.field}: {s.role} ({s.signer_cn or '?'}; {s.role_basis})"
                     for s in doc.signatures) or "không có chữ ký / no signature"


@covers("LC2019-6.2")
def check_both_present(doc: SignedPdf) -> list[Finding]:
    """A born-digital main document carries the person's and the organisation's signature."""
    has_p, has_o = bool(people(doc)), bool(organisations(doc))
    expected = "chữ ký người có thẩm quyền và chữ ký cơ quan / person's and organisation's"
    loc = doc.location(page=1)
    if has_p and has_o:
        return [finding("LC2019-6.2", Status.PASS,
                        "Văn bản có đủ chữ ký số của người có thẩm quyền và của cơ quan",
                        "The document carries both the person's and the organisation's "
                        "signature", expected=expected, found=_summary(doc), location=loc)]
    missing = [w for w, ok in (("người có thẩm quyền", has_p), ("cơ quan, tổ chức", has_o))
               if not ok]
    missing_en = [w for w, ok in (("the person's", has_p), ("the organisation's", has_o))
                  if not ok]
    return [finding("LC2019-6.2", Status.FAIL,
                    "Thiếu chữ ký số của " + " và ".join(missing),
                    "Missing " + " and ".join(missing_en) + " signature",
                    expected=expected, found=_summary(doc), location=loc)]


@covers("LC2019-6.3")
def check_digitised_signed(doc: SignedPdf) -> list[Finding]:
    """A digitised document carries the organisation's signature."""
    loc = doc.location(page=1)
    expected = "chữ ký số của cơ quan / the organisation's signature"
    if organisations(doc):
        return [finding("LC2019-6.3", Status.PASS, "Văn bản số hóa có chữ ký số của cơ quan",
                        "The digitised document carries the organisation's signature",
                        expected=expected, found=_summary(doc), location=loc)]
    return [finding("LC2019-6.3", Status.FAIL, "Văn bản số hóa không có chữ ký số của cơ quan",
                    "The digitised document has no organisation signature",
                    expected=expected, found=_summary(doc), location=loc)]


@covers("LC2019-9.2a")
def check_order(doc: SignedPdf) -> list[Finding]:
    """The person signs first; the organisation's signature comes after it."""
    ps, os_ = people(doc), organisations(doc)
    if not ps or not os_:
        return []
    first_p, first_o = ps[0], os_[0]
    expected = "người có thẩm quyền ký trước, cơ quan ký sau / person first, organisation after"
    found = f"{first_p.field} (#{first_p.index + 1}), {first_o.field} (#{first_o.index + 1})"
    if first_p.index < first_o.index:
        return [finding("LC2019-9.2a", Status.PASS,
                        "Người có thẩm quyền ký trước, văn thư ký số cơ quan sau",
                        "The person signed first, the organisation after",
                        expected=expected, found=found, location=first_o.location(doc.file))]
    return [finding("LC2019-9.2a", Status.FAIL,
                    "Chữ ký số của cơ quan có trước chữ ký của người có thẩm quyền",
                    "The organisation signed before the competent person",
                    expected=expected, found=found, location=first_o.location(doc.file))]


@covers("KH2364-1")
def check_signer_matches_package(doc: SignedPdf, facts: PackageFacts | None) -> list[Finding]:
    """The person's certificate names the signer the package states."""
    ps = people(doc)
    if facts is None or not facts.signer_name or not ps:
        return []
    sig = ps[0]
    cn = sig.signer_cn
    if names_match(cn, facts.signer_name):
        return [finding("KH2364-1", Status.PASS,
                        "Chứng thư số cá nhân đúng người ký nêu trong gói tin",
                        "The personal certificate names the signer stated in the package",
                        expected=facts.signer_name, found=cn, location=sig.location(doc.file))]
    return [finding("KH2364-1", Status.FAIL,
                    f"Chứng thư số cá nhân mang tên '{cn}', gói tin nêu người ký "
                    f"'{facts.signer_name}'",
                    f"The personal certificate names '{cn}', the package states signer "
                    f"'{facts.signer_name}'", expected=facts.signer_name, found=cn,
                    location=sig.location(doc.file))]


@covers("DN35-9.3b")
def check_org_matches_sender(doc: SignedPdf, facts: PackageFacts | None) -> list[Finding]:
    """The organisation's certificate names the sending agency."""
    os_ = organisations(doc)
    if facts is None or not facts.sender_name or not os_:
        return []
    sig = os_[0]
    cn = sig.signer_cn
    names = [cn, subject_part(sig.signer_cert, "organization_name")]
    if names_match(cn, facts.sender_name):
        return [finding("DN35-9.3b", Status.PASS,
                        "Chữ ký số của cơ quan là của cơ quan gửi văn bản",
                        "The organisation signature is the sending agency's",
                        expected=facts.sender_name, found=cn, location=sig.location(doc.file))]
    return [finding("DN35-9.3b", Status.FAIL,
                    f"Chứng thư số cơ quan mang tên '{cn}', cơ quan gửi là '{facts.sender_name}'",
                    f"The organisation certificate names '{cn}', the sender is "
                    f"'{facts.sender_name}'", expected=facts.sender_name,
                    found=" / ".join(n for n in names if n), location=sig.location(doc.file))]


def run_checks(doc: SignedPdf, role: str, facts: PackageFacts | None) -> list[Finding]:
    out: list[Finding] = []
    if role == "main":
        out += check_both_present(doc)
        out += check_order(doc)
    elif role == "scan":
        out += check_digitised_signed(doc)
    out += check_signer_matches_package(doc, facts)
    out += check_org_matches_sender(doc, facts)
    return out
