"""Request authentication: HMAC-SHA256 of the SDK's signed header JSON, per connected system.

The verifier works on header *bytes* (opaque ISO-8859-1, as ASGI hands them over): the HMAC is
computed over the raw `XroadVnpt-sign-header` value exactly as received, never over a
re-serialisation. Every key listed in the signed JSON must arrive as its own `XroadVnpt-<key>`
header with the same value. Logical parameters are taken from the signed set only.

Quirks of the official SDK are findings, not refusals (unless `strict`):
* a timestamp frozen for the life of the SDK service object (noted on the first request that
  repeats it, once per system and timestamp), or far from the axis clock; the axis keeps the
  memory of each system's last timestamp in its store (`frozen_timestamp_note`), so that it
  holds across worker processes;
* leftover ("sticky") signed keys from earlier calls of a reused service object;
* non-ASCII header values that Apache HttpClient wrote as the low byte of each character while
  the HMAC was computed over UTF-8: the verifier tries the Vietnamese-letter candidates of each
  such byte and accepts a signature it can reconstruct; one it cannot is "unverifiable".
"""

from __future__ import annotations

import functools
import hmac
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from conformance.findings import Finding, Severity
from reference_axis import errors, protocol
from reference_axis.errors import AxisError
from reference_axis.notes import AUTH_RULE, FORMAT_RULE, quirk, refusal
from reference_axis.store import System

RawHeaders = Sequence[tuple[bytes, bytes]]

MAX_RECOVERY_CANDIDATES = 4096
# Unicode blocks a Vietnamese header value may hold; HttpClient keeps only each char's low byte.
_HIGH_BLOCKS = ((0x0000, 0x00FF), (0x0100, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF),
                (0x2000, 0x206F))


@dataclass
class AuthResult:
    system: System | None = None
    params: dict[str, str] = field(default_factory=dict)
    signed_keys: tuple[str, ...] = ()
    verified: str = "no"  # "hmac", "hmac-recovered", "unverifiable", "no"
    timestamp: str | None = None
    findings: list[Finding] = field(default_factory=list)
    error: AxisError | None = None
    error_detail: tuple[str, str] = ("", "")

    @property
    def ok(self) -> bool:
        return self.error is None and self.system is not None

    def fail(self, error: AxisError, vi: str, en: str) -> AuthResult:
        self.error = error
        self.error_detail = (vi, en)
        return self


_PREFIX_BYTES = protocol.PREFIX_LOWER.encode("ascii")
_PREFIX_LEN = len(_PREFIX_BYTES)


def xroad_headers(raw: RawHeaders) -> list[tuple[str, bytes]]:
    """(logical key lower-cased, raw value) for every `XroadVnpt-*` header, in arrival order."""
    out = []
    n = _PREFIX_LEN
    for name, value in raw:
        head = name[:n]
        if head == _PREFIX_BYTES or (head[:1] in (b"x", b"X") and head.lower() == _PREFIX_BYTES):
            out.append((name[n:].decode("latin-1").lower(), value))
    return out


_SIGN_HEADER_KEY = protocol.SIGN_HEADER_KEY.lower()
_SIGN_HEADER = protocol.SIGN_HEADER.lower()
_HASH_HEADER = protocol.HASH_HEADER.lower()


@functools.lru_cache(maxsize=64)
def _known_keys(call: str) -> frozenset[str]:
    """The lower-cased keys a call uses (the base keys, its own, its optional ones)."""
    needed, optional = protocol.CALL_KEYS.get(call, ((), ()))
    return frozenset(k.lower() for k in (*protocol.BASE_KEYS, *needed, *optional))


@functools.lru_cache(maxsize=4096)
def _stamp_epoch(stamp: str) -> float | None:
    """An SDK timestamp as epoch seconds (cached: a frozen timestamp repeats on every call)."""
    moment = protocol.parse_timestamp(stamp)
    return None if moment is None else moment.timestamp()


_PAIRS = json.JSONDecoder(object_pairs_hook=lambda p: p)  # objects as ordered (key, value) pairs


def _decode_json(raw: bytes) -> tuple[list[tuple[str, object]], str] | None:
    """The signed JSON as ordered pairs and the codec its bytes were read with."""
    for codec in ("utf-8", "latin-1"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        try:
            pairs = _PAIRS.decode(text)
        except ValueError:
            return None
        return (pairs, codec) if isinstance(pairs, list) else None
    return None  # pragma: no cover - latin-1 always decodes


def _candidates(byte: int) -> list[str]:
    out = []
    for lo, hi in _HIGH_BLOCKS:
        for base in range(lo & ~0xFF, hi + 1, 0x100):
            cp = base | byte
            if lo <= cp <= hi:
                out.append(chr(cp))
    return out


def recover_low_byte_hmac(raw: bytes, secret: str, expected: str) -> str | None:
    """The original text of a sign-header whose non-ASCII characters HttpClient cut to their
    low byte, if some Vietnamese reading of those bytes reproduces the HMAC."""
    text = raw.decode("latin-1")
    positions = [i for i, ch in enumerate(text) if ord(ch) >= 0x80]
    if not positions:
        return None
    choices = [_candidates(ord(text[i])) for i in positions]
    total = 1
    for c in choices:
        total *= len(c)
        if total > MAX_RECOVERY_CANDIDATES:
            return None
    chars = list(text)
    for combo in itertools.product(*choices):
        for pos, ch in zip(positions, combo, strict=True):
            chars[pos] = ch
        candidate = "".join(chars)
        if hmac.compare_digest(protocol.hmac_hex(secret, candidate.encode("utf-8")), expected):
            return candidate
    return None


def frozen_timestamp_note(stamp: str, exchange_id: str | None) -> Finding:
    """The finding on the first request of a system that repeats the previous request's
    timestamp (a different request, not a retry)."""
    return quirk(
        AUTH_RULE, "Dấu thời gian lặp lại giữa các yêu cầu khác nhau (chữ ký có thể bị "
        "phát lại)", "Same timestamp on different requests (signatures are replayable)",
        exchange_id=exchange_id, severity=Severity.WARNING,
        expected="a fresh timestamp per request", found=stamp)


@dataclass
class Verifier:
    """Verifies requests against the connected systems; `strict` turns quirks into refusals."""

    strict: bool = False
    max_skew: float = 300.0
    # Remember each system's last timestamp here, in this object. The axis turns it off and
    # keeps that memory in its store instead (`Tx.note_stamps`), shared by all its workers.
    stamp_memory: bool = True
    _last_stamp: dict[str, tuple[str, str]] = field(default_factory=dict)
    _frozen_noted: dict[str, str] = field(default_factory=dict)  # one finding per frozen stamp

    def verify(self, raw: RawHeaders, call: str, systems: dict[str, System], *,
               now: float, exchange_id: str, fingerprint: str = "") -> AuthResult:
        result = AuthResult()
        xh = xroad_headers(raw)
        by_name: dict[str, list[bytes]] = {}
        for k, v in xh:
            found_values = by_name.get(k)
            if found_values is None:
                by_name[k] = [v]
            else:
                found_values.append(v)
        key_line = by_name.get(_SIGN_HEADER_KEY, (None,))[0]
        sign_raw = by_name.get(_SIGN_HEADER, (None,))[0]
        hash_raw = by_name.get(_HASH_HEADER, (None,))[0]
        if sign_raw is None or hash_raw is None:
            missing = [n for n, v in ((protocol.SIGN_HEADER, sign_raw),
                                      (protocol.HASH_HEADER, hash_raw)) if v is None]
            names = ", ".join(protocol.PREFIX + n for n in missing)
            result.findings.append(refusal(
                AUTH_RULE, f"Yêu cầu không có {names}", f"Request lacks {names}",
                exchange_id=exchange_id, expected="HMAC-SHA256 signed headers", found="none"))
            return result.fail(errors.AUTH_MISSING, names, names)
        decoded = _decode_json(sign_raw)
        if decoded is None:
            result.findings.append(refusal(
                AUTH_RULE, "XroadVnpt-sign-header không phải đối tượng JSON",
                "XroadVnpt-sign-header is not a JSON object", exchange_id=exchange_id,
                found=sign_raw[:200].decode("latin-1")))
            return result.fail(errors.AUTH_HEADER_MISMATCH, "sign-header", "sign-header")
        pairs, codec = decoded
        signed: list[tuple[str, str]] = []
        for k, v in pairs:
            if not k.startswith(protocol.PREFIX) or not isinstance(v, str | int | float):
                result.findings.append(refusal(
                    AUTH_RULE, f"Khóa ký không hợp lệ: {k}", f"Invalid signed key: {k}",
                    exchange_id=exchange_id, expected="XroadVnpt-<key>: string", found=str(k)))
                return result.fail(errors.AUTH_HEADER_MISMATCH, str(k), str(k))
            signed.append((k[len(protocol.PREFIX):], str(v)))
        keys = tuple(k for k, _ in signed)
        result.signed_keys = keys
        params = {}
        for k, v in signed:
            params.setdefault(k, v)
        result.params = params
        listed = tuple(x for x in (key_line or b"").decode("latin-1").split(";") if x)
        if listed != keys:
            f = quirk(AUTH_RULE, "XroadVnpt-sign-header-key không khớp với các khóa đã ký",
                      "XroadVnpt-sign-header-key does not list the signed keys in order",
                      exchange_id=exchange_id, severity=Severity.WARNING,
                      expected=";".join(keys), found=";".join(listed))
            result.findings.append(f)
            if self.strict:
                return result.fail(errors.AUTH_HEADER_MISMATCH, "sign-header-key",
                                   "sign-header-key")
        system_id = params.get("systemid")
        if not system_id:
            result.findings.append(refusal(
                AUTH_RULE, "Không có systemid trong các tham số ký",
                "No systemid among the signed parameters", exchange_id=exchange_id))
            return result.fail(errors.AUTH_MISSING, "systemid", "systemid")
        system = systems.get(system_id)
        if system is None:
            result.findings.append(refusal(
                AUTH_RULE, f"systemId '{system_id}' không được đăng ký trên trục",
                f"systemId '{system_id}' is not registered on the axis",
                exchange_id=exchange_id, found=system_id))
            return result.fail(errors.AUTH_UNKNOWN_SYSTEM, system_id, system_id)
        result.system = system
        # -- the HMAC ----------------------------------------------------------------------------
        got = hash_raw.decode("latin-1").strip().lower()
        if hmac.compare_digest(protocol.hmac_hex(system.secret, sign_raw), got):
            result.verified = "hmac"
        elif any(b >= 0x80 for b in sign_raw):
            original = recover_low_byte_hmac(sign_raw, system.secret, got)
            if original is not None:
                result.verified = "hmac-recovered"
                result.findings.append(quirk(
                    AUTH_RULE, "Giá trị tiêu đề có ký tự ngoài ASCII bị cắt còn byte thấp (Apache "
                    "HttpClient của SDK); trục khôi phục được chữ ký",
                    "Non-ASCII header value sent as the low byte of each character (the SDK's "
                    "HttpClient); the axis reconstructed the signature",
                    exchange_id=exchange_id, severity=Severity.WARNING,
                    expected="ASCII header values (or UTF-8 with a matching HMAC)",
                    found=sign_raw.decode("latin-1")[:300]))
                signed_text = json.loads(original, object_pairs_hook=lambda p: p)
                result.params = {}
                for k, v in signed_text:
                    result.params.setdefault(k[len(protocol.PREFIX):], str(v))
            else:
                result.verified = "unverifiable"
                result.findings.append(quirk(
                    AUTH_RULE, "Không kiểm tra được chữ ký: giá trị tiêu đề ngoài ASCII mà SDK "
                    "không ký được", "Signature unverifiable: a non-ASCII header value the SDK "
                    "cannot sign", exchange_id=exchange_id, severity=Severity.WARNING,
                    expected="ASCII header values", found=sign_raw.decode("latin-1")[:300]))
                if self.strict:
                    return result.fail(errors.AUTH_UNVERIFIABLE, "", "")
        else:
            result.findings.append(refusal(
                AUTH_RULE, f"Chữ ký HMAC của hệ thống '{system_id}' không đúng",
                f"HMAC signature of system '{system_id}' does not verify",
                exchange_id=exchange_id, expected="HMAC-SHA256(secret, sign-header)",
                found=got[:80]))
            return result.fail(errors.AUTH_BAD_SIGNATURE, system_id, system_id)
        # -- every signed key arrives as its own header with the same value ------------------------
        mismatch = self._compare_headers(by_name, signed, codec, result.verified)
        if mismatch is not None:
            key, found = mismatch
            result.findings.append(refusal(
                AUTH_RULE, f"Tiêu đề XroadVnpt-{key} khác giá trị đã ký",
                f"Header XroadVnpt-{key} differs from its signed value",
                exchange_id=exchange_id, expected=params.get(key), found=found, field=key))
            return result.fail(errors.AUTH_HEADER_MISMATCH, key, key)
        signed_lower = {k.lower() for k in keys}
        unsigned = sorted(k for k in by_name if k not in signed_lower
                          and k not in protocol.CONTROL_KEYS)
        if unsigned:
            result.findings.append(quirk(
                AUTH_RULE, "Tham số không được ký, trục bỏ qua: " + ", ".join(unsigned),
                "Unsigned parameters, ignored by the axis: " + ", ".join(unsigned),
                exchange_id=exchange_id, severity=Severity.WARNING, found=", ".join(unsigned)))
        # -- quirks of the SDK -------------------------------------------------------------------
        self._check_keys(call, keys, result, exchange_id)
        ts_error = self._check_timestamp(params.get("timestamp"), system_id, fingerprint, now,
                                         result, exchange_id)
        if ts_error and self.strict:
            return result.fail(errors.AUTH_TIMESTAMP, ts_error, ts_error)
        return result

    @staticmethod
    def _compare_headers(by_name: dict[str, list[bytes]], signed: list[tuple[str, str]],
                         codec: str, verified: str) -> tuple[str, str] | None:
        seen: dict[str, int] = {}
        for key, value in signed:
            lower = key.lower()
            i = seen.get(lower, 0)
            seen[lower] = i + 1
            values = by_name.get(lower, ())
            if i >= len(values):
                return key, "(không có / none)"
            raw = values[i]
            if verified == "hmac-recovered":
                ok = raw.decode("latin-1") == "".join(chr(ord(c) & 0xFF) for c in value)
            else:
                try:
                    ok = raw == value.encode(codec)
                except UnicodeEncodeError:
                    ok = False
                if not ok and verified == "unverifiable":
                    ok = raw.decode("latin-1") == "".join(chr(ord(c) & 0xFF) for c in value)
            if not ok:
                return key, raw.decode("latin-1")[:200]
        return None

    @staticmethod
    def _check_keys(call: str, keys: tuple[str, ...], result: AuthResult,
                    exchange_id: str) -> None:
        known = _known_keys(call)
        extra = [k for k in keys if k.lower() not in known]
        if extra:
            needed = protocol.CALL_KEYS.get(call, ((), ()))[0]
            result.findings.append(quirk(
                FORMAT_RULE, f"Tham số thừa còn sót từ lần gọi trước ({call}): " + ", ".join(extra),
                f"Leftover parameters from earlier calls ({call}): " + ", ".join(extra),
                exchange_id=exchange_id, expected=", ".join((*protocol.BASE_KEYS, *needed)),
                found=", ".join(keys), evidence={"extra": extra}))

    def _check_timestamp(self, stamp: str | None, system_id: str, fingerprint: str, now: float,
                         result: AuthResult, exchange_id: str) -> str | None:
        result.timestamp = stamp
        if not stamp:
            result.findings.append(quirk(
                AUTH_RULE, "Yêu cầu không có XroadVnpt-timestamp",
                "Request has no XroadVnpt-timestamp", exchange_id=exchange_id,
                severity=Severity.WARNING, expected="ddMMyyyy'T'HHmmss+SSSS", found="none"))
            return "timestamp"
        epoch = _stamp_epoch(stamp)
        if epoch is None:
            result.findings.append(quirk(
                AUTH_RULE, "XroadVnpt-timestamp sai định dạng", "Malformed XroadVnpt-timestamp",
                exchange_id=exchange_id, severity=Severity.WARNING,
                expected="ddMMyyyy'T'HHmmss+SSSS", found=stamp))
            return stamp
        problem = None
        skew = now - epoch
        if abs(skew) > self.max_skew:
            result.findings.append(quirk(
                AUTH_RULE, f"Dấu thời gian lệch {skew:.0f} giây so với đồng hồ của trục (SDK cố "
                "định dấu thời gian từ khi tạo đối tượng dịch vụ)",
                f"Timestamp {skew:.0f} s off the axis clock (the SDK freezes it when the service "
                "object is created)", exchange_id=exchange_id, severity=Severity.WARNING,
                expected=f"within {self.max_skew:.0f} s", found=stamp,
                evidence={"skew_seconds": round(skew, 3)}))
            problem = stamp
        if not self.stamp_memory:
            return problem
        last = self._last_stamp.get(system_id)
        if last is not None and last[0] == stamp and last[1] != fingerprint and \
                self._frozen_noted.get(system_id) != stamp:
            self._frozen_noted[system_id] = stamp
            result.findings.append(frozen_timestamp_note(stamp, exchange_id))
            problem = problem or stamp
        self._last_stamp[system_id] = (stamp, fingerprint)
        return problem
