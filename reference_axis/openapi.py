"""The OpenAPI 3.0 document of the axis (served at `/openapi.json`), written by hand.

The wire API is described as the SDK uses it (parameters in `XroadVnpt-*` headers, HMAC
signature, the reply shapes the SDK can read); the admin API precisely enough that schemathesis
can exercise it (tests/test_axis_openapi.py).
"""

from __future__ import annotations

from typing import Any

from reference_axis import errors, faults, protocol
from reference_axis.config import AxisConfig


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ADMIN_ERRORS = {
    "400": _json(_ref("AdminError"), "Bad input"),
    "401": _json(_ref("AdminError"), "Missing or wrong admin token"),
}

_NULLABLE_STR = {"type": "string", "nullable": True}


def _fault_variant(kinds: list[str], calls: list[str]) -> dict[str, Any]:
    return {"type": "object", "required": ["kind"], "properties": {
        "kind": {"type": "string", "enum": kinds},
        "call": {"type": "string", "enum": calls},
        "agency": {"type": "string", "minLength": 1,
                   "description": "systemId or agency code; absent = any"},
        "count": {"type": "integer", "minimum": 1, "maximum": faults.MAX_COUNT},
        "params": {"type": "object", "properties": {
            "seconds": {"type": "number", "minimum": 0, "maximum": faults.MAX_DELAY},
            "stage": {"type": "string", "enum": ["before", "after"]},
            "body": {"type": "string", "enum": ["json", "empty"]},
            "http_status": {"type": "integer", "minimum": 200, "maximum": 599},
            "error_code": {"type": "string", "minLength": 1, "maxLength": 32,
                           "pattern": "^(?!0$)"},
            "error_desc": {"type": "string"}}}}}


def _schemas() -> dict[str, Any]:
    base_reply = {
        "type": "object", "required": ["status", "ErrorCode", "ErrorDesc"],
        "properties": {"status": {"type": "string", "enum": ["OK", "FAIL"]},
                       "ErrorCode": {"type": "string"}, "ErrorDesc": {"type": "string"}},
    }
    fault_kind = {"type": "string", "enum": list(faults.KINDS)}
    return {
        "Reply": base_reply,
        "SendReply": {"allOf": [base_reply, {"type": "object", "required": ["DocId"],
                                             "properties": {"DocId": {"type": "string"}}}]},
        "ListReply": {"allOf": [base_reply, {"type": "object", "properties": {
            "data": {"type": "array", "items": {"type": "object"}}}}]},
        "EdocReply": {"allOf": [base_reply, {"type": "object", "properties": {
            "data": {"type": "string", "format": "byte"}}}]},
        "CountReply": {"allOf": [base_reply, {"type": "object", "properties": {
            "count": {"type": "integer"}}}]},
        "AdminError": {"type": "object", "required": ["error"], "properties": {
            "error": {"type": "object", "required": ["vi", "en"], "properties": {
                "vi": {"type": "string"}, "en": {"type": "string"}}}}},
        "Clock": {"type": "object", "required": ["mode", "offset_seconds", "now", "now_epoch"],
                  "properties": {"mode": {"type": "string", "enum": ["real", "offset", "frozen"]},
                                 "offset_seconds": {"type": "number"},
                                 "frozen_at": _NULLABLE_STR, "now": {"type": "string"},
                                 "now_epoch": {"type": "number"}}},
        "ClockSetting": {"oneOf": [
            {"type": "object", "required": ["mode"], "properties": {
                "mode": {"type": "string", "enum": ["real"]}}},
            {"type": "object", "required": ["mode", "offset_seconds"], "properties": {
                "mode": {"type": "string", "enum": ["offset"]},
                "offset_seconds": {"type": "number", "minimum": -1e9, "maximum": 1e9}}},
            {"type": "object", "required": ["mode"], "properties": {
                "mode": {"type": "string", "enum": ["frozen"]},
                "at": {"type": "string", "format": "date-time",
                       "description": "ISO 8601 (naive = Vietnam time); absent = now"}}}]},
        "FaultSpec": {"oneOf": [_fault_variant(kinds, calls) for kinds, calls in (
            ([k for k in faults.KINDS if k not in faults.ONLY_FOR], ["*", *protocol.CALLS]),
            (["duplicate"], ["*", "sendEdoc"]),
            (["corrupt", "truncate"], ["*", "getEdoc", "downloadEdoc"]))]},
        "Fault": {"type": "object", "required": ["id", "kind", "call", "remaining", "params"],
                  "properties": {"id": {"type": "integer"}, "kind": fault_kind,
                                 "call": {"type": "string"}, "agency": _NULLABLE_STR,
                                 "remaining": {"type": "integer"},
                                 "fired": {"type": "integer"}, "params": {"type": "object"}}},
        "Injection": {"type": "object", "properties": {
            "package_base64": {"type": "string", "format": "byte"},
            "package": {"type": "string", "description": "the package as UTF-8 text"},
            "from": {"type": "string"},
            "to": {"oneOf": [{"type": "string"}, {"type": "array",
                                                  "items": {"type": "string"}}]},
            "messagetype": {"type": "string", "enum": list(protocol.MESSAGE_TYPES)}}},
        "Injected": {"type": "object", "required": ["docId", "deliveries"], "properties": {
            "docId": {"type": "string"}, "messagetype": {"type": "string"},
            "from": {"type": "string"},
            "deliveries": {"type": "array", "items": {"type": "object", "properties": {
                "to": {"type": "string"}, "docId": {"type": "string"}}}},
            "findings": {"type": "array", "items": {"type": "object"}}}},
        "TrafficPage": {"type": "object", "required": ["items", "last_id"], "properties": {
            "items": {"type": "array", "items": {"type": "object", "required": [
                "id", "exchange_id", "call", "findings"]}},
            "last_id": {"type": "integer"}}},
        "Stats": {"type": "object", "required": ["agencies", "totals", "rule"], "properties": {
            "agencies": {"type": "array", "items": {"type": "object"}},
            "totals": {"type": "object"}, "rule": {"type": "string"},
            "period": {"type": "object"}, "generated_at": {"type": "string"}}},
        "Reset": {"type": "object", "properties": {"keep_agencies": {"type": "boolean"}}},
    }


def _wire_paths(base: str) -> dict[str, Any]:
    reply_schema = {"sendEdoc": "SendReply", "getReceivedEdocList": "ListReply",
                    "getSentEdocList": "ListReply", "getEdoc": "EdocReply",
                    "countReceiveEdoc": "CountReply", "countReceiveStatus": "CountReply",
                    "getAgenciesList": "ListReply", "getAgenciesListQD20": "ListReply",
                    "getSynchronizeUnit": "ListReply"}
    paths: dict[str, Any] = {}
    signed = [
        {"name": "XroadVnpt-systemid", "in": "header", "required": True,
         "schema": {"type": "string"}},
        {"name": "XroadVnpt-timestamp", "in": "header", "required": True,
         "schema": {"type": "string", "pattern": r"^\d{8}T\d{6}\+\d{4}$"}},
        {"name": "XroadVnpt-sign-header-key", "in": "header", "required": True,
         "schema": {"type": "string"}},
        {"name": "XroadVnpt-sign-header", "in": "header", "required": True,
         "schema": {"type": "string"}, "description": "compact JSON of the signed headers"},
        {"name": "XroadVnpt-hash-header", "in": "header", "required": True,
         "schema": {"type": "string"},
         "description": "hex HMAC-SHA256(secret UTF-8, raw sign-header bytes)"},
    ]
    for call, method in protocol.CALLS.items():
        needed, optional = protocol.CALL_KEYS[call]
        params = list(signed) + [
            {"name": f"XroadVnpt-{k}", "in": "header", "required": True,
             "schema": {"type": "string"}} for k in needed] + [
            {"name": f"XroadVnpt-{k}", "in": "header", "required": False,
             "schema": {"type": "string"}} for k in optional]
        op: dict[str, Any] = {
            "tags": ["wire"], "operationId": call, "summary": f"SDK call {call}",
            "parameters": params, "security": [{"xroadHmac": []}],
            "responses": {"200": _json(_ref(reply_schema.get(call, "Reply")),
                                       "Always JSON (ASCII; Vietnamese as \\u escapes). "
                                       "ErrorCodes: " + ", ".join(
                                           f"{e.code} {e.en}" for e in errors.ALL))}}
        if call == "sendEdoc":
            op["requestBody"] = {"required": True, "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
                "description": "the .edxml bytes followed by CRLF"}
        elif call == "downloadEdoc":
            op["responses"]["200"] = {"description": "the package bytes, or a JSON FAIL reply",
                                      "content": {"application/octet-stream": {"schema": {
                                          "type": "string", "format": "binary"}}}}
        elif call == "registerAgency":
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["code", "name", "mail"], "properties": {
                    k: {"type": "string"} for k in
                    ("id", "pcode", "code", "name", "mail", "mobile", "fax")}}}}}
        paths[f"{base}/{call}"] = {method.lower(): op}
    return paths


def _admin_paths(prefix: str) -> dict[str, Any]:
    sec = [{"adminToken": []}]

    def op(op_id: str, summary: str, ok: dict[str, Any], *, code: str = "200",
           body: str | None = None, params: list[dict[str, Any]] | None = None,
           extra: dict[str, Any] | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"tags": ["admin"], "operationId": op_id, "summary": summary,
                               "security": sec, "responses": {code: ok, **_ADMIN_ERRORS,
                                                              **(extra or {})}}
        if body:
            out["requestBody"] = {"required": True, "content": {
                "application/json": {"schema": _ref(body)}}}
        if params:
            out["parameters"] = params
        return out

    def query(name: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
        return {"name": name, "in": "query", "required": False, "schema": schema,
                "description": description}

    moment = {"type": "string", "format": "date-time",
              "description": "ISO 8601 (epoch seconds also accepted)"}
    return {
        f"{prefix}/status": {"get": op("adminStatus", "Schema version, store, clock",
                                       _json({"type": "object", "required": [
                                           "schema_version", "store", "now"]}, "Status"))},
        f"{prefix}/inject": {"post": op(
            "adminInject", "Deliver a package as if an agency had sent it",
            _json(_ref("Injected"), "Delivered"), body="Injection")},
        f"{prefix}/traffic": {"get": op(
            "adminTraffic", "The traffic log", _json(_ref("TrafficPage"), "A page of exchanges"),
            params=[query("after_id", {"type": "integer", "minimum": 0}),
                    query("limit", {"type": "integer", "minimum": 1, "maximum": 1000}),
                    query("call", {"type": "string"}), query("system_id", {"type": "string"}),
                    query("agency", {"type": "string"}),
                    query("exchange_id", {"type": "string"})])},
        f"{prefix}/documents/{{doc_id}}": {"get": op(
            "adminDocument", "One document (by sender or receiver docId) and its deliveries",
            _json({"type": "object", "required": ["docId", "deliveries"]}, "The document"),
            params=[{"name": "doc_id", "in": "path", "required": True,
                     "schema": {"type": "string"}}],
            extra={"404": _json(_ref("AdminError"), "No such document")})},
        f"{prefix}/clock": {
            "get": op("adminGetClock", "The axis clock", _json(_ref("Clock"), "Clock")),
            "put": op("adminSetClock", "Set the axis clock (real, offset or frozen)",
                      _json(_ref("Clock"), "Clock"), body="ClockSetting")},
        f"{prefix}/faults": {
            "get": op("adminListFaults", "Armed and spent faults", _json({
                "type": "object", "required": ["faults"], "properties": {
                    "faults": {"type": "array", "items": _ref("Fault")}}}, "Faults")),
            "post": op("adminAddFault", "Arm a fault for the next N matching calls",
                       _json(_ref("Fault"), "Armed"), code="201", body="FaultSpec"),
            "delete": op("adminClearFaults", "Disarm every fault", _json({
                "type": "object", "required": ["cleared"],
                "properties": {"cleared": {"type": "integer"}}}, "Cleared"))},
        f"{prefix}/stats": {"get": op(
            "adminStats", "Statistics per agency and period (QĐ 28 Điều 11)",
            _json(_ref("Stats"), "Statistics"),
            params=[query("since", moment), query("until", moment),
                    query("agency", {"type": "string"})])},
        f"{prefix}/reset": {"post": op(
            "adminReset", "Empty documents, deliveries, traffic, faults; reset the clock",
            _json({"type": "object", "required": ["reset"]}, "Done"), body="Reset")},
    }


def openapi_document(config: AxisConfig) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "qlvb-conformance reference axis",
            "version": "1.0.0",
            "description": (
                "Trục liên thông văn bản quốc gia giả lập (wire protocol of the official VXP SDK) "
                "and the harness's admin API. Reference axis simulating the national "
                "document-exchange axis."),
        },
        "paths": {**_wire_paths(config.base_path), **_admin_paths(config.admin_path)},
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {
                "adminToken": {"type": "http", "scheme": "bearer"},
                "xroadHmac": {"type": "apiKey", "in": "header", "name": "XroadVnpt-hash-header",
                              "description": "HMAC-SHA256 of XroadVnpt-sign-header with the "
                                             "system's secret"},
            },
        },
    }
