"""Text in the legacy TCVN3 (ABC) encoding, as it looks once read as Windows-1252 — what an old
product sends (faulty variant `legacy_encoded_text`, rule DN35-9.1b)."""

from __future__ import annotations

import unicodedata
from functools import cache

from conformance.datafiles import read_toml
from conformance.resources import data_path


@cache
def _table() -> dict[str, str]:
    data, _ = read_toml(data_path("legacy_encodings.toml"))
    out: dict[str, str] = {}
    for hex_byte, char in data["tcvn3"]["bytes"].items():
        try:
            out[char] = bytes([int(hex_byte, 16)]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return out


def tcvn3_mojibake(text: str) -> str:
    """Each letter TCVN3 has a byte for, replaced by that byte read as Windows-1252."""
    table = _table()
    nfc = unicodedata.normalize("NFC", text)
    return "".join(table.get(ch, ch) for ch in nfc)
