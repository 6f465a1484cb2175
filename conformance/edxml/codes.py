"""Code lists of edXML packages and the attachment-format lists, read from data files
(conformance/data/edxml/codelists.toml, attachment_types.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from conformance.datafiles import DataFileError, read_toml
from conformance.findings import Text
from conformance.resources import data_path

CODELISTS_FILE = data_path("edxml", "codelists.toml")
ATTACHMENT_TYPES_FILE = data_path("edxml", "attachment_types.toml")


@dataclass(frozen=True)
class Code:
    code: str
    name: Text
    requires: tuple[str, ...] = ()
    reason: str | None = None  # status codes: "required" | "expected"
    sender: str | None = None  # status codes: "receiver" | "sender"


@dataclass(frozen=True)
class CodeList:
    key: str
    element: str
    title: Text
    values: dict[str, Code]
    doubtful: dict[str, Code]

    def name(self, code: str, lang: str = "vi") -> str | None:
        entry = self.values.get(code) or self.doubtful.get(code)
        return entry.name.get(lang) if entry else None

    def describe(self, lang: str = "vi") -> str:
        """`0 (Thường), 1 (Khẩn), …` for a finding's `expected`."""
        return ", ".join(f"{c.code} ({c.name.get(lang)})" for c in self.values.values())


def _codes(path: str, key: str, raw: object) -> dict[str, Code]:
    if raw is None:
        return {}
    if not isinstance(raw, list):
        raise DataFileError(path, f"[{key}] phải là danh sách", f"[{key}] must be a list", key=key)
    out: dict[str, Code] = {}
    for item in raw:
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) for k in ("code", "name_vi", "name_en")
        ):
            raise DataFileError(path, f"mục không hợp lệ trong [{key}]: {item!r}",
                                f"invalid entry in [{key}]: {item!r}", key=key)
        out[item["code"]] = Code(
            code=item["code"],
            name=Text(item["name_vi"], item["name_en"]),
            requires=tuple(item.get("requires", ())),
            reason=item.get("reason"),
            sender=item.get("sender"),
        )
    return out


@cache
def code_lists() -> dict[str, CodeList]:
    data, _ = read_toml(CODELISTS_FILE)
    lists: dict[str, CodeList] = {}
    for key, table in data.items():
        lists[key] = CodeList(
            key=key,
            element=table["element"],
            title=Text(table["title_vi"], table["title_en"]),
            values=_codes(str(CODELISTS_FILE), f"{key}.values", table.get("values")),
            doubtful=_codes(str(CODELISTS_FILE), f"{key}.doubtful", table.get("doubtful")),
        )
    return lists


def priority() -> CodeList:
    return code_lists()["priority"]


def business_doc_type() -> CodeList:
    return code_lists()["business_doc_type"]


def receiver_type() -> CodeList:
    return code_lists()["receiver_type"]


def steering_type() -> CodeList:
    return code_lists()["steering_type"]


def status_code() -> CodeList:
    return code_lists()["status_code"]


@dataclass(frozen=True)
class AttachmentTypes:
    editable: frozenset[str]
    scanned: frozenset[str]
    general: frozenset[str]
    any_type: frozenset[str]
    zip_wrapper: frozenset[str]
    by_extension: dict[str, frozenset[str]]


@cache
def attachment_types() -> AttachmentTypes:
    data, _ = read_toml(ATTACHMENT_TYPES_FILE)
    ct = data["content_types"]
    return AttachmentTypes(
        editable=frozenset(data["editable"]["extensions"]),
        scanned=frozenset(data["scanned"]["extensions"]),
        general=frozenset(data["general"]["extensions"]),
        any_type=frozenset(ct["any"]),
        zip_wrapper=frozenset(ct["zip_wrapper"]),
        by_extension={k: frozenset(v) for k, v in ct["by_extension"].items()},
    )
