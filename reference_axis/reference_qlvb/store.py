"""The agent's durable store (SQLite): the outgoing register, the incoming register, the history
of each document's statuses, the deliveries fetched from the axis and the status packages that
answered nothing known.

* Outgoing register (sổ văn bản đi): one row per document, numbered in a series per agency,
  series and year from 01 on 1 January (`next_number`); số và ký hiệu unique per agency and year,
  the number unique per series and year (NĐ 30 Điều 15) — both enforced by UNIQUE constraints.
* Incoming register (sổ văn bản đến): one row per (receiving agency, DocumentId); the arrival
  number (số đến) is given on acceptance, unique per agency and year (LC2019-7.1c), from 1 on
  1 January; `arrival_numbers` holds the numbers given, with a primary key that forbids reuse.
* History (QD28-10.2p): every status sent or received and every local event, with its time.
* Change requests: each revocation, update or replacement of a received document, from its
  arrival until it is answered (15 agreed / 16 refused) by the clerk or by the agent.

All times are ISO 8601 text in Vietnam time. One connection, serialised by a lock; writes run
in `BEGIN IMMEDIATE` transactions, so the registers stay consistent when several threads (the
HTTP driver, a background poller) use the agent.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters (
    agency TEXT NOT NULL, series TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL,
    PRIMARY KEY (agency, series, year));
CREATE TABLE IF NOT EXISTS outgoing (
    id INTEGER PRIMARY KEY,
    agency TEXT NOT NULL, year INTEGER NOT NULL, series TEXT NOT NULL, number INTEGER NOT NULL,
    number_text TEXT NOT NULL, notation TEXT NOT NULL, code TEXT NOT NULL,
    document_id TEXT NOT NULL UNIQUE, promulgation_date TEXT NOT NULL,
    type_name TEXT, subject TEXT, priority TEXT, form TEXT,
    recipients TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL, issued_at TEXT NOT NULL, signed_at TEXT, deadline TEXT, sent_at TEXT,
    axis_doc_id TEXT, package BLOB, pending_change TEXT, error TEXT, replaces TEXT,
    UNIQUE (agency, year, code), UNIQUE (agency, series, year, number));
CREATE TABLE IF NOT EXISTS incoming (
    id INTEGER PRIMARY KEY,
    agency TEXT NOT NULL, copy_no INTEGER NOT NULL DEFAULT 0, document_id TEXT NOT NULL,
    sender TEXT, code TEXT, promulgation_date TEXT, subject TEXT, type_name TEXT, priority TEXT,
    received_at TEXT NOT NULL, year INTEGER NOT NULL, arrival_number INTEGER,
    state TEXT NOT NULL, reason TEXT, failed_rule TEXT, checks TEXT NOT NULL DEFAULT '[]',
    package BLOB, deliveries TEXT NOT NULL DEFAULT '[]',
    UNIQUE (agency, document_id, copy_no));
CREATE TABLE IF NOT EXISTS arrival_numbers (
    agency TEXT NOT NULL, year INTEGER NOT NULL, number INTEGER NOT NULL,
    incoming_id INTEGER NOT NULL, PRIMARY KEY (agency, year, number));
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY,
    direction TEXT NOT NULL, record_id INTEGER NOT NULL, document_id TEXT NOT NULL,
    agency TEXT NOT NULL, party TEXT, code TEXT NOT NULL, event TEXT NOT NULL,
    at TEXT NOT NULL, description TEXT, axis_doc_id TEXT);
CREATE INDEX IF NOT EXISTS history_record ON history (direction, record_id);
CREATE TABLE IF NOT EXISTS deliveries (
    axis_doc_id TEXT PRIMARY KEY, messagetype TEXT NOT NULL, to_code TEXT,
    state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, at TEXT NOT NULL, note TEXT);
CREATE TABLE IF NOT EXISTS change_requests (
    id INTEGER PRIMARY KEY,
    incoming_id INTEGER NOT NULL, agency TEXT NOT NULL, document_id TEXT NOT NULL,
    kind TEXT NOT NULL, requester TEXT, reason TEXT, answered TEXT NOT NULL DEFAULT '{}',
    subject TEXT, package BLOB, replacement TEXT, axis_doc_id TEXT, received_at TEXT NOT NULL,
    state TEXT NOT NULL, answered_at TEXT, answered_by TEXT, answer TEXT);
CREATE INDEX IF NOT EXISTS change_requests_doc ON change_requests (agency, document_id);
CREATE TABLE IF NOT EXISTS sent_log (
    id INTEGER PRIMARY KEY, axis_doc_id TEXT, agency TEXT NOT NULL, messagetype TEXT NOT NULL,
    at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orphans (
    id INTEGER PRIMARY KEY, axis_doc_id TEXT, at TEXT NOT NULL, from_code TEXT,
    status_code TEXT, response_for TEXT, description TEXT, reason TEXT NOT NULL, package BLOB);
"""


#: the figures of `Store.exchange_counts` (and of the driver API's statistics)
EXCHANGE_KEYS = ("sent_edoc", "sent_status", "received_edoc", "received_status")


def _json_list(value: str | None) -> tuple[Any, ...]:
    return tuple(json.loads(value)) if value else ()


@dataclass(frozen=True)
class OutgoingRecord:
    id: int
    agency: str
    year: int
    series: str
    number: int
    number_text: str
    notation: str
    code: str
    document_id: str
    promulgation_date: str
    type_name: str | None
    subject: str | None
    priority: str | None
    form: str | None
    recipients: tuple[str, ...]
    state: str  # issued | sent | send_failed | revocation_requested | revoked |
    #             revocation_refused | replaced
    issued_at: str
    signed_at: str | None
    deadline: str | None
    sent_at: str | None
    axis_doc_id: str | None
    package: bytes | None
    pending_change: str | None  # revoke | update | None
    error: str | None
    replaces: str | None


@dataclass(frozen=True)
class IncomingRecord:
    id: int
    agency: str
    copy_no: int
    document_id: str
    sender: str | None
    code: str | None
    promulgation_date: str | None
    subject: str | None
    type_name: str | None
    priority: str | None
    received_at: str
    year: int
    arrival_number: int | None
    state: str  # arrived | accepted | rejected | assigned | processing | completed |
    #             cancelled | replaced
    reason: str | None
    failed_rule: str | None
    checks: tuple[dict[str, Any], ...]
    package: bytes | None
    deliveries: tuple[str, ...]


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    direction: str  # "out" (a document we issued) | "in" (a document we received)
    record_id: int
    document_id: str
    agency: str  # our agency
    party: str | None  # the other agency
    code: str  # status code ("01" … "16") or a local event ("issued", "sent", "cancelled", …)
    event: str  # "sent" (we sent it) | "received" (it reached us) | "local"
    at: str
    description: str | None
    axis_doc_id: str | None


@dataclass(frozen=True)
class ChangeRequest:
    """A sender's revocation, update or replacement of a document we received."""

    id: int
    incoming_id: int
    agency: str
    document_id: str
    kind: str  # revoke | remove (update taking us off the receivers) | update | replace
    requester: str | None
    reason: str | None
    answered: dict[str, Any]  # the ResponseFor fields the answer (15 / 16) names
    subject: str | None  # update: the new subject
    package: bytes | None  # update: the update package, kept as the document's new package
    replacement: str | None  # replace: the new document's số và ký hiệu
    axis_doc_id: str | None
    received_at: str
    state: str  # pending | agreed | refused
    answered_at: str | None
    answered_by: str | None  # clerk | agent
    answer: str | None  # the Description of the 15 / 16 sent


@dataclass(frozen=True)
class Orphan:
    id: int
    axis_doc_id: str | None
    at: str
    from_code: str | None
    status_code: str | None
    response_for: str | None
    description: str | None
    reason: str


_JSON_FIELDS = {"recipients", "checks", "deliveries"}


def _record(cls: type, row: sqlite3.Row) -> Any:
    values = {}
    for f in fields(cls):
        value = row[f.name]
        if f.name in _JSON_FIELDS:
            value = _json_list(value)
        elif f.name == "answered":
            value = json.loads(value) if value else {}
        elif f.name == "package" and value is not None:
            value = bytes(value)
        values[f.name] = value
    return cls(**values)


class Store:
    """The agent's SQLite database (a file, or ":memory:")."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                   timeout=30.0)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._depth = 0
        with self._lock:
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(SCHEMA)
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                             (str(SCHEMA_VERSION),))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- transactions ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error); nested calls join the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            self._db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")
            finally:
                self._depth = 0

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, params)

    def _one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            return self._db.execute(sql, params).fetchone()

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # --- the outgoing register -----------------------------------------------------------------
    def next_number(self, agency: str, series: str, year: int) -> int:
        """The next number of a series in a year: 1 for the first document of the year."""
        with self.transaction():
            row = self._one("SELECT last FROM counters WHERE agency = ? AND series = ? AND "
                            "year = ?", (agency, series, year))
            number = (row["last"] if row else 0) + 1
            self._exec("INSERT INTO counters (agency, series, year, last) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (agency, series, year) DO UPDATE SET last = excluded.last",
                       (agency, series, year, number))
            return number

    def add_outgoing(self, **values: Any) -> OutgoingRecord:
        values = dict(values)
        values["recipients"] = json.dumps(list(values.get("recipients", ())), ensure_ascii=False)
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with self.transaction():
            cur = self._exec(f"INSERT INTO outgoing ({columns}) VALUES ({marks})",
                             list(values.values()))
            record = self.outgoing_by_id(int(cur.lastrowid or 0))
        assert record is not None
        return record

    def update_outgoing(self, record_id: int, **values: Any) -> OutgoingRecord:
        if "recipients" in values:
            values["recipients"] = json.dumps(list(values["recipients"]), ensure_ascii=False)
        sets = ", ".join(f"{k} = ?" for k in values)
        with self.transaction():
            self._exec(f"UPDATE outgoing SET {sets} WHERE id = ?", [*values.values(), record_id])
            record = self.outgoing_by_id(record_id)
        assert record is not None
        return record

    def outgoing_by_id(self, record_id: int) -> OutgoingRecord | None:
        row = self._one("SELECT * FROM outgoing WHERE id = ?", (record_id,))
        return _record(OutgoingRecord, row) if row else None

    def outgoing(self, document_id: str) -> OutgoingRecord | None:
        row = self._one("SELECT * FROM outgoing WHERE document_id = ?", (document_id,))
        return _record(OutgoingRecord, row) if row else None

    def outgoing_list(self, agency: str | None = None) -> list[OutgoingRecord]:
        if agency is None:
            rows = self._all("SELECT * FROM outgoing ORDER BY id")
        else:
            rows = self._all("SELECT * FROM outgoing WHERE agency = ? ORDER BY id", (agency,))
        return [_record(OutgoingRecord, r) for r in rows]

    # --- the incoming register -----------------------------------------------------------------
    def add_incoming(self, **values: Any) -> IncomingRecord:
        values = dict(values)
        for key in ("checks", "deliveries"):
            values[key] = json.dumps(list(values.get(key, ())), ensure_ascii=False)
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with self.transaction():
            cur = self._exec(f"INSERT INTO incoming ({columns}) VALUES ({marks})",
                             list(values.values()))
            record = self.incoming_by_id(int(cur.lastrowid or 0))
        assert record is not None
        return record

    def update_incoming(self, record_id: int, **values: Any) -> IncomingRecord:
        for key in ("checks", "deliveries"):
            if key in values:
                values[key] = json.dumps(list(values[key]), ensure_ascii=False)
        sets = ", ".join(f"{k} = ?" for k in values)
        with self.transaction():
            self._exec(f"UPDATE incoming SET {sets} WHERE id = ?", [*values.values(), record_id])
            record = self.incoming_by_id(record_id)
        assert record is not None
        return record

    def incoming_by_id(self, record_id: int) -> IncomingRecord | None:
        row = self._one("SELECT * FROM incoming WHERE id = ?", (record_id,))
        return _record(IncomingRecord, row) if row else None

    def incoming(self, agency: str, document_id: str) -> IncomingRecord | None:
        """The record of a document received by `agency` (its first registration)."""
        row = self._one("SELECT * FROM incoming WHERE agency = ? AND document_id = ? "
                        "ORDER BY copy_no LIMIT 1", (agency, document_id))
        return _record(IncomingRecord, row) if row else None

    def incoming_copies(self, agency: str, document_id: str) -> list[IncomingRecord]:
        rows = self._all("SELECT * FROM incoming WHERE agency = ? AND document_id = ? "
                         "ORDER BY copy_no", (agency, document_id))
        return [_record(IncomingRecord, r) for r in rows]

    def incoming_any(self, document_id: str) -> list[IncomingRecord]:
        rows = self._all("SELECT * FROM incoming WHERE document_id = ? ORDER BY id",
                         (document_id,))
        return [_record(IncomingRecord, r) for r in rows]

    def incoming_list(self, agency: str | None = None) -> list[IncomingRecord]:
        if agency is None:
            rows = self._all("SELECT * FROM incoming ORDER BY id")
        else:
            rows = self._all("SELECT * FROM incoming WHERE agency = ? ORDER BY id", (agency,))
        return [_record(IncomingRecord, r) for r in rows]

    def allocate_arrival_number(self, agency: str, year: int, incoming_id: int, *,
                                reuse_last: bool = False) -> int:
        """The next arrival number of `agency` in `year` (1 for the first), recorded as taken.
        `reuse_last` (a faulty variant) hands out the last number again instead."""
        with self.transaction():
            row = self._one("SELECT MAX(number) AS n FROM arrival_numbers WHERE agency = ? AND "
                            "year = ?", (agency, year))
            last = int(row["n"]) if row and row["n"] is not None else 0
            if reuse_last and last:
                return last
            number = last + 1
            self._exec("INSERT INTO arrival_numbers (agency, year, number, incoming_id) "
                       "VALUES (?, ?, ?, ?)", (agency, year, number, incoming_id))
            return number

    # --- what went through the axis --------------------------------------------------------------
    def log_sent(self, *, axis_doc_id: str | None, agency: str, messagetype: str, at: str) -> None:
        """One sendEdoc the axis accepted (a document or status package)."""
        self._exec("INSERT INTO sent_log (axis_doc_id, agency, messagetype, at) VALUES "
                   "(?, ?, ?, ?)", (axis_doc_id, agency, messagetype, at))

    def exchange_counts(self) -> dict[str, dict[str, int]]:
        """agency → sent_edoc, sent_status, received_edoc, received_status: the packages the
        axis accepted from it and the deliveries it fetched (read or not), by message type."""
        out: dict[str, dict[str, int]] = {}

        def add(agency: str | None, key: str, n: int) -> None:
            row = out.setdefault(agency or "", dict.fromkeys(EXCHANGE_KEYS, 0))
            row[key] += n

        for r in self._all("SELECT agency, messagetype, COUNT(*) AS n FROM sent_log "
                           "GROUP BY agency, messagetype"):
            add(r["agency"], f"sent_{'status' if r['messagetype'] == 'status' else 'edoc'}",
                int(r["n"]))
        for r in self._all("SELECT to_code, messagetype, COUNT(*) AS n FROM deliveries "
                           "GROUP BY to_code, messagetype"):
            add(r["to_code"],
                f"received_{'status' if r['messagetype'] == 'status' else 'edoc'}", int(r["n"]))
        return out

    # --- history ---------------------------------------------------------------------------------
    def add_history(self, *, direction: str, record_id: int, document_id: str, agency: str,
                    code: str, event: str, at: str, party: str | None = None,
                    description: str | None = None, axis_doc_id: str | None = None) -> None:
        self._exec("INSERT INTO history (direction, record_id, document_id, agency, party, code, "
                   "event, at, description, axis_doc_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (direction, record_id, document_id, agency, party, code, event, at,
                    description, axis_doc_id))

    def history(self, direction: str, record_id: int) -> list[HistoryEntry]:
        rows = self._all("SELECT * FROM history WHERE direction = ? AND record_id = ? "
                         "ORDER BY id", (direction, record_id))
        return [_record(HistoryEntry, r) for r in rows]

    # --- deliveries fetched from the axis --------------------------------------------------------
    def delivery(self, axis_doc_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT * FROM deliveries WHERE axis_doc_id = ?", (axis_doc_id,))
        return dict(row) if row else None

    def mark_delivery(self, axis_doc_id: str, *, messagetype: str, to_code: str | None,
                      state: str, at: str, note: str | None = None,
                      count_attempt: bool = False) -> int:
        """Record what became of a delivery; returns the attempts made so far."""
        with self.transaction():
            row = self._one("SELECT attempts FROM deliveries WHERE axis_doc_id = ?",
                            (axis_doc_id,))
            attempts = (int(row["attempts"]) if row else 0) + (1 if count_attempt else 0)
            self._exec("INSERT INTO deliveries (axis_doc_id, messagetype, to_code, state, "
                       "attempts, at, note) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
                       "(axis_doc_id) DO UPDATE SET state = excluded.state, attempts = "
                       "excluded.attempts, at = excluded.at, note = excluded.note",
                       (axis_doc_id, messagetype, to_code, state, attempts, at, note))
            return attempts

    # --- change requests on received documents ---------------------------------------------------
    def add_change_request(self, **values: Any) -> ChangeRequest:
        values = dict(values)
        values["answered"] = json.dumps(values.get("answered") or {}, ensure_ascii=False)
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with self.transaction():
            cur = self._exec(f"INSERT INTO change_requests ({columns}) VALUES ({marks})",
                             list(values.values()))
            row = self._one("SELECT * FROM change_requests WHERE id = ?", (cur.lastrowid,))
        assert row is not None
        return _record(ChangeRequest, row)

    def update_change_request(self, request_id: int, **values: Any) -> ChangeRequest:
        sets = ", ".join(f"{k} = ?" for k in values)
        with self.transaction():
            self._exec(f"UPDATE change_requests SET {sets} WHERE id = ?",
                       [*values.values(), request_id])
            row = self._one("SELECT * FROM change_requests WHERE id = ?", (request_id,))
        assert row is not None
        return _record(ChangeRequest, row)

    def change_requests(self, *, incoming_id: int | None = None, state: str | None = None
                        ) -> list[ChangeRequest]:
        """Change requests in order of arrival, of one received record and/or in one state."""
        where, params = [], []
        if incoming_id is not None:
            where.append("incoming_id = ?")
            params.append(incoming_id)
        if state is not None:
            where.append("state = ?")
            params.append(state)
        sql = "SELECT * FROM change_requests" + (f" WHERE {' AND '.join(where)}" if where
                                                  else "") + " ORDER BY id"
        return [_record(ChangeRequest, r) for r in self._all(sql, params)]

    # --- status packages that answer nothing we know ---------------------------------------------
    def add_orphan(self, *, axis_doc_id: str | None, at: str, reason: str,
                   from_code: str | None = None, status_code: str | None = None,
                   response_for: str | None = None, description: str | None = None,
                   package: bytes | None = None) -> None:
        self._exec("INSERT INTO orphans (axis_doc_id, at, from_code, status_code, response_for, "
                   "description, reason, package) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (axis_doc_id, at, from_code, status_code, response_for, description, reason,
                    package))

    def orphans(self) -> list[Orphan]:
        rows = self._all("SELECT id, axis_doc_id, at, from_code, status_code, response_for, "
                         "description, reason FROM orphans ORDER BY id")
        return [Orphan(**dict(r)) for r in rows]
