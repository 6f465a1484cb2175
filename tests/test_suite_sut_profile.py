"""SUT profiles (TOML): the shipped reference profile, the `--sut` shorthands, and errors that
name the file, the line and the key; and how claimed capabilities and the regulatory profile set
scenarios aside as "not applicable"."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.datafiles import DataFileError
from conformance.suite.plugin import applicability
from conformance.suite.sut_profile import (
    CAPABILITIES,
    DEFAULT_SUT,
    load_sut_profile,
    resolve_sut,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sut.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_reference_profile() -> None:
    sut = load_sut_profile(DEFAULT_SUT)
    assert sut.driver == "builtin" and sut.variant == "compliant"
    assert sut.first_agency == "000.00.00.H38"
    assert sut.regulatory_profile == "nd30"
    assert all(p.is_file() for p in (*sut.trust_anchors, *sut.crls))
    assert sut.capabilities <= set(CAPABILITIES)
    # the reference claims every capability: it is the example a vendor compares with
    assert sut.capabilities == set(CAPABILITIES)


def test_sut_shorthands() -> None:
    assert resolve_sut(None).driver_label == "builtin"
    variant = resolve_sut("builtin:never_send_03")
    assert variant.driver_label == "builtin:never_send_03"
    assert resolve_sut("manual").driver == "manual"
    http = resolve_sut("http://127.0.0.1:8900")
    assert http.driver == "http" and http.http_base_url == "http://127.0.0.1:8900"
    with pytest.raises(DataFileError) as err:
        resolve_sut("builtin:no_such_variant")
    assert "không có biến thể lỗi" in err.value.message("vi")
    with pytest.raises(DataFileError):
        resolve_sut("khong-hieu")


def test_a_vendor_profile(tmp_path: Path) -> None:
    (tmp_path / "root.pem").write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    sut = load_sut_profile(write(tmp_path, """
[sut]
name = "QLVB của nhà cung cấp"
driver = "http"
agencies = ["000.00.00.H41"]
regulatory_profile = "tt01-2019"
capabilities = ["kha_nang_van_ban_khan", "@kha_nang_thu_hoi"]
trust_anchors = ["root.pem"]
action_timeout = 20

[http]
base_url = "http://127.0.0.1:8900"
token = "bi-mat"

[axis]
system_id = "vxp.h41"
secret = "abc"
"""))
    assert sut.driver == "http" and sut.http_token == "bi-mat" and sut.clock == "real"
    assert sut.claims("kha_nang_thu_hoi") and not sut.claims("kha_nang_so_hoa")
    assert sut.trust_anchors == (tmp_path / "root.pem",)
    assert sut.action_timeout == 20.0


@pytest.mark.parametrize(("text", "line", "key"), [
    ('[sut]\nname = "X"\ndriver = "ftp"\nagencies = ["000.00.00.H41"]\n', 3, "sut.driver"),
    ('[sut]\nname = "X"\ndriver = "builtin"\nagencies = ["000.00.00.Z"]\n', 4, "sut.agencies"),
    ('[sut]\nname = "X"\ndriver = "builtin"\nagencies = ["000.00.00.H41"]\n'
     'capabilities = ["kha_nang_bay"]\n', 5, "sut.capabilities"),
    ('[sut]\nname = "X"\ndriver = "builtin"\nagencies = ["000.00.00.H41"]\nmau = 1\n', 5,
     "sut.mau"),
    ('[sut]\nname = "X"\ndriver = "http"\nagencies = ["000.00.00.H41"]\n', None, "http"),
    ('[sut]\nname = "X"\ndriver = "builtin"\nagencies = ["000.00.00.H41"]\n'
     'trust_anchors = ["khong-co.pem"]\n', 5, "sut.trust_anchors"),
])
def test_errors_name_line_and_key(tmp_path: Path, text: str, line: int | None,
                                  key: str) -> None:
    with pytest.raises(DataFileError) as err:
        load_sut_profile(write(tmp_path, text))
    assert err.value.key == key
    if line is not None:
        assert err.value.line == line
    assert str(tmp_path / "sut.toml") in err.value.message("vi")


def test_syntax_error_has_a_line(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as err:
        load_sut_profile(write(tmp_path, '[sut]\nname = "X\n'))
    assert err.value.line == 2


class _Run:
    def __init__(self, sut: str, profile: str | None = None) -> None:
        from conformance.profiles import load_profile

        self.sut = resolve_sut(sut).with_profile(profile)
        self.profile = load_profile(self.sut.regulatory_profile)


def test_capabilities_and_profiles_set_scenarios_aside(tmp_path) -> None:
    product = write(tmp_path, '[sut]\nname = "Sản phẩm"\ndriver = "builtin"\n'
                    'agencies = ["000.00.00.H38"]\ncapabilities = ["kha_nang_so_hoa"]\n')
    run = _Run(str(product))
    assert applicability(run, ["sut_gui", "QD28-10.2a"]) is None
    reason = applicability(run, ["sut_gui", "kha_nang_thong_ke"])
    assert reason.kind == "capability" and reason.tag == "kha_nang_thong_ke"
    assert "không khai báo khả năng" in reason.message.vi
    reason = applicability(run, ["sut_gui", "ho_so_tt01-2019", "LC2019-6.1b"])
    assert reason.kind == "profile" and "tt01-2019" in reason.message.vi
    assert applicability(_Run("builtin", "tt01-2019"), ["ho_so_tt01-2019"]) is None
    assert applicability(run, ["ho_so_nd30"]) is None
