"""The SQLite store's machinery for throughput: batched and synchronous traffic-log writes, the
writers' turn and the change counter that several worker processes share, and what happens
when another program holds the database's write lock."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

from reference_axis.store import open_store
from reference_axis.store.sqlite import SqliteStore


def entry(exchange_id: str, **extra: object) -> dict[str, object]:
    return {"exchange_id": exchange_id, "at": 1.0, "at_real": 1.0, "duration_ms": 0.5,
            "method": "POST", "path": "/getAgenciesList", "call": "getAgenciesList",
            "verified": 1, "findings": [], **extra}


def rows_seen_by_another_connection(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM traffic").fetchone()[0])
    finally:
        conn.close()


def test_batched_log_rows_are_committed_within_the_delay_and_on_close(tmp_path: Path) -> None:
    db = tmp_path / "axis.db"
    store = open_store(f"sqlite:///{db}")
    assert isinstance(store, SqliteStore) and not store.log_sync

    async def run() -> tuple[int, int]:
        await store.start()
        await store.log_traffic(entry("a"))
        queued = rows_seen_by_another_connection(db)  # not committed yet: queued
        await asyncio.sleep(0.05)  # > LOG_DELAY
        later = rows_seen_by_another_connection(db)
        await store.log_traffic(entry("b"))
        await store.close()  # a clean shutdown commits what is queued
        return queued, later

    queued, later = asyncio.run(run())
    assert (queued, later) == (0, 1)
    assert rows_seen_by_another_connection(db) == 2


def test_sync_log_rows_are_committed_before_log_traffic_returns(tmp_path: Path) -> None:
    db = tmp_path / "axis.db"
    store = open_store(f"sqlite:///{db}?log=sync")
    assert isinstance(store, SqliteStore) and store.log_sync and store.url.endswith("log=sync")

    async def run() -> int:
        await store.start()
        await asyncio.gather(*(store.log_traffic(entry(f"x{i}")) for i in range(20)))
        seen = rows_seen_by_another_connection(db)
        await store.close()
        return seen

    assert asyncio.run(run()) == 20


def shared(db: Path) -> SqliteStore:
    store = SqliteStore(db)
    store.share_with_workers()
    store.open_sync()
    return store


def test_the_change_counter_moves_with_the_shared_settings_only(tmp_path: Path) -> None:
    db = tmp_path / "axis.db"
    a, b = shared(db), shared(db)
    try:
        token = b.change_token()
        assert token is not None
        a.write_sync(lambda tx: tx.record_fetch("no-such-doc", 1.0))  # an ordinary write
        assert b.change_token() == token
        a.write_sync(lambda tx: tx.set_clock("offset", 60.0, None))  # a settings change
        assert b.change_token() == token + 1
        a.write_sync(lambda tx: tx.add_fault("drop", "*", None, 1, {}, 1.0))
        assert b.change_token() == token + 2 == a.change_token()
    finally:
        a.close_sync()
        b.close_sync()
    single = SqliteStore(tmp_path / "other.db")
    single.open_sync()
    try:
        assert single.change_token() is None  # one process: its own cache, no counter
    finally:
        single.close_sync()


def test_workers_take_turns_to_write(tmp_path: Path) -> None:
    """While one worker holds the turn, another's write waits for it (in a thread: its event
    loop keeps running) and goes through as soon as the turn is released."""
    db = tmp_path / "axis.db"
    a, b = shared(db), shared(db)
    try:
        assert a._take_turn(wait=False) and a._turn is not None and a._turn.held

        async def run() -> tuple[bool, int, float]:
            ticks = 0

            async def ticker() -> None:
                nonlocal ticks
                while True:
                    ticks += 1
                    await asyncio.sleep(0.01)

            tick = asyncio.create_task(ticker())
            threading.Timer(0.2, a._turn.release).start()  # type: ignore[union-attr]
            t0 = time.monotonic()
            await b.write(lambda tx: tx.set_clock("offset", 5.0, None))
            waited = time.monotonic() - t0
            tick.cancel()
            return b._turn is not None and not b._turn.held, ticks, waited

        released, ticks, waited = asyncio.run(run())
        assert released and waited >= 0.15 and ticks >= 8
        assert a.read_sync(lambda tx: tx.control()).clock_offset == 5.0
    finally:
        a.close_sync()
        b.close_sync()


def test_a_write_waits_for_another_writer_without_blocking_the_event_loop(
        tmp_path: Path) -> None:
    db = tmp_path / "axis.db"
    store = open_store(f"sqlite:///{db}")
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)

    async def run() -> tuple[int, float]:
        await store.start()
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        threading.Timer(0.2, lambda: other.execute("COMMIT")).start()
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        tick = asyncio.create_task(ticker())
        t0 = time.monotonic()
        await store.write(lambda tx: tx.set_clock("offset", 1.0, None))
        waited = time.monotonic() - t0
        tick.cancel()
        await store.close()
        return ticks, waited

    ticks, waited = asyncio.run(run())
    other.close()
    assert waited >= 0.15  # it did wait for the lock
    assert ticks >= 8  # and the loop kept running meanwhile
