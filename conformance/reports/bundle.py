"""The evidence bundle: a zip of the report directory with a signed manifest.

`write_bundle()` zips every file of the report directory (the reports, the axis traffic log, the
exchanged packages, the signed PDFs), writes `MANIFEST.json` (each path with its SHA-256 and
size, plus the run's metadata) and `MANIFEST.json.p7s`, a detached CMS signature (SHA-256) over
the exact manifest bytes, made with the user's key and certificate or, by default, with the
test PKI's "TEST" organisation key (no legal value; it proves integrity, not authorship).

`verify_bundle()` reads the zip without extracting it: it refuses unsafe entry names (absolute
paths, `..`, backslashes, drive letters, symbolic links, duplicates), recomputes every hash and
names each missing, extra or altered file, verifies the CMS signature over the manifest
(pyhanko), says who signed it (and whether it is a TEST signer) and whether the signer's
certificate chains to the trust anchors given. Revocation is not checked (no network); the
moment of validation is the signing time the signature states.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import logging
import stat
import threading
import zipfile
from collections.abc import Coroutine, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

from conformance import __version__
from conformance.findings import Text
from conformance.reports.run_model import VN_TZ, now_vn

MANIFEST_NAME = "MANIFEST.json"
SIGNATURE_NAME = "MANIFEST.json.p7s"
BUNDLE_FORMAT = "qlvb-conformance-evidence-bundle-1"
TEST_SIGNER_NAME = "Bộ kiểm thử qlvb-conformance (TEST)"
TEST_MARK = "(TEST)"
MAX_MANIFEST_BYTES = 32 << 20
MAX_SIGNATURE_BYTES = 1 << 20
_RESERVED = {MANIFEST_NAME, SIGNATURE_NAME}


class BundleError(Exception):
    """A bundle that cannot be made or read at all (input error), said in both languages."""

    def __init__(self, vi: str, en: str) -> None:
        self.vi, self.en = vi, en
        super().__init__(en)

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


# --- signers -----------------------------------------------------------------------------------

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


@dataclass(frozen=True)
class Signer:
    key: PrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()  # issuers, to embed in the signature


def default_test_signer() -> Signer:
    """The default signing key: the test PKI's organisation certificate
    "Bộ kiểm thử qlvb-conformance (TEST)" (EC P-256, deterministic), with its chain up to the test
    root (`fixtures/pki/root.pem`). It marks the bundle as signed by a TEST key."""
    from conformance.fixtures_gen.pki import default_pki

    ident = default_pki().organisation(TEST_SIGNER_NAME, parent="qlvb-conformance (TEST)")
    return Signer(ident.key, ident.certificate, tuple(ident.chain))


def self_signed_test_signer(seed: str = "qlvb-bundle-test-signer") -> Signer:
    """A deterministic EC P-256 key with a self-signed TEST certificate; a fallback when the test
    PKI is not available."""
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    value = int.from_bytes(hashlib.sha256(seed.encode()).digest()) % (order - 1) + 1
    key = ec.derive_private_key(value, ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "qlvb-conformance (TEST)"),
                      x509.NameAttribute(NameOID.COMMON_NAME, TEST_SIGNER_NAME)])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8]) >> 1)
            .not_valid_before(dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
            .not_valid_after(dt.datetime(2045, 1, 1, tzinfo=dt.UTC))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), critical=True)
            .sign(key, hashes.SHA256(), ecdsa_deterministic=True))  # RFC 6979: same bytes
    return Signer(key, cert)


def load_signer(key_pem: bytes, cert_pem: bytes, password: bytes | None = None) -> Signer:
    """A signer from PEM: the private key, and the certificate followed by its chain."""
    try:
        key = serialization.load_pem_private_key(key_pem, password)
    except (ValueError, TypeError) as exc:
        raise BundleError(f"không đọc được khóa bí mật PEM: {exc}",
                          f"cannot read the PEM private key: {exc}") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise BundleError("khóa bí mật phải là RSA hoặc EC", "the private key must be RSA or EC")
    try:
        certs = x509.load_pem_x509_certificates(cert_pem)
    except ValueError as exc:
        raise BundleError(f"không đọc được chứng thư PEM: {exc}",
                          f"cannot read the PEM certificate: {exc}") from None
    pub = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    if certs[0].public_key().public_bytes(der, pub) != key.public_key().public_bytes(der, pub):
        raise BundleError("khóa bí mật không khớp với chứng thư",
                          "the private key does not match the certificate")
    return Signer(key, certs[0], tuple(certs[1:]))


def load_trust(pem: bytes) -> list[x509.Certificate]:
    """Trust anchors from a PEM file (one or more certificates)."""
    try:
        return x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise BundleError(f"không đọc được chứng thư tin cậy PEM: {exc}",
                          f"cannot read the PEM trust anchor: {exc}") from None


def is_test_certificate(cert: x509.Certificate) -> bool:
    """A certificate of the harness' test PKI (or the fallback test key): its subject or issuer
    carries the "(TEST)" mark."""
    return TEST_MARK in cert.subject.rfc4514_string() or TEST_MARK in cert.issuer.rfc4514_string()


# --- writing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BundleInfo:
    path: Path
    files: int
    manifest_sha256: str
    signer: str
    test_signer: bool


def _sha256(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _collect(report_dir: Path, skip: Path | None) -> list[tuple[str, Path]]:
    files = []
    for path in sorted(report_dir.rglob("*")):
        if path.is_symlink():
            raise BundleError(f"thư mục báo cáo chứa liên kết tượng trưng: {path}",
                              f"the report directory holds a symbolic link: {path}")
        if not path.is_file() or (skip is not None and path.resolve() == skip):
            continue
        rel = path.relative_to(report_dir).as_posix()
        if rel in _RESERVED:
            raise BundleError(f"thư mục báo cáo đã có tệp {rel} (tên dành cho gói bằng chứng)",
                              f"the report directory already holds {rel} (reserved name)")
        files.append((rel, path))
    return files


def _run_metadata(report_dir: Path) -> dict[str, Any]:
    """What the manifest says about the run, read from the reports written into the directory."""
    for name in ("summary.json", "run-result.json"):
        path = report_dir / name
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        run = data.get("run", data) if isinstance(data, dict) else {}
        if not isinstance(run, dict):
            continue
        sut = run.get("sut") or {}
        profile = run.get("profile") or {}
        return {
            "started": run.get("started"),
            "finished": run.get("finished"),
            "sut": sut.get("name") if isinstance(sut, dict) else None,
            "profile": profile.get("id") if isinstance(profile, dict) else None,
            "verdict": data.get("verdict"),
            "tool_version": (run.get("tool") or {}).get("version"),
        }
    return {}


def manifest_bytes(report_dir: Path, files: Sequence[tuple[str, Path]],
                   created: str | None = None) -> bytes:
    entries = {}
    for rel, path in files:
        digest, size = _sha256(path)
        entries[rel] = {"sha256": digest, "size": size}
    manifest = {
        "format": BUNDLE_FORMAT,
        "tool": {"name": "qlvb-conformance", "version": __version__},
        "created": created or now_vn(),
        "run": _run_metadata(report_dir),
        "hash_algorithm": "sha256",
        "files": entries,
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def sign_detached(data: bytes, signer: Signer) -> bytes:
    """A detached CMS SignedData (DER) over `data`, SHA-256, with the signer's chain embedded.
    `Binary`: the bytes are signed as they are (no S/MIME line-ending canonicalisation)."""
    builder = pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(
        signer.certificate, signer.key, hashes.SHA256())
    for cert in signer.chain:
        builder = builder.add_certificate(cert)
    return builder.sign(serialization.Encoding.DER,
                        [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])


def write_bundle(report_dir: str | Path, out_zip: str | Path, *, key_pem: bytes | None = None,
                 cert_pem: bytes | None = None, key_password: bytes | None = None) -> BundleInfo:
    """Zip `report_dir` with a signed manifest into `out_zip` (which may lie inside it: it is
    left out). Without `key_pem`/`cert_pem` the bundle is signed with the TEST key."""
    root = Path(report_dir)
    if not root.is_dir():
        raise BundleError(f"không có thư mục báo cáo {root}", f"no report directory {root}")
    if (key_pem is None) != (cert_pem is None):
        raise BundleError("cần cả khóa bí mật và chứng thư",
                          "give both the key and the certificate")
    if key_pem is not None and cert_pem is not None:
        signer = load_signer(key_pem, cert_pem, key_password)
    else:
        try:
            signer = default_test_signer()
        except (ImportError, AttributeError, TypeError):  # the test PKI changed or is absent
            signer = self_signed_test_signer()
    out = Path(out_zip)
    out.parent.mkdir(parents=True, exist_ok=True)
    files = _collect(root, out.resolve())
    created = now_vn()
    manifest = manifest_bytes(root, files, created)
    signature = sign_detached(manifest, signer)
    stamp = dt.datetime.fromisoformat(created).astimezone(VN_TZ).timetuple()[:6]
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in ((MANIFEST_NAME, manifest), (SIGNATURE_NAME, signature)):
            zf.writestr(zipfile.ZipInfo(name, date_time=stamp), data,
                        compress_type=zipfile.ZIP_DEFLATED)
        for rel, path in files:
            info = zipfile.ZipInfo(rel, date_time=stamp)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            with path.open("rb") as src, zf.open(info, "w", force_zip64=True) as dst:
                for chunk in iter(lambda src=src: src.read(1 << 20), b""):
                    dst.write(chunk)
    tmp.replace(out)
    return BundleInfo(path=out, files=len(files),
                      manifest_sha256=hashlib.sha256(manifest).hexdigest(),
                      signer=signer.certificate.subject.rfc4514_string(),
                      test_signer=is_test_certificate(signer.certificate))


# --- verifying ---------------------------------------------------------------------------------


@dataclass
class SignatureCheck:
    present: bool
    intact: bool = False  # the manifest digest matches the signed digest
    valid: bool = False  # the signature verifies with the signer's public key
    signer: str | None = None  # subject of the signer's certificate (RFC 4514)
    signer_common_name: str | None = None
    signer_organization: str | None = None
    serial: str | None = None
    fingerprint_sha256: str | None = None
    not_before: str | None = None
    not_after: str | None = None
    test_signer: bool = False
    signing_time: str | None = None  # as the signature states it (ISO 8601)
    trusted: bool | None = None  # None: no trust anchor given
    trust_anchor: str | None = None  # subject of the anchor the path ends at
    trust_problem: str | None = None
    error: str | None = None


@dataclass
class BundleVerification:
    path: str
    manifest_ok: bool = False
    files_checked: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)
    signature: SignatureCheck = field(default_factory=lambda: SignatureCheck(present=False))
    run: dict[str, Any] = field(default_factory=dict)
    created: str | None = None
    problems: list[Text] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        """Every file is there, unchanged, and nothing was added."""
        return (self.manifest_ok and not self.unsafe and not self.missing and not self.extra
                and not self.altered)

    @property
    def valid(self) -> bool:
        """Intact, signed, the signature verifies, and (when anchors were given) trusted."""
        s = self.signature
        return (self.intact and s.present and s.intact and s.valid
                and s.trusted is not False)

    def problem(self, vi: str, en: str) -> None:
        self.problems.append(Text(vi, en))

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "valid": self.valid, "intact": self.intact,
            "manifest_ok": self.manifest_ok, "files_checked": self.files_checked,
            "missing": self.missing, "extra": self.extra, "altered": self.altered,
            "unsafe": self.unsafe, "created": self.created, "run": self.run,
            "signature": dict(self.signature.__dict__),
            "problems": [{"vi": p.vi, "en": p.en} for p in self.problems],
        }


def entry_problem(name: str) -> str | None:
    """Why a zip entry name is unsafe to read or extract (zip-slip), or None."""
    if not name or "\x00" in name:
        return "empty or NUL in name"
    if "\\" in name:
        return "backslash in name"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    parts = PurePosixPath(name.rstrip("/")).parts
    if any(p in ("..", ".") for p in name.rstrip("/").split("/")) or not parts:
        return "path traversal"
    if any(ord(ch) < 32 for ch in name):
        return "control character in name"
    return None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _hash_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> tuple[str, int]:
    """SHA-256 of an entry, reading at most `limit` + 1 bytes (a zip bomb stops early)."""
    h = hashlib.sha256()
    size = 0
    with zf.open(info) as fh:
        while size <= limit:
            chunk = fh.read(min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


@contextlib.contextmanager
def _quiet(*names: str) -> Iterator[None]:
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def _run_async(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine to completion, also when called from inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def _check_signature(manifest: bytes, p7s: bytes, trust: Sequence[x509.Certificate] | None
                     ) -> SignatureCheck:
    from asn1crypto import cms
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.validation import KeyUsageConstraints
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
    from pyhanko_certvalidator import ValidationContext

    check = SignatureCheck(present=True)
    try:
        info = cms.ContentInfo.load(p7s)
        if info["content_type"].native != "signed_data":
            raise ValueError("not a CMS SignedData")
        signed_data = info["content"]
        signer_info = signed_data["signer_infos"][0]
        moment = None
        for attr in signer_info["signed_attrs"] or []:
            if attr["type"].native == "signing_time":
                moment = attr["values"][0].native
        anchors = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
                   for c in (trust or [])]
        context = ValidationContext(
            trust_roots=anchors, allow_fetching=False, revocation_mode="soft-fail",
            moment=moment or dt.datetime.now(dt.UTC), best_signature_time=moment,
        )
        usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"},
                                    match_all_key_usages=False)
        with _quiet("pyhanko", "pyhanko_certvalidator"):  # they log failed paths as warnings
            status = _run_async(async_validate_detached_cms(
                manifest, signed_data, signer_validation_context=context,
                key_usage_settings=usage))
    except Exception as exc:  # a malformed signature is a finding, not a crash
        check.error = f"{type(exc).__name__}: {exc}"
        return check
    cert = x509.load_der_x509_certificate(status.signing_cert.dump())
    cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    org = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    check.intact, check.valid = bool(status.intact), bool(status.valid)
    check.signer = cert.subject.rfc4514_string()
    check.signer_common_name = str(cn[0].value) if cn else None
    check.signer_organization = str(org[0].value) if org else None
    check.serial = format(cert.serial_number, "x")
    check.fingerprint_sha256 = cert.fingerprint(hashes.SHA256()).hex()
    check.not_before = cert.not_valid_before_utc.astimezone(VN_TZ).isoformat()
    check.not_after = cert.not_valid_after_utc.astimezone(VN_TZ).isoformat()
    check.test_signer = is_test_certificate(cert)
    if moment is not None:
        check.signing_time = moment.astimezone(VN_TZ).isoformat()
    if trust:
        check.trusted = bool(status.trusted)
        path = status.validation_path
        if check.trusted and path is not None:
            name = path.trust_anchor.authority.name
            check.trust_anchor = (name.native or {}).get("common_name") or name.human_friendly
        if not check.trusted:
            problem = status.trust_problem_indic
            check.trust_problem = getattr(problem, "name", None) or "NO_CERTIFICATE_CHAIN_FOUND"
    return check


def verify_bundle(zip_path: str | Path, *, trust: Sequence[x509.Certificate] | None = None
                  ) -> BundleVerification:
    """Check a bundle: entry names, every hash, the manifest signature and (with `trust`) the
    signer's chain. Raises BundleError only when the file is not a readable zip at all."""
    path = Path(zip_path)
    result = BundleVerification(path=str(path))
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BundleError(f"không mở được gói bằng chứng {path}: {exc}",
                          f"cannot open the evidence bundle {path}: {exc}") from None
    with zf:
        entries: dict[str, zipfile.ZipInfo] = {}
        for info in zf.infolist():
            name = info.filename
            reason = entry_problem(name)
            if reason is None and _is_symlink(info):
                reason = "symbolic link"
            if reason is None and info.flag_bits & 0x1:
                reason = "encrypted entry"
            if reason is None and name in entries:
                reason = "duplicate entry"
            if reason is not None:
                result.unsafe.append(name)
                result.problem(f"mục không an toàn trong gói, bị từ chối: {name!r} ({reason})",
                               f"unsafe entry refused: {name!r} ({reason})")
                continue
            if not name.endswith("/"):
                entries[name] = info

        read = _read_manifest(zf, entries, result)
        if read is None:
            return result
        manifest, raw_manifest = read
        listed: dict[str, dict[str, Any]] = manifest["files"]
        for name in sorted(set(listed) - set(entries)):
            result.missing.append(name)
            result.problem(f"thiếu tệp: {name}", f"missing file: {name}")
        for name in sorted(set(entries) - set(listed) - _RESERVED):
            result.extra.append(name)
            result.problem(f"tệp không có trong bản kê: {name}",
                           f"file not in the manifest: {name}")
        for name in sorted(set(listed) & set(entries)):
            expected = listed[name]
            info = entries[name]
            try:
                digest, size = _hash_entry(zf, info, int(expected["size"]))
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
                digest, size = f"unreadable: {exc}", -1
            result.files_checked += 1
            if size != expected["size"] or digest != expected["sha256"]:
                result.altered.append(name)
                result.problem(f"tệp đã bị thay đổi: {name} (SHA-256 hoặc kích thước khác bản kê)",
                               f"altered file: {name} (SHA-256 or size differs from the manifest)")

        if SIGNATURE_NAME not in entries:
            result.problem("gói không có chữ ký số của bản kê (MANIFEST.json.p7s)",
                           "the bundle has no signature over the manifest (MANIFEST.json.p7s)")
            return result
        sig_info = entries[SIGNATURE_NAME]
        if sig_info.file_size > MAX_SIGNATURE_BYTES:
            result.signature = SignatureCheck(present=True, error="signature file too large")
        else:
            result.signature = _check_signature(raw_manifest, zf.read(sig_info), trust)
    s = result.signature
    if s.error:
        result.problem(f"chữ ký số của bản kê không đọc được: {s.error}",
                       f"the manifest signature cannot be read: {s.error}")
    elif not (s.intact and s.valid):
        result.problem("chữ ký số của bản kê không hợp lệ: bản kê đã bị thay đổi sau khi ký",
                       "the manifest signature is invalid: the manifest changed after signing")
    elif s.trusted is False:
        who = s.signer_common_name or s.signer
        result.problem(
            f"chứng thư của người ký ({who}) không dẫn tới chứng thư tin cậy đã cho "
            f"({s.trust_problem})",
            f"the signer's certificate ({who}) does not chain to the given trust anchor "
            f"({s.trust_problem})")
    return result


def _read_manifest(zf: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo],
                   result: BundleVerification) -> tuple[dict[str, Any], bytes] | None:
    info = entries.get(MANIFEST_NAME)
    if info is None:
        result.problem("gói không có bản kê MANIFEST.json", "the bundle has no MANIFEST.json")
        return None
    if info.file_size > MAX_MANIFEST_BYTES:
        result.problem("bản kê MANIFEST.json quá lớn", "MANIFEST.json is too large")
        return None
    raw = zf.read(info)
    try:
        data = json.loads(raw.decode("utf-8"))
        files = data["files"]
        if data.get("format") != BUNDLE_FORMAT or not isinstance(files, dict):
            raise ValueError(f"format {data.get('format')!r}")
        for name, entry in files.items():
            if entry_problem(name) or name in _RESERVED:
                raise ValueError(f"unsafe path {name!r}")
            if not (isinstance(entry.get("sha256"), str) and isinstance(entry.get("size"), int)
                    and entry["size"] >= 0):
                raise ValueError(f"bad entry for {name!r}")
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        result.problem(f"bản kê MANIFEST.json không hợp lệ: {exc}",
                       f"MANIFEST.json is malformed: {exc}")
        return None
    result.manifest_ok = True
    result.run = data.get("run") or {}
    result.created = data.get("created")
    return data, raw


def extract_bundle(zip_path: str | Path, dest: str | Path) -> list[Path]:
    """Extract a bundle's files under `dest`, refusing every unsafe entry (raises BundleError
    naming the first one before writing anything)."""
    target = Path(dest).resolve()
    with zipfile.ZipFile(zip_path) as zf:
        infos = zf.infolist()
        for info in infos:
            reason = entry_problem(info.filename) or (
                "symbolic link" if _is_symlink(info) else None)
            if reason is None and not (target / info.filename).resolve().is_relative_to(target):
                reason = "path outside the destination"
            if reason:
                raise BundleError(f"mục không an toàn trong gói, từ chối giải nén: "
                                  f"{info.filename!r} ({reason})",
                                  f"unsafe entry, extraction refused: {info.filename!r} "
                                  f"({reason})")
        written = []
        for info in infos:
            if info.filename.endswith("/"):
                continue
            out = target / info.filename
            out.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, out.open("wb") as dst:
                for chunk in iter(lambda src=src: src.read(1 << 20), b""):
                    dst.write(chunk)
            written.append(out)
    return written
