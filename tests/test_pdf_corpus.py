"""The signed-PDF corpus: every negative file fails exactly its rule, every conforming file of
each profile and role passes."""

from __future__ import annotations

import pytest

from conformance.findings import Status, Verdict, verdict
from conformance.fixtures_gen.pdf_corpus import PROFILES
from conformance.pdf.legal_value import SIGNATURE_RULES
from tests.helpers import assert_findings_well_formed
from tests.pdf_support import corpus, corpus_names, failed_rules, validate_entry

CASES = [(profile, name) for profile in PROFILES for name in corpus_names(profile)]


@pytest.mark.parametrize(("profile", "name"), CASES, ids=[f"{p}/{n}" for p, n in CASES])
def test_corpus_file(profile: str, name: str) -> None:
    entry = corpus(profile)[name]
    findings = validate_entry(entry)
    assert_findings_well_formed(findings)
    failed = failed_rules(findings)
    if entry.rule_id is None:
        assert failed == set(), [f.message.en for f in findings if f.status is Status.FAIL]
        assert verdict(findings) is Verdict.CONFORMANT
        assert any(f.rule_id == "QD28-4.1" and f.status is Status.PASS for f in findings)
    else:
        assert failed == {entry.rule_id}, [
            (f.rule_id, f.message.en) for f in findings if f.status is Status.FAIL]
        bad = [f for f in findings if f.rule_id == entry.rule_id and f.status is Status.FAIL]
        for f in bad:  # every failure says where and what
            assert f.location.file == entry.name
            assert f.expected and f.found
        legal = {f.rule_id for f in findings if f.rule_id.startswith("QD28-4.")}
        if entry.rule_id in SIGNATURE_RULES and entry.rule_id != "TT41-PDF":
            assert legal == {"QD28-4.2"}  # "để biết, tham khảo"
        elif entry.rule_id != "TT41-PDF":  # presentation rules do not take the value away
            assert legal == {"QD28-4.1"}


@pytest.mark.parametrize("profile", PROFILES)
def test_corpus_names_follow_the_rule_ids(profile: str) -> None:
    for name, entry in corpus(profile).items():
        if entry.rule_id:
            assert name.startswith(entry.rule_id + "__") and entry.path.parent.name == "negative"
        else:
            assert entry.path.parent.name == "valid"
    roles = {e.role for e in corpus(profile).values() if e.rule_id is None}
    assert roles == {"main", "attachment", "copy", "scan"}


def test_positive_findings_locate_signatures() -> None:
    entry = corpus("nd30")["main.pdf"]
    findings = validate_entry(entry)
    seal = [f for f in findings if f.rule_id == "ND30-PL1-CKCOQUAN"]
    assert seal and seal[0].location.page == 1 and seal[0].location.rect
    assert 0.2 < seal[0].evidence["overlap_fraction"] < 0.45
    person = [f for f in findings if f.rule_id == "LC2019-9.1a"]
    assert person and "THỨ TRƯỞNG" in (person[0].found or "")
