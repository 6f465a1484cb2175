"""Offline revocation checking against CRLs, for a certificate path already built and trusted.

For every certificate of the path below the anchor: a CRL from its issuer (same issuer name,
signature verified with the issuer's key) must be available; the certificate is revoked when a
CRL lists its serial number with a revocation date at or before the moment. A CRL issued after
the moment counts (revocation is not undone, so a later "not revoked" answer holds for the
moment); one whose validity ended before the moment is stale and does not count.

The online path (OCSP, fetching CRLs from the certificates' URLs) goes through
pyhanko-certvalidator in `pades`; this is the fast path for CRLs the caller supplies or the PDF
carries (about 1 ms per path instead of a second full path validation).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

_CRL_CACHE: dict[bytes, x509.CertificateRevocationList | None] = {}


def _load(der: bytes) -> x509.CertificateRevocationList | None:
    key = hashlib.sha256(der).digest()
    if key not in _CRL_CACHE:
        if len(_CRL_CACHE) > 512:
            _CRL_CACHE.clear()
        try:
            _CRL_CACHE[key] = x509.load_der_x509_crl(der)
        except ValueError:
            _CRL_CACHE[key] = None
    return _CRL_CACHE[key]


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
    certs = [x509.load_der_x509_certificate(c.dump()) for c in chain]
    by_subject = {c.subject.public_bytes(): c for c in certs}
    loaded = [c for c in (_load(d) for d in crls) if c is not None]
    moment = moment.astimezone(dt.UTC)
    checked = []
    for cert in certs:
        if cert.issuer == cert.subject:
            continue
        issuer = by_subject.get(cert.issuer.public_bytes())
        if issuer is None:
            return "unknown", f"issuer of '{cert.subject.rfc4514_string()}' not in the path"
        usable = [crl for crl in loaded if crl.issuer == cert.issuer and _signed_by(crl, issuer)
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
