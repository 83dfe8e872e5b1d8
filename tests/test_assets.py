"""Asset delivery: the built front end (app.assets, scripts/build_assets.py) and compression.

Hashed files are cached for good and sent precompressed; pages are revalidated; API
answers are compressed when the client accepts it and the answer is big enough to gain.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest
import zstandard
from fastapi.testclient import TestClient
from js_modules import JS, page_modules

from app.assets import HASHED_NAME, PLOTLY, STATIC_DIR, URL_PREFIX, asset_url, manifest
from app.config import get_settings
from app.main import create_app
from app.presets.large import GPT2_PRESET_ID
from scripts.build_assets import entry_points, is_current

ROOT = Path(__file__).resolve().parent.parent
IMMUTABLE = re.compile(r"\bimmutable\b")
DECODE = {
    "br": brotli.decompress,
    "gzip": gzip.decompress,
    "zstd": lambda body: zstandard.ZstdDecompressor().decompressobj().decompress(body),
}
SMALL_ANALYZE = {"logits": [2.0, 1.0, 0.1], "labels": 0}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as client:
        yield client


def raw_get(client: TestClient, url: str, accept_encoding: str) -> tuple[dict[str, str], bytes]:
    """A GET whose body is read as sent, not decoded by the client."""
    with client.stream("GET", url, headers={"accept-encoding": accept_encoding}) as response:
        assert response.status_code == 200, url
        return dict(response.headers), b"".join(response.iter_raw())


def raw_post(
    client: TestClient, url: str, body: object, accept_encoding: str
) -> tuple[dict[str, str], bytes]:
    headers = {"accept-encoding": accept_encoding}
    with client.stream("POST", url, json=body, headers=headers) as response:
        assert response.status_code == 200, url
        return dict(response.headers), b"".join(response.iter_raw())


def test_the_build_is_current_and_covers_every_page_entry() -> None:
    """Every top-level static/js/*.js and static/css/*.css is built, under a hashed name."""
    assert is_current()
    built = manifest()["files"]
    entries = {path.relative_to(ROOT / "static").as_posix() for path in entry_points()}
    assert {"js/main.js", "js/rnn.js", "css/app.css"} <= entries
    assert set(built) == entries | {PLOTLY}
    for name, hashed in built.items():
        data = (STATIC_DIR / hashed).read_bytes()
        assert HASHED_NAME.search(hashed), hashed
        assert f".{hashlib.sha256(data).hexdigest()[:16]}." in hashed, name


def test_each_page_bundle_holds_exactly_its_module_graph() -> None:
    for entry in sorted(JS.glob("*.js")):
        held = {ROOT / name for name in manifest()["inputs"][f"js/{entry.name}"]}
        assert held == set(page_modules(entry.name)), entry.name


@pytest.mark.parametrize("path", ["/", "/rnn", "/docs"])
def test_every_asset_a_page_loads_is_hashed_and_cached_for_good(
    client: TestClient, path: str
) -> None:
    html = client.get(path).text
    urls = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    own = [url for url in urls if not url.startswith("/static/vendor/swagger/")]
    assert own, path
    for url in own:
        assert HASHED_NAME.search(url), url
        headers, _ = raw_get(client, url, "identity")
        assert IMMUTABLE.search(headers["cache-control"]), url
        max_age = re.search(r"max-age=(\d+)", headers["cache-control"])
        assert max_age is not None and int(max_age.group(1)) >= 365 * 24 * 3600, url


@pytest.mark.parametrize("name", ["js/main.js", "js/rnn.js", "css/app.css", PLOTLY])
@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_hashed_assets_are_sent_precompressed(client: TestClient, name: str, encoding: str) -> None:
    url = asset_url(name)
    plain_headers, plain = raw_get(client, url, "identity")
    assert "content-encoding" not in plain_headers
    assert plain == (STATIC_DIR / url.removeprefix(URL_PREFIX)).read_bytes()
    headers, body = raw_get(client, url, f"{encoding}, deflate")
    assert headers["content-encoding"] == encoding
    assert "accept-encoding" in headers["vary"].lower()
    assert IMMUTABLE.search(headers["cache-control"])
    assert int(headers["content-length"]) == len(body) < len(plain) / 2
    assert DECODE[encoding](body) == plain
    # Precompressed at build time, not on each request.
    suffix = {"br": ".br", "gzip": ".gz"}[encoding]
    assert body == (STATIC_DIR / (url.removeprefix(URL_PREFIX) + suffix)).read_bytes()


def test_an_unknown_or_unhashed_asset_is_not_found(client: TestClient) -> None:
    assert client.get("/static/js/main.js").status_code == 404
    assert client.get("/static/vendor/plotly.min.js").status_code == 404
    hashed = asset_url("js/main.js")
    assert client.get(hashed.replace(".js", ".js.br")).status_code == 404


@pytest.mark.parametrize("path", ["/", "/rnn", "/docs"])
def test_pages_are_revalidated_on_every_visit(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"


def test_a_page_is_compressed_for_a_client_that_accepts_it(client: TestClient) -> None:
    plain_headers, plain = raw_get(client, "/", "identity")
    headers, body = raw_get(client, "/", "br")
    assert "content-encoding" not in plain_headers
    assert headers["content-encoding"] == "br"
    assert len(body) < len(plain) / 3
    assert brotli.decompress(body) == plain


@pytest.mark.parametrize("encoding", ["zstd", "br", "gzip"])
def test_a_big_api_answer_is_compressed_when_accepted(client: TestClient, encoding: str) -> None:
    url = f"/api/v1/presets/{GPT2_PRESET_ID}"
    _, plain = raw_get(client, url, "identity")
    assert len(plain) > get_settings().compress_min_bytes
    headers, body = raw_get(client, url, encoding)
    assert headers["content-encoding"] == encoding
    assert "accept-encoding" in headers["vary"].lower()
    assert int(headers["content-length"]) == len(body) < len(plain) / 2
    assert DECODE[encoding](body) == plain


def test_a_big_heatmap_answer_is_compressed(client: TestClient) -> None:
    request = {"logits": [((7 * k) % 101) / 10 for k in range(5000)], "labels": 3, "size": 64}
    plain_headers, plain = raw_post(client, "/api/v1/jacobian/heatmap", request, "identity")
    headers, body = raw_post(client, "/api/v1/jacobian/heatmap", request, "gzip, br, zstd")
    assert "content-encoding" not in plain_headers
    assert headers["content-encoding"] == "zstd"
    assert DECODE["zstd"](body) == plain


def test_a_small_api_answer_is_not_compressed(client: TestClient) -> None:
    headers, body = raw_post(client, "/api/v1/analyze", SMALL_ANALYZE, "gzip, deflate, br, zstd")
    assert len(body) < get_settings().compress_min_bytes
    assert "content-encoding" not in headers
    assert int(headers["content-length"]) == len(body)


def test_nothing_is_compressed_without_accept_encoding(client: TestClient) -> None:
    headers, _ = raw_get(client, f"/api/v1/presets/{GPT2_PRESET_ID}", "")
    assert "content-encoding" not in headers


def test_an_answer_over_the_compression_cap_goes_as_it_is() -> None:
    """Compressing tens of MB would hold the event loop: past the cap the answer is sent."""
    settings = dataclasses.replace(get_settings(), compress_max_bytes=100_000)
    with TestClient(create_app(settings)) as client:
        url = f"/api/v1/presets/{GPT2_PRESET_ID}"
        headers, body = raw_get(client, url, "gzip, br, zstd")
        assert len(body) > 100_000
        assert "content-encoding" not in headers
        # Under the cap, the same app still compresses.
        headers, _ = raw_get(client, "/", "gzip")
        assert headers["content-encoding"] == "gzip"


def test_a_compressed_answer_keeps_the_security_headers(client: TestClient) -> None:
    headers, _ = raw_get(client, f"/api/v1/presets/{GPT2_PRESET_ID}", "br")
    assert headers["content-encoding"] == "br"
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_head_of_a_compressed_answer_has_its_headers_and_no_body(client: TestClient) -> None:
    url = f"/api/v1/presets/{GPT2_PRESET_ID}"
    get_headers, body = raw_get(client, url, "gzip")
    head = client.head(url, headers={"accept-encoding": "gzip"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-encoding"] == "gzip"
    assert head.headers["content-length"] == get_headers["content-length"] == str(len(body))
