"""How the suite makes the system under test act (DESIGN.md §3), one adapter per driver:

* `BuiltinSut` — the reference QLVB (or a faulty variant) in this process, talking to the axis
  like any product; a fresh agent (empty registers) for every scenario, its clock following the
  axis clock;
* `HttpSut` — a vendor's test API (`reference_axis/reference_qlvb/driver-openapi.json`) through
  `HttpDriver`;
* `ManualSut` — an operator: each action is printed in Vietnamese, and the steps wait for the
  expected traffic on the axis (inconclusive when it does not come in time).

All three offer the same methods. An action a driver cannot perform raises `Unsupported` (the
step is then reported inconclusive with that reason, never passed). STEPS.md also names
`review`, `change_answer`, `digitise_incoming`, `statistics` and `records`; where the reference
QLVB's driver lacks them the builtin adapter does what the reference product's own code would
(documented on each method) or raises `Unsupported`.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from conformance.suite.sut_profile import SutProfile
from reference_axis.reference_qlvb.models import (
    ActionResult,
    DocumentRecord,
    IssueRequest,
    IssueResult,
    PollReport,
)


class Unsupported(Exception):
    """The driver cannot perform this action (the step is inconclusive, with this reason)."""

    def __init__(self, action: str, vi: str, en: str) -> None:
        self.action, self.vi, self.en = action, vi, en
        super().__init__(en)


STATE_TEXT = {
    # reference QLVB states → the words of features/STEPS.md `{muc}` "tình trạng"
    "arrived": "đã đến", "accepted": "đã tiếp nhận", "rejected": "từ chối nhận",
    "assigned": "đã tiếp nhận", "processing": "đã tiếp nhận", "completed": "đã tiếp nhận",
    "cancelled": "đã hủy", "replaced": "đã bị thay thế", "updated": "đã cập nhật",
    "revoked": "đã thu hồi", "revocation_requested": "đã thu hồi",
    "revocation_refused": "đã gửi", "sent": "đã gửi",
}


class SutAdapter:
    """What the steps ask of any system under test."""

    kind = "abstract"
    #: a fresh, empty product for every scenario (the harness may then reuse document ids)
    fresh_per_scenario = False
    #: the product acts only when asked (sync); waits need no wall-clock time
    synchronous = False
    #: the harness can point the product at another axis URL for one scenario (a TLS front)
    repointable = False

    def __init__(self, sut: SutProfile) -> None:
        self.sut = sut

    # lifecycle
    def start_scenario(self, moment: dt.datetime | None) -> None:
        pass

    def close(self) -> None:
        pass

    def set_clock(self, moment: dt.datetime) -> None:
        raise Unsupported("set_clock", "hệ thống không cho phép đặt đồng hồ qua driver",
                          "the driver cannot set the product's clock")

    # actions
    def info(self) -> dict[str, Any]:
        return {}

    def issue(self, request: IssueRequest) -> IssueResult | None:
        raise NotImplementedError

    def revoke(self, document_id: str, reason: str) -> ActionResult | None:
        raise NotImplementedError

    def update(self, document_id: str, reason: str, *, add_recipients: Sequence[str] = (),
               subject: str | None = None) -> ActionResult | None:
        raise NotImplementedError

    def replace(self, document_id: str, request: IssueRequest, reason: str
                ) -> IssueResult | None:
        raise NotImplementedError

    def act(self, document_id: str, action: str, reason: str | None = None
            ) -> ActionResult | None:
        raise NotImplementedError

    def review(self, document_id: str) -> None:
        """Let the product apply its own checks and accept or refuse as its clerk would."""
        self.sync()
        rec = self.record(document_id)
        if rec.state != "arrived":
            return  # it decided by itself
        raise Unsupported("review", "API điều khiển không có thao tác 'review' và hệ thống chưa "
                          "tự quyết định tiếp nhận hay từ chối",
                          "the driver API has no 'review' action and the product did not "
                          "decide by itself")

    def change_answer(self, document_id: str, agree: bool, reason: str | None = None) -> None:
        raise Unsupported("change_answer", "API điều khiển không có thao tác 'change_answer'",
                          "the driver API has no 'change_answer' action")

    def digitise_incoming(self, template: str, label: str) -> bytes:
        raise Unsupported("digitise_incoming",
                          "API điều khiển không có thao tác 'digitise_incoming'",
                          "the driver API has no 'digitise_incoming' action")

    def statistics(self) -> dict[str, Any]:
        raise Unsupported("statistics", "API điều khiển không có thao tác 'statistics'",
                          "the driver API has no 'statistics' action")

    def record(self, document_id: str, *, direction: str | None = None) -> DocumentRecord:
        raise NotImplementedError

    def records(self, document_id: str) -> int:
        """How many registrations the product holds for this document."""
        rec = self.record(document_id)
        return rec.copies

    def sync(self) -> PollReport | None:
        return None


# --- builtin -------------------------------------------------------------------------------------

class BuiltinSut(SutAdapter):
    kind = "builtin"
    fresh_per_scenario = True
    synchronous = True
    repointable = True

    def __init__(self, sut: SutProfile, *, endpoint: str, system_id: str, secret: str,
                 moment: dt.datetime | None) -> None:
        from conformance.suite.tls import client_context
        from reference_axis.reference_qlvb.behaviour import variant
        from reference_axis.reference_qlvb.clock import ManualClock, OffsetClock

        super().__init__(sut)
        self.behaviour = variant(sut.variant)
        self.endpoint, self.system_id, self.secret = endpoint, system_id, secret
        start = moment or dt.datetime.now(dt.UTC)
        # Two clocks: the product's documents are dated by `clock`, which stands at the
        # scenario's moment (as if the scenario took no time: the same document then gives the
        # same signed PDF and the reference QLVB's signing cache serves it); its requests to the
        # axis are signed by `wire_clock`, which runs with the axis clock.
        self.clock = ManualClock(start)
        self.wire_clock = OffsetClock.starting_at(start)
        # The product trusts the axis' CA as an installation would be configured: the profile's
        # trust anchors (the test PKI's root, which issues the TLS fronts' certificates).
        self._ssl = client_context(sut.trust_anchors)
        self.agent: Any = None

    def start_scenario(self, moment: dt.datetime | None, *, endpoint: str | None = None) -> None:
        """A fresh agent for the scenario, talking to the axis at `endpoint` for this scenario
        only (the TLS front of `trục dùng chứng thư TLS`), else at the axis' own endpoint."""
        from conformance.suite.counterparts import _profile_for
        from reference_axis.reference_qlvb.agent import Agent
        from reference_axis.reference_qlvb.config import AgentConfig, AgentSettings
        from reference_axis.reference_qlvb.core import make_client

        if self.agent is not None:
            self.agent.close()
        start = moment or dt.datetime.now(dt.UTC)
        self.clock.set(start)
        self.wire_clock.set(start)
        config = AgentConfig(
            system_id=self.system_id, secret=self.secret, endpoint=endpoint or self.endpoint,
            agencies=tuple(_profile_for(c) for c in self.sut.agencies),
            settings=AgentSettings(profile=_profile_id(self.sut.regulatory_profile),
                                   auto_accept=False))
        client = make_client(config, self.wire_clock, ssl_context=self._ssl)
        self.agent = Agent(config, client=client, clock=self.clock, behaviour=self.behaviour)

    def close(self) -> None:
        if self.agent is not None:
            self.agent.close()
            self.agent = None

    def set_clock(self, moment: dt.datetime) -> None:
        self.clock.set(moment)
        self.wire_clock.set(moment)

    def info(self) -> dict[str, Any]:
        return dict(self.agent.info())

    def issue(self, request: IssueRequest) -> IssueResult:
        return self.agent.issue(request)

    def revoke(self, document_id: str, reason: str) -> ActionResult:
        return self.agent.revoke(document_id, reason)

    def update(self, document_id: str, reason: str, *, add_recipients: Sequence[str] = (),
               subject: str | None = None) -> ActionResult:
        return self.agent.update(document_id, reason, add_recipients=tuple(add_recipients),
                                 subject=subject)

    def replace(self, document_id: str, request: IssueRequest, reason: str) -> IssueResult:
        return self.agent.replace(document_id, request, reason)

    def act(self, document_id: str, action: str, reason: str | None = None) -> ActionResult:
        return self.agent.act(document_id, action, reason=reason)

    def record(self, document_id: str, *, direction: str | None = None) -> DocumentRecord:
        return self.agent.record(document_id, direction=direction)

    def records(self, document_id: str) -> int:
        store = self.agent.store
        incoming = [r for r in store.incoming_list() if r.document_id == document_id]
        outgoing = [r for r in store.outgoing_list() if r.document_id == document_id]
        return len(incoming) + len(outgoing)

    def sync(self) -> PollReport:
        return self.agent.poll()

    def statistics(self) -> dict[str, Any]:
        return dict(self.agent.statistics())

    def review(self, document_id: str) -> None:
        """The reference QLVB checks every arriving document when it fetches it and refuses one
        that fails by itself (02 naming the rule, `auto_refuse`); the harness runs it with
        `auto_accept=False` so that a clerk can also refuse a valid document — here the clerk
        accepts the documents that passed."""
        self.sync()
        if self.record(document_id, direction="incoming").state == "arrived":
            self.act(document_id, "accept")

    def change_answer(self, document_id: str, agree: bool, reason: str | None = None) -> None:
        """The clerk answers the change request waiting on the document (15, or 16 with the
        reason). The reference QLVB agrees by itself at the start of the processing round after
        the one that fetched the request, so the inbox is processed here only while no request
        is waiting yet: one more round would answer in the clerk's place."""
        if not any(r.state == "pending" for r in self.agent.change_requests(document_id)):
            self.sync()
        self.agent.answer_change(document_id, agree, reason=reason)

    def digitise_incoming(self, template: str, label: str) -> bytes:
        """The reference QLVB's digitising pipeline (scan of a paper original, organisation
        signature at the top right) applied to an incoming paper document."""
        from reference_axis.reference_qlvb import pdfs

        agency = self.agent.config.agencies[0]
        now = self.clock()
        return pdfs.corner_document(pdfs.CornerDocument(
            kind="scan", agency=agency, signer=agency.signers[0], code=f"số hóa {label}",
            number="01", notation=f"SH-{agency.short}", date=now.date(),
            title=f"Văn bản giấy đến: {template}", profile=self.agent.core.settings.profile,
            when=now - dt.timedelta(seconds=30), behaviour=self.behaviour))


def _profile_id(regulatory: str) -> str:
    from conformance.profiles import load_profile, shipped_profiles

    if regulatory in shipped_profiles():
        return regulatory
    return load_profile(regulatory).id if load_profile(regulatory).id in shipped_profiles() \
        else regulatory


# --- http ----------------------------------------------------------------------------------------

class HttpSut(SutAdapter):
    kind = "http"

    def __init__(self, sut: SutProfile) -> None:
        from reference_axis.reference_qlvb.driver_http import HttpDriver

        super().__init__(sut)
        assert sut.http_base_url
        self.driver = HttpDriver(sut.http_base_url, token=sut.http_token,
                                 timeout=sut.http_timeout)

    def close(self) -> None:
        self.driver.close()

    def info(self) -> dict[str, Any]:
        return self.driver.info()

    def issue(self, request: IssueRequest) -> IssueResult:
        return self.driver.issue(request)

    def revoke(self, document_id: str, reason: str) -> ActionResult:
        return self.driver.revoke(document_id, reason)

    def update(self, document_id: str, reason: str, *, add_recipients: Sequence[str] = (),
               subject: str | None = None) -> ActionResult:
        return self.driver.update(document_id, reason, add_recipients=add_recipients,
                                  subject=subject)

    def replace(self, document_id: str, request: IssueRequest, reason: str) -> IssueResult:
        return self.driver.replace(document_id, request, reason)

    def act(self, document_id: str, action: str, reason: str | None = None) -> ActionResult:
        return self.driver.act(document_id, action, reason=reason)

    def record(self, document_id: str, *, direction: str | None = None) -> DocumentRecord:
        return self.driver.record(document_id, direction=direction)

    def sync(self) -> PollReport | None:
        return self.driver.sync()

    def statistics(self) -> dict[str, Any]:
        """`GET /statistics`; inconclusive when the product's API lacks it."""
        from reference_axis.reference_qlvb.driver_http import MissingOperation

        self.sync()
        try:
            return self.driver.statistics()
        except MissingOperation:
            return super().statistics()

    def change_answer(self, document_id: str, agree: bool, reason: str | None = None) -> None:
        """`POST /change-answer`; when the product has not fetched the request yet (404), once
        more after processing its inbox. A product whose API lacks the operation may answer
        change requests by itself: agreeing then asks nothing of it, refusing is
        inconclusive."""
        from reference_axis.reference_qlvb.driver_http import MissingOperation
        from reference_axis.reference_qlvb.errors import AgentError

        def ask() -> None:
            self.driver.change_answer(document_id, agree, reason=reason)

        try:
            try:
                ask()
            except AgentError as exc:
                if isinstance(exc, MissingOperation) or exc.code != "not_found":
                    raise
                self.sync()
                ask()
        except MissingOperation:
            self.sync()
            if not agree:
                super().change_answer(document_id, agree, reason)


# --- manual --------------------------------------------------------------------------------------

class ManualSut(SutAdapter):
    """An operator drives the product; the harness prints what to do and watches the axis."""

    kind = "manual"

    def __init__(self, sut: SutProfile, out: TextIO | None = None,
                 confirm: Callable[[str], None] | None = None) -> None:
        super().__init__(sut)
        self.out = out or sys.stderr
        self.confirm = confirm
        self.step = 0

    def say(self, vi: str) -> None:
        self.step += 1
        self.out.write(f"\n>>> [Người vận hành, bước {self.step}] {vi}\n"
                       f"    (bộ kiểm thử chờ tối đa {self.sut.action_timeout:.0f} giây lưu lượng "
                       "tương ứng trên trục)\n")
        self.out.flush()
        if self.confirm is not None:
            self.confirm(vi)

    def issue(self, request: IssueRequest) -> None:
        urgency = f", độ khẩn {request.urgency}" if request.urgency else ""
        form = {"digitised": " (số hóa từ bản giấy)",
                "copy": f" (bản sao điện tử, hình thức {request.copy_form or 'sao y'})"}.get(
            request.form, "")
        files = f", kèm {len(request.attachments)} tệp đính kèm" if request.attachments else ""
        self.say(f"Trên hệ thống, ban hành một {request.type_name}{form}{urgency}{files} với "
                 f"trích yếu \"{request.subject}\" gửi đến {', '.join(request.recipients)}, ký số "
                 "đầy đủ và gửi ngay lên trục.")

    def revoke(self, document_id: str, reason: str) -> None:
        self.say(f"Thu hồi văn bản {document_id} với lý do \"{reason}\".")

    def update(self, document_id: str, reason: str, *, add_recipients: Sequence[str] = (),
               subject: str | None = None) -> None:
        what = f"bổ sung nơi nhận {', '.join(add_recipients)}" if add_recipients else \
            "cập nhật (đính chính) nội dung"
        self.say(f"Với văn bản {document_id}: {what}, lý do \"{reason}\".")

    def replace(self, document_id: str, request: IssueRequest, reason: str) -> None:
        self.say(f"Thay thế văn bản {document_id} bằng một văn bản mới, lý do \"{reason}\".")

    def act(self, document_id: str, action: str, reason: str | None = None) -> None:
        words = {"accept": "tiếp nhận", "reject": "từ chối tiếp nhận", "assign": "phân công xử lý",
                 "process": "chuyển sang đang xử lý", "complete": "đánh dấu hoàn thành"}
        extra = f" với lý do \"{reason}\"" if reason else ""
        self.say(f"Văn thư/lãnh đạo {words.get(action, action)} văn bản {document_id}{extra}.")

    def review(self, document_id: str) -> None:
        self.say(f"Văn thư kiểm tra văn bản đến {document_id} và tự quyết định tiếp nhận hay "
                 "từ chối (nêu lý do).")

    def change_answer(self, document_id: str, agree: bool, reason: str | None = None) -> None:
        if agree:
            self.say(f"Đồng ý yêu cầu thu hồi/cập nhật/thay thế đối với văn bản {document_id}.")
        else:
            self.say(f"Từ chối yêu cầu đối với văn bản {document_id} với lý do \"{reason}\".")

    def record(self, document_id: str, *, direction: str | None = None) -> DocumentRecord:
        raise Unsupported("record", "với driver manual bộ kiểm thử không đọc được hồ sơ của "
                          "hệ thống; người vận hành đối chiếu bằng mắt",
                          "with the manual driver the harness cannot read the product's record")


def make_adapter(sut: SutProfile, *, endpoint: str, system_id: str, secret: str | None,
                 moment: dt.datetime | None) -> SutAdapter:
    if sut.driver == "builtin":
        if not secret:
            raise ValueError("builtin driver: the SUT's axis secret is unknown ([axis] secret)")
        return BuiltinSut(sut, endpoint=endpoint, system_id=system_id, secret=secret,
                          moment=moment)
    if sut.driver == "http":
        return HttpSut(sut)
    return ManualSut(sut)
