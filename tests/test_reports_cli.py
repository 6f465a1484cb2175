"""`qlvb-conformance report verify|render|bundle`: messages and exit codes (0 / 1 / 2)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

import conformance.cli as cli
from conformance.fixtures_gen.pki import default_pki
from conformance.reports.bundle import write_bundle
from conformance.reports.run_outputs import write_run_reports
from conformance.resources import bundled_dir
from tests.test_reports_sample import FAILING_RULE, build_sample_run

ROOT_PEM = bundled_dir("fixtures") / "pki" / "root.pem"
UNTRUSTED_PEM = bundled_dir("fixtures") / "pki" / "untrusted-root.pem"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    report = tmp_path / "conformance-report"
    write_run_reports(build_sample_run(report), report)
    write_bundle(report, tmp_path / "bundle.zip")
    return tmp_path / "bundle.zip"


def test_verify_valid_bundle_exits_0_in_vietnamese(capsys, bundle: Path) -> None:
    code, out, err = run(capsys, "report", "verify", str(bundle))
    assert code == 0, out + err
    assert "Kết luận: GÓI HỢP LỆ" in out
    assert "KHÓA KIỂM THỬ (TEST)" in out and "chưa kiểm tra" in out
    assert "kết luận ghi trong gói: KHÔNG ĐẠT" in out


def test_verify_with_trust_anchor_and_english(capsys, bundle: Path) -> None:
    code, out, _ = run(capsys, "report", "verify", str(bundle), "--trust", str(ROOT_PEM),
                       "--lang", "en")
    assert code == 0 and "Verdict: BUNDLE VALID" in out
    assert "chains to RootCA chuyên dùng Chính phủ G2 (TEST)" in out


def test_verify_wrong_trust_anchor_exits_1(capsys, bundle: Path) -> None:
    code, out, _ = run(capsys, "report", "verify", str(bundle), "--trust", str(UNTRUSTED_PEM))
    assert code == 1 and "GÓI KHÔNG HỢP LỆ" in out and "không dẫn tới" in out


def test_verify_tampered_bundle_exits_1_and_names_the_file(capsys, bundle: Path,
                                                          tmp_path: Path) -> None:
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "summary.json":
                data = data.replace(b'"non_conformant"', b'"conformant"    ')
            dst.writestr(info.filename, data)
    code, out, _ = run(capsys, "report", "verify", str(tampered))
    assert code == 1 and "tệp đã bị thay đổi: summary.json" in out
    code, out, _ = run(capsys, "report", "verify", str(tampered), "--format", "json")
    assert code == 1 and json.loads(out)["altered"] == ["summary.json"]


@pytest.mark.parametrize("argv", [
    ["report", "verify", "/nonexistent/bundle.zip"],
    ["report", "verify"],
    ["report"],
    ["report", "render", "/nonexistent/run-result.json", "--out", "x"],
])
def test_usage_and_input_errors_exit_2(capsys, argv: list[str]) -> None:
    try:
        code = run(capsys, *argv)[0]
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    assert code == 2


def test_not_a_zip_and_bad_trust_file_exit_2(capsys, tmp_path: Path, bundle: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK not really")
    code, _, err = run(capsys, "report", "verify", str(junk))
    assert code == 2 and "không mở được gói bằng chứng" in err
    code, _, err = run(capsys, "report", "verify", str(bundle), "--trust", str(junk))
    assert code == 2 and "chứng thư tin cậy" in err


def test_render_from_run_result_and_from_summary(capsys, tmp_path: Path) -> None:
    report = tmp_path / "r"
    written = write_run_reports(build_sample_run(report), report)
    for source in (written["run_result"], written["summary"]):
        out_dir = tmp_path / f"out-{source.stem}"
        code, out, err = run(capsys, "report", "render", str(source), "--out", str(out_dir))
        assert code == 0, err
        assert "Kết luận: KHÔNG ĐẠT" in out
        html = (out_dir / "report.html").read_text(encoding="utf-8")
        assert FAILING_RULE in html and "KHÔNG ĐẠT" in html
        assert (out_dir / "report.en.html").is_file() and (out_dir / "junit.xml").is_file()
    code, out, _ = run(capsys, "report", "render", str(written["run_result"]), "--out",
                       str(tmp_path / "en"), "--lang", "en")
    assert code == 0 and "Verdict: NON-CONFORMANT" in out
    assert '<html lang="en">' in (tmp_path / "en" / "report.html").read_text(encoding="utf-8")


def test_render_refuses_malformed_results_with_exit_2(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"tool": {"version": "1"}}', encoding="utf-8")
    code, _, err = run(capsys, "report", "render", str(bad), "--out", str(tmp_path / "o"))
    assert code == 2 and "không hợp lệ" in err
    bad.write_text("{", encoding="utf-8")
    code, _, err = run(capsys, "report", "render", str(bad), "--out", str(tmp_path / "o"),
                       "--lang", "en")
    assert code == 2 and "not valid JSON" in err


def test_bundle_command_with_test_key_and_user_key(capsys, tmp_path: Path) -> None:
    report = tmp_path / "r"
    build_sample_run(report)
    code, out, _ = run(capsys, "report", "bundle", str(report), "--out", str(tmp_path / "a.zip"))
    assert code == 0 and "KHÓA KIỂM THỬ" in out
    assert run(capsys, "report", "verify", str(tmp_path / "a.zip"))[0] == 0
    from cryptography.hazmat.primitives import serialization

    ident = default_pki().organisation("Sở Thông tin và Truyền thông tỉnh Mẫu")
    (tmp_path / "k.pem").write_bytes(ident.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    (tmp_path / "c.pem").write_bytes(ident.pem() + b"".join(
        c.public_bytes(serialization.Encoding.PEM) for c in ident.chain))
    code, out, _ = run(capsys, "report", "bundle", str(report), "--out", str(tmp_path / "b.zip"),
                       "--key", str(tmp_path / "k.pem"), "--cert", str(tmp_path / "c.pem"))
    assert code == 0 and "Sở Thông tin" in out
    code, out, _ = run(capsys, "report", "verify", str(tmp_path / "b.zip"), "--trust",
                       str(ROOT_PEM))
    assert code == 0 and "GÓI HỢP LỆ" in out
    code, _, err = run(capsys, "report", "bundle", str(report), "--out", str(tmp_path / "c.zip"),
                       "--key", str(tmp_path / "k.pem"))
    assert code == 2 and "--cert" in err
