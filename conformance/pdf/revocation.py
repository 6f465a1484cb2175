"""Offline revocation checking against CRLs, for a certificate path already built and trusted.

For every certificate of the path below the anchor: a CRL from its issuer (same issuer name,
signature verified with the issuer's key) must be available; the certificate is revoked when a
CRL lists its serial number with a revocation date at or before the moment. A CRL issued after
the moment counts (revocation is not undone, so a later "not revoked" answer holds for the
moment); one whose validity ended before the moment is stale and does not count.

The online path (OCSP, fetching CRLs from the certificates' URLs) goes through
pyhanko-certvalidator in `pades`; this is the fast path for CRLs the caller supplies or the PDF
carries (about 1 ms per path instead of a second full path validation).

`cms_revocation_info` reads what a CMS signature carries itself besides the PDF's DSS: the
SignedData `crls` field (CRLs, and OCSP responses as `id-ri-ocsp-response` other revocation
info, RFC 5940) and Adobe's signed attribute `adbe-revocationInfoArchival` (the form of
adbe.pkcs7.detached signatures, ISO 32000-2 §12.8.3.3.2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

_CRL_CACHE: dict[bytes, x509.CertificateRevocationList | None] = {}
#: (SHA-256 of the CRL, DER of the issuer certificate) → whether the issuer signed the CRL: the
#: same few CRLs and CAs for every document of a batch, and a pure function of the two
_SIGNED_BY_CACHE: dict[tuple[bytes, bytes], bool] = {}
_CACHE_LIMIT = 512


def _digest(der: bytes) -> bytes:
    return hashlib.sha256(der).digest()


def _load(der: bytes, key: bytes | None = None) -> x509.CertificateRevocationList | None:
    key = key or _digest(der)
    if key not in _CRL_CACHE:
        if len(_CRL_CACHE) > _CACHE_LIMIT:
            _CRL_CACHE.clear()
        try:
            _CRL_CACHE[key] = x509.load_der_x509_crl(der)
        except ValueError:
            _CRL_CACHE[key] = None
    return _CRL_CACHE[key]


def _signed_by_cached(crl_key: bytes, crl: x509.CertificateRevocationList, issuer_der: bytes,
                      issuer: x509.Certificate) -> bool:
    key = (crl_key, issuer_der)
    verdict = _SIGNED_BY_CACHE.get(key)
    if verdict is None:
        if len(_SIGNED_BY_CACHE) > _CACHE_LIMIT:
            _SIGNED_BY_CACHE.clear()
        verdict = _SIGNED_BY_CACHE[key] = _signed_by(crl, issuer)
    return verdict


def _items(value: Any) -> list[Any]:
    """The elements of an optional SET OF / SEQUENCE OF (an absent one is asn1crypto's Void)."""
    try:
        return list(value) if value is not None and value.contents is not None else []
    except Exception:
        return []


def cms_revocation_info(signed_data: Any, signer_info: Any) -> tuple[list[bytes], list[bytes]]:
    """(CRLs, OCSP responses), DER, that a CMS signature embeds (see the module docstring).
    Never raises: what cannot be read is left out."""
    crls: list[bytes] = []
    ocsps: list[bytes] = []
    try:
        choices = _items(signed_data["crls"])
    except Exception:
        choices = []
    for choice in choices:
        try:
            if choice.name == "crl":
                crls.append(choice.chosen.dump())
            elif choice.name == "other" and \
                    choice.chosen["other_rev_info_format"].native == "ocsp_response":
                ocsps.append(choice.chosen["other_rev_info"].dump())
        except Exception:
            continue
    try:
        attributes = _items(signer_info["signed_attrs"])
    except Exception:
        attributes = []
    for attribute in attributes:
        try:
            if attribute["type"].native != "adobe_revocation_info_archival":
                continue
            for archival in _items(attribute["values"]):
                crls += [crl.dump() for crl in _items(archival["crl"])]
                ocsps += [response.dump() for response in _items(archival["ocsp"])]
        except Exception:
            continue
    return crls, ocsps


def _signed_by(crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
    key = issuer.public_key()
    if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        return False
    try:
        return crl.is_signature_valid(key)
    except Exception:
        try:  # an algorithm cryptography will not verify through the CRL API (e.g. SHA-1)
            if isinstance(key, rsa.RSAPublicKey) and crl.signature_hash_algorithm is not None:
                key.verify(crl.signature, crl.tbs_certlist_bytes, padding.PKCS1v15(),
                           crl.signature_hash_algorithm)
                return True
        except Exception:
            return False
    return False


def check_chain_with_crls(chain: Iterable[asn1_x509.Certificate], crls: Iterable[bytes],
                          moment: dt.datetime) -> tuple[str, str]:
    """("good" | "revoked" | "unknown", detail) for a path given leaf → anchor (any order
    accepted; self-signed anchors are not checked)."""
    ders = [c.dump() for c in chain]
    certs = [x509.load_der_x509_certificate(der) for der in ders]
    by_subject = {c.subject.public_bytes(): (c, der) for c, der in zip(certs, ders, strict=True)}
    keyed = [(key, _load(d, key)) for key, d in ((_digest(d), d) for d in crls)]
    loaded = [(key, crl) for key, crl in keyed if crl is not None]
    moment = moment.astimezone(dt.UTC)
    checked = []
    for cert in certs:
        if cert.issuer == cert.subject:
            continue
        found = by_subject.get(cert.issuer.public_bytes())
        if found is None:
            return "unknown", f"issuer of '{cert.subject.rfc4514_string()}' not in the path"
        issuer, issuer_der = found
        usable = [crl for key, crl in loaded if crl.issuer == cert.issuer
                  and _signed_by_cached(key, crl, issuer_der, issuer)
                  and (crl.next_update_utc is None or crl.next_update_utc >= moment
                       or crl.last_update_utc >= moment)]
        if not usable:
            return "unknown", f"no usable CRL from '{cert.issuer.rfc4514_string()}'"
        for crl in usable:
            entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
            if entry is not None and entry.revocation_date_utc <= moment:
                return "revoked", (f"'{cert.subject.rfc4514_string()}' revoked on "
                                   f"{entry.revocation_date_utc.isoformat()} (CRL of "
                                   f"{crl.last_update_utc.date().isoformat()})")
        checked.append(cert.subject.rfc4514_string())
    return "good", "CRL: " + "; ".join(checked)
