"""`qlvb-conformance report …`: the run reports and the evidence bundle.

    report verify BUNDLE [--trust CERT.pem]     check an evidence bundle (0 valid, 1 invalid)
    report render RESULT.json --out DIR          re-render HTML / JSON / JUnit from a saved run
    report bundle DIR --out BUNDLE.zip           zip and sign a report directory
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from conformance.cli.common import EXIT_CONFORMANT, EXIT_NON_CONFORMANT, UsageError
from conformance.findings import VERDICT_TEXT, Verdict
from conformance.reports.bundle import (
    BundleError,
    BundleVerification,
    load_trust,
    verify_bundle,
    write_bundle,
)
from conformance.reports.run_model import VN_TZ, RunModelError, overall_verdict
from conformance.reports.run_outputs import write_run_reports
from conformance.reports.summary_json import load_run


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="báo cáo và gói bằng chứng / reports and evidence bundles",
        description="Kiểm tra gói bằng chứng, dựng lại báo cáo từ kết quả đã lưu, đóng gói và ký "
                    "thư mục báo cáo. Verify evidence bundles, re-render reports, bundle and sign.",
    )
    cmds = p.add_subparsers(dest="report_command", metavar="ACTION", required=True,
                            parser_class=type(p))

    v = cmds.add_parser(
        "verify", help="kiểm tra gói bằng chứng / verify an evidence bundle",
        description="Kiểm tra mã băm của mọi tệp trong gói, chữ ký số của bản kê và (với --trust) "
                    "chuỗi chứng thư của người ký. Mã thoát: 0 hợp lệ, 1 không hợp lệ, 2 lỗi đầu "
                    "vào. Exit 0 valid, 1 invalid, 2 input error.")
    v.add_argument("bundle", metavar="BUNDLE", help="tệp .zip của gói bằng chứng")
    v.add_argument("--trust", metavar="CERT.pem", action="append",
                   help="chứng thư tin cậy (PEM; có thể lặp lại) / trust anchor(s), PEM")
    _lang(v)
    v.add_argument("--format", choices=("text", "json"), default="text",
                   help="định dạng kết quả / output format")
    v.set_defaults(handler=_verify)

    r = cmds.add_parser(
        "render", help="dựng lại báo cáo từ kết quả đã lưu / re-render a saved run",
        description="Dựng lại báo cáo HTML, bản tóm tắt JSON và JUnit XML từ run-result.json "
                    "(hoặc summary.json). Mã thoát 0 khi đã ghi xong. Re-renders HTML, JSON "
                    "summary and JUnit from a saved run result; exit 0 once written.")
    r.add_argument("result", metavar="RESULT.json", help="run-result.json hoặc summary.json")
    r.add_argument("--out", required=True, metavar="DIR", help="thư mục ghi báo cáo")
    _lang(r)
    r.set_defaults(handler=_render)

    b = cmds.add_parser(
        "bundle", help="đóng gói và ký thư mục báo cáo / bundle and sign a report directory",
        description="Nén thư mục báo cáo kèm bản kê SHA-256 (MANIFEST.json) và chữ ký số CMS "
                    "tách rời (MANIFEST.json.p7s). Không có --key/--cert thì ký bằng khóa KIỂM "
                    "THỬ. Without --key/--cert the TEST key signs.")
    b.add_argument("directory", metavar="DIR", help="thư mục báo cáo (conformance-report/)")
    b.add_argument("--out", required=True, metavar="BUNDLE.zip", help="tệp gói bằng chứng")
    b.add_argument("--key", metavar="KEY.pem", help="khóa bí mật PEM của người ký")
    b.add_argument("--cert", metavar="CERT.pem",
                   help="chứng thư PEM của người ký (kèm chuỗi nếu có)")
    _lang(b)
    b.set_defaults(handler=_bundle)


def _lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("vi", "en"), default="vi",
                        help="ngôn ngữ / language (vi mặc định)")


def _read(path: str, what_vi: str, what_en: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"không đọc được {what_vi} {path}: {exc.strerror}",
                         f"cannot read {what_en} {path}: {exc.strerror}") from None


def _verify(args: argparse.Namespace) -> int:
    lang = args.lang
    try:
        trust = None
        if args.trust:
            trust = [c for t in args.trust
                     for c in load_trust(_read(t, "chứng thư tin cậy", "trust anchor"))]
        if not Path(args.bundle).is_file():
            raise UsageError(f"không có tệp {args.bundle}", f"no such file {args.bundle}")
        result = verify_bundle(args.bundle, trust=trust)
    except BundleError as exc:
        raise UsageError(exc.vi, exc.en) from None
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(describe(result, lang) + "\n")
    return EXIT_CONFORMANT if result.valid else EXIT_NON_CONFORMANT


def _time(value: str | None) -> str:
    if not value:
        return "—"
    try:
        return dt.datetime.fromisoformat(value).astimezone(VN_TZ).strftime(
            "%d/%m/%Y %H:%M:%S (+07:00)")
    except ValueError:
        return value


def describe(result: BundleVerification, lang: str = "vi") -> str:
    """The verification as text an officer reads."""
    en = lang == "en"
    out = [f"{'Evidence bundle' if en else 'Gói bằng chứng'}: {result.path}"]
    run = result.run
    if run:
        verdict = run.get("verdict")
        verdict_text = VERDICT_TEXT[Verdict(verdict)][lang] if verdict in set(Verdict) else "—"
        out.append(
            (f"Run: {run.get('sut') or '—'}; profile {run.get('profile') or '—'}; "
             f"{_time(run.get('started'))} → {_time(run.get('finished'))}; "
             f"verdict recorded: {verdict_text}") if en else
            (f"Lần chạy: {run.get('sut') or '—'}; hồ sơ {run.get('profile') or '—'}; "
             f"{_time(run.get('started'))} → {_time(run.get('finished'))}; "
             f"kết luận ghi trong gói: {verdict_text}"))
    if result.manifest_ok:
        state = (("intact" if result.intact else "NOT intact") if en else
                 ("toàn vẹn" if result.intact else "KHÔNG toàn vẹn"))
        out.append(f"{'Files' if en else 'Tệp'}: {result.files_checked} "
                   f"{'checked' if en else 'tệp đã kiểm tra'}; {state}")
    s = result.signature
    if s.present and s.signer is not None:
        ok = (("valid" if s.intact and s.valid else "INVALID") if en else
              ("hợp lệ" if s.intact and s.valid else "KHÔNG hợp lệ"))
        who = s.signer_common_name or s.signer
        if s.signer_organization:
            who += f" ({s.signer_organization})"
        out.append(f"{'Signature' if en else 'Chữ ký'}: {ok} — "
                   f"{'signed by' if en else 'người ký'}: {who}; "
                   f"{'serial' if en else 'số hiệu'} {s.serial}; "
                   f"SHA-256 {s.fingerprint_sha256}; "
                   f"{'signed at' if en else 'ký lúc'} {_time(s.signing_time)}")
        if s.test_signer:
            out.append("  TEST KEY: the signature proves integrity only; it has no legal value."
                       if en else
                       "  KHÓA KIỂM THỬ (TEST): chữ ký chỉ chứng minh tính toàn vẹn, không có "
                       "giá trị pháp lý.")
        if s.trusted is None:
            out.append("Trust: not checked (give --trust CERT.pem)" if en else
                       "Chuỗi tin cậy: chưa kiểm tra (dùng --trust CERT.pem)")
        elif s.trusted:
            out.append(f"Trust: chains to {s.trust_anchor} (revocation not checked)" if en else
                       f"Chuỗi tin cậy: dẫn tới {s.trust_anchor} (không kiểm tra thu hồi)")
        else:
            out.append(f"Trust: does NOT chain to the given anchor ({s.trust_problem})" if en
                       else f"Chuỗi tin cậy: KHÔNG dẫn tới chứng thư tin cậy đã cho "
                            f"({s.trust_problem})")
    if result.problems:
        out.append("Problems:" if en else "Vấn đề:")
        out.extend(f"  ✘ {p.get(lang)}" for p in result.problems)
    verdict = (("BUNDLE VALID" if result.valid else "BUNDLE INVALID") if en else
               ("GÓI HỢP LỆ" if result.valid else "GÓI KHÔNG HỢP LỆ"))
    out.append(f"{'Verdict' if en else 'Kết luận'}: {verdict}")
    return "\n".join(out)


def _render(args: argparse.Namespace) -> int:
    raw = _read(args.result, "tệp kết quả", "result file")
    try:
        data = json.loads(raw.decode("utf-8"))
        run = load_run(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{args.result} không phải JSON hợp lệ: {exc}",
                         f"{args.result} is not valid JSON: {exc}") from None
    except RunModelError as exc:
        raise UsageError(f"{args.result}: {exc.vi}", f"{args.result}: {exc.en}") from None
    try:
        written = write_run_reports(run, args.out, lang=args.lang)
    except OSError as exc:
        raise UsageError(f"không ghi được vào {args.out}: {exc.strerror}",
                         f"cannot write to {args.out}: {exc.strerror}") from None
    verdict = overall_verdict(run)
    en = args.lang == "en"
    sys.stdout.write(("Written" if en else "Đã ghi") + ":\n")
    for key, path in written.items():
        if key != "html":
            sys.stdout.write(f"  {path}\n")
    sys.stdout.write(f"{'Verdict' if en else 'Kết luận'}: {VERDICT_TEXT[verdict][args.lang]}\n")
    return EXIT_CONFORMANT


def _bundle(args: argparse.Namespace) -> int:
    if (args.key is None) != (args.cert is None):
        raise UsageError("cần cả --key và --cert", "give both --key and --cert")
    key = _read(args.key, "khóa bí mật", "private key") if args.key else None
    cert = _read(args.cert, "chứng thư", "certificate") if args.cert else None
    try:
        info = write_bundle(args.directory, args.out, key_pem=key, cert_pem=cert)
    except BundleError as exc:
        raise UsageError(exc.vi, exc.en) from None
    en = args.lang == "en"
    sys.stdout.write(
        (f"Bundle written: {info.path} ({info.files} files); manifest SHA-256 "
         f"{info.manifest_sha256}; signed by {info.signer}") if en else
        (f"Đã ghi gói bằng chứng: {info.path} ({info.files} tệp); SHA-256 của bản kê "
         f"{info.manifest_sha256}; người ký {info.signer}"))
    sys.stdout.write("\n")
    if info.test_signer:
        sys.stdout.write("TEST KEY: no legal value.\n" if en else
                         "KHÓA KIỂM THỬ (TEST): không có giá trị pháp lý.\n")
    return EXIT_CONFORMANT
