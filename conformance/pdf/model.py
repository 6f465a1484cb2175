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
from collections import OrderedDict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pikepdf
from asn1crypto import cms
from asn1crypto import core as asn1_core
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
# originals kept here; tests/test_pdf_batch.py checks that no finding of the corpus changes).
# Two kinds: tokenizers that read a block with bytes operations where pyhanko reads byte by byte
# (anything unusual rewinds and goes to the original), and bounded memos of pure functions of
# certificate data (names, OIDs) that come back in every document. A replacement carries its
# original as `_qlvb_original`, so that a second import of this module finds the true originals
# again and patches nothing twice.


def _unpatched(func: Any) -> Any:
    return getattr(func, "_qlvb_original", func)


class _Property(property):
    """A property that can carry `_qlvb_original` (a plain property has no attributes)."""


_ORIGINAL_READ_HEX_STRING = _unpatched(_pdf_generic.read_hex_string_from_stream)
_ORIGINAL_READ_UNTIL_DELIMITER = _unpatched(_pdf_misc.read_until_delimiter)
_ORIGINAL_DECODE_NAME = _unpatched(_pdf_generic._decode_name)
_ORIGINAL_LDAP_STRING_PREP = _unpatched(asn1_x509.NameTypeAndValue._ldap_string_prep)
_ORIGINAL_READ_NON_WHITESPACE = _unpatched(_pdf_misc.read_non_whitespace)
_ORIGINAL_READ_ARRAY = _unpatched(_pdf_generic.ArrayObject.read_from_stream)
_ORIGINAL_READ_STRING_LITERAL = _unpatched(_pdf_generic._read_string_literal_bytes)
_ORIGINAL_NAME_EQ = _unpatched(asn1_x509.Name.__eq__)
_ORIGINAL_NAME_HASHABLE = _unpatched(vars(asn1_x509.Name)["hashable"])
_ORIGINAL_OID_DOTTED = _unpatched(vars(asn1_core.ObjectIdentifier)["dotted"])

_PDF_WHITESPACE = _pdf_misc.PDF_WHITESPACE
_HEX_DIGITS = _pdf_generic.HEX_DIGITS
_DELIMITER = re.compile(b"[" + re.escape(_pdf_misc.PDF_WHITESPACE + _pdf_misc.PDF_DELIMITERS)
                        + b"]")
_PLAIN_NAME = re.compile(rb"[\x21-\x7e]*")
_WS_CLASS = re.escape(_pdf_misc.PDF_WHITESPACE)
# the tokens of an array body, each after its whitespace: a number as NumberObject.
# read_from_stream reads it (a run of "+,-.0-9" starting with a sign, dot or digit), a name as
# NameObject.read_from_stream reads it ('/' then up to a whitespace or delimiter), or any other
# byte but whitespace (the end of the fast path)
_ARRAY_TOKEN = re.compile(rb"[" + _WS_CLASS + rb"]*(?:([+\-.0-9][+,\-.0-9]*)|(/[^" + _WS_CLASS
                          + re.escape(_pdf_misc.PDF_DELIMITERS) + rb"]*)|([^" + _WS_CLASS
                          + rb"]))", re.S)
_PLAIN_BODY = re.compile(rb"[\x21-\x7e" + _WS_CLASS + rb"]*")
_STRING_SCAN = re.compile(rb"\\.|[()]", re.S)
_STRING_ESCAPE = re.compile(rb"\\([0-9]{1,3}|[\r\n][\r\n]?|.)", re.S)
_STRING_ESCAPES = {**{bytes([c]): bytes([c]) for c in b"() /%<>[]#_&$\\"},
                   b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_BLOCK = 4096


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


def _fast_read_non_whitespace(stream: Any, seek_back: bool = False,
                              allow_eof: bool = False) -> bytes:
    """`misc.read_non_whitespace` reads one byte at a time (about a tenth of a validation went
    there: every dictionary key, value and array item starts with it). Here: one block, the
    whitespace stripped with a bytes operation. A '%' comment, or a block that is all whitespace
    (end of stream, or a long run), rewinds and goes to the original."""
    start = stream.tell()
    block = stream.read(64)
    rest = block.lstrip(_PDF_WHITESPACE)
    if not rest or rest[0] == 0x25:  # b"%"
        stream.seek(start)
        return _ORIGINAL_READ_NON_WHITESPACE(stream, seek_back=seek_back, allow_eof=allow_eof)
    stream.seek(start + len(block) - len(rest) + (0 if seek_back else 1))
    return rest[:1]


def _array_items(body: bytes, container_ref: Any) -> list[Any] | None:
    """The items of an array body holding only numbers and names, built by the library's own
    constructors, or None for anything else."""
    # names without '#' escapes in printable ASCII are what `_fast_decode_name` builds directly
    plain = b"#" not in body and _PLAIN_BODY.fullmatch(body) is not None
    decode_name = _pdf_generic._decode_name
    number, real, name_object = (_pdf_generic.NumberObject, _pdf_generic.FloatObject,
                                 _pdf_generic.NameObject)
    items: list[Any] = []
    for num, name, _other in _ARRAY_TOKEN.findall(body):
        if num:
            item = real(num.decode("ascii")) if b"." in num else number(num.decode("ascii"))
        elif name:
            item = name_object(name.decode("ascii")) if plain else decode_name(name[1:])
        else:
            return None
        item.container_ref = container_ref  # as read_object sets it on each item
        items.append(item)
    return items


def _fast_read_array(stream: Any, container_ref: Any,
                     in_content_stream: Any = _pdf_generic.ContentOpReading.NO) -> Any:
    """`ArrayObject.read_from_stream` reads item by item through `read_object`, one byte at a
    time in places: font /Widths and /Differences arrays (hundreds of numbers and names) were
    most of pyhanko's object parsing. Here: an array of only numbers, names and whitespace, up
    to its ']' within one block, is split with one regular expression and built with the same
    constructors. Anything else — strings, dictionaries, nested arrays, references, comments,
    a bad number or name — rewinds and goes to the original, for its exact result or error."""
    start = stream.tell()
    block = stream.read(_BLOCK)
    end = block.find(b"]")
    if block[:1] == b"[" and end > 0:
        try:
            items = _array_items(block[1:end], container_ref)
        except Exception:
            items = None
        if items is not None:
            stream.seek(start + end + 1)
            return _pdf_generic.ArrayObject(items)
    stream.seek(start)
    return _ORIGINAL_READ_ARRAY(stream, container_ref, in_content_stream=in_content_stream)


class _Unusual(Exception):
    """An escape the fast string reader leaves to the original (which raises on it)."""


def _unescape(m: re.Match[bytes]) -> bytes:
    escaped = m[1]
    first = escaped[0]
    if 0x30 <= first <= 0x39:  # up to three digits, read as octal; 8, 9 or > 255 raise there
        try:
            value = int(escaped, 8)
        except ValueError:
            raise _Unusual from None
        if value > 255:
            raise _Unusual
        return bytes((value,))
    if first in (0x0A, 0x0D):  # an escaped end of line (one or two EOL bytes): nothing
        return b""
    try:
        return _STRING_ESCAPES[escaped]
    except KeyError:
        raise _Unusual from None


def _fast_string_literal(stream: Any) -> bytes:
    """`_read_string_literal_bytes` walks a literal string `( … )` one byte at a time (document
    information dictionaries, repeated in every revision, are mostly such strings). Here: the
    closing parenthesis is found over one block, skipping escaped bytes and counting nested
    parentheses, and the escapes are decoded with one substitution. No closing parenthesis in
    the block, or an escape the original rejects, rewinds and goes to the original."""
    start = stream.tell()
    block = stream.read(_BLOCK)
    depth, end = 1, -1
    for m in _STRING_SCAN.finditer(block, 1):
        char = block[m.start()]
        if char == 0x28:  # "("
            depth += 1
        elif char == 0x29:  # ")"
            depth -= 1
            if depth == 0:
                end = m.start()
                break
    if end > 0:
        body = block[1:end]
        try:
            if b"\\" in body:
                body = _STRING_ESCAPE.sub(_unescape, body)
        except _Unusual:
            pass
        else:
            stream.seek(start + end + 1)
            return body
    stream.seek(start)
    return _ORIGINAL_READ_STRING_LITERAL(stream)


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


class _Memo:
    """A bounded least-recently-used memo of a pure function's results (never its errors)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.data: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable) -> Any:
        value = self.data.get(key)
        if value is not None:
            self.data.move_to_end(key)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        self.data[key] = value
        if len(self.data) > self.maxsize:
            self.data.popitem(last=False)


# Certificate and CRL names: the same few issuers, subjects and TSAs in every document of a
# batch. Keyed by the names' DER encodings, of which the results are pure functions.
_NAME_EQ = _Memo(4096)
_NAME_HASHABLE = _Memo(4096)


def _der(value: Any) -> bytes | None:
    try:
        return value.dump()
    except Exception:
        return None


def _cached_name_eq(self: Any, other: Any) -> Any:
    """`Name.__eq__` compares two names under RFC 5280's rules (string preparation of every
    attribute, RDNs as sets): ~100 µs per pair, and pyhanko compares the issuer of every
    certificate of a CMS signature with the signer identifier, in each document. The outcome is
    a function of the two DER encodings: memoised on them (errors are not memoised). Anything
    but two plain `Name`s goes to the original."""
    if type(self) is not asn1_x509.Name or type(other) is not asn1_x509.Name:
        return _ORIGINAL_NAME_EQ(self, other)
    mine, theirs = _der(self), _der(other)
    if mine is None or theirs is None:
        return _ORIGINAL_NAME_EQ(self, other)
    key = (mine, theirs)
    result = _NAME_EQ.get(key)
    if result is None:
        result = _ORIGINAL_NAME_EQ(self, other)
        _NAME_EQ.put(key, result)
    return result


def _cached_name_hashable(self: Any) -> Any:
    """`Name.hashable` (the prepared form certvalidator's registries key names by), memoised
    on the name's DER encoding like `_cached_name_eq`."""
    der = _der(self) if type(self) is asn1_x509.Name else None
    if der is None:
        return _ORIGINAL_NAME_HASHABLE.fget(self)
    result = _NAME_HASHABLE.get(der)
    if result is None:
        result = _ORIGINAL_NAME_HASHABLE.fget(self)
        _NAME_HASHABLE.put(der, result)
    return result


@functools.lru_cache(maxsize=4096)
def _dotted_of(contents: bytes) -> str:
    oid = asn1_core.ObjectIdentifier()
    oid.contents = contents
    return str(_ORIGINAL_OID_DOTTED.fget(oid))


def _cached_oid_dotted(self: Any) -> Any:
    """`ObjectIdentifier.dotted` decodes the OID's bytes on every new object (a few hundred
    per document: every attribute, extension and algorithm identifier): a pure function of
    the contents, cached. The original then returns the value it would have computed."""
    if self._dotted is None and type(self.contents) is bytes:
        self._dotted = _dotted_of(self.contents)
    return _ORIGINAL_OID_DOTTED.fget(self)


_SPEED_PATCHES: tuple[tuple[Any, str, Any, Any], ...] = (
    (_pdf_generic, "read_hex_string_from_stream", _fast_hex_string, _ORIGINAL_READ_HEX_STRING),
    (_pdf_misc, "read_until_delimiter", _fast_read_until_delimiter,
     _ORIGINAL_READ_UNTIL_DELIMITER),
    (_pdf_generic, "read_until_delimiter", _fast_read_until_delimiter,
     _ORIGINAL_READ_UNTIL_DELIMITER),
    (_pdf_generic, "_decode_name", _fast_decode_name, _ORIGINAL_DECODE_NAME),
    (asn1_x509.NameTypeAndValue, "_ldap_string_prep", _cached_ldap_string_prep,
     _ORIGINAL_LDAP_STRING_PREP),
    (_pdf_misc, "read_non_whitespace", _fast_read_non_whitespace, _ORIGINAL_READ_NON_WHITESPACE),
    (_pdf_generic, "read_non_whitespace", _fast_read_non_whitespace,
     _ORIGINAL_READ_NON_WHITESPACE),
    (_pdf_generic.ArrayObject, "read_from_stream", _fast_read_array, _ORIGINAL_READ_ARRAY),
    (_pdf_generic, "_read_string_literal_bytes", _fast_string_literal,
     _ORIGINAL_READ_STRING_LITERAL),
    (asn1_x509.Name, "__eq__", _cached_name_eq, _ORIGINAL_NAME_EQ),
    (asn1_x509.Name, "hashable", _Property(_cached_name_hashable), _ORIGINAL_NAME_HASHABLE),
    (asn1_core.ObjectIdentifier, "dotted", _Property(_cached_oid_dotted), _ORIGINAL_OID_DOTTED),
)


def _put(owner: Any, attribute: str, func: Any) -> None:
    """setattr, keeping a class's staticmethod a staticmethod."""
    if isinstance(owner, type) and isinstance(vars(owner).get(attribute), staticmethod):
        func = staticmethod(func)
    setattr(owner, attribute, func)


def _current(owner: Any, attribute: str) -> Any:
    """What the place holds: for a class, its own attribute as stored (the property or the
    function of a staticmethod), else the attribute."""
    if isinstance(owner, type):
        held = vars(owner).get(attribute)
        return held.__func__ if isinstance(held, staticmethod) else held
    return getattr(owner, attribute)


def _install_speed_patches() -> None:
    """Idempotent: a place that holds anything but the original (an earlier install, by this
    or an earlier import of this module) is left alone."""
    for owner, attribute, fast, original in _SPEED_PATCHES:
        if _current(owner, attribute) is original:
            fast._qlvb_original = original
            _put(owner, attribute, fast)


@contextlib.contextmanager
def original_pyhanko_parsers() -> Iterator[None]:
    """For tests only: the library's original functions in place of every speed patch (the
    asn1crypto ones too) inside the block, the previous state restored after it."""
    saved = [(owner, attribute, _current(owner, attribute))
             for owner, attribute, _, _ in _SPEED_PATCHES]
    for owner, attribute, _, original in _SPEED_PATCHES:
        _put(owner, attribute, original)
    try:
        yield
    finally:
        for owner, attribute, current in saved:
            _put(owner, attribute, current)


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


def _describe(exc: BaseException) -> str:
    """An exception as a finding shows it: type and message, without memory addresses (the
    same damaged file gives the same report)."""
    text = re.sub(r" at 0x[0-9a-fA-F]+", "", str(exc))[:200]
    return f"{type(exc).__name__}: {text}"


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
                            _describe(exc))]
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
                            _describe(exc))]
    widgets = _widgets(pike)
    sigs: list[SignatureInfo] = []
    for emb in embedded:
        try:
            # a plain str: pyhanko's string objects keep their whole document alive (and a
            # finding that held one pickled to half a megabyte on its way out of a worker)
            name = str(emb.field_name)
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
