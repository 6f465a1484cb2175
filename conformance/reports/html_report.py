"""The run report as ONE self-contained HTML file, Vietnamese by default (`lang="en"` for English).

For a Sở TT&TT officer: the verdict as a banner, the system under test and the profile, the
counts, every failure with its clause, expected / found / location and links to the exchanged
packages and signed PDFs, the clause matrix (every rule of the catalog, grouped by source
document), and the scenarios. Inline CSS with a print stylesheet; no script is needed to read it
(a small inline script only adds status filters to the matrix). Every text is HTML-escaped; links
point only into the report directory (relative paths checked by `run_model.safe_relative_path`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from conformance.findings import (
    SEVERITY_TEXT,
    STATUS_TEXT,
    VERDICT_TEXT,
    Finding,
    Status,
    Verdict,
)
from conformance.reports.run_model import (
    RULE_STATUS_TEXT,
    SCENARIO_STATUS_TEXT,
    STEP_STATUS_TEXT,
    VN_TZ,
    Artifact,
    ProfileLike,
    RuleResult,
    RuleStatus,
    RunResult,
    ScenarioResult,
    ScenarioStatus,
    overall_verdict,
    rule_counts,
    rule_results,
    scenario_counts,
)
from conformance.rules import Catalog, Source
from conformance.rules import catalog as default_catalog

_MARK = {
    "pass": "✔", "fail": "✘", "inconclusive": "?", "not_applicable": "–", "error": "!",
    "not_tested": "○", "not_testable": "⊘", "outside_profile": "·", "skipped": "↷",
}

_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Báo cáo kiểm thử sự phù hợp",
        "heading": "Kiểm thử sự phù hợp gửi, nhận văn bản điện tử",
        "basis": "Theo Quyết định 28/2018/QĐ-TTg, Nghị định 30/2020/NĐ-CP, QCVN 102:2016/BTTTT và "
                 "các văn bản trong hồ sơ quy tắc",
        "verdict": "Kết luận",
        "toc": "Mục lục",
        "info": "Thông tin lần kiểm thử",
        "sut": "Hệ thống được kiểm thử",
        "driver": "Cách điều khiển",
        "agency_codes": "Mã định danh cơ quan",
        "capabilities": "Khả năng khai báo",
        "version": "Phiên bản",
        "profile": "Hồ sơ quy tắc",
        "axis": "Trục liên thông (điểm kết nối)",
        "started": "Bắt đầu",
        "finished": "Kết thúc",
        "duration": "Thời lượng",
        "tool": "Công cụ",
        "counts": "Số liệu",
        "scenarios": "Kịch bản",
        "rules": "Quy tắc",
        "total": "Tổng",
        "in_profile": "thuộc hồ sơ",
        "failures": "Các lỗi phát hiện",
        "no_failures": "Không có lỗi nào ở mức bắt buộc.",
        "inconclusive": "Chưa kết luận được",
        "warnings": "Cảnh báo (không ảnh hưởng kết luận)",
        "matrix": "Ma trận điều khoản",
        "matrix_note": "Mỗi dòng là một quy tắc trong danh mục; kết quả được ghi bằng chữ và "
                       "ký hiệu, màu chỉ để dễ nhìn.",
        "filter": "Lọc theo kết quả",
        "rule_id": "Mã quy tắc",
        "clause": "Điều khoản",
        "content": "Nội dung",
        "severity": "Mức độ",
        "result": "Kết quả",
        "tested_by": "Kịch bản kiểm thử",
        "expected": "Yêu cầu",
        "found": "Thực tế",
        "location": "Vị trí",
        "file": "Tệp",
        "page": "Trang",
        "rect": "Vùng (điểm PDF)",
        "xpath": "XPath",
        "line": "Dòng",
        "field": "Trường",
        "exchange": "Mã giao dịch trên trục",
        "evidence_files": "Tệp bằng chứng",
        "evidence_detail": "Dữ liệu bằng chứng",
        "scenario": "Kịch bản",
        "reason": "Lý do",
        "message": "Chi tiết",
        "steps": "Các bước",
        "rules_passed": "Quy tắc đạt",
        "tags": "Nhãn",
        "artifacts": "Tệp bằng chứng của lần chạy",
        "no_artifacts": "Không có tệp nào.",
        "synthesized": "suy ra từ kết quả kịch bản",
        "footer": "Báo cáo này là một phần của gói bằng chứng. Kiểm tra tính toàn vẹn và chữ ký "
                  "của gói bằng lệnh: qlvb-conformance report verify GÓI.zip",
        "other_lang": "English",
        "yes": "có",
        "none": "không có",
        "warning_count": "cảnh báo",
        "notes": "Ghi chú",
        "seconds": "giây",
        "minutes": "phút",
        "hours": "giờ",
        "testable_no": "không kiểm thử tự động được",
    },
    "en": {
        "title": "Conformance test report",
        "heading": "Conformance test of electronic document exchange",
        "basis": "Under Decision 28/2018/QĐ-TTg, Decree 30/2020/NĐ-CP, QCVN 102:2016/BTTTT and the "
                 "other documents of the regulatory profile",
        "verdict": "Verdict",
        "toc": "Contents",
        "info": "About this run",
        "sut": "System under test",
        "driver": "Driver",
        "agency_codes": "Agency codes",
        "capabilities": "Claimed capabilities",
        "version": "Version",
        "profile": "Regulatory profile",
        "axis": "Axis endpoint",
        "started": "Started",
        "finished": "Finished",
        "duration": "Duration",
        "tool": "Tool",
        "counts": "Counts",
        "scenarios": "Scenarios",
        "rules": "Rules",
        "total": "Total",
        "in_profile": "in the profile",
        "failures": "Failures",
        "no_failures": "No failure of a mandatory rule.",
        "inconclusive": "Inconclusive",
        "warnings": "Warnings (do not affect the verdict)",
        "matrix": "Clause matrix",
        "matrix_note": "One row per rule of the catalog; results are written as text and symbols, "
                       "colour is only an aid.",
        "filter": "Filter by result",
        "rule_id": "Rule",
        "clause": "Clause",
        "content": "Requirement",
        "severity": "Severity",
        "result": "Result",
        "tested_by": "Tested by",
        "expected": "Expected",
        "found": "Found",
        "location": "Location",
        "file": "File",
        "page": "Page",
        "rect": "Area (PDF points)",
        "xpath": "XPath",
        "line": "Line",
        "field": "Field",
        "exchange": "Axis exchange ID",
        "evidence_files": "Evidence files",
        "evidence_detail": "Evidence data",
        "scenario": "Scenario",
        "reason": "Reason",
        "message": "Detail",
        "steps": "Steps",
        "rules_passed": "Rules passed",
        "tags": "Tags",
        "artifacts": "Evidence files of the run",
        "no_artifacts": "No files.",
        "synthesized": "derived from the scenario outcome",
        "footer": "This report is part of an evidence bundle. Check the bundle's integrity and "
                  "signature with: qlvb-conformance report verify BUNDLE.zip",
        "other_lang": "Tiếng Việt",
        "yes": "yes",
        "none": "none",
        "warning_count": "warning(s)",
        "notes": "Notes",
        "seconds": "s",
        "minutes": "min",
        "hours": "h",
        "testable_no": "not machine-testable",
    },
}

_CSS = """
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#b42318;--fail-bg:#ffe4e0;--inc:#8a5a00;--inc-bg:#fff1c2;
--na:#57606a;--na-bg:#eaeef2;--nt:#9a4d00;--nt-bg:#fff8ef;--err:#6e40c9;--err-bg:#f1e8ff}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font:15px/1.5 "Noto Sans","Segoe UI",Roboto,"Liberation Sans","DejaVu Sans",Arial,
sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:4px 0}h2{font-size:21px;margin:32px 0 12px;padding-bottom:6px;
border-bottom:2px solid var(--line)}h3{font-size:17px;margin:22px 0 8px}
a{color:#0550ae}code,.mono{font-family:"DejaVu Sans Mono","Liberation Mono",monospace;
font-size:13px;overflow-wrap:anywhere}
.kicker{color:var(--muted);margin:0;font-size:13px;text-transform:uppercase;letter-spacing:.06em}
.basis{color:var(--muted);margin:0}
.langswitch{float:right}
.verdict{margin:20px 0;padding:20px 24px;border-radius:10px;border:3px solid}
.verdict .label{font-size:14px;text-transform:uppercase;letter-spacing:.08em}
.verdict .text{font-size:44px;font-weight:800;line-height:1.15;margin:2px 0 6px}
.verdict p{margin:0;font-size:16px}
.v-conformant{background:var(--pass-bg);border-color:var(--pass);color:#0f5323}
.v-non_conformant{background:var(--fail-bg);border-color:var(--fail);color:#7a1610}
.v-inconclusive{background:var(--inc-bg);border-color:#bf8700;color:#5c3d00}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:0}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0}
.counts{display:flex;flex-wrap:wrap;gap:10px;margin:6px 0 14px;padding:0;list-style:none}
.counts li{min-width:118px;padding:8px 12px;border-radius:8px;border:1px solid var(--line)}
.counts .n{display:block;font-size:26px;font-weight:700}
.st{display:inline-block;padding:1px 8px;border-radius:999px;font-weight:600;white-space:nowrap;
border:1px solid}
.s-pass{color:var(--pass);background:var(--pass-bg);border-color:var(--pass)}
.s-fail{color:var(--fail);background:var(--fail-bg);border-color:var(--fail)}
.s-inconclusive{color:var(--inc);background:var(--inc-bg);border-color:#bf8700}
.s-not_applicable,.s-skipped{color:var(--na);background:var(--na-bg);border-color:#afb8c1}
.s-not_tested{color:var(--nt);background:var(--nt-bg);border-color:#d4a72c;border-style:dashed}
.s-not_testable{color:#3b5b7a;background:#eef4fb;border-color:#9fb7cf}
.s-outside_profile{color:#6e7781;background:#fff;border-color:#d0d7de}
.s-error{color:var(--err);background:var(--err-bg);border-color:var(--err)}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-size:13px}
table.matrix td.id{white-space:nowrap;font-weight:600}
table.matrix td.cite{min-width:190px;font-size:14px}
table.matrix td.cite .doc{color:var(--muted);font-size:12px}
table.matrix tr.r-fail td{background:#fff6f5}
table.matrix tr.r-outside_profile td{color:#6e7781}
.small{font-size:13px;color:var(--muted)}
.group-stats{font-size:13px;color:var(--muted);margin:0 0 6px}
.finding{border:1px solid var(--line);border-left:6px solid var(--fail);border-radius:6px;
padding:10px 14px;margin:12px 0;break-inside:avoid}
.finding.k-inconclusive{border-left-color:#bf8700}.finding.k-warning{border-left-color:#d4a72c}
.finding h3,.finding h4{margin:0 0 4px;font-size:16px}
.finding .msg{margin:4px 0 8px;font-weight:600}
.ef{display:grid;grid-template-columns:1fr 1fr;gap:10px;margin:6px 0}
.ef div{background:var(--soft);border-radius:6px;padding:6px 10px;overflow-wrap:anywhere}
.ef .k{display:block;font-size:12px;text-transform:uppercase;color:var(--muted);
letter-spacing:.05em}
.ef .found{background:var(--fail-bg)}
ul.files{margin:4px 0;padding-left:20px}
.kind{display:inline-block;font-size:11px;text-transform:uppercase;border:1px solid var(--line);
border-radius:4px;padding:0 4px;margin-right:4px;color:var(--muted)}
.scenario{border-top:1px solid var(--line);padding:10px 0;break-inside:avoid}
.scenario h4{margin:0;font-size:15px}
ol.steps{margin:6px 0;padding-left:22px;font-size:14px}
ol.steps .kw{font-weight:700}
.stepmsg{color:var(--fail);font-size:13px;white-space:pre-wrap}
pre{background:var(--soft);padding:8px;border-radius:6px;overflow:auto;font-size:12px;
max-height:320px}
nav.toc ol{columns:2;margin:0}
#filters{margin:8px 0;padding:8px;background:var(--soft);border-radius:6px}
#filters label{margin-right:12px;white-space:nowrap}
tr.hide{display:none}
footer{margin-top:40px;padding-top:12px;border-top:1px solid var(--line);color:var(--muted);
font-size:13px}
@media print{
 @page{size:A4;margin:14mm 12mm}
 body{font-size:11pt}main{max-width:none;padding:0}
 #filters,.langswitch,nav.toc{display:none}
 tr.hide{display:table-row}
 h2{break-after:avoid}tr,.finding,.scenario{break-inside:avoid}
 .verdict .text{font-size:32pt}
 a{color:inherit;text-decoration:none}
 details{display:block}details>pre{max-height:none}
}
"""

_SCRIPT = """
(function(){var f=document.getElementById('filters');if(!f)return;f.hidden=false;
function apply(){var on={};f.querySelectorAll('input').forEach(function(c){on[c.value]=c.checked});
document.querySelectorAll('table.matrix tbody tr').forEach(function(r){
r.classList.toggle('hide',!on[r.getAttribute('data-status')])})}
f.addEventListener('change',apply);apply()})();
"""


def e(value: object) -> str:
    """HTML-escape any value (quotes too, so it is safe in attributes)."""
    return escape("" if value is None else str(value), quote=True)


def _href(path: str) -> str:
    return e(quote(path, safe="/"))


def _status(value: str, text: str) -> str:
    return f'<span class="st s-{e(value)}">{_MARK.get(value, "")} {e(text)}</span>'


def _rule_status(status: RuleStatus, lang: str) -> str:
    return _status(str(status), RULE_STATUS_TEXT[status][lang])


def _scenario_status(status: ScenarioStatus, lang: str) -> str:
    return _status(str(status), SCENARIO_STATUS_TEXT[status][lang])


def _time(value: str, lang: str) -> str:
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        return e(value)
    if t.tzinfo is not None:
        t = t.astimezone(VN_TZ)
    if lang == "en":
        return e(t.strftime("%Y-%m-%d %H:%M:%S") + " (UTC+07:00)")
    return e(t.strftime("%d/%m/%Y %H:%M:%S") + " (giờ Việt Nam, UTC+07:00)")


def _duration(seconds: float, w: dict[str, str]) -> str:
    s = round(max(seconds, 0.0))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    parts = []
    if h:
        parts.append(f"{h} {w['hours']}")
    if h or m:
        parts.append(f"{m} {w['minutes']}")
    parts.append(f"{sec if s else round(seconds, 2)} {w['seconds']}")
    return " ".join(parts)


class _Context:
    """What the section renderers share: the run, the rule results, anchors, language."""

    def __init__(self, run: RunResult, cat: Catalog, results: list[RuleResult], lang: str,
                 profile: ProfileLike) -> None:
        self.run, self.cat, self.results, self.lang = run, cat, results, lang
        self.profile = profile
        self.w = _WORDS[lang]
        self.by_rule = {r.id: r for r in results}
        self.artifacts = {a.path: a for a in run.all_artifacts()}
        self.finding_anchor: dict[int, str] = {}  # id(finding) -> anchor
        # the findings as the profile counts them (severity overrides, synthesized ones), by
        # scenario index (None: run-level), and where each came from
        self.effective: dict[int | None, list[Finding]] = {}
        self.origin: dict[int, int | None] = {}
        for r in results:
            for f, i in zip(r.findings, r.origins, strict=True):
                self.effective.setdefault(i, []).append(f)
                self.origin[id(f)] = i

    def cite(self, f: Finding) -> str:
        rule = self.cat.get(f.rule_id)
        return rule.clause.cite(self.lang) if rule else f.clause

    def scenario_link(self, index: int, *, long: bool = False) -> str:
        s = self.run.scenarios[index]
        label = f"#{index + 1}"
        if long:
            label += f" {s.title}"
        return (f'<a href="#sc-{index + 1}" title="{e(s.title)}">{e(label)}</a> '
                f'{_MARK.get(str(s.status), "")}')

    def artifact_link(self, a: Artifact) -> str:
        digest = f' <span class="small mono">sha256 {e(a.sha256[:16])}…</span>' if a.sha256 else ""
        return (f'<span class="kind">{e(a.kind)}</span><a class="file" href="{_href(a.path)}">'
                f"{e(a.title)}</a> <span class=\"small mono\">{e(a.path)}</span>{digest}")

    def file_ref(self, path: str) -> str:
        """A location's file: a link when it is one of the run's evidence files."""
        match = self.artifacts.get(path) or next(
            (a for a in self.artifacts.values() if a.path.rsplit("/", 1)[-1] == path), None)
        if match:
            return f'<a class="file" href="{_href(match.path)}">{e(path)}</a>'
        return f"<code>{e(path)}</code>"


# --- sections ----------------------------------------------------------------------------------


def _header(c: _Context, verdict: Verdict, alternate: tuple[str, str] | None) -> str:
    w, lang = c.w, c.lang
    switch = ""
    if alternate:
        href, hreflang = alternate
        switch = (f'<a class="langswitch" href="{_href(href)}" hreflang="{e(hreflang)}" '
                  f'lang="{e(hreflang)}">{e(w["other_lang"])}</a>')
    in_profile = [r for r in c.results if r.in_profile]
    counts = rule_counts(in_profile)
    n = len(in_profile)
    fail, inc = counts[RuleStatus.FAIL], counts[RuleStatus.INCONCLUSIVE]
    untested = counts[RuleStatus.NOT_TESTED]
    untestable = counts[RuleStatus.NOT_TESTABLE]
    passed = counts[RuleStatus.PASS]
    pid = c.run.profile.id
    if lang == "en":
        if verdict is Verdict.NON_CONFORMANT:
            why = (f"{fail} rule(s) failed and {inc} could not be decided, out of {n} rules of "
                   f"profile {pid}.")
        elif verdict is Verdict.INCONCLUSIVE:
            why = (f"No rule failed, but {inc} rule(s) could not be decided"
                   f"{' and no rule was tested' if not passed else ''} ({n} rules in profile "
                   f"{pid}).")
        else:
            why = f"All {passed} rule(s) tested passed, out of {n} rules of profile {pid}."
        why += (f" Not tested in this run: {untested}; not machine-testable: {untestable}.")
    else:
        if verdict is Verdict.NON_CONFORMANT:
            why = (f"Có {fail} quy tắc không đạt và {inc} quy tắc chưa kết luận được, trong số "
                   f"{n} quy tắc của hồ sơ {pid}.")
        elif verdict is Verdict.INCONCLUSIVE:
            why = (f"Không có quy tắc nào không đạt, nhưng {inc} quy tắc chưa kết luận được"
                   f"{' và chưa quy tắc nào được kiểm thử' if not passed else ''} ({n} quy tắc "
                   f"của hồ sơ {pid}).")
        else:
            why = (f"Tất cả {passed} quy tắc đã kiểm thử đều đạt, trong số {n} quy tắc của hồ "
                   f"sơ {pid}.")
        why += (f" Chưa kiểm thử trong lần chạy này: {untested}; không kiểm thử tự động được: "
                f"{untestable}.")
    return f"""<header>
{switch}<p class="kicker">qlvb-conformance · {e(w['title'])}</p>
<h1>{e(w['heading'])}</h1>
<p class="basis">{e(w['basis'])}</p>
</header>
<section id="verdict" class="verdict v-{e(verdict)}" role="status" aria-live="polite">
<div class="label">{e(w['verdict'])} · {e(c.run.sut.name)}</div>
<div class="text" id="verdict-text">{e(VERDICT_TEXT[verdict][lang])}</div>
<p>{e(why)}</p>
</section>"""


def _toc(c: _Context, sections: Sequence[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="#{e(a)}">{e(t)}</a></li>' for a, t in sections)
    return f'<nav class="toc" aria-label="{e(c.w["toc"])}"><ol>{items}</ol></nav>'


def _info(c: _Context) -> str:
    w, run, lang = c.w, c.run, c.lang
    sut = run.sut
    rows = [
        (w["sut"], e(sut.name) + (f" — {e(sut.description)}" if sut.description else "")),
        (w["version"], e(sut.version or "—")),
        (w["driver"], f"<code>{e(sut.driver)}</code>"),
        (w["agency_codes"], ", ".join(f"<code>{e(x)}</code>" for x in sut.agency_codes)
         or e(w["none"])),
        (w["capabilities"], ", ".join(f"<code>@{e(x)}</code>" for x in sut.capabilities)
         or e(w["none"])),
        (w["profile"], f"<code>{e(run.profile.id)}</code> — {e(run.profile.name.get(lang))}"),
        (w["axis"], f"<code>{e(run.axis_endpoint)}</code>" if run.axis_endpoint else "—"),
        (w["started"], _time(run.started, lang)),
        (w["finished"], _time(run.finished, lang)),
        (w["duration"], e(_duration(run.duration_s, w))),
        (w["tool"], f"qlvb-conformance {e(run.tool_version)}"),
    ]
    body = "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in rows)
    notes = ""
    if run.notes:
        notes = (f"<h3>{e(w['notes'])}</h3><ul>"
                 + "".join(f"<li>{e(n)}</li>" for n in run.notes) + "</ul>")
    return (f'<section id="info"><h2>{e(w["info"])}</h2><dl class="meta">{body}</dl>{notes}'
            "</section>")


def _counts(c: _Context) -> str:
    w, lang = c.w, c.lang
    sc = scenario_counts(c.run)
    scen = [f'<li class="s-total"><span class="n">{len(c.run.scenarios)}</span> {e(w["total"])}'
            "</li>"]
    scen += [f'<li class="st-box s-{e(s)}" data-count="{e(s)}"><span class="n">{n}</span> '
             f'{_MARK[str(s)]} {e(SCENARIO_STATUS_TEXT[s][lang])}</li>' for s, n in sc.items()]
    rc = rule_counts(c.results)
    in_profile = sum(1 for r in c.results if r.in_profile)
    rules = [f'<li class="s-total"><span class="n">{len(c.results)}</span> {e(w["total"])} '
             f'({in_profile} {e(w["in_profile"])})</li>']
    rules += [f'<li class="st-box s-{e(s)}" data-count="{e(s)}"><span class="n">{n}</span> '
              f'{_MARK[str(s)]} {e(RULE_STATUS_TEXT[s][lang])}</li>' for s, n in rc.items()]
    scen_html, rules_html = "\n".join(scen), "\n".join(rules)
    return (f'<section id="counts"><h2>{e(w["counts"])}</h2>'
            f'<h3>{e(w["scenarios"])}</h3><ul class="counts" id="scenario-counts">'
            f"{scen_html}</ul>"
            f'<h3>{e(w["rules"])}</h3><ul class="counts" id="rule-counts">{rules_html}</ul>'
            "</section>")


def _location(c: _Context, f: Finding) -> str:
    w, loc = c.w, f.location
    rows = []
    if loc.file:
        rows.append((w["file"], c.file_ref(loc.file)))
    if loc.page is not None:
        rows.append((w["page"], e(loc.page)))
    if loc.rect:
        rows.append((w["rect"], "<code>[" + ", ".join(f"{v:g}" for v in loc.rect) + "]</code>"))
    if loc.xpath:
        rows.append((w["xpath"], f"<code>{e(loc.xpath)}</code>"))
    if loc.line is not None:
        rows.append((w["line"], e(loc.line)))
    if loc.field:
        rows.append((w["field"], f"<code>{e(loc.field)}</code>"))
    if loc.exchange_id:
        rows.append((w["exchange"], f"<code>{e(loc.exchange_id)}</code>"))
    if not rows:
        return ""
    return ('<dl class="meta loc">' + "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in rows)
            + "</dl>")


def _finding_block(c: _Context, f: Finding, anchor: str, kind: str, scenarios: Sequence[int]
                   ) -> str:
    w, lang = c.w, c.lang
    rule = c.cat.get(f.rule_id)
    title = f'<div class="small">{e(rule.title.get(lang))}</div>' if rule else ""
    ef = ""
    if f.expected is not None or f.found is not None:
        ef = (f'<div class="ef"><div class="expected"><span class="k">{e(w["expected"])}</span>'
              f'{e(f.expected if f.expected is not None else "—")}</div>'
              f'<div class="found"><span class="k">{e(w["found"])}</span>'
              f'{e(f.found if f.found is not None else "—")}</div></div>')
    scen = ""
    files: list[Artifact] = []
    if scenarios:
        scen = (f'<div class="small">{e(w["scenario"])}: '
                + "; ".join(c.scenario_link(i, long=True) for i in scenarios) + "</div>")
        for i in scenarios:
            files.extend(a for a in c.run.scenarios[i].attachments if a not in files)
    if f.location.exchange_id:  # the axis traffic log holds that exchange
        files.extend(a for a in c.run.artifacts if a.kind == "log" and a not in files)
    file_list = ""
    if files:
        file_list = (f'<div class="small">{e(w["evidence_files"])}:</div><ul class="files">'
                     + "".join(f"<li>{c.artifact_link(a)}</li>" for a in files) + "</ul>")
    evidence = dict(f.evidence)
    synthesized = bool(evidence.pop("synthesized", False))
    if synthesized:
        evidence.pop("scenario", None)
        evidence.pop("scenario_index", None)
    detail = ""
    if evidence:
        text = json.dumps(evidence, ensure_ascii=False, indent=2, default=str)
        if len(text) > 6000:
            text = text[:6000] + "\n…"
        detail = (f'<details><summary>{e(w["evidence_detail"])}</summary><pre>{e(text)}</pre>'
                  "</details>")
    note = f' <span class="small">({e(w["synthesized"])})</span>' if synthesized else ""
    sev = SEVERITY_TEXT[f.severity][lang]
    status_html = _status(str(f.status), _status_word(f.status, lang))
    return (f'<article class="finding k-{e(kind)}" id="{e(anchor)}">'
            f'<h3><a href="#rule-{e(f.rule_id)}">{e(f.rule_id)}</a> — {e(c.cite(f))}</h3>'
            f"{title}<p class=\"msg\">{status_html} <span class=\"small\">({e(sev)})</span> "
            f"{e(f.message.get(lang))}{note}</p>{ef}{_location(c, f)}{scen}{file_list}{detail}"
            "</article>")


def _status_word(status: Status, lang: str) -> str:
    return STATUS_TEXT[status][lang]


def _scenarios_of(c: _Context, f: Finding) -> list[int]:
    """The scenario a finding came from (none for a run-level finding)."""
    index = c.origin.get(id(f))
    return [] if index is None else [index]


def _problems(c: _Context) -> str:
    w = c.w
    failures: list[Finding] = []
    inconclusive: list[Finding] = []
    warnings: list[Finding] = []
    for r in c.results:
        if not r.in_profile:
            continue
        failures.extend(r.failures)
        inconclusive.extend(r.inconclusive)
        warnings.extend(r.warnings)
    out = [f'<section id="failures"><h2>{e(w["failures"])} ({len(failures)})</h2>']
    if not failures:
        out.append(f"<p>{e(w['no_failures'])}</p>")
    for n, f in enumerate(failures, 1):
        anchor = f"f-{n}"
        c.finding_anchor[id(f)] = anchor
        out.append(_finding_block(c, f, anchor, "fail", _scenarios_of(c, f)))
    out.append("</section>")
    if inconclusive:
        out.append(f'<section id="inconclusive"><h2>{e(w["inconclusive"])} '
                   f"({len(inconclusive)})</h2>")
        for n, f in enumerate(inconclusive, 1):
            anchor = f"i-{n}"
            c.finding_anchor[id(f)] = anchor
            out.append(_finding_block(c, f, anchor, "inconclusive", _scenarios_of(c, f)))
        out.append("</section>")
    if warnings:
        out.append(f'<section id="warnings"><h2>{e(w["warnings"])} ({len(warnings)})</h2>')
        for n, f in enumerate(warnings, 1):
            anchor = f"w-{n}"
            c.finding_anchor[id(f)] = anchor
            out.append(_finding_block(c, f, anchor, "warning", _scenarios_of(c, f)))
        out.append("</section>")
    return "".join(out)


def _ordered_sources(c: _Context) -> list[tuple[Source, list[RuleResult]]]:
    """Source documents with their rules, in the order the run's profile lists them (its include
    patterns), then the documents it does not include."""
    groups: dict[str, tuple[Source, list[RuleResult]]] = {}
    for r in c.results:
        src = r.rule.clause.source
        groups.setdefault(src.prefix, (src, []))[1].append(r)
    order = {}
    for rule_id in c.run.profile.rules:
        rule = c.cat.get(rule_id)
        if rule is not None:
            order.setdefault(rule.prefix, len(order))
    return sorted(groups.values(), key=lambda g: order.get(g[0].prefix, len(order)))


def _cite_cell(c: _Context, r: RuleResult) -> str:
    """The citation, with the clause in bold and the document (the group heading) muted."""
    full = r.rule.clause.cite(c.lang)
    document = r.rule.clause.source.document
    if full.endswith(", " + document):
        where = full[: -len(document) - 2]
        return f'<strong>{e(where)}</strong><span class="doc">, {e(document)}</span>'
    return e(full)


def _matrix(c: _Context) -> str:
    w, lang = c.w, c.lang
    boxes = "".join(
        f'<label><input type="checkbox" value="{e(s)}" checked> {_MARK[str(s)]} '
        f"{e(RULE_STATUS_TEXT[s][lang])}</label>" for s in RuleStatus)
    out = [f'<section id="matrix"><h2>{e(w["matrix"])}</h2><p class="small">'
           f'{e(w["matrix_note"])}</p>'
           f'<div id="filters" hidden><strong>{e(w["filter"])}:</strong> {boxes}</div>']
    for src, rows in _ordered_sources(c):
        counts = rule_counts(rows)
        stats = "; ".join(f"{n} {RULE_STATUS_TEXT[s][lang]}" for s, n in counts.items() if n)
        out.append(f'<h3 id="doc-{e(src.prefix)}">{e(src.document)}</h3>'
                   f'<p class="group-stats">{e(src.title.get(lang))} — {e(stats)}</p>')
        out.append(f'<table class="matrix"><thead><tr><th>{e(w["rule_id"])}</th>'
                   f'<th>{e(w["clause"])}</th><th>{e(w["content"])}</th>'
                   f'<th>{e(w["severity"])}</th><th>{e(w["result"])}</th>'
                   f'<th>{e(w["tested_by"])}</th></tr></thead><tbody>')
        for r in rows:
            extra = []
            if r.reasons:
                extra.append("<br>".join(f'<span class="small">{e(x.message.get(lang))}</span>'
                                         for x in r.reasons))
            warn = r.warnings
            if warn:
                links = ", ".join(f'<a href="#{e(c.finding_anchor[id(f)])}">⚠</a>'
                                  for f in warn if id(f) in c.finding_anchor)
                extra.append(f'<span class="small">{len(warn)} {e(w["warning_count"])} '
                             f"{links}</span>")
            problems = [*r.failures, *r.inconclusive]
            if problems and r.in_profile:
                links = ", ".join(f'<a href="#{e(c.finding_anchor[id(f)])}">'
                                  f'{e(c.finding_anchor[id(f)])}</a>'
                                  for f in problems if id(f) in c.finding_anchor)
                extra.append(f'<span class="small">→ {links}</span>')
            result = _rule_status(r.status, lang)
            if extra:
                result += "<br>" + "<br>".join(extra)
            tested = ", ".join(c.scenario_link(i) for i in r.scenarios) or "—"
            testable = ("" if r.rule.testable
                        else f'<br><span class="small">{e(w["testable_no"])}</span>')
            out.append(
                f'<tr id="rule-{e(r.id)}" class="r-{e(r.status)}" data-status="{e(r.status)}">'
                f'<td class="id">{e(r.id)}</td><td class="cite">{_cite_cell(c, r)}</td>'
                f"<td>{e(r.rule.title.get(lang))}{testable}</td>"
                f"<td>{e(SEVERITY_TEXT[r.severity][lang])}</td><td>{result}</td>"
                f"<td>{tested}</td></tr>")
        out.append("</tbody></table>")
    out.append("</section>")
    return "".join(out)


def _scenarios(c: _Context) -> str:
    w = c.w
    out = [f'<section id="scenarios"><h2>{e(w["scenarios"])} ({len(c.run.scenarios)})</h2>']
    current = None
    for i, s in enumerate(c.run.scenarios):
        if s.feature_file != current:
            current = s.feature_file
            out.append(f'<h3>{e(s.feature_name or s.feature_file)} '
                       f'<span class="small mono">{e(s.feature_file)}</span></h3>')
        out.append(_scenario(c, i, s))
    out.append("</section>")
    return "".join(out)


def _scenario(c: _Context, i: int, s: ScenarioResult) -> str:
    w, lang = c.w, c.lang
    parts = [f'<article class="scenario" id="sc-{i + 1}"><h4>#{i + 1} '
             f"{_scenario_status(s.status, lang)} {e(s.title)}</h4>"]
    rules = ", ".join(f'<a href="#rule-{e(r)}">{e(r)}</a>' for r in s.rule_ids)
    others = " ".join(f"@{e(t)}" for t in s.tags if t not in s.rule_ids)
    where = e(s.feature_file) + (f":{s.line}" if s.line else "")
    parts.append(f'<div class="small">{e(w["rules"])}: {rules or "—"} · {e(w["tags"])}: '
                 f'{others or "—"} · <span class="mono">{where}</span> · '
                 f"{e(_duration(s.duration_s, w))}</div>")
    if s.reason:
        parts.append(f"<p><strong>{e(w['reason'])}:</strong> {e(s.reason.message.get(lang))}</p>")
    if s.message and s.status is not ScenarioStatus.PASS:
        parts.append(f'<p><strong>{e(w["message"])}:</strong> <span class="stepmsg">'
                     f"{e(s.message)}</span></p>")
    if s.steps:
        items = []
        for step in s.steps:
            msg = (f'<div class="stepmsg">{e(step.message)}</div>' if step.message
                   and step.status.value not in ("pass", "skipped") else "")
            items.append(f'<li>{_status(str(step.status), STEP_STATUS_TEXT[step.status][lang])} '
                         f'<span class="kw">{e(step.keyword)}</span> {e(step.text)}{msg}</li>')
        parts.append(f'<ol class="steps" aria-label="{e(w["steps"])}">{"".join(items)}</ol>')
    mine = c.effective.get(i, [])
    problems = [f for f in mine if f.status is not Status.PASS]
    if problems:
        items = []
        for f in problems:
            anchor = c.finding_anchor.get(id(f))
            ref = f' <a href="#{e(anchor)}">{e(anchor)}</a>' if anchor else ""
            if not c.profile.includes(f.rule_id):
                outside = RULE_STATUS_TEXT[RuleStatus.OUTSIDE_PROFILE][lang]
                ref += f' <span class="small">({e(outside)})</span>'
            items.append(f"<li>{_status(str(f.status), _status_word(f.status, lang))} "
                         f'<a href="#rule-{e(f.rule_id)}">{e(f.rule_id)}</a> '
                         f"({e(SEVERITY_TEXT[f.severity][lang])}) {e(f.message.get(lang))}{ref}"
                         "</li>")
        parts.append(f'<ul class="files">{"".join(items)}</ul>')
    passed = sorted({f.rule_id for f in mine if f.status is Status.PASS})
    if passed:
        parts.append(f'<div class="small">{e(w["rules_passed"])}: {e(", ".join(passed))}</div>')
    if s.attachments:
        parts.append(f'<div class="small">{e(w["evidence_files"])}:</div><ul class="files">'
                     + "".join(f"<li>{c.artifact_link(a)}</li>" for a in s.attachments)
                     + "</ul>")
    if s.exchange_ids:
        parts.append(f'<div class="small">{e(w["exchange"])}: '
                     + ", ".join(f"<code>{e(x)}</code>" for x in s.exchange_ids) + "</div>")
    parts.append("</article>")
    return "".join(parts)


def _artifacts(c: _Context) -> str:
    w = c.w
    items = c.run.artifacts
    body = ("<ul class=\"files\">" + "".join(f"<li>{c.artifact_link(a)}</li>" for a in items)
            + "</ul>") if items else f"<p>{e(w['no_artifacts'])}</p>"
    return f'<section id="artifacts"><h2>{e(w["artifacts"])}</h2>{body}</section>'


def render(run: RunResult, *, catalog: Catalog | None = None,
           profile: ProfileLike | None = None, lang: str = "vi",
           alternate: tuple[str, str] | None = None) -> str:
    """The report as one HTML document. `alternate` = (href, lang) of the same report in the
    other language, linked from the header."""
    lang = "en" if lang == "en" else "vi"
    cat = catalog if catalog is not None else default_catalog()
    profile = profile if profile is not None else run.profile
    results = rule_results(run, cat, profile)
    verdict = overall_verdict(run, profile, cat)
    c = _Context(run, cat, results, lang, profile)
    w = c.w
    problems = _problems(c)  # first: it assigns the anchors the matrix and scenarios link to
    sections = [("info", w["info"]), ("counts", w["counts"]), ("failures", w["failures"])]
    if any(r.inconclusive for r in results if r.in_profile):
        sections.append(("inconclusive", w["inconclusive"]))
    if any(r.warnings for r in results if r.in_profile):
        sections.append(("warnings", w["warnings"]))
    sections += [("matrix", w["matrix"]), ("scenarios", w["scenarios"]),
                 ("artifacts", w["artifacts"])]
    title = f"{w['title']} — {run.sut.name} — {VERDICT_TEXT[verdict][lang]}"
    body = "".join([
        _header(c, verdict, alternate), _toc(c, sections), _info(c), _counts(c), problems,
        _matrix(c), _scenarios(c), _artifacts(c),
        f"<footer><p>{e(w['footer'])}</p><p>qlvb-conformance {e(run.tool_version)} · "
        f"{e(run.profile.id)} · {_time(run.finished, lang)}</p></footer>",
    ])
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="qlvb-conformance">\n'
            f"<title>{e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
            f"{body}\n</main>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n")

