"""One entry point for a signed PDF: `validate_pdf(data, role=…, profile=…, …) -> findings`.

Roles: `main` (a born-digital document: the person's and the organisation's signatures),
`attachment` (an attachment or appendix in its own file), `copy` (an electronic copy of a paper
document), `scan` (a digitised document; the scan-quality checks of `conformance.pdf.scan` run
too).

Order of work: read the file (TT41-PDF) → PAdES per signature (`pades`) → who signed
(`roles`) → position and appearance (`geometry`, `appearance`) → signing time (`time`) →
legal value (`legal_value`). The findings are filtered by the profile. Nothing here raises on
bad input: a truncated, encrypted or non-PDF file gives findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from conformance.findings import Finding, Location, Status, finding
from conformance.pdf import geometry, legal_value, pades, roles
from conformance.pdf import time as signing_time
from conformance.pdf.model import open_signed_pdf
from conformance.pdf.pades import TrustSettings, load_certificates
from conformance.profiles import Profile, load_profile

ROLES = ("main", "attachment", "copy", "scan")
DIRECTIONS = ("outgoing", "incoming")


def _profile(profile: Profile | str | None) -> Profile:
    if isinstance(profile, Profile):
        return profile
    return _shipped_or_file(profile or "nd30")


@lru_cache(maxsize=16)
def _shipped_or_file(name: str) -> Profile:
    """Profiles by ID or path, read once per process (a batch validates many files)."""
    return load_profile(name)


def trust_settings(trust_roots: Iterable[Any] | None, *, crls: Iterable[Any] | None = None,
                   ocsps: Iterable[bytes] | None = None, online: bool = False,
                   at: dt.datetime | None = None) -> TrustSettings:
    """TrustSettings from certificates in any form (asn1crypto, cryptography, PEM or DER bytes;
    self-signed ones become anchors, the others intermediates) and CRLs (DER/PEM bytes or
    cryptography objects)."""
    roots, others = load_certificates(trust_roots or [])
    crl_der: list[bytes] = []
    for crl in crls or []:
        if hasattr(crl, "public_bytes"):
            from cryptography.hazmat.primitives.serialization import Encoding

            crl_der.append(crl.public_bytes(Encoding.DER))
        elif isinstance(crl, bytes | bytearray):
            from asn1crypto import pem

            data = bytes(crl)
            if pem.detect(data):
                crl_der += [der for _, _, der in pem.unarmor(data, multiple=True)]
            else:
                crl_der.append(data)
    return TrustSettings(roots=roots, intermediates=others, crls=crl_der,
                         ocsps=list(ocsps or []), online=online, at=at)


def validate_pdf(data: bytes, *, role: str = "main", profile: Profile | str | None = None,
                 trust_roots: list | None = None, at: dt.datetime | None = None,
                 package: Any = None, file: str | None = None, crls: list | None = None,
                 ocsps: list[bytes] | None = None, online: bool = False,
                 trust: TrustSettings | None = None,
                 direction: str | None = None) -> list[Finding]:
    """Validate one signed PDF. `trust_roots`: the anchors (and intermediates); `crls` /
    `ocsps`: revocation material (else only what the PDF carries, or fetched when `online`);
    `at`: validation moment (default: each signature's timestamp or /M); `package`: an
    `EdocPackage`, edXML bytes or `roles.PackageFacts` to cross-check signer and sender;
    `direction` (role scan): "outgoing" (the sender digitised its paper document, LC2019-9.3a/b)
    or "incoming" (the receiver digitised a paper document it got, LC2019-8.1a/b); unset, the
    scan-quality findings are reported under both and the signature under LC2019-9.3b."""
    prof = _profile(profile)
    try:
        return prof.apply(_validate(data, role, prof, trust or trust_settings(
            trust_roots, crls=crls, ocsps=ocsps, online=online, at=at), package, file,
            direction))
    except Exception as exc:  # a bug must not take the run down: report it on the file
        return prof.apply([finding(
            "TT41-PDF", Status.INCONCLUSIVE,
            f"Lỗi nội bộ khi kiểm tra tệp PDF: {type(exc).__name__}",
            f"Internal error while checking the PDF: {type(exc).__name__}: {exc}",
            expected="kiểm tra hoàn tất / a completed check", found=str(exc)[:300],
            location=Location(file=file))])


def _validate(data: bytes, role: str, profile: Profile, trust: TrustSettings, package: Any,
              file: str | None, direction: str | None = None) -> list[Finding]:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    if direction is not None and direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}")
    findings: list[Finding] = []
    if role == "scan":
        findings += _scan_checks(data, profile, file, direction)
    doc, problems = open_signed_pdf(data, file=file)
    if doc is None:
        return findings + problems
    try:
        facts = roles.package_facts(package)
        pades.validate_signatures(doc, trust)
        findings += pades.run_checks(doc)
        roles.classify(doc, facts)
        findings += roles.run_checks(doc, role, facts)
        findings += geometry.run_checks(doc, role, profile, facts, direction)
        findings += signing_time.run_checks(doc)
        signed = bool(doc.document_signatures)
        findings += legal_value.check_legal_value(findings, signed=signed, role=role, file=file)
        return findings
    finally:
        doc.close()


def _scan_checks(data: bytes, profile: Profile, file: str | None,
                 direction: str | None) -> list[Finding]:
    try:
        from conformance.pdf import scan
    except ImportError:  # pragma: no cover - the scan checks ship separately
        return []
    rules = {"incoming": ("ND30-PL1-SOHOA", "LC2019-8.1a"),
             "outgoing": ("ND30-PL1-SOHOA", "LC2019-9.3a")}.get(direction or "",
                                                                 scan.SCAN_RULES)
    return scan.check_scan(data, profile=profile, file=file, rule_ids=rules)
