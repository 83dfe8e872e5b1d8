"""API v1 over HTTP (in process): the contract of the spec, and bad input answered well."""

from __future__ import annotations

import math

import numpy as np
import pytest
from answers import strict_json
from fastapi.testclient import TestClient

from app.config import Settings, get_settings
from app.main import create_app

LECTURE = {"logits": [-0.0219, 0.01037, -0.02245], "labels": 1}


@pytest.fixture(scope="module")
def client() -> TestClient:
    # raise_server_exceptions=False: a crash must show up as the 500 a user would get.
    return TestClient(create_app(), raise_server_exceptions=False)


def post(client: TestClient, path: str, body: object) -> dict:
    response = client.post(f"/api/v1/{path}", json=body)
    assert response.status_code == 200, response.text
    assert_strict_json(response.text)
    return response.json()


def assert_strict_json(text: str) -> None:
    """No NaN or Infinity tokens: the body parses as strict JSON."""
    strict_json(text)


def test_health_reports_ok_and_version(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["version"]


def test_softmax_endpoint(client):
    body = post(client, "softmax", {"logits": [1.0, 2.0, 3.0], "temperature": 2.0})
    expected = np.exp(np.array([1, 2, 3]) / 2) / np.exp(np.array([1, 2, 3]) / 2).sum()
    np.testing.assert_allclose(body["probs"], expected, rtol=1e-15)
    np.testing.assert_allclose(body["log_probs"], np.log(expected), rtol=1e-14)
    assert body["classes"] == 3 and body["batch"] is None and body["temperature"] == 2.0


def test_jacobian_endpoint_for_a_batch(client):
    body = post(client, "jacobian", {"logits": [[0.0, 1.0], [2.0, 2.0]]})
    assert body["batch"] == 2 and body["classes"] == 2
    np.testing.assert_allclose(body["jacobian"][1], [[0.25, -0.25], [-0.25, 0.25]], rtol=1e-15)


def test_loss_endpoint_reduces_a_batch(client):
    logits = [[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]]
    for reduction in ["mean", "sum", "none"]:
        body = post(client, "loss", {"logits": logits, "labels": [0, 1], "reduction": reduction})
        losses = np.array(body["losses"])
        expected_rows = [
            -np.log(np.exp(2) / np.exp(logits[0]).sum()),
            -np.log(np.exp(2.5) / np.exp(logits[1]).sum()),
        ]
        np.testing.assert_allclose(losses, expected_rows, rtol=1e-14)
        expected = {"mean": losses.mean(), "sum": losses.sum(), "none": None}[reduction]
        assert body["loss"] == (pytest.approx(expected, rel=1e-15) if expected else None)


def test_loss_for_one_row_has_no_per_row_losses(client):
    body = post(client, "loss", LECTURE)
    assert body["losses"] is None
    assert body["loss"] == pytest.approx(-math.log(0.34060434452229965), rel=1e-12)


def test_gradient_endpoint_is_probs_minus_target(client):
    body = post(client, "gradient", LECTURE)
    probs, target = np.array(body["probs"]), np.array(body["target"])
    np.testing.assert_allclose(body["grad_logits"], probs - target, rtol=1e-15)
    np.testing.assert_allclose(body["grad_probs"], [0.0, -1 / probs[1], 0.0], rtol=1e-15)
    assert body["label_sum"] == 1.0 and body["lecture_form"] is True


def test_gradient_says_when_target_does_not_sum_to_one(client):
    body = post(client, "gradient", {"logits": [1.0, 2.0, 3.0], "labels": [0.5, 0.5, 0.5]})
    assert body["lecture_form"] is False and body["label_sum"] == 1.5
    probs = np.array(body["probs"])
    np.testing.assert_allclose(body["grad_logits"], probs * 1.5 - 0.5, rtol=1e-14)
    assert [w["code"] for w in body["warnings"]] == ["label_sum_not_one"]


def test_analyze_reproduces_the_lecture_step(client):
    body = post(client, "analyze", LECTURE)
    np.testing.assert_allclose(body["probs"], [0.32979, 0.34060, 0.32961], atol=1e-5)
    np.testing.assert_allclose(
        np.array(body["contributions"]).sum(axis=0), body["grad_logits"], atol=1e-16
    )
    assert body["checks"]["chain_rule_max_abs_err"] < 1e-15
    assert body["checks"]["finite_diff_max_abs_err"] < 1e-8
    assert body["predicted"] == 1
    assert body["entropy"] == pytest.approx(math.log(3), rel=1e-3)
    assert body["warnings"] == []


def test_analyze_huge_logit_gap_keeps_loss_and_gradient_finite(client):
    body = post(client, "analyze", {"logits": [1000, 0], "labels": 1})
    assert body["loss"] == 1000.0
    assert body["grad_logits"] == [1.0, -1.0]
    assert body["grad_probs"] == [0.0, None]
    assert body["checks"]["chain_rule_max_abs_err"] is None
    assert [w["code"] for w in body["warnings"]] == ["grad_probs_infinite"]


def test_overflowing_temperature_sends_null_with_a_warning(client):
    body = post(client, "analyze", {"logits": [1.0, 0.0], "labels": 1, "temperature": 1e-310})
    assert body["loss"] is None
    assert any(w["code"] == "non_finite" and w["field"] == "loss" for w in body["warnings"])


def test_analyze_batch_with_soft_labels_smoothing_and_class_names(client):
    body = post(
        client,
        "analyze",
        {
            "logits": [[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]],
            "labels": [[0.2, 0.8, 0.0], [0.0, 0.0, 1.0]],
            "label_smoothing": 0.3,
            "reduction": "sum",
            "class_names": ["<b>cat</b>", "개", "bird"],
        },
    )
    assert body["class_names"] == ["<b>cat</b>", "개", "bird"]
    np.testing.assert_allclose(body["target"][0], [0.7 * 0.2 + 0.1, 0.7 * 0.8 + 0.1, 0.1])
    assert np.array(body["jacobian"]).shape == (2, 3, 3)
    np.testing.assert_allclose(
        np.array(body["contributions"]).sum(axis=1), body["grad_logits"], atol=1e-15
    )
    assert body["predicted"] == [1, 2]
    assert len(body["entropy"]) == 2


def test_presets_start_with_the_lecture(client):
    presets = client.get("/api/v1/presets").json()["presets"]
    assert presets[0]["id"] == "lecture-step2"
    for preset in presets:
        assert preset["title_en"] and preset["title_ko"]
        if preset["kind"] == "classify":
            post(client, "analyze", preset["request"])


def test_openapi_has_an_example_for_every_model(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert [name for name, schema in schemas.items() if not schema.get("examples")] == []


def test_docs_page_uses_local_assets_only(client):
    html = client.get("/docs").text
    assert "/static/vendor/swagger/swagger-ui-bundle.js" in html
    assert "http" not in html.replace("http-equiv", "")
    assert client.get("/static/vendor/swagger/swagger-ui-bundle.js").status_code == 200


def test_dense_limit_names_the_heatmap_endpoint(client):
    response = client.post("/api/v1/analyze", json={"logits": [0.0] * 1025, "labels": 0})
    assert response.status_code == 422
    assert "/api/v1/jacobian/heatmap" in response.json()["detail"][0]["msg"]


def test_dense_limit_is_configurable(monkeypatch):
    monkeypatch.setenv("GRADVIZ_MAX_DENSE_CLASSES", "4")
    get_settings.cache_clear()
    try:
        client = TestClient(create_app())
        too_many = client.post("/api/v1/jacobian", json={"logits": [0.0] * 5})
        assert too_many.status_code == 422
        assert "C ≤ 4" in too_many.json()["detail"][0]["msg"]
        assert client.post("/api/v1/jacobian", json={"logits": [0.0] * 4}).status_code == 200
        # Only the dense endpoints are capped.
        assert client.post("/api/v1/softmax", json={"logits": [0.0] * 5}).status_code == 200
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_body_over_the_limit_is_413_before_parsing():
    settings = Settings.from_env()
    limited = Settings(**{**vars(settings), "max_body_bytes": 1000})
    client = TestClient(create_app(limited))
    response = client.post("/api/v1/softmax", content=b"[" + b"1," * 2000 + b"1]")
    assert response.status_code == 413
    assert response.json()["detail"][0]["type"] == "body_too_large"


def test_chunked_body_over_the_limit_is_413():
    settings = Settings.from_env()
    limited = Settings(**{**vars(settings), "max_body_bytes": 1000})
    client = TestClient(create_app(limited))

    def chunks():
        for _ in range(100):
            yield b"1," * 50

    response = client.post(
        "/api/v1/softmax", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


# A catalogue of malformed requests: each gets a 4xx with a useful message.

MALFORMED: list[tuple[str, str, object, str, list]] = [
    # (id, endpoint, body, words the message must contain, expected loc)
    ("no-body-fields", "analyze", {}, "required", ["body", "logits"]),
    ("body-is-a-list", "analyze", [1, 2], "dictionary", ["body"]),
    ("body-is-a-string", "softmax", "logits", "dictionary", ["body"]),
    ("logits-missing", "softmax", {"temperature": 1}, "required", ["body", "logits"]),
    ("logits-a-number", "softmax", {"logits": 3}, "must be a list", ["body", "logits"]),
    ("logits-a-string", "softmax", {"logits": "1,2"}, "must be a list", ["body", "logits"]),
    ("logits-empty", "softmax", {"logits": []}, "empty", ["body", "logits"]),
    ("logits-empty-row", "softmax", {"logits": [[]]}, "empty", ["body", "logits", 0]),
    (
        "logits-text-entry",
        "softmax",
        {"logits": [1, "a"]},
        "must be a number",
        ["body", "logits", 1],
    ),
    (
        "logits-null-entry",
        "softmax",
        {"logits": [1, None]},
        "must be a number",
        ["body", "logits", 1],
    ),
    ("logits-bool-entry", "softmax", {"logits": [True, 1]}, "boolean", ["body", "logits", 0]),
    ("logits-ragged", "softmax", {"logits": [[1, 2], [3]]}, "same number", ["body", "logits", 1]),
    ("logits-3d", "softmax", {"logits": [[[1]]]}, "must be a number", ["body", "logits", 0, 0]),
    (
        "logits-mixed-rows",
        "softmax",
        {"logits": [[1, 2], 3]},
        "must be a row",
        ["body", "logits", 1],
    ),
    ("logits-huge-int", "softmax", {"logits": [10**400, 1]}, "finite", ["body", "logits", 0]),
    ("labels-missing", "analyze", {"logits": [1, 2]}, "required", ["body", "labels"]),
    (
        "label-out-of-range",
        "analyze",
        {"logits": [1, 2], "labels": 2},
        "0 to 1",
        ["body", "labels"],
    ),
    ("label-negative", "loss", {"logits": [1, 2], "labels": -1}, "0 to 1", ["body", "labels"]),
    (
        "label-fractional",
        "loss",
        {"logits": [1, 2], "labels": 0.5},
        "whole number",
        ["body", "labels"],
    ),
    ("label-boolean", "loss", {"logits": [1, 2], "labels": True}, "boolean", ["body", "labels"]),
    ("label-text", "loss", {"logits": [1, 2], "labels": "1"}, "class index", ["body", "labels"]),
    (
        "label-object",
        "loss",
        {"logits": [1, 2], "labels": {"t": 1}},
        "class index",
        ["body", "labels"],
    ),
    (
        "distribution-short",
        "gradient",
        {"logits": [1, 2, 3], "labels": [1, 0]},
        "one number per class",
        ["body", "labels"],
    ),
    (
        "distribution-negative",
        "gradient",
        {"logits": [1, 2], "labels": [1.5, -0.5]},
        "≥ 0",
        ["body", "labels", 1],
    ),
    (
        "distribution-nested-for-row",
        "gradient",
        {"logits": [1, 2], "labels": [[1, 0]]},
        "not a list of rows",
        ["body", "labels"],
    ),
    (
        "batch-single-index",
        "loss",
        {"logits": [[1, 2]], "labels": 0},
        "list of 1 class indices",
        ["body", "labels"],
    ),
    (
        "batch-too-few-labels",
        "loss",
        {"logits": [[1, 2], [3, 4]], "labels": [0]},
        "one label per row",
        ["body", "labels"],
    ),
    (
        "batch-label-out-of-range",
        "loss",
        {"logits": [[1, 2], [3, 4]], "labels": [0, 5]},
        "0 to 1",
        ["body", "labels", 1],
    ),
    (
        "batch-label-fractional",
        "loss",
        {"logits": [[1, 2], [3, 4]], "labels": [0, 0.5]},
        "whole number",
        ["body", "labels", 1],
    ),
    (
        "batch-distribution-wrong-length",
        "loss",
        {"logits": [[1, 2], [3, 4]], "labels": [[1, 0], [1]]},
        "same number",
        ["body", "labels", 1],
    ),
    (
        "temperature-zero",
        "softmax",
        {"logits": [1, 2], "temperature": 0},
        "greater than 0",
        ["body", "temperature"],
    ),
    (
        "temperature-negative",
        "softmax",
        {"logits": [1, 2], "temperature": -1},
        "greater than 0",
        ["body", "temperature"],
    ),
    (
        "temperature-text",
        "softmax",
        {"logits": [1, 2], "temperature": "2"},
        "number",
        ["body", "temperature"],
    ),
    (
        "temperature-boolean",
        "softmax",
        {"logits": [1, 2], "temperature": True},
        "number",
        ["body", "temperature"],
    ),
    (
        "smoothing-one",
        "loss",
        {"logits": [1, 2], "labels": 0, "label_smoothing": 1},
        "less than 1",
        ["body", "label_smoothing"],
    ),
    (
        "smoothing-negative",
        "loss",
        {"logits": [1, 2], "labels": 0, "label_smoothing": -0.1},
        "greater than or equal to 0",
        ["body", "label_smoothing"],
    ),
    (
        "reduction-unknown",
        "loss",
        {"logits": [[1, 2]], "labels": [0], "reduction": "avg"},
        "'mean', 'sum' or 'none'",
        ["body", "reduction"],
    ),
    (
        "class-names-short",
        "softmax",
        {"logits": [1, 2], "class_names": ["a"]},
        "2 classes",
        ["body", "class_names"],
    ),
    (
        "class-names-numbers",
        "softmax",
        {"logits": [1, 2], "class_names": [1, 2]},
        "valid string",
        ["body", "class_names", 0],
    ),
    (
        "class-names-a-string",
        "softmax",
        {"logits": [1, 2], "class_names": "ab"},
        "valid list",
        ["body", "class_names"],
    ),
    (
        "unknown-field",
        "analyze",
        {"logits": [1, 2], "labels": 0, "temprature": 2},
        "not permitted",
        ["body", "temprature"],
    ),
    ("dense-cap", "jacobian", {"logits": [0.0] * 1500}, "heatmap", ["body", "logits"]),
]


@pytest.mark.parametrize(
    ("endpoint", "body", "words", "loc"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_malformed_request_gets_a_clear_422(client, endpoint, body, words, loc):
    response = client.post(f"/api/v1/{endpoint}", json=body)
    assert response.status_code == 422, response.text
    assert_strict_json(response.text)
    detail = response.json()["detail"]
    assert any(words in error["msg"] and error["loc"] == loc for error in detail), detail
    # The server keeps serving.
    assert client.post("/api/v1/analyze", json=LECTURE).status_code == 200


RAW_MALFORMED = [
    ("nan-literal", b'{"logits": [NaN, 1], "labels": 0}', "finite"),
    ("infinity-literal", b'{"logits": [Infinity, 1], "labels": 0}', "finite"),
    ("minus-infinity-literal", b'{"logits": [1, -Infinity], "labels": 0}', "finite"),
    ("overflowing-literal", b'{"logits": [1e999, 1], "labels": 0}', "finite"),
    ("nan-temperature", b'{"logits": [1, 2], "labels": 0, "temperature": NaN}', "finite"),
    ("nan-in-distribution", b'{"logits": [1, 2], "labels": [NaN, 1]}', "finite"),
    ("broken-json", b'{"logits": [1, 2', "not valid JSON"),
    ("empty-body", b"", "required"),
]


@pytest.mark.parametrize(
    ("raw", "words"), [c[1:] for c in RAW_MALFORMED], ids=[c[0] for c in RAW_MALFORMED]
)
def test_malformed_json_gets_a_clear_422(client, raw, words):
    response = client.post(
        "/api/v1/analyze", content=raw, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert_strict_json(response.text)
    assert any(words in e["msg"] for e in response.json()["detail"]), response.text
    assert client.get("/healthz").status_code == 200


def test_wrong_method_and_unknown_path(client):
    assert client.get("/api/v1/analyze").status_code == 405
    assert client.post("/api/v1/nothing", json={}).status_code == 404


def test_presets_include_the_lecture_rnn_and_its_logits_are_exact(client):
    presets = {p["id"]: p for p in client.get("/api/v1/presets").json()["presets"]}
    rnn = presets["lecture-rnn"]
    assert rnn["kind"] == "rnn" and rnn["notes"]
    steps = client.post("/api/v1/rnn", json=rnn["request"]).json()["per_step"]
    assert presets["lecture-step2"]["request"]["logits"] == steps[1]["o"]
    assert presets["lecture-step1"]["request"]["logits"] == steps[0]["o"]
    np.testing.assert_allclose(steps[1]["o"], [-0.02190, 0.01037, -0.02245], atol=5e-6)


def test_every_json_route_parses_its_body_strictly():
    from fastapi.routing import APIRoute

    from app.api.routing import StrictJSONRoute

    def routes(container):
        for route in container:
            original = getattr(route, "original_router", None)
            yield from routes(original.routes) if original is not None else [route]

    posts = [
        r for r in routes(create_app().routes) if isinstance(r, APIRoute) and "POST" in r.methods
    ]
    assert len(posts) >= 5
    assert [r.path for r in posts if not isinstance(r, StrictJSONRoute)] == []


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfe",
        b'{"logits": [1, 2], "labels": 0, "class_names": ["\\ud800", "b"]}',
        b"[" * 100_000,
        b'{"logits": [' + b"9" * 5000 + b"]}",
    ],
    ids=["not-utf8", "lone-surrogate", "deep-nesting", "huge-integer"],
)
def test_unparseable_body_is_a_422_json_invalid(client, raw):
    response = client.post(
        "/api/v1/analyze", content=raw, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["type"] == "json_invalid"


def test_surrogate_pairs_are_fine(client):
    raw = b'{"logits": [1, 2], "labels": 0, "class_names": ["\\ud83d\\ude00", "b"]}'
    response = client.post(
        "/api/v1/analyze", content=raw, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()["class_names"][0] == "\U0001f600"


def test_every_operation_is_summarised_by_its_docstring(client):
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        for method, operation in operations.items():
            summary = operation.get("summary", "")
            assert summary and summary != summary.title(), (method, path, summary)
            assert operation["description"].startswith(summary), (method, path)
