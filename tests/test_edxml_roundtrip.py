"""Builder ↔ parser: every package the builder writes parses back to an equal model, in every
form the builder can write, and the bytes are reproducible."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.edxml import names as n
from conformance.edxml.builder import SPEC, VNPT, BuildOptions, build_package
from conformance.edxml.model import (
    Attachment,
    Business,
    BusinessDocumentInfo,
    DocumentCode,
    DocumentType,
    EdocPackage,
    MessageHeader,
    MimeParts,
    Organization,
    OtherInfo,
    PromulgationInfo,
    Receiver,
    Reference,
    ReplacementInfo,
    ResponseFor,
    Signature,
    SignerInfo,
    StaffInfo,
    StatusPackage,
    TraceHeader,
)
from conformance.edxml.parser import parse_package
from conformance.fixtures_gen import edxml as fx

# XML 1.0 text, without carriage returns (an XML parser turns them into line feeds), in NFC
# (the parser returns NFC).
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"), blacklist_characters="\r")
    | st.sampled_from("\t\n ăâđêôơưĐÀẢÃÁẠỳ"),
    max_size=24,
).map(lambda s: unicodedata.normalize("NFC", s))
OPT = st.none() | TEXT
SAFE_NAME = st.from_regex(r"[a-z0-9][a-z0-9 _-]{0,12}\.(pdf|docx|txt)", fullmatch=True)


def tuples(strategy: st.SearchStrategy, max_size: int = 3) -> st.SearchStrategy:
    return st.lists(strategy, max_size=max_size).map(tuple)


ORG = st.builds(Organization, OPT, OPT, OPT, OPT, OPT, OPT, OPT, OPT)
RESPONSE_FOR = st.builds(ResponseFor, OPT, OPT, OPT, OPT)
TRACE = st.builds(TraceHeader, OPT, OPT)
STAFF = st.builds(StaffInfo, OPT, OPT, OPT, OPT, OPT, OPT)
BUSINESS = st.builds(
    Business, OPT, OPT, OPT, OPT, tuples(STAFF),
    tuples(st.builds(BusinessDocumentInfo, OPT, OPT,
                     st.none() | tuples(st.builds(Receiver, OPT, OPT)))),
    st.none() | tuples(st.builds(ReplacementInfo, OPT, tuples(TEXT))),
)
HEADER = st.builds(
    MessageHeader,
    from_=st.none() | ORG,
    to=tuples(ORG),
    code=st.none() | st.builds(DocumentCode, OPT, OPT),
    promulgation_info=st.none() | st.builds(PromulgationInfo, OPT, OPT),
    document_type=st.none() | st.builds(DocumentType, OPT, OPT, OPT),
    subject=OPT, content=OPT,
    signer_info=st.none() | st.builds(SignerInfo, OPT, OPT, OPT),
    due_date=OPT,
    to_places=st.none() | tuples(TEXT),
    other_info=st.none() | st.builds(OtherInfo, OPT, OPT, OPT, OPT, OPT,
                                     st.none() | tuples(TEXT), OPT),
    response_for=tuples(RESPONSE_FOR),
    steering_type=OPT, document_id=OPT, reply_fors=OPT, reference_codes=OPT,
    response_for_task=OPT, application_type=OPT,
)
EMPTY_SIGNATURE = Signature(
    element="DigitalSignature", namespace=n.NS,
    raw_xml=f'<DigitalSignature xmlns="{n.NS}"></DigitalSignature>'.encode())


@st.composite
def files(draw: st.DrawFn) -> tuple[tuple[Attachment, ...], tuple[Reference, ...]]:
    count = draw(st.integers(0, 3))
    atts, refs = [], []
    for i in range(count):
        name = draw(SAFE_NAME)
        zipped = draw(st.booleans())
        data = draw(st.binary(min_size=1, max_size=300))
        cid = draw(st.sampled_from(["cid:", ""])) + f"part-{i}"
        ctype = draw(st.sampled_from(["application/pdf", "text/plain", "application/docx"]))
        atts.append(Attachment(content_id=cid, name=name, description=draw(OPT),
                               content_type="application/zip" if zipped else ctype, data=data,
                               zipped=zipped, zip_entry=name if zipped else None))
        refs.append(Reference(cid, ctype, draw(OPT), name))
    return tuple(atts), tuple(draw(st.permutations(refs)))


@st.composite
def edocs(draw: st.DrawFn) -> EdocPackage:
    atts, refs = draw(files())
    business = draw(st.none() | BUSINESS)
    traces = draw(st.none() | tuples(TRACE))
    return EdocPackage(
        header=draw(HEADER),
        # the business block sits inside TraceHeaderList, so it brings a (maybe empty) list
        trace_headers=() if traces is None and business is not None else traces,
        business=business,
        signature=draw(st.sampled_from([None, EMPTY_SIGNATURE])),
        references=refs,
        attachments=atts,
        manifest_version=draw(st.sampled_from(["1.0", None])),
        # MimeParts with every part None is not expressible in XML: it reads back as None
        mime=draw(st.none() | st.builds(MimeParts, OPT, OPT, OPT).filter(
            lambda m: any(v is not None for v in (m.boundary, m.content_id, m.content_type)))),
    )


STATUSES = st.builds(
    StatusPackage,
    from_=st.none() | ORG,
    response_for=st.none() | RESPONSE_FOR,
    staff_info=st.none() | STAFF,
    status_code=TEXT,
    description=OPT,
    timestamp=OPT,
    trace_headers=st.none() | tuples(TRACE),
    signature=st.sampled_from([None, EMPTY_SIGNATURE]),
)
OPTIONS = st.builds(BuildOptions, order=st.sampled_from(["vnpt", "spec"]), prefixed=st.booleans(),
                    business_spelling=st.sampled_from(["Bussiness", "Business"]),
                    business_first=st.booleans(), indent=st.booleans())
HYPO = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYPO
@given(edocs(), OPTIONS)
def test_document_packages_round_trip(package: EdocPackage, options: BuildOptions) -> None:
    data = build_package(package, options)
    result = parse_package(data)
    assert result.findings == []
    assert result.package == package
    assert build_package(package, options) == data


@HYPO
@given(STATUSES, OPTIONS)
def test_status_packages_round_trip(package: StatusPackage, options: BuildOptions) -> None:
    result = parse_package(build_package(package, options))
    assert result.findings == []
    assert result.package == package


def test_builder_writes_the_vnpt_form() -> None:
    data = build_package(fx.edoc("0"), VNPT).decode("utf-8")
    assert data.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="' + n.NS + '">')
    assert f'<edXML:edXMLEnvelope xmlns:edXML="{n.NS}">' in data
    assert "<edXML:MessageHeader>" in data and "<AttachmentEncoded>" in data
    assert "<Attachment>" in data and "<ContentId>cid:7c1f0d2e-0001</ContentId>" in data
    assert f'<edXML:ContentTransferEncoded xmlns:edXML="{n.NS}">' in data
    # VNPT order: DocumentId right after the receivers, ToPlaces last
    assert data.index("<edXML:SteeringType>") < data.index("<edXML:ToPlaces>")
    spec = build_package(fx.edoc("0"), SPEC).decode("utf-8")
    own_id = f"<edXML:DocumentId>{fx.DOCUMENT_ID}"
    assert spec.index("<edXML:ToPlaces>") < spec.index("<edXML:SteeringType>") \
        < spec.index(own_id)
    assert data.index(own_id) < data.index("<edXML:Code>")


def test_zipped_attachment_is_a_reproducible_single_entry_zip() -> None:
    import base64
    import io
    import zipfile

    from lxml import etree

    data = build_package(fx.edoc("0"))
    root = etree.fromstring(data)
    encoded = root.find(f"{n.q('AttachmentEncoded')}/{n.q('Attachment')}/"
                        f"{n.q('ContentTransferEncoded')}")
    assert encoded is not None and encoded.text
    archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(encoded.text)))
    (entry,) = archive.infolist()
    assert entry.date_time == (1980, 1, 1, 0, 0, 0)
    assert archive.read(entry) == fx.sample_pdf()
    assert build_package(fx.edoc("0")) == data


def test_fixture_generation_is_deterministic(tmp_path) -> None:
    first = fx.write_fixtures(tmp_path / "a")
    second = fx.write_fixtures(tmp_path / "b")
    assert [p.relative_to(tmp_path / "a") for p in first] == \
        [p.relative_to(tmp_path / "b") for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
