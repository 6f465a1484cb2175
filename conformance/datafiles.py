"""Loading the product's TOML data files with errors that name the file, line and key.

tomllib reports syntax errors with a line number but not schema errors (a wrong type, an
unknown key), so `locate` finds the line of a key by scanning the text: data files are small
and hand-written, and a user fixing one needs the line, not a traceback.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")


class DataFileError(Exception):
    """A data file (rule catalog, profile, registry, calendar override) cannot be used."""

    def __init__(
        self,
        path: Path | str,
        vi: str,
        en: str,
        *,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        self.path = str(path)
        self.vi = vi
        self.en = en
        self.line = line
        self.key = key
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        if self.key:
            where += f" [{self.key}]" if lang == "en" else f" [khóa {self.key}]"
        return f"{where}: {self.en if lang == 'en' else self.vi}"


def read_toml(path: Path | str) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; return its data and text (for locating keys in later errors)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(p, "không tìm thấy tệp", "file not found") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(
            p,
            f"tệp không phải UTF-8 (byte {exc.start})",
            f"file is not UTF-8 (byte {exc.start})",
        ) from None
    except OSError as exc:
        raise DataFileError(p, f"không đọc được tệp: {exc}", f"cannot read file: {exc}") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise DataFileError(
            p,
            f"lỗi cú pháp TOML: {exc}",
            f"TOML syntax error: {exc}",
            line=int(m.group(1)) if m else None,
        ) from None


def locate(text: str, table: str, key: str | None = None, index: int | None = None) -> int | None:
    """1-based line of `key` inside `[table]` (or the index-th `[[table]]`), or of the table
    header itself when key is None. None when it cannot be found (e.g. inline tables)."""
    seen = -1
    inside = table == ""
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(raw)
        if header:
            name = header.group(2).strip()
            if name == table:
                if header.group(1) == "[[":
                    seen += 1
                    inside = index is None or seen == index
                else:
                    inside = True
                if inside and key is None:
                    return number
            else:
                inside = False
            continue
        if inside and key is not None:
            m = _KEY.match(raw)
            if m and m.group(1).strip("\"'") == key:
                return number
    return None
