"""The speed patches of conformance/pdf/model.py give exactly the library's results: the same
return value (type, value and attributes) or exception (type and arguments), and the same
stream position afterwards, as the original pyhanko / asn1crypto functions kept in model.py."""

from __future__ import annotations

import importlib.util
import io
import sys
from collections.abc import Callable
from typing import Any

from asn1crypto.x509 import NameTypeAndValue
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils import generic, misc

from conformance.fixtures_gen.pki import default_pki
from conformance.fixtures_gen.signing import sign_main
from conformance.pdf import model
from conformance.pdf.validate import validate_pdf

WHITESPACE = [bytes([b]) for b in misc.PDF_WHITESPACE]
DELIMITERS = [bytes([b]) for b in misc.PDF_DELIMITERS]
HEX = [bytes([b]) for b in generic.HEX_DIGITS]
FAST = settings(max_examples=300, deadline=None)


def outcome(call: Callable[[], Any]) -> tuple:
    try:
        value = call()
    except Exception as exc:
        return "raised", type(exc), exc.args
    return "returned", type(value), value, getattr(value, "__dict__", None)


def read(reader: Callable[[Any], Any], data: bytes, start: int) -> tuple:
    stream = io.BytesIO(data)
    stream.seek(start)
    return outcome(lambda: reader(stream)), stream.tell()


def joined(pieces: st.SearchStrategy[bytes], **kwargs: Any) -> st.SearchStrategy[bytes]:
    return st.lists(pieces, **kwargs).map(b"".join)


# --- installation -----------------------------------------------------------------------------

def current_state() -> list[Any]:
    return [getattr(owner, attr) for owner, attr, _, _ in model._SPEED_PATCHES]


def test_patches_are_installed_and_the_originals_are_the_libraries_own() -> None:
    assert current_state() == [fast for _, _, fast, _ in model._SPEED_PATCHES]
    originals = {model._ORIGINAL_READ_HEX_STRING: "pyhanko.pdf_utils.generic",
                 model._ORIGINAL_READ_UNTIL_DELIMITER: "pyhanko.pdf_utils.misc",
                 model._ORIGINAL_DECODE_NAME: "pyhanko.pdf_utils.generic",
                 model._ORIGINAL_LDAP_STRING_PREP: "asn1crypto.x509"}
    for func, module in originals.items():
        assert func.__module__ == module and not hasattr(func, "_qlvb_original")


def test_a_second_import_finds_the_originals_and_patches_nothing_twice(monkeypatch) -> None:
    before = current_state()
    spec = importlib.util.spec_from_file_location("qlvb_model_again", model.__file__)
    assert spec is not None and spec.loader is not None
    again = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, again)
    spec.loader.exec_module(again)  # runs its install against the already patched library
    assert [p[3] for p in again._SPEED_PATCHES] == [p[3] for p in model._SPEED_PATCHES]
    model._install_speed_patches()
    again._install_speed_patches()
    assert current_state() == before


def test_original_parsers_swaps_the_originals_in_and_back() -> None:
    before = current_state()
    with model.original_pyhanko_parsers():
        assert current_state() == [original for _, _, _, original in model._SPEED_PATCHES]
    assert current_state() == before


# --- read_hex_string_from_stream --------------------------------------------------------------

NOISE = st.sampled_from([b"%", b"%c>\n", b"%>", b"G", b"g", b"<", b")", b"\x80", b"\xff"]) \
    | st.binary(min_size=1, max_size=3)
hex_body = joined(st.sampled_from(HEX + WHITESPACE), max_size=60)
hex_input = st.tuples(st.binary(max_size=3), hex_body, st.just(b"") | NOISE, hex_body,
                      st.sampled_from([b">", b">", b""]), st.binary(max_size=6))


@FAST
@given(hex_input)
@example((b"", b"41", b"%x>\n", b"42", b">", b""))  # '%' starts a comment for pyhanko
@example((b"", b"FEFF00", b"", b"41", b">", b"x"))  # UTF-16 BOM: a TextStringObject
@example((b"", b"", b"", b"", b"", b""))  # empty stream
def test_hex_string(parts: tuple[bytes, ...]) -> None:
    prefix, *rest = parts
    data = prefix + b"<" + b"".join(rest)
    assert read(model._fast_hex_string, data, len(prefix)) == \
        read(model._ORIGINAL_READ_HEX_STRING, data, len(prefix))


@settings(max_examples=15, deadline=None)
@given(unit=joined(st.sampled_from(HEX + WHITESPACE), min_size=1, max_size=8),
       length=st.integers(16_000, 33_000), close=st.sampled_from([b">", b""]))
@example(unit=b"a", length=16_383, close=b">")  # '>' last byte of the first 16 KiB block
@example(unit=b"a", length=16_384, close=b">")  # '>' first byte of the second block
def test_long_hex_string(unit: bytes, length: int, close: bytes) -> None:
    data = b"<" + (unit * (length // len(unit) + 1))[:length] + close + b" 0 R"
    assert read(model._fast_hex_string, data, 0) == \
        read(model._ORIGINAL_READ_HEX_STRING, data, 0)


# --- read_until_delimiter ---------------------------------------------------------------------

REGULAR = st.sampled_from([b"a", b"Z", b"0", b".", b"-", b"#", b"\x7f", b"\x80", b"\xff"])
delimiter_input = st.tuples(
    st.binary(max_size=3),
    joined(REGULAR, max_size=20) | st.integers(0, 600).map(lambda n: b"x" * n),  # > 256 block
    st.sampled_from([*DELIMITERS, *WHITESPACE, b""]),
    st.just(b"") | st.binary(max_size=6))


@FAST
@given(delimiter_input)
def test_read_until_delimiter(parts: tuple[bytes, ...]) -> None:
    prefix, *rest = parts
    data = prefix + b"".join(rest)
    assert read(model._fast_read_until_delimiter, data, len(prefix)) == \
        read(model._ORIGINAL_READ_UNTIL_DELIMITER, data, len(prefix))


def test_read_until_delimiter_on_every_byte() -> None:
    for byte in range(256):
        for data in (b"ab" + bytes([byte]) + b"cd", bytes([byte])):
            assert read(model._fast_read_until_delimiter, data, 0) == \
                read(model._ORIGINAL_READ_UNTIL_DELIMITER, data, 0), (byte, data)


# --- _decode_name -----------------------------------------------------------------------------

NAME_PIECES = st.sampled_from([b"A", b"z", b"0", b".", b"~", b"!", b"#", b"#20", b"#2F", b"#2f",
                               b"#C3#A9", b"#c3", b"#G1", b"#4", b"#00", b"\xc3\xa9", b"\x80",
                               b"\xff", b"\x7f", *WHITESPACE, *DELIMITERS]) \
    | st.binary(max_size=2)
name_bytes = joined(NAME_PIECES, max_size=12) \
    | st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E)).map(str.encode)


@FAST
@given(name_bytes)
@example(b"")
@example(b"Type")
def test_decode_name(name: bytes) -> None:
    assert outcome(lambda: model._fast_decode_name(name)) == \
        outcome(lambda: model._ORIGINAL_DECODE_NAME(name))


def test_decode_name_on_every_byte() -> None:
    for byte in range(256):
        name = b"A" + bytes([byte])
        assert outcome(lambda n=name: model._fast_decode_name(n)) == \
            outcome(lambda n=name: model._ORIGINAL_DECODE_NAME(n)), name


# --- asn1crypto name preparation (RFC 4518), cached -------------------------------------------

SPECIAL_TEXT = st.sampled_from(["", "  Nguyễn   Văn  A ", "CÔNG TY\u00adABC", "\u05d0\u05d1",
                                "a\u05d0", "\u0627b\u0628", "\ufb01", "\u200b\u2003x", "\ufffd",
                                "\ue000", "\u0378", "A\u0301", "\U0001d173", "\t\n"])


@FAST
@given(st.text(max_size=20) | SPECIAL_TEXT | st.binary(max_size=4))
def test_ldap_string_prep_cache(string: Any) -> None:
    expected = outcome(lambda: model._ORIGINAL_LDAP_STRING_PREP(NameTypeAndValue(), string))
    for _ in range(2):  # the second call comes from the cache
        assert outcome(lambda: NameTypeAndValue()._ldap_string_prep(string)) == expected


def test_ldap_string_prep_cache_is_a_bounded_lru() -> None:
    cache = model._ldap_string_prep_cache
    maxsize = cache.cache_parameters()["maxsize"]
    assert maxsize == 4096
    cache.cache_clear()
    prep = NameTypeAndValue()._ldap_string_prep
    for i in range(maxsize + 10):
        prep(f"name {i}")
    assert cache.cache_info().currsize == maxsize
    prep(f"name {maxsize + 9}")  # most recent: kept
    assert cache.cache_info().hits == 1
    prep("name 0")  # least recent: evicted
    assert cache.cache_info().misses == maxsize + 11


# --- end to end -------------------------------------------------------------------------------

def test_validate_pdf_gives_the_same_findings_with_the_original_parsers() -> None:
    pki = default_pki()
    doc = sign_main(pki)

    def validate() -> list:
        return validate_pdf(doc.pdf, role=doc.role, profile=doc.profile_id,
                            trust_roots=pki.trust_roots, crls=pki.crls_der(), file="main.pdf")

    fast = validate()
    with model.original_pyhanko_parsers():
        original = validate()
    assert fast and fast == original
