"""What every content rule receives: the package, where its parts are, the profile, the
reference moment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from conformance.edxml.model import EdocPackage, Package, StatusPackage
from conformance.edxml.reader import Form
from conformance.edxml.tree import Locator
from conformance.findings import Finding, Location, Status, finding
from conformance.profiles import Profile


@dataclass(frozen=True)
class Context:
    package: Package
    locator: Locator
    profile: Profile
    mode: str = "strict"
    at: datetime | None = None  # the reference moment, aware (+07:00)
    at_source: str = "none"     # where `at` came from: "--at", "TraceHeader", "Timestamp", "none"
    form: Form = field(default_factory=Form)
    file: str | None = None
    parse_findings: tuple[Finding, ...] = ()
    root: etree._Element | None = None

    def loc(self, key: str | None = None) -> Location:
        return self.locator.loc(key)

    @property
    def edoc(self) -> EdocPackage | None:
        return self.package if isinstance(self.package, EdocPackage) else None

    @property
    def status(self) -> StatusPackage | None:
        return self.package if isinstance(self.package, StatusPackage) else None


def present(value: str | None) -> bool:
    """A value that says something: present and not only whitespace."""
    return value is not None and bool(value.strip())


def missing(rule_id: str, ctx: Context, key: str, what_vi: str, what_en: str,
            *, expected: str | None = None, found: str | None = None) -> Finding:
    """A "this element is missing or empty" failure at the element (or where it would be)."""
    element = key.rsplit("/", 1)[-1]
    return finding(rule_id, Status.FAIL, f"Thiếu {what_vi} ({element})",
                   f"Missing {what_en} ({element})",
                   expected=expected or f"{element} có giá trị / {element} with a value",
                   found=found if found is not None else "không có / none",
                   location=ctx.loc(key), evidence={"missing": element})


def passed(rule_id: str, ctx: Context, key: str | None, vi: str, en: str,
           *, found: str | None = None) -> Finding:
    return finding(rule_id, Status.PASS, vi, en, found=found, location=ctx.loc(key))
