"""The wire API: `POST <base>/<call>` exactly as the official SDK calls it.

One ASGI handler takes every request under the base path: it reads the whole body first (so
uvicorn answers `Expect: 100-continue` at once instead of letting HttpClient stall 3 s),
authenticates, applies armed faults, runs the call's handler (`calls.py`), records the exchange
in the traffic log and answers. The reply is always pure-ASCII JSON with `status`, `ErrorCode`
and `ErrorDesc` (plus `DocId` on every sendEdoc reply), whatever went wrong: no traceback ever
reaches the client.

The traffic log. Every request gets one row (headers, body or a reference to the stored
package, reply, findings) handed to `Store.log_traffic()` before the reply is sent; how soon
it is committed is the store's business (SQLite: see `store/sqlite.py` for what a `kill -9`
can lose; PostgreSQL and SQLite with several workers: before the reply). Two parts of a row are
completed later, on purpose:
* "same timestamp on different requests" is decided in the store when the row is written
  (`Tx.note_stamps`), so that every worker shares one memory of each system's last timestamp
  (in strict mode, where it refuses the request, it is decided before answering);
* the findings of the secure parser on a package that the light routing reader accepted are
  computed from the stored package when the log is read (`/admin/traffic`), in their place
  (a `{"deferred": "package"}` marker until then).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import random
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from conformance.findings import Finding, Severity
from reference_axis import errors, faults, protocol
from reference_axis.auth import Verifier, frozen_timestamp_note
from reference_axis.calls import HANDLERS, Answer, Exchange, Settings
from reference_axis.notes import AUTH_RULE, FORMAT_RULE, quirk, refusal
from reference_axis.store import Directory, Fault, Store, System

log = logging.getLogger("reference_axis.wire")

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

_JSON_TYPE = b"application/json; charset=utf-8"
# Marker in a traffic row's findings: the parser's findings on the stored package go here.
DEFERRED_PACKAGE_FINDINGS = "package"


class DirectoryCache:
    """Systems, agencies, clock and armed faults, reloaded when the control version moves."""

    # With a change token, the store's control row is still read this often (a change made by a
    # program that does not move the token, e.g. another `axis serve` on the same file).
    TOKEN_REVALIDATE = 1.0

    def __init__(self, store: Store) -> None:
        self.store = store
        self._current: Directory | None = None
        self._checked = 0.0
        self._token: int | None = None

    async def get(self) -> Directory:
        now = time.monotonic()
        if self._current is not None:
            age = now - self._checked
            if age < self.store.revalidate_after:
                return self._current
            token = self.store.change_token()
            if token is not None and token == self._token and age < self.TOKEN_REVALIDATE:
                return self._current
        self._token = self.store.change_token()
        version = await self.store.read(lambda tx: tx.control_version())
        self._checked = now
        if self._current is None or self._current.control.version != version:
            self._current = await self.store.read(lambda tx: tx.directory())
        return self._current

    def invalidate(self) -> None:
        self._current = None


SERVER_SEND = "qlvb.server_send"


class AxisAsgi:
    """The outermost ASGI app. Wire calls go straight to the wire handler (it answers every
    error itself, so Starlette's routing and middleware would only cost time on the hot path);
    the admin API, `/openapi.json` and the lifespan go to the Starlette app. The server's own
    `send` is kept in the scope, before any middleware wraps it."""

    def __init__(self, app: Any, wire: Any, *, admin_path: str) -> None:
        self.app = app
        self.wire = wire
        self.state = getattr(app, "state", None)
        self._starlette_prefixes = (admin_path + "/", "/openapi.json")
        self._admin_path = admin_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope[SERVER_SEND] = send
            path = scope.get("path", "")
            if not (path.startswith(self._starlette_prefixes) or path == self._admin_path):
                await self.wire(scope, receive, send)
                return
        await self.app(scope, receive, send)


def transport_of(scope: Scope) -> Any:
    """The asyncio transport behind uvicorn's `send` (its RequestResponseCycle keeps it): the
    only way in ASGI to drop a connection without a reply, or to read the TLS peer certificate."""
    cycle = getattr(scope.get(SERVER_SEND), "__self__", None)
    return getattr(cycle, "transport", None)


class _OneWrite:
    """Stands in for uvicorn's transport while a reply is sent: the status line and headers
    (uvicorn writes them on `http.response.start`) and the body go out in one write — one
    system call and one TCP segment instead of two, for both ends of the connection."""

    __slots__ = ("parts", "real")

    def __init__(self, real: Any) -> None:
        self.real = real
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.parts.append(data)

    def flush(self) -> None:
        if self.parts:
            data = b"".join(self.parts)
            self.parts.clear()
            self.real.write(data)

    def close(self) -> None:
        self.flush()
        self.real.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


async def send_reply(scope: Scope, send: Send, status: int, headers: list[tuple[bytes, bytes]],
                     payload: bytes) -> None:
    """`http.response.start` then `http.response.body`, written at once when the server is
    uvicorn's httptools protocol (its RequestResponseCycle keeps the transport in an attribute);
    in two writes otherwise."""
    cycle = getattr(scope.get(SERVER_SEND), "__self__", None)
    real = getattr(cycle, "transport", None)
    if real is None or send is not scope.get(SERVER_SEND) or isinstance(real, _OneWrite):
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
        return
    one = _OneWrite(real)
    cycle.transport = one
    try:
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
    finally:
        if cycle.transport is one:
            cycle.transport = real
        one.flush()


def peer_cert_sha256(scope: Scope) -> str | None:
    transport = transport_of(scope)
    if transport is None:
        return None
    ssl_object = transport.get_extra_info("ssl_object")
    if ssl_object is None:
        return None
    der = ssl_object.getpeercert(binary_form=True)
    return hashlib.sha256(der).hexdigest() if der else None


class WireApi:
    def __init__(self, store: Store, cache: DirectoryCache, settings: Settings, *,
                 verifier: Verifier, base_path: str, log_body_limit: int = 64 * 1024) -> None:
        self.store = store
        self.cache = cache
        self.settings = settings
        self.verifier = verifier
        self.base_path = base_path
        self.log_body_limit = log_body_limit

    # -- ASGI ----------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        t0 = time.perf_counter()
        now_real = time.time()
        exchange_id = new_exchange_id()
        raw_headers: list[tuple[bytes, bytes]] = list(scope.get("headers") or [])
        body, too_large = await self._read_body(receive, raw_headers)
        path = scope.get("path", "")
        call = self._call_name(path)
        findings: list[Finding] = []
        entry: dict[str, Any] = {
            "exchange_id": exchange_id, "at_real": now_real, "method": scope.get("method"),
            "path": path, "call": call, "client": _client(scope), "verified": 0,
            "request_headers": b"\n".join(map(b": ".join, raw_headers)).decode("latin-1"),
            "request_body": body[: self.log_body_limit], "request_size": len(body),
        }
        try:
            answer, drop, delay_after = await self._handle(
                scope, send, call, raw_headers, body, too_large, now_real, exchange_id,
                findings, entry)
        except Exception:  # never a traceback on the wire
            log.exception("axis: internal error on %s", path)
            answer = Answer(protocol.fail_reply(
                errors.INTERNAL.code, errors.INTERNAL.desc(),
                **({"DocId": ""} if call == "sendEdoc" else {})), error_code=errors.INTERNAL.code)
            drop = False
            delay_after = 0.0
            entry.setdefault("at", now_real)
        status, content_type, payload = self._encode(answer)
        if answer.stored_elsewhere:  # the package is in the store already: log a reference
            entry["request_body"] = None
        entry.update({
            "duration_ms": (time.perf_counter() - t0) * 1000.0,
            "reply_status": 0 if drop else status,
            "reply_body": "" if drop else self._loggable_reply(answer, payload),
            "error_code": answer.error_code, "outcome": "dropped" if drop else "answered",
        })
        deferred = entry.pop("deferred", None)
        if deferred is not None:  # the parser's findings, computed when the log is read
            at, doc_id = deferred
            findings.insert(at, {"deferred": DEFERRED_PACKAGE_FINDINGS, "doc_id": doc_id})
        entry["findings"] = findings  # serialised with the batch (Tx.log_traffic)
        entry.setdefault("at", now_real)
        try:
            await self.store.log_traffic(entry)
        except Exception:  # the log must not take the reply down with it
            log.exception("axis: cannot write the traffic log")
        if delay_after:
            await asyncio.sleep(delay_after)
        if drop:
            transport = transport_of(scope)
            if transport is not None:
                transport.close()
                return
            status, content_type, payload = 500, b"text/plain", b""
        headers = [(b"content-type", content_type),
                   (b"content-length", str(len(payload)).encode("ascii")),
                   (b"x-axis-exchange", exchange_id.encode("ascii"))]
        if too_large:
            headers.append((b"connection", b"close"))
        await send_reply(scope, send, status, headers, payload)

    async def _read_body(self, receive: Receive, headers: list[tuple[bytes, bytes]]
                         ) -> tuple[bytes, bool]:
        limit = self.settings.max_package + 4096
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return b"".join(chunks), True
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        return b"".join(chunks), False

    def _call_name(self, path: str) -> str:
        rest = path[len(self.base_path):] if path.startswith(self.base_path) else path
        return rest.strip("/")

    def _loggable_reply(self, answer: Answer, payload: bytes) -> str:
        if answer.raw is not None:
            return f"<{len(payload)} bytes, sha256 {hashlib.sha256(payload).hexdigest()}>"
        reply = answer.reply
        if reply is not None and isinstance(reply.get("data"), str) and len(reply["data"]) > 256:
            data = reply["data"]
            summary = {**reply, "data": f"<base64, {len(data)} chars, sha256 "
                                        f"{hashlib.sha256(data.encode('ascii')).hexdigest()}>"}
            return protocol.encode_reply(summary).decode("ascii")
        return payload[: self.log_body_limit].decode("latin-1")

    @staticmethod
    def _encode(answer: Answer) -> tuple[int, bytes, bytes]:
        if answer.raw is not None:
            return answer.http_status, b"application/octet-stream", answer.raw
        if answer.reply is None:
            return answer.http_status, b"text/html; charset=utf-8", faults.ERROR_PAGE
        if answer.reply.get("__empty__"):
            return answer.http_status, _JSON_TYPE, b""
        return answer.http_status, _JSON_TYPE, protocol.encode_reply(answer.reply)

    # -- the pipeline ----------------------------------------------------------------------------
    async def _handle(self, scope: Scope, send: Send, call: str,
                      raw_headers: list[tuple[bytes, bytes]], body: bytes, too_large: bool,
                      now_real: float, exchange_id: str, findings: list[Finding],
                      entry: dict[str, Any]) -> tuple[Answer, bool, float]:
        directory = await self.cache.get()
        now = directory.control.now(now_real)
        entry["at"] = now
        send_doc = {"DocId": ""} if call == "sendEdoc" else {}

        def refuse(error: errors.AxisError, vi: str = "", en: str = "",
                   http_status: int = 200) -> Answer:
            return Answer(protocol.fail_reply(error.code, error.desc(vi, en), **send_doc),
                          http_status=http_status, error_code=error.code)

        if call not in protocol.CALLS:
            findings.append(refusal(FORMAT_RULE, f"Không có dịch vụ '{call}' trên trục",
                                    f"No call '{call}' on the axis", exchange_id=exchange_id,
                                    expected=", ".join(protocol.CALLS), found=call))
            return refuse(errors.UNKNOWN_CALL, call, call, http_status=404), False, 0.0
        if "//" in scope.get("path", ""):
            findings.append(quirk(FORMAT_RULE, "Đường dẫn có '//' (endpoint cấu hình có '/' ở "
                                  "cuối)", "Path contains '//' (endpoint configured with a "
                                  "trailing '/')", exchange_id=exchange_id,
                                  found=scope.get("path")))
        method = scope.get("method", "")
        if method != protocol.CALLS[call]:
            if method not in ("GET", "POST"):
                return refuse(errors.BAD_METHOD, method, method, http_status=405), False, 0.0
            findings.append(quirk(FORMAT_RULE, f"{call} gọi bằng {method}, SDK dùng "
                                  f"{protocol.CALLS[call]}", f"{call} called with {method}; the "
                                  f"SDK uses {protocol.CALLS[call]}", exchange_id=exchange_id,
                                  expected=protocol.CALLS[call], found=method))
        if too_large:
            return refuse(errors.PACKAGE_TOO_LARGE, "", ""), False, 0.0
        fingerprint = _fingerprint(call, raw_headers, body)
        auth = self.verifier.verify(raw_headers, call, directory.systems, now=now,
                                    exchange_id=exchange_id, fingerprint=fingerprint)
        findings.extend(auth.findings)
        if auth.system is not None:
            entry["system_id"] = auth.system.system_id
        if auth.system is not None and auth.timestamp:
            # "Same timestamp on different requests": decided by the store, shared by all
            # workers. Only a finding (decided with the traffic row) unless strict.
            stamp = (auth.system.system_id, auth.timestamp, fingerprint)
            if self.verifier.strict:
                noted = await self.store.write(lambda tx: tx.note_stamps([stamp])[0])
                if noted:
                    findings.append(frozen_timestamp_note(auth.timestamp, exchange_id))
                    if auth.ok:
                        auth.fail(errors.AUTH_TIMESTAMP, auth.timestamp, auth.timestamp)
            else:
                ts = auth.timestamp
                entry["stamp"] = stamp
                entry["frozen_at"] = len(findings)
                entry["frozen_note"] = lambda: frozen_timestamp_note(ts, exchange_id)
        entry["verified"] = {"hmac": 1, "hmac-recovered": 2, "unverifiable": 3}.get(
            auth.verified, 0)
        if not auth.ok or auth.system is None:
            error = auth.error or errors.AUTH_MISSING
            log.warning("axis: refused %s from %s: %s", call, entry.get("client"), error.en)
            return refuse(error, *auth.error_detail), False, 0.0
        system = auth.system
        cert_problem = self._check_client_cert(system, scope, exchange_id)
        if cert_problem is not None:
            findings.append(cert_problem)
            return refuse(errors.AUTH_CLIENT_CERT, system.system_id, system.system_id), \
                False, 0.0
        ex = Exchange(exchange_id, call, method, body, now, now_real, directory, system,
                      auth.params, fingerprint, findings)
        # -- faults armed by the harness --------------------------------------------------------
        fired: dict[str, dict[str, Any]] = {}
        for fault in directory.faults:
            if fault.kind not in fired and faults.matches(fault, call, system) and \
                    await self._consume(fault):
                fired[fault.kind] = fault.params
                findings.append(quirk(
                    FORMAT_RULE, f"Lỗi giả lập đã kích hoạt: {fault.kind}",
                    f"Simulated fault fired: {fault.kind}", exchange_id=exchange_id,
                    evidence={"fault_id": fault.id, "kind": fault.kind, "params": fault.params}))
        ex.faults = fired
        entry["agencies"] = ",".join(sorted(set(system.agencies)))
        delay = fired.get("delay", {}).get("seconds", 0.0)
        if delay:
            await asyncio.sleep(delay)
        if "drop" in fired and fired["drop"].get("stage") == "before":
            return Answer(None, error_code=None), True, 0.0
        if "http500" in fired:
            if fired["http500"].get("body") == "empty":
                return Answer({"__empty__": True}, http_status=500, error_code="http500"), \
                    False, 0.0
            return Answer(protocol.fail_reply(errors.INTERNAL.code, errors.INTERNAL.desc(
                "lỗi giả lập HTTP 500", "simulated HTTP 500"), **send_doc), http_status=500,
                error_code=errors.INTERNAL.code), False, 0.0
        if "error_page" in fired:
            return Answer(None, http_status=fired["error_page"].get("http_status", 200),
                          error_code="error_page"), False, 0.0
        if "fail" in fired:
            code = fired["fail"].get("error_code", errors.INJECTED.code)
            desc = fired["fail"].get("error_desc") or errors.INJECTED.desc()
            return Answer(protocol.fail_reply(code, desc, **send_doc), error_code=code), \
                False, 0.0
        try:
            answer = await HANDLERS[call](ex, self.store, self.settings)
        finally:
            if ex.deferred_at is not None:
                entry["deferred"] = (ex.deferred_at, ex.deferred_doc)
        if call in ("registerAgency", "deleteAgency"):
            self.cache.invalidate()
        if ex.replayed:
            findings.append(quirk(
                FORMAT_RULE, "Yêu cầu gửi lại giống hệt (SDK thử lại khi mất kết nối): trả lời "
                "kết quả ban đầu, không xử lý lần hai", "Byte-identical re-send (the SDK's retry "
                "after a dropped connection): the original result is repeated, nothing is done "
                "twice", exchange_id=exchange_id, severity=Severity.INFO))
        if ex.agencies:
            entry["agencies"] = ",".join(sorted(a for a in ex.agencies if a))
        drop = "drop" in fired
        return answer, drop, 0.0

    async def _consume(self, fault: Fault) -> bool:
        fired = await self.store.write(lambda tx: tx.consume_fault(fault.id))
        if fired:
            self.cache.invalidate()
        return fired

    @staticmethod
    def _check_client_cert(system: System, scope: Scope, exchange_id: str) -> Finding | None:
        if not system.cert_sha256:
            return None
        got = peer_cert_sha256(scope)
        expected = system.cert_sha256.replace(":", "").lower()
        if got == expected:
            return None
        return refusal(
            AUTH_RULE, f"Hệ thống '{system.system_id}' yêu cầu chứng thư số máy khách TLS đã "
            "đăng ký", f"System '{system.system_id}' requires its registered TLS client "
            "certificate", exchange_id=exchange_id, expected=expected,
            found=got or "(không có / none)")


_RNG = random.Random(int.from_bytes(os.urandom(16), "big"))


def new_exchange_id() -> str:
    """20 hex digits: Unix milliseconds, then 32 random bits (time order keeps the traffic
    log's exchange index appending)."""
    return f"{int(time.time() * 1000) & 0xFFFF_FFFF_FFFF:012x}{_RNG.getrandbits(32):08x}"


def _fingerprint(call: str, headers: list[tuple[bytes, bytes]], body: bytes) -> str:
    """SHA-256 over the call, every XroadVnpt-* header (name and value, in order) and the
    body's SHA-256: a byte-identical re-send has the same fingerprint."""
    parts = [call.encode("ascii", "replace")]
    for k, v in headers:
        if k.startswith(b"xroadvnpt-"):
            parts += (k, v)
    parts.append(b"body\0" + hashlib.sha256(body).digest())
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _client(scope: Scope) -> str | None:
    client = scope.get("client")
    if not client:
        return None
    return f"{client[0]}:{client[1]}"
