"""lxml plumbing shared by the edXML modules: the secure parser, local names, XPaths and the
Locator that maps model values back to where they were in the document."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from conformance.findings import Location


def secure_parser() -> etree.XMLParser:
    """A fresh lxml parser that never fetches, never expands entities, never loads a DTD.

    huge_tree is on because a base64 attachment is one text node and real scanned documents
    exceed libxml2's 10 MB text-node cap; what that cap protected against is handled before
    parsing: a DOCTYPE (entities, XXE) is refused and the document size is bounded by Limits.
    """
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=True, remove_blank_text=False, collect_ids=False,
    )


def local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def xpath_of(el: etree._Element) -> str:
    """`/edXML/edXMLEnvelope/…/To[2]/OrganId`: local names, an index only where a name repeats
    among its siblings."""
    parts: list[str] = []
    node: etree._Element | None = el
    while node is not None:
        parent = node.getparent()
        name = local(node)
        if parent is not None:
            same = [c for c in parent if c.tag == node.tag]
            if len(same) > 1:
                name = f"{name}[{same.index(node) + 1}]"
        parts.append(name)
        node = parent
    return "/" + "/".join(reversed(parts))


@dataclass
class Locator:
    """Where each model value came from: logical keys (`To[2]/OrganId`) → elements. A key that
    is absent falls back to its nearest recorded ancestor, with the missing path appended to the
    XPath, so a "missing element" finding points at the parent's line."""

    file: str | None = None
    elements: dict[str, etree._Element] = field(default_factory=dict)
    root: etree._Element | None = None
    _paths: dict[str, str] = field(default_factory=dict, repr=False)

    def _xpath(self, key: str, el: etree._Element) -> str:
        path = self._paths.get(key)
        if path is None:
            path = self._paths[key] = xpath_of(el)
        return path

    def element(self, key: str) -> etree._Element | None:
        return self.elements.get(key)

    def loc(self, key: str | None = None, **extra: object) -> Location:
        if key is None or self.root is None:
            return Location(file=self.file, **extra)  # type: ignore[arg-type]
        probe = key
        missing: list[str] = []
        while probe:
            el = self.elements.get(probe)
            if el is not None:
                xpath = self._xpath(probe, el)
                if missing:
                    xpath += "/" + "/".join(reversed(missing))
                return Location(file=self.file, line=el.sourceline, xpath=xpath,
                                **extra)  # type: ignore[arg-type]
            head, _, tail = probe.rpartition("/")
            missing.append(tail)
            probe = head
        root_xpath = xpath_of(self.root)
        xpath = root_xpath + "/" + "/".join(reversed(missing)) if missing else root_xpath
        return Location(file=self.file, line=self.root.sourceline, xpath=xpath,
                        **extra)  # type: ignore[arg-type]
