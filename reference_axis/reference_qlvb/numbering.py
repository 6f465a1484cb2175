"""Số và ký hiệu of outgoing documents (NĐ 30/2020 Điều 15, Phụ lục I mục II.3, Phụ lục III).

* administrative document with a type: `05/QĐ-UBND` (type abbreviation + agency);
* công văn (no type abbreviation): `05/UBND-VP` (agency + drafting unit);
* legal document (văn bản quy phạm pháp luật): `05/2026/QĐ-UBND`, a series per type;
* copy (bản sao y, sao lục, trích sao): `05/SY-UBND`, one series for all copy forms.

Numbers run from 01 on 1 January; numbers below 10 have a leading zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from conformance.identifiers.notation import abbreviations
from reference_axis.reference_qlvb.config import AgencyProfile
from reference_axis.reference_qlvb.errors import AgentError

COPY_FORMS = {"SAO Y": "SY", "SAO LỤC": "SL", "TRÍCH SAO": "TrS"}


@dataclass(frozen=True)
class Series:
    key: str  # the register's series: "type:QĐ", "type:CV", "admin", "legal:QĐ", "copy"
    kind: str  # "cong_van" | "administrative" | "legal" | "copy"
    type_name: str
    abbr: str  # "" for a công văn


def classify(type_name: str, *, legal: bool = False, copy_form: str | None = None,
             numbering: str = "per_type") -> Series:
    """The number series of a document. AgentError for a type the abbreviation table lacks."""
    table = abbreviations()
    if copy_form:
        abbr = COPY_FORMS.get(copy_form.upper())
        if abbr is None:
            raise AgentError("bad_request", f"Hình thức sao không hợp lệ: {copy_form!r} "
                             f"(SAO Y, SAO LỤC, TRÍCH SAO)",
                             f"Unknown copy form {copy_form!r} (SAO Y, SAO LỤC, TRÍCH SAO)")
        return Series("copy", "copy", type_name, abbr)
    entry = table.by_name(type_name)
    if entry is None or entry.copy:
        raise AgentError("bad_request", f"Loại văn bản không có trong bảng viết tắt: {type_name!r}",
                         f"Document type not in the abbreviation table: {type_name!r}")
    if legal:
        if "legal" not in entry.scopes or not entry.abbr:
            raise AgentError("bad_request",
                             f"'{type_name}' không phải loại văn bản quy phạm pháp luật",
                             f"'{type_name}' is not a legal document type")
        return Series(f"legal:{entry.abbr}", "legal", entry.name.vi, entry.abbr)
    if "administrative" not in entry.scopes:
        raise AgentError("bad_request", f"'{type_name}' là văn bản quy phạm pháp luật: cần legal",
                         f"'{type_name}' is a legal document type: set legal")
    kind = "administrative" if entry.abbr else "cong_van"
    key = "admin" if numbering == "shared" else f"type:{entry.abbr or 'CV'}"
    return Series(key, kind, entry.name.vi, entry.abbr)


def number_text(number: int) -> str:
    """01, 02, … 09, 10, 11 …"""
    return f"{number:02d}"


def notation(series: Series, agency: AgencyProfile, year: int) -> str:
    """The ký hiệu (what follows `số/`)."""
    if series.kind == "cong_van":
        return f"{agency.short}-{agency.drafting_unit}"
    if series.kind == "legal":
        return f"{year}/{series.abbr}-{agency.short}"
    return f"{series.abbr}-{agency.short}"
