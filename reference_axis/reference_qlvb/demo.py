"""`qlvb-conformance demo`: the whole exchange in one command, for a newcomer.

Starts the reference axis (a real server process on loopback, temporary SQLite store) and three
reference agencies — UBND tỉnh Lào Cai, UBND tỉnh Nghệ An (compliant) and Văn phòng Chính phủ
running a faulty product (it never applies the organisation's signature) — then plays:

1. a document with an appendix: issued, signed, sent; arrived (01), checked, accepted with an
   arrival number (03), assigned (04), in process (05), completed (06);
2. a refusal: the faulty product's document carries no digital signature; the receiver refuses
   it (02) naming the rule (LC2019-6.2);
3. a revocation: a second document is accepted, then revoked by its sender; the receiver
   cancels it and agrees (15).

Everything is printed in Vietnamese (English with `--lang en`). Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from reference_axis.reference_qlvb.agent import Agent
from reference_axis.reference_qlvb.behaviour import VARIANTS
from reference_axis.reference_qlvb.clock import OffsetClock
from reference_axis.reference_qlvb.config import AgentSettings
from reference_axis.reference_qlvb.core import Event
from reference_axis.reference_qlvb.issuing import STATE_TEXT as OUT_STATES
from reference_axis.reference_qlvb.models import AttachmentSpec, IssueRequest
from reference_axis.reference_qlvb.receiving import STATE_TEXT as IN_STATES
from reference_axis.reference_qlvb.testing import (
    H41,
    PKI_MORNING,
    align_axis_clock,
    axis_agent,
)

SHORT = {"000.00.00.H38": "Lào Cai", "000.00.12.H38": "Sở TTTT Lào Cai",
         "000.00.00.H41": "Nghệ An", "000.00.00.G22": "VPCP"}
MAX_POLLS = 5

TEXT = {
    "start": ("Khởi động trục liên thông giả lập (tiến trình riêng, địa chỉ nội bộ)…",
              "Starting the simulated exchange axis (its own process, loopback only)…"),
    "axis": ("Trục chạy tại {url}; đồng hồ trục và các hệ thống: {now}",
             "Axis at {url}; axis and systems' clock: {now}"),
    "agents": ("Ba hệ thống QLVB tham chiếu: UBND tỉnh Lào Cai, UBND tỉnh Nghệ An (tuân thủ) và "
               "Văn phòng Chính phủ (phần mềm lỗi: gửi văn bản không ký số).",
               "Three reference QLVB systems: UBND Lào Cai, UBND Nghệ An (compliant) and "
               "Văn phòng Chính phủ (faulty product: sends documents unsigned)."),
    "scene1": ("1. Gửi, nhận văn bản và phản hồi trạng thái 01 → 03 → 04 → 05 → 06",
               "1. Sending, receiving and the status feedback 01 → 03 → 04 → 05 → 06"),
    "scene2": ("2. Từ chối tiếp nhận văn bản không có chữ ký số (02, nêu quy tắc vi phạm)",
               "2. Refusing a document without digital signatures (02 naming the rule)"),
    "scene3": ("3. Thu hồi văn bản: bên nhận hủy văn bản và trả lời 15",
               "3. Revocation: the receiver cancels the document and answers 15"),
    "summary": ("Sổ văn bản", "Registers"),
    "out": ("Sổ văn bản đi của {name}:", "{name}'s outgoing register:"),
    "in": ("Sổ văn bản đến của {name}:", "{name}'s incoming register:"),
    "out_row": ("  {code:<14} {state:<22} trạng thái nhận được: {seen}",
                "  {code:<14} {state:<20} statuses received: {seen}"),
    "in_row": ("  số đến {arrival:<4} {code:<14} {state:<16} trạng thái đã gửi: {sent}",
               "  arrival {arrival:<4} {code:<14} {state:<16} statuses sent: {sent}"),
    "reason": ("    lý do: {reason}", "    reason: {reason}"),
    "done": ("Xong. Mỗi bước trên là một gói tin edXML thật đi qua trục; bộ kiểm thử kiểm tra "
             "chúng bằng cùng các bộ kiểm tra.",
             "Done. Each step above is a real edXML package through the axis; the suite checks "
             "them with the same validators."),
    "fail": ("Bản trình diễn dừng: {error}", "The demo stopped: {error}"),
}


class Printer:
    def __init__(self, lang: str, out: TextIO) -> None:
        self.lang, self.out = lang, out

    def say(self, key: str, **values: object) -> None:
        vi, en = TEXT[key]
        self.out.write((en if self.lang == "en" else vi).format(**values) + "\n")

    def state(self, table: dict[str, str], state: str) -> str:
        return state if self.lang == "en" else table.get(state, state)

    def heading(self, key: str) -> None:
        self.out.write("\n")
        self.say(key)
        self.out.write("-" * 78 + "\n")

    def event(self, clock: Callable[[], object]) -> Callable[[Event], None]:
        def show(e: Event) -> None:
            if e.kind == "orphan":
                return
            when = clock()
            stamp = when.strftime("%H:%M:%S") if hasattr(when, "strftime") else ""
            who = SHORT.get(e.agency, e.agency)
            self.out.write(f"  [{stamp}] {who:<8} {e.text(self.lang)}\n")
        return show


def _poll(agent: Agent, done: Callable[[], bool]) -> None:
    for _ in range(MAX_POLLS):
        agent.poll()
        if done():
            return


def play(workdir: Path, *, lang: str = "vi", profile: str = "nd30",
         out: TextIO | None = None) -> int:
    from reference_axis.testing import AxisProcess

    p = Printer(lang, out or sys.stdout)
    p.say("start")
    with AxisProcess(workdir / "axis") as axis:
        clock = OffsetClock.starting_at(PKI_MORNING)
        align_axis_clock(axis, clock)
        p.say("axis", url=axis.endpoint, now=clock().isoformat(timespec="seconds"))
        p.say("agents")
        settings = AgentSettings(profile=profile)
        listener = p.event(clock)
        laocai = axis_agent(axis, "vxp.h38", clock=clock, store=workdir / "laocai.db",
                            settings=settings, listener=listener)
        nghean = axis_agent(axis, "vxp.h41", clock=clock, store=workdir / "nghean.db",
                            settings=settings, listener=listener)
        vpcp = axis_agent(axis, "vxp.g22", VARIANTS["unsigned_pdf"], clock=clock,
                          store=workdir / "vpcp.db", settings=settings, listener=listener)
        try:
            # 1. the whole status flow
            p.heading("scene1")
            first = laocai.issue(IssueRequest(
                subject="Về việc triển khai gửi, nhận văn bản điện tử năm 2026",
                recipients=(H41,), attachments=(AttachmentSpec(
                    "danh-sach-don-vi.pdf", "Danh sách đơn vị đầu mối"),)))
            _poll(nghean, lambda: nghean.record(first.document_id).state == "accepted")
            _poll(laocai, lambda: len(laocai.record(first.document_id).statuses_seen) >= 2)
            for action in ("assign", "process", "complete"):
                nghean.act(first.document_id, action)
            _poll(laocai, lambda: len(laocai.record(first.document_id).statuses_seen) >= 5)

            # 2. a refusal
            p.heading("scene2")
            bad = vpcp.issue(IssueRequest(subject="Về việc báo cáo tình hình kinh tế - xã hội",
                                          recipients=(H41,)))
            _poll(nghean, lambda: nghean.record(bad.document_id).state == "rejected")
            _poll(vpcp, lambda: "02" in vpcp.record(bad.document_id).statuses_seen)

            # 3. a revocation
            p.heading("scene3")
            second = laocai.issue(IssueRequest(subject="Về việc tổ chức hội nghị trực tuyến",
                                               recipients=(H41,), type_name="Giấy mời"))
            _poll(nghean, lambda: nghean.record(second.document_id).state == "accepted")
            _poll(laocai, lambda: len(laocai.record(second.document_id).statuses_seen) >= 2)
            laocai.revoke(second.document_id, "Văn bản ban hành nhầm thời gian tổ chức")
            _poll(nghean, lambda: nghean.record(second.document_id).state == "cancelled")
            _poll(laocai, lambda: laocai.record(second.document_id).state == "revoked")

            # the registers
            p.heading("summary")
            for agent, name in ((laocai, "UBND tỉnh Lào Cai"), (vpcp, "Văn phòng Chính phủ")):
                p.say("out", name=name)
                for rec in agent.store.outgoing_list():
                    seen = agent.record(rec.document_id).statuses_seen
                    p.say("out_row", code=rec.code, state=p.state(OUT_STATES, rec.state),
                          seen=" ".join(seen) or "—")
            p.say("in", name="UBND tỉnh Nghệ An")
            for rec in nghean.store.incoming_list(H41):
                sent = nghean.record(rec.document_id, agency=H41).statuses_sent
                p.say("in_row", arrival=rec.arrival_number or "—", code=rec.code or "?",
                      state=p.state(IN_STATES, rec.state), sent=" ".join(sent) or "—")
                if rec.state == "rejected" and rec.reason:
                    p.say("reason", reason=rec.reason)
            (out or sys.stdout).write("\n")
            p.say("done")
        finally:
            for agent in (laocai, nghean, vpcp):
                agent.close()
    return 0


def run(args: argparse.Namespace) -> int:
    keep = getattr(args, "keep", None)
    workdir = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="qlvb-demo-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        return play(workdir, lang=args.lang, profile=args.profile)
    except (OSError, RuntimeError, TimeoutError) as exc:
        Printer(args.lang, sys.stderr).say("fail", error=f"{type(exc).__name__}: {exc}")
        return 2
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo", help="trình diễn trao đổi văn bản qua trục / a demo exchange through the axis",
        description="Chạy trục liên thông giả lập và các hệ thống QLVB tham chiếu trên máy này, "
                    "trình diễn gửi, nhận, từ chối và thu hồi văn bản. Runs the simulated axis "
                    "and reference QLVB systems locally and shows sending, receiving, a "
                    "refusal and a revocation.")
    p.add_argument("--lang", choices=("vi", "en"), default="vi",
                   help="ngôn ngữ / language (vi mặc định)")
    p.add_argument("--profile", choices=("nd30", "tt01-2019"), default="nd30",
                   help="hồ sơ quy tắc các hệ thống tuân theo / the systems' regulatory profile")
    p.add_argument("--keep", metavar="DIR",
                   help="giữ cơ sở dữ liệu trong thư mục này / keep the databases in DIR")
    p.set_defaults(handler=run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reference_axis.reference_qlvb.demo")
    sub = parser.add_subparsers(dest="command")
    register(sub)
    args = parser.parse_args(["demo", *(sys.argv[1:] if argv is None else argv)])
    return int(args.handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
