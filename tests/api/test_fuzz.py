"""Every endpoint fuzzed from /openapi.json (schemathesis, in process), as an admin and as a
member, on SQLite and on PostgreSQL: no 500s, and every answer's status, content type and body
as the schema documents."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from commands.http.app import create_app
from commands.service.ledger import open_ledger
from tests.conftest import TODAY

# Per operation, role and database: 10 on each of the two databases (it was 15 on SQLite alone),
# so the run stays about as long while PostgreSQL's own refusals (a NUL in text) are fuzzed too.
EXAMPLES = 10
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzzed_app(request, tmp_path_factory):
    template, tokens = request.getfixturevalue(f"{request.param}_api_template")
    with template.copy(tmp_path_factory.mktemp("fuzz")) as url:
        app = create_app(url, today=lambda: TODAY, secure_cookies=False)
        app.state.ledger = open_ledger(url, today=lambda: TODAY)  # the in-process transport runs no lifespan
        yield app, tokens
        app.state.ledger.close()


def operations(app) -> list:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.slow
@pytest.mark.parametrize("role", ["admin", "member"])
def test_no_endpoint_fails_or_strays_from_its_schema(fuzzed_app, role):
    app, tokens = fuzzed_app
    headers = {"Authorization": f"Bearer {tokens[role]}"}
    found = operations(app)
    assert len(found) > 40
    for operation in found:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case):
            case.call_and_validate(headers=headers, checks=CHECKS)
        fuzz()
