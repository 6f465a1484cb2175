"""Character encoding of Vietnamese text: precomposed Unicode (TCVN 6909:2001, NFC) and legacy
8-bit encodings (TCVN3/ABC, VNI) that reached the system as Windows-1252 / Latin-1 mojibake.

Detection of a legacy encoding works word by word: each word that can be turned back into bytes
(through Windows-1252, or Latin-1 for C1 controls) is decoded with the encoding's table
(conformance/data/legacy_encodings.toml). A word counts for the encoding when it is not a
Vietnamese syllable as it stands but becomes one when decoded (`ViÖt` → `Việt`). Correct Unicode
Vietnamese (`Việt`, `có`, `hoà`) and Western words (`café`, `très`) do not count, so ordinary text
passes; an encoding is reported only when such words dominate and at least one is unambiguous.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from conformance.checks import covers
from conformance.datafiles import DataFileError, read_toml
from conformance.findings import Finding, Location, Status, Text, finding
from conformance.identifiers._common import as_text, describe_char, shorten
from conformance.resources import data_path

LEGACY_PATH = data_path("legacy_encodings.toml")
TCVN3 = "TCVN3"
VNI = "VNI"
MAX_WORDS = 20_000  # words examined for legacy detection; enough to decide, bounded for huge text

# --- bytes seen through Windows-1252 -----------------------------------------------------------


def _cp1252_reverse() -> dict[str, int]:
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            table[chr(byte)] = byte  # undefined in cp1252: Latin-1 reading (a C1 control)
    for byte in range(0x80, 0xA0):
        table.setdefault(chr(byte), byte)  # Latin-1 reading of the C1 range
    return table


_TO_BYTE = _cp1252_reverse()

Unit = int | str  # a byte, or a character that no 8-bit reading produces


def _units(text: str) -> list[Unit]:
    return [ord(c) if ord(c) < 0x80 else _TO_BYTE.get(c, c) for c in text]


# --- the encodings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LegacyEncoding:
    key: str
    name: Text
    single: dict[int, str]
    pairs: dict[tuple[int, int], str]

    def decode_units(self, units: list[Unit], text: str) -> tuple[str, list[int]]:
        """Decode the units of `text` (one per character); also return the modifier bytes of
        the pairs that were used. Bytes the encoding does not map stay as they were."""
        out: list[str] = []
        modifiers: list[int] = []
        i, n = 0, len(units)
        while i < n:
            unit = units[i]
            if isinstance(unit, str):
                out.append(unit)
                i += 1
                continue
            nxt = units[i + 1] if i + 1 < n else None
            if isinstance(nxt, int) and (unit, nxt) in self.pairs:
                out.append(self.pairs[(unit, nxt)])
                modifiers.append(nxt)
                i += 2
                continue
            out.append(self.single.get(unit, text[i]))
            i += 1
        return unicodedata.normalize("NFC", "".join(out)), modifiers

    def decode(self, text: str) -> str:
        return self.decode_units(_units(text), text)[0]


def _hex_bytes(path: Path, key: str, raw: str) -> list[int]:
    try:
        values = [int(part, 16) for part in raw.split()]
    except ValueError:
        values = []
    if not values or not all(0 <= v <= 0xFF for v in values):
        raise DataFileError(path, f"giá trị byte không hợp lệ '{raw}'",
                            f"invalid byte value '{raw}'", key=key)
    return values


def _table(data: dict[str, Any], path: Path, key: str) -> tuple[Text, dict[str, Any]]:
    section = data.get(key)
    if not isinstance(section, dict):
        raise DataFileError(path, f"thiếu bảng [{key}]", f"missing [{key}] table", key=key)
    name = Text(str(section.get("name_vi", key)), str(section.get("name_en", key)))
    return name, section


# TCVN3 bytes that read as Windows-1252 symbols, or as capitals inside a lower-case word, are
# never part of ordinary Western words: one such word is enough evidence.
_TCVN3_SYMBOL_BYTES = frozenset([*range(0xA1, 0xAF), *range(0xB5, 0xBA), *range(0xBB, 0xBF),
                                 0xD7, 0xF7])
# VNI modifier bytes that also follow vowels in French or German words (où, goût, naïf, Noël).
_VNI_AMBIGUOUS = frozenset([0xF9, 0xFB, 0xEF, 0xEB, 0xD9, 0xDB, 0xCF, 0xCB])
# VNI one-byte letters that change when decoded (đ ơ ư ỉ ĩ ị ỵ and capitals); í and ì decode to
# themselves. A word that only becomes a syllable through one of them is good evidence.
_VNI_SINGLE_LETTERS = frozenset([0xF1, 0xF4, 0xF6, 0xE6, 0xF3, 0xF2, 0xEE,
                                 0xD1, 0xD4, 0xD6, 0xC6, 0xD3, 0xD2, 0xCE])


def load_encodings(path: Path | str = LEGACY_PATH) -> dict[str, LegacyEncoding]:
    p = Path(path)
    data, _ = read_toml(p)
    name, section = _table(data, p, "tcvn3")
    single: dict[int, str] = {}
    for key, char in dict(section.get("bytes", {})).items():
        single[_hex_bytes(p, f"tcvn3.bytes.{key}", key)[0]] = str(char)
    tcvn3 = LegacyEncoding(TCVN3, name, single, {})
    name, section = _table(data, p, "vni")
    vni_single: dict[int, str] = {}
    pairs: dict[tuple[int, int], str] = {}
    for char, raw in dict(section.get("sequences", {})).items():
        seq = _hex_bytes(p, f"vni.sequences.{char}", str(raw))
        if len(seq) == 1:
            vni_single[seq[0]] = char
        elif len(seq) == 2:
            pairs[(seq[0], seq[1])] = char
        else:
            raise DataFileError(p, f"chuỗi byte quá dài cho '{char}'",
                                f"byte sequence too long for '{char}'", key=f"vni.{char}")
    vni = LegacyEncoding(VNI, name, vni_single, pairs)
    return {TCVN3: tcvn3, VNI: vni}


@cache
def encodings() -> dict[str, LegacyEncoding]:
    """The shipped legacy encodings, loaded once."""
    return load_encodings()


# --- Vietnamese syllables ----------------------------------------------------------------------

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_STOP_TONES = {"\u0301", "\u0323"}  # a syllable ending in c, ch, p, t has sắc or nặng
_LETTERS = set("abcdđeghiklmnopqrstuvxyăâêôơư")
_INITIALS = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx]"
_OPEN = ("iêu|oai|oay|oeo|uây|uôi|ươi|ươu|yêu|uya|uyu|oao|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|"
         "ơi|ua|ui|ưa|ưi|ưu")
_FREE = "oa|oe|uê|uy|oo|uơ|a|e|ê|i|o|ô|ơ|u|ư|y"
_CLOSED = "uyê|iê|yê|uô|ươ|oă|uâ|ă|â"
_FINALS = "ch|nh|ng|[cmnpt]"
_SYLLABLE_RE = re.compile(
    rf"(?P<initial>{_INITIALS})?(?:(?P<open>{_OPEN})|(?P<free>{_FREE})(?P<f1>{_FINALS})?|"
    rf"(?P<closed>{_CLOSED})(?P<f2>{_FINALS}))"
)
_FRONT = set("eêiy")
_VIET_ONLY = set("ăđĩũơưĂĐĨŨƠƯ") | {chr(c) for c in range(0x1EA0, 0x1EFA)}
_EDGE_PUNCT = string.punctuation + "“”‘’…–—"  # not « » (TCVN3 ô, ằ)


def is_syllable(word: str) -> bool:
    """True when `word` can be one Vietnamese syllable (spelling rules, at most one tone, stop
    finals with sắc or nặng only)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONES]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    if len(tones) > 1 or not base or not set(base) <= _LETTERS:
        return False
    m = _SYLLABLE_RE.fullmatch(base)
    if not m:
        return False
    final = m.group("f1") or m.group("f2") or ""
    if final in ("c", "ch", "p", "t") and (not tones or tones[0] not in _STOP_TONES):
        return False
    nucleus = m.group("free") or m.group("closed") or m.group("open")
    if not _final_fits(nucleus, final):
        return False
    return _initial_fits(m.group("initial") or "", base[len(m.group("initial") or ""):])


_PALATAL_NUCLEI = {"a", "ê", "i", "y", "oa", "uy", "uê"}


def _final_fits(nucleus: str, final: str) -> bool:
    """-nh and -ch follow only a, ê, i, y, oa, uy, uê (anh, ếch, ích, oanh, huỳnh, khuếch);
    those of them without a never take -ng or -c (no *ing, *êng, *ic; but hoàng, khoác)."""
    if final in ("nh", "ch"):
        return nucleus in _PALATAL_NUCLEI
    if final in ("ng", "c"):
        return "a" in nucleus or nucleus not in _PALATAL_NUCLEI
    return True


def _initial_fits(initial: str, rest: str) -> bool:
    front = rest[:1] in _FRONT
    if initial in ("k", "gh", "ngh"):
        return front
    return not (initial == "c" and front)


# --- detection ---------------------------------------------------------------------------------


@dataclass
class _Tally:
    encoding: LegacyEncoding
    evidence: int = 0
    strong: int = 0
    contra: int = 0
    examples: list[tuple[str, str]] = field(default_factory=list)

    def dominant(self, unicode_words: int) -> bool:
        """Evidence outweighs the words this reading leaves unexplained and the words that are
        already correct Unicode."""
        return (self.evidence >= 1 and self.evidence >= 4 * self.contra
                and self.evidence >= unicode_words)


def _words(text: str) -> Iterable[str]:
    for n, raw in enumerate(text.split()):
        if n >= MAX_WORDS:
            return
        word = raw.strip(_EDGE_PUNCT)
        if word and not any(c.isdigit() for c in word):
            yield word


def _tcvn3_strong(word: str) -> bool:
    units = _units(word)
    if any(isinstance(u, int) and u in _TCVN3_SYMBOL_BYTES for u in units):
        return True
    # a TCVN3 lower-case vowel read as a Latin-1 capital right after a lower-case letter: ViÖt
    return any(a.islower() and b.isupper() and ord(b) >= 0xC0
               for a, b in itertools.pairwise(word))


def _score(tally: _Tally, word: str, units: list[Unit]) -> None:
    decoded, modifiers = tally.encoding.decode_units(units, word)
    if not is_syllable(decoded):
        tally.contra += 1  # this reading leaves the word unexplained
        return
    if decoded == word or is_syllable(word):
        return  # reads as Vietnamese either way: no evidence
    tally.evidence += 1
    if len(tally.examples) < 5:
        tally.examples.append((word, decoded))
    if tally.encoding.key == TCVN3:
        tally.strong += _tcvn3_strong(word)
    else:
        tally.strong += any(m not in _VNI_AMBIGUOUS for m in modifiers) or any(
            isinstance(u, int) and u in _VNI_SINGLE_LETTERS for u in units)


def _tally(text: str) -> tuple[list[_Tally], int]:
    tallies = [_Tally(enc) for enc in encodings().values()]
    unicode_words = 0
    for word in _words(text):
        if any(c in _VIET_ONLY for c in word):
            unicode_words += 1
            continue
        units = _units(word)
        if word.isascii() or any(isinstance(u, str) for u in units):
            continue
        for tally in tallies:
            _score(tally, word, units)
    return tallies, unicode_words


def _detect(text: str) -> _Tally | None:
    """The legacy encoding the text is in, if any. An encoding needs dominant evidence with at
    least one unambiguous word; TCVN3 text whose words are all ambiguous (e.g. "Céng héi chñ")
    is accepted on three or more words when the VNI reading explains none of them."""
    tallies, unicode_words = _tally(unicodedata.normalize("NFC", text))
    dominant = [t for t in tallies if t.dominant(unicode_words)]
    strong = [t for t in dominant if t.strong >= 1]
    if strong:
        return max(strong, key=lambda t: (t.evidence - t.contra, t.strong))
    for tally in dominant:
        others = [t for t in tallies if t is not tally]
        if (tally.encoding.key == TCVN3 and tally.evidence >= 3
                and all(t.evidence == 0 for t in others)):
            return tally
    return None


def decode_legacy(text: str) -> tuple[str, str] | None:
    """(encoding, decoded text) when `text` looks like TCVN3 or VNI read as Windows-1252 or
    Latin-1, e.g. ("TCVN3", "Cộng hoà …") for "Céng hoµ …"; None otherwise."""
    s = as_text(text)
    if not s:
        return None
    tally = _detect(s)
    if tally is None:
        return None
    return tally.encoding.key, tally.encoding.decode(unicodedata.normalize("NFC", s))


# --- findings ----------------------------------------------------------------------------------


def _first_difference(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))


def _sequence_at(text: str, pos: int) -> str:
    """The character at `pos` with the combining marks after it, shown composed and as code
    points, e.g. "'ệ' = U+0065 U+0323 U+0302"."""
    end = pos + 1
    while end < len(text) and end - pos < 6 and unicodedata.combining(text[end]):
        end += 1
    seq = text[pos:end]
    if not seq:
        return ""
    points = " ".join(f"U+{ord(c):04X}" for c in seq)
    composed = unicodedata.normalize("NFC", seq)
    return f"'{composed}' = {points}" if composed.isprintable() else describe_char(seq[0])


def _nfc_finding(text: str, location: Location | None) -> Finding:
    nfc = unicodedata.normalize("NFC", text)
    if nfc == text:
        return finding("TCVN6909-NFC", Status.PASS, "Văn bản dùng Unicode dựng sẵn (NFC)",
                       "The text uses precomposed Unicode (NFC)", location=location)
    pos = _first_difference(text, nfc)
    start = max(0, pos - 20)
    snippet = text[start:pos + 20]
    char = _sequence_at(text, pos)
    return finding(
        "TCVN6909-NFC", Status.FAIL,
        f"Văn bản chưa chuẩn hóa NFC (chữ viết bằng ký tự tổ hợp), lần đầu ở vị trí {pos}: "
        f"{char}",
        f"The text is not NFC (letters written with combining characters), first at position "
        f"{pos}: {char}",
        expected=shorten(nfc[start:start + len(snippet)]), found=snippet, location=location,
        evidence={"position": pos, "character": char, "normalized": shorten(nfc, 500),
                  "normalized_length": len(nfc), "length": len(text)},
    )


def _legacy_finding(text: str, location: Location | None) -> Finding:
    nfc = unicodedata.normalize("NFC", text)
    tally = _detect(nfc)
    if tally is None:
        return finding("DN35-9.1b", Status.PASS,
                       "Không thấy dấu hiệu dùng bảng mã cũ (TCVN3, VNI)",
                       "No sign of a legacy encoding (TCVN3, VNI)", location=location)
    enc = tally.encoding
    decoded = enc.decode(nfc)
    words = ", ".join(f"'{w}' → '{d}'" for w, d in tally.examples[:3])
    return finding(
        "DN35-9.1b", Status.FAIL,
        f"Văn bản dùng bảng mã cũ {enc.name.vi} (đọc nhầm thành Windows-1252), không phải "
        f"Unicode TCVN 6909:2001; ví dụ {words}",
        f"The text is in the legacy {enc.name.en} encoding (read as Windows-1252), not TCVN "
        f"6909:2001 Unicode; e.g. {words}",
        expected=shorten(decoded), found=shorten(text), location=location,
        evidence={"encoding": enc.key, "encoding_name": enc.name.vi,
                  "decoded_sample": shorten(decoded, 200),
                  "words": [list(pair) for pair in tally.examples],
                  "evidence_words": tally.evidence, "contrary_words": tally.contra},
    )


def _read(value: object) -> tuple[str | None, bool]:
    """The text and whether it came as bytes that are not UTF-8 (then read as Latin-1)."""
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode("utf-8"), False
        except UnicodeDecodeError:
            return bytes(value).decode("latin-1"), True
    return as_text(value), False


def _not_utf8_finding(text: str, location: Location | None) -> Finding:
    return finding("DN35-9.1b", Status.FAIL,
                   "Dữ liệu văn bản không phải UTF-8 (không phải Unicode TCVN 6909:2001)",
                   "The text bytes are not UTF-8 (not TCVN 6909:2001 Unicode)",
                   expected="UTF-8", found=shorten(text), location=location)


@covers("TCVN6909-NFC", "DN35-9.1b")
def check_text(value: str, *, location: Location | None = None) -> list[Finding]:
    """Check that Vietnamese text is precomposed Unicode and not in a legacy 8-bit encoding.

    Takes a string (or raw bytes: UTF-8 is expected; other bytes are examined as 8-bit text).
    """
    text, not_utf8 = _read(value)
    if text is None:
        return [
            finding("TCVN6909-NFC", Status.NOT_APPLICABLE, "Không có văn bản để kiểm tra",
                    "No text to check", location=location),
            finding("DN35-9.1b", Status.NOT_APPLICABLE, "Không có văn bản để kiểm tra",
                    "No text to check", location=location),
        ]
    legacy = _legacy_finding(text, location)
    if not_utf8 and legacy.status is Status.PASS:
        legacy = _not_utf8_finding(text, location)
    return [_nfc_finding(text, location), legacy]
