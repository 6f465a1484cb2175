"""Helpers to run a real axis in tests and in the conformance suite: a server process on a
free loopback port, a throwaway PostgreSQL cluster, and small edXML packages.

    with AxisProcess(tmp_path) as axis:
        client = axis.client("vxp.h38")
        client.send_edoc(edoc_package(...), from_="000.00.00.H38", to=["000.00.00.G22"])
        axis.admin.get("/admin/traffic").json()
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import httpx

from reference_axis.client import AxisClient, SdkQuirks

ADMIN_TOKEN = "test-admin-token-0123456789"
SYSTEMS: dict[str, dict[str, Any]] = {
    "vxp.g22": {"secret": "secret-g22-AwyOIW", "name": "Văn phòng Chính phủ", "agencies": [
        {"code": "000.00.00.G22", "name": "Văn phòng Chính phủ", "mail": "vpcp@chinhphu.vn"}]},
    "vxp.h38": {"secret": "secret-h38-9sK2pQ", "name": "QLVB tỉnh Lào Cai", "agencies": [
        {"code": "000.00.00.H38", "name": "Ủy ban nhân dân tỉnh Lào Cai",
         "mail": "ubnd@laocai.gov.vn"},
        {"code": "000.00.12.H38", "name": "Sở Thông tin và Truyền thông tỉnh Lào Cai",
         "pcode": "000.00.00.H38", "mail": "stttt@laocai.gov.vn"}]},
    "vxp.h41": {"secret": "secret-h41-Zq81mX", "name": "QLVB tỉnh Nghệ An", "agencies": [
        {"code": "000.00.00.H41", "name": "Ủy ban nhân dân tỉnh Nghệ An",
         "mail": "ubnd@nghean.gov.vn"}]},
}
G22, H38, SO_H38, H41 = "000.00.00.G22", "000.00.00.H38", "000.00.12.H38", "000.00.00.H41"


def axis_config(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "admin_token": ADMIN_TOKEN,
        "systems": [{"system_id": k, "secret": v["secret"], "name": v["name"],
                     "agencies": v["agencies"]} for k, v in SYSTEMS.items()],
    }
    data.update(overrides)
    return data


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = 20.0, proc: subprocess.Popen[Any] | None = None
                  ) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"axis exited with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} not open after {timeout} s")


class AxisProcess:
    """`python -m reference_axis.cli axis serve` in a subprocess on a free loopback port."""

    def __init__(self, workdir: Path, *, store_url: str | None = None, workers: int = 1,
                 config: dict[str, Any] | None = None, extra_args: Sequence[str] = (),
                 scheme: str = "http") -> None:
        self.workdir = Path(workdir)
        self.store_url = store_url or f"sqlite:///{self.workdir / 'axis.db'}"
        self.workers = workers
        self.config = config or axis_config()
        self.extra_args = list(extra_args)
        self.scheme = scheme
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self._admin: httpx.Client | None = None
        self.admin_verify: Any = True

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    @property
    def endpoint(self) -> str:
        return self.base + str(self.config.get("base_path", "")).rstrip("/")

    def start(self) -> AxisProcess:
        self.workdir.mkdir(parents=True, exist_ok=True)
        cfg = self.workdir / "axis-config.json"
        cfg.write_text(json.dumps(self.config, ensure_ascii=False), encoding="utf-8")
        self.port = free_port()
        log = open(self.workdir / f"axis-{self.port}.log", "wb")  # noqa: SIM115
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        env.pop("QLVB_AXIS_ADMIN_TOKEN", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "reference_axis.cli", "axis", "serve", "--config", str(cfg),
             "--db", self.store_url, "--port", str(self.port), "--workers", str(self.workers),
             *self.extra_args],
            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        log.close()
        wait_for_port(self.port, proc=self.proc)
        return self

    def log_text(self) -> str:
        path = self.workdir / f"axis-{self.port}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def stop(self, timeout: float = 10.0) -> None:
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)

    def kill9(self) -> None:
        """SIGKILL to the whole process group (uvicorn and its workers), no clean-up."""
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def __enter__(self) -> AxisProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def admin(self) -> httpx.Client:
        if self._admin is None:
            self._admin = httpx.Client(base_url=self.base, timeout=30.0, verify=self.admin_verify,
                                       headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        return self._admin

    def client(self, system_id: str, quirks: SdkQuirks | None = None, **kwargs: Any
               ) -> AxisClient:
        secret = next(s["secret"] for s in self.config["systems"] if s["system_id"] == system_id)
        return AxisClient(self.endpoint, system_id, secret, quirks, **kwargs)

    def traffic(self, **params: Any) -> list[dict[str, Any]]:
        r = self.admin.get("/admin/traffic", params={"limit": 1000, **params})
        r.raise_for_status()
        return list(r.json()["items"])


# --- packages ----------------------------------------------------------------------------------

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


def _org(tag: str, code: str, name: str = "") -> str:
    name_el = f"<edXML:OrganName>{escape(name)}</edXML:OrganName>" if name else ""
    return (f"<edXML:{tag}><edXML:OrganId>{escape(code)}</edXML:OrganId>{name_el}"
            f"</edXML:{tag}>")


def edoc_package(from_: str, to: Sequence[str], *, number: str = "12",
                 notation: str = "UBND-VP", date: str = "2026/11/22",
                 subject: str = "Về việc thử nghiệm trục liên thông văn bản quốc gia",
                 document_id: str | None = None, crlf: bool = True) -> bytes:
    """A small document package in the EdXML102 library's own form (CRLF, edXML: prefix)."""
    doc_id = document_id or f"{from_},{date},{number}/{notation}"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<edXML xmlns="{NS}">',
        f'  <edXML:edXMLEnvelope xmlns:edXML="{NS}">',
        "    <edXML:edXMLHeader>",
        "      <edXML:MessageHeader>",
        "        " + _org("From", from_, "Cơ quan gửi"),
        *("        " + _org("To", t, "Cơ quan nhận") for t in to),
        f"        <edXML:DocumentId>{escape(doc_id)}</edXML:DocumentId>",
        f"        <edXML:Code><edXML:CodeNumber>{escape(number)}</edXML:CodeNumber>"
        f"<edXML:CodeNotation>{escape(notation)}</edXML:CodeNotation></edXML:Code>",
        f"        <edXML:PromulgationInfo><edXML:Place>Lào Cai</edXML:Place>"
        f"<edXML:PromulgationDate>{date}</edXML:PromulgationDate></edXML:PromulgationInfo>",
        f"        <edXML:Subject>{escape(subject)}</edXML:Subject>",
        "        <edXML:SteeringType>0</edXML:SteeringType>",
        "      </edXML:MessageHeader>",
        "      <edXML:TraceHeaderList><edXML:TraceHeader>"
        f"<edXML:OrganId>{escape(from_)}</edXML:OrganId>"
        "<edXML:Timestamp>2026/11/22 09:00:00</edXML:Timestamp></edXML:TraceHeader>"
        "</edXML:TraceHeaderList>",
        "    </edXML:edXMLHeader>",
        '    <edXML:edXMLBody><edXML:edXMLManifest version="1.0"/></edXML:edXMLBody>',
        "  </edXML:edXMLEnvelope>",
        "</edXML>",
    ]
    sep = "\r\n" if crlf else "\n"
    return (sep.join(lines) + sep).encode("utf-8")


def status_package(from_: str, *, answered_organ: str, answered_id: str, code: str = "01",
                   description: str = "Đã đến", answered_code: str = "12/UBND-VP",
                   answered_date: str = "2026/11/22") -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<edXML xmlns="{NS}">',
        f'  <edXML:edXMLEnvelope xmlns:edXML="{NS}">',
        "    <edXML:edXMLHeader>",
        "      <edXML:MessageHeader>",
        "        " + _org("From", from_, "Cơ quan nhận"),
        "        <edXML:ResponseFor>"
        f"<edXML:OrganId>{escape(answered_organ)}</edXML:OrganId>"
        f"<edXML:Code>{escape(answered_code)}</edXML:Code>"
        f"<edXML:PromulgationDate>{answered_date}</edXML:PromulgationDate>"
        f"<edXML:DocumentId>{escape(answered_id)}</edXML:DocumentId></edXML:ResponseFor>",
        "        <edXML:StaffInfo><edXML:Department>Văn thư</edXML:Department>"
        "<edXML:Staff>Trần Thị Bình</edXML:Staff></edXML:StaffInfo>",
        f"        <edXML:StatusCode>{escape(code)}</edXML:StatusCode>",
        f"        <edXML:Description>{escape(description)}</edXML:Description>",
        "        <edXML:Timestamp>2026/11/22 10:00:00</edXML:Timestamp>",
        "      </edXML:MessageHeader>",
        "    </edXML:edXMLHeader>",
        "  </edXML:edXMLEnvelope>",
        "</edXML>",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def unique_number() -> str:
    return str(uuid.uuid4().int % 10**8)


# --- a throwaway PostgreSQL cluster ------------------------------------------------------------

def postgres_binaries() -> Path | None:
    """The directory holding initdb/pg_ctl/postgres (Debian: /usr/lib/postgresql/<v>/bin)."""
    for name in ("initdb", "pg_ctl"):
        found = shutil.which(name)
        if found:
            real = Path(found).resolve().parent
            if (real / "postgres").exists():
                return real
    root = Path("/usr/lib/postgresql")
    if root.is_dir():
        for version in sorted(root.iterdir(), reverse=True):
            if (version / "bin" / "initdb").exists() and (version / "bin" / "postgres").exists():
                return version / "bin"
    return None


class PostgresCluster:
    """initdb + pg_ctl in a temporary directory on loopback. PostgreSQL refuses to run as root,
    so as root the cluster runs as an unprivileged user (`nobody` unless told otherwise) via
    `runuser`/`su`."""

    def __init__(self, workdir: Path, *, user: str | None = None) -> None:
        self.bin = postgres_binaries()
        if self.bin is None:
            raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found")
        self.run_as = user or ("nobody" if os.geteuid() == 0 else None)
        # The server user must reach its data directory: as another user, use a directory of
        # our own under the temp root instead of a private (0700) pytest directory.
        self._own_dir = bool(self.run_as)
        self.workdir = Path(tempfile.mkdtemp(prefix="qlvb-pg-")) if self._own_dir else Path(
            workdir)
        self.data = self.workdir / "pgdata"
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"postgresql://axis@127.0.0.1:{self.port}/axis"

    def _run(self, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.run_as:
            runner = shutil.which("runuser")
            if runner:
                cmd = [runner, "-u", self.run_as, "--", *cmd]
            else:
                cmd = ["su", "-s", "/bin/sh", self.run_as, "-c", " ".join(cmd)]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False,
                              cwd="/")

    def start(self) -> PostgresCluster:
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.run_as:
            entry = pwd.getpwnam(self.run_as)
            os.chmod(self.workdir, 0o755)
            self.data.mkdir(exist_ok=True)
            os.chown(self.data, entry.pw_uid, entry.pw_gid)
        r = self._run("initdb", "-D", str(self.data), "-U", "axis", "--auth=trust",
                      "--encoding=UTF8", "--no-locale")
        if r.returncode != 0:
            raise RuntimeError(f"initdb failed: {r.stdout}\n{r.stderr}")
        sock = self.data  # Unix socket in the data directory, TCP on loopback only
        r = self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "30", "-l",
                      str(self.data / "server.log"), "-o",
                      f"-p {self.port} -h 127.0.0.1 -k {sock} -c fsync=on "
                      "-c max_connections=60", "start")
        if r.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed: {r.stdout}\n{r.stderr}")
        r = self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "axis", "axis")
        if r.returncode != 0:
            self.stop()
            raise RuntimeError(f"createdb failed: {r.stdout}\n{r.stderr}")
        return self

    def stop(self) -> None:
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop")
        if self._own_dir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> PostgresCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wait_until(predicate: Any, timeout: float = 10.0, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)

