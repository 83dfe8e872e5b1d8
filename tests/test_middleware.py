"""Every response carries the security headers: pages, JSON, errors and static files."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.assets import PLOTLY, asset_url
from app.config import get_settings
from app.main import create_app

# Source expressions that name no origin: keywords and the page's own data/blob URLs.
KEYWORDS = {"'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'strict-dynamic'"}
LOCAL_SCHEMES = {"data:", "blob:"}
BODY_LIMIT = 256


def csp_directives(policy: str) -> dict[str, list[str]]:
    """Parse a Content-Security-Policy header into {directive: [sources]}."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        tokens = part.split()
        if tokens:
            directives[tokens[0].lower()] = tokens[1:]
    return directives


def assert_security_headers(response: httpx.Response) -> None:
    headers = response.headers
    where = f"{response.request.method} {response.request.url.path} -> {response.status_code}"
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("referrer-policy") in {"no-referrer", "same-origin"}, where
    policy = headers.get("content-security-policy")
    assert policy, where
    directives = csp_directives(policy)
    # Scripts fall back to default-src when script-src is absent.
    script_sources = directives.get("script-src", directives.get("default-src"))
    assert script_sources is not None, where
    assert "'unsafe-inline'" not in script_sources, where
    assert directives.get("frame-ancestors") in (["'none'"], ["'self'"]), where
    for name, sources in directives.items():
        outside = [s for s in sources if s not in KEYWORDS and s not in LOCAL_SCHEMES]
        assert not outside, f"{where}: {name} allows {outside}"


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return create_app(dataclasses.replace(get_settings(), max_body_bytes=BODY_LIMIT))


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def test_csp_parser_reads_directives_and_sources() -> None:
    parsed = csp_directives("default-src 'self'; img-src 'self' data: ;frame-ancestors 'none'")
    assert parsed == {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
    }


@pytest.mark.parametrize(
    "policy",
    [
        "default-src 'self'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
        "default-src 'self'; script-src 'self' https://cdn.example.org; frame-ancestors 'none'",
        "default-src 'self'; script-src 'self'; style-src *; frame-ancestors 'none'",
        "default-src 'self'; script-src 'self'",
    ],
)
def test_header_check_rejects_a_weak_policy(policy: str) -> None:
    request = httpx.Request("GET", "http://testserver/")
    headers = {
        "content-security-policy": policy,
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
    }
    with pytest.raises(AssertionError):
        assert_security_headers(httpx.Response(200, headers=headers, request=request))


def test_json_endpoint_has_security_headers(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert_security_headers(response)


def test_openapi_document_has_security_headers(client: TestClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert_security_headers(response)


def test_api_call_has_security_headers(client: TestClient) -> None:
    response = client.post("/api/v1/softmax", json={"logits": [1.0, 2.0, 3.0]})
    assert response.status_code == 200
    assert_security_headers(response)


def test_html_pages_have_security_headers(client: TestClient) -> None:
    for path in ("/docs", "/"):
        response = client.get(path)
        assert_security_headers(response)
    assert client.get("/docs").headers["content-type"].startswith("text/html")


def test_every_parameterless_get_route_has_security_headers(client: TestClient) -> None:
    paths = [
        path
        for path, operations in client.get("/openapi.json").json()["paths"].items()
        if "get" in operations and "{" not in path
    ]
    assert "/healthz" in paths
    for path in paths:
        assert_security_headers(client.get(path))


def test_not_found_has_security_headers(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert_security_headers(response)


def test_method_not_allowed_has_security_headers(client: TestClient) -> None:
    response = client.delete("/healthz")
    assert response.status_code == 405
    assert_security_headers(response)


def test_validation_error_has_security_headers(client: TestClient) -> None:
    response = client.post("/api/v1/softmax", json={"logits": "not a list"})
    assert response.status_code == 422
    assert_security_headers(response)


def test_declared_oversized_body_has_security_headers(client: TestClient) -> None:
    response = client.post("/api/v1/softmax", json={"logits": [1.0] * BODY_LIMIT})
    assert response.status_code == 413
    assert_security_headers(response)


def test_streamed_oversized_body_has_security_headers(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        # No Content-Length: the limit is found while the body arrives.
        yield b'{"logits": ['
        for _ in range(BODY_LIMIT):
            yield b"1.0, "
        yield b"1.0]}"

    response = client.post(
        "/api/v1/softmax", content=chunks(), headers={"content-type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert_security_headers(response)


@pytest.mark.parametrize(
    "path",
    [asset_url("js/docs.js"), "/static/vendor/swagger/swagger-ui.css", asset_url(PLOTLY)],
)
def test_static_files_have_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert_security_headers(response)


def test_not_modified_static_file_has_security_headers(client: TestClient) -> None:
    etag = client.get(asset_url(PLOTLY)).headers["etag"]
    response = client.get(asset_url(PLOTLY), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert_security_headers(response)


def test_unhandled_error_still_has_security_headers() -> None:
    app = create_app()

    def fail() -> None:
        raise RuntimeError("a bug that escaped every handler")

    app.add_api_route("/fail", fail)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/fail")
    assert response.status_code == 500
    assert_security_headers(response)
