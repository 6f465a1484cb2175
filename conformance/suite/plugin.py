"""The pytest plugin of the conformance suite (entry point `pytest11`, or `-p
conformance.suite.plugin`).

Options: `--qlvb-sut` (builtin, builtin:<variant>, manual, http://…, or a SUT profile .toml),
`--qlvb-profile` (regulatory profile), `--qlvb-axis` (an external axis instead of the embedded
one), `--qlvb-report-dir` (where the run result and the evidence go), `--qlvb-lang`.

What it does for the bundled features (`conformance.suite.tests_entry`):
* registers every tag as a marker (rule IDs contain `.`, `-`, `đ`) in `pytest_bdd_apply_tag`, so
  `-m "QD28-10.2a or area_goi_tin"` selects and `--strict-markers` is satisfied;
* sets aside, before they run, the scenarios whose capability the SUT does not claim or whose
  regulatory profile is not the run's: they are skipped with the `QLVB-KHÔNG-ÁP-DỤNG` prefix and
  recorded as "not applicable" with the reason — never silently, never as failures;
* session fixtures start the embedded axis (temporary SQLite) unless `--qlvb-axis` is given,
  the harness's counterpart agencies and the SUT driver;
* Allure: each Gherkin step is an Allure step ("Cho …", "Thì …"), the scenario's title and
  feature are set, each rule tag gives a `clause` label and a link; exchanged packages and PDFs
  are attached;
* collects a `RunResult` (conformance.reports.run_model) with every scenario's status, steps,
  findings and evidence files; `plugin.last_run` holds it after the session.

Without the bundled features in the session the plugin stays inert.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from conformance import __version__
from conformance.suite.outcomes import INCONCLUSIVE, NOT_APPLICABLE
from conformance.suite.outcomes import slug as _safe

if TYPE_CHECKING:
    from conformance.suite.context import Harness, Scenario

ENTRY_MODULE = "conformance.suite.tests_entry"
RUN_KEY: pytest.StashKey[QlvbRun] = pytest.StashKey()
STATE_KEY: pytest.StashKey[ItemState] = pytest.StashKey()

#: The run of the last session (for `qlvb-conformance run` and tests).
last_run: Any = None


# --- options --------------------------------------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("qlvb-conformance", "bộ kiểm thử QLVB / QLVB conformance suite")
    group.addoption("--qlvb-sut", default=None,
                    help="hệ thống được kiểm thử: builtin, builtin:<biến thể>, manual, http://…, "
                         "hoặc tệp hồ sơ .toml / the SUT")
    group.addoption("--qlvb-profile", default=None,
                    help="hồ sơ quy tắc (nd30, tt01-2019, tệp .toml) / regulatory profile")
    group.addoption("--qlvb-axis", default=None,
                    help="địa chỉ một trục đang chạy (mặc định: trục nhúng) / external axis URL")
    group.addoption("--qlvb-report-dir", default=None,
                    help="thư mục ghi kết quả chạy và bằng chứng / report directory")
    group.addoption("--qlvb-lang", default="vi", choices=("vi", "en"),
                    help="ngôn ngữ / language")
    group.addoption("--qlvb-shard", default=None, metavar="I/N",
                    help="chỉ chạy phần thứ I trong N phần (dùng bởi run --jobs) / run shard I "
                         "of N")


@dataclass
class ItemState:
    """What the plugin learns about one scenario while it runs."""

    feature_file: str = ""
    feature_name: str = ""
    name: str = ""
    line: int | None = None
    tags: list[str] = field(default_factory=list)
    example: dict[str, str] = field(default_factory=dict)
    reason: Any = None  # run_model.Reason when set aside
    steps: list[Any] = field(default_factory=list)  # run_model.StepResult
    planned: list[tuple[str, str]] = field(default_factory=list)
    step_started: float = 0.0
    allure_step: Any = None
    scenario: Scenario | None = None
    started: str | None = None
    t0: float = 0.0
    result: Any = None  # run_model.ScenarioResult


class QlvbRun:
    """The session's settings, harness and collected results."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.sut_spec: str | None = config.getoption("qlvb_sut")
        self.profile_spec: str | None = config.getoption("qlvb_profile")
        self.axis_url: str | None = config.getoption("qlvb_axis")
        report = config.getoption("qlvb_report_dir")
        self.report_dir: Path | None = Path(report).resolve() if report else None
        self.lang: str = config.getoption("qlvb_lang")
        shard = config.getoption("qlvb_shard")
        self.shard: tuple[int, int] | None = None
        if shard:
            index, _, total = str(shard).partition("/")
            self.shard = (int(index), int(total))
        self._sut: Any = None
        self._profile: Any = None
        self.harness: Harness | None = None
        self.results: dict[str, Any] = {}
        self.order: list[str] = []
        self.started = _now()
        self.notes: list[str] = []
        self.active = False

    @property
    def sut(self) -> Any:
        if self._sut is None:
            from conformance.suite.sut_profile import resolve_sut

            self._sut = resolve_sut(self.sut_spec).with_profile(self.profile_spec)
        return self._sut

    @property
    def profile(self) -> Any:
        if self._profile is None:
            from conformance.profiles import load_profile

            self._profile = load_profile(self.sut.regulatory_profile)
        return self._profile

    def start_harness(self) -> Harness:
        if self.harness is not None:
            return self.harness
        from conformance.suite.axis import agency_name, connect_external, start_embedded
        from conformance.suite.counterparts import Counterparts
        from conformance.suite.drivers import make_adapter
        from conformance.suite.judge import Judge, load_trust
        from reference_axis.reference_qlvb.testing import PKI_MORNING

        sut, profile = self.sut, self.profile
        workdir = Path(tempfile.mkdtemp(prefix="qlvb-run-"))
        axis = connect_external(self.axis_url, sut) if self.axis_url else start_embedded(
            sut, workdir / "axis")
        try:
            base = PKI_MORNING if sut.clock == "pki" else None
            adapter = make_adapter(sut, endpoint=axis.endpoint, system_id=axis.sut_system,
                                   secret=axis.sut_secret, moment=base)
            names = {c: agency_name(c) for c in (*sut.agencies, *axis.counterparts)}
            counterparts = Counterparts(names=names, profile=profile.id,
                                        moment=base or dt.datetime.now(dt.UTC),
                                        fresh_per_scenario=adapter.fresh_per_scenario)
            judge = Judge(profile, load_trust(sut.trust_anchors, sut.crls))
        except Exception:
            axis.close()
            raise
        if sut.driver != "builtin":
            import sys

            sys.stderr.write(
                f"\nTrục cho hệ thống được kiểm thử / axis for the SUT: {axis.endpoint}\n"
                f"  systemId = {axis.sut_system}\n"
                f"  secret   = {axis.sut_secret or '(đã cấu hình)'}\n")
        from conformance.suite.context import Harness

        self.harness = Harness(sut=sut, profile=profile, axis=axis, adapter=adapter,
                               counterparts=counterparts, judge=judge, base_moment=base,
                               evidence_dir=self.report_dir / "evidence" if self.report_dir
                               else None)
        return self.harness

    def close(self) -> None:
        if self.harness is not None:
            self.harness.close()
            self.harness = None


def _now() -> str:
    from conformance.reports.run_model import now_vn

    return now_vn()


# --- configuration --------------------------------------------------------------------------------

def _known_tags() -> list[str]:
    from conformance.rules import catalog
    from conformance.suite.sut_profile import CAPABILITIES

    areas = {f"area_{r.area}" for r in catalog().values() if r.area}
    return sorted({*catalog(), *CAPABILITIES, *areas, "sut_gui", "sut_nhan", "truc",
                   "ho_so_nd30", "ho_so_tt01-2019"})


def pytest_configure(config: pytest.Config) -> None:
    for tag in _known_tags():
        config.addinivalue_line("markers", f"{tag}: thẻ của bộ kiểm thử QLVB / suite tag")
    config.stash[RUN_KEY] = QlvbRun(config)


def pytest_bdd_apply_tag(tag: str, function: Any) -> bool:
    """Every tag of the features becomes a marker, registered on the fly when it is new."""
    config = _CONFIG.get("config")
    if config is not None and tag not in _REGISTERED:
        known = config.getini("markers")
        if not any(str(m).split(":", 1)[0] == tag for m in known):
            config.addinivalue_line("markers", f"{tag}: thẻ Gherkin / Gherkin tag")
        _REGISTERED.add(tag)
    getattr(pytest.mark, tag)(function)
    return True


_CONFIG: dict[str, pytest.Config] = {}
_REGISTERED: set[str] = set()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    _CONFIG["config"] = session.config


def _ours(item: pytest.Item) -> bool:
    module = getattr(item, "module", None)
    return module is not None and module.__name__ == ENTRY_MODULE


def _template(item: pytest.Item) -> Any:
    from pytest_bdd.scenario import scenario_wrapper_template_registry

    fn = getattr(item, "function", None)
    return scenario_wrapper_template_registry.get(fn) if fn is not None else None


def _state(item: pytest.Item) -> ItemState:
    if STATE_KEY not in item.stash:
        state = ItemState()
        template = _template(item)
        if template is not None:
            feature = template.feature
            state.feature_file = Path(feature.filename).name
            state.feature_name = feature.name
            state.name = template.name
            state.line = template.line_number
            rule_tags = template.rule.tags if template.rule is not None else set()
            state.tags = sorted({*template.tags, *feature.tags, *rule_tags})
        callspec = getattr(item, "callspec", None)
        if callspec is not None:
            example = callspec.params.get("_pytest_bdd_example") or {}
            state.example = {str(k): str(v) for k, v in example.items()}
        item.stash[STATE_KEY] = state
    return item.stash[STATE_KEY]


def applicability(run: QlvbRun, tags: list[str]) -> Any:
    """The reason a scenario does not apply to this SUT and profile, or None."""
    from conformance.reports.run_model import Reason

    for tag in tags:
        if tag.startswith("kha_nang_") and not run.sut.claims(tag):
            return Reason.capability(tag)
    profiles = [t.removeprefix("ho_so_") for t in tags if t.startswith("ho_so_")]
    if profiles and run.profile.id not in profiles:
        return Reason.profile(next(t for t in tags if t.startswith("ho_so_")), run.profile.id)
    return None


#: Scenarios far slower than the others (relative cost; the rest count 1), so that the shards of
#: `run --jobs N` come out even: the 49 MB package is moved and fetched several times.
COST_HINTS = {"gói tin vượt giới hạn kích thước": 25.0}


def _cost(item: pytest.Item) -> float:
    return next((cost for key, cost in COST_HINTS.items() if key in item.name), 1.0)


def shard_of(items: list[pytest.Item], index: int, total: int) -> list[pytest.Item]:
    """The items of shard `index` of `total`: the costliest first, each to the least loaded
    shard (deterministic); collection order kept within a shard."""
    load = [0.0] * total
    owner: dict[int, int] = {}
    for position in sorted(range(len(items)), key=lambda n: (-_cost(items[n]), n)):
        target = min(range(total), key=lambda k: (load[k], k))
        owner[position] = target
        load[target] += _cost(items[position])
    return [item for n, item in enumerate(items) if owner[n] == index]


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    run = config.stash[RUN_KEY]
    if run.shard is not None:
        index, total = run.shard
        ours = [i for i in items if _ours(i)]
        mine = {id(i) for i in shard_of(ours, index, total)}
        dropped = [i for i in ours if id(i) not in mine]
        if dropped:
            gone = {id(i) for i in dropped}
            config.hook.pytest_deselected(items=dropped)
            items[:] = [i for i in items if id(i) not in gone]
    for item in items:
        if not _ours(item):
            continue
        run.active = True
        state = _state(item)
        reason = applicability(run, state.tags)
        if reason is not None:
            state.reason = reason
            if _allure_on(config):
                _mark_not_applicable_for_allure(item, state)
            item.add_marker(pytest.mark.skip(reason=f"{NOT_APPLICABLE}{reason.message.vi} / "
                                                    f"{reason.message.en}"))


# --- fixtures -------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def qlvb_harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    run = request.config.stash[RUN_KEY]
    harness = run.start_harness()
    yield harness
    run.close()


@pytest.fixture
def qlvb(request: pytest.FixtureRequest, qlvb_harness: Harness) -> Iterator[Scenario]:
    from conformance.suite.context import Scenario

    state = _state(request.node)
    scenario = Scenario(qlvb_harness, state.tags, state.name)
    state.scenario = scenario
    yield scenario
    scenario.close()


# --- Allure and step records ----------------------------------------------------------------------

def _allure_on(config: pytest.Config) -> bool:
    return bool(getattr(config.option, "allure_report_dir", None))


@pytest.hookimpl(trylast=True)
def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any,
                               scenario: Any) -> None:
    item = request.node
    if not _ours(item):
        return
    state = _state(item)
    state.planned = [(s.keyword, s.name) for s in scenario.steps]
    state.name = scenario.name or state.name  # outline rows: placeholders filled in
    state.started = _now()
    state.t0 = time.monotonic()
    if not _allure_on(request.config):
        return
    import allure


    title = state.name + (f" ({', '.join(f'{k} = {v}' for k, v in state.example.items())})"
                          if state.example else "")
    allure.dynamic.title(title)
    for name, value in _allure_labels(state, feature.name):
        allure.dynamic.label(name, value)
    for url, name in _allure_links(state):
        allure.dynamic.link(url, name=name)


def _allure_labels(state: ItemState, feature_name: str) -> list[tuple[str, str]]:
    """feature, story and each tagged rule with its clause: how Allure groups a scenario."""
    from conformance.rules import catalog

    out = [("feature", feature_name), ("story", state.feature_file)]
    for tag in state.tags:
        rule = catalog().get(tag)
        if rule is not None:
            out += [("clause", rule.clause.cite()), ("rule", rule.id)]
    return out


def _allure_links(state: ItemState) -> list[tuple[str, str]]:
    from conformance.rules import catalog

    rules = [r for r in map(catalog().get, state.tags) if r is not None]
    return [(f"#quy-tac-{r.id}", f"{r.id}: {r.clause.cite()}") for r in rules]


def _mark_not_applicable_for_allure(item: pytest.Item, state: ItemState) -> None:
    """A scenario set aside at collection never reaches the scenario hooks: give Allure its
    labels as markers so that it shows under its feature and rules, not a bare test name."""
    for name, value in _allure_labels(state, state.feature_name):
        item.add_marker(pytest.mark.allure_label(value, label_type=name))
    for url, name in _allure_links(state):
        item.add_marker(pytest.mark.allure_link(url, name=name, link_type="link"))


def pytest_bdd_before_step(request: pytest.FixtureRequest, feature: Any, scenario: Any,
                           step: Any, step_func: Any) -> None:
    item = request.node
    if not _ours(item):
        return
    state = _state(item)
    state.step_started = time.monotonic()
    if _allure_on(request.config):
        import allure

        cm = allure.step(f"{step.keyword} {step.name}")
        cm.__enter__()
        state.allure_step = cm


def _close_allure_step(state: ItemState, exc: BaseException | None) -> None:
    cm, state.allure_step = state.allure_step, None
    if cm is not None:
        with contextlib.suppress(Exception):
            cm.__exit__(type(exc) if exc else None, exc, exc.__traceback__ if exc else None)


def _add_step(state: ItemState, step: Any, status: str, message: str | None) -> None:
    from conformance.reports.run_model import StepResult, StepStatus

    state.steps.append(StepResult(keyword=step.keyword.strip(), text=step.name,
                                  status=StepStatus(status),
                                  duration_s=time.monotonic() - state.step_started,
                                  message=message))


def pytest_bdd_after_step(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                          step_func: Any, step_func_args: Any) -> None:
    item = request.node
    if not _ours(item):
        return
    state = _state(item)
    scenario_ctx = state.scenario
    failure = scenario_ctx.pending_failure if scenario_ctx is not None else None
    if failure is not None:
        assert scenario_ctx is not None
        scenario_ctx.pending_failure = None
        _close_allure_step(state, failure)
        _add_step(state, step, "fail", str(failure)[:2000])
    else:
        _close_allure_step(state, None)
        _add_step(state, step, "pass", None)
    last = scenario.steps[-1] if scenario.steps else None
    if step is last and scenario_ctx is not None and scenario_ctx.soft_failures:
        raise AssertionError(" | ".join(str(e) for e in scenario_ctx.soft_failures)[:4000])


def pytest_bdd_step_error(request: pytest.FixtureRequest, feature: Any, scenario: Any,
                          step: Any, step_func: Any, step_func_args: Any,
                          exception: Exception) -> None:
    item = request.node
    if not _ours(item):
        return
    state = _state(item)
    _close_allure_step(state, exception)
    status = "fail" if isinstance(exception, AssertionError) else "error"
    _add_step(state, step, status, f"{type(exception).__name__}: {exception}"[:2000])


def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Any,
                              scenario: Any) -> None:
    item = request.node
    if not _ours(item):
        return
    state = _state(item)
    if state.scenario is not None and state.scenario.started:
        with contextlib.suppress(Exception):
            state.scenario.traffic()
            state.scenario.traffic_artifact()
    if state.allure_step is not None:  # a step ended with pytest.skip (N/A, inconclusive)
        _close_allure_step(state, None)
        index = len(state.steps)
        if index < len(scenario.steps):
            _add_step(state, scenario.steps[index], "inconclusive", None)


# --- results --------------------------------------------------------------------------------------

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    if not _ours(item):
        return
    report = outcome.get_result()
    run = item.config.stash[RUN_KEY]
    state = _state(item)
    if report.when == "setup" and report.passed:
        return
    if report.when == "teardown" and (report.passed or state.result is not None):
        if state.result is not None and report.failed:
            state.result.message = ((state.result.message or "") +
                                    f" | teardown: {report.longreprtext[:500]}").strip(" |")
        return
    state.result = _scenario_result(run, item, state, report, call)
    if item.nodeid not in run.results:
        run.order.append(item.nodeid)
    run.results[item.nodeid] = state.result


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr or "")


def _scenario_result(run: QlvbRun, item: pytest.Item, state: ItemState,
                     report: pytest.TestReport, call: pytest.CallInfo[None]) -> Any:
    from conformance.reports.run_model import (
        Reason,
        ScenarioResult,
        ScenarioStatus,
        StepResult,
        StepStatus,
    )

    message: str | None = None
    reason = None
    soft = state.scenario.soft_failures if state.scenario is not None else []
    if soft and not report.failed:  # a failed check earlier, then a skip: still a failure
        status = ScenarioStatus.FAIL
        message = " | ".join(str(e) for e in soft)[:2000]
    elif report.skipped:
        text = _skip_reason(report)
        if text.startswith(NOT_APPLICABLE):
            status = ScenarioStatus.NOT_APPLICABLE
            body = text.removeprefix(NOT_APPLICABLE)
            vi, _, en = body.partition(" / ")
            reason = state.reason or Reason.other(vi, en or vi)
        elif text.startswith(INCONCLUSIVE):
            status = ScenarioStatus.INCONCLUSIVE
            message = text.removeprefix(INCONCLUSIVE)
        else:
            status = ScenarioStatus.INCONCLUSIVE
            message = text
    elif report.passed:
        status = ScenarioStatus.PASS
    else:
        failed_assert = call.excinfo is not None and call.excinfo.errisinstance(AssertionError)
        status = ScenarioStatus.FAIL if (report.when == "call" and failed_assert) else \
            ScenarioStatus.ERROR
        if call.excinfo is not None:
            message = f"{call.excinfo.typename}: {call.excinfo.value}"[:2000]
        else:
            message = report.longreprtext[:2000]
    steps = list(state.steps)
    for keyword, text in state.planned[len(steps):]:
        steps.append(StepResult(keyword=keyword.strip(), text=text, status=StepStatus.SKIPPED))
    scenario = state.scenario
    findings = list(scenario.findings) if scenario else []
    artifacts = _write_evidence(run, state, scenario) if scenario else []
    if scenario and scenario.notes and message is None and status is not ScenarioStatus.PASS:
        message = "; ".join(scenario.notes)[:2000]
    return ScenarioResult(
        feature_file=state.feature_file or item.nodeid, feature_name=state.feature_name,
        name=state.name or item.name, status=status, tags=state.tags, reason=reason,
        message=message, findings=findings,
        duration_s=(time.monotonic() - state.t0) if state.t0 else report.duration,
        attachments=artifacts, exchange_ids=list(dict.fromkeys(scenario.exchange_ids))
        if scenario else [], example=state.example, line=state.line, steps=steps,
        started=state.started)


def _write_evidence(run: QlvbRun, state: ItemState, scenario: Scenario) -> list[Any]:
    if run.report_dir is None or not scenario.artifacts:
        return []
    from conformance.reports.run_model import Artifact

    index = len(run.order) + (0 if state.result is not None else 1)
    slug = _safe(f"{Path(state.feature_file).stem}-{state.name}")[:60]
    if run.shard is not None:
        slug = f"p{run.shard[0]}-{slug}"
    if state.example:
        slug += "-" + _safe("-".join(state.example.values()))[:30]
    folder = run.report_dir / "evidence" / f"{index:03d}-{slug}"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, data, title in scenario.artifacts:
        path = folder / name
        path.write_bytes(data)
        out.append(Artifact.from_file(run.report_dir, path, title=title))
    return out


def build_run_result(run: QlvbRun) -> Any:
    from conformance.reports.run_model import ProfileSnapshot, RunResult, SutInfo

    sut = run.sut
    harness_axis = None
    return RunResult(
        tool_version=__version__, started=run.started, finished=_now(),
        sut=SutInfo(name=sut.name, driver=sut.driver_label, agency_codes=tuple(sut.agencies),
                    capabilities=tuple(sorted(sut.capabilities)), version=sut.version,
                    description=sut.description),
        profile=ProfileSnapshot.from_profile(run.profile),
        axis_endpoint=run.axis_url or harness_axis,
        scenarios=[run.results[k] for k in run.order],
        notes=list(run.notes))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global last_run
    run = session.config.stash.get(RUN_KEY, None)
    if run is None or not run.active:
        return
    run.close()
    result = build_run_result(run)
    last_run = result
    if run.report_dir is not None:
        import json

        run.report_dir.mkdir(parents=True, exist_ok=True)
        name = f"run-result.part-{run.shard[0]}.json" if run.shard else "run-result.json"
        (run.report_dir / name).write_text(
            json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


__all__ = ["QlvbRun", "applicability", "build_run_result", "last_run"]
