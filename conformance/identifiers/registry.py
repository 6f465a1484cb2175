"""The bundled registry of level-1 agency codes (conformance/data/agencies.toml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from conformance.datafiles import DataFileError, locate, read_toml
from conformance.findings import Text
from conformance.resources import data_path

REGISTRY_PATH = data_path("agencies.toml")

_CODE = re.compile(r"[A-Z][0-9]{2}")
_ENTRY_KEYS = {"code", "name_vi", "name_en", "inferred", "closed", "note"}


@dataclass(frozen=True)
class RegistryEntry:
    """One level-1 code and the body it names."""

    code: str
    name: Text
    inferred: bool = False  # predicted, not seen in a public source
    closed: bool = False  # withdrawn (e.g. by QĐ 09/2025/QĐ-TTg)
    note: str | None = None


@dataclass(frozen=True)
class Registry:
    title: Text
    as_of: str | None
    entries: dict[str, RegistryEntry]
    path: str

    def get(self, code: str) -> RegistryEntry | None:
        return self.entries.get(code)


def _entry(path: Path, text: str, index: int, raw: Any) -> RegistryEntry:
    def err(key: str, vi: str, en: str) -> DataFileError:
        line = locate(text, "agency", key, index) or locate(text, "agency", None, index)
        return DataFileError(path, vi, en, line=line, key=f"agency[{index}].{key}")

    if not isinstance(raw, dict):
        raise err("code", "mục [[agency]] không hợp lệ", "invalid [[agency]] entry")
    for key in raw:
        if key not in _ENTRY_KEYS:
            raise err(key, f"khóa không hợp lệ '{key}'", f"unknown key '{key}'")
    code = raw.get("code")
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise err("code", "mã cấp 1 phải gồm 1 chữ in hoa và 2 chữ số",
                  "a level-1 code is one capital letter and two digits")
    for key in ("name_vi", "name_en"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise err(key, f"thiếu '{key}'", f"'{key}' missing")
    for key in ("inferred", "closed"):
        if not isinstance(raw.get(key, False), bool):
            raise err(key, f"'{key}' phải là true hoặc false", f"'{key}' must be true or false")
    return RegistryEntry(
        code=code,
        name=Text(raw["name_vi"], raw["name_en"]),
        inferred=raw.get("inferred", False),
        closed=raw.get("closed", False),
        note=raw.get("note"),
    )


def load_registry(path: Path | str = REGISTRY_PATH) -> Registry:
    """Read and validate a registry file; DataFileError names the file, line and key."""
    p = Path(path)
    data, text = read_toml(p)
    meta = data.get("registry")
    if not isinstance(meta, dict) or not meta.get("title_vi") or not meta.get("title_en"):
        raise DataFileError(p, "thiếu bảng [registry] (title_vi, title_en)",
                            "missing [registry] table (title_vi, title_en)")
    entries: dict[str, RegistryEntry] = {}
    for index, raw in enumerate(data.get("agency", [])):
        entry = _entry(p, text, index, raw)
        if entry.code in entries:
            raise DataFileError(p, f"mã {entry.code} bị trùng", f"duplicate code {entry.code}",
                                line=locate(text, "agency", "code", index))
        entries[entry.code] = entry
    return Registry(
        title=Text(str(meta["title_vi"]), str(meta["title_en"])),
        as_of=str(meta["as_of"]) if "as_of" in meta else None,
        entries=entries,
        path=p.name,
    )


@cache
def registry() -> Registry:
    """The shipped registry, loaded once."""
    return load_registry()


def level1_entry(code: str) -> RegistryEntry | None:
    """The registry entry of a level-1 code such as "G22", or None when it is not listed."""
    if not isinstance(code, str):
        return None
    return registry().get(code)
