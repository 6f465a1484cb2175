"""The rule catalog against the clause digest (regulations/RULES.md) and the loader's errors."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from conformance.datafiles import DataFileError
from conformance.resources import data_path
from conformance.rules import RULES_DIR, catalog, load_catalog

REGULATIONS_DIR = data_path("regulations")
SHIPPED_RULES_MD = REGULATIONS_DIR / "RULES.md"
SHARED_REGULATIONS = Path("/work/shared/regulations")

# Vietnamese point letters in order (no f, j, w, z; đ after d), for ranges like `10.2c–q`.
POINTS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q"]

# RULES.md names a document without a clause where the source has no numbered mục: the ID the
# catalog gives it (see the comment at the top of conformance/data/rules/vp775.toml).
BARE_PREFIX_IDS = {"VP775": "VP775-1"}

AREAS = {
    "dinh_danh", "goi_tin", "chu_ky_so", "vi_tri_chu_ky", "van_ban_so_hoa", "van_ban_khan",
    "thoi_han_gui", "phan_hoi_trang_thai", "tu_choi", "thu_hoi", "an_toan", "thong_ke",
    "ban_giay", "van_hanh",
}

_ID = re.compile(r"^([A-Z][A-Z0-9]*)-(.+)$")
_RANGE = re.compile(r"^(.*?)([a-zđ])[–-]([a-zđ])$")


# --- reading RULES.md ---------------------------------------------------------------------------

def _section_rows(text: str, heading: str) -> list[list[str]]:
    """Cells of the table rows (header and separator rows left out) under a `## heading`."""
    rows: list[list[str]] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("## "):
            inside = line[3:].strip() == heading
            continue
        if not inside or not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if set(cells[0]) <= {"-", ":"} or cells[0] in ("ID", "prefix"):
            continue
        rows.append(cells)
    return rows


def expand_ids(cell: str) -> list[str]:
    """`LC2019-8.1a / 9.3a` -> both IDs; `QD28-10.2c–q` -> one ID per point; `QD28-6.2 (khẩn)`
    -> QD28-6.2; a bare prefix -> the ID the catalog gives it."""
    ids: list[str] = []
    prefix: str | None = None
    for part in cell.replace("`", "").split(" / "):
        part = re.sub(r"\s*\([^)]*\)", "", part).strip()
        if part in BARE_PREFIX_IDS:
            ids.append(BARE_PREFIX_IDS[part])
            continue
        m = _ID.match(part)
        if m:
            prefix, where = m.groups()
        else:
            assert prefix is not None, f"no prefix for {part!r} in {cell!r}"
            where = part
        r = _RANGE.match(where)
        if r:
            head, first, last = r.groups()
            letters = POINTS[POINTS.index(first): POINTS.index(last) + 1]
            ids.extend(f"{prefix}-{head}{letter}" for letter in letters)
        else:
            ids.append(f"{prefix}-{where}")
    return ids


def rules_md_ids() -> list[str]:
    text = SHIPPED_RULES_MD.read_text(encoding="utf-8")
    ids: list[str] = []
    for cells in _section_rows(text, "Testable clauses"):
        for rule_id in expand_ids(cells[0]):
            if rule_id not in ids:
                ids.append(rule_id)
    return ids


def rules_md_sources() -> dict[str, str]:
    """prefix -> the source text's file name, from the `Sources and ID prefixes` table."""
    text = SHIPPED_RULES_MD.read_text(encoding="utf-8")
    sources: dict[str, str] = {}
    for cells in _section_rows(text, "Sources and ID prefixes"):
        prefix = cells[0].strip("`")
        files = re.findall(r"`([^`]+\.txt)`", cells[2])
        assert files, f"no file named for {prefix}"
        sources[prefix] = files[0]
    return sources


def test_digest_parser() -> None:
    assert expand_ids("`LC2019-8.1a / 9.3a`") == ["LC2019-8.1a", "LC2019-9.3a"]
    assert expand_ids("DN35-10.1 / 10.2 / 10.3") == ["DN35-10.1", "DN35-10.2", "DN35-10.3"]
    assert expand_ids("QD28-6.2 (khẩn) / LC2019-6.4c") == ["QD28-6.2", "LC2019-6.4c"]
    assert expand_ids("QD28-9.1 / LC2019-7.2 / QD28-5.4") == [
        "QD28-9.1", "LC2019-7.2", "QD28-5.4"]
    assert expand_ids("QD28-10.2c–q") == [
        "QD28-10.2c", "QD28-10.2d", "QD28-10.2đ", "QD28-10.2e", "QD28-10.2g", "QD28-10.2h",
        "QD28-10.2i", "QD28-10.2k", "QD28-10.2l", "QD28-10.2m", "QD28-10.2n", "QD28-10.2o",
        "QD28-10.2p", "QD28-10.2q",
    ]
    assert expand_ids("VP775") == ["VP775-1"]
    ids = rules_md_ids()
    assert len(ids) == len(set(ids))
    assert {"QD28-10.2a", "VP11796-1đ", "KH2364-1", "QD28-11", "QD28-14.3"} <= set(ids)


# --- the catalog against RULES.md ---------------------------------------------------------------

def test_every_digest_id_is_in_the_catalog() -> None:
    missing = [rule_id for rule_id in rules_md_ids() if rule_id not in catalog()]
    assert not missing, f"RULES.md IDs missing from the catalog: {missing}"


def test_digest_prefixes_hold_only_digest_ids() -> None:
    """Every rule of a source the digest covers carries one of the digest's IDs."""
    expected = set(rules_md_ids())
    prefixes = set(rules_md_sources())
    extra = [r.id for r in catalog().values() if r.prefix in prefixes and r.id not in expected]
    assert not extra, f"catalog IDs not in RULES.md: {extra}"


def test_digest_sources_match_the_catalog_sources() -> None:
    by_prefix = {s.prefix: s for s in catalog().sources}
    for prefix, file in rules_md_sources().items():
        assert prefix in by_prefix, f"no catalog file for {prefix}"
        source = by_prefix[prefix]
        assert source.file == file, prefix
        assert source.kind == "regulation", prefix


# --- every rule ---------------------------------------------------------------------------------

def test_titles_citations_and_fields() -> None:
    digest_prefixes = set(rules_md_sources())
    assert len(catalog()) > 0
    for rule in catalog().values():
        where = f"{rule.id}: "
        assert rule.title.vi.strip(), where + "empty Vietnamese title"
        assert rule.title.en.strip(), where + "empty English title"
        document = rule.clause.source.document
        for lang in ("vi", "en"):
            assert document in rule.clause.cite(lang), where + f"citation ({lang}) lacks document"
        if rule.clause.source.kind == "regulation":
            # An article (Điều, or mục of a công văn); only parts without article numbering (an
            # appendix of NĐ 30, the Danh mục of Công văn 775) are cited by section instead.
            assert rule.clause.article or rule.clause.section, where + "no article"
        if rule.prefix in digest_prefixes and rule.id != BARE_PREFIX_IDS.get(rule.prefix):
            assert rule.clause.article, where + "no article"
            # The ID spells the location: PREFIX-<Điều>[.<khoản>][<điểm>].
            location = rule.clause.article + (
                f".{rule.clause.clause}" if rule.clause.clause else "") + (rule.clause.point or "")
            assert rule.id == f"{rule.prefix}-{location}", where + f"location {location}"
        if rule.area is not None:
            assert rule.area in AREAS, where + f"unknown area {rule.area}"


def test_rule_files_name_shipped_source_texts() -> None:
    for path in sorted(RULES_DIR.glob("*.toml")):
        source = tomllib.loads(path.read_text(encoding="utf-8"))["source"]
        if "file" in source:
            assert (REGULATIONS_DIR / source["file"]).is_file(), f"{path.name}: {source['file']}"


def test_ids_unique_and_prefixed_by_their_file() -> None:
    seen: dict[str, str] = {}
    for path in sorted(RULES_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        prefix = data["source"]["prefix"]
        for raw in data.get("rule", []):
            rule_id = raw["id"]
            assert rule_id.startswith(prefix + "-"), f"{path.name}: {rule_id}"
            assert rule_id not in seen, f"{rule_id} in {path.name} and {seen[rule_id]}"
            seen[rule_id] = path.name
    assert set(seen) == set(catalog())


def test_shipped_digest_equals_the_shared_one() -> None:
    shared = SHARED_REGULATIONS / "RULES.md"
    if not shared.is_file():
        pytest.skip(f"{shared} not present (outside the development workspace)")
    assert SHIPPED_RULES_MD.read_bytes() == shared.read_bytes()
    for text in sorted(SHARED_REGULATIONS.glob("*.txt")):
        assert (REGULATIONS_DIR / text.name).read_bytes() == text.read_bytes(), text.name


# --- malformed catalogs -------------------------------------------------------------------------

SOURCE = """\
[source]
prefix = "T"
document = "Test document"
title_vi = "Tài liệu thử"
title_en = "Test document"
kind = "regulation"
"""


def _rule(rule_id: str, extra: str = "", severity: str = "error") -> str:
    return f"""
[[rule]]
id = "{rule_id}"
article = "1"
title_vi = "Quy tắc {rule_id}"
title_en = "Rule {rule_id}"
severity = "{severity}"
testable = true
{extra}"""


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def _load_error(tmp_path: Path, **files: str) -> DataFileError:
    for name, text in files.items():
        (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_catalog(tmp_path)
    return info.value


def test_well_formed_catalog_loads(tmp_path: Path) -> None:
    (tmp_path / "t.toml").write_text(SOURCE + _rule("T-1") + _rule("T-2"), encoding="utf-8")
    loaded = load_catalog(tmp_path)
    assert list(loaded) == ["T-1", "T-2"]
    assert loaded["T-2"].clause.cite() == "Điều 1, Test document"


def test_unknown_rule_key(tmp_path: Path) -> None:
    text = SOURCE + _rule("T-1") + _rule("T-2", extra='colour = "red"')
    err = _load_error(tmp_path, t=text)
    assert err.line == _line_of(text, "colour =")
    assert err.key == "rule[1].colour"
    assert err.path.endswith("t.toml")
    assert "colour" in err.message("en") and "colour" in err.message("vi")


def test_unknown_source_key(tmp_path: Path) -> None:
    text = SOURCE.replace('kind = "regulation"', 'kind = "regulation"\nedition = "2018"')
    text += _rule("T-1")
    err = _load_error(tmp_path, t=text)
    assert err.line == _line_of(text, "edition =")
    assert err.key == "edition"


def test_bad_severity(tmp_path: Path) -> None:
    text = SOURCE + _rule("T-1") + _rule("T-2") + _rule("T-3", severity="fatal")
    err = _load_error(tmp_path, t=text)
    assert err.line == _line_of(text, 'severity = "fatal"')
    assert err.key == "rule[2].severity"


def test_duplicate_id_in_one_file(tmp_path: Path) -> None:
    text = SOURCE + _rule("T-1") + _rule("T-2") + _rule("T-1")
    err = _load_error(tmp_path, t=text)
    assert err.line == _line_of(text, 'id = "T-1"', occurrence=2)
    assert err.key == "rule[2].id"


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    first = SOURCE + _rule("T-1")
    second = SOURCE + _rule("T-2") + _rule("T-1")
    err = _load_error(tmp_path, a=first, b=second)
    assert err.path.endswith("b.toml")
    assert err.line == _line_of(second, 'id = "T-1"')
    assert err.key == "rule[1].id"
    assert "a.toml" in err.message("en")


def test_toml_syntax_error(tmp_path: Path) -> None:
    text = SOURCE + _rule("T-1") + _rule("T-2", extra="testable_note true")
    err = _load_error(tmp_path, t=text)
    assert err.line == _line_of(text, "testable_note true")
    assert err.key is None  # a syntax error has no key; the line is what the user needs
    assert "TOML" in err.message("en")
