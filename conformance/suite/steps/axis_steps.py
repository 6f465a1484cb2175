"""Outcomes at axis level and statistics (features/STEPS.md "Outcome: axis level and
statistics")."""

from __future__ import annotations

from collections import Counter
from typing import Any

from conformance.findings import Finding, Location, Status, finding
from conformance.suite.checks import traffic_findings
from conformance.suite.context import HarnessError, Scenario, inconclusive, succeeded
from conformance.suite.drivers import Unsupported
from conformance.suite.judge import Outcome, resolve
from conformance.suite.steps.common import step

COUNTERS = ("sent_edoc", "sent_status", "received_edoc", "received_status")
STATS_RULES = ("QD28-11", "QD28-14.3")


def recount(qlvb: Scenario, code: str) -> dict[str, int]:
    """What the axis should count for an agency, from the traffic log and the injections."""
    counts: Counter[str] = Counter()
    for sent in qlvb.sut_sent():
        kind = "status" if sent.messagetype == "status" else "edoc"
        if sent.from_ == code:
            counts[f"sent_{kind}"] += 1
        counts[f"received_{kind}"] += sum(1 for d in sent.deliveries if d.get("to") == code)
    for inj in qlvb.injections:
        kind = "status" if inj.get("messagetype") == "status" else "edoc"
        if inj.get("from") == code:
            counts[f"sent_{kind}"] += 1
        counts[f"received_{kind}"] += list(inj.get("to") or []).count(code)
    return {k: counts[k] for k in COUNTERS}


def _stats_findings(qlvb: Scenario, code: str, reported: dict[str, Any], who: str
                    ) -> list[Finding]:
    expected = recount(qlvb, code)
    diff = {k: (reported.get(k), v) for k, v in expected.items() if reported.get(k) != v}
    out = []
    for rule in STATS_RULES:
        if not qlvb.h.profile.includes(rule) or rule not in qlvb.rules:
            continue
        out.append(finding(
            rule, Status.FAIL if diff else Status.PASS,
            f"Thống kê {who} cho {code} lệch nhật ký trục: " + ", ".join(
                f"{k} {a} ≠ {b}" for k, (a, b) in diff.items()) if diff else
            f"Thống kê {who} cho {code} khớp nhật ký trục",
            f"{who} statistics for {code} differ from the axis log" if diff else
            f"{who} statistics for {code} match the axis log",
            expected=", ".join(f"{k}={v}" for k, v in expected.items()),
            found=", ".join(f"{k}={reported.get(k)}" for k in COUNTERS),
            location=Location(field=f"stats:{code}"), severity=qlvb.h.profile.severity_of(rule)))
    return out


@step('thống kê của trục cho "{ma_co_quan}" khớp với nhật ký trục', "Thì")
def axis_statistics(qlvb: Scenario, ma_co_quan: str) -> None:
    code = qlvb.h.code(ma_co_quan)
    qlvb.settle()
    data = qlvb.h.axis.stats(code)
    row = next((a for a in data.get("agencies") or [] if a.get("agency") == code), {})
    found = _stats_findings(qlvb, code, row, "của trục")
    qlvb.record(found)
    if not found:
        expected = recount(qlvb, code)
        assert all(row.get(k, 0) == v for k, v in expected.items()), (
            f"Thống kê của trục cho {code} lệch nhật ký: {row} ≠ {expected}")
    failed = [f for f in found if f.is_failure]
    assert not failed, "; ".join(f.message.vi for f in failed)


@step("thống kê của hệ thống được kiểm thử khớp với nhật ký trục", "Thì")
def sut_statistics(qlvb: Scenario) -> None:
    try:
        data = qlvb.h.adapter.statistics()
    except Unsupported as exc:
        inconclusive(exc.vi, exc.en)
        return
    rows = data.get("agencies") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise AssertionError("Số liệu thống kê của hệ thống không đúng dạng (cần 'agencies')")
    found: list[Finding] = []
    for code in qlvb.h.sut.agencies:
        row = next((r for r in rows if r.get("agency") == code), None)
        if row is not None:
            found += _stats_findings(qlvb, code, row, "của hệ thống")
    qlvb.record(found)
    failed = [f for f in found if f.is_failure]
    assert not failed, "; ".join(f.message.vi for f in failed)


@step('mọi yêu cầu của hệ thống gửi lên trục đạt quy tắc "{ma_quy_tac}"', "Thì")
def every_request(qlvb: Scenario, ma_quy_tac: str) -> None:
    if ma_quy_tac not in ("QD28-13.2", "DN35-5"):
        raise HarnessError(f"chưa có bộ kiểm tra lưu lượng cho quy tắc {ma_quy_tac}")
    if not qlvb.h.profile.includes(ma_quy_tac):
        qlvb.judge(ma_quy_tac, None)
    qlvb.settle()
    found = traffic_findings(ma_quy_tac, qlvb.traffic(), system_id=qlvb.h.sut_system,
                             tls=qlvb.tls or qlvb.h.axis.endpoint.startswith("https"))
    qlvb.record(found)
    qlvb.conclude(ma_quy_tac, Outcome(resolve(found), tuple(found)))


@step("trục từ chối yêu cầu và ghi lại trong nhật ký", "Thì")
def axis_refused(qlvb: Scenario) -> None:
    outcome = qlvb.third_party
    if outcome is None:
        raise HarnessError("chưa có lệnh gọi của bên thứ ba trong kịch bản")
    call = outcome["call"]
    body = str(outcome.get("body") or "")
    refused = not outcome.get("ok") and not outcome.get("package") and (
        outcome.get("status") in (401, 403) or '"FAIL"' in body or "FAIL" in body)
    logged = [i for i in qlvb.traffic()[outcome["traffic_from"]:] if i.get("call") == call
              and not succeeded(i)]
    ok = refused and bool(logged)
    rules = sorted(r for r in qlvb.rules if r in ("QD28-13.2", "DN35-5"))
    qlvb.behaviour(ok, f"Trục từ chối lệnh {call} (HTTP {outcome.get('status')}) và ghi nhật ký"
                   if ok else f"Trục không từ chối lệnh {call} hoặc không ghi nhật ký "
                   f"(HTTP {outcome.get('status')}, {len(logged)} mục nhật ký)",
                   f"The axis refused {call} and logged it" if ok else
                   f"The axis did not refuse or log {call}",
                   expected="FAIL/401/403, không trả dữ liệu, có trong nhật ký",
                   found=f"HTTP {outcome.get('status')}: {body[:200]}", rules=rules,
                   exchange_id=logged[0].get("exchange_id") if logged else None)
    assert ok, f"Trục không từ chối lệnh {call} như yêu cầu"
