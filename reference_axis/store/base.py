"""The one store interface of the axis, and the SQL both backends share.

A unit of work is a plain synchronous function `op(tx) -> result` over a `Tx`, whose methods
are the axis' data operations (written once, in SQL both SQLite and PostgreSQL accept). A
backend runs it in one transaction: `await store.write(op)` returns only once the transaction is
committed, so whatever the caller acknowledges afterwards survives a `kill -9` of the process.
"""

from __future__ import annotations

import json
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from reference_axis.store.schema import (
    LATEST,
    MIGRATIONS,
    SCHEMA_VERSION_DDL,
    Dialect,
    render,
)

T = TypeVar("T")
_FINDINGS_JSON = json.JSONEncoder(ensure_ascii=False)
Op = Callable[["Tx"], T]


class StoreError(Exception):
    """A store that cannot be opened or used (bad URL, unreachable server, newer schema)."""


class DuplicateRequest(Exception):
    """Another worker recorded the same request fingerprint first: run the op again."""


@dataclass(frozen=True)
class Control:
    """Shared settings every worker follows: bumped `version` means "reload your caches"."""

    version: int
    clock_mode: str = "real"  # real | offset | frozen
    clock_offset: float = 0.0
    clock_frozen: float | None = None

    def now(self, real: float | None = None) -> float:
        real = time.time() if real is None else real
        if self.clock_mode == "frozen" and self.clock_frozen is not None:
            return self.clock_frozen
        return real + self.clock_offset


@dataclass(frozen=True)
class System:
    system_id: str
    secret: str
    name: str = ""
    cert_sha256: str | None = None
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Agency:
    id: int
    code: str
    name: str
    pcode: str | None = None
    mail: str | None = None
    mobile: str | None = None
    fax: str | None = None
    old_code: str | None = None
    system_id: str | None = None
    is_agency: bool = True
    deleted: bool = False
    version: int = 1
    modified: float = 0.0


@dataclass(frozen=True)
class Fault:
    id: int
    kind: str
    call: str
    agency: str | None
    remaining: int
    params: dict[str, Any] = field(default_factory=dict)
    fired: int = 0


@dataclass(frozen=True)
class Directory:
    """Systems, agencies and armed faults as of one control version (cached per worker)."""

    control: Control
    systems: dict[str, System]
    agencies: dict[str, Agency]
    faults: tuple[Fault, ...]


class Tx:
    """The axis' data operations inside one transaction (or one read)."""

    def __init__(self, cursor: Any, dialect: Dialect) -> None:
        self.cur = cursor
        self.dialect = dialect
        self._plain = dialect.placeholder == "?"  # the SQL is written with "?" placeholders
        self.bumped = False  # the control version moved in this transaction

    # -- primitives --------------------------------------------------------------------------
    def exec(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.cur.execute(sql if self._plain else self.dialect.sql(sql),
                                params if type(params) is tuple else tuple(params))

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.exec(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.exec(sql, params).fetchone()
        return None if row is None else row[0]

    # -- schema ------------------------------------------------------------------------------
    def migrate(self) -> int:
        self.exec(SCHEMA_VERSION_DDL.format(real=self.dialect.real))
        current = self.scalar("SELECT MAX(version) FROM schema_version") or 0
        if current > LATEST:
            raise StoreError(f"the store's schema version {current} is newer than this "
                             f"program's {LATEST}")
        for version, statements in MIGRATIONS:
            if version <= current:
                continue
            for statement in statements:
                self.exec(render(statement, self.dialect))
            self.exec("INSERT INTO schema_version (version, applied) VALUES (?, ?)",
                      (version, time.time()))
        return LATEST

    def schema_version(self) -> int:
        return int(self.scalar("SELECT MAX(version) FROM schema_version") or 0)

    # -- control -----------------------------------------------------------------------------
    def control(self) -> Control:
        row = self.one("SELECT version, clock_mode, clock_offset, clock_frozen FROM control "
                       "WHERE id = 1")
        if row is None:
            return Control(version=0)
        return Control(int(row["version"]), row["clock_mode"], float(row["clock_offset"]),
                       row["clock_frozen"])

    def control_version(self) -> int:
        return int(self.scalar("SELECT version FROM control WHERE id = 1") or 0)

    def bump(self) -> None:
        self.exec("UPDATE control SET version = version + 1 WHERE id = 1")
        self.bumped = True

    def set_clock(self, mode: str, offset: float, frozen: float | None) -> None:
        self.exec("UPDATE control SET clock_mode = ?, clock_offset = ?, clock_frozen = ?, "
                  "version = version + 1 WHERE id = 1", (mode, offset, frozen))
        self.bumped = True

    def directory(self) -> Directory:
        control = self.control()
        agencies = {r["code"]: _agency(r) for r in self.rows("SELECT * FROM agencies")}
        served: dict[str, list[str]] = {}
        for a in agencies.values():
            if a.system_id and not a.deleted:
                served.setdefault(a.system_id, []).append(a.code)
        systems = {
            r["system_id"]: System(r["system_id"], r["secret"], r["name"] or "",
                                   r["cert_sha256"], tuple(sorted(served.get(r["system_id"], []))))
            for r in self.rows("SELECT * FROM systems")
        }
        faults = tuple(_fault(r) for r in self.rows(
            "SELECT * FROM faults WHERE remaining > 0 ORDER BY id"))
        return Directory(control, systems, agencies, faults)

    # -- systems and agencies ----------------------------------------------------------------
    def upsert_system(self, system_id: str, secret: str, name: str = "",
                      cert_sha256: str | None = None) -> None:
        self.exec("INSERT INTO systems (system_id, secret, name, cert_sha256) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (system_id) DO UPDATE SET secret = excluded.secret, "
                  "name = excluded.name, cert_sha256 = excluded.cert_sha256",
                  (system_id, secret, name, cert_sha256))
        self.bump()

    def upsert_agency(self, code: str, name: str, *, now: float, pcode: str | None = None,
                      mail: str | None = None, mobile: str | None = None,
                      fax: str | None = None, system_id: str | None = None,
                      old_code: str | None = None, is_agency: bool = True) -> Agency:
        self.exec(
            "INSERT INTO agencies (code, pcode, name, mail, mobile, fax, old_code, system_id, "
            "is_agency, deleted, version, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?) "
            "ON CONFLICT (code) DO UPDATE SET pcode = excluded.pcode, name = excluded.name, "
            "mail = excluded.mail, mobile = excluded.mobile, fax = excluded.fax, "
            "old_code = excluded.old_code, system_id = excluded.system_id, "
            "is_agency = excluded.is_agency, deleted = 0, version = agencies.version + 1, "
            "modified = excluded.modified",
            (code, pcode, name, mail, mobile, fax, old_code, system_id, int(is_agency), now))
        self.bump()
        row = self.one("SELECT * FROM agencies WHERE code = ?", (code,))
        assert row is not None
        return _agency(row)

    def delete_agency(self, code: str, *, now: float) -> bool:
        cur = self.exec("UPDATE agencies SET deleted = 1, version = version + 1, modified = ? "
                        "WHERE code = ? AND deleted = 0", (now, code))
        self.bump()
        return bool(cur.rowcount)

    # -- documents and deliveries ------------------------------------------------------------
    def insert_document(self, doc: dict[str, Any]) -> None:
        cols = ("doc_id", "message_type", "from_code", "system_id", "edxml_doc_id",
                "response_for", "status_code", "notation", "title", "package", "delivered",
                "sha256", "size", "created", "exchange_id", "injected")
        self.exec(f"INSERT INTO documents ({', '.join(cols)}) VALUES "
                  f"({', '.join('?' for _ in cols)})", [doc.get(c) for c in cols])

    def insert_delivery(self, doc_id: str, sender_doc_id: str, to_code: str,
                        message_type: str, now: float, duplicate: bool = False) -> None:
        self.exec("INSERT INTO deliveries (doc_id, sender_doc_id, to_code, message_type, state, "
                  "state_desc, created, updated, duplicate) VALUES (?, ?, ?, ?, 'initial', ?, ?, "
                  "?, ?)", (doc_id, sender_doc_id, to_code, message_type,
                            "Chờ nhận / Waiting to be received", now, now, int(duplicate)))

    def find_answered(self, edxml_doc_id: str, organ_id: str | None) -> dict[str, Any] | None:
        """The document package (not status) a status package answers, newest first."""
        rows = self.rows("SELECT doc_id, from_code, created FROM documents WHERE edxml_doc_id = ? "
                         "AND message_type = 'edoc' ORDER BY created DESC", (edxml_doc_id,))
        if organ_id:
            preferred = [r for r in rows if r["from_code"] == organ_id]
            rows = preferred or rows
        return rows[0] if rows else None

    def recipients_of(self, sender_doc_id: str) -> list[str]:
        """The agencies a document was delivered to (duplicate deliveries not counted)."""
        rows = self.rows("SELECT DISTINCT to_code FROM deliveries WHERE sender_doc_id = ? "
                         "AND duplicate = 0 ORDER BY to_code", (sender_doc_id,))
        return [r["to_code"] for r in rows]

    def mark_answered(self, sender_doc_id: str, by_code: str, now: float) -> None:
        self.exec("UPDATE deliveries SET answered_at = ? WHERE sender_doc_id = ? AND to_code = ? "
                  "AND answered_at IS NULL", (now, sender_doc_id, by_code))

    def inbox(self, codes: Sequence[str], message_type: str | None, *,
              since: float | None = None, until: float | None = None,
              pending_only: bool = True) -> list[dict[str, Any]]:
        if not codes:
            return []
        sql = ("SELECT d.doc_id, d.message_type, d.created, d.updated, d.to_code, d.state, "
               "d.state_desc, doc.from_code FROM deliveries d JOIN documents doc "
               "ON doc.doc_id = d.sender_doc_id WHERE d.to_code IN "
               f"({', '.join('?' for _ in codes)})")
        params: list[Any] = list(codes)
        if message_type:
            sql += " AND d.message_type = ?"
            params.append(message_type)
        if pending_only:
            sql += " AND d.state <> 'done'"
        if since is not None:
            sql += " AND d.created >= ?"
            params.append(since)
        if until is not None:
            sql += " AND d.created <= ?"
            params.append(until)
        return self.rows(sql + " ORDER BY d.created, d.doc_id", params)

    def count_pending(self, codes: Sequence[str], message_type: str) -> int:
        if not codes:
            return 0
        return int(self.scalar(
            "SELECT COUNT(*) FROM deliveries WHERE message_type = ? AND state <> 'done' AND "
            f"to_code IN ({', '.join('?' for _ in codes)})", [message_type, *codes]) or 0)

    def delivery(self, doc_id: str) -> dict[str, Any] | None:
        return self.one(
            "SELECT d.*, doc.from_code, doc.package, doc.delivered, doc.system_id AS from_system "
            "FROM deliveries d JOIN documents doc ON doc.doc_id = d.sender_doc_id "
            "WHERE d.doc_id = ?", (doc_id,))

    def document(self, doc_id: str) -> dict[str, Any] | None:
        return self.one("SELECT * FROM documents WHERE doc_id = ?", (doc_id,))

    def record_fetch(self, doc_id: str, now: float) -> None:
        self.exec("UPDATE deliveries SET fetch_count = fetch_count + 1, "
                  "fetched = COALESCE(fetched, ?) WHERE doc_id = ?", (now, doc_id))

    def set_state(self, doc_id: str, state: str, desc: str, now: float) -> None:
        self.exec("UPDATE deliveries SET state = ?, state_desc = ?, updated = ?, "
                  "done_at = CASE WHEN ? = 'done' THEN COALESCE(done_at, ?) ELSE done_at END "
                  "WHERE doc_id = ?", (state, desc, now, state, now, doc_id))

    def sent(self, codes: Sequence[str], message_type: str | None,
             sender_doc_id: str | None) -> list[dict[str, Any]]:
        if not codes:
            return []
        sql = ("SELECT doc.doc_id AS sender_doc_id, d.doc_id AS receiver_doc_id, doc.from_code, "
               "d.to_code, doc.title, doc.notation, doc.message_type, doc.created, d.fetched, "
               "d.state, d.state_desc FROM documents doc JOIN deliveries d "
               "ON d.sender_doc_id = doc.doc_id WHERE doc.from_code IN "
               f"({', '.join('?' for _ in codes)})")
        params: list[Any] = list(codes)
        if message_type:
            sql += " AND doc.message_type = ?"
            params.append(message_type)
        if sender_doc_id:
            sql += " AND doc.doc_id = ?"
            params.append(sender_doc_id)
        return self.rows(sql + " ORDER BY doc.created, d.doc_id", params)

    # -- retries -----------------------------------------------------------------------------
    def recall(self, fingerprint: str, window: float, now_real: float
               ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """(reply to repeat, expired earlier record): a request seen within `window` seconds is
        a retry; an older identical one is reported but handled as new."""
        row = self.one("SELECT reply, created_real, exchange_id FROM requests "
                       "WHERE fingerprint = ?", (fingerprint,))
        if row is None:
            return None, None
        if now_real - float(row["created_real"]) <= window:
            return {"reply": json.loads(row["reply"]), "exchange_id": row["exchange_id"]}, None
        self.exec("DELETE FROM requests WHERE fingerprint = ?", (fingerprint,))
        return None, {"exchange_id": row["exchange_id"], "created_real": row["created_real"]}

    def remember(self, fingerprint: str, call: str, system_id: str | None, now_real: float,
                 reply: dict[str, Any], exchange_id: str) -> None:
        cur = self.exec("INSERT INTO requests (fingerprint, call, system_id, created_real, reply, "
                        "exchange_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) "
                        "DO NOTHING", (fingerprint, call, system_id, now_real,
                                       json.dumps(reply), exchange_id))
        if cur.rowcount == 0:
            raise DuplicateRequest(fingerprint)

    def forget_requests(self, older_than_real: float) -> int:
        return int(self.exec("DELETE FROM requests WHERE created_real < ?",
                             (older_than_real,)).rowcount)

    # -- traffic log -------------------------------------------------------------------------
    TRAFFIC_COLUMNS = ("exchange_id", "at", "at_real", "duration_ms", "method", "path", "call",
                       "client", "system_id", "agencies", "verified", "request_headers",
                       "request_body", "request_size", "reply_status", "reply_body",
                       "error_code", "outcome", "findings")

    def insert_traffic(self, entry: dict[str, Any]) -> None:
        self.log_traffic([entry])

    @classmethod
    def traffic_row(cls, entry: dict[str, Any]) -> tuple[Any, ...]:
        """An entry as the values of a traffic row (findings serialised to JSON)."""
        items = entry.get("findings")
        if items is None or isinstance(items, str):
            text = items or "[]"
        else:
            text = _FINDINGS_JSON.encode(
                [f if isinstance(f, dict) else f.to_dict() for f in items]) if items else "[]"
        return tuple(text if c == "findings" else entry.get(c) for c in cls.TRAFFIC_COLUMNS)

    def log_traffic(self, entries: Sequence[dict[str, Any]],
                    rows: Sequence[tuple[Any, ...]] | None = None) -> None:
        """Write traffic-log rows, in order, with one statement.

        An entry's `findings` is a JSON string, or a list of finding dicts and `Finding`
        objects serialised here (or beforehand by the caller: `rows`, from `traffic_row`, so
        that the work is done outside the transaction). An entry with `stamp` = (system_id,
        timestamp, fingerprint) goes through `note_stamps()` first: when its system repeats
        the timestamp of a different request, `frozen_note()` (a finding) is inserted at
        index `frozen_at` of its findings."""
        out = list(rows) if rows is not None else [self.traffic_row(e) for e in entries]
        stamped = [(i, e) for i, e in enumerate(entries) if e.get("stamp")]
        if stamped:
            noted = self.note_stamps([e["stamp"] for _, e in stamped])
            for (i, e), hit in zip(stamped, noted, strict=True):
                if hit and e.get("frozen_note") is not None:
                    items = e["findings"] = list(e.get("findings") or [])
                    items.insert(min(e.get("frozen_at", len(items)), len(items)),
                                 e["frozen_note"]())
                    out[i] = self.traffic_row(e)
        cols = self.TRAFFIC_COLUMNS
        self.cur.executemany(self.dialect.sql(
            f"INSERT INTO traffic ({', '.join(cols)}) VALUES "
            f"({', '.join('?' for _ in cols)})"), out)

    def set_traffic_findings(self, traffic_id: int, findings: str) -> None:
        self.exec("UPDATE traffic SET findings = ? WHERE id = ?", (findings, traffic_id))

    # -- the "same timestamp on different requests" memory -----------------------------------
    def note_stamps(self, items: Sequence[tuple[str, str, str]]) -> list[bool]:
        """For each (system_id, timestamp, request fingerprint), in order: True when the
        system's previous request carried the same timestamp with a different fingerprint
        (a frozen SDK timestamp, not a retry) and this timestamp was not noted before.

        Kept in the store, not in a worker's memory, so every worker sees the same history;
        the rows are locked (PostgreSQL) or the write lock is held (SQLite) while deciding."""
        systems = sorted({s for s, _, _ in items})
        self.cur.executemany(self.dialect.sql(
            "INSERT INTO stamps (system_id) VALUES (?) ON CONFLICT (system_id) DO NOTHING"),
            [(s,) for s in systems])
        lock = " FOR UPDATE" if self.dialect.name == "postgres" else ""
        state = {r["system_id"]: [r["stamp"], r["fingerprint"], r["noted"]]
                 for r in self.rows("SELECT system_id, stamp, fingerprint, noted FROM stamps "
                                    f"WHERE system_id IN ({', '.join('?' for _ in systems)})"
                                    + lock, systems)}
        out = []
        for system_id, stamp, fingerprint in items:
            last = state[system_id]
            hit = last[0] == stamp and last[1] != fingerprint and last[2] != stamp
            if hit:
                last[2] = stamp
            last[0], last[1] = stamp, fingerprint
            out.append(hit)
        self.cur.executemany(self.dialect.sql(
            "UPDATE stamps SET stamp = ?, fingerprint = ?, noted = ? WHERE system_id = ?"),
            [(v[0], v[1], v[2], k) for k, v in state.items()])
        return out

    def traffic(self, *, after_id: int = 0, limit: int = 100, call: str | None = None,
                system_id: str | None = None, agency: str | None = None,
                exchange_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM traffic WHERE id > ?"
        params: list[Any] = [after_id]
        if call:
            sql += " AND call = ?"
            params.append(call)
        if system_id:
            sql += " AND system_id = ?"
            params.append(system_id)
        if agency:
            sql += " AND agencies LIKE ?"
            params.append(f"%{agency}%")
        if exchange_id:
            sql += " AND exchange_id = ?"
            params.append(exchange_id)
        return self.rows(sql + " ORDER BY id LIMIT ?", [*params, limit])

    # -- faults ------------------------------------------------------------------------------
    def add_fault(self, kind: str, call: str, agency: str | None, count: int,
                  params: dict[str, Any], now: float) -> int:
        self.exec("INSERT INTO faults (kind, call, agency, remaining, params, created) "
                  "VALUES (?, ?, ?, ?, ?, ?)", (kind, call, agency, count, json.dumps(params), now))
        self.bump()
        return int(self.scalar("SELECT MAX(id) FROM faults"))

    def faults(self, active_only: bool = False) -> list[Fault]:
        sql = "SELECT * FROM faults" + (" WHERE remaining > 0" if active_only else "")
        return [_fault(r) for r in self.rows(sql + " ORDER BY id")]

    def consume_fault(self, fault_id: int) -> bool:
        cur = self.exec("UPDATE faults SET remaining = remaining - 1, fired = fired + 1 "
                        "WHERE id = ? AND remaining > 0", (fault_id,))
        if cur.rowcount:
            self.bump()
        return bool(cur.rowcount)

    def clear_faults(self) -> int:
        n = int(self.exec("DELETE FROM faults").rowcount)
        self.bump()
        return n

    # -- statistics --------------------------------------------------------------------------
    def stats_rows(self, since: float | None, until: float | None) -> dict[str, list[dict]]:
        where, params = _period("doc.created", since, until)
        docs = self.rows("SELECT doc.from_code, doc.message_type, COUNT(*) AS n "
                         f"FROM documents doc WHERE doc.injected = 0{where} "
                         "GROUP BY doc.from_code, doc.message_type", params)
        where, params = _period("d.created", since, until)
        deliveries = self.rows(
            "SELECT d.to_code, d.message_type, d.created, d.state, d.fetched, d.done_at, "
            "d.answered_at, d.duplicate FROM deliveries d WHERE 1 = 1" + where, params)
        return {"documents": docs, "deliveries": deliveries}

    # -- reset -------------------------------------------------------------------------------
    def reset(self, keep_agencies: bool) -> None:
        for table in ("deliveries", "documents", "requests", "traffic", "faults", "stamps"):
            self.exec(f"DELETE FROM {table}")
        if not keep_agencies:
            self.exec("DELETE FROM agencies")
            self.exec("DELETE FROM systems")
        self.exec("UPDATE control SET clock_mode = 'real', clock_offset = 0, clock_frozen = NULL, "
                  "version = version + 1 WHERE id = 1")
        self.bumped = True


def _period(column: str, since: float | None, until: float | None) -> tuple[str, list[Any]]:
    where, params = "", []
    if since is not None:
        where += f" AND {column} >= ?"
        params.append(since)
    if until is not None:
        where += f" AND {column} < ?"
        params.append(until)
    return where, params


def _agency(r: dict[str, Any]) -> Agency:
    return Agency(int(r["id"]), r["code"], r["name"], r["pcode"], r["mail"], r["mobile"],
                  r["fax"], r["old_code"], r["system_id"], bool(r["is_agency"]),
                  bool(r["deleted"]), int(r["version"]), float(r["modified"]))


def _fault(r: dict[str, Any]) -> Fault:
    return Fault(int(r["id"]), r["kind"], r["call"], r["agency"], int(r["remaining"]),
                 json.loads(r["params"] or "{}"), int(r["fired"]))


class Store(ABC):
    """A durable store. `write` commits before it returns; `log` and `log_traffic` may be
    batched and committed shortly after they return (SQLite with one worker: within LOG_DELAY;
    a `kill -9` can lose the log rows of those last milliseconds, never an acknowledged
    package, delivery, status change or retry record)."""

    dialect: Dialect
    # Seconds a worker may keep its cached settings (systems, clock, faults) before asking the
    # store whether they changed: 0 for a store shared by several processes, unless
    # `change_token()` tells cheaply when they did.
    revalidate_after: float = 0.0

    def change_token(self) -> int | None:
        """A number that moves whenever a worker commits a change of the shared settings, if
        the store can tell that without a query (else None: ask the store)."""
        return None

    @abstractmethod
    async def start(self) -> None: ...

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def write(self, op: Op[T]) -> T: ...

    @abstractmethod
    async def read(self, op: Op[T]) -> T: ...

    @abstractmethod
    async def log(self, op: Op[Any]) -> None:
        """Write without waiting for the commit (traffic log, fetch counters)."""

    async def log_traffic(self, entry: dict[str, Any]) -> None:
        """Record one exchange in the traffic log (see `Tx.log_traffic`), like `log`."""
        await self.log(lambda tx: tx.log_traffic([entry]))

    async def flush(self) -> None:
        """Make every earlier `log` visible to readers."""
        await self.write(lambda tx: None)

    @abstractmethod
    def write_sync(self, op: Op[T]) -> T:
        """Blocking write for use outside an event loop (CLI seeding, tests)."""

    @abstractmethod
    def read_sync(self, op: Op[T]) -> T: ...

    @property
    @abstractmethod
    def url(self) -> str: ...

