"""What a signature shows: ink colours judged from pixels (via `conformance.pdf.colour`),
transparency, physical size, and the visible text of text-only signatures.

* the person's image is a blue handwritten signature on a transparent background (LC2019-9.1a;
  NĐ 30 Phụ lục I asks for a PNG with a transparent background);
* the seal is red, transparent around the ink, at a real seal's size (ND30-PL1-CKCOQUAN, or
  LC2019-9.2c in tt01-2019, which also wants the organisation name and ISO 8601 time);
* the urgency stamp is red at its real size (LC2019-6.4b);
* attachments and copies show no image and the NĐ 30 text in a Times-like font, 10 pt, black
  (ND30-PL1-CKDINHKEM, ND30-PL1-CKBANSAO); digitised documents in tt01-2019 show the seal and
  the organisation name and time (LC2019-9.3b).

The helpers return "problems" (Vietnamese / English pairs); `geometry` and these checks put
position and appearance of one signature under one rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from conformance.pdf.ctm import PlacedImage
from conformance.pdf.model import SignatureInfo
from conformance.pdf.text import TextLine, normalise

MM = 72 / 25.4
#: diameter of a round seal, mm: state agencies' seals are about 35–42 mm; a margin either way
SEAL_DIAMETER_MM = (28.0, 50.0)
#: urgency stamps: (width, height) mm by level, NĐ 30 Phụ lục I III.2.b
URGENCY_MM = {"KHẨN": (20.0, 8.0), "THƯỢNG KHẨN": (40.0, 8.0), "HỎA TỐC": (30.0, 8.0)}
URGENCY_TOLERANCE = 0.15
MIN_TRANSPARENT = 0.2
MIN_DOMINANT_SHARE = 0.6
ISO_VN = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?\+07:?00")
ISO_ANY = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")
NOTATION = re.compile(r"\d+/[0-9A-ZĐa-zđ.]+(?:-[0-9A-ZĐa-zđ.]+)*")
COPY_FORMS = ("sao y", "sao lục", "trích sao")
TIMES_LIKE = ("times", "liberationserif", "liberation serif", "tinos", "nimbusroman",
              "nimbus roman", "freeserif", "texgyretermes", "dejavuserif")


@dataclass
class Problems:
    vi: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)

    def add(self, vi: str, en: str) -> None:
        self.vi.append(vi)
        self.en.append(en)

    def __bool__(self) -> bool:
        return bool(self.vi)

    def extend(self, other: Problems) -> None:
        self.vi += other.vi
        self.en += other.en


_INK_CACHE: dict[bytes, object] = {}


def _image_key(xobject: object) -> bytes:
    """A content key for an image XObject: its raw bytes and its soft mask's (the same seal or
    signature image comes back in every document an agency issues)."""
    import hashlib

    h = hashlib.sha256()
    try:
        h.update(xobject.read_raw_bytes())  # type: ignore[attr-defined]
        h.update(repr(sorted((str(k), str(v)) for k, v in xobject.items()  # type: ignore[attr-defined]
                             if k not in ("/SMask", "/Length"))).encode())
        smask = xobject.get("/SMask")  # type: ignore[attr-defined]
        if smask is not None:
            h.update(smask.read_raw_bytes())
    except Exception:
        h.update(str(id(xobject)).encode())
    return h.digest()


def ink_of(image: PlacedImage):
    """The InkSummary of a placed image (decoded once per image content), None if
    undecodable."""
    from conformance.pdf.colour import classify_ink, load_rgba

    key = _image_key(image.xobject)
    if key in _INK_CACHE:
        return _INK_CACHE[key]
    loaded = load_rgba(image.xobject, max_side=800)
    result = classify_ink(loaded.image) if loaded.image is not None else None
    if len(_INK_CACHE) > 256:
        _INK_CACHE.clear()
    _INK_CACHE[key] = result
    return result


def size_mm(image: PlacedImage) -> tuple[float, float]:
    w, h = image.size_pt
    return (w / MM, h / MM)


def ink_problems(image: PlacedImage | None, want: str, what_vi: str, what_en: str,
                 *, transparent: bool = True) -> Problems:
    """The image exists, its dominant ink is `want`, and (optionally) its background is
    transparent."""
    out = Problems()
    if image is None:
        out.add(f"{what_vi}: không có hình ảnh", f"{what_en}: no image")
        return out
    ink = ink_of(image)
    if ink is None:
        out.add(f"{what_vi}: không giải mã được hình ảnh", f"{what_en}: image cannot be decoded")
        return out
    names = {"blue": ("xanh", "blue"), "red": ("đỏ", "red"), "black": ("đen", "black"),
             "other": ("màu khác", "another colour")}
    if ink.dominant != want or ink.dominant_share < MIN_DOMINANT_SHARE:
        got = names.get(ink.dominant or "other", ("không rõ", "unclear"))
        out.add(f"{what_vi}: màu {got[0]} (cần {names[want][0]})",
                f"{what_en}: {got[1]} ink ({names[want][1]} expected)")
    if transparent and (not ink.has_alpha or ink.transparent_fraction < MIN_TRANSPARENT):
        out.add(f"{what_vi}: nền không trong suốt", f"{what_en}: background not transparent")
    return out


def seal_size_problems(image: PlacedImage | None) -> Problems:
    out = Problems()
    if image is None:
        return out
    w, h = size_mm(image)
    d = max(w, h)
    lo, hi = SEAL_DIAMETER_MM
    if not lo <= d <= hi:
        out.add(f"con dấu rộng {d:.1f} mm, không giống kích thước thực tế ({lo:g}–{hi:g} mm)",
                f"seal is {d:.1f} mm wide, not a real seal's size ({lo:g}–{hi:g} mm)")
    return out


def urgency_level_of(image: PlacedImage) -> str | None:
    """The urgency level whose stamp size is closest to the image's (within tolerance)."""
    w, h = size_mm(image)
    best, err = None, URGENCY_TOLERANCE
    for level, (sw, sh) in URGENCY_MM.items():
        e = max(abs(w - sw) / sw, abs(h - sh) / sh)
        if e <= err:
            best, err = level, e
    return best


def looks_like_urgency_stamp(image: PlacedImage | None) -> bool:
    if image is None:
        return False
    w, h = size_mm(image)
    return h > 0 and 1.8 <= w / h <= 7 and h <= 15


def urgency_problems(image: PlacedImage | None, level: str | None) -> Problems:
    out = Problems()
    out.extend(ink_problems(image, "red", "dấu độ khẩn", "urgency stamp"))
    if image is None:
        return out
    w, h = size_mm(image)
    if level and level in URGENCY_MM:
        sw, sh = URGENCY_MM[level]
        if max(abs(w - sw) / sw, abs(h - sh) / sh) > URGENCY_TOLERANCE:
            out.add(f"dấu '{level}' kích thước {w:.1f}×{h:.1f} mm (thực tế {sw:g}×{sh:g} mm)",
                    f"'{level}' stamp is {w:.1f}×{h:.1f} mm (real size {sw:g}×{sh:g} mm)")
    elif urgency_level_of(image) is None:
        out.add(f"dấu độ khẩn kích thước {w:.1f}×{h:.1f} mm, không khớp 20×8, 30×8, 40×8 mm",
                f"urgency stamp is {w:.1f}×{h:.1f} mm, none of 20×8, 30×8, 40×8 mm")
    return out


def text_of(sig: SignatureInfo) -> str:
    return "\n".join(line.text for line in sig.text_lines)


def _font_ok(lines: list[TextLine]) -> bool:
    fonts = {f for line in lines for f in line.fonts}
    return all(any(t in normalise(f).replace("-", "").replace("+", " ") or t in f.lower()
                   for t in TIMES_LIKE) for f in fonts)


def corner_text_problems(sig: SignatureInfo, kind: str, *, organisation: str | None,
                         code: str | None) -> Problems:
    """NĐ 30 text of a top-right signature: no image; số và ký hiệu (attachment) or copy form +
    organisation (copy); time with +07:00; Times-like, 10 pt, black."""
    out = Problems()
    if sig.images:
        out.add("chữ ký hiển thị hình ảnh (NĐ 30: không hiển thị hình ảnh)",
                "the signature shows an image (NĐ 30: no image)")
    text = text_of(sig)
    if not text.strip():
        out.add("không có thông tin hiển thị", "no visible information")
        return out
    if kind == "attachment":
        if code:
            if normalise(code) not in normalise(text):
                out.add(f"không có số và ký hiệu '{code}'", f"number and notation '{code}' missing")
        elif not NOTATION.search(text):
            out.add("không có số và ký hiệu văn bản", "no number and notation")
    else:
        if not any(form in normalise(text) for form in COPY_FORMS):
            out.add("không có hình thức sao (SAO Y, SAO LỤC, TRÍCH SAO)",
                    "no copy form (SAO Y, SAO LỤC, TRÍCH SAO)")
        if organisation and normalise(organisation) not in normalise(text):
            out.add(f"không có tên cơ quan sao '{organisation}'",
                    f"copying organisation '{organisation}' missing")
    out.extend(time_text_problems(text))
    sizes = [line.font_size * sig.appearance_scale for line in sig.text_lines]
    if sizes and not all(9.5 <= s <= 10.5 for s in sizes):
        out.add(f"cỡ chữ {min(sizes):.1f}–{max(sizes):.1f} (cần 10)",
                f"font size {min(sizes):.1f}–{max(sizes):.1f} (10 expected)")
    if not _font_ok(sig.text_lines):
        fonts = sorted({f for line in sig.text_lines for f in line.fonts})
        out.add(f"phông chữ {', '.join(fonts)} (cần Times New Roman)",
                f"font {', '.join(fonts)} (Times New Roman expected)")
    if any(line.colour != "black" for line in sig.text_lines):
        out.add("chữ không màu đen", "text is not black")
    return out


def time_text_problems(text: str) -> Problems:
    out = Problems()
    if ISO_VN.search(text):
        return out
    other = ISO_ANY.search(text)
    if other:
        out.add(f"thời gian ký '{other.group(0)}' không theo múi giờ Việt Nam (+07:00)",
                f"signing time '{other.group(0)}' is not in Vietnam time (+07:00)")
    else:
        out.add("không có thời gian ký theo ISO 8601 (+07:00)",
                "no signing time in ISO 8601 (+07:00)")
    return out


def org_text_problems(sig: SignatureInfo, organisation: str | None) -> Problems:
    """TT 01/2019: the organisation name and the signing time (ISO 8601, +07:00)."""
    out = Problems()
    text = text_of(sig)
    name = organisation or sig.signer_cn
    if not name or normalise(name) not in normalise(text):
        out.add(f"không hiển thị tên cơ quan '{name}'", f"organisation name '{name}' not shown")
    out.extend(time_text_problems(text))
    return out
