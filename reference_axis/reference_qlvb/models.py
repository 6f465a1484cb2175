"""Requests and results of the agent's actions — the driver protocol's data, the same in process
and over HTTP (`to_dict` / `from_dict` give the JSON of the OpenAPI description).
"""

from __future__ import annotations

import base64
import binascii
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from reference_axis.reference_qlvb.errors import AgentError

ACTIONS = ("accept", "reject", "assign", "process", "complete")
FORMS = ("born_digital", "digitised", "copy")
#: hình thức sao (NĐ 30/2020 Điều 25): the copy forms of `form="copy"`, "sao y" by default
COPY_FORMS = ("sao y", "sao lục", "trích sao")
DEFAULT_COPY_FORM = "sao y"
URGENCIES = ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")


def str_field(data: dict[str, Any], key: str, default: str | None = None, *,
              required: bool = False) -> str | None:
    """A string field of a JSON request (missing: `default`, or a bad_request if required)."""
    value = data.get(key, default)
    if value is None:
        if required:
            raise AgentError("bad_request", f"Thiếu trường '{key}'", f"Field '{key}' is required")
        return None
    if not isinstance(value, str):
        raise AgentError("bad_request", f"Trường '{key}' phải là chuỗi",
                         f"Field '{key}' must be a string")
    return value


def str_list_field(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise AgentError("bad_request", f"Trường '{key}' phải là danh sách chuỗi",
                         f"Field '{key}' must be a list of strings")
    return tuple(value)


def copy_form_of(form: str, copy_form: str | None) -> str | None:
    """The copy form a request asks for, in its canonical spelling ("sao y", "sao lục", "trích
    sao"; any case, NFC or NFD): "sao y" for a copy that names none, None for a document that is
    not a copy. AgentError for an unknown form or a copy form on a document that is no copy."""
    if copy_form is None:
        return DEFAULT_COPY_FORM if form == "copy" else None
    canonical = " ".join(unicodedata.normalize("NFC", copy_form).lower().split())
    if canonical not in COPY_FORMS:
        raise AgentError("bad_request", f"copy_form phải là một trong {', '.join(COPY_FORMS)} "
                         f"(nhận được {copy_form!r})",
                         f"copy_form must be one of {', '.join(COPY_FORMS)} (got {copy_form!r})")
    if form != "copy":
        raise AgentError("bad_request", f"copy_form chỉ dùng cho bản sao (form=copy), không "
                         f"dùng với form={form}",
                         f"copy_form applies to copies only (form=copy), not to form={form}")
    return canonical


def _object(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise AgentError("bad_request", f"{what} phải là đối tượng JSON",
                         f"{what} must be a JSON object")
    return data


@dataclass(frozen=True)
class AttachmentSpec:
    """A file sent with the document. Without `content_base64` the agent draws an appendix PDF
    titled `title` and signs it for the organisation (a separate-file attachment)."""

    name: str
    title: str | None = None
    content_base64: str | None = None
    content_type: str | None = None

    def content(self) -> bytes | None:
        if self.content_base64 is None:
            return None
        try:
            return base64.b64decode(self.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise AgentError("bad_request", f"Tệp '{self.name}': content_base64 không hợp lệ",
                             f"File '{self.name}': invalid content_base64") from None

    @classmethod
    def from_dict(cls, data: Any) -> AttachmentSpec:
        d = _object(data, "attachment")
        return cls(name=str_field(d, "name", required=True) or "", title=str_field(d, "title"),
                   content_base64=str_field(d, "content_base64"),
                   content_type=str_field(d, "content_type"))

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class IssueRequest:
    """A document to issue: its template (type, subject, recipients, urgency, signer, files,
    born-digital / digitised / copy and the copy form, legal numbering)."""

    subject: str
    recipients: tuple[str, ...]
    type_name: str = "Công văn"
    agency: str | None = None  # the issuing agency's code (default: the agent's first)
    urgency: str | None = None  # KHẨN | THƯỢNG KHẨN | HỎA TỐC
    signer: str | None = None  # full name of one of the agency's signers
    form: str = "born_digital"  # born_digital | digitised | copy
    copy_form: str | None = None  # form=copy: sao y (default) | sao lục | trích sao
    legal: bool = False  # văn bản quy phạm pháp luật: số/năm/ký hiệu, own series per type
    attachments: tuple[AttachmentSpec, ...] = ()
    due_date: str | None = None  # yyyy-mm-dd
    body: tuple[str, ...] = ()
    content: str | None = None  # nội dung tóm tắt
    in_reply_to: str | None = None  # DocumentId of a received document this one answers

    @classmethod
    def from_dict(cls, data: Any) -> IssueRequest:
        d = _object(data, "request")
        form = str_field(d, "form", "born_digital") or "born_digital"
        if form not in FORMS:
            raise AgentError("bad_request", f"form phải là một trong {', '.join(FORMS)}",
                             f"form must be one of {', '.join(FORMS)}")
        copy_form = str_field(d, "copy_form")
        if copy_form is not None:  # absent stays absent: the agent then makes a sao y
            copy_form = copy_form_of(form, copy_form)
        legal = d.get("legal", False)
        if not isinstance(legal, bool):
            raise AgentError("bad_request", "legal phải là true/false", "legal must be a boolean")
        atts = d.get("attachments") or []
        if not isinstance(atts, list):
            raise AgentError("bad_request", "attachments phải là danh sách",
                             "attachments must be a list")
        return cls(
            subject=str_field(d, "subject", required=True) or "",
            recipients=str_list_field(d, "recipients"),
            type_name=str_field(d, "type_name", "Công văn") or "Công văn",
            agency=str_field(d, "agency"), urgency=str_field(d, "urgency"),
            signer=str_field(d, "signer"),
            form=form, copy_form=copy_form, legal=legal,
            attachments=tuple(AttachmentSpec.from_dict(a) for a in atts),
            due_date=str_field(d, "due_date"), body=str_list_field(d, "body"),
            content=str_field(d, "content"), in_reply_to=str_field(d, "in_reply_to"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "subject": self.subject, "recipients": list(self.recipients),
            "type_name": self.type_name, "form": self.form, "legal": self.legal}
        for key in ("agency", "urgency", "signer", "copy_form", "due_date", "content",
                    "in_reply_to"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.attachments:
            out["attachments"] = [a.to_dict() for a in self.attachments]
        if self.body:
            out["body"] = list(self.body)
        return out


@dataclass(frozen=True)
class Problem:
    """Why an action failed: a code and a message in both languages."""

    code: str
    vi: str
    en: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class IssueResult:
    document_id: str
    agency: str
    code: str  # số và ký hiệu
    number: str
    notation: str
    promulgation_date: str  # yyyy-mm-dd
    recipients: tuple[str, ...]
    state: str  # sent | send_failed
    signed_at: str | None = None
    deadline: str | None = None
    sent_at: str | None = None
    axis_doc_id: str | None = None
    error: Problem | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["recipients"] = list(self.recipients)
        out["error"] = self.error.to_dict() if self.error else None
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IssueResult:
        d = dict(data)
        d["recipients"] = tuple(d.get("recipients") or ())
        d["error"] = Problem(**d["error"]) if d.get("error") else None
        return cls(**{k: d.get(k) for k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class ActionResult:
    """The outcome of revoke / update / act: the document's state afterwards and the status
    package sent (if any)."""

    document_id: str
    action: str
    state: str
    status_sent: str | None = None
    arrival_number: int | None = None
    message: str | None = None  # Vietnamese, for the officer

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ActionResult:
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class StatusEntry:
    """One line of a document's history: a status package sent or received, or a local event."""

    code: str  # "01" … "16", or an event: issued, sent, registered, cancelled, …
    event: str  # sent | received | local
    at: str  # ISO 8601, +07:00
    party: str | None = None  # the other agency
    description: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CheckSummary:
    rule_id: str
    status: str
    severity: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DocumentRecord:
    """The agent's record of one document, as its register and history hold it."""

    document_id: str
    direction: str  # outgoing | incoming
    agency: str  # our agency (issuer or receiver)
    state: str
    code: str | None = None
    subject: str | None = None
    sender: str | None = None
    recipients: tuple[str, ...] = ()
    arrival_number: int | None = None
    received_at: str | None = None
    sent_at: str | None = None
    reason: str | None = None
    statuses_sent: tuple[str, ...] = ()
    statuses_seen: tuple[str, ...] = ()
    history: tuple[StatusEntry, ...] = ()
    checks: tuple[CheckSummary, ...] = ()
    deliveries: tuple[str, ...] = ()
    copies: int = 1  # registrations of the same document (1 unless a variant duplicates)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("recipients", "statuses_sent", "statuses_seen", "deliveries"):
            out[key] = list(getattr(self, key))
        out["history"] = [h.to_dict() for h in self.history]
        out["checks"] = [c.to_dict() for c in self.checks]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentRecord:
        d = {k: data.get(k) for k in cls.__dataclass_fields__}
        for key in ("recipients", "statuses_sent", "statuses_seen", "deliveries"):
            d[key] = tuple(d.get(key) or ())
        d["history"] = tuple(StatusEntry(**h) for h in data.get("history") or ())
        d["checks"] = tuple(CheckSummary(**c) for c in data.get("checks") or ())
        d["copies"] = int(d.get("copies") or 1)
        return cls(**d)


@dataclass(frozen=True)
class PollReport:
    """What one pass over the inbox did."""

    documents: tuple[str, ...] = ()  # DocumentIds of document packages handled
    statuses: tuple[str, ...] = ()  # "<code> <DocumentId>" of status packages handled
    failed: tuple[str, ...] = ()  # axis docIds that could not be read
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PollReport:
        return cls(**{k: tuple(data.get(k) or ()) for k in cls.__dataclass_fields__})

    def __add__(self, other: PollReport) -> PollReport:
        return PollReport(self.documents + other.documents, self.statuses + other.statuses,
                          self.failed + other.failed, self.notes + other.notes)
