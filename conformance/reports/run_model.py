"""The result of one `qlvb-conformance run`, as data: what every run report is rendered from.

The runner fills a `RunResult` (one `ScenarioResult` per scenario it ran or set aside, with the
findings the validators returned and the files it kept as evidence); the renderers
(`summary_json`, `html_report`, `junit_run`) are pure functions of it. `rule_results()` folds the
scenarios into one `RuleResult` per catalog rule, and `overall_verdict()` gives the verdict, with
the same semantics as `conformance.findings.verdict`.

A run result is saved as stable JSON (`to_dict()` / `from_dict()`, schema
`conformance/data/run-result.schema.json`) so that `qlvb-conformance report render` can re-render
the reports later.

How a rule's status is decided (`rule_results`):

- not in the run's profile → `outside_profile` (its findings are shown, never counted);
- otherwise every finding about the rule (of any scenario, and of the run itself) and every
  scenario tagged with the rule contributes, and the worst contribution wins,
  fail > inconclusive > pass > not applicable:
  a failed finding of error severity → fail; an inconclusive one of error severity → inconclusive;
  a pass, or a failed/inconclusive finding of warning or info severity → pass (the warning is
  shown with the rule); a not-applicable finding, or a scenario set aside as not applicable → not
  applicable; a passed scenario that left no finding about the rule → pass;
- a scenario that failed without any failed error finding (a step asserting a field, say) counts
  as a failed finding for every rule it is tagged with, and a scenario that failed, errored or was
  inconclusive counts as inconclusive for each tagged rule it produced no finding for (it stopped
  before checking it); those synthesized findings are shown with the rule, marked as such;
- no contribution at all → `not_tested`, or `not_testable` when the catalog says software cannot
  test the rule.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from conformance.findings import (
    Finding,
    Location,
    Severity,
    Status,
    Text,
    Verdict,
    verdict,
)
from conformance.rules import Catalog, Rule
from conformance.rules import catalog as default_catalog

RUN_RESULT_SCHEMA_ID = "https://qlvb-conformance.example/schemas/run-result-1.json"
VN_TZ = dt.timezone(dt.timedelta(hours=7), "+07:00")


class RunModelError(ValueError):
    """A saved run result that cannot be read, said in both languages."""

    def __init__(self, vi: str, en: str) -> None:
        self.vi, self.en = vi, en
        super().__init__(en)

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


class ScenarioStatus(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    INCONCLUSIVE = "inconclusive"
    ERROR = "error"  # the harness could not run the scenario (a defect, a crash, a timeout)


class StepStatus(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    INCONCLUSIVE = "inconclusive"
    ERROR = "error"
    SKIPPED = "skipped"  # not run because an earlier step ended the scenario


class RuleStatus(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    INCONCLUSIVE = "inconclusive"
    NOT_TESTED = "not_tested"            # testable, but no scenario of this run tested it
    NOT_TESTABLE = "not_testable"        # the catalog says software cannot test it
    OUTSIDE_PROFILE = "outside_profile"  # the run's profile does not include it


SCENARIO_STATUS_TEXT = {
    ScenarioStatus.PASS: {"vi": "đạt", "en": "pass"},
    ScenarioStatus.FAIL: {"vi": "không đạt", "en": "fail"},
    ScenarioStatus.NOT_APPLICABLE: {"vi": "không áp dụng", "en": "not applicable"},
    ScenarioStatus.INCONCLUSIVE: {"vi": "chưa kết luận", "en": "inconclusive"},
    ScenarioStatus.ERROR: {"vi": "lỗi khi chạy", "en": "error"},
}

STEP_STATUS_TEXT = {
    **{StepStatus(s.value): t for s, t in SCENARIO_STATUS_TEXT.items()},
    StepStatus.SKIPPED: {"vi": "bỏ qua", "en": "skipped"},
}

RULE_STATUS_TEXT = {
    RuleStatus.PASS: {"vi": "đạt", "en": "pass"},
    RuleStatus.FAIL: {"vi": "không đạt", "en": "fail"},
    RuleStatus.NOT_APPLICABLE: {"vi": "không áp dụng", "en": "not applicable"},
    RuleStatus.INCONCLUSIVE: {"vi": "chưa kết luận", "en": "inconclusive"},
    RuleStatus.NOT_TESTED: {"vi": "chưa kiểm thử", "en": "not tested"},
    RuleStatus.NOT_TESTABLE: {"vi": "không kiểm thử tự động được", "en": "not machine-testable"},
    RuleStatus.OUTSIDE_PROFILE: {"vi": "ngoài hồ sơ", "en": "outside the profile"},
}

#: What each capability tag (`@kha_nang_…`, features/STEPS.md) means, for "not applicable"
#: reasons an officer reads.
CAPABILITY_TEXT = {
    "kha_nang_van_ban_khan": Text("phát hành văn bản khẩn", "issuing urgent documents"),
    "kha_nang_so_hoa": Text("văn bản số hóa từ bản giấy", "documents digitised from paper"),
    "kha_nang_ban_sao": Text("phát hành bản sao điện tử", "issuing electronic copies"),
    "kha_nang_thu_hoi": Text("thu hồi văn bản đã gửi", "revoking sent documents"),
    "kha_nang_cap_nhat": Text("cập nhật văn bản", "updating documents"),
    "kha_nang_thay_the": Text("thay thế văn bản", "replacing documents"),
    "kha_nang_tls_client": Text("kết nối trục qua TLS", "connecting to the axis over TLS"),
    "kha_nang_dat_dong_ho": Text("cho phép đặt đồng hồ hệ thống",
                                 "letting the harness set its clock"),
    "kha_nang_thong_ke": Text("cung cấp số liệu thống kê", "exposing its statistics"),
}

ARTIFACT_KINDS = ("edxml", "pdf", "json", "log", "xml", "html", "image", "other")
_KIND_BY_SUFFIX = {
    ".edxml": "edxml", ".pdf": "pdf", ".json": "json", ".jsonl": "log", ".log": "log",
    ".txt": "log", ".xml": "xml", ".html": "html", ".png": "image", ".jpg": "image",
}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def now_vn() -> str:
    """The current time as ISO 8601 with the +07:00 offset, to the second."""
    return dt.datetime.now(VN_TZ).replace(microsecond=0).isoformat()


def vn_timestamp(value: dt.datetime) -> str:
    """A datetime as ISO 8601 in Vietnam time (+07:00); naive values are refused."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: give a time zone")
    return value.astimezone(VN_TZ).isoformat()


def _parse_time(value: str, what: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise RunModelError(f"thời điểm '{what}' không đúng ISO 8601: {value!r}",
                            f"'{what}' is not ISO 8601: {value!r}") from None
    if parsed.tzinfo is None:
        raise RunModelError(f"thời điểm '{what}' thiếu múi giờ (+07:00): {value!r}",
                            f"'{what}' has no UTC offset (+07:00): {value!r}")
    return parsed


def safe_relative_path(path: str) -> str:
    """A path inside the report directory: relative, POSIX, no `..`, no URL scheme.

    Artifact paths become links in the HTML report and names in the evidence bundle, so a
    path that could escape the directory (or run as a `javascript:` URL) is refused."""
    if not isinstance(path, str) or not path or "\\" in path or "\x00" in path:
        raise RunModelError(f"đường dẫn tệp bằng chứng không hợp lệ: {path!r}",
                            f"invalid artifact path: {path!r}")
    pure = PurePosixPath(path)
    if (pure.is_absolute() or ".." in pure.parts or _SCHEME.match(path)
            or str(pure) in (".", "")):
        raise RunModelError(
            f"đường dẫn tệp bằng chứng phải nằm trong thư mục báo cáo: {path!r}",
            f"an artifact path must stay inside the report directory: {path!r}")
    return str(pure)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class Artifact:
    """A file kept as evidence, inside the report directory (an exchanged package, a signed PDF,
    the axis traffic log, a validator's JSON output)."""

    path: str  # relative to the report directory, POSIX separators
    kind: str  # one of ARTIFACT_KINDS
    title: str
    sha256: str | None = None
    size: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", safe_relative_path(self.path))
        if self.kind not in ARTIFACT_KINDS:
            raise RunModelError(f"loại tệp bằng chứng không hợp lệ: {self.kind!r}",
                                f"invalid artifact kind: {self.kind!r}")

    @classmethod
    def from_file(cls, report_dir: str | Path, path: str | Path, *, title: str | None = None,
                  kind: str | None = None) -> Artifact:
        """An artifact for a file already written under `report_dir` (hash and size read)."""
        root = Path(report_dir).resolve()
        full = Path(path) if Path(path).is_absolute() else root / path
        full = full.resolve()
        try:
            rel = full.relative_to(root).as_posix()
        except ValueError:
            raise RunModelError(f"tệp {full} không nằm trong thư mục báo cáo {root}",
                                f"{full} is not inside the report directory {root}") from None
        return cls(path=rel, kind=kind or _KIND_BY_SUFFIX.get(full.suffix.lower(), "other"),
                   title=title or full.name, sha256=sha256_file(full),
                   size=full.stat().st_size)

    @classmethod
    def write(cls, report_dir: str | Path, path: str, data: bytes, *, title: str | None = None,
              kind: str | None = None) -> Artifact:
        """Write `data` to `report_dir/path` (a safe relative path; folders made as needed) and
        return its artifact."""
        rel = safe_relative_path(path)
        full = Path(report_dir) / rel
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_bytes(data)
        return cls(path=rel, kind=kind or _KIND_BY_SUFFIX.get(full.suffix.lower(), "other"),
                   title=title or full.name, sha256=hashlib.sha256(data).hexdigest(),
                   size=len(data))

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "title": self.title,
                "sha256": self.sha256, "size": self.size}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Artifact:
        return cls(path=data["path"], kind=data.get("kind", "other"),
                   title=data.get("title") or data["path"], sha256=data.get("sha256"),
                   size=data.get("size"))


@dataclass(frozen=True)
class Reason:
    """Why a scenario was set aside as not applicable."""

    kind: str  # capability | profile | role | driver | other
    message: Text
    tag: str | None = None

    @classmethod
    def capability(cls, tag: str, what: Text | None = None) -> Reason:
        """The SUT profile does not claim the capability `tag` (`kha_nang_…`); `what` says what
        the capability is (default: CAPABILITY_TEXT)."""
        tag = tag.lstrip("@")
        what = what or CAPABILITY_TEXT.get(tag, Text(tag, tag))
        return cls("capability", Text(
            f"hệ thống không khai báo khả năng {what.vi} (@{tag})",
            f"the system does not claim the capability: {what.en} (@{tag})"), tag)

    @classmethod
    def profile(cls, tag: str, profile_id: str) -> Reason:
        """The scenario belongs to another regulatory profile (`ho_so_…`)."""
        tag = tag.lstrip("@")
        other = tag.removeprefix("ho_so_")
        return cls("profile", Text(
            f"kịch bản chỉ áp dụng cho hồ sơ {other}, lần chạy dùng hồ sơ {profile_id} (@{tag})",
            f"the scenario applies to profile {other} only; this run uses {profile_id} "
            f"(@{tag})"), tag)

    @classmethod
    def other(cls, vi: str, en: str, kind: str = "other") -> Reason:
        return cls(kind, Text(vi, en))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": {"vi": self.message.vi, "en": self.message.en},
                "tag": self.tag}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reason:
        return cls(kind=data.get("kind", "other"), message=Text(**data["message"]),
                   tag=data.get("tag"))


@dataclass(frozen=True)
class StepResult:
    """One Gherkin step as it ran (for the scenario section of the reports)."""

    keyword: str  # as written in the feature: Cho / Khi / Thì / Và / Nhưng
    text: str
    status: StepStatus
    duration_s: float = 0.0
    message: str | None = None  # the assertion or error message, when it did not pass

    def to_dict(self) -> dict[str, Any]:
        return {"keyword": self.keyword, "text": self.text, "status": str(self.status),
                "duration_s": round(self.duration_s, 3), "message": self.message}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StepResult:
        return cls(keyword=data["keyword"], text=data["text"], status=StepStatus(data["status"]),
                   duration_s=float(data.get("duration_s") or 0.0), message=data.get("message"))


def rule_ids_of(tags: Iterable[str], cat: Mapping[str, Rule] | None = None) -> tuple[str, ...]:
    """The tags that are rule IDs of the catalog, in tag order, without duplicates."""
    cat = cat if cat is not None else default_catalog()
    out: list[str] = []
    for tag in tags:
        tag = tag.lstrip("@")
        if tag in cat and tag not in out:
            out.append(tag)
    return tuple(out)


@dataclass
class ScenarioResult:
    """One scenario (or one row of a scenario outline) of one run."""

    feature_file: str  # relative to the features folder, e.g. "van_ban_khan.feature"
    feature_name: str
    name: str
    status: ScenarioStatus
    tags: list[str] = field(default_factory=list)  # without "@", feature tags included
    rule_ids: list[str] = field(default_factory=list)  # filled from the tags when empty
    reason: Reason | None = None  # why it is not applicable
    message: str | None = None  # what went wrong, for fail / error / inconclusive
    findings: list[Finding] = field(default_factory=list)
    duration_s: float = 0.0
    attachments: list[Artifact] = field(default_factory=list)
    exchange_ids: list[str] = field(default_factory=list)  # axis traffic-log exchange IDs
    example: dict[str, str] = field(default_factory=dict)  # the outline row, if any
    line: int | None = None  # line of the scenario in the feature file
    steps: list[StepResult] = field(default_factory=list)
    started: str | None = None  # ISO 8601 +07:00

    def __post_init__(self) -> None:
        self.status = ScenarioStatus(self.status)
        self.tags = [t.lstrip("@") for t in self.tags]
        if not self.rule_ids:
            self.rule_ids = list(rule_ids_of(self.tags))

    @property
    def id(self) -> str:
        """A stable key: the feature file, the scenario name and the outline row."""
        key = f"{self.feature_file}: {self.name}"
        if self.example:
            key += " [" + ", ".join(f"{k}={v}" for k, v in self.example.items()) + "]"
        return key

    @property
    def title(self) -> str:
        """The scenario name with its outline row, as shown to a reader."""
        if not self.example:
            return self.name
        return f"{self.name} (" + ", ".join(f"{k} = {v}" for k, v in self.example.items()) + ")"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "feature_file": self.feature_file,
            "feature_name": self.feature_name,
            "name": self.name,
            "example": dict(self.example),
            "line": self.line,
            "tags": list(self.tags),
            "rule_ids": list(self.rule_ids),
            "status": str(self.status),
            "reason": self.reason.to_dict() if self.reason else None,
            "message": self.message,
            "started": self.started,
            "duration_s": round(self.duration_s, 3),
            "steps": [s.to_dict() for s in self.steps],
            "findings": [f.to_dict() for f in self.findings],
            "attachments": [a.to_dict() for a in self.attachments],
            "exchange_ids": list(self.exchange_ids),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScenarioResult:
        return cls(
            feature_file=data["feature_file"],
            feature_name=data.get("feature_name", ""),
            name=data["name"],
            status=ScenarioStatus(data["status"]),
            tags=list(data.get("tags") or []),
            rule_ids=list(data.get("rule_ids") or []),
            reason=Reason.from_dict(data["reason"]) if data.get("reason") else None,
            message=data.get("message"),
            findings=[Finding.from_dict(f) for f in data.get("findings") or []],
            duration_s=float(data.get("duration_s") or 0.0),
            attachments=[Artifact.from_dict(a) for a in data.get("attachments") or []],
            exchange_ids=list(data.get("exchange_ids") or []),
            example=dict(data.get("example") or {}),
            line=data.get("line"),
            steps=[StepResult.from_dict(s) for s in data.get("steps") or []],
            started=data.get("started"),
        )


@dataclass(frozen=True)
class SutInfo:
    """The system under test, as its SUT profile describes it."""

    name: str
    driver: str  # builtin | http | manual
    agency_codes: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()  # capability tags it claims, without "@"
    version: str | None = None
    description: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "driver": self.driver,
                "agency_codes": list(self.agency_codes),
                "capabilities": list(self.capabilities), "version": self.version,
                "description": self.description}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SutInfo:
        return cls(name=data["name"], driver=data["driver"],
                   agency_codes=tuple(data.get("agency_codes") or ()),
                   capabilities=tuple(c.lstrip("@") for c in data.get("capabilities") or ()),
                   version=data.get("version"), description=data.get("description"))


class ProfileLike(Protocol):
    id: str

    def includes(self, rule_id: str) -> bool: ...

    def apply(self, findings: Iterable[Finding]) -> list[Finding]: ...


@dataclass(frozen=True)
class ProfileSnapshot:
    """The regulatory profile as the run applied it: its rules and severity overrides, kept in
    the run result so that re-rendering never depends on the profile file still being there."""

    id: str
    name: Text
    rules: tuple[str, ...]
    severity: Mapping[str, Severity] = field(default_factory=dict)
    path: str | None = None

    @classmethod
    def from_profile(cls, profile: Any, cat: Catalog | None = None) -> ProfileSnapshot:
        """From a `conformance.profiles.Profile`. The rules keep the order of the profile's
        include patterns (the order its author chose: national texts first, say), then the
        catalog's; the reports list source documents in that order."""
        patterns = list(profile.include)

        def first_pattern(rule_id: str) -> int:
            return next((i for i, p in enumerate(patterns) if fnmatch.fnmatchcase(rule_id, p)),
                        len(patterns))

        rules = sorted(profile.rules(cat), key=first_pattern)  # stable: catalog order within
        return cls(id=profile.id, name=profile.name, rules=tuple(rules),
                   severity=dict(profile.severity), path=profile.path)

    def includes(self, rule_id: str) -> bool:
        return rule_id in self.rules

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        return [
            replace(f, severity=self.severity[f.rule_id]) if f.rule_id in self.severity else f
            for f in findings if self.includes(f.rule_id)
        ]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": {"vi": self.name.vi, "en": self.name.en},
                "rules": list(self.rules),
                "severity": {k: str(v) for k, v in sorted(self.severity.items())},
                "path": self.path}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProfileSnapshot:
        return cls(id=data["id"], name=Text(**data["name"]), rules=tuple(data["rules"]),
                   severity={k: Severity(v) for k, v in (data.get("severity") or {}).items()},
                   path=data.get("path"))


@dataclass
class RunResult:
    """One run of the suite against one SUT with one regulatory profile."""

    tool_version: str
    started: str  # ISO 8601 with +07:00
    finished: str
    sut: SutInfo
    profile: ProfileSnapshot
    axis_endpoint: str | None = None
    scenarios: list[ScenarioResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # run-level (outside any scenario)
    artifacts: list[Artifact] = field(default_factory=list)  # run-level (traffic log, …)
    notes: list[str] = field(default_factory=list)  # free remarks of the runner or operator

    def __post_init__(self) -> None:
        _parse_time(self.started, "started")
        _parse_time(self.finished, "finished")

    @property
    def duration_s(self) -> float:
        return (_parse_time(self.finished, "finished")
                - _parse_time(self.started, "started")).total_seconds()

    def all_findings(self) -> list[Finding]:
        return [*self.findings, *(f for s in self.scenarios for f in s.findings)]

    def all_artifacts(self) -> list[Artifact]:
        seen: dict[str, Artifact] = {}
        for a in [*self.artifacts, *(a for s in self.scenarios for a in s.attachments)]:
            seen.setdefault(a.path, a)
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "$schema": RUN_RESULT_SCHEMA_ID,
            "tool": {"name": "qlvb-conformance", "version": self.tool_version},
            "started": self.started,
            "finished": self.finished,
            "sut": self.sut.to_dict(),
            "profile": self.profile.to_dict(),
            "axis_endpoint": self.axis_endpoint,
            "scenarios": [s.to_dict() for s in self.scenarios],
            "findings": [f.to_dict() for f in self.findings],
            "artifacts": [a.to_dict() for a in self.artifacts],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunResult:
        """Read a saved run result; a malformed one raises RunModelError."""
        if not isinstance(data, Mapping):
            raise RunModelError("kết quả chạy phải là một đối tượng JSON",
                                "a run result must be a JSON object")
        if data.get("$schema") not in (None, RUN_RESULT_SCHEMA_ID):
            raise RunModelError(f"không phải tệp kết quả chạy ({data.get('$schema')!r})",
                                f"not a run result file ({data.get('$schema')!r})")
        try:
            return cls(
                tool_version=data["tool"]["version"],
                started=data["started"],
                finished=data["finished"],
                sut=SutInfo.from_dict(data["sut"]),
                profile=ProfileSnapshot.from_dict(data["profile"]),
                axis_endpoint=data.get("axis_endpoint"),
                scenarios=[ScenarioResult.from_dict(s) for s in data.get("scenarios") or []],
                findings=[Finding.from_dict(f) for f in data.get("findings") or []],
                artifacts=[Artifact.from_dict(a) for a in data.get("artifacts") or []],
                notes=list(data.get("notes") or []),
            )
        except RunModelError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            detail = f"{type(exc).__name__}: {exc}"
            raise RunModelError(f"tệp kết quả chạy không hợp lệ ({detail})",
                                f"invalid run result ({detail})") from None


# --- per-rule aggregation ----------------------------------------------------------------------


@dataclass(frozen=True)
class RuleResult:
    """One catalog rule in one run."""

    rule: Rule
    status: RuleStatus
    in_profile: bool
    severity: Severity  # as the profile applies it
    scenarios: tuple[int, ...] = ()  # indexes into run.scenarios that tested or evidenced it
    findings: tuple[Finding, ...] = ()  # every finding about it (with synthesized ones)
    reasons: tuple[Reason, ...] = ()  # why it is not applicable
    origins: tuple[int | None, ...] = ()  # per finding: its scenario index (None: run-level)

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if f.is_failure]

    @property
    def warnings(self) -> list[Finding]:
        """Failed or undecided findings that do not decide the verdict (warning, info)."""
        return [f for f in self.findings
                if f.status in (Status.FAIL, Status.INCONCLUSIVE) and f.severity is not
                Severity.ERROR]

    @property
    def inconclusive(self) -> list[Finding]:
        return [f for f in self.findings
                if f.status is Status.INCONCLUSIVE and f.severity is Severity.ERROR]


_RANK = {RuleStatus.NOT_APPLICABLE: 0, RuleStatus.PASS: 1, RuleStatus.INCONCLUSIVE: 2,
         RuleStatus.FAIL: 3}


def _contribution(f: Finding) -> RuleStatus:
    if f.status is Status.NOT_APPLICABLE:
        return RuleStatus.NOT_APPLICABLE
    if f.severity is Severity.ERROR and f.status is Status.FAIL:
        return RuleStatus.FAIL
    if f.severity is Severity.ERROR and f.status is Status.INCONCLUSIVE:
        return RuleStatus.INCONCLUSIVE
    return RuleStatus.PASS


def _severity(profile: Any, rule: Rule) -> Severity:
    overrides = getattr(profile, "severity", None) or {}
    return overrides.get(rule.id, rule.severity)


def _synthesized(scenario: ScenarioResult, index: int, rule: Rule, status: Status,
                 severity: Severity) -> Finding:
    """A finding standing for a scenario outcome that no validator finding explains."""
    what = SCENARIO_STATUS_TEXT[scenario.status]
    detail_vi = f": {scenario.message}" if scenario.message else ""
    detail_en = detail_vi
    if status is Status.FAIL:
        vi = f"Kịch bản «{scenario.title}» không đạt{detail_vi}"
        en = f"Scenario “{scenario.title}” failed{detail_en}"
    else:
        vi = (f"Kịch bản «{scenario.title}» kết thúc ({what['vi']}) trước khi kiểm tra quy tắc "
              f"này{detail_vi}")
        en = (f"Scenario “{scenario.title}” ended ({what['en']}) before checking this "
              f"rule{detail_en}")
    return Finding(
        rule_id=rule.id, clause=rule.clause.cite(), status=status, severity=severity,
        message=Text(vi, en),
        location=Location(file=scenario.feature_file, line=scenario.line,
                          exchange_id=scenario.exchange_ids[-1] if scenario.exchange_ids
                          else None),
        evidence={"synthesized": True, "scenario": scenario.id, "scenario_index": index},
    )


def _scenario_findings(run: RunResult, profile: Any, cat: Mapping[str, Rule]
                       ) -> list[tuple[int | None, Finding]]:
    """Every finding of the run with the index of its scenario (None: run-level), after the
    profile, plus the synthesized findings for scenarios no finding explains."""
    out: list[tuple[int | None, Finding]] = [(None, f) for f in _apply(profile, run.findings)]
    for index, scenario in enumerate(run.scenarios):
        own = _apply(profile, scenario.findings)
        out.extend((index, f) for f in own)
        if scenario.status in (ScenarioStatus.PASS, ScenarioStatus.NOT_APPLICABLE):
            continue
        tagged = [cat[r] for r in scenario.rule_ids
                  if r in cat and (profile is None or profile.includes(r))]
        explained = any(f.is_failure for f in own)
        seen = {f.rule_id for f in own}
        # an unexplained failure is laid on the tagged rules that have no finding of their own
        # (a rule whose steps all passed keeps its pass), or on all of them when every one has
        blamed = {r.id for r in tagged if r.id not in seen} or {r.id for r in tagged}
        for rule in tagged:
            severity = _severity(profile, rule)
            if scenario.status is ScenarioStatus.FAIL and not explained:
                if rule.id in blamed:
                    out.append((index, _synthesized(scenario, index, rule, Status.FAIL,
                                                    severity)))
            elif rule.id not in seen:
                out.append((index, _synthesized(scenario, index, rule, Status.INCONCLUSIVE,
                                                severity)))
    return out


def _apply(profile: Any, findings: Iterable[Finding]) -> list[Finding]:
    return list(findings) if profile is None else profile.apply(findings)


def effective_findings(run: RunResult, profile: ProfileLike | None = None,
                       cat: Mapping[str, Rule] | None = None) -> list[Finding]:
    """The findings that decide the verdict: the profile's rules only (with its severities),
    plus the synthesized findings for scenarios that failed or stopped without one."""
    cat = cat if cat is not None else default_catalog()
    # a finding naming a rule this catalog does not know (a result saved by another version)
    # could not be shown with its rule, so it does not decide either
    return [f for _, f in _scenario_findings(run, profile, cat) if f.rule_id in cat]


def rule_results(run: RunResult, catalog: Catalog | None = None,
                 profile: ProfileLike | None = None) -> list[RuleResult]:
    """One RuleResult per catalog rule, in catalog order (see the module docstring).

    `profile` defaults to the profile recorded in the run (`run.profile`)."""
    cat = catalog if catalog is not None else default_catalog()
    profile = profile if profile is not None else run.profile
    # findings of rules outside the profile are shown with their rule, never counted
    everything = _scenario_findings(run, None, cat)
    counted = _scenario_findings(run, profile, cat)
    by_rule: dict[str, list[tuple[int | None, Finding]]] = {}
    for index, f in counted:
        by_rule.setdefault(f.rule_id, []).append((index, f))
    shown_outside: dict[str, list[tuple[int | None, Finding]]] = {}
    for index, f in everything:
        if not profile.includes(f.rule_id):
            shown_outside.setdefault(f.rule_id, []).append((index, f))
    tagged: dict[str, list[int]] = {}
    for index, scenario in enumerate(run.scenarios):
        for rid in scenario.rule_ids:
            tagged.setdefault(rid, []).append(index)

    results = []
    for rule in cat.values():
        in_profile = profile.includes(rule.id)
        pairs = by_rule.get(rule.id, []) if in_profile else shown_outside.get(rule.id, [])
        indexes = sorted({*tagged.get(rule.id, []), *(i for i, _ in pairs if i is not None)})
        findings = tuple(f for _, f in pairs)
        origins = tuple(i for i, _ in pairs)
        reasons: list[Reason] = []
        if not in_profile:
            status = RuleStatus.OUTSIDE_PROFILE
        else:
            contributions = [_contribution(f) for f in findings]
            evidenced = {i for i, _ in pairs}
            for i in tagged.get(rule.id, []):
                scenario = run.scenarios[i]
                if scenario.status is ScenarioStatus.PASS and i not in evidenced:
                    contributions.append(RuleStatus.PASS)  # its findings speak when it has some
                elif scenario.status is ScenarioStatus.NOT_APPLICABLE:
                    contributions.append(RuleStatus.NOT_APPLICABLE)
                    if scenario.reason and scenario.reason not in reasons:
                        reasons.append(scenario.reason)
            if contributions:
                status = max(contributions, key=_RANK.__getitem__)
            else:
                status = RuleStatus.NOT_TESTABLE if not rule.testable else RuleStatus.NOT_TESTED
        if status is not RuleStatus.NOT_APPLICABLE:
            reasons = []
        results.append(RuleResult(
            rule=rule, status=status, in_profile=in_profile, severity=_severity(profile, rule),
            scenarios=tuple(indexes), findings=findings, reasons=tuple(reasons),
            origins=origins))
    return results


def overall_verdict(run: RunResult, profile: ProfileLike | None = None,
                    catalog: Catalog | None = None) -> Verdict:
    """The run's verdict: `conformance.findings.verdict` over the effective findings (so a rule
    that fails makes the run non-conformant, an undecided error-level rule makes it
    inconclusive). Two additions for a whole run: a failed scenario tagged with no rule still
    makes it non-conformant (one that errored, at least inconclusive), and a run in which no rule
    of the profile passed anything is inconclusive, never conformant: nothing was tested."""
    profile = profile if profile is not None else run.profile
    result = verdict(effective_findings(run, profile, catalog))
    ruleless = [s for s in run.scenarios if not s.rule_ids]
    if result is not Verdict.NON_CONFORMANT and any(
            s.status is ScenarioStatus.FAIL for s in ruleless):
        return Verdict.NON_CONFORMANT
    if result is Verdict.CONFORMANT:
        if any(s.status in (ScenarioStatus.ERROR, ScenarioStatus.INCONCLUSIVE) for s in ruleless):
            return Verdict.INCONCLUSIVE
        if not any(r.status is RuleStatus.PASS for r in rule_results(run, catalog, profile)):
            return Verdict.INCONCLUSIVE
    return result


def verdict_of_rules(results: Sequence[RuleResult]) -> Verdict:
    """The verdict the rule matrix shows: any failed rule → non-conformant; any inconclusive
    rule, or no rule passed at all → inconclusive; otherwise conformant. Equals
    `overall_verdict` when every scenario carries rule tags."""
    statuses = {r.status for r in results if r.in_profile}
    if RuleStatus.FAIL in statuses:
        return Verdict.NON_CONFORMANT
    if RuleStatus.INCONCLUSIVE in statuses or RuleStatus.PASS not in statuses:
        return Verdict.INCONCLUSIVE
    return Verdict.CONFORMANT


def rule_counts(results: Sequence[RuleResult]) -> dict[RuleStatus, int]:
    counts = dict.fromkeys(RuleStatus, 0)
    for r in results:
        counts[r.status] += 1
    return counts


def scenario_counts(run: RunResult) -> dict[ScenarioStatus, int]:
    counts = dict.fromkeys(ScenarioStatus, 0)
    for s in run.scenarios:
        counts[s.status] += 1
    return counts
