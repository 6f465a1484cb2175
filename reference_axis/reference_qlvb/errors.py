"""The one error the agent raises on bad requests: a code and a message in both languages."""

from __future__ import annotations

#: code → HTTP status in the driver API
HTTP_STATUS = {
    "bad_request": 400,
    "unauthorized": 401,
    "not_found": 404,
    "conflict": 409,
    "axis_error": 502,
    "unreachable": 502,
    "internal": 500,
}


class AgentError(Exception):
    """A request the agent cannot carry out (unknown document, wrong state, bad input, the axis
    refused). Never a programming error: those stay ordinary exceptions."""

    def __init__(self, code: str, vi: str, en: str) -> None:
        self.code = code if code in HTTP_STATUS else "bad_request"
        self.vi, self.en = vi, en
        super().__init__(en)

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "vi": self.vi, "en": self.en}
