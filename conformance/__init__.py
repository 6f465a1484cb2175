"""qlvb-conformance: the conformance harness for electronic document exchange between Vietnamese
state agencies (Quyết định 28/2018/QĐ-TTg)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("qlvb-conformance")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0.0.0+checkout"
