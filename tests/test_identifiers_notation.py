"""Số và ký hiệu: legal, administrative, công văn and copy forms; the abbreviation table."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.checks import coverage
from conformance.findings import Finding, Location, Severity, Status
from conformance.identifiers.notation import abbreviations, check_notation, parse_notation
from tests.helpers import assert_findings_well_formed, of, status

FAST = settings(max_examples=150, deadline=None)


def assert_well_formed(findings: list[Finding]) -> None:
    assert_findings_well_formed(findings)


def no_failures(findings: list[Finding]) -> bool:
    return not [f for f in findings if f.status is Status.FAIL]


# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "year", "type_abbr", "orgs", "kind", "type_name"),
    [
        ("28/2018/QĐ-TTg", "28", 2018, "QĐ", ("TTg",), "legal", "Quyết định"),
        ("30/2020/NĐ-CP", "30", 2020, "NĐ", ("CP",), "legal", "Nghị định"),
        ("01/2019/TTLT-BNV-VPCP", "01", 2019, "TTLT", ("BNV", "VPCP"), "legal",
         "Thông tư liên tịch"),
        ("20/2023/QH15", "20", 2023, None, ("QH15",), "legal", None),
        ("15/QĐ-BNV", "15", None, "QĐ", ("BNV",), "administrative", "Quyết định"),
        ("12/TB-UBND", "12", None, "TB", ("UBND",), "administrative", "Thông báo"),
        ("11796/VPCP-KSTT", "11796", None, None, ("VPCP", "KSTT"), "cong_van", None),
        ("05/BNV-VP", "05", None, None, ("BNV", "VP"), "cong_van", None),
        ("7816/VPCP-TTĐT", "7816", None, None, ("VPCP", "TTĐT"), "cong_van", None),
        ("512/SY-VPUBND", "512", None, "SY", ("VPUBND",), "copy", "Bản sao y"),
        ("03/TrS-UBND", "03", None, "TrS", ("UBND",), "copy", "Bản trích sao"),
        ("45/SL-VP", "45", None, "SL", ("VP",), "copy", "Bản sao lục"),
        ("07/QyĐ-UBND", "07", None, "QyĐ", ("UBND",), "administrative", "Quy định"),
        ("21/ĐA-BTC", "21", None, "ĐA", ("BTC",), "administrative", "Đề án"),
        ("09/HĐ-VP", "09", None, "HĐ", ("VP",), "administrative", "Hợp đồng"),
    ],
)
def test_parse(text: str, number: str, year: int | None, type_abbr: str | None,
               orgs: tuple[str, ...], kind: str, type_name: str | None) -> None:
    n = parse_notation(text)
    assert n is not None
    assert (n.number, n.year, n.type_abbr, n.org_parts, n.kind) == (
        number, year, type_abbr, orgs, kind)
    assert n.type_name == type_name
    assert n.format() == str(n) == text


def test_cong_van_and_qh_possible_types() -> None:
    assert parse_notation("11796/VPCP-KSTT").possible_types == ("Công văn", "Thư công")  # type: ignore[union-attr]
    assert "Luật" in parse_notation("20/2023/QH15").possible_types  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["", "15", "15/", "/QĐ-BNV", "15 /QĐ-BNV", "15/QĐ BNV",
                                  "15-QĐ-BNV", "15/QĐ--BNV", "15/QĐ-", "15/123-BNV",
                                  "Số: 15/QĐ-BNV", "15/QĐ–BNV", "15/QĐ/BNV", "1 5/QĐ-BNV"])
def test_not_parseable(text: str) -> None:
    assert parse_notation(text) is None


def test_table_has_the_appendix_iii_codes() -> None:
    table = abbreviations()
    expected = {"NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA",
                "BC", "BB", "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG",
                "PC", "PB"}
    admin = {t.abbr for t in table.types if "administrative" in t.scopes and t.abbr}
    assert admin == expected
    assert {c.abbr for c in table.copies} == {"SY", "SL", "TrS"}
    assert {t.name.vi for t in table.types if not t.abbr} == {"Công văn", "Thư công"}
    legal = {t.abbr for t in table.types if "legal" in t.scopes}
    assert {"NĐ", "TT", "TTLT", "NQ", "QĐ", "L", "PL", "CT"} <= legal
    assert table.mixed_case_forms >= {"QyĐ", "CTr", "TTr", "TrS", "TTg"}


# --- checks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [("28/2018/QĐ-TTg", "VBQPPL-SOKYHIEU"), ("30/2020/NĐ-CP", "VBQPPL-SOKYHIEU"),
     ("20/2023/QH15", "VBQPPL-SOKYHIEU"), ("01/2019/TTLT-BNV-VPCP", "VBQPPL-SOKYHIEU"),
     ("15/QĐ-BNV", "ND30-PL1-SOKYHIEU"), ("12/TB-UBND", "ND30-PL1-SOKYHIEU"),
     ("11796/VPCP-KSTT", "ND30-PL1-SOKYHIEU"), ("05/BNV-VP", "ND30-PL1-SOKYHIEU"),
     ("7816/VPCP-TTĐT", "ND30-PL1-SOKYHIEU"), ("512/SY-VPUBND", "ND30-PL1-BANSAO"),
     ("123/QĐ-TTg", "ND30-PL1-SOKYHIEU"), ("08/TTr-BNV", "ND30-PL1-SOKYHIEU")],
)
def test_valid_numbers_pass(text: str, rule_id: str) -> None:
    findings = check_notation(text, location=Location(field="CodeNotation"))
    assert_well_formed(findings)
    assert no_failures(findings), findings
    assert status(findings, "QD28-10.2c") == {Status.PASS}
    assert status(findings, rule_id) == {Status.PASS}
    assert all(f.location.field == "CodeNotation" for f in findings)


def test_empty_value_fails_10_2c() -> None:
    for value in ("", "  ", None):
        findings = check_notation(value)  # type: ignore[arg-type]
        assert_well_formed(findings)
        assert status(findings, "QD28-10.2c") == {Status.FAIL}


@pytest.mark.parametrize(
    ("text", "rule_id", "expected"),
    [
        ("5/QĐ-BNV", "ND30-PL1-SOKYHIEU", "05"),
        ("5/BNV-VP", "ND30-PL1-SOKYHIEU", "05"),
        ("005/BNV-VP", "ND30-PL1-SOKYHIEU", "05"),
        ("0/BNV-VP", "ND30-PL1-SOKYHIEU", "01"),
        ("15/qđ-bnv", "ND30-PL1-SOKYHIEU", "15/QĐ-BNV"),
        ("05/bnv-VP", "ND30-PL1-SOKYHIEU", "05/BNV-VP"),
        ("15 / QĐ-BNV", "ND30-PL1-SOKYHIEU", "15/QĐ-BNV"),
        ("Số: 15/QĐ-BNV", "ND30-PL1-SOKYHIEU", "15/QĐ-BNV"),
        ("8/2018/QĐ-TTg", "VBQPPL-SOKYHIEU", "08"),
        ("28/2018/QĐ-TTg ", "VBQPPL-SOKYHIEU", "28/2018/QĐ-TTg"),
        ("1/SY-VPUBND", "ND30-PL1-BANSAO", "01"),
        ("512/SY", "ND30-PL1-BANSAO", "512/SY-<CƠ QUAN>"),
    ],
)
def test_form_failures(text: str, rule_id: str, expected: str) -> None:
    findings = check_notation(text)
    assert_well_formed(findings)
    fails = [f for f in of(findings, rule_id) if f.status is Status.FAIL]
    assert fails, findings
    assert expected in {f.expected for f in fails}
    assert all(f.found for f in fails)


@pytest.mark.parametrize(
    ("text", "rule_id", "words"),
    [
        ("28/18/QĐ-TTg", "VBQPPL-SOKYHIEU", "4 chữ số"),
        ("30/NĐ-CP", "VBQPPL-SOKYHIEU", "năm ban hành"),
        ("15-QĐ-BNV", "ND30-PL1-SOKYHIEU", "'/'"),
        ("15/QĐ–BNV", "ND30-PL1-SOKYHIEU", "gạch nối"),
        ("15/QĐ/BNV", "ND30-PL1-SOKYHIEU", "'-'"),
        ("15/QĐ--BNV", "ND30-PL1-SOKYHIEU", "rỗng"),
        ("XV/QĐ-BNV", "ND30-PL1-SOKYHIEU", "chữ số Ả Rập"),
        ("15/QĐ-B@NV", "ND30-PL1-SOKYHIEU", "không hợp lệ"),
        ("12/sy VP", "ND30-PL1-BANSAO", "khoảng trắng"),
    ],
)
def test_malformed_messages(text: str, rule_id: str, words: str) -> None:
    findings = check_notation(text)
    assert_well_formed(findings)
    fails = [f for f in of(findings, rule_id) if f.status is Status.FAIL]
    assert any(words in f.message.vi for f in fails), findings


def test_cong_van_without_unit_is_a_warning() -> None:
    fails = [f for f in check_notation("12/UBND") if f.status is Status.FAIL]
    assert [f.rule_id for f in fails] == ["ND30-PL1-SOKYHIEU"]
    assert fails[0].severity is Severity.WARNING


@pytest.mark.parametrize(("text", "table"), [("15/QYĐ-BNV", "QyĐ"), ("02/TTR-BNV", "TTr"),
                                             ("03/CTR-UBND", "CTr"), ("04/TRS-UBND", "TrS")])
def test_mixed_case_variants_are_accepted_with_a_warning(text: str, table: str) -> None:
    findings = check_notation(text)
    viettat = of(findings, "ND30-PL3-VIETTAT")
    assert len(viettat) == 1
    f = viettat[0]
    assert f.status is Status.FAIL and f.severity is Severity.WARNING and not f.is_failure
    assert f.expected == table
    assert "viết hoa" in f.message.vi and "capitals" in f.message.en
    assert not [x for x in findings if x.is_failure]


def test_table_form_of_mixed_case_passes() -> None:
    assert status(check_notation("15/QyĐ-BNV"), "ND30-PL3-VIETTAT") == {Status.PASS}
    assert status(check_notation("04/TrS-UBND"), "ND30-PL3-VIETTAT") == {Status.PASS}


@pytest.mark.parametrize(
    ("text", "stated"),
    [("15/QĐ-BNV", "Quyết định"), ("15/QĐ-BNV", "quyết định"), ("15/QĐ-BNV", "QUYẾT ĐỊNH"),
     ("15/QĐ-BNV", "Quyết định (cá biệt)"), ("15/QĐ-BNV", "Quyet dinh"),
     ("12/BC-UBND", "Báo cáo"), ("11796/VPCP-KSTT", "Công văn"), ("08/TTr-BNV", "Tờ trình"),
     ("06/GUQ-VP", "Giấy uỷ quyền"), ("28/2018/QĐ-TTg", "Quyết định"),
     ("20/2023/QH15", "Luật"), ("512/SY-VPUBND", "Quyết định")],
)
def test_stated_type_matches(text: str, stated: str) -> None:
    import unicodedata

    for form in ("NFC", "NFD"):
        findings = check_notation(text, stated_type=unicodedata.normalize(form, stated))
        assert no_failures(findings), findings
        assert status(findings, "QD28-10.2đ") == {Status.PASS}


@pytest.mark.parametrize(
    ("text", "stated", "rule_id", "derived"),
    [("15/QĐ-BNV", "Báo cáo", "ND30-PL3-VIETTAT", "Quyết định"),
     ("12/BC-UBND", "Công văn", "ND30-PL3-VIETTAT", "Báo cáo"),
     ("11796/VPCP-KSTT", "Quyết định", "ND30-PL3-VIETTAT", "Công văn / Thư công"),
     ("30/2020/NĐ-CP", "Thông tư", "QD28-10.2đ", "Nghị định"),
     ("20/2023/QH15", "Quyết định", "QD28-10.2đ", "Luật / Bộ luật / Nghị quyết / Hiến pháp")],
)
def test_stated_type_mismatch(text: str, stated: str, rule_id: str, derived: str) -> None:
    findings = check_notation(text, stated_type=stated)
    assert_well_formed(findings)
    fails = [f for f in of(findings, rule_id) if f.status is Status.FAIL]
    assert len(fails) == 1
    assert fails[0].expected == derived and fails[0].found == stated


def test_type_abbreviation_that_may_be_an_organisation_is_a_warning() -> None:
    # Cục Thuế writes its công văn "…/CT-TTHT"; CT is also Chỉ thị
    fails = [f for f in check_notation("1234/CT-TTHT", stated_type="Công văn")
             if f.status is Status.FAIL]
    assert len(fails) == 1 and fails[0].severity is Severity.WARNING


def test_stated_type_missing_or_unknown() -> None:
    blank = check_notation("15/QĐ-BNV", stated_type=" ")
    assert status(blank, "QD28-10.2đ") == {Status.FAIL}
    unknown = check_notation("15/QĐ-BNV", stated_type="Văn bản")
    assert status(unknown, "QD28-10.2đ") == {Status.PASS}
    assert status(unknown, "ND30-PL3-VIETTAT") == {Status.PASS, Status.FAIL}
    no_notation = check_notation("", stated_type="Quyết định")
    assert status(no_notation, "QD28-10.2đ") == {Status.PASS}


def test_legal_type_without_year_read_as_cong_van_when_stated() -> None:
    findings = check_notation("15/TT-VP", stated_type="Công văn")
    assert no_failures(findings), findings


def test_legal_number_with_unknown_type_is_inconclusive_for_the_type() -> None:
    findings = check_notation("01/2019/XYZ-BNV", stated_type="Thông tư")
    assert status(findings, "QD28-10.2đ") == {Status.INCONCLUSIVE}


def test_coverage_declared() -> None:
    names = coverage()
    for rule_id in ("QD28-10.2c", "QD28-10.2đ", "ND30-PL1-SOKYHIEU", "ND30-PL3-VIETTAT",
                    "ND30-PL1-BANSAO", "VBQPPL-SOKYHIEU"):
        assert "conformance.identifiers.notation.check_notation" in names[rule_id]


# --- properties --------------------------------------------------------------------------------

UPPER = "ABCDEGHIKLMNOPQRSTUVXY"
ADMIN_TYPES = sorted(t.abbr for t in abbreviations().types
                     if "administrative" in t.scopes and t.abbr)
LEGAL_TYPES = ["NĐ", "TT", "TTLT", "NQ", "QĐ"]
ALL_ABBRS = {t.abbr.upper() for t in (*abbreviations().types, *abbreviations().copies) if t.abbr}


def numbers() -> st.SearchStrategy[str]:
    return st.integers(1, 99_999).map(lambda n: f"{n:02d}")


def orgs() -> st.SearchStrategy[str]:
    return st.text(UPPER + "Đ", min_size=2, max_size=6)


@st.composite
def administrative(draw: st.DrawFn) -> str:
    groups = draw(st.lists(orgs(), min_size=1, max_size=2))
    return f"{draw(numbers())}/{draw(st.sampled_from(ADMIN_TYPES))}-{'-'.join(groups)}"


@st.composite
def cong_van(draw: st.DrawFn) -> str:
    first = draw(orgs().filter(lambda g: g not in ALL_ABBRS))
    return f"{draw(numbers())}/{first}-{draw(orgs())}"


@st.composite
def legal(draw: st.DrawFn) -> str:
    groups = draw(st.lists(orgs(), min_size=1, max_size=2))
    year = draw(st.integers(1945, 2100))
    return f"{draw(numbers())}/{year}/{draw(st.sampled_from(LEGAL_TYPES))}-{'-'.join(groups)}"


@st.composite
def copies(draw: st.DrawFn) -> str:
    return f"{draw(numbers())}/{draw(st.sampled_from(['SY', 'SL', 'TrS']))}-{draw(orgs())}"


@FAST
@given(st.one_of(administrative(), cong_van(), legal(), copies()))
def test_round_trip_and_no_failure(text: str) -> None:
    n = parse_notation(text)
    assert n is not None and n.format() == text
    findings = check_notation(text, stated_type=n.type_name)
    assert_well_formed(findings)
    assert no_failures(findings), findings


@st.composite
def broken(draw: st.DrawFn) -> str:
    text = draw(st.one_of(administrative(), cong_van(), legal()))
    kind = draw(st.sampled_from(["space", "lower", "unpad", "slash", "dash", "drop_slash"]))
    if kind == "space":
        i = draw(st.integers(0, len(text)))
        return text[:i] + " " + text[i:]
    if kind == "lower":
        head, _, tail = text.rpartition("/")
        return f"{head}/{tail.lower()}" if tail.lower() != tail else f"{head}/{tail}x"
    if kind == "unpad":
        return str(draw(st.integers(1, 9))) + text[text.index("/"):]
    if kind == "slash":
        return text.replace("-", "/", 1)
    if kind == "dash":
        return text.replace("-", "–", 1)
    head, _, tail = text.rpartition("/")
    return head + tail


@FAST
@given(broken())
def test_mutations_fail(text: str) -> None:
    findings = check_notation(text)
    assert_well_formed(findings)
    fails = [f for f in findings if f.status is Status.FAIL]
    assert fails, text
    assert all(f.message.vi and f.message.en for f in fails)


@FAST
@given(st.text(max_size=60), st.one_of(st.none(), st.text(max_size=20)))
def test_never_raises(text: str, stated: str | None) -> None:
    findings = check_notation(text, stated_type=stated)
    assert_well_formed(findings)
    n = parse_notation(text)
    if n is not None:
        assert n.format() == text


@FAST
@given(st.text(alphabet="0123456789/-QĐđBNVTgyrSY .–", max_size=20))
def test_never_raises_on_near_numbers(text: str) -> None:
    assert_well_formed(check_notation(text, stated_type="Công văn"))


def test_huge_input() -> None:
    findings = check_notation("15/QĐ-BNV" * 50_000, stated_type="x" * 100_000)
    assert_well_formed(findings)
    assert all(len(f.found or "") <= 80 for f in findings)
