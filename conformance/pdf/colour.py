"""Pixels of PDF images and what ink they show: blue signature, red seal, black text.

* `load_rgba(xobject)` decodes an image XObject (or an inline image) to an RGBA Pillow image,
  with its `/SMask` (or `/Mask`) as alpha. It never raises: on failure the image is None and
  `reason` says why (in English, for evidence).
* `classify_ink(image)` counts the opaque pixels that are blue, red, black, white (paper or
  background) or some other colour, and names the dominant ink.
* `is_grey(image)` tells a greyscale picture, including one stored as RGB ("grey stored as
  RGB": R ≈ G ≈ B everywhere).

Colour classes (`classify_ink`). A pixel is opaque when alpha >= 128. Opaque pixels are
quantised to 6 bits per channel (steps of 4 levels) and each of the 2^18 colour cells is
classified once, by its centre, in HSV with H in degrees [0, 360) and S, V on 0–255
(S = 255 · (max − min) / max, V = max):

    V < 64                                 -> black  (too dark for a reliable hue)
    S < 64 and V >= 176                    -> white  (paper, unfilled background)
    S < 64 and V < 176                     -> black  (neutral ink: black/grey text, pencil)
    otherwise, by hue:
        H < 20 or H >= 330                 -> red    (seal and stamp ink, incl. crimson)
        190 <= H <= 270                    -> blue   (ballpoint, fountain-pen and stamp blue)
        anything else                      -> other

The class of each of the 2^19 (colour cell, opaque bit) keys sits in a 512 KiB lookup table
built once, so classifying a 600×600 image is a few integer operations per pixel, one gather
and one bincount (about 1–2 ms on the project machine). The result is deterministic.

`is_grey` asks whether at least 99.9 % of the opaque pixels have max(R, G, B) − min(R, G, B)
<= 6 (the slack absorbs JPEG noise; the 0.1 % absorbs stray pixels). Pure greyscale modes
(1, L, LA, I, I;16, F) are grey by definition.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, NamedTuple

import numpy as np
import pikepdf
from PIL import Image, ImageChops

Ink = Literal["blue", "red", "black", "other"]

INKS: tuple[Ink, ...] = ("blue", "red", "black", "other")

ALPHA_OPAQUE = 128
BLACK_MAX_V = 64
NEUTRAL_MAX_S = 64
WHITE_MIN_V = 176
RED_HUE = (20.0, 330.0)  # red when H < 20 or H >= 330
BLUE_HUE = (190.0, 270.0)  # blue when 190 <= H <= 270
GREY_TOLERANCE = 6
GREY_MAX_OUTLIERS = 0.001

# Class codes in the lookup table.
_TRANSPARENT, _WHITE, _BLACK, _BLUE, _RED, _OTHER = range(6)

# Decoding larger images than this (in pixels) is refused unless the JPEG decoder can scale
# them down while decoding (DCT "draft" mode).
MAX_DECODE_PIXELS = 80_000_000

_GREY_MODES = {"1", "L", "LA", "La", "I", "I;16", "I;16B", "I;16L", "F"}
_OPAQUE_LUT = [255 if v >= ALPHA_OPAQUE else 0 for v in range(256)]


# --- decoding -----------------------------------------------------------------------------------


class LoadedImage(NamedTuple):
    """`image` (RGBA) or None, and why not. `colour_space` is the PDF colour space as written
    (`/DeviceRGB`, `/ICCBased(N=3)`, `/Indexed(/DeviceRGB)`…), `has_mask` whether the image
    carries a /SMask or /Mask, `size` its declared (/Width, /Height)."""

    image: Image.Image | None
    reason: str | None
    colour_space: str | None = None
    has_mask: bool = False
    size: tuple[int, int] = (0, 0)


def colour_space_name(xobject: Any) -> str | None:
    """The image's colour space as a short text, without decoding anything: `/DeviceGray`,
    `/DeviceRGB`, `/DeviceCMYK`, `/ICCBased(N=3)`, `/Indexed(/DeviceRGB)`, `/CalRGB`,
    `/Separation`, `/ImageMask` for stencil masks, None when absent (e.g. JPX) or unreadable."""
    try:
        if isinstance(xobject, pikepdf.PdfInlineImage):
            if xobject.image_mask:
                return "/ImageMask"
            return _cs_text(xobject.obj.get("/ColorSpace", xobject.obj.get("/CS")), 0)
        if xobject.get("/ImageMask", False):
            return "/ImageMask"
        return _cs_text(xobject.get("/ColorSpace"), 0)
    except Exception:
        return None


def colour_components(xobject: Any) -> int | None:
    """Number of colour components of the image's colour space (1 grey, 3 RGB/Lab, 4 CMYK) —
    for Indexed the base space's; None when unknown (JPX without /ColorSpace, Separation...)."""
    text = colour_space_name(xobject)
    if text is None:
        return None
    return _components_of(text)


def _components_of(text: str) -> int | None:
    if text.startswith("/Indexed("):
        return _components_of(text[len("/Indexed("):-1])
    if text.startswith("/ICCBased(N="):
        try:
            return int(text[len("/ICCBased(N="):-1])
        except ValueError:
            return None
    return {
        "/DeviceGray": 1, "/G": 1, "/CalGray": 1, "/ImageMask": 1,
        "/DeviceRGB": 3, "/RGB": 3, "/CalRGB": 3, "/Lab": 3,
        "/DeviceCMYK": 4, "/CMYK": 4,
    }.get(text)


def _cs_text(cs: Any, depth: int) -> str | None:
    if cs is None or depth > 4:
        return None
    if isinstance(cs, pikepdf.Name):
        return str(cs)
    if isinstance(cs, pikepdf.Array) and len(cs) > 0:
        family = str(cs[0])
        if family == "/ICCBased" and len(cs) > 1:
            return f"/ICCBased(N={int(cs[1].get('/N', 0))})"
        if family in ("/Indexed", "/I") and len(cs) > 1:
            return f"/Indexed({_cs_text(cs[1], depth + 1)})"
        return family
    return None


def _dct_only(xobject: Any) -> bool:
    """A plain JPEG: /DCTDecode as the only filter, no /Decode, no mask."""
    if not isinstance(xobject, pikepdf.Stream):
        return False
    filters = xobject.get("/Filter")
    if isinstance(filters, pikepdf.Array):
        filters = filters[0] if len(filters) == 1 else None
    return (
        filters == pikepdf.Name.DCTDecode
        and "/Decode" not in xobject
        and "/SMask" not in xobject
        and "/Mask" not in xobject
    )


def _to_rgba(im: Image.Image) -> Image.Image:
    if im.mode == "RGBA":
        return im
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(im, dtype=np.uint32)
        top = int(arr.max()) if arr.size else 0
        shift = max(0, top.bit_length() - 8)
        im = Image.fromarray((arr >> shift).astype(np.uint8), "L")
    elif im.mode == "F":
        im = im.convert("L")
    return im.convert("RGBA")


def load_rgba(xobject: Any, *, max_side: int | None = None) -> LoadedImage:
    """Decode an image XObject (`pikepdf.Stream` with /Subtype /Image) or a
    `pikepdf.PdfInlineImage` to an RGBA Pillow image, its /SMask or /Mask as alpha (pikepdf
    composites soft masks, stencil masks and colour-key masks). DeviceGray, DeviceRGB,
    ICCBased, Indexed, CMYK (converted naively, no colour management), 1-bit and 16-bit are
    handled; Lab, Separation and DeviceN are best effort. A stencil mask (/ImageMask) comes out
    as black ink on a transparent background.

    `max_side`: a plain JPEG whose long side exceeds this is decoded at the smallest DCT scale
    (1/2, 1/4 or 1/8, done by the JPEG decoder itself, so pixel statistics survive and decoding
    is much faster) that keeps at least `max_side` pixels on that side; other images are
    decoded at full size.

    Never raises: on failure `image` is None and `reason` explains (English text).
    """
    cs = colour_space_name(xobject)
    try:
        if isinstance(xobject, pikepdf.Stream):
            has_mask = "/SMask" in xobject or "/Mask" in xobject
            width, height = int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))
        else:
            has_mask = False
            width, height = int(xobject.width), int(xobject.height)
    except Exception as exc:
        return LoadedImage(None, f"not an image: {_describe(exc)}", cs)
    size = (width, height)
    if width <= 0 or height <= 0:
        return LoadedImage(None, f"bad image size {width}x{height}", cs, has_mask, size)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if _dct_only(xobject):
                im = Image.open(io.BytesIO(xobject.read_raw_bytes()))
                if max_side and max(im.size) > max_side:
                    scale = max(im.size) / max_side
                    im.draft(im.mode, (math.ceil(im.size[0] / scale),
                                       math.ceil(im.size[1] / scale)))
                im.load()
            else:
                if width * height > MAX_DECODE_PIXELS:
                    return LoadedImage(None, f"image too large to decode ({width}x{height})",
                                       cs, has_mask, size)
                if isinstance(xobject, pikepdf.PdfInlineImage):
                    im = xobject.as_pil_image()
                else:
                    try:
                        im = pikepdf.PdfImage(xobject).as_pil_image()
                    except Exception:
                        im = _raw_samples(xobject, cs, size)
                        if im is None:
                            raise
            if cs == "/ImageMask":
                im = _stencil(im)
            return LoadedImage(_to_rgba(im), None, cs, has_mask, size)
    except Exception as exc:
        return LoadedImage(None, f"cannot decode image: {_describe(exc)}", cs, has_mask, size)


def _raw_samples(xobject: Any, cs: str | None, size: tuple[int, int]) -> Image.Image | None:
    """Fallback for 8-bit images pikepdf will not convert (typically an unreadable ICC
    profile): the decoded samples read as grey, RGB or CMYK by component count, with the
    /SMask applied. None when that does not fit either."""
    n = _components_of(cs or "")
    mode = {1: "L", 3: "RGB", 4: "CMYK"}.get(n or 0)
    if mode is None or int(xobject.get("/BitsPerComponent", 0)) != 8 or (cs or "").startswith(
            "/Indexed"):
        return None
    data = xobject.read_bytes()
    if len(data) < size[0] * size[1] * len(mode):
        return None
    im = Image.frombytes(mode, size, data[: size[0] * size[1] * len(mode)])
    smask = xobject.get("/SMask")
    if isinstance(smask, pikepdf.Stream):
        alpha = pikepdf.PdfImage(smask).as_pil_image().convert("L")
        if alpha.size != im.size:
            alpha = alpha.resize(im.size, Image.Resampling.BILINEAR)
        im = im.convert("RGB")
        im.putalpha(alpha)
    return im


def _stencil(im: Image.Image) -> Image.Image:
    """A stencil mask as black ink: painted samples opaque, the rest transparent."""
    mask = im.convert("L")
    out = Image.new("RGBA", mask.size, (0, 0, 0, 0))
    out.putalpha(ImageChops.invert(mask))
    return out


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


# --- ink classification -------------------------------------------------------------------------


@cache
def _ink_table() -> np.ndarray:
    """Class code for every 19-bit key (opaque bit << 18 | b6 << 12 | g6 << 6 | r6): the
    byte order of a little-endian RGBA word, so the key is a few shifts and masks away."""
    q = (np.arange(64, dtype=np.float64) * 4.0) + 1.5  # centre of each 4-level cell
    b, g, r = np.meshgrid(q, q, q, indexing="ij")
    mx = np.maximum(np.maximum(r, g), b)
    mn = np.minimum(np.minimum(r, g), b)
    delta = mx - mn
    v = mx
    s = np.where(mx > 0, 255.0 * delta / np.where(mx > 0, mx, 1.0), 0.0)
    safe = np.where(delta > 0, delta, 1.0)
    hue = np.where(
        mx == r, 60.0 * ((g - b) / safe),
        np.where(mx == g, 60.0 * ((b - r) / safe) + 120.0, 60.0 * ((r - g) / safe) + 240.0),
    ) % 360.0
    cls = np.full(r.shape, _OTHER, dtype=np.uint8)
    red = (hue < RED_HUE[0]) | (hue >= RED_HUE[1])
    blue = (hue >= BLUE_HUE[0]) & (hue <= BLUE_HUE[1])
    cls[red] = _RED
    cls[blue] = _BLUE
    neutral = s < NEUTRAL_MAX_S
    cls[neutral & (v >= WHITE_MIN_V)] = _WHITE
    cls[neutral & (v < WHITE_MIN_V)] = _BLACK
    cls[v < BLACK_MAX_V] = _BLACK
    table = np.empty(1 << 19, dtype=np.uint8)
    table[: 1 << 18] = _TRANSPARENT
    table[1 << 18:] = cls.ravel()
    return table


@dataclass(frozen=True)
class InkSummary:
    """What an image shows. Fractions `blue`, `red`, `black`, `other`, `white` are of the
    opaque pixels (they sum to 1 when any pixel is opaque). `dominant` is the ink (white
    excluded) with the most pixels, None when nothing but paper/background is opaque;
    `dominant_share` its share of the inked pixels. `has_alpha`: the image has an alpha
    channel and at least one pixel is not fully opaque; `transparent_fraction`: share of
    pixels with alpha < 128."""

    total_pixels: int
    opaque_pixels: int
    ink_pixels: int
    blue: float
    red: float
    black: float
    other: float
    white: float
    transparent_fraction: float
    has_alpha: bool
    dominant: Ink | None
    dominant_share: float

    def fraction(self, ink: str) -> float:
        return float(getattr(self, ink))

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def classify_ink(image: Image.Image) -> InkSummary:
    """Count blue, red, black, white and other pixels among the opaque ones (thresholds in the
    module docstring). Any Pillow mode is accepted; an image without alpha is fully opaque."""
    rgba = image if image.mode == "RGBA" else image.convert("RGBA")
    has_alpha = image.mode in ("RGBA", "LA", "La", "PA", "RGBa") or "transparency" in image.info
    total = rgba.width * rgba.height
    if total == 0:
        return InkSummary(0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, False, None, 0.0)
    buf = np.frombuffer(rgba.tobytes(), dtype="<u4")
    x = buf >> 2
    x &= 0x203F3F3F
    key = (x & 0x3F) | ((x >> 2) & 0xFC0) | ((x >> 4) & 0x3F000) | ((x >> 11) & 0x40000)
    counts = np.bincount(np.take(_ink_table(), key), minlength=6)
    opaque = total - int(counts[_TRANSPARENT])
    ink_counts = {"blue": int(counts[_BLUE]), "red": int(counts[_RED]),
                  "black": int(counts[_BLACK]), "other": int(counts[_OTHER])}
    inked = sum(ink_counts.values())
    dominant: Ink | None = None
    share = 0.0
    if inked:
        dominant = max(INKS, key=lambda k: (ink_counts[k], -INKS.index(k)))
        share = ink_counts[dominant] / inked
    frac = (lambda n: n / opaque) if opaque else (lambda n: 0.0)
    has_alpha = has_alpha and bool(int(np.min(buf >> 24)) < 255)
    return InkSummary(
        total_pixels=total, opaque_pixels=opaque, ink_pixels=inked,
        blue=frac(ink_counts["blue"]), red=frac(ink_counts["red"]),
        black=frac(ink_counts["black"]), other=frac(ink_counts["other"]),
        white=frac(int(counts[_WHITE])), transparent_fraction=(total - opaque) / total,
        has_alpha=has_alpha, dominant=dominant, dominant_share=share,
    )


def grey_spread(image: Image.Image, tolerance: int = GREY_TOLERANCE) -> tuple[int, float]:
    """(pixels counted, fraction of them whose max(R,G,B) − min(R,G,B) > `tolerance`) over
    the opaque pixels of an image. Pillow channel arithmetic in C, no Python loops. Greyscale
    modes give (all pixels, 0.0)."""
    if image.mode in _GREY_MODES:
        return (image.width * image.height, 0.0)
    if image.mode == "RGB":
        r, g, b = image.split()
        opaque = None
    else:
        r, g, b, a = (image if image.mode == "RGBA" else image.convert("RGBA")).split()
        opaque = a.point(_OPAQUE_LUT)
    spread = ImageChops.lighter(
        ImageChops.lighter(ImageChops.difference(r, g), ImageChops.difference(g, b)),
        ImageChops.difference(r, b),
    )
    hist = np.asarray(spread.histogram(mask=opaque), dtype=np.int64)
    counted = int(hist.sum())
    if counted == 0:
        return (0, 0.0)
    return (counted, float(hist[tolerance + 1:].sum()) / counted)


def is_grey(image: Image.Image, *, tolerance: int = GREY_TOLERANCE,
            max_outliers: float = GREY_MAX_OUTLIERS) -> bool:
    """True when the image shows no colour: a greyscale mode, or an RGB(A) image whose opaque
    pixels have R ≈ G ≈ B (spread <= `tolerance`) except at most `max_outliers` of them
    ("grey stored as RGB"). An image with no opaque pixel is not grey (nothing to judge)."""
    counted, outliers = grey_spread(image, tolerance)
    return counted > 0 and outliers <= max_outliers
