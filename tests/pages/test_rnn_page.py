"""The /rnn page as the server renders it: template, language, catalogue and data blocks."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from page_html import PLACEHOLDER, fill, rendered_keys, script_keys, scripts_of, where

from app.assets import asset_url
from app.i18n import LANGUAGES, messages
from app.main import create_app
from app.pages.rnn import CHARTS, EDITOR_LIMITS, MODEL
from app.presets.rnn import LECTURE_RNN
from app.schemas.rnn import MAX_SIZE, MAX_STEPS

RNN_EN, RNN_KO = messages("en"), messages("ko")
RNN_MESSAGES = {lang: messages(lang) for lang in LANGUAGES}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


def test_rnn_page_renders_its_template_in_english_by_default(client: TestClient) -> None:
    response = client.get("/rnn")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.template.name == "rnn.html"  # type: ignore[attr-defined]
    context = response.context  # type: ignore[attr-defined]
    assert context["lang"] == "en"
    assert context["t"][context["title_key"]] == RNN_EN["rnn.app.title"]
    assert '<html lang="en">' in response.text
    assert RNN_EN["rnn.values.heading"] in response.text
    assert RNN_EN["chart.rnn_grad_V"] in response.text


@pytest.mark.parametrize(
    ("query", "headers", "cookies"),
    [
        ("?lang=ko", {}, {}),
        ("", {"accept-language": "ko-KR,ko;q=0.9,en;q=0.5"}, {}),
        ("", {"accept-language": "en-US"}, {"gradviz_lang": "ko"}),
    ],
    ids=["query", "accept-language", "remembered-cookie"],
)
def test_rnn_page_renders_in_korean_when_asked(
    client: TestClient, query: str, headers: dict[str, str], cookies: dict[str, str]
) -> None:
    client.cookies.clear()
    for name, value in cookies.items():
        client.cookies.set(name, value)
    response = client.get(f"/rnn{query}", headers=headers)
    client.cookies.clear()
    assert response.status_code == 200
    assert response.context["lang"] == "ko"  # type: ignore[attr-defined]
    assert '<html lang="ko">' in response.text
    assert response.context["t"]["rnn.inputs.heading"] == RNN_KO["rnn.inputs.heading"]  # type: ignore[attr-defined]
    # The server-rendered text (only the Korean catalogue is embedded).
    heading = re.search(r'<h2 id="inputs-heading"[^>]*>([^<]*)</h2>', response.text)
    assert heading is not None and heading.group(1) == RNN_KO["rnn.inputs.heading"]
    title = re.search(r"<title[^>]*>([^<]*)</title>", response.text)
    assert title is not None and title.group(1) == RNN_KO["rnn.app.title"]


def test_the_query_language_wins_over_the_cookie(client: TestClient) -> None:
    client.cookies.set("gradviz_lang", "ko")
    response = client.get("/rnn?lang=en")
    client.cookies.clear()
    assert response.context["lang"] == "en"  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_the_page_and_its_scripts_name_exists_in_both_languages(
    client: TestClient, lang: str
) -> None:
    keys = rendered_keys(client.get(f"/rnn?lang={lang}").text) | script_keys(
        "rnn.js", "rnn.", MODEL
    )
    keys |= {f"chart.{name}.caption" for name in CHARTS}
    assert {"rnn.row.grad_a", "rnn.sequence.y.none", "chart.rnn_grad_V"} <= keys
    for language in LANGUAGES:
        missing = sorted(key for key in keys if key not in RNN_MESSAGES[language])
        assert missing == [], language


def test_page_embeds_catalogue_presets_and_limits_as_data_not_scripts(client: TestClient) -> None:
    response = client.get("/rnn?lang=ko")
    scripts = scripts_of(response.text)
    # Strict CSP: every script is an external file or a JSON data block, never inline code.
    for attributes in scripts.tags:
        assert attributes.get("src") or attributes.get("type") == "application/json", attributes
    assert {"src": asset_url("js/rnn.js"), "type": "module"} in scripts.tags
    catalogue = json.loads(scripts.data["i18n-data"])
    assert list(catalogue) == ["ko"]
    assert catalogue["ko"]["rnn.values.heading"] == RNN_KO["rnn.values.heading"]
    # The other language is a fetch away, at the URL the languages block gives.
    languages = json.loads(scripts.data["languages-data"])
    english = client.get(languages["en"]["url"]).json()
    assert english["rnn.values.heading"] == RNN_EN["rnn.values.heading"]
    presets = json.loads(scripts.data["presets-data"])
    assert [p["id"] for p in presets] == [LECTURE_RNN.name]
    assert presets[0]["kind"] == "rnn"
    assert presets[0]["request"] == LECTURE_RNN.request()
    notes = presets[0]["notes"]
    assert [note["quantity"] for note in notes] == ["o_2", "h_1, h_2"]
    assert all(note["note_ko"] and note["note_en"] for note in notes)
    assert json.loads(scripts.data["limits-data"]) == EDITOR_LIMITS
    assert json.loads(scripts.data["model-data"]) == MODEL
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_editor_limits_stay_inside_the_api_limits() -> None:
    assert all(1 <= EDITOR_LIMITS[size] <= MAX_SIZE for size in ("hidden", "inputs", "classes"))
    assert 1 <= EDITOR_LIMITS["steps"] <= MAX_STEPS


def test_rnn_page_links_back_to_the_main_page(client: TestClient) -> None:
    html = client.get("/rnn").text
    assert 'href="/" id="nav-main"' in html
    assert 'href="/rnn" id="nav-rnn" data-i18n="nav.rnn" aria-current="page"' in html


BAD_REQUESTS: list[tuple[str, dict[str, Any]]] = [
    ("float_type", {"W": [[-0.011, "abc"], [-0.123, 0.014]]}),
    ("class_index_range", {"inputs": [0, 7]}),
    ("class_index_type", {"labels": [2, 1.5]}),
    ("negative_label", {"labels": [2, [0, -1, 0]]}),
    ("empty_sequence", {"inputs": [], "labels": []}),
    ("sequence_length", {"labels": [2]}),
    ("vector_length", {"h0": [0.1, 0.2, 0.3]}),
    ("number_type", {"h0": [0.1, "x"]}),
]


@pytest.mark.parametrize(("error_type", "change"), BAD_REQUESTS, ids=[b[0] for b in BAD_REQUESTS])
def test_korean_error_text_is_filled_by_the_api_context(
    client: TestClient, error_type: str, change: dict[str, Any]
) -> None:
    response = client.post("/api/v1/rnn", json={**LECTURE_RNN.request(), **change})
    assert response.status_code == 422
    error = response.json()["detail"][0]
    if error["type"] != error_type:
        # pydantic reports a str in a list[float] as float_type (no custom check runs).
        assert (error_type, error["type"]) == ("number_type", "float_type")
        error_type = "float_type"
    text = fill(
        RNN_KO[f"rnn.error.{error_type}"], {"where": where(error["loc"]), **error.get("ctx", {})}
    )
    assert PLACEHOLDER.search(text) is None, text
