"""The axis store: one interface (`Store`, `Tx`), two backends.

    store = open_store("sqlite:///var/lib/axis/axis.db")          # embedded default
    store = open_store("postgresql://axis@127.0.0.1:5432/axis")   # several workers
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from reference_axis.store.base import (
    Agency,
    Control,
    Directory,
    DuplicateRequest,
    Fault,
    Store,
    StoreError,
    System,
    Tx,
)

__all__ = [
    "Agency",
    "Control",
    "Directory",
    "DuplicateRequest",
    "Fault",
    "Store",
    "StoreError",
    "System",
    "Tx",
    "open_store",
]


def open_store(url: str) -> Store:
    """A store for a URL (not yet started): `sqlite:///path[?synchronous=normal|full]
    [&log=batched|sync]`, a plain file path (SQLite), or `postgresql://…` / `postgres://…`.
    SQLite `log=sync` commits every traffic-log row before its reply is sent (the default,
    `batched`, lets rows wait up to a few milliseconds for a transaction to ride in)."""
    if url.startswith(("postgresql://", "postgres://")):
        from reference_axis.store.postgres import PostgresStore

        return PostgresStore(url)
    from reference_axis.store.sqlite import SqliteStore

    if url.startswith("sqlite:"):
        parts = urlsplit(url)
        path = parts.path
        if url.startswith("sqlite:///"):
            path = url[len("sqlite:///"):].split("?", 1)[0]
            if not path.startswith("/") and url.startswith("sqlite:////"):
                path = "/" + path
        query = parse_qs(parts.query)
        sync = query.get("synchronous", ["normal"])[0]
        log_mode = query.get("log", ["batched"])[0]
        if not path:
            raise StoreError(f"no database path in {url!r}")
        if log_mode not in ("batched", "sync"):
            raise StoreError(f"log must be batched or sync in {url!r}")
        store = SqliteStore(path, synchronous=sync)
        store.log_sync = log_mode == "sync"
        return store
    if "://" in url:
        raise StoreError(f"unknown store URL {url!r} (sqlite:///… or postgresql://…)")
    return SqliteStore(Path(url), synchronous="normal")
