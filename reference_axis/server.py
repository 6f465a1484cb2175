"""Running the axis under uvicorn (uvloop + httptools), one process or several workers.

Several workers need the app as an import string: the parent writes a runtime file (config and
store URL, mode 0600) and points `QLVB_AXIS_RUNTIME` at it; each worker builds its app with
`app_from_env()`. The parent seeds the store once before the workers start.

Each worker listens on a socket of its own, bound to the same port with SO_REUSEPORT, so the
kernel spreads connections over the workers evenly (uvicorn's own supervisor shares one socket:
a burst of new connections then mostly goes to whichever worker wakes first, and keep-alive
connections stay there). The parent only supervises: it restarts a worker that dies, and on
SIGTERM/SIGINT stops them all (each finishes its open requests and closes its store). Without
SO_REUSEPORT (not Linux), uvicorn's supervisor is used.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import signal
import socket
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reference_axis.app import create_app
from reference_axis.config import AxisConfig, from_mapping, seed
from reference_axis.store import System, open_store
from reference_axis.wire import AxisAsgi

RUNTIME_ENV = "QLVB_AXIS_RUNTIME"
log = logging.getLogger("reference_axis.server")


@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8765
    workers: int = 1
    log_level: str = "warning"
    access_log: bool = False


def existing_systems(store_url: str) -> dict[str, System]:
    """Systems already in the store (to keep their secrets across restarts)."""
    store = open_store(store_url)
    store.open_sync()  # type: ignore[attr-defined]
    try:
        return store.read_sync(lambda tx: tx.directory().systems)
    finally:
        store.close_sync()  # type: ignore[attr-defined]


def seed_store(config: AxisConfig, store_url: str) -> int:
    """Create/migrate the store and write the configured systems; returns the schema version."""
    store = open_store(store_url)
    store.open_sync()  # type: ignore[attr-defined]
    try:
        store.write_sync(lambda tx: seed(tx, config, time.time()))
        return store.read_sync(lambda tx: tx.schema_version())
    finally:
        store.close_sync()  # type: ignore[attr-defined]


def write_runtime(config: AxisConfig, store_url: str, workers: int = 1) -> Path:
    fd, name = tempfile.mkstemp(prefix="qlvb-axis-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"config": json.loads(config.to_json()), "store": store_url,
                   "workers": workers}, fh, ensure_ascii=False)
    os.chmod(name, 0o600)
    return Path(name)


def app_from_env() -> AxisAsgi:
    """uvicorn factory for worker processes."""
    path = os.environ.get(RUNTIME_ENV)
    if not path:
        raise RuntimeError(f"{RUNTIME_ENV} is not set")
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return create_app(from_mapping(data["config"]), data["store"], seed_store=False,
                      workers=int(data.get("workers", 2)), tune_gc=True)


def uvicorn_kwargs(config: AxisConfig, options: ServeOptions) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "host": options.host, "port": options.port, "loop": "uvloop", "http": "httptools",
        "log_level": options.log_level, "access_log": options.access_log,
        "timeout_keep_alive": 75, "backlog": 2048, "proxy_headers": False,
        "server_header": False, "date_header": False, "timeout_graceful_shutdown": 3,
    }
    if config.tls is not None:
        kwargs["ssl_certfile"] = config.tls.certfile
        kwargs["ssl_keyfile"] = config.tls.keyfile
        if config.tls.client_ca:
            kwargs["ssl_ca_certs"] = config.tls.client_ca
            kwargs["ssl_cert_reqs"] = (ssl.CERT_REQUIRED if config.tls.require_client_cert
                                       else ssl.CERT_OPTIONAL)
    return kwargs


def _listen(host: str, port: int, backlog: int) -> socket.socket:
    """A listening socket of this worker's own, sharing the port with the others."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def _worker(runtime: str, kwargs: dict[str, Any]) -> None:
    """One worker process (spawned): its own socket, the app from the runtime file."""
    import uvicorn

    os.environ[RUNTIME_ENV] = runtime
    sock = _listen(kwargs["host"], kwargs["port"], kwargs.get("backlog", 2048))
    config = uvicorn.Config("reference_axis.server:app_from_env", factory=True, **kwargs)
    uvicorn.Server(config).run(sockets=[sock])


def _supervise(runtime: Path, kwargs: dict[str, Any], workers: int) -> None:
    context = multiprocessing.get_context("spawn")
    stopping = threading.Event()

    def stop(signum: int, frame: Any) -> None:
        stopping.set()

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop)
    # Hold the port (bound, not listening: it takes no connection) while the workers start.
    holder = socket.socket(socket.AF_INET6 if ":" in kwargs["host"] else socket.AF_INET)
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    holder.bind((kwargs["host"], kwargs["port"]))

    def start() -> Any:
        process = context.Process(target=_worker, args=(str(runtime), kwargs),
                                  name="qlvb-axis-worker")
        process.start()
        return process

    processes = [start() for _ in range(workers)]
    try:
        while not stopping.wait(0.2):
            for i, process in enumerate(processes):
                if not process.is_alive() and not stopping.is_set():
                    log.error("axis: worker %s exited (%s); starting another", process.pid,
                              process.exitcode)
                    processes[i] = start()
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn's graceful shutdown, then the store's
        deadline = time.monotonic() + float(kwargs.get("timeout_graceful_shutdown") or 3) + 10
        for process in processes:
            process.join(max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(5)
        holder.close()


def serve(config: AxisConfig, store_url: str, options: ServeOptions) -> None:
    import uvicorn

    seed_store(config, store_url)
    kwargs = uvicorn_kwargs(config, options)
    if options.workers > 1:
        runtime = write_runtime(config, store_url, options.workers)
        os.environ[RUNTIME_ENV] = str(runtime)
        try:
            if hasattr(socket, "SO_REUSEPORT"):
                _supervise(runtime, kwargs, options.workers)
            else:  # pragma: no cover - not Linux
                uvicorn.run("reference_axis.server:app_from_env", factory=True,
                            workers=options.workers, **kwargs)
        finally:
            runtime.unlink(missing_ok=True)
    else:
        uvicorn.run(create_app(config, store_url, seed_store=False, tune_gc=True), **kwargs)
