"""The /lstm page as the server renders it: template, language, catalogue, data blocks,
and its model description against the API's own request and answer."""

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
from app.pages.lstm import CHARTS, EDITOR_LIMITS, MODEL
from app.presets.lstm import LECTURE_LSTM, LONG_LSTM
from app.schemas.lstm import (
    BIASES,
    GATE_WEIGHTS,
    MAX_SIZE,
    MAX_STEPS,
    LstmRequest,
    LstmResponse,
    LstmStep,
)

EN, KO = messages("en"), messages("ko")
MESSAGES = {lang: messages(lang) for lang in LANGUAGES}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


def test_lstm_page_renders_its_template_in_english_by_default(client: TestClient) -> None:
    response = client.get("/lstm")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.template.name == "lstm.html"  # type: ignore[attr-defined]
    context = response.context  # type: ignore[attr-defined]
    assert context["lang"] == "en"
    assert context["prefix"] == "lstm"
    assert context["charts"] == CHARTS
    assert context["t"][context["title_key"]] == EN["lstm.app.title"]
    assert '<html lang="en">' in response.text
    for name in CHARTS:
        assert f'id="chart-{name}"' in response.text, name
    for name in (*(m["name"] for m in MODEL["matrices"]), *MODEL["vectors"]):
        assert f'id="editor-{name}"' in response.text, name
        assert f'id="{name}-error"' in response.text, name


def test_lstm_page_renders_in_korean_when_asked(client: TestClient) -> None:
    response = client.get("/lstm", headers={"accept-language": "ko-KR,ko;q=0.9"})
    assert response.context["lang"] == "ko"  # type: ignore[attr-defined]
    heading = re.search(r'<h2 id="inputs-heading"[^>]*>([^<]*)</h2>', response.text)
    assert heading is not None and heading.group(1) == KO["lstm.inputs.heading"]
    title = re.search(r"<title[^>]*>([^<]*)</title>", response.text)
    assert title is not None and title.group(1) == KO["lstm.app.title"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_the_page_and_its_scripts_name_exists_in_both_languages(
    client: TestClient, lang: str
) -> None:
    keys = rendered_keys(client.get(f"/lstm?lang={lang}").text) | script_keys(
        "lstm.js", "lstm.", MODEL
    )
    assert {"lstm.W_f.label", "lstm.c0.use", "lstm.fact.grad_b_o", "lstm.memory.share"} <= keys
    assert {"lstm.axis.column", "chart.lstm_gates.caption", "lstm.sequence.y.none"} <= keys
    for language in LANGUAGES:
        missing = sorted(key for key in keys if key not in MESSAGES[language])
        assert missing == [], language


def test_the_model_names_the_api_s_fields() -> None:
    """The page builds its editors, table and facts from MODEL: each name is the API's."""
    matrices = {m["name"]: m for m in MODEL["matrices"]}
    assert list(matrices) == [*GATE_WEIGHTS, "W_y"]
    assert MODEL["vectors"] == [*BIASES, "h0", "c0"]
    assert set(matrices) | set(MODEL["vectors"]) <= set(LstmRequest.model_fields)
    assert set(MODEL["rows"]) <= set(LstmStep.model_fields)
    assert set(MODEL["facts"]) <= set(LstmResponse.model_fields)
    # Every gate acts on [h_{t−1}; x_t]: its columns are H, then D.
    for name in GATE_WEIGHTS:
        assert matrices[name]["rows"] == "hidden"
        assert matrices[name]["columns"] == ["hidden", "inputs"]
    assert matrices["W_y"]["rows"] == "classes" and matrices["W_y"]["columns"] == ["hidden"]


def test_page_embeds_catalogue_presets_model_and_limits_as_data_not_scripts(
    client: TestClient,
) -> None:
    response = client.get("/lstm?lang=ko")
    scripts = scripts_of(response.text)
    for attributes in scripts.tags:
        assert attributes.get("src") or attributes.get("type") == "application/json", attributes
    assert {"src": asset_url("js/lstm.js"), "type": "module"} in scripts.tags
    assert list(json.loads(scripts.data["i18n-data"])) == ["ko"]
    presets = json.loads(scripts.data["presets-data"])
    assert [p["id"] for p in presets] == [LECTURE_LSTM.name, LONG_LSTM.name]
    assert [p["request"] for p in presets] == [LECTURE_LSTM.request(), LONG_LSTM.request()]
    # The long sequence carries the first step's gradient of both models, from the server.
    h1 = presets[1]["notes"][0]
    assert h1["quantity"] == "‖∂L/∂h_1‖"
    assert h1["lstm"] > 1e6 * h1["rnn"] > 0
    assert h1["lstm_share"] > 1e6 * h1["rnn_share"] > 0
    assert json.loads(scripts.data["model-data"]) == MODEL
    assert json.loads(scripts.data["limits-data"]) == EDITOR_LIMITS
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_editor_limits_stay_inside_the_api_limits_and_hold_the_presets() -> None:
    assert all(1 <= EDITOR_LIMITS[size] <= MAX_SIZE for size in ("hidden", "inputs", "classes"))
    assert 1 <= EDITOR_LIMITS["steps"] <= MAX_STEPS
    for preset in (LECTURE_LSTM, LONG_LSTM):
        request = LstmRequest.model_validate(preset.request())
        hidden = len(request.W_f)
        assert hidden <= EDITOR_LIMITS["hidden"]
        assert len(request.W_f[0]) - hidden <= EDITOR_LIMITS["inputs"]
        assert len(request.W_y) <= EDITOR_LIMITS["classes"]
        assert len(request.inputs) <= EDITOR_LIMITS["steps"]


def test_every_page_links_to_the_lstm_page(client: TestClient) -> None:
    assert 'href="/lstm" id="nav-lstm" data-i18n="nav.lstm" aria-current="page"' in (
        client.get("/lstm").text
    )
    for path in ("/", "/rnn"):
        html = client.get(path).text
        assert 'href="/lstm" id="nav-lstm" data-i18n="nav.lstm">' in html, path


BAD_REQUESTS: list[tuple[str, dict[str, Any]]] = [
    ("float_type", {"W_i": [[0.1, "abc", 0, 0, 0], [0, 0, 0, 0, 0]]}),
    ("class_index_range", {"inputs": [0, 7]}),
    ("negative_label", {"labels": [2, [0, -1, 0]]}),
    ("empty_sequence", {"inputs": [], "labels": []}),
    ("sequence_length", {"labels": [2]}),
    ("vector_length", {"c0": [0.1, 0.2, 0.3]}),
    ("matrix_shape", {"W_f": [[0.1, 0.2], [0.3, 0.4]]}),
]


@pytest.mark.parametrize(("error_type", "change"), BAD_REQUESTS, ids=[b[0] for b in BAD_REQUESTS])
def test_korean_error_text_is_filled_by_the_api_context(
    client: TestClient, error_type: str, change: dict[str, Any]
) -> None:
    """The page words an error by `lstm.error.<type>`, else `rnn.error.<type>` (the checks
    both models share), each used only when the answer's context fills it."""
    response = client.post("/api/v1/lstm", json={**LECTURE_LSTM.request(), **change})
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["type"] == error_type
    params = {"where": where(error["loc"]), **error.get("ctx", {})}
    texts = [
        fill(KO[key], params)
        for key in (f"lstm.error.{error_type}", f"rnn.error.{error_type}")
        if key in KO
    ]
    assert any(PLACEHOLDER.search(text) is None for text in texts), texts
