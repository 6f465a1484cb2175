"""Text encoding: Unicode NFC (TCVN 6909:2001) and legacy TCVN3 / VNI detection (DN35-9.1b)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.checks import coverage
from conformance.findings import Finding, Location, Severity, Status
from conformance.identifiers.text import check_text, decode_legacy, encodings, is_syllable
from conformance.rules import catalog

FAST = settings(max_examples=120, deadline=None)

_WORD_TEXT = """cộng hòa hoà xã hội chủ nghĩa việt nam độc lập tự do hạnh phúc ủy ban nhân dân tỉnh
thành phố huyện quận phường thị trấn văn phòng chính phủ bộ nội vụ tài quyết định nghị thông tư
báo cáo tờ trình kế hoạch hướng dẫn giấy mời biên bản hợp đồng về việc ban hành quy chế làm của
các những được trong năm tháng ngày số ký hiệu nơi nhận lưu như trên gửi kính đề đồng chí giám
đốc sở khoa học công nghệ giáo dục đào tạo y tế xây dựng giao vận tải nông nghiệp môi trường
nguyên lao động binh văn hóa thể thao du lịch ngoại quốc an pháp kiểm tra tổ chức cán người
doanh thủ tục dịch trực tuyến điện tử chữ ký bảo mật toàn tin hệ thống quản lý điều liên gói
trục gia khẩn thượng hỏa tốc tuyệt đối với theo đã sẽ đang cần phải không có là và hoặc nhưng
nếu thì để cho từ đến tại dưới sau trước giữa ngoài nhiều ít mới cũ lớn nhỏ cao thấp nhanh chậm
đúng sai tốt xấu đẹp khuya nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương
thủy thuý quỳnh khuyến khích uống rượu cười mười tươi bưởi hươu yêu chiều kiểu giường miệng
luyện chuyện thuyền quyền huyền tuyết nguyệt khuyết"""
WORDS = _WORD_TEXT.split()

TCVN3_EXAMPLE = "Céng hoµ x· héi chñ nghÜa ViÖt Nam"
VNI_EXAMPLE = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"
UNICODE_EXAMPLE = "Cộng hòa xã hội chủ nghĩa Việt Nam"

WESTERN = [
    "The quick brown fox jumps over the lazy dog.",
    "Le café crème à la française, élève où déjà vu",
    "Où est le goût du café ? Je ne sais pas où il est.",
    "Noël à Paris: naïve résumé, coût et août, très bien, à bientôt",
    "Müller ist schön, für die Bär spät in der Straße.",
    "El niño está en la montaña; año, señor, mañana, José y María.",
    "São Paulo não é Lisboa; coração, irmã, pão.",
    "Copyright © 2020 Acme® — 25°C ± 2, 50% off, x² + y²",
    "Smörgåsbord, Ærø, Øresund, Åland",
]

VIETNAMESE = [
    UNICODE_EXAMPLE,
    "Độc lập - Tự do - Hạnh phúc",
    "Hà Nội, ngày 05 tháng 01 năm 2020",
    "Cô ấy có ở nhà không? Tân có là và hoà, thuý quá",
    "Công văn về việc góp ý dự thảo Quyết định ban hành quy chế",
    "Kính gửi: Ủy ban nhân dân tỉnh Đắk Nông",
    "V/v nâng bậc lương năm 2019",
]


def by_rule(findings: list[Finding]) -> dict[str, Finding]:
    assert [f.rule_id for f in findings] == ["TCVN6909-NFC", "DN35-9.1b"]
    for f in findings:
        assert f.rule_id in catalog()
        assert f.message.vi.strip() and f.message.en.strip()
    return {f.rule_id: f for f in findings}


# --- test-side encoders, built from the same data tables ----------------------------------------


def encode_tcvn3(text: str) -> str:
    reverse = {char: byte for byte, char in encodings()["TCVN3"].single.items()}
    return bytes(reverse[c] if c in reverse else ord(c) for c in text).decode("cp1252")


def encode_vni(text: str) -> str:
    enc = encodings()["VNI"]
    reverse: dict[str, list[int]] = {c: [b] for b, c in enc.single.items()}
    reverse.update({c: list(pair) for pair, c in enc.pairs.items()})
    out: list[int] = []
    for c in text:
        out.extend(reverse.get(c, [ord(c)]))
    return bytes(out).decode("cp1252")


def test_tables() -> None:
    tcvn3 = encodings()["TCVN3"].single
    spot = {0xB5: "à", 0xB8: "á", 0xB6: "ả", 0xB7: "ã", 0xB9: "ạ", 0xA8: "ă", 0xA9: "â",
            0xAE: "đ", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xA1: "Ă", 0xA2: "Â",
            0xA7: "Đ", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xE9: "ộ", 0xD6: "ệ",
            0xDC: "ĩ", 0xF1: "ủ", 0xFE: "ỵ", 0xBB: "ằ"}
    for byte, char in spot.items():
        assert tcvn3[byte] == char
    lower = {c for c in tcvn3.values() if c.islower()}
    assert len(lower) == 67  # 12 vowels × 5 tones + 6 toneless (ă â ê ô ơ ư) + đ
    vni = encodings()["VNI"]
    assert len(vni.single) + len(vni.pairs) == 134
    assert encode_vni(UNICODE_EXAMPLE) == VNI_EXAMPLE
    assert encode_tcvn3("Cộng hoà xã hội chủ nghĩa Việt Nam") == TCVN3_EXAMPLE


def test_word_list_is_syllables() -> None:
    assert [w for w in WORDS if not is_syllable(w)] == []
    for word in ("café", "goût", "hoc", "ce", "kaa", "gha", "x", "2020", ""):
        assert not is_syllable(word)


# --- legacy encodings --------------------------------------------------------------------------


def test_tcvn3_example() -> None:
    assert decode_legacy(TCVN3_EXAMPLE) == ("TCVN3", "Cộng hoà xã hội chủ nghĩa Việt Nam")
    findings = by_rule(check_text(TCVN3_EXAMPLE, location=Location(field="Subject")))
    legacy = findings["DN35-9.1b"]
    assert legacy.status is Status.FAIL and legacy.severity is Severity.ERROR
    assert legacy.evidence["encoding"] == "TCVN3"
    assert legacy.evidence["decoded_sample"].startswith("Cộng hoà")
    assert "TCVN3" in legacy.message.vi and legacy.location.field == "Subject"
    assert findings["TCVN6909-NFC"].status is Status.PASS


def test_vni_example() -> None:
    assert decode_legacy(VNI_EXAMPLE) == ("VNI", UNICODE_EXAMPLE)
    legacy = by_rule(check_text(VNI_EXAMPLE))["DN35-9.1b"]
    assert legacy.status is Status.FAIL and legacy.evidence["encoding"] == "VNI"
    assert legacy.expected == UNICODE_EXAMPLE


@pytest.mark.parametrize(
    ("text", "encoding", "decoded"),
    [("UBND tØnh Qu¶ng Ninh", "TCVN3", "UBND tỉnh Quảng Ninh"),
     ("Tr\u00adêng §¹i häc", "TCVN3", "Trường Đại học"),
     ("Tröôøng Ñaïi hoïc", "VNI", "Trường Đại học"),
     ("Quyeát ñònh ban haønh quy cheá", "VNI", "Quyết định ban hành quy chế")],
)
def test_short_legacy_phrases(text: str, encoding: str, decoded: str) -> None:
    assert decode_legacy(text) == (encoding, decoded)


def test_legacy_bytes_are_read_as_8_bit() -> None:
    raw = TCVN3_EXAMPLE.encode("cp1252")
    legacy = by_rule(check_text(raw))["DN35-9.1b"]  # type: ignore[arg-type]
    assert legacy.status is Status.FAIL and legacy.evidence["encoding"] == "TCVN3"
    other = by_rule(check_text(b"\xff\xfe plain"))["DN35-9.1b"]  # type: ignore[arg-type]
    assert other.status is Status.FAIL and "UTF-8" in other.message.vi
    ok = by_rule(check_text(UNICODE_EXAMPLE.encode("utf-8")))  # type: ignore[arg-type]
    assert all(f.status is Status.PASS for f in ok.values())


@pytest.mark.parametrize("text", VIETNAMESE + WESTERN + ["", "abc", "UBND", "2020"])
def test_no_false_positives(text: str) -> None:
    assert decode_legacy(text) is None
    findings = by_rule(check_text(text))
    assert findings["DN35-9.1b"].status is Status.PASS


# --- NFC -----------------------------------------------------------------------------------------


def test_nfd_text_is_a_warning_with_position() -> None:
    text = "Cộng hòa " + unicodedata.normalize("NFD", "Việt Nam")
    nfc = by_rule(check_text(text))["TCVN6909-NFC"]
    assert nfc.status is Status.FAIL and nfc.severity is Severity.WARNING
    assert nfc.evidence["position"] == 11
    assert nfc.evidence["normalized"] == "Cộng hòa Việt Nam"
    assert "U+0323" in nfc.message.vi


def test_nfc_text_passes() -> None:
    for text in VIETNAMESE:
        assert by_rule(check_text(text))["TCVN6909-NFC"].status is Status.PASS


def test_none_is_not_applicable() -> None:
    findings = by_rule(check_text(None))  # type: ignore[arg-type]
    assert {f.status for f in findings.values()} == {Status.NOT_APPLICABLE}


def test_coverage_declared() -> None:
    names = coverage()
    for rule_id in ("TCVN6909-NFC", "DN35-9.1b"):
        assert "conformance.identifiers.text.check_text" in names[rule_id]


# --- properties --------------------------------------------------------------------------------

_TCVN3_UPPER = set("ĂÂÊÔƠƯĐ")


def _capitalise(word: str, tcvn3: bool) -> str:
    first = word[0].upper()
    if tcvn3 and not (first.isascii() or first in _TCVN3_UPPER):
        return word
    return first + word[1:]


@st.composite
def phrases(draw: st.DrawFn, tcvn3: bool = False) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=10))
    caps = draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
    return " ".join(_capitalise(w, tcvn3) if c else w for w, c in zip(words, caps, strict=True))


@FAST
@given(phrases(tcvn3=True), st.integers(0, 10), st.sampled_from(["và", "Việt", "hoà"]))
def test_tcvn3_phrases_are_detected_and_decoded(phrase: str, at: int, marker: str) -> None:
    words = phrase.split()
    words.insert(at % (len(words) + 1), marker)
    original = " ".join(words)
    mojibake = encode_tcvn3(original)
    assert decode_legacy(mojibake) == ("TCVN3", original)
    assert encodings()["TCVN3"].decode(mojibake) == original


@FAST
@given(phrases(), st.integers(0, 10), st.sampled_from(["việt", "Cộng", "hòa", "Trường"]))
def test_vni_phrases_are_detected_and_decoded(phrase: str, at: int, marker: str) -> None:
    words = phrase.split()
    words.insert(at % (len(words) + 1), marker)
    original = " ".join(words)
    mojibake = encode_vni(original)
    assert decode_legacy(mojibake) == ("VNI", original)


@FAST
@given(phrases())
def test_legacy_decoding_round_trips(phrase: str) -> None:
    assert encodings()["VNI"].decode(encode_vni(phrase)) == phrase
    lower = phrase.lower()
    assert encodings()["TCVN3"].decode(encode_tcvn3(lower)) == lower
    detected = decode_legacy(encode_vni(phrase))
    if detected is not None:  # short phrases may carry too little evidence, never wrong evidence
        assert detected == ("VNI", phrase)


@FAST
@given(phrases())
def test_unicode_vietnamese_is_never_flagged(phrase: str) -> None:
    assert decode_legacy(phrase) is None
    findings = by_rule(check_text(phrase))
    assert all(f.status is Status.PASS for f in findings.values())


@FAST
@given(st.lists(st.sampled_from(WESTERN), min_size=1, max_size=4))
def test_western_text_is_never_flagged(sentences: list[str]) -> None:
    assert decode_legacy(" ".join(sentences)) is None


@FAST
@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    findings = by_rule(check_text(text))
    nfc = findings["TCVN6909-NFC"]
    assert nfc.status is (Status.PASS if unicodedata.is_normalized("NFC", text) else Status.FAIL)
    result = decode_legacy(text)
    assert result is None or result[0] in ("TCVN3", "VNI")


@FAST
@given(st.binary(max_size=200))
def test_never_raises_on_bytes(raw: bytes) -> None:
    by_rule(check_text(raw))  # type: ignore[arg-type]


@FAST
@given(st.text(alphabet="aeiouyAEOUcghnt ñöôÑÖÔµ·¸¹¨©®ª«¬øùûõïâäáàåãêéèúüëÖØ", max_size=60))
def test_never_raises_on_legacy_like_text(text: str) -> None:
    by_rule(check_text(text))


def test_huge_input() -> None:
    findings = by_rule(check_text(TCVN3_EXAMPLE * 20_000))
    assert findings["DN35-9.1b"].status is Status.FAIL
    assert len(findings["DN35-9.1b"].found or "") <= 80
