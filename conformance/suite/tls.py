"""TLS between the SUT and the axis for one scenario (QĐ 28/2018 Điều 13 khoản 2).

`TlsFront` is a TLS-terminating TCP forwarder on a loopback port in front of the axis' plain
HTTP port, serving one of the test PKI's TLS server certificates (`TestPKI.tls_server`). The axis
itself is left alone (no restart, the harness's own admin and counterpart traffic stays plain),
and every connection is recorded: the handshake outcome as the front saw it (protocol, cipher, or
the alert the client sent when it refused the certificate) and the local address of the
forwarded connection — the `client` the axis writes in its traffic log — so that the suite can
tell, request by request, which of the SUT's calls came over TLS.

`client_context` is the SSL context of a product configured to trust the national axis' CA: the
SUT profile's trust anchors (the test PKI's root by default), host name checked.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

HANDSHAKE_TIMEOUT = 10.0  # seconds
START_TIMEOUT = 10.0
CHUNK = 256 * 1024

#: the feature files' words for the certificate kinds (`TestPKI.tls_server`)
TLS_KIND_WORDS = {"hợp lệ": "valid", "hết hạn": "expired", "sai tên máy chủ": "wrong_host",
                  "tự ký không tin cậy": "self_signed"}
_KIND_EN = {"valid": "valid", "expired": "expired", "wrong_host": "for another host name",
            "self_signed": "self-signed, untrusted"}
#: kind → (Vietnamese, English) for messages
TLS_KIND_TEXT = {kind: (words, _KIND_EN[kind]) for words, kind in TLS_KIND_WORDS.items()}


def shipped_tls_files(kind: str) -> tuple[Path, Path]:
    """(certificate chain, key) of a TLS server certificate kind, as `fixtures/pki/tls/` ships
    them; written to the user's cache when the bundled fixtures lack them (read-only install)."""
    from conformance.fixtures_gen.pki import _cache_dir, default_pki, shipped_pki_dir

    stem = kind.replace("_", "-")
    shipped = shipped_pki_dir() / "tls"
    cert, key = shipped / f"{stem}.pem", shipped / f"{stem}.key"
    if cert.is_file() and key.is_file():
        return cert, key
    return default_pki().tls_files(kind, _cache_dir().parent / "tls")


def client_context(trust_anchors: Sequence[Path] = ()) -> ssl.SSLContext:
    """Verify the axis' chain up to `trust_anchors` (PEM; default: the test PKI's root) and its
    host name, with Python's hardened defaults (TLS ≥ 1.2)."""
    from conformance.fixtures_gen.pki import shipped_pki_dir

    anchors = list(trust_anchors) or [shipped_pki_dir() / "root.pem"]
    pems = []
    for anchor in anchors:
        data = Path(anchor).read_bytes()
        pems.append(data.decode("ascii") if b"-----BEGIN" in data
                    else ssl.DER_cert_to_PEM_cert(data))
    return ssl.create_default_context(cadata="\n".join(pems))


@dataclass
class Connection:
    """One client connection to the front."""

    peer: str
    tls: bool = False
    error: str | None = None  # why the handshake failed (e.g. the client's alert)
    version: str | None = None
    cipher: str | None = None
    upstream: str | None = None  # "host:port" the axis sees as the client of the forwarded bytes
    bytes_in: int = 0  # client → axis

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class TlsFront:
    """A TLS listener on 127.0.0.1 forwarding the decrypted bytes to a plain HTTP endpoint."""

    def __init__(self, upstream_url: str, certfile: Path, keyfile: Path, *,
                 label: str = "", host: str = "127.0.0.1") -> None:
        parts = urlsplit(upstream_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"TLS front: an http:// upstream is needed, not {upstream_url!r}")
        self.upstream_url = upstream_url
        self.upstream = (parts.hostname, parts.port or 80)
        self.label = label
        self.host = host
        self.port = 0
        self._ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._ctx.load_cert_chain(str(certfile), str(keyfile))
        self._lock = threading.Condition()
        self._connections: list[Connection] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.AbstractServer | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    # --- lifecycle ------------------------------------------------------------------------------
    def start(self) -> TlsFront:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="qlvb-tls-front",
                                        daemon=True)
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, self.host, 0), loop).result(START_TIMEOUT)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    def close(self) -> None:
        loop, self._loop = self._loop, None
        if loop is None:
            return
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(START_TIMEOUT)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(START_TIMEOUT)
        if not loop.is_running():
            loop.close()

    def __enter__(self) -> TlsFront:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=START_TIMEOUT)

    # --- what it saw --------------------------------------------------------------------------
    def url(self) -> str:
        """The upstream URL with the scheme, host and port of the front (same path)."""
        parts = urlsplit(self.upstream_url)
        return urlunsplit(("https", f"{self.host}:{self.port}", parts.path, parts.query, ""))

    def connections(self, settle: float = 2.0) -> list[Connection]:
        """The connections so far; waits up to `settle` seconds for handshakes under way (a
        client that refused the certificate has given up before the front hears its alert)."""
        with self._lock:
            self._lock.wait_for(lambda: all(c.tls or c.error for c in self._connections),
                                timeout=settle)
            return [Connection(**c.to_dict()) for c in self._connections]

    def by_upstream(self) -> dict[str, Connection]:
        """Forwarded connections by the address the axis logs as their `client`."""
        return {c.upstream: c for c in self.connections() if c.upstream}

    # --- one connection -----------------------------------------------------------------------
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        peer = writer.get_extra_info("peername") or ("?", 0)
        conn = Connection(peer=f"{peer[0]}:{peer[1]}")
        with self._lock:
            self._connections.append(conn)
        up_writer: asyncio.StreamWriter | None = None
        try:
            try:
                await writer.start_tls(self._ctx, ssl_handshake_timeout=HANDSHAKE_TIMEOUT)
            except (OSError, TimeoutError, EOFError) as exc:  # ssl.SSLError is an OSError
                with self._lock:
                    conn.error = _reason(exc)
                    self._lock.notify_all()
                return
            tls = writer.get_extra_info("ssl_object")
            cipher = tls.cipher() if tls is not None else None
            with self._lock:
                conn.tls = True
                conn.version = tls.version() if tls is not None else None
                conn.cipher = cipher[0] if cipher else None
                self._lock.notify_all()
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
            local = up_writer.get_extra_info("sockname")
            with self._lock:  # known before a byte is forwarded, so before the axis logs it
                conn.upstream = f"{local[0]}:{local[1]}"
            pumps = [asyncio.ensure_future(self._pump(reader, up_writer, conn)),
                     asyncio.ensure_future(self._pump(up_reader, writer, None))]
            try:
                await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for pump in pumps:
                    pump.cancel()
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            with self._lock:
                if not conn.tls and not conn.error:
                    conn.error = "closed during the handshake"
                    self._lock.notify_all()
            for w in (writer, up_writer):
                if w is not None:
                    with contextlib.suppress(Exception):
                        w.close()
            if task is not None:
                self._tasks.discard(task)

    async def _pump(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter,
                    conn: Connection | None) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while data := await src.read(CHUNK):
                if conn is not None:
                    conn.bytes_in += len(data)
                dst.write(data)
                await dst.drain()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLError) and exc.reason:
        return f"{exc.reason} ({exc.library or 'SSL'})"
    if isinstance(exc, TimeoutError):
        return "handshake timeout"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def summary(connections: Sequence[Connection]) -> tuple[str, str]:
    """(Vietnamese, English) text of the handshakes the front saw, for messages."""
    ok = [c for c in connections if c.tls]
    refused = [c for c in connections if not c.tls]
    versions = ", ".join(sorted({str(c.version) for c in ok}))
    reasons = "; ".join(sorted({c.error or "?" for c in refused}))
    vi, en = [f"{len(connections)} kết nối"], [f"{len(connections)} connection(s)"]
    if ok:
        vi.append(f"{len(ok)} bắt tay TLS thành công ({versions})")
        en.append(f"{len(ok)} TLS handshake(s) completed ({versions})")
    if refused:
        vi.append(f"{len(refused)} bắt tay TLS thất bại ({reasons})")
        en.append(f"{len(refused)} TLS handshake(s) failed ({reasons})")
    return ", ".join(vi), ", ".join(en)
