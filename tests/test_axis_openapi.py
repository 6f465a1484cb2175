"""The axis publishes its OpenAPI document; schemathesis exercises the admin API against it
(bounded examples) on a live axis process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from reference_axis import protocol
from reference_axis.testing import ADMIN_TOKEN, AxisProcess

EXAMPLES = 10
CONTENT_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
                  response_schema_conformance]


@pytest.fixture(scope="module")
def live_axis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AxisProcess]:
    with AxisProcess(Path(tmp_path_factory.mktemp("openapi"))) as axis:
        yield axis


@pytest.fixture(scope="module")
def admin_schema(live_axis: AxisProcess) -> schemathesis.BaseSchema:
    document = httpx.get(live_axis.base + "/openapi.json").json()
    return schemathesis.openapi.from_dict(document).include(tag="admin")


def test_openapi_document_lists_every_wire_call_and_the_admin_api(live_axis: AxisProcess
                                                                   ) -> None:
    document = httpx.get(live_axis.base + "/openapi.json").json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    for call, method in protocol.CALLS.items():
        assert method.lower() in paths[f"/{call}"]
    for path in ("/admin/traffic", "/admin/faults", "/admin/clock", "/admin/inject",
                 "/admin/stats", "/admin/reset"):
        assert path in paths
    assert document["paths"]["/sendEdoc"]["post"]["responses"]["200"]["content"][
        "application/json"]["schema"]["$ref"].endswith("SendReply")


def test_admin_api_conforms_to_its_openapi(admin_schema: schemathesis.BaseSchema,
                                           live_axis: AxisProcess) -> None:
    """Every admin operation, a bounded number of generated requests each (schemathesis'
    default checks: no server error, status codes, content types and bodies as documented,
    the bearer token enforced)."""
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    operations = [result.ok() for result in admin_schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            if case.operation.path.endswith("/inject"):
                # A schema-valid injection can still name no recipient or carry no edXML: a 400
                # there depends on the package's content, which a schema cannot express.
                response = case.call(base_url=live_axis.base, headers=headers)
                case.validate_response(response, checks=CONTENT_CHECKS, headers=headers)
            else:
                case.call_and_validate(base_url=live_axis.base, headers=headers)

        check()
