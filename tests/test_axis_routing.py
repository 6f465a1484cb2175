"""The light routing reader on sendEdoc's hot path against the full secure parser.

`route_package()` must decide exactly like `read_package()` (accept or refuse), take the same
routing fields (From, To, DocumentId, ResponseFor, Code, Subject, StatusCode, Description) from
an accepted package, never parse a DOCTYPE itself, and leave the parser's findings to
`package_findings()` — which are the full parser's findings, byte for byte."""

from __future__ import annotations

import pytest

from conformance.edxml.limits import Limits
from conformance.fixtures_gen import edxml as fx
from reference_axis import routing
from reference_axis.routing import (
    PackageInfo,
    package_findings,
    read_package,
    route_package,
)
from reference_axis.testing import edoc_package, status_package

MAX = 64 * 1024 * 1024
FIELDS = ("kind", "from_code", "to_codes", "document_id", "response_for_id",
          "response_for_organ", "status_code", "notation", "title")


def corpus() -> dict[str, bytes]:
    packages = {f"valid/{k}": v for k, v in fx.positive_fixtures().items()}
    packages |= {f"observed/{k}": v for k, v in fx.observed_fixtures().items()}
    packages |= {f"negative/{neg.name}": neg.build() for neg in fx.negative_fixtures()}
    packages["raw 2 MB attachment"] = fx.with_attachment_of_size(2_000_000)
    packages["zipped 2 MB attachment"] = fx.with_attachment_of_size(2_000_000, zipped=True)
    packages["axis test edoc"] = edoc_package("000.00.00.H38", ["000.00.00.G22", "000.00.00.H41"])
    packages["axis test status"] = status_package("000.00.00.G22", answered_organ="000.00.00.H38",
                                                  answered_id="000.00.00.H38,2026/11/22,12/UBND")
    return packages


CORPUS = corpus()


def light(data: bytes) -> PackageInfo | None:
    """The light reader alone: None when it hands the package to the full parser."""
    try:
        return routing._light(data, Limits(max_document=MAX))
    except routing._Undecided:
        return None


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_light_reader_agrees_with_the_full_parser(name: str) -> None:
    data = CORPUS[name]
    full = read_package(data, exchange_id="ex-1", max_size=MAX)
    fast = route_package(data, exchange_id="ex-1", max_size=MAX)
    assert bool(fast.refused) == bool(full.refused)
    if full.refused:
        # refusals (and their findings) are the full parser's own
        assert not fast.deferred and fast.findings == full.findings
        assert light(data) is None
        return
    for f in FIELDS:
        assert getattr(fast, f) == getattr(full, f), f
    if fast.deferred:  # decided by the light reader: the findings come later, the same
        assert fast.findings == []
        assert package_findings(data, exchange_id="ex-1", max_size=MAX) == full.findings
    else:
        assert fast.findings == full.findings


def test_the_light_reader_decides_every_accepted_package_of_the_corpus() -> None:
    """The hot path is really taken: no accepted package of the corpus falls back."""
    fell_back = [name for name, data in CORPUS.items()
                 if not read_package(data, exchange_id="x", max_size=MAX).refused
                 and light(data) is None]
    assert fell_back == []


def test_every_refused_package_of_the_corpus_goes_to_the_full_parser() -> None:
    refused = [name for name, data in CORPUS.items()
               if read_package(data, exchange_id="x", max_size=MAX).refused]
    assert {"negative/QCVN102-XMLSEC__xxe_external_entity.edxml",
            "negative/QCVN102-XMLSEC__billion_laughs.edxml",
            "negative/QCVN102-LIMITS__zip_bomb.edxml",
            "negative/QCVN102-ATTACHMENT-NAME__path_traversal.edxml",
            "negative/QCVN102-ATTACHMENT-NAME__zip_entry_traversal.edxml"} <= set(refused)
    assert [name for name in refused if light(CORPUS[name]) is not None] == []


BASE = edoc_package("000.00.00.H38", ["000.00.00.G22"])
DECL = b'<?xml version="1.0" encoding="UTF-8"?>'
BODY = BASE[BASE.index(b"<edXML "):]
XXE = b'<!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
HOSTILE = {
    "doctype after the declaration": DECL + b"\r\n" + XXE + b"\r\n" + BODY,
    "doctype lower case": DECL + XXE.replace(b"DOCTYPE", b"doctype") + BODY,
    "doctype after a comment": DECL + b"<!-- hi -->" + XXE + BODY,
    "doctype after a processing instruction": DECL + b"<?pi x?>\n" + XXE + BODY,
    "doctype with a BOM": b"\xef\xbb\xbf" + DECL + XXE + BODY,
    "doctype without a declaration": XXE + BODY,
    "internal subset only": DECL + b"<!DOCTYPE edXML [<!ELEMENT edXML ANY>]>" + BODY,
    "entity bomb": DECL + b'<!DOCTYPE edXML [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;'
                          b'&a;&a;&a;&a;&a;&a;">]>' + BODY,
    "external entity used": DECL + XXE + BODY.replace(b"<edXML:Subject>",
                                                      b"<edXML:Subject>&x;"),
    "doctype inside the document": DECL + BODY.replace(b"<edXML:edXMLHeader>",
                                                       XXE + b"<edXML:edXMLHeader>"),
    "latin-1 declared": BASE.replace(b"UTF-8", b"ISO-8859-1"),
    "utf-16": '<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16")
              + BODY.decode("utf-8").encode("utf-16-le"),
    "bytes before the declaration": b"1212" + BASE,
    "not xml": b"PK\x03\x04 not xml at all",
    "empty": b"",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_doctype_xxe_and_unreadable_input_are_refused_by_the_full_parser(name: str) -> None:
    data = HOSTILE[name]
    assert light(data) is None, "the light reader must not decide this package itself"
    info = route_package(data, exchange_id="ex-2", max_size=MAX)
    full = read_package(data, exchange_id="ex-2", max_size=MAX)
    assert info.refused and info.findings == full.findings
    assert all(f.location.exchange_id == "ex-2" for f in info.findings)
    if name == "doctype inside the document":  # not well-formed XML to begin with
        assert any(f.rule_id == "QCVN102-XML" for f in info.refused)
    elif b"DOCTYPE" in data.upper():
        assert any(f.rule_id == "QCVN102-XMLSEC" for f in info.refused)


def test_an_unsafe_attachment_name_or_too_many_attachments_goes_to_the_full_parser() -> None:
    many = fx.with_attachment_of_size(1000)
    start = many.index(b"<Attachment>") if b"<Attachment>" in many else many.index(
        b"<edXML:Attachment>")
    end_tag = b"</Attachment>" if b"</Attachment>" in many else b"</edXML:Attachment>"
    end = many.index(end_tag) + len(end_tag)
    block = many[start:end]
    data = many[:start] + block * 201 + many[end:]  # Limits.max_attachments = 200
    assert light(data) is None
    info = route_package(data, exchange_id="x", max_size=MAX)
    assert any(f.rule_id == "QCVN102-LIMITS" for f in info.refused)


def test_non_nfc_text_is_normalised_like_the_full_parser() -> None:
    nfd = "Ve\u0302\u0300 vie\u0323\u0302c thử"  # "Về việc thử" decomposed
    data = edoc_package("000.00.00.H38", ["000.00.00.G22"], subject=nfd)
    fast = route_package(data, exchange_id="x", max_size=MAX)
    full = read_package(data, exchange_id="x", max_size=MAX)
    assert fast.deferred and fast.title == full.title == "Về việc thử"
    assert any(f.rule_id == "TCVN6909-NFC" for f in package_findings(
        data, exchange_id="x", max_size=MAX))
