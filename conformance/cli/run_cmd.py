"""`qlvb-conformance run`: run the conformance suite and write `conformance-report/`.

With no arguments: the embedded reference axis (temporary SQLite), the builtin reference QLVB as
the system under test, every scenario of the bundled features, the national profile. Progress and
a summary in Vietnamese on the terminal; in the report directory:

    run-result.json, summary.json, junit.xml, report.html (+ report.en.html)
    allure-results/          Allure results (Gherkin steps, attachments, clause labels)
    allure-report/index.html the Allure HTML, when Allure 3 is installed (tools/allure or npx)
    evidence/…               the packages, PDFs and axis traffic of every scenario
    evidence-bundle.zip      everything above, hashed and signed (MANIFEST.json + .p7s)

pytest runs in process (`pytest.main`) with the suite's plugin; `--jobs N` splits the scenarios
over N worker processes (each with its own embedded axis and builtin SUT) and merges the results.
Exit codes: 0 conformant, 1 non-conformant or inconclusive, 2 usage or input error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from conformance.cli.common import EXIT_CONFORMANT, EXIT_NON_CONFORMANT, UsageError
from conformance.findings import VERDICT_TEXT, Verdict

DEFAULT_REPORT_DIR = "conformance-report"
ALLURE_RESULTS = "allure-results"
ALLURE_REPORT = "allure-report"
BUNDLE = "evidence-bundle.zip"
#: What a run writes in the report directory (removed before a new run; nothing else is touched).
OWNED = ("run-result.json", "summary.json", "junit.xml", "report.html", "report.en.html",
         "report.vi.html", ALLURE_RESULTS, ALLURE_REPORT, "evidence", BUNDLE, "allurerc.mjs")

STATUS_MARK = {"pass": "✔ đạt", "fail": "✘ không đạt", "not_applicable": "– không áp dụng",
               "inconclusive": "? chưa kết luận", "error": "! lỗi khi chạy"}
STATUS_MARK_EN = {"pass": "✔ pass", "fail": "✘ fail", "not_applicable": "– n/a",
                  "inconclusive": "? inconclusive", "error": "! error"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run", help="chạy bộ kiểm thử / run the conformance suite",
        description="Chạy bộ kịch bản kiểm thử (tiếng Việt) với hệ thống được kiểm thử qua trục "
                    "tham chiếu, ghi báo cáo vào conformance-report/. Mặc định: trục nhúng, QLVB "
                    "tham chiếu, mọi kịch bản. Mã thoát: 0 đạt, 1 không đạt hoặc chưa kết luận, "
                    "2 lỗi cú pháp lệnh. Runs the suite; exit 0 conformant, 1 not, 2 usage error.")
    p.add_argument("--sut", default=None, metavar="SUT",
                   help="builtin (mặc định), builtin:<biến thể>, manual, http://…, hoặc tệp hồ "
                        "sơ hệ thống .toml / the system under test")
    p.add_argument("--axis", default=None, metavar="URL",
                   help="dùng một trục đang chạy thay cho trục nhúng / use an external axis")
    p.add_argument("--profile", default=None,
                   help="hồ sơ quy tắc (nd30, tt01-2019 hoặc tệp .toml); mặc định theo hồ sơ hệ "
                        "thống / regulatory profile")
    p.add_argument("-k", dest="keyword", default=None, metavar="EXPR",
                   help="chọn kịch bản theo tên (như pytest -k) / select by name")
    p.add_argument("-m", dest="marker", default=None, metavar="EXPR",
                   help="chọn theo thẻ: lĩnh vực (area_goi_tin) hoặc mã quy tắc (QD28-10.2a) / "
                        "select by area or rule ID")
    p.add_argument("--report-dir", default=DEFAULT_REPORT_DIR, metavar="DIR",
                   help=f"thư mục báo cáo (mặc định {DEFAULT_REPORT_DIR}/) / report directory")
    p.add_argument("--lang", choices=("vi", "en"), default="vi",
                   help="ngôn ngữ / language (vi mặc định)")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="số tiến trình chạy song song (mặc định: 2 với trục nhúng và QLVB tham "
                        "chiếu khi máy có từ 2 lõi, 1 trong trường hợp khác) / worker processes")
    p.add_argument("--no-bundle", action="store_true",
                   help="không tạo gói bằng chứng / skip the evidence bundle")
    p.add_argument("--no-allure-html", action="store_true",
                   help="không dựng báo cáo Allure HTML / skip the Allure HTML")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="không in tiến độ từng kịch bản / no per-scenario progress")
    p.set_defaults(handler=run)


# --- the pytest session ---------------------------------------------------------------------------

class Progress:
    """A small pytest plugin printing one Vietnamese line per scenario."""

    def __init__(self, out: TextIO, lang: str, prefix: str = "") -> None:
        self.out, self.lang, self.prefix = out, lang, prefix
        self.total = 0
        self.done = 0
        self.config: Any = None

    def pytest_configure(self, config: Any) -> None:
        self.config = config

    def pytest_collection_modifyitems(self, items: list[Any]) -> None:
        self.total = len(items)

    def pytest_collection_finish(self, session: Any) -> None:
        self.total = len(session.items)
        self.out.write(f"{self.prefix}Số kịch bản sẽ chạy / scenarios: {self.total}\n")
        self.out.flush()

    def pytest_runtest_logfinish(self, nodeid: str, location: Any) -> None:
        from conformance.suite.plugin import RUN_KEY

        self.done += 1
        run = self.config.stash.get(RUN_KEY, None) if self.config is not None else None
        result = run.results.get(nodeid) if run is not None else None
        if result is None:
            return
        marks = STATUS_MARK_EN if self.lang == "en" else STATUS_MARK
        line = (f"{self.prefix}[{self.done:>3}/{self.total}] {marks[str(result.status)]:<17} "
                f"{result.feature_file}: {result.title}")
        self.out.write(line[:200] + "\n")
        self.out.flush()


def _entry_file() -> Path:
    """The test module binding the bundled features (not imported here: pytest-bdd needs a
    running pytest to import it)."""
    import importlib.util

    spec = importlib.util.find_spec("conformance.suite.tests_entry")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin)


def pytest_args(args: argparse.Namespace, report_dir: Path, *, shard: str | None = None,
                driver: str = "builtin") -> list[str]:
    entry = _entry_file()
    out = [str(entry), "-p", "no:qlvb_conformance", "-p", "conformance.suite.plugin",
           "-p", "no:cacheprovider", "-p", "no:terminal", "--assert=plain",
           "-c", str(entry.with_name("pytest-run.ini")), "--rootdir", str(entry.parent),
           "--qlvb-report-dir", str(report_dir), "--qlvb-lang", args.lang,
           "--alluredir", str(report_dir / ALLURE_RESULTS)]
    if args.sut:
        out += ["--qlvb-sut", args.sut]
    if args.profile:
        out += ["--qlvb-profile", args.profile]
    if args.axis:
        out += ["--qlvb-axis", args.axis]
    if args.keyword:
        out += ["-k", args.keyword]
    if args.marker:
        out += ["-m", args.marker]
    if shard:
        out += ["--qlvb-shard", shard]
    if driver == "manual":  # the operator reads the instructions on the terminal
        out += ["--capture=no"]
    return out


def run_session(argv: list[str], out: TextIO, lang: str, quiet: bool, prefix: str = "") -> int:
    import pytest

    plugins: list[Any] = []
    if not quiet:
        plugins.append(Progress(out, lang, prefix))
    return int(pytest.main(argv, plugins=plugins))


def _worker(argv: list[str], lang: str, quiet: bool, prefix: str) -> int:
    """One worker process of `--jobs N` (its own embedded axis and builtin SUT)."""
    return run_session(argv, sys.stdout, lang, quiet, prefix)


# --- after the session ----------------------------------------------------------------------------

def merge_parts(report_dir: Path) -> Any:
    """The run results of the workers, as one run (scenarios in feature-file order)."""
    from conformance.reports.run_model import RunResult

    parts = sorted(report_dir.glob("run-result.part-*.json"))
    runs = [RunResult.from_dict(json.loads(p.read_text(encoding="utf-8"))) for p in parts]
    if not runs:
        return None
    first = runs[0]
    scenarios = [s for r in runs for s in r.scenarios]
    scenarios.sort(key=lambda s: (s.feature_file, s.line or 0, list(s.example.values())))
    first.scenarios = scenarios
    first.started = min(r.started for r in runs)
    first.finished = max(r.finished for r in runs)
    first.notes = [n for r in runs for n in r.notes]
    first.notes.append(f"chạy song song trên {len(runs)} tiến trình / run in {len(runs)} "
                       "worker processes")
    for p in parts:
        p.unlink()
    return first


#: The project's pinned Allure 3 (`tools/allure/package.json` + lock; `npm ci` there, which
#: scripts/install-node-tools.sh does) — present only in a checkout, never in an installed wheel.
ALLURE_TOOL_DIR = Path(__file__).resolve().parents[2] / "tools" / "allure"
#: Allure 3's configuration: the Awesome report as one self-contained index.html, grouped by
#: feature (Allure 3 has no Vietnamese interface yet).
ALLURE_CONFIG = """export default {
  name: "qlvb-conformance",
  plugins: {
    awesome: {
      options: {
        reportName: "qlvb-conformance",
        singleFile: true,
        reportLanguage: "en",
        groupBy: ["feature"],
        stepTreeExpansion: "expanded",
      },
    },
  },
};
"""
#: The Google Analytics tag Allure 3's Awesome template always writes (3.18: no option or
#: environment variable turns it off, allure-framework/allure3#476): an external script and the
#: inline `gtag(...)` call after it. Removed, so the report fetches nothing from the network.
_ANALYTICS = re.compile(r'<script\b[^>]*\bsrc="https://www\.googletagmanager\.com/[^"]*"[^>]*>'
                        r"\s*</script>(?:\s*<script>[^<]*\bgtag\([^<]*</script>)?")


def allure_command(tool_dir: Path = ALLURE_TOOL_DIR) -> list[str] | None:
    """How to start the Allure 3 CLI: the project's pinned install when `npm ci` ran in
    tools/allure (and node is on PATH), else `npx --no-install allure` (a global or project
    install npx can find); None without node / npx. Never installs anything."""
    cli = tool_dir / "node_modules" / "allure" / "cli.js"
    node = shutil.which("node")
    if node is not None and cli.is_file():
        return [node, str(cli)]
    npx = shutil.which("npx")
    return [npx, "--no-install", "allure"] if npx is not None else None


def strip_analytics(index: Path) -> None:
    """Remove the Google Analytics tag from a generated Allure report."""
    text = index.read_text(encoding="utf-8")
    cleaned = _ANALYTICS.sub("", text)
    if cleaned != text:
        index.write_text(cleaned, encoding="utf-8")


def allure_html(report_dir: Path, out: TextIO, *,
                command: list[str] | None = None) -> Path | None:
    """`allure generate` (Allure 3, the Awesome report as one self-contained file, no analytics)
    when the tool is available (see `allure_command`) and there are results; None otherwise,
    never raises on a missing or broken tool, never installs anything."""
    results = report_dir / ALLURE_RESULTS
    if command is None:
        command = allure_command()
    if command is None or not results.is_dir() or not any(results.glob("*-result.json")):
        return None
    env = dict(os.environ, npm_config_yes="false", NPM_CONFIG_OFFLINE="true",
               ALLURE_NO_ANALYTICS="true", NO_COLOR="1")
    try:
        probe = subprocess.run([*command, "--version"], cwd=report_dir, capture_output=True,
                               text=True, timeout=60, env=env, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if probe.returncode != 0:
        return None
    config = report_dir / "allurerc.mjs"
    config.write_text(ALLURE_CONFIG, encoding="utf-8")
    try:
        done = subprocess.run([*command, "generate", ALLURE_RESULTS, "--config", config.name,
                               "--output", ALLURE_REPORT], cwd=report_dir, capture_output=True,
                              text=True, timeout=600, env=env, check=False)
    except (OSError, subprocess.TimeoutExpired):
        out.write("Không dựng được Allure HTML (quá thời gian) / Allure HTML timed out\n")
        return None
    index = report_dir / ALLURE_REPORT / "index.html"
    if done.returncode != 0 or not index.is_file():
        lines = (done.stderr or done.stdout or "").strip().splitlines()
        out.write("Không dựng được Allure HTML / Allure HTML failed"
                  + (f": {lines[-1]}" if lines else "") + "\n")
        return None
    try:
        strip_analytics(index)
    except (OSError, UnicodeDecodeError):
        return None
    return index


def summary_text(run: Any, written: dict[str, Path], extras: dict[str, Path | None],
                 lang: str, elapsed: float) -> tuple[str, Verdict]:
    from conformance.reports.run_model import (
        RuleStatus,
        overall_verdict,
        rule_results,
        scenario_counts,
    )

    verdict = overall_verdict(run)
    rules = rule_results(run)
    counts = scenario_counts(run)
    failed = [r for r in rules if r.status is RuleStatus.FAIL]
    undecided = [r for r in rules if r.status is RuleStatus.INCONCLUSIVE]
    en = lang == "en"
    c = {str(k): v for k, v in counts.items()}
    lines = ["", "=" * 72,
             (f"System under test: {run.sut.name} ({run.sut.driver}); profile {run.profile.id}"
              if en else
              f"Hệ thống được kiểm thử: {run.sut.name} ({run.sut.driver}); hồ sơ {run.profile.id}"),
             (f"Scenarios: {len(run.scenarios)} — pass {c['pass']}, fail {c['fail']}, "
              f"not applicable {c['not_applicable']}, inconclusive {c['inconclusive']}, "
              f"error {c['error']}" if en else
              f"Kịch bản: {len(run.scenarios)} — đạt {c['pass']}, không đạt {c['fail']}, "
              f"không áp dụng {c['not_applicable']}, chưa kết luận {c['inconclusive']}, "
              f"lỗi khi chạy {c['error']}")]
    if failed:
        lines.append(("Rules failed: " if en else "Quy tắc không đạt: ") +
                     ", ".join(r.id for r in failed))
    if undecided:
        lines.append(("Rules undecided: " if en else "Quy tắc chưa kết luận: ") +
                     ", ".join(r.id for r in undecided))
    lines.append((f"Verdict: {VERDICT_TEXT[verdict]['en']}" if en else
                  f"Kết luận: {VERDICT_TEXT[verdict]['vi']}") + f"  ({elapsed:.1f} s)")
    lines.append("Reports:" if en else "Báo cáo:")
    for key in ("html", "summary", "junit", "run_result"):
        if key in written:
            lines.append(f"  {written[key]}")
    for path in extras.values():
        if path is not None:
            lines.append(f"  {path}")
    lines.append("=" * 72)
    return "\n".join(lines) + "\n", verdict


def _clean(report_dir: Path) -> None:
    for name in OWNED:
        path = report_dir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    for part in report_dir.glob("run-result.part-*.json"):
        part.unlink()


def default_jobs(args: argparse.Namespace, driver: str) -> int:
    if args.axis or driver != "builtin":
        return 1
    return 2 if (os.cpu_count() or 1) >= 2 else 1


# --- the command ----------------------------------------------------------------------------------

def run(args: argparse.Namespace) -> int:
    from conformance.profiles import load_profile
    from conformance.reports.run_outputs import write_run_reports
    from conformance.suite.sut_profile import resolve_sut

    t0 = time.monotonic()
    out = sys.stdout
    sut = resolve_sut(args.sut).with_profile(args.profile)  # DataFileError → exit 2
    load_profile(sut.regulatory_profile)
    jobs = args.jobs if args.jobs is not None else default_jobs(args, sut.driver)
    if jobs < 1:
        raise UsageError("--jobs phải từ 1 trở lên", "--jobs must be at least 1")
    if jobs > 1 and (args.axis or sut.driver != "builtin"):
        raise UsageError("--jobs > 1 chỉ dùng được với trục nhúng và QLVB tham chiếu",
                         "--jobs > 1 needs the embedded axis and the builtin SUT")
    report_dir = Path(args.report_dir).resolve()
    report_dir.mkdir(parents=True, exist_ok=True)
    _clean(report_dir)
    out.write(f"qlvb-conformance run — {sut.name} ({sut.driver_label}), hồ sơ "
              f"{sut.regulatory_profile}; báo cáo: {report_dir}\n")
    out.flush()
    if jobs == 1:
        code = run_session(pytest_args(args, report_dir, driver=sut.driver), out, args.lang,
                           args.quiet)
        from conformance.suite import plugin

        result = plugin.last_run
    else:
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(jobs) as pool:
            pending = [pool.apply_async(_worker, (pytest_args(args, report_dir,
                                                              shard=f"{i}/{jobs}"),
                                                  args.lang, args.quiet, f"[p{i}] "))
                       for i in range(jobs)]
            codes = [p.get(timeout=3600) for p in pending]
        # a shard that selected nothing (exit 5) is no error when another one ran scenarios
        code = max((c for c in codes if c != 5), default=5)
        result = merge_parts(report_dir)
    if code in (3, 4, 5) or result is None or not result.scenarios:
        # pytest: 3 internal error, 4 usage error (a bad -m / -k expression), 5 nothing selected
        out.write("Không có kịch bản nào được chạy (kiểm tra -k / -m và thông báo lỗi ở trên) / "
                  "no scenario ran (check -k / -m and the errors above)\n")
        return 2
    written = write_run_reports(result, report_dir, lang=args.lang)
    extras: dict[str, Path | None] = {"allure_results": report_dir / ALLURE_RESULTS}
    if not args.no_allure_html:
        extras["allure_html"] = allure_html(report_dir, out)
    if not args.no_bundle:
        from conformance.reports.bundle import write_bundle

        with contextlib.suppress(Exception):
            write_bundle(report_dir, report_dir / BUNDLE)
            extras["bundle"] = report_dir / BUNDLE
    text, verdict = summary_text(result, written, extras, args.lang, time.monotonic() - t0)
    out.write(text)
    return EXIT_CONFORMANT if verdict is Verdict.CONFORMANT else EXIT_NON_CONFORMANT


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m conformance.cli.run_cmd …`: the same as `qlvb-conformance run …` (usable
    before the sub-command is registered in `conformance.cli`)."""
    from conformance.cli import _Parser
    from conformance.datafiles import DataFileError

    parser = _Parser(prog="qlvb-conformance")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    register(sub)
    args = parser.parse_args(["run", *(argv if argv is not None else sys.argv[1:])])
    try:
        return int(args.handler(args))
    except (DataFileError, UsageError) as exc:
        sys.stderr.write(f"qlvb-conformance: {exc.message(args.lang)}\n")
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
