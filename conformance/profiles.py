"""Regulatory profiles as data: which rules apply and with which parameters.

A profile file is TOML:

    [profile]      id, name_vi, name_en, description_vi, description_en, extends (optional)
    [rules]        include = ["QD28-*", ...], exclude = [...]   (glob patterns over rule IDs)
    [severity]     "RULE-ID" = "error" | "warning" | "info"      (overrides the catalog default)
    [parameters]   the keys of PARAMETERS below

`extends` names a shipped profile (or a path) whose rules, severities and parameters are the
starting point, so a user's own profile states only what differs.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from conformance.datafiles import DataFileError, locate, read_toml
from conformance.findings import Finding, Severity, Text
from conformance.resources import data_path
from conformance.rules import Catalog, catalog

PROFILES_DIR = data_path("profiles")
DEFAULT_PROFILE = "nd30"


@dataclass(frozen=True)
class ParameterSpec:
    kind: type
    vi: str
    en: str
    check: Callable[[Any], bool] = lambda value: True
    expects: str = ""


def _is_rule(value: Any) -> bool:
    return isinstance(value, str) and value in catalog()


_HHMM = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")

PARAMETERS: dict[str, ParameterSpec] = {
    "dispatch_rule": ParameterSpec(
        str, "quy tắc về thời hạn gửi văn bản", "rule for the dispatch deadline",
        _is_rule, "a rule ID of the catalog"),
    "dispatch_cutoff": ParameterSpec(
        str, "giờ muộn nhất của ngày làm việc tiếp theo (HH:MM, 24:00 = hết ngày)",
        "latest time on the next working day (HH:MM, 24:00 = end of day)",
        lambda v: bool(_HHMM.match(v)), "HH:MM or 24:00"),
    "urgent_dispatch_rule": ParameterSpec(
        str, "quy tắc về gửi văn bản khẩn", "rule for dispatching urgent documents",
        _is_rule, "a rule ID of the catalog"),
    "urgent_max_delay_minutes": ParameterSpec(
        int, "độ trễ tối đa (phút) cho văn bản khẩn — chính sách của bộ kiểm thử",
        "maximum delay (minutes) for urgent documents — a harness policy",
        lambda v: 0 <= v <= 24 * 60, "an integer from 0 to 1440"),
    "acknowledgement_rule": ParameterSpec(
        str, "quy tắc về xác nhận đã nhận trong ngày", "rule for the same-day acknowledgement",
        _is_rule, "a rule ID of the catalog"),
    "agency_code_forms": ParameterSpec(
        list, "dạng mã định danh được chấp nhận không cảnh báo",
        "agency-code forms accepted without a warning",
        lambda v: bool(v) and all(x in ("qcvn102", "qd20") for x in v),
        'a non-empty list of "qcvn102", "qd20"'),
    "org_signature_text_required": ParameterSpec(
        bool, "chữ ký số cơ quan phải hiển thị tên cơ quan và thời gian",
        "the organisation signature must show organisation name and time"),
    "digitised_seal_image": ParameterSpec(
        bool, "văn bản số hóa: chữ ký cơ quan hiển thị hình con dấu",
        "digitised documents: the organisation signature shows the seal image"),
    "urgency_stamp_signature": ParameterSpec(
        bool, "văn bản khẩn: thêm chữ ký số cơ quan tại vị trí dấu độ khẩn",
        "urgent documents: an extra organisation signature on the urgency stamp"),
    "seal_overlap_fraction": ParameterSpec(
        float, "tỉ lệ chữ ký cá nhân bị con dấu trùm lên (phía bên trái)",
        "fraction of the person's signature covered by the seal (on its left)",
        lambda v: 0 < v < 1, "a number between 0 and 1"),
    "seal_overlap_tolerance": ParameterSpec(
        float, "dung sai của tỉ lệ trùm", "tolerance on the overlap fraction",
        lambda v: 0 <= v < 1, "a number between 0 and 1"),
    "corner_region_fraction": ParameterSpec(
        float, "vùng góc trên bên phải trang đầu (tỉ lệ chiều rộng/chiều cao trang)",
        "top-right region of page 1 (fraction of page width/height)",
        lambda v: 0 < v <= 0.5, "a number in (0, 0.5]"),
    "min_scan_dpi": ParameterSpec(
        int, "độ phân giải tối thiểu của bản quét (dpi)", "minimum scan resolution (dpi)",
        lambda v: v > 0, "a positive integer"),
    "min_pdf_version": ParameterSpec(
        str, "phiên bản PDF tối thiểu", "minimum PDF version",
        lambda v: bool(re.match(r"^\d\.\d$", v)), "a version such as 1.4"),
}


@dataclass(frozen=True)
class Profile:
    id: str
    name: Text
    description: Text
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    severity: dict[str, Severity] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    path: str | None = None

    def includes(self, rule_id: str) -> bool:
        matched = any(fnmatch.fnmatchcase(rule_id, p) for p in self.include)
        return matched and not any(fnmatch.fnmatchcase(rule_id, p) for p in self.exclude)

    def rules(self, cat: Catalog | None = None) -> list[str]:
        return [rid for rid in (cat or catalog()) if self.includes(rid)]

    def severity_of(self, rule_id: str) -> Severity:
        return self.severity.get(rule_id) or catalog()[rule_id].severity

    def __getitem__(self, name: str) -> Any:
        return self.parameters[name]

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """Keep the findings of this profile's rules. A severity the profile sets explicitly
        replaces the finding's; otherwise the finding keeps its own (a validator may lower a
        rule to a warning on purpose, e.g. a tolerated case variant)."""
        return [
            replace(f, severity=self.severity[f.rule_id]) if f.rule_id in self.severity else f
            for f in findings
            if self.includes(f.rule_id)
        ]


def shipped_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILES_DIR.glob("*.toml"))


def load_profile(name_or_path: str | Path = DEFAULT_PROFILE) -> Profile:
    """A shipped profile by ID (`nd30`, `tt01-2019`) or a user's profile file by path."""
    path = Path(name_or_path)
    if path.suffix != ".toml" and not path.exists():
        path = PROFILES_DIR / f"{name_or_path}.toml"
        if not path.exists():
            raise DataFileError(
                str(name_or_path),
                f"không có hồ sơ quy tắc '{name_or_path}' (có: {', '.join(shipped_profiles())})",
                f"no profile '{name_or_path}' (available: {', '.join(shipped_profiles())})",
            )
    return _load(path, depth=0)


def _load(path: Path, depth: int) -> Profile:
    if depth > 5:
        raise DataFileError(path, "chuỗi 'extends' quá sâu hoặc vòng lặp",
                            "'extends' chain too deep or circular", key="profile.extends")
    data, text = read_toml(path)

    def err(table: str, key: str | None, vi: str, en: str) -> DataFileError:
        line = locate(text, table, key) if key else None
        return DataFileError(path, vi, en, line=line or locate(text, table),
                             key=f"{table}.{key}" if key else table)

    allowed = {"profile", "rules", "severity", "parameters"}
    for table in data:
        if table not in allowed:
            raise DataFileError(path, f"bảng không hợp lệ [{table}]", f"unknown table [{table}]",
                                line=locate(text, table), key=table)
    head = data.get("profile")
    if not isinstance(head, dict):
        raise DataFileError(path, "thiếu bảng [profile]", "missing [profile] table", key="profile")
    for key in head:
        if key not in {"id", "name_vi", "name_en", "description_vi", "description_en", "extends"}:
            raise err("profile", key, f"khóa không hợp lệ '{key}'", f"unknown key '{key}'")
    for key in ("id", "name_vi", "name_en"):
        if not isinstance(head.get(key), str) or not head[key]:
            raise err("profile", key if key in head else None,
                      f"thiếu hoặc sai kiểu '{key}' (cần chuỗi)",
                      f"'{key}' missing or not a string")

    base: Profile | None = None
    if "extends" in head:
        parent = head["extends"]
        if str(parent).endswith(".toml"):  # a file, relative to the extending profile
            parent_path = path.parent / parent
        else:
            parent_path = PROFILES_DIR / f"{parent}.toml"
        if not parent_path.exists():
            raise err("profile", "extends", f"không tìm thấy hồ sơ cha '{parent}'",
                      f"parent profile '{parent}' not found")
        base = _load(parent_path, depth + 1)

    rules = data.get("rules", {})
    include = tuple(base.include) if base else ()
    exclude = tuple(base.exclude) if base else ()
    for key in rules:
        if key not in ("include", "exclude"):
            raise err("rules", key, f"khóa không hợp lệ '{key}'", f"unknown key '{key}'")
        value = rules[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise err("rules", key, "cần một danh sách chuỗi", "must be a list of strings")
        for pattern in value:
            if not any(fnmatch.fnmatchcase(rid, pattern) for rid in catalog()):
                raise err("rules", key, f"mẫu '{pattern}' không khớp quy tắc nào trong danh mục",
                          f"pattern '{pattern}' matches no rule of the catalog")
        # A child's include adds to its parent's; its exclude replaces the parent's, so a
        # provincial profile can bring back rules the national one leaves out.
        if key == "include":
            include = include + tuple(value)
        else:
            exclude = tuple(value)
    if not include:
        raise err("rules", None, "hồ sơ không chọn quy tắc nào ([rules] include)",
                  "the profile selects no rule ([rules] include)")

    severity = dict(base.severity) if base else {}
    for rule_id, value in data.get("severity", {}).items():
        if rule_id not in catalog():
            raise err("severity", rule_id, f"không có quy tắc '{rule_id}' trong danh mục",
                      f"no rule '{rule_id}' in the catalog")
        try:
            severity[rule_id] = Severity(value)
        except ValueError:
            raise err("severity", rule_id, "mức độ phải là error, warning hoặc info",
                      "severity must be error, warning or info") from None

    parameters = dict(base.parameters) if base else {}
    for key, value in data.get("parameters", {}).items():
        spec = PARAMETERS.get(key)
        if spec is None:
            raise err("parameters", key, f"tham số không hợp lệ '{key}'",
                      f"unknown parameter '{key}'")
        if spec.kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, spec.kind) or (spec.kind is int and isinstance(value, bool)):
            raise err("parameters", key, f"sai kiểu: cần {spec.kind.__name__}",
                      f"wrong type: expected {spec.kind.__name__}")
        if not spec.check(value):
            raise err("parameters", key, f"giá trị không hợp lệ {value!r}: cần {spec.expects}",
                      f"invalid value {value!r}: expected {spec.expects}")
        parameters[key] = value
    missing = sorted(set(PARAMETERS) - set(parameters))
    if missing:
        raise err("parameters", None, f"thiếu tham số: {', '.join(missing)}",
                  f"missing parameters: {', '.join(missing)}")

    return Profile(
        id=head["id"],
        name=Text(head["name_vi"], head["name_en"]),
        description=Text(head.get("description_vi", ""), head.get("description_en", "")),
        include=include,
        exclude=exclude,
        severity=severity,
        parameters=parameters,
        path=str(path),
    )
