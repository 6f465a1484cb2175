"""SQLite backend: the embedded default.

Durability. The database runs in WAL mode and every acknowledged write is a committed
transaction. With `synchronous=NORMAL` (the default here) a WAL commit `write()`s its frames to
the WAL file before `COMMIT` returns but does not `fsync` them: they sit in the kernel's page
cache, which belongs to the kernel, not to the process, so a `kill -9` of the axis (or any crash
of the process) loses nothing that was acknowledged; the next open replays the WAL. What NORMAL
does not cover is a crash of the whole machine (power loss, kernel panic) before the next
checkpoint. `?synchronous=full` in the store URL adds an `fsync` of the WAL on every commit for
that case.

Group commit. Writes are not committed one by one: `write()` queues the operation and the event
loop runs everything queued during one turn as one transaction (each operation in its own
SAVEPOINT, so one failing operation does not undo the others), then wakes every waiter. The
work stays on the event-loop thread: at a few microseconds per statement that is cheaper than
handing it to a thread and fighting over the GIL; with FULL the batch's single fsync blocks the
loop for its duration, amortised over the batch.

Several processes may open the same file (busy timeout 10 s), though one process is the
intended shape for SQLite; use PostgreSQL for several workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from reference_axis.store.base import Op, Store, StoreError, T, Tx
from reference_axis.store.schema import SQLITE

SYNC_MODES = ("normal", "full", "extra")


CHECKPOINT_INTERVAL = 1.0
LOG_DELAY = 0.02  # traffic-log rows wait at most this long for a transaction to ride in


def _connect(path: str, synchronous: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous.upper()}")
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


class SqliteStore(Store):
    dialect = SQLITE
    # One process owns an SQLite store: it invalidates its own cache on every change it makes,
    # and looks at the shared control row only now and then (in case another process writes).
    revalidate_after = 0.25

    def __init__(self, path: str | os.PathLike[str], synchronous: str = "normal") -> None:
        if synchronous.lower() not in SYNC_MODES:
            raise StoreError(f"synchronous must be one of {', '.join(SYNC_MODES)}")
        self.path = str(Path(path))
        self.synchronous = synchronous.lower()
        self._writer: sqlite3.Connection | None = None
        self._reader: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # one batch at a time (write_sync may come from a thread)
        self._pending: list[tuple[Op[Any], asyncio.Future[Any] | None]] = []
        self._scheduled = False
        self._logs: list[Op[Any]] = []
        self._log_timer: asyncio.TimerHandle | None = None
        self._stop = threading.Event()
        self._checkpointer: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}?synchronous={self.synchronous}"

    # -- lifecycle ---------------------------------------------------------------------------
    def open_sync(self) -> None:
        with self._lock:
            if self._writer is not None:
                return
            parent = Path(self.path).parent
            if not parent.is_dir():
                raise StoreError(f"directory does not exist: {parent}")
            try:
                self._writer = _connect(self.path, self.synchronous)
                self._reader = _connect(self.path, self.synchronous)
                # Checkpoints (which fsync the database file) run in a thread of their own,
                # not inside a commit on the event loop.
                self._writer.execute("PRAGMA wal_autocheckpoint=0")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot open {self.path}: {exc}") from exc
            self._stop.clear()
            self._checkpointer = threading.Thread(target=self._checkpoint_loop,
                                                  name="axis-sqlite-checkpoint", daemon=True)
            self._checkpointer.start()
        self.write_sync(lambda tx: tx.migrate())

    def _checkpoint_loop(self) -> None:
        try:
            conn = _connect(self.path, self.synchronous)
        except sqlite3.Error:
            return
        try:
            while not self._stop.wait(CHECKPOINT_INTERVAL):
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            with contextlib.suppress(sqlite3.Error):
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()

    async def start(self) -> None:
        self.open_sync()

    def close_sync(self) -> None:
        if self._pending or self._logs:
            self._flush()
        self._stop.set()
        if self._checkpointer is not None:
            self._checkpointer.join(timeout=30)
            self._checkpointer = None
        with self._lock:
            for conn in (self._writer, self._reader):
                if conn is not None:
                    conn.close()
            self._writer = self._reader = None

    async def close(self) -> None:
        self.close_sync()

    # -- batches -----------------------------------------------------------------------------
    def _run_batch(self, batch: list[tuple[Op[Any], Any]]) -> list[tuple[Any, Any, Any]]:
        """Run the operations in one transaction; (target, value, exception) for each."""
        with self._lock:
            if self._writer is None:
                raise StoreError("store is not open")
            cur = self._writer.cursor()
            tx = Tx(cur, SQLITE)
            results: list[tuple[Any, Any, Any]] = []
            single = len(batch) == 1
            try:
                cur.execute("BEGIN IMMEDIATE")
                if single:  # no savepoint needed: the transaction is the operation's
                    op, target = batch[0]
                    try:
                        value = op(tx)
                    except Exception as exc:
                        cur.execute("ROLLBACK")
                        return [(target, None, exc)]
                    cur.execute("COMMIT")
                    return [(target, value, None)]
                for op, target in batch:
                    cur.execute("SAVEPOINT op")
                    try:
                        value = op(tx)
                    except Exception as exc:  # the op's own error goes to its caller
                        cur.execute("ROLLBACK TO op")
                        cur.execute("RELEASE op")
                        results.append((target, None, exc))
                    else:
                        cur.execute("RELEASE op")
                        results.append((target, value, None))
                cur.execute("COMMIT")
            except sqlite3.Error as exc:
                if self._writer.in_transaction:
                    self._writer.execute("ROLLBACK")
                return [(target, None, StoreError(f"SQLite: {exc}")) for _, target in batch]
            return results

    def _flush(self) -> None:
        self._scheduled = False
        if self._log_timer is not None:
            self._log_timer.cancel()
            self._log_timer = None
        logs, self._logs = self._logs, []
        batch = [(op, None) for op in logs] + self._pending
        self._pending = []
        if not batch:
            return
        try:
            results = self._run_batch(batch)
        except StoreError as exc:
            results = [(target, None, exc) for _, target in batch]
        for fut, value, exc in results:
            if fut is None or fut.done():
                continue
            if exc is None:
                fut.set_result(value)
            else:
                fut.set_exception(exc)

    def _enqueue(self, op: Op[Any], fut: asyncio.Future[Any] | None) -> None:
        if self._writer is None:
            raise StoreError("store is not open")
        self._pending.append((op, fut))
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)

    # -- API ---------------------------------------------------------------------------------
    async def write(self, op: Op[T]) -> T:
        fut: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._enqueue(op, fut)
        return await fut

    async def log(self, op: Op[Any]) -> None:
        """Queued for the next transaction, or for its own after LOG_DELAY: traffic-log rows
        ride along with the writes instead of costing a commit each."""
        if self._writer is None:
            raise StoreError("store is not open")
        self._logs.append(op)
        if self._log_timer is None and not self._scheduled:
            self._log_timer = asyncio.get_running_loop().call_later(LOG_DELAY, self._flush)

    async def flush(self) -> None:
        if self._pending or self._logs:
            self._flush()

    def write_sync(self, op: Op[T]) -> T:
        [(_, value, exc)] = self._run_batch([(op, None)])
        if exc is not None:
            raise exc
        return value  # type: ignore[no-any-return]

    async def read(self, op: Op[T]) -> T:
        return self.read_sync(op)

    def read_sync(self, op: Op[T]) -> T:
        if self._reader is None:
            raise StoreError("store is not open")
        return op(Tx(self._reader.cursor(), SQLITE))
