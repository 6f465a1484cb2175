import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.rules import catalog


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_console_script_runs_as_a_real_process():
    script = shutil.which("qlvb-conformance", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "conformance"]
    proc = subprocess.run(
        [*command, "check", "agency-code", "000.00.00.G22"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Kết luận: ĐẠT" in proc.stdout


def test_rules_json_lists_every_rule_with_its_clause(capsys):
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert code == 0
    rules = json.loads(out)
    assert {r["id"] for r in rules} == set(catalog())
    qd = next(r for r in rules if r["id"] == "QD28-10.2a")
    assert qd["clause"]["article"] == "10" and qd["clause"]["point"] == "a"
    assert qd["clause"]["citation"]["vi"].endswith("Quyết định 28/2018/QĐ-TTg")
    assert "nd30" in qd["profiles"]
    assert any(v.endswith("check_agency_code") for v in qd["validators"])


def test_rules_table_filters_by_profile_and_pattern(capsys):
    code, out, _ = run(capsys, "rules", "--profile", "tt01-2019", "LC2019-6.1*")
    assert code == 0
    assert "LC2019-6.1b" in out and "QD28-" not in out
    _, out_nd30, _ = run(capsys, "rules", "--profile", "nd30", "LC2019-6.1b")
    assert "LC2019-6.1b" not in out_nd30.split("\n")[0]


@pytest.mark.parametrize(
    ("argv", "code", "rule"),
    [
        (["check", "agency-code", "000.46.24.H44"], 0, "QCVN102-ORGID"),
        (["check", "agency-code", "001.00.10.H47"], 1, "QCVN102-ORGID"),
        (["check", "notation", "11796/VPCP-KSTT", "--type", "Công văn"], 0, "ND30-PL1-SOKYHIEU"),
        (["check", "notation", "5/QĐ-BNV"], 1, "ND30-PL1-SOKYHIEU"),
        (["check", "notation", "28/2018/QĐ-TTg"], 0, "VBQPPL-SOKYHIEU"),
        (["check", "document-id", "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT",
          "--sender", "000.00.00.G22"], 0, "QCVN102-DOCID"),
        (["check", "document-id", "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT",
          "--sender", "000.00.00.H41"], 1, "QD28-10.2b"),
        (["check", "date-line", "Hà Nội, ngày 05 tháng 01 năm 2020"], 0, "ND30-PL1-NGAYTHANG"),
        (["check", "date-line", "ngày 5 tháng 06 năm 2020"], 1, "ND30-PL1-NGAYTHANG"),
        (["check", "timestamp", "2026-11-22T09:30:00Z"], 1, "QD28-14.4"),
        (["check", "timestamp", "2026-11-22T09:30:00+07:00"], 0, "QD28-14.4"),
        (["check", "edxml-date", "2014/02/30"], 1, "QCVN102-DATE"),
        (["check", "deadline", "--signed", "2026-11-20T16:00:00+07:00",
          "--sent", "2026-11-23T11:00:00+07:00"], 0, "QD28-6.2"),
        (["check", "deadline", "--signed", "2026-11-20T16:00:00+07:00",
          "--sent", "2026-11-23T15:00:00+07:00"], 1, "QD28-6.2"),
        (["check", "deadline", "--profile", "tt01-2019", "--signed", "2026-11-20T16:00:00+07:00",
          "--sent", "2026-11-23T15:00:00+07:00"], 1, "LC2019-6.1b"),
        (["check", "text", "Céng hoµ x· héi chñ nghÜa ViÖt Nam"], 1, "DN35-9.1b"),
    ],
)
def test_check_commands_exit_codes_and_rules(capsys, argv, code, rule):
    got, out, err = run(capsys, *argv, "--format", "json")
    assert got == code, out + err
    doc = json.loads(out)
    assert rule in {f["rule_id"] for f in doc["findings"]}
    assert doc["verdict"] == ("conformant" if code == 0 else "non_conformant")
    if code == 1:
        failed = [f for f in doc["findings"] if f["status"] == "fail"]
        assert all(f["expected"] is not None or f["found"] is not None for f in failed)


def test_english_output(capsys):
    code, out, _ = run(capsys, "check", "agency-code", "000.00.00.G-2", "--lang", "en", "-v")
    assert code == 1
    assert "Verdict: NON-CONFORMANT" in out
    assert "Point a clause 2 article 10, Quyết định 28/2018/QĐ-TTg" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["check", "no-such-check", "x"],
        ["check", "deadline", "--signed", "x"],
        ["check", "agency-code", "000.00.00.G22", "--profile", "nd31"],
        ["check", "document-id", "x", "--date", "yesterday"],
        ["rules", "--profile", "nope"],
        [],
    ],
)
def test_usage_and_input_errors_exit_2_without_traceback(capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        code = main(argv)
        raise SystemExit(code)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
