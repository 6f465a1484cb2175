"""The Gherkin features in features/: they parse, are NFC Vietnamese, carry the right tags, use only
the step vocabulary of features/STEPS.md, and together cover every testable rule of the catalog.

Run `python -m tests.test_feature_files` to print the coverage figure and the uncovered rules.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import parse
import pytest
from gherkin.dialect import Dialect
from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler
from gherkin.token_scanner import TokenScanner

from conformance.coverage import scenario_tags
from conformance.profiles import load_profile, shipped_profiles
from conformance.resources import data_path
from conformance.rules import catalog

FEATURES = Path(__file__).resolve().parents[1] / "features"
STEPS_MD = FEATURES / "STEPS.md"

# One file per area of the issue, named in ASCII; the value is the catalog's `area` key.
EXPECTED_FILES = {
    "dinh_danh.feature": "dinh_danh",
    "goi_tin.feature": "goi_tin",
    "chu_ky_so.feature": "chu_ky_so",
    "vi_tri_chu_ky_con_dau.feature": "vi_tri_chu_ky",
    "van_ban_so_hoa.feature": "van_ban_so_hoa",
    "van_ban_khan.feature": "van_ban_khan",
    "thoi_han_gui.feature": "thoi_han_gui",
    "phan_hoi_trang_thai.feature": "phan_hoi_trang_thai",
    "tu_choi_tiep_nhan.feature": "tu_choi",
    "thu_hoi_cap_nhat_thay_the.feature": "thu_hoi",
    "an_toan_ket_noi.feature": "an_toan",
    "thong_ke.feature": "thong_ke",
}
DIRECTION_TAGS = {"sut_gui", "sut_nhan", "truc"}
# Agency aliases defined in STEPS.md ("Conventions shared by all steps").
AGENCY_ALIASES = {"Cơ quan kiểm thử", "Cơ quan A", "Cơ quan B", "Cơ quan C"}
AGENCY_FIELDS = {"ma_co_quan", "ma_gui", "ma_nhan"}
RULE_FIELD = "ma_quy_tac"
_QCVN102_CODE = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$")
_QD20_CODE = re.compile(r"^[A-Z0-9]+(\.[A-Z0-9]+)*$")
# A description must cite where its clause comes from.
_CITATION = re.compile(r"Điều|điều|QCVN|Phụ lục|Công văn|Thông tư|mục \d")
_STEP_TYPES = {"Context": "Cho", "Action": "Khi", "Outcome": "Thì"}


# --- STEPS.md ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StepPattern:
    text: str
    types: frozenset[str]
    parser: parse.Parser


@dataclass(frozen=True)
class Vocabulary:
    patterns: tuple[StepPattern, ...]
    tags: frozenset[str]
    values: dict[str, frozenset[str]]


_PATTERN_LINE = re.compile(r"^- `(?P<text>[^`]+)` \((?P<types>[^)]+)\)\s*$")
_TAG_LINE = re.compile(r"^- `@(?P<tag>[^`\s]+)`")
_VALUE_HEAD = re.compile(r"^### `\{(?P<name>\w+)\}`\s*$")
_VALUE_LINE = re.compile(r"^- `(?P<value>[^`]+)`")


@cache
def vocabulary() -> Vocabulary:
    """Patterns, extra tags and closed value lists, read from features/STEPS.md."""
    patterns: list[StepPattern] = []
    tags: set[str] = set()
    values: dict[str, set[str]] = {}
    section = ""
    current: str | None = None
    for line in STEPS_MD.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section, current = line[3:].strip().lower(), None
            continue
        if section == "step patterns" and (m := _PATTERN_LINE.match(line)):
            types = frozenset(t.strip() for t in m["types"].split(","))
            assert types <= {"Cho", "Khi", "Thì"}, f"STEPS.md: bad step types in {line!r}"
            patterns.append(StepPattern(m["text"], types, parse.compile(m["text"])))
        elif section == "tags" and (m := _TAG_LINE.match(line)):
            tags.add(m["tag"])
        elif section == "parameter values":
            if m := _VALUE_HEAD.match(line):
                current = m["name"]
                values.setdefault(current, set())
            elif current and (m := _VALUE_LINE.match(line)):
                values[current].add(m["value"])
    values["loai_van_ban"] = document_type_names()
    return Vocabulary(tuple(patterns), frozenset(tags),
                      {k: frozenset(v) for k, v in values.items()})


def document_type_names() -> set[str]:
    with data_path("abbreviations.toml").open("rb") as f:
        return {t["name_vi"] for t in tomllib.load(f)["type"]}


# --- the features --------------------------------------------------------------------------------

def feature_files() -> list[Path]:
    return sorted(FEATURES.glob("*.feature"))


@cache
def gherkin_document(path: Path) -> dict[str, Any]:
    doc = Parser().parse(TokenScanner(path.read_text(encoding="utf-8")))
    doc["uri"] = path.name
    return doc


def scenarios(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Scenarios and outlines, also those inside a `Quy tắc` (Rule) block."""
    for child in doc["feature"]["children"]:
        if "scenario" in child:
            yield child["scenario"]
        elif "rule" in child:
            for sub in child["rule"]["children"]:
                if "scenario" in sub:
                    yield sub["scenario"]


def tag_names(node: dict[str, Any]) -> list[str]:
    return [t["name"].removeprefix("@") for t in node.get("tags", [])]


@cache
def rule_ids() -> frozenset[str]:
    return frozenset(catalog())


@cache
def rule_profiles() -> dict[str, frozenset[str]]:
    profiles = [load_profile(p) for p in shipped_profiles()]
    return {rid: frozenset(p.id for p in profiles if p.includes(rid)) for rid in catalog()}


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


FEATURE_PARAMS = pytest.mark.parametrize("path", feature_files(), ids=_ids(feature_files()))


def test_one_file_per_area() -> None:
    present = {p.name for p in feature_files()}
    missing = sorted(set(EXPECTED_FILES) - present)
    assert not missing, f"feature files missing: {missing}"
    areas = {r.area for r in catalog().values()}
    assert set(EXPECTED_FILES.values()) <= areas, "an expected area is not a catalog area"


@FEATURE_PARAMS
def test_nfc_and_language_header(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text), f"{path.name} is not Unicode NFC"
    assert text.splitlines()[0].strip() == "# language: vi", f"{path.name}: first line"
    assert path.name.isascii(), f"{path.name}: file names are ASCII"


@FEATURE_PARAMS
def test_vietnamese_keywords_only(path: Path) -> None:
    doc = gherkin_document(path)
    vi = Dialect.for_name("vi")
    feature = doc["feature"]
    assert feature["language"] == "vi"
    assert feature["keyword"] in vi.feature_keywords
    step_keywords = {k for k in (*vi.given_keywords, *vi.when_keywords, *vi.then_keywords,
                                 *vi.and_keywords, *vi.but_keywords) if k.strip() != "*"}
    for child in feature["children"]:
        if "background" in child:
            assert child["background"]["keyword"] in vi.background_keywords
            for step in child["background"]["steps"]:
                assert step["keyword"] in vi.given_keywords, (
                    f"{path.name}:{step['location']['line']}: Bối cảnh holds Cho steps only")
        if "rule" in child:
            assert child["rule"]["keyword"] in vi.rule_keywords
    for sc in scenarios(doc):
        assert sc["keyword"] in (*vi.scenario_keywords, *vi.scenario_outline_keywords)
        for step in sc["steps"]:
            assert step["keyword"] in step_keywords, (
                f"{path.name}:{step['location']['line']}: keyword {step['keyword']!r}")
        for ex in sc["examples"]:
            assert ex["keyword"] in vi.examples_keywords


@FEATURE_PARAMS
def test_tags(path: Path) -> None:
    vocab = vocabulary()
    ids = rule_ids()
    doc = gherkin_document(path)
    feature_tags = tag_names(doc["feature"])
    areas = [t.removeprefix("area_") for t in feature_tags if t.startswith("area_")]
    catalog_areas = {r.area for r in catalog().values()}
    assert len(areas) == 1 and areas[0] in catalog_areas, (
        f"{path.name}: needs one feature-level @area_<catalog area> tag, got {feature_tags}")
    expected = EXPECTED_FILES.get(path.name)
    assert expected is None or areas[0] == expected, f"{path.name}: area should be {expected}"
    profiles = set(shipped_profiles())
    problems: list[str] = []
    for tag in feature_tags:
        if tag not in vocab.tags and tag not in ids:
            problems.append(f"feature tag @{tag} is neither a rule ID nor documented")
    for sc in scenarios(doc):
        where = f"line {sc['location']['line']} ({sc['name']})"
        tags = tag_names(sc)
        for tag in tags:
            if tag not in vocab.tags and tag not in ids:
                problems.append(f"{where}: @{tag} is neither a rule ID nor documented in STEPS.md")
            if tag.startswith("ho_so_") and tag[6:] not in profiles:
                problems.append(f"{where}: @{tag} names no shipped profile")
        if not {*tags, *feature_tags} & ids:
            problems.append(f"{where}: no rule ID tag")
        if not set(tags) & DIRECTION_TAGS:
            problems.append(f"{where}: no direction tag (@sut_gui, @sut_nhan, @truc)")
        if not sc["description"].strip():
            problems.append(f"{where}: no description quoting the clause")
        elif not _CITATION.search(sc["description"]):
            problems.append(f"{where}: the description cites no clause")
        # conformance.coverage reads tags line by line: tags on a Dữ liệu block would be
        # credited to the next scenario.
        problems.extend(f"{where}: tags on a Dữ liệu block" for ex in sc["examples"]
                        if ex["tags"])
        # A scenario limited to a profile by its rules says so with a profile tag.
        scope = {t[6:] for t in tags if t.startswith("ho_so_")} or profiles
        for rid in (t for t in tags if t in ids):
            allowed = rule_profiles()[rid]
            if allowed and not scope <= allowed:
                problems.append(f"{where}: @{rid} applies to {sorted(allowed)} only; "
                                f"tag the scenario @ho_so_<profile>")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def _agency_ok(value: str) -> bool:
    if value in AGENCY_ALIASES:
        return True
    return bool(_QCVN102_CODE.match(value) or (len(value) <= 35 and _QD20_CODE.match(value)))


@FEATURE_PARAMS
def test_steps_follow_the_vocabulary(path: Path) -> None:
    vocab = vocabulary()
    ids = rule_ids()
    problems: list[str] = []
    for pickle in Compiler().compile(gherkin_document(path)):
        tags = {t["name"].removeprefix("@") for t in pickle["tags"]}
        for step in pickle["steps"]:
            text = step["text"]
            kind = _STEP_TYPES.get(step["type"], "?")
            where = f"{pickle['name']}: {kind} {text}"
            matches = [(p, r) for p in vocab.patterns if (r := p.parser.parse(text)) is not None]
            typed = [(p, r) for p, r in matches if kind in p.types]
            if not typed:
                problems.append(f"{where}\n    matches no {kind} pattern of STEPS.md"
                                + (f" (only as {sorted(matches[0][0].types)})" if matches else ""))
                continue
            if len(typed) > 1:
                problems.append(f"{where}\n    is ambiguous: {[p.text for p, _ in typed]}")
                continue
            for name, value in typed[0][1].named.items():
                if name in vocab.values and value not in vocab.values[name]:
                    problems.append(f"{where}\n    {{{name}}} = {value!r} is not documented")
                if name in AGENCY_FIELDS:
                    problems.extend(f"{where}\n    {{{name}}}: {v!r} is no alias nor agency code"
                                    for v in str(value).split(", ") if not _agency_ok(v))
                if name == RULE_FIELD:
                    if value not in ids:
                        problems.append(f"{where}\n    {value!r} is not a catalog rule ID")
                    elif kind == "Thì" and value not in tags:
                        problems.append(f"{where}\n    checks {value} but the scenario is not "
                                        f"tagged @{value}")
    assert not problems, f"{path.name}:\n" + "\n".join(dict.fromkeys(problems))


def test_step_vocabulary_is_small_and_all_used() -> None:
    vocab = vocabulary()
    texts = [p.text for p in vocab.patterns]
    assert len(texts) == len(set(texts)), "STEPS.md lists a pattern twice"
    assert 40 <= len(texts) <= 70, f"{len(texts)} step patterns: keep the vocabulary small"
    used: set[str] = set()
    for path in feature_files():
        for pickle in Compiler().compile(gherkin_document(path)):
            for step in pickle["steps"]:
                used.update(p.text for p in vocab.patterns if p.parser.parse(step["text"]))
    unused = sorted(set(texts) - used)
    assert not unused, f"patterns no feature uses (remove them or use them): {unused}"
    fields = {f for p in vocab.patterns for f in p.parser.named_fields}
    stray = sorted(set(vocab.values) - fields)
    assert not stray, f"value lists for placeholders no pattern has: {stray}"
    assert all(a in STEPS_MD.read_text(encoding="utf-8") for a in AGENCY_ALIASES)


# --- coverage ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Coverage:
    covered: list[str]
    uncovered: list[str]

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.uncovered)

    def figure(self) -> str:
        pct = 100 * len(self.covered) / self.total if self.total else 100.0
        return (f"{len(self.covered)}/{self.total} testable rules have a scenario ({pct:.1f}%)")


def rule_coverage() -> Coverage:
    """Testable rules of the catalog with and without a scenario tagged with their ID."""
    tagged = scenario_tags(FEATURES)
    testable = sorted(rid for rid, rule in catalog().items() if rule.testable)
    return Coverage(covered=[r for r in testable if tagged.get(r)],
                    uncovered=[r for r in testable if not tagged.get(r)])


def test_every_testable_rule_has_a_scenario() -> None:
    cov = rule_coverage()
    print(f"\nfeature coverage: {cov.figure()}")
    assert not cov.uncovered, (
        f"{cov.figure()}; testable rules without a scenario: {', '.join(cov.uncovered)}")


def test_scenario_tags_reader_agrees_with_the_parser() -> None:
    """conformance.coverage reads tags line by line; it must credit each rule ID to the same
    scenarios the official parser gives it."""
    ids = rule_ids()
    from_parser: dict[str, set[str]] = {}
    for path in feature_files():
        doc = gherkin_document(path)
        feature_tags = tag_names(doc["feature"])
        for sc in scenarios(doc):
            for tag in {*feature_tags, *tag_names(sc)} & ids:
                from_parser.setdefault(tag, set()).add(f"{path.name}: {sc['name']}")
    from_reader = {k: set(v) for k, v in scenario_tags(FEATURES).items() if k in ids}
    assert from_reader == from_parser


if __name__ == "__main__":
    cov = rule_coverage()
    print(cov.figure())
    if cov.uncovered:
        print("uncovered:", ", ".join(cov.uncovered))
