"""edXML packages of QCVN 102:2016: model, secure parser, builder, schemas, content rules.

    from conformance.edxml import validate_package, parse_package, build_package
"""

from conformance.edxml.builder import BuildOptions, build_package, build_tree, make_attachment
from conformance.edxml.limits import DEFAULT_LIMITS, Limits
from conformance.edxml.model import EdocPackage, Package, StatusPackage
from conformance.edxml.parser import ParseResult, parse_package
from conformance.edxml.validate import Validation, reference_moment, validate_package

__all__ = [
    "DEFAULT_LIMITS",
    "BuildOptions",
    "EdocPackage",
    "Limits",
    "Package",
    "ParseResult",
    "StatusPackage",
    "Validation",
    "build_package",
    "build_tree",
    "make_attachment",
    "parse_package",
    "reference_moment",
    "validate_package",
]
