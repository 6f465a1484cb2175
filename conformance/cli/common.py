"""Options and output shared by the sub-commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

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
