"""PostgreSQL backend (psycopg 3): a shared lab axis served by several workers.

Each worker process keeps a small pool of synchronous connections and runs every unit of work
in a thread (`asyncio.to_thread`), one transaction per write, committed before the caller is
answered. Workers coordinate only through the database: unique request fingerprints stop a
retried request from being applied twice, `UPDATE … WHERE remaining > 0` hands each armed fault
to exactly one request, and a control row's version tells every worker when to reload settings.
Migrations run under an advisory lock, so workers starting together apply each one once.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from typing import Any

from reference_axis.store.base import DuplicateRequest, Op, Store, StoreError, T, Tx
from reference_axis.store.schema import POSTGRES

try:  # optional dependency (extra "postgres")
    import psycopg
except ImportError:  # pragma: no cover - depends on the installation
    psycopg = None  # type: ignore[assignment]

_MIGRATION_LOCK = 0x51_4C_56_42  # "QLVB"


class PostgresStore(Store):
    dialect = POSTGRES

    def __init__(self, dsn: str, pool_size: int = 4) -> None:
        if psycopg is None:
            raise StoreError("PostgreSQL needs psycopg 3: pip install 'qlvb-conformance[postgres]'")
        self.dsn = dsn
        self.pool_size = max(1, pool_size)
        self._pool: queue.LifoQueue[Any] = queue.LifoQueue()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        self._open = False

    @property
    def url(self) -> str:
        return self.dsn

    def _connect(self) -> Any:
        try:
            return psycopg.connect(self.dsn, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL: {exc}") from exc

    def open_sync(self) -> None:
        with self._lock:
            if self._open:
                return
            first = self._connect()
            with first.transaction():
                first.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                Tx(first.cursor(), POSTGRES).migrate()
            self._all.append(first)
            self._pool.put(first)
            self._open = True

    async def start(self) -> None:
        await asyncio.to_thread(self.open_sync)

    def close_sync(self) -> None:
        with self._lock:
            self._open = False
            conns, self._all = self._all, []
        for conn in conns:
            with contextlib.suppress(Exception):  # closing a broken connection
                conn.close()

    async def close(self) -> None:
        self.close_sync()

    def _take(self) -> Any:
        if not self._open:
            raise StoreError("store is not open")
        try:
            return self._pool.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._all) < self.pool_size:
                conn = self._connect()
                self._all.append(conn)
                return conn
        return self._pool.get(timeout=60)

    def _give(self, conn: Any) -> None:
        if conn.closed or conn.broken:
            with self._lock:
                if conn in self._all:
                    self._all.remove(conn)
            return
        self._pool.put(conn)

    def write_sync(self, op: Op[T]) -> T:
        for attempt in range(3):
            conn = self._take()
            try:
                with conn.transaction():
                    return op(Tx(conn.cursor(), POSTGRES))
            except (DuplicateRequest, psycopg.errors.UniqueViolation,
                    psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected):
                if attempt == 2:
                    raise
            finally:
                self._give(conn)
        raise AssertionError("unreachable")  # pragma: no cover

    def read_sync(self, op: Op[T]) -> T:
        conn = self._take()
        try:
            return op(Tx(conn.cursor(), POSTGRES))
        finally:
            self._give(conn)

    async def write(self, op: Op[T]) -> T:
        return await asyncio.to_thread(self.write_sync, op)

    async def read(self, op: Op[T]) -> T:
        return await asyncio.to_thread(self.read_sync, op)

    async def log(self, op: Op[Any]) -> None:
        # Committed before the reply goes out, so another worker's admin API sees it at once.
        await self.write(op)
