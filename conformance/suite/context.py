"""The state of a run (`Harness`: SUT, axis, counterparts, judge) and of one scenario
(`Scenario`: the documents bound to labels, the packages the SUT posted, the findings recorded),
and the helpers every step uses: resolving agency aliases, waiting for traffic, deciding a rule,
recording behavioural findings, and saying "not applicable" or "inconclusive".

Outcomes other than pass/fail travel as `pytest.skip` with a recognisable prefix
(`NOT_APPLICABLE`, `INCONCLUSIVE`) that the result collector maps back; a defect of the harness
raises `HarnessError` (the scenario then ends in "error", never in a pass).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

from conformance.findings import Finding, Location, Severity, Status, finding
from conformance.profiles import Profile
from conformance.rules import catalog
from conformance.suite.axis import Axis, iter_sent
from conformance.suite.counterparts import Counterparts, Issued
from conformance.suite.drivers import SutAdapter, Unsupported
from conformance.suite.judge import HarnessDefect, Judge, Outcome, Subject
from conformance.suite.outcomes import INCONCLUSIVE, NOT_APPLICABLE
from conformance.suite.outcomes import slug as _safe
from conformance.suite.sut_profile import SutProfile
from conformance.suite.tls import TlsFront
from conformance.timing.formats import VN_TZ
from reference_axis.reference_qlvb.errors import AgentError
from reference_axis.reference_qlvb.models import IssueRequest

#: Rules judged by the status, record, traffic and statistics steps themselves (features/STEPS.md
#: "Notes for implementers"): such a step records a finding for each of them the scenario is
#: tagged with.
BEHAVIOURAL = frozenset({
    "QD28-5.4", "QD28-6.3", "QD28-8.2", "QD28-9.1", "QD28-9.2", "LC2019-7.1a", "LC2019-7.1b",
    "LC2019-7.1c", "LC2019-7.2", "LC2019-7.3", "LC2019-9.4", "DN35-10.1", "DN35-10.2",
    "DN35-10.3", "QD28-11", "QD28-14.3", "LC2019-5.2",
})
MAX_EVIDENCE = 1024 * 1024  # bytes of one evidence file kept in full
ALIASES = ("Cơ quan kiểm thử", "Cơ quan A", "Cơ quan B", "Cơ quan C")

T = TypeVar("T")


class HarnessError(RuntimeError):
    """The harness could not carry out a step (an error of the run, not of the SUT)."""


def not_applicable(vi: str, en: str) -> None:
    pytest.skip(f"{NOT_APPLICABLE}{vi} / {en}")


def inconclusive(vi: str, en: str) -> None:
    pytest.skip(f"{INCONCLUSIVE}{vi} / {en}")


def parse_time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=VN_TZ) if moment.tzinfo is None else moment


@dataclass
class Sent:
    """A package the SUT (or anyone) posted to the axis, as the axis keeps it."""

    doc_id: str
    messagetype: str
    from_: str
    edxml_document_id: str | None
    response_for: str | None
    status_code: str | None
    data: bytes
    at: dt.datetime | None
    exchange_id: str | None
    deliveries: list[dict[str, Any]]

    @property
    def recipients(self) -> list[str]:
        return [d["to"] for d in self.deliveries]


@dataclass
class Doc:
    """A document bound to a label of the scenario."""

    label: str
    document_id: str | None
    direction: str  # out (the SUT issued it) | in (the axis delivered it to the SUT)
    sent: Sent | None = None  # out: the SUT's package
    request: IssueRequest | None = None
    issued: Issued | None = None  # in: what the counterpart wrote
    data: bytes | None = None  # in: the bytes delivered
    sender: str | None = None
    deliveries: list[str] = field(default_factory=list)  # in: axis delivery docIds
    delivered_at: dt.datetime | None = None
    snapshot: Any = None  # the SUT's record when bound (for "không thay đổi")


class Harness:
    """Everything that lives for the whole run."""

    def __init__(self, *, sut: SutProfile, profile: Profile, axis: Axis, adapter: SutAdapter,
                 counterparts: Counterparts, judge: Judge, base_moment: dt.datetime | None,
                 evidence_dir: Path | None = None) -> None:
        self.sut = sut
        self.profile = profile
        self.axis = axis
        self.adapter = adapter
        self.counterparts = counterparts
        self.judge = judge
        self.base_moment = base_moment
        self.evidence_dir = evidence_dir
        a, b, c = axis.counterparts[:3]
        self.aliases = {"Cơ quan kiểm thử": sut.first_agency, "Cơ quan A": a, "Cơ quan B": b,
                        "Cơ quan C": c}

    @property
    def sut_system(self) -> str:
        return self.axis.sut_system

    def code(self, text: str) -> str:
        """An alias or a literal agency code; a literal code is registered on first use."""
        text = unicodedata.normalize("NFC", text.strip())
        if text in self.aliases:
            return self.aliases[text]
        from conformance.identifiers.agency_code import parse_agency_code

        if parse_agency_code(text) is None:
            raise HarnessError(f"không hiểu cơ quan '{text}' / unknown agency '{text}'")
        self.axis.ensure_agency(text)
        self.counterparts.know(text)
        return text

    def codes(self, text: str) -> list[str]:
        return [self.code(part) for part in text.split(", ") if part.strip()]

    def close(self) -> None:
        self.adapter.close()
        self.counterparts.close()
        self.axis.close()


class Scenario:
    """One scenario's state; created per test by the `qlvb` fixture."""

    def __init__(self, harness: Harness, tags: Iterable[str], name: str = "") -> None:
        self.h = harness
        self.name = name
        self.tags = {t.lstrip("@") for t in tags}
        self.rules = {t for t in self.tags if t in catalog()}
        self.findings: list[Finding] = []
        self.artifacts: list[tuple[str, bytes, str]] = []  # (file name, bytes, title)
        self.notes: list[str] = []
        self.docs: dict[str, Doc] = {}
        self.outgoing: Subject | None = None
        self.history: list[Subject] = []
        self.injections: list[dict[str, Any]] = []
        self.roles: set[str] = set()
        self.tls = False
        self.tls_front: TlsFront | None = None  # `trục dùng chứng thư TLS`: the SUT's endpoint
        self.tls_kind: str | None = None
        self.digitised: dict[str, bytes] = {}
        self.change_reasons: dict[str, str] = {}  # label → reason given for a change request
        self.exchange_ids: list[str] = []
        self.third_party: dict[str, Any] | None = None
        self.soft_failures: list[AssertionError] = []
        self.pending_failure: AssertionError | None = None
        self._traffic: list[dict[str, Any]] = []
        self._last_id = 0
        self._sent: dict[str, Sent] = {}
        self.started = False
        self.moment: dt.datetime | None = None

    # --- set-up -----------------------------------------------------------------------------
    def start(self) -> None:
        """`trục liên thông tham chiếu đã sẵn sàng`: empty axis, clock back to the run's base."""
        h = self.h
        h.axis.reset()
        h.axis.set_clock(h.base_moment)
        status = h.axis.status()
        if "schema_version" not in status:
            raise HarnessError("trục không trả lời trạng thái / the axis gives no status")
        self.moment = h.base_moment or h.axis.now()
        h.adapter.start_scenario(h.base_moment)
        h.counterparts.start_scenario(self.moment)
        self._traffic, self._last_id, self._sent = [], 0, {}
        self.started = True

    def use_tls(self, kind: str) -> None:
        """`trục dùng chứng thư TLS`: a TLS front with that test-PKI certificate before the axis
        (`conformance.suite.tls`), and the SUT's agent pointed at it for this scenario. Only the
        builtin product can be re-pointed while the suite runs; for the others the scenario is
        inconclusive with what the operator has to configure."""
        from conformance.fixtures_gen.pki import shipped_pki_dir
        from conformance.suite.tls import TLS_KIND_TEXT, shipped_tls_files

        self.tls, self.tls_kind = True, kind
        cert, key = shipped_tls_files(kind)
        if not self.h.adapter.repointable:
            root = shipped_pki_dir() / "root.pem"
            inconclusive(
                "bộ kiểm thử không đổi được điểm kết nối trục của hệ thống trong lúc chạy. Để kiểm "
                f"thử bằng tay: chạy `qlvb-conformance axis serve --tls --cert {cert} --key "
                f"{key}`, cấu hình hệ thống gửi đến địa chỉ https:// mà lệnh in ra, chỉ tin cậy "
                f"CA {root}, rồi ban hành một văn bản",
                "the harness cannot change the product's axis endpoint during a run. To test by "
                f"hand: run `qlvb-conformance axis serve --tls --cert {cert} --key {key}`, point "
                f"the product at the https:// address it prints, trusting only the CA {root}, "
                "and issue a document")
        if not self.h.axis.endpoint.startswith("http://"):
            inconclusive("trục ngoài đã dùng TLS với chứng thư của chính nó; bộ kiểm thử không "
                         "thay được chứng thư đó",
                         "the external axis already serves TLS with its own certificate; the "
                         "harness cannot replace it")
        front = TlsFront(self.h.axis.endpoint, cert, key, label=kind).start()
        self.tls_front = front
        kind_vi, kind_en = TLS_KIND_TEXT[kind]
        self.notes.append(f"trục dùng chứng thư TLS {kind_vi} tại {front.url()} / the axis serves "
                          f"a TLS certificate ({kind_en}) at {front.url()}")
        self.h.adapter.start_scenario(self.h.base_moment, endpoint=front.url())

    def close(self) -> None:
        """End of the scenario (fixture teardown): stop the TLS front."""
        front, self.tls_front = self.tls_front, None
        if front is not None:
            front.close()

    def set_clock(self, moment: dt.datetime) -> None:
        self.h.axis.set_clock(moment)
        self.moment = moment
        self.h.counterparts.set_clock(moment)
        try:
            self.h.adapter.set_clock(moment)
        except Unsupported as exc:
            inconclusive(exc.vi, exc.en)

    def axis_now(self) -> dt.datetime:
        return self.h.axis.now()

    # --- traffic ------------------------------------------------------------------------------
    def traffic(self) -> list[dict[str, Any]]:
        """Every traffic-log entry of the scenario so far."""
        new = self.h.axis.traffic(after_id=self._last_id)
        if new:
            self._mark_channel(new)
            self._traffic.extend(new)
            self._last_id = int(new[-1]["id"])
        return self._traffic

    def _mark_channel(self, items: list[dict[str, Any]]) -> None:
        """Write into each entry whether it came over TLS (`channel`): through the scenario's
        TLS front (matched by the forwarded connection's address, the entry's `client`), or to
        an axis that serves TLS only."""
        if self.tls_front is not None:
            forwarded = self.tls_front.by_upstream()
            for item in items:
                conn = forwarded.get(str(item.get("client")))
                item["channel"] = {"tls": True, "via": "tls-front", "certificate": self.tls_kind,
                                   "version": conn.version, "cipher": conn.cipher,
                                   "peer": conn.peer} if conn else {"tls": False}
        elif self.h.axis.endpoint.startswith("https://"):
            for item in items:
                item["channel"] = {"tls": True, "via": "axis"}

    def sent_by(self, system_id: str | None = None) -> list[Sent]:
        """The packages a system (default: the SUT) posted successfully, in order."""
        system = system_id or self.h.sut_system
        out = []
        for item, doc_id in iter_sent(self.h.axis, [i for i in self.traffic()
                                                   if i.get("system_id") == system]):
            if doc_id not in self._sent:
                info = self.h.axis.document(doc_id)
                import base64

                self._sent[doc_id] = Sent(
                    doc_id=doc_id, messagetype=info.get("messagetype") or "edoc",
                    from_=info.get("from") or "", edxml_document_id=info.get("edxml_document_id"),
                    response_for=info.get("response_for"), status_code=info.get("status_code"),
                    data=base64.b64decode(info["package_base64"]),
                    at=parse_time(item.get("at")), exchange_id=item.get("exchange_id"),
                    deliveries=list(info.get("deliveries") or []))
            out.append(self._sent[doc_id])
        return out

    def delivery(self, doc_id: str) -> dict[str, Any]:
        """What the SUT did with one delivery, read from the traffic log: how often it fetched
        it (getEdoc), when first, and the transport status it reported (updateStatus)."""
        fetches = [i for i in self.traffic() if i.get("call") in ("getEdoc", "downloadEdoc")
                   and i.get("system_id") == self.h.sut_system and succeeded(i)
                   and header(i, "docid") == doc_id]
        acks = [i for i in self._traffic if i.get("call") == "updateStatus"
                and i.get("system_id") == self.h.sut_system and succeeded(i)
                and header(i, "docid") == doc_id]
        state = (header(acks[-1], "status") or "initial") if acks else "initial"
        return {"docId": doc_id, "fetch_count": len(fetches), "state": state,
                "fetched": fetches[0].get("at") if fetches else None,
                "done_at": acks[-1].get("at") if acks else None}

    def sut_sent(self, messagetype: str | None = None) -> list[Sent]:
        return [s for s in self.sent_by() if messagetype is None or s.messagetype == messagetype]

    def statuses_for(self, doc: Doc, code: str | None = None) -> list[Sent]:
        """The SUT's status packages about a document (by its DocumentId)."""
        return [s for s in self.sut_sent("status")
                if doc.document_id and (s.response_for or "").strip() == doc.document_id
                and (code is None or (s.status_code or "").strip() == code)]

    # --- waiting ------------------------------------------------------------------------------
    def wait(self, check: Callable[[], T], minutes: float | None = None, *,
             negative: bool = False) -> T:
        """Poll until `check()` is truthy, or the window ends (minutes on the axis clock with the
        builtin driver — a few processing rounds, since it acts only when asked; wall time,
        bounded by the SUT profile's `action_timeout`, otherwise). A negative wait ("does not
        send … within N minutes") always lets the whole window pass."""
        adapter = self.h.adapter
        if adapter.synchronous:
            # the builtin product acts only when asked: one processing round settles what it
            # does by itself (a negative window), a few more let a chain of reactions finish
            if negative:
                self._sync()
                return check()
            value = check()
            for _ in range(3):
                if value:
                    return value
                self._sync()
                value = check()
            return value
        window = self.h.sut.action_timeout if minutes is None else min(
            minutes * 60.0, self.h.sut.action_timeout)
        deadline = time.monotonic() + window
        value = check()
        while time.monotonic() < deadline:
            if value and not negative:
                return value
            self._sync()
            time.sleep(0.25)
            value = check()
        if not value and not negative and adapter.kind == "manual":
            inconclusive(f"không thấy lưu lượng mong đợi trên trục sau {window:.0f} giây: người "
                         "vận hành chưa thực hiện thao tác được yêu cầu",
                         f"the expected traffic did not reach the axis within {window:.0f} s: "
                         "the operator did not carry out the requested action")
        return value

    def settle(self) -> None:
        """Let the product react to what just happened (the builtin product: one processing
        round; others: a processing request and a short pause)."""
        self._sync()
        if not self.h.adapter.synchronous:
            time.sleep(min(1.0, self.h.sut.action_timeout))

    def _sync(self) -> None:
        with contextlib.suppress(AgentError, Unsupported):
            self.h.adapter.sync()

    # --- driver calls -----------------------------------------------------------------------
    def drive(self, action: Callable[[], T], what: str) -> T | None:
        """Call the driver; `Unsupported` makes the step inconclusive, a refusal by the product
        is noted (the Thì steps then judge what happened)."""
        try:
            return action()
        except Unsupported as exc:
            inconclusive(f"{what}: {exc.vi}", f"{what}: {exc.en}")
        except AgentError as exc:
            self.notes.append(f"{what}: hệ thống từ chối / refused ({exc.code}): {exc.vi}")
        return None

    # --- documents ------------------------------------------------------------------------------
    def doc(self, label: str) -> Doc:
        try:
            return self.docs[label]
        except KeyError:
            raise HarnessError(f"văn bản '{label}' chưa được gắn trong kịch bản / "
                               f"label '{label}' is not bound") from None

    def bind(self, doc: Doc) -> Doc:
        self.docs[doc.label] = doc
        return doc

    def set_outgoing(self, sent: Sent, *, request: IssueRequest | None = None,
                     reason: str | None = None, label: str = "gói tin gửi đi",
                     answered_arrived_at: dt.datetime | None = None) -> Subject:
        subject = Subject(
            kind=sent.messagetype, label=label, data=sent.data, received_at=sent.at,
            form=request.form if request else None,
            urgent=bool(request.urgency) if request else None, reason=reason,
            answered_arrived_at=answered_arrived_at,
            history=tuple(s for s in self.history if s.data != sent.data),
            file=f"{label}.edxml", exchange_id=sent.exchange_id)
        if sent.messagetype == "edoc" and all(s.data != sent.data for s in self.history):
            self.history.append(subject)
        self.outgoing = subject
        self.keep(f"{_safe(label)}-{sent.doc_id[:8]}.edxml", sent.data,
                  f"Gói tin hệ thống gửi: {label}")
        if sent.exchange_id:
            self.exchange_ids.append(sent.exchange_id)
        return subject

    def keep(self, name: str, data: bytes, title: str) -> None:
        """Keep a file as evidence of the scenario (reports and Allure)."""
        if any(n == name for n, _, _ in self.artifacts):
            return
        if len(data) > MAX_EVIDENCE:  # a hostile, oversized package: keep its head and digest
            import hashlib

            note = (f"{title}: {len(data)} byte, SHA-256 {hashlib.sha256(data).hexdigest()}; "
                    f"chỉ lưu {MAX_EVIDENCE // 1024} KiB đầu / only the first "
                    f"{MAX_EVIDENCE // 1024} KiB are kept\n").encode()
            self.artifacts.append((name + ".txt", note, f"{title} (tóm tắt)"))
            data = data[:MAX_EVIDENCE]
            name = name + ".head"
        self.artifacts.append((name, data, title))
        try:
            import allure

            kind = allure.attachment_type.PDF if name.endswith(".pdf") else (
                allure.attachment_type.XML if name.endswith(".edxml") else
                allure.attachment_type.JSON if name.endswith(".json") else
                allure.attachment_type.TEXT)
            if len(data) <= 8 * 1024 * 1024:
                allure.attach(data, name=title, attachment_type=kind)
        except Exception:  # Allure not active: the report keeps the file anyway
            pass

    # --- rules ----------------------------------------------------------------------------------
    def judge(self, rule_id: str, subject: Subject | None) -> Outcome:
        """`… đạt quy tắc R` on `subject`: record the findings; fail, pass, or say N/A."""
        if subject is None:
            raise AssertionError(
                f"Không có đối tượng để kiểm tra quy tắc {rule_id}: hệ thống không gửi gói tin nào"
                f" / nothing to check {rule_id} on: the system sent no package")
        try:
            outcome = self.h.judge.check(rule_id, subject)
        except HarnessDefect as exc:
            raise HarnessError(str(exc)) from None
        self.findings.extend(outcome.findings)
        return self.conclude(rule_id, outcome)

    def conclude(self, rule_id: str, outcome: Outcome) -> Outcome:
        if outcome.status is Status.FAIL:
            failed = [f for f in outcome.findings if f.is_failure]
            text = "; ".join(f"{f.rule_id}: {f.message.vi}" + (f" (thực tế: {f.found})"
                                                               if f.found else "")
                             for f in failed[:5])
            raise AssertionError(f"Không đạt quy tắc {rule_id}: {text}")
        if outcome.status is Status.NOT_APPLICABLE:
            not_applicable(f"quy tắc {rule_id} không áp dụng cho đối tượng này",
                           f"rule {rule_id} does not apply here")
        if outcome.status is Status.INCONCLUSIVE:
            text = "; ".join(f.message.vi for f in outcome.findings[:3])
            inconclusive(f"quy tắc {rule_id} chưa kết luận được: {text}",
                         f"rule {rule_id} undecided")
        return outcome

    def record(self, found: Iterable[Finding]) -> None:
        self.findings.extend(found)

    def behaviour(self, ok: bool, vi: str, en: str, *, expected: str | None = None,
                  found: str | None = None, rules: Iterable[str] | None = None,
                  exchange_id: str | None = None) -> None:
        """The outcome of a step that judges behaviour: a finding for each behavioural rule of
        the scenario; the step fails when the condition does not hold and one of them is of
        error severity, or when the scenario names no behavioural rule at all."""
        chosen = sorted(set(rules) if rules is not None else (self.rules & BEHAVIOURAL))
        chosen = [r for r in chosen if self.h.profile.includes(r)]
        loc = Location(exchange_id=exchange_id)
        for rule_id in chosen:
            self.findings.append(finding(rule_id, Status.PASS if ok else Status.FAIL, vi, en,
                                         expected=expected, found=found, location=loc,
                                         severity=self.h.profile.severity_of(rule_id)))
        if ok:
            return
        severities = [self.h.profile.severity_of(r) for r in chosen]
        if not chosen or Severity.ERROR in severities:
            detail = f" (yêu cầu: {expected}; thực tế: {found})" if expected or found else ""
            raise AssertionError(f"{vi}{detail}")

    def soft_fail(self, exc: AssertionError) -> None:
        """An outcome step failed: note it; the scenario fails after its last step."""
        self.soft_failures.append(exc)
        self.pending_failure = exc

    # --- end -------------------------------------------------------------------------------------
    def traffic_artifact(self) -> None:
        items = self._traffic
        if items:
            self.keep("nhat-ky-truc.json", json.dumps(items, ensure_ascii=False,
                                                      indent=1).encode("utf-8"),
                      "Nhật ký trục của kịch bản")
        if self.tls_front is not None:
            conns = [c.to_dict() for c in self.tls_front.connections()]
            self.keep("ket-noi-tls.json", json.dumps(
                {"certificate": self.tls_kind, "url": self.tls_front.url(),
                 "connections": conns}, ensure_ascii=False, indent=1).encode("utf-8"),
                "Các kết nối TLS đến trục trong kịch bản")


def succeeded(item: dict[str, Any]) -> bool:
    """A traffic-log entry the axis answered with success (HTTP 200, ErrorCode 0)."""
    reply = item.get("reply") or {}
    return item.get("outcome") == "answered" and reply.get("http_status") == 200 and str(
        item.get("error_code") or "0") == "0"


def header(item: dict[str, Any], name: str) -> str | None:
    """A request header of a traffic-log entry (`XroadVnpt-<name>`, case-insensitive)."""
    wanted = {name.lower(), f"xroadvnpt-{name.lower()}"}
    for pair in (item.get("request") or {}).get("headers") or []:
        if len(pair) == 2 and str(pair[0]).lower() in wanted:
            return str(pair[1])
    return None
