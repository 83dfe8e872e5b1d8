"""The HTML pages on the server side: templates, their context, language, static assets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from js_modules import page_modules
from markupsafe import escape

from app.assets import PLOTLY, asset_url, manifest
from app.i18n import LANGUAGES, messages, pick_language
from app.main import app
from app.pages.rendering import LANGUAGE_COOKIE

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
EN, KO = messages("en"), messages("ko")
MESSAGES = {lang: messages(lang) for lang in LANGUAGES}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app)


def test_index_renders_the_main_template_in_english_by_default(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.template.name == "index.html"
    assert response.context["lang"] == "en"
    assert response.context["t"] is MESSAGES["en"]
    assert '<html lang="en">' in response.text


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        ("ko", None, None, "ko"),
        ("en", "ko", "ko-KR", "en"),
        (None, "ko", "en-US", "ko"),
        (None, None, "ko-KR,ko;q=0.9,en;q=0.8", "ko"),
        (None, None, "en-GB,ko;q=0.5", "en"),
        ("fr", "de", None, "en"),
    ],
)
def test_language_comes_from_query_then_cookie_then_accept_language(
    client: TestClient, query: str | None, cookie: str | None, accept: str | None, expected: str
) -> None:
    assert pick_language(query, cookie, accept) == expected
    client.cookies.clear()
    if cookie:
        client.cookies.set(LANGUAGE_COOKIE, cookie)
    headers = {"accept-language": accept} if accept else {}
    response = client.get("/", params={"lang": query} if query else {}, headers=headers)
    client.cookies.clear()
    assert response.context["lang"] == expected
    assert f'<html lang="{expected}">' in response.text


def test_korean_page_is_rendered_in_korean(client: TestClient) -> None:
    response = client.get("/", params={"lang": "ko"})
    assert response.context["t"]["inputs.heading"] == KO["inputs.heading"]
    assert KO["inputs.heading"] in response.text
    assert KO["chart.jacobian"] in response.text


def test_presets_on_the_page_start_with_the_lecture_and_have_one_row(client: TestClient) -> None:
    presets = client.get("/").context["presets"]
    assert presets[0]["id"] == "lecture-step2"
    assert presets[0]["request"]["logits"] == pytest.approx([-0.0219, 0.01037, -0.02245], abs=5e-5)
    for preset in presets:
        # Classification examples, and comparisons (they open the comparison view).
        assert preset["kind"] in ("classify", "compare")
        assert all(not isinstance(v, list) for v in preset["request"]["logits"])
    # With the activation and loss pickers, every one-row example is offered.
    ids = {p["id"] for p in presets}
    assert {"compare-confident-wrong", "sigmoid-multi-label", "confident-wrong"} <= ids
    assert "batch" not in ids
    api_ids = [p["id"] for p in client.get("/api/v1/presets").json()["presets"]]
    assert [p["id"] for p in presets] == [i for i in api_ids if i in {p["id"] for p in presets}]


def test_page_has_no_inline_script_or_event_handler(client: TestClient) -> None:
    """The CSP allows only same-origin script files: inline code would be blocked."""
    html = client.get("/").text
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html


MAIN_PAGE_TEMPLATES = [
    "base.html",
    "index.html",
    "_chart.html",
    "_inputs.html",
    "_preset_picker.html",
    "_descent.html",
    "_export.html",
    "_summary.html",
    "_status.html",
    "_derivation.html",
    "_loss_pickers.html",
    "_compare.html",
]


def test_every_text_key_used_by_the_main_page_exists() -> None:
    used: set[str] = set()
    for name in MAIN_PAGE_TEMPLATES:
        text = (TEMPLATES / name).read_text()
        used |= set(re.findall(r'data-i18n(?:-aria-label|-chart)?="([a-z_.]+)"', text))
        used |= set(re.findall(r't\["([a-z_.]+)"\]', text))
    for script in page_modules("main.js"):
        used |= set(re.findall(r'\bt\("([a-z_.]+)"', script.read_text()))
    # Keys built from a name at run time ("chart." ~ name) are checked by rendering.
    used = {key for key in used if not key.endswith(".")}
    assert used, "the scan found no keys"
    missing = sorted(key for key in used if key not in EN)
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_chart_card_has_its_title_and_caption(client: TestClient, lang: str) -> None:
    html = client.get("/", params={"lang": lang}).text
    for name in ["logits", "probs", "grad_logits", "grad_probs", "jacobian", "contributions"]:
        assert f'id="chart-{name}"' in html
        assert str(escape(MESSAGES[lang][f"chart.{name}"])) in html
        assert str(escape(MESSAGES[lang][f"chart.{name}.caption"])) in html


def test_static_assets_are_served(client: TestClient) -> None:
    css = client.get(asset_url("css/app.css"))
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    plotly = client.get(asset_url(PLOTLY))
    assert plotly.status_code == 200
    assert plotly.headers["content-type"].startswith("text/javascript")
    # The file served is built from the npm package at the version the lock pins, and
    # carries its licence notice.
    package = ROOT / "node_modules" / "plotly.js"
    lock = json.loads((ROOT / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/plotly.js"]["version"]
    assert json.loads((package / "package.json").read_text())["version"] == pinned
    assert plotly.content.startswith(f"/*! plotly.js v{pinned} (core, bar, heatmap)".encode())
    assert f'version="{pinned}"'.encode() in plotly.content[:1000]
    cached = client.get(asset_url(PLOTLY), headers={"if-none-match": plotly.headers["etag"]})
    assert cached.status_code == 304 and cached.content == b""


def test_every_script_module_and_its_imports_are_served(client: TestClient) -> None:
    """main.js and everything it imports, transitively, arrive as one served file."""
    bundle = client.get(asset_url("js/main.js"))
    assert bundle.status_code == 200
    assert "javascript" in bundle.headers["content-type"]
    # No import left to fetch: one request, not a waterfall of modules.
    assert not re.search(r"""\b(?:from\s*|import\s*\(?\s*)["'][./]""", bundle.text)
    held = {ROOT / name for name in manifest()["inputs"]["js/main.js"]}
    assert held == set(page_modules("main.js"))
    names = {path.relative_to(ROOT / "static" / "js").as_posix() for path in held}
    assert {
        "lib/api.js",
        "lib/live.js",
        "classify/charts.js",
        "lib/i18n.js",
        "classify/state.js",
    } <= names


def test_page_is_sent_with_the_strict_content_security_policy(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy
