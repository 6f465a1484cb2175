"""The secure reader: hostile input ends in a finding (never an exception, a hang or unbounded
memory), with the line and XPath of the problem."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
import time
import unicodedata
import zipfile
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.edxml.builder import SPEC, build_package, make_attachment, zip_payload
from conformance.edxml.limits import Limits, MiB
from conformance.edxml.model import EdocPackage, StatusPackage
from conformance.edxml.parser import parse_package
from conformance.edxml.payload import decode_base64, unsafe_name
from conformance.edxml.validate import validate_package
from conformance.findings import Status
from conformance.fixtures_gen import edxml as fx


def rules(findings) -> set[str]:
    return {f.rule_id for f in findings if f.status is Status.FAIL}


def with_main_pdf(data: bytes, *, zipped: bool) -> bytes:
    att, ref = make_attachment("7c1f0d2e-0001", "125-VPCP-TCCV.pdf", data, fx.PDF_TYPE,
                               zipped=zipped)
    return build_package(replace(fx.edoc("0"), attachments=(att,), references=(ref,)), SPEC)


def test_reads_a_valid_package_into_the_model() -> None:
    result = parse_package(build_package(fx.edoc("2"), SPEC), file="a.edxml")
    assert result.findings == []
    pkg = result.package
    assert isinstance(pkg, EdocPackage)
    assert pkg.header.document_id == fx.DOCUMENT_ID
    assert pkg.header.code is not None and pkg.header.code.full == "125/VPCP-TCCV"
    assert pkg.business is not None and pkg.business.doc_type == "2"
    assert pkg.attachments[0].zipped and pkg.attachments[0].data == fx.sample_pdf()
    assert not pkg.attachments[1].zipped and pkg.attachments[1].data == fx.sample_docx()
    loc = result.locator.loc("MessageHeader/To[2]/OrganId")
    assert loc.file == "a.edxml" and loc.line and loc.line > 1
    assert loc.xpath == "/edXML/edXMLEnvelope/edXMLHeader/MessageHeader/To[2]/OrganId"


def test_status_package_is_told_apart_from_a_document() -> None:
    result = parse_package(build_package(fx.status("02"), SPEC))
    assert isinstance(result.package, StatusPackage)
    assert result.package.status_code == "02"
    assert result.package.response_for is not None
    assert result.package.response_for.document_id == fx.DOCUMENT_ID


def test_missing_element_points_at_its_parent_line() -> None:
    result = parse_package(build_package(fx.edoc("0"), SPEC))
    parent = result.locator.loc("MessageHeader/SignerInfo")
    missing = result.locator.loc("MessageHeader/SignerInfo/Nothing")
    assert missing.line == parent.line
    assert missing.xpath == f"{parent.xpath}/Nothing"


# --- hostile XML -------------------------------------------------------------------------------


def test_xxe_is_refused_and_nothing_is_read() -> None:
    data = fx._xxe()
    result = parse_package(data)
    assert result.package is None
    (finding,) = result.findings
    assert finding.rule_id == "QCVN102-XMLSEC" and finding.location.line == 2
    dumped = json.dumps([f.to_dict() for f in validate_package(data, profile="nd30")],
                        ensure_ascii=False)
    assert "root:" not in dumped


def test_billion_laughs_is_refused_quickly() -> None:
    start = time.perf_counter()
    findings = validate_package(fx._billion_laughs(), profile="nd30")
    assert time.perf_counter() - start < 2
    assert rules(findings) == {"QCVN102-XMLSEC"}


def test_doctype_after_a_comment_and_bom_is_still_refused() -> None:
    body = build_package(fx.edoc("0"), SPEC).split(b"\n", 1)[1]
    data = b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- x -->\n<!DOCTYPE edXML>\n" + body
    result = parse_package(data)
    assert [f.rule_id for f in result.findings] == ["QCVN102-XMLSEC"]
    assert result.findings[0].location.line == 3


def test_invalid_utf8_is_reported_with_its_line() -> None:
    data = fx._invalid_utf8()
    expected_line = data[: data.index(b"\xea\xfe")].count(b"\n") + 1
    (finding,) = parse_package(data).findings
    assert finding.rule_id == "QCVN102-ENCODING"
    assert finding.location.line == expected_line
    assert "0xeafe" in (finding.found or "")


def test_malformed_xml_is_a_finding_with_a_line() -> None:
    (finding,) = parse_package(fx._truncated()).findings
    assert finding.rule_id == "QCVN102-XML" and finding.location.line


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    findings = validate_package(data, profile="nd30")
    assert any(f.status is Status.FAIL for f in findings)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_packages_never_raise(data: st.DataObject) -> None:
    package = bytearray(build_package(fx.status("03"), SPEC))
    for _ in range(data.draw(st.integers(1, 5))):
        index = data.draw(st.integers(0, len(package) - 1))
        package[index] = data.draw(st.integers(0, 255))
    validate_package(bytes(package), profile="nd30", mode=data.draw(
        st.sampled_from(["strict", "observed"])))


def test_non_bytes_input_is_a_finding() -> None:
    result = parse_package("<edXML/>")  # type: ignore[arg-type]
    assert result.package is None and result.findings[0].rule_id == "QCVN102-XML"


# --- text ---------------------------------------------------------------------------------------


def test_nfd_text_is_returned_in_nfc_with_a_finding() -> None:
    nfd = unicodedata.normalize("NFD", "Về việc kết nối")
    result = parse_package(build_package(fx.edoc("0", subject=nfd), SPEC))
    assert isinstance(result.package, EdocPackage)
    assert result.package.header.subject == unicodedata.normalize("NFC", nfd)
    (finding,) = result.findings
    assert finding.rule_id == "TCVN6909-NFC"
    assert finding.location.xpath == "/edXML/edXMLEnvelope/edXMLHeader/MessageHeader/Subject"


# --- attachments ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "unsafe"), [
    ("cong-van.pdf", False),
    ("Công văn số 125.pdf", False),
    ("../cong-van.pdf", True),
    ("a/../../b.pdf", True),
    ("/etc/passwd", True),
    ("C:\\Windows\\x.pdf", True),
    ("C:x.pdf", True),
    ("..\\x.pdf", True),
    ("x\x00.pdf", True),
    ("x\n.pdf", True),
    ("thu-muc/x.pdf", True),
    ("..", True),
    ("", True),
])
def test_unsafe_names(name: str, unsafe: bool) -> None:
    assert (unsafe_name(name) is not None) is unsafe


@pytest.mark.parametrize(("text", "ok"), [
    ("aGVsbG8=", True),
    ("aGVs\nbG8=\n", True),
    ("aGVsbG8", False),
    ("aGVs!G8=", False),
    ("aGVsbG8=aGVs", False),
    ("", False),
    ("aGVsbGđ=", False),
])
def test_base64(text: str, ok: bool) -> None:
    data, problem = decode_base64(text)
    assert (problem is None) is ok
    assert (data == b"hello") is ok


def test_50mb_attachment_is_refused_within_time_and_memory(tmp_path) -> None:
    path = tmp_path / "large.edxml"
    path.write_bytes(fx.large_attachment_package())
    assert path.stat().st_size > 50 * MiB
    script = (
        "import sys, time\n"
        "from conformance.edxml.validate import validate_package\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "t = time.perf_counter()\n"
        "f = validate_package(data, profile='nd30')\n"
        "print(time.perf_counter() - t)\n"
        # VmHWM, not ru_maxrss: ru_maxrss survives exec and would report pytest's own peak
        "print(next(int(x.split()[1]) for x in open('/proc/self/status') "
        "if x.startswith('VmHWM')))\n"
        "print(','.join(sorted({x.rule_id for x in f if x.status.value == 'fail'})))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                          text=True, timeout=120, check=True)
    seconds, max_rss_kib, failed = proc.stdout.split()
    assert failed == "QCVN102-LIMITS"
    assert float(seconds) < 5
    assert int(max_rss_kib) < 200 * 1024  # the 50 MB input itself plus a bounded overhead


def test_small_document_limit() -> None:
    data = build_package(fx.edoc("0"), SPEC)
    (finding,) = parse_package(data, limits=Limits(max_document=1000)).findings
    assert finding.rule_id == "QCVN102-LIMITS" and str(len(data)) in (finding.found or "")


def test_small_attachment_limit() -> None:
    data = with_main_pdf(b"%PDF-1.7\n" + bytes(200_000), zipped=False)
    result = parse_package(data, limits=Limits(max_attachment=100_000))
    assert rules(result.findings) == {"QCVN102-LIMITS"}
    assert result.findings[0].location.xpath.endswith("Attachment/ContentTransferEncoded")


def test_unzipped_size_limit_is_enforced_before_inflating() -> None:
    data = with_main_pdf(b"%PDF-1.7\n" + bytes(3 * MiB), zipped=True)
    result = parse_package(data, limits=Limits(max_unzipped=1 * MiB))
    assert rules(result.findings) == {"QCVN102-LIMITS"}
    assert isinstance(result.package, EdocPackage) and result.package.attachments[0].data is None


def test_total_unzipped_budget_is_shared_by_the_attachments() -> None:
    atts, refs = [], []
    for i in range(3):
        att, ref = make_attachment(f"p{i}", f"f{i}.pdf", b"%PDF" + bytes(600_000), fx.PDF_TYPE)
        atts.append(att)
        refs.append(ref)
    data = build_package(replace(fx.edoc("0"), attachments=tuple(atts), references=tuple(refs)))
    result = parse_package(data, limits=Limits(max_total_unzipped=1 * MiB))
    assert rules(result.findings) == {"QCVN102-LIMITS"}


def test_zip_bomb_ratio() -> None:
    data = with_main_pdf(bytes(4 * MiB), zipped=True)
    result = parse_package(data, limits=Limits(max_zip_ratio=50))
    (finding,) = result.findings
    assert finding.rule_id == "QCVN102-LIMITS" and "bom" in finding.message.vi


def test_zip_whose_header_lies_about_its_size_is_not_inflated_beyond_it() -> None:
    payload = bytearray(zip_payload(bytes(2 * MiB), "x.pdf"))
    central = payload.rindex(b"PK\x01\x02")
    payload[central + 24:central + 28] = (1000).to_bytes(4, "little")  # uncompressed size
    local = payload.index(b"PK\x03\x04")
    payload[local + 22:local + 26] = (1000).to_bytes(4, "little")
    att, ref = make_attachment("p", "x.pdf", b"", fx.PDF_TYPE)
    package = replace(fx.edoc("0"), attachments=(att,), references=(ref,))
    data = build_package(package, SPEC).replace(
        base64.b64encode(zip_payload(b"", "x.pdf")), base64.b64encode(bytes(payload)))
    result = parse_package(data)
    assert rules(result.findings) == {"QCVN102-ZIP"}


def test_too_many_attachments() -> None:
    data = build_package(fx.edoc("0"), SPEC)
    result = parse_package(data, limits=Limits(max_attachments=1))
    assert rules(result.findings) == {"QCVN102-LIMITS"}
    assert isinstance(result.package, EdocPackage) and len(result.package.attachments) == 1


def test_a_real_zip_attachment_is_kept_as_is() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "x")
    att, ref = make_attachment("z", "ho-so.zip", archive.getvalue(), "application/zip",
                               zipped=False)
    data = build_package(replace(fx.edoc("0"), attachments=(att,), references=(ref,)), SPEC)
    result = parse_package(data)
    assert result.findings == []
    assert isinstance(result.package, EdocPackage)
    assert result.package.attachments[0].data == archive.getvalue()
    assert not result.package.attachments[0].zipped
