"""Agency identifiers (mã định danh cơ quan, tổ chức) in their two written forms.

* QCVN 102:2016 (form "qcvn102"): `V1V2V3.Z1Z2.Y1Y2.MX1X2`, 13 characters in four dot-separated
  groups written lowest level first; level 1 (one capital letter + two digits, e.g. G22) is the
  right-most group, levels 2 and 3 have two digits, level 4 three digits; an unused level is a zero
  group. `000.46.24.H44` is a level-3 body whose parent is `000.00.24.H44`.
* QĐ 20/2020/QĐ-TTg Điều 4 (form "qd20", adopted by QCVN 102:2016/SĐ1:2022): at most 35
  characters of 0-9, A-Z and '.', groups from level 1 (left) downward, unused levels left out:
  `G22`, `H37.02.02`, `H55.242`. The widths of the lower groups are not published; converting to
  the 13-character form is possible only when they fit it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from conformance.checks import covers
from conformance.findings import Finding, Location, Severity, Status, Text, finding
from conformance.identifiers._common import (
    Problem,
    as_text,
    describe_char,
    has_space,
    is_ascii_digits,
    join_problems,
    shorten,
)
from conformance.identifiers.registry import registry

QCVN102 = "qcvn102"
QD20 = "qd20"
FORMS = (QCVN102, QD20)

QCVN102_LENGTH = 13
QCVN102_PATTERN = "V1V2V3.Z1Z2.Y1Y2.MX1X2"
QCVN102_EXAMPLE = "000.00.00.G22"
QD20_MAX_LENGTH = 35
QD20_EXAMPLE = "H37.02.02"
MAX_LEVELS = 4
LOWER_WIDTHS = (2, 2, 3)  # widths of levels 2, 3 and 4 in the QCVN 102 form
_WRITTEN_WIDTHS = (3, 2, 2, 3)  # QCVN 102 groups left to right

_QCVN102_RE = re.compile(r"([0-9]{3})\.([0-9]{2})\.([0-9]{2})\.([A-Z][0-9]{2})")
_LEVEL1_RE = re.compile(r"[A-Z][0-9]{2}")
_SEPARATORS = "-,/_;: "

KINDS: dict[str, str] = {"G": "government", "H": "province_committee", "K": "province_council"}
KIND_TEXT: dict[str, Text] = {
    "government": Text(
        "cơ quan của Chính phủ (bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ)",
        "Government body (ministry, ministry-level agency, agency under the Government)",
    ),
    "province_committee": Text(
        "Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương", "provincial People's Committee"
    ),
    "province_council": Text(
        "Hội đồng nhân dân tỉnh, thành phố trực thuộc trung ương", "provincial People's Council"
    ),
    "unknown": Text("nhóm cơ quan chưa xác định", "unknown group of bodies"),
}


def _is_zero(group: str) -> bool:
    return bool(group) and set(group) == {"0"}


@dataclass(frozen=True)
class AgencyCode:
    """A parsed agency code. `levels` holds the groups from level 1 downward as written (for
    the QCVN 102 form including its zero groups); `format()` gives the code back exactly."""

    form: str
    levels: tuple[str, ...]

    @property
    def level1(self) -> str:
        return self.levels[0]

    @property
    def depth(self) -> int:
        """The lowest level in use (1 = the level-1 body itself)."""
        if self.form == QD20:
            return len(self.levels)
        used = [i for i, group in enumerate(self.levels) if i == 0 or not _is_zero(group)]
        return used[-1] + 1

    @property
    def kind(self) -> str:
        """Group of bodies from the level-1 letter: government, province_committee,
        province_council or unknown."""
        return KINDS.get(self.level1[:1], "unknown")

    @property
    def hierarchy_ok(self) -> bool:
        """No level in use below an unused (zero) one."""
        return not any(_is_zero(group) for group in self.levels[1 : self.depth])

    @property
    def parent(self) -> AgencyCode | None:
        """The body one level up (the lowest level in use blanked), None for a level-1 body."""
        if self.depth <= 1:
            return None
        if self.form == QD20:
            return AgencyCode(QD20, self.levels[:-1])
        levels = list(self.levels)
        levels[self.depth - 1] = "0" * len(levels[self.depth - 1])
        return AgencyCode(QCVN102, tuple(levels))

    def format(self) -> str:
        groups = reversed(self.levels) if self.form == QCVN102 else iter(self.levels)
        return ".".join(groups)

    def __str__(self) -> str:
        return self.format()

    def to_dict(self) -> dict[str, Any]:
        parent = self.parent
        return {
            "code": self.format(),
            "form": self.form,
            "levels": list(self.levels),
            "depth": self.depth,
            "kind": self.kind,
            "parent": parent.format() if parent else None,
        }


def parse_agency_code(text: object) -> AgencyCode | None:
    """Parse a code in the QCVN 102 or the QĐ 20/2020 form; None when it is in neither.

    Only the written form is checked here: a QCVN 102 code with a gap in its levels (e.g.
    `001.00.10.H47`) parses, and `check_agency_code` reports the gap.
    """
    s = as_text(text)
    if not s or len(s) > QD20_MAX_LENGTH:
        return None
    m = _QCVN102_RE.fullmatch(s)
    if m:
        return AgencyCode(QCVN102, tuple(reversed(m.groups())))
    if not _qd20_problems(s):
        return AgencyCode(QD20, tuple(s.split(".")))
    return None


def _as_code(code: AgencyCode | str) -> AgencyCode | None:
    return code if isinstance(code, AgencyCode) else parse_agency_code(code)


def to_qd20(code: AgencyCode | str) -> AgencyCode | None:
    """The QĐ 20/2020 form of a code (`000.02.02.H37` → `H37.02.02`); None when the code does
    not parse or has a gap in its levels."""
    parsed = _as_code(code)
    if parsed is None or parsed.form == QD20:
        return parsed
    if not parsed.hierarchy_ok:
        return None
    return AgencyCode(QD20, parsed.levels[: parsed.depth])


def to_qcvn102(code: AgencyCode | str) -> AgencyCode | None:
    """The 13-character QCVN 102 form of a code (`H37.02.02` → `000.02.02.H37`); None when the
    lower groups do not fit its widths (2, 2 and 3 digits, non-zero)."""
    parsed = _as_code(code)
    if parsed is None or parsed.form == QCVN102:
        return parsed
    lower = parsed.levels[1:]
    if len(lower) > len(LOWER_WIDTHS):
        return None
    for group, width in zip(lower, LOWER_WIDTHS, strict=False):
        if len(group) != width or not is_ascii_digits(group) or _is_zero(group):
            return None
    padded = list(lower) + ["0" * w for w in LOWER_WIDTHS[len(lower) :]]
    return AgencyCode(QCVN102, (parsed.level1, *padded))


# --- diagnostics -------------------------------------------------------------------------------


def _char_problem(chars: Sequence[str]) -> Problem:
    shown = ", ".join(describe_char(c) for c in chars[:5])
    more = " …" if len(chars) > 5 else ""
    if any(c.isspace() for c in chars):
        return (f"có khoảng trắng hoặc ký tự không hợp lệ: {shown}{more}",
                f"contains white space or invalid characters: {shown}{more}")
    if any(c.islower() for c in chars):
        return (f"có chữ thường (phải viết hoa): {shown}{more}",
                f"contains lower-case letters (capitals required): {shown}{more}")
    return (f"có ký tự không hợp lệ: {shown}{more}", f"contains invalid characters: {shown}{more}")


def _qd20_problems(text: str) -> list[Problem]:
    """Why a text is not a QĐ 20/2020 code (of a ministry or a locality); empty when it is."""
    problems: list[Problem] = []
    if len(text) > QD20_MAX_LENGTH:
        problems.append((f"dài {len(text)} ký tự, tối đa {QD20_MAX_LENGTH}",
                         f"{len(text)} characters long, at most {QD20_MAX_LENGTH}"))
    bad = sorted({c for c in text if not (c == "." or "0" <= c <= "9" or "A" <= c <= "Z")})
    if bad:
        problems.append(_char_problem(bad))
    groups = text.split(".")
    if "" in groups:
        problems.append(("có nhóm rỗng (dấu chấm ở đầu, ở cuối hoặc hai dấu chấm liền nhau)",
                         "has an empty group (leading, trailing or doubled dot)"))
    if groups[0] and not _LEVEL1_RE.fullmatch(groups[0]):
        first = shorten(groups[0], 20)
        problems.append((f"nhóm đầu '{first}' phải là mã cấp 1: một chữ in hoa và hai chữ số "
                         "(VD G22, H37)",
                         f"first group '{first}' must be a level-1 code: one capital letter and "
                         "two digits (e.g. G22, H37)"))
    if len(groups) > MAX_LEVELS:
        problems.append((f"có {len(groups)} nhóm, tối đa {MAX_LEVELS} cấp",
                         f"has {len(groups)} groups, at most {MAX_LEVELS} levels"))
    if any(_is_zero(g) for g in groups[1:]):
        problems.append(("có nhóm toàn số 0: dạng QĐ 20 bỏ các cấp không dùng",
                         "has an all-zero group: the QĐ 20 form leaves unused levels out"))
    return problems


def _structure_problems(text: str) -> list[Problem]:
    """QĐ 28/2018 Điều 10.2a: 13 characters, 4 groups separated by dots."""
    problems: list[Problem] = []
    if has_space(text):
        problems.append(("có khoảng trắng", "contains white space"))
    if len(text) != QCVN102_LENGTH:
        problems.append((f"dài {len(text)} ký tự, cần {QCVN102_LENGTH}",
                         f"{len(text)} characters long, {QCVN102_LENGTH} required"))
    groups = text.split(".")
    if len(groups) != 4:
        seps = sorted({c for c in text if c in _SEPARATORS and c != " "})
        hint_vi = hint_en = ""
        if seps:
            shown = " ".join(f"'{c}'" for c in seps)
            hint_vi = f" (dùng {shown} thay cho dấu chấm?)"
            hint_en = f" ({shown} used instead of dots?)"
        problems.append((f"có {len(groups)} nhóm, cần 4 nhóm phân cách bởi dấu chấm{hint_vi}",
                         f"has {len(groups)} groups, 4 dot-separated groups required{hint_en}"))
    return problems


def _group_problems(groups: list[str]) -> list[Problem]:
    """QCVN 102 group widths and characters, for a text already split into 4 groups."""
    problems: list[Problem] = []
    names = (("V1V2V3", 4), ("Z1Z2", 3), ("Y1Y2", 2))
    for group, width, (name, level) in zip(groups[:3], _WRITTEN_WIDTHS, names, strict=False):
        if len(group) != width or not is_ascii_digits(group):
            g = shorten(group, 20)
            problems.append((f"nhóm {name} (cấp {level}) là '{g}', cần {width} chữ số",
                             f"group {name} (level {level}) is '{g}', {width} digits required"))
    level1 = groups[3]
    if not _LEVEL1_RE.fullmatch(level1):
        g = shorten(level1, 20)
        if _LEVEL1_RE.fullmatch(level1.upper()):
            why_vi, why_en = "chữ cái phải viết hoa", "the letter must be a capital"
        elif is_ascii_digits(level1):
            why_vi, why_en = "thiếu chữ cái chỉ nhóm cơ quan", "the group letter is missing"
        else:
            why_vi = why_en = ""
        sep_vi, sep_en = (": " + why_vi, ": " + why_en) if why_vi else ("", "")
        problems.append((f"nhóm cấp 1 (MX1X2) là '{g}', cần một chữ in hoa và hai chữ số, "
                         f"VD G22{sep_vi}",
                         f"level-1 group (MX1X2) is '{g}', one capital letter and two digits "
                         f"required, e.g. G22{sep_en}"))
    return problems


def _content_problems(text: str) -> list[Problem]:
    groups = text.split(".")
    if len(groups) == 4:
        problems = _group_problems(groups)
        if problems:
            return problems
    return [(f"không đúng mẫu {QCVN102_PATTERN} (VD {QCVN102_EXAMPLE})",
             f"does not match {QCVN102_PATTERN} (e.g. {QCVN102_EXAMPLE})")]


def _hierarchy_problem(code: AgencyCode) -> Problem | None:
    if code.hierarchy_ok:
        return None
    gap = next(i for i in range(1, code.depth) if _is_zero(code.levels[i])) + 1
    low = code.depth
    return (f"cấp {low} khác 0 ('{code.levels[low - 1]}') nhưng cấp {gap} bằng 0 "
            f"('{code.levels[gap - 1]}'): cấp dưới khác 0 thì các cấp trên phải khác 0",
            f"level {low} is set ('{code.levels[low - 1]}') but level {gap} is zero "
            f"('{code.levels[gap - 1]}'): a non-zero lower level needs all higher levels")


def _level1_candidate(text: str) -> str | None:
    groups = text.split(".")
    if len(groups) == 4 and _LEVEL1_RE.fullmatch(groups[3]):
        return groups[3]
    if _LEVEL1_RE.fullmatch(groups[0]):
        return groups[0]
    return None


# --- findings ----------------------------------------------------------------------------------


def _evidence(code: AgencyCode) -> dict[str, Any]:
    evidence = code.to_dict()
    other = to_qd20(code) if code.form == QCVN102 else to_qcvn102(code)
    evidence["equivalent"] = other.format() if other else None
    return evidence


def _registry_finding(level1: str, location: Location | None,
                      evidence: dict[str, Any] | None = None) -> Finding:
    reg = registry()
    entry = reg.get(level1)
    ev: dict[str, Any] = dict(evidence or {})
    ev.update({"registry": reg.title.vi, "registry_file": reg.path, "level1": level1})
    if entry is None:
        return finding(
            "QCVN102-ORGID-REGISTRY", Status.FAIL,
            f"Mã cấp 1 '{level1}' không có trong danh mục mã cấp 1 đi kèm bộ kiểm thử",
            f"Level-1 code '{level1}' is not in the harness's registry of level-1 codes",
            expected="mã cấp 1 đã công bố / a published level-1 code", found=level1,
            location=location, evidence=ev,
        )
    ev.update({"name_vi": entry.name.vi, "name_en": entry.name.en,
               "inferred": entry.inferred, "closed": entry.closed})
    if entry.note:
        ev["note"] = entry.note
    if entry.closed:
        return finding(
            "QCVN102-ORGID-REGISTRY", Status.FAIL,
            f"Mã cấp 1 '{level1}' ({entry.name.vi}) đã bị đóng, không còn dùng",
            f"Level-1 code '{level1}' ({entry.name.en}) is closed and no longer in use",
            expected="mã cấp 1 đang dùng / a level-1 code in use", found=level1,
            location=location, evidence=ev,
        )
    note_vi = " (mã suy luận, chưa có văn bản công khai xác nhận)" if entry.inferred else ""
    note_en = " (inferred code, not confirmed by a public document)" if entry.inferred else ""
    return finding(
        "QCVN102-ORGID-REGISTRY", Status.PASS,
        f"Mã cấp 1 '{level1}' là {entry.name.vi}{note_vi}",
        f"Level-1 code '{level1}' is {entry.name.en}{note_en}",
        found=level1, location=location, evidence=ev,
    )


def _not_applicable(rule_id: str, vi: str, en: str, location: Location | None,
                    found: str | None = None) -> Finding:
    return finding(rule_id, Status.NOT_APPLICABLE, vi, en, found=found, location=location)


def _missing(text: str | None, location: Location | None) -> list[Finding]:
    found = None if text is None else repr(shorten(text))
    why_vi, why_en = "không có mã để kiểm tra", "no code to check"
    return [
        finding("QD28-10.2a", Status.FAIL, "Thiếu mã định danh cơ quan, tổ chức",
                "The agency identifier is missing",
                expected=f"{QCVN102_PATTERN} (VD {QCVN102_EXAMPLE})", found=found,
                location=location),
        _not_applicable("QCVN102-ORGID", why_vi.capitalize(), why_en.capitalize(), location),
        _not_applicable("QCVN102-ORGID-REGISTRY", why_vi.capitalize(), why_en.capitalize(),
                        location),
        _not_applicable("QD20-4.1", why_vi.capitalize(), why_en.capitalize(), location),
    ]


def _check_qcvn102(code: AgencyCode, accepted: frozenset[str],
                   location: Location | None) -> list[Finding]:
    text = code.format()
    ev = _evidence(code)
    kind = KIND_TEXT[code.kind]
    out = [finding(
        "QD28-10.2a", Status.PASS,
        f"Mã định danh '{text}' gồm 13 ký tự, 4 nhóm phân cách bởi dấu chấm",
        f"Agency identifier '{text}' has 13 characters in 4 dot-separated groups",
        found=text, location=location, evidence=ev,
    )]
    problem = _hierarchy_problem(code)
    if problem:
        out.append(finding(
            "QCVN102-ORGID", Status.FAIL, f"Mã định danh '{text}': {problem[0]}",
            f"Agency identifier '{text}': {problem[1]}",
            expected=f"{QCVN102_PATTERN}; cấp dưới khác 0 ⇒ các cấp trên khác 0 / a non-zero "
                     "lower level needs non-zero higher levels",
            found=text, location=location, evidence=ev,
        ))
    else:
        out.append(finding(
            "QCVN102-ORGID", Status.PASS,
            f"Mã định danh '{text}' đúng cấu trúc QCVN 102: cơ quan cấp {code.depth}, "
            f"thuộc {kind.vi}",
            f"Agency identifier '{text}' follows QCVN 102: a level-{code.depth} body under a "
            f"{kind.en}",
            found=text, location=location, evidence=ev,
        ))
    out.append(_registry_finding(code.level1, location, ev))
    if QD20 in accepted and QCVN102 not in accepted:
        other = ev["equivalent"]
        out.append(finding(
            "QD20-4.1", Status.FAIL,
            f"Mã '{text}' theo dạng 13 ký tự của QCVN 102:2016; hồ sơ kiểm thử yêu cầu dạng "
            f"mã định danh điện tử QĐ 20/2020" + (f" (tương đương: {other})" if other else ""),
            f"Code '{text}' is in the 13-character QCVN 102:2016 form; the profile requires the "
            f"QĐ 20/2020 electronic-identifier form" + (f" (equivalent: {other})" if other else ""),
            expected=other or QD20_EXAMPLE, found=text, location=location, evidence=ev,
        ))
    else:
        out.append(_not_applicable(
            "QD20-4.1", "Mã theo dạng 13 ký tự của QCVN 102, không phải dạng QĐ 20/2020",
            "The code is in the 13-character QCVN 102 form, not the QĐ 20/2020 form",
            location, text,
        ))
    return out


def _check_qd20(code: AgencyCode, accepted: frozenset[str],
                location: Location | None) -> list[Finding]:
    text = code.format()
    ev = _evidence(code)
    other = ev["equivalent"]
    if QD20 in accepted:
        structure = finding(
            "QD28-10.2a", Status.PASS,
            f"Mã '{text}' theo dạng mã định danh điện tử QĐ 20/2020, được chấp nhận theo "
            "QCVN 102:2016/SĐ1:2022 và hồ sơ kiểm thử",
            f"Code '{text}' is in the QĐ 20/2020 electronic-identifier form, accepted under "
            "QCVN 102:2016/SĐ1:2022 and by the profile",
            found=text, location=location, evidence=ev,
        )
    else:
        structure = finding(
            "QD28-10.2a", Status.FAIL,
            f"Mã '{text}' không theo dạng 13 ký tự, 4 nhóm của QĐ 28/2018 Điều 10.2a mà theo "
            "dạng mã định danh điện tử QĐ 20/2020; QCVN 102:2016/SĐ1:2022 chấp nhận dạng này"
            + (f" (dạng 13 ký tự tương đương: {other})" if other else ""),
            f"Code '{text}' is not in the 13-character, 4-group form of QĐ 28/2018 Article 10.2a "
            "but in the QĐ 20/2020 electronic-identifier form, which QCVN 102:2016/SĐ1:2022 "
            "accepts" + (f" (13-character equivalent: {other})" if other else ""),
            expected=other or f"{QCVN102_PATTERN} (VD {QCVN102_EXAMPLE})", found=text,
            location=location, evidence=ev, severity=Severity.WARNING,
        )
    return [
        structure,
        _not_applicable(
            "QCVN102-ORGID", "Mã theo dạng QĐ 20/2020; quy tắc nhóm của QCVN 102 không áp dụng",
            "The code is in the QĐ 20/2020 form; the QCVN 102 group rules do not apply",
            location, text,
        ),
        _registry_finding(code.level1, location, ev),
        finding(
            "QD20-4.1", Status.PASS,
            f"Mã '{text}' đúng dạng mã định danh điện tử QĐ 20/2020: cơ quan cấp {code.depth}",
            f"Code '{text}' is a valid QĐ 20/2020 electronic identifier: a level-{code.depth} "
            "body",
            found=text, location=location, evidence=ev,
        ),
    ]


def _check_malformed(text: str, accepted: frozenset[str],
                     location: Location | None) -> list[Finding]:
    found = shorten(text)
    hint = parse_agency_code(text.strip()) if text != text.strip() else None
    expected = hint.format() if hint else f"{QCVN102_PATTERN} (VD {QCVN102_EXAMPLE})"
    ev: dict[str, Any] = {"length": len(text)}
    if hint:
        ev["trimmed"] = hint.format()
    structure = _structure_problems(text)
    out: list[Finding] = []
    if structure:
        vi, en = join_problems(structure)
        out.append(finding("QD28-10.2a", Status.FAIL, f"Mã định danh cơ quan {vi}",
                           f"Agency identifier {en}", expected=expected, found=found,
                           location=location, evidence=ev))
    else:
        out.append(finding("QD28-10.2a", Status.PASS,
                           "Mã định danh gồm 13 ký tự, 4 nhóm phân cách bởi dấu chấm",
                           "Agency identifier has 13 characters in 4 dot-separated groups",
                           found=found, location=location, evidence=ev))
    vi, en = join_problems(_content_problems(text))
    out.append(finding("QCVN102-ORGID", Status.FAIL, f"Mã định danh cơ quan: {vi}",
                       f"Agency identifier: {en}", expected=expected, found=found,
                       location=location, evidence=ev))
    level1 = _level1_candidate(text)
    if level1:
        out.append(_registry_finding(level1, location, ev))
    else:
        out.append(_not_applicable("QCVN102-ORGID-REGISTRY", "Không xác định được mã cấp 1",
                                   "No level-1 code could be read", location, found))
    if QD20 in accepted:
        vi, en = join_problems(_qd20_problems(text))
        out.append(finding("QD20-4.1", Status.FAIL, f"Không phải mã định danh điện tử QĐ 20/2020: "
                           f"{vi}", f"Not a QĐ 20/2020 electronic identifier: {en}",
                           expected=f"≤ {QD20_MAX_LENGTH} ký tự 0-9, A-Z, '.'; VD {QD20_EXAMPLE}",
                           found=found, location=location, evidence=ev))
    else:
        out.append(_not_applicable("QD20-4.1", "Hồ sơ kiểm thử không dùng dạng QĐ 20/2020",
                                   "The profile does not use the QĐ 20/2020 form", location, found))
    return out


def _accepted_forms(forms: object) -> frozenset[str]:
    if isinstance(forms, str):
        forms = (forms,)
    try:
        chosen = frozenset(f for f in forms if f in FORMS)  # type: ignore[attr-defined]
    except TypeError:
        chosen = frozenset()
    return chosen or frozenset({QCVN102})


@covers("QD28-10.2a", "QCVN102-ORGID", "QCVN102-ORGID-REGISTRY", "QD20-4.1")
def check_agency_code(
    value: str,
    *,
    forms: Sequence[str] = (QCVN102,),
    location: Location | None = None,
) -> list[Finding]:
    """Check an agency identifier (e.g. From/OrganId, To/OrganId).

    `forms` lists the forms the profile accepts without a warning ("qcvn102", "qd20"; profile
    parameter `agency_code_forms`). Always returns one finding for each of QD28-10.2a,
    QCVN102-ORGID, QCVN102-ORGID-REGISTRY and QD20-4.1.
    """
    text = as_text(value)
    accepted = _accepted_forms(forms)
    if text is None or not text.strip():
        return _missing(text, location)
    code = parse_agency_code(text)
    if code is None:
        return _check_malformed(text, accepted, location)
    if code.form == QCVN102:
        return _check_qcvn102(code, accepted, location)
    return _check_qd20(code, accepted, location)
