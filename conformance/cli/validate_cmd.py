"""`qlvb-conformance validate PATH...`: validate edXML packages and signed PDFs (.edxml and .pdf
files, or folders searched recursively) and report the findings.

The reference moment (`--at`, ISO 8601) defaults to each package's own time — its latest
TraceHeader, a status package's Timestamp, or the end of its promulgation day — never the
machine's clock; the output says which moment was used for each file.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from conformance.cli.common import (
    UsageError,
    add_output_options,
    add_profile_option,
    collect_files,
    emit,
)
from conformance.cli.validate_pdf import add_pdf_options, validate_pdf_files
from conformance.edxml.validate import validate
from conformance.findings import Finding
from conformance.timing.formats import VN_TZ, parse_iso8601

SUFFIX = ".edxml"
PDF_SUFFIX = ".pdf"

_SOURCES = {
    "--at": ("tham số --at", "the --at option"),
    "TraceHeader": ("TraceHeader gần nhất của gói tin", "the package's latest TraceHeader"),
    "Timestamp": ("Timestamp của gói tin trạng thái", "the status package's Timestamp"),
    "PromulgationDate": ("cuối ngày ban hành của gói tin", "the end of the promulgation day"),
    "none": ("không có — các quy tắc cần thời điểm được bỏ qua",
             "none — rules that need a moment are skipped"),
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="kiểm tra gói tin edXML, văn bản PDF ký số / validate edXML packages, signed PDFs",
        description="Kiểm tra gói tin edXML và văn bản PDF ký số (tệp .edxml, .pdf hoặc thư mục, "
                    "tìm đệ quy) theo QCVN 102:2016, QĐ 28/2018, NĐ 30/2020. Validates edXML "
                    "packages and signed PDFs (files or folders, searched recursively).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="tệp .edxml, .pdf hoặc thư mục / an .edxml or .pdf file, or a folder")
    add_output_options(p, ("text", "json", "junit"))
    add_profile_option(p)
    p.add_argument("--mode", choices=("strict", "observed"), default="strict",
                   help="lược đồ nghiêm ngặt (QCVN 102) hoặc theo thực tế / strict or as-observed "
                        "schema (mặc định strict)")
    p.add_argument("--at", metavar="ISO8601",
                   help="thời điểm tham chiếu, ví dụ 2026-03-02T17:00:00+07:00 (mặc định: thời "
                        "điểm của chính gói tin) / reference moment (default: the package's own)")
    add_pdf_options(p)
    p.set_defaults(handler=run)


def parse_at(value: str | None) -> datetime | None:
    if value is None:
        return None
    moment = parse_iso8601(value)
    if moment is None:
        raise UsageError(
            f"thời điểm --at không hợp lệ '{value}' (cần ISO 8601, ví dụ "
            "2026-03-02T17:00:00+07:00)",
            f"invalid --at moment '{value}' (expected ISO 8601, e.g. 2026-03-02T17:00:00+07:00)")
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def collect(paths: list[str]) -> tuple[list[Path], bool]:
    """The .edxml and .pdf files named or found under the given paths, in a stable order, and
    whether a folder was given (a folder of PDFs is validated on all cores)."""
    return collect_files(paths, (SUFFIX, PDF_SUFFIX))


def read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"không đọc được tệp '{path}': {exc.strerror or exc}",
                         f"cannot read file '{path}': {exc.strerror or exc}") from None


@dataclass(frozen=True)
class FileResult:
    path: Path
    findings: list[Finding]
    moment: datetime | None
    source: str


def describe_moment(result: FileResult, lang: str) -> str:
    vi, en = _SOURCES.get(result.source, (result.source, result.source))
    when = result.moment.isoformat() if result.moment else "—"
    if lang == "en":
        return f"{result.path}: reference moment {when} ({en})"
    return f"{result.path}: thời điểm tham chiếu {when} ({vi})"


def run(args: argparse.Namespace) -> int:
    at = parse_at(args.at)
    files, folder = collect(args.paths)
    pdfs = [p for p in files if p.suffix.lower() == PDF_SUFFIX]
    packages = [p for p in files if p.suffix.lower() != PDF_SUFFIX]
    if folder and args.jobs is None:
        args.jobs = os.cpu_count() or 1
    pdf_findings = validate_pdf_files(pdfs, args) if pdfs else []
    if not packages:
        subject = (f"{len(pdfs)} PDF file(s), role {args.role}" if args.lang == "en"
                   else f"{len(pdfs)} tệp PDF, vai trò {args.role}")
        return emit(pdf_findings, args, subject=subject)
    datas = [(path, read(path)) for path in packages]  # read all first: a bad path fails early
    results = []
    for path, data in datas:
        v = validate(data, profile=args.profile, mode=args.mode, at=at, file=str(path))
        results.append(FileResult(path, v.findings, v.moment, v.moment_source))
    findings = [f for r in results for f in r.findings] + pdf_findings
    mode = "nghiêm ngặt" if args.mode == "strict" else "theo thực tế"
    mode_en = args.mode
    moments = "; ".join(describe_moment(r, args.lang) for r in results)
    if args.lang == "en":
        subject = f"{len(results)} edXML package(s), {mode_en} mode — {moments}"
    else:
        subject = f"{len(results)} gói tin edXML, chế độ {mode} ({mode_en}) — {moments}"
    if pdfs:
        subject += (f"; {len(pdfs)} PDF file(s)" if args.lang == "en" else f"; {len(pdfs)} tệp PDF")
    return emit(findings, args, subject=subject)
