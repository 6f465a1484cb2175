"""A signed PDF read once, for all the signature checks: pyhanko for the cryptography, pikepdf
for structure, geometry and pixels.

`open_signed_pdf(data, file=…)` never raises: it returns the document (or None) and the findings
of what could not be read (TT41-PDF). Each `SignatureInfo` carries what the checks share: the
field, page and rectangle of its widget, /M as written and parsed, the RFC 3161 genTime, the
signer certificate, its revision and, once `pades.validate_signatures` ran, pyhanko's status.
"""

from __future__ import annotations

import binascii
import contextlib
import datetime as dt
import functools
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pikepdf
from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic as _pdf_generic
from pyhanko.pdf_utils import misc as _pdf_misc

from conformance.findings import Finding, Location, Status, finding
from conformance.pdf.ctm import PlacedImage, Rect, iter_appearance_images, rect_normalise
from conformance.pdf.text import TextLine, appearance_text

for _name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


# --- Speed patches ------------------------------------------------------------------------
# A few pyhanko / asn1crypto internals are replaced by equivalents that give the library's exact
# result, exception and stream position (tests/test_pdf_speed_patches.py checks them against the
# originals kept here). A replacement carries its original as `_qlvb_original`, so that a second
# import of this module finds the true originals again and patches nothing twice.


def _unpatched(func: Any) -> Any:
    return getattr(func, "_qlvb_original", func)


_ORIGINAL_READ_HEX_STRING = _unpatched(_pdf_generic.read_hex_string_from_stream)
_ORIGINAL_READ_UNTIL_DELIMITER = _unpatched(_pdf_misc.read_until_delimiter)
_ORIGINAL_DECODE_NAME = _unpatched(_pdf_generic._decode_name)
_ORIGINAL_LDAP_STRING_PREP = _unpatched(asn1_x509.NameTypeAndValue._ldap_string_prep)

_PDF_WHITESPACE = _pdf_misc.PDF_WHITESPACE
_HEX_DIGITS = _pdf_generic.HEX_DIGITS
_DELIMITER = re.compile(b"[" + re.escape(_pdf_misc.PDF_WHITESPACE + _pdf_misc.PDF_DELIMITERS)
                        + b"]")
_PLAIN_NAME = re.compile(rb"[\x21-\x7e]*")


def _fast_hex_string(stream: Any) -> Any:
    """`read_hex_string_from_stream` reads one byte at a time in Python: a signature's /Contents
    placeholder (10–30 KB of hex) took 15–50 ms. Here: whitespace and hex digits up to '>', with
    bytes operations. Anything else (a '%' comment, a stray byte, no '>') rewinds and goes to the
    original, for its exact result, error and final position."""
    start = stream.tell()
    stream.read(1)
    chunks: list[bytes] = []
    while True:
        block = stream.read(16384)
        end = block.find(b">")
        digits = (block if end < 0 else block[:end]).translate(None, _PDF_WHITESPACE)
        if not block or digits.translate(None, _HEX_DIGITS):
            stream.seek(start)
            return _ORIGINAL_READ_HEX_STRING(stream)
        chunks.append(digits)
        if end >= 0:
            stream.seek(end + 1 - len(block), io.SEEK_CUR)
            break
    raw = b"".join(chunks)
    return _pdf_generic.pdf_string(binascii.unhexlify(raw + b"0" * (len(raw) % 2)))


def _fast_read_until_delimiter(stream: Any) -> bytes:
    """`misc.read_until_delimiter` does one `read(1)` per byte (the main cost of pyhanko's diff
    analysis on large font dictionaries): same result and final position — at the delimiter, or
    at the end of the stream."""
    chunks: list[bytes] = []
    while True:
        block = stream.read(256)
        if not block:
            return b"".join(chunks)
        m = _DELIMITER.search(block)
        if m is not None:
            chunks.append(block[:m.start()])
            stream.seek(m.start() - len(block), io.SEEK_CUR)
            return b"".join(chunks)
        chunks.append(block)


def _fast_decode_name(name_bytes: bytes) -> Any:
    """`_decode_name` walks a name byte by byte; the common case — printable ASCII without '#'
    escapes or delimiters (font /Differences arrays hold hundreds) — needs no walk. Anything
    else goes to the original, with its checks and errors."""
    if b"#" not in name_bytes and _PLAIN_NAME.fullmatch(name_bytes) \
            and _DELIMITER.search(name_bytes) is None:
        return _pdf_generic.NameObject("/" + name_bytes.decode("ascii"))
    return _ORIGINAL_DECODE_NAME(name_bytes)


@functools.lru_cache(maxsize=4096)
def _ldap_string_prep_cache(string: str) -> str:
    return _ORIGINAL_LDAP_STRING_PREP(None, string)


def _cached_ldap_string_prep(self: Any, string: Any) -> Any:
    """asn1crypto compares certificate names through RFC 4518 string preparation
    (`NameTypeAndValue._ldap_string_prep`), a pure function of the string (`self` is unused)
    that pyhanko's path building calls tens of times per signature (~8 ms per document): a
    bounded LRU cache of it. Errors are not cached: they are raised again each time."""
    if type(string) is str:
        return _ldap_string_prep_cache(string)
    return _ORIGINAL_LDAP_STRING_PREP(self, string)


_SPEED_PATCHES: tuple[tuple[Any, str, Any, Any], ...] = (
    (_pdf_generic, "read_hex_string_from_stream", _fast_hex_string, _ORIGINAL_READ_HEX_STRING),
    (_pdf_misc, "read_until_delimiter", _fast_read_until_delimiter,
     _ORIGINAL_READ_UNTIL_DELIMITER),
    (_pdf_generic, "read_until_delimiter", _fast_read_until_delimiter,
     _ORIGINAL_READ_UNTIL_DELIMITER),
    (_pdf_generic, "_decode_name", _fast_decode_name, _ORIGINAL_DECODE_NAME),
    (asn1_x509.NameTypeAndValue, "_ldap_string_prep", _cached_ldap_string_prep,
     _ORIGINAL_LDAP_STRING_PREP),
)


def _install_speed_patches() -> None:
    """Idempotent: a place that holds anything but the original (an earlier install, by this
    or an earlier import of this module) is left alone."""
    for owner, attribute, fast, original in _SPEED_PATCHES:
        if getattr(owner, attribute) is original:
            fast._qlvb_original = original
            setattr(owner, attribute, fast)


@contextlib.contextmanager
def original_pyhanko_parsers() -> Iterator[None]:
    """For tests only: the library's original functions in place of every speed patch (also
    the asn1crypto one) inside the block, the previous state restored after it."""
    saved = [(owner, attribute, getattr(owner, attribute))
             for owner, attribute, _, _ in _SPEED_PATCHES]
    for owner, attribute, _, original in _SPEED_PATCHES:
        setattr(owner, attribute, original)
    try:
        yield
    finally:
        for owner, attribute, current in saved:
            setattr(owner, attribute, current)


_install_speed_patches()

VN_OFFSET = dt.timedelta(hours=7)

PADES = "/ETSI.CAdES.detached"
PKCS7 = "/adbe.pkcs7.detached"
DOC_TIMESTAMP = "/ETSI.RFC3161"


@dataclass
class Widget:
    page: int
    rect: Rect
    appearance: Any  # pikepdf.Stream or None


@dataclass
class SignatureInfo:
    index: int  # order in the file (by revision), 0 = first signed
    field: str
    embedded: Any  # pyhanko EmbeddedPdfSignature
    subfilter: str | None
    revision: int
    m_raw: str | None
    m_time: dt.datetime | None
    tst_time: dt.datetime | None
    signer_cert: asn1_x509.Certificate | None
    widget: Widget | None = None
    status: Any = None  # pyhanko PdfSignatureStatus
    status_error: str | None = None
    trust_moment: dt.datetime | None = None
    moment_source: str = ""
    revocation: str | None = None  # good | revoked | unknown
    revocation_detail: str = ""
    role: str = "unknown"  # person | organisation | timestamp | unknown
    role_basis: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def page(self) -> int | None:
        return self.widget.page if self.widget else None

    @property
    def rect(self) -> Rect | None:
        return self.widget.rect if self.widget else None

    @property
    def is_doc_timestamp(self) -> bool:
        return self.subfilter == DOC_TIMESTAMP

    @property
    def intact_and_valid(self) -> bool:
        st = self.status
        return st is not None and bool(st.intact) and bool(st.valid)

    @property
    def signer_cn(self) -> str:
        return subject_part(self.signer_cert, "common_name")

    @cached_property
    def images(self) -> list[PlacedImage]:
        w = self.widget
        if w is None or w.appearance is None:
            return []
        try:
            return list(iter_appearance_images(w.appearance, w.rect, page_index=w.page))
        except Exception:
            return []

    @cached_property
    def text_lines(self) -> list[TextLine]:
        w = self.widget
        return appearance_text(w.appearance) if w and w.appearance is not None else []

    @cached_property
    def appearance_scale(self) -> float:
        """Vertical scale from appearance space to page space (BBox → Rect)."""
        w = self.widget
        try:
            box = rect_normalise(w.appearance.get("/BBox"))  # type: ignore[union-attr]
            h = box[3] - box[1]
            return (w.rect[3] - w.rect[1]) / h if h > 0 else 1.0  # type: ignore[union-attr]
        except Exception:
            return 1.0

    @property
    def main_image(self) -> PlacedImage | None:
        """The largest image of the appearance (the signature, seal or stamp)."""
        if not self.images:
            return None
        return max(self.images,
                   key=lambda im: (im.rect[2] - im.rect[0]) * (im.rect[3] - im.rect[1]))

    def location(self, file: str | None, rect: Rect | None = None) -> Location:
        page = None if self.page is None else self.page + 1  # Location pages are 1-based
        return Location(file=file, page=page, rect=rect or self.rect, field=self.field)


def subject_part(cert: asn1_x509.Certificate | None, key: str) -> str:
    if cert is None:
        return ""
    try:
        value = cert.subject.native.get(key, "")
    except Exception:
        return ""
    if isinstance(value, list):
        value = value[-1] if value else ""
    return str(value or "")


@dataclass
class SignedPdf:
    data: bytes
    file: str | None
    reader: Any  # pyhanko PdfFileReader
    signatures: list[SignatureInfo]
    pike: pikepdf.Pdf | None
    page_sizes: list[Rect] = field(default_factory=list)
    cache: dict[Any, Any] = field(default_factory=dict)  # per-document memo (page text lines)

    def location(self, **kwargs: Any) -> Location:
        return Location(file=self.file, **kwargs)

    @property
    def document_signatures(self) -> list[SignatureInfo]:
        return [s for s in self.signatures if not s.is_doc_timestamp]

    def close(self) -> None:
        if self.pike is not None:
            with contextlib.suppress(Exception):
                self.pike.close()


_PDF_DATE = re.compile(
    r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+\-])(\d{2})?'?(\d{2})?'?)?")


def parse_pdf_date(raw: str | None) -> dt.datetime | None:
    """A PDF date string (`D:20260302091500+07'00'`) as a datetime: aware when it carries an
    offset (`Z` = UTC), naive when it does not (local time of an unknown zone)."""
    if not raw:
        return None
    m = _PDF_DATE.match(raw.strip())
    if not m:
        return None
    y, mo, d, hh, mi, ss, sign, oh, om = m.groups()
    try:
        base = dt.datetime(int(y), int(mo or 1), int(d or 1), int(hh or 0), int(mi or 0),
                           int(ss or 0))
    except ValueError:
        return None
    if sign is None:
        return base
    if sign in "Zz":
        return base.replace(tzinfo=dt.UTC)
    offset = dt.timedelta(hours=int(oh or 0), minutes=int(om or 0))
    return base.replace(tzinfo=dt.timezone(offset if sign == "+" else -offset))


def _raw_m(sig_object: Any) -> str | None:
    try:
        value = sig_object.get("/M")
    except Exception:
        return None
    if value is None:
        return None
    try:
        return str(value)
    except Exception:
        return None


def _tst_time(embedded: Any) -> dt.datetime | None:
    try:
        unsigned = embedded.signer_info["unsigned_attrs"]
        if not isinstance(unsigned, cms.CMSAttributes):
            return None
        for attr in unsigned:
            if attr["type"].native == "signature_time_stamp_token":
                token: cms.ContentInfo = attr["values"][0]
                info = token["content"]["encap_content_info"]["content"].parsed
                return info["gen_time"].native
    except Exception:
        return None
    return None


def _widgets(pike: pikepdf.Pdf) -> dict[str, Widget]:
    out: dict[str, Widget] = {}
    for index, page in enumerate(pike.pages):
        try:
            annots = page.obj.get("/Annots")
        except Exception:
            continue
        if not isinstance(annots, pikepdf.Array):
            continue
        for annot in annots:
            try:
                if annot.get("/Subtype") != pikepdf.Name.Widget:
                    continue
                node, names = annot, []
                while isinstance(node, pikepdf.Dictionary) and len(names) < 32:
                    if "/T" in node:
                        names.append(str(node.get("/T")))
                    node = node.get("/Parent")
                name = ".".join(reversed(names))
                rect = rect_normalise(annot.get("/Rect"))
                ap = annot.get("/AP")
                normal = ap.get("/N") if isinstance(ap, pikepdf.Dictionary) else None
                if isinstance(normal, pikepdf.Dictionary) and not isinstance(normal,
                                                                              pikepdf.Stream):
                    state = annot.get("/AS")
                    normal = normal.get(str(state)) if state is not None else None
                out.setdefault(name, Widget(index, rect, normal if isinstance(
                    normal, pikepdf.Stream) else None))
            except Exception:
                continue
    return out


def _fail(file: str | None, vi: str, en: str, found: str) -> Finding:
    return finding("TT41-PDF", Status.FAIL, vi, en,
                   expected="tệp PDF đọc được, không mã hóa / a readable, unencrypted PDF",
                   found=found, location=Location(file=file))


def open_signed_pdf(data: bytes, *, file: str | None = None
                    ) -> tuple[SignedPdf | None, list[Finding]]:
    """Read a PDF and its signatures. Never raises."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not isinstance(data, bytes | bytearray | memoryview):
        return None, [_fail(file, "Đầu vào không phải chuỗi byte", "Input is not bytes",
                            type(data).__name__)]
    data = bytes(data)
    head = data[:1024].lstrip()
    if b"%PDF-" not in data[:1024]:
        return None, [_fail(file, "Tệp không phải PDF (thiếu phần đầu %PDF-)",
                            "Not a PDF file (no %PDF- header)",
                            repr(head[:16]) if head else "tệp rỗng / empty file")]
    try:
        pike = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return None, [_fail(file, "Tệp PDF bị mã hóa bằng mật khẩu, không kiểm tra được chữ ký",
                            "The PDF is password-protected; its signatures cannot be checked",
                            "encrypted")]
    except Exception as exc:
        return None, [_fail(file, "Không đọc được tệp PDF (hỏng hoặc bị cắt cụt)",
                            "Cannot read the PDF (damaged or truncated)",
                            f"{type(exc).__name__}: {str(exc)[:200]}")]
    if pike.is_encrypted:
        pike.close()
        return None, [_fail(file, "Tệp PDF bị mã hóa, không kiểm tra được chữ ký một cách tin cậy",
                            "The PDF is encrypted; its signatures cannot be checked reliably",
                            "encrypted")]
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        pike.close()
        return None, [_fail(file, "Không đọc được cấu trúc chữ ký số của tệp PDF",
                            "Cannot read the PDF's signature structure",
                            f"{type(exc).__name__}: {str(exc)[:200]}")]
    widgets = _widgets(pike)
    sigs: list[SignatureInfo] = []
    for emb in embedded:
        try:
            name = emb.field_name
            sub = emb.sig_object.get("/SubFilter")
            subfilter = str(sub) if sub is not None else None
            m_raw = _raw_m(emb.sig_object)
            cert = None
            try:
                cert = emb.signer_cert
            except Exception:
                cert = None
            sigs.append(SignatureInfo(
                index=0, field=name, embedded=emb, subfilter=subfilter,
                revision=int(emb.signed_revision), m_raw=m_raw,
                m_time=parse_pdf_date(m_raw), tst_time=_tst_time(emb), signer_cert=cert,
                widget=widgets.get(name)))
        except Exception:
            continue
    sigs.sort(key=lambda s: s.revision)
    for i, s in enumerate(sigs):
        s.index = i
    sizes: list[Rect] = []
    for page in pike.pages:
        try:
            sizes.append(rect_normalise(page.obj.get("/CropBox") or page.mediabox))
        except Exception:
            sizes.append((0.0, 0.0, 595.0, 842.0))
    return SignedPdf(data, file, reader, sigs, pike, sizes), []
