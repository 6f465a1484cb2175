"""The `http` SUT driver: a small test-only HTTP API a vendor exposes in the product's test
environment, so that the suite can make the product act. Described in OpenAPI 3.1 (served at
`/openapi.json`, kept in `driver-openapi.json` next to this module); the reference QLVB serves it
(`create_app`), the suite calls it (`HttpDriver`, the same interface as the builtin driver).

    POST /issue     issue a document                         → IssueResult (201)
    POST /revoke    revoke a document the product issued     → ActionResult
    POST /update    update one (receivers, subject)          → ActionResult
    POST /replace   replace one by a new document            → IssueResult (201)
    POST /act       accept / reject / assign / process / complete a received document
    POST /change-answer  agree to (15) or refuse (16, reason) a revocation / update /
                    replacement request on a received document → ActionResult
    GET  /record    the product's record of a document       → DocumentRecord
    POST /sync      process the inbox now                    → PollReport
    GET  /info      agencies, profile, capabilities
    GET  /statistics  the product's own figures per agency (sent / received, documents and
                    statuses)                                → Statistics

DocumentIds contain '/' and ',', so they travel in the JSON body or the query string, never in
the path. Errors are `{"error": {"code", "vi", "en"}}` with 400 (bad request), 404 (unknown
document), 409 (wrong state), 502 (the axis refused), 500. With a token configured, every call
but `/openapi.json` needs `Authorization: Bearer <token>`.

`python -m reference_axis.reference_qlvb.driver_http --write-openapi` rewrites the JSON file;
`… serve --system vxp.h41 --endpoint URL --secret S --port 8900` serves a reference agent.
"""

from __future__ import annotations

import argparse
import hmac
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reference_axis.reference_qlvb.driver import BuiltinDriver, DriverError, SutDriver
from reference_axis.reference_qlvb.errors import HTTP_STATUS, AgentError
from reference_axis.reference_qlvb.models import (
    ACTIONS,
    COPY_FORMS,
    FORMS,
    URGENCIES,
    ActionResult,
    DocumentRecord,
    IssueRequest,
    IssueResult,
    PollReport,
    str_field,
    str_list_field,
)

log = logging.getLogger("reference_qlvb.driver_http")

OPENAPI_FILE = Path(__file__).with_name("driver-openapi.json")
VERSION = "1.0.0"
MAX_BODY = 64 * 1024 * 1024


# --- the OpenAPI description ---------------------------------------------------------------------

def _s(kind: str | list[str], desc: str = "", **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": kind}
    if desc:
        out["description"] = desc
    out.update(extra)
    return out


def _nullable(kind: str, desc: str = "", **extra: Any) -> dict[str, Any]:
    return _s([kind, "null"], desc, **extra)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _array(items: dict[str, Any], desc: str = "") -> dict[str, Any]:
    return _s("array", desc, items=items)


def _obj(props: dict[str, Any], required: Sequence[str] = (), desc: str = "",
         additional: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props,
                           "additionalProperties": additional}
    if required:
        out["required"] = list(required)
    if desc:
        out["description"] = desc
    return out


DOC_ID = _s("string", "Mã định danh văn bản (QCVN 102): <mã cơ quan>,<yyyy/MM/dd>,<số>/<ký hiệu> "
            "/ document identifier", examples=["000.00.00.H38,2026/03/02,01/UBND-VP"])
AGENCY = _s("string", "Mã định danh cơ quan / agency code", examples=["000.00.00.H41"])
ISO = _nullable("string", "ISO 8601, giờ Việt Nam (+07:00)", format="date-time")

SCHEMAS: dict[str, Any] = {
    "AttachmentSpec": _obj({
        "name": _s("string", "Tên tệp / file name"),
        "title": _nullable("string", "Tiêu đề phụ lục (khi hệ thống tự tạo tệp PDF)"),
        "content_base64": _nullable("string", "Nội dung tệp (base64); không có: hệ thống tạo "
                                    "phụ lục PDF và ký số cơ quan"),
        "content_type": _nullable("string", "MIME type của tệp gửi kèm"),
    }, ["name"], "Tệp gửi kèm / a file sent with the document"),
    "IssueRequest": _obj({
        "subject": _s("string", "Trích yếu / subject", minLength=1),
        "recipients": _array(AGENCY, "Nơi nhận (mã định danh)") | {"minItems": 1},
        "type_name": _s("string", "Tên loại văn bản (NĐ 30 Điều 7)", default="Công văn"),
        "agency": _nullable("string", "Cơ quan ban hành (mặc định: cơ quan đầu tiên)"),
        "urgency": _s(["string", "null"], "Độ khẩn", enum=[*URGENCIES, None]),
        "signer": _nullable("string", "Họ tên người ký (mặc định: người ký đầu tiên)"),
        "form": _s("string", "Văn bản điện tử gốc, văn bản số hóa, bản sao điện tử",
                   enum=list(FORMS), default="born_digital"),
        "copy_form": _s(["string", "null"], "Hình thức sao (NĐ 30/2020 Điều 25), chỉ dùng với "
                        "form=copy; mặc định sao y. Ký hiệu bản sao: SY, SL, TrS / copy form, "
                        "form=copy only, default sao y", enum=[*COPY_FORMS, None]),
        "legal": _s("boolean", "Văn bản quy phạm pháp luật (số/năm/ký hiệu)", default=False),
        "attachments": _array(_ref("AttachmentSpec")),
        "due_date": _nullable("string", "Hạn xử lý / processing deadline", format="date"),
        "body": _array(_s("string"), "Các đoạn nội dung / body paragraphs"),
        "content": _nullable("string", "Nội dung tóm tắt"),
        "in_reply_to": _nullable("string", "Mã định danh văn bản đến được phúc đáp"),
    }, ["subject", "recipients"], "Văn bản cần ban hành / a document to issue"),
    "Problem": _obj({"code": _s("string"), "vi": _s("string"), "en": _s("string")},
                    ["code", "vi", "en"]),
    "Error": _obj({"error": _ref("Problem")}, ["error"]),
    "IssueResult": _obj({
        "document_id": DOC_ID, "agency": AGENCY,
        "code": _s("string", "Số và ký hiệu", examples=["01/UBND-VP"]),
        "number": _s("string"), "notation": _s("string"),
        "promulgation_date": _s("string", format="date"),
        "recipients": _array(AGENCY),
        "state": _s("string", "sent: trục đã nhận; send_failed: trục từ chối",
                    enum=["sent", "send_failed"]),
        "signed_at": ISO, "deadline": ISO, "sent_at": ISO,
        "axis_doc_id": _nullable("string", "DocId do trục cấp"),
        "error": {"oneOf": [_ref("Problem"), {"type": "null"}]},
    }, ["document_id", "agency", "code", "number", "notation", "promulgation_date",
        "recipients", "state", "signed_at", "deadline", "sent_at", "axis_doc_id", "error"]),
    "ActionResult": _obj({
        "document_id": DOC_ID, "action": _s("string"), "state": _s("string"),
        "status_sent": _nullable("string", "Mã trạng thái đã gửi (01–16) hoặc edoc:<loại "
                                 "nghiệp vụ> khi gửi gói tin văn bản"),
        "arrival_number": _nullable("integer", "Số đến"),
        "message": _nullable("string"),
    }, ["document_id", "action", "state", "status_sent", "arrival_number", "message"]),
    "RevokeRequest": _obj({
        "document_id": DOC_ID, "reason": _s("string", minLength=1),
        "mechanism": _s(["string", "null"], "Gói tin trạng thái 13 hoặc gói tin văn bản "
                        "BussinessDocType 1", enum=["status", "business", None]),
    }, ["document_id", "reason"]),
    "UpdateRequest": _obj({
        "document_id": DOC_ID, "reason": _s("string", minLength=1),
        "add_recipients": _array(AGENCY), "remove_recipients": _array(AGENCY),
        "subject": _nullable("string"),
    }, ["document_id", "reason"]),
    "ReplaceRequest": _obj({
        "document_id": DOC_ID, "reason": _s("string", minLength=1),
        "request": _ref("IssueRequest"),
    }, ["document_id", "reason", "request"]),
    "ActRequest": _obj({
        "document_id": DOC_ID, "action": _s("string", enum=list(ACTIONS)),
        "reason": _nullable("string", "Bắt buộc khi từ chối / required to reject"),
        "agency": _nullable("string", "Cơ quan nhận (khi hệ thống phục vụ nhiều cơ quan)"),
        "note": _nullable("string"),
    }, ["document_id", "action"]),
    "ChangeAnswerRequest": _obj({
        "document_id": DOC_ID,
        "agree": _s("boolean", "true: đồng ý (trạng thái 15); false: từ chối (16) / agree or "
                    "refuse"),
        "reason": _nullable("string", "Lý do từ chối, ghi vào phần mô tả của gói tin 16; bắt "
                            "buộc khi từ chối / the refusal's reason, required to refuse"),
        "agency": _nullable("string", "Cơ quan nhận (khi hệ thống phục vụ nhiều cơ quan)"),
    }, ["document_id", "agree"], "Trả lời của văn thư cho yêu cầu thu hồi, cập nhật, thay thế "
        "văn bản đến đang chờ / the clerk's answer to a waiting change request"),
    "StatusEntry": _obj({
        "code": _s("string", "01–16, hoặc sự kiện nội bộ (issued, received, registered, …)"),
        "event": _s("string", enum=["sent", "received", "local", "send_failed"]),
        "at": _s("string", format="date-time"), "party": _nullable("string"),
        "description": _nullable("string"),
    }, ["code", "event", "at", "party", "description"]),
    "CheckSummary": _obj({"rule_id": _s("string"), "status": _s("string"),
                          "severity": _s("string"), "message": _s("string")},
                         ["rule_id", "status", "severity", "message"]),
    "DocumentRecord": _obj({
        "document_id": DOC_ID,
        "direction": _s("string", enum=["outgoing", "incoming"]),
        "agency": AGENCY, "state": _s("string"), "code": _nullable("string"),
        "subject": _nullable("string"), "sender": _nullable("string"),
        "recipients": _array(_s("string")),
        "arrival_number": _nullable("integer", "Số đến (văn bản đến)"),
        "received_at": ISO, "sent_at": ISO, "reason": _nullable("string"),
        "statuses_sent": _array(_s("string")), "statuses_seen": _array(_s("string")),
        "history": _array(_ref("StatusEntry")), "checks": _array(_ref("CheckSummary")),
        "deliveries": _array(_s("string"), "DocId của các lần trục giao"),
        "copies": _s("integer", "Số lần vào sổ (1 trừ khi hệ thống vào sổ trùng)", minimum=1),
    }, ["document_id", "direction", "agency", "state", "code", "subject", "sender",
        "recipients", "arrival_number", "received_at", "sent_at", "reason", "statuses_sent",
        "statuses_seen", "history", "checks", "deliveries", "copies"]),
    "PollReport": _obj({k: _array(_s("string")) for k in ("documents", "statuses", "failed",
                                                           "notes")},
                       ["documents", "statuses", "failed", "notes"]),
    "Statistics": _obj({
        "generated_at": ISO,
        "agencies": _array(_obj({
            "agency": AGENCY, "name": _s("string"),
            **{k: _s("integer", d, minimum=0) for k, d in (
                ("sent_edoc", "Gói tin văn bản trục đã nhận từ cơ quan / documents sent"),
                ("sent_status", "Gói tin trạng thái đã gửi / statuses sent"),
                ("received_edoc", "Gói tin văn bản trục đã giao / documents received"),
                ("received_status", "Gói tin trạng thái đã nhận / statuses received"))}},
            ["agency", "sent_edoc", "sent_status", "received_edoc", "received_status"],
            additional=True)),
    }, ["agencies"], desc="Số liệu gửi, nhận do hệ thống tự trích xuất (QĐ 28 Điều 11) / the "
       "product's own exchange figures", additional=True),
    "Info": _obj({
        "system_id": _s("string"),
        "agencies": _array(_obj({"code": AGENCY, "name": _s("string"),
                                 "signers": _array(_s("string"))}, ["code", "name"],
                                additional=True)),
        "profile": _s("string"), "capabilities": _array(_s("string")),
    }, ["agencies", "capabilities"], additional=True),
}


def _op(summary: str, op_id: str, response: str, *, body: str | None = None,
        status: str = "200", params: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "summary": summary, "operationId": op_id,
        "responses": {
            status: {"description": "OK",
                     "content": {"application/json": {"schema": _ref(response)}}},
            "default": {"description": "Lỗi / error",
                        "content": {"application/json": {"schema": _ref("Error")}}},
        },
    }
    if body:
        out["requestBody"] = {"required": True,
                              "content": {"application/json": {"schema": _ref(body)}}}
    if params:
        out["parameters"] = params
    return out


def _query(name: str, desc: str, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": desc,
            "schema": {"type": "string"}}


def openapi_spec() -> dict[str, Any]:
    """The driver API in OpenAPI 3.1."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "qlvb-conformance SUT driver API",
            "version": VERSION,
            "description": (
                "API kiểm thử (chỉ dùng trong môi trường thử nghiệm) mà hệ thống QLVB-ĐH cung "
                "cấp để bộ kiểm thử điều khiển: ban hành, thu hồi, cập nhật, thay thế văn bản; "
                "tiếp nhận, từ chối, phân công, xử lý, hoàn thành văn bản đến; đọc hồ sơ văn bản "
                "của hệ thống. Test-only API a QLVB product exposes so that the conformance "
                "suite can drive it."),
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}, {}],
        "paths": {
            "/info": {"get": _op("Cơ quan, hồ sơ quy tắc, khả năng / agencies and capabilities",
                                 "info", "Info")},
            "/issue": {"post": _op("Ban hành và gửi văn bản / issue and send a document",
                                   "issue", "IssueResult", body="IssueRequest",
                                   status="201")},
            "/revoke": {"post": _op("Thu hồi văn bản đã gửi / revoke", "revoke", "ActionResult",
                                    body="RevokeRequest")},
            "/update": {"post": _op("Cập nhật văn bản đã gửi / update", "update",
                                    "ActionResult", body="UpdateRequest")},
            "/replace": {"post": _op("Thay thế văn bản đã gửi / replace", "replace",
                                     "IssueResult", body="ReplaceRequest", status="201")},
            "/act": {"post": _op("Xử lý văn bản đến: tiếp nhận, từ chối, phân công, xử lý, hoàn "
                                 "thành / act on a received document", "act", "ActionResult",
                                 body="ActRequest")},
            "/change-answer": {"post": _op(
                "Đồng ý (15) hoặc từ chối (16, kèm lý do) yêu cầu thu hồi, cập nhật, thay thế "
                "văn bản đến / answer a change request on a received document", "change_answer",
                "ActionResult", body="ChangeAnswerRequest")},
            "/record": {"get": _op("Hồ sơ văn bản của hệ thống / the product's record", "record",
                                   "DocumentRecord", params=[
                                       _query("document_id", "Mã định danh văn bản", True),
                                       _query("agency", "Mã cơ quan (tùy chọn)"),
                                       _query("direction", "outgoing | incoming (tùy chọn)")])},
            "/sync": {"post": _op("Xử lý hộp thư đến ngay / process the inbox now", "sync",
                                  "PollReport")},
            "/statistics": {"get": _op("Số liệu gửi, nhận văn bản của hệ thống / the product's "
                                       "exchange figures", "statistics", "Statistics")},
        },
    }


def openapi_text() -> str:
    return json.dumps(openapi_spec(), ensure_ascii=False, indent=2) + "\n"


# --- the server ---------------------------------------------------------------------------------

def _error(exc: AgentError) -> JSONResponse:
    return JSONResponse({"error": exc.to_dict()}, status_code=HTTP_STATUS.get(exc.code, 400))


async def _json(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise AgentError("bad_request", "Yêu cầu quá lớn", "Request too large")
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise AgentError("bad_request", "Thân yêu cầu không phải JSON",
                         "The request body is not JSON") from None
    if not isinstance(data, dict):
        raise AgentError("bad_request", "Thân yêu cầu phải là đối tượng JSON",
                         "The request body must be a JSON object")
    return data


def create_app(driver: SutDriver, *, token: str | None = None) -> Starlette:
    """The driver API over a driver (the reference QLVB's builtin driver, usually)."""
    expected = f"Bearer {token}".encode() if token else None
    Handler = Callable[[Request], Any]

    def endpoint(fn: Handler, status: int = 200) -> Callable[[Request], Any]:
        async def run(request: Request) -> Response:
            if expected is not None:
                given = request.headers.get("authorization", "").encode("utf-8", "replace")
                if not hmac.compare_digest(given, expected):
                    return _error(AgentError("unauthorized",
                                             "Cần mã truy cập (Authorization: Bearer)",
                                             "Bearer token required"))
            try:
                payload = await fn(request)
                result = await run_in_threadpool(payload) if callable(payload) else payload
                return JSONResponse(result, status_code=status)
            except AgentError as exc:
                return _error(exc)
            except Exception as exc:  # never a traceback to the caller
                log.exception("driver API: internal error")
                return _error(AgentError("internal", f"Lỗi nội bộ: {type(exc).__name__}",
                                         f"Internal error: {type(exc).__name__}"))

        run.__name__ = fn.__name__
        return run

    async def info(request: Request) -> Any:
        return lambda: driver.info()

    async def issue(request: Request) -> Any:
        req = IssueRequest.from_dict(await _json(request))
        return lambda: driver.issue(req).to_dict()

    async def revoke(request: Request) -> Any:
        d = await _json(request)
        doc = str_field(d, "document_id", required=True)
        reason = str_field(d, "reason", required=True)
        mech = str_field(d, "mechanism")
        return lambda: driver.revoke(doc or "", reason or "", mechanism=mech).to_dict()

    async def update(request: Request) -> Any:
        d = await _json(request)
        doc = str_field(d, "document_id", required=True)
        reason = str_field(d, "reason", required=True)
        add, remove = str_list_field(d, "add_recipients"), str_list_field(d, "remove_recipients")
        subject = str_field(d, "subject")
        return lambda: driver.update(doc or "", reason or "", add_recipients=add,
                                     remove_recipients=remove, subject=subject).to_dict()

    async def replace(request: Request) -> Any:
        d = await _json(request)
        doc = str_field(d, "document_id", required=True)
        reason = str_field(d, "reason", required=True)
        req = IssueRequest.from_dict(d.get("request"))
        return lambda: driver.replace(doc or "", req, reason or "").to_dict()

    async def act(request: Request) -> Any:
        d = await _json(request)
        doc = str_field(d, "document_id", required=True)
        action = str_field(d, "action", required=True)
        reason, agency, note = str_field(d, "reason"), str_field(d, "agency"), str_field(d, "note")
        return lambda: driver.act(doc or "", action or "", reason=reason, agency=agency,
                                  note=note).to_dict()

    async def change_answer(request: Request) -> Any:
        d = await _json(request)
        doc = str_field(d, "document_id", required=True)
        agree = d.get("agree")
        if not isinstance(agree, bool):
            raise AgentError("bad_request", "Trường 'agree' phải là true/false",
                             "Field 'agree' must be a boolean")
        reason, agency = str_field(d, "reason"), str_field(d, "agency")
        return lambda: driver.change_answer(doc or "", agree, reason=reason,
                                            agency=agency).to_dict()

    async def record(request: Request) -> Any:
        q = request.query_params
        doc = q.get("document_id")
        if not doc:
            raise AgentError("bad_request", "Thiếu tham số document_id",
                             "Query parameter document_id is required")
        agency, direction = q.get("agency") or None, q.get("direction") or None
        return lambda: driver.record(doc, agency=agency, direction=direction).to_dict()

    async def sync(request: Request) -> Any:
        return lambda: driver.sync().to_dict()

    async def statistics(request: Request) -> Any:
        return lambda: driver.statistics()

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_spec())

    routes = [
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/info", endpoint(info), methods=["GET"]),
        Route("/issue", endpoint(issue, 201), methods=["POST"]),
        Route("/revoke", endpoint(revoke), methods=["POST"]),
        Route("/update", endpoint(update), methods=["POST"]),
        Route("/replace", endpoint(replace, 201), methods=["POST"]),
        Route("/act", endpoint(act), methods=["POST"]),
        Route("/change-answer", endpoint(change_answer), methods=["POST"]),
        Route("/record", endpoint(record), methods=["GET"]),
        Route("/sync", endpoint(sync), methods=["POST"]),
        Route("/statistics", endpoint(statistics), methods=["GET"]),
    ]
    return Starlette(routes=routes)


# --- the client ---------------------------------------------------------------------------------

class MissingOperation(DriverError):
    """The product's driver API has no such operation (HTTP 404 / 405 without the API's JSON
    error): the suite then reports the step inconclusive instead of failed."""


class HttpDriver:
    """The driver API over HTTP, with the interface of the builtin driver. Errors of the product
    come back as `DriverError`; so does a product that does not answer ("unreachable") or does
    not answer the API's JSON ("internal")."""

    def __init__(self, base_url: str, *, token: str | None = None,
                 client: httpx.Client | None = None, timeout: float = 120.0) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = client or httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)
        self.http.headers.update(headers)

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, path: str, *, body: dict[str, Any] | None = None,
              params: dict[str, str] | None = None) -> dict[str, Any]:
        try:
            r = self.http.request(method, path, json=body, params=params)
        except httpx.HTTPError as exc:
            raise DriverError("unreachable", f"Không gọi được API điều khiển: {exc}",
                              f"Cannot reach the driver API: {exc}") from None
        try:
            data = r.json()
        except ValueError:
            data = None
        if r.status_code >= 400:
            err = data.get("error") if isinstance(data, dict) else None
            if isinstance(err, dict):
                raise DriverError(str(err.get("code", "bad_request")), str(err.get("vi", "")),
                                  str(err.get("en", "")))
            if r.status_code in (404, 405):  # no such operation: an older or partial API
                raise MissingOperation("bad_request", f"API điều khiển không có thao tác {method} "
                                  f"{path} (HTTP {r.status_code})",
                                  f"The driver API has no operation {method} {path} "
                                  f"(HTTP {r.status_code})")
            raise DriverError("internal", f"API điều khiển trả lỗi HTTP {r.status_code}",
                              f"The driver API answered HTTP {r.status_code}")
        if not isinstance(data, dict):
            raise DriverError("internal", "API điều khiển trả lời không phải JSON",
                              "The driver API did not answer JSON")
        return data

    def info(self) -> dict[str, Any]:
        return self._call("GET", "/info")

    def issue(self, request: IssueRequest) -> IssueResult:
        return IssueResult.from_dict(self._call("POST", "/issue", body=request.to_dict()))

    def revoke(self, document_id: str, reason: str, *, mechanism: str | None = None
               ) -> ActionResult:
        body: dict[str, Any] = {"document_id": document_id, "reason": reason}
        if mechanism is not None:
            body["mechanism"] = mechanism
        return ActionResult.from_dict(self._call("POST", "/revoke", body=body))

    def update(self, document_id: str, reason: str, *, add_recipients: Sequence[str] = (),
               remove_recipients: Sequence[str] = (), subject: str | None = None
               ) -> ActionResult:
        body: dict[str, Any] = {"document_id": document_id, "reason": reason,
                                "add_recipients": list(add_recipients),
                                "remove_recipients": list(remove_recipients)}
        if subject is not None:
            body["subject"] = subject
        return ActionResult.from_dict(self._call("POST", "/update", body=body))

    def replace(self, document_id: str, request: IssueRequest, reason: str) -> IssueResult:
        return IssueResult.from_dict(self._call("POST", "/replace", body={
            "document_id": document_id, "reason": reason, "request": request.to_dict()}))

    def act(self, document_id: str, action: str, *, reason: str | None = None,
            agency: str | None = None, note: str | None = None) -> ActionResult:
        body: dict[str, Any] = {"document_id": document_id, "action": action}
        for key, value in (("reason", reason), ("agency", agency), ("note", note)):
            if value is not None:
                body[key] = value
        return ActionResult.from_dict(self._call("POST", "/act", body=body))

    def change_answer(self, document_id: str, agree: bool, *, reason: str | None = None,
                      agency: str | None = None) -> ActionResult:
        body: dict[str, Any] = {"document_id": document_id, "agree": agree}
        for key, value in (("reason", reason), ("agency", agency)):
            if value is not None:
                body[key] = value
        return ActionResult.from_dict(self._call("POST", "/change-answer", body=body))

    def record(self, document_id: str, *, agency: str | None = None,
               direction: str | None = None) -> DocumentRecord:
        params = {"document_id": document_id}
        if agency:
            params["agency"] = agency
        if direction:
            params["direction"] = direction
        return DocumentRecord.from_dict(self._call("GET", "/record", params=params))

    def sync(self) -> PollReport:
        return PollReport.from_dict(self._call("POST", "/sync"))

    def statistics(self) -> dict[str, Any]:
        return self._call("GET", "/statistics")


# --- command line ---------------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reference_axis.reference_qlvb.driver_http",
        description="API điều khiển của QLVB tham chiếu / the reference QLVB's driver API")
    parser.add_argument("--write-openapi", action="store_true",
                        help=f"ghi lại / rewrite {OPENAPI_FILE.name}")
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="chạy API điều khiển / serve the driver API")
    serve.add_argument("--system", required=True, help="vxp.h38 | vxp.h41 | vxp.g22")
    serve.add_argument("--endpoint", required=True, help="địa chỉ trục / axis endpoint")
    serve.add_argument("--secret", required=True)
    serve.add_argument("--db", default=None, help="tệp SQLite của hệ thống / the agent's store")
    serve.add_argument("--variant", default="compliant", help="biến thể lỗi / faulty variant")
    serve.add_argument("--profile", default="nd30")
    serve.add_argument("--port", type=int, default=8900)
    serve.add_argument("--token", default=None)
    serve.add_argument("--poll-interval", type=float, default=1.0)
    serve.add_argument("--clock-start", default=None, metavar="ISO8601",
                       help="đồng hồ bắt đầu từ thời điểm này (như trục ở chế độ offset) / "
                            "run the clock from this moment")
    args = parser.parse_args(argv)
    if args.write_openapi:
        OPENAPI_FILE.write_text(openapi_text(), encoding="utf-8")
        sys.stdout.write(f"{OPENAPI_FILE}\n")
        return 0
    if args.command != "serve":
        parser.print_help()
        return 2
    import uvicorn

    from reference_axis.reference_qlvb.config import AgentSettings, sample_config
    from reference_axis.reference_qlvb.driver import builtin_driver

    try:
        clock = None
        if args.clock_start:
            import datetime as dt

            from reference_axis.reference_qlvb.clock import OffsetClock

            clock = OffsetClock.starting_at(dt.datetime.fromisoformat(args.clock_start))
        config = sample_config(args.system, args.endpoint, args.secret,
                               AgentSettings(profile=args.profile))
        driver: BuiltinDriver = builtin_driver(config, behaviour=args.variant, store=args.db,
                                               clock=clock,
                                               poll_interval=args.poll_interval or None)
    except (KeyError, ValueError, AgentError) as exc:
        sys.stderr.write(f"lỗi cấu hình / configuration error: {exc}\n")
        return 2
    try:
        uvicorn.run(create_app(driver, token=args.token), host="127.0.0.1", port=args.port,
                    log_level="warning")
    finally:
        driver.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
