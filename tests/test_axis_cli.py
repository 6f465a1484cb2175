"""`qlvb-conformance axis serve`: demo agencies, the SDK configuration it prints, usage errors."""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from reference_axis import cli
from reference_axis.client import AxisClient
from reference_axis.testing import free_port, wait_for_port


def run_serve(tmp_path: Path, port: int) -> tuple[str, dict[str, str]]:
    """Start the demo axis, read its banner, stop it; (banner, systemid → secret)."""
    out = tmp_path / f"out-{port}.txt"
    with open(out, "wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "reference_axis.cli", "axis", "serve", "--port", str(port),
             "--db", f"sqlite:///{tmp_path / 'demo.db'}"],
            stdout=fh, stderr=subprocess.STDOUT, start_new_session=True,
            env={k: v for k, v in os.environ.items() if k != "QLVB_AXIS_ADMIN_TOKEN"})
    try:
        wait_for_port(port, proc=proc)
        text = out.read_text(encoding="utf-8")
        secrets = dict(re.findall(r"^systemid=(\S+)\nsecret=(\S+)$", text, re.M))
        endpoint = re.search(r"^service\.endpoint=(\S+)$", text, re.M).group(1)
        client = AxisClient(endpoint, "vxp.g22", secrets["vxp.g22"])
        assert client.get_agencies_list().ok
        client.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(15)
    return text, secrets


def test_serve_prints_the_sdk_configuration_and_keeps_demo_secrets(tmp_path: Path) -> None:
    text, secrets = run_serve(tmp_path, free_port())
    assert "Trục liên thông giả lập đang chạy" in text
    assert set(secrets) == {"vxp.g22", "vxp.h38"}
    for key in ("service.endpoint=http://127.0.0.1:", "client.protocol=HTTP",
                "000.00.00.G22", "000.00.00.H38", "000.00.12.H38", "Authorization: Bearer "):
        assert key in text
    _, again = run_serve(tmp_path, free_port())  # same database: same secrets
    assert again == secrets


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="qlvb-conformance")
    sub = parser.add_subparsers(dest="command", required=True)
    cli.register(sub)
    return parser.parse_args(argv)


def test_usage_errors_exit_2_with_a_vietnamese_message(tmp_path: Path, capsys) -> None:
    args = parse(["axis", "serve", "--tls", "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert args.handler(args) == 2
    assert "--tls cần --cert và --key" in capsys.readouterr().err
    args = parse(["axis", "serve", "--config", str(tmp_path / "missing.toml")])
    assert args.handler(args) == 2
    assert "không đọc được tệp cấu hình" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text('[[system]]\nsystem_id = "a"\n[[system.agency]]\ncode = "x"\n',
                   encoding="utf-8")
    args = parse(["axis", "serve", "--config", str(bad), "--lang", "en"])
    assert args.handler(args) == 2
    assert "an agency needs 'code' and 'name'" in capsys.readouterr().err
    args = parse(["axis", "serve", "--port", "70000"])
    assert args.handler(args) == 2


def test_config_file_in_toml(tmp_path: Path) -> None:
    cfg = tmp_path / "axis.toml"
    cfg.write_text(
        'base_path = "/vxp"\nadmin_token = "a-very-long-admin-token-123"\nstrict = true\n'
        '[[system]]\nsystem_id = "vxp.h41"\nsecret = "s3cret-h41"\n'
        '[[system.agency]]\ncode = "000.00.00.H41"\nname = "UBND tỉnh Nghệ An"\n',
        encoding="utf-8")
    args = parse(["axis", "serve", "--config", str(cfg), "--port", "9999"])
    config = cli.build_config(args)
    assert config.base_path == "/vxp" and config.strict
    assert config.systems[0].agencies[0].code == "000.00.00.H41"
    banner = cli.banner(config, args)
    assert "service.endpoint=http://127.0.0.1:9999/vxp" in banner
    assert "secret=s3cret-h41" in banner
