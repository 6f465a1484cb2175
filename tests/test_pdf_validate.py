"""validate_pdf on hostile and edge inputs, trust settings, and the legal value."""

from __future__ import annotations

import pytest

from conformance.findings import Severity, Status
from conformance.pdf.validate import validate_pdf
from tests.helpers import assert_findings_well_formed
from tests.pdf_support import corpus, pki


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n", b"%PDF-1.4\n" + bytes(range(256)) * 40,
                                  b"\x00" * 10, "not bytes"])
def test_never_raises(data) -> None:
    findings = validate_pdf(data, file="x.pdf")  # type: ignore[arg-type]
    assert_findings_well_formed(findings)
    assert {f.rule_id for f in findings if f.status is not Status.PASS} <= {"TT41-PDF",
                                                                           "QD28-4.2",
                                                                           "LC2019-6.2"}


def test_unknown_role_is_reported_not_raised() -> None:
    findings = validate_pdf(b"%PDF-1.4", role="nonsense")
    assert findings and findings[0].status is Status.INCONCLUSIVE


def test_without_trust_anchors_the_chain_is_inconclusive() -> None:
    data = corpus("nd30")["main.pdf"].path.read_bytes()
    findings = validate_pdf(data, file="main.pdf")
    trust = {f.status for f in findings if f.rule_id == "LC2019-6.1a"}
    assert trust == {Status.INCONCLUSIVE}
    legal = [f for f in findings if f.rule_id.startswith("QD28-4.")]
    assert [(f.rule_id, f.status) for f in legal] == [("QD28-4.1", Status.INCONCLUSIVE)]


def test_revocation_unchecked_is_a_warning_never_a_pass() -> None:
    data = corpus("nd30")["main.pdf"].path.read_bytes()
    findings = validate_pdf(data, trust_roots=pki().trust_roots, file="main.pdf")
    rev = [f for f in findings if f.rule_id == "TT41-REVOCATION"]
    assert rev and all(f.status is Status.INCONCLUSIVE and f.severity is Severity.WARNING
                       for f in rev)


def test_unsigned_is_for_reference_only() -> None:
    data = corpus("nd30")["LC2019-6.2__unsigned_document.pdf"].path.read_bytes()
    findings = validate_pdf(data, trust_roots=pki().trust_roots)
    legal = [f for f in findings if f.rule_id == "QD28-4.2"]
    assert legal and legal[0].status is Status.FAIL and "tham khảo" in legal[0].message.vi


def test_validation_moment_can_be_fixed() -> None:
    import datetime as dt

    data = corpus("nd30")["main.pdf"].path.read_bytes()
    late = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)
    findings = validate_pdf(data, trust_roots=pki().trust_roots, at=late)
    assert {f.status for f in findings if f.rule_id == "TT41-CERT-VALIDITY"} == {Status.FAIL}


def test_pem_bytes_as_trust_roots() -> None:
    data = corpus("nd30")["main.pdf"].path.read_bytes()
    findings = validate_pdf(data, trust_roots=[pki().root.pem()], crls=pki().crls_der())
    assert {f.status for f in findings if f.rule_id in ("LC2019-6.1a", "TT41-REVOCATION")} == {
        Status.PASS}


def test_direction_of_a_digitised_document() -> None:
    data = corpus("tt01-2019")["scan_incoming.pdf"].path.read_bytes()
    options = dict(role="scan", profile="tt01-2019", trust_roots=pki().trust_roots,
                   crls=pki().crls_der())
    incoming = {f.rule_id for f in validate_pdf(data, direction="incoming", **options)}
    outgoing = {f.rule_id for f in validate_pdf(data, direction="outgoing", **options)}
    either = {f.rule_id for f in validate_pdf(data, **options)}
    assert {"LC2019-8.1a", "LC2019-8.1b"} <= incoming and not {"LC2019-9.3a", "LC2019-9.3b"} & \
        incoming
    assert {"LC2019-9.3a", "LC2019-9.3b"} <= outgoing and not {"LC2019-8.1a", "LC2019-8.1b"} & \
        outgoing
    assert {"LC2019-8.1a", "LC2019-9.3a", "LC2019-9.3b"} <= either
