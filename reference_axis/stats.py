"""Statistics per agency and period (QĐ 28/2018 Điều 11), computed from the store.

On time: a delivered document package counts as acknowledged when its recipient marked it
`done` (updateStatus) or sent a status package answering it, whichever came first; it is on time
when that happened by the acknowledgement deadline of NĐ 30/2020 Điều 21 k2 (the end of the
arrival day, or of the next working day when it arrived on a day off). A delivery still
unacknowledged after its deadline counts as late; one whose deadline has not come is pending.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from conformance.timing.deadlines import acknowledgement_deadline
from reference_axis.protocol import VN_TZ, iso_vn

_COUNTERS = ("sent_edoc", "sent_status", "received_edoc", "received_status", "fetched",
             "done", "failed", "pending", "duplicates", "on_time", "late", "not_yet_due")


def _deadline(created: float, cache: dict[dt.date, float]) -> float:
    day = dt.datetime.fromtimestamp(created, VN_TZ).date()
    if day not in cache:
        start = dt.datetime.combine(day, dt.time(12), VN_TZ)
        cache[day] = acknowledgement_deadline(start).timestamp()
    return cache[day]


def compute(rows: dict[str, list[dict[str, Any]]], *, now: float, agency: str | None = None,
            since: float | None = None, until: float | None = None) -> dict[str, Any]:
    per: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_COUNTERS, 0))
    for r in rows["documents"]:
        key = "sent_status" if r["message_type"] == "status" else "sent_edoc"
        per[r["from_code"]][key] += int(r["n"])
    deadlines: dict[dt.date, float] = {}
    for d in rows["deliveries"]:
        c = per[d["to_code"]]
        c["received_status" if d["message_type"] == "status" else "received_edoc"] += 1
        c["fetched"] += d["fetched"] is not None
        c["done"] += d["state"] == "done"
        c["failed"] += d["state"] == "fail"
        c["pending"] += d["state"] != "done"
        c["duplicates"] += bool(d["duplicate"])
        if d["message_type"] != "edoc":
            continue
        due = _deadline(float(d["created"]), deadlines)
        acks = [t for t in (d["done_at"], d["answered_at"]) if t is not None]
        ack = min(acks) if acks else None
        if ack is not None:
            c["on_time" if ack <= due else "late"] += 1
        elif now > due:
            c["late"] += 1
        else:
            c["not_yet_due"] += 1
    agencies = []
    for code in sorted(per):
        if agency and code != agency:
            continue
        c = per[code]
        judged = c["on_time"] + c["late"]
        agencies.append({"agency": code, **c,
                         "on_time_rate": None if judged == 0 else round(c["on_time"] / judged, 4)})
    totals = dict.fromkeys(_COUNTERS, 0)
    for a in agencies:
        for k in _COUNTERS:
            totals[k] += a[k]
    judged = totals["on_time"] + totals["late"]
    return {
        "period": {"since": iso_vn(since) if since else None,
                   "until": iso_vn(until) if until else None},
        "generated_at": iso_vn(now),
        "rule": "QD28-11",
        "agencies": agencies,
        "totals": {**totals, "on_time_rate": None if judged == 0 else
                   round(totals["on_time"] / judged, 4)},
    }
