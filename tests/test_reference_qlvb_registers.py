"""The reference QLVB's registers: numbering from 01 each year, uniqueness, arrival numbers."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from reference_axis.reference_qlvb.config import SO_TTTT_LAO_CAI, UBND_LAO_CAI
from reference_axis.reference_qlvb.errors import AgentError
from reference_axis.reference_qlvb.numbering import classify, notation, number_text
from reference_axis.reference_qlvb.store import Store


def _outgoing(store: Store, agency: str, series: str, year: int, code: str) -> None:
    number = store.next_number(agency, series, year)
    store.add_outgoing(agency=agency, year=year, series=series, number=number,
                       number_text=number_text(number), notation=code, code=f"{number}/{code}",
                       document_id=f"{agency},{year}/01/05,{number}/{code}",
                       promulgation_date=f"{year}/01/05", state="issued",
                       issued_at=f"{year}-01-05T09:00:00+07:00")


def test_numbers_start_at_one_and_reset_each_year(tmp_path):
    store = Store(tmp_path / "qlvb.db")
    assert [store.next_number("A", "type:CV", 2026) for _ in range(3)] == [1, 2, 3]
    assert store.next_number("A", "type:CV", 2027) == 1
    assert store.next_number("A", "type:QĐ", 2026) == 1  # another series
    assert store.next_number("B", "type:CV", 2026) == 1  # another agency
    assert store.next_number("A", "type:CV", 2026) == 4
    store.close()
    reopened = Store(tmp_path / "qlvb.db")  # durable
    assert reopened.next_number("A", "type:CV", 2026) == 5


def test_number_text_has_a_leading_zero():
    assert [number_text(n) for n in (1, 9, 10, 125)] == ["01", "09", "10", "125"]


def test_series_and_notation():
    cv = classify("Công văn")
    assert (cv.key, cv.kind, cv.abbr) == ("type:CV", "cong_van", "")
    assert notation(cv, UBND_LAO_CAI, 2026) == "UBND-VP"
    qd = classify("Quyết định")
    assert (qd.key, notation(qd, SO_TTTT_LAO_CAI, 2026)) == ("type:QĐ", "QĐ-STTTT")
    assert classify("Quyết định", numbering="shared").key == "admin"
    legal = classify("Quyết định", legal=True)
    assert (legal.key, notation(legal, UBND_LAO_CAI, 2026)) == ("legal:QĐ", "2026/QĐ-UBND")
    copy = classify("Công văn", copy_form="SAO Y")
    assert (copy.key, notation(copy, UBND_LAO_CAI, 2026)) == ("copy", "SY-UBND")
    with pytest.raises(AgentError):
        classify("Thư tay")
    with pytest.raises(AgentError):
        classify("Công văn", legal=True)
    with pytest.raises(AgentError):
        classify("Thông tư")  # legal only


def test_code_and_number_are_unique_in_a_year():
    store = Store()
    _outgoing(store, "A", "type:CV", 2026, "UBND-VP")
    with pytest.raises(sqlite3.IntegrityError):  # same series, year and number again
        store.add_outgoing(agency="A", year=2026, series="type:CV", number=1, number_text="01",
                           notation="UBND-KT", code="01/UBND-KT", document_id="x",
                           promulgation_date="2026/01/05", state="issued", issued_at="t")
    with pytest.raises(sqlite3.IntegrityError):  # same số và ký hiệu in another series
        store.add_outgoing(agency="A", year=2026, series="admin", number=1, number_text="01",
                           notation="UBND-VP", code="1/UBND-VP", document_id="y",
                           promulgation_date="2026/01/05", state="issued", issued_at="t")


def test_numbering_is_unique_under_concurrency(tmp_path):
    store = Store(tmp_path / "q.db")
    got: list[int] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(25):
            n = store.next_number("A", "type:CV", 2026)
            with lock:
                got.append(n)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(got) == list(range(1, 101))


def _incoming(store: Store, agency: str, doc: str, year: int = 2026) -> int:
    rec = store.add_incoming(agency=agency, document_id=doc, received_at="t", year=year,
                             state="arrived")
    return rec.id


def test_arrival_numbers_unique_per_agency_and_year():
    store = Store()
    a1, a2 = _incoming(store, "A", "d1"), _incoming(store, "A", "d2")
    b1 = _incoming(store, "B", "d1")
    assert store.allocate_arrival_number("A", 2026, a1) == 1
    assert store.allocate_arrival_number("A", 2026, a2) == 2
    assert store.allocate_arrival_number("B", 2026, b1) == 1
    assert store.allocate_arrival_number("A", 2027, _incoming(store, "A", "d3", 2027)) == 1
    # the faulty variant hands out the last number again
    assert store.allocate_arrival_number("A", 2026, a2, reuse_last=True) == 2


def test_one_record_per_agency_and_document():
    store = Store()
    _incoming(store, "A", "d1")
    with pytest.raises(sqlite3.IntegrityError):
        _incoming(store, "A", "d1")
    second = store.add_incoming(agency="A", document_id="d1", copy_no=1, received_at="t",
                                year=2026, state="arrived")  # only the faulty variant does this
    assert store.incoming("A", "d1").copy_no == 0
    assert [r.id for r in store.incoming_copies("A", "d1")][-1] == second.id


def test_history_and_orphans():
    store = Store()
    rec = _incoming(store, "A", "d1")
    store.add_history(direction="in", record_id=rec, document_id="d1", agency="A", code="01",
                      event="sent", at="2026-03-02T10:00:00+07:00", party="B")
    store.add_history(direction="in", record_id=rec, document_id="d1", agency="A", code="03",
                      event="sent", at="2026-03-02T10:00:01+07:00", party="B")
    assert [h.code for h in store.history("in", rec)] == ["01", "03"]
    store.add_orphan(axis_doc_id="x", at="t", reason="unknown", status_code="03")
    assert store.orphans()[0].status_code == "03"


def test_transaction_rolls_back():
    store = Store()
    with pytest.raises(RuntimeError), store.transaction():
        store.next_number("A", "s", 2026)
        raise RuntimeError
    assert store.next_number("A", "s", 2026) == 1
