"""The reference QLVB's refusal policy (checks.check_incoming): each kind of defective package
the suite delivers is refused on the rule it breaks and in the right group, whatever that rule's
severity in the harness; a valid package passes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from conformance.suite.counterparts import Counterparts, _profile_for
from conformance.suite.defects import build_defect
from conformance.timing.formats import VN_TZ
from reference_axis.reference_qlvb import packages
from reference_axis.reference_qlvb.behaviour import COMPLIANT
from reference_axis.reference_qlvb.checks import (
    FORM,
    INTEGRITY,
    PROHIBITED,
    CheckOutcome,
    check_incoming,
    group_of,
)

MOMENT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN_TZ)
SENDER, ME, OTHER = "000.00.00.G22", "000.00.00.H38", "000.00.00.H41"


@pytest.fixture(scope="module")
def counterparts() -> Iterator[Counterparts]:
    cp = Counterparts(names={SENDER: "Văn phòng Chính phủ", ME: "UBND tỉnh Lào Cai",
                             OTHER: "UBND tỉnh Nghệ An"}, profile="nd30", moment=MOMENT,
                      fresh_per_scenario=False)
    yield cp
    cp.close()


def _check(data: bytes) -> CheckOutcome:
    read = packages.read(data)
    assert read is not None and read.package is not None
    return check_incoming(data, read.package, _profile_for(ME), profile="nd30",  # type: ignore[arg-type]
                          mode="observed", at=MOMENT, behaviour=COMPLIANT)


@pytest.mark.parametrize(("kind", "rule", "group"), [
    ("edXML sai cấu trúc", "QCVN102-SCHEMA", FORM),
    ("mã định danh văn bản sai cấu trúc", "QCVN102-DOCID", FORM),
    ("ngày ban hành không có thật", "QCVN102-DATE", FORM),
    ("độ khẩn ngoài danh mục", "QCVN102-PRIORITY", FORM),
    ("văn bản mã hóa ký tự TCVN3", "DN35-9.1b", FORM),
    ("tệp đính kèm là tệp thực thi", "QCVN102-ATTACHMENT-TYPE", FORM),
    ("văn bản có dấu chỉ độ mật", "LC2019-5.2", PROHIBITED),
    ("tên tệp đính kèm chứa đường dẫn ngược thư mục", "QCVN102-ATTACHMENT-NAME", INTEGRITY),
    ("tệp ZIP đính kèm là bom nén", "QCVN102-LIMITS", INTEGRITY),
])
def test_a_defective_package_is_refused_on_its_rule(counterparts: Counterparts, kind: str,
                                                   rule: str, group: str) -> None:
    built = build_defect(counterparts, kind, sender=SENDER, recipient=ME, other=OTHER)
    outcome = _check(built.data)
    assert not outcome.passed
    assert rule in {f.rule_id for f in outcome.refusals}
    assert group_of(rule) == group
    reason = outcome.reason("vi") or ""
    assert reason.startswith("Từ chối tiếp nhận:") and outcome.failed_rule in reason


def test_a_valid_package_passes(counterparts: Counterparts) -> None:
    issued = counterparts.document(SENDER, (ME,), type_name="Công văn")
    outcome = _check(issued.data)
    assert outcome.passed, outcome.reason("vi")
    assert outcome.reason("vi") is None
