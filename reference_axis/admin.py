"""The admin API of the harness (never of a product): its own bearer token, JSON in and out.

    GET    /admin/status                  schema version, store, axis clock
    POST   /admin/inject                  put a package into inboxes as if an agency sent it
    GET    /admin/traffic                 the traffic log (every request and reply, findings;
                                          a stored package's parser findings are computed
                                          here the first time, see wire.py)
    GET    /admin/documents/{doc_id}      one document or delivery, with its package
    GET    /admin/clock   PUT /admin/clock     read / set the axis clock (real, offset, frozen)
    GET    /admin/faults  POST /admin/faults  DELETE /admin/faults
    GET    /admin/stats                   per agency and period (QĐ 28 Điều 11)
    POST   /admin/reset                   empty the store (agencies kept or re-seeded)

Agency credentials (systemId/secret HMAC headers) are never accepted here: only
`Authorization: Bearer <admin token>`, compared in constant time.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reference_axis import faults, protocol, stats
from reference_axis.config import AxisConfig, seed
from reference_axis.routing import package_findings, parse_to_header, read_package
from reference_axis.store import Store, Tx
from reference_axis.wire import DEFERRED_PACKAGE_FINDINGS, DirectoryCache

DEFERRED_PACKAGE_FINDINGS_KEY = '"deferred"'

log = logging.getLogger("reference_axis.admin")

MAX_TRAFFIC_PAGE = 1000


class AdminError(Exception):
    def __init__(self, status: int, vi: str, en: str) -> None:
        self.status, self.vi, self.en = status, vi, en
        super().__init__(en)


def _error(status: int, vi: str, en: str) -> JSONResponse:
    return JSONResponse({"error": {"vi": vi, "en": en}}, status_code=status)


async def _json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise AdminError(400, "Thân yêu cầu không phải JSON", "Request body is not JSON") from exc
    if not isinstance(data, dict):
        raise AdminError(400, "Thân yêu cầu phải là đối tượng JSON",
                         "Request body must be a JSON object")
    return data


def _moment(value: Any, name: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=protocol.VN_TZ)
            return moment.timestamp()
    raise AdminError(400, f"{name}: cần thời điểm ISO 8601 hoặc số giây epoch",
                     f"{name}: expected ISO 8601 or epoch seconds")


def _int_query(request: Request, name: str, default: int, lo: int, hi: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise AdminError(400, f"{name} phải là số nguyên", f"{name} must be an integer") from exc
    if not lo <= value <= hi:
        raise AdminError(400, f"{name} phải từ {lo} đến {hi}", f"{name} must be {lo}..{hi}")
    return value


def _traffic_item(r: dict[str, Any]) -> dict[str, Any]:
    body = r.get("request_body") or b""
    try:
        body_text: str | None = bytes(body).decode("utf-8")
        body_b64 = None
    except UnicodeDecodeError:
        body_text, body_b64 = None, base64.b64encode(bytes(body)).decode("ascii")
    return {
        "id": int(r["id"]), "exchange_id": r["exchange_id"], "at": protocol.iso_vn(r["at"]),
        "at_real": protocol.iso_vn(r["at_real"]), "duration_ms": round(r["duration_ms"], 3),
        "method": r["method"], "path": r["path"], "call": r["call"], "client": r["client"],
        "system_id": r["system_id"],
        "agencies": [a for a in (r["agencies"] or "").split(",") if a],
        "verified": {1: "hmac", 2: "hmac-recovered", 3: "unverifiable"}.get(r["verified"], "no"),
        "request": {"headers": [line.split(": ", 1) if ": " in line else [line, ""]
                                for line in (r["request_headers"] or "").split("\n") if line],
                    "body_text": body_text, "body_base64": body_b64,
                    "size": r["request_size"]},
        "reply": {"http_status": r["reply_status"], "body": r["reply_body"]},
        "error_code": r["error_code"], "outcome": r["outcome"],
        "findings": json.loads(r["findings"] or "[]"),
    }


class AdminApi:
    def __init__(self, store: Store, cache: DirectoryCache, config: AxisConfig) -> None:
        self.store = store
        self.cache = cache
        self.config = config

    def routes(self, prefix: str) -> list[Route]:
        h = self._guard
        return [
            Route(f"{prefix}/status", h(self.status), methods=["GET"]),
            Route(f"{prefix}/inject", h(self.inject), methods=["POST"]),
            Route(f"{prefix}/traffic", h(self.traffic), methods=["GET"]),
            Route(f"{prefix}/documents/{{doc_id}}", h(self.document), methods=["GET"]),
            Route(f"{prefix}/clock", h(self.get_clock), methods=["GET"]),
            Route(f"{prefix}/clock", h(self.set_clock), methods=["PUT"]),
            Route(f"{prefix}/faults", h(self.list_faults), methods=["GET"]),
            Route(f"{prefix}/faults", h(self.add_fault), methods=["POST"]),
            Route(f"{prefix}/faults", h(self.clear_faults), methods=["DELETE"]),
            Route(f"{prefix}/stats", h(self.stats), methods=["GET"]),
            Route(f"{prefix}/reset", h(self.reset), methods=["POST"]),
        ]

    def _guard(self, fn: Callable[[Request], Awaitable[Response]]
               ) -> Callable[[Request], Awaitable[Response]]:
        expected = f"Bearer {self.config.admin_token}".encode()

        async def endpoint(request: Request) -> Response:
            given = request.headers.get("authorization", "").encode("utf-8", "replace")
            if not hmac.compare_digest(given, expected):
                log.warning("admin: refused %s %s from %s", request.method, request.url.path,
                            request.client.host if request.client else "?")
                return _error(401, "Cần mã quản trị (Authorization: Bearer …)",
                              "Admin token required (Authorization: Bearer …)")
            try:
                return await fn(request)
            except AdminError as exc:
                return _error(exc.status, exc.vi, exc.en)
            except faults.FaultSpecError as exc:
                return _error(400, f"Lỗi giả lập không hợp lệ: {exc}", f"Invalid fault: {exc}")
            except Exception:
                log.exception("admin: internal error")
                return _error(500, "Lỗi nội bộ", "Internal error")

        endpoint.__name__ = fn.__name__
        return endpoint

    async def _now(self) -> float:
        return (await self.cache.get()).control.now()

    # -- endpoints -----------------------------------------------------------------------------
    async def status(self, request: Request) -> Response:
        directory = await self.cache.get()
        version = await self.store.read(lambda tx: tx.schema_version())
        c = directory.control
        return JSONResponse({
            "schema_version": version, "store": self.store.dialect.name,
            "now": protocol.iso_vn(c.now()), "clock": _clock(c.clock_mode, c.clock_offset,
                                                              c.clock_frozen, c.now()),
            "systems": sorted(directory.systems), "agencies": sorted(
                code for code, a in directory.agencies.items() if not a.deleted),
            "base_path": self.config.base_path, "strict": self.config.strict,
            "relay": self.config.relay})

    async def inject(self, request: Request) -> Response:
        data = await _json_body(request)
        if "package_base64" in data:
            try:
                package = base64.b64decode(str(data["package_base64"]), validate=True)
            except (binascii.Error, ValueError) as exc:
                raise AdminError(400, "package_base64 không phải base64",
                                 "package_base64 is not base64") from exc
        elif isinstance(data.get("package"), str):
            package = data["package"].encode("utf-8")
        else:
            raise AdminError(400, "Cần package_base64 hoặc package",
                             "package_base64 or package is required")
        if not package or len(package) > self.config.max_package:
            raise AdminError(400, "Gói tin rỗng hoặc quá lớn", "Package empty or too large")
        exchange_id = "admin-" + uuid.uuid4().hex[:10]
        info = read_package(package, exchange_id=exchange_id, max_size=self.config.max_package)
        messagetype = data.get("messagetype") or info.kind or "edoc"
        if messagetype not in protocol.MESSAGE_TYPES:
            raise AdminError(400, "messagetype phải là edoc hoặc status",
                             "messagetype must be edoc or status")
        sender = data.get("from") or info.from_code
        if not isinstance(sender, str) or not sender.strip():
            raise AdminError(400, "Cần 'from' (gói tin không ghi nơi gửi)",
                             "'from' is required (the package names no sender)")
        to = data.get("to")
        if isinstance(to, list):
            recipients = tuple(str(x).strip() for x in to if str(x).strip())
        elif isinstance(to, str):
            recipients = parse_to_header(to) or ()
        elif to is None:
            recipients = info.to_codes
        else:
            raise AdminError(400, "'to' phải là chuỗi hoặc mảng", "'to' must be a string or array")
        if not recipients:
            raise AdminError(400, "Không có cơ quan nhận", "No recipient")
        directory = await self.cache.get()
        unknown = [r for r in recipients if r not in directory.agencies
                   or directory.agencies[r].deleted]
        if unknown:
            raise AdminError(400, f"Cơ quan nhận không có trên trục: {', '.join(unknown)}",
                             f"Recipients not on the axis: {', '.join(unknown)}")
        now = directory.control.now()
        doc_id = str(uuid.uuid4())
        targets = [(r, str(uuid.uuid4())) for r in recipients]

        def op(tx: Tx) -> None:
            tx.insert_document({
                "doc_id": doc_id, "message_type": messagetype, "from_code": sender.strip(),
                "system_id": None, "edxml_doc_id": info.document_id,
                "response_for": info.response_for_id, "status_code": info.status_code,
                "notation": info.notation, "title": info.title, "package": package,
                "delivered": None, "sha256": hashlib.sha256(package).hexdigest(),
                "size": len(package), "created": now, "exchange_id": exchange_id,
                "injected": 1})
            for r, did in targets:
                tx.insert_delivery(did, doc_id, r, messagetype, now)

        await self.store.write(op)
        return JSONResponse({
            "docId": doc_id, "messagetype": messagetype, "from": sender.strip(),
            "deliveries": [{"to": r, "docId": did} for r, did in targets],
            "findings": [f.to_dict() for f in info.findings]})

    async def traffic(self, request: Request) -> Response:
        after = _int_query(request, "after_id", 0, 0, 2**62)
        limit = _int_query(request, "limit", 100, 1, MAX_TRAFFIC_PAGE)
        q = request.query_params
        await self.store.flush()
        rows = await self.store.read(lambda tx: tx.traffic(
            after_id=after, limit=limit, call=q.get("call") or None,
            system_id=q.get("system_id") or None, agency=q.get("agency") or None,
            exchange_id=q.get("exchange_id") or None))
        await self._complete_findings(rows)
        items = [_traffic_item(r) for r in rows]
        return JSONResponse({"items": items, "last_id": items[-1]["id"] if items else after})

    async def _complete_findings(self, rows: list[dict[str, Any]]) -> None:
        """Fill in the parser's findings that sendEdoc left for later (the light routing
        reader accepted the package): computed from the stored package, with the exchange as
        their location, written back so that each is computed once."""
        done: list[tuple[int, str]] = []
        for r in rows:
            text = r.get("findings") or ""
            if DEFERRED_PACKAGE_FINDINGS_KEY not in text:
                continue
            items = json.loads(text)
            out: list[dict[str, Any]] = []
            for item in items:
                if item.get("deferred") != DEFERRED_PACKAGE_FINDINGS:
                    out.append(item)
                    continue
                doc_id = str(item.get("doc_id") or "")
                doc = await self.store.read(lambda tx, d=doc_id: tx.document(d))
                if doc is not None:
                    out.extend(f.to_dict() for f in package_findings(
                        bytes(doc["package"]), exchange_id=r["exchange_id"],
                        max_size=self.config.max_package))
            r["findings"] = json.dumps(out, ensure_ascii=False)
            done.append((int(r["id"]), r["findings"]))
        if done:
            await self.store.write(lambda tx: [tx.set_traffic_findings(i, f) for i, f in done])

    async def document(self, request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        await self.store.flush()

        def op(tx: Tx) -> dict[str, Any] | None:
            d = tx.delivery(doc_id)
            sender_doc = d["sender_doc_id"] if d else doc_id
            doc = tx.document(sender_doc)
            if doc is None:
                return None
            deliveries = tx.rows("SELECT * FROM deliveries WHERE sender_doc_id = ? "
                                 "ORDER BY doc_id", (sender_doc,))
            return {"doc": doc, "deliveries": deliveries}

        found = await self.store.read(op)
        if found is None:
            raise AdminError(404, "Không có văn bản này", "No such document")
        doc = found["doc"]
        return JSONResponse({
            "docId": doc["doc_id"], "messagetype": doc["message_type"],
            "from": doc["from_code"], "system_id": doc["system_id"],
            "edxml_document_id": doc["edxml_doc_id"], "response_for": doc["response_for"],
            "status_code": doc["status_code"], "notation": doc["notation"],
            "title": doc["title"], "sha256": doc["sha256"], "size": doc["size"],
            "created": protocol.iso_vn(doc["created"]), "exchange_id": doc["exchange_id"],
            "injected": bool(doc["injected"]),
            "package_base64": base64.b64encode(bytes(doc["package"])).decode("ascii"),
            "delivered_base64": base64.b64encode(bytes(doc["delivered"])).decode("ascii")
            if doc["delivered"] is not None else None,
            "deliveries": [{
                "docId": d["doc_id"], "to": d["to_code"], "state": d["state"],
                "state_desc": d["state_desc"], "created": protocol.iso_vn(d["created"]),
                "updated": protocol.iso_vn(d["updated"]),
                "fetched": protocol.iso_vn(d["fetched"]) if d["fetched"] else None,
                "fetch_count": d["fetch_count"],
                "done_at": protocol.iso_vn(d["done_at"]) if d["done_at"] else None,
                "answered_at": protocol.iso_vn(d["answered_at"]) if d["answered_at"] else None,
                "duplicate": bool(d["duplicate"])} for d in found["deliveries"]]})

    async def get_clock(self, request: Request) -> Response:
        c = (await self.cache.get()).control
        return JSONResponse(_clock(c.clock_mode, c.clock_offset, c.clock_frozen, c.now()))

    async def set_clock(self, request: Request) -> Response:
        data = await _json_body(request)
        mode = data.get("mode", "real")
        offset, frozen = 0.0, None
        if mode == "real":
            pass
        elif mode == "offset":
            value = data.get("offset_seconds")
            if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > 1e9:
                raise AdminError(400, "offset_seconds phải là số",
                                 "offset_seconds must be a number")
            offset = float(value)
        elif mode == "frozen":
            frozen = _moment(data.get("at"), "at")
            if frozen is None:
                frozen = (await self.cache.get()).control.now()
            if not 0 <= frozen <= 32503680000:
                raise AdminError(400, "'at' ngoài khoảng cho phép", "'at' out of range")
        else:
            raise AdminError(400, "mode phải là real, offset hoặc frozen",
                             "mode must be real, offset or frozen")
        await self.store.write(lambda tx: tx.set_clock(mode, offset, frozen))
        self.cache.invalidate()
        c = (await self.cache.get()).control
        return JSONResponse(_clock(c.clock_mode, c.clock_offset, c.clock_frozen, c.now()))

    async def list_faults(self, request: Request) -> Response:
        found = await self.store.read(lambda tx: tx.faults())
        return JSONResponse({"faults": [_fault_json(f) for f in found]})

    async def add_fault(self, request: Request) -> Response:
        data = await _json_body(request)
        kind = data.get("kind")
        call = data.get("call", "*")
        count = data.get("count", 1)
        agency = data.get("agency")
        params = data.get("params") or {}
        if not isinstance(kind, str) or not isinstance(call, str) or not isinstance(params, dict):
            raise AdminError(400, "kind, call phải là chuỗi; params là đối tượng",
                             "kind and call must be strings; params an object")
        if agency is not None and (not isinstance(agency, str) or not agency):
            raise AdminError(400, "agency phải là chuỗi", "agency must be a non-empty string")
        checked = faults.validate(kind, call, count, params)
        now = await self._now()
        fault_id = await self.store.write(
            lambda tx: tx.add_fault(kind, call, agency, count, checked, now))
        self.cache.invalidate()
        return JSONResponse({"id": fault_id, "kind": kind, "call": call, "agency": agency,
                             "remaining": count, "params": checked}, status_code=201)

    async def clear_faults(self, request: Request) -> Response:
        n = await self.store.write(lambda tx: tx.clear_faults())
        self.cache.invalidate()
        return JSONResponse({"cleared": n})

    async def stats(self, request: Request) -> Response:
        q = request.query_params
        since = _moment(q.get("since"), "since")
        until = _moment(q.get("until"), "until")
        agency = q.get("agency") or None
        rows = await self.store.read(lambda tx: tx.stats_rows(since, until))
        return JSONResponse(stats.compute(rows, now=await self._now(), agency=agency,
                                          since=since, until=until))

    async def reset(self, request: Request) -> Response:
        data = await _json_body(request)
        keep = data.get("keep_agencies", True)
        if not isinstance(keep, bool):
            raise AdminError(400, "keep_agencies phải là true/false",
                             "keep_agencies must be a boolean")
        config = self.config

        def op(tx: Tx) -> None:
            tx.reset(keep_agencies=keep)
            if not keep:
                seed(tx, config, time.time())

        await self.store.write(op)
        self.cache.invalidate()
        return JSONResponse({"reset": True, "keep_agencies": keep})


def _clock(mode: str, offset: float, frozen: float | None, now: float) -> dict[str, Any]:
    return {"mode": mode, "offset_seconds": offset,
            "frozen_at": protocol.iso_vn(frozen) if frozen is not None else None,
            "now": protocol.iso_vn(now), "now_epoch": now}


def _fault_json(f: Any) -> dict[str, Any]:
    return {"id": f.id, "kind": f.kind, "call": f.call, "agency": f.agency,
            "remaining": f.remaining, "fired": f.fired, "params": f.params}
