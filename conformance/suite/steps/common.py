"""Shared pieces of the step definitions: the `step` decorator (one function bound to the Gherkin
step types of its STEPS.md pattern, recorded in `STEP_PATTERNS` so that a test can compare the
two), the closed value lists of STEPS.md as mappings, and small waiting helpers."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar

from pytest_bdd import parsers
from pytest_bdd.steps import step as bdd_step

from conformance.suite.context import HarnessError, Scenario

F = TypeVar("F", bound=Callable[..., Any])

#: pattern → the Gherkin step types it is bound to (Cho, Khi, Thì)
STEP_PATTERNS: dict[str, frozenset[str]] = {}
_TYPES = {"Cho": "given", "Khi": "when", "Thì": "then"}


def step(pattern: str, *types: str) -> Callable[[F], F]:
    """Bind a step function to a STEPS.md pattern for the given Gherkin types. An outcome step
    (Thì only) that fails records its failure and lets the scenario's next steps run: the
    scenario fails after its last step, with every failed check reported."""
    def decorate(fn: F) -> F:
        STEP_PATTERNS[pattern] = frozenset(types)
        bound: Callable[..., Any] = fn
        if set(types) == {"Thì"}:
            @functools.wraps(fn)
            def soft(*args: Any, **kwargs: Any) -> Any:
                try:
                    return fn(*args, **kwargs)
                except AssertionError as exc:
                    scenario = kwargs.get("qlvb")
                    if not isinstance(scenario, Scenario):
                        raise
                    scenario.soft_fail(exc)
                    return None
            bound = soft
        for kind in types:
            bdd_step(parsers.parse(pattern), type_=_TYPES[kind], stacklevel=2)(bound)
        return fn
    return decorate


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


#: `{do_khan}` → the urgency the driver protocol takes (IssueRequest.urgency)
URGENCY = {"Thường": None, "Khẩn": "KHẨN", "Thượng khẩn": "THƯỢNG KHẨN", "Hỏa tốc": "HỎA TỐC",
           "Hỏa tốc hẹn giờ": "HỎA TỐC HẸN GIỜ"}
#: Priority code → `{do_khan}`
URGENCY_OF_PRIORITY = {"0": "Thường", "1": "Khẩn", "2": "Thượng khẩn", "3": "Hỏa tốc",
                       "4": "Hỏa tốc hẹn giờ"}
#: `{buoc}` → driver action
ACTIONS = {"tiếp nhận": "accept", "phân công": "assign", "đang xử lý": "process",
           "hoàn thành": "complete"}
#: `{hinh_thuc_sao}` → the copy form written on the copy
COPY_FORMS = {"sao y": "SAO Y", "sao lục": "SAO LỤC", "trích sao": "TRÍCH SAO"}
#: `{dinh_dang}` → (file extension, content type)
FORMATS = {
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "doc": ("doc", "application/msword"),
    "odt": ("odt", "application/vnd.oasis.opendocument.text"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "rtf": ("rtf", "application/rtf"),
}
#: `{vai_tro}`
ROLES = {"gửi": "gửi", "nhận": "nhận"}


def parse_moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise HarnessError(f"thời điểm không đúng ISO 8601: {text!r}") from None
    if moment.tzinfo is None:
        raise HarnessError(f"thời điểm thiếu múi giờ (+07:00): {text!r}")
    return moment


def minutes_window(qlvb: Scenario, minutes: int) -> float:
    return float(minutes)
