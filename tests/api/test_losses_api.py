"""`activation` and `loss_function` on every endpoint of the softmax family."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import app
from app.schemas.softmax import (
    AnalyzeResponse,
    GradientResponse,
    JacobianResponse,
    LossResponse,
    SoftmaxResponse,
)

ROUTES = {
    "softmax": SoftmaxResponse,
    "jacobian": JacobianResponse,
    "loss": LossResponse,
    "gradient": GradientResponse,
    "analyze": AnalyzeResponse,
}
MULTI_LABEL = {"logits": [2.0, -1.0, 0.5], "labels": [1.0, 0.0, 1.0], "activation": "sigmoid"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app)


@pytest.mark.parametrize("route", [*ROUTES, "derivation"])
@pytest.mark.parametrize("activation", ["softmax", "sigmoid"])
@pytest.mark.parametrize("loss_function", ["cross_entropy", "squared_error"])
def test_every_route_accepts_and_echoes_both_fields(client, route, activation, loss_function):
    body = {**MULTI_LABEL, "activation": activation, "loss_function": loss_function}
    if route in ("softmax", "jacobian"):
        body.pop("labels")
    if activation == "softmax":
        body["labels"] = 0 if "labels" in body else None
        body = {k: v for k, v in body.items() if v is not None}
    response = client.post(f"/api/v1/{route}", json=body)
    assert response.status_code == 200, response.json()
    answer = response.json()
    if route == "derivation":
        assert answer["steps"]
        return
    ROUTES[route].model_validate(answer)
    assert answer["activation"] == activation
    assert answer["loss_function"] == loss_function


def test_defaults_are_softmax_and_cross_entropy(client):
    answer = client.post("/api/v1/analyze", json={"logits": [1.0, 2.0], "labels": 1}).json()
    assert (answer["activation"], answer["loss_function"]) == ("softmax", "cross_entropy")


def test_sigmoid_probs_are_per_class_and_the_jacobian_is_diagonal(client):
    answer = client.post("/api/v1/analyze", json=MULTI_LABEL).json()
    probs = answer["probs"]
    assert sum(probs) > 1.0  # not a distribution: one probability per class
    jacobian = answer["jacobian"]
    assert all(jacobian[i][j] == 0.0 for i in range(3) for j in range(3) if i != j)
    assert answer["grad_logits"] == pytest.approx(
        [p - y for p, y in zip(probs, MULTI_LABEL["labels"], strict=True)], rel=1e-15
    )
    assert answer["lecture_form"] is True


def test_sigmoid_huge_logits_are_exact_and_the_infinite_grad_probs_is_explained(client):
    body = {"logits": [1000.0, -1000.0], "labels": [0.0, 1.0], "activation": "sigmoid"}
    response = client.post("/api/v1/analyze", json=body)
    assert b"NaN" not in response.content and b"Infinity" not in response.content
    answer = response.json()
    assert answer["loss"] == 2000.0
    assert answer["grad_logits"] == [1.0, -1.0]
    assert answer["grad_probs"] == [None, None]
    assert answer["warnings"][0]["code"] == "binary_grad_probs_infinite"
    assert answer["checks"]["chain_rule_max_abs_err"] is None


def test_softmax_squared_error_flags_the_flat_gradient(client):
    body = {"logits": [6.0, 0.0, -2.0], "labels": 2, "loss_function": "squared_error"}
    answer = client.post("/api/v1/analyze", json=body).json()
    (warning,) = answer["warnings"]
    assert warning["code"] == "squared_error_vanishes"
    assert "no longer cancels" in warning["message"]
    assert answer["lecture_form"] is False


@pytest.mark.parametrize(
    "body, loc, words",
    [
        ({**MULTI_LABEL, "label_smoothing": 0.1}, ["body", "label_smoothing"], "activation"),
        ({**MULTI_LABEL, "labels": [1.0, 1.5, 0.0]}, ["body", "labels", 1], "above 1"),
        (
            {
                "logits": [[0.0, 1.0]] * 2,
                "labels": [[1.0, 0.0], [0.0, 2.0]],
                "activation": "sigmoid",
            },
            ["body", "labels", 1, 1],
            "[0, 1]",
        ),
        ({**MULTI_LABEL, "activation": "relu"}, ["body", "activation"], "sigmoid"),
        ({**MULTI_LABEL, "loss_function": "hinge"}, ["body", "loss_function"], "squared_error"),
    ],
)
def test_bad_combinations_are_a_422_naming_the_field(client, body, loc, words):
    response = client.post("/api/v1/gradient", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == loc
    assert words in detail["msg"]


def test_a_class_index_with_sigmoid_means_one_hot(client):
    body = {"logits": [0.0, 1.0, 2.0], "labels": 1, "activation": "sigmoid"}
    answer = client.post("/api/v1/loss", json=body).json()
    assert answer["target"] == [0.0, 1.0, 0.0]


@pytest.mark.parametrize("activation", ["softmax", "sigmoid"])
@pytest.mark.parametrize("loss_function", ["cross_entropy", "squared_error"])
def test_the_heatmap_accepts_and_echoes_both_fields(client, activation, loss_function):
    body = {
        "logits": [2.0, 1.0, 0.1, -1.0, 0.5, 3.0],
        "labels": 5,
        "size": 3,
        "activation": activation,
        "loss_function": loss_function,
    }
    answer = client.post("/api/v1/jacobian/heatmap", json=body).json()
    assert (answer["activation"], answer["loss_function"]) == (activation, loss_function)
    dense = client.post("/api/v1/gradient", json={k: body[k] for k in body if k != "size"}).json()
    assert answer["loss"] == pytest.approx(dense["loss"], rel=1e-13)
    if activation == "sigmoid":
        values = answer["values"]
        assert all(values[a][b] == 0.0 for a in range(3) for b in range(3) if a != b)


@pytest.mark.parametrize(
    "body, loc",
    [
        ({"logits": [0.0, 1.0], "labels": [0.0, 2.0]}, ["body", "labels", 1]),
        ({"logits": [0.0, 1.0], "labels": 1, "label_smoothing": 0.2}, ["body", "label_smoothing"]),
        ({"logits": [0.0, 1.0], "label_smoothing": 0.2}, ["body", "label_smoothing"]),
    ],
)
def test_the_heatmap_refuses_what_sigmoid_cannot_mean(client, body, loc):
    response = client.post("/api/v1/jacobian/heatmap", json={**body, "activation": "sigmoid"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc
