"""The one adapter between the agent and the PDF/PKI pieces of the project that are still moving
(`conformance.fixtures_gen.pki`, `.documents`, `.signing`, `.scans`, `conformance.pdf.validate`).
Every call into them goes through this module, so a change of their API is mended here.

Producing documents:
* `main_document` — born-digital: the person signs the draft, the clerk fills number and date, the
  organisation signs with its seal (and, where the profile asks, on the urgency stamp);
* an appendix in its own file (`corner_document`, kind "attachment"), signed by the organisation
  at the top right of page 1 with the main document's số và ký hiệu;
* a digitised document (`corner_document`, kind "scan") — a paper original scanned (colour,
  200 dpi) and signed by the organisation at the top right;
* a copy (`corner_document` with kind "copy") — an electronic copy (bản sao y, sao lục or trích
  sao) signed by the copying organisation at the top right, its text naming the copy form.

Checking documents: `check_pdf` runs `validate_pdf` trusting the test PKI's root, or returns None
when the PDF validator is not available.

Signed documents are cached in memory by their inputs (same document, same bytes: the signing
fixtures are deterministic), which keeps test suites fast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from conformance.findings import Finding
from reference_axis.reference_qlvb.behaviour import Behaviour
from reference_axis.reference_qlvb.config import AgencyProfile, Person

MAX_CACHED = 64


@dataclass(frozen=True)
class SigningTimes:
    """When the person signs, the clerk fills number and date, the organisation signs (main
    seal, then the urgency stamp). Aware datetimes; the faulty variants make them UTC or naive."""

    person: dt.datetime
    fill: dt.datetime
    organisation: dt.datetime
    urgency: dt.datetime

    @classmethod
    def before(cls, moment: dt.datetime) -> SigningTimes:
        """A compliant flow that ends one minute before `moment` (when the package is sent)."""
        return cls(person=moment - dt.timedelta(minutes=4), fill=moment - dt.timedelta(minutes=3),
                   organisation=moment - dt.timedelta(minutes=2),
                   urgency=moment - dt.timedelta(minutes=1, seconds=30))

    def as_written(self, behaviour: Behaviour) -> SigningTimes:
        if behaviour.utc_timestamps:
            return SigningTimes(*(t.astimezone(dt.UTC) for t in self._all()))
        if behaviour.naive_timestamps:
            from conformance.timing.formats import VN_TZ

            return SigningTimes(*(t.astimezone(VN_TZ).replace(tzinfo=None) for t in self._all()))
        return self

    def _all(self) -> tuple[dt.datetime, ...]:
        return (self.person, self.fill, self.organisation, self.urgency)


# --- the project's pieces, imported lazily ------------------------------------------------------

def pki() -> Any:
    from conformance.fixtures_gen.pki import default_pki

    return default_pki()


def trust_roots() -> list[Any]:
    return list(pki().trust_roots)


def _cast(agency: AgencyProfile, signer: Person, behaviour: Behaviour) -> Any:
    from conformance.fixtures_gen.signing import Cast

    person = agency.clerk.staff if behaviour.wrong_signer_certificate else signer.full_name
    return Cast(person_name=person, person_agency=agency.name, organisation=agency.name,
                parent=agency.parent_name,
                org_variant="expired" if behaviour.expired_org_certificate else "good")


def _options(behaviour: Behaviour) -> Any:
    from conformance.fixtures_gen.signing import SignOptions

    return SignOptions(timestamp=not behaviour.no_signature_timestamp)


def _flow(times: SigningTimes) -> Any:
    from conformance.fixtures_gen.signing import FlowClock

    return FlowClock(person=times.person, fill=times.fill, organisation=times.organisation,
                     urgency=times.urgency)


def _spec(**kwargs: Any) -> Any:
    from conformance.fixtures_gen.documents import DocumentSpec

    return DocumentSpec(**kwargs)


# --- producing documents -----------------------------------------------------------------------

@dataclass(frozen=True)
class MainDocument:
    agency: AgencyProfile
    signer: Person
    number: str
    notation: str
    date: dt.date
    type_name: str | None  # None: công văn
    subject: str
    recipients: tuple[str, ...]  # the "Kính gửi" lines
    body: tuple[str, ...]
    urgency: str | None  # KHẨN | THƯỢNG KHẨN | HỎA TỐC
    profile: str
    times: SigningTimes
    behaviour: Behaviour


def main_document(doc: MainDocument) -> bytes:
    return _main_document(doc)


@lru_cache(maxsize=MAX_CACHED)
def _main_document(doc: MainDocument) -> bytes:
    from conformance.fixtures_gen.documents import make_document
    from conformance.fixtures_gen.signing import sign_main

    b = doc.behaviour
    spec_args: dict[str, Any] = dict(
        agency=doc.agency.header, parent=doc.agency.parent_header, notation=doc.notation,
        number=doc.number, place=doc.agency.place, date=doc.date, type_name=doc.type_name,
        subject=doc.subject, recipients=doc.recipients or ("Như nơi nhận",),
        noi_nhan=("- Như trên;", f"- Lưu: VT, {doc.agency.drafting_unit}."),
        authority=doc.signer.competence, title=doc.signer.title, signer=doc.signer.full_name,
        urgency=None if b.skip_urgency_stamp_signature else doc.urgency)
    if doc.body:
        spec_args["body"] = doc.body
    if b.unsigned_pdf:
        pdf, _ = make_document(_spec(**spec_args, number_as_fields=False))
        return bytes(pdf)
    spec = _spec(**spec_args)
    times = doc.times.as_written(b)
    seal_box = None
    if b.seal_not_over_signature:
        _, layout = make_document(spec)
        x0, y0, x1, y1 = layout.seal_rect
        shift = 200.0  # points to the left: the seal sits apart from the signature
        seal_box = (max(10.0, x0 - shift), y0, max(10.0, x0 - shift) + (x1 - x0), y1)
    signed = sign_main(pki(), profile_id=doc.profile, spec=spec,
                       cast=_cast(doc.agency, doc.signer, b), clock=_flow(times),
                       urgency=spec.urgency, person_options=_options(b), org_options=_options(b),
                       seal_box=seal_box, org_first=b.org_signs_before_person,
                       skip_org=b.skip_org_signature)
    return bytes(signed.pdf)


@dataclass(frozen=True)
class CornerDocument:
    """An appendix, a digitised document or a copy: one organisation signature top right."""

    kind: str  # "attachment" | "scan" | "copy"
    agency: AgencyProfile
    signer: Person
    code: str  # số và ký hiệu written in the signature text (attachment) or on the copy
    number: str
    notation: str
    date: dt.date
    title: str
    profile: str
    when: dt.datetime
    behaviour: Behaviour
    copy_form: str = "SAO Y"  # a copy: the form written in the signature (NĐ 30 Phụ lục I, I.3)


def corner_document(doc: CornerDocument) -> bytes:
    return _corner_document(doc)


@lru_cache(maxsize=MAX_CACHED)
def _corner_document(doc: CornerDocument) -> bytes:
    from conformance.fixtures_gen.documents import make_document
    from conformance.fixtures_gen.signing import sign_corner

    b = doc.behaviour
    if doc.kind == "scan":
        pdf = _scan(b.grey_scans_150dpi)
        _, layout = make_document(_spec(kind="copy", number_as_fields=False))
    else:
        spec = _spec(kind=doc.kind, number_as_fields=False, number=doc.number,
                     notation=doc.notation, date=doc.date, agency=doc.agency.header,
                     parent=doc.agency.parent_header, place=doc.agency.place, subject=doc.title)
        pdf, layout = make_document(spec)
    skip = b.unsigned_pdf or (doc.kind == "attachment" and b.unsigned_attachment)
    if skip:
        return bytes(pdf)
    when = SigningTimes(doc.when, doc.when, doc.when, doc.when).as_written(b).organisation
    signed = sign_corner(pki(), bytes(pdf), layout, role=doc.kind, profile_id=doc.profile,
                         notation=doc.code, cast=_cast(doc.agency, doc.signer, b), when=when,
                         options=_options(b), copy_form=doc.copy_form)
    return bytes(signed.pdf)


@lru_cache(maxsize=4)
def _scan(poor: bool) -> bytes:
    from conformance.fixtures_gen.scans import PageSpec, build_pdf

    spec = PageSpec(scan_dpi=150, colour="grey") if poor else PageSpec()
    return bytes(build_pdf([spec]))


# --- checking documents ------------------------------------------------------------------------

def pdf_checks_available() -> bool:
    try:
        import conformance.pdf.validate  # noqa: F401
    except ImportError:
        return False
    return True


def check_pdf(data: bytes, *, role: str, profile: str, package: Any = None,
              file: str | None = None) -> list[Finding] | None:
    """Findings of `validate_pdf` (trusting the test PKI's root, with its CRLs), or None when
    the PDF validator is not available."""
    try:
        from conformance.pdf.validate import validate_pdf
    except ImportError:
        return None
    p = pki()
    return validate_pdf(data, role=role, profile=profile, trust_roots=trust_roots(),
                        crls=p.crls_der(), package=package, file=file)
