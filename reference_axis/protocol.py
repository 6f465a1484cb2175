"""The VXP wire protocol as the official Java SDK (SDKVXP-2.0.1) speaks it: pure functions only.

Facts from `shared/domain/vxp-wire.md`: every logical parameter `k` travels as the HTTP header
`XroadVnpt-<k>`; the SDK signs the compact JSON `{"XroadVnpt-<k>":"<v>",…}` (java.util.HashMap
iteration order) with HMAC-SHA256 keyed by the secret's UTF-8 bytes; timestamps are
`ddMMyyyy'T'HHmmss+SSSS` (a literal `+`, then 4-digit milliseconds, no zone); `hash-file` is the
SHA-256 of the file as hex *without zero-padding each byte*; replies are JSON objects with
`status`, `ErrorCode`, `ErrorDesc` (and `DocId` on every sendEdoc reply).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

PREFIX = "XroadVnpt-"
PREFIX_LOWER = PREFIX.lower()
SIGN_HEADER = "sign-header"
SIGN_HEADER_KEY = "sign-header-key"
HASH_HEADER = "hash-header"
VERSION_HEADER = "version"
SDK_VERSION = "3.0.201608"
SDK_USER_AGENT = "JAVASDKAgent/1.0.0 XRoad/VPCP"
# Headers of the protocol itself, never logical parameters.
CONTROL_KEYS = frozenset({SIGN_HEADER, SIGN_HEADER_KEY, HASH_HEADER, VERSION_HEADER})

VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")

SERVICE_TYPE = "eDoc"
MESSAGE_TYPES = ("edoc", "status")
TRANSPORT_STATUSES = ("processing", "done", "fail")

# Call name → HTTP method the SDK uses.
CALLS: dict[str, str] = {
    "sendEdoc": "POST",
    "getReceivedEdocList": "POST",
    "getSentEdocList": "POST",
    "getEdoc": "POST",
    "downloadEdoc": "GET",
    "updateStatus": "POST",
    "countReceiveEdoc": "POST",
    "countReceiveStatus": "POST",
    "getAgenciesList": "POST",
    "getAgenciesListQD20": "POST",
    "getSynchronizeUnit": "POST",
    "registerAgency": "POST",
    "deleteAgency": "POST",
}

# The keys each call needs (besides systemid, timestamp, Content-Type) and the optional ones it
# reads. Any other signed key is a leftover ("sticky") from an earlier call of a reused SDK
# service object: recorded, ignored.
BASE_KEYS = ("systemid", "timestamp", "Content-Type")
CALL_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sendEdoc": (("from", "servicetype", "messagetype", "hash-file"), ("to",)),
    "getReceivedEdocList": (("servicetype", "messagetype"), ("fromDate", "toDate")),
    "getSentEdocList": (("servicetype", "messagetype"), ("docId", "docid")),
    "getEdoc": (("docId",), ("docid", "filePath")),
    "downloadEdoc": (("docId",), ("docid", "filePath")),
    "updateStatus": (("docId", "status"), ("docid", "description")),
    "countReceiveEdoc": ((), ()),
    "countReceiveStatus": ((), ()),
    "getAgenciesList": ((), ()),
    "getAgenciesListQD20": ((), ("level",)),
    "getSynchronizeUnit": ((), ()),
    "registerAgency": ((), ()),
    "deleteAgency": (("AgencyCode",), ()),
}
# Calls that change state: a byte-identical re-send is a retry, answered from memory.
STATEFUL_CALLS = frozenset({"sendEdoc", "updateStatus", "registerAgency", "deleteAgency"})


# --- timestamps ---------------------------------------------------------------------------------

_TIMESTAMP_RE = re.compile(r"(\d{2})(\d{2})(\d{4})T(\d{2})(\d{2})(\d{2})\+(\d{4})")


def format_timestamp(moment: dt.datetime) -> str:
    """`ddMMyyyy'T'HHmmss+SSSS` in Vietnam local time: the `+` is literal, SSSS milliseconds."""
    local = moment.astimezone(VN_TZ) if moment.tzinfo else moment
    return local.strftime("%d%m%YT%H%M%S") + f"+{local.microsecond // 1000:04d}"


def parse_timestamp(text: str) -> dt.datetime | None:
    """The SDK timestamp read as Vietnam local time (the JVM's default zone in a product
    deployed in Vietnam); None when it is not in the SDK's form."""
    m = _TIMESTAMP_RE.fullmatch(text.strip())
    if not m:
        return None
    day, month, year, hh, mm, ss, ms = (int(g) for g in m.groups())
    if ms > 999:
        return None
    try:
        return dt.datetime(year, month, day, hh, mm, ss, ms * 1000, tzinfo=VN_TZ)
    except ValueError:
        return None


# --- hashing and signing -------------------------------------------------------------------------

_UNPADDED = tuple(format(b, "x") for b in range(256))


def sdk_hex(digest: bytes) -> str:
    """Hex as the SDK writes it: `Integer.toHexString(b & 0xff)` per byte, no zero-padding."""
    return "".join(map(_UNPADDED.__getitem__, digest))


def hash_file(data: bytes, *, unpadded: bool = True) -> str:
    digest = hashlib.sha256(data).digest()
    return sdk_hex(digest) if unpadded else digest.hex()


def hmac_hex(secret: str, message: bytes) -> str:
    return hmac.digest(secret.encode("utf-8"), message, "sha256").hex()


def _java_string_hash(text: str) -> int:
    data = text.encode("utf-16-be")
    h = 0
    for i in range(0, len(data), 2):
        h = (31 * h + (data[i] << 8 | data[i + 1])) & 0xFFFFFFFF
    return h


def java_hashmap_order(keys: Sequence[str]) -> list[str]:
    return list(_hashmap_order(tuple(keys)))


@functools.lru_cache(maxsize=1024)
def _hashmap_order(keys: tuple[str, ...]) -> tuple[str, ...]:
    """Iteration order of a java.util.HashMap<String,…> filled with `keys` in that order:
    by bucket index (capacity 16, doubled past a 0.75 load), insertion order within a bucket."""
    capacity = 16
    while len(keys) > capacity * 3 // 4:
        capacity *= 2
    ranked = []
    for i, key in enumerate(keys):
        h = _java_string_hash(key)
        h ^= h >> 16
        ranked.append((h & (capacity - 1), i, key))
    return tuple(key for _, _, key in sorted(ranked))


def _gson_string(value: str) -> str:
    """A JSON string as gson writes it here: `"`, `\\`, control characters (`\\b \\f \\n \\r \\t`,
    others `\\u00XX`), U+2028 and U+2029 escaped; `/`, `&`, `<`, `=` and non-ASCII raw."""
    text = json.dumps(value, ensure_ascii=False)
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text


def sign_header_json(params: Iterable[tuple[str, str]]) -> str:
    """The `XroadVnpt-sign-header` text for ordered (key, value) pairs."""
    return "{" + ",".join(
        f"{_gson_string(PREFIX + k)}:{_gson_string(v)}" for k, v in params) + "}"


# --- replies --------------------------------------------------------------------------------------

_REPLY_JSON = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))


def encode_reply(reply: Mapping[str, Any]) -> bytes:
    """Compact JSON, pure ASCII: Vietnamese travels as `\\u` escapes (sendEdoc reads replies as
    US-ASCII)."""
    return _REPLY_JSON.encode(reply).encode("ascii")


def ok_reply(desc: str = "Thành công / Success", **extra: Any) -> dict[str, Any]:
    return {"status": "OK", "ErrorCode": "0", "ErrorDesc": desc, **extra}


def fail_reply(code: str, desc: str, **extra: Any) -> dict[str, Any]:
    return {"status": "FAIL", "ErrorCode": str(code), "ErrorDesc": desc, **extra}


def iso_vn(epoch: float | None) -> str:
    """ISO 8601 in Vietnam time with the +07:00 offset (QĐ 28 Điều 14 k4), second precision."""
    if epoch is None:
        return ""
    return _iso_second(int(epoch // 1))


@functools.lru_cache(maxsize=4096)
def _iso_second(second: int) -> str:
    return dt.datetime.fromtimestamp(second, VN_TZ).isoformat(timespec="seconds")


def edxml_datetime(epoch: float) -> str:
    """`yyyy/MM/dd HH:mm:ss` Vietnam time, as written inside edXML packages."""
    return dt.datetime.fromtimestamp(epoch, VN_TZ).strftime("%Y/%m/%d %H:%M:%S")


def parse_list_date(text: str) -> float | None:
    """fromDate/toDate filter values: `dd/MM/yyyy HH:mm:ss` (the .NET example), `dd/MM/yyyy`,
    or ISO 8601; naive values are Vietnam time. None when unreadable."""
    text = text.strip()
    for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=VN_TZ).timestamp()
        except ValueError:
            continue
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN_TZ)
    return moment.timestamp()
