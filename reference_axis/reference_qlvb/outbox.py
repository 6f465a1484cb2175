"""Sending again what the axis did not take (DN35-10.1, DN35-10.3).

The sending time of a document is the moment the send command succeeded. When a sendEdoc fails
— refused by the axis, or its reply lost on the way back — the document stays in the register
as `send_failed` with its built package; every processing round sends it again (same number,
same files, a fresh TraceHeader) until the axis takes it, at most `send_attempts` times in all.
The record keeps one entry per attempt in its history, and the sending time of the attempt
that succeeded. A lost reply may leave the axis with two copies; the register still holds one
document, and the receivers' registers de-duplicate by DocumentId.
"""

from __future__ import annotations

from reference_axis.reference_qlvb import issuing
from reference_axis.reference_qlvb.core import Core
from reference_axis.reference_qlvb.models import PollReport


def failed_attempts(core: Core, record_id: int) -> int:
    return sum(1 for h in core.store.history("out", record_id) if h.code == "send_failed")


def retry_unsent(core: Core) -> PollReport:
    """Send again every document left `send_failed` that has attempts left."""
    notes: list[str] = []
    if core.behaviour.never_resend:
        return PollReport()
    for record in core.store.outgoing_list():
        if record.state != "send_failed" or not record.package:
            continue
        if failed_attempts(core, record.id) >= core.settings.send_attempts:
            continue
        result = issuing.resend(core, record.document_id)
        if result.error is None:
            notes.append(f"{record.code}: đã gửi lại thành công / sent again")
        else:
            notes.append(f"{record.code}: gửi lại chưa được — {result.error.vi}")
    return PollReport(notes=tuple(notes))
