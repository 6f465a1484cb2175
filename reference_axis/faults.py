"""Faults the harness arms through the admin API, each for the next N matching calls.

| kind          | effect                                                                        |
|---------------|-------------------------------------------------------------------------------|
| delay         | wait `seconds` (≤ 600) before handling the call                               |
| drop          | close the connection without a reply; `stage` "after" (default: the call is   |
|               | handled, only the reply is lost — the SDK then re-sends) or "before"          |
| http500       | HTTP 500; `body` "json" (a FAIL reply, default) or "empty"                    |
| error_page    | a non-JSON HTML page with HTTP `http_status` (default 200)                    |
| fail          | a FAIL reply with `error_code` (default "50") and `error_desc`                |
| duplicate     | sendEdoc: every recipient gets the package twice (two docIds)                 |
| corrupt       | getEdoc/downloadEdoc: the package with bytes flipped in its middle            |
| truncate      | getEdoc/downloadEdoc: the first half of the package only                      |
"""

from __future__ import annotations

from typing import Any

from reference_axis.store import Fault, System

KINDS = ("delay", "drop", "http500", "error_page", "fail", "duplicate", "corrupt", "truncate")
ONLY_FOR: dict[str, frozenset[str]] = {
    "duplicate": frozenset({"sendEdoc"}),
    "corrupt": frozenset({"getEdoc", "downloadEdoc"}),
    "truncate": frozenset({"getEdoc", "downloadEdoc"}),
}
MAX_DELAY = 600.0
MAX_COUNT = 10_000


class FaultSpecError(ValueError):
    pass


def validate(kind: str, call: str, count: int, params: dict[str, Any]) -> dict[str, Any]:
    """Checked, normalised parameters of a fault; FaultSpecError on nonsense."""
    from reference_axis.protocol import CALLS

    if kind not in KINDS:
        raise FaultSpecError(f"unknown fault kind {kind!r} (one of {', '.join(KINDS)})")
    if call != "*" and call not in CALLS:
        raise FaultSpecError(f"unknown call {call!r}")
    if kind in ONLY_FOR and call != "*" and call not in ONLY_FOR[kind]:
        raise FaultSpecError(f"{kind} applies to {', '.join(sorted(ONLY_FOR[kind]))} only")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise FaultSpecError(f"count must be an integer from 1 to {MAX_COUNT}")
    out: dict[str, Any] = {}
    if kind == "delay":
        seconds = params.get("seconds", 1.0)
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not (
                0 <= seconds <= MAX_DELAY):
            raise FaultSpecError(f"seconds must be a number from 0 to {MAX_DELAY:g}")
        out["seconds"] = float(seconds)
    elif kind == "drop":
        stage = params.get("stage", "after")
        if stage not in ("before", "after"):
            raise FaultSpecError("stage must be 'before' or 'after'")
        out["stage"] = stage
    elif kind == "http500":
        body = params.get("body", "json")
        if body not in ("json", "empty"):
            raise FaultSpecError("body must be 'json' or 'empty'")
        out["body"] = body
    elif kind == "error_page":
        status = params.get("http_status", 200)
        if isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 599:
            raise FaultSpecError("http_status must be an integer from 200 to 599")
        out["http_status"] = status
    elif kind == "fail":
        code = params.get("error_code", "50")
        if not isinstance(code, str) or not code or code == "0" or len(code) > 32:
            raise FaultSpecError("error_code must be a non-zero code of 1 to 32 characters")
        out["error_code"] = code
        desc = params.get("error_desc")
        if desc is not None and not isinstance(desc, str):
            raise FaultSpecError("error_desc must be a string")
        out["error_desc"] = desc[:500] if desc else None
    return out


def matches(fault: Fault, call: str, system: System | None) -> bool:
    if fault.remaining <= 0:
        return False
    if fault.call != "*" and fault.call != call:
        return False
    if fault.kind in ONLY_FOR and call not in ONLY_FOR[fault.kind]:
        return False
    if fault.agency:
        if system is None:
            return False
        return fault.agency == system.system_id or fault.agency in system.agencies
    return True


def damage(package: bytes, kind: str) -> bytes:
    if kind == "truncate":
        return package[: len(package) // 2]
    if kind == "corrupt" and package:
        mid = len(package) // 2
        span = min(16, len(package) - mid)
        return package[:mid] + bytes(b ^ 0x5A for b in package[mid:mid + span]) + \
            package[mid + span:]
    return package


ERROR_PAGE = (b"<!DOCTYPE html><html><head><title>503 Service Temporarily Unavailable</title>"
              b"</head><body><h1>H\xe1\xbb\x87 th\xe1\xbb\x91ng \xc4\x91ang b\xe1\xba\xa3o tr\xc3"
              b"\xac / Under maintenance</h1></body></html>")
