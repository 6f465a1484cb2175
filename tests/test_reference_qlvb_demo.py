"""`qlvb-conformance demo`: the axis process and three reference agencies play the whole flow."""

from __future__ import annotations

import argparse
import io

import pytest

from reference_axis.reference_qlvb import demo


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_demo_plays_the_three_scenes(tmp_path, lang):
    out = io.StringIO()
    assert demo.play(tmp_path, lang=lang, out=out) == 0
    text = out.getvalue()
    assert "Traceback" not in text
    if lang == "vi":
        assert "gửi trạng thái 03 (đã tiếp nhận)" in text
        assert "gửi trạng thái 06 (hoàn thành)" in text
        assert "gửi trạng thái 02 (từ chối tiếp nhận)" in text and "LC2019-6.2" in text
        assert "hủy văn bản 01/GM-UBND theo yêu cầu thu hồi" in text
        assert "số đến 1" in text and "đã thu hồi" in text
    else:
        assert "sends status 03 (accepted)" in text and "sends status 15" in text
        assert "01 03 04 05 06" in text and "revoked" in text


def test_demo_registers_as_a_subcommand():
    parser = argparse.ArgumentParser()
    demo.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["demo", "--lang", "en", "--profile", "tt01-2019"])
    assert args.handler is demo.run and args.lang == "en" and args.profile == "tt01-2019"
