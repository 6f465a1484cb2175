"""The signed-PDF side of the command line: options, folders, parallel jobs, --trust, --package."""

from __future__ import annotations

import argparse
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from conformance.cli.common import UsageError, add_profile_option
from conformance.cli.validate_pdf import add_pdf_options, validate_pdf_files
from conformance.findings import Status, Verdict, verdict
from conformance.fixtures_gen.pki import shipped_pki_dir
from tests.pdf_support import corpus, failed_rules


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--at")
    add_profile_option(parser)
    add_pdf_options(parser)
    return parser.parse_args(argv)


ROOT = str(shipped_pki_dir() / "root.pem")
CRL = str(shipped_pki_dir() / "issuing-ca.crl.pem")


def test_single_file_with_shipped_trust_anchor() -> None:
    path = corpus("nd30")["main.pdf"].path
    args = parse([str(path), "--trust", ROOT, "--crl", CRL, str(shipped_pki_dir() /
                                                                  "root.crl.pem")])
    findings = validate_pdf_files(args.paths, args)
    assert verdict(findings) is Verdict.CONFORMANT
    assert {f.status for f in findings if f.rule_id == "LC2019-6.1a"} == {Status.PASS}
    assert {f.status for f in findings if f.rule_id == "TT41-REVOCATION"} == {Status.PASS}


def test_folder_uses_a_process_pool(tmp_path: Path) -> None:
    entries = corpus("tt01-2019")
    for name in ("main.pdf", "LC2019-9.2c__seal_blue.pdf", "TT41-PDF__not_a_pdf.pdf"):
        shutil.copy(entries[name].path, tmp_path / name)
    args = parse([str(tmp_path), "--trust", ROOT, "--profile", "tt01-2019", "--jobs", "2"])
    findings = validate_pdf_files(args.paths, args)
    by_file: dict[str, set[str]] = {}
    for f in findings:
        by_file.setdefault(Path(f.location.file or "").name, set())
    for name in by_file:
        rules = failed_rules([f for f in findings if Path(f.location.file or "").name == name])
        expected = set() if name == "main.pdf" else {name.split("__")[0]}
        assert rules == expected, name
    assert set(by_file) == {"main.pdf", "LC2019-9.2c__seal_blue.pdf", "TT41-PDF__not_a_pdf.pdf"}


def test_package_cross_check(tmp_path: Path) -> None:
    from conformance.edxml.builder import build_package
    from conformance.edxml.model import SignerInfo
    from conformance.fixtures_gen.edxml import SENDER, edoc

    package = edoc("0", signer_info=SignerInfo("KT. BỘ TRƯỞNG", "Thứ trưởng", "Trần Thị Bình"),
                   from_=replace(SENDER, organ_name="Bộ Nội vụ"))
    edxml = tmp_path / "goi.edxml"
    edxml.write_bytes(build_package(package))
    path = corpus("nd30")["main.pdf"].path
    args = parse([str(path), "--trust", ROOT, "--package", str(edxml)])
    findings = validate_pdf_files(args.paths, args)
    assert {f.status for f in findings if f.rule_id == "KH2364-1"} == {Status.FAIL}
    assert {f.status for f in findings if f.rule_id == "DN35-9.3b"} == {Status.PASS}


@pytest.mark.parametrize("argv", [["missing.pdf"], ["{main}", "--trust", "missing.pem"],
                                  ["{main}", "--at", "not-a-time"],
                                  ["{main}", "--trust", "{issuing}"],
                                  ["{main}", "--profile", "no-such-profile"]])
def test_usage_errors(argv: list[str]) -> None:
    from conformance.datafiles import DataFileError

    main = str(corpus("nd30")["main.pdf"].path)
    issuing = str(shipped_pki_dir() / "issuing-ca.pem")
    args = parse([a.format(main=main, issuing=issuing) for a in argv])
    with pytest.raises((UsageError, DataFileError)):
        validate_pdf_files(args.paths, args)
