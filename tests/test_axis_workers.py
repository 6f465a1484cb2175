"""Several processes on one SQLite store: what they must agree on lives in the store.

Two `axis serve` processes on the same database file, each on its own port, so that a test can
choose which process gets which request (uvicorn's workers share one port and the kernel picks);
then `axis serve --workers 2` itself, hit from many connections at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from reference_axis.client import AxisClient, SdkQuirks, Signer
from reference_axis.testing import (
    G22,
    H38,
    SYSTEMS,
    AxisProcess,
    edoc_package,
    unique_number,
    wait_until,
)


@pytest.fixture()
def pair(tmp_path: Path) -> Iterator[tuple[AxisProcess, AxisProcess]]:
    url = f"sqlite:///{tmp_path / 'axis.db'}"
    a = AxisProcess(tmp_path / "a", store_url=url).start()
    b = AxisProcess(tmp_path / "b", store_url=url).start()
    try:
        yield a, b
    finally:
        a.stop()
        b.stop()


def endpoint_client(axis: AxisProcess, system_id: str) -> AxisClient:
    return axis.client(system_id, SdkQuirks(retry=False), timeout=15.0)


def test_a_retry_is_answered_from_the_store_whichever_process_gets_it(
        pair: tuple[AxisProcess, AxisProcess]) -> None:
    a, b = pair
    signer = Signer("vxp.h38", SYSTEMS["vxp.h38"]["secret"], SdkQuirks(retry=False))
    send = signer.send_edoc(edoc_package(H38, [G22], number=unique_number()), H38, [G22])
    targets = [a, b] * 6
    local = threading.local()

    def post(axis: AxisProcess) -> str | None:
        clients = getattr(local, "clients", None) or {}
        local.clients = clients
        client = clients.setdefault(axis.port, endpoint_client(axis, "vxp.h38"))
        reply = client.execute(send)
        assert reply.ok, reply.json
        return reply.doc_id

    with ThreadPoolExecutor(max_workers=6) as pool:
        doc_ids = list(pool.map(post, targets))
    assert len(set(doc_ids)) == 1, "one document, the same DocId on every re-send"
    g22_a, g22_b = endpoint_client(a, "vxp.g22"), endpoint_client(b, "vxp.g22")
    [item] = g22_b.get_received_edoc_list().data
    # updateStatus re-sent to the other process: one state change, the same reply
    update = g22_a.signer.prepare("updateStatus", {"status": "done", "docId": item["docId"]},
                                  b"{}")
    assert g22_a.execute(update).ok and g22_b.execute(update).ok
    assert g22_a.count_receive_edoc().count == 0
    documents = a.admin.get(f"/admin/documents/{item['docId']}").json()
    assert len(documents["deliveries"]) == 1
    log = wait_until(lambda: [e for e in b.traffic(call="updateStatus")] if len(
        b.traffic(call="updateStatus")) == 2 else None)
    assert log and sum("original result is repeated" in f["message"]["en"]
                       for e in log for f in e["findings"]) == 1
    sends = wait_until(lambda: a.traffic(call="sendEdoc") if len(
        a.traffic(call="sendEdoc")) == len(targets) else None)
    assert sends and sum(any("original result is repeated" in f["message"]["en"]
                             for f in e["findings"]) for e in sends) == len(targets) - 1


def test_a_frozen_timestamp_is_noted_once_across_processes(
        pair: tuple[AxisProcess, AxisProcess]) -> None:
    a, b = pair
    frozen = Signer("vxp.h41", SYSTEMS["vxp.h41"]["secret"], SdkQuirks(retry=False))
    on_a, on_b = endpoint_client(a, "vxp.h41"), endpoint_client(b, "vxp.h41")
    assert on_a.execute(frozen.prepare("countReceiveEdoc", {}, b"{}")).ok
    assert on_b.execute(frozen.prepare("getAgenciesList", {})).ok  # same stamp, other process
    assert on_a.execute(frozen.prepare("countReceiveStatus", {}, b"{}")).ok

    def log() -> list[dict] | None:
        rows = a.traffic(system_id="vxp.h41")
        return rows if len(rows) == 3 else None

    rows = wait_until(log)
    assert rows is not None
    noted = [e["call"] for e in rows
             if any("Same timestamp" in f["message"]["en"] for f in e["findings"])]
    # once per system and timestamp, on whichever repeat reaches the store first (each
    # process writes its log rows in batches, so not necessarily in the order answered)
    assert len(noted) == 1


def test_two_workers_on_sqlite_under_concurrent_identical_requests(tmp_path: Path) -> None:
    with AxisProcess(tmp_path, workers=2) as axis:
        signer = Signer("vxp.h38", SYSTEMS["vxp.h38"]["secret"], SdkQuirks(retry=False))
        send = signer.send_edoc(edoc_package(H38, [G22], number=unique_number()), H38, [G22])
        headers = list(send.headers)

        def post(_: int) -> str:
            # a fresh connection each time: the kernel spreads them over both workers
            with httpx.Client(timeout=15.0) as http:
                r = http.post(axis.endpoint + send.path, headers=headers, content=send.body)
            reply = r.json()
            assert reply["ErrorCode"] == "0", reply
            return str(reply["DocId"])

        with ThreadPoolExecutor(max_workers=8) as pool:
            doc_ids = set(pool.map(post, range(24)))
        assert len(doc_ids) == 1
        g22 = axis.client("vxp.g22", SdkQuirks.none())
        assert g22.count_receive_edoc().count == 1
        # with several workers every row is committed before its reply: all visible at once
        assert len(axis.traffic(call="sendEdoc")) == 24
