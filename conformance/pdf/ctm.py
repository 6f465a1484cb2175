"""Where images land on a page: a current-transformation-matrix (CTM) walker.

PDF paints an image into the unit square of image space; the CTM at the `Do` (or inline `BI … ID
… EI`) maps that square to the page. This module follows `q` / `Q` / `cm` / `Do` through page
content streams and recurses into Form XObjects (their `/Matrix` is concatenated before the
form's content runs), so every image comes out with its device rectangle and effective
resolution.

Why not `pikepdf.Page.get_objects_with_ctm`: in pikepdf 10.17 it concatenates in the wrong
order (`ctm @ cm` instead of `cm @ ctm`), so positions are wrong as soon as a translation is
followed by a scale, and it does not enter Form XObjects.

Conventions (PDF 32000-1 §8.3): a matrix is the 6-tuple `(a, b, c, d, e, f)` acting on row
vectors, `[x' y' 1] = [x y 1] × M`; `cm` with operand M sets `CTM := M × CTM`. Rectangles are
`(x0, y0, x1, y1)` with x0 <= x1, y0 <= y1, in the page's default user space (the space of
`/MediaBox` and of annotation `/Rect`s, before `/Rotate`). Effective dpi takes `/UserUnit`
into account: `dpi_x = width_px / (|image x-axis| × UserUnit / 72)`.

Everything here is read-only and tolerant: malformed operands are skipped, unbalanced `Q` is
ignored, a content stream that does not parse yields nothing, and Form XObject cycles and depth
are bounded. Nothing in this module raises on a bad PDF except when the page index itself does
not exist (IndexError).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
Rect = tuple[float, float, float, float]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_FORM_DEPTH = 24
INLINE_NAME = "(inline)"
# Angles within this many degrees of a multiple of 90° count as axis-aligned.
ANGLE_TOLERANCE_DEG = 0.01


# --- matrices and rectangles ---------------------------------------------------------------------


def matmul(m1: Sequence[float], m2: Sequence[float]) -> Matrix:
    """`m1 × m2` for PDF row-vector matrices: apply m1 first, then m2."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def apply(m: Sequence[float], x: float, y: float) -> tuple[float, float]:
    """The point (x, y) transformed by m."""
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def rect_normalise(rect: Sequence[Any]) -> Rect:
    """`(min x, min y, max x, max y)` as floats, from any 4 numbers (a pikepdf Array too).

    pyHanko writes appearance `/BBox`es upside down (`[0 60 150 0]`); PDF allows any two
    opposite corners. Raises ValueError when `rect` is not 4 finite numbers.
    """
    values = [float(v) for v in rect]
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise ValueError(f"not a rectangle: {values!r}")
    x0, y0, x1, y1 = values
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def transform_rect(m: Sequence[float], rect: Sequence[float]) -> Rect:
    """The axis-aligned bounding box of `rect` transformed by m."""
    x0, y0, x1, y1 = rect
    points = [apply(m, x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def rect_area(rect: Rect) -> float:
    return max(0.0, rect[2] - rect[0]) * max(0.0, rect[3] - rect[1])


# --- placed images -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacedImage:
    """One image as painted: what it is, where it lands, and at what resolution.

    * `name`: the resource name used by `Do` (`"/Im0"`), or `"(inline)"` for BI/ID/EI.
    * `forms`: names of the Form XObjects entered to reach it, outermost first (empty when the
      image is drawn directly by the page or appearance stream).
    * `xobject`: the image XObject (`pikepdf.Stream`) or a `pikepdf.PdfInlineImage`.
    * `rect`: device bounding box `(x0, y0, x1, y1)` in the page's default user space.
    * `matrix`: the full CTM at the paint (image unit square → user space).
    * `width_px`, `height_px`: the image's sample size (`/Width`, `/Height`).
    * `dpi_x`, `dpi_y`: effective resolution along the image's own axes (inf when degenerate).
    * `rotation`: angle of the image's x axis in degrees, in [0, 360).
    * `skewed`: the image's axes are not perpendicular (a shear).
    * `flipped`: the transform mirrors the image (negative determinant).
    * `page_index`: 0-based page index, None for an appearance stream walked without one.
    """

    name: str
    forms: tuple[str, ...]
    xobject: Any
    rect: Rect
    matrix: Matrix
    width_px: int
    height_px: int
    dpi_x: float
    dpi_y: float
    rotation: float
    skewed: bool
    flipped: bool
    page_index: int | None
    inline: bool = False

    @property
    def axis_aligned(self) -> bool:
        """Painted upright or turned by a multiple of 90°, without shear."""
        off = self.rotation % 90.0
        return not self.skewed and min(off, 90.0 - off) <= ANGLE_TOLERANCE_DEG

    @property
    def rotated_or_skewed(self) -> bool:
        """The "rotation/skew flag": sheared, or turned away from upright (180° counts as
        turned; a mirror alone does not, see `flipped`)."""
        return self.skewed or min(self.rotation, 360.0 - self.rotation) > ANGLE_TOLERANCE_DEG

    @property
    def dpi(self) -> float:
        """The lower of the two effective resolutions."""
        return min(self.dpi_x, self.dpi_y)

    @property
    def size_pt(self) -> tuple[float, float]:
        """Painted length of the image's x and y axes in user-space units."""
        a, b, c, d, _, _ = self.matrix
        return (math.hypot(a, b), math.hypot(c, d))


def _placed(
    name: str, forms: tuple[str, ...], xobject: Any, width: int, height: int, ctm: Matrix,
    page_index: int | None, user_unit: float, inline: bool,
) -> PlacedImage:
    a, b, c, d, _, _ = ctm
    len_x = math.hypot(a, b) * user_unit / 72.0
    len_y = math.hypot(c, d) * user_unit / 72.0
    dpi_x = width / len_x if len_x > 0 else math.inf
    dpi_y = height / len_y if len_y > 0 else math.inf
    rotation = math.degrees(math.atan2(b, a)) % 360.0 if (a or b) else 0.0
    det = a * d - b * c
    dot = a * c + b * d
    norm = math.hypot(a, b) * math.hypot(c, d)
    skewed = norm > 0 and abs(dot) / norm > 1e-6
    return PlacedImage(
        name=name, forms=forms, xobject=xobject,
        rect=transform_rect(ctm, (0.0, 0.0, 1.0, 1.0)), matrix=ctm,
        width_px=width, height_px=height, dpi_x=dpi_x, dpi_y=dpi_y,
        rotation=rotation, skewed=skewed, flipped=det < 0,
        page_index=page_index, inline=inline,
    )


def _int(value: Any) -> int:
    try:
        return int(value)
    except Exception:
        return 0


def _numbers(operands: Sequence[Any], count: int) -> Matrix | None:
    if len(operands) != count:
        return None
    try:
        values = tuple(float(v) for v in operands)
    except Exception:
        return None
    if not all(math.isfinite(v) for v in values):
        return None
    return values  # type: ignore[return-value]


def _xobject_dict(resources: Any) -> Any:
    try:
        if resources is None:
            return None
        xobjects = resources.get("/XObject")
        return xobjects if isinstance(xobjects, pikepdf.Dictionary) else None
    except Exception:
        return None


def _walk(
    source: Any, resources: Any, ctm: Matrix, page_index: int | None, user_unit: float,
    forms: tuple[str, ...], stack: frozenset[tuple[int, int]],
) -> Iterator[PlacedImage]:
    """Images painted by one content stream (a page, a form, an appearance) under `ctm`."""
    try:
        instructions = pikepdf.parse_content_stream(source)
    except Exception:
        return
    xobjects = _xobject_dict(resources)
    saved: list[Matrix] = []
    for instruction in instructions:
        try:
            op = str(instruction.operator)
        except Exception:  # an operator that is not even text: not one we act on
            continue
        if op == "q":
            saved.append(ctm)
        elif op == "Q":
            if saved:
                ctm = saved.pop()
        elif op == "cm":
            m = _numbers(instruction.operands, 6)
            if m is not None:
                ctm = matmul(m, ctm)
        elif op == "INLINE IMAGE":
            image = getattr(instruction, "iimage", None)
            if image is None:
                continue
            try:
                width, height = int(image.width), int(image.height)
            except Exception:
                continue
            yield _placed(INLINE_NAME, forms, image, width, height, ctm, page_index,
                          user_unit, inline=True)
        elif op == "Do":
            yield from _do(instruction.operands, xobjects, resources, ctm, page_index,
                           user_unit, forms, stack)


def _do(
    operands: Sequence[Any], xobjects: Any, resources: Any, ctm: Matrix, page_index: int | None,
    user_unit: float, forms: tuple[str, ...], stack: frozenset[tuple[int, int]],
) -> Iterator[PlacedImage]:
    if len(operands) != 1 or xobjects is None:
        return
    name = str(operands[0])
    try:
        xobj = xobjects.get(name)
        subtype = xobj.get("/Subtype") if isinstance(xobj, pikepdf.Stream) else None
    except Exception:
        return
    if subtype == pikepdf.Name.Image:
        yield _placed(name, forms, xobj, _int(xobj.get("/Width")), _int(xobj.get("/Height")),
                      ctm, page_index, user_unit, inline=False)
    elif subtype == pikepdf.Name.Form:
        key = xobj.objgen
        if key in stack or len(forms) >= MAX_FORM_DEPTH:
            return
        try:
            matrix = _numbers(list(xobj.get("/Matrix", pikepdf.Array(IDENTITY))), 6)
        except Exception:
            matrix = None
        form_ctm = matmul(matrix or IDENTITY, ctm)
        form_resources = xobj.get("/Resources")
        if not isinstance(form_resources, pikepdf.Dictionary):
            form_resources = resources  # deprecated inheritance (PDF 1.1) still seen in files
        yield from _walk(xobj, form_resources, form_ctm, page_index, user_unit,
                         (*forms, name), stack | {key})


def _inherited(page_obj: Any, key: str) -> Any:
    """A page attribute, looked up through the /Parent chain (MediaBox, CropBox, Rotate...)."""
    node, seen = page_obj, 0
    while isinstance(node, pikepdf.Dictionary) and seen < 64:
        value = node.get(key)
        if value is not None:
            return value
        node = node.get("/Parent")
        seen += 1
    return None


def user_unit(page_obj: Any) -> float:
    """`/UserUnit` of a page (PDF 1.6): size of one user-space unit in 1/72 inch; 1.0 if unset."""
    try:
        value = float(page_obj.get("/UserUnit", 1.0))
    except Exception:
        return 1.0
    return value if math.isfinite(value) and value > 0 else 1.0


def iter_placed_images(pdf: pikepdf.Pdf, page_index: int) -> Iterator[PlacedImage]:
    """Every image painted by the content of page `page_index` (0-based), in paint order.

    Walks the page's content stream(s) with its resources, entering Form XObjects. Images
    inside annotation appearances (signature widgets) are not included: use
    `iter_appearance_images` for those. Raises IndexError for a page that does not exist.
    """
    page = pdf.pages[page_index]
    page_obj = page.obj
    resources = _inherited(page_obj, "/Resources")
    yield from _walk(page, resources, IDENTITY, page_index, user_unit(page_obj), (), frozenset())


def appearance_matrix(appearance_stream: Any, rect: Sequence[Any]) -> Matrix | None:
    """The CTM an appearance stream is painted with (PDF 32000-1 §12.5.5, "Algorithm: appearance
    streams"): the form's /BBox is transformed by its /Matrix, and the resulting box is mapped
    onto the annotation's /Rect by a scale and a translation; the form's content runs under
    `Matrix × A`. Both /BBox and /Rect are normalised first. None when either is degenerate."""
    try:
        bbox = rect_normalise(appearance_stream.get("/BBox"))
        target = rect_normalise(rect)
        matrix = _numbers(list(appearance_stream.get("/Matrix", pikepdf.Array(IDENTITY))), 6)
    except Exception:
        return None
    matrix = matrix or IDENTITY
    tx0, ty0, tx1, ty1 = transform_rect(matrix, bbox)
    if tx1 - tx0 <= 0 or ty1 - ty0 <= 0:
        return None
    sx = (target[2] - target[0]) / (tx1 - tx0)
    sy = (target[3] - target[1]) / (ty1 - ty0)
    to_rect: Matrix = (sx, 0.0, 0.0, sy, target[0] - tx0 * sx, target[1] - ty0 * sy)
    return matmul(matrix, to_rect)


def iter_appearance_images(
    appearance_stream: Any, rect: Sequence[Any], *, page_index: int | None = None,
    user_unit: float = 1.0,
) -> Iterator[PlacedImage]:
    """Every image painted by an annotation appearance stream (e.g. a signature widget's
    `/AP /N`), placed on the page: the walk starts from the BBox→Rect mapping of
    `appearance_matrix`, so rects come out in page user space (the space of `/Rect`).

    `appearance_stream` is the form XObject (a `pikepdf.Stream`); `rect` the annotation's
    `/Rect` (any corner order). Yields nothing when the appearance is missing or degenerate.
    """
    if not isinstance(appearance_stream, pikepdf.Stream):
        return
    start = appearance_matrix(appearance_stream, rect)
    if start is None:
        return
    resources = appearance_stream.get("/Resources")
    key = appearance_stream.objgen
    yield from _walk(appearance_stream, resources, start, page_index, user_unit, (),
                     frozenset({key}) if key != (0, 0) else frozenset())


# --- page size ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSize:
    """A page as displayed.

    * `width`, `height`: displayed size in points (1/72 inch), after `/Rotate` and `/UserUnit`.
    * `box`: the visible box (CropBox clipped to MediaBox, normalised) in user-space units.
    * `rotate`: `/Rotate` normalised to 0, 90, 180 or 270.
    * `user_unit`: `/UserUnit` (1.0 when unset).
    """

    width: float
    height: float
    box: Rect
    rotate: int
    user_unit: float

    @property
    def width_mm(self) -> float:
        return self.width * 25.4 / 72.0

    @property
    def height_mm(self) -> float:
        return self.height * 25.4 / 72.0


_LETTER: Rect = (0.0, 0.0, 612.0, 792.0)  # the default when a page has no usable MediaBox


def _box(value: Any) -> Rect | None:
    try:
        box = rect_normalise(value)
    except Exception:
        return None
    return box if box[2] > box[0] and box[3] > box[1] else None


def page_size(pdf: pikepdf.Pdf, page_index: int) -> PageSize:
    """The displayed size of page `page_index` (0-based): the CropBox (default MediaBox,
    inherited through the page tree), intersected with the MediaBox, scaled by `/UserUnit`
    and turned by `/Rotate`. Raises IndexError for a page that does not exist."""
    page_obj = pdf.pages[page_index].obj
    media = _box(_inherited(page_obj, "/MediaBox")) or _LETTER
    crop = _box(_inherited(page_obj, "/CropBox")) or media
    box = (max(crop[0], media[0]), max(crop[1], media[1]),
           min(crop[2], media[2]), min(crop[3], media[3]))
    if box[2] <= box[0] or box[3] <= box[1]:
        box = media
    try:
        rotate = int(_inherited(page_obj, "/Rotate") or 0)
    except Exception:
        rotate = 0
    rotate = (rotate // 90 * 90) % 360 if rotate % 90 == 0 else 0
    unit = user_unit(page_obj)
    w = (box[2] - box[0]) * unit
    h = (box[3] - box[1]) * unit
    if rotate in (90, 270):
        w, h = h, w
    return PageSize(width=w, height=h, box=box, rotate=rotate, user_unit=unit)
