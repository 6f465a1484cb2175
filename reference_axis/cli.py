"""`qlvb-conformance axis serve`: run the reference axis.

Starts on loopback by default with a demo agency set (VPCP 000.00.00.G22; UBND tỉnh Lào Cai
000.00.00.H38 and Sở TT&TT 000.00.12.H38 served by one provincial system), and prints the
endpoint, the `collaboration.properties` lines for each system and the admin token. The demo
secrets are kept in the store, so a restart on the same database keeps them valid.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from reference_axis.config import AxisConfig, ConfigError, TlsConfig, demo_config, load_config
from reference_axis.server import ServeOptions, existing_systems, serve
from reference_axis.store import StoreError

DEFAULT_DB = "sqlite:///qlvb-axis.db"
EXIT_USAGE = 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "axis",
        help="trục liên thông giả lập / reference axis",
        description="Trục liên thông văn bản quốc gia giả lập. Reference national axis.",
    )
    cmds = p.add_subparsers(dest="axis_command", metavar="AXIS_COMMAND", required=True,
                            parser_class=type(p))
    s = cmds.add_parser("serve", help="chạy trục / run the axis",
                        description="Chạy trục giả lập (mặc định chỉ trên 127.0.0.1). "
                                    "Runs the axis (loopback by default).")
    s.add_argument("--db", default=os.environ.get("QLVB_AXIS_DB", DEFAULT_DB),
                   help="kho dữ liệu: sqlite:///tệp.db (mặc định) hoặc postgresql://… / "
                        f"store URL (default {DEFAULT_DB})")
    s.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe / listen address")
    s.add_argument("--port", type=int, default=8765, help="cổng / port (8765)")
    s.add_argument("--workers", type=int, default=1,
                   help="số tiến trình (nhiều tiến trình nên dùng PostgreSQL) / worker processes")
    s.add_argument("--config", help="tệp cấu hình TOML/JSON / config file")
    s.add_argument("--tls", action="store_true", help="bật TLS (cần --cert, --key) / enable TLS")
    s.add_argument("--cert", help="chứng thư máy chủ PEM / server certificate")
    s.add_argument("--key", help="khóa riêng máy chủ PEM / server key")
    s.add_argument("--client-ca", help="CA của chứng thư máy khách / client certificate CA")
    s.add_argument("--require-client-cert", action="store_true",
                   help="bắt buộc chứng thư máy khách / require client certificates")
    s.add_argument("--base-path", help="tiền tố đường dẫn API / base path of the wire API")
    s.add_argument("--strict", action="store_true",
                   help="từ chối các đặc điểm lệch chuẩn của SDK / refuse SDK quirks")
    s.add_argument("--relay", action="store_true",
                   help="thêm TraceHeader của trục / append the axis' TraceHeader")
    s.add_argument("--lang", choices=("vi", "en"), default="vi")
    s.set_defaults(handler=_serve)


def _say(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


def build_config(args: argparse.Namespace) -> AxisConfig:
    config = load_config(args.config) if args.config else demo_config()
    if not args.config:
        try:
            known = existing_systems(args.db)
        except StoreError:
            known = {}
        for s in config.systems:
            if s.system_id in known:
                s.secret = known[s.system_id].secret
    token = os.environ.get("QLVB_AXIS_ADMIN_TOKEN")
    if token:
        config.admin_token = token
    if args.base_path is not None:
        from reference_axis.config import normalise_path

        config.base_path = normalise_path(args.base_path)
    config.strict = config.strict or args.strict
    config.relay = config.relay or args.relay
    if args.tls:
        if not args.cert or not args.key:
            raise ConfigError("--tls cần --cert và --key", "--tls needs --cert and --key")
        config.tls = TlsConfig(args.cert, args.key, args.client_ca, args.require_client_cert)
    elif args.cert or args.key or args.client_ca or args.require_client_cert:
        raise ConfigError("--cert/--key/--client-ca chỉ dùng với --tls",
                          "--cert/--key/--client-ca need --tls")
    return config


def banner(config: AxisConfig, args: argparse.Namespace) -> str:
    lang = args.lang
    scheme = "https" if config.tls else "http"
    host = f"[{args.host}]" if ":" in args.host else args.host
    endpoint = f"{scheme}://{host}:{args.port}{config.base_path}"
    lines = [
        _say(lang, "Trục liên thông giả lập đang chạy", "Reference axis running"),
        f"  endpoint: {endpoint}",
        f"  store:    {args.db}",
        f"  admin:    {scheme}://{host}:{args.port}{config.admin_path}  "
        f"(Authorization: Bearer {config.admin_token})",
        f"  openapi:  {scheme}://{host}:{args.port}/openapi.json",
        "",
        _say(lang, "Cấu hình SDK (collaboration.properties) cho từng hệ thống:",
             "SDK configuration (collaboration.properties) for each system:"),
    ]
    for s in config.systems:
        codes = ", ".join(f"{a.code} {a.name}" for a in s.agencies)
        lines += [
            f"# {s.system_id} — {codes}",
            f"service.endpoint={endpoint}",
            f"client.protocol={scheme.upper()}",
            f"systemid={s.system_id}",
            f"secret={s.secret}",
            "",
        ]
    return "\n".join(lines)


def _serve(args: argparse.Namespace) -> int:
    lang = args.lang
    if not 0 < args.port < 65536 or not 1 <= args.workers <= 64:
        sys.stderr.write(_say(lang, "cổng hoặc số tiến trình không hợp lệ\n",
                              "invalid port or worker count\n"))
        return EXIT_USAGE
    try:
        config = build_config(args)
    except ConfigError as exc:
        sys.stderr.write(f"qlvb-conformance axis: {exc.message(lang)}\n")
        return EXIT_USAGE
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        sys.stderr.write(_say(lang, f"Cảnh báo: trục lắng nghe trên {args.host}, không chỉ "
                                    "loopback\n", f"Warning: listening on {args.host}, not only "
                                                  "loopback\n"))
    sys.stdout.write(banner(config, args) + "\n")
    sys.stdout.flush()
    try:
        serve(config, args.db, ServeOptions(args.host, args.port, args.workers))
    except (StoreError, ConfigError) as exc:
        text = exc.message(lang) if isinstance(exc, ConfigError) else str(exc)
        sys.stderr.write(f"qlvb-conformance axis: {text}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        pass
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m reference_axis.cli axis serve …` (the same as `qlvb-conformance axis …`)."""
    parser = argparse.ArgumentParser(prog="qlvb-conformance")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    return int(args.handler(args))



if __name__ == "__main__":
    raise SystemExit(main())
