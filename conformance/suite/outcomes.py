"""The markers that carry "not applicable" and "inconclusive" through `pytest.skip` (the result
collector maps them back), and a file-name slug; kept apart so that the pytest plugin imports
nothing heavy until the suite really runs."""

from __future__ import annotations

import unicodedata

NOT_APPLICABLE = "QLVB-KHÔNG-ÁP-DỤNG: "
INCONCLUSIVE = "QLVB-CHƯA-KẾT-LUẬN: "


def slug(text: str) -> str:
    """ASCII, lower case, dashes: for evidence file and folder names."""
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    return "".join(c if c.isalnum() else "-" for c in ascii_text).strip("-").lower() or "tep"
