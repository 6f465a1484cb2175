"""`qlvb-conformance rules`: the rule catalog with what covers each rule."""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from typing import Any

from conformance.cli.common import EXIT_CONFORMANT, UsageError, add_output_options
from conformance.coverage import RuleCoverage, rule_coverage
from conformance.findings import SEVERITY_TEXT
from conformance.profiles import load_profile, shipped_profiles


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "rules",
        help="danh mục quy tắc / the rule catalog",
        description="In danh mục quy tắc: mã, điều khoản, mức độ, hồ sơ áp dụng, hàm kiểm tra và "
                    "kịch bản bao phủ. Prints the rule catalog with coverage.",
    )
    add_output_options(p, ("table", "json"))
    p.add_argument("--profile", help="chỉ các quy tắc của hồ sơ này / only this profile's rules")
    p.add_argument("pattern", nargs="?", default="*",
                   help="lọc theo mã quy tắc, ví dụ 'QD28-10.*' / filter by rule ID glob")
    p.set_defaults(handler=run)


def _as_dict(c: RuleCoverage) -> dict[str, Any]:
    r = c.rule
    return {
        "id": r.id,
        "prefix": r.prefix,
        "document": r.clause.source.document,
        "clause": {
            "article": r.clause.article,
            "clause": r.clause.clause,
            "point": r.clause.point,
            "section": r.clause.section,
            "source_file": r.clause.source.file,
            "citation": {"vi": r.clause.cite("vi"), "en": r.clause.cite("en")},
        },
        "title": {"vi": r.title.vi, "en": r.title.en},
        "severity": str(r.severity),
        "testable": r.testable,
        "area": r.area,
        "note": r.note,
        "profiles": c.profiles,
        "validators": c.validators,
        "scenarios": c.scenarios,
    }


def _table(rows: list[RuleCoverage], lang: str) -> str:
    vi = lang != "en"
    none = "(chưa có)" if vi else "(none)"
    out = []
    for c in rows:
        r = c.rule
        testable = ("kiểm thử được" if r.testable else "không tự động") if vi else (
            "testable" if r.testable else "not machine-testable")
        out.append(f"{r.id}  [{SEVERITY_TEXT[r.severity][lang]}; {testable}; "
                   f"{', '.join(c.profiles) or none}]")
        out.append(f"    {r.clause.cite(lang)}")
        out.append(f"    {r.title.get(lang)}")
        validators = ", ".join(c.validators) or none
        out.append(f"    {'hàm kiểm tra' if vi else 'validators'}: {validators}")
        out.append(f"    {'kịch bản' if vi else 'scenarios'}: {'; '.join(c.scenarios) or none}")
    testable = [c for c in rows if c.rule.testable]
    covered = [c for c in testable if c.validators or c.scenarios]
    summary = (
        f"{len(rows)} quy tắc; {len(testable)} kiểm thử được; {len(covered)} đã có hàm kiểm tra "
        f"hoặc kịch bản."
        if vi else
        f"{len(rows)} rules; {len(testable)} testable; {len(covered)} covered by a validator "
        f"or a scenario."
    )
    out.append(summary)
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    rows = rule_coverage()
    if args.profile:
        if args.profile not in shipped_profiles() and not args.profile.endswith(".toml"):
            raise UsageError(f"không có hồ sơ '{args.profile}'", f"no profile '{args.profile}'")
        profile = load_profile(args.profile)
        rows = [c for c in rows if profile.includes(c.rule.id)]
    rows = [c for c in rows if fnmatch.fnmatchcase(c.rule.id, args.pattern)]
    if args.format == "json":
        sys.stdout.write(json.dumps([_as_dict(c) for c in rows], ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_table(rows, args.lang) + "\n")
    return EXIT_CONFORMANT
