"""Text lines and their positions, read from a page (or an appearance) content stream.

A small text-position reader (no pdfminer): it follows BT/ET, Tf, Tm, Td, TD, T*, TL, Tc, Tw,
Tz, Ts, Tj, TJ, ' and " together with q/Q/cm, decodes the shown strings with the font's
/ToUnicode CMap (bfchar and bfrange; 1- and 2-byte codes) or, for simple fonts without one,
Latin-1, and measures advances with /Widths (simple fonts) or /W (CID fonts). Runs on the same
baseline that touch each other are merged into lines. Enough to find "the signer's title line"
and "the signer's name line" on a page; it does not try to be a general extractor (Type3
fonts, vertical writing and rotated text are measured approximately).

Never raises on a bad content stream: what cannot be read is skipped.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf

from conformance.pdf.ctm import IDENTITY, Matrix, Rect, matmul

MAX_FORM_DEPTH = 8


@dataclass(frozen=True)
class TextRun:
    text: str
    rect: Rect  # page user space
    font_size: float  # effective size on the page (points)
    font_name: str
    colour: str = "black"  # black | colour (the fill colour the text was painted with)


@dataclass(frozen=True)
class TextLine:
    text: str
    rect: Rect
    font_size: float
    fonts: tuple[str, ...]
    colour: str = "black"

    @property
    def normalised(self) -> str:
        return normalise(self.text)

    @property
    def centre_x(self) -> float:
        return (self.rect[0] + self.rect[2]) / 2


def normalise(text: str) -> str:
    """NFC, collapsed spaces, case-folded: for comparing names and titles."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


# --- fonts -------------------------------------------------------------------------------------


class _Font:
    def __init__(self, obj: Any) -> None:
        self.name = str(obj.get("/BaseFont", "?")) if isinstance(obj, pikepdf.Dictionary) else "?"
        self.two_byte = False
        self.widths: dict[int, float] = {}
        self.default_width = 500.0
        self.cmap: dict[int, str] = {}
        if not isinstance(obj, pikepdf.Dictionary):
            return
        subtype = obj.get("/Subtype")
        try:
            if subtype == pikepdf.Name.Type0:
                self.two_byte = True
                desc = obj.get("/DescendantFonts")
                cid = desc[0] if isinstance(desc, pikepdf.Array) and len(desc) else None
                if isinstance(cid, pikepdf.Dictionary):
                    self.default_width = float(cid.get("/DW", 1000))
                    self._cid_widths(cid.get("/W"))
            else:
                first = int(obj.get("/FirstChar", 0))
                for i, w in enumerate(obj.get("/Widths", [])):
                    self.widths[first + i] = float(w)
                desc = obj.get("/FontDescriptor")
                if isinstance(desc, pikepdf.Dictionary):
                    self.default_width = float(desc.get("/MissingWidth", 500))
            tu = obj.get("/ToUnicode")
            if isinstance(tu, pikepdf.Stream):
                self.cmap = parse_tounicode(tu.read_bytes())
        except Exception:
            pass

    def _cid_widths(self, w: Any) -> None:
        if not isinstance(w, pikepdf.Array):
            return
        items = list(w)
        i = 0
        while i < len(items):
            try:
                start = int(items[i])
                nxt = items[i + 1]
                if isinstance(nxt, pikepdf.Array):
                    for k, width in enumerate(nxt):
                        self.widths[start + k] = float(width)
                    i += 2
                else:
                    end, width = int(nxt), float(items[i + 2])
                    for code in range(start, end + 1):
                        self.widths[code] = width
                    i += 3
            except Exception:
                return

    def codes(self, data: bytes) -> Iterator[int]:
        if self.two_byte:
            for i in range(0, len(data) - 1, 2):
                yield data[i] << 8 | data[i + 1]
        else:
            yield from data

    def decode(self, code: int) -> str:
        if code in self.cmap:
            return self.cmap[code]
        if self.two_byte:
            return ""
        return bytes([code]).decode("latin-1")

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default_width) / 1000.0


_HEX = re.compile(rb"<([0-9A-Fa-f\s]+)>")


def _hex(token: bytes) -> bytes:
    return bytes.fromhex(re.sub(rb"\s", b"", token).decode() or "")


def _utf16(data: bytes) -> str:
    try:
        return data.decode("utf-16-be")
    except UnicodeDecodeError:
        return ""


_CMAP_CACHE: dict[bytes, dict[int, str]] = {}


def parse_tounicode(data: bytes) -> dict[int, str]:
    """bfchar and bfrange entries of a ToUnicode CMap (cached by content: the same embedded
    font comes back in every document of a batch)."""
    key = hashlib.sha1(data, usedforsecurity=False).digest()
    cached = _CMAP_CACHE.get(key)
    if cached is None:
        if len(_CMAP_CACHE) > 256:
            _CMAP_CACHE.clear()
        cached = _CMAP_CACHE[key] = _parse_tounicode(data)
    return cached


def _parse_tounicode(data: bytes) -> dict[int, str]:
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        tokens = _HEX.findall(block)
        for src, dst in zip(tokens[0::2], tokens[1::2], strict=False):
            out[int.from_bytes(_hex(src))] = _utf16(_hex(dst))
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for m in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])",
                             block):
            lo, hi = int(m.group(1), 16), int(m.group(2), 16)
            target = m.group(3)
            if hi - lo > 65535:
                continue
            if target.startswith(b"["):
                for k, tok in enumerate(_HEX.findall(target)):
                    out[lo + k] = _utf16(_hex(tok))
            else:
                base = _hex(target[1:-1])
                start = int.from_bytes(base)
                for k in range(hi - lo + 1):
                    value = (start + k).to_bytes(len(base), "big") if base else b""
                    out[lo + k] = _utf16(value)
    return out


# --- content walking ---------------------------------------------------------------------------


def _num(v: Any, default: float = 0.0) -> float:
    try:
        return float(v)
    except Exception:
        return default


class _State:
    def __init__(self) -> None:
        self.font: _Font | None = None
        self.size = 0.0
        self.tc = 0.0
        self.tw = 0.0
        self.th = 1.0
        self.tl = 0.0
        self.rise = 0.0
        self.fill = "black"


def _fill_colour(op: str, values: list[float]) -> str | None:
    if op == "g" and len(values) == 1:
        return "black" if values[0] <= 0.3 else "colour"
    if op == "rg" and len(values) == 3:
        return "black" if max(values) <= 0.3 else "colour"
    if op == "k" and len(values) == 4:
        c, m, y, k = values
        return "black" if k >= 0.7 or (max(c, m, y) >= 0.7 and min(c, m, y) >= 0.7) else "colour"
    return None


def iter_runs(source: Any, resources: Any, ctm: Matrix = IDENTITY, *, depth: int = 0,
              fonts: dict[tuple[int, int], _Font] | None = None) -> Iterator[TextRun]:
    """Text runs painted by one content stream (a page, a form XObject, an appearance)."""
    fonts = {} if fonts is None else fonts
    try:
        instructions = pikepdf.parse_content_stream(source)
    except Exception:
        return
    font_dict = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) else None
    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    saved: list[tuple[Matrix, _State]] = []
    st = _State()
    tm: Matrix = IDENTITY
    tlm: Matrix = IDENTITY

    def font_for(name: str) -> _Font:
        try:
            obj = font_dict.get(name) if font_dict is not None else None
        except Exception:
            obj = None
        key = obj.objgen if isinstance(obj, pikepdf.Object) and obj.is_indirect else (id(obj), 0)
        if key not in fonts:
            fonts[key] = _Font(obj)
        return fonts[key]

    def show(data: bytes, adjust: list[tuple[bytes, float]] | None = None) -> TextRun | None:
        nonlocal tm
        font = st.font
        if font is None:
            return None
        parts = adjust if adjust is not None else [(data, 0.0)]
        text = []
        start = matmul((st.size * st.th, 0, 0, st.size, 0, st.rise), matmul(tm, ctm))
        for chunk, shift in parts:
            if shift:
                tx = -shift / 1000.0 * st.size * st.th
                tm = matmul((1, 0, 0, 1, tx, 0), tm)
            for code in font.codes(chunk):
                ch = font.decode(code)
                text.append(ch)
                w = font.width(code) * st.size + st.tc + (st.tw if code == 32 and not
                                                          font.two_byte else 0.0)
                tm = matmul((1, 0, 0, 1, w * st.th, 0), tm)
        end = matmul((st.size * st.th, 0, 0, st.size, 0, st.rise), matmul(tm, ctm))
        x0, y0 = start[4], start[5]
        x1 = end[4]
        height = abs(start[3]) or st.size
        rect = (min(x0, x1), y0 - 0.22 * height, max(x0, x1), y0 + 0.78 * height)
        s = "".join(text)
        if not s.strip():
            return None
        return TextRun(s, rect, height, font.name, st.fill)

    for ins in instructions:
        try:
            op = str(ins.operator)
            ops = ins.operands
        except Exception:
            continue
        try:
            if op == "q":
                saved.append((ctm, _copy(st)))
            elif op == "Q":
                if saved:
                    ctm, st = saved.pop()
            elif op == "cm" and len(ops) == 6:
                ctm = matmul(tuple(_num(v) for v in ops), ctm)  # type: ignore[arg-type]
            elif op in ("g", "rg", "k"):
                colour = _fill_colour(op, [_num(v) for v in ops])
                if colour:
                    st.fill = colour
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tf" and len(ops) == 2:
                st.font, st.size = font_for(str(ops[0])), _num(ops[1])
            elif op == "Tc" and ops:
                st.tc = _num(ops[0])
            elif op == "Tw" and ops:
                st.tw = _num(ops[0])
            elif op == "Tz" and ops:
                st.th = _num(ops[0], 100) / 100.0
            elif op == "TL" and ops:
                st.tl = _num(ops[0])
            elif op == "Ts" and ops:
                st.rise = _num(ops[0])
            elif op == "Tm" and len(ops) == 6:
                tm = tlm = tuple(_num(v) for v in ops)  # type: ignore[assignment]
            elif op in ("Td", "TD") and len(ops) == 2:
                if op == "TD":
                    st.tl = -_num(ops[1])
                tm = tlm = matmul((1, 0, 0, 1, _num(ops[0]), _num(ops[1])), tlm)
            elif op == "T*":
                tm = tlm = matmul((1, 0, 0, 1, 0, -st.tl), tlm)
            elif op == "Tj" and ops:
                run = show(bytes(ops[0]))
                if run:
                    yield run
            elif op == "'" and ops:
                tm = tlm = matmul((1, 0, 0, 1, 0, -st.tl), tlm)
                run = show(bytes(ops[0]))
                if run:
                    yield run
            elif op == '"' and len(ops) == 3:
                st.tw, st.tc = _num(ops[0]), _num(ops[1])
                tm = tlm = matmul((1, 0, 0, 1, 0, -st.tl), tlm)
                run = show(bytes(ops[2]))
                if run:
                    yield run
            elif op == "TJ" and ops:
                parts: list[tuple[bytes, float]] = []
                pending = 0.0
                for item in ops[0]:
                    if isinstance(item, pikepdf.String):
                        parts.append((bytes(item), pending))
                        pending = 0.0
                    else:
                        pending += _num(item)
                run = show(b"", parts)
                if run:
                    yield run
            elif op == "Do" and ops and depth < MAX_FORM_DEPTH and xobjects is not None:
                xobj = xobjects.get(str(ops[0]))
                if isinstance(xobj, pikepdf.Stream) and xobj.get("/Subtype") == pikepdf.Name.Form:
                    m = xobj.get("/Matrix")
                    fm = tuple(_num(v) for v in m) if isinstance(m, pikepdf.Array) and len(
                        m) == 6 else IDENTITY
                    res = xobj.get("/Resources")
                    yield from iter_runs(xobj, res if res is not None else resources,
                                         matmul(fm, ctm), depth=depth + 1,  # type: ignore[arg-type]
                                         fonts=fonts)
        except Exception:
            continue


def _copy(st: _State) -> _State:
    new = _State()
    new.__dict__.update(st.__dict__)
    return new


def lines_of(runs: list[TextRun]) -> list[TextLine]:
    """Merge runs that share a baseline and touch (gap below ~1 em) into lines, top to bottom."""
    ordered = sorted(runs, key=lambda r: (-round(r.rect[1], 0), r.rect[0]))
    lines: list[list[TextRun]] = []
    for run in ordered:
        for line in lines:
            last = line[-1]
            same_base = abs(last.rect[1] - run.rect[1]) <= 0.3 * max(run.font_size, 1)
            gap = run.rect[0] - last.rect[2]
            if same_base and -0.5 * run.font_size <= gap <= 1.2 * run.font_size:
                line.append(run)
                break
        else:
            lines.append([run])
    out = []
    for line in lines:
        text = ""
        prev: TextRun | None = None
        for run in line:
            if prev is not None and run.rect[0] - prev.rect[2] > 0.2 * run.font_size \
                    and not text.endswith(" ") and not run.text.startswith(" "):
                text += " "
            text += run.text
            prev = run
        rect = (min(r.rect[0] for r in line), min(r.rect[1] for r in line),
                max(r.rect[2] for r in line), max(r.rect[3] for r in line))
        out.append(TextLine(unicodedata.normalize("NFC", text.strip()), rect,
                            max(r.font_size for r in line),
                            tuple(dict.fromkeys(r.font_name for r in line)),
                            "black" if all(r.colour == "black" for r in line) else "colour"))
    out.sort(key=lambda ln: (-ln.rect[1], ln.rect[0]))
    return out


def page_lines(pdf: pikepdf.Pdf, page_index: int) -> list[TextLine]:
    """The text lines of a page (its content streams only, not annotations)."""
    try:
        page = pdf.pages[page_index]
        res = page.obj.get("/Resources")
        return lines_of(list(iter_runs(page, res)))
    except Exception:
        return []


def appearance_text(appearance: Any) -> list[TextLine]:
    """Text lines of an appearance stream (a signature widget's /AP /N), in its own space."""
    if not isinstance(appearance, pikepdf.Stream):
        return []
    try:
        return lines_of(list(iter_runs(appearance, appearance.get("/Resources"))))
    except Exception:
        return []
