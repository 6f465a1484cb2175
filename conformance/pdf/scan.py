"""Digitised documents (văn bản số hóa): PDF version, colour, resolution and 100 % scale.

The requirement — PDF version 1.4 or later, colour, at least 200 dpi, 100 % scale — is stated
three times in the catalog, with the same words:

* `ND30-PL1-SOHOA`: NĐ 30/2020 Phụ lục I Phần II mục I.2, the national standard for digitising
  paper documents (the source the provincial text restates);
* `LC2019-8.1a`: an incoming paper document digitised by the receiving clerk;
* `LC2019-9.3a`: an outgoing paper document digitised by the sending clerk (signer without a
  personal certificate).

A PDF alone does not tell which of the two LC2019 situations produced it, so every check
reports the same judgement under each rule of `rule_ids` (default: all three); a caller that
knows the direction passes only the rule it means. Each finding carries `evidence["check"]`
(`pdf_version`, `colour`, `dpi` or `scale`) so the four parts stay apart.

How each part is judged:

* **Version** — the rule is about the document *as scanned*, so it is judged on the **first
  revision** (the bytes up to the first `%%EOF` that open as a complete PDF): its effective
  version is the later of the header `%PDF-x.y` and that revision's catalog `/Version`. Later
  incremental updates may raise the catalog `/Version` (pyHanko sets 1.7 when it signs) while
  the header stays; the header, the latest catalog `/Version` and the current effective version
  are reported in the evidence.
* **Scanned images** — per page, the images painted by the page content (annotation
  appearances, i.e. signature stamps, are not part of the scan) that cover at least 5 % of the
  visible page. A page without one cannot be judged (inconclusive: a born-digital page).
* **Colour** — a scanned image is colour when its colour space has 3 or more components and
  its pixels are not all grey: DeviceGray / CalGray / ICC N=1, 1-bit and stencil masks fail as
  greyscale or black-and-white; RGB/ICC/Indexed/CMYK images whose pixels all have R ≈ G ≈ B
  (see `colour.is_grey`) fail as "grey stored as RGB".
* **Resolution** — effective dpi along both image axes (`ctm.PlacedImage.dpi`) must reach
  `profile["min_scan_dpi"]`, with 0.5 % slack for scanners that round the pixel count
  (1653 px across 210 mm is 199.9 dpi).
* **100 % scale** — the paper must appear at its real size. Three tests, any failing fails:
  (1) the scanned images together cover the visible page box (width and height each within
  97–103 %: an image shrunk inside the page is not at 100 %); (2) a JPEG that declares its
  scanning resolution (JFIF/EXIF density ≥ 100 dpi; lower values are software defaults) is
  displayed at that resolution within 3 % (a 200-dpi scan shown at 400 dpi is at 50 %);
  (3) the page's physical size (after /UserUnit) is a paper size used for administrative
  documents — A3, A4 or A5, either orientation, within 3 % — otherwise 100 % cannot be
  confirmed and the finding is a failure of warning severity.

Locations: `Location(file, page, rect)` with `page` 1-based and `rect` the image's bounding box
in the page's default user space (PDF points when /UserUnit is 1).

Every check returns findings and never raises: non-PDF bytes fail the version part ("not a
PDF") and leave the others inconclusive; encrypted files are judged on the header where that
is decisive and are inconclusive otherwise.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from PIL import Image

from conformance.checks import covers
from conformance.findings import Finding, Location, Severity, Status, finding
from conformance.pdf.colour import (
    GREY_MAX_OUTLIERS,
    colour_components,
    colour_space_name,
    grey_spread,
    load_rgba,
)
from conformance.pdf.ctm import PageSize, PlacedImage, iter_placed_images, page_size, rect_area

SCAN_RULES: tuple[str, ...] = ("ND30-PL1-SOHOA", "LC2019-8.1a", "LC2019-9.3a")
CHECKS = ("pdf_version", "colour", "dpi", "scale")

SCAN_IMAGE_MIN_AREA = 0.05  # share of the visible page an image must cover to count as scan
DPI_SLACK = 0.005
COVER_TOLERANCE = 0.03
DENSITY_TOLERANCE = 0.03
DENSITY_MIN_TRUSTED = 100.0
PAPER_TOLERANCE = 0.03
PAPER_SIZES_MM: dict[str, tuple[float, float]] = {
    "A3": (297.0, 420.0), "A4": (210.0, 297.0), "A5": (148.0, 210.0),
}
# JPEGs are decoded at a reduced DCT scale for the grey test (1/4 for A4 at 200 dpi).
COLOUR_DECODE_SIDE = 500
MAX_FIRST_REVISION_TRIES = 16

_HEADER = re.compile(rb"%PDF-(\d)\.(\d)")
_VERSION = re.compile(r"^(\d)\.(\d)$")
_EOF = re.compile(rb"%%EOF[ \t]*(?:\r\n|\r|\n)?")


# --- the document as read ------------------------------------------------------------------------


@dataclass
class PageScan:
    """One page: its displayed size, every placed image, and those that make up the scan."""

    index: int
    size: PageSize
    images: list[PlacedImage]
    scan_images: list[PlacedImage]
    error: str | None = None


@dataclass
class ScanDocument:
    """What the checks read from the bytes. `pdf` is None when the file did not open
    (`error` says why); `encrypted` when it needs a password."""

    data: bytes
    file: str | None
    pdf: pikepdf.Pdf | None = None
    error: str | None = None
    encrypted: bool = False
    header_version: str | None = None
    catalog_version: str | None = None
    first_revision_catalog_version: str | None = None
    first_revision_end: int | None = None
    eof_markers: int = 0
    _pages: list[PageScan] | None = field(default=None, repr=False)

    @property
    def pages(self) -> list[PageScan]:
        if self._pages is None:
            self._pages = list(_read_pages(self.pdf)) if self.pdf is not None else []
        return self._pages

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None


def _version_of(value: Any) -> str | None:
    try:
        text = str(value).lstrip("/")
    except Exception:
        return None
    return text if _VERSION.match(text) else None


def _vkey(version: str | None) -> tuple[int, int]:
    if version is None:
        return (0, 0)
    major, minor = version.split(".")
    return (int(major), int(minor))


def _later(*versions: str | None) -> str | None:
    known = [v for v in versions if v is not None]
    return max(known, key=_vkey) if known else None


def _open(data: bytes, *, recover: bool = True) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data), attempt_recovery=recover)


def open_scan(data: bytes, file: str | None = None) -> ScanDocument:
    """Read the bytes of a (supposedly) digitised PDF. Never raises; call `close()` after."""
    if not isinstance(data, bytes | bytearray | memoryview):
        return ScanDocument(b"", file, error=f"not bytes: {type(data).__name__}")
    data = bytes(data)
    doc = ScanDocument(data, file)
    header = _HEADER.search(data[:1024])
    doc.header_version = f"{header.group(1).decode()}.{header.group(2).decode()}" \
        if header else None
    doc.eof_markers = len(re.findall(rb"%%EOF", data))
    try:
        doc.pdf = _open(data)
    except pikepdf.PasswordError:
        doc.encrypted = True
        doc.error = "encrypted: a password is needed to read the document"
        return doc
    except Exception as exc:
        doc.error = _describe(exc)
        return doc
    try:
        doc.catalog_version = _version_of(doc.pdf.Root.get("/Version"))
    except Exception:
        doc.catalog_version = None
    _find_first_revision(doc)
    return doc


def _find_first_revision(doc: ScanDocument) -> None:
    """The first complete revision: the shortest prefix ending at a `%%EOF` that opens as a
    PDF without recovery. A linearised file's first-page trailer does not open on its own,
    so it is skipped. With a single revision the whole file is the first revision."""
    data = doc.data
    for tries, match in enumerate(_EOF.finditer(data)):
        end = match.end()
        if tries >= MAX_FIRST_REVISION_TRIES or len(data) - end <= 16:
            break
        try:
            with _open(data[:end], recover=False) as first:
                doc.first_revision_catalog_version = _version_of(first.Root.get("/Version"))
                doc.first_revision_end = end
                return
        except Exception:
            continue
    doc.first_revision_catalog_version = doc.catalog_version
    doc.first_revision_end = len(data)


def _read_pages(pdf: pikepdf.Pdf) -> Iterator[PageScan]:
    for index in range(len(pdf.pages)):
        try:
            size = page_size(pdf, index)
        except Exception as exc:
            yield PageScan(index, PageSize(0, 0, (0, 0, 0, 0), 0, 1.0), [], [], _describe(exc))
            continue
        try:
            images = list(iter_placed_images(pdf, index))
        except Exception as exc:
            yield PageScan(index, size, [], [], _describe(exc))
            continue
        box_area = rect_area(size.box)
        scan = [im for im in images
                if box_area > 0 and rect_area(_clip(im.rect, size.box)) >= SCAN_IMAGE_MIN_AREA
                * box_area]
        yield PageScan(index, size, images, scan)


def _clip(rect: tuple[float, ...], box: tuple[float, ...]) -> tuple[float, float, float, float]:
    return (max(rect[0], box[0]), max(rect[1], box[1]), min(rect[2], box[2]),
            min(rect[3], box[3]))


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


# --- emitting one judgement under every rule -----------------------------------------------------


@dataclass(frozen=True)
class _Judgement:
    status: Status
    vi: str
    en: str
    expected: str | None = None
    found: str | None = None
    page: int | None = None
    rect: tuple[float, float, float, float] | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None


def _emit(doc: ScanDocument, check: str, rule_ids: Sequence[str],
          judgements: list[_Judgement]) -> list[Finding]:
    out: list[Finding] = []
    for j in judgements:
        rect = None if j.rect is None else (
            round(j.rect[0], 2), round(j.rect[1], 2), round(j.rect[2], 2), round(j.rect[3], 2))
        location = Location(file=doc.file, page=None if j.page is None else j.page + 1,
                            rect=rect)
        for rule_id in rule_ids:
            out.append(finding(
                rule_id, j.status, j.vi, j.en, expected=j.expected, found=j.found,
                location=location, evidence={"check": check, **j.evidence},
                severity=j.severity,
            ))
    return out


_Judge = Callable[[Any, Any], list[_Judgement]]
_Check = Callable[..., list[Finding]]


def _guarded(check: str) -> Callable[[_Judge], _Check]:
    """Turn a judging function into a check: emit under every rule, and make any unexpected
    error an inconclusive finding instead of an exception."""

    def wrap(judge: _Judge) -> _Check:
        def run(doc: ScanDocument, *, profile: Any,
                rule_ids: Sequence[str] = SCAN_RULES) -> list[Finding]:
            try:
                judgements = judge(doc, profile)
            except Exception as exc:  # a check never raises on input
                judgements = [_Judgement(
                    Status.INCONCLUSIVE,
                    f"Không kiểm tra được ({check}): lỗi khi đọc tệp ({_describe(exc)}).",
                    f"Could not check ({check}): error reading the file ({_describe(exc)}).",
                    evidence={"error": _describe(exc)})]
            return _emit(doc, check, rule_ids, judgements)

        run.__name__ = judge.__name__
        run.__qualname__ = judge.__qualname__
        run.__doc__ = judge.__doc__
        run.__module__ = judge.__module__
        return run

    return wrap


def _unreadable(doc: ScanDocument, what_vi: str, what_en: str) -> list[_Judgement]:
    if doc.encrypted:
        return [_Judgement(
            Status.INCONCLUSIVE,
            f"Tệp PDF được mã hóa (cần mật khẩu): không kiểm tra được {what_vi}.",
            f"The PDF is encrypted (a password is needed): {what_en} cannot be checked.",
            evidence={"encrypted": True})]
    return [_Judgement(
        Status.INCONCLUSIVE,
        f"Không đọc được tệp PDF ({doc.error}): không kiểm tra được {what_vi}.",
        f"The PDF cannot be read ({doc.error}): {what_en} cannot be checked.",
        evidence={"error": doc.error})]


def _param(profile: Any, key: str) -> Any:
    try:
        return profile[key]
    except (KeyError, TypeError, IndexError):
        return None


def _bad_param(key: str, expects: str) -> list[_Judgement]:
    return [_Judgement(
        Status.INCONCLUSIVE,
        f"Hồ sơ quy tắc thiếu hoặc sai tham số '{key}' (cần {expects}).",
        f"The profile lacks a valid '{key}' ({expects} expected).",
        evidence={"parameter": key})]


def _no_scan_image(page: PageScan, what_vi: str, what_en: str) -> _Judgement:
    if page.error:
        return _Judgement(
            Status.INCONCLUSIVE,
            f"Trang {page.index + 1}: không đọc được nội dung trang ({page.error}); "
            f"không kiểm tra được {what_vi}.",
            f"Page {page.index + 1}: the page content cannot be read ({page.error}); "
            f"{what_en} cannot be checked.",
            page=page.index, evidence={"error": page.error})
    return _Judgement(
        Status.INCONCLUSIVE,
        f"Trang {page.index + 1} không có ảnh quét (ảnh phủ ít nhất "
        f"{SCAN_IMAGE_MIN_AREA:.0%} trang): không kiểm tra được {what_vi}.",
        f"Page {page.index + 1} has no scanned image (one covering at least "
        f"{SCAN_IMAGE_MIN_AREA:.0%} of the page): {what_en} cannot be checked.",
        page=page.index, evidence={"images_on_page": len(page.images)})


def _image_evidence(im: PlacedImage) -> dict[str, Any]:
    return {
        "image": im.name, "forms": list(im.forms), "width_px": im.width_px,
        "height_px": im.height_px, "dpi_x": round(im.dpi_x, 2), "dpi_y": round(im.dpi_y, 2),
        "rotated_or_skewed": im.rotated_or_skewed,
    }


# --- version -------------------------------------------------------------------------------------


@covers(*SCAN_RULES)
@_guarded("pdf_version")
def check_pdf_version(doc: ScanDocument, profile: Any) -> list[_Judgement]:
    """PDF version ≥ `profile["min_pdf_version"]`, judged on the first revision (the document
    as scanned); header, latest catalog /Version and current effective version in evidence."""
    minimum = _param(profile, "min_pdf_version")
    if not isinstance(minimum, str) or not _VERSION.match(minimum):
        return _bad_param("min_pdf_version", "a version such as 1.4")
    expected = f"PDF ≥ {minimum}"
    evidence: dict[str, Any] = {
        "judged": "first_revision", "header": doc.header_version,
        "catalog_version": doc.catalog_version,
        "first_revision_catalog_version": doc.first_revision_catalog_version,
        "current_effective_version": _later(doc.header_version, doc.catalog_version),
        "first_revision_bytes": doc.first_revision_end, "eof_markers": doc.eof_markers,
        "min_pdf_version": minimum,
    }
    if doc.pdf is None and not doc.encrypted:
        if doc.header_version is None:
            return [_Judgement(
                Status.FAIL,
                "Tệp không phải PDF (không có dòng đầu %PDF-) hoặc hỏng không đọc được.",
                "The file is not a PDF (no %PDF- header) or is too damaged to read.",
                expected=expected, found="không phải PDF / not a PDF",
                evidence={**evidence, "error": doc.error})]
        return _unreadable(doc, "phiên bản PDF", "the PDF version")
    if doc.encrypted:
        return _judge_encrypted_version(doc, minimum, expected, evidence)
    judged = _later(doc.header_version, doc.first_revision_catalog_version)
    evidence["judged_version"] = judged
    if judged is None:
        return [_Judgement(
            Status.FAIL,
            "Không xác định được phiên bản PDF: thiếu dòng đầu %PDF-x.y và /Version.",
            "The PDF version is not stated: no %PDF-x.y header and no catalog /Version.",
            expected=expected, found="không có / none", evidence=evidence)]
    if _vkey(judged) >= _vkey(minimum):
        return [_Judgement(
            Status.PASS,
            f"Phiên bản PDF của bản số hóa (lần lưu đầu tiên) là {judged}, đạt ≥ {minimum}.",
            f"The PDF version of the document as scanned (first revision) is {judged}, "
            f"meeting ≥ {minimum}.",
            expected=expected, found=judged, evidence=evidence)]
    current = evidence["current_effective_version"]
    raised = current is not None and _vkey(current) >= _vkey(minimum)
    return [_Judgement(
        Status.FAIL,
        f"Phiên bản PDF của bản số hóa (lần lưu đầu tiên) là {judged}, thấp hơn {minimum}."
        + (f" Lần cập nhật sau ghi /Version {current} vào catalog, nhưng yêu cầu áp dụng cho "
           "tệp khi số hóa." if raised else ""),
        f"The PDF version of the document as scanned (first revision) is {judged}, below "
        f"{minimum}."
        + (f" A later update writes /Version {current} into the catalog, but the requirement "
           "applies to the file as digitised." if raised else ""),
        expected=expected, found=judged, evidence=evidence)]


def _judge_encrypted_version(doc: ScanDocument, minimum: str, expected: str,
                             evidence: dict[str, Any]) -> list[_Judgement]:
    evidence = {**evidence, "judged": "header", "encrypted": True}
    if doc.header_version is not None and _vkey(doc.header_version) >= _vkey(minimum):
        return [_Judgement(
            Status.PASS,
            f"Tệp mã hóa; dòng đầu ghi PDF {doc.header_version}, đạt ≥ {minimum}.",
            f"Encrypted file; its header states PDF {doc.header_version}, meeting ≥ {minimum}.",
            expected=expected, found=doc.header_version, evidence=evidence)]
    return _unreadable(doc, "phiên bản PDF (catalog /Version)", "the PDF version "
                       "(catalog /Version)")


# --- colour --------------------------------------------------------------------------------------


def _colour_of(im: PlacedImage) -> tuple[str, str | None, dict[str, Any]]:
    """("colour" | "grey" | "bitonal" | "grey_as_rgb" | "unknown", reason, evidence)."""
    xobj = im.xobject
    cs = colour_space_name(xobj)
    comps = colour_components(xobj)
    try:
        bpc = int(xobj.get("/BitsPerComponent", 8)) if isinstance(xobj, pikepdf.Stream) \
            else int(xobj.bits_per_component)
    except Exception:
        bpc = 8
    evidence: dict[str, Any] = {"colour_space": cs, "bits_per_component": bpc}
    if cs == "/ImageMask" or (bpc == 1 and comps == 1):
        return ("bitonal", None, evidence)
    if comps == 1:
        return ("grey", None, evidence)
    image = _plain_rgb(xobj)
    if image is None:
        loaded = load_rgba(xobj, max_side=COLOUR_DECODE_SIDE)
        if loaded.image is None:
            return ("unknown", loaded.reason, evidence)
        image = loaded.image
    counted, outliers = grey_spread(image)
    evidence.update({"pixels_sampled": counted, "coloured_pixel_fraction": round(outliers, 5)})
    if counted and outliers <= GREY_MAX_OUTLIERS:
        return ("grey_as_rgb" if comps in (3, 4) else "grey", None, evidence)
    return ("colour", None, evidence)


def _plain_rgb(xobj: Any) -> Image.Image | None:
    """Fast path for the common lossless scan: 8-bit DeviceRGB (or ICC N=3), Flate or no
    filter, no /Decode, no mask — the decoded stream is the pixel buffer. None otherwise."""
    if not isinstance(xobj, pikepdf.Stream) or any(
            k in xobj for k in ("/Decode", "/SMask", "/Mask", "/DecodeParms")):
        return None
    filters = xobj.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else (
        [] if filters is None else [str(filters)])
    if names not in ([], ["/FlateDecode"]) or colour_components(xobj) != 3 or \
            colour_space_name(xobj) not in ("/DeviceRGB", "/ICCBased(N=3)"):
        return None
    try:
        width, height = int(xobj.Width), int(xobj.Height)
        if int(xobj.get("/BitsPerComponent", 8)) != 8 or width * height > 80_000_000:
            return None
        data = xobj.read_bytes()
        if len(data) < width * height * 3:
            return None
        return Image.frombuffer("RGB", (width, height), data, "raw", "RGB", 0, 1)
    except Exception:
        return None


_COLOUR_TEXT = {
    "grey": ("ảnh xám (thang độ xám)", "a greyscale image"),
    "bitonal": ("ảnh đen trắng (1 bit)", "a black-and-white (1-bit) image"),
    "grey_as_rgb": ("ảnh xám lưu dưới dạng ảnh màu (mọi điểm ảnh R≈G≈B)",
                    "a grey image stored as colour (every pixel R≈G≈B)"),
}


@covers(*SCAN_RULES)
@_guarded("colour")
def check_colour(doc: ScanDocument, profile: Any) -> list[_Judgement]:
    """Every scanned image is colour: not greyscale, not 1-bit, not grey stored as RGB."""
    if doc.pdf is None:
        return _unreadable(doc, "màu của ảnh quét", "the colour of the scanned images")
    expected = "ảnh màu / colour image"
    out: list[_Judgement] = []
    checked = 0
    for page in doc.pages:
        if not page.scan_images:
            out.append(_no_scan_image(page, "màu của ảnh quét", "the scan's colour"))
            continue
        for im in page.scan_images:
            kind, reason, evidence = _colour_of(im)
            evidence = {**_image_evidence(im), **evidence}
            if kind == "colour":
                checked += 1
            elif kind == "unknown":
                out.append(_Judgement(
                    Status.INCONCLUSIVE,
                    f"Trang {page.index + 1}: không giải mã được ảnh quét {im.name} ({reason}).",
                    f"Page {page.index + 1}: the scanned image {im.name} cannot be decoded "
                    f"({reason}).",
                    expected=expected, page=page.index, rect=im.rect,
                    evidence={**evidence, "reason": reason}))
            else:
                vi, en = _COLOUR_TEXT[kind]
                out.append(_Judgement(
                    Status.FAIL,
                    f"Trang {page.index + 1}: ảnh quét {im.name} là {vi}, không phải ảnh màu.",
                    f"Page {page.index + 1}: the scanned image {im.name} is {en}, not colour.",
                    expected=expected, found=vi, page=page.index, rect=im.rect,
                    evidence={**evidence, "kind": kind}))
    if not doc.pages:
        out.append(_no_pages())
    if checked and not any(j.status is Status.FAIL for j in out):
        out.append(_Judgement(
            Status.PASS,
            f"Tất cả {checked} ảnh quét là ảnh màu.",
            f"All {checked} scanned images are in colour.",
            expected=expected, found="ảnh màu / colour", evidence={"images": checked}))
    return out


def _no_pages() -> _Judgement:
    return _Judgement(Status.INCONCLUSIVE, "Tệp PDF không có trang nào.",
                      "The PDF has no pages.", evidence={"pages": 0})


# --- resolution ----------------------------------------------------------------------------------


@covers(*SCAN_RULES)
@_guarded("dpi")
def check_dpi(doc: ScanDocument, profile: Any) -> list[_Judgement]:
    """Every scanned image reaches `profile["min_scan_dpi"]` effective dpi on both axes."""
    minimum = _param(profile, "min_scan_dpi")
    if isinstance(minimum, bool) or not isinstance(minimum, int | float) or minimum <= 0:
        return _bad_param("min_scan_dpi", "a positive integer")
    if doc.pdf is None:
        return _unreadable(doc, "độ phân giải", "the resolution")
    expected = f"≥ {minimum:g} dpi"
    floor = minimum * (1 - DPI_SLACK)
    out: list[_Judgement] = []
    lowest: float | None = None
    for page in doc.pages:
        if not page.scan_images:
            out.append(_no_scan_image(page, "độ phân giải", "the resolution"))
            continue
        for im in page.scan_images:
            dpi = im.dpi
            lowest = dpi if lowest is None else min(lowest, dpi)
            if dpi >= floor:
                continue
            out.append(_Judgement(
                Status.FAIL,
                f"Trang {page.index + 1}: độ phân giải hiệu dụng của ảnh quét {im.name} là "
                f"{im.dpi_x:.0f} × {im.dpi_y:.0f} dpi, thấp hơn {minimum:g} dpi.",
                f"Page {page.index + 1}: the scanned image {im.name} has an effective "
                f"resolution of {im.dpi_x:.0f} × {im.dpi_y:.0f} dpi, below {minimum:g} dpi.",
                expected=expected, found=f"{dpi:.1f} dpi", page=page.index, rect=im.rect,
                evidence={**_image_evidence(im), "min_scan_dpi": minimum}))
    if not doc.pages:
        out.append(_no_pages())
    if lowest is not None and not any(j.status is Status.FAIL for j in out):
        out.append(_Judgement(
            Status.PASS,
            f"Mọi ảnh quét đạt ≥ {minimum:g} dpi (thấp nhất {lowest:.1f} dpi).",
            f"Every scanned image reaches ≥ {minimum:g} dpi (lowest {lowest:.1f} dpi).",
            expected=expected, found=f"{lowest:.1f} dpi",
            evidence={"lowest_dpi": round(lowest, 2), "min_scan_dpi": minimum}))
    return out


# --- scale ---------------------------------------------------------------------------------------


def paper_size_name(width_mm: float, height_mm: float) -> str | None:
    """"A4", "A4 ngang/landscape"… when (width, height) is within 3 % of a paper size."""
    for name, (w, h) in PAPER_SIZES_MM.items():
        for pw, ph, suffix in ((w, h, ""), (h, w, " landscape")):
            if abs(width_mm / pw - 1) <= PAPER_TOLERANCE and \
                    abs(height_mm / ph - 1) <= PAPER_TOLERANCE:
                return name + suffix
    return None


def declared_density(xobject: Any) -> float | None:
    """The scanning resolution a JPEG declares in its JFIF/EXIF header (dpi), when it is one
    (at least 100 dpi, same on both axes); None otherwise or for non-JPEG images."""
    if not isinstance(xobject, pikepdf.Stream):
        return None
    try:
        filters = xobject.get("/Filter")
        names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) \
            else [str(filters)]
        if names[-1:] != ["/DCTDecode"]:
            return None
        raw = xobject.read_raw_bytes() if len(names) == 1 else xobject.read_bytes(
            pikepdf.StreamDecodeLevel.generalized)
        with Image.open(io.BytesIO(raw)) as jpeg:
            dpi = jpeg.info.get("dpi")
    except Exception:
        return None
    if not dpi or len(dpi) != 2:
        return None
    x, y = float(dpi[0]), float(dpi[1])
    if x < DENSITY_MIN_TRUSTED or abs(x - y) > 0.5:
        return None
    return x


def _page_scale(page: PageScan) -> list[_Judgement]:
    out: list[_Judgement] = []
    box = page.size.box
    bw, bh = box[2] - box[0], box[3] - box[1]
    xs0 = min(im.rect[0] for im in page.scan_images)
    ys0 = min(im.rect[1] for im in page.scan_images)
    xs1 = max(im.rect[2] for im in page.scan_images)
    ys1 = max(im.rect[3] for im in page.scan_images)
    cover = (round((xs1 - xs0) / bw, 4), round((ys1 - ys0) / bh, 4))
    union = (xs0, ys0, xs1, ys1)
    n = page.index + 1
    expected = "tỉ lệ 100% / 100% scale"
    if any(abs(c - 1) > COVER_TOLERANCE for c in cover):
        out.append(_Judgement(
            Status.FAIL,
            f"Trang {n}: ảnh quét chiếm {cover[0]:.0%} chiều rộng × {cover[1]:.0%} chiều cao "
            "trang: không hiển thị ở tỉ lệ 100% của khổ giấy.",
            f"Page {n}: the scan spans {cover[0]:.0%} of the page width × {cover[1]:.0%} of "
            "its height: it is not shown at 100% of the paper size.",
            expected=expected, found=f"{cover[0]:.0%} × {cover[1]:.0%}", page=page.index,
            rect=union, evidence={"coverage": list(cover), "page_box": list(box)}))
    for im in page.scan_images:
        declared = declared_density(im.xobject)
        if declared is None or im.dpi <= 0:
            continue
        scale = declared / ((im.dpi_x + im.dpi_y) / 2)
        if abs(scale - 1) > DENSITY_TOLERANCE:
            out.append(_Judgement(
                Status.FAIL,
                f"Trang {n}: ảnh {im.name} được quét ở {declared:.0f} dpi nhưng hiển thị ở "
                f"{im.dpi_x:.0f} dpi: tỉ lệ {scale:.0%}, không phải 100%.",
                f"Page {n}: image {im.name} was scanned at {declared:.0f} dpi but is shown at "
                f"{im.dpi_x:.0f} dpi: scale {scale:.0%}, not 100%.",
                expected=expected, found=f"{scale:.0%}", page=page.index, rect=im.rect,
                evidence={**_image_evidence(im), "declared_dpi": declared,
                          "scale": round(scale, 4)}))
    w_mm, h_mm = page.size.width_mm, page.size.height_mm
    paper = paper_size_name(w_mm, h_mm)
    if paper is None:
        sizes = ", ".join(PAPER_SIZES_MM)
        out.append(_Judgement(
            Status.FAIL,
            f"Trang {n}: khổ trang {w_mm:.0f} × {h_mm:.0f} mm không phải khổ giấy văn bản "
            f"({sizes}): không xác nhận được tỉ lệ số hóa 100%.",
            f"Page {n}: the page measures {w_mm:.0f} × {h_mm:.0f} mm, not a document paper "
            f"size ({sizes}): 100% scale cannot be confirmed.",
            expected=f"{expected}: {sizes}", found=f"{w_mm:.0f} × {h_mm:.0f} mm",
            page=page.index, severity=Severity.WARNING,
            evidence={"page_mm": [round(w_mm, 1), round(h_mm, 1)],
                      "user_unit": page.size.user_unit, "rotate": page.size.rotate}))
    return out


@covers(*SCAN_RULES)
@_guarded("scale")
def check_scale(doc: ScanDocument, profile: Any) -> list[_Judgement]:
    """The paper appears at 100 %: the scan fills the page, a JPEG's declared scanning dpi
    matches its displayed dpi, and the page is a document paper size (A3/A4/A5)."""
    if doc.pdf is None:
        return _unreadable(doc, "tỉ lệ số hóa", "the scale")
    out: list[_Judgement] = []
    checked = 0
    for page in doc.pages:
        if not page.scan_images:
            out.append(_no_scan_image(page, "tỉ lệ số hóa", "the scale"))
            continue
        checked += 1
        out.extend(_page_scale(page))
    if not doc.pages:
        out.append(_no_pages())
    if checked and not any(j.status is Status.FAIL for j in out):
        out.append(_Judgement(
            Status.PASS,
            f"Ảnh quét phủ kín trang ở khổ giấy thực trên cả {checked} trang (tỉ lệ 100%).",
            f"The scan fills the page at real paper size on all {checked} pages (100% scale).",
            expected="tỉ lệ 100% / 100% scale", found="100%", evidence={"pages": checked}))
    return out


# --- entry point ---------------------------------------------------------------------------------


def check_scan(data: bytes, *, profile: Any, file: str | None = None,
               rule_ids: Sequence[str] = SCAN_RULES) -> list[Finding]:
    """All four parts of the digitised-document requirement on one PDF's bytes, reported under
    each rule of `rule_ids`. Never raises."""
    doc = open_scan(data, file)
    try:
        findings: list[Finding] = []
        for check in (check_pdf_version, check_colour, check_dpi, check_scale):
            findings.extend(check(doc, profile=profile, rule_ids=rule_ids))
        return findings
    finally:
        with contextlib.suppress(Exception):
            doc.close()
