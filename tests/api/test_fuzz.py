"""Fuzz every operation in /openapi.json in-process: no 5xx, answers that match the schema.

Schemathesis generates valid and invalid requests from the app's own OpenAPI document,
so endpoints are covered as they are added. Examples per operation are bounded to keep
the whole run within seconds.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from app.main import create_app

MAX_EXAMPLES = 50

app = create_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
POST_PATHS = sorted(
    path for path, operations in app.openapi()["paths"].items() if "post" in operations
)

# Bodies that no generator from the schema produces, but a hostile client sends.
HOSTILE_BODIES = {
    "invalid_utf8": b'{"logits": [1, 2], "class_names": ["\xff", "b"]}',
    "lone_surrogate_in_names": b'{"logits": [1, 2], "labels": 0, "class_names": ["\\ud800", "b"]}',
    "lone_surrogate_as_value": b'{"logits": "\\udfff"}',
    "deeply_nested": b'{"logits": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "integer_of_5000_digits": b'{"logits": [1' + b"0" * 5000 + b', 2], "labels": 0}',
    "truncated": b'{"logits": [1, 2',
    "not_an_object": b"[1, 2, 3]",
    "empty": b"",
}


def test_schema_lists_the_core_operations() -> None:
    # Guards against fuzzing nothing, e.g. if the document stopped loading its paths.
    operations = {
        f"{operation.method.upper()} {operation.path}"
        for operation in (result.ok() for result in schema.get_all_operations())
    }
    assert {"GET /healthz", "POST /api/v1/softmax", "POST /api/v1/analyze"} <= operations


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    # Bodies of nested float arrays are large and slow to generate; that is expected.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
def test_api_answers_within_its_schema(case: schemathesis.Case) -> None:
    # positive_data_acceptance is left out: JSON Schema cannot say that `labels` and
    # `class_names` must match the length of `logits`, so a schema-valid body may be
    # rightly refused with 422. Everything else runs: no 5xx, documented status codes,
    # content types and headers, responses valid against their schemas, and invalid
    # requests refused.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_hostile_body_is_refused_with_422_by_every_endpoint(body: bytes) -> None:
    wrong: dict[str, str] = {}
    with TestClient(app, raise_server_exceptions=False) as client:
        for path in POST_PATHS:
            response = client.post(path, content=body, headers={"content-type": "application/json"})
            shaped = response.status_code == 422 and all(
                {"loc", "msg", "type"} <= entry.keys() for entry in response.json()["detail"]
            )
            if not shaped:
                wrong[path] = f"{response.status_code} {response.text[:120]}"
    assert not wrong, wrong
