"""The test PKI: shaped like the Government CA, deterministic, with its negative certificates;
the images and documents it signs."""

from __future__ import annotations

import pikepdf
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from conformance.fixtures_gen import images
from conformance.fixtures_gen.documents import DocumentSpec, make_document
from conformance.fixtures_gen.pki import TestPKI, shipped_pki_dir
from conformance.fixtures_gen.signing import sign_main
from conformance.pdf.colour import classify_ink
from conformance.pdf.text import page_lines


def _cn(cert: x509.Certificate) -> str:
    return cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value


def test_hierarchy_and_profiles() -> None:
    pki = TestPKI()
    assert _cn(pki.root.certificate) == "RootCA chuyên dùng Chính phủ G2 (TEST)"
    assert _cn(pki.issuing_ca.certificate) == "CA phục vụ các cơ quan Nhà nước G2 (TEST)"
    person = pki.person("Nguyễn Văn A", agency="Bộ Nội vụ")
    subject = person.certificate.subject
    assert _cn(person.certificate) == "Nguyễn Văn A"
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "Bộ Nội vụ"
    assert subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value == "VN"
    ku = person.certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ku.digital_signature and ku.content_commitment
    assert person.certificate.issuer == pki.issuing_ca.certificate.subject
    org = pki.organisation("Văn phòng Chính phủ", parent="Chính phủ")
    assert org.certificate.subject.get_attributes_for_oid(
        NameOID.ORGANIZATION_NAME)[0].value == "Chính phủ"
    eku = pki.tsa.certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical and ExtendedKeyUsageOID.TIME_STAMPING in eku.value
    assert pki.tsa.key.key_size >= 2048  # RSA: pyhanko's timestamp code is RSA-only


def test_negative_certificates() -> None:
    pki = TestPKI()
    sha1 = pki.person("Nguyễn Văn A", variant="sha1").certificate
    assert sha1.signature_hash_algorithm.name == "sha1"
    pki.issuing_ca.certificate.public_key().verify(  # hand-signed with SHA-1, and valid
        sha1.signature, sha1.tbs_certificate_bytes, padding.PKCS1v15(), hashes.SHA1())
    assert pki.person("Nguyễn Văn A", variant="rsa1024").key.key_size == 1024
    expired = pki.person("Nguyễn Văn A", variant="expired").certificate
    assert expired.not_valid_after_utc < pki.clock
    assert pki.person("Nguyễn Văn A", variant="not_yet_valid").certificate \
        .not_valid_before_utc > pki.clock
    ku = pki.person("Nguyễn Văn A", variant="wrong_key_usage").certificate.extensions \
        .get_extension_for_class(x509.KeyUsage).value
    assert not ku.digital_signature and not ku.content_commitment
    untrusted = pki.person("Nguyễn Văn A", variant="untrusted").certificate
    assert untrusted.issuer == pki.untrusted_root.certificate.subject
    revoked = pki.person("Nguyễn Văn A", variant="revoked")
    crl = pki.crl()
    assert crl.get_revoked_certificate_by_serial_number(revoked.serial) is not None
    assert crl.last_update_utc < pki.clock


def test_deterministic_and_exported(tmp_path) -> None:
    a, b = TestPKI(), TestPKI()
    for pki in (a, b):
        pki.person("Nguyễn Văn A", variant="revoked")
    assert a.person("Trần Thị B").cert_der == b.person("Trần Thị B").cert_der
    assert a.crls_der() == b.crls_der()
    files = a.export(tmp_path)
    assert files["root.pem"].read_bytes() == (shipped_pki_dir() / "root.pem").read_bytes()


def test_images_real_size_and_colour() -> None:
    from io import BytesIO

    from PIL import Image

    seal = Image.open(BytesIO(images.round_seal("Bộ Nội vụ", "Chính phủ")))
    assert abs(seal.width / 300 * 25.4 - 40) < 0.2 and seal.mode == "RGBA"
    assert classify_ink(seal).dominant == "red"
    sig = Image.open(BytesIO(images.handwritten_signature("Nguyễn Văn A")))
    summary = classify_ink(sig)
    assert summary.dominant == "blue" and summary.transparent_fraction > 0.5
    for level, (w, h) in images.URGENCY_SIZES_MM.items():
        stamp = Image.open(BytesIO(images.urgency_stamp(level)))
        assert abs(stamp.width / 300 * 25.4 - w) < 0.2 and abs(stamp.height / 300 * 25.4 - h) < 0.2
    assert images.round_seal("Bộ Nội vụ") == images.round_seal("Bộ Nội vụ")


def test_document_layout_matches_the_text() -> None:
    pdf, layout = make_document(DocumentSpec())
    assert pdf == make_document(DocumentSpec())[0]
    with pikepdf.open(__import__("io").BytesIO(pdf)) as doc:
        lines = {ln.text: ln for ln in page_lines(doc, 0)}
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert "Độc lập - Tự do - Hạnh phúc" in lines
    title, name = lines["THỨ TRƯỞNG"], lines["Nguyễn Văn A"]
    p = layout.person_signature_rect
    assert name.rect[3] < (p[1] + p[3]) / 2 < title.rect[1]
    assert layout.fields == ("SoVanBan", "NgayBanHanh")


def test_signing_is_reproducible() -> None:
    pki = TestPKI()
    assert sign_main(pki).pdf == sign_main(TestPKI()).pdf
