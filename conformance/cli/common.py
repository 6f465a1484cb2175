"""Options and output shared by the sub-commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from conformance.findings import Finding, Verdict, verdict
from conformance.profiles import DEFAULT_PROFILE, Profile, load_profile
from conformance.reports import json_report, junit, text

EXIT_CONFORMANT = 0
EXIT_NON_CONFORMANT = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad input on the command line, said in both languages."""

    def __init__(self, vi: str, en: str) -> None:
        self.vi, self.en = vi, en
        super().__init__(en)

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


def collect_files(paths: Sequence[str], suffixes: Sequence[str]) -> tuple[list[Path], bool]:
    """The files named, plus those with one of `suffixes` found under named folders (sorted),
    and whether a folder was given. A missing path or an empty folder is a usage error."""
    files: list[Path] = []
    folder = False
    wanted = " hay ".join(suffixes), " or ".join(suffixes)
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"không tìm thấy đường dẫn '{raw}'", f"path not found: '{raw}'")
        if not path.is_dir():
            files.append(path)
            continue
        folder = True
        found = sorted(p for p in path.rglob("*") if p.suffix.lower() in suffixes and p.is_file())
        if not found:
            raise UsageError(f"thư mục '{raw}' không có tệp {wanted[0]} nào",
                             f"folder '{raw}' holds no {wanted[1]} file")
        files.extend(found)
    return files, folder


def add_output_options(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    parser.add_argument("--format", choices=formats, default=formats[0],
                        help="định dạng kết quả / output format")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi",
                        help="ngôn ngữ / language (vi mặc định)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="in cả các kiểm tra đạt / also list the checks that passed (text)")


def add_profile_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", default=DEFAULT_PROFILE,
                        help="hồ sơ quy tắc (nd30, tt01-2019 hoặc đường dẫn tệp .toml) / "
                             "regulatory profile (ID or .toml path)")


def profile_from(args: argparse.Namespace) -> Profile:
    return load_profile(args.profile)


def emit(findings: Sequence[Finding], args: argparse.Namespace, *, subject: str) -> int:
    """Print findings in the chosen format; return the exit code of the verdict."""
    profile = getattr(args, "profile", None)
    if args.format == "json":
        out = json_report.render(findings, subject=subject, profile=profile)
    elif args.format == "junit":
        out = junit.render(findings, subject=subject, lang=args.lang)
    else:
        out = text.render(findings, subject=subject, lang=args.lang,
                          verbose=getattr(args, "verbose", False))
    sys.stdout.write(out + "\n")
    return EXIT_CONFORMANT if verdict(findings) is Verdict.CONFORMANT else EXIT_NON_CONFORMANT
