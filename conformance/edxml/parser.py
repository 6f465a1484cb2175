"""A secure reader of edXML packages: bytes in, a model and findings out, never an exception.

Security first (DESIGN.md §5, hostile input):
* lxml runs with `resolve_entities=False, no_network=True, load_dtd=False,
  dtd_validation=False, huge_tree=True`, and any document with a DOCTYPE is refused before it
  is parsed (XXE, entity expansion bombs) and once more after, in case the prolog scan was
  fooled;
* sizes are bounded (`Limits`): the document, each attachment, each unzipped attachment, the
  sum of unzipped contents, the ZIP compression ratio, the number of attachments;
* attachment file names (and names inside ZIPs) are checked for path traversal.

Findings carry the file, line and an XPath of local names
(`/edXML/edXMLEnvelope/edXMLHeader/MessageHeader/To[2]/OrganId`). Turning the tree into the
model is `conformance.edxml.reader`'s job; lxml helpers are in `conformance.edxml.tree`.
"""

from __future__ import annotations

import re

from lxml import etree

from conformance.checks import covers
from conformance.edxml import names as n
from conformance.edxml.limits import DEFAULT_LIMITS, Limits
from conformance.edxml.reader import Form, ParseResult, read_tree
from conformance.edxml.tree import Locator, local, secure_parser, xpath_of
from conformance.findings import Finding, Location, Status, finding

__all__ = ["Form", "Locator", "ParseResult", "local", "parse_package", "secure_parser",
           "xpath_of"]

_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_XML_DECL = re.compile(rb"^<\?xml\s[^>]*?\?>")
_DECL_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)


# --- the document as a whole ------------------------------------------------------------------


def _fail(rule_id: str, vi: str, en: str, *, expected: str, found: str,
          file: str | None, line: int | None = None, xpath: str | None = None) -> Finding:
    return finding(rule_id, Status.FAIL, vi, en, expected=expected, found=found,
                   location=Location(file=file, line=line, xpath=xpath))


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _precheck(data: bytes, file: str | None, limits: Limits) -> Finding | None:
    """Size, encoding and DOCTYPE, before lxml sees a byte."""
    if len(data) > limits.max_document:
        return _fail("QCVN102-LIMITS", "Gói tin vượt giới hạn kích thước",
                     "Package exceeds the size limit", expected=f"≤ {limits.max_document} byte",
                     found=f"{len(data)} byte", file=file)
    if data[:2] in _UTF16_BOMS or data[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00"):
        return _fail("QCVN102-ENCODING", "Gói tin không mã hóa UTF-8 (có BOM UTF-16/32)",
                     "Package is not UTF-8 (UTF-16/32 byte-order mark)", expected="UTF-8",
                     found="UTF-16/UTF-32", file=file, line=1)
    body = data[3:] if data.startswith(_BOM) else data
    decl = _XML_DECL.match(body)
    if decl:
        enc = _DECL_ENCODING.search(decl.group(0))
        if enc and enc.group(1).decode("ascii").lower().replace("_", "-") not in ("utf-8", "utf8"):
            return _fail("QCVN102-ENCODING", "Khai báo XML ghi bảng mã khác UTF-8",
                         "The XML declaration names an encoding other than UTF-8",
                         expected='encoding="UTF-8"', found=enc.group(1).decode("ascii"),
                         file=file, line=1)
    pos = 0
    while True:
        m = _PROLOG_ITEM.match(body, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    if _DOCTYPE.match(body, pos):
        return _doctype_finding(file, _line_of(body, pos))
    return None


def _encoding_finding(data: bytes, file: str | None, line: int | None) -> Finding:
    """Where the UTF-8 goes wrong (lxml found it while parsing; decoding again locates the
    byte — only on this error path, the cost of a full decode is not paid for valid input)."""
    body = data[3:] if data.startswith(_BOM) else data
    found, where = "không phải UTF-8 / not UTF-8", line
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(data) - len(body))
        found = f"0x{body[exc.start:exc.start + 4].hex()} tại byte {offset}"
        where = _line_of(data, offset)
    return _fail("QCVN102-ENCODING", "Gói tin có chuỗi byte không hợp lệ trong UTF-8",
                 "Package has a byte sequence that is not valid UTF-8",
                 expected="UTF-8 hợp lệ / valid UTF-8", found=found, file=file, line=where)


def _doctype_finding(file: str | None, line: int | None) -> Finding:
    return _fail("QCVN102-XMLSEC",
                 "Gói tin có khai báo DOCTYPE/DTD — bị từ chối (nguy cơ XXE, bom thực thể)",
                 "Package has a DOCTYPE/DTD declaration — refused (XXE, entity-expansion risk)",
                 expected="không có DOCTYPE / no DOCTYPE", found="<!DOCTYPE …>",
                 file=file, line=line)


def _syntax_finding(exc: etree.XMLSyntaxError, data: bytes, file: str | None) -> Finding:
    message = exc.msg or str(exc)
    line = exc.lineno if exc.lineno and exc.lineno > 0 else None
    if "Invalid bytes in character encoding" in message or "not proper UTF-8" in message:
        return _encoding_finding(data, file, line)
    if "too long" in message or "huge" in message.lower() or "limit" in message.lower():
        return _fail("QCVN102-LIMITS",
                     "Gói tin vượt giới hạn của bộ phân tích XML (nút văn bản quá lớn, ví dụ "
                     "tệp đính kèm lớn hơn khoảng 7,5 MB)",
                     "Package exceeds the XML parser's limits (a text node too large, e.g. an "
                     "attachment above about 7.5 MB)",
                     expected="nút văn bản ≤ 10 000 000 ký tự / text nodes ≤ 10,000,000 characters",
                     found=message, file=file, line=line)
    return _fail("QCVN102-XML", "Gói tin không phải XML hợp lệ (không đúng cú pháp)",
                 "Package is not well-formed XML", expected="XML đúng cú pháp / well-formed XML",
                 found=message, file=file, line=line)


@covers("QCVN102-ENCODING", "QCVN102-XML", "QCVN102-XMLSEC", "QCVN102-LIMITS",
        "QCVN102-NAMESPACE", "QCVN102-BASE64", "QCVN102-ZIP", "QCVN102-ATTACHMENT-NAME",
        "TCVN6909-NFC")
def parse_package(data: bytes, *, file: str | None = None,
                  limits: Limits = DEFAULT_LIMITS) -> ParseResult:
    """Read an .edxml document. Never raises on bad input: problems come back as findings, and
    `package` is None when nothing trustworthy could be read."""
    if not isinstance(data, bytes | bytearray | memoryview):
        return ParseResult(None, [_fail("QCVN102-XML", "Đầu vào không phải chuỗi byte",
                                        "Input is not bytes", expected="bytes",
                                        found=type(data).__name__, file=file)])
    data = bytes(data)
    early = _precheck(data, file, limits)
    if early is not None:
        return ParseResult(None, [early])
    try:
        root = etree.fromstring(data, secure_parser())
    except etree.XMLSyntaxError as exc:
        return ParseResult(None, [_syntax_finding(exc, data, file)])
    except (ValueError, MemoryError) as exc:  # pragma: no cover - lxml edge cases
        return ParseResult(None, [_fail("QCVN102-XML", "Không đọc được gói tin XML",
                                        "Cannot read the XML package", expected="well-formed XML",
                                        found=str(exc), file=file)])
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        return ParseResult(None, [_doctype_finding(file, 1)])
    if root.tag != n.q("edXML"):
        qn = etree.QName(root)
        return ParseResult(None, [_fail(
            "QCVN102-NAMESPACE", "Phần tử gốc không phải edXML trong không gian tên QCVN 102",
            "The root element is not edXML in the QCVN 102 namespace",
            expected=f"{{{n.NS}}}edXML", found=f"{{{qn.namespace or ''}}}{qn.localname}",
            file=file, line=root.sourceline, xpath="/" + qn.localname)], root=root)
    return read_tree(root, file, limits)
