"""The CTM walker: image placement on pages, in forms and in annotation appearances."""

from __future__ import annotations

import math

import numpy as np
import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.pdf.ctm import (
    INLINE_NAME,
    PlacedImage,
    appearance_matrix,
    iter_appearance_images,
    iter_placed_images,
    matmul,
    page_size,
    rect_normalise,
    transform_rect,
)

A4 = (595.0, 842.0)


def _image(pdf: pikepdf.Pdf, width: int = 40, height: int = 20) -> pikepdf.Stream:
    return pdf.make_stream(
        b"\x80" * (width * height * 3), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
        Width=width, Height=height, ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8)


def _form(pdf: pikepdf.Pdf, content: bytes, xobjects: dict, matrix=None,
          bbox=(0, 0, 100, 100)) -> pikepdf.Stream:
    form = pdf.make_stream(
        content, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=list(bbox),
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(xobjects)))
    if matrix is not None:
        form.Matrix = list(matrix)
    return form


def _page_pdf(content: bytes, xobjects: dict | None = None, size=A4,
              pdf: pikepdf.Pdf | None = None) -> pikepdf.Pdf:
    """A one-page PDF (in `pdf` when given: the images must belong to it)."""
    pdf = pdf if pdf is not None else pikepdf.new()
    pdf.add_blank_page(page_size=size)
    page = pdf.pages[0].obj
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(xobjects or {}))
    page.Contents = pdf.make_stream(content)
    return pdf


def _close(a, b, tol=1e-6) -> bool:
    return all(abs(x - y) <= tol * max(1.0, abs(x), abs(y)) for x, y in zip(a, b, strict=True))


# --- the walker on page content -----------------------------------------------------------------


def test_translate_then_scale_places_the_image_correctly() -> None:
    """The case pikepdf's get_objects_with_ctm gets wrong (it answers 20000,10000)."""
    pdf = pikepdf.new()
    im = _image(pdf, 400, 200)
    pdf = _page_pdf(b"q 1 0 0 1 100 100 cm 200 0 0 100 0 0 cm /Im0 Do Q", {"/Im0": im}, pdf=pdf)
    (placed,) = iter_placed_images(pdf, 0)
    assert placed.name == "/Im0"
    assert placed.rect == (100.0, 100.0, 300.0, 200.0)
    assert placed.matrix == (200.0, 0.0, 0.0, 100.0, 100.0, 100.0)
    assert (placed.width_px, placed.height_px) == (400, 200)
    assert placed.dpi_x == pytest.approx(144.0) and placed.dpi_y == pytest.approx(144.0)
    assert placed.page_index == 0 and not placed.inline and placed.forms == ()
    assert placed.axis_aligned and not placed.rotated_or_skewed and not placed.flipped


def test_q_restores_and_unbalanced_q_is_ignored() -> None:
    pdf = pikepdf.new()
    im = _image(pdf)
    content = b"Q Q q 2 0 0 2 0 0 cm q 1 0 0 1 10 10 cm Q 50 0 0 50 0 0 cm /Im0 Do Q " \
              b"10 0 0 10 5 5 cm /Im0 Do /Missing Do 1 2 cm"
    pdf = _page_pdf(content, {"/Im0": im}, pdf=pdf)
    rects = [p.rect for p in iter_placed_images(pdf, 0)]
    assert rects == [(0.0, 0.0, 100.0, 100.0), (5.0, 5.0, 15.0, 15.0)]


def test_nested_forms_concatenate_their_matrices() -> None:
    pdf = pikepdf.new()
    im = _image(pdf, 100, 100)
    inner = _form(pdf, b"q 2 0 0 2 0 0 cm 10 0 0 10 0 0 cm /Im0 Do Q", {"/Im0": im},
                  matrix=(1, 0, 0, 1, 5, 0))
    outer = _form(pdf, b"q 1 0 0 1 0 7 cm /Fm1 Do Q", {"/Fm1": inner},
                  matrix=(3, 0, 0, 3, 0, 0))
    pdf = _page_pdf(b"q 1 0 0 1 100 200 cm /Fm0 Do Q", {"/Fm0": outer}, pdf=pdf)
    (placed,) = iter_placed_images(pdf, 0)
    # image square (0..20) -> inner Matrix +5 x -> outer content +7 y -> outer Matrix ×3
    # -> page +100,+200
    assert placed.rect == (115.0, 221.0, 175.0, 281.0)
    assert placed.forms == ("/Fm0", "/Fm1")
    assert placed.dpi_x == pytest.approx(100 / (60 / 72))


def test_rotated_and_skewed_placements_are_flagged() -> None:
    pdf = pikepdf.new()
    im = _image(pdf, 72, 144)
    content = (b"q 0 100 -50 0 300 300 cm /Im0 Do Q "
               b"q 100 0 30 50 0 0 cm /Im0 Do Q "
               b"q 100 0 0 -50 0 500 cm /Im0 Do Q")
    pdf = _page_pdf(content, {"/Im0": im}, pdf=pdf)
    turned, sheared, mirrored = iter_placed_images(pdf, 0)
    assert turned.rect == (250.0, 300.0, 300.0, 400.0)
    assert turned.rotation == pytest.approx(90.0)
    assert turned.axis_aligned and turned.rotated_or_skewed and not turned.skewed
    assert turned.dpi_x == pytest.approx(72 / (100 / 72))
    assert turned.dpi_y == pytest.approx(144 / (50 / 72))
    assert sheared.skewed and sheared.rotated_or_skewed and not sheared.axis_aligned
    assert mirrored.flipped and not mirrored.rotated_or_skewed
    assert mirrored.rect == (0.0, 450.0, 100.0, 500.0)


def test_inline_images_are_reported() -> None:
    content = (b"q 30 0 0 20 10 10 cm BI /W 3 /H 2 /CS /RGB /BPC 8 ID "
               + bytes(18) + b" EI Q")
    pdf = _page_pdf(content)
    (placed,) = iter_placed_images(pdf, 0)
    assert placed.inline and placed.name == INLINE_NAME
    assert placed.rect == (10.0, 10.0, 40.0, 30.0)
    assert (placed.width_px, placed.height_px) == (3, 2)


def test_form_cycles_terminate() -> None:
    pdf = pikepdf.new()
    im = _image(pdf)
    form = _form(pdf, b"/Im0 Do q 0.5 0 0 0.5 0 0 cm /Self Do Q", {"/Im0": im})
    form.Resources.XObject.Self = form
    pdf = _page_pdf(b"q 100 0 0 100 0 0 cm /Fm0 Do Q", {"/Fm0": form}, pdf=pdf)
    assert len(list(iter_placed_images(pdf, 0))) == 1


def test_user_unit_enters_the_dpi() -> None:
    pdf = pikepdf.new()
    im = _image(pdf, 200, 200)
    pdf = _page_pdf(b"72 0 0 72 0 0 cm /Im0 Do", {"/Im0": im}, pdf=pdf)
    pdf.pages[0].obj.UserUnit = 2
    (placed,) = iter_placed_images(pdf, 0)
    assert placed.dpi_x == pytest.approx(100.0)  # 72 units × 2/72 in = 2 in


def test_garbage_content_yields_nothing_and_bad_page_raises() -> None:
    pdf = _page_pdf(b"q 1 0 0 cm ) ( /Im0 Do BI EI ]]] Q Q")
    assert list(iter_placed_images(pdf, 0)) == []
    with pytest.raises(IndexError):
        list(iter_placed_images(pdf, 3))


# --- appearance streams -------------------------------------------------------------------------


def _appearance(pdf: pikepdf.Pdf, bbox, content: bytes, im, matrix=None) -> pikepdf.Stream:
    return _form(pdf, content, {"/Img": im}, matrix=matrix, bbox=bbox)


def test_pyhanko_style_unnormalised_bbox_maps_onto_the_rect() -> None:
    pdf = pikepdf.new()
    im = _image(pdf, 600, 240)
    ap = _appearance(pdf, (0, 60, 150, 0), b"q 150 0 0 60 0 0 cm /Img Do Q", im)
    (placed,) = iter_appearance_images(ap, [330, 100, 480, 160], page_index=0)
    assert _close(placed.rect, (330.0, 100.0, 480.0, 160.0))
    assert placed.dpi_x == pytest.approx(288.0) and placed.dpi_y == pytest.approx(288.0)
    assert placed.page_index == 0


def test_scaled_appearance_stream() -> None:
    pdf = pikepdf.new()
    im = _image(pdf, 100, 50)
    ap = _appearance(pdf, (0, 0, 100, 50), b"q 50 0 0 25 25 0 cm /Img Do Q", im)
    # The Rect is twice the BBox and given with corners swapped.
    (placed,) = iter_appearance_images(ap, [210, 110, 10, 10])
    assert _close(placed.rect, (60.0, 10.0, 160.0, 60.0))
    assert placed.dpi_x == pytest.approx(72.0) and placed.page_index is None


def test_appearance_with_its_own_matrix() -> None:
    pdf = pikepdf.new()
    im = _image(pdf, 10, 10)
    # Matrix turns the 100×50 BBox by 90°: the transformed box is [-50 0 0 100].
    ap = _appearance(pdf, (0, 0, 100, 50), b"100 0 0 50 0 0 cm /Img Do", im,
                     matrix=(0, 1, -1, 0, 0, 0))
    m = appearance_matrix(ap, (0, 0, 50, 100))
    assert m is not None and _close(m, (0, 1, -1, 0, 50, 0))
    (placed,) = iter_appearance_images(ap, (0, 0, 50, 100))
    assert _close(placed.rect, (0.0, 0.0, 50.0, 100.0))
    assert placed.rotated_or_skewed


def test_degenerate_or_missing_appearances_yield_nothing() -> None:
    pdf = pikepdf.new()
    im = _image(pdf)
    flat = _appearance(pdf, (0, 0, 0, 50), b"/Img Do", im)
    assert list(iter_appearance_images(flat, (0, 0, 10, 10))) == []
    assert list(iter_appearance_images(None, (0, 0, 10, 10))) == []
    good = _appearance(pdf, (0, 0, 10, 10), b"/Img Do", im)
    assert list(iter_appearance_images(good, (0, 0, "x", 10))) == []


# --- page size and rectangles -------------------------------------------------------------------


def test_page_size_honours_rotate_user_unit_cropbox_and_inheritance() -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=A4)
    page = pdf.pages[0].obj
    del page["/MediaBox"]
    pdf.Root.Pages.MediaBox = [0, 0, 842, 595]
    pdf.Root.Pages.Rotate = 90
    size = page_size(pdf, 0)
    assert (size.width, size.height, size.rotate) == (595.0, 842.0, 90)
    page.CropBox = [10, 20, 110, 220]
    page.UserUnit = 2
    size = page_size(pdf, 0)
    assert size.box == (10.0, 20.0, 110.0, 220.0)
    assert (size.width, size.height, size.user_unit) == (400.0, 200.0, 2.0)
    page.Rotate = -180
    assert page_size(pdf, 0).rotate == 180
    assert page_size(pdf, 0).width_mm == pytest.approx(200 * 25.4 / 72)  # 100 units × 2


def test_rect_helpers() -> None:
    assert rect_normalise([0, 60, 150, 0]) == (0.0, 0.0, 150.0, 60.0)
    assert rect_normalise(pikepdf.Array([5, 5, 1, 1])) == (1.0, 1.0, 5.0, 5.0)
    for bad in ([1, 2, 3], [0, 0, math.nan, 1], ["a", 0, 0, 0]):
        with pytest.raises(ValueError):
            rect_normalise(bad)
    assert transform_rect((0, 1, -1, 0, 0, 0), (0, 0, 2, 1)) == (-1.0, 0.0, 0.0, 2.0)


# --- property: the walker against an independent matrix product ---------------------------------

_coef = st.integers(min_value=-3000, max_value=3000).map(lambda v: v / 1000)
_shift = st.integers(min_value=-500_000, max_value=500_000).map(lambda v: v / 1000)
_matrix = st.tuples(_coef, _coef, _coef, _coef, _shift, _shift).filter(
    lambda m: abs(m[0] * m[3] - m[1] * m[2]) > 1e-3)


def _numpy_product(chain: list[tuple[float, ...]]) -> np.ndarray:
    ctm = np.eye(3)
    for a, b, c, d, e, f in chain:
        ctm = np.array([[a, b, 0.0], [c, d, 0.0], [e, f, 1.0]]) @ ctm
    return ctm


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chain=st.lists(_matrix, min_size=1, max_size=6), nest=st.booleans())
def test_walker_rect_equals_the_matrix_product(chain, nest) -> None:
    ops = b"".join(
        (b"q " if nest else b"") + " ".join(f"{v:.3f}" for v in m).encode() + b" cm "
        for m in chain)
    closes = b" Q" * len(chain) if nest else b""
    pdf = pikepdf.new()
    im = _image(pdf, 8, 8)
    pdf = _page_pdf(b"q " + ops + b"/Im0 Do" + closes + b" Q", {"/Im0": im}, pdf=pdf)
    (placed,) = iter_placed_images(pdf, 0)
    ctm = _numpy_product(chain)
    corners = np.array([[0, 0, 1], [1, 0, 1], [0, 1, 1], [1, 1, 1]], dtype=float) @ ctm
    expected = (corners[:, 0].min(), corners[:, 1].min(), corners[:, 0].max(),
                corners[:, 1].max())
    scale = max(1.0, float(np.abs(ctm).max()))
    assert all(abs(x - y) <= 1e-9 * scale for x, y in zip(placed.rect, expected, strict=True))
    expected_m = (ctm[0, 0], ctm[0, 1], ctm[1, 0], ctm[1, 1], ctm[2, 0], ctm[2, 1])
    assert all(abs(x - y) <= 1e-9 * scale
               for x, y in zip(placed.matrix, expected_m, strict=True))


@settings(max_examples=40, deadline=None)
@given(a=_matrix, b=_matrix, c=_matrix)
def test_matmul_is_associative_and_has_identity(a, b, c) -> None:
    left = matmul(matmul(a, b), c)
    right = matmul(a, matmul(b, c))
    assert all(abs(x - y) <= 1e-6 * max(1.0, abs(x)) for x, y in zip(left, right, strict=True))
    assert matmul(a, (1, 0, 0, 1, 0, 0)) == tuple(float(v) for v in a)


@settings(max_examples=40, deadline=None)
@given(content=st.binary(max_size=300))
def test_walker_never_raises_on_random_content(content) -> None:
    pdf = pikepdf.new()
    im = _image(pdf)
    pdf = _page_pdf(content, {"/Im0": im}, pdf=pdf)
    for placed in iter_placed_images(pdf, 0):
        assert isinstance(placed, PlacedImage)
