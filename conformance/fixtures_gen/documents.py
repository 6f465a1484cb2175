"""Vietnamese administrative documents as PDF (reportlab), laid out after NĐ 30/2020 Phụ lục I.

`make_document(spec)` draws one A4 page: the issuing body (top left) and the quốc hiệu
"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc" (top right); "Số: …/<ký
hiệu>" and the place-and-date line; the document type and trích yếu (or "V/v …" for a công văn);
"Kính gửi"; the body; "Nơi nhận" (bottom left) and the signer block (bottom right): authority
(e.g. "KT. BỘ TRƯỞNG"), title, a blank space for the signature, the signer's name.

Number and date: with `spec.number_as_fields` (the default for a main document that a person
signs) the number and the "ngày … tháng … năm …" part of the date line are empty AcroForm text
fields `SoVanBan` and `NgayBanHanh`, which the clerk fills after the person has signed (see
`signing.fill_number_and_date`); otherwise they are printed.

It returns the PDF bytes and a `DocumentLayout` with the rectangles a signing flow or a test
needs (PDF points, origin bottom left): the signer's title and name lines, the place for the
person's signature, the seal, the number and date placeholders, the urgency stamp (ô 10b) and
the top-right corner used by attachments, copies and digitised documents.

The font is Liberation Serif (Times-metric, SIL OFL) from fixtures/assets/fonts, so Vietnamese
text is embedded. Output is reproducible (reportlab invariant mode).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field, replace
from functools import cache

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from conformance.fixtures_gen.images import font_path

MM = 72 / 25.4
Rect = tuple[float, float, float, float]

NUMBER_FIELD = "SoVanBan"
DATE_FIELD = "NgayBanHanh"

FONT = "LiberationSerif"
FONT_BOLD = "LiberationSerif-Bold"
FONT_ITALIC = "LiberationSerif-Italic"


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(font_path("Regular"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(font_path("Bold"))))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(font_path("Italic"))))


def date_text(day: dt.date) -> str:
    """'ngày 02 tháng 3 năm 2026': days below 10 and months 1, 2 with a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass(frozen=True)
class DocumentSpec:
    """What to write. Defaults give a công văn of Bộ Nội vụ signed by a deputy minister."""

    agency: str = "BỘ NỘI VỤ"
    parent: str | None = None  # the line above the agency, e.g. "UBND TỈNH LÀO CAI"
    notation: str = "BNV-VP"  # ký hiệu, written after "Số: <n>/"
    number: str = "15"
    place: str = "Hà Nội"
    date: dt.date = dt.date(2026, 3, 2)
    type_name: str | None = None  # None: công văn (trích yếu after "V/v")
    subject: str = "triển khai gửi, nhận văn bản điện tử trên Trục liên thông văn bản quốc gia"
    recipients: tuple[str, ...] = ("Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ;",
                                   "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.")
    body: tuple[str, ...] = (
        "Thực hiện Quyết định số 28/2018/QĐ-TTg ngày 12 tháng 7 năm 2018 của Thủ tướng Chính "
        "phủ về việc gửi, nhận văn bản điện tử giữa các cơ quan trong hệ thống hành chính nhà "
        "nước, Bộ Nội vụ đề nghị các cơ quan, đơn vị tiếp tục đẩy mạnh việc gửi, nhận văn bản "
        "điện tử có ký số qua Trục liên thông văn bản quốc gia.",
        "Văn bản điện tử gửi đi phải có đồng thời chữ ký số của người có thẩm quyền và chữ ký "
        "số của cơ quan, tổ chức ban hành văn bản theo đúng thể thức quy định tại Nghị định số "
        "30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư.",
        "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị phản ánh về Bộ Nội vụ (qua Văn "
        "phòng Bộ) để được hướng dẫn, giải quyết./.",
    )
    noi_nhan: tuple[str, ...] = ("- Như trên;", "- Bộ trưởng (để b/c);", "- Lưu: VT, VP.")
    authority: str | None = "KT. BỘ TRƯỞNG"
    title: str = "THỨ TRƯỞNG"
    signer: str = "Nguyễn Văn A"
    kind: str = "main"  # main | attachment | copy
    attachment_heading: str = "PHỤ LỤC"
    number_as_fields: bool = True
    urgency: str | None = None  # KHẨN | THƯỢNG KHẨN | HỎA TỐC (the stamp is the clerk's)
    extra_pages: int = 0


@dataclass(frozen=True)
class DocumentLayout:
    page_size: tuple[float, float]
    pages: int
    signer_authority_rect: Rect | None
    signer_title_rect: Rect
    signer_name_rect: Rect
    person_signature_rect: Rect
    seal_rect: Rect
    number_rect: Rect
    date_rect: Rect
    urgency_rect: Rect
    top_right_rect: Rect
    fields: tuple[str, ...] = ()
    signer_page: int = 0
    extras: dict[str, Rect] = field(default_factory=dict)

    def with_fields(self, fields: tuple[str, ...]) -> DocumentLayout:
        return replace(self, fields=fields)


def _text_rect(c: canvas.Canvas, text: str, font: str, size: float, x: float, y: float,
               anchor: str = "left") -> Rect:
    width = pdfmetrics.stringWidth(text, font, size)
    if anchor == "centre":
        x -= width / 2
    elif anchor == "right":
        x -= width
    c.setFont(font, size)
    c.drawString(x, y, text)
    return (x, y - 0.22 * size, x + width, y + 0.78 * size)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if pdfmetrics.stringWidth(trial, font, size) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def make_document(spec: DocumentSpec | None = None) -> tuple[bytes, DocumentLayout]:
    """Draw the document; return the PDF bytes and where things are."""
    spec = spec or DocumentSpec()
    register_fonts()
    out = io.BytesIO()
    width, height = A4
    c = canvas.Canvas(out, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(spec.subject)
    c.setAuthor(spec.agency)
    c.setCreator("qlvb-conformance fixtures")
    left, right, top = 30 * MM, width - 15 * MM, height - 20 * MM
    col_l = (left + 35 * MM) / 1.0  # centre of the left header column
    col_l = left + 38 * MM
    col_r = right - 58 * MM  # centre of the right header column

    # --- header ---
    y = top - 13
    if spec.parent:
        _text_rect(c, spec.parent, FONT, 12, col_l, y, "centre")
        y -= 15
    r = _text_rect(c, spec.agency, FONT_BOLD, 12, col_l, y, "centre")
    c.setLineWidth(0.6)
    c.line(col_l - (r[2] - r[0]) / 4, r[1] - 2, col_l + (r[2] - r[0]) / 4, r[1] - 2)
    _text_rect(c, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", FONT_BOLD, 12, col_r, top - 13, "centre")
    r2 = _text_rect(c, "Độc lập - Tự do - Hạnh phúc", FONT_BOLD, 13, col_r, top - 29, "centre")
    c.line(r2[0], r2[1] - 2, r2[2], r2[1] - 2)

    # --- số, ký hiệu and date line ---
    y_no = top - 60
    fields: list[str] = []
    label = _text_rect(c, "Số:", FONT, 13, col_l - 45, y_no)
    number_rect = (label[2] + 2, y_no - 4, label[2] + 34, y_no + 12)
    if spec.kind == "main" and spec.number_as_fields:
        notation_x = number_rect[2]
        _text_rect(c, f"/{spec.notation}", FONT, 13, notation_x, y_no)
    else:
        _text_rect(c, f"{spec.number}/{spec.notation}", FONT, 13, label[2] + 3, y_no)
    place = f"{spec.place}, "
    place_w = pdfmetrics.stringWidth(place, FONT_ITALIC, 13)
    full_date = date_text(spec.date)
    date_w = pdfmetrics.stringWidth(full_date, FONT_ITALIC, 13)
    x_place = col_r - (place_w + date_w) / 2
    p = _text_rect(c, place, FONT_ITALIC, 13, x_place, y_no)
    date_rect = (p[2], y_no - 4, p[2] + date_w + 16, y_no + 12)
    if spec.kind == "main" and spec.number_as_fields:
        for name, rect in ((NUMBER_FIELD, number_rect), (DATE_FIELD, date_rect)):
            c.acroForm.textfield(name=name, tooltip=name, value="", x=rect[0], y=rect[1],
                                 width=rect[2] - rect[0], height=rect[3] - rect[1],
                                 fontName="Times-Roman", fontSize=13, borderWidth=0,
                                 borderColor=None, fillColor=None, forceBorder=False,
                                 fieldFlags="", annotationFlags="print")
            fields.append(name)
    else:
        _text_rect(c, full_date, FONT_ITALIC, 13, p[2], y_no)
    # ô 10b: the urgency stamp sits under the số, ký hiệu
    urgency_rect = (col_l - 20 * MM, y_no - 54 - 8 * MM, col_l + 20 * MM, y_no - 54)

    # --- type and trích yếu ---
    y = y_no - 30
    if spec.kind == "attachment":
        y -= 20
        _text_rect(c, spec.attachment_heading, FONT_BOLD, 14, width / 2, y, "centre")
        y -= 18
        _text_rect(c, spec.subject, FONT_BOLD, 13, width / 2, y, "centre")
        y -= 16
        _text_rect(c, "(Kèm theo văn bản số        /        ngày        tháng        năm        )",
                   FONT_ITALIC, 13, width / 2, y, "centre")
        y -= 30
    elif spec.type_name:
        y -= 30
        _text_rect(c, spec.type_name.upper(), FONT_BOLD, 14, width / 2, y, "centre")
        y -= 18
        _text_rect(c, spec.subject, FONT_BOLD, 14, width / 2, y, "centre")
        y -= 30
    else:
        for i, line in enumerate(_wrap(f"V/v {spec.subject}", FONT, 12, 70 * MM)):
            _text_rect(c, line, FONT, 12, col_l, y - i * 14, "centre")
        y -= 70
        if spec.recipients:
            k = _text_rect(c, "Kính gửi:", FONT, 14, left + 30 * MM, y)
            for i, rec in enumerate(spec.recipients):
                _text_rect(c, f"- {rec}", FONT, 14, k[2] + 6, y - i * 17)
            y -= 17 * len(spec.recipients) + 12

    # --- body ---
    body_w = right - left
    for para in spec.body:
        lines = _wrap(para, FONT, 14, body_w - 12 * MM)
        for i, line in enumerate(lines):
            x = left + (12 * MM if i == 0 else 0)
            _text_rect(c, line, FONT, 14, x, y)
            y -= 19
        y -= 4

    # --- nơi nhận and signer block ---
    y_block = min(y - 14, 300)
    col_s = right - 40 * MM  # centre of the signer column
    authority_rect = None
    ys = y_block
    if spec.kind == "main":
        n = _text_rect(c, "Nơi nhận:", FONT_BOLD, 12, left, ys)
        c.setFont(FONT_ITALIC, 12)  # NĐ 30: italic bold; the fixture font set has no bold italic
        for i, line in enumerate(spec.noi_nhan):
            _text_rect(c, line, FONT, 11, left, n[1] - 12 - i * 13)
        if spec.authority:
            authority_rect = _text_rect(c, spec.authority, FONT_BOLD, 14, col_s, ys, "centre")
            ys -= 17
        title_rect = _text_rect(c, spec.title, FONT_BOLD, 14, col_s, ys, "centre")
        gap = 30 * MM
        name_rect = _text_rect(c, spec.signer, FONT_BOLD, 14, col_s, ys - gap, "centre")
    else:
        # attachments and copies carry no signer block: keep rects for API stability
        title_rect = (col_s - 30, ys, col_s + 30, ys + 12)
        name_rect = (col_s - 30, ys - 30 * MM, col_s + 30, ys - 30 * MM + 12)
    sig_w, sig_h = 50 * MM, 20 * MM
    mid_y = (title_rect[1] + name_rect[3]) / 2
    person_rect = (col_s - sig_w / 2, mid_y - sig_h / 2, col_s + sig_w / 2, mid_y + sig_h / 2)
    seal_d = 40 * MM
    seal_right = person_rect[0] + sig_w / 3
    seal_rect = (seal_right - seal_d, mid_y - seal_d / 2, seal_right, mid_y + seal_d / 2)
    top_right = (right - 55 * MM, height - 8 * MM - 16 * MM, right, height - 8 * MM)
    c.showPage()
    for k in range(spec.extra_pages):
        c.setFont(FONT, 14)
        c.drawCentredString(width / 2, height - 12 * MM, str(k + 2))
        c.drawString(left, top - 40, "Trang tiếp theo của văn bản.")
        c.showPage()
    c.save()
    layout = DocumentLayout(
        page_size=(width, height), pages=1 + spec.extra_pages,
        signer_authority_rect=authority_rect, signer_title_rect=title_rect,
        signer_name_rect=name_rect, person_signature_rect=person_rect, seal_rect=seal_rect,
        number_rect=number_rect, date_rect=date_rect, urgency_rect=urgency_rect,
        top_right_rect=top_right, fields=tuple(fields))
    return out.getvalue(), layout
