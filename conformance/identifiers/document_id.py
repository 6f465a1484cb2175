"""Document identifiers (mã định danh văn bản, edXML `DocumentId`).

QCVN 102:2016 form: `<issuing agency code>,<promulgation date yyyy/MM/dd>,<số>/<ký hiệu>`, e.g.
`000.00.00.G22,2015/09/30,7816/VPCP-TTĐT`. QĐ 28/2018 Điều 10.2b: the identifier is made of the
issuing agency's code, the year of issue and the document's sequence number in that year.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from conformance.checks import covers
from conformance.findings import Finding, Location, Severity, Status, finding
from conformance.identifiers._common import as_text, has_space, is_ascii_digits, shorten
from conformance.identifiers.agency_code import AgencyCode, parse_agency_code, to_qcvn102

DOCID_PATTERN = "<mã cơ quan>,<yyyy/MM/dd>,<số>/<ký hiệu>"
DOCID_PATTERN_EN = "<agency code>,<yyyy/MM/dd>,<number>/<notation>"
DOCID_EXAMPLE = "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"

_DATE_RE = re.compile(r"([0-9]{4})/([0-9]{2})/([0-9]{2})")
_LOOSE_DATE_RE = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})")
_UUID_RE = re.compile(
    r"\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}?"
)


def qcvn102_date(date: dt.date) -> str:
    """A date as QCVN 102 writes it: yyyy/MM/dd (zero-padded, also for years before 1000)."""
    return f"{date.year:04d}/{date.month:02d}/{date.day:02d}"


@dataclass(frozen=True)
class DocumentId:
    """A parsed document identifier. `format()` gives the text back exactly."""

    agency: AgencyCode
    date: dt.date
    number: str
    notation: str

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def number_notation(self) -> str:
        return f"{self.number}/{self.notation}"

    def format(self) -> str:
        return f"{self.agency.format()},{qcvn102_date(self.date)},{self.number_notation}"

    def __str__(self) -> str:
        return self.format()

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency.format(),
            "date": self.date.isoformat(),
            "number": self.number,
            "notation": self.notation,
        }


def _strict_date(text: str) -> dt.date | None:
    m = _DATE_RE.fullmatch(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _split_number(text: str) -> tuple[str, str] | None:
    number, sep, notation = text.partition("/")
    if not sep or not is_ascii_digits(number) or not notation or has_space(notation):
        return None
    return number, notation


def parse_document_id(text: object) -> DocumentId | None:
    """Parse `<agency code>,<yyyy/MM/dd>,<số>/<ký hiệu>`; None unless every part is valid (the
    agency code in the QCVN 102 or the QĐ 20/2020 form, a real date)."""
    s = as_text(text)
    if not s or len(s) > 300:
        return None
    parts = s.split(",")
    if len(parts) != 3:
        return None
    agency = parse_agency_code(parts[0])
    date = _strict_date(parts[1])
    number = _split_number(parts[2])
    if agency is None or date is None or number is None:
        return None
    return DocumentId(agency, date, number[0], number[1])


# --- diagnostics -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parts:
    """What can be read from a text that has three comma-separated fields."""

    agency: str
    date_text: str
    date: dt.date | None  # read leniently (also yyyy-MM-dd)
    year: int | None  # also when the date itself does not exist
    number: str | None
    notation: str | None


def _loose_parts(text: str) -> _Parts | None:
    parts = text.split(",")
    if len(parts) != 3:
        return None
    agency, date_text, rest = (p.strip() for p in parts)
    date = year = None
    m = _LOOSE_DATE_RE.fullmatch(date_text)
    if m:
        year = int(m.group(1))
        try:
            date = dt.date(year, int(m.group(2)), int(m.group(3)))
        except ValueError:
            date = None
    number, sep, notation = rest.partition("/")
    ok = bool(sep) and is_ascii_digits(number)
    return _Parts(agency, date_text, date, year, number if ok else None,
                  notation if ok and notation else None)


def _date_problem(date_text: str) -> tuple[str, str] | None:
    m = _DATE_RE.fullmatch(date_text)
    if m:
        try:
            dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return (f"ngày '{date_text}' không có thật", f"date '{date_text}' does not exist")
        return None
    shown = shorten(date_text, 30)
    if _LOOSE_DATE_RE.fullmatch(date_text):
        return (f"ngày '{shown}' phải viết theo định dạng yyyy/MM/dd (dấu '/', tháng và ngày 2 "
                "chữ số)", f"date '{shown}' must be written yyyy/MM/dd ('/' separators, 2-digit "
                "month and day)")
    return (f"trường ngày '{shown}' không theo định dạng yyyy/MM/dd",
            f"date field '{shown}' is not in the yyyy/MM/dd format")


def _docid_problems(text: str) -> list[tuple[str, str]]:
    if _UUID_RE.fullmatch(text.strip()):
        return [("là một UUID, không phải mã định danh văn bản theo QCVN 102 (mã cơ quan, ngày "
                 "ban hành, số/ký hiệu)", "is a UUID, not a QCVN 102 document identifier (agency "
                 "code, promulgation date, number/notation)")]
    parts = text.split(",")
    if len(parts) != 3:
        return [(f"có {len(parts)} trường phân cách bởi dấu phẩy, cần 3",
                 f"has {len(parts)} comma-separated fields, 3 required")]
    problems: list[tuple[str, str]] = []
    if has_space(text):
        problems.append(("có khoảng trắng", "contains white space"))
    if parse_agency_code(parts[0]) is None:
        shown = shorten(parts[0], 40)
        problems.append((f"mã cơ quan '{shown}' không phải mã định danh hợp lệ (QCVN 102 hoặc "
                         "QĐ 20/2020)", f"agency code '{shown}' is not a valid agency "
                         "identifier (QCVN 102 or QĐ 20/2020)"))
    date_problem = _date_problem(parts[1])
    if date_problem:
        problems.append(date_problem)
    if _split_number(parts[2]) is None:
        shown = shorten(parts[2], 40)
        problems.append((f"trường thứ ba '{shown}' phải là <số>/<ký hiệu>, số bằng chữ số",
                         f"third field '{shown}' must be <number>/<notation> with a numeric "
                         "number"))
    return problems


# --- findings ----------------------------------------------------------------------------------


def _docid_findings(text: str, parsed: DocumentId | None,
                    location: Location | None) -> list[Finding]:
    found = shorten(text)
    if parsed is not None:
        return [finding("QCVN102-DOCID", Status.PASS,
                        f"Mã định danh văn bản '{found}' đúng dạng {DOCID_PATTERN}",
                        f"Document identifier '{found}' has the form {DOCID_PATTERN_EN}",
                        found=found, location=location, evidence=parsed.to_dict())]
    expected = f"{DOCID_PATTERN} (VD {DOCID_EXAMPLE})"
    return [finding("QCVN102-DOCID", Status.FAIL, f"Mã định danh văn bản '{found}': {vi}",
                    f"Document identifier '{found}': {en}", expected=expected, found=found,
                    location=location)
            for vi, en in _docid_problems(text)]


def _date_finding(parts: _Parts | None, location: Location | None) -> Finding:
    if parts is None:
        return finding("QCVN102-DATE", Status.NOT_APPLICABLE,
                       "Không tìm thấy trường ngày trong mã định danh văn bản",
                       "No date field found in the document identifier", location=location)
    problem = _date_problem(parts.date_text)
    shown = shorten(parts.date_text, 30)
    if problem is None:
        return finding("QCVN102-DATE", Status.PASS,
                       f"Ngày ban hành trong mã định danh '{shown}' đúng định dạng yyyy/MM/dd",
                       f"Promulgation date in the identifier '{shown}' is a valid yyyy/MM/dd date",
                       found=shown, location=location)
    return finding("QCVN102-DATE", Status.FAIL, f"Mã định danh văn bản: {problem[0]}",
                   f"Document identifier: {problem[1]}", expected="yyyy/MM/dd (VD 2015/09/30)",
                   found=shown, location=location)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = as_text(value)
    if text:
        m = _LOOSE_DATE_RE.fullmatch(text.strip())
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def _sender_finding(parts: _Parts, sender: str, location: Location | None) -> Finding | None:
    if parts.agency == sender.strip():
        return None
    ours, theirs = to_qcvn102(parts.agency), to_qcvn102(sender.strip())
    same = ours is not None and ours == theirs
    vi = (f"Mã cơ quan trong mã định danh văn bản là '{shorten(parts.agency, 40)}' nhưng cơ quan "
          f"gửi là '{shorten(sender, 40)}'")
    en = (f"The agency in the document identifier is '{shorten(parts.agency, 40)}' but the "
          f"sender is '{shorten(sender, 40)}'")
    if same:
        vi += " (cùng cơ quan, khác dạng viết mã)"
        en += " (the same body written in another form)"
    return finding("QD28-10.2b", Status.FAIL, vi, en, expected=shorten(sender),
                   found=shorten(parts.agency), location=location,
                   severity=Severity.WARNING if same else None)


def _date_mismatch(parts: _Parts, date: object, location: Location | None) -> Finding | None:
    wanted = _as_date(date)
    if wanted is None:
        return finding("QD28-10.2b", Status.INCONCLUSIVE,
                       f"Không đọc được ngày ban hành khai báo '{shorten(str(date), 30)}' để đối "
                       "chiếu", f"The stated promulgation date '{shorten(str(date), 30)}' cannot "
                       "be read for comparison", found=shorten(str(date), 30), location=location)
    if parts.date == wanted:
        return None
    found = qcvn102_date(parts.date) if parts.date else shorten(parts.date_text, 30)
    want = qcvn102_date(wanted)
    return finding("QD28-10.2b", Status.FAIL,
                   f"Ngày trong mã định danh văn bản là '{found}' nhưng ngày ban hành của văn bản "
                   f"là '{want}'",
                   f"The date in the document identifier is '{found}' but the promulgation date "
                   f"is '{want}'",
                   expected=want, found=found, location=location)


def _notation_mismatch(parts: _Parts, notation: str, location: Location | None) -> Finding | None:
    wanted = notation.strip()
    ours = f"{parts.number}/{parts.notation}" if parts.number and parts.notation else None
    candidates = {_nfc(c) for c in (ours, parts.notation) if c}
    if _nfc(wanted) in candidates:
        return None
    found = ours or "(không đọc được / unreadable)"
    return finding("QD28-10.2b", Status.FAIL,
                   f"Số/ký hiệu trong mã định danh văn bản là '{shorten(found)}' nhưng văn bản có "
                   f"số và ký hiệu '{shorten(wanted)}'",
                   f"The number/notation in the document identifier is '{shorten(found)}' but the "
                   f"document's number and notation are '{shorten(wanted)}'",
                   expected=shorten(wanted), found=shorten(found), location=location)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _carries_problems(parts: _Parts) -> list[tuple[str, str]]:
    missing: list[tuple[str, str]] = []
    if not parts.agency:
        missing.append(("mã cơ quan ban hành", "issuing agency code"))
    if parts.year is None:
        missing.append(("năm ban hành", "year of issue"))
    if parts.number is None:
        missing.append(("số thứ tự văn bản", "sequence number"))
    return missing


def _identity_findings(text: str, parts: _Parts | None, sender: str | None, date: object,
                       notation: str | None, location: Location | None) -> list[Finding]:
    found = shorten(text)
    if parts is None:
        uuid = " (là UUID)" if _UUID_RE.fullmatch(text.strip()) else ""
        uuid_en = " (it is a UUID)" if uuid else ""
        return [finding("QD28-10.2b", Status.FAIL,
                        f"Mã định danh văn bản '{found}' không mang mã cơ quan ban hành, năm ban "
                        f"hành và số thứ tự văn bản{uuid}",
                        f"Document identifier '{found}' does not carry the issuing agency, year "
                        f"and sequence number{uuid_en}",
                        expected=DOCID_EXAMPLE, found=found, location=location)]
    missing = _carries_problems(parts)
    if missing:
        vi = ", ".join(m[0] for m in missing)
        en = ", ".join(m[1] for m in missing)
        return [finding("QD28-10.2b", Status.FAIL, f"Mã định danh văn bản '{found}' thiếu: {vi}",
                        f"Document identifier '{found}' lacks: {en}", expected=DOCID_EXAMPLE,
                        found=found, location=location)]
    out: list[Finding | None] = []
    sender_text = as_text(sender)
    if sender_text is not None:
        out.append(_sender_finding(parts, sender_text, location))
    if date is not None:
        out.append(_date_mismatch(parts, date, location))
    notation_text = as_text(notation)
    if notation_text is not None:
        out.append(_notation_mismatch(parts, notation_text, location))
    mismatches = [f for f in out if f is not None]
    if mismatches:
        return mismatches
    given = [(vi, en) for vi, en, v in (("cơ quan gửi", "sender", sender_text),
                                        ("ngày ban hành", "promulgation date", date),
                                        ("số và ký hiệu", "number and notation", notation_text))
             if v is not None]
    checked_vi = "; khớp với " + ", ".join(g[0] for g in given) if given else ""
    checked_en = "; consistent with the package's " + ", ".join(g[1] for g in given) if given \
        else ""
    return [finding("QD28-10.2b", Status.PASS,
                    f"Mã định danh văn bản mang mã cơ quan ban hành, năm và số thứ tự{checked_vi}",
                    f"The document identifier carries the issuing agency, year and sequence "
                    f"number{checked_en}", found=found, location=location,
                    evidence={"agency": parts.agency, "year": parts.year,
                              "number": parts.number})]


@covers("QCVN102-DOCID", "QCVN102-DATE", "QD28-10.2b")
def check_document_id(
    value: str,
    *,
    sender: str | None = None,
    date: dt.date | str | None = None,
    notation: str | None = None,
    location: Location | None = None,
) -> list[Finding]:
    """Check a DocumentId; with `sender` (From/OrganId), `date` (the promulgation date, a date or
    a yyyy/MM/dd or yyyy-MM-dd string) and `notation` ("số/ký hiệu" or the ký hiệu alone), also
    its consistency with the package."""
    text = as_text(value)
    if text is None or not text.strip():
        found = None if text is None else repr(text)
        return [
            finding("QCVN102-DOCID", Status.FAIL, "Thiếu mã định danh văn bản",
                    "The document identifier is missing", expected=DOCID_EXAMPLE, found=found,
                    location=location),
            finding("QCVN102-DATE", Status.NOT_APPLICABLE, "Không có mã định danh văn bản",
                    "No document identifier", location=location),
            finding("QD28-10.2b", Status.FAIL, "Thiếu mã định danh văn bản",
                    "The document identifier is missing", expected=DOCID_EXAMPLE, found=found,
                    location=location),
        ]
    parsed = parse_document_id(text)
    parts = _loose_parts(text)
    return [
        *_docid_findings(text, parsed, location),
        _date_finding(parts, location),
        *_identity_findings(text, parts, sender, date, notation, location),
    ]
