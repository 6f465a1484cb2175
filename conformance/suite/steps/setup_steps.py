"""Context steps (features/STEPS.md "Context: axis, SUT, clock")."""

from __future__ import annotations

from conformance.suite.context import HarnessError, Scenario, not_applicable
from conformance.suite.steps.common import ROLES, nfc, parse_moment, step
from conformance.suite.tls import TLS_KIND_WORDS


@step("trục liên thông tham chiếu đã sẵn sàng", "Cho")
def axis_ready(qlvb: Scenario) -> None:
    qlvb.start()


@step('hệ thống được kiểm thử là cơ quan {vai_tro} "{ma_co_quan}"', "Cho")
def sut_is(qlvb: Scenario, vai_tro: str, ma_co_quan: str) -> None:
    role = ROLES.get(vai_tro)
    if role is None:
        raise HarnessError(f"vai trò không hợp lệ: {vai_tro!r}")
    code = qlvb.h.code(ma_co_quan)
    if code not in qlvb.h.sut.agencies:
        raise HarnessError(f"{code} không phải cơ quan của hệ thống được kiểm thử "
                           f"({', '.join(qlvb.h.sut.agencies)})")
    if role not in qlvb.h.sut.roles:
        not_applicable(f"hồ sơ hệ thống không đóng vai trò cơ quan {role}",
                       f"the SUT profile does not play the role '{role}'")
    known = set(qlvb.h.axis.status().get("agencies") or [])
    if code not in known:
        raise HarnessError(f"{code} chưa được đăng ký trên trục / not registered on the axis")
    qlvb.roles.add(role)


@step('đồng hồ của trục đặt ở "{thoi_diem}"', "Cho", "Khi")
def axis_clock(qlvb: Scenario, thoi_diem: str) -> None:
    qlvb.set_clock(parse_moment(thoi_diem))


@step('trục được cài sự cố "{loai_su_co}" cho lệnh "{lenh}" {so_lan:d} lần', "Cho")
def axis_fault(qlvb: Scenario, loai_su_co: str, lenh: str, so_lan: int) -> None:
    qlvb.h.axis.add_fault(loai_su_co, lenh, so_lan, agency=qlvb.h.sut_system)


@step('trục dùng chứng thư TLS "{loai_chung_thu}"', "Cho")
def axis_tls(qlvb: Scenario, loai_chung_thu: str) -> None:
    kind = TLS_KIND_WORDS.get(nfc(loai_chung_thu))
    if kind is None:
        raise HarnessError(f"loại chứng thư TLS không có trong danh mục: {loai_chung_thu!r} "
                           f"(có: {', '.join(TLS_KIND_WORDS)})")
    qlvb.use_tls(kind)
