"""Content rules of edXML packages: small functions, each `@covers(...)` the rules it reports,
each taking a `Context` and returning findings."""

from __future__ import annotations

from collections.abc import Callable

from conformance.edxml.rules.attachments import (
    check_attachment_types,
    check_attachments_present,
    check_manifest,
)
from conformance.edxml.rules.business import check_business
from conformance.edxml.rules.context import Context
from conformance.edxml.rules.form import check_form
from conformance.edxml.rules.header import (
    check_date_order,
    check_due_date,
    check_number_and_type,
    check_other_info,
    check_promulgation_date,
    check_receivers,
    check_sender,
    check_signer,
    check_steering,
    check_subject,
    check_trace,
    check_urgency,
)
from conformance.edxml.rules.identifiers import check_agency_codes, check_document_ids
from conformance.edxml.rules.secrecy import check_secrecy_marking
from conformance.edxml.rules.signature import check_legal_value, check_xml_signature
from conformance.edxml.rules.status import (
    check_status_code,
    check_status_reason,
    check_status_response_for,
    check_status_time,
)
from conformance.edxml.rules.text import check_package_text
from conformance.findings import Finding

Rule = Callable[[Context], list[Finding]]

# In report order. Each function returns [] for a package kind it does not apply to.
RULES: tuple[Rule, ...] = (
    check_form,
    check_sender,
    check_receivers,
    check_number_and_type,
    check_promulgation_date,
    check_subject,
    check_secrecy_marking,
    check_signer,
    check_urgency,
    check_due_date,
    check_trace,
    check_other_info,
    check_steering,
    check_date_order,
    check_status_code,
    check_status_reason,
    check_status_time,
    check_status_response_for,
    check_agency_codes,
    check_document_ids,
    check_business,
    check_attachments_present,
    check_manifest,
    check_attachment_types,
    check_xml_signature,
    check_legal_value,
    check_package_text,
)


def run_rules(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for rule in RULES:
        out.extend(rule(ctx))
    return out


__all__ = ["RULES", "Context", "run_rules"]
