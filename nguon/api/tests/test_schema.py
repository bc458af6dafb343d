"""Schemathesis against the OpenAPI schema the API serves: generated requests of every operation, sent with
the token of a ward officer, never get a server error, and every answer (its status code, content type and
body) is one the schema documents."""

from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from nguon.accounts.tokens import token_create

#: Examples per operation: the whole run stays well under a minute on two cores (more for a deeper run:
#: NGUON_SCHEMATHESIS_EXAMPLES=200).
EXAMPLES = int(os.environ.get("NGUON_SCHEMATHESIS_EXAMPLES", "12"))
#: Also send requests that break the schema (they must be refused, never crash): NGUON_SCHEMATHESIS_NEGATIVE=1.
MODES = [GenerationMode.POSITIVE] + (
    [GenerationMode.NEGATIVE] if os.environ.get("NGUON_SCHEMATHESIS_NEGATIVE") else []
)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, in the test's transaction (the request signals would close the
    connection the test holds, as Django's test client also prevents)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _checked(operation, headers, seen, mode=GenerationMode.POSITIVE):
    """A hypothesis test of ``operation``: bounded examples, fixed seed, each answer checked and counted."""
    key = (operation.method.upper(), operation.path)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        seen[(*key, response.status_code)] += 1

    return check


def test_api_conforms_to_its_schema(world, editor_a, wsgi_app):
    _token, plain = token_create(user=editor_a, name="schemathesis", acting_user=editor_a)
    headers = {"Authorization": f"Bearer {plain}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    seen: Counter[tuple[str, str, int]] = Counter()
    for operation in operations:
        for mode in MODES:
            _checked(operation, headers, seen, mode)()
    # the token opened the API: every list answered 200 at least once (the indicators need a real area
    # code and the retirement lookup a real month of birth, which random text is not: their own tests ask
    # them; the support cases answer 403 to a user without the support permission, who reads
    # /api/support/counts/ instead), and no call was refused as anonymous
    lists = {
        op.path
        for op in operations
        if op.method.upper() == "GET"
        and "{" not in op.path
        and "indicators" not in op.path
        and "pipeline" not in op.path
        and op.path != "/api/support/cases/"
    }
    assert lists <= {path for method, path, status in seen if method == "GET" and status == 200}
    assert not any(status == 401 for _m, _p, status in seen)


def test_schema_names_are_unique():
    """Two schemas of the same class name in two routers would share one OpenAPI component (the later one
    silently replaces the earlier, and responses then violate the published schema)."""
    import importlib

    from django.conf import settings
    from ninja import Schema

    for app in settings.INSTALLED_APPS:
        if app.startswith("nguon."):
            for module in ("api", "api_pools", "api_checks", "api_funnel"):
                try:
                    importlib.import_module(f"{app}.{module}")
                except ModuleNotFoundError:
                    continue
    seen: dict[str, str] = {}
    clashes = []

    def walk(cls: type) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("nguon."):
                where = f"{sub.__module__}.{sub.__qualname__}"
                if sub.__name__ in seen and seen[sub.__name__] != where:
                    clashes.append((seen[sub.__name__], where))
                seen.setdefault(sub.__name__, where)
            walk(sub)

    walk(Schema)
    assert clashes == []
