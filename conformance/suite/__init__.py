"""The conformance suite: the Vietnamese features run by pytest-bdd against a system under test
(builtin reference QLVB, an http test API, or an operator), through the reference axis.

`qlvb-conformance run` drives it (conformance.cli.run_cmd); `pytest -p conformance.suite.plugin
--pyargs conformance.suite.tests_entry --qlvb-sut=…` runs it in a vendor's own CI.
"""
