"""Checking one rule on one object under test ("… đạt quy tắc R", features/STEPS.md "Rules").

For a package the SUT posted: every validator that `@covers` R runs on it (edXML and identifiers
through `validate_package`, PDF signatures through `validate_pdf`, deadlines and times against
the axis clock through `conformance.suite.checks`), with the run's regulatory profile; the
findings about R decide: a failure of error severity fails the step, a failure of lower severity
is recorded and the step passes, only not-applicable findings make it not applicable. When a
covering validator ran and reported nothing about R (the parser's security rules report only
problems), the rule passed and a finding says so; when nothing at all can judge R, that is a
defect of the harness, never a silent pass.

Umbrella rules (QD28-14.2, VP11796-1g, DN35-9.2a, QD28-10.1) are judged as the conjunction of
the detailed rules listed in `UMBRELLAS`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from conformance.checks import coverage
from conformance.edxml.model import EdocPackage, StatusPackage
from conformance.edxml.validate import validate_package
from conformance.findings import Finding, Location, Severity, Status, finding
from conformance.pdf.pades import TrustSettings
from conformance.pdf.validate import trust_settings, validate_pdf
from conformance.profiles import Profile
from conformance.rules import catalog
from reference_axis.reference_qlvb import packages

ROLE_OF_FORM = {"born_digital": "main", "digitised": "scan", "copy": "copy"}

#: Umbrella rules and the detailed rules they are judged by (their catalog notes).
UMBRELLAS: dict[str, tuple[str, ...]] = {
    "QD28-10.1": ("QCVN102-MANIFEST", "QD28-10.2g", "QCVN102-BASE64", "QCVN102-ZIP",
                  "QCVN102-ATTACHMENT-TYPE"),
    "DN35-9.2a": ("QD28-10.2c", "QD28-10.2d", "QD28-10.2đ", "QD28-10.2e", "QD28-10.2k",
                  "QD28-10.2l", "QD28-10.2m", "QD28-10.2n", "QD28-10.2g"),
    "QD28-14.2": ("QCVN102-XML", "QCVN102-NAMESPACE", "QCVN102-ENCODING", "QCVN102-SCHEMA",
                  "QD28-10.2a", "QCVN102-ORGID", "QD28-10.2b", "QCVN102-DOCID",
                  "QCVN102-STATUS-CODE", "QCVN102-STATUS-RESPONSEFOR"),
    "VP11796-1g": ("LC2019-6.1d", "QD28-10.1", "QD28-6.2", "QD28-10.2a", "QD28-10.2b",
                   "QD28-10.2c", "QD28-10.2d", "QD28-10.2đ", "QD28-10.2e", "QD28-10.2g",
                   "QD28-10.2i", "QD28-10.2k", "QD28-10.2l", "QD28-10.2m", "QD28-10.2n",
                   "QD28-10.2o"),
}


#: Until `conformance.pdf.pades` reports an altered signature value under LC2019-6.1d ("meets
#: the formats of TT 41/2017"), a failure of these detailed signature rules stands for it when a
#: defective fixture is checked (self-check only; never when judging the SUT).
SELF_CHECK_EQUIVALENTS: dict[str, tuple[str, ...]] = {
    "LC2019-6.1d": ("QD28-6.1", "TT41-COVERAGE", "TT41-CERT-VALIDITY", "TT41-REVOCATION",
                    "TT41-KEY-USAGE", "TT41-ALGORITHM", "TT41-PDF"),
}


class HarnessDefect(RuntimeError):
    """Nothing can judge the rule on this object: the harness lacks a check (an error of the
    run, never a pass)."""


@dataclass
class Subject:
    """The object a rule is checked on."""

    kind: str  # edoc | status | pdf
    label: str
    data: bytes
    received_at: dt.datetime | None = None  # when the axis accepted it (axis clock)
    form: str | None = None  # born_digital | digitised | copy (what the SUT was asked)
    urgent: bool | None = None  # whether the SUT was asked for an urgent document
    reason: str | None = None  # the reason the SUT was given (update, correction)
    answered_arrived_at: dt.datetime | None = None  # status: when the document it answers
    #                                                  reached the SUT
    history: Sequence[Subject] = ()  # earlier packages of the SUT in the scenario
    file: str = "goi-tin.edxml"
    pdf_role: str | None = None  # for kind == "pdf"
    exchange_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def package(self) -> EdocPackage | StatusPackage | None:
        parsed = packages.read(self.data).package
        return parsed if isinstance(parsed, EdocPackage | StatusPackage) else None


@dataclass(frozen=True)
class Outcome:
    status: Status  # pass | fail | inconclusive | not_applicable
    findings: tuple[Finding, ...]

    @property
    def failed(self) -> bool:
        return self.status is Status.FAIL


def resolve(findings: Sequence[Finding]) -> Status:
    """The step's result from the findings about one rule."""
    if any(f.is_failure for f in findings):
        return Status.FAIL
    if any(f.status is Status.PASS or (f.status in (Status.FAIL, Status.INCONCLUSIVE)
                                       and f.severity is not Severity.ERROR)
           for f in findings):
        return Status.PASS
    if any(f.status is Status.INCONCLUSIVE for f in findings):
        return Status.INCONCLUSIVE
    return Status.NOT_APPLICABLE


@cache
def _families() -> dict[str, frozenset[str]]:
    """Rule ID → the kinds of validators covering it: package, pdf, deadline, dateline."""
    out: dict[str, set[str]] = {}
    for rule_id, names in coverage().items():
        kinds = out.setdefault(rule_id, set())
        for name in names:
            if name.startswith("conformance.pdf."):
                kinds.add("pdf")
            elif name.startswith("conformance.timing.deadlines"):
                kinds.add("deadline")
            elif name.startswith("conformance.identifiers.date_line"):
                kinds.add("dateline")
            else:
                kinds.add("package")
    return {k: frozenset(v) for k, v in out.items()}


def families(rule_id: str) -> frozenset[str]:
    return _families().get(rule_id, frozenset())


def load_trust(anchors: Iterable[Path], crls: Iterable[Path]) -> TrustSettings:
    return trust_settings([p.read_bytes() for p in anchors],
                          crls=[p.read_bytes() for p in crls])


class Judge:
    """Runs the validators on subjects (cached by content) and decides rules."""

    def __init__(self, profile: Profile, trust: TrustSettings, *,
                 suite_checks: dict[str, Callable[[Judge, Subject], list[Finding]]] | None = None
                 ) -> None:
        from conformance.suite import checks

        self.profile = profile
        self.trust = trust
        self.suite_checks = suite_checks if suite_checks is not None else checks.SUITE_CHECKS
        self._package: dict[tuple[str, str, str], list[Finding]] = {}
        self._pdf: dict[tuple[str, str | None], list[Finding]] = {}

    # --- validators, cached ---------------------------------------------------------------------
    def package_findings(self, subject: Subject, mode: str = "strict") -> list[Finding]:
        key = (subject.digest, mode, str(subject.received_at))
        if key not in self._package:
            found = validate_package(subject.data, profile=self.profile, mode=mode,  # type: ignore[arg-type]
                                     at=subject.received_at, file=subject.file)
            self._package[key] = [f.with_location(exchange_id=subject.exchange_id)
                                  if subject.exchange_id and not f.location.exchange_id else f
                                  for f in found]
        return self._package[key]

    def pdfs(self, subject: Subject) -> list[tuple[str, bytes, str]]:
        """(file name, bytes, role) of the PDFs of a subject."""
        if subject.kind == "pdf":
            return [(subject.file, subject.data, subject.pdf_role or "main")]
        pkg = subject.package()
        if not isinstance(pkg, EdocPackage):
            return []
        out = []
        for att in pkg.attachments:
            if not att.data or not att.data.startswith(b"%PDF"):
                continue
            index = len(out)
            if index == 0:
                role = ROLE_OF_FORM.get(subject.form or "") or _role_of(att.description)
            else:
                role = "attachment"
            out.append((att.name or f"tep-{index + 1}.pdf", att.data, role))
        return out

    def pdf_findings(self, subject: Subject) -> list[Finding]:
        key = (subject.digest, subject.form)
        if key not in self._pdf:
            found: list[Finding] = []
            pkg = subject.package() if subject.kind != "pdf" else None
            for name, data, role in self.pdfs(subject):
                found += validate_pdf(data, role=role, profile=self.profile, trust=self.trust,
                                      package=pkg if isinstance(pkg, EdocPackage) else None,
                                      file=name)
            self._pdf[key] = found
        return self._pdf[key]

    # --- deciding a rule -------------------------------------------------------------------------
    def findings_for(self, rule_id: str, subject: Subject) -> list[Finding]:
        """Every finding about `rule_id` on `subject` (may be empty)."""
        kinds = families(rule_id)
        out: list[Finding] = []
        if "package" in kinds and subject.kind != "pdf":
            out += [f for f in self.package_findings(subject) if f.rule_id == rule_id]
        if "pdf" in kinds:
            out += [f for f in self.pdf_findings(subject) if f.rule_id == rule_id]
        check = self.suite_checks.get(rule_id)
        if check is not None:
            out += [f for f in self.profile.apply(check(self, subject)) if f.rule_id == rule_id]
        return out

    def check(self, rule_id: str, subject: Subject) -> Outcome:
        if rule_id not in catalog():
            raise HarnessDefect(f"quy tắc {rule_id} không có trong danh mục / not in the catalog")
        if not self.profile.includes(rule_id):
            f = finding(rule_id, Status.NOT_APPLICABLE,
                        f"Quy tắc {rule_id} không thuộc hồ sơ {self.profile.id}",
                        f"Rule {rule_id} is not part of profile {self.profile.id}")
            return Outcome(Status.NOT_APPLICABLE, (f,))
        if rule_id in UMBRELLAS:
            return self._umbrella(rule_id, subject)
        found = self.findings_for(rule_id, subject)
        if not found:
            ran = families(rule_id) & ({"package", "pdf"} if subject.kind != "pdf" else {"pdf"})
            if not ran:
                raise HarnessDefect(
                    f"không có bộ kiểm tra nào cho quy tắc {rule_id} trên {subject.kind} "
                    f"'{subject.label}' / no check covers {rule_id} on this {subject.kind}")
            found = [finding(
                rule_id, Status.PASS,
                f"Bộ kiểm tra ({', '.join(sorted(ran))}) đã chạy và không thấy vi phạm {rule_id}",
                f"The covering validators ({', '.join(sorted(ran))}) ran and found no breach of "
                f"{rule_id}", location=Location(file=subject.file,
                                                 exchange_id=subject.exchange_id),
                evidence={"synthesized_by": "conformance.suite.judge", "validators": sorted(ran)})]
        return Outcome(resolve(found), tuple(found))

    def _umbrella(self, rule_id: str, subject: Subject) -> Outcome:
        parts: list[tuple[str, Outcome]] = []
        for part in UMBRELLAS[rule_id]:
            if not self.profile.includes(part):
                continue
            if subject.kind == "status" and part.startswith(("QD28-10.2c", "QD28-10.2g")):
                continue
            try:
                outcome = self.check(part, subject)
            except HarnessDefect:
                continue
            parts.append((part, outcome))
        failed = [p for p, o in parts if o.status is Status.FAIL]
        undecided = [p for p, o in parts if o.status is Status.INCONCLUSIVE]
        checked = [p for p, o in parts if o.status is not Status.NOT_APPLICABLE]
        evidence = {"parts": {p: str(o.status) for p, o in parts}}
        loc = Location(file=subject.file, exchange_id=subject.exchange_id)
        if failed:
            f = finding(rule_id, Status.FAIL,
                        f"Không đạt vì các quy tắc chi tiết: {', '.join(failed)}",
                        f"Not met: the detailed rules {', '.join(failed)} failed",
                        expected=f"đạt {', '.join(checked)}", found=", ".join(failed),
                        location=loc, evidence=evidence)
        elif undecided:
            f = finding(rule_id, Status.INCONCLUSIVE,
                        f"Chưa kết luận được: {', '.join(undecided)} chưa kết luận",
                        f"Undecided: {', '.join(undecided)} undecided", location=loc,
                        evidence=evidence)
        elif checked:
            f = finding(rule_id, Status.PASS,
                        f"Đạt: các quy tắc chi tiết {', '.join(checked)} đều đạt",
                        f"Met: the detailed rules {', '.join(checked)} all passed",
                        location=loc, evidence=evidence)
        else:
            f = finding(rule_id, Status.NOT_APPLICABLE, "Không quy tắc chi tiết nào áp dụng",
                        "No detailed rule applies", location=loc, evidence=evidence)
        part_findings = tuple(x for _, o in parts for x in o.findings
                              if x.status is not Status.PASS)
        return Outcome(resolve([f]), (f, *part_findings))

    def self_check(self, rule_id: str, data: bytes, *, recipient: str) -> list[Finding]:
        """For a defective package the harness built: the findings failing `rule_id` when the
        validators judge it as its recipient would (as-observed mode). Empty = the fixture is
        wrong."""
        subject = Subject(kind="edoc", label="defective", data=data)
        wanted = {rule_id, *SELF_CHECK_EQUIVALENTS.get(rule_id, ())}
        kinds = families(rule_id)
        found: list[Finding] = []
        if "package" in kinds:
            found += [f for f in self.package_findings(subject, mode="observed")
                      if f.rule_id in wanted]
        if "pdf" in kinds:
            found += [f for f in self.pdf_findings(subject) if f.rule_id in wanted]
        return [f for f in found if f.status is Status.FAIL]


def _role_of(description: str | None) -> str:
    text = (description or "").lower()
    if "số hóa" in text or "số hoá" in text:
        return "scan"
    if "bản sao" in text:
        return "copy"
    return "main"
