"""Agency identifiers: QCVN 102 (13 characters) and QĐ 20/2020 forms, registry of level-1 codes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.checks import coverage
from conformance.findings import Finding, Location, Severity, Status
from conformance.identifiers.agency_code import (
    AgencyCode,
    check_agency_code,
    parse_agency_code,
    to_qcvn102,
    to_qd20,
)
from conformance.identifiers.registry import level1_entry, load_registry, registry
from tests.helpers import assert_findings_well_formed

RULES = ("QD28-10.2a", "QCVN102-ORGID", "QCVN102-ORGID-REGISTRY", "QD20-4.1")
FAST = settings(max_examples=150, deadline=None)


def only(findings: list[Finding], rule_id: str) -> Finding:
    matching = [f for f in findings if f.rule_id == rule_id]
    assert len(matching) == 1, (rule_id, findings)
    return matching[0]


def assert_well_formed(findings: list[Finding]) -> None:
    assert_findings_well_formed(findings)
    assert sorted(f.rule_id for f in findings) == sorted(RULES)


def failed(findings: list[Finding]) -> set[str]:
    return {f.rule_id for f in findings if f.status is Status.FAIL}


# --- parsing -----------------------------------------------------------------------------------


def test_government_office_is_a_level_1_government_body() -> None:
    code = parse_agency_code("000.00.00.G22")
    assert code is not None
    assert code.form == "qcvn102"
    assert code.level1 == "G22"
    assert code.levels == ("G22", "00", "00", "000")
    assert code.depth == 1
    assert code.kind == "government"
    assert code.parent is None
    assert str(code) == code.format() == "000.00.00.G22"


def test_commune_under_phu_tho_has_two_ancestors() -> None:
    code = parse_agency_code("000.46.24.H44")
    assert code is not None
    assert code.depth == 3
    assert code.levels == ("H44", "24", "46", "000")
    assert code.kind == "province_committee"
    parent = code.parent
    assert parent is not None and str(parent) == "000.00.24.H44"
    assert parent.depth == 2
    assert parent.parent is not None and str(parent.parent) == "000.00.00.H44"
    assert parent.parent.parent is None


def test_people_council_kind() -> None:
    code = parse_agency_code("000.00.00.K54")
    assert code is not None and code.kind == "province_council"
    other = parse_agency_code("001.00.20.A44")
    assert other is not None and other.kind == "unknown"


@pytest.mark.parametrize(
    ("text", "levels", "depth", "parent"),
    [
        ("G22", ("G22",), 1, None),
        ("H37.02.02", ("H37", "02", "02"), 3, "H37.02"),
        ("H55.242", ("H55", "242"), 2, "H55"),
    ],
)
def test_qd20_form(text: str, levels: tuple[str, ...], depth: int, parent: str | None) -> None:
    code = parse_agency_code(text)
    assert code is not None
    assert code.form == "qd20"
    assert code.levels == levels
    assert code.depth == depth
    assert (str(code.parent) if code.parent else None) == parent
    assert code.format() == text


@pytest.mark.parametrize(
    "text",
    ["", "000.00.00.000", "000.00.00.g22", "000.00.00.G2", "00.00.00.G22", "000-00-00-G22",
     " 000.00.00.G22", "g22", "G22.", ".G22", "G22..01", "G22.00", "H37.02.02.001.05",
     "G22." + "1" * 40, "hello world", "٠٠٠.٠٠.٠٠.G٢٢"],
)
def test_not_parseable(text: str) -> None:
    assert parse_agency_code(text) is None


def test_parse_accepts_hierarchy_gap_but_reports_it() -> None:
    code = parse_agency_code("001.00.10.H47")
    assert code is not None and not code.hierarchy_ok
    assert code.depth == 4
    assert str(code.parent) == "000.00.10.H47"


@pytest.mark.parametrize(
    ("old", "new"),
    [("000.00.00.G22", "G22"), ("000.02.02.H37", "H37.02.02"), ("000.46.24.H44", "H44.24.46"),
     ("123.45.67.H01", "H01.67.45.123")],
)
def test_conversions(old: str, new: str) -> None:
    assert str(to_qd20(old)) == new
    assert str(to_qcvn102(new)) == old
    parsed_new = parse_agency_code(new)
    assert parsed_new is not None
    assert to_qd20(parsed_new) == parsed_new  # already in that form


@pytest.mark.parametrize("text", ["H55.242", "H37.2", "G22.AB", "001.00.10.H47", "nonsense"])
def test_conversions_that_are_impossible(text: str) -> None:
    code = parse_agency_code(text)
    if code is None or code.form == "qd20":
        assert to_qcvn102(text) is None
    else:
        assert to_qd20(text) is None


# --- checks ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["000.00.00.G22", "000.46.24.H44", "000.00.00.H49",
                                  "001.01.10.H47"])
def test_valid_qcvn102_codes_pass(text: str) -> None:
    findings = check_agency_code(text, location=Location(field="From/OrganId"))
    assert_well_formed(findings)
    assert only(findings, "QD28-10.2a").status is Status.PASS
    assert only(findings, "QCVN102-ORGID").status is Status.PASS
    assert only(findings, "QCVN102-ORGID-REGISTRY").status is Status.PASS
    assert only(findings, "QD20-4.1").status is Status.NOT_APPLICABLE
    assert all(f.location.field == "From/OrganId" for f in findings)


def test_evidence_carries_levels_kind_parent() -> None:
    findings = check_agency_code("000.46.24.H44")
    ev = only(findings, "QCVN102-ORGID").evidence
    assert ev["levels"] == ["H44", "24", "46", "000"]
    assert ev["kind"] == "province_committee"
    assert ev["parent"] == "000.00.24.H44"
    assert ev["depth"] == 3
    assert ev["equivalent"] == "H44.24.46"
    reg = only(findings, "QCVN102-ORGID-REGISTRY")
    assert reg.evidence["registry"] == registry().title.vi
    assert reg.evidence["inferred"] is False
    assert "Phú Thọ" in reg.evidence["name_vi"]


def test_hierarchy_gap_fails_orgid() -> None:
    findings = check_agency_code("001.00.10.H47")
    assert only(findings, "QD28-10.2a").status is Status.PASS
    orgid = only(findings, "QCVN102-ORGID")
    assert orgid.status is Status.FAIL and orgid.severity is Severity.ERROR
    assert "cấp 4" in orgid.message.vi and "level 3" in orgid.message.en
    assert orgid.found == "001.00.10.H47"


@pytest.mark.parametrize(
    ("text", "fails"),
    [
        ("000.00.00.000", {"QCVN102-ORGID"}),
        ("000.00.00.g22", {"QCVN102-ORGID"}),
        ("0a0.00.00.G22", {"QCVN102-ORGID"}),
        ("000.00.00.G2", {"QD28-10.2a", "QCVN102-ORGID"}),
        ("000-00-00-G22", {"QD28-10.2a", "QCVN102-ORGID"}),
        ("000.00.00.G22 ", {"QD28-10.2a", "QCVN102-ORGID"}),
        ("00000000G22", {"QD28-10.2a", "QCVN102-ORGID"}),
    ],
)
def test_malformed_codes(text: str, fails: set[str]) -> None:
    findings = check_agency_code(text)
    assert_well_formed(findings)
    assert failed(findings) >= fails
    for rule_id in fails:
        f = only(findings, rule_id)
        assert f.found == text
        assert f.expected


def test_missing_letter_and_lowercase_messages() -> None:
    assert "thiếu chữ cái" in only(check_agency_code("000.00.00.000"), "QCVN102-ORGID").message.vi
    lower = only(check_agency_code("000.00.00.g22"), "QCVN102-ORGID")
    assert "viết hoa" in lower.message.vi and "capital" in lower.message.en


def test_trailing_space_suggests_the_trimmed_code() -> None:
    f = only(check_agency_code(" 000.00.00.G22"), "QD28-10.2a")
    assert f.status is Status.FAIL
    assert f.expected == "000.00.00.G22"
    assert "khoảng trắng" in f.message.vi


def test_qd20_code_warns_by_default() -> None:
    findings = check_agency_code("H37.02.02")
    assert_well_formed(findings)
    structure = only(findings, "QD28-10.2a")
    assert structure.status is Status.FAIL
    assert structure.severity is Severity.WARNING
    assert not structure.is_failure
    assert "SĐ1:2022" in structure.message.vi and "SĐ1:2022" in structure.message.en
    assert structure.expected == "000.02.02.H37"
    assert only(findings, "QD20-4.1").status is Status.PASS
    assert only(findings, "QCVN102-ORGID").status is Status.NOT_APPLICABLE


def test_qd20_code_passes_when_the_profile_accepts_it() -> None:
    findings = check_agency_code("H55.242", forms=("qcvn102", "qd20"))
    assert only(findings, "QD28-10.2a").status is Status.PASS
    assert only(findings, "QD20-4.1").status is Status.PASS
    assert only(findings, "QCVN102-ORGID-REGISTRY").status is Status.PASS


def test_qd20_only_profile_flags_the_old_form() -> None:
    f = only(check_agency_code("000.00.00.G22", forms=["qd20"]), "QD20-4.1")
    assert f.status is Status.FAIL and f.expected == "G22"


def test_qd20_profile_explains_malformed_codes() -> None:
    f = only(check_agency_code("g22.01", forms=("qcvn102", "qd20")), "QD20-4.1")
    assert f.status is Status.FAIL
    assert "chữ thường" in f.message.vi


def test_unknown_level1_code_is_a_registry_warning() -> None:
    findings = check_agency_code("000.00.00.X99")
    reg = only(findings, "QCVN102-ORGID-REGISTRY")
    assert reg.status is Status.FAIL and reg.severity is Severity.WARNING
    assert reg.found == "X99"
    assert only(findings, "QCVN102-ORGID").status is Status.PASS


def test_closed_code_is_a_registry_warning() -> None:
    reg = only(check_agency_code("000.00.00.G14"), "QCVN102-ORGID-REGISTRY")
    assert reg.status is Status.FAIL and reg.severity is Severity.WARNING
    assert reg.evidence["closed"] is True


def test_inferred_code_passes_and_says_so() -> None:
    reg = only(check_agency_code("000.00.00.H32"), "QCVN102-ORGID-REGISTRY")
    assert reg.status is Status.PASS
    assert reg.evidence["inferred"] is True
    assert "suy luận" in reg.message.vi and "inferred" in reg.message.en


@pytest.mark.parametrize("value", [None, "", "   "])
def test_missing_value(value: str | None) -> None:
    findings = check_agency_code(value)  # type: ignore[arg-type]
    assert_well_formed(findings)
    assert only(findings, "QD28-10.2a").status is Status.FAIL


@pytest.mark.parametrize("forms", [(), "qd20", None, 42, ["bogus"]])
def test_odd_forms_argument_never_raises(forms: object) -> None:
    assert_well_formed(check_agency_code("000.00.00.G22", forms=forms))  # type: ignore[arg-type]


def test_coverage_declared() -> None:
    names = coverage()
    for rule_id in RULES:
        assert "conformance.identifiers.agency_code.check_agency_code" in names[rule_id]


# --- registry ----------------------------------------------------------------------------------


def test_registry_contents() -> None:
    vpcp = level1_entry("G22")
    assert vpcp is not None and vpcp.name.vi == "Văn phòng Chính phủ" and not vpcp.inferred
    g14 = level1_entry("G14")
    assert g14 is not None and g14.closed
    confirmed = {"H41", "H14", "H49", "H54", "H57", "H29", "H38", "H55", "H56", "H44", "H47"}
    for n in range(1, 64):
        h, k = level1_entry(f"H{n:02d}"), level1_entry(f"K{n:02d}")
        assert h is not None and k is not None
        assert h.inferred == (f"H{n:02d}" not in confirmed)
        assert k.inferred == (f"K{n:02d}" not in {"K54", "K57"})
        assert h.name.vi.startswith("Ủy ban nhân dân") and k.name.vi.startswith("Hội đồng nhân dân")
    assert level1_entry("H64") is None
    assert "Khánh Hòa" in level1_entry("H32").name.vi  # type: ignore[union-attr]
    assert "Đắk Nông" in level1_entry("H17").name.vi  # type: ignore[union-attr]
    assert level1_entry(None) is None  # type: ignore[arg-type]


def test_registry_rejects_bad_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conformance.datafiles import DataFileError

    bad = tmp_path / "agencies.toml"
    bad.write_text('[registry]\ntitle_vi = "x"\ntitle_en = "x"\n[[agency]]\ncode = "g22"\n'
                   'name_vi = "a"\nname_en = "a"\n', encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_registry(bad)
    assert err.value.line == 5


# --- properties --------------------------------------------------------------------------------

LETTERS = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _nonzero_digits(width: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=width, max_size=width).filter(lambda s: set(s) != {"0"})


@st.composite
def qcvn102_codes(draw: st.DrawFn) -> str:
    level1 = draw(LETTERS) + draw(st.text("0123456789", min_size=2, max_size=2))
    depth = draw(st.integers(1, 4))
    lower = [draw(_nonzero_digits(w)) if i < depth - 1 else "0" * w
             for i, w in enumerate((2, 2, 3))]
    return f"{lower[2]}.{lower[1]}.{lower[0]}.{level1}"


@st.composite
def qd20_codes(draw: st.DrawFn) -> str:
    level1 = draw(LETTERS) + draw(st.text("0123456789", min_size=2, max_size=2))
    groups = draw(st.lists(st.text("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1,
                                   max_size=6).filter(lambda s: set(s) != {"0"}), max_size=3))
    return ".".join([level1, *groups])


@FAST
@given(qcvn102_codes())
def test_qcvn102_round_trip_and_pass(text: str) -> None:
    code = parse_agency_code(text)
    assert code is not None and code.format() == text
    assert AgencyCode(code.form, code.levels) == code
    back = to_qcvn102(to_qd20(code))  # type: ignore[arg-type]
    assert back == code
    findings = check_agency_code(text)
    assert only(findings, "QD28-10.2a").status is Status.PASS
    assert only(findings, "QCVN102-ORGID").status is Status.PASS
    parent = code.parent
    if parent is not None:
        assert parent.depth == code.depth - 1 and parent.level1 == code.level1


@FAST
@given(qd20_codes())
def test_qd20_round_trip(text: str) -> None:
    code = parse_agency_code(text)
    assert code is not None and code.form == "qd20" and code.format() == text
    findings = check_agency_code(text, forms=("qd20",))
    assert only(findings, "QD20-4.1").status is Status.PASS
    assert only(findings, "QD28-10.2a").status is Status.PASS
    converted = to_qcvn102(code)
    if converted is not None:
        assert to_qd20(converted) == code


@st.composite
def mutated_codes(draw: st.DrawFn) -> str:
    text = draw(qcvn102_codes())
    i = draw(st.integers(0, len(text) - 1))
    kind = draw(st.sampled_from(["delete", "insert", "lower", "dot", "space", "duplicate"]))
    if kind == "delete":
        return text[:i] + text[i + 1:]
    if kind == "insert":
        return text[:i] + draw(st.sampled_from("0123456789AZ.-")) + text[i:]
    if kind == "lower":
        return text[:-3] + text[-3].lower() + text[-2:]
    if kind == "dot":
        dots = [j for j, c in enumerate(text) if c == "."]
        j = draw(st.sampled_from(dots))
        return text[:j] + draw(st.sampled_from(["", "-", ",", "/", " "])) + text[j + 1:]
    if kind == "space":
        return text[:i] + " " + text[i:]
    return text + "." + text.split(".")[0]


@FAST
@given(mutated_codes())
def test_mutations_of_valid_codes_fail(text: str) -> None:
    findings = check_agency_code(text)
    assert_well_formed(findings)
    fails = [f for f in findings if f.status is Status.FAIL]
    assert fails, text
    assert all(f.message.vi and f.message.en and f.found for f in fails)


@FAST
@given(st.text(max_size=60), st.sampled_from([("qcvn102",), ("qd20",), ("qcvn102", "qd20")]))
def test_never_raises_on_any_text(text: str, forms: tuple[str, ...]) -> None:
    findings = check_agency_code(text, forms=forms)
    assert_well_formed(findings)
    code = parse_agency_code(text)
    if code is None:
        assert any(f.status is Status.FAIL for f in findings)
    else:
        assert code.format() == text


@FAST
@given(st.text(alphabet="0123456789.ABGHKgh ", max_size=16))
def test_never_raises_on_near_codes(text: str) -> None:
    assert_well_formed(check_agency_code(text, forms=("qcvn102", "qd20")))


def test_huge_input() -> None:
    findings = check_agency_code("000.00.00.G22" * 100_000)
    assert_well_formed(findings)
    assert all(len(f.found or "") <= 80 for f in findings)
