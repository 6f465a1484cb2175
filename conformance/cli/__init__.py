"""`qlvb-conformance`: the command line.

Exit codes: 0 conformant, 1 non-conformant (or inconclusive), 2 usage or input error.
Messages are Vietnamese by default; `--lang en` switches to English.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from conformance import __version__
from conformance.cli import check_cmd, report_cmd, rules_cmd, run_cmd, validate_cmd
from conformance.cli.common import EXIT_USAGE, UsageError
from conformance.datafiles import DataFileError
from reference_axis import cli as axis_cmd
from reference_axis.reference_qlvb import demo as demo_cmd


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error names the problem in Vietnamese and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: lỗi cú pháp lệnh / usage error: {message}\n")
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="qlvb-conformance",
        description=(
            "Bộ kiểm thử sự phù hợp gửi, nhận văn bản điện tử (QĐ 28/2018/QĐ-TTg). "
            "Conformance harness for electronic document exchange (QĐ 28/2018/QĐ-TTg)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"qlvb-conformance {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    run_cmd.register(sub)
    rules_cmd.register(sub)
    check_cmd.register(sub)
    validate_cmd.register(sub)
    axis_cmd.register(sub)
    demo_cmd.register(sub)
    report_cmd.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    lang = getattr(args, "lang", "vi")
    try:
        return int(args.handler(args))
    except (DataFileError, UsageError) as exc:
        sys.stderr.write(f"qlvb-conformance: {exc.message(lang)}\n")
        return EXIT_USAGE
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never show a bare traceback to an officer
        if os.environ.get("QLVB_DEBUG"):
            traceback.print_exc()
        sys.stderr.write(
            "qlvb-conformance: lỗi nội bộ / internal error: "
            f"{type(exc).__name__}: {exc}\n(đặt QLVB_DEBUG=1 để xem chi tiết; set QLVB_DEBUG=1 "
            "for the traceback)\n"
        )
        return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())
