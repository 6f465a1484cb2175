"""The SUT profile: which system the suite tests and how to reach it (DESIGN.md §3).

A SUT profile is TOML:

    [sut]
    name = "QLVB của nhà cung cấp X"            # shown in the reports
    version = "4.2"                            # optional
    driver = "http"                            # builtin | builtin:<variant> | http | manual
    agencies = ["000.00.00.H38"]               # the agency codes the product serves (first =
                                               # "Cơ quan kiểm thử" of the features)
    roles = ["gửi", "nhận"]                    # optional: the roles it can play
    regulatory_profile = "nd30"                # an ID (nd30, tt01-2019) or a .toml path
    capabilities = ["kha_nang_van_ban_khan"]   # the @kha_nang_* tags of features/STEPS.md
    trust_anchors = ["fixtures:pki/root.pem"]  # PEM files; "fixtures:" = the bundled fixtures
    crls = ["fixtures:pki/issuing-ca.crl.pem"] # optional CRLs (PEM or DER) for offline checks
    action_timeout = 60                        # seconds to wait for the product's traffic
    clock = "real"                             # "pki" (the test PKI's morning, 2026-03-02) or
                                               # "real"; default: pki for builtin, real otherwise

    [http]                                     # driver = "http"
    base_url = "http://127.0.0.1:8900"
    token = "…"                                # optional bearer token of the driver API

    [axis]                                     # only with an external axis (--axis URL)
    system_id = "vxp.h38"                      # the product's credentials on that axis (the
    secret = "…"                               # builtin driver uses them)
    admin_token = "…"                          # the axis' admin API token (the harness's)
    harness_system_id = "harness.qlvb"         # the harness's own account there, with the
    harness_secret = "…"                       # counterpart agencies A/B/C
    counterparts = ["000.00.00.H41", "000.00.00.G22", "000.00.00.H29"]

Relative paths are read from the profile's folder. `--sut builtin:<variant>` is a shorthand for
the shipped reference profile (`conformance/data/sut/reference.toml`) with a faulty variant of
the reference QLVB. Errors name the file, the line and the key (`conformance.datafiles`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from conformance.datafiles import DataFileError, locate, read_toml
from conformance.resources import bundled_dir, data_path

SUT_DIR = data_path("sut")
DEFAULT_SUT = SUT_DIR / "reference.toml"
DRIVERS = ("builtin", "http", "manual")
ROLES = ("gửi", "nhận")

#: The capability tags of features/STEPS.md, with what each claims (Vietnamese, English).
CAPABILITIES: dict[str, tuple[str, str]] = {
    "kha_nang_van_ban_khan": ("phát hành văn bản khẩn, thượng khẩn, hỏa tốc",
                              "issues urgent documents"),
    "kha_nang_so_hoa": ("phát hành văn bản số hóa từ bản giấy và số hóa văn bản giấy đến",
                        "issues documents digitised from paper and digitises incoming paper"),
    "kha_nang_ban_sao": ("phát hành bản sao điện tử", "issues electronic copies"),
    "kha_nang_thu_hoi": ("thu hồi văn bản đã gửi", "revokes documents it has sent"),
    "kha_nang_cap_nhat": ("cập nhật văn bản đã gửi và xử lý cập nhật đến",
                          "updates sent documents and handles incoming updates"),
    "kha_nang_thay_the": ("thay thế văn bản đã gửi và xử lý thay thế đến",
                          "replaces sent documents and handles incoming replacements"),
    "kha_nang_tls_client": ("kết nối trục qua TLS và kiểm tra chứng thư của trục",
                            "connects to the axis over TLS and verifies its certificate"),
    "kha_nang_dat_dong_ho": ("cho phép bộ kiểm thử đặt đồng hồ của hệ thống",
                             "lets the harness set its clock"),
    "kha_nang_thong_ke": ("cung cấp số liệu thống kê qua API điều khiển",
                          "exposes its statistics through the driver"),
}

_SUT_KEYS = {"name", "version", "description", "driver", "agencies", "roles",
             "regulatory_profile", "capabilities", "trust_anchors", "crls", "action_timeout",
             "clock"}
_HTTP_KEYS = {"base_url", "token", "timeout"}
_AXIS_KEYS = {"system_id", "secret", "admin_token", "harness_system_id", "harness_secret",
              "counterparts"}


@dataclass(frozen=True)
class SutProfile:
    name: str
    driver: str  # builtin | http | manual
    agencies: tuple[str, ...]
    regulatory_profile: str = "nd30"
    capabilities: frozenset[str] = frozenset()
    variant: str = "compliant"  # builtin only
    roles: tuple[str, ...] = ROLES
    trust_anchors: tuple[Path, ...] = ()
    crls: tuple[Path, ...] = ()
    action_timeout: float = 60.0
    clock: str = "real"  # "pki" | "real"
    version: str | None = None
    description: str | None = None
    http_base_url: str | None = None
    http_token: str | None = None
    http_timeout: float = 120.0
    axis_system_id: str | None = None
    axis_secret: str | None = None
    axis_admin_token: str | None = None
    harness_system_id: str | None = None
    harness_secret: str | None = None
    counterparts: tuple[str, ...] = ()
    path: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def driver_label(self) -> str:
        """`builtin:<variant>` for a faulty builtin, the driver name otherwise."""
        if self.driver == "builtin" and self.variant not in ("", "compliant"):
            return f"builtin:{self.variant}"
        return self.driver

    @property
    def first_agency(self) -> str:
        return self.agencies[0]

    def claims(self, capability: str) -> bool:
        return capability.lstrip("@") in self.capabilities

    def with_profile(self, regulatory_profile: str | None) -> SutProfile:
        return self if not regulatory_profile else replace(
            self, regulatory_profile=regulatory_profile)


# --- loading ----------------------------------------------------------------------------------

def _resolve(value: str, base: Path) -> Path:
    if value.startswith("fixtures:"):
        return bundled_dir("fixtures") / value.removeprefix("fixtures:")
    p = Path(value).expanduser()
    return p if p.is_absolute() else base / p


def load_sut_profile(path: str | Path) -> SutProfile:
    """Read and check a SUT profile file; DataFileError names the line and the key."""
    p = Path(path)
    data, text = read_toml(p)

    def err(table: str, key: str | None, vi: str, en: str) -> DataFileError:
        line = locate(text, table, key) if key else None
        return DataFileError(p, vi, en, line=line or locate(text, table),
                             key=f"{table}.{key}" if key else table)

    for table in data:
        if table not in ("sut", "http", "axis"):
            raise DataFileError(p, f"bảng không hợp lệ [{table}] (có: [sut], [http], [axis])",
                                f"unknown table [{table}] (known: [sut], [http], [axis])",
                                line=locate(text, table), key=table)
    sut = data.get("sut")
    if not isinstance(sut, dict):
        raise DataFileError(p, "thiếu bảng [sut]", "missing [sut] table", key="sut")
    for table, allowed in (("sut", _SUT_KEYS), ("http", _HTTP_KEYS), ("axis", _AXIS_KEYS)):
        for key in data.get(table, {}):
            if key not in allowed:
                raise err(table, key, f"khóa không hợp lệ '{key}'", f"unknown key '{key}'")

    def text_value(table: str, key: str, *, required: bool = False) -> str | None:
        value = data.get(table, {}).get(key)
        if value is None:
            if required:
                raise err(table, None, f"thiếu khóa bắt buộc '{key}'",
                          f"missing required key '{key}'")
            return None
        if not isinstance(value, str) or not value.strip():
            raise err(table, key, f"'{key}' phải là chuỗi không rỗng",
                      f"'{key}' must be a non-empty string")
        return value.strip()

    def list_value(table: str, key: str) -> tuple[str, ...]:
        value = data.get(table, {}).get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                   for v in value):
            raise err(table, key, f"'{key}' phải là danh sách chuỗi",
                      f"'{key}' must be a list of strings")
        return tuple(v.strip() for v in value)

    name = text_value("sut", "name", required=True) or ""
    driver_text = text_value("sut", "driver", required=True) or ""
    driver, _, variant = driver_text.partition(":")
    if driver not in DRIVERS or (variant and driver != "builtin"):
        raise err("sut", "driver", f"driver không hợp lệ '{driver_text}' (builtin, "
                  "builtin:<biến thể>, http, manual)",
                  f"invalid driver '{driver_text}' (builtin, builtin:<variant>, http, manual)")
    if variant:
        check_variant(variant, lambda vi, en: err("sut", "driver", vi, en))
    agencies = list_value("sut", "agencies")
    if not agencies:
        raise err("sut", "agencies" if "agencies" in sut else None,
                  "cần ít nhất một mã định danh cơ quan ('agencies')",
                  "at least one agency code is required ('agencies')")
    from conformance.identifiers.agency_code import parse_agency_code

    bad = [a for a in agencies if parse_agency_code(a) is None]
    if bad:
        raise err("sut", "agencies", f"mã định danh không hợp lệ: {', '.join(bad)}",
                  f"invalid agency codes: {', '.join(bad)}")
    roles = list_value("sut", "roles") or ROLES
    if unknown := [r for r in roles if r not in ROLES]:
        raise err("sut", "roles", f"vai trò không hợp lệ: {', '.join(unknown)} (gửi, nhận)",
                  f"unknown roles: {', '.join(unknown)} (gửi, nhận)")
    caps = tuple(c.lstrip("@") for c in list_value("sut", "capabilities"))
    if unknown := [c for c in caps if c not in CAPABILITIES]:
        raise err("sut", "capabilities", f"khả năng không có trong danh mục: "
                  f"{', '.join(unknown)} (có: {', '.join(CAPABILITIES)})",
                  f"unknown capabilities: {', '.join(unknown)} (known: "
                  f"{', '.join(CAPABILITIES)})")
    regulatory = text_value("sut", "regulatory_profile") or "nd30"
    if regulatory.endswith(".toml"):
        regulatory = str(_resolve(regulatory, p.parent))
    anchors = tuple(_resolve(a, p.parent) for a in list_value("sut", "trust_anchors"))
    crls = tuple(_resolve(a, p.parent) for a in list_value("sut", "crls"))
    for key, files in (("trust_anchors", anchors), ("crls", crls)):
        if missing := [str(f) for f in files if not f.is_file()]:
            raise err("sut", key, f"không tìm thấy tệp: {', '.join(missing)}",
                      f"file not found: {', '.join(missing)}")
    timeout = sut.get("action_timeout", 60)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not (
            0 < timeout <= 3600):
        raise err("sut", "action_timeout", "action_timeout phải là số giây từ 1 đến 3600",
                  "action_timeout must be 1..3600 seconds")
    clock = text_value("sut", "clock") or ("pki" if driver == "builtin" else "real")
    if clock not in ("pki", "real"):
        raise err("sut", "clock", "clock phải là 'pki' hoặc 'real'",
                  "clock must be 'pki' or 'real'")
    base_url = text_value("http", "base_url")
    if driver == "http" and not base_url:
        raise err("http", None, "driver http cần [http] base_url",
                  "the http driver needs [http] base_url")
    http_timeout = data.get("http", {}).get("timeout", 120)
    if isinstance(http_timeout, bool) or not isinstance(http_timeout, int | float) or (
            http_timeout <= 0):
        raise err("http", "timeout", "timeout phải là số giây dương",
                  "timeout must be a positive number of seconds")
    counterparts = list_value("axis", "counterparts")
    if counterparts and len(counterparts) != 3:
        raise err("axis", "counterparts", "cần đúng ba mã: Cơ quan A, B, C",
                  "exactly three codes are needed: Cơ quan A, B, C")
    return SutProfile(
        name=name, driver=driver, variant=variant or "compliant", agencies=agencies,
        regulatory_profile=regulatory, capabilities=frozenset(caps), roles=roles,
        trust_anchors=anchors, crls=crls, action_timeout=float(timeout), clock=clock,
        version=text_value("sut", "version"), description=text_value("sut", "description"),
        http_base_url=base_url, http_token=text_value("http", "token"),
        http_timeout=float(http_timeout),
        axis_system_id=text_value("axis", "system_id"), axis_secret=text_value("axis", "secret"),
        axis_admin_token=text_value("axis", "admin_token"),
        harness_system_id=text_value("axis", "harness_system_id"),
        harness_secret=text_value("axis", "harness_secret"),
        counterparts=counterparts, path=str(p))


def check_variant(name: str, error: Any) -> None:
    from reference_axis.reference_qlvb.behaviour import VARIANTS

    if name not in VARIANTS and name != "compliant":
        raise error(f"không có biến thể lỗi '{name}' của QLVB tham chiếu (có: "
                    f"{', '.join(VARIANTS)})",
                    f"no faulty variant '{name}' of the reference QLVB (known: "
                    f"{', '.join(VARIANTS)})")


def resolve_sut(spec: str | None) -> SutProfile:
    """`--sut`: empty / "builtin" → the shipped reference profile; "builtin:<variant>" → the
    same with a faulty variant; "http" / "manual" → the reference profile with that driver
    (http needs a profile file for its URL); anything else → a SUT profile file."""
    text = (spec or "builtin").strip()
    driver, _, variant = text.partition(":")
    if driver == "builtin":
        base = load_sut_profile(DEFAULT_SUT)
        if not variant:
            return base
        check_variant(variant, lambda vi, en: DataFileError("--sut", vi, en))
        return replace(base, variant=variant,
                       name=f"{base.name} — biến thể lỗi {variant}")
    if driver == "manual" and not variant:
        return replace(load_sut_profile(DEFAULT_SUT), driver="manual", clock="real",
                       name="Hệ thống do người vận hành điều khiển (manual)")
    if driver == "http" and variant and variant.startswith("//"):
        return replace(load_sut_profile(DEFAULT_SUT), driver="http", clock="real",
                       http_base_url=f"http:{variant}", name=f"API điều khiển http:{variant}")
    path = Path(text)
    if path.suffix != ".toml" and not path.exists():
        raise DataFileError(text, "không hiểu --sut: cần builtin, builtin:<biến thể>, manual, "
                            "http://… hoặc đường dẫn tệp hồ sơ .toml",
                            "cannot read --sut: expected builtin, builtin:<variant>, manual, "
                            "http://… or a SUT profile .toml path")
    return load_sut_profile(path)
