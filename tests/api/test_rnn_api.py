"""POST /api/v1/rnn: the lecture's numbers over HTTP, clear 422s, and no NaN in any answer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from answers import strict_json
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from app.main import create_app
from app.presets.rnn import LECTURE_RNN
from app.schemas.rnn import MAX_SIZE, MAX_STEP_ENTRIES, MAX_STEPS, RnnResponse

URL = "/api/v1/rnn"
LECTURE_H = [[0.09372, 0.13419], [0.15027, -0.01865]]
LECTURE_O = [[-0.00812, -0.00884, 0.00641], [-0.02190, 0.01037, -0.02245]]
LECTURE_PROBS = [[0.33179, 0.33155, 0.33665], [0.32979, 0.34060, 0.32961]]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


def lecture(**changes: Any) -> dict[str, Any]:
    return {**LECTURE_RNN.request(), **changes}


def post_ok(client: TestClient, body: Any) -> dict[str, Any]:
    response = client.post(URL, json=body)
    assert response.status_code == 200, response.text
    return strict_json(response.text)


def test_lecture_request_reproduces_the_lecture_numbers(client: TestClient) -> None:
    data = post_ok(client, lecture())
    assert (data["hidden"], data["inputs_dim"], data["classes"], data["steps"]) == (2, 3, 3, 2)
    steps = data["per_step"]
    assert [s["t"] for s in steps] == [1, 2]
    np.testing.assert_allclose([s["h"] for s in steps], LECTURE_H, atol=5.1e-6)
    np.testing.assert_allclose([s["o"] for s in steps], LECTURE_O, atol=5.1e-6)
    np.testing.assert_allclose([s["probs"] for s in steps], LECTURE_PROBS, atol=5.1e-6)
    assert [s["target"] for s in steps] == [[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    assert data["loss"] == pytest.approx(sum(s["loss"] for s in steps), rel=1e-15)
    assert data["h0"] == [0.0, 0.0]
    assert data["warnings"] == []


def test_total_gradients_are_the_sums_of_the_steps(client: TestClient) -> None:
    data = post_ok(client, lecture())
    steps = data["per_step"]
    for name in ("grad_V", "grad_W", "grad_U"):
        np.testing.assert_allclose(
            np.sum([s[name] for s in steps], axis=0), data[name], rtol=1e-12, atol=1e-15
        )
    for s in steps:
        np.testing.assert_allclose(
            s["grad_V"], np.outer(np.subtract(s["probs"], s["target"]), s["h"]), atol=1e-15
        )


def test_one_hot_vectors_and_class_indices_give_the_same_answer(client: TestClient) -> None:
    by_index = post_ok(client, lecture())
    by_vector = post_ok(
        client, lecture(inputs=[[1, 0, 0], [0, 0, 1]], labels=[[0, 0, 1.0], [0, 1, 0]])
    )
    assert by_index == by_vector


def test_h0_is_used_and_echoed(client: TestClient) -> None:
    data = post_ok(client, lecture(h0=[0.5, -0.25]))
    assert data["h0"] == [0.5, -0.25]
    assert data["per_step"][0]["h"] != pytest.approx(LECTURE_H[0], abs=1e-3)
    # With h_0 ≠ 0, W already acts at step 1, so ∂L/∂h_0 and ∂L/∂W both carry step 1.
    assert any(v != 0 for row in data["per_step"][0]["grad_W"] for v in row)


def test_soft_targets_not_summing_to_one_are_explained(client: TestClient) -> None:
    data = post_ok(client, lecture(labels=[[0.5, 0.5, 0.5], 1]))
    first = data["per_step"][0]
    assert first["label_sum"] == 1.5
    np.testing.assert_allclose(
        first["grad_logits"], np.multiply(first["probs"], 1.5) - 0.5, atol=1e-15
    )
    (warning,) = data["warnings"]
    assert warning["code"] == "label_sum_not_one"
    assert "t = 1" in warning["message"] and "t = 2" not in warning["message"]


def has_null(value: Any) -> bool:
    return value is None or (isinstance(value, list) and any(has_null(v) for v in value))


def test_overflow_answers_null_with_warnings_never_nan(client: TestClient) -> None:
    response = client.post(URL, json=lecture(V=[[1e308, 1e308], [-1e308, -1e308], [0, 0]]))
    assert response.status_code == 200
    data = strict_json(response.text)  # fails on a NaN or Infinity token
    assert data["grad_W"] == [[None, None], [None, None]]
    fields = {w["field"] for w in data["warnings"] if w["code"] == "non_finite"}
    assert {"grad_W", "grad_U", "grad_h0", "per_step.grad_h"} <= fields
    # A field null at some steps is explained with those steps, and every null is.
    (grad_h,) = [w for w in data["warnings"] if w["field"] == "per_step.grad_h"]
    null_steps = [s["t"] for s in data["per_step"] if None in s["grad_h"]]
    assert f"at steps t = {', '.join(map(str, null_steps))} (sent" in grad_h["message"]
    for step in data["per_step"]:
        for field, value in step.items():
            if has_null(value):
                assert f"per_step.{field}" in fields, field
    assert RnnResponse.model_validate(data).model_dump(mode="json") == data


def test_answers_are_exactly_what_the_response_model_documents(client: TestClient) -> None:
    """Validating an answer against RnnResponse changes nothing (the API writes the JSON
    itself, from the arrays)."""
    data = post_ok(client, LECTURE_RNN.request())
    assert RnnResponse.model_validate(data).model_dump(mode="json") == data
    assert [w["code"] for w in data["warnings"]] == []


def test_request_and_response_examples_are_the_lecture(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    (request_example,) = schemas["RnnRequest"]["examples"]
    (response_example,) = schemas["RnnResponse"]["examples"]
    assert request_example == LECTURE_RNN.request()
    assert post_ok(client, request_example) == response_example


MALFORMED = [
    # (body, expected loc, words the message must contain)
    (lecture(W=[[1.0, 2.0], [3.0]]), ["body", "W", 1], ["H×H", "2 numbers", "row 1 has 1"]),
    (lecture(W=[]), ["body", "W"], ["at least one row"]),
    (lecture(U=[[0.1, 0.2, 0.3]]), ["body", "U"], ["H = 2 rows", "has 1"]),
    (lecture(U=[[0.1, 0.2, 0.3], [0.1, 0.2]]), ["body", "U", 1], ["H×D", "3 numbers"]),
    (lecture(V=[[0.1, 0.2, 0.3]]), ["body", "V", 0], ["C×H", "2 numbers", "has 3"]),
    (lecture(V=[[0.1, "a"]]), ["body", "V", 0, 1], ["number"]),
    (lecture(W=[[True, 0.0], [0.0, 0.0]]), ["body", "W", 0, 0], ["number"]),
    (lecture(h0=[0.0]), ["body", "h0"], ["H = 2", "got 1"]),
    (lecture(inputs=[]), ["body", "inputs"], ["empty"]),
    (lecture(inputs=[0, 3]), ["body", "inputs", 1], ["[0, 3)", "= 3"]),
    (lecture(inputs=[0, -1]), ["body", "inputs", 1], ["[0, 3)"]),
    (lecture(inputs=[0, [1.0, 0.0]]), ["body", "inputs", 1], ["3 numbers", "got 2"]),
    (lecture(inputs=[0, "two"]), ["body", "inputs", 1], ["class index", "text"]),
    (lecture(inputs=[0, [1, None, 0]]), ["body", "inputs", 1, 1], ["must be a number"]),
    (lecture(labels=[2]), ["body", "labels"], ["len(labels) = 1", "len(inputs) = 2"]),
    (lecture(labels=[2, 1.5]), ["body", "labels", 1], ["whole number", "1.5"]),
    (lecture(labels=[2, True]), ["body", "labels", 1], ["class index", "boolean"]),
    (lecture(labels=[2, 3]), ["body", "labels", 1], ["[0, 3)"]),
    (lecture(labels=[2, [0.5, -0.5, 1.0]]), ["body", "labels", 1, 1], ["negative", "≥ 0"]),
    (lecture(labels=[2, [0.5, 0.5]]), ["body", "labels", 1], ["3 numbers", "C"]),
    (lecture(inputs=3), ["body", "inputs"], ["list"]),
    (lecture(h_0=[0.0, 0.0]), ["body", "h_0"], ["not permitted"]),
    (
        lecture(inputs=[0] * (MAX_STEPS + 1), labels=[0] * (MAX_STEPS + 1)),
        ["body", "inputs"],
        [f"at most {MAX_STEPS}"],
    ),
    (
        lecture(W=np.zeros((MAX_SIZE + 1, MAX_SIZE + 1)).tolist()),
        ["body", "W"],
        [f"at most {MAX_SIZE}"],
    ),
    (
        {
            "W": np.zeros((64, 64)).tolist(),
            "U": np.zeros((64, 256)).tolist(),
            "V": np.zeros((256, 64)).tolist(),
            "inputs": [0] * 32,
            "labels": [0] * 32,
        },
        ["body"],
        ["per-step gradient entries", str(MAX_STEP_ENTRIES)],
    ),
]


@pytest.mark.parametrize(("body", "loc", "words"), MALFORMED)
def test_malformed_request_gets_a_422_saying_where_and_what(
    client: TestClient, body: Any, loc: list[Any], words: list[str]
) -> None:
    response = client.post(URL, json=body)
    assert response.status_code == 422, response.text
    (error,) = [e for e in strict_json(response.text)["detail"] if e["loc"] == loc]
    for word in words:
        assert word in error["msg"], error["msg"]
    # The server keeps serving after every bad request.
    assert client.post(URL, json=lecture()).status_code == 200


@pytest.mark.parametrize(
    ("raw", "loc"),
    [
        ('"W": [[NaN, 0.13], [-0.123, 0.014]]', ["body", "W", 0, 0]),
        ('"W": [[Infinity, 0.13], [-0.123, 0.014]]', ["body", "W", 0, 0]),
        ('"W": [[1e999, 0.13], [-0.123, 0.014]]', ["body", "W", 0, 0]),
        ('"W": [[-0.011, 0.13], [-0.123, 0.014]], "h0": [0, -Infinity]', ["body", "h0", 1]),
    ],
)
def test_non_finite_json_numbers_are_refused(client: TestClient, raw: str, loc: list[Any]) -> None:
    body = json.dumps(lecture(W=None)).replace('"W": null', raw)
    response = client.post(URL, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    detail = strict_json(response.text)["detail"]
    assert [e["loc"] for e in detail] == [loc]
    assert "finite" in detail[0]["msg"]


@pytest.mark.parametrize("label", ["NaN", "1e999", "-Infinity"])
def test_non_finite_class_index_is_refused(client: TestClient, label: str) -> None:
    body = json.dumps(lecture(labels=[2, None])).replace("null", label)
    response = client.post(URL, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    (error,) = strict_json(response.text)["detail"]
    assert error["loc"] == ["body", "labels", 1]
    assert error["type"] == "class_index_type"


def test_non_finite_entry_of_a_target_vector_is_refused(client: TestClient) -> None:
    body = json.dumps(lecture(labels=[2, [0.0, None, 0.0]])).replace("null", "NaN")
    response = client.post(URL, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    (error,) = strict_json(response.text)["detail"]
    assert error["loc"] == ["body", "labels", 1, 1]
    assert error["type"] == "finite_number"


def test_body_that_is_not_an_object_gets_a_422(client: TestClient) -> None:
    for body in ([], "rnn", 3):
        assert client.post(URL, json=body).status_code == 422
    response = client.post(URL, content=b"{", headers={"content-type": "application/json"})
    assert response.status_code == 422


def test_get_is_not_allowed(client: TestClient) -> None:
    assert client.get(URL).status_code == 405


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    field=st.sampled_from(["W", "U", "V", "inputs", "labels", "h0"]),
    value=JSON_VALUES,
)
def test_any_json_in_any_field_gets_200_or_422(client: TestClient, field: str, value: Any) -> None:
    response = client.post(URL, json=lecture(**{field: value}))
    assert response.status_code in (200, 422), response.text
    strict_json(response.text)
