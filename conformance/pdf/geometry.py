"""Where signatures sit, per profile, together with what they show (`appearance`), so that the
position and the image of one signature are judged under one rule.

* the person's signature: between the signer's title line and name line, centred on the
  signer block, a blue transparent image (LC2019-9.1a). The lines are found in the page's text
  (the name = the certificate's CN or the package's signer); when they cannot be found the
  position is reported inconclusive (warning);
* the organisation's seal: over about `seal_overlap_fraction` of the person's signature on its
  left (± `seal_overlap_tolerance`), red, transparent, at a real seal's size — ND30-PL1-CKCOQUAN
  in nd30, LC2019-9.2c in tt01-2019 (where it also shows the organisation name and time);
* attachments, copies and digitised documents: one organisation signature in the top-right
  region of page 1 (`corner_region_fraction` of the page's width and height) — ND30-PL1-
  CKDINHKEM, ND30-PL1-CKBANSAO, or LC2019-9.3b for digitised documents in tt01-2019;
* urgent documents in tt01-2019: an organisation signature on the urgency stamp, red, at the
  stamp's real size, in the upper left part of page 1 (ô 10b) (LC2019-6.4b).
"""

from __future__ import annotations

from conformance.checks import covers
from conformance.findings import Finding, Location, Severity, Status, finding
from conformance.pdf import appearance as ap
from conformance.pdf.ctm import Rect
from conformance.pdf.model import SignatureInfo, SignedPdf
from conformance.pdf.roles import PackageFacts, names_match, organisations, people
from conformance.pdf.text import TextLine, page_lines
from conformance.profiles import Profile


def _lines(doc: SignedPdf, page: int) -> list[TextLine]:
    key = ("lines", page)
    if key not in doc.cache:
        doc.cache[key] = page_lines(doc.pike, page) if doc.pike is not None else []
    return doc.cache[key]


def seal_rule(profile: Profile) -> str:
    return "LC2019-9.2c" if profile["org_signature_text_required"] else "ND30-PL1-CKCOQUAN"


def corner_rule(profile: Profile, role: str, direction: str | None = None) -> str:
    """The rule for a top-right signature. A digitised document in tt01-2019 is LC2019-9.3b
    when the sender digitised its own paper document (outgoing, the default) and LC2019-8.1b
    when the receiver digitised a paper document it received (incoming)."""
    if role == "attachment":
        return "ND30-PL1-CKDINHKEM"
    if role == "scan" and profile["digitised_seal_image"]:
        return "LC2019-8.1b" if direction == "incoming" else "LC2019-9.3b"
    return "ND30-PL1-CKBANSAO"


def _rect_text(rect: Rect | None) -> str:
    return "—" if rect is None else "[" + ", ".join(f"{v:.0f}" for v in rect) + "]"


def _verdict(rule: str, problems: ap.Problems, ok_vi: str, ok_en: str, loc: Location,
             expected: str, found: str, evidence: dict | None = None) -> Finding:
    if problems:
        return finding(rule, Status.FAIL, "; ".join(problems.vi), "; ".join(problems.en),
                       expected=expected, found=found + " — " + "; ".join(problems.en),
                       location=loc, evidence=evidence)
    return finding(rule, Status.PASS, ok_vi, ok_en, expected=expected, found=found,
                   location=loc, evidence=evidence)


# --- the person's signature ---------------------------------------------------------------------


def signer_block(lines: list[TextLine], name: str | None, sig_rect: Rect
                 ) -> tuple[TextLine | None, TextLine | None]:
    """(title line, name line) of the signer block around `sig_rect`, or Nones."""
    if not name:
        return None, None
    cy = (sig_rect[1] + sig_rect[3]) / 2
    candidates = [ln for ln in lines if names_match(ln.text, name)
                  and len(ln.text) <= len(name) + 12]
    if not candidates:
        return None, None
    below = [ln for ln in candidates if ln.rect[3] <= cy + 2]
    pool = below or candidates
    name_line = min(pool, key=lambda ln: abs(ln.rect[3] - cy))
    above = [ln for ln in lines if ln.rect[1] > name_line.rect[3]
             and abs(ln.centre_x - name_line.centre_x) < 110
             and ln is not name_line]
    if not above:
        return None, name_line
    title = min(above, key=lambda ln: ln.rect[1])
    return title, name_line


@covers("LC2019-9.1a")
def check_person_signature(doc: SignedPdf, sig: SignatureInfo,
                           facts: PackageFacts | None) -> list[Finding]:
    """Blue transparent image, between the title and the name line of the signer block."""
    image = sig.main_image
    rect = image.rect if image else sig.rect
    loc = sig.location(doc.file, rect)
    expected = ("ảnh chữ ký màu xanh, nền trong suốt, giữa dòng chức vụ và họ tên người ký / "
                "blue transparent signature image between the title and name lines")
    problems = ap.ink_problems(image, "blue", "chữ ký người có thẩm quyền",
                               "person's signature")
    out: list[Finding] = []
    position_found = "—"
    if rect is not None and sig.page is not None:
        lines = _lines(doc, sig.page)
        title, name = None, None
        for who in dict.fromkeys(n for n in (facts.signer_name if facts else None,
                                             sig.signer_cn) if n):
            title, name = signer_block(lines, who, rect)
            if title is not None and name is not None:
                break
        if title is None or name is None:
            out.append(finding(
                "LC2019-9.1a", Status.INCONCLUSIVE,
                "Không xác định được dòng chức vụ và họ tên người ký để kiểm tra vị trí chữ ký",
                "The signer's title and name lines could not be located to check the "
                "position", expected=expected, found=f"chữ ký / signature {_rect_text(rect)}",
                location=loc, severity=Severity.WARNING))
        else:
            position_found = (f"chức vụ / title '{title.text}' {_rect_text(title.rect)}, "
                              f"họ tên / name '{name.text}' {_rect_text(name.rect)}")
            cy = (rect[1] + rect[3]) / 2
            cx = (rect[0] + rect[2]) / 2
            tol = 0.25 * (rect[3] - rect[1])
            if not (name.rect[3] - tol <= cy <= title.rect[1] + tol):
                problems.add("chữ ký không nằm giữa dòng chức vụ và dòng họ tên",
                             "the signature is not between the title and name lines")
            block_x = (title.centre_x + name.centre_x) / 2
            if abs(cx - block_x) > max(0.35 * (rect[2] - rect[0]), 30):
                problems.add("chữ ký lệch khỏi khối chữ ký (không căn giữa)",
                             "the signature is off the signer block's centre")
    found = f"{_rect_text(rect)}; {position_found}"
    out.append(_verdict("LC2019-9.1a", problems,
                        "Chữ ký người có thẩm quyền đúng vị trí, màu xanh, nền trong suốt",
                        "The person's signature is in place, blue, transparent", loc,
                        expected, found))
    return out


# --- the organisation's seal --------------------------------------------------------------------


def overlap_fraction(person: Rect, seal: Rect) -> float:
    """Share of the person's signature width covered by the seal (0 when they do not meet)."""
    if min(person[3], seal[3]) <= max(person[1], seal[1]):
        return 0.0
    width = person[2] - person[0]
    covered = max(0.0, min(person[2], seal[2]) - max(person[0], seal[0]))
    return covered / width if width > 0 else 0.0


@covers("ND30-PL1-CKCOQUAN", "LC2019-9.2c")
def check_seal(doc: SignedPdf, person: SignatureInfo, org: SignatureInfo,
               profile: Profile) -> list[Finding]:
    rule = seal_rule(profile)
    seal = org.main_image
    seal_rect = seal.rect if seal else org.rect
    p_img = person.main_image
    p_rect = p_img.rect if p_img else person.rect
    loc = org.location(doc.file, seal_rect)
    target = float(profile["seal_overlap_fraction"])
    tol = float(profile["seal_overlap_tolerance"])
    expected = (f"con dấu đỏ, kích thước thực, trùm {target:.0%} ± {tol:.0%} chữ ký cá nhân phía "
                f"bên trái / red real-size seal over {target:.0%} ± {tol:.0%} of the person's "
                "signature on its left")
    problems = ap.Problems()
    frac = 0.0
    if seal_rect is None or p_rect is None or org.page != person.page:
        problems.add("con dấu không cùng trang với chữ ký cá nhân hoặc không có vị trí",
                     "the seal is not on the person's signature page or has no position")
    else:
        frac = overlap_fraction(p_rect, seal_rect)
        seal_cx = (seal_rect[0] + seal_rect[2]) / 2
        p_cx = (p_rect[0] + p_rect[2]) / 2
        if frac == 0:
            problems.add("con dấu không trùm lên chữ ký cá nhân",
                         "the seal does not overlap the person's signature")
        elif seal_cx >= p_cx:
            problems.add("con dấu trùm về phía bên phải chữ ký cá nhân",
                         "the seal overlaps the person's signature on its right")
        elif abs(frac - target) > tol:
            problems.add(f"con dấu trùm {frac:.0%} chữ ký cá nhân (cần khoảng {target:.0%})",
                         f"the seal covers {frac:.0%} of the person's signature "
                         f"(about {target:.0%} expected)")
    problems.extend(ap.ink_problems(seal, "red", "con dấu", "seal"))
    problems.extend(ap.seal_size_problems(seal))
    if rule == "LC2019-9.2c":
        problems.extend(ap.org_text_problems(org, None))
    size = ap.size_mm(seal) if seal else None
    found = (f"con dấu / seal {_rect_text(seal_rect)}"
             + (f" {size[0]:.1f}×{size[1]:.1f} mm" if size else "")
             + f", chữ ký / signature {_rect_text(p_rect)}, trùm / overlap {frac:.0%}")
    return [_verdict(rule, problems,
                     "Con dấu màu đỏ, đúng kích thước, trùm khoảng 1/3 chữ ký về phía trái",
                     "Red real-size seal over about 1/3 of the person's signature on its left",
                     loc, expected, found, {"overlap_fraction": round(frac, 3)})]


# --- top-right signatures ------------------------------------------------------------------------


def in_corner(rect: Rect, page_box: Rect, fraction: float) -> bool:
    x0, y0, x1, y1 = page_box
    cx, cy = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2
    return cx >= x1 - fraction * (x1 - x0) and cy >= y1 - fraction * (y1 - y0)


@covers("ND30-PL1-CKDINHKEM", "ND30-PL1-CKBANSAO", "LC2019-9.3b", "LC2019-8.1b")
def check_corner_signature(doc: SignedPdf, role: str, profile: Profile,
                           facts: PackageFacts | None, direction: str | None = None
                           ) -> list[Finding]:
    """One organisation signature at the top right of page 1, showing what the profile asks."""
    rule = corner_rule(profile, role, direction)
    orgs = organisations(doc)
    fraction = float(profile["corner_region_fraction"])
    if not orgs:
        if role == "scan":
            return []  # LC2019-6.3 reports the missing signature
        return [finding(rule, Status.FAIL, "Không có chữ ký số của cơ quan",
                        "No organisation signature", expected="chữ ký số cơ quan ở góc trên bên "
                        "phải trang đầu / organisation signature top right of page 1",
                        found="—", location=doc.location(page=1))]
    sig = orgs[0]
    loc = sig.location(doc.file)
    problems = ap.Problems()
    page_box = doc.page_sizes[0] if doc.page_sizes else (0, 0, 595, 842)
    if sig.page != 0 or sig.rect is None:
        problems.add(f"chữ ký ở trang {None if sig.page is None else sig.page + 1}, không ở "
                     "trang đầu", "the signature is not on page 1")
    elif not in_corner(sig.rect, page_box, fraction):
        problems.add("chữ ký không ở góc trên bên phải trang đầu",
                     "the signature is not at the top right of page 1")
    if rule in ("LC2019-9.3b", "LC2019-8.1b"):
        seal = sig.main_image
        problems.extend(ap.ink_problems(seal, "red", "con dấu", "seal"))
        problems.extend(ap.seal_size_problems(seal))
        problems.extend(ap.org_text_problems(sig, None))
        expected = ("góc trên bên phải trang đầu; con dấu đỏ, kích thước thực; tên cơ quan và "
                    "thời gian ký (+07:00) / top right of page 1; red real-size seal; "
                    "organisation name and time (+07:00)")
    else:
        kind = "attachment" if role == "attachment" else "copy"
        problems.extend(ap.corner_text_problems(
            sig, kind, organisation=sig.signer_cn,
            code=facts.code if facts and kind == "attachment" else None))
        what = ("số và ký hiệu, thời gian ký" if kind == "attachment"
                else "hình thức sao, tên cơ quan, thời gian ký")
        what_en = ("number and notation, signing time" if kind == "attachment"
                   else "copy form, organisation, signing time")
        expected = (f"góc trên bên phải trang đầu; không hình ảnh; {what} (+07:00); Times New "
                    f"Roman 10, đen / top right of page 1; no image; {what_en} (+07:00); "
                    "Times New Roman 10 pt, black")
    found = f"{_rect_text(sig.rect)}; '{ap.text_of(sig)}'".replace("\n", " | ")
    return [_verdict(rule, problems, "Chữ ký số cơ quan đúng vị trí và thể thức",
                     "The organisation signature is in place and in form", loc, expected, found)]


# --- the urgency stamp ---------------------------------------------------------------------------


@covers("LC2019-6.4b")
def check_urgency_signature(doc: SignedPdf, profile: Profile,
                            facts: PackageFacts | None) -> list[Finding]:
    if not profile["urgency_stamp_signature"]:
        return []
    stamps = [s for s in organisations(doc) if ap.looks_like_urgency_stamp(s.main_image)]
    level = facts.urgency if facts else None
    expected = ("chữ ký số cơ quan tại dấu độ khẩn: đỏ, kích thước thực tế, ô 10b / "
                "organisation signature on the urgency stamp: red, real size, at ô 10b")
    if not stamps:
        if level:
            return [finding("LC2019-6.4b", Status.FAIL,
                            f"Văn bản {level.lower()} không có chữ ký số cơ quan tại dấu độ khẩn",
                            f"The urgent document ({level}) has no organisation signature on "
                            "the urgency stamp", expected=expected, found="—",
                            location=doc.location(page=1))]
        return []
    sig = stamps[0]
    image = sig.main_image
    problems = ap.urgency_problems(image, level)
    page_box = doc.page_sizes[0] if doc.page_sizes else (0, 0, 595, 842)
    if image is not None:
        cx, cy = (image.rect[0] + image.rect[2]) / 2, (image.rect[1] + image.rect[3]) / 2
        width, height = page_box[2] - page_box[0], page_box[3] - page_box[1]
        if sig.page != 0 or cx > page_box[0] + 0.6 * width or cy < page_box[1] + 0.5 * height:
            problems.add("dấu độ khẩn không ở vị trí ô 10b (phía trên bên trái trang đầu)",
                         "the urgency stamp is not at ô 10b (upper left of page 1)")
    size = ap.size_mm(image) if image else (0, 0)
    found = f"{_rect_text(image.rect if image else sig.rect)} {size[0]:.1f}×{size[1]:.1f} mm"
    return [_verdict("LC2019-6.4b", problems,
                     "Chữ ký số cơ quan tại dấu độ khẩn đúng thể thức",
                     "The urgency-stamp signature is in place and in form",
                     sig.location(doc.file, image.rect if image else None), expected, found)]


def run_checks(doc: SignedPdf, role: str, profile: Profile,
               facts: PackageFacts | None, direction: str | None = None) -> list[Finding]:
    out: list[Finding] = []
    if role == "main":
        ps = people(doc)
        stamps = {id(s) for s in organisations(doc) if ap.looks_like_urgency_stamp(s.main_image)}
        seals = [s for s in organisations(doc) if id(s) not in stamps]
        if ps:
            out += check_person_signature(doc, ps[0], facts)
        if ps and seals:
            out += check_seal(doc, ps[0], seals[0], profile)
        out += check_urgency_signature(doc, profile, facts)
    else:
        out += check_corner_signature(doc, role, profile, facts, direction)
    return out
