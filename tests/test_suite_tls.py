"""TLS between the SUT and the axis (QĐ 28/2018 Điều 13 k2): the test PKI's TLS server
certificates, the harness's TLS front, and the four TLS scenarios of an_toan_ket_noi.feature —
the reference QLVB passes them; the same product with certificate verification switched off
(a faulty installation) fails the three negative ones on QD28-13.2; a manual product is
inconclusive with what to configure.

The suite runs go through one worker process (`python -m tests.test_suite_tls ROOT`) that runs
`qlvb-conformance run` in process twice: as shipped, then with `client_context` replaced by a
context that verifies nothing."""

from __future__ import annotations

import json
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509

from conformance.findings import Status
from conformance.fixtures_gen.pki import TLS_KINDS, TestPKI, shipped_pki_dir
from conformance.reports.run_model import RunResult, ScenarioStatus
from conformance.suite.checks import traffic_findings
from conformance.suite.tls import TlsFront, client_context, shipped_tls_files
from tests.test_suite_drivers import run_cli

ROOT = Path(__file__).resolve().parents[1]
RUN_TIMEOUT = 300
RUNS = ("compliant", "no_verify")
NEGATIVE = ("tự ký không tin cậy", "hết hạn", "sai tên máy chủ")


# --- the certificates ---------------------------------------------------------------------------

def test_shipped_tls_files_are_the_generated_ones(tmp_path: Path) -> None:
    fresh = TestPKI()
    assert fresh.tls_ca.pem() == (shipped_pki_dir() / "tls-ca.pem").read_bytes()
    for kind in TLS_KINDS:
        cert, key = fresh.tls_files(kind, tmp_path)
        shipped_cert, shipped_key = shipped_tls_files(kind)
        assert cert.read_bytes() == shipped_cert.read_bytes(), kind
        assert key.read_bytes() == shipped_key.read_bytes(), kind


def test_tls_certificates_have_the_intended_defects() -> None:
    pki = TestPKI()
    valid = pki.tls_server("valid").certificate
    san = valid.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert {str(ip) for ip in san.get_values_for_type(x509.IPAddress)} == {"127.0.0.1"}
    assert san.get_values_for_type(x509.DNSName) == ["localhost"]
    assert valid.issuer == pki.tls_ca.certificate.subject
    assert pki.tls_ca.certificate.issuer == pki.root.certificate.subject
    expired = pki.tls_server("expired").certificate
    assert expired.not_valid_after_utc.year == 2024
    wrong = pki.tls_server("wrong_host").certificate
    names = wrong.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "127.0.0.1" not in str(names) and "localhost" not in str(names)
    own = pki.tls_server("self_signed").certificate
    assert own.issuer == own.subject


@pytest.fixture(scope="module")
def plain_server() -> Iterator[str]:
    """A plain HTTP server on loopback that answers with the client address it saw."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body = f"{self.client_address[0]}:{self.client_address[1]}".encode()
            self.send_response(200)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("kind", TLS_KINDS)
def test_front_serves_the_certificate_and_records_the_handshake(plain_server: str,
                                                                kind: str) -> None:
    with TlsFront(plain_server, *shipped_tls_files(kind)) as front:
        assert front.url().startswith("https://127.0.0.1:") and front.url().endswith("/api")
        with httpx.Client(verify=client_context(), timeout=10) as client:
            if kind == "valid":
                seen = client.get(front.url()).text
                assert seen in front.by_upstream()  # the address the upstream logs
            else:
                with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
                    client.get(front.url())
        conns = front.connections()
        assert conns and all(c.tls == (kind == "valid") for c in conns)
        if kind != "valid":
            assert all(c.error and c.upstream is None for c in conns)
        # verification off: every certificate is accepted (what the suite must catch)
        with httpx.Client(verify=ssl._create_unverified_context(), timeout=10) as client:
            assert client.get(front.url()).status_code == 200


def test_traffic_check_needs_every_request_over_tls() -> None:
    def item(tls: bool | None) -> dict[str, Any]:
        entry: dict[str, Any] = {"system_id": "vxp.sut", "call": "sendEdoc", "verified": "hmac",
                                 "client": "127.0.0.1:5000", "exchange_id": "x"}
        if tls is not None:
            entry["channel"] = {"tls": tls, "version": "TLSv1.3"}
        return entry

    ok = traffic_findings("QD28-13.2", [item(True)], system_id="vxp.sut", tls=True)
    assert [f.status for f in ok] == [Status.PASS] and "TLSv1.3" in ok[0].message.vi
    for bad in (item(False), item(None)):
        found = traffic_findings("QD28-13.2", [bad], system_id="vxp.sut", tls=True)
        assert [f.status for f in found] == [Status.FAIL]
        assert "TLS" in found[0].message.vi
    plain = traffic_findings("QD28-13.2", [item(None)], system_id="vxp.sut", tls=False)
    assert [f.status for f in plain] == [Status.PASS]


# --- the scenarios ------------------------------------------------------------------------------

def worker_main(argv: list[str]) -> int:
    """Run the TLS scenarios as shipped, then with certificate verification off."""
    import conformance.suite.tls as tls
    from conformance.cli.run_cmd import main

    root = Path(argv[0])
    for name in RUNS:
        if name == "no_verify":
            tls.client_context = lambda anchors=(): ssl._create_unverified_context()  # type: ignore[assignment]
        report = root / name
        code = main(["-k", "TLS", "--report-dir", str(report), "--jobs", "1", "--no-bundle",
                     "--no-allure-html", "-q"])
        (report / "exit-code").write_text(str(code), encoding="utf-8")
    return 0


@pytest.fixture(scope="module")
def tls_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("tls-runs")
    done = subprocess.run([sys.executable, "-m", "tests.test_suite_tls", str(root)],
                          capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False,
                          cwd=ROOT)
    out: dict[str, dict[str, Any]] = {}
    for name in RUNS:
        result = root / name / "run-result.json"
        code = root / name / "exit-code"
        out[name] = {
            "run": RunResult.from_dict(json.loads(result.read_text(encoding="utf-8")))
            if result.exists() else None,
            "code": int(code.read_text(encoding="utf-8")) if code.exists() else None,
            "log": done.stdout[-3000:] + done.stderr[-3000:], "report": root / name}
    return out


def _statuses(outcome: dict[str, Any]) -> dict[str, ScenarioStatus]:
    run = outcome["run"]
    assert run is not None, outcome["log"]
    return {s.name: s.status for s in run.scenarios}


def test_reference_passes_the_tls_scenarios(tls_runs: dict[str, dict[str, Any]]) -> None:
    outcome = tls_runs["compliant"]
    statuses = _statuses(outcome)
    assert len(statuses) == 4 and set(statuses.values()) == {ScenarioStatus.PASS}, statuses
    assert outcome["code"] == 0
    run = outcome["run"]
    tls_pass = [f for s in run.scenarios for f in s.findings
                if f.rule_id == "QD28-13.2" and f.status is Status.PASS]
    assert len(tls_pass) == 4
    assert any("qua kênh TLS" in f.message.vi for f in tls_pass)
    assert sum("từ chối chứng thư TLS" in f.message.vi for f in tls_pass) == 3
    logs = list((outcome["report"] / "evidence").glob("*/ket-noi-tls.json"))
    assert len(logs) == 4


def test_verification_off_fails_the_negative_scenarios(
        tls_runs: dict[str, dict[str, Any]]) -> None:
    outcome = tls_runs["no_verify"]
    statuses = _statuses(outcome)
    failed = {name for name, st in statuses.items() if st is ScenarioStatus.FAIL}
    assert len(failed) == 3 and all(any(word in n for word in NEGATIVE) for n in failed), \
        statuses
    assert outcome["code"] == 1
    run = outcome["run"]
    tls_fail = [f for s in run.scenarios for f in s.findings
                if f.rule_id == "QD28-13.2" and f.status is Status.FAIL]
    assert len(tls_fail) == 3
    assert all("chấp nhận chứng thư TLS" in f.message.vi for f in tls_fail)


def test_manual_product_is_inconclusive_with_what_to_configure(tmp_path: Path) -> None:
    profile = tmp_path / "manual.toml"
    profile.write_text("""
[sut]
name = "Hệ thống điều khiển bằng tay"
driver = "manual"
agencies = ["000.00.00.H38"]
capabilities = ["kha_nang_tls_client"]
action_timeout = 2
""", encoding="utf-8")
    code, output, run, _ = run_cli("--sut", str(profile), "-k", "TLS",
                                   "--report-dir", str(tmp_path / "report"))
    assert run is not None, output[-3000:]
    assert [s.status for s in run.scenarios] == [ScenarioStatus.INCONCLUSIVE] * 4
    message = run.scenarios[0].message or ""
    assert "root.pem" in message and "axis serve --tls" in message and "valid.pem" in message
    assert code == 1


if __name__ == "__main__":
    raise SystemExit(worker_main(sys.argv[1:]))
