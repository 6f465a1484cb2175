"""Axis configuration: connected systems and their agencies, admin token, modes, TLS.

A TOML file (`axis serve --config FILE`):

    base_path = "/vxp"            # wire API under http://host:port/vxp/sendEdoc
    admin_token = "…"             # bearer token of the admin API (generated when absent)
    strict = false                # SDK quirks become refusals
    relay = false                 # append the axis' own TraceHeader to delivered packages
    relay_organ_id = "000.00.00.G22"
    dedup_window = 300            # seconds within which a byte-identical request is a retry
    max_skew = 300                # timestamp distance from the axis clock before a finding

    [[system]]
    system_id = "vxp.h38"
    secret = "…"                  # generated when absent
    name = "LGSP Lào Cai"
    client_cert_sha256 = "…"      # optional: bind a TLS client certificate to the system

    [[system.agency]]
    code = "000.00.00.H38"
    name = "Ủy ban nhân dân tỉnh Lào Cai"
    mail = "…"

    [[agency]]                    # an agency on the directory, served by no system here
    code = "000.00.00.H41"
    name = "…"

    [tls]
    certfile = "server.pem"
    keyfile = "server.key"
    client_ca = "ca.pem"          # ask for client certificates signed by this CA
    require_client_cert = true
"""

from __future__ import annotations

import json
import secrets
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from reference_axis.store import Tx


class ConfigError(Exception):
    def __init__(self, vi: str, en: str) -> None:
        self.vi, self.en = vi, en
        super().__init__(en)

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


@dataclass
class AgencyConfig:
    code: str
    name: str
    pcode: str | None = None
    mail: str | None = None
    mobile: str | None = None
    fax: str | None = None
    old_code: str | None = None


@dataclass
class SystemConfig:
    system_id: str
    secret: str
    name: str = ""
    agencies: list[AgencyConfig] = field(default_factory=list)
    client_cert_sha256: str | None = None


@dataclass
class TlsConfig:
    certfile: str
    keyfile: str
    client_ca: str | None = None
    require_client_cert: bool = False


@dataclass
class AxisConfig:
    systems: list[SystemConfig] = field(default_factory=list)
    agencies: list[AgencyConfig] = field(default_factory=list)
    base_path: str = ""
    admin_path: str = "/admin"
    admin_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    strict: bool = False
    relay: bool = False
    relay_organ_id: str = "000.00.00.G22"
    dedup_window: float = 300.0
    max_skew: float = 300.0
    max_package: int = 64 * 1024 * 1024
    log_body_limit: int = 64 * 1024
    tls: TlsConfig | None = None

    def __post_init__(self) -> None:
        self.base_path = normalise_path(self.base_path)
        self.admin_path = normalise_path(self.admin_path) or "/admin"
        if len(self.admin_token) < 16:
            raise ConfigError("admin_token phải dài ít nhất 16 ký tự",
                              "admin_token must be at least 16 characters")
        seen: set[str] = set()
        for s in self.systems:
            if not s.system_id or not s.secret:
                raise ConfigError("mỗi hệ thống cần system_id và secret",
                                  "every system needs a system_id and a secret")
            if s.system_id in seen:
                raise ConfigError(f"system_id trùng: {s.system_id}",
                                  f"duplicate system_id: {s.system_id}")
            seen.add(s.system_id)
            if secrets.compare_digest(s.secret, self.admin_token):
                raise ConfigError("admin_token không được trùng secret của hệ thống",
                                  "admin_token must differ from every system secret")

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> AxisConfig:
        return from_mapping(json.loads(text))


def normalise_path(path: str) -> str:
    path = "/" + path.strip().strip("/") if path and path.strip("/ ") else ""
    return path


def _agency(data: dict[str, Any], where: str) -> AgencyConfig:
    if not isinstance(data, dict) or not data.get("code") or not data.get("name"):
        raise ConfigError(f"{where}: cơ quan cần 'code' và 'name'",
                          f"{where}: an agency needs 'code' and 'name'")
    known = {"code", "name", "pcode", "mail", "mobile", "fax", "old_code"}
    return AgencyConfig(**{k: (None if v is None else str(v)) for k, v in data.items()
                           if k in known})


def from_mapping(data: dict[str, Any]) -> AxisConfig:
    systems = []
    for i, s in enumerate(data.get("systems", data.get("system", [])) or []):
        if not isinstance(s, dict) or not s.get("system_id"):
            raise ConfigError(f"system[{i}]: thiếu system_id", f"system[{i}]: no system_id")
        agencies = [_agency(a, f"system[{i}].agency") for a in
                    s.get("agencies", s.get("agency", [])) or []]
        systems.append(SystemConfig(
            system_id=str(s["system_id"]), secret=str(s.get("secret") or
                                                      secrets.token_urlsafe(24)),
            name=str(s.get("name", "")), agencies=agencies,
            client_cert_sha256=(s.get("client_cert_sha256") or None)))
    agencies = [_agency(a, "agency") for a in data.get("agencies", data.get("agency", [])) or []]
    tls = None
    if data.get("tls"):
        t = data["tls"]
        if not t.get("certfile") or not t.get("keyfile"):
            raise ConfigError("[tls] cần certfile và keyfile", "[tls] needs certfile and keyfile")
        tls = TlsConfig(str(t["certfile"]), str(t["keyfile"]), t.get("client_ca"),
                        bool(t.get("require_client_cert", False)))
    simple = {k: data[k] for k in ("base_path", "admin_path", "admin_token", "strict", "relay",
                                   "relay_organ_id", "dedup_window", "max_skew", "max_package",
                                   "log_body_limit") if k in data and data[k] is not None}
    return AxisConfig(systems=systems, agencies=agencies, tls=tls, **simple)


def load_config(path: str | Path) -> AxisConfig:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"không đọc được tệp cấu hình {p}: {exc.strerror}",
                          f"cannot read config file {p}: {exc.strerror}") from exc
    try:
        data = json.loads(text) if p.suffix == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"tệp cấu hình {p} sai cú pháp: {exc}",
                          f"config file {p} is malformed: {exc}") from exc
    return from_mapping(data)


def demo_config(**overrides: Any) -> AxisConfig:
    """VPCP, UBND tỉnh Lào Cai and a Sở under it; the provincial system serves both codes."""
    systems = [
        SystemConfig("vxp.g22", secrets.token_urlsafe(24), "Văn phòng Chính phủ", [
            AgencyConfig("000.00.00.G22", "Văn phòng Chính phủ", mail="vpcp@chinhphu.vn")]),
        SystemConfig("vxp.h38", secrets.token_urlsafe(24), "QLVB tỉnh Lào Cai", [
            AgencyConfig("000.00.00.H38", "Ủy ban nhân dân tỉnh Lào Cai",
                         mail="ubnd@laocai.gov.vn"),
            AgencyConfig("000.00.12.H38", "Sở Thông tin và Truyền thông tỉnh Lào Cai",
                         pcode="000.00.00.H38", mail="stttt@laocai.gov.vn")]),
    ]
    return AxisConfig(systems=systems, **overrides)


def seed(tx: Tx, config: AxisConfig, now: float) -> None:
    """Put the configured systems and agencies into the store (idempotent)."""
    for s in config.systems:
        tx.upsert_system(s.system_id, s.secret, s.name, s.client_cert_sha256)
    for a, owner in [(a, s.system_id) for s in config.systems for a in s.agencies] + [
            (a, None) for a in config.agencies]:
        tx.upsert_agency(a.code, a.name, now=now, pcode=a.pcode, mail=a.mail, mobile=a.mobile,
                         fax=a.fax, system_id=owner, old_code=a.old_code)
