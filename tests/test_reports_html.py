"""The self-contained HTML report: content, language, escaping, and a real render in Chromium."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conformance.findings import Location, Status, finding
from conformance.reports import html_report
from conformance.reports.run_model import RunResult, rule_results
from conformance.reports.run_outputs import write_run_reports
from conformance.rules import catalog
from tests.test_reports_sample import FAILING_EXCHANGE, FAILING_RULE, build_sample_run

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = '<script>alert("pwned")</script>'
HOSTILE_ATTR = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def run(tmp_path: Path) -> RunResult:
    return build_sample_run(tmp_path)


class _Text(HTMLParser):
    """Visible text of elements by id, and every href/src."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.text: dict[str, str] = {}
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        for key in ("href", "src"):
            if a.get(key):
                self.urls.append(a[key] or "")
        if tag not in ("br", "meta", "input", "img", "link"):
            self.stack.append(a.get("id"))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("br", "meta", "input", "img", "link") and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for ident in self.stack:
            if ident:
                self.text[ident] = self.text.get(ident, "") + data


def parse(doc: str) -> _Text:
    p = _Text()
    p.feed(doc)
    return p


def test_header_verdict_sut_profile_time_and_counts(run: RunResult) -> None:
    doc = html_report.render(run)
    p = parse(doc)
    assert '<html lang="vi">' in doc
    assert p.text["verdict-text"].strip() == "KHÔNG ĐẠT"
    assert "Phần mềm QLVB mẫu (Công ty ABC)" in p.text["info"]
    assert "nd30" in p.text["info"] and "000.00.00.G22" in p.text["info"]
    assert "22/11/2026 14:05:00" in p.text["info"] and "0.1.0" in p.text["info"]
    assert "12 phút 30 giây" in p.text["info"]
    scen = " ".join(p.text["scenario-counts"].split())
    assert "6 Tổng" in scen and "2 ✔ đạt" in scen and "1 ✘ không đạt" in scen
    assert "2 – không áp dụng" in scen and "1 ! lỗi khi chạy" in scen
    rules = " ".join(p.text["rule-counts"].split())
    assert f"{len(catalog())} Tổng" in rules and "1 ✘ không đạt" in rules
    assert "○ chưa kiểm thử" in rules and "ngoài hồ sơ" in rules


def test_matrix_has_one_row_per_catalog_rule_grouped_by_document(run: RunResult) -> None:
    doc = html_report.render(run)
    rows = re.findall(r'<tr id="rule-([^"]+)" class="r-([a-z_]+)"', doc)
    assert [html.unescape(r) for r, _ in rows] == [
        r.id for grp in _groups(run) for r in grp]
    assert sorted(html.unescape(r) for r, _ in rows) == sorted(catalog())
    status = {html.unescape(r): s for r, s in rows}
    assert status[FAILING_RULE] == "fail" and status["QD28-5.3"] == "not_testable"
    # status as text, not colour alone
    row = doc[doc.index(f'<tr id="rule-{FAILING_RULE}"'):]
    row = row[: row.index("</tr>")]
    assert "✘ không đạt" in row and 'href="#sc-2"' in row and "f-1" in row
    # national documents first: the profile's include order
    assert doc.index('id="doc-QD28"') < doc.index('id="doc-QCVN102"') < doc.index('id="doc-DN35"')


def _groups(run: RunResult) -> list[list]:
    order: dict[str, list] = {}
    prefixes = []
    for rid in run.profile.rules:
        p = catalog()[rid].prefix
        if p not in prefixes:
            prefixes.append(p)
    for r in rule_results(run):
        order.setdefault(r.rule.prefix, []).append(r)
    keys = sorted(order, key=lambda k: prefixes.index(k) if k in prefixes else len(prefixes))
    return [order[k] for k in keys]


def test_failure_shows_clause_expected_found_location_and_evidence_links(run: RunResult) -> None:
    doc = html_report.render(run)
    p = parse(doc)
    failure = p.text["f-1"]
    cite = catalog()[FAILING_RULE].clause.cite()
    assert FAILING_RULE in failure and cite in failure
    assert "Yêu cầu" in failure and "0, 1, 2, 3 hoặc 4" in failure
    assert "Thực tế" in failure and "5" in failure
    assert "edXML:Priority" in failure and FAILING_EXCHANGE in failure and "Dòng" in failure
    block = doc[doc.index('id="f-1"'):]
    block = block[: block.index("</article>")]
    assert 'href="packages/VB1-gui.edxml"' in block and 'href="pdf/VB1.pdf"' in block
    assert "Văn bản chính VB1 đã ký số" in block


def test_links_stay_inside_the_report_and_nothing_is_fetched(run: RunResult) -> None:
    doc = html_report.render(run)
    p = parse(doc)
    assert "link" not in p.tags and "img" not in p.tags and "iframe" not in p.tags
    for url in p.urls:
        assert not re.match(r"^[a-z][a-z0-9+.-]*:", url), url  # no scheme, no network
        assert not url.startswith("/") and ".." not in url
    assert doc.count("<script>") == 1  # the tiny filter script only
    assert "@media print" in doc


def test_hostile_text_stays_text(run: RunResult) -> None:
    hostile = finding(FAILING_RULE, Status.FAIL, HOSTILE, HOSTILE, expected=HOSTILE_ATTR,
                      found=HOSTILE, location=Location(file=HOSTILE, xpath=HOSTILE_ATTR,
                                                       exchange_id=HOSTILE))
    run.scenarios[1].findings.append(hostile)
    run.scenarios[1].name = HOSTILE
    run.sut = type(run.sut)(name=HOSTILE_ATTR, driver=HOSTILE)
    run.notes.append(HOSTILE)
    for lang in ("vi", "en"):
        doc = html_report.render(run, lang=lang)
        assert doc.count("<script>") == 1 and "<script>alert" not in doc
        assert "<img" not in doc and 'onerror=alert(1)>' not in doc.replace("&gt;", "")
        assert html.escape(HOSTILE) in doc
        p = parse(doc)
        assert HOSTILE in "".join(p.text.values())  # shown as text


def test_english_report(run: RunResult) -> None:
    doc = html_report.render(run, lang="en", alternate=("report.html", "vi"))
    p = parse(doc)
    assert '<html lang="en">' in doc
    assert p.text["verdict-text"].strip() == "NON-CONFORMANT"
    assert catalog()[FAILING_RULE].clause.cite("en") in p.text["f-1"]
    assert "Expected" in p.text["f-1"] and "Found" in p.text["f-1"]
    assert 'href="report.html"' in doc and "Tiếng Việt" in doc
    assert "not tested" in p.text["rule-counts"]


def test_not_applicable_reason_and_scenarios_section(run: RunResult) -> None:
    p = parse(html_report.render(run))
    assert "kha_nang_so_hoa" in p.text["sc-4"] and "Lý do" in p.text["sc-4"]
    assert "hồ sơ tt01-2019" in p.text["sc-5"]
    assert "TimeoutError" in p.text["sc-6"]
    assert "Priority = 5" in p.text["sc-2"]  # the failed step's message
    assert "ex-000042" in p.text["sc-2"]


def test_run_level_failure_and_outside_profile_evidence(run: RunResult) -> None:
    run.findings.append(finding(
        "QD28-14.4", Status.FAIL, "Đồng hồ của hệ thống lệch 9 phút so với trục",
        "The system clock is 9 minutes off the axis clock", expected="≤ 1 phút",
        found="9 phút", location=Location(exchange_id="ex-000099")))
    run.scenarios[4].findings.append(finding("LC2019-6.1b", Status.FAIL, "gửi muộn", "late"))
    p = parse(html_report.render(run))
    failures = "".join(v for k, v in p.text.items() if k.startswith("f-"))
    assert "lệch 9 phút" in failures and "ex-000099" in failures
    assert "gửi muộn" not in failures  # outside the profile: never counted as a failure
    assert "Nhật ký giao dịch của trục" in failures  # the exchange → the axis traffic log
    assert "gửi muộn" in p.text["sc-5"] and "ngoài hồ sơ" in p.text["sc-5"]


@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="/usr/bin/chromium is absent (Debian package 'chromium'; .ci/run "
                           "installs it)")
def test_rendered_in_headless_chromium(run: RunResult, tmp_path: Path) -> None:
    out = tmp_path / "conformance-report"
    shutil.copytree(tmp_path, out, ignore=shutil.ignore_patterns("conformance-report"))
    written = write_run_reports(run, out)
    url = written["html"].resolve().as_uri()
    common = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
              "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync",
              f"--user-data-dir={tmp_path / 'chromium-profile'}"]
    dom = subprocess.run([*common, "--dump-dom", url], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    p = parse(dom)
    assert p.text["verdict-text"].strip() == "KHÔNG ĐẠT"
    assert "1 ✘ không đạt" in " ".join(p.text["scenario-counts"].split())
    assert f"{len(catalog())} Tổng" in " ".join(p.text["rule-counts"].split())
    assert catalog()[FAILING_RULE].clause.cite() in p.text["f-1"]
    assert '<div id="filters">' in dom  # the filter script ran and showed its controls
    png = tmp_path / "report.png"
    subprocess.run([*common, f"--screenshot={png}", "--window-size=1280,2000", url],
                   capture_output=True, timeout=120, check=True)
    assert png.stat().st_size > 10_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
