"""kill -9 under load: every package the axis acknowledged (sendEdoc OK) is there after a
restart, and fetchable exactly once; nothing is delivered twice. With one worker, the log rows
of the last few milliseconds may be lost (store/sqlite.py); with several (log rows committed
before their reply), none of an acknowledged request."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import pytest

from reference_axis.client import SdkQuirks
from reference_axis.testing import G22, H38, H41, AxisProcess, edoc_package

SENDERS = (("vxp.h38", H38), ("vxp.h41", H41))
THREADS_PER_SENDER = 2
LOAD_SECONDS = 1.5
MAX_SENDS_PER_THREAD = 3000


@pytest.mark.parametrize("workers", [1, 2])
def test_acknowledged_packages_survive_sigkill(tmp_path: Path, workers: int) -> None:
    axis = AxisProcess(tmp_path, workers=workers).start()
    acknowledged: dict[str, str] = {}  # number -> sender DocId
    lock = threading.Lock()
    stop = threading.Event()

    def load(system_id: str, code: str, tag: int) -> None:
        client = axis.client(system_id, SdkQuirks(retry=False), timeout=5.0)
        try:
            for i in range(MAX_SENDS_PER_THREAD):
                if stop.is_set():
                    return
                number = f"{tag}{i:05d}"
                reply = client.send_edoc(edoc_package(code, [G22], number=number),
                                         from_=code, to=[G22])
                if reply.ok:
                    with lock:
                        acknowledged[number] = reply.doc_id or ""
                elif reply.error:  # the server is gone
                    return
        finally:
            client.close()

    threads = [threading.Thread(target=load, args=(sid, code, 10 + 10 * n + k), daemon=True)
               for n, (sid, code) in enumerate(SENDERS) for k in range(THREADS_PER_SENDER)]
    for t in threads:
        t.start()
    time.sleep(LOAD_SECONDS)
    axis.kill9()  # mid-flight, no clean shutdown
    stop.set()
    for t in threads:
        t.join(15)
    assert not any(t.is_alive() for t in threads)
    assert len(acknowledged) > 50, "the load did not get going"

    axis.start()  # same database
    try:
        g22 = axis.client("vxp.g22", SdkQuirks(frozen_timestamp=False, sticky_headers=False))
        items = g22.get_received_edoc_list().data
        assert items is not None
        numbers: list[str] = []
        for item in items:
            package = g22.get_edoc(item["docId"]).package
            assert package is not None
            m = re.search(rb"<edXML:CodeNumber>(\d+)</edXML:CodeNumber>", package)
            assert m is not None
            numbers.append(m.group(1).decode())
        assert len(numbers) == len(set(numbers)), "a package was delivered twice"
        missing = set(acknowledged) - set(numbers)
        assert not missing, f"{len(missing)} acknowledged packages lost"
        # and the senders see every acknowledged DocId in their sent list
        sent_ids = set()
        for sid, _ in SENDERS:
            rows = axis.client(sid).get_sent_edoc_list("edoc").data or []
            sent_ids |= {r["senderDocId"] for r in rows}
        assert set(acknowledged.values()) <= sent_ids
        if workers > 1:  # every acknowledged sendEdoc has its traffic-log row
            logged: set[str] = set()
            after = 0
            while page := axis.traffic(call="sendEdoc", after_id=after):
                logged |= {json.loads(e["reply"]["body"]).get("DocId") for e in page}
                after = page[-1]["id"]
            assert set(acknowledged.values()) <= logged
        # fetching once more after done: each acknowledged package is gone from the inbox
        for item in items:
            assert g22.update_status(item["docId"], "done").ok
        assert g22.count_receive_edoc().count == 0
    finally:
        axis.stop()


def test_a_clean_shutdown_loses_no_traffic_log_row(tmp_path: Path) -> None:
    """Log rows are written in batches after the reply; SIGTERM (uvicorn's graceful shutdown,
    then the store's close) commits every queued row."""
    axis = AxisProcess(tmp_path).start()
    try:
        h38 = axis.client("vxp.h38", SdkQuirks(retry=False))
        for i in range(40):
            assert h38.send_edoc(edoc_package(H38, [G22], number=f"77{i:04d}"), from_=H38,
                                 to=[G22]).ok
            assert h38.count_receive_status().ok
        h38.close()
    finally:
        axis.stop()  # straight after the last reply
    axis.start()
    try:
        log = axis.traffic()
        assert [e["call"] for e in log] == ["sendEdoc", "countReceiveStatus"] * 40
    finally:
        axis.stop()
