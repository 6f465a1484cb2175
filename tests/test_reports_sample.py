"""A realistic run result built by hand, shared by the report tests (and a check of it).

Six scenarios of the real feature files against the national profile nd30: one passes, one
fails on QCVN102-PRIORITY (with the exchanged package and signed PDF as evidence), one passes
with a warning, one is set aside because the SUT claims no digitisation capability, one belongs
to the provincial profile, and one errored in the harness.
"""

from __future__ import annotations

from pathlib import Path

from conformance.findings import Location, Severity, Status, finding
from conformance.profiles import load_profile
from conformance.reports.run_model import (
    Artifact,
    ProfileSnapshot,
    Reason,
    RunResult,
    ScenarioResult,
    ScenarioStatus,
    StepResult,
    StepStatus,
    SutInfo,
)
from conformance.rules import catalog

EDXML = """<?xml version="1.0" encoding="UTF-8"?>
<edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLHeader><edXML:MessageHeader>
    <edXML:OtherInfo><edXML:Priority>5</edXML:Priority></edXML:OtherInfo>
  </edXML:MessageHeader></edXML:edXMLHeader>
</edXML:edXMLEnvelope>
"""

FAILING_RULE = "QCVN102-PRIORITY"
FAILING_EXCHANGE = "ex-000042"


def write(report_dir: Path, rel: str, data: bytes | str) -> Path:
    path = report_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def build_sample_run(report_dir: Path) -> RunResult:
    """Write the evidence files under `report_dir` and return the run result naming them."""
    write(report_dir, "packages/VB1-gui.edxml", EDXML)
    write(report_dir, "pdf/VB1.pdf", b"%PDF-1.7\n% signed test document\n%%EOF\n")
    write(report_dir, "axis/traffic.jsonl",
          '{"exchange_id": "ex-000041", "call": "sendEdoc", "status": 200}\n'
          '{"exchange_id": "ex-000042", "call": "sendEdoc", "status": 200}\n')
    package = Artifact.from_file(report_dir, "packages/VB1-gui.edxml",
                                 title="Gói tin gửi đi VB1 (sendEdoc)")
    pdf = Artifact.from_file(report_dir, "pdf/VB1.pdf", title="Văn bản chính VB1 đã ký số")
    log = Artifact.from_file(report_dir, "axis/traffic.jsonl", title="Nhật ký giao dịch của trục")

    given = StepResult("Cho", "trục liên thông tham chiếu đã sẵn sàng", StepStatus.PASS, 0.2)
    scenarios = [
        ScenarioResult(
            feature_file="dinh_danh.feature",
            feature_name="Định danh: mã định danh cơ quan, mã định danh văn bản, số và ký hiệu, "
                         "số đến",
            name="Mã định danh của Bên gửi và Bên nhận trong gói tin gửi đi có 13 ký tự, bốn nhóm",
            status=ScenarioStatus.PASS,
            tags=["area_dinh_danh", "sut_gui", "QD28-10.2a", "QCVN102-ORGID",
                  "QCVN102-ORGID-REGISTRY"],
            line=13, duration_s=1.4, exchange_ids=["ex-000041"],
            steps=[given, StepResult("Thì", 'gói tin gửi đi đạt quy tắc "QD28-10.2a"',
                                     StepStatus.PASS, 0.1)],
            findings=[
                finding("QD28-10.2a", Status.PASS, "Mã định danh có 13 ký tự, bốn nhóm",
                        "The agency code has 13 characters in four groups",
                        location=Location(xpath="//edXML:From/edXML:OrganId")),
                finding("QCVN102-ORGID", Status.PASS, "Mã định danh đúng cấu trúc QCVN 102",
                        "The agency code follows QCVN 102"),
                finding("QCVN102-ORGID-REGISTRY", Status.PASS, "Mã có trong danh mục",
                        "The code is in the registry"),
            ],
        ),
        ScenarioResult(
            feature_file="van_ban_khan.feature",
            feature_name="Văn bản khẩn: mức độ khẩn, chế độ ưu tiên và gửi ngay",
            name='Văn bản thường ghi độ khẩn "Thường"',
            status=ScenarioStatus.FAIL,
            tags=["area_van_ban_khan", "sut_gui", "QCVN102-PRIORITY", "QD28-10.2k"],
            line=33, duration_s=2.25, exchange_ids=[FAILING_EXCHANGE],
            message='gói tin gửi đi không đạt quy tắc "QCVN102-PRIORITY"',
            steps=[
                given,
                StepResult("Khi", 'hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" '
                           'độ khẩn "Thường" gửi đến "Cơ quan A"', StepStatus.PASS, 1.5),
                StepResult("Thì", 'gói tin gửi đi đạt quy tắc "QCVN102-PRIORITY"',
                           StepStatus.FAIL, 0.3, "Priority = 5 không thuộc danh mục 0–4"),
                StepResult("Và", 'gói tin gửi đi đạt quy tắc "QD28-10.2k"', StepStatus.SKIPPED),
            ],
            findings=[
                finding(FAILING_RULE, Status.FAIL,
                        "Độ khẩn không thuộc danh mục của QCVN 102",
                        "The priority is not in the QCVN 102 code list",
                        expected="0, 1, 2, 3 hoặc 4", found="5",
                        location=Location(file="packages/VB1-gui.edxml", line=4,
                                          xpath="/edXML:edXMLEnvelope/edXML:edXMLHeader"
                                                "/edXML:MessageHeader/edXML:OtherInfo"
                                                "/edXML:Priority",
                                          exchange_id=FAILING_EXCHANGE),
                        evidence={"value": "5", "code_list": [0, 1, 2, 3, 4]}),
            ],
            attachments=[package, pdf],
        ),
        ScenarioResult(
            feature_file="goi_tin.feature",
            feature_name="Gói tin: định dạng edXML, nội dung, tệp đính kèm",
            name="Nội dung tiếng Việt trong gói tin gửi đi dùng Unicode dựng sẵn",
            status=ScenarioStatus.PASS,
            tags=["area_goi_tin", "sut_gui", "DN35-9.1b", "TCVN6909-NFC", "QCVN102-ENCODING"],
            line=117, duration_s=0.9,
            findings=[
                finding("DN35-9.1b", Status.PASS, "Dùng bảng mã Unicode", "Unicode is used"),
                finding("QCVN102-ENCODING", Status.PASS, "Mã hóa UTF-8", "UTF-8 encoding"),
                finding("TCVN6909-NFC", Status.FAIL, "Chuỗi trích yếu không ở dạng NFC",
                        "The abstract is not in NFC", expected="NFC", found="NFD",
                        location=Location(xpath="//edXML:Subject")),
                # an error-level rule reported at warning severity by its validator
                finding("QD28-10.2k", Status.FAIL, "Độ khẩn ghi bằng chữ thường",
                        "Urgency written in lower case", severity=Severity.WARNING),
            ],
        ),
        ScenarioResult(
            feature_file="van_ban_so_hoa.feature",
            feature_name="Văn bản số hóa",
            name="Tệp số hóa từ bản giấy đạt tiêu chuẩn số hóa",
            status=ScenarioStatus.NOT_APPLICABLE,
            tags=["area_van_ban_so_hoa", "sut_gui", "kha_nang_so_hoa", "LC2019-9.3a",
                  "ND30-PL1-SOHOA", "DN35-9.1c"],
            example={"mau_van_ban": "cong_van_giay"},
            line=24, reason=Reason.capability("kha_nang_so_hoa"),
        ),
        ScenarioResult(
            feature_file="thoi_han_gui.feature",
            feature_name="Thời hạn gửi",
            name="Theo hồ sơ tỉnh, văn bản ký chiều thứ Sáu được ký số tổ chức và gửi trước "
                 "12h00 thứ Hai",
            status=ScenarioStatus.NOT_APPLICABLE,
            tags=["area_thoi_han_gui", "sut_gui", "kha_nang_dat_dong_ho", "ho_so_tt01-2019",
                  "LC2019-6.1b"],
            line=34, reason=Reason.profile("ho_so_tt01-2019", "nd30"),
        ),
        ScenarioResult(
            feature_file="thoi_han_gui.feature",
            feature_name="Thời hạn gửi",
            name="Thời gian trong gói tin gửi đi theo giờ Việt Nam và đồng bộ với đồng hồ của trục",
            status=ScenarioStatus.ERROR,
            tags=["area_thoi_han_gui", "sut_gui", "QD28-14.4", "QCVN102-DATETIME",
                  "TT41-SIGNING-TIME"],
            line=45, duration_s=30.0,
            message="TimeoutError: trục không nhận được sendEdoc trong 30 giây",
            findings=[
                finding("QCVN102-DATETIME", Status.PASS, "Thời gian đúng định dạng",
                        "Date-times are well formed"),
            ],
        ),
    ]
    profile = load_profile("nd30")
    return RunResult(
        tool_version="0.1.0",
        started="2026-11-22T14:05:00+07:00",
        finished="2026-11-22T14:17:30+07:00",
        sut=SutInfo(name="Phần mềm QLVB mẫu (Công ty ABC)", driver="builtin",
                    agency_codes=("000.00.00.G22",),
                    capabilities=("kha_nang_van_ban_khan", "kha_nang_thu_hoi"),
                    version="3.2.1"),
        profile=ProfileSnapshot.from_profile(profile),
        axis_endpoint="http://127.0.0.1:8080",
        scenarios=scenarios,
        findings=[],
        artifacts=[log],
    )


def test_the_sample_names_real_rules_and_files(tmp_path: Path) -> None:
    run = build_sample_run(tmp_path)
    for s in run.scenarios:
        assert s.rule_ids and all(r in catalog() for r in s.rule_ids)
    for a in run.all_artifacts():
        assert (tmp_path / a.path).is_file() and a.sha256 and a.size
