"""Signature, seal and urgency-stamp images for the fixtures, drawn with Pillow (deterministic).

* `handwritten_signature(name)`: a blue pen stroke on a transparent background (PNG, RGBA);
* `round_seal(agency, parent)`: a red round seal at real size (default 40 mm at 300 dpi):
  two rings, the names around the ring, a star in the middle; transparent outside the ink;
* `urgency_stamp(level)`: a red rectangular stamp at real size — KHẨN 20×8 mm,
  THƯỢNG KHẨN 40×8 mm, HỎA TỐC 30×8 mm (NĐ 30 Phụ lục I, III.2.b): bold frame and text;
* colour variants (`ink=`) make the negative fixtures (a blue seal, a black signature, …).

Every function returns PNG bytes; the same arguments give the same bytes (no randomness beyond
a seed derived from the arguments; PNG written without timestamps).
"""

from __future__ import annotations

import hashlib
import io
import math
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from conformance.resources import bundled_dir

DPI = 300
BLUE = (22, 48, 170)
RED = (218, 28, 36)
BLACK = (20, 20, 20)
INKS = {"blue": BLUE, "red": RED, "black": BLACK}

#: real sizes of the urgency stamps in mm (width, height), NĐ 30 Phụ lục I, III.2.b
URGENCY_SIZES_MM = {"KHẨN": (20.0, 8.0), "THƯỢNG KHẨN": (40.0, 8.0), "HỎA TỐC": (30.0, 8.0)}


def font_path(style: str = "Regular") -> Path:
    """Liberation Serif (Times-metric, SIL OFL) shipped in fixtures/assets/fonts."""
    return bundled_dir("fixtures") / "assets" / "fonts" / f"LiberationSerif-{style}.ttf"


@cache
def _font(style: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(style)), size)


def mm_to_px(mm: float, dpi: int = DPI) -> int:
    return round(mm / 25.4 * dpi)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


def _seed(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:4])


def _ink(ink: str | tuple[int, int, int]) -> tuple[int, int, int]:
    return INKS[ink] if isinstance(ink, str) else ink


def handwritten_signature(name: str = "", *, ink: str | tuple[int, int, int] = "blue",
                          size_mm: tuple[float, float] = (50.0, 20.0), dpi: int = DPI,
                          opaque_background: bool = False) -> bytes:
    """A handwritten-looking signature: a few loops and a flourish, pen width ~0.5 mm."""
    w, h = mm_to_px(size_mm[0], dpi), mm_to_px(size_mm[1], dpi)
    rng = np.random.default_rng(_seed("signature", name))
    scale = 4  # draw large, then downsample for smooth edges
    canvas = Image.new("L", (w * scale, h * scale), 0)
    draw = ImageDraw.Draw(canvas)
    t = np.linspace(0, 1, 900)
    loops = 3 + int(rng.integers(0, 3))
    phase = rng.uniform(0, math.pi)
    x = 0.08 + 0.78 * t + 0.05 * np.sin(2 * math.pi * loops * t + phase)
    y = 0.52 + 0.28 * np.sin(2 * math.pi * (loops + 0.5) * t) * (1 - 0.4 * t) \
        + 0.06 * np.sin(2 * math.pi * 9 * t + phase)
    pen = max(2, round(0.45 / 25.4 * dpi * scale))
    points = [(float(px * w * scale), float(py * h * scale)) for px, py in zip(x, y, strict=True)]
    draw.line(points, fill=255, width=pen, joint="curve")
    # the flourish under the name
    fx = np.linspace(0.15, 0.95, 200)
    fy = 0.80 - 0.10 * np.sin(math.pi * (fx - 0.15) / 0.8)
    draw.line([(float(a * w * scale), float(b * h * scale)) for a, b in zip(fx, fy, strict=True)],
              fill=255, width=max(2, pen * 2 // 3), joint="curve")
    alpha = canvas.resize((w, h), Image.Resampling.LANCZOS)
    return _png(_colourise(alpha, _ink(ink), opaque_background))


def _colourise(alpha: Image.Image, rgb: tuple[int, int, int],
               opaque_background: bool = False) -> Image.Image:
    if opaque_background:
        base = Image.new("RGB", alpha.size, (255, 255, 255))
        base.paste(Image.new("RGB", alpha.size, rgb), mask=alpha)
        return base
    out = Image.new("RGBA", alpha.size, (*rgb, 0))
    out.putalpha(alpha)
    return out


def round_seal(agency: str, parent: str = "", *, ink: str | tuple[int, int, int] = "red",
               diameter_mm: float = 40.0, dpi: int = DPI) -> bytes:
    """A round seal: outer ring, inner ring, the parent body and agency around the ring, a star
    in the middle. Transparent outside the ink."""
    d = mm_to_px(diameter_mm, dpi)
    scale = 2
    size = d * scale
    canvas = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(canvas)
    c = size / 2
    ring = max(3, round(0.9 / 25.4 * dpi * scale))
    r_out = c - ring / 2 - 1
    draw.ellipse([c - r_out, c - r_out, c + r_out, c + r_out], outline=255, width=ring)
    r_in = r_out * 0.68
    draw.ellipse([c - r_in, c - r_in, c + r_in, c + r_in], outline=255, width=max(2, ring // 2))
    # text around the ring, upper arc, centred on the top
    text = (f"{parent.upper()} * {agency.upper()}" if parent else agency.upper()).strip()
    font_size = max(10, int((r_out - r_in) * 0.52))
    font = _font("Bold", font_size)
    r_text = (r_out + r_in) / 2
    widths = [font.getlength(ch) for ch in text]
    arc = sum(widths) / r_text  # radians
    arc = min(arc, 1.85 * math.pi)
    step_gain = arc / max(sum(widths) / r_text, 1e-9)
    angle = -math.pi / 2 - arc / 2
    for ch, cw in zip(text, widths, strict=True):
        half = cw / 2 / r_text * step_gain
        angle += half
        glyph = Image.new("L", (font_size * 2, font_size * 2), 0)
        ImageDraw.Draw(glyph).text((font_size, font_size), ch, font=font, fill=255, anchor="mm")
        rotated = glyph.rotate(-math.degrees(angle + math.pi / 2),
                               resample=Image.Resampling.BICUBIC)
        gx = c + r_text * math.cos(angle) - rotated.width / 2
        gy = c + r_text * math.sin(angle) - rotated.height / 2
        canvas.paste(255, (round(gx), round(gy)), rotated)
        angle += half
    # a five-pointed star
    r_star = r_in * 0.55
    pts = []
    for k in range(10):
        rr = r_star if k % 2 == 0 else r_star * 0.4
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((c + rr * math.cos(a), c + rr * math.sin(a)))
    draw.polygon(pts, fill=255)
    alpha = canvas.resize((d, d), Image.Resampling.LANCZOS)
    return _png(_colourise(alpha, _ink(ink)))


def urgency_stamp(level: str = "KHẨN", *, ink: str | tuple[int, int, int] = "red",
                  dpi: int = DPI, size_mm: tuple[float, float] | None = None) -> bytes:
    """A rectangular urgency stamp with a bold single-line frame and bold capitals."""
    level = level.upper()
    if size_mm is None:
        size_mm = URGENCY_SIZES_MM.get(level, (30.0, 8.0))
    w, h = mm_to_px(size_mm[0], dpi), mm_to_px(size_mm[1], dpi)
    canvas = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(canvas)
    frame = max(2, round(0.6 / 25.4 * dpi))
    draw.rectangle([frame // 2, frame // 2, w - 1 - frame // 2, h - 1 - frame // 2],
                   outline=255, width=frame)
    font_size = int(h * 0.62)
    font = _font("Bold", font_size)
    while font.getlength(level) > w - 4 * frame and font_size > 8:
        font_size -= 2
        font = _font("Bold", font_size)
    draw.text((w / 2, h / 2), level, font=font, fill=255, anchor="mm")
    return _png(_colourise(canvas, _ink(ink)))
