"""The HTML pages on the server side: templates, their context, language, static assets."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from js_modules import IMPORT, page_modules
from markupsafe import escape

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
        assert preset["kind"] == "classify"
        assert all(not isinstance(v, list) for v in preset["request"]["logits"])
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
    css = client.get("/static/css/app.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    plotly = client.get("/static/vendor/plotly.min.js")
    assert plotly.status_code == 200
    assert plotly.headers["content-type"].startswith("text/javascript")
    # The file read from the package is the bundle plotly's own Python API hands out.
    from plotly.offline import get_plotlyjs

    assert plotly.content == get_plotlyjs().encode()
    cached = client.get(
        "/static/vendor/plotly.min.js", headers={"if-none-match": plotly.headers["etag"]}
    )
    assert cached.status_code == 304 and cached.content == b""


def test_every_script_module_and_its_imports_are_served(client: TestClient) -> None:
    """main.js and everything it imports, transitively: a missing module breaks the page."""
    pending, seen = ["/static/js/main.js"], set()
    while pending:
        url = pending.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        assert "javascript" in response.headers["content-type"], url
        folder = posixpath.dirname(url)
        pending += [
            posixpath.normpath(posixpath.join(folder, name))
            for name in IMPORT.findall(response.text)
        ]
    names = {url.removeprefix("/static/js/") for url in seen}
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
