"""Who the agent is: the agencies it serves (codes, names, signers, clerk) and its settings.

One agent (one QLVB installation, one axis system account) may serve several agencies, as a
provincial system serves the UBND and its Sở. `sample_agencies()` gives the agencies of the test
axis (`reference_axis.testing.SYSTEMS`) with made-up people, for tests and the demo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from conformance.identifiers.agency_code import parse_agency_code, to_qd20


@dataclass(frozen=True)
class Person:
    """A competent person who signs documents (người có thẩm quyền ký)."""

    full_name: str
    position: str  # chức vụ, e.g. "Phó Chủ tịch"
    competence: str | None = None  # thẩm quyền ký, e.g. "KT. CHỦ TỊCH"

    @property
    def title(self) -> str:
        """The position as printed in the signer block (capitals)."""
        return self.position.upper()


@dataclass(frozen=True)
class Clerk:
    """The văn thư who registers, sends and receives (StaffInfo of packages)."""

    department: str
    staff: str
    mobile: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class AgencyProfile:
    code: str  # mã định danh, QCVN 102 form: 000.00.12.H38
    name: str  # tên cơ quan: "Sở Thông tin và Truyền thông tỉnh Lào Cai"
    short: str  # viết tắt tên cơ quan trong ký hiệu: "STTTT", "UBND"
    header: str  # tên cơ quan trên văn bản (chữ in hoa): "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    place: str  # địa danh: "Lào Cai"
    signers: tuple[Person, ...]
    clerk: Clerk
    parent_header: str | None = None  # cơ quan chủ quản trên văn bản: "UBND TỈNH LÀO CAI"
    parent_name: str = "Chính phủ"  # O= of the organisation certificate
    drafting_unit: str = "VP"  # đơn vị soạn thảo (ký hiệu công văn, TyperNotation)
    address: str | None = None
    email: str | None = None
    telephone: str | None = None
    fax: str | None = None
    website: str | None = None
    organization_in_charge: str | None = None

    @property
    def qd20_code(self) -> str:
        parsed = parse_agency_code(self.code)
        converted = to_qd20(parsed) if parsed is not None else None
        return converted.format() if converted is not None else self.code

    def signer(self, full_name: str | None = None) -> Person | None:
        if full_name is None:
            return self.signers[0] if self.signers else None
        return next((p for p in self.signers if p.full_name == full_name), None)


@dataclass(frozen=True)
class AgentSettings:
    """Legitimate configuration (not faults): how this installation chooses to work.

    profile: regulatory profile the agent follows and checks with ("nd30", "tt01-2019").
    numbering: "per_type" (one number series per document type and year) or "shared" (one series
        for all administrative documents of the agency). Legal documents always have their own
        series per type; copies one series for all copy forms (NĐ 30 Điều 15, Phụ lục I).
    revocation: how the agent revokes — "business" (a document package with BussinessDocType
        1, the default) or "status" (a status package 13). Both are answered with 15/16. The
        default is "business" because the reference axis routes a status package back to the
        sender of the document it names, which for a 13 is the revoking agency itself.
    auto_accept: accept or refuse each arriving document automatically after the checks; when
        False the document waits (status 01 sent) for an officer's decision through the driver.
    auto_refuse: refuse a document that fails the checks at once (02 naming the failed rule),
        also when `auto_accept` is off — products check arriving packages by themselves, the
        clerk decides on the documents that pass.
    check_mode: edXML schema mode for incoming packages ("observed" tolerates real producers'
        forms, "strict" is QCVN 102 as written).
    due_days: working days from issue to the processing deadline (DueDate) when none is given.
    max_per_poll: upper bound on the packages handled by one poll (each message type).
    fetch_attempts: how many times a delivery that cannot be read is fetched before it is
        acknowledged as failed.
    send_attempts: how many failed sendEdoc calls of one document before the agent stops
        sending it again by itself (`outbox`); the driver's resend still works after that.
    """

    profile: str = "nd30"
    numbering: Literal["per_type", "shared"] = "per_type"
    revocation: Literal["status", "business"] = "business"
    auto_accept: bool = True
    auto_refuse: bool = True
    check_mode: Literal["observed", "strict"] = "observed"
    due_days: int = 10
    max_per_poll: int = 200
    fetch_attempts: int = 3
    send_attempts: int = 5


@dataclass(frozen=True)
class AgentConfig:
    system_id: str
    secret: str
    endpoint: str
    agencies: tuple[AgencyProfile, ...]
    settings: AgentSettings = field(default_factory=AgentSettings)

    def agency(self, code: str | None = None) -> AgencyProfile | None:
        if code is None:
            return self.agencies[0] if self.agencies else None
        return next((a for a in self.agencies if a.code == code), None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(a.code for a in self.agencies)


# --- the agencies of the test axis -------------------------------------------------------------

UBND_LAO_CAI = AgencyProfile(
    code="000.00.00.H38", name="Ủy ban nhân dân tỉnh Lào Cai", short="UBND",
    header="ỦY BAN NHÂN DÂN TỈNH LÀO CAI", place="Lào Cai",
    signers=(Person("Nguyễn Văn Bình", "Phó Chủ tịch", "KT. CHỦ TỊCH"),
             Person("Hoàng Thị Mai", "Chủ tịch", "TM. ỦY BAN NHÂN DÂN")),
    clerk=Clerk("Văn thư Văn phòng UBND tỉnh", "Lê Thị Hoa", "0912000101", "vanthu@laocai.gov.vn"),
    address="Tòa nhà khối 5, phường Nam Cường, thành phố Lào Cai", email="ubnd@laocai.gov.vn",
    telephone="0214 3840 004", website="laocai.gov.vn", organization_in_charge="Chính phủ")
SO_TTTT_LAO_CAI = AgencyProfile(
    code="000.00.12.H38", name="Sở Thông tin và Truyền thông tỉnh Lào Cai", short="STTTT",
    header="SỞ THÔNG TIN VÀ TRUYỀN THÔNG", parent_header="UBND TỈNH LÀO CAI",
    parent_name="Ủy ban nhân dân tỉnh Lào Cai", place="Lào Cai",
    signers=(Person("Phạm Minh Tuấn", "Giám đốc", None),),
    clerk=Clerk("Văn phòng Sở", "Đỗ Thu Trang", "0912000102", "stttt@laocai.gov.vn"),
    address="Đại lộ Trần Hưng Đạo, thành phố Lào Cai", email="stttt@laocai.gov.vn",
    organization_in_charge="Ủy ban nhân dân tỉnh Lào Cai")
UBND_NGHE_AN = AgencyProfile(
    code="000.00.00.H41", name="Ủy ban nhân dân tỉnh Nghệ An", short="UBND",
    header="ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", place="Nghệ An",
    signers=(Person("Trần Quốc Khánh", "Phó Chủ tịch", "KT. CHỦ TỊCH"),),
    clerk=Clerk("Văn thư Văn phòng UBND tỉnh", "Trần Thị Bình", "0912000201",
                "vanthu@nghean.gov.vn"),
    address="Số 3 Trường Thi, thành phố Vinh, Nghệ An", email="ubnd@nghean.gov.vn",
    organization_in_charge="Chính phủ")
VPCP = AgencyProfile(
    code="000.00.00.G22", name="Văn phòng Chính phủ", short="VPCP", header="VĂN PHÒNG CHÍNH PHỦ",
    place="Hà Nội", signers=(Person("Lý Minh Đức", "Phó Chủ nhiệm", "KT. BỘ TRƯỞNG, CHỦ NHIỆM"),),
    clerk=Clerk("Văn thư Văn phòng Chính phủ", "Vũ Thị Lan", "0912000301", "vanthu@chinhphu.vn"),
    drafting_unit="TCCV", address="Số 1 Hoàng Hoa Thám, Ba Đình, Hà Nội",
    email="vanthu@chinhphu.vn", organization_in_charge="Chính phủ")

#: system_id → the agencies it serves on the test axis (reference_axis.testing.SYSTEMS).
SAMPLE_SYSTEMS: dict[str, tuple[AgencyProfile, ...]] = {
    "vxp.h38": (UBND_LAO_CAI, SO_TTTT_LAO_CAI),
    "vxp.h41": (UBND_NGHE_AN,),
    "vxp.g22": (VPCP,),
}


def sample_config(system_id: str, endpoint: str, secret: str,
                  settings: AgentSettings | None = None) -> AgentConfig:
    """The configuration of one of the test axis' systems."""
    return AgentConfig(system_id=system_id, secret=secret, endpoint=endpoint,
                       agencies=SAMPLE_SYSTEMS[system_id], settings=settings or AgentSettings())
