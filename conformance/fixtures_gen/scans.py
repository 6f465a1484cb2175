"""Deterministic "scanned" documents for the digitised-document checks (`conformance.pdf.scan`).

A page is drawn with Pillow the way a scanner would see an A4 administrative document: warm
off-white paper, the national motto and agency header, số và ký hiệu, a title, body text lines,
the signer's title, a blue handwritten signature and the red round seal over its left third.
(Vietnamese headings are rendered with the bundled Liberation Serif when it is present; body
text is drawn as lines, legibility is not the point.) The page image is JPEG or Flate encoded
and placed on a page by pikepdf with a plain `W 0 0 H X Y cm /Im0 Do`.

`build_scan_corpus(out_dir)` writes:

* `valid/<what>.pdf` — conforming scans (colour, >= 200 dpi, PDF >= 1.4, 100 % scale);
* `negative/<RULE-ID>__<what>.pdf` — each breaks exactly one part of the requirement (the
  `check` of its entry: `pdf_version`, `colour`, `dpi` or `scale`). The requirement is one
  rule stated three times (ND30-PL1-SOHOA, LC2019-8.1a, LC2019-9.3a); files are named after
  `LC2019-8.1a` and fail under all three, on that one part only.

Same call, same bytes (fixed drawing, fixed JPEG quality, static PDF /ID) with the same
Pillow/libjpeg/qpdf builds. `python -m conformance.fixtures_gen.scans DIR` writes the corpus.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw, ImageFont

from conformance.resources import bundled_dir

MM_PER_INCH = 25.4
PT_PER_INCH = 72.0
A4_MM = (210.0, 297.0)
A6_MM = (105.0, 148.0)
NEGATIVE_RULE = "LC2019-8.1a"

PAPER = (247, 244, 236)
INK_BLACK = (28, 28, 30)
INK_BLUE = (24, 52, 178)
INK_RED = (214, 32, 40)

Encoding = str  # "jpeg" | "flate"


# --- drawing a page ------------------------------------------------------------------------------


@cache
def _font_path(bold: bool) -> str | None:
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    path = bundled_dir("fixtures") / "assets" / "fonts" / name
    return str(path) if path.is_file() else None


def _font(size_px: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_path(bold)
    if path is None:
        return ImageFont.load_default(size_px)
    return ImageFont.truetype(path, size_px)


def render_page(dpi: int, *, page_no: int = 1, paper_mm: tuple[float, float] = A4_MM,
                seal: bool = True) -> Image.Image:
    """An RGB picture of one document page at `dpi` (A4: 1654×2339 px at 200 dpi)."""
    px = dpi / MM_PER_INCH

    def p(mm: float) -> int:
        return round(mm * px)

    def pt(points: float) -> int:
        return max(6, round(points * dpi / PT_PER_INCH))

    size = (p(paper_mm[0]), p(paper_mm[1]))
    im = Image.new("RGB", size, PAPER)
    draw = ImageDraw.Draw(im)
    rng = random.Random(1000 + page_no)
    regular, bold = _font(pt(13)), _font(pt(13), bold=True)
    left, right = p(30), size[0] - p(15)
    mid_left, mid_right = p(55), size[0] - p(62)

    def centred(text: str, x: int, y: int, font) -> None:
        draw.text((x, y), text, fill=INK_BLACK, font=font, anchor="ma")

    centred("UBND TỈNH LÀO CAI", mid_left, p(20), regular)
    centred("SỞ THÔNG TIN VÀ", mid_left, p(26), bold)
    centred("TRUYỀN THÔNG", mid_left, p(32), bold)
    centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", mid_right, p(20), bold)
    centred("Độc lập - Tự do - Hạnh phúc", mid_right, p(26), bold)
    draw.line([(mid_right - p(28), p(33)), (mid_right + p(28), p(33))], fill=INK_BLACK,
              width=max(1, p(0.3)))
    centred(f"Số: {page_no:02d}/STTTT-VP", mid_left, p(40), regular)
    centred("Lào Cai, ngày 05 tháng 3 năm 2026", mid_right, p(40), _font(pt(13)))
    centred("QUYẾT ĐỊNH", size[0] // 2, p(55), _font(pt(14), bold=True))
    centred("Về việc ban hành Quy chế tiếp nhận văn bản điện tử", size[0] // 2, p(62), bold)
    y = p(75)
    line_gap = p(7.5)
    body_end = paper_mm[1] - 95 if seal else paper_mm[1] - 30
    while y < p(body_end):
        indent = p(10) if rng.random() < 0.2 else 0
        end = right if rng.random() < 0.85 else left + rng.randint(p(60), p(140))
        x = left + indent
        while x < end - p(4):
            word = min(end, x + rng.randint(p(4), p(16)))
            draw.line([(x, y), (word, y)], fill=INK_BLACK, width=max(2, p(1.2)))
            x = word + p(2)
        y += line_gap
    if seal:
        _signature_block(im, draw, p, pt, size)
    return im


def _signature_block(im: Image.Image, draw: ImageDraw.ImageDraw, p: Callable[[float], int],
                     pt: Callable[[float], int], size: tuple[int, int]) -> None:
    cx = size[0] - p(55)
    top = size[1] - p(85)
    bold = _font(pt(13), bold=True)
    draw.text((cx, top), "GIÁM ĐỐC", fill=INK_BLACK, font=bold, anchor="ma")
    # The handwritten signature, in blue.
    sx, sy = cx - p(22), top + p(22)
    points = [(sx + p(i * 1.6), sy + p(6 * ((i * 7919) % 13 - 6) / 6)) for i in range(28)]
    draw.line(points, fill=INK_BLUE, width=max(2, p(0.7)), joint="curve")
    draw.line([(sx - p(3), sy + p(8)), (sx + p(46), sy - p(2))], fill=INK_BLUE,
              width=max(2, p(0.6)))
    draw.text((cx, top + p(42)), "Nguyễn Văn An", fill=INK_BLACK, font=bold, anchor="ma")
    # The round seal (about 36 mm), over the left third of the signature.
    r = p(18)
    scx, scy = sx + p(4), sy
    for radius, width in ((r, p(1.2)), (r - p(5), p(0.5))):
        draw.ellipse([scx - radius, scy - radius, scx + radius, scy + radius],
                     outline=INK_RED, width=max(2, width))
    draw.regular_polygon((scx, scy, p(4)), 5, fill=INK_RED)
    draw.text((scx, scy + p(6)), "SỞ TT&TT", fill=INK_RED, font=_font(pt(7), bold=True),
              anchor="ma")


# --- encoding and writing PDFs --------------------------------------------------------------------


def _px(mm: float, dpi: float) -> int:
    return round(mm * dpi / MM_PER_INCH)


def _image_xobject(pdf: pikepdf.Pdf, im: Image.Image, encoding: Encoding, dpi: float,
                   ) -> pikepdf.Stream:
    mode = im.mode
    cs = {"L": pikepdf.Name.DeviceGray, "RGB": pikepdf.Name.DeviceRGB,
          "1": pikepdf.Name.DeviceGray}[mode]
    bpc = 1 if mode == "1" else 8
    if encoding == "jpeg":
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=80, dpi=(dpi, dpi))
        return pdf.make_stream(buf.getvalue(), Type=pikepdf.Name.XObject,
                               Subtype=pikepdf.Name.Image, Width=im.width, Height=im.height,
                               ColorSpace=cs, BitsPerComponent=bpc,
                               Filter=pikepdf.Name.DCTDecode)
    data = im.tobytes()
    if mode == "1":  # Pillow packs 1-bit rows MSB first, 1 = white: PDF DeviceGray, 1 = white
        data = im.tobytes("raw", "1")
    stream = pdf.make_stream(b"", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                             Width=im.width, Height=im.height, ColorSpace=cs,
                             BitsPerComponent=bpc)
    stream.write(data)
    return stream


@dataclass(frozen=True)
class PageSpec:
    """One scanned page: drawn at `scan_dpi`, stored as `colour` ("rgb", "grey", "grey_rgb",
    "bitonal"), encoded as `encoding`, on a page of `page_mm`, the image drawn at `scale` of
    the page size from the bottom-left corner (1.0 = fills the page)."""

    scan_dpi: int = 200
    colour: str = "rgb"
    encoding: Encoding = "jpeg"
    paper_mm: tuple[float, float] = A4_MM
    page_mm: tuple[float, float] | None = None
    scale: float = 1.0


def _page_image(spec: PageSpec, page_no: int) -> Image.Image:
    im = render_page(spec.scan_dpi, page_no=page_no, paper_mm=spec.paper_mm)
    if spec.colour == "grey":
        return im.convert("L")
    if spec.colour == "grey_rgb":
        return im.convert("L").convert("RGB")
    if spec.colour == "bitonal":
        return im.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1")
    return im


def build_pdf(pages: Sequence[PageSpec], *, version: str = "1.4",
              catalog_version: str | None = None) -> bytes:
    """A scanned PDF with header `%PDF-<version>` (and a catalog /Version when given)."""
    pdf = pikepdf.new()
    for number, spec in enumerate(pages, start=1):
        page_mm = spec.page_mm or spec.paper_mm
        w_pt = page_mm[0] / MM_PER_INCH * PT_PER_INCH
        h_pt = page_mm[1] / MM_PER_INCH * PT_PER_INCH
        pdf.add_blank_page(page_size=(w_pt, h_pt))
        page = pdf.pages[-1].obj
        image = _page_image(spec, number)
        xobj = _image_xobject(pdf, image, spec.encoding, spec.scan_dpi)
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobj))
        page.Contents = pdf.make_stream(
            f"q {w_pt * spec.scale:.4f} 0 0 {h_pt * spec.scale:.4f} 0 0 cm /Im0 Do Q".encode())
    if catalog_version is not None:
        pdf.Root.Version = pikepdf.Name("/" + catalog_version)
    out = io.BytesIO()
    pdf.save(out, static_id=True, force_version=version, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def append_catalog_version_update(data: bytes, version: str = "1.7") -> bytes:
    """Append an incremental update that only rewrites the catalog with `/Version` — what
    pyHanko does when it signs an older file (the header stays as it was)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root_num, root_gen = pdf.Root.objgen
        pages_num, pages_gen = pdf.Root.Pages.objgen
        size = int(pdf.trailer.Size)
        trailer_id = pdf.trailer.get("/ID")
        id_text = "" if trailer_id is None else " /ID [" + " ".join(
            f"<{bytes(x).hex()}>" for x in trailer_id) + "]"
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    body = io.BytesIO()
    body.write(data if data.endswith(b"\n") else data + b"\n")
    offset = body.tell()
    body.write(f"{root_num} {root_gen} obj\n<< /Type /Catalog /Pages {pages_num} {pages_gen} R "
               f"/Version /{version} >>\nendobj\n".encode())
    xref = body.tell()
    body.write(f"xref\n0 1\n0000000000 65535 f \n{root_num} 1\n{offset:010d} {root_gen:05d} n "
               f"\ntrailer\n<< /Size {size} /Root {root_num} {root_gen} R /Prev {prev}{id_text}"
               f" >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return body.getvalue()


# --- the corpus ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusEntry:
    """A file of the corpus: `rule_id` is None for a conforming scan, else the rule it breaks;
    `check` the part of the requirement it breaks (`pdf_version`, `colour`, `dpi`, `scale`)."""

    path: Path
    rule_id: str | None
    description: str
    check: str | None = None


@dataclass(frozen=True)
class _Item:
    name: str
    description: str
    build: Callable[[], bytes]
    check: str | None = None


def _items() -> list[_Item]:
    c200 = PageSpec(200)

    def item(name: str, vi: str, en: str, build: Callable[[], bytes],
             check: str | None = None) -> _Item:
        return _Item(name, f"{vi} / {en}", build, check)

    return [
        # --- conforming ----------------------------------------------------------------------
        item("colour_200dpi_jpeg_pdf14", "Bản quét màu 200 dpi, JPEG, PDF 1.4",
             "colour 200 dpi JPEG scan, PDF 1.4",
             lambda: build_pdf([c200], version="1.4")),
        item("colour_300dpi_jpeg_pdf17", "Bản quét màu 300 dpi, JPEG, PDF 1.7",
             "colour 300 dpi JPEG scan, PDF 1.7",
             lambda: build_pdf([PageSpec(300)], version="1.7")),
        item("colour_200dpi_flate_pdf15", "Bản quét màu 200 dpi, nén Flate, PDF 1.5",
             "colour 200 dpi scan, Flate (lossless), PDF 1.5",
             lambda: build_pdf([PageSpec(200, encoding="flate")], version="1.5")),
        item("colour_header13_catalog14",
             "Dòng đầu %PDF-1.3, catalog /Version 1.4 ngay từ lần lưu đầu",
             "header 1.3 but catalog /Version 1.4 in the first revision: version 1.4",
             lambda: build_pdf([c200], version="1.3", catalog_version="1.4")),
        item("colour_pdf14_then_updated", "PDF 1.4, sau đó cập nhật tăng dần (/Version 1.7)",
             "PDF 1.4 with a later incremental update (/Version 1.7)",
             lambda: append_catalog_version_update(build_pdf([c200], version="1.4"))),
        item("colour_multipage_200dpi", "Ba trang màu 200 dpi", "three colour pages, 200 dpi",
             lambda: build_pdf([c200] * 3, version="1.4")),
        item("colour_a4_landscape_200dpi", "Trang A4 ngang, màu 200 dpi",
             "A4 landscape, colour 200 dpi",
             lambda: build_pdf([PageSpec(200, paper_mm=(297.0, 210.0))], version="1.6")),
        # --- each breaks one part -------------------------------------------------------------
        item("version_1.3", "Bản quét màu 200 dpi nhưng PDF 1.3",
             "colour 200 dpi scan written as PDF 1.3",
             lambda: build_pdf([c200], version="1.3"), "pdf_version"),
        item("version_1.3_raised_by_update",
             "PDF 1.3 khi quét; bản cập nhật sau (như khi ký) ghi /Version 1.7",
             "PDF 1.3 as scanned; a later update (as signing does) writes /Version 1.7",
             lambda: append_catalog_version_update(build_pdf([c200], version="1.3")),
             "pdf_version"),
        item("greyscale_devicegray_200dpi", "Bản quét xám (DeviceGray) 200 dpi, nén Flate",
             "greyscale (DeviceGray) scan, 200 dpi, Flate",
             lambda: build_pdf([PageSpec(200, colour="grey", encoding="flate")],
                               version="1.4"), "colour"),
        item("greyscale_jpeg_300dpi", "Bản quét xám JPEG 300 dpi",
             "greyscale JPEG scan, 300 dpi",
             lambda: build_pdf([PageSpec(300, colour="grey")], version="1.7"), "colour"),
        item("grey_stored_as_rgb", "Ảnh xám lưu dạng RGB (R=G=B), 200 dpi",
             "grey stored as RGB (R=G=B), 200 dpi",
             lambda: build_pdf([PageSpec(200, colour="grey_rgb", encoding="flate")],
                               version="1.4"), "colour"),
        item("bitonal_300dpi", "Bản quét đen trắng 1 bit, 300 dpi",
             "black-and-white 1-bit scan, 300 dpi",
             lambda: build_pdf([PageSpec(300, colour="bitonal", encoding="flate")],
                               version="1.4"), "colour"),
        item("dpi_150", "Bản quét màu 150 dpi", "colour scan at 150 dpi",
             lambda: build_pdf([PageSpec(150)], version="1.4"), "dpi"),
        item("multipage_page2_150dpi", "Ba trang, trang 2 quét 150 dpi",
             "three pages, page 2 at 150 dpi",
             lambda: build_pdf([c200, PageSpec(150), c200], version="1.4"), "dpi"),
        item("scale_50_in_page", "Ảnh A4 thu nhỏ 50% trong trang A4",
             "A4 scan shown at 50% on an A4 page",
             lambda: build_pdf([PageSpec(200, scale=0.5)], version="1.4"), "scale"),
        item("scale_50_page_shrunk", "Cả trang thu về 50% (ảnh A4 200 dpi trên trang A6)",
             "whole page shrunk to 50% (A4 scan at 200 dpi on an A6 page: 400 dpi)",
             lambda: build_pdf([PageSpec(200, page_mm=A6_MM)], version="1.4"), "scale"),
    ]


def build_scan_corpus(out_dir: Path | str) -> list[CorpusEntry]:
    """Write `valid/` and `negative/` scans under `out_dir`; return what was written."""
    root = Path(out_dir)
    entries: list[CorpusEntry] = []
    for item in _items():
        if item.check is None:
            path = root / "valid" / f"{item.name}.pdf"
        else:
            path = root / "negative" / f"{NEGATIVE_RULE}__{item.name}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(item.build())
        entries.append(CorpusEntry(path, None if item.check is None else NEGATIVE_RULE,
                                   item.description, item.check))
    return entries


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conformance.fixtures_gen.scans",
        description="Sinh các bản quét PDF mẫu (đạt và lỗi). Writes the scanned-PDF fixtures.")
    parser.add_argument("directory", help="thư mục đích / output directory")
    args = parser.parse_args(argv)
    entries = build_scan_corpus(args.directory)
    sys.stdout.write(f"{len(entries)} tệp / files → {args.directory}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
