"""The `http` and `manual` drivers end to end: the reference QLVB behind its HTTP driver API on an
external axis (`--axis URL --sut profile.toml`), and an operator who does nothing (the scenario
is inconclusive, with the Vietnamese instruction printed, never passed or failed)."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance.reports.run_model import RunResult, ScenarioStatus
from conformance.suite.axis import DEFAULT_COUNTERPARTS, HARNESS_SYSTEM, _config
from conformance.suite.sut_profile import load_sut_profile, resolve_sut
from reference_axis.reference_qlvb.config import sample_config
from reference_axis.reference_qlvb.driver import builtin_driver
from reference_axis.reference_qlvb.driver_http import create_app
from reference_axis.reference_qlvb.testing import serve_app
from reference_axis.testing import AxisProcess

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 300


def run_cli(*args: str) -> tuple[int, str, RunResult | None, Path]:
    report = Path(args[args.index("--report-dir") + 1])
    done = subprocess.run([sys.executable, "-m", "conformance.cli.run_cmd", *args, "-q",
                           "--no-bundle", "--no-allure-html"], capture_output=True, text=True,
                          timeout=TIMEOUT, check=False, cwd=ROOT)
    result = report / "run-result.json"
    run = RunResult.from_dict(json.loads(result.read_text(encoding="utf-8"))) \
        if result.exists() else None
    return done.returncode, done.stdout + done.stderr, run, report


@pytest.fixture(scope="module")
def http_product(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """An external axis, and the reference QLVB (vxp.h38) behind its HTTP driver API."""
    root = tmp_path_factory.mktemp("http")
    sut = resolve_sut("builtin")
    secret, harness_secret, admin = (secrets.token_urlsafe(12) for _ in range(3))
    config = _config(sut, secret, harness_secret, DEFAULT_COUNTERPARTS, admin)
    with AxisProcess(root / "axis", config=config) as axis:
        driver = builtin_driver(sample_config("vxp.h38", axis.endpoint, secret))
        token = secrets.token_urlsafe(12)
        with serve_app(create_app(driver, token=token)) as base:
            profile = root / "sut.toml"
            profile.write_text(f"""
[sut]
name = "QLVB tham chiếu qua API điều khiển http"
driver = "http"
agencies = ["000.00.00.H38", "000.00.12.H38"]
regulatory_profile = "nd30"
capabilities = []
trust_anchors = ["fixtures:pki/root.pem"]
action_timeout = 5

[http]
base_url = "{base}"
token = "{token}"

[axis]
system_id = "vxp.h38"
secret = "{secret}"
admin_token = "{admin}"
harness_system_id = "{HARNESS_SYSTEM}"
harness_secret = "{harness_secret}"
counterparts = {json.dumps(list(DEFAULT_COUNTERPARTS))}
""", encoding="utf-8")
            yield {"profile": profile, "axis": axis.endpoint, "root": root}
        driver.close()


def test_http_profile_reads(http_product: dict[str, Any]) -> None:
    sut = load_sut_profile(http_product["profile"])
    assert sut.driver == "http" and sut.http_token and sut.harness_secret


def test_http_driver_on_an_external_axis(http_product: dict[str, Any]) -> None:
    code, output, run, _ = run_cli(
        "--sut", str(http_product["profile"]), "--axis", http_product["axis"],
        "-m", "(QD28-10.2a or QD28-10.2h) and sut_gui",
        "--report-dir", str(http_product["root"] / "report"))
    assert run is not None, output[-3000:]
    assert run.sut.driver == "http" and run.axis_endpoint == http_product["axis"]
    statuses = {s.title: s.status for s in run.scenarios}
    assert len(statuses) >= 6, statuses
    assert all(st is ScenarioStatus.PASS for st in statuses.values()), (statuses, output[-3000:])
    assert code == 0


def test_manual_driver_is_inconclusive_when_nothing_happens(tmp_path: Path) -> None:
    profile = tmp_path / "manual.toml"
    profile.write_text("""
[sut]
name = "Hệ thống điều khiển bằng tay"
driver = "manual"
agencies = ["000.00.00.H38"]
action_timeout = 2
""", encoding="utf-8")
    code, output, run, _ = run_cli("--sut", str(profile), "-m", "QD28-10.2b and sut_gui",
                                   "--report-dir", str(tmp_path / "report"))
    assert run is not None, output[-3000:]
    assert "Người vận hành" in output and "ban hành một Công văn" in output
    assert [s.status for s in run.scenarios] == [ScenarioStatus.INCONCLUSIVE]
    assert "người vận hành chưa thực hiện" in (run.scenarios[0].message or "")
    assert code == 1


def test_two_jobs_with_one_empty_shard_still_report(tmp_path: Path) -> None:
    """One scenario split over two worker processes: one shard selects nothing (pytest exit 5),
    which is no error when the other ran the scenario."""
    code, output, run, _ = run_cli("--jobs", "2", "-k", "Mất_phản_hồi_của_trục",
                                   "--report-dir", str(tmp_path / "report"))
    assert run is not None, output[-3000:]
    assert len(run.scenarios) == 1 and run.scenarios[0].status is ScenarioStatus.PASS
    assert code == 0
