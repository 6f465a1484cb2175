"""The speed patches of conformance/pdf/model.py give exactly the library's results: the same
return value (type, value and attributes) or exception (type and arguments), and the same
stream position afterwards, as the original pyhanko / asn1crypto functions kept in model.py."""

from __future__ import annotations

import importlib.util
import io
import pickle
import sys
from collections.abc import Callable
from typing import Any

from asn1crypto import core as asn1_core
from asn1crypto import x509 as asn1_x509
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
                 model._ORIGINAL_LDAP_STRING_PREP: "asn1crypto.x509",
                 model._ORIGINAL_READ_NON_WHITESPACE: "pyhanko.pdf_utils.misc",
                 model._ORIGINAL_READ_ARRAY: "pyhanko.pdf_utils.generic",
                 model._ORIGINAL_READ_STRING_LITERAL: "pyhanko.pdf_utils.generic",
                 model._ORIGINAL_NAME_EQ: "asn1crypto.x509",
                 model._ORIGINAL_NAME_HASHABLE.fget: "asn1crypto.x509",
                 model._ORIGINAL_OID_DOTTED.fget: "asn1crypto.core"}
    for func, module in originals.items():
        assert func.__module__ == module and not hasattr(func, "_qlvb_original")
    assert type(model._ORIGINAL_NAME_HASHABLE) is property
    assert type(model._ORIGINAL_OID_DOTTED) is property
    # the staticmethod stays a staticmethod (callable on an instance too)
    assert isinstance(vars(generic.ArrayObject)["read_from_stream"], staticmethod)


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


# --- read_non_whitespace ------------------------------------------------------------------------

COMMENTS = st.sampled_from([b"%", b"%x\n", b"%\r\n", b"%%\n  ", b"% c\r", b"%>"])
nonwhite_input = st.tuples(
    st.binary(max_size=3),
    joined(st.sampled_from(WHITESPACE) | st.just(b"\x0b"), max_size=80)  # > one 64-byte block
    | st.integers(60, 140).map(lambda n: b" " * n),
    st.just(b"") | COMMENTS,
    joined(st.sampled_from(WHITESPACE), max_size=4),
    st.binary(max_size=4))


@FAST
@given(nonwhite_input, st.booleans(), st.booleans())
@example((b"", b"", b"", b"", b""), False, True)  # end of stream, allowed
@example((b"", b"", b"", b"", b""), False, False)  # end of stream, an error
@example((b"", b" " * 64, b"", b"", b"x"), True, False)  # the token just after the block
def test_read_non_whitespace(parts: tuple[bytes, ...], seek_back: bool, allow_eof: bool) -> None:
    prefix, *rest = parts
    data = prefix + b"".join(rest)

    def fast(stream: Any) -> Any:
        return model._fast_read_non_whitespace(stream, seek_back=seek_back, allow_eof=allow_eof)

    def original(stream: Any) -> Any:
        return model._ORIGINAL_READ_NON_WHITESPACE(stream, seek_back=seek_back,
                                                   allow_eof=allow_eof)

    assert read(fast, data, len(prefix)) == read(original, data, len(prefix))


# --- ArrayObject.read_from_stream ---------------------------------------------------------------


class Handler:
    strict = False

    def get_pdf_handler(self) -> Handler:
        return self

    def get_object(self, ref: Any) -> Any:  # pragma: no cover - not reached by arrays
        raise AssertionError("no indirect objects here")


HANDLER = Handler()


def array_outcome(reader: Callable[..., Any], data: bytes, mode: Any) -> tuple:
    stream = io.BytesIO(data)
    try:
        value = reader(stream, HANDLER, in_content_stream=mode)
    except Exception as exc:
        return "raised", type(exc), exc.args, stream.tell()
    return ("returned", type(value), value, [(type(v), v, getattr(v, "container_ref", None),
                                              getattr(v, "__dict__", None)) for v in value],
            stream.tell())


ARRAY_PIECES = st.sampled_from([
    b"0", b"12", b"-3", b"+4", b".5", b"-.25", b"777.832", b"1.2.3", b"1,5", b"1-2", b"+", b"-",
    b".", b"--1", b",5", b"00012", b"1e5", b"/a", b"/Name", b"/", b"/a#20b", b"/a#G1", b"/\xc3\xa9",
    b"/\x80", b"/a/b", b"12/a", b"R", b"1 0 R", b"2 0 R ", b"true", b"null", b"(s)", b"<41>",
    b"<</A 1>>", b"[1 2]", b"%c\n", b"\x0b", b"\x00", b"]", b"[", b"{", b"\xff", b"abc"]) \
    | st.sampled_from(WHITESPACE)
array_input = st.tuples(joined(ARRAY_PIECES | st.sampled_from([b" "] * 3), max_size=14),
                        st.sampled_from([b"]", b"]", b" ]", b""]), st.binary(max_size=4))
MODES = st.sampled_from(list(generic.ContentOpReading))


@FAST
@given(array_input, MODES)
@example((b"1 2 3.5 /A", b"]", b""), generic.ContentOpReading.NO)
@example((b"1 0 R 2", b"]", b">>"), generic.ContentOpReading.NO)  # a reference, after a number
@example((b" ", b"]", b""), generic.ContentOpReading.NO)  # whitespace only
@example((b"1 2", b"", b""), generic.ContentOpReading.NO)  # no end
def test_read_array(parts: tuple[bytes, bytes, bytes], mode: Any) -> None:
    body, close, tail = parts
    data = b"[" + body + close + tail
    assert array_outcome(model._fast_read_array, data, mode) == \
        array_outcome(model._ORIGINAL_READ_ARRAY, data, mode)


@settings(max_examples=10, deadline=None)
@given(st.lists(st.integers(-2000, 2000) | st.floats(0, 2000).map(lambda f: round(f, 4)),
                min_size=1, max_size=1200))
def test_read_long_number_array(numbers: list[float]) -> None:
    """/Widths-like arrays, also longer than one 4 KiB block (those go to the original)."""
    data = b"[ " + b" ".join(str(n).encode() for n in numbers) + b" ] 0 R"
    mode = generic.ContentOpReading.NO
    assert array_outcome(model._fast_read_array, data, mode) == \
        array_outcome(model._ORIGINAL_READ_ARRAY, data, mode)


def test_read_array_not_starting_with_a_bracket() -> None:
    for data in (b"", b"x", b" [1]"):
        mode = generic.ContentOpReading.NO
        assert array_outcome(model._fast_read_array, data, mode) == \
            array_outcome(model._ORIGINAL_READ_ARRAY, data, mode)


# --- _read_string_literal_bytes ------------------------------------------------------------------

STRING_PIECES = st.sampled_from([
    b"a", b"Hello", b" ", b"(", b")", b"()", b"(x)", b"\\", b"\\\\", b"\\(", b"\\)", b"\\n", b"\\r",
    b"\\t", b"\\b", b"\\f", b"\\ ", b"\\/", b"\\%", b"\\<", b"\\>", b"\\[", b"\\]", b"\\#", b"\\_",
    b"\\&", b"\\$", b"\\0", b"\\12", b"\\123", b"\\1234", b"\\377", b"\\400", b"\\777", b"\\8",
    b"\\19", b"\\9", b"\\376\\377", b"\\\n", b"\\\r", b"\\\r\n", b"\\\n\r", b"\\\n\n", b"\\\r)",
    b"\\x", b"\\q", b"\\\xc3", b"\xc3\xa9", b"\n", b"\r", b"\x00", b"%"]) | st.binary(max_size=2)


@FAST
@given(joined(STRING_PIECES, max_size=16), st.sampled_from([b")", b")", b"", b"))"]),
       st.binary(max_size=4))
@example(b"", b")", b"")
@example(b"\\", b")", b"")  # an escaped ')' then the end of the stream
@example(b"a\\", b"", b"")  # a backslash at the end of the stream
def test_read_string_literal(body: bytes, close: bytes, tail: bytes) -> None:
    data = b"(" + body + close + tail
    assert read(model._fast_string_literal, data, 0) == \
        read(model._ORIGINAL_READ_STRING_LITERAL, data, 0)


@settings(max_examples=10, deadline=None)
@given(st.integers(4000, 9000), st.sampled_from([b"a", b"\\101", b"(a)"]))
def test_read_long_string_literal(length: int, unit: bytes) -> None:
    """Longer than one 4 KiB block: the original reads it."""
    data = b"(" + unit * (length // len(unit)) + b") x"
    assert read(model._fast_string_literal, data, 0) == \
        read(model._ORIGINAL_READ_STRING_LITERAL, data, 0)


# --- asn1crypto Name comparison and hashable form, ObjectIdentifier.dotted --------------------

NAME_TEXT = st.sampled_from(["Nguyễn Văn A", "nguyễn  văn a", " NGUYỄN VĂN A ", "Bộ Nội vụ",
                             "BỘ NỘI VỤ", "VN", "vn", "Ban Cơ yếu Chính phủ (TEST)", "a\u05d0",
                             "\u05d0\u05d1", "\ufffd", "\ue000", "A\u0301", "x", ""]) \
    | st.text(max_size=8)
NAME_DICT = st.dictionaries(st.sampled_from(["common_name", "organization_name", "country_name",
                                             "organizational_unit_name", "locality_name",
                                             "serial_number", "email_address"]),
                            NAME_TEXT, max_size=4)


def build_name(spec: tuple[dict[str, str], bool, bool]) -> Any:
    """A Name built from a dict, as printable or UTF-8 strings, optionally parsed back from
    its DER (a parsed name is what pyhanko compares)."""
    values, printable, reparse = spec
    name = asn1_x509.Name.build(values, use_printable=printable)
    return asn1_x509.Name.load(name.dump()) if reparse else name


NAMES = st.tuples(NAME_DICT, st.booleans(), st.booleans())


def name_outcome(call: Callable[[], Any]) -> tuple:
    try:
        return "returned", call()
    except Exception as exc:
        return "raised", type(exc), exc.args


@FAST
@given(NAMES, NAMES)
@example(({"common_name": "Nguyễn Văn A"}, False, True), ({"common_name": "nguyễn văn a "},
                                                          True, True))
def test_name_eq_and_hashable(first: Any, second: Any) -> None:
    for a_spec, b_spec in ((first, second), (first, first), (second, first)):
        expected_eq = name_outcome(lambda a=a_spec, b=b_spec: model._ORIGINAL_NAME_EQ(
            build_name(a), build_name(b)))
        expected_hashable = name_outcome(
            lambda a=a_spec: model._ORIGINAL_NAME_HASHABLE.fget(build_name(a)))
        for _ in range(2):  # the second time from the memo
            assert name_outcome(lambda a=a_spec, b=b_spec: build_name(a) == build_name(b)) \
                == expected_eq
            assert name_outcome(lambda a=a_spec, b=b_spec: build_name(a) != build_name(b)) \
                == (("returned", not expected_eq[1]) if expected_eq[0] == "returned"
                    else expected_eq)
            assert name_outcome(lambda a=a_spec: build_name(a).hashable) == expected_hashable


def test_name_eq_with_other_types() -> None:
    name = asn1_x509.Name.build({"common_name": "A"})
    for other in (None, "A", 1, name.chosen, asn1_x509.GeneralName(name="directory_name",
                                                                   value=name)):
        assert (name == other) is model._ORIGINAL_NAME_EQ(name, other) is False


def test_name_memo_is_bounded() -> None:
    memo = model._Memo(3)
    for i in range(5):
        memo.put(i, str(i))
    assert list(memo.data) == [2, 3, 4]
    assert memo.get(2) == "2" and list(memo.data) == [3, 4, 2]  # most recent last
    memo.put(5, "5")
    assert list(memo.data) == [4, 2, 5] and memo.get(3) is None
    assert model._NAME_EQ.maxsize == model._NAME_HASHABLE.maxsize == 4096


def oid_outcome(contents: Any) -> tuple:
    oid = asn1_core.ObjectIdentifier()
    oid.contents = contents
    return name_outcome(lambda: oid.dotted)


def oid_original(contents: Any) -> tuple:
    oid = asn1_core.ObjectIdentifier()
    oid.contents = contents
    return name_outcome(lambda: model._ORIGINAL_OID_DOTTED.fget(oid))


@FAST
@given(st.binary(max_size=12) | st.sampled_from([b"\x55\x04\x03", b"\x2a\x86\x48\x86\xf7\x0d",
                                                  b"\x81\x00", b"\x80", b"\xff\xff"]))
def test_oid_dotted(contents: bytes) -> None:
    expected = oid_original(contents)
    assert oid_outcome(contents) == expected
    assert oid_outcome(contents) == expected  # from the cache


@FAST
@given(st.lists(st.integers(0, 2**40), min_size=2, max_size=6).map(
    lambda parts: [min(parts[0], 2), parts[1] % 40 if parts[0] < 2 else parts[1], *parts[2:]]))
def test_oid_dotted_round_trip(parts: list[int]) -> None:
    dotted = ".".join(map(str, parts))
    parsed = asn1_core.ObjectIdentifier.load(asn1_core.ObjectIdentifier(dotted).dump())
    assert parsed.dotted == dotted == model._ORIGINAL_OID_DOTTED.fget(
        asn1_core.ObjectIdentifier.load(parsed.dump()))


def test_oid_dotted_of_objects_without_contents() -> None:
    assert asn1_core.ObjectIdentifier("1.2.3").dotted == "1.2.3"
    assert oid_outcome(None) == oid_original(None)


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
    assert pickle.dumps(fast) == pickle.dumps(original)  # the same types too
