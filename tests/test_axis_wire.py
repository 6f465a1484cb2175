"""Every call of the wire API through the Python client against a real axis process (uvicorn on
a free loopback port): reply shapes, routing, cross-agency refusal, retries, faults, admin.

The same flows run three times: on the embedded SQLite store served by one worker and by two
(one database file shared by two processes), and on a real PostgreSQL server started from
Debian's binaries in a temporary directory, served by two workers."""

from __future__ import annotations

import base64
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from reference_axis import protocol
from reference_axis.client import AxisClient, SdkQuirks
from reference_axis.testing import (
    G22,
    H38,
    H41,
    SO_H38,
    AxisProcess,
    PostgresCluster,
    axis_config,
    edoc_package,
    postgres_binaries,
    status_package,
    unique_number,
)


@pytest.fixture(scope="module", params=["sqlite", "sqlite-2-workers", "postgres-2-workers"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[AxisProcess]:
    workdir = tmp_path_factory.mktemp("axis")
    if request.param.startswith("sqlite"):
        with AxisProcess(workdir, workers=2 if "2-workers" in request.param else 1) as proc:
            yield proc
        return
    if postgres_binaries() is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed: "
                    "apt-get install postgresql")
    with PostgresCluster(workdir) as pg, AxisProcess(workdir, store_url=pg.url,
                                                     workers=2) as proc:
        yield proc


@pytest.fixture()
def axis(server: AxisProcess) -> AxisProcess:
    r = server.admin.post("/admin/reset", json={"keep_agencies": True})
    assert r.status_code == 200
    return server


def clients(axis: AxisProcess) -> tuple[AxisClient, AxisClient, AxisClient]:
    return axis.client("vxp.h38"), axis.client("vxp.g22"), axis.client("vxp.h41")


def assert_shape(reply, *extra: str) -> None:
    assert reply.error is None, reply.error
    reply.raw.decode("ascii")  # pure ASCII
    for key in ("status", "ErrorCode", "ErrorDesc", *extra):
        assert key in reply.json, (key, reply.json)
        assert reply.json[key] is not None


def send(client: AxisClient, sender: str, to: list[str], *, header_to: bool = True,
         number: str | None = None):
    pkg = edoc_package(sender, to, number=number or unique_number())
    return pkg, client.send_edoc(pkg, from_=sender, to=to if header_to else None)


# --- the happy path ---------------------------------------------------------------------------

def test_full_delivery_send_list_get_done(axis: AxisProcess) -> None:
    h38, g22, _ = clients(axis)
    pkg, sent = send(h38, H38, [G22])
    assert_shape(sent, "DocId")
    assert sent.ok and sent.doc_id
    listed = g22.get_received_edoc_list("edoc")
    assert_shape(listed, "data")
    [item] = listed.data
    assert item["from"] == H38 and item["to"] == G22 and item["messageType"] == "edoc"
    assert item["created_time"].endswith("+07:00")
    assert g22.count_receive_edoc().count == 1
    got = g22.get_edoc(item["docId"], file_path="/var/lib/qlvb/store")
    assert_shape(got, "data")
    assert got.package == pkg  # byte for byte, CRLFs included
    done = g22.update_status(item["docId"], "done")
    assert_shape(done)
    assert done.ok
    assert g22.get_received_edoc_list("edoc").data == []
    assert g22.count_receive_edoc().count == 0
    sent_list = h38.get_sent_edoc_list("edoc", sent.doc_id)
    assert_shape(sent_list, "data")
    [row] = sent_list.data
    assert row["senderDocId"] == sent.doc_id and row["receiverDocId"] == item["docId"]
    assert row["receiveStatus"] == "done" and row["notation"].endswith("/UBND-VP")


def test_recipients_from_the_package_when_no_to_header(axis: AxisProcess) -> None:
    h38, g22, h41 = clients(axis)
    _, sent = send(h38, SO_H38, [G22, H41], header_to=False)
    assert sent.ok, sent.json
    assert len(g22.get_received_edoc_list().data) == 1
    assert len(h41.get_received_edoc_list().data) == 1


def test_one_system_serves_several_agency_codes(axis: AxisProcess) -> None:
    h38, g22, _ = clients(axis)
    g22.send_edoc(edoc_package(G22, [H38]), from_=G22, to=[H38])
    g22.send_edoc(edoc_package(G22, [SO_H38], number="13"), from_=G22, to=[SO_H38])
    assert {i["to"] for i in h38.get_received_edoc_list().data} == {H38, SO_H38}


def test_status_package_goes_back_to_the_sender_of_the_answered_document(
        axis: AxisProcess) -> None:
    h38, g22, h41 = clients(axis)
    number = unique_number()
    send(h38, H38, [G22], number=number)
    item = g22.get_received_edoc_list().data[0]
    g22.update_status(item["docId"], "processing")
    answered_id = f"{H38},2026/11/22,{number}/UBND-VP"
    status = status_package(G22, answered_organ=H38, answered_id=answered_id, code="01")
    r = g22.send_edoc(status, from_=G22, messagetype="status")  # no `to`: ResponseFor decides
    assert r.ok, r.json
    statuses = h38.get_received_edoc_list("status").data
    assert len(statuses) == 1 and statuses[0]["from"] == G22
    assert h38.count_receive_status().count == 1
    assert h41.get_received_edoc_list("status").data == []
    assert h38.get_edoc(statuses[0]["docId"]).package == status
    stats = axis.admin.get("/admin/stats").json()
    g = next(a for a in stats["agencies"] if a["agency"] == G22)
    assert g["received_edoc"] == 1 and g["on_time"] == 1 and g["on_time_rate"] == 1.0
    assert next(a for a in stats["agencies"] if a["agency"] == H38)["sent_edoc"] == 1


def test_agency_directory_calls(axis: AxisProcess) -> None:
    h38, g22, _ = clients(axis)
    lst = g22.get_agencies_list()
    assert_shape(lst, "data")
    assert {a["code"] for a in lst.data} >= {G22, H38, SO_H38, H41}
    sub = next(a for a in lst.data if a["code"] == SO_H38)
    parent = next(a for a in lst.data if a["code"] == H38)
    assert sub["pid"] == parent["id"]
    qd20 = g22.get_agencies_list_qd20("1")
    assert_shape(qd20, "data")
    assert {a["code"] for a in qd20.data} >= {"G22", "H38"} and SO_H38 not in {
        a["code102"] for a in qd20.data}
    sync = g22.get_synchronize_unit()
    assert_shape(sync, "data")
    assert all(isinstance(u["version"], int) and isinstance(u["deleted"], bool)
               for u in sync.data)
    new = {"id": "", "pcode": H38, "code": "000.00.13.H38", "name": "Sở Tài chính tỉnh Lào Cai",
           "mail": "stc@laocai.gov.vn", "mobile": "", "fax": ""}
    reg = h38.register_agency(new)
    assert_shape(reg)
    assert reg.ok, reg.json
    assert "000.00.13.H38" in {a["code"] for a in g22.get_agencies_list().data}
    assert g22.register_agency(dict(new, name="Chiếm đoạt")).error_code == "41"
    bad = h38.register_agency({"code": "abc", "name": "", "mail": "x"})
    assert bad.error_code == "40" and not bad.ok
    assert g22.delete_agency("000.00.13.H38").error_code == "41"
    assert h38.delete_agency("000.00.13.H38").ok
    assert "000.00.13.H38" not in {a["code"] for a in g22.get_agencies_list().data}
    gone = next(u for u in g22.get_synchronize_unit().data if u["code"] == "000.00.13.H38")
    assert gone["deleted"] is True


# --- refusals ---------------------------------------------------------------------------------

def test_another_agencys_documents_are_refused_and_logged(axis: AxisProcess) -> None:
    h38, g22, h41 = clients(axis)
    _, sent = send(h38, H38, [G22])
    item = g22.get_received_edoc_list().data[0]
    for reply in (h41.get_edoc(item["docId"]), h41.update_status(item["docId"], "done"),
                  h41.download_edoc(item["docId"]), h41.get_edoc(sent.doc_id)):
        assert reply.status == "FAIL" and reply.error_code == "30", reply.json
    assert h41.get_received_edoc_list().data == []
    assert h41.get_sent_edoc_list().data == []
    log = axis.traffic(system_id="vxp.h41")
    denied = [f for e in log for f in e["findings"] if f["rule_id"] == "DN35-5"]
    assert len(denied) == 4 and all(f["status"] == "fail" for f in denied)
    # the item is still pending for its real recipient
    assert g22.count_receive_edoc().count == 1


def test_sending_for_an_agency_the_system_does_not_serve(axis: AxisProcess) -> None:
    _, _, h41 = clients(axis)
    r = h41.send_edoc(edoc_package(G22, [H38]), from_=G22, to=[H38])
    assert_shape(r, "DocId")
    assert r.status == "FAIL" and r.error_code == "22" and r.doc_id == ""


def test_bad_credentials_are_refused_with_specific_codes(axis: AxisProcess) -> None:
    wrong = AxisClient(axis.endpoint, "vxp.h38", "not-the-secret")
    r = wrong.get_received_edoc_list()
    assert_shape(r)
    assert r.error_code == "12" and r.status == "FAIL"
    r = wrong.send_edoc(edoc_package(H38, [G22]), from_=H38, to=[G22])
    assert_shape(r, "DocId")
    assert r.error_code == "12"
    r = AxisClient(axis.endpoint, "vxp.unknown", "x").count_receive_edoc()
    assert r.error_code == "11"
    raw = httpx.post(axis.endpoint + "/getReceivedEdocList")
    assert raw.json()["ErrorCode"] == "10" and raw.status_code == 200
    entries = axis.traffic(call="getReceivedEdocList")
    assert any(f["rule_id"] == "QD28-13.2" and f["status"] == "fail"
               for e in entries for f in e["findings"])


def test_bad_input_gets_a_clear_refusal(axis: AxisProcess) -> None:
    h38, g22, _ = clients(axis)
    pkg = edoc_package(H38, [G22])
    # hash-file that does not match
    prepared = h38.signer.send_edoc(pkg + b"tampered", from_=H38, to=[G22])
    tampered = type(prepared)(prepared.call, prepared.method, prepared.path, prepared.headers,
                              pkg + b"\r\n")
    assert h38.execute(tampered).error_code == "25"
    # XXE / DTD
    evil = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b"<edXML>&e;</edXML>")
    r = h38.send_edoc(evil, from_=H38, to=[G22])
    assert r.error_code == "26" and r.doc_id == ""
    assert h38.send_edoc(b"not xml at all", from_=H38, to=[G22]).error_code == "26"
    assert h38.send_edoc(pkg, from_=H38, to=["000.00.00.Z99"]).error_code == "23"
    assert h38.send_edoc(pkg, from_=H38, messagetype="memo").error_code == "21"
    assert g22.update_status("no-such-doc", "done").error_code == "30"
    assert g22.update_status("x", "finished").error_code == "21"
    assert g22.get_received_edoc_list("letter").error_code == "21"
    r = g22.call("noSuchCall")
    assert r.http_status == 404 and r.error_code == "404"
    fresh = axis.client("vxp.g22")  # (g22 carries a sticky docId from its earlier calls)
    assert fresh.call("getEdoc", {}, b"{}").error_code == "20"
    log = axis.traffic()
    assert any(f["rule_id"] == "QCVN102-XMLSEC" for e in log for f in e["findings"])


def test_trailing_slash_endpoint_still_works(axis: AxisProcess) -> None:
    g22 = AxisClient(axis.endpoint + "/", "vxp.g22", "secret-g22-AwyOIW")
    g22.endpoint = axis.endpoint + "/"  # as typed: the SDK then requests //getAgenciesList
    assert g22.get_agencies_list().ok
    [entry] = axis.traffic(call="getAgenciesList")
    assert entry["path"] == "//getAgenciesList"


# --- retries and faults -----------------------------------------------------------------------

def arm(axis: AxisProcess, kind: str, call: str = "*", count: int = 1, **params) -> dict:
    r = axis.admin.post("/admin/faults", json={"kind": kind, "call": call, "count": count,
                                                "params": params})
    assert r.status_code == 201, r.text
    return r.json()


def test_retry_after_a_dropped_reply_is_answered_from_memory_not_delivered_twice(
        axis: AxisProcess) -> None:
    h38, g22, _ = clients(axis)
    arm(axis, "drop", "sendEdoc", stage="after")
    pkg = edoc_package(H38, [G22], number=unique_number())
    r = h38.send_edoc(pkg, from_=H38, to=[G22])
    assert r.ok and r.attempts == 2  # the SDK's HttpURLConnection re-sends once
    assert len(g22.get_received_edoc_list().data) == 1
    sends = axis.traffic(call="sendEdoc")
    assert [e["outcome"] for e in sends] == ["dropped", "answered"]
    assert json.loads(sends[1]["reply"]["body"])["DocId"] == r.doc_id
    assert any("re-send" in f["message"]["en"] for f in sends[1]["findings"])
    # updateStatus: three attempts by HttpClient, applied once
    item = g22.get_received_edoc_list().data[0]
    arm(axis, "drop", "updateStatus", count=2, stage="after")
    u = g22.update_status(item["docId"], "done")
    assert u.ok and u.attempts == 3
    assert [e["outcome"] for e in axis.traffic(call="updateStatus")] == \
        ["dropped", "dropped", "answered"]


def test_drop_before_handling_and_no_retry_client(axis: AxisProcess) -> None:
    _, g22, _ = clients(axis)
    arm(axis, "drop", "getReceivedEdocList", count=3, stage="before")
    r = g22.get_received_edoc_list()
    assert r.json is None and r.error and r.attempts == 3
    arm(axis, "drop", "sendEdoc", stage="before")
    clean = axis.client("vxp.h38", SdkQuirks.none())
    r = clean.send_edoc(edoc_package(H38, [G22]), from_=H38, to=[G22])
    assert r.error and r.attempts == 1
    assert g22.count_receive_edoc().count == 0


def test_http_error_faults(axis: AxisProcess) -> None:
    h38, g22, _ = clients(axis)
    arm(axis, "http500", "sendEdoc")
    r = h38.send_edoc(edoc_package(H38, [G22]), from_=H38, to=[G22])
    assert r.http_status == 500 and r.status == "FAIL" and r.doc_id == ""
    arm(axis, "http500", "countReceiveEdoc", body="empty")
    r = g22.count_receive_edoc()
    assert r.http_status == 500 and r.raw == b""
    arm(axis, "error_page", "getReceivedEdocList")
    r = g22.get_received_edoc_list()
    assert r.http_status == 200 and r.json is None and b"<html>" in r.raw
    arm(axis, "fail", "getEdoc", error_code="77", error_desc="Bảo trì")
    r = g22.get_edoc("whatever")
    assert_shape(r)
    assert r.error_code == "77" and r.error_desc == "Bảo trì"
    assert g22.count_receive_edoc().ok  # each fault fires once
    faults = axis.admin.get("/admin/faults").json()["faults"]
    assert all(f["remaining"] == 0 and f["fired"] == 1 for f in faults)


def test_delay_duplicate_corrupt_truncate(axis: AxisProcess) -> None:
    h38, g22, _ = clients(axis)
    arm(axis, "delay", "getAgenciesList", seconds=0.4)
    t0 = time.monotonic()
    assert g22.get_agencies_list().ok
    assert time.monotonic() - t0 >= 0.35
    arm(axis, "duplicate", "sendEdoc")
    pkg, sent = send(h38, H38, [G22])
    assert sent.ok
    items = g22.get_received_edoc_list().data
    assert len(items) == 2 and len({i["docId"] for i in items}) == 2
    arm(axis, "corrupt", "getEdoc")
    corrupt = g22.get_edoc(items[0]["docId"]).package
    assert corrupt != pkg and len(corrupt) == len(pkg)
    arm(axis, "truncate", "getEdoc")
    assert g22.get_edoc(items[0]["docId"]).package == pkg[: len(pkg) // 2]
    assert g22.get_edoc(items[0]["docId"]).package == pkg
    assert axis.admin.post("/admin/faults", json={"kind": "corrupt", "call": "sendEdoc"}
                           ).status_code == 400
    assert axis.admin.delete("/admin/faults").status_code == 200


def test_fault_scoped_to_one_agency(axis: AxisProcess) -> None:
    h38, g22, _ = clients(axis)
    r = axis.admin.post("/admin/faults", json={"kind": "fail", "call": "*", "agency": G22,
                                                "params": {"error_code": "61"}})
    assert r.status_code == 201
    assert h38.count_receive_edoc().ok
    assert g22.count_receive_edoc().error_code == "61"


# --- Expect: 100-continue ---------------------------------------------------------------------

def test_expect_100_continue_is_answered_at_once(axis: AxisProcess) -> None:
    prepared = axis.client("vxp.g22").signer.prepare("countReceiveEdoc", {}, b"{}")
    lines = [f"POST {prepared.path} HTTP/1.1", f"Host: 127.0.0.1:{axis.port}",
             "Content-Length: 2", "Connection: close"]
    lines += [f"{k.decode()}: {v.decode('latin-1')}" for k, v in prepared.headers]
    with socket.create_connection(("127.0.0.1", axis.port), timeout=5) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        t0 = time.monotonic()
        s.settimeout(1.0)
        interim = s.recv(4096)
        assert interim.startswith(b"HTTP/1.1 100 Continue"), interim
        assert time.monotonic() - t0 < 1.0
        s.sendall(b"{}")
        s.settimeout(5.0)
        rest = interim[len(b"HTTP/1.1 100 Continue\r\n\r\n"):]
        while b'"count"' not in rest:
            chunk = s.recv(4096)
            if not chunk:
                break
            rest += chunk
    assert b"HTTP/1.1 200" in rest and b'"count":0' in rest


# --- admin ------------------------------------------------------------------------------------

def test_admin_needs_its_own_token(axis: AxisProcess) -> None:
    assert httpx.get(axis.base + "/admin/traffic").status_code == 401
    signed = axis.client("vxp.g22").signer.prepare("getAgenciesList", {})
    r = httpx.get(axis.base + "/admin/traffic", headers=list(signed.headers))
    assert r.status_code == 401
    r = httpx.get(axis.base + "/admin/traffic",
                  headers={"Authorization": "Bearer secret-g22-AwyOIW"})
    assert r.status_code == 401 and set(r.json()["error"]) == {"vi", "en"}


def test_admin_inject_and_document(axis: AxisProcess) -> None:
    _, g22, _ = clients(axis)
    pkg = edoc_package(H41, [G22], number=unique_number())
    r = axis.admin.post("/admin/inject", json={
        "package_base64": base64.b64encode(pkg).decode()})
    assert r.status_code == 200, r.text
    injected = r.json()
    [delivery] = injected["deliveries"]
    assert injected["from"] == H41 and delivery["to"] == G22
    [item] = g22.get_received_edoc_list().data
    assert item["docId"] == delivery["docId"] and item["from"] == H41
    assert g22.get_edoc(item["docId"]).package == pkg
    doc = axis.admin.get(f"/admin/documents/{item['docId']}").json()
    assert base64.b64decode(doc["package_base64"]) == pkg
    assert doc["deliveries"][0]["fetch_count"] == 1 and doc["injected"] is True
    assert axis.admin.post("/admin/inject", json={"package": "<x/>", "from": H41,
                                                  "to": ["000.00.00.Z99"]}).status_code == 400
    assert axis.admin.get("/admin/documents/nope").status_code == 404


def test_admin_clock_frozen_and_offset(axis: AxisProcess) -> None:
    h38, g22, _ = clients(axis)
    r = axis.admin.put("/admin/clock", json={"mode": "frozen", "at": "2026-03-02T08:00:00+07:00"})
    assert r.status_code == 200 and r.json()["mode"] == "frozen"
    send(h38, H38, [G22])
    item = g22.get_received_edoc_list().data[0]
    assert item["created_time"] == "2026-03-02T08:00:00+07:00"
    axis.admin.put("/admin/clock", json={"mode": "offset", "offset_seconds": 2 * 86400})
    g22.update_status(item["docId"], "done")  # two days later: late
    stats = axis.admin.get("/admin/stats", params={"agency": G22}).json()
    [g] = stats["agencies"]
    assert g["late"] == 1 and g["on_time"] == 0 and g["on_time_rate"] == 0.0
    assert axis.admin.put("/admin/clock", json={"mode": "sideways"}).status_code == 400
    assert axis.admin.put("/admin/clock", json={"mode": "real"}).json()["mode"] == "real"


def test_traffic_log_records_identity_timing_and_findings(axis: AxisProcess) -> None:
    h38, _, _ = clients(axis)
    number = next(n for n in map(str, range(100, 400))  # a SHA-256 with a byte below 0x10
                  if len(protocol.hash_file(edoc_package(H38, [G22], number=n))) < 64)
    send(h38, H38, [G22], number=number)
    h38.count_receive_edoc()
    log = axis.traffic()
    assert [e["call"] for e in log] == ["sendEdoc", "countReceiveEdoc"]
    first = log[0]
    assert first["system_id"] == "vxp.h38" and first["verified"] == "hmac"
    assert first["duration_ms"] >= 0 and first["at"].endswith("+07:00")
    assert H38 in first["agencies"] and G22 in first["agencies"]
    assert first["request"]["size"] > 0 and first["reply"]["http_status"] == 200
    assert any(f["location"].get("field") == "hash-file" for f in first["findings"])
    # (the last timestamp of each system is kept in the store: the same with several workers)
    assert any("Same timestamp" in f["message"]["en"] for f in log[1]["findings"])
    page = axis.admin.get("/admin/traffic", params={"after_id": first["id"], "limit": 1}).json()
    assert [e["call"] for e in page["items"]] == ["countReceiveEdoc"]



def test_package_findings_are_in_the_traffic_log_whether_deferred_or_not(
        axis: AxisProcess) -> None:
    """The light reader leaves an accepted package's parser findings for the log reader;
    refused or failed sends get them at once. Either way the log shows the full parser's
    findings, located on the exchange, in the same place."""
    h38, _, _ = clients(axis)
    nfd = "Ve\u0302\u0300 vie\u0323\u0302c thử nghiệm"  # decomposed: a TCVN6909-NFC finding
    stored = h38.send_edoc(edoc_package(H38, [G22], number=unique_number(), subject=nfd),
                           from_=H38, to=[G22])
    assert stored.ok
    unknown = h38.send_edoc(edoc_package(H38, [G22], number=unique_number(), subject=nfd),
                            from_=H38, to=["000.00.00.Z99"])
    assert unknown.error_code == "23"
    first = axis.traffic(call="sendEdoc")
    assert len(first) == 2
    for entry in first:
        rules = [f["rule_id"] for f in entry["findings"]]
        assert "TCVN6909-NFC" in rules, rules
        assert not any("deferred" in f for f in entry["findings"])
        nfc = next(f for f in entry["findings"] if f["rule_id"] == "TCVN6909-NFC")
        assert nfc["location"]["exchange_id"] == entry["exchange_id"]
        assert nfc["location"]["xpath"].endswith("/Subject")
        # the package's findings follow the request's own (the unpadded hash-file quirk)
        fields = [f["location"].get("field") for f in entry["findings"]]
        if "hash-file" in fields:
            assert fields.index("hash-file") < rules.index("TCVN6909-NFC")
    assert axis.traffic(call="sendEdoc") == first  # computed once, written back


# --- strict and relay modes -------------------------------------------------------------------

def test_strict_and_relay_modes(tmp_path: Path) -> None:
    with AxisProcess(tmp_path, config=axis_config(strict=True, relay=True,
                                                  relay_organ_id="000.00.00.G22")) as axis:
        h38 = axis.client("vxp.h38")
        g22 = axis.client("vxp.g22", SdkQuirks(frozen_timestamp=False))
        pkg = edoc_package(H38, [G22])
        assert h38.send_edoc(pkg, from_=H38, to=[G22]).ok
        again = h38.count_receive_edoc()  # same frozen timestamp: refused when strict
        assert again.error_code == "14"
        [item] = g22.get_received_edoc_list().data
        time.sleep(0.002)
        delivered = g22.get_edoc(item["docId"]).package
        assert delivered != pkg and delivered.count(b"<edXML:TraceHeader>") == 2
        assert delivered.replace(delivered[delivered.index(b"<edXML:TraceHeader><edXML:OrganId>"
                                                           b"000.00.00.G22"):
                                          delivered.index(b"</edXML:TraceHeaderList>")], b"") \
            == pkg
