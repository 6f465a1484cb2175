"""LC2019-5.2: documents containing state secrets are not exchanged through the axis.

Software cannot know what is secret; it can see a secrecy marking. Under the law on protecting
state secrets (Luật Bảo vệ bí mật nhà nước 2018, Điều 8) a secret document carries one of the
three degree marks "MẬT", "TỐI MẬT", "TUYỆT MẬT", written in capitals — on paper as a stamp, in
the package typically in the subject ("(MẬT) Về việc …") or the summary. The check looks for
those words in capitals, standing alone, so that ordinary text ("bảo mật", "mật khẩu", "Mật")
does not trip it.
"""

from __future__ import annotations

import re
import unicodedata

from conformance.checks import covers
from conformance.edxml.rules.context import Context, passed
from conformance.findings import Finding, Status, finding

RULE = "LC2019-5.2"
_MARK = re.compile(r"(?<![\w])(TUYỆT MẬT|TỐI MẬT|MẬT)(?![\w])")
_FIELDS = (("Subject", "trích yếu"), ("Content", "nội dung tóm tắt"))


def secrecy_marking(text: str | None) -> str | None:
    """The secrecy degree a text is marked with ("MẬT", "TỐI MẬT", "TUYỆT MẬT"), if any."""
    if not text:
        return None
    found = _MARK.search(unicodedata.normalize("NFC", text))
    return found.group(1) if found else None


@covers(RULE)
def check_secrecy_marking(ctx: Context) -> list[Finding]:
    """LC2019-5.2: no secrecy marking in the subject or the summary of a document package."""
    edoc = ctx.edoc
    if edoc is None:
        return []
    values = {"Subject": edoc.header.subject, "Content": edoc.header.content}
    for element, what in _FIELDS:
        mark = secrecy_marking(values[element])
        if mark is not None:
            return [finding(
                RULE, Status.FAIL,
                f"Văn bản mang dấu chỉ độ mật \"{mark}\" ({what}): văn bản có nội dung thuộc bí "
                "mật nhà nước không được gửi, nhận qua Trục",
                f"The document carries the secrecy marking \"{mark}\" ({element}): documents "
                "containing state secrets are not exchanged through the axis",
                expected="không có dấu chỉ độ mật / no secrecy marking",
                found=repr(values[element]), location=ctx.loc(f"MessageHeader/{element}"))]
    return [passed(RULE, ctx, "MessageHeader/Subject",
                   "Văn bản không mang dấu chỉ độ mật", "The document carries no secrecy marking",
                   found="(không có / none)")]
