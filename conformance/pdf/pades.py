"""PAdES checks: each signature intact and valid, trusted at the signing moment, not revoked,
with an allowed key usage and algorithms; the last signature covers the file; between two
signatures only the allowed changes.

The validation moment is the signature's timestamp (RFC 3161 genTime) when it has one, else
its claimed signing time /M, or the moment the caller fixes (`at`) — never "now".

Trust and revocation are judged in two steps so that each rule answers one question:
1. pyhanko validates the CMS and the chain to the trust anchors (revocation soft-fail, no
   fetching unless online, every algorithm accepted, no key-usage constraint): QD28-6.1
   (intact, valid) and LC2019-6.1a (chain to an anchor). When the signing moment falls outside
   the signer certificate's validity the chain is judged at the nearest moment inside it and
   the validity itself is TT41-CERT-VALIDITY's business.
2. The signer's certificate path is validated again with revocation required, using the CRLs
   and OCSP responses given, those stored in the PDF's DSS or embedded in the signature's CMS
   (`revocation.cms_revocation_info`) and (online) fetched from the certificates' URLs:
   good / revoked / could not check (TT41-REVOCATION; could-not-check is an inconclusive
   warning, never a pass).

Algorithm policy (TT41-ALGORITHM) and key usage (TT41-KEY-USAGE) are checked here, not by
pyhanko, so that a SHA-1 certificate or a wrong key usage fails exactly its rule.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import x509 as asn1_x509

from conformance.checks import covers
from conformance.findings import Finding, Severity, Status, finding
from conformance.pdf.model import DOC_TIMESTAMP, PADES, PKCS7, SignatureInfo, SignedPdf

STRONG_HASHES = {"sha256", "sha384", "sha512", "sha512_224", "sha512_256", "sha3_224",
                 "sha3_256", "sha3_384", "sha3_512", "shake128", "shake256"}
MIN_RSA_BITS = 2048
MIN_EC_BITS = 256


@dataclass
class TrustSettings:
    """Trust anchors and revocation material for a validation run."""

    roots: list[asn1_x509.Certificate] = field(default_factory=list)
    intermediates: list[asn1_x509.Certificate] = field(default_factory=list)
    crls: list[bytes] = field(default_factory=list)
    ocsps: list[bytes] = field(default_factory=list)
    online: bool = False
    at: dt.datetime | None = None


def load_certificates(items: Iterable[Any]) -> tuple[list[asn1_x509.Certificate],
                                                      list[asn1_x509.Certificate]]:
    """Split certificates (asn1crypto, cryptography, DER or PEM bytes) into self-signed roots
    and the others (intermediates)."""
    from asn1crypto import pem

    roots, others = [], []
    for item in items:
        certs: list[asn1_x509.Certificate] = []
        if isinstance(item, asn1_x509.Certificate):
            certs = [item]
        elif hasattr(item, "public_bytes"):  # cryptography
            from cryptography.hazmat.primitives.serialization import Encoding

            certs = [asn1_x509.Certificate.load(item.public_bytes(Encoding.DER))]
        elif isinstance(item, bytes | bytearray):
            data = bytes(item)
            if pem.detect(data):
                certs = [asn1_x509.Certificate.load(der) for kind, _, der in
                         pem.unarmor(data, multiple=True) if kind == "CERTIFICATE"]
            else:
                certs = [asn1_x509.Certificate.load(data)]
        for cert in certs:
            (roots if cert.self_signed in ("maybe", "yes") else others).append(cert)
    return roots, others


# --- running pyhanko -----------------------------------------------------------------------------


def _permissive():
    from pyhanko.sign.validation.utils import CMSAlgorithmUsagePolicy
    from pyhanko_certvalidator.policy_decl import AcceptAllAlgorithms

    return AcceptAllAlgorithms(), CMSAlgorithmUsagePolicy.lift_policy(AcceptAllAlgorithms())


def signing_moment(sig: SignatureInfo, at: dt.datetime | None) -> tuple[dt.datetime | None, str]:
    if at is not None:
        return at, "at"
    if sig.tst_time is not None:
        return sig.tst_time, "timestamp"
    if sig.m_time is not None and sig.m_time.tzinfo is not None:
        return sig.m_time, "/M"
    return None, "none"


def _clamp(moment: dt.datetime, cert: asn1_x509.Certificate | None) -> dt.datetime:
    if cert is None:
        return moment
    try:
        nb = cert["tbs_certificate"]["validity"]["not_before"].native
        na = cert["tbs_certificate"]["validity"]["not_after"].native
    except Exception:
        return moment
    if moment < nb:
        return nb + dt.timedelta(seconds=1)
    if moment > na:
        return na - dt.timedelta(seconds=1)
    return moment


def _dss_revinfo(doc: SignedPdf) -> tuple[list[bytes], list[bytes]]:
    try:
        from pyhanko.sign.validation.dss import DocumentSecurityStore

        dss = DocumentSecurityStore.read_dss(doc.reader)
    except Exception:
        return [], []
    crls, ocsps = [], []
    try:
        crls = [c.dump() for c in dss.crls.values()] if isinstance(dss.crls, dict) else []
        ocsps = [o.dump() for o in dss.ocsps.values()] if isinstance(dss.ocsps, dict) else []
    except Exception:
        pass
    return crls, ocsps


def validate_signatures(doc: SignedPdf, trust: TrustSettings) -> None:
    """Fill in each signature's pyhanko status and revocation result (in place)."""
    from pyhanko.sign.validation import KeyUsageConstraints
    from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    cert_policy, cms_policy = _permissive()
    dss_crls, dss_ocsps = _dss_revinfo(doc)
    sigs = doc.signatures
    last = sigs[-1] if sigs else None

    async def run() -> None:
        backend = None
        if trust.online:
            from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend

            backend = AIOHttpFetcherBackend(per_request_timeout=10)
        try:
            await each(backend)
        finally:
            if backend is not None:
                await backend.close()

    async def each(backend) -> None:
        for sig in sigs:
            if sig.is_doc_timestamp:
                continue
            moment, source = signing_moment(sig, trust.at)
            sig.moment_source = source
            if moment is None:
                sig.status_error = "no signing moment"
            chain_moment = _clamp(moment, sig.signer_cert) if moment else None
            sig.trust_moment = moment

            def context(when: dt.datetime | None) -> ValidationContext:
                return ValidationContext(
                    trust_roots=list(trust.roots), other_certs=trust.intermediates,
                    moment=when, allow_fetching=trust.online, revocation_mode="soft-fail",
                    algorithm_usage_policy=cert_policy, retroactive_revinfo=True,
                    fetcher_backend=backend)

            if not trust.roots:
                sig.status_error = sig.status_error or "no trust anchors"
            try:
                ts_moment = sig.tst_time or chain_moment
                sig.status = await async_validate_pdf_signature(
                    sig.embedded, signer_validation_context=context(chain_moment),
                    ts_validation_context=context(ts_moment),
                    key_usage_settings=KeyUsageConstraints(key_usage=set()),
                    skip_diff=sig is not last, algorithm_policy=cms_policy)
            except Exception as exc:
                sig.status_error = f"{type(exc).__name__}: {str(exc)[:200]}"
                continue
            if getattr(sig.status, "revoked", False):
                sig.revocation, sig.revocation_detail = "revoked", "revoked (CRL/OCSP)"
            elif sig.status.trusted and moment is not None and chain_moment == moment:
                await _revocation(sig, trust, moment, dss_crls, dss_ocsps, cert_policy, backend)
            tsa = _tsa_revocation(sig, trust, dss_crls)
            if tsa is not None:
                sig.extra["tsa_revocation"] = tsa

    asyncio.run(run()) if not _loop_running() else _run_in_thread(run)


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
        return True
    except RuntimeError:
        return False


def _run_in_thread(factory) -> None:
    import threading

    box: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(factory())
        except BaseException as exc:  # pragma: no cover
            box.append(exc)

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if box:  # pragma: no cover
        raise box[0]


def _cms_revinfo(sig: SignatureInfo) -> tuple[list[bytes], list[bytes]]:
    """The CRLs and OCSP responses the signature's CMS carries, read once per signature."""
    if "cms_revinfo" not in sig.extra:
        from conformance.pdf.revocation import cms_revocation_info

        sig.extra["cms_revinfo"] = cms_revocation_info(sig.embedded.signed_data,
                                                       sig.embedded.signer_info)
    return sig.extra["cms_revinfo"]


def _tsa_revocation(sig: SignatureInfo, trust: TrustSettings, dss_crls: list[bytes]
                    ) -> tuple[str, str] | None:
    """The TSA's certificate path (as pyhanko trusted it) checked against the CRLs at hand —
    given, in the DSS or in the signature's CMS — at the timestamp's genTime: ("good" |
    "revoked" | "unknown", detail), or None when there is no trusted timestamp or no CRL.
    Offline CRLs only (OCSP and fetching are not used for the TSA)."""
    tsv = getattr(sig.status, "timestamp_validity", None)
    path = getattr(tsv, "validation_path", None)
    if tsv is None or not tsv.trusted or path is None:
        return None
    from conformance.pdf.revocation import check_chain_with_crls

    try:
        crls = list(trust.crls) + dss_crls + _cms_revinfo(sig)[0]
        if not crls:
            return None
        return check_chain_with_crls(list(path.iter_certs(include_root=True)), crls,
                                     tsv.timestamp)
    except Exception:
        return None


async def _revocation(sig: SignatureInfo, trust: TrustSettings, moment: dt.datetime,
                      dss_crls: list[bytes], dss_ocsps: list[bytes], cert_policy,
                      backend=None) -> None:
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.errors import (
        InsufficientRevinfoError,
        RevokedError,
    )

    cms_crls, cms_ocsps = _cms_revinfo(sig)
    crls = list(trust.crls) + dss_crls + cms_crls
    ocsps = list(trust.ocsps) + dss_ocsps + cms_ocsps
    if not crls and not ocsps and not trust.online:
        sig.revocation = "unknown"
        sig.revocation_detail = "no CRL or OCSP response available (offline)"
        return
    if crls and not trust.online:
        from conformance.pdf.revocation import check_chain_with_crls

        verdict, detail = check_chain_with_crls(_chain(sig), crls, moment)
        if verdict != "unknown" or not ocsps:
            sig.revocation, sig.revocation_detail = verdict, detail
            return
    embedded = []
    with contextlib.suppress(Exception):
        embedded = list(sig.embedded.other_embedded_certs)
    vc = ValidationContext(
        trust_roots=trust.roots, other_certs=list(trust.intermediates) + embedded,
        moment=moment, allow_fetching=trust.online, crls=crls, ocsps=ocsps,
        revocation_mode="require", algorithm_usage_policy=cert_policy,
        retroactive_revinfo=True, fetcher_backend=backend)
    validator = CertificateValidator(sig.signer_cert, intermediate_certs=embedded,
                                     validation_context=vc)
    try:
        await validator.async_validate_usage(set())
        sig.revocation = "good"
        sig.revocation_detail = "CRL/OCSP"
    except RevokedError as exc:
        sig.revocation = "revoked"
        sig.revocation_detail = str(exc)[:300]
    except InsufficientRevinfoError as exc:
        sig.revocation = "unknown"
        sig.revocation_detail = str(exc)[:300]
    except Exception as exc:
        sig.revocation = "unknown"
        sig.revocation_detail = f"{type(exc).__name__}: {str(exc)[:300]}"


# --- the checks --------------------------------------------------------------------------------


def _skip(sig: SignatureInfo) -> bool:
    """Checks that need a cryptographically sound signature skip the others."""
    return sig.is_doc_timestamp or not sig.intact_and_valid


@covers("TT41-PDF")
def check_signed(doc: SignedPdf) -> list[Finding]:
    """The file could be read (reported by open_signed_pdf when it could not)."""
    return [finding("TT41-PDF", Status.PASS, "Tệp PDF đọc được", "The PDF is readable",
                    expected="PDF", found=f"{len(doc.page_sizes)} trang / pages, "
                    f"{len(doc.signatures)} chữ ký / signatures",
                    location=doc.location())]


@covers("QD28-6.1")
def check_integrity(doc: SignedPdf, sig: SignatureInfo) -> list[Finding]:
    """The signature is intact (digest of the signed byte range) and valid (CMS signature)."""
    loc = sig.location(doc.file)
    st = sig.status
    if st is None:
        return [finding("QD28-6.1", Status.FAIL,
                        f"Không kiểm tra được chữ ký '{sig.field}': {sig.status_error}",
                        f"Signature '{sig.field}' could not be checked: {sig.status_error}",
                        expected="chữ ký toàn vẹn, hợp lệ / intact and valid signature",
                        found=sig.status_error, location=loc)]
    if st.intact and st.valid:
        return [finding("QD28-6.1", Status.PASS,
                        f"Chữ ký '{sig.field}' toàn vẹn và hợp lệ về mật mã",
                        f"Signature '{sig.field}' is intact and cryptographically valid",
                        expected="intact, valid", found="intact, valid", location=loc,
                        evidence={"byte_range": [int(x) for x in sig.embedded.byte_range]})]
    what = "đã bị thay đổi sau khi ký (giá trị băm không khớp)" if not st.intact else \
        "giá trị chữ ký không hợp lệ"
    what_en = "was changed after signing (digest mismatch)" if not st.intact else \
        "has an invalid signature value"
    return [finding("QD28-6.1", Status.FAIL, f"Chữ ký '{sig.field}': nội dung {what}",
                    f"Signature '{sig.field}': the content {what_en}",
                    expected="intact, valid",
                    found=f"intact={st.intact}, valid={st.valid}", location=loc)]


@covers("LC2019-6.1d")
def check_format(doc: SignedPdf, sig: SignatureInfo) -> list[Finding]:
    """SubFilter: ETSI.CAdES.detached (PAdES) or adbe.pkcs7.detached (CMS), reported."""
    loc = sig.location(doc.file)
    sub = sig.subfilter or "(none)"
    if sub in (PADES, PKCS7, DOC_TIMESTAMP):
        kind = "PAdES (ETSI.CAdES.detached)" if sub == PADES else (
            "CMS (adbe.pkcs7.detached)" if sub == PKCS7 else "dấu thời gian tài liệu / document "
                                                             "timestamp")
        return [finding("LC2019-6.1d", Status.PASS, f"Định dạng chữ ký '{sig.field}': {kind}",
                        f"Signature format of '{sig.field}': {kind}",
                        expected=f"{PADES} | {PKCS7}", found=sub, location=loc,
                        evidence={"subfilter": sub})]
    return [finding("LC2019-6.1d", Status.FAIL,
                    f"Định dạng chữ ký '{sig.field}' không theo PAdES/CMS: {sub}",
                    f"Signature '{sig.field}' is neither PAdES nor CMS: {sub}",
                    expected=f"{PADES} | {PKCS7}", found=sub, location=loc)]


def _chain(sig: SignatureInfo) -> list[asn1_x509.Certificate]:
    st = sig.status
    try:
        path = st.validation_path
        if path is not None:
            return list(path.iter_certs(include_root=True))
    except Exception:
        pass
    return [sig.signer_cert] if sig.signer_cert is not None else []


def _names(certs: list[asn1_x509.Certificate]) -> str:
    return " → ".join(c.subject.human_friendly for c in certs)


@covers("LC2019-6.1a")
def check_trust(doc: SignedPdf, sig: SignatureInfo) -> list[Finding]:
    """The signer's certificate chains to a configured trust anchor at the signing moment."""
    if _skip(sig):
        return []
    loc = sig.location(doc.file)
    st = sig.status
    anchors = "neo tin cậy đã cấu hình / a configured trust anchor"
    if st.trusted or getattr(st, "revoked", False):
        chain = _chain(sig)
        return [finding("LC2019-6.1a", Status.PASS,
                        f"Chứng thư ký '{sig.field}' được xác thực tới neo tin cậy",
                        f"The certificate of '{sig.field}' chains to a trust anchor",
                        expected=anchors, found=_names(list(reversed(chain))), location=loc,
                        evidence={"moment": str(sig.trust_moment),
                                  "moment_source": sig.moment_source})]
    if sig.status_error == "no trust anchors":
        return [finding("LC2019-6.1a", Status.INCONCLUSIVE,
                        "Chưa cấu hình neo tin cậy (--trust): không xác định được chuỗi chứng thư",
                        "No trust anchor configured (--trust): the chain cannot be judged",
                        expected=anchors, found="không có / none", location=loc)]
    problem = str(getattr(st, "trust_problem_indic", "") or "")
    return [finding("LC2019-6.1a", Status.FAIL,
                    f"Chứng thư ký '{sig.field}' không xác thực được tới neo tin cậy "
                    f"(tổ chức cấp: {sig.signer_cert.issuer.human_friendly})",
                    f"The certificate of '{sig.field}' does not chain to a trust anchor "
                    f"(issuer: {sig.signer_cert.issuer.human_friendly})",
                    expected=anchors, found=problem or "untrusted", location=loc)]


@covers("TT41-CERT-VALIDITY")
def check_validity_period(doc: SignedPdf, sig: SignatureInfo) -> list[Finding]:
    """The signing moment lies inside the signer certificate's validity."""
    if _skip(sig) or sig.signer_cert is None:
        return []
    loc = sig.location(doc.file)
    moment = sig.trust_moment
    validity = sig.signer_cert["tbs_certificate"]["validity"]
    nb, na = validity["not_before"].native, validity["not_after"].native
    expected = f"{nb.isoformat()} … {na.isoformat()}"
    if moment is None:
        return [finding("TT41-CERT-VALIDITY", Status.INCONCLUSIVE,
                        f"Chữ ký '{sig.field}' không có thời gian ký hay dấu thời gian",
                        f"Signature '{sig.field}' has neither a signing time nor a timestamp",
                        expected=expected, found="—", location=loc)]
    found = f"{moment.isoformat()} ({sig.moment_source})"
    if nb <= moment <= na:
        return [finding("TT41-CERT-VALIDITY", Status.PASS,
                        "Chứng thư số còn hiệu lực tại thời điểm ký",
                        "The certificate was valid at the signing moment",
                        expected=expected, found=found, location=loc)]
    vi = "đã hết hạn" if moment > na else "chưa có hiệu lực"
    en = "had expired" if moment > na else "was not yet valid"
    return [finding("TT41-CERT-VALIDITY", Status.FAIL,
                    f"Chứng thư số của '{sig.field}' {vi} tại thời điểm ký",
                    f"The certificate of '{sig.field}' {en} at the signing moment",
                    expected=expected, found=found, location=loc)]


@covers("TT41-REVOCATION")
def check_revocation(doc: SignedPdf, sig: SignatureInfo) -> list[Finding]:
    """Not revoked at the signing moment; could not check → inconclusive warning."""
    if _skip(sig) or sig.revocation is None:
        return []
    loc = sig.location(doc.file)
    expected = "không bị thu hồi tại thời điểm ký / not revoked at the signing moment"
    if sig.revocation == "good":
        return [finding("TT41-REVOCATION", Status.PASS,
                        "Chứng thư số không bị thu hồi tại thời điểm ký (đã kiểm tra CRL/OCSP)",
                        "The certificate was not revoked at the signing moment (CRL/OCSP "
                        "checked)", expected=expected, found="good", location=loc)]
    if sig.revocation == "revoked":
        return [finding("TT41-REVOCATION", Status.FAIL,
                        f"Chứng thư số của '{sig.field}' đã bị thu hồi trước thời điểm ký",
                        f"The certificate of '{sig.field}' was revoked before the signing moment",
                        expected=expected, found=sig.revocation_detail, location=loc)]
    return [finding("TT41-REVOCATION", Status.INCONCLUSIVE,
                    "Không kiểm tra được trạng thái thu hồi (không có CRL/OCSP phù hợp)",
                    "The revocation status could not be checked (no suitable CRL/OCSP)",
                    expected=expected, found=sig.revocation_detail, location=loc,
                    severity=Severity.WARNING)]


@covers("TT41-KEY-USAGE")
def check_key_usage(doc: SignedPdf, sig: SignatureInfo) -> list[Finding]:
    if _skip(sig) or sig.signer_cert is None:
        return []
    loc = sig.location(doc.file)
    usage = sig.signer_cert.key_usage_value
    values = set(usage.native) if usage is not None else set()
    expected = "digital_signature | non_repudiation"
    if usage is None or values & {"digital_signature", "non_repudiation"}:
        note = "" if usage is not None else " (không có phần mở rộng Key Usage / no extension)"
        return [finding("TT41-KEY-USAGE", Status.PASS,
                        "Mục đích sử dụng khóa cho phép ký" + note,
                        "The key usage allows signing" + note, expected=expected,
                        found=", ".join(sorted(values)) or "—", location=loc)]
    return [finding("TT41-KEY-USAGE", Status.FAIL,
                    f"Chứng thư số của '{sig.field}' không có mục đích ký (digitalSignature, "
                    "nonRepudiation)",
                    f"The certificate of '{sig.field}' is not for signing (no digitalSignature "
                    "or nonRepudiation)", expected=expected,
                    found=", ".join(sorted(values)), location=loc)]


def _key_problem(cert: asn1_x509.Certificate) -> str | None:
    algo = cert.public_key.algorithm
    bits = cert.public_key.bit_size
    if algo == "rsa" and bits < MIN_RSA_BITS:
        return f"RSA {bits} bit"
    if algo == "ec" and bits < MIN_EC_BITS:
        return f"ECDSA {bits} bit"
    if algo == "dsa":
        return f"DSA {bits} bit"
    return None


@covers("TT41-ALGORITHM", "TT41-RSA-PADDING")
def check_algorithms(doc: SignedPdf, sig: SignatureInfo) -> list[Finding]:
    """Digest and signature algorithms of the signature and the chain; key sizes."""
    if _skip(sig) or sig.signer_cert is None:
        return []
    loc = sig.location(doc.file)
    problems: list[str] = []
    digest = sig.embedded.md_algorithm
    if digest not in STRONG_HASHES:
        problems.append(f"băm chữ ký / signature digest {digest}")
    try:
        sig_algo = sig.embedded.signer_info["signature_algorithm"]
        mech = sig_algo.signature_algo
        try:
            h = sig_algo.hash_algo
        except Exception:
            h = digest
        if h not in STRONG_HASHES:
            problems.append(f"thuật toán ký / signature algorithm {sig_algo['algorithm'].native}")
    except Exception:
        mech = "?"
    for cert in _chain(sig):
        if cert.self_signed in ("maybe", "yes"):
            continue  # a trust anchor's self-signature is not relied upon
        try:
            h = cert["signature_algorithm"].hash_algo
        except Exception:
            h = "?"
        if h not in STRONG_HASHES:
            problems.append(f"chứng thư / certificate '{cert.subject.human_friendly}' ký bằng / "
                            f"signed with {cert['signature_algorithm']['algorithm'].native}")
    for cert in _chain(sig):
        bad = _key_problem(cert)
        if bad:
            problems.append(f"khóa / key of '{cert.subject.human_friendly}': {bad}")
    key = f"{sig.signer_cert.public_key.algorithm.upper()} {sig.signer_cert.public_key.bit_size}"
    out: list[Finding] = []
    expected = "SHA-256+, RSA ≥ 2048, ECDSA ≥ 256"
    if problems:
        out.append(finding("TT41-ALGORITHM", Status.FAIL,
                           "Thuật toán hoặc độ dài khóa không đạt: " + "; ".join(problems),
                           "Algorithm or key size not allowed: " + "; ".join(problems),
                           expected=expected, found="; ".join(problems), location=loc))
    else:
        out.append(finding("TT41-ALGORITHM", Status.PASS,
                           f"Thuật toán đạt yêu cầu ({digest}, {mech}, {key})",
                           f"Algorithms acceptable ({digest}, {mech}, {key})",
                           expected=expected, found=f"{digest}, {mech}, {key}", location=loc))
    if mech == "rsassa_pkcs1v15":
        out.append(finding("TT41-RSA-PADDING", Status.PASS,
                           "Chữ ký RSA PKCS#1 v1.5: được chấp nhận (TT 15/2025 nêu RSASSA-PSS)",
                           "RSA PKCS#1 v1.5 signature: accepted (TT 15/2025 names RSASSA-PSS)",
                           expected="RSASSA-PSS (PKCS#1 v1.5 accepted)",
                           found="rsassa_pkcs1v15", location=loc, severity=Severity.INFO))
    return out


@covers("TT41-TIMESTAMP")
def check_timestamp(doc: SignedPdf, sig: SignatureInfo) -> list[Finding]:
    if _skip(sig):
        return []
    loc = sig.location(doc.file)
    tsv = getattr(sig.status, "timestamp_validity", None)
    if tsv is None:
        return [finding("TT41-TIMESTAMP", Status.FAIL,
                        f"Chữ ký '{sig.field}' không có dấu thời gian",
                        f"Signature '{sig.field}' has no timestamp",
                        expected="RFC 3161 signature timestamp", found="—", location=loc,
                        severity=Severity.WARNING)]
    ok = tsv.intact and tsv.valid and (tsv.trusted or not doc_has_roots(sig))
    found = f"{tsv.timestamp.isoformat()} (intact={tsv.intact}, valid={tsv.valid}, " \
            f"trusted={tsv.trusted})"
    tsa = sig.extra.get("tsa_revocation")
    if ok and tsa is not None and tsa[0] == "revoked":
        return [finding("TT41-TIMESTAMP", Status.FAIL,
                        f"Chứng thư của đơn vị cấp dấu thời gian cho chữ ký '{sig.field}' đã bị "
                        "thu hồi trước thời điểm cấp dấu",
                        f"The certificate of the TSA that timestamped '{sig.field}' was revoked "
                        "before the timestamp", expected="valid, trusted, TSA not revoked",
                        found=f"{found}; {tsa[1]}", location=loc)]
    if ok:
        return [finding("TT41-TIMESTAMP", Status.PASS, "Dấu thời gian hợp lệ",
                        "The timestamp is valid", expected="valid, trusted", found=found,
                        location=loc)]
    return [finding("TT41-TIMESTAMP", Status.FAIL,
                    f"Dấu thời gian của chữ ký '{sig.field}' không hợp lệ hoặc không tin cậy",
                    f"The timestamp of '{sig.field}' is invalid or untrusted",
                    expected="valid, trusted", found=found, location=loc)]


def doc_has_roots(sig: SignatureInfo) -> bool:
    return sig.status_error != "no trust anchors"


def _diff(doc: SignedPdf, base: int, upto: int, doc_mdp: Any = None
          ) -> tuple[Any, set[str], str | None]:
    """Modification level from revision `base` to revision `upto`, compared in one step (an
    intermediate change that a later revision undoes leaves nothing to judge)."""
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel
    from pyhanko.sign.diff_analysis.policy_api import SuspiciousModification

    reader = doc.reader
    try:
        result = DEFAULT_DIFF_POLICY.apply(reader.get_historical_resolver(base),
                                           reader.get_historical_resolver(upto),
                                           doc_mdp=doc_mdp)
    except SuspiciousModification as exc:
        return ModificationLevel.OTHER, set(), str(exc)[:300]
    except Exception as exc:
        return ModificationLevel.OTHER, set(), f"{type(exc).__name__}: {str(exc)[:200]}"
    return result.modification_level, {str(name) for name in result.changed_form_fields}, None


@covers("LC2019-9.2a")
def check_changes_between(doc: SignedPdf) -> list[Finding]:
    """Between one signature and the next only form filling (number and date) and new
    signature fields are allowed; other changes (text, comments, pages) fail."""
    from pyhanko.sign.diff_analysis import ModificationLevel

    sigs = [s for s in doc.signatures if not s.is_doc_timestamp]
    out: list[Finding] = []
    sig_fields = {s.field for s in doc.signatures}
    for a, b in itertools.pairwise(sigs):
        try:
            mdp = a.embedded.docmdp_level
        except Exception:
            mdp = None
        level, fields, problem = _diff(doc, a.revision, b.revision, mdp)
        loc = b.location(doc.file)
        other_fields = sorted(fields - sig_fields)
        found = f"{level.name}" + (f"; trường / fields: {', '.join(other_fields)}"
                                   if other_fields else "") + (f"; {problem}" if problem else "")
        expected = ("chỉ điền số, ngày (trường biểu mẫu) và thêm trường chữ ký / only number "
                    "and date (form fields) filled and signature fields added")
        if level <= ModificationLevel.FORM_FILLING:
            out.append(finding("LC2019-9.2a", Status.PASS,
                               f"Giữa chữ ký '{a.field}' và '{b.field}' chỉ có thay đổi được "
                               "phép (điền số, ngày; thêm chữ ký)",
                               f"Between '{a.field}' and '{b.field}' only allowed changes "
                               "(number and date filled; signature added)",
                               expected=expected, found=found, location=loc,
                               evidence={"changed_fields": other_fields}))
        else:
            what = "thêm chú thích (annotation)" if level == ModificationLevel.ANNOTATIONS else \
                "thay đổi nội dung ngoài việc điền số, ngày"
            what_en = "comments (annotations) added" if level == ModificationLevel.ANNOTATIONS \
                else "content changed beyond filling in number and date"
            out.append(finding("LC2019-9.2a", Status.FAIL,
                               f"Giữa chữ ký '{a.field}' và '{b.field}' có {what}",
                               f"Between '{a.field}' and '{b.field}': {what_en}",
                               expected=expected, found=found, location=loc))
    return out


@covers("TT41-COVERAGE")
def check_coverage(doc: SignedPdf) -> list[Finding]:
    """The last signature covers the whole file (only LTV updates may follow it)."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    sigs = doc.signatures
    if not sigs:
        return []
    last = sigs[-1]
    loc = last.location(doc.file)
    st = last.status
    expected = "toàn bộ tệp / the entire file"
    coverage = getattr(st, "coverage", None) if st is not None else None
    if coverage is None:
        try:
            coverage = last.embedded.evaluate_signature_coverage()
        except Exception:
            coverage = None
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return [finding("TT41-COVERAGE", Status.PASS, "Chữ ký cuối cùng bao phủ toàn bộ tệp",
                        "The last signature covers the entire file", expected=expected,
                        found="ENTIRE_FILE", location=loc)]
    level = getattr(st, "modification_level", None) if st is not None else None
    if coverage == SignatureCoverageLevel.ENTIRE_REVISION and level is not None and \
            level <= ModificationLevel.LTA_UPDATES:
        return [finding("TT41-COVERAGE", Status.PASS,
                        "Sau chữ ký cuối chỉ có cập nhật thông tin kiểm tra dài hạn (DSS)",
                        "Only long-term validation data follows the last signature",
                        expected=expected, found=f"{coverage.name}, {level.name}",
                        location=loc)]
    tail = len(doc.data) - _covered_end(last)
    return [finding("TT41-COVERAGE", Status.FAIL,
                    f"Tệp bị thay đổi sau chữ ký cuối cùng '{last.field}' ({tail} byte không "
                    "được ký)",
                    f"The file was changed after the last signature '{last.field}' ({tail} "
                    "unsigned bytes)", expected=expected,
                    found=f"{getattr(coverage, 'name', coverage)}, "
                          f"{getattr(level, 'name', level)}", location=loc,
                    evidence={"unsigned_tail_bytes": tail})]


def _covered_end(sig: SignatureInfo) -> int:
    try:
        br = [int(x) for x in sig.embedded.byte_range]
        return br[2] + br[3]
    except Exception:
        return 0


def run_checks(doc: SignedPdf) -> list[Finding]:
    """Every per-signature and whole-file PAdES check (signatures already validated)."""
    out = check_signed(doc)
    for sig in doc.signatures:
        if sig.is_doc_timestamp:
            out += check_format(doc, sig)
            continue
        out += check_integrity(doc, sig)
        out += check_format(doc, sig)
        out += check_trust(doc, sig)
        out += check_validity_period(doc, sig)
        out += check_revocation(doc, sig)
        out += check_key_usage(doc, sig)
        out += check_algorithms(doc, sig)
        out += check_timestamp(doc, sig)
    out += check_changes_between(doc)
    out += check_coverage(doc)
    return out
