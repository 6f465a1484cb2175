"""A deterministic test PKI shaped like the Government specialised CA (clearly marked TEST).

    RootCA chuyên dùng Chính phủ G2 (TEST)                      RSA-2048, 2018–2048
    ├── CA phục vụ các cơ quan Nhà nước G2 (TEST)               RSA-2048, issues:
    │   ├── person certificates    CN=<full name>, O=<agency>, L, C=VN, E=<mail>
    │   │                          key usage digitalSignature + nonRepudiation, EC P-256
    │   ├── organisation certs     CN=<agency>, O=<parent body>, L, C=VN, EC P-256
    │   └── OCSP responder         EKU OCSPSigning, id-pkix-ocsp-nocheck
    ├── Dịch vụ cấp dấu thời gian (TEST)            RSA-2048, EKU timeStamping (critical)
    └── CA máy chủ TLS G2 (TEST)                    EC P-256, issues the axis' TLS server
        └── TLS server certificates  `tls_server(kind)`: valid (127.0.0.1 + localhost),
                                     expired, wrong_host; EKU serverAuth, EC P-256
    RootCA KHÔNG TIN CẬY (TEST)  — an untrusted root issuing look-alike certificates
    self-signed TLS server certificate (`tls_server("self_signed")`), trusted by nobody

Negative certificates (`variant=`): expired, not_yet_valid, revoked, wrong_key_usage, sha1
(signed sha1WithRSAEncryption by hand with asn1crypto: cryptography refuses SHA-1), rsa1024,
untrusted; and rsa2048 (a positive RSA signer, for the PKCS#1 v1.5 path).

Deterministic: EC keys derive from fixed seeds; the RSA keys (CA, TSA, RSA signers) are PEM files
shipped in `fixtures/pki/keys/` (generated once if missing, into a cache directory when the
fixtures folder is read-only); serial numbers derive from labels; validity periods and the
CRLs follow the fixture clock `CLOCK`. Same calls, same bytes.

`TestPKI.export(directory)` writes `root.pem` (the trust anchor to pass with `--trust`),
`issuing-ca.pem`, `tls-ca.pem`, `tsa.pem`, `untrusted-root.pem`, the CRLs, and the TLS server
certificates with their keys (`tls/<kind>.pem`: leaf then TLS CA; `tls/<kind>.key`).
`fixtures/pki/` ships that export.

The TLS certificates come from their own intermediate under the root (as server certificates of
a real national PKI would, apart from the agencies' signing CA), so that a product configured to
trust the root — the SUT profile's trust anchor — can authenticate the axis. They are checked
against the wall clock by OpenSSL, not the fixture clock: the valid ones run to 2045.
The HTTP services (OCSP, TSA, CRLs, CA certificates) live in
`conformance.fixtures_gen.pki_services`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from conformance.resources import bundled_dir

VN_TZ = dt.timezone(dt.timedelta(hours=7), "+07:00")
#: The fixture clock: fixtures are "made" on this day; CRLs are issued the day before.
CLOCK = dt.datetime(2026, 3, 2, 9, 0, 0, tzinfo=VN_TZ)
#: Where the certificates say their CRLs, OCSP responder and CA certificates live. The offline
#: corpus never fetches; the online tests build a PKI whose base URL is the loopback server's.
DEFAULT_BASE_URL = "http://127.0.0.1:47080"

ROOT_NAME = "RootCA chuyên dùng Chính phủ G2 (TEST)"
ISSUING_NAME = "CA phục vụ các cơ quan Nhà nước G2 (TEST)"
TSA_NAME = "Dịch vụ cấp dấu thời gian Chính phủ (TEST)"
OCSP_NAME = "OCSP chuyên dùng Chính phủ G2 (TEST)"
UNTRUSTED_ROOT_NAME = "RootCA KHÔNG TIN CẬY (TEST)"
CA_ORG = "Ban Cơ yếu Chính phủ (TEST)"
TLS_CA_NAME = "CA máy chủ TLS G2 (TEST)"
#: who runs the axis (the subject organisation of its TLS certificate)
AXIS_ORG = "Văn phòng Chính phủ (TEST)"
#: the kinds of TLS server certificate (features: hợp lệ, hết hạn, sai tên máy chủ, tự ký)
TLS_KINDS = ("valid", "expired", "wrong_host", "self_signed")
#: the names a loopback axis answers to
TLS_HOSTS = ("127.0.0.1", "localhost")
#: the name in the wrong-host certificate (reserved TLD: it never resolves)
TLS_WRONG_HOST = "truc-lien-thong.khac.invalid"

VARIANTS = ("good", "expired", "not_yet_valid", "revoked", "wrong_key_usage", "sha1",
            "rsa1024", "rsa2048", "untrusted")
#: variants whose key is RSA (and therefore shipped as a PEM file)
_RSA_VARIANTS = {"rsa1024": 1024, "rsa2048": 2048}

_SHA1_RSA_OID = "1.2.840.113549.1.1.5"
#: revoked person certificates the shipped CRL lists (the signer of the fixture documents)
STANDARD_REVOKED = (("Nguyễn Văn A", "Bộ Nội vụ"),)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def _d(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def _serial(label: str) -> int:
    return int.from_bytes(hashlib.sha256(b"qlvb-serial:" + label.encode()).digest()[:8]) >> 1


def ec_key(seed: str) -> ec.EllipticCurvePrivateKey:
    """An EC P-256 key derived from a seed string: same seed, same key."""
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    value = int.from_bytes(hashlib.sha256(b"qlvb-test-pki:" + seed.encode()).digest())
    return ec.derive_private_key(value % (order - 1) + 1, ec.SECP256R1())


def shipped_pki_dir() -> Path:
    return bundled_dir("fixtures") / "pki"


def _cache_dir() -> Path:
    base = os.environ.get("QLVB_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "qlvb-conformance")
    return Path(base) / "pki-keys"


_RSA_LOCK = threading.Lock()
_RSA_CACHE: dict[str, rsa.RSAPrivateKey] = {}


def rsa_key(name: str, bits: int = 2048) -> rsa.RSAPrivateKey:
    """An RSA key read from `fixtures/pki/keys/<name>.pem` (or the cache), made once if missing.

    RSA generation and loading are slow (cryptography validates the key on load, ~75 ms): the
    key is loaded once per process and kept."""
    with _RSA_LOCK:
        if name in _RSA_CACHE:
            return _RSA_CACHE[name]
        file = f"{name}.pem"
        for folder in (shipped_pki_dir() / "keys", _cache_dir()):
            path = folder / file
            if path.is_file():
                key = serialization.load_pem_private_key(path.read_bytes(), None)
                assert isinstance(key, rsa.RSAPrivateKey)
                break
        else:
            key = rsa.generate_private_key(65537, bits)
            pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
            for folder in (shipped_pki_dir() / "keys", _cache_dir()):
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                    (folder / file).write_bytes(pem)
                    break
                except OSError:
                    continue
        _RSA_CACHE[name] = key
        return key


PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


@dataclass(frozen=True)
class Identity:
    """A certificate with its private key and the chain above it (issuer first, root last)."""

    label: str
    kind: str  # root | ca | person | organisation | tsa | ocsp | tls
    variant: str
    certificate: x509.Certificate
    key: PrivateKey
    chain: tuple[x509.Certificate, ...] = ()
    display_name: str = ""
    agency: str | None = None

    @cached_property
    def cert_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @cached_property
    def cert_asn1(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.cert_der)

    @cached_property
    def key_asn1(self) -> asn1_keys.PrivateKeyInfo:
        return asn1_keys.PrivateKeyInfo.load(self.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))

    @cached_property
    def chain_asn1(self) -> tuple[asn1_x509.Certificate, ...]:
        return tuple(asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
                     for c in self.chain)

    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def serial(self) -> int:
        return self.certificate.serial_number


@dataclass
class _Revocation:
    serial: int
    when: dt.datetime


@dataclass
class TestPKI:
    """The test PKI. Identities are made on first use and cached by (kind, name, variant)."""

    __test__ = False  # not a pytest test class

    base_url: str = DEFAULT_BASE_URL
    clock: dt.datetime = CLOCK
    _ids: dict[tuple[str, str, str, str], Identity] = field(default_factory=dict, repr=False)
    _revoked: dict[str, list[_Revocation]] = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    # --- the CA hierarchy ----------------------------------------------------------------------

    @cached_property
    def root(self) -> Identity:
        key = rsa_key("root-ca")
        name = _name(C="VN", O=CA_ORG, CN=ROOT_NAME)
        cert = self._build(name, name, key.public_key(), key, serial=_serial("root"),
                           not_before=_d(2018, 8, 15, 9), not_after=_d(2048, 8, 15, 9),
                           ca=True, path_len=1, issuer_key=key, crl_name=None, aia_name=None)
        return Identity("root", "root", "good", cert, key, (), ROOT_NAME)

    @cached_property
    def issuing_ca(self) -> Identity:
        key = rsa_key("issuing-ca")
        name = _name(C="VN", O=CA_ORG, CN=ISSUING_NAME)
        cert = self._build(name, self.root.certificate.subject, key.public_key(), self.root.key,
                           serial=_serial("issuing-ca"), not_before=_d(2018, 8, 22, 15, 6),
                           not_after=_d(2048, 8, 14, 14, 36), ca=True, path_len=0,
                           issuer_key=self.root.key, crl_name="root", aia_name="root")
        return Identity("issuing-ca", "ca", "good", cert, key, (self.root.certificate,),
                        ISSUING_NAME)

    @cached_property
    def untrusted_root(self) -> Identity:
        key = ec_key("untrusted-root")
        name = _name(C="VN", O="Tổ chức không tin cậy (TEST)", CN=UNTRUSTED_ROOT_NAME)
        cert = self._build(name, name, key.public_key(), key, serial=_serial("untrusted-root"),
                           not_before=_d(2018, 1, 1), not_after=_d(2048, 1, 1), ca=True,
                           path_len=0, issuer_key=key, crl_name=None, aia_name=None)
        return Identity("untrusted-root", "root", "untrusted", cert, key, (),
                        UNTRUSTED_ROOT_NAME)

    @cached_property
    def tsa(self) -> Identity:
        key = rsa_key("tsa")
        name = _name(C="VN", O=CA_ORG, CN=TSA_NAME)
        cert = self._build(name, self.root.certificate.subject, key.public_key(), self.root.key,
                           serial=_serial("tsa"), not_before=_d(2019, 1, 1),
                           not_after=_d(2039, 1, 1), issuer_key=self.root.key,
                           usage={"digital_signature", "content_commitment"},
                           eku=[ExtendedKeyUsageOID.TIME_STAMPING], eku_critical=True,
                           crl_name="root", aia_name="root")
        return Identity("tsa", "tsa", "good", cert, key, (self.root.certificate,), TSA_NAME)

    @cached_property
    def tls_ca(self) -> Identity:
        key = ec_key("tls-ca")
        name = _name(C="VN", O=CA_ORG, CN=TLS_CA_NAME)
        cert = self._build(name, self.root.certificate.subject, key.public_key(), self.root.key,
                           serial=_serial("tls-ca"), not_before=_d(2020, 1, 1),
                           not_after=_d(2048, 8, 1), ca=True, path_len=0,
                           issuer_key=self.root.key, crl_name="root", aia_name="root")
        return Identity("tls-ca", "ca", "good", cert, key, (self.root.certificate,),
                        TLS_CA_NAME)

    def tls_server(self, kind: str = "valid") -> Identity:
        """The axis' TLS server certificate of one kind (`TLS_KINDS`); EC P-256 from a seed."""
        if kind not in TLS_KINDS:
            raise ValueError(f"unknown TLS certificate kind {kind!r} (known: {TLS_KINDS})")
        key_id = ("tls", kind, "", "")
        with self._lock:
            if key_id in self._ids:
                return self._ids[key_id]
            label = f"tls-server:{kind}"
            key = ec_key(label)
            hosts = [TLS_WRONG_HOST] if kind == "wrong_host" else list(TLS_HOSTS)
            # long validity on purpose: TLS checks the wall clock, not the fixture clock
            not_before, not_after = _d(2024, 6, 1), _d(2045, 6, 1)
            if kind == "expired":
                not_before, not_after = _d(2021, 1, 4, 8), _d(2024, 1, 4, 8)
            subject = _name(C="VN", O=AXIS_ORG, CN=hosts[0])
            if kind == "self_signed":
                issuer_name, issuer_key, chain = subject, key, ()
            else:
                ca = self.tls_ca
                issuer_name, issuer_key = ca.certificate.subject, ca.key
                chain = (ca.certificate, *ca.chain)
            cert = self._build(subject, issuer_name, key.public_key(), issuer_key,
                               serial=_serial(label), not_before=not_before,
                               not_after=not_after, issuer_key=issuer_key,
                               usage={"digital_signature"},
                               eku=[ExtendedKeyUsageOID.SERVER_AUTH], crl_name=None,
                               aia_name=None, hosts=hosts)
            ident = Identity(label, "tls", kind, cert, key, chain, hosts[0], AXIS_ORG)
            self._ids[key_id] = ident
            return ident

    def tls_files(self, kind: str, directory: str | Path) -> tuple[Path, Path]:
        """(certificate chain PEM: leaf then TLS CA, private key PEM) of `tls_server(kind)`,
        written to `directory` (unchanged files are not rewritten)."""
        ident = self.tls_server(kind)
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        stem = kind.replace("_", "-")
        chain = ident.pem() + b"".join(c.public_bytes(serialization.Encoding.PEM)
                                       for c in ident.chain if c != self.root.certificate)
        key = ident.key.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())
        paths = (out / f"{stem}.pem", out / f"{stem}.key")
        for path, data in zip(paths, (chain, key), strict=True):
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
        return paths

    @cached_property
    def ocsp_responder(self) -> Identity:
        key = ec_key("ocsp-responder")
        name = _name(C="VN", O=CA_ORG, CN=OCSP_NAME)
        ca = self.issuing_ca
        cert = self._build(name, ca.certificate.subject, key.public_key(), ca.key,
                           serial=_serial("ocsp"), not_before=_d(2025, 1, 1),
                           not_after=_d(2030, 1, 1), issuer_key=ca.key,
                           usage={"digital_signature"}, eku=[ExtendedKeyUsageOID.OCSP_SIGNING],
                           ocsp_nocheck=True, crl_name=None, aia_name=None)
        return Identity("ocsp", "ocsp", "good", cert, key,
                        (ca.certificate, self.root.certificate), OCSP_NAME)

    @property
    def trust_roots(self) -> list[x509.Certificate]:
        return [self.root.certificate]

    @property
    def trust_roots_asn1(self) -> list[asn1_x509.Certificate]:
        return [self.root.cert_asn1]

    @property
    def intermediates(self) -> list[x509.Certificate]:
        return [self.issuing_ca.certificate]

    # --- end entities --------------------------------------------------------------------------

    def person(self, full_name: str, *, agency: str = "Bộ Nội vụ", locality: str = "Hà Nội",
               email: str | None = None, variant: str = "good") -> Identity:
        """A competent person's certificate: CN = full name, O = agency."""
        return self._end_entity("person", full_name, agency, locality, email, variant)

    def organisation(self, name: str, *, parent: str = "Chính phủ", locality: str = "Hà Nội",
                     email: str | None = None, variant: str = "good") -> Identity:
        """An organisation's certificate (the electronic seal): CN = agency, O = parent body."""
        return self._end_entity("organisation", name, parent, locality, email, variant)

    def _end_entity(self, kind: str, cn: str, o: str, locality: str, email: str | None,
                    variant: str) -> Identity:
        if variant not in VARIANTS:
            raise ValueError(f"unknown certificate variant {variant!r} (known: {VARIANTS})")
        key_id = (kind, cn, o, variant)
        with self._lock:
            if key_id in self._ids:
                return self._ids[key_id]
            label = f"{kind}:{cn}:{o}:{variant}"
            key: PrivateKey
            if variant in _RSA_VARIANTS:
                key = rsa_key(f"{kind}-{variant}", _RSA_VARIANTS[variant])
            else:
                key = ec_key(label)
            issuer = self.untrusted_root if variant == "untrusted" else self.issuing_ca
            not_before, not_after = _d(2025, 1, 15, 8), _d(2028, 1, 15, 8)
            if kind == "organisation":
                not_before, not_after = _d(2025, 3, 13, 8), _d(2030, 3, 12, 8)
            if variant == "expired":
                not_before, not_after = _d(2021, 1, 4, 8), _d(2024, 1, 4, 8)
            elif variant == "not_yet_valid":
                not_before, not_after = _d(2026, 6, 1, 8), _d(2029, 6, 1, 8)
            usage = {"digital_signature", "content_commitment"}
            if variant == "wrong_key_usage":
                usage = {"key_encipherment", "data_encipherment"}
            mail = email or _mailbox(cn, o)
            subject = _name(C="VN", L=locality, O=o, CN=cn, E=mail)
            eku = [ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.EMAIL_PROTECTION]
            crl = None if variant == "untrusted" else "issuing-ca"
            cert = self._build(subject, issuer.certificate.subject, key.public_key(), issuer.key,
                               serial=_serial(label), not_before=not_before,
                               not_after=not_after, issuer_key=issuer.key, usage=usage, eku=eku,
                               crl_name=crl, aia_name=crl, ocsp=crl is not None)
            if variant == "sha1":
                cert = _resign_sha1(cert, issuer.key)
            chain = (issuer.certificate, *issuer.chain)
            ident = Identity(label, kind, variant, cert, key, chain, cn, o)
            if variant == "revoked":
                self._revoked.setdefault("issuing-ca", []).append(
                    _Revocation(cert.serial_number, _d(2026, 1, 10, 10)))
                self.__dict__.pop("_crl_cache", None)
            self._ids[key_id] = ident
            return ident

    def identities(self) -> list[Identity]:
        return list(self._ids.values())

    # --- revocation ----------------------------------------------------------------------------

    def crl(self, ca: str = "issuing-ca") -> x509.CertificateRevocationList:
        """The CRL of `ca` ("issuing-ca" or "root"), issued the day before the clock."""
        with self._lock:
            cache = self.__dict__.setdefault("_crl_cache", {})
            if ca in cache:
                return cache[ca]
            issuer = self.issuing_ca if ca == "issuing-ca" else self.root
            this_update = self.clock - dt.timedelta(days=1)
            builder = (x509.CertificateRevocationListBuilder()
                       .issuer_name(issuer.certificate.subject)
                       .last_update(_utc(this_update))
                       .next_update(_utc(this_update + dt.timedelta(days=30)))
                       .add_extension(x509.CRLNumber(int(this_update.strftime("%Y%m%d"))), False)
                       .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                           issuer.key.public_key()), False))
            for rev in sorted(self._revoked.get(ca, []), key=lambda r: r.serial):
                builder = builder.add_revoked_certificate(
                    x509.RevokedCertificateBuilder().serial_number(rev.serial)
                    .revocation_date(_utc(rev.when))
                    .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), False)
                    .build())
            result = builder.sign(issuer.key, hashes.SHA256())
            cache[ca] = result
            return result

    def crls_der(self) -> list[bytes]:
        """CRLs for every CA of the trusted hierarchy (issuing CA and root, so the TSA chain
        too): what an offline `revocation_mode="require"` validation needs."""
        return [self.crl(ca).public_bytes(serialization.Encoding.DER)
                for ca in ("issuing-ca", "root")]

    def is_revoked(self, serial: int, ca: str = "issuing-ca") -> dt.datetime | None:
        for rev in self._revoked.get(ca, []):
            if rev.serial == serial:
                return rev.when
        return None

    def find_by_serial(self, serial: int) -> Identity | None:
        for ident in (self.root, self.issuing_ca, self.tsa, self.ocsp_responder,
                      *self._ids.values()):
            if ident.serial == serial:
                return ident
        return None

    # --- export --------------------------------------------------------------------------------

    def export(self, directory: str | Path) -> dict[str, Path]:
        """Write the trust anchor and the other public PKI material as PEM files. The CRL lists
        the revoked certificates of the standard fixture cast (see `STANDARD_REVOKED`)."""
        for name, agency in STANDARD_REVOKED:
            self.person(name, agency=agency, variant="revoked")
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        files = {
            "root.pem": self.root.pem(),
            "issuing-ca.pem": self.issuing_ca.pem(),
            "tls-ca.pem": self.tls_ca.pem(),
            "tsa.pem": self.tsa.pem(),
            "ocsp.pem": self.ocsp_responder.pem(),
            "untrusted-root.pem": self.untrusted_root.pem(),
            "issuing-ca.crl.pem": self.crl("issuing-ca").public_bytes(serialization.Encoding.PEM),
            "root.crl.pem": self.crl("root").public_bytes(serialization.Encoding.PEM),
        }
        written = {}
        for name, data in files.items():
            path = out / name
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
            written[name] = path
        for kind in TLS_KINDS:
            cert, key = self.tls_files(kind, out / "tls")
            written[f"tls/{cert.name}"], written[f"tls/{key.name}"] = cert, key
        return written

    # --- certificate building ------------------------------------------------------------------

    def _build(self, subject: x509.Name, issuer: x509.Name, public_key, signing_key, *,
               serial: int, not_before: dt.datetime, not_after: dt.datetime,
               issuer_key: PrivateKey, ca: bool = False, path_len: int | None = None,
               usage: set[str] | None = None, eku: list | None = None,
               eku_critical: bool = False, crl_name: str | None, aia_name: str | None,
               ocsp: bool = False, ocsp_nocheck: bool = False,
               hosts: list[str] | None = None) -> x509.Certificate:
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
                   .public_key(public_key).serial_number(serial)
                   .not_valid_before(_utc(not_before)).not_valid_after(_utc(not_after))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=path_len if ca
                                                        else None), critical=True)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                       issuer_key.public_key()), False))
        if ca:
            usage = {"key_cert_sign", "crl_sign", "digital_signature"}
        flags = {name: name in (usage or set()) for name in (
            "digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
            "key_agreement", "key_cert_sign", "crl_sign")}
        builder = builder.add_extension(
            x509.KeyUsage(**flags, encipher_only=False, decipher_only=False), critical=True)
        if eku:
            builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=eku_critical)
        if crl_name:
            builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                [x509.UniformResourceIdentifier(f"{self.base_url}/crl/{crl_name}.crl")],
                None, None, None)]), False)
        if aia_name:
            access = [x509.AccessDescription(
                x509.oid.AuthorityInformationAccessOID.CA_ISSUERS,
                x509.UniformResourceIdentifier(f"{self.base_url}/crt/{aia_name}.crt"))]
            if ocsp:
                access.insert(0, x509.AccessDescription(
                    x509.oid.AuthorityInformationAccessOID.OCSP,
                    x509.UniformResourceIdentifier(f"{self.base_url}/ocsp")))
            builder = builder.add_extension(x509.AuthorityInformationAccess(access), False)
        if ocsp_nocheck:
            builder = builder.add_extension(x509.OCSPNoCheck(), False)
        if hosts:
            builder = builder.add_extension(x509.SubjectAlternativeName(
                [_general_name(h) for h in hosts]), False)
        if isinstance(signing_key, ec.EllipticCurvePrivateKey):
            return builder.sign(signing_key, hashes.SHA256(), ecdsa_deterministic=True)
        return builder.sign(signing_key, hashes.SHA256())


def _name(**parts: str) -> x509.Name:
    oids = {"C": NameOID.COUNTRY_NAME, "L": NameOID.LOCALITY_NAME,
            "O": NameOID.ORGANIZATION_NAME, "CN": NameOID.COMMON_NAME,
            "E": NameOID.EMAIL_ADDRESS}
    return x509.Name([x509.NameAttribute(oids[k], v) for k, v in parts.items()])


def _general_name(host: str) -> x509.GeneralName:
    import ipaddress

    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host)


def _mailbox(cn: str, org: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFD", cn.replace("Đ", "D").replace("đ", "d"))
    local = "".join(c for c in ascii_name if c.isascii() and c.isalnum()).lower()[:24] or "user"
    return f"{local}@test.gov.vn"


def _resign_sha1(cert: x509.Certificate, issuer_key: PrivateKey) -> x509.Certificate:
    """Re-sign a certificate with sha1WithRSAEncryption. cryptography >= 50 refuses to issue
    SHA-1 certificates, so the TBSCertificate is edited and signed by hand."""
    if not isinstance(issuer_key, rsa.RSAPrivateKey):
        raise ValueError("the SHA-1 fixture needs an RSA issuer")
    parsed = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    algo = asn1_x509.SignedDigestAlgorithm({"algorithm": _SHA1_RSA_OID, "parameters": None})
    tbs = parsed["tbs_certificate"].copy()
    tbs["signature"] = algo
    tbs_der = tbs.dump(force=True)
    signature = issuer_key.sign(tbs_der, padding.PKCS1v15(), hashes.SHA1())
    rebuilt = asn1_x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": algo,
                                     "signature_value": signature})
    return x509.load_der_x509_certificate(rebuilt.dump(force=True))


_DEFAULT: TestPKI | None = None
_DEFAULT_LOCK = threading.Lock()


def default_pki() -> TestPKI:
    """The process-wide PKI with the default base URL (what the offline corpus uses)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = TestPKI()
        return _DEFAULT


def main(argv: list[str] | None = None) -> int:
    """`python -m conformance.fixtures_gen.pki DIR`: export the PKI's public material."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else shipped_pki_dir()
    for name, path in default_pki().export(target).items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
