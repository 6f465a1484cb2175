"""Identifier and text validators: agency codes (QCVN 102 and QĐ 20/2020 forms, with a registry
of level-1 codes), document identifiers, số và ký hiệu, the place-and-date line, and the
character encoding of Vietnamese text. Every `check_*` function returns findings and never
raises on bad input."""
