"""The fixture corpus through `validate_package`: valid packages are clean in both modes, the
as-observed forms fail strict mode on the schema only, and every negative fixture is rejected
with exactly its rule (plus the documented consequential ones)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.edxml.validate import validate_package
from conformance.findings import Finding, Severity, Status
from conformance.fixtures_gen import edxml as fx
from conformance.rules import catalog
from tests.helpers import assert_findings_well_formed

MODES = ("strict", "observed")


def failing(findings: list[Finding]) -> set[str]:
    """Rules that failed at error or warning level."""
    return {f.rule_id for f in findings
            if f.status is Status.FAIL and f.severity in (Severity.ERROR, Severity.WARNING)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("edxml-fixtures")
    fx.write_fixtures(root)
    return root


NEGATIVES = fx.negative_fixtures()


def test_negative_names_follow_the_convention_and_name_catalog_rules() -> None:
    names = [neg.name for neg in NEGATIVES]
    assert len(names) == len(set(names))
    for neg in NEGATIVES:
        assert neg.rule in catalog(), neg.rule
        assert neg.name.startswith(f"{neg.rule}__") and neg.name.endswith(".edxml")
        assert neg.consequential <= set(catalog())
        assert not neg.consequential or neg.why, f"{neg.name}: say why the others fail"


def test_corpus_covers_hostile_inputs() -> None:
    names = {neg.name for neg in NEGATIVES}
    for expected in ("QCVN102-XMLSEC__xxe_external_entity.edxml",
                     "QCVN102-XMLSEC__billion_laughs.edxml",
                     "QCVN102-LIMITS__zip_bomb.edxml",
                     "QCVN102-ATTACHMENT-NAME__path_traversal.edxml",
                     "QCVN102-ENCODING__invalid_utf8.edxml",
                     "TCVN6909-NFC__nfd_subject.edxml",
                     "DN35-9.1b__tcvn3_subject.edxml"):
        assert expected in names


@pytest.mark.parametrize("neg", NEGATIVES, ids=lambda neg: neg.name)
@pytest.mark.parametrize("mode", MODES)
def test_negative_fixture_fails_exactly_its_rule(corpus: Path, neg: fx.Negative, mode: str) -> None:
    path = corpus / "negative" / neg.name
    findings = validate_package(path.read_bytes(), profile="nd30", mode=mode, file=str(path))
    expected = {neg.rule} | neg.consequential if mode in neg.modes else set()
    assert_findings_well_formed(findings)
    assert failing(findings) == expected
    for f in findings:
        if f.status is Status.FAIL:
            assert f.location.file == str(path)
            assert f.location.line is not None and f.location.line >= 1, f
            assert f.expected is not None and f.found is not None, f
            assert f.message.vi and f.message.en
            if f.rule_id not in {"QCVN102-ENCODING", "QCVN102-XML", "QCVN102-XMLSEC"}:
                assert f.location.xpath and f.location.xpath.startswith("/"), f


@pytest.mark.parametrize("name", sorted(fx.positive_fixtures()))
@pytest.mark.parametrize("mode", MODES)
def test_valid_fixture_is_clean(corpus: Path, name: str, mode: str) -> None:
    findings = validate_package((corpus / "valid" / name).read_bytes(), profile="nd30", mode=mode)
    assert_findings_well_formed(findings)
    assert failing(findings) == set()
    assert not any(f.is_failure for f in findings)
    passed = {f.rule_id for f in findings if f.status is Status.PASS}
    assert {"QCVN102-SCHEMA", "QD28-10.2l"} <= passed
    if name.startswith("edoc"):
        assert {"QD28-10.2c", "QD28-10.2d", "QD28-10.2đ", "QD28-10.2e", "QD28-10.2g",
                "QD28-10.2i", "QD28-10.2k", "QD28-10.2m", "QD28-10.2n", "QD28-10.2o",
                "QD28-10.2p", "QCVN102-MANIFEST", "QCVN102-BUSINESS", "QD28-10.2a",
                "QCVN102-DOCID", "QD28-10.2b"} <= passed
    else:
        assert {"QD28-10.2h", "QCVN102-STATUS-CODE", "QCVN102-STATUS-RESPONSEFOR",
                "QD28-10.2n"} <= passed


@pytest.mark.parametrize("name", sorted(fx.observed_fixtures()))
def test_observed_forms_fail_strict_only_on_the_schema(corpus: Path, name: str) -> None:
    data = (corpus / "observed" / name).read_bytes()
    assert failing(validate_package(data, profile="nd30", mode="observed")) == set()
    strict = validate_package(data, profile="nd30", mode="strict")
    assert failing(strict) == {"QCVN102-SCHEMA"}
    schema = [f for f in strict if f.rule_id == "QCVN102-SCHEMA" and f.status is Status.FAIL]
    assert all(f.location.line and f.location.xpath for f in schema)


def test_every_business_type_and_status_code_has_a_valid_fixture() -> None:
    names = set(fx.positive_fixtures())
    for code, label in fx.BUSINESS_NAMES.items():
        assert f"edoc_type{code}_{label}.edxml" in names
    for code in ("01", "02", "03", "04", "05", "06", "13", "15", "16"):
        assert f"status_{code}.edxml" in names
