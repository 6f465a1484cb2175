"""The suite asks for the copy form it needs (sao y, sao lục, trích sao): the manual driver tells
the operator which form to make."""

from __future__ import annotations

import io

from conformance.suite.drivers import ManualSut
from conformance.suite.sut_profile import SutProfile
from reference_axis.reference_qlvb.models import IssueRequest


def test_manual_instruction_names_the_copy_form():
    out = io.StringIO()
    sut = ManualSut(SutProfile(name="x", driver="manual", agencies=("000.00.00.H38",)), out=out)
    sut.issue(IssueRequest(subject="Sao văn bản", recipients=("000.00.00.H41",), form="copy",
                           copy_form="trích sao"))
    sut.issue(IssueRequest(subject="Sao văn bản", recipients=("000.00.00.H41",), form="copy"))
    text = out.getvalue()
    assert "bản sao điện tử, hình thức trích sao" in text
    assert "bản sao điện tử, hình thức sao y" in text
