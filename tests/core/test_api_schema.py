"""The OpenAPI schema: generated without warnings, and no generated request makes the API answer 5xx.

schemathesis reads /api/schema/ from the app (in process, through WSGI) and sends requests built from
each operation's parameters and bodies, authenticated as a superuser so they reach the views.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.factories.users import SuperuserFactory, token_for

pytestmark = pytest.mark.django_db

# Deterministic in the suite, so CI is reproducible; SCHEMATHESIS_RANDOM=1 SCHEMATHESIS_EXAMPLES=50 explores more.
EXAMPLES_PER_OPERATION = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))
DERANDOMIZE = os.environ.get("SCHEMATHESIS_RANDOM") != "1"


def test_schema_generates_without_warnings_or_errors():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    messages = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    GENERATOR_STATS.reset()
    assert "/api/extras/jobs/{id}/run/" in schema["paths"]
    assert "/api/extras/jobs/{source}/{module}/{job_class}/run/" in schema["paths"]
    assert messages == []


def test_every_operation_documents_the_error_body():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"detail", "errors"}
    methods = ("get", "post", "put", "patch", "delete")
    for path, item in schema["paths"].items():
        for method in methods:
            if method in item:
                error = item[method]["responses"]["4XX"]["content"]["application/json"]["schema"]
                assert error == {"$ref": "#/components/schemas/Error"}, f"{method} {path}"


def test_schema_and_docs_pages_are_served_without_a_cdn(client, superuser):
    client.force_login(superuser)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower() and "unpkg" not in docs.lower()


@pytest.fixture
def api_schema(db):
    """The schema read from the WSGI app, which keeps the test's database connection open between
    requests (as Django's test client does): closing it would end the test's transaction."""
    from django.core import signals
    from django.db import close_old_connections

    from jobsplatform.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(db) -> dict:
    return {"Authorization": f"Token {token_for(SuperuserFactory())}"}


def operation_labels() -> list[str]:
    """Every operation of the schema as "METHOD /path", one test each (read at collection time)."""
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    methods = ("get", "post", "put", "patch", "delete")
    return [
        f"{method.upper()} {path}" for path, item in paths.items() for method in methods if method in item
    ]


# schemathesis' own pytest plugin does not run under pytest 9 (it reads a removed attribute), so each
# operation's strategy is driven by hypothesis directly.
@pytest.mark.parametrize("label", operation_labels())
def test_no_generated_request_gets_a_server_error(api_schema, auth_headers, label):
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, label

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=DERANDOMIZE,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(headers=auth_headers, checks=[not_a_server_error])

    check()
