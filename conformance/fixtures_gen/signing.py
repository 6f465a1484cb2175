"""Signing flows as real document-management products do them, reproducibly (pyhanko).

Main document (văn bản chính), per NĐ 30 Phụ lục I and LC2019 Điều 9:
1. the competent person signs the draft (number and date still blank) at the signer block,
   between the title line and the name line: blue handwritten-signature PNG (field `SigPerson`);
2. the clerk fills the number and date (`fill_number_and_date`): an incremental update that
   only sets the values and appearances of the two text fields `SoVanBan` and `NgayBanHanh`
   that the draft carries (AcroForm form filling — pyhanko's diff analysis classifies it as
   FORM_FILLING, and `conformance.pdf.pades` accepts exactly that kind of change between the
   person's and the organisation's signature);
3. the organisation signs with its seal over the left third of the person's signature (field
   `SigOrg`, red seal PNG at real size); profile tt01-2019 adds the organisation name and the
   ISO 8601 signing time under the seal, and for urgent documents one more organisation
   signature on the urgency stamp (field `SigKhan`).

Attachments in separate files and electronic copies: one organisation signature at the top
right of page 1, no image, the NĐ 30 text (số và ký hiệu, or the copy form and organisation,
then the signing time with +07:00) in Liberation Serif (Times-metric) 10 pt, black.
Digitised documents: like a copy under nd30; under tt01-2019 the seal image at real size plus
the organisation name and time, top right of page 1.

Reproducibility: the signing time comes from the fixture clock and is written with +07:00 in /M
(`FixedTimePdfSigner`); the TSA genTime is the signing time + 2 s; ECDSA signatures are
deterministic (RFC 6979); `pinned()` fixes the document ID, modification dates, resource names
and font-subset prefixes that pyhanko would otherwise draw at random.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import logging
import random
import threading
import types
import uuid as uuid_module
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import cms as asn1_cms
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.signers.pdf_signer import PdfSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from conformance.fixtures_gen import images
from conformance.fixtures_gen.documents import (
    DATE_FIELD,
    NUMBER_FIELD,
    DocumentLayout,
    DocumentSpec,
    date_text,
    make_document,
)
from conformance.fixtures_gen.pki import VN_TZ, Identity, TestPKI
from conformance.fixtures_gen.pki_services import FixtureTSA, LocalTimeStamper

Rect = tuple[float, float, float, float]

for _logger in ("pyhanko", "fontTools"):
    logging.getLogger(_logger).setLevel(logging.ERROR)

PERSON_FIELD = "SigPerson"
ORG_FIELD = "SigOrg"
URGENCY_FIELD = "SigKhan"


@dataclass(frozen=True)
class FlowClock:
    """When each step happens (Vietnam time)."""

    person: datetime = datetime(2026, 3, 2, 9, 15, 0, tzinfo=VN_TZ)
    fill: datetime = datetime(2026, 3, 2, 10, 0, 0, tzinfo=VN_TZ)
    organisation: datetime = datetime(2026, 3, 2, 10, 5, 0, tzinfo=VN_TZ)
    urgency: datetime = datetime(2026, 3, 2, 10, 5, 30, tzinfo=VN_TZ)
    tst_delay: dt.timedelta = dt.timedelta(seconds=2)


def iso_vn(moment: datetime) -> str:
    """ISO 8601 with the Vietnam offset: 2026-03-02T10:05:00+07:00."""
    return moment.astimezone(VN_TZ).isoformat(timespec="seconds")


# --- reproducibility ---------------------------------------------------------------------------

_PIN_LOCK = threading.RLock()


class _Counter:
    def __init__(self, seed: bytes) -> None:
        self.seed, self.n = seed, 0

    def next_bytes(self, size: int = 16) -> bytes:
        self.n += 1
        return hashlib.sha256(self.seed + self.n.to_bytes(4, "big")).digest()[:size]


@contextlib.contextmanager
def pinned(moment: datetime, seed: bytes = b"") -> Iterator[None]:
    """Make pyhanko's output depend only on its inputs while the block runs: modification
    dates = `moment`, resource names and font subset prefixes from a counter."""
    from pyhanko.pdf_utils import content as pdf_content
    from pyhanko.pdf_utils import images as pdf_images
    from pyhanko.pdf_utils.font import api as font_api
    from pyhanko.pdf_utils.metadata import info as meta_info
    from pyhanko.stamp import base as stamp_base

    try:
        from pyhanko.pdf_utils.metadata import xmp_xml
    except ImportError:  # pragma: no cover
        xmp_xml = None  # type: ignore[assignment]

    counter = _Counter(seed + moment.isoformat().encode())

    class _Frozen(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return moment if tz is None else moment.astimezone(tz)

    fake_uuid = types.SimpleNamespace(
        uuid4=lambda: uuid_module.UUID(bytes=counter.next_bytes(16)), UUID=uuid_module.UUID)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    def prefix() -> str:
        return "".join(alphabet[b % 26] for b in counter.next_bytes(6))

    patches: list[tuple[object, str, object]] = [
        (meta_info, "datetime", _Frozen),
        (pdf_images, "uuid", fake_uuid),
        (stamp_base, "uuid", fake_uuid),
        (pdf_content, "uuid", fake_uuid),
        (font_api, "generate_subset_prefix", prefix),
    ]
    if xmp_xml is not None:
        patches.append((xmp_xml, "datetime", _Frozen))
    # pyhanko collects the certificates of a SignedData in a set of objects hashed by identity,
    # so their order changes from run to run: hash them by content while signing.
    patches.append((asn1_cms.CertificateChoices, "__hash__", _content_hash))
    # fontTools stamps the subset font's 'head' table with the wall clock.
    from fontTools.ttLib.tables import _h_e_a_d

    epoch_1904 = datetime(1904, 1, 1, tzinfo=dt.UTC)
    font_time = int((moment.astimezone(dt.UTC) - epoch_1904).total_seconds()) if \
        moment.tzinfo else 0
    patches.append((_h_e_a_d, "timestampNow", lambda: font_time))
    with _PIN_LOCK:
        saved = [(obj, name, getattr(obj, name)) for obj, name, _ in patches]
        state = random.getstate()
        try:
            for obj, name, value in patches:
                setattr(obj, name, value)
            random.seed(counter.next_bytes(8))
            yield
        finally:
            for obj, name, value in saved:
                setattr(obj, name, value)
            random.setstate(state)


def _content_hash(self) -> int:
    return int.from_bytes(hashlib.sha256(self.dump()).digest()[:8], "big") >> 2


class FixtureWriter(IncrementalPdfFileWriter):
    """An incremental writer whose new document ID derives from the input bytes."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        digest = hashlib.sha256(data).digest()
        id1 = self._document_id[0]
        self._document_id = generic.ArrayObject([id1, generic.ByteStringObject(digest[:16])])


# --- signers -----------------------------------------------------------------------------------


class FixtureSigner(signers.SimpleSigner):
    """A pyhanko signer over an in-memory key, with deterministic ECDSA (RFC 6979) and without
    re-loading the key on every signature (RSA key loading is slow)."""

    def __init__(self, identity: Identity, *, prefer_pss: bool = False) -> None:
        store = SimpleCertificateStore.from_certs(list(identity.chain_asn1))
        super().__init__(signing_cert=identity.cert_asn1, signing_key=identity.key_asn1,
                         cert_registry=store, prefer_pss=prefer_pss)
        self._key = identity.key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        algo = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(),
                "sha512": hashes.SHA512(), "sha1": hashes.SHA1()}[digest_algorithm.lower()]
        if isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(data, ec.ECDSA(algo, deterministic_signing=True))
        assert isinstance(self._key, rsa.RSAPrivateKey)
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mechanism["algorithm"].native == "rsassa_pss":
            return super().sign_raw(data, digest_algorithm)
        return self._key.sign(data, padding.PKCS1v15(), algo)


class FixedTimePdfSigner(PdfSigner):
    """A PdfSigner whose signing time (/M, and CMS signingTime for adbe.pkcs7.detached) is
    given, not read from the machine clock."""

    def __init__(self, *args, signing_time: datetime, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):  # type: ignore[override]
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._signing_time
        return session


# --- appearances -------------------------------------------------------------------------------


def image_style(png: bytes, name: str):
    from pyhanko.stamp import StaticStampStyle

    return StaticStampStyle(
        background=PdfImage(_pil(png), writer=None, name=name),
        background_opacity=1.0, border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(), inner_content_scaling=layout.InnerScaling.STRETCH_FILL))


def text_style(text: str, *, png: bytes | None = None, font_size: int = 10,
               image_name: str = "Seal"):
    """A text appearance in Liberation Serif (Times-metric), black, `font_size` pt; with `png`
    the image sits at the top of the box (shrunk to fit its width) and the text below it."""
    from pyhanko.stamp import TextStampStyle

    kwargs: dict = {}
    if png is not None:
        kwargs = dict(
            background=PdfImage(_pil(png), writer=None, name=image_name),
            background_opacity=1.0,
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MAX,
                margins=layout.Margins(),
                inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT),
            inner_content_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MIN,
                margins=layout.Margins(0, 0, 1, 0),
                inner_content_scaling=layout.InnerScaling.NO_SCALING))
    else:
        kwargs = dict(inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MAX, y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins(0, 0, 0, 0),
            inner_content_scaling=layout.InnerScaling.NO_SCALING))
    return TextStampStyle(
        stamp_text=text.replace("%", "%%"),
        text_box_style=TextBoxStyle(
            font=font_factory("Regular"),
            font_size=font_size, leading=font_size + 2,
            box_layout_rule=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(1))),
        border_width=0, **kwargs)


class _ScaledWidths:
    """Mixin fixing pyhanko 0.38's CID fonts for fonts whose units per em are not 1000: it
    writes glyph widths (/W and TJ adjustments) in font units where PDF wants thousandths of an
    em, so Liberation Serif (2048 units) came out letter-spaced. The engine is switched to a
    1000-unit scale throughout: HarfBuzz positions, widths and the advance computation."""

    _source_upem: int

    def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
        cached = self._glyphs.get(glyph_id)  # type: ignore[attr-defined]
        if cached is not None:
            return cached
        cid, width = super()._get_cid_and_width(glyph_id)  # type: ignore[misc]
        result = cid, round(width * 1000 / self._source_upem)
        self._glyphs[glyph_id] = result  # type: ignore[attr-defined]
        return result


def font_factory(style: str = "Regular", **kwargs):
    """A pyhanko font factory for Liberation Serif with correct glyph widths."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class _Engine(_ScaledWidths, GlyphAccumulator):
        pass

    class _Factory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer, obj_stream=None):
            engine = super().create_font_engine(writer, obj_stream)
            engine.__class__ = _Engine
            engine._source_upem = engine.units_per_em
            engine.units_per_em = 1000
            engine.hb_font.scale = (1000, 1000)
            return engine

    return _Factory(str(images.font_path(style)), **kwargs)


def _pil(png: bytes):
    from PIL import Image

    img = Image.open(io.BytesIO(png))
    img.load()
    return img


# --- one signature -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignOptions:
    subfilter: str = "pades"  # pades | pkcs7
    md_algorithm: str = "sha256"
    timestamp: bool = True
    tst_time: datetime | None = None  # default: signing time + clock.tst_delay
    reason: str | None = None
    location: str | None = None
    prefer_pss: bool = False
    tsa_url: str | None = None  # an RFC 3161 service over HTTP instead of the in-process TSA


def sign(pdf: bytes, identity: Identity, pki: TestPKI, *, field_name: str, box: Rect | None,
         when: datetime, page: int = 0, style=None, options: SignOptions = SignOptions(),
         tst_delay: dt.timedelta = dt.timedelta(seconds=2)) -> bytes:
    """Add one signature as an incremental update and return the new file."""
    subfilter = (SigSeedSubFilter.PADES if options.subfilter == "pades"
                 else SigSeedSubFilter.ADOBE_PKCS7_DETACHED)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=subfilter, md_algorithm=options.md_algorithm,
        reason=options.reason, location=options.location)
    timestamper = None
    if options.timestamp and options.tsa_url:
        from conformance.fixtures_gen.pki_services import HttpTimeStamper

        timestamper = HttpTimeStamper(options.tsa_url)
    elif options.timestamp:
        gen = options.tst_time or (when + tst_delay)
        timestamper = LocalTimeStamper(FixtureTSA(pki), gen_time=gen)
    spec = None
    if box is not None:
        spec = fields.SigFieldSpec(sig_field_name=field_name, on_page=page,
                                   box=tuple(round(v) for v in box))  # type: ignore[arg-type]
    pdf_signer = FixedTimePdfSigner(
        meta, FixtureSigner(identity, prefer_pss=options.prefer_pss), timestamper=timestamper,
        stamp_style=style, new_field_spec=spec, signing_time=when)
    with pinned(when.astimezone(VN_TZ) if when.utcoffset() else when, field_name.encode()):
        writer = FixtureWriter(pdf)
        out = pdf_signer.sign_pdf(writer, bytes_reserved=24000)
    return out.getvalue()


# --- the clerk's number and date ---------------------------------------------------------------


def fill_number_and_date(pdf: bytes, number: str, date_line: str, when: datetime) -> bytes:
    """Fill the number and date fields of a person-signed draft (an incremental update that
    changes only the fields' /V and /AP)."""
    with pinned(when, b"fill"):
        writer = FixtureWriter(pdf)
        acro = writer.root["/AcroForm"]
        values = {NUMBER_FIELD: number, DATE_FIELD: date_line}
        factory = font_factory("Italic", create_objstream_if_needed=False)
        regular = font_factory("Regular", create_objstream_if_needed=False)
        for ref in acro["/Fields"]:
            fld = ref.get_object()
            name = str(fld.get("/T"))
            if name not in values:
                continue
            text = values[name]
            engine = (factory if name == DATE_FIELD else regular).create_font_engine(writer)
            shaped = engine.shape(text)
            x1, y1, x2, y2 = (float(v) for v in fld["/Rect"])
            w, h = abs(x2 - x1), abs(y2 - y1)
            size = 13
            tx = max(0.0, (w - shaped.x_advance * size) / 2) if name == NUMBER_FIELD else 1.0
            ops = (b"/Tx BMC q BT /F1 %d Tf 0 g %.2f %.2f Td " % (size, tx, 4.0)
                   + shaped.graphics_ops + b" ET Q EMC")
            resources = generic.DictionaryObject({
                pdf_name("/Font"): generic.DictionaryObject({pdf_name("/F1"):
                                                             engine.as_resource()})})
            stream = generic.StreamObject({
                pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Form"),
                pdf_name("/BBox"): generic.ArrayObject([generic.FloatObject(0),
                                                        generic.FloatObject(0),
                                                        generic.FloatObject(w),
                                                        generic.FloatObject(h)]),
                pdf_name("/Resources"): resources}, stream_data=ops)
            fld[pdf_name("/V")] = generic.TextStringObject(text)
            fld[pdf_name("/AP")] = generic.DictionaryObject(
                {pdf_name("/N"): writer.add_object(stream)})
            writer.update_container(fld)
        if "/NeedAppearances" in acro:
            acro[pdf_name("/NeedAppearances")] = generic.BooleanObject(False)
            writer.update_container(acro)
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()


# --- flows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cast:
    """Who signs. Defaults: a deputy minister of Bộ Nội vụ and the ministry itself."""

    person_name: str = "Nguyễn Văn A"
    person_agency: str = "Bộ Nội vụ"
    organisation: str = "Bộ Nội vụ"
    parent: str = "Chính phủ"
    person_variant: str = "good"
    org_variant: str = "good"

    def person(self, pki: TestPKI) -> Identity:
        return pki.person(self.person_name, agency=self.person_agency,
                          variant=self.person_variant)

    def org(self, pki: TestPKI) -> Identity:
        return pki.organisation(self.organisation, parent=self.parent, variant=self.org_variant)


@dataclass(frozen=True)
class SignedDocument:
    pdf: bytes
    layout: DocumentLayout
    role: str
    profile_id: str
    revisions: dict[str, bytes] = field(default_factory=dict)
    fields: dict[str, Rect] = field(default_factory=dict)


def profile_flags(profile_id: str) -> dict[str, bool]:
    from conformance.profiles import load_profile

    p = load_profile(profile_id)
    return {k: bool(p[k]) for k in ("org_signature_text_required", "digitised_seal_image",
                                    "urgency_stamp_signature")}


def _center_box(center: tuple[float, float], size: tuple[float, float]) -> Rect:
    return (center[0] - size[0] / 2, center[1] - size[1] / 2,
            center[0] + size[0] / 2, center[1] + size[1] / 2)


def seal_box_for(person_box: Rect, *, diameter_mm: float = 40.0, overlap: float = 1 / 3,
                 side: str = "left", gap: float | None = None) -> Rect:
    """Where the seal goes relative to the person's signature: its right edge `overlap` of the
    way into the signature from the left (the NĐ 30 / TT 01 placement); `side="right"` mirrors
    it; `gap` (points) puts it that far left of the signature, not touching."""
    d = diameter_mm * 72 / 25.4
    x0, y0, x1, y1 = person_box
    cy = (y0 + y1) / 2
    if gap is not None:
        right = x0 - gap
    elif side == "right":
        right = x1 - (x1 - x0) * overlap + d
    else:
        right = x0 + (x1 - x0) * overlap
    return (right - d, cy - d / 2, right, cy + d / 2)


def sign_main(pki: TestPKI, *, profile_id: str = "nd30", spec: DocumentSpec | None = None,
              cast: Cast = Cast(), clock: FlowClock = FlowClock(), urgency: str | None = None,
              person_options: SignOptions = SignOptions(),
              org_options: SignOptions = SignOptions(),
              seal_box: Rect | None = None, person_box: Rect | None = None,
              person_png: bytes | None = None, seal_png: bytes | None = None,
              urgency_png: bytes | None = None, org_first: bool = False,
              skip_org: bool = False, skip_fill: bool = False) -> SignedDocument:
    """The born-digital main document: person signs, clerk fills, organisation signs (and, in
    tt01-2019, signs the urgency stamp of an urgent document). The keyword arguments after
    `org_options` exist for the negative corpus."""
    flags = profile_flags(profile_id)
    spec = spec or DocumentSpec(signer=cast.person_name, urgency=urgency)
    draft, lay = make_document(spec)
    person, org = cast.person(pki), cast.org(pki)
    person_box = person_box or lay.person_signature_rect
    seal_box = seal_box or seal_box_for(person_box)
    person_png = person_png or images.handwritten_signature(cast.person_name)
    seal_png = seal_png or images.round_seal(cast.organisation, cast.parent)
    revisions: dict[str, bytes] = {"draft": draft}
    org_style, org_box = image_style(seal_png, "Seal"), seal_box
    if flags["org_signature_text_required"]:
        text = f"{cast.organisation}\n{iso_vn(clock.organisation)}"
        org_box = (seal_box[0] - 4, seal_box[1] - 26, seal_box[2] + 4, seal_box[3])
        org_style = text_style(text, png=seal_png)

    def person_step(pdf: bytes) -> bytes:
        return sign(pdf, person, pki, field_name=PERSON_FIELD, box=person_box,
                    when=clock.person, style=image_style(person_png, "ChuKy"),
                    options=person_options, tst_delay=clock.tst_delay)

    def org_step(pdf: bytes, when: datetime) -> bytes:
        return sign(pdf, org, pki, field_name=ORG_FIELD, box=org_box, when=when,
                    style=org_style, options=org_options, tst_delay=clock.tst_delay)

    pdf = draft
    if org_first:
        pdf = org_step(pdf, clock.person)
        pdf = person_step(pdf)
    else:
        pdf = person_step(pdf)
        revisions["person"] = pdf
        if not skip_fill:
            pdf = fill_number_and_date(pdf, spec.number, date_text(spec.date), clock.fill)
            revisions["filled"] = pdf
        if not skip_org:
            pdf = org_step(pdf, clock.organisation)
            revisions["organisation"] = pdf
    level = urgency or spec.urgency
    if level and flags["urgency_stamp_signature"] and not skip_org:
        w_mm, h_mm = images.URGENCY_SIZES_MM[level]
        u = lay.urgency_rect
        box = _center_box(((u[0] + u[2]) / 2, (u[1] + u[3]) / 2),
                          (w_mm * 72 / 25.4, h_mm * 72 / 25.4))
        pdf = sign(pdf, org, pki, field_name=URGENCY_FIELD, box=box, when=clock.urgency,
                   style=image_style(urgency_png or images.urgency_stamp(level), "DoKhan"),
                   options=org_options, tst_delay=clock.tst_delay)
        revisions["urgency"] = pdf
    return SignedDocument(pdf, lay, "main", profile_id, revisions,
                          {PERSON_FIELD: person_box, ORG_FIELD: org_box})


def corner_text(kind: str, *, notation: str, organisation: str, when: datetime,
                copy_form: str = "SAO Y") -> str:
    """The NĐ 30 text of a top-right organisation signature."""
    if kind == "attachment":
        return f"{notation}\n{iso_vn(when)}"
    return f"{copy_form}\n{organisation}\n{iso_vn(when)}"


def sign_corner(pki: TestPKI, pdf: bytes, lay: DocumentLayout, *, role: str, profile_id: str,
                notation: str, cast: Cast = Cast(), when: datetime | None = None,
                options: SignOptions = SignOptions(), with_seal: bool | None = None,
                box: Rect | None = None, copy_form: str = "SAO Y") -> SignedDocument:
    """One organisation signature at the top right of page 1 (attachment, copy, scan)."""
    when = when or FlowClock().organisation
    flags = profile_flags(profile_id)
    org = cast.org(pki)
    seal = flags["digitised_seal_image"] if with_seal is None and role == "scan" else bool(
        with_seal)
    if seal:
        text = f"{cast.organisation}\n{iso_vn(when)}"
        d = 40 * 72 / 25.4
        tr = lay.top_right_rect
        box = box or (tr[2] - d - 14, tr[3] - d - 26, tr[2] + 2, tr[3])
        style = text_style(text, png=images.round_seal(cast.organisation, cast.parent))
    else:
        text = corner_text("attachment" if role == "attachment" else "copy", notation=notation,
                           organisation=cast.organisation, when=when, copy_form=copy_form)
        box = box or lay.top_right_rect
        style = text_style(text)
    out = sign(pdf, org, pki, field_name=ORG_FIELD, box=box, when=when, style=style,
               options=options)
    return SignedDocument(out, lay, role, profile_id, {"draft": pdf, "organisation": out},
                          {ORG_FIELD: box})


def sign_attachment(pki: TestPKI, *, profile_id: str = "nd30", cast: Cast = Cast(),
                    spec: DocumentSpec | None = None, **kwargs) -> SignedDocument:
    spec = spec or DocumentSpec(kind="attachment", number_as_fields=False,
                                subject="Danh sách cơ quan thực hiện gửi, nhận văn bản điện tử")
    pdf, lay = make_document(spec)
    return sign_corner(pki, pdf, lay, role="attachment", profile_id=profile_id,
                       notation=f"{spec.number}/{spec.notation}", cast=cast, **kwargs)


def sign_copy(pki: TestPKI, *, profile_id: str = "nd30", cast: Cast = Cast(),
              spec: DocumentSpec | None = None, **kwargs) -> SignedDocument:
    spec = spec or DocumentSpec(kind="copy", number_as_fields=False)
    pdf, lay = make_document(spec)
    return sign_corner(pki, pdf, lay, role="copy", profile_id=profile_id,
                       notation=f"{spec.number}/{spec.notation}", cast=cast, **kwargs)


def sign_scan(pki: TestPKI, *, profile_id: str = "nd30", cast: Cast = Cast(),
              pdf: bytes | None = None, **kwargs) -> SignedDocument:
    """A digitised document (a colour 200-dpi A4 scan from `fixtures_gen.scans`) signed by the
    organisation at the top right of page 1: text only under nd30 (the NĐ 30 copy text), seal
    image + organisation name + time under tt01-2019."""
    from conformance.fixtures_gen.scans import PageSpec, build_pdf

    pdf = pdf or build_pdf([PageSpec()])
    _, lay = make_document(DocumentSpec(kind="copy", number_as_fields=False))
    spec = DocumentSpec()
    return sign_corner(pki, pdf, lay, role="scan", profile_id=profile_id,
                       notation=f"{spec.number}/{spec.notation}", cast=cast, **kwargs)
