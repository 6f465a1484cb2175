"""The wheel carries what the product needs at run time and works outside the repository."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )
    (built,) = out.glob("qlvb_conformance-*.whl")
    return built


def test_wheel_carries_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "conformance/data/findings.schema.json",
        "conformance/data/profiles/nd30.toml",
        "conformance/data/profiles/tt01-2019.toml",
        "conformance/data/rules/qd28.toml",
        "conformance/data/regulations/RULES.md",
        "conformance/data/agencies.toml",
        "conformance/data/calendar_overrides.toml",
        "conformance/_bundle/features/README.md",
        "conformance/_bundle/fixtures/README.md",
    ):
        assert required in names, required
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_runs_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run(
        [sys.executable, "-c",
         "import conformance, sys; from conformance.cli import main; "
         "assert 'site' in conformance.__file__, conformance.__file__; "
         "sys.exit(main(['check', 'notation', '28/2018/QĐ-TTg']))"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "VBQPPL-SOKYHIEU" in proc.stdout
