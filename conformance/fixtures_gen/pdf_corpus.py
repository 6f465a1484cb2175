"""The signed-PDF corpus: conforming files for each profile and role, and negative files that
each break exactly one rule, named after it: `<RULE-ID>__<what>.pdf`.

`build_pdf_corpus(out_dir, profile_id)` writes them under `out_dir/<profile_id>/` (`valid/` and
`negative/`) and returns one `CorpusEntry` per file: its role, the rule it breaks (None for a
conforming file) and the package facts to validate it with (`package`). Validate with the test
PKI's root and CRLs (`trust_roots=pki.trust_roots, crls=pki.crls_der()`).

Generated at test time (not committed). `python -m conformance.fixtures_gen.pdf_corpus DIR
[--profile nd30|tt01-2019]` writes the corpus and the PKI's public files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name

from conformance.fixtures_gen import images
from conformance.fixtures_gen.documents import DocumentSpec, make_document
from conformance.fixtures_gen.pki import TestPKI, default_pki
from conformance.fixtures_gen.signing import (
    Cast,
    FixtureWriter,
    FlowClock,
    SignOptions,
    pinned,
    seal_box_for,
    sign_attachment,
    sign_copy,
    sign_main,
    sign_scan,
)
from conformance.pdf.roles import PackageFacts

PROFILES = ("nd30", "tt01-2019")
DEFAULT_FACTS = PackageFacts(signer_name="Nguyễn Văn A", signer_position="Thứ trưởng",
                             sender_name="Bộ Nội vụ", sender_id="000.00.00.G09",
                             code="15/BNV-VP")


@dataclass(frozen=True)
class CorpusEntry:
    path: Path
    rule_id: str | None
    description: str
    role: str
    profile_id: str
    package: PackageFacts | None = DEFAULT_FACTS
    direction: str | None = None  # for role "scan": outgoing | incoming

    @property
    def name(self) -> str:
        return self.path.name


Builder = Callable[[TestPKI, str], bytes]


@dataclass(frozen=True)
class _Item:
    name: str
    rule_id: str | None
    description: str
    role: str
    build: Builder
    profiles: tuple[str, ...] = PROFILES
    package: PackageFacts | None = DEFAULT_FACTS
    direction: str | None = None


# --- tampering ---------------------------------------------------------------------------------


def append_text(pdf: bytes, text: str = "Da sua sau khi ky", *, when: dt.datetime) -> bytes:
    """An incremental update that paints text on page 1 (a new content stream)."""
    with pinned(when, b"append-text"):
        w = FixtureWriter(pdf)
        font = w.add_object(generic.DictionaryObject({
            pdf_name("/Type"): pdf_name("/Font"), pdf_name("/Subtype"): pdf_name("/Type1"),
            pdf_name("/BaseFont"): pdf_name("/Helvetica")}))
        stream = generic.StreamObject(stream_data=f"BT /FTamper 14 Tf 90 420 Td ({text}) Tj ET"
                                      .encode("latin-1"))
        resources = generic.DictionaryObject({pdf_name("/Font"): generic.DictionaryObject(
            {pdf_name("/FTamper"): font})})
        w.add_stream_to_page(0, w.add_object(stream), resources=resources)
        out = io.BytesIO()
        w.write(out)
    return out.getvalue()


def append_comment(pdf: bytes, *, when: dt.datetime) -> bytes:
    """An incremental update that adds a /Text annotation (a comment) to page 1."""
    with pinned(when, b"append-comment"):
        w = FixtureWriter(pdf)
        page_ref = w.find_page_for_modification(0)[0]
        annot = w.add_object(generic.DictionaryObject({
            pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Text"),
            pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v)
                                                    for v in (100, 500, 120, 520)]),
            pdf_name("/Contents"): generic.TextStringObject("Đề nghị sửa lại nội dung"),
            pdf_name("/P"): page_ref}))
        w.register_annotation(page_ref, annot)
        out = io.BytesIO()
        w.write(out)
    return out.getvalue()


def flip_byte(pdf: bytes, marker: bytes = b"qlvb-conformance fixtures") -> bytes:
    """Change one letter inside the first revision (the Info dictionary's /Creator)."""
    at = pdf.find(marker)
    if at < 0:
        at = len(pdf) // 3
    data = bytearray(pdf)
    data[at] = ord("Q") if data[at] != ord("Q") else ord("q")
    return bytes(data)


def encrypt(pdf: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as p:
        out = io.BytesIO()
        p.save(out, encryption=pikepdf.Encryption(owner="chu", user="nguoi-dung", R=6),
               static_id=True)
    return out.getvalue()


# --- the items ---------------------------------------------------------------------------------

CLOCK = FlowClock()


def _main(**kwargs) -> Builder:
    return lambda pki, profile: sign_main(pki, profile_id=profile, **kwargs).pdf


def _person(variant: str, **kwargs) -> Builder:
    return _main(cast=Cast(person_variant=variant), **kwargs)


def _person_box_moved() -> Builder:
    def build(pki: TestPKI, profile: str) -> bytes:
        _, lay = make_document(DocumentSpec())
        x0, y0, x1, y1 = lay.person_signature_rect
        box = (x0, y0 + 330, x1, y1 + 330)  # up in the body text, away from the signer block
        return sign_main(pki, profile_id=profile, person_box=box).pdf
    return build


def _seal(**kwargs) -> Builder:
    def build(pki: TestPKI, profile: str) -> bytes:
        _, lay = make_document(DocumentSpec())
        return sign_main(pki, profile_id=profile,
                         seal_box=seal_box_for(lay.person_signature_rect, **kwargs)).pdf
    return build


def _tampered_between(kind: str) -> Builder:
    def build(pki: TestPKI, profile: str) -> bytes:
        from conformance.fixtures_gen.signing import ORG_FIELD, image_style, sign, text_style

        doc = sign_main(pki, profile_id=profile, skip_org=True)
        pdf = doc.revisions["filled"]
        when = CLOCK.fill + dt.timedelta(minutes=2)
        pdf = append_text(pdf, when=when) if kind == "text" else append_comment(pdf, when=when)
        cast = Cast()
        seal = images.round_seal(cast.organisation, cast.parent)
        style = image_style(seal, "Seal")
        box = doc.layout.seal_rect
        if profile == "tt01-2019":
            from conformance.fixtures_gen.signing import iso_vn

            style = text_style(f"{cast.organisation}\n{iso_vn(CLOCK.organisation)}", png=seal)
            box = (box[0] - 4, box[1] - 26, box[2] + 4, box[3])
        return sign(pdf, cast.org(pki), pki, field_name=ORG_FIELD, box=box,
                    when=CLOCK.organisation, style=style)
    return build


def _tampered_after(kind: str) -> Builder:
    def build(pki: TestPKI, profile: str) -> bytes:
        pdf = sign_main(pki, profile_id=profile).pdf
        when = CLOCK.organisation + dt.timedelta(minutes=5)
        return append_text(pdf, when=when) if kind == "text" else append_comment(pdf, when=when)
    return build


def _utc_time(quirk: bool) -> Builder:
    def build(pki: TestPKI, profile: str) -> bytes:
        local = CLOCK.person
        if quirk:  # wall-clock Vietnam time written as if it were UTC
            when = local.replace(tzinfo=dt.UTC)
            opts = SignOptions(tst_time=local + CLOCK.tst_delay)
        else:  # the right instant, but in UTC rather than Vietnam time
            when = local.astimezone(dt.UTC)
            opts = SignOptions()
        clock = replace(CLOCK, person=when)
        return sign_main(pki, profile_id=profile, clock=clock, person_options=opts).pdf
    return build


def _urgent(level: str, **kwargs) -> Builder:
    return lambda pki, profile: sign_main(pki, profile_id=profile, urgency=level,
                                          **kwargs).pdf


def _urgent_without_stamp() -> Builder:
    """The document is urgent (the package says so) but the clerk left out the stamp
    signature."""
    return lambda pki, profile: sign_main(pki, profile_id=profile).pdf


def _attachment(**kwargs) -> Builder:
    return lambda pki, profile: sign_attachment(pki, profile_id=profile, **kwargs).pdf


def _copy(**kwargs) -> Builder:
    return lambda pki, profile: sign_copy(pki, profile_id=profile, **kwargs).pdf


def _scan(**kwargs) -> Builder:
    return lambda pki, profile: sign_scan(pki, profile_id=profile, **kwargs).pdf


def _unsigned_scan(pki: TestPKI, profile: str) -> bytes:
    from conformance.fixtures_gen.scans import PageSpec, build_pdf

    return build_pdf([PageSpec()])


def _attachment_text_utc(pki: TestPKI, profile: str) -> bytes:
    from conformance.fixtures_gen.signing import ORG_FIELD, sign, text_style

    spec = DocumentSpec(kind="attachment", number_as_fields=False)
    pdf, lay = make_document(spec)
    when = CLOCK.organisation
    style_text = f"{spec.number}/{spec.notation}\n{when.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"
    return sign(pdf, Cast().org(pki), pki, field_name=ORG_FIELD, box=lay.top_right_rect,
                when=when, style=text_style(style_text))


def _copy_without_form(pki: TestPKI, profile: str) -> bytes:
    from conformance.fixtures_gen.signing import ORG_FIELD, iso_vn, sign, text_style

    spec = DocumentSpec(kind="copy", number_as_fields=False)
    pdf, lay = make_document(spec)
    when = CLOCK.organisation
    return sign(pdf, Cast().org(pki), pki, field_name=ORG_FIELD, box=lay.top_right_rect,
                when=when, style=text_style(f"Bộ Nội vụ\n{iso_vn(when)}"))


def _items() -> list[_Item]:
    seal_rule = {"nd30": "ND30-PL1-CKCOQUAN", "tt01-2019": "LC2019-9.2c"}
    scan_rule = {"nd30": "ND30-PL1-CKBANSAO", "tt01-2019": "LC2019-9.3b"}
    urgent = replace(DEFAULT_FACTS, urgency="THƯỢNG KHẨN")
    items = [
        # conforming files
        _Item("main", None, "văn bản chính: người có thẩm quyền, điền số, cơ quan ký", "main",
              _main()),
        _Item("main_rsa_pkcs1v15", None, "người ký dùng khóa RSA-2048 (PKCS#1 v1.5)", "main",
              _person("rsa2048")),
        _Item("main_adbe_pkcs7", None, "chữ ký CMS adbe.pkcs7.detached", "main",
              _main(person_options=SignOptions(subfilter="pkcs7"),
                    org_options=SignOptions(subfilter="pkcs7"))),
        _Item("main_urgent", None, "văn bản thượng khẩn", "main", _urgent("THƯỢNG KHẨN"),
              package=urgent),
        _Item("attachment", None, "văn bản kèm theo là tệp riêng", "attachment", _attachment()),
        _Item("copy", None, "bản sao điện tử (SAO Y)", "copy", _copy()),
        _Item("scan", None, "văn bản số hóa ký số cơ quan", "scan", _scan()),
        # negatives: PAdES
        _Item("bytes_flipped", "QD28-6.1", "một byte bị sửa sau khi ký", "main",
              lambda pki, p: flip_byte(sign_main(pki, profile_id=p).pdf)),
        _Item("text_added_after_signing", "TT41-COVERAGE", "thêm chữ sau chữ ký cuối", "main",
              _tampered_after("text")),
        _Item("comment_added_after_signing", "TT41-COVERAGE", "thêm chú thích sau chữ ký cuối",
              "main", _tampered_after("comment")),
        _Item("text_added_between_signatures", "LC2019-9.2a",
              "thêm chữ giữa chữ ký cá nhân và chữ ký cơ quan", "main", _tampered_between("text")),
        _Item("comment_added_between_signatures", "LC2019-9.2a",
              "thêm chú thích giữa hai chữ ký", "main", _tampered_between("comment")),
        _Item("organisation_before_person", "LC2019-9.2a", "cơ quan ký trước người có thẩm quyền",
              "main", _main(org_first=True)),
        _Item("organisation_signature_missing", "LC2019-6.2", "thiếu chữ ký số cơ quan", "main",
              _main(skip_org=True, skip_fill=True)),
        _Item("expired_certificate", "TT41-CERT-VALIDITY", "chứng thư người ký đã hết hạn",
              "main", _person("expired")),
        _Item("not_yet_valid_certificate", "TT41-CERT-VALIDITY", "chứng thư chưa có hiệu lực",
              "main", _person("not_yet_valid")),
        _Item("revoked_certificate", "TT41-REVOCATION", "chứng thư người ký đã bị thu hồi",
              "main", _person("revoked")),
        _Item("untrusted_root", "LC2019-6.1a", "chứng thư do CA không tin cậy cấp", "main",
              _person("untrusted")),
        _Item("sha1_certificate", "TT41-ALGORITHM", "chứng thư ký bằng SHA-1", "main",
              _person("sha1")),
        _Item("rsa1024_key", "TT41-ALGORITHM", "khóa RSA-1024", "main", _person("rsa1024")),
        _Item("wrong_key_usage", "TT41-KEY-USAGE", "chứng thư chỉ để mã hóa", "main",
              _person("wrong_key_usage")),
        _Item("utc_signing_time", "TT41-SIGNING-TIME", "/M theo giờ UTC, không theo +07:00",
              "main", _utc_time(quirk=False)),
        _Item("local_time_marked_utc", "TT41-SIGNING-TIME", "giờ Việt Nam ghi là UTC (lệch 7 giờ)",
              "main", _utc_time(quirk=True)),
        # negatives: roles and the package
        _Item("signer_differs_from_package", "KH2364-1", "chứng thư không phải của người ký nêu "
              "trong gói tin", "main", _main(),
              package=replace(DEFAULT_FACTS, signer_name="Trần Thị Bình")),
        _Item("organisation_differs_from_sender", "DN35-9.3b", "chứng thư cơ quan khác cơ quan "
              "gửi", "main", _main(), package=replace(DEFAULT_FACTS,
                                                      sender_name="Văn phòng Chính phủ")),
        _Item("unsigned_document", "LC2019-6.2", "văn bản không ký số", "main",
              lambda pki, p: make_document(DocumentSpec(number_as_fields=False))[0]),
        # negatives: person's signature
        _Item("person_signature_black", "LC2019-9.1a", "chữ ký cá nhân màu đen", "main",
              _main(person_png=images.handwritten_signature("Nguyễn Văn A", ink="black"))),
        _Item("person_signature_outside_block", "LC2019-9.1a",
              "chữ ký cá nhân không ở giữa chức vụ và họ tên", "main", _person_box_moved()),
        _Item("person_signature_opaque", "LC2019-9.1a", "ảnh chữ ký nền trắng, không trong suốt",
              "main", _main(person_png=images.handwritten_signature(
                  "Nguyễn Văn A", opaque_background=True))),
        # negatives: file
        _Item("not_a_pdf", "TT41-PDF", "tệp không phải PDF", "main",
              lambda pki, p: "Đây không phải tệp PDF\n".encode()),
        _Item("truncated", "TT41-PDF", "tệp bị cắt cụt", "main",
              lambda pki, p: sign_main(pki, profile_id=p).pdf[:4000]),
        _Item("encrypted", "TT41-PDF", "tệp PDF bị mã hóa", "main",
              lambda pki, p: encrypt(sign_main(pki, profile_id=p).pdf)),
        # negatives: attachments, copies, scans
        _Item("attachment_signature_bottom_left", "ND30-PL1-CKDINHKEM",
              "chữ ký cơ quan ở góc dưới bên trái", "attachment",
              _attachment(box=(85, 60, 240, 105))),
        _Item("attachment_signature_with_image", "ND30-PL1-CKDINHKEM",
              "chữ ký văn bản kèm theo hiển thị con dấu", "attachment",
              _attachment(with_seal=True)),
        _Item("attachment_time_in_utc", "ND30-PL1-CKDINHKEM", "thời gian hiển thị theo UTC",
              "attachment", _attachment_text_utc),
        _Item("copy_without_copy_form", "ND30-PL1-CKBANSAO", "thiếu hình thức sao", "copy",
              _copy_without_form),
        _Item("scan_unsigned", "LC2019-6.3", "văn bản số hóa không có chữ ký số cơ quan", "scan",
              _unsigned_scan),
    ]
    for profile in PROFILES:
        rule = seal_rule[profile]
        items += [
            _Item("seal_on_the_right", rule, "con dấu trùm bên phải chữ ký", "main",
                  _seal(side="right"), profiles=(profile,)),
            _Item("seal_not_overlapping", rule, "con dấu không trùm lên chữ ký", "main",
                  _seal(gap=12.0), profiles=(profile,)),
            _Item("seal_too_small", rule, "con dấu 20 mm, không đúng kích thước thực",
                  "main", _seal(diameter_mm=20.0), profiles=(profile,)),
            _Item("seal_blue", rule, "con dấu màu xanh", "main",
                  _main(seal_png=images.round_seal("Bộ Nội vụ", "Chính phủ", ink="blue")),
                  profiles=(profile,)),
            _Item("scan_signature_bottom_right", scan_rule[profile],
                  "chữ ký cơ quan trên văn bản số hóa ở góc dưới", "scan",
                  _scan(box=(380, 60, 540, 200)), profiles=(profile,)),
        ]
    items += [
        _Item("urgent_without_stamp_signature", "LC2019-6.4b",
              "văn bản thượng khẩn không có chữ ký tại dấu độ khẩn", "main",
              _urgent_without_stamp(), profiles=("tt01-2019",), package=urgent),
        _Item("urgency_stamp_blue", "LC2019-6.4b", "dấu độ khẩn màu xanh", "main",
              _urgent("THƯỢNG KHẨN", urgency_png=images.urgency_stamp("THƯỢNG KHẨN", ink="blue")),
              profiles=("tt01-2019",), package=urgent),
        _Item("scan_incoming", None, "văn bản đến được bên nhận số hóa và ký số", "scan",
              _scan(), direction="incoming"),
        _Item("incoming_scan_signature_bottom_right", "LC2019-8.1b",
              "văn bản đến số hóa: chữ ký cơ quan ở góc dưới", "scan",
              _scan(box=(380, 60, 540, 200)), profiles=("tt01-2019",), direction="incoming"),
        _Item("org_text_missing", "LC2019-9.2c", "chữ ký cơ quan thiếu tên cơ quan và thời gian",
              "main", _nd30_flow(), profiles=("tt01-2019",)),
    ]
    return items


def _nd30_flow() -> Builder:
    """A main document signed the nd30 way (seal without the TT 01 name + time text)."""
    return lambda pki, profile: sign_main(pki, profile_id="nd30").pdf


def corpus_items(profile_id: str) -> list[_Item]:
    return [it for it in _items() if profile_id in it.profiles]


def build_pdf_corpus(out_dir: Path | str, profile_id: str = "nd30", *,
                     pki: TestPKI | None = None) -> list[CorpusEntry]:
    """Write the corpus of one profile; return its entries."""
    if profile_id not in PROFILES:
        raise ValueError(f"profile must be one of {PROFILES}")
    pki = pki or default_pki()
    base = Path(out_dir) / profile_id
    entries: list[CorpusEntry] = []
    for item in corpus_items(profile_id):
        if item.rule_id is None:
            path = base / "valid" / f"{item.name}.pdf"
        else:
            path = base / "negative" / f"{item.rule_id}__{item.name}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = item.build(pki, profile_id)
        path.write_bytes(data)
        entries.append(CorpusEntry(path, item.rule_id, item.description, item.role, profile_id,
                                   item.package, item.direction))
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.fixtures_gen.pdf_corpus")
    parser.add_argument("out_dir")
    parser.add_argument("--profile", choices=PROFILES, action="append")
    args = parser.parse_args(argv)
    pki = default_pki()
    for profile in args.profile or PROFILES:
        for entry in build_pdf_corpus(args.out_dir, profile, pki=pki):
            sys.stdout.write(f"{entry.path}\t{entry.role}\t{entry.rule_id or 'valid'}\n")
    pki.export(Path(args.out_dir) / "pki")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
