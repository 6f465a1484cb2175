"""The rule catalog: every rule the harness knows, as data (conformance/data/rules/*.toml).

Each file holds the rules of one source (a regulation or a technical standard) under a
`[source]` table; each `[[rule]]` carries its ID, where it sits in the source (Điều / khoản /
điểm, or a section for standards), its Vietnamese and English title, its default severity and
whether software can test it. Which profiles include a rule is read from the profiles, and which
validator functions cover it from the code (`conformance.checks`): nothing is typed twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from conformance.datafiles import DataFileError, locate, read_toml
from conformance.findings import Severity, Text
from conformance.resources import data_path

RULES_DIR = data_path("rules")

_SOURCE_KEYS = {"prefix", "document", "title_vi", "title_en", "file", "kind", "article_word"}
_RULE_KEYS = {
    "id", "article", "clause", "point", "section", "title_vi", "title_en",
    "severity", "testable", "area", "note",
}
_REQUIRED_RULE_KEYS = {"id", "title_vi", "title_en", "severity", "testable"}


@dataclass(frozen=True)
class Source:
    prefix: str
    document: str
    title: Text
    file: str | None
    kind: str  # "regulation" or "standard"
    article_word: str = "Điều"  # a công văn numbers its parts "mục", not "Điều"


@dataclass(frozen=True)
class ClauseRef:
    """Where a rule sits in its source document."""

    source: Source
    article: str | None = None  # Điều (or mục for a công văn)
    clause: str | None = None   # khoản
    point: str | None = None    # điểm
    section: str | None = None  # free text for standards without article numbering

    def cite(self, lang: str = "vi") -> str:
        parts: list[str] = []
        if lang == "en":
            if self.point:
                parts.append(f"point {self.point}")
            if self.clause:
                parts.append(f"clause {self.clause}")
            if self.article:
                word = "article" if self.source.article_word == "Điều" else "section"
                parts.append(f"{word} {self.article}")
        else:
            if self.point:
                parts.append(f"điểm {self.point}")
            if self.clause:
                parts.append(f"khoản {self.clause}")
            if self.article:
                parts.append(f"{self.source.article_word} {self.article}")
        if self.section:
            parts.append(self.section)
        where = " ".join(parts)
        where = where[:1].upper() + where[1:]
        return f"{where}, {self.source.document}" if where else self.source.document


@dataclass(frozen=True)
class Rule:
    id: str
    clause: ClauseRef
    title: Text
    severity: Severity
    testable: bool
    area: str | None = None
    note: str | None = None

    @property
    def prefix(self) -> str:
        return self.clause.source.prefix


class Catalog(Mapping[str, Rule]):
    def __init__(self, rules: list[Rule]) -> None:
        self._rules = {r.id: r for r in rules}

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    @property
    def sources(self) -> list[Source]:
        seen: dict[str, Source] = {}
        for rule in self._rules.values():
            seen.setdefault(rule.prefix, rule.clause.source)
        return list(seen.values())


def _source(path: Path, data: dict[str, Any], text: str) -> Source:
    raw = data.get("source")
    if not isinstance(raw, dict):
        raise DataFileError(path, "thiếu bảng [source]", "missing [source] table", key="source")
    for key in raw:
        if key not in _SOURCE_KEYS:
            raise DataFileError(
                path, f"khóa không hợp lệ '{key}'", f"unknown key '{key}'",
                line=locate(text, "source", key), key=key,
            )
    for key in ("prefix", "document", "title_vi", "title_en", "kind"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise DataFileError(
                path, f"thiếu hoặc sai kiểu '{key}' (cần chuỗi)",
                f"'{key}' missing or not a string",
                line=locate(text, "source", key) or locate(text, "source"), key=f"source.{key}",
            )
    return Source(
        prefix=raw["prefix"],
        document=raw["document"],
        title=Text(raw["title_vi"], raw["title_en"]),
        file=raw.get("file"),
        kind=raw["kind"],
        article_word=raw.get("article_word", "Điều"),
    )


def _rule(path: Path, text: str, index: int, raw: dict[str, Any], source: Source) -> Rule:
    def err(key: str, vi: str, en: str) -> DataFileError:
        return DataFileError(
            path, vi, en,
            line=locate(text, "rule", key, index) or locate(text, "rule", None, index),
            key=f"rule[{index}].{key}",
        )

    for key in raw:
        if key not in _RULE_KEYS:
            raise err(key, f"khóa không hợp lệ '{key}'", f"unknown key '{key}'")
    for key in _REQUIRED_RULE_KEYS:
        if key not in raw:
            raise err(key, f"thiếu khóa bắt buộc '{key}'", f"missing required key '{key}'")
    rule_id = raw["id"]
    if not isinstance(rule_id, str) or not rule_id.startswith(source.prefix + "-"):
        raise err("id", f"mã quy tắc phải bắt đầu bằng '{source.prefix}-'",
                  f"rule ID must start with '{source.prefix}-'")
    try:
        severity = Severity(raw["severity"])
    except ValueError:
        raise err("severity", "mức độ phải là error, warning hoặc info",
                  "severity must be error, warning or info") from None
    if not isinstance(raw["testable"], bool):
        raise err("testable", "testable phải là true hoặc false", "testable must be true or false")
    return Rule(
        id=rule_id,
        clause=ClauseRef(
            source=source,
            article=_opt_str(raw.get("article")),
            clause=_opt_str(raw.get("clause")),
            point=_opt_str(raw.get("point")),
            section=_opt_str(raw.get("section")),
        ),
        title=Text(raw["title_vi"], raw["title_en"]),
        severity=severity,
        testable=raw["testable"],
        area=raw.get("area"),
        note=raw.get("note"),
    )


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def load_catalog(directory: Path = RULES_DIR) -> Catalog:
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    for path in sorted(directory.glob("*.toml")):
        data, text = read_toml(path)
        source = _source(path, data, text)
        for index, raw in enumerate(data.get("rule", [])):
            rule = _rule(path, text, index, raw, source)
            if rule.id in seen:
                raise DataFileError(
                    path, f"mã quy tắc {rule.id} trùng với {seen[rule.id].name}",
                    f"rule ID {rule.id} duplicates one in {seen[rule.id].name}",
                    line=locate(text, "rule", "id", index), key=f"rule[{index}].id",
                )
            seen[rule.id] = path
            rules.append(rule)
    return Catalog(rules)


@cache
def catalog() -> Catalog:
    """The shipped catalog, loaded once."""
    return load_catalog()
