"""The suite's step definitions against the vocabulary of features/STEPS.md: every pattern has a
step definition bound to exactly the Gherkin types the vocabulary gives it, and nothing else is
defined; the harness's value maps cover the closed value lists."""

from __future__ import annotations

import importlib

import pytest

from conformance.suite.defects import DEFECTS, FORMS
from conformance.suite.steps import MODULES
from conformance.suite.steps.common import ACTIONS, COPY_FORMS, FORMATS, STEP_PATTERNS, URGENCY
from tests.test_feature_files import vocabulary

for _name in MODULES:
    importlib.import_module(_name)

PATTERNS = {p.text: p.types for p in vocabulary().patterns}


def test_vocabulary_has_the_patterns() -> None:
    assert len(PATTERNS) >= 60


@pytest.mark.parametrize("pattern", sorted(PATTERNS))
def test_every_pattern_has_a_step_definition(pattern: str) -> None:
    assert pattern in STEP_PATTERNS, f"no step definition for: {pattern}"
    assert STEP_PATTERNS[pattern] == PATTERNS[pattern], (
        f"{pattern}: bound to {sorted(STEP_PATTERNS[pattern])}, STEPS.md says "
        f"{sorted(PATTERNS[pattern])}")


def test_no_step_outside_the_vocabulary() -> None:
    assert set(STEP_PATTERNS) - set(PATTERNS) == set()


@pytest.mark.parametrize(("name", "mapping"), [
    ("do_khan", URGENCY), ("buoc", ACTIONS), ("hinh_thuc_sao", COPY_FORMS),
    ("dinh_dang", FORMATS), ("loai_loi", DEFECTS), ("dang", FORMS)])
def test_closed_value_lists_are_covered(name: str, mapping: dict) -> None:
    values = vocabulary().values[name]
    assert values <= set(mapping), sorted(values - set(mapping))
