"""schemathesis sends generated requests to every operation of /api/openapi.json, without a token and with the
token of a province's system administrator (who may reach every operation's writes): no answer may be a server
error, and every answer must be one the document describes (its status code, content type and body schema).
Valid and invalid requests both: an invalid one must be refused as documented (400/422), not crash."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import ApiToken, Role
from tests.factories import official

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Bounded in time (about 25 s a test): CI runs the suite on both databases. A handful of examples per operation
# and mode finds the 500s that a parameter's bounds or a body's shape cause; hypothesis's database is off, so each
# run tries afresh.
EXAMPLES = 5
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(autouse=True)
def _keep_the_tests_connection():
    # The WSGI handler closes the database connection after each request, as in production; inside a test's
    # transaction that would end it. Django's test client disconnects the same signal handler.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _fuzz(headers: dict) -> list[str]:
    from grassroots.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @SETTINGS
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                check()
            except (Exception, BaseExceptionGroup) as exc:  # every operation's failure is reported, not only the first
                failures.append(f"{operation.label} ({mode.value}): {exc}")
    return failures


def test_every_operation_without_a_token(tree):
    failures = _fuzz({})
    assert not failures, "\n\n".join(failures)


@pytest.fixture
def admin_token(tree):
    _token, key = ApiToken.issue(user=official("quan-tri", Role.SYSTEM_ADMIN, tree.province), name="schemathesis")
    return key


def test_every_operation_with_an_administrators_token(admin_token):
    failures = _fuzz({"Authorization": f"Bearer {admin_token}"})
    assert not failures, "\n\n".join(failures)
