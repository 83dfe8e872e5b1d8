"""POST /api/v1/jacobian/heatmap: the contract of SPEC §3, validation, and C up to 2²⁰."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

import app.schemas.softmax
from app.config import get_settings
from app.main import create_app
from app.numerics import heatmap
from app.schemas.heatmap import HEATMAP_EXAMPLE, HEATMAP_RESPONSE_EXAMPLE, HeatmapResponse

URL = "/api/v1/jacobian/heatmap"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def post(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(URL, json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_example_request_answers_every_contract_field(client: TestClient) -> None:
    body = post(client, HEATMAP_EXAMPLE)
    HeatmapResponse.model_validate(body)
    logits = np.array(HEATMAP_EXAMPLE["logits"])
    target = np.eye(logits.size)[HEATMAP_EXAMPLE["labels"]]
    expected = heatmap.jacobian_heatmap(logits, 1.0, 3, "mean", "prob", target=target)
    assert body["classes"] == 6 and body["batch"] is None and body["size"] == 3
    assert body["bins"] == [[0, 2], [2, 4], [4, 6]]
    assert body["pool"] == "mean" and body["order"] == "prob"
    assert body["perm"] == [5, 0, 1, 4, 2, 3]
    assert body["values"] == expected.jacobian.tolist()
    assert body["vmin"] == expected.jacobian.min() and body["vmax"] == expected.jacobian.max()
    assert expected.contributions is not None and expected.pooled_grad_logits is not None
    assert body["contributions"]["values"] == expected.contributions.tolist()
    assert body["grad_logits"] == expected.pooled_grad_logits.tolist()
    assert body["loss"] == expected.loss and body["label_sum"] == 1.0
    assert [entry["index"] for entry in body["top"]] == [5, 0, 1, 4, 2, 3]
    assert body["top"][0]["grad_logit"] == pytest.approx(body["top"][0]["prob"] - 1.0)
    assert body["rest"] == {
        "classes": 0,
        "prob": 0.0,
        "target": 0.0,
        "grad_logit": 0.0,
        "logit_min": None,
        "logit_max": None,
    }
    assert body["predicted"] == 5 and body["lecture_form"] is True
    assert body["warnings"] == []


def test_defaults_pool_by_mean_in_class_order_without_labels(client: TestClient) -> None:
    body = post(client, {"logits": [0.5, -0.5, 2.0]})
    # size defaults to 256, capped at C: one tile per class is J itself.
    assert body["size"] == 3 and body["bins"] == [[0, 1], [1, 2], [2, 3]]
    assert body["pool"] == "mean" and body["order"] == "index" and body["perm"] is None
    assert body["contributions"] is None and body["grad_logits"] is None and body["loss"] is None
    values = np.array(body["values"])
    np.testing.assert_allclose(values, values.T, rtol=0, atol=1e-17)
    np.testing.assert_allclose(values.sum(axis=1), 0.0, atol=1e-16)
    assert body["rest"] == {
        "classes": 0,
        "prob": 0.0,
        "target": None,
        "grad_logit": None,
        "logit_min": None,
        "logit_max": None,
    }
    assert body["predicted"] == 2 and body["lecture_form"] is False


def test_top_classes_carry_their_names_and_the_rest_sums_the_others(client: TestClient) -> None:
    logits = [0.0, 3.0, 1.0, 2.0, -1.0]
    body = post(
        client,
        {
            "logits": logits,
            "labels": [0.0, 0.0, 0.0, 0.0, 1.0],
            "top_k": 2,
            "class_names": ["a", "b", "c", "d", "e"],
        },
    )
    assert [(e["index"], e["name"]) for e in body["top"]] == [(1, "b"), (3, "d")]
    probs = np.exp(logits) / np.exp(logits).sum()
    assert body["rest"]["classes"] == 3
    assert body["rest"]["prob"] == pytest.approx(probs[[0, 2, 4]].sum(), rel=1e-14)
    assert body["rest"]["target"] == 1.0
    assert body["rest"]["grad_logit"] == pytest.approx(probs[[0, 2, 4]].sum() - 1.0, rel=1e-14)
    # The span of the "rest" bar, so that the page need not hold (or scan) every logit.
    assert (body["rest"]["logit_min"], body["rest"]["logit_max"]) == (-1.0, 1.0)
    assert body["predicted"] == 1 and body["lecture_form"] is True


@pytest.mark.parametrize(
    ("update", "loc", "error_type"),
    [
        ({"logits": [[1.0, 2.0], [3.0, 4.0]]}, ["body", "logits"], "heatmap_one_row"),
        ({"logits": [1.0, "x"]}, ["body", "logits", 1], "number_type"),
        ({"logits": [1.0, None]}, ["body", "logits", 1], "number_type"),
        ({"logits": []}, ["body", "logits"], "empty"),
        ({"logits": 3.0}, ["body", "logits"], "shape"),
        ({"size": 0}, ["body", "size"], "greater_than_equal"),
        ({"size": 1025}, ["body", "size"], "less_than_equal"),
        ({"size": 2.5}, ["body", "size"], "int_type"),
        ({"pool": "max"}, ["body", "pool"], "literal_error"),
        ({"order": "probability"}, ["body", "order"], "literal_error"),
        ({"labels": 3}, ["body", "labels"], "class_index_range"),
        ({"labels": -1}, ["body", "labels"], "class_index_range"),
        ({"labels": [0.5, 0.5]}, ["body", "labels"], "labels_length"),
        ({"labels": [0.5, -0.5, 1.0]}, ["body", "labels", 1], "negative_probability"),
        ({"labels": [[1.0, 0.0, 0.0]]}, ["body", "labels"], "labels_shape"),
        ({"label_smoothing": 1.0}, ["body", "label_smoothing"], "less_than"),
        ({"temperature": 0.0}, ["body", "temperature"], "greater_than"),
        ({"top_k": 1025}, ["body", "top_k"], "less_than_equal"),
        ({"class_names": ["a"]}, ["body", "class_names"], "class_names_length"),
        ({"tiles": 4}, ["body", "tiles"], "extra_forbidden"),
    ],
)
def test_bad_input_is_a_422_at_the_offending_field(
    client: TestClient, update: dict[str, Any], loc: list[Any], error_type: str
) -> None:
    response = client.post(URL, json={"logits": [1.0, 2.0, 3.0], **update})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert (detail[0]["loc"], detail[0]["type"]) == (loc, error_type)
    assert detail[0]["msg"]


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_a_non_finite_logit_in_the_body_is_a_422_naming_the_entry(
    client: TestClient, token: str
) -> None:
    content = f'{{"logits": [1.0, {token}, 2.0]}}'.encode()
    response = client.post(URL, content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert (detail["loc"], detail["type"]) == (["body", "logits", 1], "finite_number")


def test_more_classes_than_the_server_allows_is_a_422(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = dataclasses.replace(get_settings(), max_classes=4)
    monkeypatch.setattr(app.schemas.softmax, "get_settings", lambda: small)
    response = client.post(URL, json={"logits": [0.0] * 5})
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert (detail["loc"], detail["type"]) == (["body", "logits"], "too_many_classes")


def test_overflowing_values_are_null_with_a_warning_never_infinity(client: TestClient) -> None:
    # ŷ = (½, ½) and T = 1e-310: J = ±¼/T overflows float64.
    response = client.post(URL, json={"logits": [0.0, 0.0], "temperature": 1e-310, "labels": 0})
    assert response.status_code == 200
    assert "Infinity" not in response.text and "NaN" not in response.text
    body = response.json()
    assert body["values"] == [[None, None], [None, None]]
    assert body["vmin"] is None and body["vmax"] is None
    assert body["loss"] == pytest.approx(np.log(2.0), rel=1e-15)
    assert body["grad_logits"] == [None, None]
    fields = {w["field"] for w in body["warnings"]}
    assert {"values", "contributions", "grad_logits"} <= fields
    assert all(w["code"] == "non_finite" for w in body["warnings"])


def test_a_million_classes_answer_small_tiles(client: TestClient) -> None:
    classes = 2**20
    rng = np.random.default_rng(3)
    logits = rng.standard_t(3, size=classes) * 3
    payload = json.dumps({"logits": logits.tolist(), "size": 16, "order": "prob", "labels": 7})
    response = client.post(URL, content=payload, headers={"content-type": "application/json"})
    assert response.status_code == 200
    body = response.json()
    assert body["classes"] == classes and body["size"] == 16
    assert body["bins"][0] == [0, classes // 16] and body["bins"][-1][1] == classes
    assert len(body["perm"]) == classes and sorted(body["perm"][:5]) == sorted(
        np.argsort(-logits)[:5].tolist()
    )
    assert len(body["values"]) == 16 and all(len(row) == 16 for row in body["values"])
    assert body["rest"]["classes"] == classes - 20


def test_openapi_documents_the_heatmap_with_examples(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    assert operation["description"].startswith("Pool the softmax Jacobian")
    request_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    request = schema["components"]["schemas"][request_ref.rsplit("/", 1)[1]]
    assert request["examples"] == [HEATMAP_EXAMPLE]
    assert request["properties"]["size"]["maximum"] == 1024
    assert set(request["properties"]["pool"]["enum"]) == {"mean", "maxabs"}
    response = schema["components"]["schemas"]["HeatmapResponse"]
    assert response["examples"]


def test_response_example_is_the_real_answer_rounded(client: TestClient) -> None:
    body = post(client, {"logits": [2.0, 1.0, 0.1, 3.0], "size": 2, "order": "prob", "top_k": 2})
    example = HeatmapResponse.model_validate(HEATMAP_RESPONSE_EXAMPLE).model_dump()
    answer = HeatmapResponse.model_validate(body).model_dump()
    assert_close(answer, example)


def assert_close(actual: Any, expected: Any) -> None:
    """Equal structure and exact non-floats; floats to the example's 6 digits."""
    if isinstance(expected, dict):
        assert actual.keys() == expected.keys()
        for key in expected:
            assert_close(actual[key], expected[key])
    elif isinstance(expected, list | tuple):
        assert len(actual) == len(expected)
        for a, e in zip(actual, expected, strict=True):
            assert_close(a, e)
    elif isinstance(expected, float):
        assert actual == pytest.approx(expected, rel=1e-5)
    else:
        assert actual == expected
