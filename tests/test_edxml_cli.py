"""`qlvb-conformance validate`: files and folders, formats, the reference moment, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conformance.cli import main
from conformance.fixtures_gen import edxml as fx


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The command line as a user runs it."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli-fixtures")
    fx.write_fixtures(root)
    return root


def test_valid_file_exits_0_and_says_which_moment(capsys, corpus: Path) -> None:
    path = corpus / "valid" / "edoc_type0_new.edxml"
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0, out
    assert "Kết luận: ĐẠT" in out
    assert "thời điểm tham chiếu 2026-03-02T09:30:00+07:00 (TraceHeader gần nhất" in out


def test_at_option_is_used_and_reported(capsys, corpus: Path) -> None:
    path = corpus / "valid" / "edoc_type0_new.edxml"
    code, out, _ = run(capsys, "validate", str(path), "--at", "2026-03-01T08:00:00+07:00")
    assert code == 1
    assert "2026-03-01T08:00:00+07:00 (tham số --at)" in out
    assert "QCVN102-DATE-ORDER" in out


def test_folder_is_searched_recursively_and_json_lists_every_file(capsys, corpus: Path) -> None:
    code, out, _ = run(capsys, "validate", str(corpus / "valid"), "--format", "json",
                       "--mode", "observed")
    assert code == 0
    doc = json.loads(out)
    files = {f["location"].get("file") for f in doc["findings"]}
    assert {str(p) for p in (corpus / "valid").glob("*.edxml")} <= files
    assert doc["verdict"] == "conformant"


def test_negative_file_exits_1_with_junit(capsys, corpus: Path) -> None:
    path = corpus / "negative" / "QCVN102-MANIFEST__reference_without_attachment.edxml"
    code, out, _ = run(capsys, "validate", str(path), "--format", "junit")
    assert code == 1
    suite = ET.fromstring(out.split("\n", 1)[1] if out.startswith("<?xml") else out)
    failures = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert any("QCVN102-MANIFEST" in (c.get("classname") or "") for c in failures)


def test_mode_changes_the_verdict_for_vnpt_order(capsys, corpus: Path) -> None:
    path = corpus / "observed" / "edoc_vnpt_order.edxml"
    assert run(capsys, "validate", str(path), "--mode", "strict")[0] == 1
    assert run(capsys, "validate", str(path), "--mode", "observed")[0] == 0


def test_english_output(capsys, corpus: Path) -> None:
    code, out, _ = run(capsys, "validate", str(corpus / "valid" / "status_03.edxml"),
                       "--lang", "en")
    assert code == 0 and "Verdict: CONFORMANT" in out
    assert "reference moment 2026-03-02T14:05:00+07:00" in out


def test_missing_path_exits_2_in_vietnamese(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "validate", str(tmp_path / "khong-co.edxml"))
    assert code == 2 and out == ""
    assert "không tìm thấy đường dẫn" in err


def test_folder_without_packages_exits_2(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 2 and "không có tệp .edxml" in err


def test_unreadable_file_exits_2(capsys, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "a.edxml"
    path.write_bytes(b"<edXML/>")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2 and "không đọc được tệp" in err


def test_bad_at_exits_2(capsys, corpus: Path) -> None:
    code, _, err = run(capsys, "validate", str(corpus / "valid"), "--at", "hôm qua")
    assert code == 2 and "--at" in err
