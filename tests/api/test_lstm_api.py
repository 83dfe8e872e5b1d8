"""POST /api/v1/lstm: the presets over HTTP, clear 422s, and no NaN in any answer."""

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
from app.numerics.lstm import run_lstm
from app.presets.lstm import LECTURE_LSTM, LONG_LSTM
from app.schemas.lstm import MAX_ANSWER_ENTRIES, MAX_SIZE, MAX_STEPS, LstmResponse

URL = "/api/v1/lstm"
# SPEC §3: the field names of each step and of the totals are a contract.
STEP_CONTRACT = {
    "f", "i", "g", "o", "c", "h", "z", "probs", "target", "loss", "grad_logits",
    "grad_W_f", "grad_W_i", "grad_W_c", "grad_W_o", "grad_W_y",
}  # fmt: skip
TOTAL_CONTRACT = {
    "per_step", "loss", "grad_W_f", "grad_W_i", "grad_W_c", "grad_W_o", "grad_W_y",
    "grad_h0", "grad_c0", "warnings",
}  # fmt: skip


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


def lecture(**changes: Any) -> dict[str, Any]:
    return {**LECTURE_LSTM.request(), **changes}


def post_ok(client: TestClient, body: Any) -> dict[str, Any]:
    response = client.post(URL, json=body)
    assert response.status_code == 200, response.text
    return strict_json(response.text)


def test_lecture_preset_answers_with_every_contract_field(client: TestClient) -> None:
    data = post_ok(client, lecture())
    assert (data["hidden"], data["inputs_dim"], data["classes"], data["steps"]) == (2, 3, 3, 2)
    assert TOTAL_CONTRACT <= set(data)
    assert not {k for k in data if k.startswith("grad_b_")}  # no biases in the request
    steps = data["per_step"]
    assert [s["t"] for s in steps] == [1, 2]
    for step in steps:
        assert STEP_CONTRACT <= set(step)
    assert [s["target"] for s in steps] == [[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    assert [s["x"] for s in steps] == [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    assert data["h0"] == data["c0"] == [0.0, 0.0]
    assert data["warnings"] == []


def test_answer_is_the_numerics_result(client: TestClient) -> None:
    data = post_ok(client, lecture())
    *weights, inputs, targets, biases = LECTURE_LSTM.arrays()
    result = run_lstm(*weights, inputs, targets, biases)
    for t, step in enumerate(data["per_step"]):
        for field, attribute in [("f", "f"), ("g", "g"), ("c", "c"), ("z", "logits")]:
            assert step[field] == getattr(result, attribute)[t].tolist()
        assert step["grad_W_c"] == result.grad_W_c_steps[t].tolist()
    assert data["grad_W_f"] == result.grad_W_f.tolist()
    assert data["grad_c0"] == result.grad_c0.tolist()
    assert data["loss"] == result.loss


def test_total_gradients_are_the_sums_of_the_steps(client: TestClient) -> None:
    data = post_ok(client, LONG_LSTM.request())
    steps = data["per_step"]
    for name in ("grad_W_f", "grad_W_i", "grad_W_c", "grad_W_o", "grad_W_y"):
        np.testing.assert_allclose(
            np.sum([s[name] for s in steps], axis=0), data[name], rtol=1e-12, atol=1e-15
        )
    np.testing.assert_allclose(np.sum([s["grad_a_f"] for s in steps], axis=0), data["grad_b_f"])
    assert data["loss"] == pytest.approx(sum(s["loss"] for s in steps), rel=1e-15)
    for s in steps:
        # ŷ_t − y_t is ∂L/∂Z_t (here ŷ_t·0 − 0 = 0 where the target is all zeros).
        expected = np.multiply(s["probs"], s["label_sum"]) - s["target"]
        np.testing.assert_allclose(s["grad_logits"], expected, atol=1e-15)
        np.testing.assert_allclose(
            s["grad_W_y"], np.outer(s["grad_logits"], s["h"]), rtol=0, atol=1e-15
        )


def test_only_the_given_biases_get_a_gradient(client: TestClient) -> None:
    data = post_ok(client, lecture(b_f=[1.0, 1.0], b_o=[0.0, -0.5]))
    assert {k for k in data if k.startswith("grad_b_")} == {"grad_b_f", "grad_b_o"}
    np.testing.assert_allclose(
        data["grad_b_o"], np.sum([s["grad_a_o"] for s in data["per_step"]], axis=0)
    )
    assert data["per_step"][0]["f"] != post_ok(client, lecture())["per_step"][0]["f"]


def test_long_preset_keeps_the_gradient_at_step_one(client: TestClient) -> None:
    data = post_ok(client, LONG_LSTM.request())
    assert data["steps"] == 12
    (h_note, c_note) = LONG_LSTM.notes
    first = data["per_step"][0]
    assert np.linalg.norm(first["grad_h"]) == pytest.approx(h_note["lstm"], rel=1e-12)
    assert np.linalg.norm(first["grad_c"]) == pytest.approx(c_note["lstm"], rel=1e-12)
    rnn = client.post("/api/v1/rnn", json=h_note["rnn_request"])
    assert rnn.status_code == 200
    rnn_first = rnn.json()["per_step"][0]["grad_h"]
    assert np.linalg.norm(rnn_first) == pytest.approx(h_note["rnn"], rel=1e-12)
    # The point of the preset: the RNN's gradient to step 1 has faded, the LSTM's has not.
    assert h_note["rnn"] < 1e-6 * h_note["lstm"]
    assert c_note["lstm_share"] > 0.3
    # Targets of zeros at steps 1 … 11 are said to be what they are.
    (warning,) = data["warnings"]
    assert warning["code"] == "label_sum_not_one"


def test_one_hot_vectors_and_class_indices_give_the_same_answer(client: TestClient) -> None:
    by_index = post_ok(client, lecture())
    by_vector = post_ok(
        client, lecture(inputs=[[1, 0, 0], [0, 0, 1]], labels=[[0, 0, 1.0], [0, 1, 0]])
    )
    assert by_index == by_vector


def test_initial_states_are_used_and_echoed(client: TestClient) -> None:
    data = post_ok(client, lecture(h0=[0.5, -0.25], c0=[1.0, 2.0]))
    assert data["h0"] == [0.5, -0.25] and data["c0"] == [1.0, 2.0]
    # With c_0 ≠ 0 the first forget gate has something to forget.
    assert any(v != 0 for v in data["per_step"][0]["grad_f"])
    assert data["per_step"][0]["grad_W_f"] != post_ok(client, lecture())["per_step"][0]["grad_W_f"]


def test_answers_are_exactly_what_the_response_model_documents(client: TestClient) -> None:
    for body in (lecture(), LONG_LSTM.request()):
        data = post_ok(client, body)
        validated = LstmResponse.model_validate(data)
        assert validated.model_dump(mode="json", exclude_unset=True) == data


def test_openapi_documents_both_routes_with_the_real_answers(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in (URL, f"{URL}/derivation"):
        operation = schema["paths"][path]["post"]
        assert operation["tags"] == ["lstm"] and operation["summary"]
    schemas = schema["components"]["schemas"]
    (request_example,) = schemas["LstmRequest"]["examples"]
    (response_example,) = schemas["LstmResponse"]["examples"]
    assert request_example == LECTURE_LSTM.request()
    assert post_ok(client, request_example) == response_example
    (step_example,) = schemas["LstmStep"]["examples"]
    assert step_example == response_example["per_step"][1]
    (derivation_example,) = schemas["LstmDerivationResponse"]["examples"]
    answer = client.post(f"{URL}/derivation", json=request_example).json()
    for step in derivation_example["steps"]:
        assert step in answer["steps"]


def has_null(value: Any) -> bool:
    return value is None or (isinstance(value, list) and any(has_null(v) for v in value))


@pytest.mark.parametrize(
    "changes",
    [
        {"W_y": [[1e308, 1e308], [-1e308, -1e308], [0, 0]]},
        # ±1e308 pre-activations saturate the gates; W_y then overflows Z_t itself.
        {
            "W_o": [[1e308] * 5, [1e308] * 5],
            "W_c": [[1e308] * 5, [1e308] * 5],
            "W_i": [[1e308] * 5, [1e308] * 5],
            "W_y": [[1e308, 1e308], [1.0, 1.0], [0, 0]],
        },
    ],
)
def test_overflow_answers_null_with_warnings_never_nan(
    client: TestClient, changes: dict[str, Any]
) -> None:
    response = client.post(URL, json=lecture(**changes))
    assert response.status_code == 200
    data = strict_json(response.text)  # fails on a NaN or Infinity token
    explained = {w["field"] for w in data["warnings"] if w["code"] == "non_finite"}
    assert explained
    for step in data["per_step"]:
        for field, value in step.items():
            if has_null(value):
                assert f"per_step.{field}" in explained, field
    for field, value in data.items():
        if field not in ("per_step", "warnings") and has_null(value):
            assert field in explained, field
    assert any(has_null(data[name]) for name in ("grad_W_f", "grad_W_y", "loss"))
    assert LstmResponse.model_validate(data).model_dump(mode="json", exclude_unset=True) == data
    derivation = client.post(f"{URL}/derivation", json=lecture(**changes))
    assert derivation.status_code == 200
    strict_json(derivation.text)
    assert "Infinity" not in derivation.text and "NaN" not in derivation.text


def _zeros(rows: int, columns: int) -> list[list[float]]:
    return np.zeros((rows, columns)).tolist()


MALFORMED = [
    # (body, expected loc, words the message must contain)
    (lecture(W_f=[[0.1] * 5, [0.1] * 4]), ["body", "W_f", 1], ["H×(H+D) = 2×5", "row 1 has 4"]),
    (lecture(W_f=[]), ["body", "W_f"], ["at least one row"]),
    (lecture(W_f=[[0.1, 0.2], [0.3, 0.4]]), ["body", "W_f", 0], ["H×(H+D)", "H = 2", "has 2"]),
    (lecture(W_i=[[0.1] * 5]), ["body", "W_i"], ["H×(H+D) = 2×5", "2 rows", "has 1"]),
    (lecture(W_c=[[0.1] * 5, [0.1] * 6]), ["body", "W_c", 1], ["2×5", "5 numbers", "has 6"]),
    (lecture(W_o=[[0.1] * 4, [0.1] * 4]), ["body", "W_o", 0], ["2×5", "D = 3"]),
    (lecture(W_y=[[0.1, 0.2, 0.3]]), ["body", "W_y", 0], ["C×H = 1×2", "2 numbers", "has 3"]),
    (lecture(W_y=[]), ["body", "W_y"], ["C×H", "at least one row"]),
    (lecture(W_y=[[0.1, "a"]]), ["body", "W_y", 0, 1], ["number"]),
    (lecture(W_f=[[True, 0, 0, 0, 0], [0] * 5]), ["body", "W_f", 0, 0], ["number"]),
    (lecture(b_f=[0.0]), ["body", "b_f"], ["H = 2", "got 1"]),
    (lecture(b_c=[0.0, 0.0, 0.0]), ["body", "b_c"], ["H = 2", "got 3"]),
    (lecture(h0=[0.0]), ["body", "h0"], ["H = 2", "got 1"]),
    (lecture(c0=[0.0, 1.0, 2.0]), ["body", "c0"], ["cell state", "H = 2", "got 3"]),
    (lecture(inputs=[]), ["body", "inputs"], ["empty"]),
    (lecture(inputs=[0, 3]), ["body", "inputs", 1], ["[0, 3)", "= 3"]),
    (lecture(inputs=[0, [1.0, 0.0]]), ["body", "inputs", 1], ["3 numbers", "got 2"]),
    (lecture(inputs=[0, "two"]), ["body", "inputs", 1], ["class index", "text"]),
    (lecture(labels=[2]), ["body", "labels"], ["len(labels) = 1", "len(inputs) = 2"]),
    (lecture(labels=[2, 1.5]), ["body", "labels", 1], ["whole number", "1.5"]),
    (lecture(labels=[2, 3]), ["body", "labels", 1], ["[0, 3)", "rows of W_y"]),
    (lecture(labels=[2, [0.5, -0.5, 1.0]]), ["body", "labels", 1, 1], ["negative", "≥ 0"]),
    (lecture(labels=[2, [0.5, 0.5]]), ["body", "labels", 1], ["3 numbers", "C"]),
    (lecture(inputs=3), ["body", "inputs"], ["list"]),
    (lecture(b_x=[0.0, 0.0]), ["body", "b_x"], ["not permitted"]),
    (
        lecture(inputs=[0] * (MAX_STEPS + 1), labels=[0] * (MAX_STEPS + 1)),
        ["body", "inputs"],
        [f"at most {MAX_STEPS}"],
    ),
    (lecture(W_f=_zeros(MAX_SIZE + 1, MAX_SIZE + 4)), ["body", "W_f"], [f"at most {MAX_SIZE}"]),
    (
        lecture(W_f=_zeros(2, MAX_SIZE + 3)),
        ["body", "W_f", 0],
        [f"[1, {MAX_SIZE}]", f"has {MAX_SIZE + 3}"],
    ),
    (lecture(W_y=_zeros(MAX_SIZE + 1, 2)), ["body", "W_y"], [f"at most {MAX_SIZE}"]),
    (
        {
            **{name: _zeros(64, 128) for name in ("W_f", "W_i", "W_c", "W_o")},
            "W_y": _zeros(64, 64),
            "inputs": [0] * 40,
            "labels": [0] * 40,
        },
        ["body"],
        ["numbers in the answer", str(MAX_ANSWER_ENTRIES), "fewer steps"],
    ),
]


@pytest.mark.parametrize(("body", "loc", "words"), MALFORMED)
def test_malformed_request_gets_a_422_saying_where_and_what(
    client: TestClient, body: Any, loc: list[Any], words: list[str]
) -> None:
    for path in (URL, f"{URL}/derivation"):
        response = client.post(path, json=body)
        assert response.status_code == 422, response.text
        (error,) = [e for e in strict_json(response.text)["detail"] if e["loc"] == loc]
        for word in words:
            assert word in error["msg"], error["msg"]
    # The server keeps serving after every bad request.
    assert client.post(URL, json=lecture()).status_code == 200


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e999"])
@pytest.mark.parametrize(
    ("field", "template", "loc"),
    [
        ("W_f", "[[{x}, 0, 0, 0, 0], [0, 0, 0, 0, 0]]", ["body", "W_f", 0, 0]),
        ("W_y", "[[0, 0], [0, {x}], [0, 0]]", ["body", "W_y", 1, 1]),
        ("b_o", "[0, {x}]", ["body", "b_o", 1]),
        ("c0", "[{x}, 0]", ["body", "c0", 0]),
        ("inputs", "[0, [0, {x}, 0]]", ["body", "inputs", 1, 1]),
    ],
)
def test_non_finite_json_numbers_are_refused(
    client: TestClient, token: str, field: str, template: str, loc: list[Any]
) -> None:
    body = json.dumps(lecture(**{field: None})).replace(
        f'"{field}": null', f'"{field}": {template.format(x=token)}'
    )
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


def test_body_that_is_not_an_object_gets_a_422(client: TestClient) -> None:
    for body in ([], "lstm", 3):
        assert client.post(URL, json=body).status_code == 422
    response = client.post(URL, content=b"{", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert client.post(URL, content=b"").status_code == 422


def test_get_is_not_allowed(client: TestClient) -> None:
    assert client.get(URL).status_code == 405
    assert client.get(f"{URL}/derivation").status_code == 405


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
    field=st.sampled_from(
        ["W_f", "W_i", "W_c", "W_o", "W_y", "b_f", "b_o", "h0", "c0", "inputs", "labels"]
    ),
    value=JSON_VALUES,
)
def test_any_json_in_any_field_gets_200_or_422(client: TestClient, field: str, value: Any) -> None:
    response = client.post(URL, json=lecture(**{field: value}))
    assert response.status_code in (200, 422), response.text
    strict_json(response.text)
