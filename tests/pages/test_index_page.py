"""The HTML pages on the server side: templates, their context, language, static assets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from app.i18n import EN, KO, MESSAGES, pick_language
from app.main import app
from app.pages import LANGUAGE_COOKIE

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
JS = ROOT / "static" / "js"


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


def test_english_and_korean_catalogues_have_the_same_keys() -> None:
    ui_keys = {k for k in KO if not k.startswith(("error.", "warning."))}
    assert set(EN) == ui_keys
    for key, text in EN.items():
        placeholders = set(re.findall(r"\{(\w+)\}", text))
        assert placeholders == set(re.findall(r"\{(\w+)\}", KO[key])), key


def main_page_modules() -> list[Path]:
    """main.js and every module it imports, transitively."""
    pending, seen = ["main.js"], set()
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending += re.findall(r'from "\./([\w-]+\.js)"', (JS / name).read_text())
    return [JS / name for name in sorted(seen)]


MAIN_PAGE_TEMPLATES = [
    "base.html",
    "index.html",
    "_chart.html",
    "_inputs.html",
    "_descent.html",
    "_export.html",
    "_summary.html",
    "_derivation.html",
]


def test_every_text_key_used_by_the_main_page_exists() -> None:
    used: set[str] = set()
    for name in MAIN_PAGE_TEMPLATES:
        text = (TEMPLATES / name).read_text()
        used |= set(re.findall(r'data-i18n(?:-aria-label|-chart)?="([a-z_.]+)"', text))
        used |= set(re.findall(r't\["([a-z_.]+)"\]', text))
    for script in main_page_modules():
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
    pending, seen = ["main.js"], set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        response = client.get(f"/static/js/{name}")
        assert response.status_code == 200, name
        assert "javascript" in response.headers["content-type"], name
        pending += re.findall(r'from "\./([\w-]+\.js)"', response.text)
    assert {"api.js", "charts.js", "i18n.js", "state.js"} <= seen


def test_page_is_sent_with_the_strict_content_security_policy(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy
