"""Every JSON route answers a body of any shape or nesting with a located 422, never a 500."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.main import app


def _routes(container: list) -> list:
    """Every route, those of included routers too."""
    found = []
    for route in container:
        included = getattr(route, "original_router", None)
        found += _routes(included.routes) if included is not None else [route]
    return found


JSON_ROUTES = sorted(
    route.path
    for route in _routes(app.routes)
    if isinstance(route, APIRoute) and "POST" in route.methods
)
DEPTHS = [1, 2, 3, 5, 17, 100, 483, 484, 485, 600, 999, 1000, 1001, 10_000, 100_000]


def nested(depth: int) -> list[str]:
    """Bodies nesting lists and objects `depth` levels deep, where each route looks first."""
    return [
        '{"logits": ' + "[" * depth + "]" * depth + "}",
        '{"logits": [1, 2], "labels": ' + "[" * depth + "1" + "]" * depth + "}",
        '{"W": ' + '{"a": ' * depth + "1" + "}" * depth + "}",
        "[" * depth + "]" * depth,
    ]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app)


def test_every_json_route_is_covered() -> None:
    assert len(JSON_ROUTES) >= 10 and "/api/v1/analyze" in JSON_ROUTES


@pytest.mark.parametrize("path", JSON_ROUTES)
@pytest.mark.parametrize("depth", DEPTHS)
def test_nesting_of_any_depth_is_a_422(client: TestClient, path: str, depth: int) -> None:
    for body in nested(depth):
        response = client.post(path, content=body, headers={"content-type": "application/json"})
        assert response.status_code == 422, (path, depth, body[:40])
        detail = response.json()["detail"]
        assert detail and all(entry["loc"][0] == "body" and entry["msg"] for entry in detail)
