"""The Allure HTML of `qlvb-conformance run`: Allure 3 (the copy pinned in tools/allure) turns the
allure-results into one self-contained index.html with the scenarios, their Gherkin steps and
clause labels, and no analytics; without the tool, or without results, there is simply no HTML."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conformance.cli import run_cmd
from conformance.rules import catalog

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SCENARIO = "Mất phản hồi của trục không làm hệ thống ghi trùng văn bản hay ghi sai thời điểm gửi"
RULE = "DN35-10.1"
PINNED_CLI = run_cmd.ALLURE_TOOL_DIR / "node_modules" / "allure" / "cli.js"
TOOL_MISSING = shutil.which("node") is None or not PINNED_CLI.is_file()
needs_allure = pytest.mark.skipif(
    TOOL_MISSING, reason="Allure 3 is not installed in tools/allure (needs node and npm: "
                         "`sh scripts/install-node-tools.sh`, which .ci/run runs)")
#: One file of the embedded report data: d("data/test-results/<id>.json","<base64>").
DATA = re.compile(r'd\("([^"]+)","([A-Za-z0-9+/=]*)"\)')
GA_SNIPPET = """<body><div id="app"></div>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('config', 'G-X', {"report": "awesome"});
    </script>
    <script async>window.allureReportData = {};</script>
</body>"""


def _results(report: Path) -> Path:
    """A report directory with one (minimal) Allure result."""
    results = report / run_cmd.ALLURE_RESULTS
    results.mkdir(parents=True)
    (results / "0-result.json").write_text(json.dumps({"name": "x", "status": "passed"}),
                                           encoding="utf-8")
    return report


def _script(path: Path, body: str) -> Path:
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


# --- without the tool -----------------------------------------------------------------------------

def test_no_tool_no_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = _results(tmp_path)
    monkeypatch.setattr(run_cmd, "allure_command", lambda *a, **k: None)
    out = io.StringIO()
    assert run_cmd.allure_html(report, out) is None
    assert not (report / run_cmd.ALLURE_REPORT).exists()
    assert out.getvalue() == ""


def test_no_results_no_html(tmp_path: Path) -> None:
    never = [str(tmp_path / "must-not-run")]
    assert run_cmd.allure_html(tmp_path, io.StringIO(), command=never) is None
    (tmp_path / run_cmd.ALLURE_RESULTS).mkdir()  # present but empty
    assert run_cmd.allure_html(tmp_path, io.StringIO(), command=never) is None


def test_missing_or_broken_tool_no_html(tmp_path: Path) -> None:
    report = _results(tmp_path / "r")
    assert run_cmd.allure_html(report, io.StringIO(),
                               command=[str(tmp_path / "no-such-allure")]) is None
    assert run_cmd.allure_html(report, io.StringIO(),
                               command=[sys.executable, "-c", "raise SystemExit(3)"]) is None
    # answers --version, then fails to generate: no HTML, and the reason on the terminal
    failing = [sys.executable, "-c",
               "import sys; print('boom', file=sys.stderr); "
               "sys.exit(0 if sys.argv[1:] == ['--version'] else 1)"]
    out = io.StringIO()
    assert run_cmd.allure_html(report, out, command=failing) is None
    assert "Allure HTML failed: boom" in out.getvalue()


def test_allure_command_prefers_the_pinned_copy(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    tool = tmp_path / "tools" / "allure"
    assert run_cmd.allure_command(tool) is None  # no node, no npx, no tool directory
    npx = _script(bin_dir / "npx", "exit 1")
    assert run_cmd.allure_command(tool) == [str(npx), "--no-install", "allure"]
    cli = tool / "node_modules" / "allure" / "cli.js"
    cli.parent.mkdir(parents=True)
    cli.write_text("", encoding="utf-8")
    assert run_cmd.allure_command(tool) == [str(npx), "--no-install", "allure"]  # no node
    node = _script(bin_dir / "node", "exit 1")
    assert run_cmd.allure_command(tool) == [str(node), str(cli)]


def test_strip_analytics(tmp_path: Path) -> None:
    index = tmp_path / "index.html"
    index.write_text(GA_SNIPPET, encoding="utf-8")
    run_cmd.strip_analytics(index)
    doc = index.read_text(encoding="utf-8")
    assert "googletagmanager" not in doc and "gtag" not in doc and "dataLayer" not in doc
    assert '<div id="app"></div>' in doc and "window.allureReportData = {};" in doc


def test_a_not_applicable_scenario_keeps_its_feature_and_rule_labels(tmp_path: Path) -> None:
    """Set aside at collection (a tt01-2019 scenario in an nd30 run), it still files under its
    feature and rule in the Allure results, not as a bare test function."""
    report = tmp_path / "report"
    done = subprocess.run([sys.executable, "-m", "conformance.cli.run_cmd", "--jobs", "1",
                           "-k", "gửi_ngay_sau_khi_ký_số", "--report-dir", str(report), "-q",
                           "--no-bundle", "--no-allure-html"], capture_output=True, text=True,
                          timeout=300, check=False, cwd=ROOT)
    results = [json.loads(p.read_text(encoding="utf-8"))
               for p in (report / run_cmd.ALLURE_RESULTS).glob("*-result.json")]
    skipped = [r for r in results if r["status"] == "skipped"]
    assert skipped, done.stdout[-2000:] + done.stderr[-2000:]
    labels = {(label["name"], label["value"]) for label in skipped[0]["labels"]}
    assert ("rule", "LC2019-6.4c") in labels and ("story", "van_ban_khan.feature") in labels
    assert any(name == "feature" and value.startswith("Văn bản khẩn") for name, value in labels)
    assert catalog()["LC2019-6.4c"].clause.cite() in {v for n, v in labels if n == "clause"}


# --- with Allure 3 --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def allure_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    report = tmp_path_factory.mktemp("allure") / "conformance-report"
    done = subprocess.run([sys.executable, "-m", "conformance.cli.run_cmd", "--jobs", "1",
                           "-k", "Mất_phản_hồi_của_trục", "--report-dir", str(report), "-q",
                           "--no-bundle"], capture_output=True, text=True, timeout=300,
                          check=False, cwd=ROOT)
    index = report / run_cmd.ALLURE_REPORT / "index.html"
    doc = index.read_text(encoding="utf-8") if index.is_file() else ""
    data = {name: base64.b64decode(b64) for name, b64 in DATA.findall(doc)}
    return {"code": done.returncode, "output": done.stdout + done.stderr, "report": report,
            "index": index, "doc": doc, "data": data}


@needs_allure
def test_one_self_contained_file(allure_report: dict[str, Any]) -> None:
    assert allure_report["code"] in (0, 1), allure_report["output"]
    index: Path = allure_report["index"]
    assert index.is_file(), allure_report["output"]
    assert str(index) in allure_report["output"]  # listed in the run's summary
    html_files = [p.name for p in index.parent.rglob("*") if p.suffix in (".html", ".js", ".css")]
    assert html_files == ["index.html"]
    doc: str = allure_report["doc"]
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", doc)
    external = [t for t in tags if re.search(r"""\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", t)]
    assert tags and external == []
    assert "googletagmanager" not in doc and "gtag(" not in doc


@needs_allure
def test_scenario_steps_and_clause_labels(allure_report: dict[str, Any]) -> None:
    data: dict[str, bytes] = allure_report["data"]
    results = [json.loads(v) for k, v in data.items() if k.startswith("data/test-results/")]
    assert [r["name"] for r in results] == [SCENARIO]
    result = results[0]
    clauses = [lab["value"] for lab in result["labels"] if lab["name"] == "clause"]
    assert catalog()[RULE].clause.cite() in clauses
    assert RULE in [lab["value"] for lab in result["labels"] if lab["name"] == "rule"]
    steps = [s["name"] for s in result["steps"] if s.get("type") == "step"]
    assert steps[0].startswith("Cho ")
    assert any(s.startswith("Khi ") for s in steps) and any(s.startswith("Thì ") for s in steps)
    assert any(k.startswith("data/attachments/") for k in data)  # the exchanged package


@needs_allure
@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="/usr/bin/chromium is absent (Debian package 'chromium'; .ci/run "
                           "installs it)")
def test_rendered_in_headless_chromium(allure_report: dict[str, Any], tmp_path: Path) -> None:
    test_id = next(k for k in allure_report["data"] if k.startswith("data/test-results/"))
    url = f"{allure_report['index'].resolve().as_uri()}#{Path(test_id).stem}"
    dom = subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                          "--no-first-run", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync",
                          "--virtual-time-budget=10000", f"--user-data-dir={tmp_path / 'p'}",
                          "--dump-dom", url], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    text = " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style)\b.*?</\1>", "",
                                                    dom)).split())
    assert SCENARIO in text
    assert "Cho trục liên thông tham chiếu đã sẵn sàng" in text
    assert "Thì hệ thống có đúng 1 bản ghi" in text
    assert catalog()[RULE].clause.cite() in text
