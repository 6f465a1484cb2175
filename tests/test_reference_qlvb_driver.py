"""The SUT driver: builtin and HTTP drivers behave the same; the HTTP API matches its OpenAPI
description (served and shipped as a file); errors come back as DriverError, never tracebacks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema
import pytest

from reference_axis.reference_qlvb.driver import BuiltinDriver, DriverError, SutDriver
from reference_axis.reference_qlvb.driver_http import (
    OPENAPI_FILE,
    HttpDriver,
    create_app,
    openapi_spec,
    openapi_text,
)
from reference_axis.reference_qlvb.models import AttachmentSpec, IssueRequest
from reference_axis.reference_qlvb.testing import H38, H41, MemoryNetwork, serve_app

SPEC = openapi_spec()
REQUEST = IssueRequest(subject="Về việc thử nghiệm API điều khiển", recipients=(H41,),
                       attachments=(AttachmentSpec("phu-luc.pdf", "Danh sách"),))


def check(name: str, instance: Any) -> None:
    root = {"components": SPEC["components"], "$ref": f"#/components/schemas/{name}"}
    jsonschema.Draft202012Validator(root).validate(instance)


@pytest.fixture
def net() -> Iterator[MemoryNetwork]:
    n = MemoryNetwork()
    yield n
    n.close()


@pytest.fixture
def drivers(net: MemoryNetwork) -> Iterator[tuple[HttpDriver, HttpDriver, httpx.Client]]:
    """The reference agencies behind their driver APIs on loopback (the receiver's with a
    token), the HTTP drivers that call them, and a raw client of the receiver's API."""
    sender = BuiltinDriver(net.agent("vxp.h38"))
    receiver = BuiltinDriver(net.agent("vxp.h41"))
    with serve_app(create_app(sender)) as url1, \
            serve_app(create_app(receiver, token="t0k")) as url2:
        d1, d2 = HttpDriver(url1), HttpDriver(url2, token="t0k")
        raw = httpx.Client(base_url=url2, timeout=30)
        yield d1, d2, raw
        for c in (d1, d2, raw):
            c.close()


def test_openapi_file_is_what_the_app_serves(net):
    assert OPENAPI_FILE.read_text(encoding="utf-8") == openapi_text(), (
        "run: python -m reference_axis.reference_qlvb.driver_http --write-openapi")
    with serve_app(create_app(BuiltinDriver(net.agent("vxp.h41")), token="x")) as url:
        served = httpx.get(f"{url}/openapi.json", timeout=30)  # no token needed
    assert served.status_code == 200
    assert served.json() == json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


def test_openapi_schemas_are_valid_json_schema():
    assert SPEC["openapi"].startswith("3.1")
    for name in SPEC["components"]["schemas"]:
        jsonschema.Draft202012Validator.check_schema(
            {"components": SPEC["components"], "$ref": f"#/components/schemas/{name}"})
    refs = json.dumps(SPEC)
    for name in SPEC["components"]["schemas"]:
        assert name in refs
    operations = {op["operationId"] for path in SPEC["paths"].values() for op in path.values()}
    assert operations == {"info", "issue", "revoke", "update", "replace", "act",
                          "change_answer", "record", "sync", "statistics"}


def test_both_drivers_follow_the_protocol(net):
    builtin = BuiltinDriver(net.agent("vxp.h38"))
    assert isinstance(builtin, SutDriver)
    assert isinstance(HttpDriver("http://127.0.0.1:9"), SutDriver)


def test_the_whole_flow_over_http(drivers):
    sender, receiver, _raw = drivers
    info = sender.info()
    check("Info", info)
    assert {a["code"] for a in info["agencies"]} == {H38, "000.00.12.H38"}
    issued = sender.issue(REQUEST)
    check("IssueResult", issued.to_dict())
    assert issued.state == "sent" and issued.code == "01/UBND-VP"
    report = receiver.sync()
    check("PollReport", report.to_dict())
    assert report.documents == (issued.document_id,)
    rec = receiver.record(issued.document_id)
    check("DocumentRecord", rec.to_dict())
    assert rec.arrival_number == 1 and rec.statuses_sent == ("01", "03")
    for action in ("assign", "process", "complete"):
        result = receiver.act(issued.document_id, action, note="Giao Văn phòng xử lý")
        check("ActionResult", result.to_dict())
    sender.sync()
    assert sender.record(issued.document_id).statuses_seen == ("01", "03", "04", "05", "06")
    # revoke, update, replace are reachable; a completed document refuses the revocation
    second = sender.issue(REQUEST)
    receiver.sync()
    updated = sender.update(second.document_id, "Đổi trích yếu",
                            subject="Về việc thử nghiệm (cập nhật)")
    check("ActionResult", updated.to_dict())
    replaced = sender.replace(second.document_id, IssueRequest(
        subject="Về việc thử nghiệm (thay thế)", recipients=()), "Thay thế văn bản")
    check("IssueResult", replaced.to_dict())
    assert replaced.code == "03/UBND-VP"
    receiver.sync()
    # the receiver's clerk answers the two requests waiting on the document (update, replace)
    answer = receiver.change_answer(second.document_id, True)
    check("ActionResult", answer.to_dict())
    assert answer.status_sent == "15" and answer.state == "replaced"
    assert receiver.record(second.document_id).statuses_sent[-2:] == ("15", "15")
    revoked = sender.revoke(issued.document_id, "Ban hành nhầm")
    check("ActionResult", revoked.to_dict())
    receiver.sync()
    sender.sync()
    assert sender.record(issued.document_id).state == "revocation_refused"


def test_errors_come_back_as_driver_errors(drivers):
    sender, receiver, raw = drivers
    with pytest.raises(DriverError) as err:
        receiver.record("000.00.00.H38,2026/03/02,99/UBND-VP")
    assert err.value.code == "not_found" and "Không có" in err.value.vi
    with pytest.raises(DriverError) as err:
        sender.issue(IssueRequest(subject="x", recipients=()))
    assert err.value.code == "bad_request"
    doc = sender.issue(REQUEST).document_id
    receiver.sync()
    with pytest.raises(DriverError) as err:
        receiver.act(doc, "reject")  # already accepted
    assert err.value.code == "conflict"
    with pytest.raises(DriverError):
        receiver.act(doc, "dance")
    # raw HTTP: bad JSON, wrong types, no token — clean JSON errors with their status codes
    r = raw.post("/issue", content=b"{not json", headers={"Authorization": "Bearer t0k"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_request"
    check("Error", r.json())
    r = raw.post("/issue", json={"subject": 5, "recipients": "x"},
                 headers={"Authorization": "Bearer t0k"})
    assert r.status_code == 400
    r = raw.get("/info")
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    r = raw.get("/record", headers={"Authorization": "Bearer t0k"})
    assert r.status_code == 400
    with pytest.raises(DriverError) as err:
        HttpDriver("http://127.0.0.1:9", timeout=2).info()
    assert err.value.code == "unreachable"


def test_change_answer_over_http(drivers):
    sender, receiver, raw = drivers
    doc = sender.issue(REQUEST).document_id
    receiver.sync()
    sender.revoke(doc, "Ban hành nhầm")
    receiver.sync()
    auth = {"Authorization": "Bearer t0k"}
    for body in ({"document_id": doc}, {"document_id": doc, "agree": "no"},
                 {"agree": False, "reason": "x"}):
        r = raw.post("/change-answer", json=body, headers=auth)
        assert r.status_code == 400 and r.json()["error"]["code"] == "bad_request", body
        check("Error", r.json())
    with pytest.raises(DriverError) as err:  # a refusal needs its reason
        receiver.change_answer(doc, False)
    assert err.value.code == "bad_request"
    check("ChangeAnswerRequest", {"document_id": doc, "agree": False, "reason": "Đã thực hiện"})
    refused = receiver.change_answer(doc, False, reason="Văn bản đã được thực hiện")
    check("ActionResult", refused.to_dict())
    assert (refused.status_sent, refused.state) == ("16", "accepted")
    with pytest.raises(DriverError) as err:
        receiver.change_answer(doc, True)
    assert err.value.code == "conflict"
    sender.sync()
    assert sender.record(doc).state == "revocation_refused"
    with pytest.raises(DriverError) as err:
        receiver.change_answer("000.00.00.H38,2026/03/02,99/UBND-VP", True)
    assert err.value.code == "not_found"


def test_an_api_without_the_operation_raises_missing_operation():
    from starlette.applications import Starlette

    from reference_axis.reference_qlvb.driver_http import MissingOperation

    with serve_app(Starlette(routes=[])) as url:
        driver = HttpDriver(url)
        try:
            with pytest.raises(MissingOperation) as err:
                driver.change_answer("x", True)
        finally:
            driver.close()
    assert "/change-answer" in err.value.vi and "HTTP 404" in err.value.en


def test_statistics_count_what_went_through_the_axis(drivers, net):
    sender, receiver, _raw = drivers
    doc = sender.issue(REQUEST).document_id
    net.axis.fail_next = 1
    assert sender.issue(REQUEST).state == "send_failed"  # refused: not counted as sent
    receiver.sync()  # fetch, 01, 03
    sender.sync()  # the outbox sends the refused one again; the two statuses arrive
    stats = sender.statistics()
    check("Statistics", stats)
    mine = next(r for r in stats["agencies"] if r["agency"] == H38)
    assert mine == {"agency": H38, "name": mine["name"], "sent_edoc": 2, "sent_status": 0,
                    "received_edoc": 0, "received_status": 2}
    theirs = next(r for r in receiver.statistics()["agencies"] if r["agency"] == H41)
    assert (theirs["received_edoc"], theirs["sent_status"]) == (1, 2)
    assert receiver.record(doc).statuses_sent == ("01", "03")
