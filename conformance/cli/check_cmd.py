"""`qlvb-conformance check …`: run one validator on one value from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

from conformance.cli.common import (
    UsageError,
    add_output_options,
    add_profile_option,
    emit,
    profile_from,
)
from conformance.findings import Finding, Location
from conformance.identifiers.agency_code import check_agency_code
from conformance.identifiers.date_line import check_date_line
from conformance.identifiers.document_id import check_document_id
from conformance.identifiers.notation import check_notation
from conformance.identifiers.text import check_text
from conformance.timing.deadlines import check_acknowledgement, check_dispatch
from conformance.timing.formats import check_edxml_date, check_edxml_datetime, check_iso8601_vn

Handler = Callable[[argparse.Namespace], list[Finding]]


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise UsageError(
        f"ngày không hợp lệ '{value}' (cần yyyy-MM-dd, yyyy/MM/dd hoặc dd/MM/yyyy)",
        f"invalid date '{value}' (expected yyyy-MM-dd, yyyy/MM/dd or dd/MM/yyyy)",
    )


def _arg(args: argparse.Namespace) -> Location:
    return Location(field=args.check)


def _agency_code(args: argparse.Namespace) -> list[Finding]:
    forms = args.forms.split(",") if args.forms else profile_from(args)["agency_code_forms"]
    return check_agency_code(args.value, forms=forms, location=_arg(args))


def _document_id(args: argparse.Namespace) -> list[Finding]:
    return check_document_id(args.value, sender=args.sender, date=_date(args.date),
                             notation=args.notation, location=_arg(args))


def _notation(args: argparse.Namespace) -> list[Finding]:
    return check_notation(args.value, stated_type=args.type, location=_arg(args))


def _date_line(args: argparse.Namespace) -> list[Finding]:
    return check_date_line(args.value, expected=_date(args.expected), location=_arg(args))


def _text(args: argparse.Namespace) -> list[Finding]:
    return check_text(args.value, location=_arg(args))


def _timestamp(args: argparse.Namespace) -> list[Finding]:
    return check_iso8601_vn(args.value, location=_arg(args))


def _edxml_date(args: argparse.Namespace) -> list[Finding]:
    return check_edxml_date(args.value, location=_arg(args))


def _edxml_datetime(args: argparse.Namespace) -> list[Finding]:
    return check_edxml_datetime(args.value, location=_arg(args))


def _deadline(args: argparse.Namespace) -> list[Finding]:
    return check_dispatch(args.signed, args.sent, profile=profile_from(args), urgent=args.urgent,
                          location=_arg(args))


def _acknowledgement(args: argparse.Namespace) -> list[Finding]:
    return check_acknowledgement(args.arrived, args.acknowledged, profile=profile_from(args),
                                 location=_arg(args))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="kiểm tra một giá trị / check one value",
        description="Chạy một bộ kiểm tra trên một giá trị. Runs one validator on one value.",
    )
    checks = p.add_subparsers(dest="check", metavar="CHECK", required=True,
                              parser_class=type(p))

    def add(name: str, handler: Handler, help_vi: str, value_help: str | None = None
            ) -> argparse.ArgumentParser:
        c = checks.add_parser(name, help=help_vi, description=help_vi)
        if value_help:
            c.add_argument("value", help=value_help)
        add_output_options(c, ("text", "json", "junit"))
        add_profile_option(c)
        c.set_defaults(handler=lambda a: emit(handler(a), a, subject=_subject(a)))
        return c

    c = add("agency-code", _agency_code, "mã định danh cơ quan / agency code",
            "ví dụ 000.00.00.G22")
    c.add_argument("--forms", help="dạng chấp nhận: qcvn102,qd20 (mặc định theo hồ sơ)")
    c = add("document-id", _document_id, "mã định danh văn bản / document id",
            "ví dụ 000.00.00.G22,2015/09/30,7816/VPCP-TTĐT")
    c.add_argument("--sender", help="mã cơ quan gửi theo gói tin / sender code the package states")
    c.add_argument("--date", help="ngày ban hành theo gói tin / promulgation date")
    c.add_argument("--notation", help="số và ký hiệu theo gói tin / number and notation")
    c = add("notation", _notation, "số và ký hiệu văn bản / number and notation",
            "ví dụ 11796/VPCP-KSTT")
    c.add_argument("--type", help="tên loại văn bản đã khai báo, ví dụ 'Công văn'")
    c = add("date-line", _date_line, "dòng địa danh, ngày tháng năm / place and date line",
            "ví dụ 'Hà Nội, ngày 05 tháng 01 năm 2020'")
    c.add_argument("--expected", help="ngày ban hành mong đợi / expected date")
    add("text", _text, "văn bản Unicode NFC, không dùng bảng mã cũ / Unicode text check",
        "chuỗi cần kiểm tra")
    add("timestamp", _timestamp, "thời gian ISO 8601 giờ Việt Nam / ISO 8601 +07:00",
        "ví dụ 2026-11-22T09:30:00+07:00")
    add("edxml-date", _edxml_date, "ngày trong gói tin yyyy/MM/dd / edXML date", "ví dụ 2020/01/05")
    add("edxml-datetime", _edxml_datetime, "thời gian trong gói tin / edXML date-time",
        "ví dụ '2020/01/05 08:30:00'")
    c = add("deadline", _deadline, "thời hạn gửi văn bản / dispatch deadline")
    c.add_argument("--signed", required=True, help="thời điểm ký ban hành (ISO 8601 +07:00)")
    c.add_argument("--sent", required=True, help="thời điểm gửi (ISO 8601 +07:00)")
    c.add_argument("--urgent", action="store_true", help="văn bản khẩn / urgent document")
    c = add("acknowledgement", _acknowledgement,
            "thời hạn xác nhận đã nhận / same-day acknowledgement")
    c.add_argument("--arrived", required=True, help="thời điểm văn bản đến (ISO 8601 +07:00)")
    c.add_argument("--acknowledged", required=True, help="thời điểm xác nhận (ISO 8601 +07:00)")


def _subject(args: argparse.Namespace) -> str:
    if getattr(args, "value", None) is not None:
        return f"{args.check}: {args.value}"
    if args.check == "deadline":
        urgent = " (urgent)" if args.urgent else ""
        return f"deadline: signed {args.signed}, sent {args.sent}{urgent}"
    return f"acknowledgement: arrived {args.arrived}, acknowledged {args.acknowledged}"
