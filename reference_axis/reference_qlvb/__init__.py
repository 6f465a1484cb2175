"""The reference QLVB: a compliant document-management agent that exchanges through the axis —
the default system under test — and its faulty variants.

    from reference_axis.reference_qlvb import Agent, IssueRequest, VARIANTS, builtin_driver

Modules, one job each:
    behaviour   the faulty-variant switches (`Behaviour`, `VARIANTS`, `VARIANT_RULES`)
    config      agencies, signers, clerk, settings (`AgentConfig`, `sample_config`)
    clock       injectable clocks (`OffsetClock`, `ManualClock`)
    store       SQLite registers and history
    numbering   số và ký hiệu, series per type and year
    packages    edXML document and status packages
    pdfs        the adapter to the PDF/PKI fixtures and `validate_pdf`
    issuing     issue, sign, package, send
    checks      the receiver's checks (completeness, integrity, authenticity, competence)
    receiving   the receive loop and the 01–06 statuses
    revocation  revoke / update / replace, as sender and receiver (13, 15, 16, BussinessDocType)
    agent       the facade over all of it
    driver      the SUT driver protocol and the builtin driver
    driver_http the driver over HTTP (Starlette app, OpenAPI, `HttpDriver`)
    memory_axis an in-memory axis for fast unit tests
    testing     helpers for tests and the suite (agents on an axis, defective packages)
    demo        `qlvb-conformance demo`
"""

from reference_axis.reference_qlvb.agent import Agent
from reference_axis.reference_qlvb.behaviour import (
    COMPLIANT,
    VARIANT_RULES,
    VARIANTS,
    Behaviour,
    switches,
    variant,
)
from reference_axis.reference_qlvb.clock import ManualClock, OffsetClock, SystemClock
from reference_axis.reference_qlvb.config import (
    AgencyProfile,
    AgentConfig,
    AgentSettings,
    Clerk,
    Person,
    sample_config,
)
from reference_axis.reference_qlvb.driver import (
    BuiltinDriver,
    DriverError,
    SutDriver,
    builtin_driver,
)
from reference_axis.reference_qlvb.errors import AgentError
from reference_axis.reference_qlvb.models import (
    ActionResult,
    AttachmentSpec,
    DocumentRecord,
    IssueRequest,
    IssueResult,
    PollReport,
    StatusEntry,
)

__all__ = [
    "COMPLIANT",
    "VARIANTS",
    "VARIANT_RULES",
    "ActionResult",
    "AgencyProfile",
    "Agent",
    "AgentConfig",
    "AgentError",
    "AgentSettings",
    "AttachmentSpec",
    "Behaviour",
    "BuiltinDriver",
    "Clerk",
    "DocumentRecord",
    "DriverError",
    "IssueRequest",
    "IssueResult",
    "ManualClock",
    "OffsetClock",
    "Person",
    "PollReport",
    "StatusEntry",
    "SutDriver",
    "SystemClock",
    "builtin_driver",
    "sample_config",
    "switches",
    "variant",
]
