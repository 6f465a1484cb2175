"""The evidence bundle: signed manifest, verification, each kind of tampering, zip-slip."""

from __future__ import annotations

import json
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from conformance.fixtures_gen.pki import default_pki
from conformance.reports import bundle as bundle_mod
from conformance.reports.bundle import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    BundleError,
    entry_problem,
    extract_bundle,
    self_signed_test_signer,
    verify_bundle,
    write_bundle,
)
from conformance.reports.run_outputs import write_run_reports
from tests.test_reports_sample import build_sample_run


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report directory written like `run` does, bundled with the default TEST key."""
    root = tmp_path_factory.mktemp("bundle")
    report = root / "conformance-report"
    run = build_sample_run(report)
    write_run_reports(run, report)
    write_bundle(report, root / "bundle.zip")
    return root / "bundle.zip"


def rewrite(src: Path, dst: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(src) as zf:
        entries = {i.filename: zf.read(i) for i in zf.infolist()}
    change(entries)
    with zipfile.ZipFile(dst, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return dst


def test_a_fresh_bundle_verifies(signed: Path) -> None:
    result = verify_bundle(signed)
    assert result.valid and result.intact, result.problems
    assert not (result.missing or result.extra or result.altered or result.unsafe)
    with zipfile.ZipFile(signed) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read(MANIFEST_NAME))
    assert {MANIFEST_NAME, SIGNATURE_NAME, "report.html", "summary.json", "junit.xml",
            "run-result.json", "axis/traffic.jsonl", "packages/VB1-gui.edxml",
            "pdf/VB1.pdf"} <= names
    assert set(manifest["files"]) == names - {MANIFEST_NAME, SIGNATURE_NAME}
    assert result.files_checked == len(manifest["files"])
    assert all(len(v["sha256"]) == 64 and v["size"] > 0 for v in manifest["files"].values())
    assert manifest["run"]["verdict"] == "non_conformant" and manifest["run"]["profile"] == "nd30"
    assert manifest["created"].endswith("+07:00")


def test_the_default_signer_is_reported_as_test(signed: Path) -> None:
    s = verify_bundle(signed).signature
    assert s.present and s.intact and s.valid and s.test_signer
    assert s.signer_common_name == bundle_mod.TEST_SIGNER_NAME
    assert s.trusted is None  # no anchor given: integrity only
    assert s.signing_time and s.signing_time.endswith("+07:00")


def test_trust_anchor_right_and_wrong(signed: Path) -> None:
    pki = default_pki()
    good = verify_bundle(signed, trust=pki.trust_roots)
    assert good.valid and good.signature.trusted
    assert good.signature.trust_anchor == "RootCA chuyên dùng Chính phủ G2 (TEST)"
    wrong = verify_bundle(signed, trust=[pki.untrusted_root.certificate])
    assert not wrong.valid and wrong.intact and wrong.signature.trusted is False
    assert any("tin cậy" in p.vi and "trust anchor" in p.en for p in wrong.problems)


def test_one_changed_byte_is_detected_and_named(signed: Path, tmp_path: Path) -> None:
    def flip(entries: dict[str, bytes]) -> None:
        data = bytearray(entries["pdf/VB1.pdf"])
        data[3] ^= 0x01
        entries["pdf/VB1.pdf"] = bytes(data)

    result = verify_bundle(rewrite(signed, tmp_path / "t.zip", flip))
    assert not result.valid and result.altered == ["pdf/VB1.pdf"]
    assert result.signature.valid  # the manifest itself is untouched
    assert any("pdf/VB1.pdf" in p.vi for p in result.problems)


def test_an_added_file_is_detected_and_named(signed: Path, tmp_path: Path) -> None:
    result = verify_bundle(rewrite(signed, tmp_path / "t.zip",
                                   lambda e: e.update({"packages/forged.edxml": b"<x/>"})))
    assert not result.valid and result.extra == ["packages/forged.edxml"]


def test_a_removed_file_is_detected_and_named(signed: Path, tmp_path: Path) -> None:
    result = verify_bundle(rewrite(signed, tmp_path / "t.zip",
                                   lambda e: e.pop("axis/traffic.jsonl")))
    assert not result.valid and result.missing == ["axis/traffic.jsonl"]
    assert any("axis/traffic.jsonl" in p.en for p in result.problems)


def test_an_altered_manifest_breaks_the_signature(signed: Path, tmp_path: Path) -> None:
    """The attack that hashes alone cannot catch: change a file and its manifest hash."""
    def forge(entries: dict[str, bytes]) -> None:
        entries["report.html"] = entries["report.html"].replace("KHÔNG ĐẠT".encode(),
                                                                "ĐẠT".encode())
        manifest = json.loads(entries[MANIFEST_NAME])
        import hashlib
        manifest["files"]["report.html"] = {
            "sha256": hashlib.sha256(entries["report.html"]).hexdigest(),
            "size": len(entries["report.html"])}
        entries[MANIFEST_NAME] = json.dumps(manifest, indent=2).encode()

    result = verify_bundle(rewrite(signed, tmp_path / "t.zip", forge))
    assert result.intact  # every hash matches the forged manifest…
    assert not result.valid and not (result.signature.intact and result.signature.valid)
    assert any("MANIFEST" in p.en or "manifest" in p.en for p in result.problems)


def test_missing_or_garbage_signature(signed: Path, tmp_path: Path) -> None:
    no_sig = verify_bundle(rewrite(signed, tmp_path / "a.zip", lambda e: e.pop(SIGNATURE_NAME)))
    assert not no_sig.valid and not no_sig.signature.present
    garbage = verify_bundle(rewrite(signed, tmp_path / "b.zip",
                                    lambda e: e.update({SIGNATURE_NAME: b"\x30\x03\x02\x01\x00"})))
    assert not garbage.valid and garbage.signature.error
    no_manifest = verify_bundle(rewrite(signed, tmp_path / "c.zip", lambda e: e.pop(MANIFEST_NAME)))
    assert not no_manifest.valid and not no_manifest.manifest_ok


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil", "a/../../evil", "C:/evil",
                                  "a\\..\\evil", "./x"])
def test_zip_slip_entries_are_refused(signed: Path, tmp_path: Path, name: str) -> None:
    assert entry_problem(name)
    bad = rewrite(signed, tmp_path / "t.zip", lambda e: e.update({name: b"pwned"}))
    result = verify_bundle(bad)
    assert not result.valid and result.unsafe == [name]
    dest = tmp_path / "out"
    with pytest.raises(BundleError, match=r"unsafe entry"):
        extract_bundle(bad, dest)
    assert not dest.exists() or not any(dest.rglob("*"))
    assert not (tmp_path / "evil.txt").exists()


def test_symlink_entries_are_refused(signed: Path, tmp_path: Path) -> None:
    bad = tmp_path / "t.zip"
    rewrite(signed, bad, lambda e: None)
    with zipfile.ZipFile(bad, "a") as zf:
        info = zipfile.ZipInfo("packages/link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    assert "packages/link" in verify_bundle(bad).unsafe
    with pytest.raises(BundleError):
        extract_bundle(bad, tmp_path / "out")


def test_safe_extraction_of_a_good_bundle(signed: Path, tmp_path: Path) -> None:
    files = extract_bundle(signed, tmp_path / "x")
    assert (tmp_path / "x" / "report.html") in files
    assert (tmp_path / "x" / MANIFEST_NAME).is_file()


def test_a_user_key_and_certificate_sign_the_bundle(tmp_path: Path) -> None:
    pki = default_pki()
    ident = pki.organisation("Sở Thông tin và Truyền thông tỉnh Mẫu")
    key_pem = ident.key.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())
    cert_pem = ident.pem() + b"".join(
        c.public_bytes(serialization.Encoding.PEM) for c in ident.chain)
    report = tmp_path / "r"
    build_sample_run(report)
    info = write_bundle(report, tmp_path / "b.zip", key_pem=key_pem, cert_pem=cert_pem)
    assert "Sở Thông tin" in info.signer
    result = verify_bundle(tmp_path / "b.zip", trust=pki.trust_roots)
    assert result.valid and result.signature.signer_common_name == (
        "Sở Thông tin và Truyền thông tỉnh Mẫu")
    # mismatched key and certificate
    other = pki.organisation("Cơ quan khác").key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    with pytest.raises(BundleError, match="does not match"):
        write_bundle(report, tmp_path / "c.zip", key_pem=other, cert_pem=cert_pem)


def test_fallback_self_signed_test_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise ImportError("no test PKI")

    monkeypatch.setattr(bundle_mod, "default_test_signer", broken)
    report = tmp_path / "r"
    build_sample_run(report)
    info = write_bundle(report, report / "bundle.zip")  # inside the directory: left out
    assert info.test_signer and info.files == 3
    result = verify_bundle(report / "bundle.zip")
    assert result.valid and result.signature.test_signer
    cert = self_signed_test_signer().certificate
    assert cert == self_signed_test_signer().certificate  # deterministic key and certificate
    assert verify_bundle(report / "bundle.zip", trust=[cert]).valid
    assert isinstance(cert, x509.Certificate)


def test_bundle_input_errors(tmp_path: Path) -> None:
    with pytest.raises(BundleError):
        write_bundle(tmp_path / "absent", tmp_path / "b.zip")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / MANIFEST_NAME).write_text("{}")
    with pytest.raises(BundleError, match="reserved"):
        write_bundle(tmp_path / "r", tmp_path / "b.zip")
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    with pytest.raises(BundleError):
        verify_bundle(tmp_path / "junk.zip")
