"""Dispatch and acknowledgement deadlines (QĐ 28 Điều 6 k2, NĐ 30 Điều 18 k1 and 21 k2, LC2019)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.findings import Finding, Location, Status, Text
from conformance.profiles import Profile
from conformance.timing.calendar import default_calendar
from conformance.timing.deadlines import (
    acknowledgement_deadline,
    check_acknowledgement,
    check_dispatch,
    dispatch_deadline,
)
from conformance.timing.formats import VN_TZ

CAL = default_calendar()


def profile(**parameters: Any) -> Profile:
    base = {
        "dispatch_rule": "QD28-6.2",
        "dispatch_cutoff": "12:00",
        "urgent_dispatch_rule": "QD28-6.2",
        "urgent_max_delay_minutes": 60,
        "acknowledgement_rule": "ND30-21.2",
    }
    base.update(parameters)
    return Profile(id="test", name=Text("thử", "test"), description=Text("", ""),
                   include=("*",), exclude=(), parameters=base)


ND30 = profile()
LAO_CAI = profile(dispatch_rule="LC2019-6.1b", urgent_dispatch_rule="LC2019-6.4c")


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)  # type: ignore[misc]


def by_rule(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [f for f in findings if f.rule_id == rule_id]


def verdict(findings: list[Finding], rule_id: str) -> Finding:
    found = by_rule(findings, rule_id)
    assert len(found) == 1, findings
    return found[0]


# --- dispatch_deadline -------------------------------------------------------------------------


def test_friday_signing_is_due_monday_noon() -> None:
    assert dispatch_deadline(vn(2026, 3, 6, 15, 30), cutoff="12:00", calendar=CAL) == vn(
        2026, 3, 9, 12, 0)


def test_signed_the_day_before_tet_is_due_after_tet() -> None:
    assert dispatch_deadline(vn(2026, 2, 13, 10), cutoff="12:00") == vn(2026, 2, 23, 12)


def test_signed_on_saturday_is_due_on_the_next_working_day() -> None:
    assert dispatch_deadline(vn(2026, 3, 7, 9), cutoff="12:00") == vn(2026, 3, 9, 12)


def test_worked_saturday_counts_as_next_working_day() -> None:
    assert dispatch_deadline(vn(2026, 1, 9, 17), cutoff="12:00") == vn(2026, 1, 10, 12)
    assert dispatch_deadline(vn(2025, 12, 31, 17), cutoff="12:00") == vn(2026, 1, 5, 12)


def test_end_of_day_cutoff() -> None:
    assert dispatch_deadline(vn(2026, 3, 6, 15), cutoff="24:00") == vn(2026, 3, 10, 0, 0)


def test_signing_day_is_taken_in_vietnam_time() -> None:
    # 18:00 UTC on Thursday is 01:00 on Friday in Vietnam: due Monday, not Friday.
    signed = datetime(2026, 3, 5, 18, 0, tzinfo=UTC)
    deadline = dispatch_deadline(signed, cutoff="12:00")
    assert deadline == vn(2026, 3, 9, 12)
    assert deadline.isoformat() == "2026-03-09T12:00:00+07:00"
    assert dispatch_deadline("2026-03-05T18:00:00Z", cutoff="12:00") == deadline


def test_urgent_deadline() -> None:
    assert dispatch_deadline(vn(2026, 3, 6, 23, 30), cutoff="12:00", urgent=True,
                             urgent_max_delay_minutes=60) == vn(2026, 3, 7, 0, 30)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"signed": datetime(2026, 3, 6, 9), "cutoff": "12:00"},
        {"signed": "garbage", "cutoff": "12:00"},
        {"signed": vn(2026, 3, 6, 9), "cutoff": "noon"},
        {"signed": vn(2026, 3, 6, 9), "cutoff": "12:00", "urgent": True,
         "urgent_max_delay_minutes": -1},
    ],
)
def test_dispatch_deadline_rejects_bad_arguments(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        dispatch_deadline(**kwargs)


# --- check_dispatch ----------------------------------------------------------------------------


def test_in_time_passes_with_evidence() -> None:
    findings = check_dispatch(vn(2026, 3, 6, 15), vn(2026, 3, 9, 11, 59), profile=ND30)
    f = verdict(findings, "QD28-6.2")
    assert f.status is Status.PASS
    assert f.expected == "không muộn hơn 2026-03-09T12:00:00+07:00"
    assert f.evidence["deadline"] == "2026-03-09T12:00:00+07:00"
    assert [d["reason"] for d in f.evidence["working_days_skipped"]] == ["Thứ Bảy", "Chủ nhật"]
    assert not by_rule(findings, "QD28-14.4")  # datetime objects: no text to judge


def test_exactly_at_the_deadline_passes_and_a_second_later_fails() -> None:
    signed = "2026-03-06T15:00:00+07:00"
    assert verdict(check_dispatch(signed, "2026-03-09T12:00:00+07:00", profile=ND30),
                   "QD28-6.2").status is Status.PASS
    assert verdict(check_dispatch(signed, "2026-03-09T12:00:01+07:00", profile=ND30),
                   "QD28-6.2").status is Status.FAIL


def test_late_after_tet_fails_with_the_deadline_in_expected() -> None:
    loc = Location(exchange_id="X-1")
    findings = check_dispatch("2026-02-13T16:00:00+07:00", "2026-02-23T14:30:00+07:00",
                              profile=ND30, location=loc)
    f = verdict(findings, "QD28-6.2")
    assert f.status is Status.FAIL
    assert f.expected == "không muộn hơn 2026-02-23T12:00:00+07:00"
    assert f.found == "2026-02-23T14:30:00+07:00"
    assert f.location == loc
    assert f.evidence["signed"] == "2026-02-13T16:00:00+07:00"
    assert f.evidence["sent"] == "2026-02-23T14:30:00+07:00"
    assert f.evidence["late_by"] == "2 h 30 min"
    skipped = {d["date"]: d["reason"] for d in f.evidence["working_days_skipped"]}
    assert skipped["2026-02-16"] == "Giao thừa Tết Nguyên Đán"
    assert len(skipped) == 9
    assert "2 giờ 30 phút" in f.message.vi
    # both timestamps are text in +07:00: two QĐ 28 Điều 14 k4 passes, placed on their fields
    iso = by_rule(findings, "QD28-14.4")
    assert [(x.status, x.location.field) for x in iso] == [(Status.PASS, "signed"),
                                                           (Status.PASS, "sent")]
    assert all(x.location.exchange_id == "X-1" for x in iso)


def test_override_skip_carries_its_source() -> None:
    f = verdict(check_dispatch(vn(2025, 12, 31, 16), vn(2026, 1, 6, 9), profile=ND30),
                "QD28-6.2")
    assert f.status is Status.FAIL
    assert f.expected == "không muộn hơn 2026-01-05T12:00:00+07:00"
    jan2 = next(d for d in f.evidence["working_days_skipped"] if d["date"] == "2026-01-02")
    assert "12729/VPCP-KGVX" in jan2["source"]


def test_signed_on_a_holiday_is_noted() -> None:
    f = verdict(check_dispatch(vn(2025, 9, 2, 9), vn(2025, 9, 3, 8), profile=ND30), "QD28-6.2")
    assert f.status is Status.PASS
    assert f.evidence["signed_on_non_working_day"] == "Quốc khánh"


def test_profile_chooses_the_rule_and_cutoff() -> None:
    findings = check_dispatch(vn(2026, 3, 6, 15), vn(2026, 3, 9, 18), profile=LAO_CAI)
    assert verdict(findings, "LC2019-6.1b").status is Status.FAIL
    end_of_day = profile(dispatch_rule="ND30-18.1", dispatch_cutoff="24:00")
    f = verdict(check_dispatch(vn(2026, 3, 6, 15), vn(2026, 3, 9, 18), profile=end_of_day),
                "ND30-18.1")
    assert f.status is Status.PASS
    assert f.expected == "không muộn hơn 2026-03-10T00:00:00+07:00"


def test_sent_before_signed_fails() -> None:
    f = verdict(check_dispatch(vn(2026, 3, 6, 15), vn(2026, 3, 6, 14), profile=ND30),
                "QD28-6.2")
    assert f.status is Status.FAIL
    assert "không thể" in f.message.vi and "impossible" in f.message.en


def test_urgent_late_and_in_time() -> None:
    late = verdict(check_dispatch(vn(2026, 3, 6, 9), vn(2026, 3, 6, 10, 1), profile=LAO_CAI,
                                  urgent=True), "LC2019-6.4c")
    assert late.status is Status.FAIL
    assert late.expected == "không muộn hơn 2026-03-06T10:00:00+07:00"
    assert late.evidence["urgent"] is True and late.evidence["urgent_max_delay_minutes"] == 60
    in_time = verdict(check_dispatch(vn(2026, 3, 6, 9), vn(2026, 3, 6, 9, 45), profile=LAO_CAI,
                                     urgent=True), "LC2019-6.4c")
    assert in_time.status is Status.PASS
    # an urgent document on Friday evening is not allowed to wait for Monday
    weekend = check_dispatch(vn(2026, 3, 6, 18), vn(2026, 3, 9, 8), profile=ND30, urgent=True)
    assert verdict(weekend, "QD28-6.2").status is Status.FAIL


def test_utc_timestamp_fails_format_but_is_still_judged() -> None:
    findings = check_dispatch("2026-03-06T08:00:00+07:00", "2026-03-09T04:30:00Z", profile=ND30)
    signed_iso, iso = by_rule(findings, "QD28-14.4")
    assert (signed_iso.status, signed_iso.location.field) == (Status.PASS, "signed")
    assert (iso.status, iso.location.field) == (Status.FAIL, "sent")
    assert iso.evidence["vietnam_time"] == "2026-03-09T11:30:00+07:00"
    assert verdict(findings, "QD28-6.2").status is Status.PASS


@pytest.mark.parametrize("bad", ["2026-03-09T11:00:00", "không phải thời gian", 12345,
                                 datetime(2026, 3, 9, 11)])
def test_unusable_sent_time_fails_format_and_leaves_deadline_inconclusive(bad: object) -> None:
    findings = check_dispatch("2026-03-06T08:00:00+07:00", bad, profile=ND30)
    iso = [f for f in by_rule(findings, "QD28-14.4") if f.location.field == "sent"]
    assert [f.status for f in iso] == [Status.FAIL]
    rule = verdict(findings, "QD28-6.2")
    assert rule.status is Status.INCONCLUSIVE
    assert rule.expected == "không muộn hơn 2026-03-09T12:00:00+07:00"


def test_unusable_signing_time() -> None:
    findings = check_dispatch(datetime(2026, 3, 6, 8), vn(2026, 3, 9, 11), profile=ND30)
    assert verdict(findings, "QD28-14.4").status is Status.FAIL
    assert verdict(findings, "QD28-6.2").status is Status.INCONCLUSIVE


def test_missing_sent_time_is_inconclusive_with_the_deadline() -> None:
    findings = check_dispatch(vn(2026, 3, 6, 8), None, profile=ND30)
    assert not by_rule(findings, "QD28-14.4")
    f = verdict(findings, "QD28-6.2")
    assert f.status is Status.INCONCLUSIVE
    assert f.expected == "không muộn hơn 2026-03-09T12:00:00+07:00"


def test_broken_profile_is_inconclusive_not_a_crash() -> None:
    for bad in (profile(dispatch_cutoff="noon"), profile(dispatch_rule="NO-SUCH-RULE"), {}, None):
        findings = check_dispatch(vn(2026, 3, 6, 8), vn(2026, 3, 6, 9), profile=bad)
        assert [f.status for f in findings] == [Status.INCONCLUSIVE]
    ok = check_dispatch(vn(2026, 3, 6, 8), vn(2026, 3, 6, 9),
                        profile={"dispatch_rule": "ND30-18.1", "dispatch_cutoff": "12:00"})
    assert verdict(ok, "ND30-18.1").status is Status.PASS


def test_out_of_range_moment_is_inconclusive() -> None:
    f = verdict(check_dispatch(datetime.max.replace(tzinfo=VN_TZ), datetime.max.replace(
        tzinfo=VN_TZ), profile=ND30), "QD28-6.2")
    assert f.status is Status.INCONCLUSIVE


# --- acknowledgement ---------------------------------------------------------------------------


def test_acknowledgement_deadline() -> None:
    assert acknowledgement_deadline(vn(2026, 3, 3, 10)) == vn(2026, 3, 4, 0, 0)
    assert acknowledgement_deadline(vn(2026, 3, 7, 10)) == vn(2026, 3, 10, 0, 0)  # Saturday
    assert acknowledgement_deadline(vn(2026, 2, 17, 10)) == vn(2026, 2, 24, 0, 0)  # Tết
    assert acknowledgement_deadline("2026-03-03T20:00:00Z") == vn(2026, 3, 5, 0, 0)  # Wed 03:00


def test_same_day_acknowledgement_passes_next_day_fails() -> None:
    ok = verdict(check_acknowledgement(vn(2026, 3, 3, 10), vn(2026, 3, 3, 23, 59),
                                       profile=ND30), "ND30-21.2")
    assert ok.status is Status.PASS
    assert ok.expected == "không muộn hơn 2026-03-04T00:00:00+07:00"
    late = verdict(check_acknowledgement(vn(2026, 3, 3, 10), vn(2026, 3, 4, 8), profile=ND30),
                   "ND30-21.2")
    assert late.status is Status.FAIL
    assert late.found == "2026-03-04T08:00:00+07:00"
    assert late.evidence["deadline"] == "2026-03-04T00:00:00+07:00"


def test_weekend_arrival_may_be_acknowledged_on_monday() -> None:
    f = verdict(check_acknowledgement("2026-03-07T10:00:00+07:00", "2026-03-09T16:00:00+07:00",
                                      profile=ND30), "ND30-21.2")
    assert f.status is Status.PASS
    assert [d["date"] for d in f.evidence["working_days_skipped"]] == ["2026-03-07",
                                                                       "2026-03-08"]
    assert "reading" in f.evidence


def test_acknowledgement_problems() -> None:
    before = verdict(check_acknowledgement(vn(2026, 3, 3, 10), vn(2026, 3, 3, 9),
                                           profile=ND30), "ND30-21.2")
    assert before.status is Status.FAIL
    absent = verdict(check_acknowledgement(vn(2026, 3, 3, 10), None, profile=ND30), "ND30-21.2")
    assert absent.status is Status.INCONCLUSIVE
    assert absent.expected == "không muộn hơn 2026-03-04T00:00:00+07:00"
    naive = check_acknowledgement("2026-03-03T10:00:00", vn(2026, 3, 3, 11), profile=ND30)
    assert verdict(naive, "QD28-14.4").status is Status.FAIL
    assert verdict(naive, "ND30-21.2").status is Status.INCONCLUSIVE


def test_checks_declare_their_rules() -> None:
    assert set(check_dispatch.__rule_ids__) >= {  # type: ignore[attr-defined]
        "QD28-14.4", "QD28-6.2", "LC2019-6.1b", "ND30-18.1", "LC2019-6.4c"}
    assert set(check_acknowledgement.__rule_ids__) == {  # type: ignore[attr-defined]
        "QD28-14.4", "ND30-21.2"}


# --- properties --------------------------------------------------------------------------------

OFFSETS = st.builds(lambda m: timezone(timedelta(minutes=m)), st.integers(-1439, 1439))
REALISTIC = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31),
                         timezones=OFFSETS)


@settings(deadline=None)
@given(REALISTIC, st.sampled_from(["12:00", "08:30", "24:00"]))
def test_dispatch_deadline_is_after_signing_on_a_working_day(signed: datetime,
                                                             cutoff: str) -> None:
    deadline = dispatch_deadline(signed, cutoff=cutoff)
    assert deadline > signed
    assert deadline.utcoffset() == timedelta(hours=7)
    day = deadline.date() - timedelta(days=1) if cutoff == "24:00" else deadline.date()
    assert CAL.is_working_day(day)
    assert day > signed.astimezone(VN_TZ).date()
    assert day == CAL.next_working_day(signed.astimezone(VN_TZ).date())


@settings(deadline=None)
@given(REALISTIC)
def test_acknowledgement_deadline_is_the_end_of_a_working_day(arrived: datetime) -> None:
    deadline = acknowledgement_deadline(arrived)
    assert deadline > arrived
    assert deadline.time() == datetime.min.time()
    assert CAL.is_working_day(deadline.date() - timedelta(days=1))


ANY_MOMENT = st.one_of(
    st.text(), st.none(), st.datetimes(), st.datetimes(timezones=OFFSETS), st.integers(),
    REALISTIC, REALISTIC.map(lambda d: d.isoformat()), st.dates(),
    st.just(date(9999, 12, 31)), st.just(datetime.max.replace(tzinfo=UTC)),
)
ALLOWED = {"QD28-14.4", "QD28-6.2", "LC2019-6.1b", "ND30-18.1", "LC2019-6.4c", "ND30-21.2"}


@settings(deadline=None, max_examples=200)
@given(ANY_MOMENT, ANY_MOMENT, st.booleans(), st.sampled_from([ND30, LAO_CAI]))
def test_checks_never_raise(first: object, second: object, urgent: bool, prof: Profile) -> None:
    for findings in (check_dispatch(first, second, profile=prof, urgent=urgent),
                     check_acknowledgement(first, second, profile=prof)):
        assert isinstance(findings, list) and findings
        for f in findings:
            assert isinstance(f, Finding) and f.rule_id in ALLOWED
            assert f.message.vi and f.message.en
        deadline_rules = [f for f in findings if f.rule_id != "QD28-14.4"]
        assert len(deadline_rules) == 1
