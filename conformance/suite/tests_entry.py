"""The bundled features bound as pytest tests (pytest-bdd `scenarios`). Collected when named on
the command line: `pytest -p conformance.suite.plugin --pyargs conformance.suite.tests_entry`."""

from __future__ import annotations

from pytest_bdd import scenarios

from conformance.resources import bundled_dir
from conformance.suite.steps import MODULES

#: the step definitions (imported as plugins when this module is collected)
pytest_plugins = list(MODULES)

FEATURES_DIR = bundled_dir("features")

scenarios(str(FEATURES_DIR))
