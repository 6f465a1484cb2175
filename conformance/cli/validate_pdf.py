"""Signed PDFs on the command line: the options and the work behind `qlvb-conformance validate
FILE.pdf` (the `validate` command dispatches `.pdf` paths here).

    add_pdf_options(parser)            --role, --direction, --package, --trust, --crl,
                                       --online, --jobs
    validate_pdf_files(paths, args)    -> findings of every PDF named or found in folders

Options it reads from `args` when present: `profile` (default nd30), `at` (an ISO 8601 string
or a datetime), `lang`. A folder is searched recursively for `*.pdf` and validated with all
cores (`--jobs`, default: all cores for a folder, 1 for single files).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from conformance.cli.common import UsageError, collect_files
from conformance.findings import Finding
from conformance.pdf.batch import BatchOptions, flatten, validate_files
from conformance.pdf.validate import ROLES

SUFFIX = ".pdf"


def add_pdf_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("PDF ký số / signed PDFs")
    group.add_argument("--role", choices=ROLES, default="main",
                       help="loại tệp: văn bản chính, văn bản kèm theo, bản sao, văn bản số hóa / "
                            "file role (default main)")
    group.add_argument("--direction", choices=("outgoing", "incoming"), default=None,
                       help="văn bản số hóa: văn bản đi (bên gửi số hóa) hay văn bản đến (bên "
                            "nhận số hóa) / digitised document: outgoing or incoming")
    group.add_argument("--package", metavar="FILE.edxml",
                       help="gói tin edXML để đối chiếu người ký, cơ quan gửi / edXML package to "
                            "cross-check signer and sender")
    group.add_argument("--trust", nargs="+", metavar="CERT", default=[],
                       help="chứng thư neo tin cậy (PEM/DER; chứng thư trung gian cũng được) / "
                            "trust anchors (PEM/DER; intermediates allowed)")
    group.add_argument("--crl", nargs="+", metavar="CRL", default=[],
                       help="danh sách thu hồi (CRL, PEM/DER) / CRLs (PEM/DER)")
    group.add_argument("--online", action="store_true",
                       help="cho phép tải CRL/OCSP theo địa chỉ trong chứng thư / fetch CRL/OCSP "
                            "from the certificates' URLs")
    group.add_argument("--jobs", type=int, metavar="N", default=None,
                       help="số tiến trình song song (mặc định: mọi lõi khi kiểm tra thư mục) / "
                            "parallel processes (default: all cores for a folder)")


def collect_pdfs(paths: Sequence[str]) -> tuple[list[Path], bool]:
    """The PDFs named or found under folders (sorted), and whether a folder was given."""
    return collect_files(paths, (SUFFIX,))


def _read(path: str | Path, what_vi: str, what_en: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"không đọc được {what_vi} '{path}': {exc.strerror or exc}",
                         f"cannot read {what_en} '{path}': {exc.strerror or exc}") from None


def _moment(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    from conformance.timing.formats import VN_TZ, parse_iso8601

    moment = parse_iso8601(str(value))
    if moment is None:
        raise UsageError(f"thời điểm --at không hợp lệ '{value}'", f"invalid --at '{value}'")
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def _package(path: str | None) -> Any:
    if not path:
        return None
    data = _read(path, "gói tin", "package")
    try:
        from conformance.edxml.parser import parse_package
    except ImportError:
        sys.stderr.write("qlvb-conformance: chưa có bộ đọc edXML, bỏ qua --package / no edXML "
                         "reader available, --package skipped\n")
        return None
    result = parse_package(data, file=path)
    if result.package is None:
        raise UsageError(f"không đọc được gói tin '{path}'", f"cannot read package '{path}'")
    from conformance.pdf.roles import package_facts

    return package_facts(result.package)


def _options(args: argparse.Namespace) -> BatchOptions:
    trust = [_read(p, "chứng thư", "certificate") for p in getattr(args, "trust", []) or []]
    crls = [_read(p, "CRL", "CRL") for p in getattr(args, "crl", []) or []]
    if trust:
        from conformance.pdf.pades import load_certificates

        try:
            roots, _ = load_certificates(trust)
        except Exception as exc:
            raise UsageError(f"chứng thư --trust không hợp lệ: {exc}",
                             f"invalid --trust certificate: {exc}") from None
        if not roots:
            raise UsageError("--trust cần ít nhất một chứng thư gốc (tự ký)",
                             "--trust needs at least one self-signed root certificate")
    profile = getattr(args, "profile", None) or "nd30"
    from conformance.profiles import load_profile

    load_profile(profile)  # a bad profile is a usage error before any work
    return BatchOptions(role=getattr(args, "role", "main") or "main", profile=profile,
                        trust_roots=tuple(trust), crls=tuple(crls),
                        online=bool(getattr(args, "online", False)),
                        at=_moment(getattr(args, "at", None)),
                        direction=getattr(args, "direction", None),
                        package=_package(getattr(args, "package", None)))


def validate_pdf_files(paths: Sequence[str | Path], args: argparse.Namespace) -> list[Finding]:
    """Validate every PDF named in `paths` (folders searched recursively)."""
    files, folder = collect_pdfs([str(p) for p in paths])
    options = _options(args)
    jobs = getattr(args, "jobs", None)
    if jobs is None:
        jobs = (os.cpu_count() or 1) if folder else 1
    if jobs < 1:
        raise UsageError("--jobs phải là số nguyên dương", "--jobs must be a positive integer")
    # one code path with the library's batch: warm forked workers, findings in file order
    return flatten(validate_files(files, jobs=jobs, options=options))
