"""Electronic copies (bản sao điện tử, NĐ 30/2020 Điều 25, Phụ lục I): the copy form of the driver
protocol (sao y, sao lục, trích sao), one number series for every copy form with its abbreviation
in the notation (SY, SL, TrS), and the copy form in the copying organisation's signature at the
top right of page 1 — accepted by the project's validators and by a receiving reference QLVB."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest

from conformance.edxml.model import EdocPackage
from conformance.edxml.validate import validate_package
from conformance.pdf.appearance import text_of
from conformance.pdf.model import open_signed_pdf
from conformance.pdf.validate import validate_pdf
from reference_axis.reference_qlvb import packages, pdfs
from reference_axis.reference_qlvb.config import AgentSettings
from reference_axis.reference_qlvb.driver import BuiltinDriver
from reference_axis.reference_qlvb.driver_http import HttpDriver, create_app
from reference_axis.reference_qlvb.errors import AgentError
from reference_axis.reference_qlvb.models import IssueRequest
from reference_axis.reference_qlvb.testing import H38, H41, MemoryNetwork, serve_app

FORMS = [("sao y", "SY", "SAO Y"), ("sao lục", "SL", "SAO LỤC"), ("trích sao", "TrS", "TRÍCH SAO")]


def _copy(copy_form: str | None, subject: str = "Sao văn bản giấy đến") -> IssueRequest:
    return IssueRequest(subject=subject, recipients=(H41,), form="copy", copy_form=copy_form)


@pytest.fixture
def net() -> Iterator[MemoryNetwork]:
    n = MemoryNetwork()
    yield n
    n.close()


# --- the driver protocol ------------------------------------------------------------------------

@pytest.mark.parametrize("given", ["sao lục", "SAO LỤC", " Sao  Lục ",
                                   unicodedata.normalize("NFD", "sao lục")])
def test_copy_form_is_read_in_any_case_and_normal_form(given):
    req = IssueRequest.from_dict({"subject": "x", "recipients": [H41], "form": "copy",
                                  "copy_form": given})
    assert req.copy_form == "sao lục"
    assert IssueRequest.from_dict(req.to_dict()) == req


def test_copy_form_absent_stays_absent():
    req = IssueRequest.from_dict({"subject": "x", "recipients": [H41], "form": "copy"})
    assert req.copy_form is None and "copy_form" not in req.to_dict()


@pytest.mark.parametrize(("data", "words"), [
    ({"form": "copy", "copy_form": "sao chụp"}, ("copy_form phải là một trong", "must be one of")),
    ({"form": "copy", "copy_form": 3}, ("phải là chuỗi", "must be a string")),
    ({"form": "born_digital", "copy_form": "sao y"}, ("chỉ dùng cho bản sao",
                                                      "applies to copies only")),
])
def test_bad_copy_forms_are_refused_in_both_languages(data, words):
    with pytest.raises(AgentError) as err:
        IssueRequest.from_dict({"subject": "x", "recipients": [H41], **data})
    assert err.value.code == "bad_request"
    assert words[0] in err.value.vi and words[1] in err.value.en


def test_a_bad_copy_form_in_process_uses_no_number(net):
    a = net.agent("vxp.h38")
    with pytest.raises(AgentError) as err:
        a.issue(_copy("bản sao"))
    assert err.value.code == "bad_request"
    with pytest.raises(AgentError):
        a.issue(IssueRequest(subject="x", recipients=(H41,), copy_form="sao y"))
    assert a.store.outgoing_list() == []
    assert a.issue(_copy(None)).code == "01/SY-UBND"  # the default form


# --- issuing ------------------------------------------------------------------------------------

def test_every_copy_form_shares_one_series(net):
    a = net.agent("vxp.h38")
    codes = [a.issue(_copy(form)).code for form, _, _ in FORMS]
    assert codes == ["01/SY-UBND", "02/SL-UBND", "03/TrS-UBND"]
    assert a.issue(IssueRequest(subject="Công văn", recipients=(H41,))).code == "01/UBND-VP"


@pytest.mark.parametrize("profile", ["nd30", "tt01-2019"])
@pytest.mark.parametrize(("form", "abbr", "written"), FORMS, ids=[f[1] for f in FORMS])
def test_each_copy_is_numbered_signed_and_valid(net, profile, form, abbr, written):
    settings = AgentSettings(profile=profile)
    a = net.agent("vxp.h38", settings=settings)
    b = net.agent("vxp.h41", settings=settings)
    result = a.issue(_copy(form, f"Bản {form} văn bản giấy"))
    assert result.state == "sent" and result.notation == f"{abbr}-UBND"
    data = net.axis.packages_from(H38, "edoc")[-1]
    pkg = packages.read(data).package
    assert isinstance(pkg, EdocPackage)
    assert pkg.header.code.notation == f"{abbr}-UBND"
    main = pkg.attachments[0]
    assert main.description == f"Bản sao điện tử ({form})"
    findings = validate_package(data, profile=profile, at=net.clock())
    findings += validate_pdf(main.data, role="copy", profile=profile, package=pkg,
                             trust_roots=pdfs.trust_roots(), crls=pdfs.pki().crls_der())
    assert [f for f in findings if f.is_failure] == []
    doc, _ = open_signed_pdf(main.data)
    assert doc is not None
    try:
        (sig,) = doc.document_signatures
        lines = text_of(sig).splitlines()
    finally:
        doc.close()
    # the copy form, the copying organisation, the signing time in Vietnam time
    assert lines[:2] == [written, a.config.agencies[0].name] and lines[2].endswith("+07:00")
    b.poll()  # a reference receiver accepts it: its checks find nothing wrong
    assert b.record(result.document_id).state == "accepted"


def test_copy_form_over_http(net):
    with serve_app(create_app(BuiltinDriver(net.agent("vxp.h38")))) as url:
        driver = HttpDriver(url)
        try:
            assert driver.issue(_copy("trích sao")).code == "01/TrS-UBND"
            r = driver.http.post("/issue", json={"subject": "x", "recipients": [H41],
                                                 "form": "copy", "copy_form": "sao chép"})
        finally:
            driver.close()
    assert r.status_code == 400 and "copy_form" in r.json()["error"]["vi"]
