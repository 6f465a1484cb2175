"""Running the axis under uvicorn (uvloop + httptools), one process or several workers.

Several workers need the app as an import string: the parent writes a runtime file (config and
store URL, mode 0600) and points `QLVB_AXIS_RUNTIME` at it; each worker builds its app with
`app_from_env()`. The parent seeds the store once before the workers start.
"""

from __future__ import annotations

import json
import os
import ssl
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reference_axis.app import create_app
from reference_axis.config import AxisConfig, from_mapping, seed
from reference_axis.store import System, open_store
from reference_axis.wire import AxisAsgi

RUNTIME_ENV = "QLVB_AXIS_RUNTIME"


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


def write_runtime(config: AxisConfig, store_url: str) -> Path:
    fd, name = tempfile.mkstemp(prefix="qlvb-axis-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"config": json.loads(config.to_json()), "store": store_url}, fh,
                  ensure_ascii=False)
    os.chmod(name, 0o600)
    return Path(name)


def app_from_env() -> AxisAsgi:
    """uvicorn factory for worker processes."""
    path = os.environ.get(RUNTIME_ENV)
    if not path:
        raise RuntimeError(f"{RUNTIME_ENV} is not set")
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return create_app(from_mapping(data["config"]), data["store"], seed_store=False)


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


def serve(config: AxisConfig, store_url: str, options: ServeOptions) -> None:
    import uvicorn

    seed_store(config, store_url)
    kwargs = uvicorn_kwargs(config, options)
    if options.workers > 1:
        runtime = write_runtime(config, store_url)
        os.environ[RUNTIME_ENV] = str(runtime)
        try:
            uvicorn.run("reference_axis.server:app_from_env", factory=True,
                        workers=options.workers, **kwargs)
        finally:
            runtime.unlink(missing_ok=True)
    else:
        uvicorn.run(create_app(config, store_url, seed_store=False), **kwargs)
