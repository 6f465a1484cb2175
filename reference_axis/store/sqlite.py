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
loop for its duration, amortised over the batch. Reads use the same connection when no batch
holds it (its page cache survives its own commits; another connection's would be emptied by
every commit).

The traffic log (`log_traffic`) and fetch counters (`log`). By default (`?log=batched`) they
do not wait for a commit: they ride in the next write transaction, or in one of their own
after at most LOG_DELAY (5 ms); the traffic rows of a transaction go in with one
`executemany`, serialised before the transaction starts. A clean shutdown (SIGTERM/SIGINT:
uvicorn finishes the open requests, then the lifespan closes the store) commits every queued
row. What a `kill -9` can lose is exactly what is still queued: the log rows of requests
answered in the last LOG_DELAY before the kill (or since the last write transaction, if that
is sooner), and the fetch time and count of a getEdoc answered in that window. Never a package,
a delivery, a status change or a retry record: those are committed before their reply is sent.
The row of an acknowledged sendEdoc can be among the lost log rows; its package cannot (the
document keeps the exchange id). With `?log=sync`, and always with several workers, each log
write waits for the commit of its batch before the reply is sent: a `kill -9` then loses no
log row of an answered request (the rows of requests in flight, never answered, can be lost).

Several workers (`axis serve --workers N` on one SQLite file). SQLite lets one process at a
time write; the workers take turns through an exclusive `flock` on `<db>-writer.lock`, held
from BEGIN to COMMIT: the worker whose turn it is not waits for it in a thread (a kernel wait,
woken when the other releases it) while its event loop keeps serving requests and its batch
keeps growing. SQLite's own lock still guards the data; should another program hold it, the
writer never sleeps in SQLite's busy handler on the event loop: the batch goes back to the queue
and is retried every BUSY_RETRY, for at most BUSY_TIMEOUT. Retry de-duplication and the
"same timestamp" memory are decided inside the write transaction, so they hold across
workers; log writes wait for their commit (a row written by one worker is visible at once to
the admin API of every other). A worker that commits a change of the shared settings
(systems, agencies, clock, faults: the control version moves) increments a counter mapped
from `<db>-changes`, while it holds the turn; every worker compares it with the one its cached
settings were read at before each request, so it sees another worker's change at once without
a query (and still re-reads the control row every second, for changes made by other programs).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import fcntl
import logging
import mmap
import os
import sqlite3
import struct
import threading
import time
from pathlib import Path
from typing import Any

from reference_axis.store.base import Op, Store, StoreError, T, Tx
from reference_axis.store.schema import SQLITE

log = logging.getLogger("reference_axis.store")

SYNC_MODES = ("normal", "full", "extra")

CHECKPOINT_INTERVAL = 1.0
LOG_DELAY = 0.005  # traffic-log rows wait at most this long for a transaction to ride in
BUSY_RETRY = 0.001  # another process holds the write lock: try again after this long
BUSY_TIMEOUT = 10.0
CACHE_KIB = 32 * 1024  # page cache per connection


class _Busy(Exception):
    """Another process holds the write lock."""


class _WriterTurn:
    """The write transactions of several processes, in turn: an exclusive `flock` on a file
    next to the database, held from BEGIN to COMMIT. Waiting for it is a kernel wait (woken the
    moment the other process releases it), in a thread, so the event loop keeps serving; SQLite
    alone would make the waiter poll. SQLite's own lock still guards the data: this only
    orders the writers."""

    def __init__(self, db_path: str) -> None:
        self.fd = os.open(db_path + "-writer.lock", os.O_RDWR | os.O_CREAT, 0o600)
        self.held = False
        self.waiting = False
        self.executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="axis-sqlite-turn")

    def try_acquire(self) -> bool:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self.held = True
        return True

    def acquire(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        self.held = True

    def release(self) -> None:
        if self.held:
            self.held = False
            fcntl.flock(self.fd, fcntl.LOCK_UN)

    def close(self) -> None:
        self.release()
        self.executor.shutdown(wait=False, cancel_futures=True)
        if not self.waiting:  # (a thread still waiting keeps the file: the process is ending)
            os.close(self.fd)


class _ChangeCounter:
    """A counter in a small file next to the database, mapped in every worker: a worker that
    commits a change of the shared settings (the control version moved) increments it while it
    holds the writers' turn, so the others see at once, without a query, that their cached
    settings are stale."""

    def __init__(self, db_path: str) -> None:
        fd = os.open(db_path + "-changes", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < 8:
                os.write(fd, bytes(8))
            self.map = mmap.mmap(fd, 8)
        finally:
            os.close(fd)

    def value(self) -> int:
        return int(struct.unpack_from("<Q", self.map, 0)[0])

    def bump(self) -> None:
        struct.pack_into("<Q", self.map, 0, (self.value() + 1) & 0xFFFF_FFFF_FFFF_FFFF)

    def close(self) -> None:
        self.map.close()


class _Waiters(list):  # type: ignore[type-arg]
    """The futures of every request whose traffic row is in this batch's log operation."""


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def _connect(path: str, synchronous: str, busy_ms: int = 10000) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                           timeout=busy_ms / 1000)
    conn.execute(f"PRAGMA busy_timeout={busy_ms}")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous.upper()}")
    conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
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
        self._traffic: list[dict[str, Any]] = []
        self._traffic_waiters: list[asyncio.Future[Any]] = []
        # Wait for the commit of each log write before returning (several workers: a row
        # written by one is then visible to the admin API of every other at once).
        self.log_sync = False
        # Several processes write to this file (`axis serve --workers N`): take turns.
        self.shared = False
        self._turn: _WriterTurn | None = None
        self._changes: _ChangeCounter | None = None
        self._busy_since: float | None = None
        self._log_timer: asyncio.TimerHandle | None = None
        self._stop = threading.Event()
        self._checkpointer: threading.Thread | None = None

    @property
    def url(self) -> str:
        mode = "&log=sync" if self.log_sync else ""
        return f"sqlite:///{self.path}?synchronous={self.synchronous}{mode}"

    def share_with_workers(self) -> None:
        """This process is one of several workers on the same file (see the module's doc)."""
        self.shared = True
        self.log_sync = True
        self.revalidate_after = 0.0

    # -- lifecycle ---------------------------------------------------------------------------
    def open_sync(self) -> None:
        with self._lock:
            if self._writer is not None:
                return
            parent = Path(self.path).parent
            if not parent.is_dir():
                raise StoreError(f"directory does not exist: {parent}")
            try:
                # The writer never waits inside SQLite's busy handler (see _begin).
                self._writer = _connect(self.path, self.synchronous, busy_ms=0)
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
        if self._pending or self._logs or self._traffic:
            self._flush(wait=True)
        if self._turn is not None:
            self._turn.close()
            self._turn = None
        if self._changes is not None:
            self._changes.close()
            self._changes = None
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
    def _begin(self, cur: sqlite3.Cursor, wait: bool) -> None:
        """BEGIN IMMEDIATE (take the write lock now). Another process holding it raises _Busy
        at once (`wait=False`, the event loop's batches) or is waited for in 1 ms steps up to
        BUSY_TIMEOUT (`wait=True`, blocking callers)."""
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                cur.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
                if not wait:
                    raise _Busy from exc
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.001)

    def _run_batch(self, batch: list[tuple[Op[Any], Any]], *, wait: bool = True
                   ) -> list[tuple[Any, Any, Any]]:
        """Run the operations in one transaction; (target, value, exception) for each."""
        with self._lock:
            if self._writer is None:
                raise StoreError("store is not open")
            cur = self._writer.cursor()
            tx = Tx(cur, SQLITE)
            results: list[tuple[Any, Any, Any]] = []
            single = len(batch) == 1
            try:
                self._begin(cur, wait)
                if single:  # no savepoint needed: the transaction is the operation's
                    op, target = batch[0]
                    try:
                        value = op(tx)
                    except Exception as exc:
                        cur.execute("ROLLBACK")
                        return [(target, None, exc)]
                    cur.execute("COMMIT")
                    self._committed(tx)
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
                self._committed(tx)
            except sqlite3.Error as exc:
                if self._writer.in_transaction:
                    self._writer.execute("ROLLBACK")
                return [(target, None, StoreError(f"SQLite: {exc}")) for _, target in batch]
            return results

    def _committed(self, tx: Tx) -> None:
        if tx.bumped and self.shared:
            self._change_counter().bump()

    def _change_counter(self) -> _ChangeCounter:
        if self._changes is None:
            self._changes = _ChangeCounter(self.path)
        return self._changes

    def change_token(self) -> int | None:
        if not self.shared or self._writer is None:
            return None
        return self._change_counter().value()

    def _take_turn(self, wait: bool) -> bool:
        """Shared store: hold the writers' turn before a batch. False when it is not ours yet:
        a thread waits for it and runs `_flush` again when it comes."""
        if not self.shared or self._writer is None:
            return True
        if self._turn is None:
            self._turn = _WriterTurn(self.path)
        turn = self._turn
        if turn.held or turn.try_acquire():
            return True
        if wait:
            turn.acquire()
            return True
        if not turn.waiting:
            turn.waiting = True
            self._scheduled = True
            loop = asyncio.get_running_loop()
            loop.run_in_executor(turn.executor, turn.acquire).add_done_callback(
                self._turn_came)
        return False

    def _turn_came(self, fut: asyncio.Future[None]) -> None:
        if self._turn is not None:
            self._turn.waiting = False
        if fut.cancelled() or fut.exception() is not None:
            log.error("axis: cannot take the SQLite writers' turn: %s",
                      "cancelled" if fut.cancelled() else fut.exception())
        self._flush()

    def _flush(self, wait: bool = False) -> None:
        self._scheduled = False
        if self._log_timer is not None:
            self._log_timer.cancel()
            self._log_timer = None
        if not (self._pending or self._logs or self._traffic):
            if self._turn is not None:
                self._turn.release()  # (a turn that came when there was nothing left to do)
            return
        if not self._take_turn(wait):
            return
        try:
            self._flush_batch(wait)
        finally:
            if self._turn is not None:
                self._turn.release()

    def _flush_batch(self, wait: bool) -> None:
        logs, self._logs = self._logs, []
        traffic, self._traffic = self._traffic, []
        waiters, self._traffic_waiters = self._traffic_waiters, []
        pending, self._pending = self._pending, []
        batch: list[tuple[Op[Any], Any]] = [(op, None) for op in logs]
        if traffic:  # serialised before the transaction: the write lock is held less long
            try:
                rows: list[tuple[Any, ...]] | None = [Tx.traffic_row(e) for e in traffic]
            except Exception:  # then inside, where the failure is the log operation's own
                rows = None
            batch.append((lambda tx: tx.log_traffic(traffic, rows), _Waiters(waiters)))
        batch += pending
        if not batch:
            return
        try:
            results = self._run_batch(batch, wait=wait)
        except _Busy:
            # Another process is writing: keep everything, in order, and try again shortly
            # (the event loop serves other requests meanwhile).
            now = time.monotonic()
            self._busy_since = self._busy_since or now
            if now - self._busy_since <= BUSY_TIMEOUT:
                self._logs[:0] = logs
                self._traffic[:0] = traffic
                self._traffic_waiters[:0] = waiters
                self._pending[:0] = pending
                self._scheduled = True
                asyncio.get_running_loop().call_later(BUSY_RETRY, self._flush)
                return
            error = StoreError("SQLite: the database stayed locked by another process")
            results = [(target, None, error) for _, target in batch]
        except StoreError as exc:
            results = [(target, None, exc) for _, target in batch]
        self._busy_since = None
        for target, value, exc in results:
            for fut in target if isinstance(target, _Waiters) else (target,):
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
        """Queued for the next transaction, or for its own after LOG_DELAY: log writes ride
        along with the writes instead of costing a commit each (`log_sync`: and waits for it)."""
        if self.log_sync:
            await self.write(op)
            return
        if self._writer is None:
            raise StoreError("store is not open")
        self._logs.append(op)
        self._arm_log_timer()

    async def log_traffic(self, entry: dict[str, Any]) -> None:
        """Traffic rows: all those queued go in with one statement per transaction."""
        if self._writer is None:
            raise StoreError("store is not open")
        self._traffic.append(entry)
        if not self.log_sync:
            self._arm_log_timer()
            return
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._traffic_waiters.append(fut)
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)
        await fut

    def _arm_log_timer(self) -> None:
        if self._log_timer is None and not self._scheduled:
            self._log_timer = asyncio.get_running_loop().call_later(LOG_DELAY, self._flush)

    async def flush(self) -> None:
        if self._pending or self._logs or self._traffic:
            await self.write(lambda tx: None)

    def write_sync(self, op: Op[T]) -> T:
        self._take_turn(wait=True)
        try:
            [(_, value, exc)] = self._run_batch([(op, None)], wait=True)
        finally:
            if self._turn is not None:
                self._turn.release()
        if exc is not None:
            raise exc
        return value  # type: ignore[no-any-return]

    async def read(self, op: Op[T]) -> T:
        return self.read_sync(op)

    def read_sync(self, op: Op[T]) -> T:
        """Reads go through the writer's connection when no batch holds it: its page cache
        survives its own commits, while any commit empties another connection's (SQLite
        re-reads every page after the WAL changed). The reader connection serves reads made
        while a batch runs in another thread (`write_sync`)."""
        if self._writer is None or self._reader is None:
            raise StoreError("store is not open")
        if self._lock.acquire(blocking=False):
            try:
                return op(Tx(self._writer.cursor(), SQLITE))
            finally:
                self._lock.release()
        return op(Tx(self._reader.cursor(), SQLITE))
