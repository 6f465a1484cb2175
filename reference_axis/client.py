"""A Python client of the axis that puts the official Java SDK's bytes on the wire.

    client = AxisClient("http://127.0.0.1:8765", system_id="vxp.h38", secret="…")
    reply = client.send_edoc(package_bytes, from_="000.00.00.H38", to=["000.00.00.G22"])
    for item in client.get_received_edoc_list().data or []:
        pkg = client.get_edoc(item["docId"]).package
        client.update_status(item["docId"], "done")

`SdkQuirks` switches the SDK's habits on (default, to test a server as products meet it) or off
(`SdkQuirks.none()`, a clean client): a timestamp frozen at construction, a header map that
keeps every key of earlier calls ("sticky"), `hash-file` as unpadded hex, the extra CRLF after
the file, non-ASCII header values cut to their low byte outside sendEdoc, `Expect:
100-continue` on non-empty bodies, and byte-identical re-sends after a dropped connection
(sendEdoc 2 attempts, other calls 3).

`Signer.prepare()` builds the exact request (headers as bytes, body) without sending it, so a
load generator (benchmarks/bench_axis.py uses aiohttp) sends the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from reference_axis import protocol

_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/]")  # commons-codec skips every other character


@dataclass(frozen=True)
class SdkQuirks:
    frozen_timestamp: bool = True
    sticky_headers: bool = True
    unpadded_hash_file: bool = True
    append_crlf: bool = True
    low_byte_headers: bool = True
    expect_continue: bool = True
    retry: bool = True

    @classmethod
    def none(cls) -> SdkQuirks:
        return cls(False, False, False, False, False, False, False)


@dataclass(frozen=True)
class PreparedCall:
    call: str
    method: str
    path: str
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    def header(self, name: str) -> bytes | None:
        lower = name.lower().encode("latin-1")
        for k, v in self.headers:
            if k.lower() == lower:
                return v
        return None


_JSON = "application/json"
_OCTET = "application/octet-stream"


class Signer:
    """Builds signed requests the way one SDK service object (`KnobstickServiceImp`) does."""

    def __init__(self, system_id: str, secret: str, quirks: SdkQuirks | None = None, *,
                 base_path: str = "", clock: Any = None) -> None:
        self.system_id = system_id
        self.secret = secret
        self.quirks = quirks or SdkQuirks()
        self.base_path = base_path.rstrip("/")
        self._clock = clock or (lambda: dt.datetime.now(protocol.VN_TZ))
        self._frozen = protocol.format_timestamp(self._clock())
        self._sticky: dict[str, str] = {}

    def _timestamp(self) -> str:
        if self.quirks.frozen_timestamp:
            return self._frozen
        return protocol.format_timestamp(self._clock())

    def prepare(self, call: str, params: Mapping[str, str], body: bytes = b"") -> PreparedCall:
        content_type = _OCTET if call == "sendEdoc" else _JSON
        fresh: dict[str, str] = {"timestamp": self._timestamp(), "systemid": self.system_id,
                                 "Content-Type": content_type}
        fresh.update(params)
        if self.quirks.sticky_headers:
            self._sticky.update(fresh)
            logical = dict(self._sticky)
        else:
            logical = fresh
        order = protocol.java_hashmap_order(list(logical))
        pairs = [(k, logical[k]) for k in order]
        sign_text = protocol.sign_header_json(pairs)
        digest = protocol.hmac_hex(self.secret, sign_text.encode("utf-8"))
        low_byte = self.quirks.low_byte_headers and call != "sendEdoc"

        def enc(text: str) -> bytes:
            if text.isascii():
                return text.encode("ascii")
            if low_byte:
                return bytes(ord(c) & 0xFF for c in text)
            return text.encode("utf-8")

        headers: list[tuple[bytes, bytes]] = []
        for k, v in pairs:
            if k == "Content-Type":
                headers.append((b"Content-Type", enc(v)))
            headers.append(((protocol.PREFIX + k).encode("latin-1"), enc(v)))
        headers += [
            (b"XroadVnpt-sign-header-key", enc(";".join(order))),
            (b"XroadVnpt-sign-header", enc(sign_text)),
            (b"XroadVnpt-hash-header", digest.encode("ascii")),
            (b"User-Agent", protocol.SDK_USER_AGENT.encode("ascii")),
            (b"XroadVnpt-version", protocol.SDK_VERSION.encode("ascii")),
        ]
        if body and self.quirks.expect_continue and call != "sendEdoc":
            headers.append((b"Expect", b"100-continue"))
        return PreparedCall(call, protocol.CALLS.get(call, "POST"),
                            f"{self.base_path}/{call}", tuple(headers), body)

    # -- the calls' parameters and bodies, as the SDK forms them ---------------------------------
    def send_edoc(self, package: bytes, from_: str, to: str | Sequence[str] | None = None,
                  messagetype: str = "edoc") -> PreparedCall:
        params = {"from": from_, "servicetype": protocol.SERVICE_TYPE, "messagetype": messagetype,
                  "hash-file": protocol.hash_file(package,
                                                  unpadded=self.quirks.unpadded_hash_file)}
        if to is not None:
            params["to"] = json.dumps(to if isinstance(to, str) else list(to),
                                      ensure_ascii=False, separators=(",", ":"))
        body = package + b"\r\n" if self.quirks.append_crlf else package
        return self.prepare("sendEdoc", params, body)


@dataclass
class Reply:
    """What the axis answered. `error` is set when there was no usable reply (connection
    dropped, not JSON); `attempts` counts the re-sends."""

    call: str
    http_status: int | None = None
    raw: bytes = b""
    json: dict[str, Any] | None = None
    error: str | None = None
    attempts: int = 1
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def _get(self, key: str) -> Any:
        return None if self.json is None else self.json.get(key)

    @property
    def status(self) -> str | None:
        return self._get("status")

    @property
    def error_code(self) -> str | None:
        value = self._get("ErrorCode")
        return None if value is None else str(value)

    @property
    def error_desc(self) -> str | None:
        return self._get("ErrorDesc")

    @property
    def ok(self) -> bool:
        return self.status == "OK" and self.error_code == "0"

    @property
    def data(self) -> Any:
        return self._get("data")

    @property
    def count(self) -> int | None:
        value = self._get("count")
        return None if value is None else int(value)

    @property
    def doc_id(self) -> str | None:
        return self._get("DocId")

    @property
    def package(self) -> bytes | None:
        """getEdoc: the package bytes (base64 `data`, decoded leniently like commons-codec)."""
        data = self.data
        if not isinstance(data, str) or self.status == "FAIL":
            return None
        cleaned = _NOT_BASE64.sub("", data)  # one C-speed pass: packages run to tens of MB
        cleaned += "=" * (-len(cleaned) % 4)
        try:
            return base64.b64decode(cleaned)
        except ValueError:
            return None


_RETRYABLE = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError,
              httpx.ConnectError)


class AxisClient:
    """Every call of the SDK over httpx (sync). Never raises for a FAIL reply; returns a `Reply`
    with `error` set when the connection is dropped or the reply is not JSON."""

    def __init__(self, endpoint: str, system_id: str, secret: str,
                 quirks: SdkQuirks | None = None, *, timeout: float | None = 30.0,
                 ssl_context: ssl.SSLContext | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.signer = Signer(system_id, secret, quirks)
        kwargs: dict[str, Any] = {"timeout": timeout, "transport": transport}
        if ssl_context is not None:
            kwargs["verify"] = ssl_context
        self.http = httpx.Client(**kwargs)

    @property
    def quirks(self) -> SdkQuirks:
        return self.signer.quirks

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> AxisClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def with_quirks(self, **changes: bool) -> None:
        self.signer.quirks = replace(self.signer.quirks, **changes)

    # -- transport ---------------------------------------------------------------------------
    def execute(self, prepared: PreparedCall) -> Reply:
        attempts = (2 if prepared.call == "sendEdoc" else 3) if self.quirks.retry else 1
        last_error = ""
        for attempt in range(1, attempts + 1):
            try:
                response = self.http.request(prepared.method, self.endpoint + prepared.path,
                                             headers=list(prepared.headers),
                                             content=prepared.body or None)
            except _RETRYABLE as exc:
                last_error = f"{type(exc).__name__}: {exc}"
                continue
            except httpx.TimeoutException as exc:
                return Reply(prepared.call, error=f"timeout: {exc}", attempts=attempt)
            reply = Reply(prepared.call, response.status_code, response.content,
                          attempts=attempt, content_type=response.headers.get("content-type"),
                          headers=dict(response.headers))
            try:
                parsed = json.loads(response.content)
            except ValueError:
                reply.error = "reply is not JSON"
            else:
                if isinstance(parsed, dict):
                    reply.json = parsed
                else:
                    reply.error = "reply is not a JSON object"
            return reply
        return Reply(prepared.call, error=f"connection closed without a reply ({last_error})",
                     attempts=attempts)

    def call(self, call: str, params: Mapping[str, str] | None = None,
             body: bytes = b"") -> Reply:
        return self.execute(self.signer.prepare(call, dict(params or {}), body))

    # -- the SDK's calls ------------------------------------------------------------------------
    def send_edoc(self, package: bytes, from_: str, to: str | Sequence[str] | None = None,
                  messagetype: str = "edoc") -> Reply:
        return self.execute(self.signer.send_edoc(package, from_, to, messagetype))

    def get_received_edoc_list(self, messagetype: str = "edoc", **extra: str) -> Reply:
        return self.call("getReceivedEdocList", {"servicetype": protocol.SERVICE_TYPE,
                                                 "messagetype": messagetype, **extra})

    def get_sent_edoc_list(self, messagetype: str = "edoc", doc_id: str | None = None) -> Reply:
        params = {"servicetype": protocol.SERVICE_TYPE, "messagetype": messagetype}
        if doc_id is not None:
            params["docId"] = doc_id
        return self.call("getSentEdocList", params)

    def get_edoc(self, doc_id: str, file_path: str | None = None) -> Reply:
        params = {"docId": doc_id}
        if file_path is not None:
            params["filePath"] = file_path
        return self.call("getEdoc", params, b"{}")

    def download_edoc(self, doc_id: str) -> Reply:
        return self.call("downloadEdoc", {"docId": doc_id})

    def update_status(self, doc_id: str, status: str) -> Reply:
        return self.call("updateStatus", {"status": status, "docId": doc_id}, b"{}")

    def count_receive_edoc(self) -> Reply:
        return self.call("countReceiveEdoc", {}, b"{}")

    def count_receive_status(self) -> Reply:
        return self.call("countReceiveStatus", {}, b"{}")

    def get_agencies_list(self) -> Reply:
        return self.call("getAgenciesList")

    def get_agencies_list_qd20(self, level: str = "1") -> Reply:
        return self.call("getAgenciesListQD20", {"level": level})

    def get_synchronize_unit(self) -> Reply:
        return self.call("getSynchronizeUnit")

    def register_agency(self, data: Mapping[str, Any]) -> Reply:
        body = json.dumps(dict(data), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self.call("registerAgency", {}, body)

    def delete_agency(self, code: str) -> Reply:
        return self.call("deleteAgency", {"AgencyCode": code}, b"{}")
