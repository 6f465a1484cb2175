"""Where the product's shipped data lives, both in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


def data_path(*parts: str) -> Path:
    """A file or folder under conformance/data (rule catalog, profiles, registries, schemas)."""
    return DATA_DIR.joinpath(*parts)


def bundled_dir(name: str) -> Path:
    """`features` or `fixtures`: inside the wheel they sit under conformance/_bundle/; in a
    checkout (or an editable install) they are the repository's top-level folders."""
    installed = PACKAGE_DIR / "_bundle" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name
