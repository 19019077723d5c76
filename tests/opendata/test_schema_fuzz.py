"""The open-data API against its own OpenAPI schema: the schema is valid, and schemathesis's
generated requests, valid and invalid (any filter, page, page size or id), never get a 500, and
every answer has the content type and the shape the schema describes. A lenient answer to a
bad value (an unknown page size gives the default one) is allowed: only the checks named here
run."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.opendata.test_api import public_data

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3_and_describes_the_open_data_only():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["paths"]
    assert all(path.startswith("/api/v1/") for path in schema["paths"])


def _open_data_schema():
    """The schema as the API serves it, written without a request (no database needed)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(schema, default=str))


schema = schemathesis.openapi.from_dict(_open_data_schema())
APPLICATION = get_wsgi_application()


@pytest.fixture
def _some_public_data(db):
    """Some data, and the WSGI application called inside the test's transaction: as Django's
    test client does, requests must not close the database connection (on PostgreSQL they
    would, ending the transaction the test runs in)."""
    public_data()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.usefixtures("_some_public_data")
def test_the_api_answers_every_generated_request_as_its_schema_says(case):
    case.call_and_validate(
        app=APPLICATION,
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
