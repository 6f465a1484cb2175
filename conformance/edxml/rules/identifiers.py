"""Identifiers inside a package: every agency code (From, To, ResponseFor, TraceHeader, the
business block's receivers and replacement holders) and every document identifier (the
package's own, checked against From, Code and PromulgationDate; those it answers, revokes or
replaces)."""

from __future__ import annotations

from collections.abc import Iterator

from conformance.checks import covers
from conformance.edxml.model import EdocPackage, ResponseFor
from conformance.edxml.rules.context import Context, present
from conformance.findings import Finding, Status
from conformance.identifiers.agency_code import check_agency_code
from conformance.identifiers.document_id import check_document_id
from conformance.timing.formats import check_edxml_date

H = "MessageHeader"


def _agency_codes(ctx: Context) -> Iterator[tuple[str, str | None]]:
    """(locator key, value) of every agency code the package carries, present or not."""
    pkg = ctx.package
    if isinstance(pkg, EdocPackage):
        h = pkg.header
        if h.from_ is not None and h.from_.organ_id is not None:
            yield f"{H}/From/OrganId", h.from_.organ_id
        for i, org in enumerate(h.to, start=1):
            if org.organ_id is not None:
                yield f"{H}/To[{i}]/OrganId", org.organ_id
        for i, rf in enumerate(h.response_for, start=1):
            if not rf.is_empty:
                yield f"{H}/ResponseFor[{i}]/OrganId", rf.organ_id
        if pkg.business is not None:
            b = pkg.business
            for i, info in enumerate(b.document_info, start=1):
                for j, r in enumerate(info.receivers or (), start=1):
                    yield (f"Bussiness/BussinessDocumentInfo[{i}]/ReceiverList/Receiver[{j}]"
                           f"/OrganId", r.organ_id)
            for i, rep in enumerate(b.replacements or (), start=1):
                for j, organ in enumerate(rep.organ_ids, start=1):
                    yield (f"Bussiness/ReplacementInfoList/ReplacementInfo[{i}]/OrganIdList"
                           f"/OrganId[{j}]", organ)
    else:
        if pkg.from_ is not None and pkg.from_.organ_id is not None:
            yield f"{H}/From/OrganId", pkg.from_.organ_id
        if pkg.response_for is not None and pkg.response_for.organ_id is not None:
            yield f"{H}/ResponseFor/OrganId", pkg.response_for.organ_id
    for i, trace in enumerate(pkg.trace_headers or (), start=1):
        yield f"TraceHeader[{i}]/OrganId", trace.organ_id


@covers("QD28-10.2a", "QCVN102-ORGID", "QCVN102-ORGID-REGISTRY", "QD20-4.1")
def check_agency_codes(ctx: Context) -> list[Finding]:
    """Every agency code in the package, in the forms the profile accepts. A missing code in
    From / To is left to QD28-10.2l / 10.2m; an empty one there is reported here."""
    forms = tuple(ctx.profile.parameters.get("agency_code_forms", ("qcvn102",)))
    out: list[Finding] = []
    for key, value in _agency_codes(ctx):
        if not present(value) and (key == f"{H}/From/OrganId" or key.startswith(f"{H}/To[")):
            continue  # an empty From/To OrganId: the sender/receiver rules report it
        for f in check_agency_code(value, forms=forms, location=ctx.loc(key)):
            if f.status is Status.NOT_APPLICABLE and f.rule_id == "QD20-4.1":
                continue  # not the form in use: nothing to say per code
            out.append(f)
    return out


def _response_for_ids(ctx: Context) -> Iterator[tuple[str, ResponseFor]]:
    pkg = ctx.package
    if isinstance(pkg, EdocPackage):
        for i, rf in enumerate(pkg.header.response_for, start=1):
            if not rf.is_empty:
                yield f"{H}/ResponseFor[{i}]", rf
    elif pkg.response_for is not None:
        yield f"{H}/ResponseFor", pkg.response_for


@covers("QCVN102-DOCID", "QCVN102-DATE", "QD28-10.2b")
def check_document_ids(ctx: Context) -> list[Finding]:
    """The package's DocumentId against its From, PromulgationDate and Code; the DocumentIds of
    answered (ResponseFor), revoked/updated (Bussiness) and replaced documents on their own or
    against the ResponseFor they sit in."""
    out: list[Finding] = []
    edoc = ctx.edoc
    if edoc is not None:
        h = edoc.header
        out.extend(check_document_id(
            h.document_id if h.document_id is not None else "",
            sender=h.from_.organ_id if h.from_ and present(h.from_.organ_id) else None,
            date=h.promulgation_info.date if h.promulgation_info and present(
                h.promulgation_info.date) else None,
            notation=h.code.full if h.code else None,
            location=ctx.loc(f"{H}/DocumentId")))
        b = edoc.business
        if b is not None and b.document_id is not None:
            out.extend(check_document_id(b.document_id, location=ctx.loc("Bussiness/DocumentId")))
        for i, rep in enumerate(b.replacements or () if b else (), start=1):
            out.extend(check_document_id(
                rep.document_id or "",
                location=ctx.loc(f"Bussiness/ReplacementInfoList/ReplacementInfo[{i}]/DocumentId")))
    for key, rf in _response_for_ids(ctx):
        if rf.document_id is None:
            continue  # the status rule (or the schema) reports a missing one
        out.extend(check_document_id(
            rf.document_id,
            sender=rf.organ_id if present(rf.organ_id) else None,
            date=rf.promulgation_date if present(rf.promulgation_date) else None,
            notation=rf.code if present(rf.code) else None,
            location=ctx.loc(f"{key}/DocumentId")))
        if present(rf.promulgation_date):
            out.extend(check_edxml_date(rf.promulgation_date,
                                        location=ctx.loc(f"{key}/PromulgationDate")))
    return out
