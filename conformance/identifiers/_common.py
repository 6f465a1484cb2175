"""Small helpers shared by the identifier validators: input coercion, display, folding."""

from __future__ import annotations

import unicodedata
from typing import Any

FOUND_LIMIT = 80
"""Longest `found` value put in a finding; longer input is cut with an ellipsis."""

Problem = tuple[str, str]
"""One reason a value breaks a rule: (Vietnamese, English)."""


def as_text(value: Any) -> str | None:
    """The value as a string for checking; None when there is nothing to check.

    Validators take `str`, but are called on whatever a parser produced: bytes are decoded as
    UTF-8 (undecodable bytes become U+FFFD), other objects use `str()`.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    try:
        return str(value)
    except Exception:  # a hostile __str__ must not make a validator raise
        return None


def shorten(text: str | None, limit: int = FOUND_LIMIT) -> str | None:
    """The text cut to `limit` characters (with '…') for display in a finding."""
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def is_ascii_digits(text: str) -> bool:
    """True for a non-empty run of 0-9 only (str.isdigit also accepts other scripts' digits)."""
    return bool(text) and all("0" <= c <= "9" for c in text)


def has_space(text: str) -> bool:
    return any(c.isspace() for c in text)


def describe_char(ch: str) -> str:
    """A character with its code point and Unicode name, e.g. "' ' (U+0020 SPACE)"."""
    name = unicodedata.name(ch, "")
    shown = ch if ch.isprintable() and not ch.isspace() else ""
    label = f"'{shown}' " if shown else ""
    return f"{label}(U+{ord(ch):04X}{' ' + name if name else ''})"


def fold(text: str) -> str:
    """A key for comparing names without case and diacritics: NFC, đ → d, marks removed,
    case-folded, runs of white space collapsed."""
    nfc = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", nfc) if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def join_problems(problems: list[Problem]) -> Problem:
    """Several reasons as one message pair."""
    return "; ".join(p[0] for p in problems), "; ".join(p[1] for p in problems)
