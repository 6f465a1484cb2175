"""Step definitions for every pattern of features/STEPS.md, thin by design: one driver action, one
axis admin call, or one validator call plus an assertion on its findings. The plugin registers
these modules so that pytest-bdd finds the steps for the bundled features."""

from __future__ import annotations

MODULES = (
    "conformance.suite.steps.setup_steps",
    "conformance.suite.steps.sender_steps",
    "conformance.suite.steps.receiver_steps",
    "conformance.suite.steps.package_steps",
    "conformance.suite.steps.status_steps",
    "conformance.suite.steps.record_steps",
    "conformance.suite.steps.axis_steps",
)
