"""Số và ký hiệu: the number and notation of a document.

Shapes (NĐ 30/2020/NĐ-CP Phụ lục I mục II.3 and Phụ lục III; Luật Ban hành VBQPPL Điều 10):

* legal (văn bản quy phạm pháp luật): `số/năm/LOẠI-CƠQUAN` — `28/2018/QĐ-TTg`,
  `30/2020/NĐ-CP`, joint `01/2019/TTLT-BNV-VPCP`; laws and resolutions of the Quốc hội carry no
  type: `20/2023/QH15`. The year has four digits.
* administrative with a type: `số/LOẠI-CƠQUAN[-ĐƠNVỊ]` — `15/QĐ-BNV`, `12/TB-UBND`.
* công văn (no type abbreviation): `số/CƠQUAN-ĐƠNVỊ` — `05/BNV-VP`, `11796/VPCP-KSTT`.
* copies: `số/SY|SL|TrS-CƠQUAN` — `512/SY-VPUBND`.

Everywhere: Arabic numerals, numbers below 10 with a leading zero, '/' between number and
notation, '-' between the groups, no spaces; administrative ký hiệu in capitals except the mixed-
case codes of the table (QyĐ, CTr, TTr, TrS) and conventional ones such as TTg.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from conformance.checks import covers
from conformance.datafiles import DataFileError, read_toml
from conformance.findings import Finding, Location, Severity, Status, Text, finding
from conformance.identifiers._common import (
    as_text,
    describe_char,
    fold,
    has_space,
    is_ascii_digits,
    shorten,
)
from conformance.resources import data_path

LEGAL = "legal"
ADMINISTRATIVE = "administrative"
CONG_VAN = "cong_van"
COPY = "copy"
KINDS = (LEGAL, ADMINISTRATIVE, CONG_VAN, COPY)

ABBREVIATIONS_PATH = data_path("abbreviations.toml")
MIN_YEAR, MAX_YEAR = 1945, 2100

_NOTATION_RE = re.compile(r"([0-9]+)/(?:([0-9]{4})/)?([^\s/]+)")
_FIRST_GROUP_RE = re.compile(r"[A-Za-zĐđ][A-Za-zĐđ0-9.]*")
_GROUP_RE = re.compile(r"[A-Za-zĐđ0-9.]+")
_LEGAL_LOOK_RE = re.compile(r"\s*[0-9]+\s*/\s*[0-9]+\s*/")
_COPY_LOOK_RE = re.compile(r"[^/]*/\s*(SY|SL|TRS)\b", re.IGNORECASE)
_NUMBER_PREFIX_RE = re.compile(r"\s*s[ốôo]\s*:", re.IGNORECASE)
_DASH_LIKE = "‐‑‒–—―−_"
_ALLOWED = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzĐđ./-")

SEPARATOR_RULES = "'/' giữa số và ký hiệu, '-' giữa các nhóm, không cách chữ"
SEPARATOR_RULES_EN = "'/' between number and notation, '-' between groups, no spaces"


# --- the abbreviation table (conformance/data/abbreviations.toml) -------------------------------


@dataclass(frozen=True)
class TypeEntry:
    """A document type (or copy form) and its abbreviation as the table writes it."""

    abbr: str  # "" when the type has none (Công văn, Thư công)
    name: Text
    aliases: tuple[str, ...] = ()
    scopes: frozenset[str] = frozenset()
    copy: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name.vi, *self.aliases)


@dataclass(frozen=True)
class LegalIssuer:
    pattern: re.Pattern[str]
    name: Text
    types: tuple[str, ...]


@dataclass(frozen=True)
class AbbreviationTable:
    types: tuple[TypeEntry, ...]
    copies: tuple[TypeEntry, ...]
    mixed_case_orgs: frozenset[str]
    issuers: tuple[LegalIssuer, ...]

    def lookup(self, abbr: str, scope: str) -> TypeEntry | None:
        """The type written `abbr` (compared in capitals) in a scope ("administrative",
        "legal")."""
        key = abbr.upper()
        for entry in self.types:
            if entry.abbr and entry.abbr.upper() == key and scope in entry.scopes:
                return entry
        return None

    def copy_entry(self, abbr: str) -> TypeEntry | None:
        key = abbr.upper()
        return next((e for e in self.copies if e.abbr.upper() == key), None)

    def by_name(self, name: str) -> TypeEntry | None:
        """The type a stated name (or abbreviation) means, ignoring case and diacritics."""
        key = fold(name)
        for entry in (*self.types, *self.copies):
            if key in {fold(n) for n in entry.names} or (entry.abbr and key == fold(entry.abbr)):
                return entry
        return None

    def entries_named(self, name: str) -> list[TypeEntry]:
        key = fold(name)
        return [e for e in (*self.types, *self.copies) if key in {fold(n) for n in e.names}]

    @property
    def mixed_case_forms(self) -> frozenset[str]:
        codes = {e.abbr for e in (*self.types, *self.copies) if e.abbr != e.abbr.upper()}
        return frozenset(codes) | self.mixed_case_orgs


def _str_list(path: Path, raw: Any, key: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise DataFileError(path, f"'{key}' phải là danh sách chuỗi", f"'{key}' must be a "
                            "list of strings", key=key)
    return tuple(raw)


def _type_entry(path: Path, raw: Any, index: int, table: str) -> TypeEntry:
    where = f"{table}[{index}]"
    if not isinstance(raw, dict):
        raise DataFileError(path, "mục không hợp lệ", "invalid entry", key=where)
    for key in ("abbr", "name_vi", "name_en"):
        if not isinstance(raw.get(key), str):
            raise DataFileError(path, f"thiếu '{key}'", f"'{key}' missing", key=f"{where}.{key}")
    scopes = _str_list(path, raw.get("scopes"), f"{where}.scopes")
    return TypeEntry(
        abbr=raw["abbr"],
        name=Text(raw["name_vi"], raw["name_en"]),
        aliases=_str_list(path, raw.get("aliases"), f"{where}.aliases"),
        scopes=frozenset(scopes),
        copy=table == "copy",
    )


def _issuer(path: Path, raw: Any, index: int) -> LegalIssuer:
    where = f"legal_issuer[{index}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("pattern"), str):
        raise DataFileError(path, "thiếu 'pattern'", "'pattern' missing", key=where)
    try:
        pattern = re.compile(raw["pattern"])
    except re.error as exc:
        raise DataFileError(path, f"biểu thức không hợp lệ: {exc}", f"invalid pattern: {exc}",
                            key=f"{where}.pattern") from None
    return LegalIssuer(
        pattern=pattern,
        name=Text(str(raw.get("name_vi", "")), str(raw.get("name_en", ""))),
        types=_str_list(path, raw.get("types"), f"{where}.types"),
    )


def load_abbreviations(path: Path | str = ABBREVIATIONS_PATH) -> AbbreviationTable:
    p = Path(path)
    data, _ = read_toml(p)
    mixed = data.get("mixed_case", {})
    orgs = _str_list(p, mixed.get("organisations") if isinstance(mixed, dict) else None,
                     "mixed_case.organisations")
    return AbbreviationTable(
        types=tuple(_type_entry(p, r, i, "type") for i, r in enumerate(data.get("type", []))),
        copies=tuple(_type_entry(p, r, i, "copy") for i, r in enumerate(data.get("copy", []))),
        mixed_case_orgs=frozenset(orgs),
        issuers=tuple(_issuer(p, r, i) for i, r in enumerate(data.get("legal_issuer", []))),
    )


@cache
def abbreviations() -> AbbreviationTable:
    """The shipped abbreviation table, loaded once."""
    return load_abbreviations()


# --- parsing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notation:
    """A parsed số và ký hiệu. `format()` gives the text back exactly."""

    number: str
    year: int | None
    type_abbr: str | None
    org_parts: tuple[str, ...]
    kind: str

    @property
    def groups(self) -> tuple[str, ...]:
        return ((self.type_abbr,) if self.type_abbr else ()) + self.org_parts

    @property
    def notation(self) -> str:
        """The ký hiệu: everything after the number and its '/'."""
        year = f"{self.year:04d}/" if self.year is not None else ""
        return year + "-".join(self.groups)

    def format(self) -> str:
        return f"{self.number}/{self.notation}"

    def __str__(self) -> str:
        return self.format()

    @property
    def type_entry(self) -> TypeEntry | None:
        table = abbreviations()
        if self.kind == COPY and self.type_abbr:
            return table.copy_entry(self.type_abbr)
        if self.type_abbr:
            scope = LEGAL if self.kind == LEGAL else ADMINISTRATIVE
            return table.lookup(self.type_abbr, scope)
        return None

    @property
    def type_name(self) -> str | None:
        """The Vietnamese name of the type the notation shows, when it shows exactly one."""
        types = self.possible_types
        return types[0] if len(types) == 1 else None

    @property
    def possible_types(self) -> tuple[str, ...]:
        """The type names the notation can belong to (empty when it cannot be told)."""
        entry = self.type_entry
        if entry is not None:
            return (entry.name.vi,)
        table = abbreviations()
        if self.kind == CONG_VAN:
            return tuple(e.name.vi for e in table.types if not e.abbr)
        if self.kind == LEGAL:
            for issuer in table.issuers:
                if any(issuer.pattern.fullmatch(g) for g in self.org_parts):
                    return issuer.types
        return ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "year": self.year,
            "type_abbr": self.type_abbr,
            "org_parts": list(self.org_parts),
            "kind": self.kind,
            "type": self.type_name,
        }


def _classify(number: str, year: int | None, groups: list[str]) -> Notation:
    table = abbreviations()
    first, rest = groups[0], tuple(groups[1:])
    if table.copy_entry(first):
        return Notation(number, year, first, rest, COPY)
    if year is not None:
        if table.lookup(first, LEGAL):
            return Notation(number, year, first, rest, LEGAL)
        return Notation(number, year, None, tuple(groups), LEGAL)
    if table.lookup(first, ADMINISTRATIVE):
        return Notation(number, None, first, rest, ADMINISTRATIVE)
    if rest and table.lookup(first, LEGAL):  # e.g. "30/NĐ-CP": a legal type without its year
        return Notation(number, None, first, rest, LEGAL)
    return Notation(number, None, None, tuple(groups), CONG_VAN)


def parse_notation(text: object) -> Notation | None:
    """Parse a số và ký hiệu; None when it is not `số/[năm/]NHÓM[-NHÓM…]` without spaces."""
    s = as_text(text)
    if not s or len(s) > 200:
        return None
    m = _NOTATION_RE.fullmatch(s)
    if not m:
        return None
    number, year, rest = m.groups()
    groups = rest.split("-")
    if not _FIRST_GROUP_RE.fullmatch(groups[0]):
        return None
    if not all(_GROUP_RE.fullmatch(g) for g in groups[1:]):
        return None
    return _classify(number, int(year) if year else None, groups)


# --- checks ------------------------------------------------------------------------------------


class Issue(NamedTuple):
    vi: str
    en: str
    expected: str | None = None
    severity: Severity | None = None


def _number_issues(number: str) -> list[Issue]:
    if set(number) == {"0"}:
        return [Issue("số văn bản phải bắt đầu từ 01", "the number must start at 01", "01")]
    if len(number) == 1:
        padded = "0" + number
        return [Issue(f"số nhỏ hơn 10 phải ghi thêm số 0 phía trước: '{padded}', không phải "
                      f"'{number}'", f"numbers below 10 take a leading zero: '{padded}', not "
                      f"'{number}'", padded)]
    if len(number) > 2 and number.startswith("0"):
        plain = number.lstrip("0").rjust(2, "0")
        return [Issue(f"thừa số 0 ở đầu: '{shorten(number, 20)}' (viết '{plain}')",
                      f"superfluous leading zeros: '{shorten(number, 20)}' (write '{plain}')",
                      plain)]
    return []


def _capitals_issue(notation: Notation, skip_type: bool) -> Issue | None:
    allowed = abbreviations().mixed_case_forms
    groups = notation.org_parts if skip_type else notation.groups
    lower = [g for g in groups if g != g.upper() and g not in allowed]
    if not lower:
        return None
    entry = notation.type_entry
    type_abbr = entry.abbr if entry is not None else notation.type_abbr
    orgs = tuple(g if g in allowed else g.upper() for g in notation.org_parts)
    if type_abbr is None:
        orgs = tuple(g if g in allowed else g.upper() for g in notation.groups)
    elif entry is None:
        type_abbr = type_abbr.upper()
    expected = replace(notation, type_abbr=type_abbr, org_parts=orgs).format()
    shown = ", ".join(f"'{g}'" for g in lower[:5])
    return Issue(f"ký hiệu phải viết hoa: {shown}", f"the notation must be in capitals: {shown}",
                 expected)


def _legal_issues(n: Notation) -> list[Issue]:
    issues = _number_issues(n.number)
    if n.year is None:
        issues.append(Issue(f"văn bản quy phạm pháp luật ({n.type_abbr}) phải ghi năm ban hành "
                            "đủ 4 chữ số: số/năm/ký hiệu", f"a legal document ({n.type_abbr}) "
                            "must carry its year in 4 digits: number/year/notation",
                            f"{n.number}/<năm>/{'-'.join(n.groups)}"))
    elif not MIN_YEAR <= n.year <= MAX_YEAR:
        issues.append(Issue(f"năm ban hành {n.year:04d} không hợp lý",
                            f"year {n.year:04d} is implausible", f"{MIN_YEAR}–{MAX_YEAR}"))
    if n.type_abbr and not n.org_parts:
        issues.append(Issue("thiếu chữ viết tắt cơ quan ban hành sau loại văn bản",
                            "the issuing body's abbreviation after the type is missing",
                            f"{n.number}/{n.year or '<năm>'}/{n.type_abbr}-<CƠ QUAN>"))
    entry = n.type_entry
    if entry is not None and n.type_abbr != entry.abbr:
        issues.append(Issue(f"chữ viết tắt loại văn bản viết là '{n.type_abbr}', cần "
                            f"'{entry.abbr}'", f"type abbreviation written '{n.type_abbr}', "
                            f"'{entry.abbr}' expected", entry.abbr))
    return issues


def _administrative_issues(n: Notation) -> list[Issue]:
    issues = _number_issues(n.number)
    capitals = _capitals_issue(n, skip_type=n.kind == ADMINISTRATIVE)
    if capitals:
        issues.append(capitals)
    if n.kind == ADMINISTRATIVE and not n.org_parts:
        issues.append(Issue("thiếu chữ viết tắt tên cơ quan ban hành sau loại văn bản",
                            "the issuing body's abbreviation after the type is missing",
                            f"{n.number}/{n.type_abbr}-<CƠ QUAN>"))
    if n.kind == CONG_VAN and len(n.org_parts) == 1:
        issues.append(Issue("ký hiệu công văn gồm chữ viết tắt tên cơ quan và chữ viết tắt tên "
                            "đơn vị soạn thảo hoặc lĩnh vực; thiếu nhóm thứ hai",
                            "a công văn's notation is the body's abbreviation plus the drafting "
                            "unit's (or field's); the second group is missing",
                            f"{n.number}/{n.org_parts[0]}-<ĐƠN VỊ>", Severity.WARNING))
    return issues


def _copy_issues(n: Notation) -> list[Issue]:
    issues = _number_issues(n.number)
    if n.year is not None:
        issues.append(Issue("số bản sao không ghi năm", "a copy number carries no year",
                            f"{n.number}/{'-'.join(n.groups)}"))
    if not n.org_parts:
        issues.append(Issue("thiếu chữ viết tắt tên cơ quan, tổ chức sao văn bản",
                            "the copying organisation's abbreviation is missing",
                            f"{n.number}/{n.type_abbr}-<CƠ QUAN>"))
    capitals = _capitals_issue(n, skip_type=True)
    if capitals:
        issues.append(capitals)
    return issues


_FORM_RULE = {LEGAL: "VBQPPL-SOKYHIEU", ADMINISTRATIVE: "ND30-PL1-SOKYHIEU",
              CONG_VAN: "ND30-PL1-SOKYHIEU", COPY: "ND30-PL1-BANSAO"}
_FORM_TEXT = {
    LEGAL: Text("số, ký hiệu văn bản quy phạm pháp luật", "legal document number"),
    ADMINISTRATIVE: Text("số, ký hiệu văn bản hành chính", "administrative document number"),
    CONG_VAN: Text("số, ký hiệu công văn", "công văn number"),
    COPY: Text("số, ký hiệu bản sao", "copy number"),
}


def _form_findings(n: Notation, location: Location | None) -> list[Finding]:
    rule_id = _FORM_RULE[n.kind]
    label = _FORM_TEXT[n.kind]
    issues = {LEGAL: _legal_issues, COPY: _copy_issues}.get(n.kind, _administrative_issues)(n)
    text = n.format()
    ev = n.to_dict()
    if not issues:
        return [finding(rule_id, Status.PASS, f"{label.vi.capitalize()} '{text}' đúng thể thức",
                        f"{label.en.capitalize()} '{text}' is well formed", found=text,
                        location=location, evidence=ev)]
    return [
        finding(rule_id, Status.FAIL, f"{label.vi.capitalize()} '{shorten(text)}': {i.vi}",
                f"{label.en.capitalize()} '{shorten(text)}': {i.en}", expected=i.expected,
                found=shorten(text), location=location, evidence=ev, severity=i.severity)
        for i in issues
    ]


def _abbreviation_finding(n: Notation, location: Location | None) -> Finding | None:
    text = n.format()
    ev = n.to_dict()
    if n.kind == CONG_VAN:
        return finding("ND30-PL3-VIETTAT", Status.PASS,
                       f"Ký hiệu '{text}' không có chữ viết tắt tên loại: công văn",
                       f"Notation '{text}' has no type abbreviation: a công văn", found=text,
                       location=location, evidence=ev)
    entry = n.type_entry
    if n.kind == LEGAL or entry is None or n.type_abbr is None:
        return None
    if n.type_abbr == entry.abbr:
        return finding("ND30-PL3-VIETTAT", Status.PASS,
                       f"Chữ viết tắt '{entry.abbr}' = {entry.name.vi} (Phụ lục III)",
                       f"Abbreviation '{entry.abbr}' = {entry.name.en} (Appendix III)",
                       found=n.type_abbr, location=location, evidence=ev)
    if entry.abbr != entry.abbr.upper():
        vi = (f"Chữ viết tắt '{n.type_abbr}' ({entry.name.vi}) được chấp nhận nhưng Bảng chữ viết "
              f"tắt (Phụ lục III) ghi '{entry.abbr}': quy định 'ký hiệu viết hoa' mâu thuẫn với "
              "cách viết chữ thường xen chữ hoa của Bảng; nên thống nhất theo Bảng")
        en = (f"Abbreviation '{n.type_abbr}' ({entry.name.en}) accepted, but the table "
              f"(Appendix III) writes '{entry.abbr}': the rule 'notation in capitals' conflicts "
              "with the table's mixed case; following the table is advised")
    else:
        vi = (f"Chữ viết tắt '{n.type_abbr}' ({entry.name.vi}) phải viết đúng như Bảng chữ viết "
              f"tắt: '{entry.abbr}'")
        en = (f"Abbreviation '{n.type_abbr}' ({entry.name.en}) must be written as in the table: "
              f"'{entry.abbr}'")
    return finding("ND30-PL3-VIETTAT", Status.FAIL, vi, en, expected=entry.abbr,
                   found=n.type_abbr, location=location, evidence=ev, severity=Severity.WARNING)


def _is_cong_van(stated: str) -> bool:
    return any(not e.abbr and not e.copy for e in abbreviations().entries_named(stated))


def _matches(stated: str, names: tuple[str, ...]) -> bool:
    """Whether a stated type is one of `names`, an alias of one or its abbreviation."""
    keys = {fold(n) for n in names}
    for name in names:
        for entry in abbreviations().entries_named(name):
            keys.update(fold(x) for x in entry.names)
            if entry.abbr:
                keys.add(fold(entry.abbr))
    return fold(stated) in keys


def _consistency_finding(n: Notation, stated: str, location: Location | None) -> Finding | None:
    if n.kind == COPY:
        return None
    rule_id = "QD28-10.2đ" if n.kind == LEGAL else "ND30-PL3-VIETTAT"
    text = n.format()
    possible = n.possible_types
    ev = {**n.to_dict(), "stated_type": stated, "possible_types": list(possible)}
    if not possible:
        return finding(rule_id, Status.INCONCLUSIVE,
                       f"Không suy ra được loại văn bản từ ký hiệu '{shorten(text)}' để đối chiếu "
                       f"với loại khai báo '{shorten(stated)}'",
                       f"The document type cannot be told from notation '{shorten(text)}' to "
                       f"compare with the stated type '{shorten(stated)}'",
                       found=shorten(stated), location=location, evidence=ev)
    derived = " / ".join(possible)
    if _matches(stated, possible):
        return finding(rule_id, Status.PASS,
                       f"Loại văn bản khai báo '{shorten(stated)}' khớp với ký hiệu '{text}'",
                       f"Stated type '{shorten(stated)}' matches notation '{text}'",
                       expected=derived, found=shorten(stated), location=location, evidence=ev)
    severity = None
    hint_vi = hint_en = ""
    if n.kind == ADMINISTRATIVE and _is_cong_van(stated):
        severity = Severity.WARNING
        hint_vi = (f"; nếu '{n.type_abbr}' là chữ viết tắt tên cơ quan (không phải loại văn bản) "
                   "thì đây là ký hiệu công văn")
        hint_en = (f"; if '{n.type_abbr}' abbreviates an organisation rather than a type, this "
                   "is a công văn notation")
    abbr = f" ({n.type_abbr})" if n.type_abbr else ""
    return finding(rule_id, Status.FAIL,
                   f"Loại văn bản suy ra từ ký hiệu '{shorten(text)}' là '{derived}'{abbr} nhưng "
                   f"gói tin khai báo '{shorten(stated)}'{hint_vi}",
                   f"The notation '{shorten(text)}' shows type '{derived}'{abbr} but the package "
                   f"states '{shorten(stated)}'{hint_en}",
                   expected=derived, found=shorten(stated), location=location, evidence=ev,
                   severity=severity)


def _stated_findings(n: Notation | None, stated: str | None,
                     location: Location | None) -> list[Finding]:
    if stated is None:
        return []
    if not stated.strip():
        return [finding("QD28-10.2đ", Status.FAIL, "Gói tin không có tên loại văn bản",
                        "The package carries no document type", expected="VD 'Quyết định', "
                        "'Công văn'", found=repr(stated), location=location)]
    known = abbreviations().by_name(stated) is not None
    out: list[Finding] = []
    consistency = _consistency_finding(n, stated, location) if n is not None else None
    if consistency is None or consistency.rule_id != "QD28-10.2đ":
        note_vi = "" if known else " (không thuộc danh mục loại văn bản của NĐ 30/2020)"
        note_en = "" if known else " (not one of the types of NĐ 30/2020)"
        out.append(finding("QD28-10.2đ", Status.PASS,
                           f"Gói tin có tên loại văn bản: '{shorten(stated)}'{note_vi}",
                           f"The package carries the document type: '{shorten(stated)}'{note_en}",
                           found=shorten(stated), location=location,
                           evidence={"stated_type": stated, "known": known}))
    if consistency is not None:
        out.append(consistency)
    return out


def _malformed_rule(text: str) -> str:
    if _LEGAL_LOOK_RE.match(text):
        return "VBQPPL-SOKYHIEU"
    if _COPY_LOOK_RE.match(text):
        return "ND30-PL1-BANSAO"
    return "ND30-PL1-SOKYHIEU"


def _separator_issues(compact: str) -> list[Issue]:
    issues: list[Issue] = []
    parts = compact.split("/")
    number = parts[0]
    if not is_ascii_digits(number):
        issues.append(Issue(f"số '{shorten(number, 20)}' phải viết bằng chữ số Ả Rập",
                            f"number '{shorten(number, 20)}' must be in Arabic numerals"))
    if len(parts) >= 3 and is_ascii_digits(parts[1]) and len(parts[1]) != 4:
        issues.append(Issue(f"năm ban hành '{parts[1]}' phải ghi đủ 4 chữ số",
                            f"year '{parts[1]}' must be written in full (4 digits)"))
    extra = len(parts) - (3 if len(parts) >= 3 and is_ascii_digits(parts[1]) else 2)
    if extra > 0:
        issues.append(Issue("chỉ dùng '/' giữa số (và năm) với ký hiệu; giữa các nhóm chữ viết tắt "
                            "dùng '-'", "use '/' only between number (and year) and notation; "
                            "use '-' between abbreviation groups"))
    groups = parts[-1].split("-")
    if "" in groups:
        issues.append(Issue("có nhóm chữ viết tắt rỗng (dấu '-' thừa hoặc thiếu ký hiệu)",
                            "an empty abbreviation group (stray '-' or missing notation)"))
    elif groups[0][:1].isdigit():
        issues.append(Issue("nhóm đầu của ký hiệu phải là chữ viết tắt",
                            "the notation's first group must be an abbreviation"))
    return issues


def _malformed_issues(text: str) -> list[Issue]:
    issues: list[Issue] = []
    body = text
    prefix = _NUMBER_PREFIX_RE.match(text)
    if prefix:
        body = text[prefix.end():]
        stripped = body.strip()
        issues.append(Issue("bỏ chữ 'Số:' — trường chỉ ghi số và ký hiệu",
                            "drop the word 'Số:' — the field holds the number and notation only",
                            stripped if parse_notation(stripped) else None))
    compact = "".join(body.split())
    if has_space(body.strip()) or (not prefix and has_space(body)):
        issues.append(Issue("có khoảng trắng: số và ký hiệu viết liền, không cách chữ",
                            "contains spaces: number and notation are written without spaces",
                            compact if parse_notation(compact) else None))
    dashes = sorted({c for c in compact if c in _DASH_LIKE})
    if dashes:
        shown = ", ".join(describe_char(c) for c in dashes)
        issues.append(Issue(f"dùng dấu gạch nối '-' giữa các nhóm, không dùng {shown}",
                            f"use the hyphen '-' between groups, not {shown}"))
    bad = sorted({c for c in compact if c not in _ALLOWED and c not in _DASH_LIKE})
    if bad:
        shown = ", ".join(describe_char(c) for c in bad[:5])
        issues.append(Issue(f"có ký tự không hợp lệ: {shown}", f"invalid characters: {shown}"))
    if "/" not in compact:
        issues.append(Issue("thiếu dấu '/' giữa số và ký hiệu",
                            "the '/' between number and notation is missing"))
    elif not (dashes or bad):
        issues.extend(_separator_issues(compact))
    if not issues:
        issues.append(Issue("không đúng mẫu số/ký hiệu", "does not match number/notation"))
    return issues


def _malformed_findings(text: str, location: Location | None) -> list[Finding]:
    rule_id = _malformed_rule(text)
    example = {"VBQPPL-SOKYHIEU": "28/2018/QĐ-TTg", "ND30-PL1-BANSAO": "512/SY-VPUBND"}.get(
        rule_id, "15/QĐ-BNV, 05/BNV-VP")
    found = shorten(text)
    return [
        finding(rule_id, Status.FAIL, f"Số và ký hiệu '{found}': {i.vi}",
                f"Number and notation '{found}': {i.en}",
                expected=i.expected or f"{SEPARATOR_RULES} / {SEPARATOR_RULES_EN}; VD {example}",
                found=found, location=location, evidence={"length": len(text)})
        for i in _malformed_issues(text)
    ]


@covers("QD28-10.2c", "QD28-10.2đ", "ND30-PL1-SOKYHIEU", "ND30-PL3-VIETTAT", "ND30-PL1-BANSAO",
        "VBQPPL-SOKYHIEU")
def check_notation(
    value: str,
    *,
    stated_type: str | None = None,
    location: Location | None = None,
) -> list[Finding]:
    """Check a số và ký hiệu (CodeNumber/CodeNotation joined with '/').

    With `stated_type` (the package's TypeName, e.g. "Quyết định"), the type the notation shows is
    compared with it, ignoring case and diacritics: under ND30-PL3-VIETTAT for administrative
    documents and công văn, under QD28-10.2đ for legal documents.
    """
    text = as_text(value)
    stated = as_text(stated_type)
    if text is None or not text.strip():
        missing = finding("QD28-10.2c", Status.FAIL, "Thiếu số và ký hiệu văn bản",
                          "The document number and notation are missing",
                          expected="VD 15/QĐ-BNV", found=None if text is None else repr(text),
                          location=location)
        return [missing, *_stated_findings(None, stated, location)]
    out = [finding("QD28-10.2c", Status.PASS, f"Có số và ký hiệu văn bản: '{shorten(text)}'",
                   f"The document number and notation are present: '{shorten(text)}'",
                   found=shorten(text), location=location)]
    parsed = parse_notation(text)
    if parsed is None:
        return out + _malformed_findings(text, location) + _stated_findings(None, stated, location)
    if parsed.kind == LEGAL and parsed.year is None and stated and _is_cong_van(stated):
        parsed = Notation(parsed.number, None, None, parsed.groups, CONG_VAN)
    out += _form_findings(parsed, location)
    abbreviation = _abbreviation_finding(parsed, location)
    if abbreviation is not None:
        out.append(abbreviation)
    return out + _stated_findings(parsed, stated, location)
