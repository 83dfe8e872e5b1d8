"""POST /api/v1/compare: both losses side by side, and the sweep of the target logit."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import app
from app.schemas.losses import CompareResponse

CONFIDENT_WRONG = {"logits": [6.0, 0.0, -2.0], "labels": 2}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app)


def test_cross_entropy_keeps_pulling_where_squared_error_goes_flat(client):
    answer = client.post("/api/v1/compare", json=CONFIDENT_WRONG).json()
    CompareResponse.model_validate(answer)
    assert answer["target_class"] == 2
    ce, se = answer["cross_entropy"], answer["squared_error"]
    assert ce["grad_logits"][2] == pytest.approx(answer["probs"][2] - 1.0, rel=1e-15)
    assert ce["lecture_form"] and not se["lecture_form"]
    assert abs(se["grad_logits"][2]) < 2e-3 < abs(ce["grad_logits"][2])
    assert [w["code"] for w in answer["warnings"]] == ["squared_error_vanishes"]
    assert answer["warnings"][0]["field"] == "squared_error.grad_logits"
    sweep = answer["sweep"]
    assert len(sweep["offsets"]) == 101
    assert sweep["offsets"][0] == -10.0 and sweep["offsets"][-1] == 10.0
    assert sweep["logits"][0] == pytest.approx(0.0 - 10.0 + 6.0)
    # Very wrong: cross-entropy pulls with ≈ −1, squared error with almost nothing.
    assert sweep["cross_entropy"]["grad_target"][0] < -0.99
    assert abs(sweep["squared_error"]["grad_target"][0]) < 1e-3


@pytest.mark.parametrize("activation", ["softmax", "sigmoid"])
def test_each_sweep_point_equals_a_single_request_at_that_logit(client, activation):
    body = {
        "logits": [1.5, -0.5, 0.25, 2.0],
        "labels": 1,
        "temperature": 0.7,
        "sweep_points": 7,
        "sweep_from": -8.0,
        "sweep_to": 4.0,
        "activation": activation,
    }
    answer = client.post("/api/v1/compare", json=body).json()
    sweep = answer["sweep"]
    for k, logit in enumerate(sweep["logits"]):
        logits = list(body["logits"])
        logits[1] = logit
        assert logit == pytest.approx(2.0 + sweep["offsets"][k], rel=1e-15)
        for loss_function in ("cross_entropy", "squared_error"):
            single = client.post(
                "/api/v1/gradient",
                json={
                    "logits": logits,
                    "labels": 1,
                    "temperature": 0.7,
                    "activation": activation,
                    "loss_function": loss_function,
                },
            ).json()
            curve = sweep[loss_function]
            assert curve["loss"][k] == pytest.approx(single["loss"], rel=1e-12, abs=1e-300)
            assert curve["grad_target"][k] == pytest.approx(
                single["grad_logits"][1], rel=1e-12, abs=1e-300
            )
            assert sweep["probs"][k] == pytest.approx(single["probs"][1], rel=1e-12)


def test_the_side_by_side_equals_the_gradient_endpoint(client):
    answer = client.post("/api/v1/compare", json=CONFIDENT_WRONG).json()
    for loss_function in ("cross_entropy", "squared_error"):
        single = client.post(
            "/api/v1/gradient", json={**CONFIDENT_WRONG, "loss_function": loss_function}
        ).json()
        side = answer[loss_function]
        assert side["loss"] == single["loss"]
        assert side["grad_logits"] == single["grad_logits"]
        assert side["grad_probs"] == single["grad_probs"]


def test_an_extreme_sweep_stays_finite_and_never_writes_nan(client):
    body = {"logits": [1000.0, -1000.0, 0.0], "labels": 1, "sweep_from": -1e4, "sweep_to": 1e4}
    response = client.post("/api/v1/compare", json=body)
    assert response.status_code == 200
    assert b"NaN" not in response.content and b"Infinity" not in response.content
    sweep = response.json()["sweep"]
    # o_t = 1000 − 10⁴: L = log Σ exp o − o_t = 1000 − (1000 − 10⁴), exactly.
    assert sweep["cross_entropy"]["loss"][0] == 1e4
    assert sweep["cross_entropy"]["grad_target"][0] == -1.0


def test_one_class_sweeps_around_zero(client):
    answer = client.post(
        "/api/v1/compare", json={"logits": [0.5], "labels": 0, "sweep_points": 3}
    ).json()
    assert answer["sweep"]["logits"] == [-10.0, 0.0, 10.0]


@pytest.mark.parametrize(
    "body, loc, words",
    [
        ({"logits": [[1.0, 2.0]], "labels": [0]}, ["body", "logits"], "one row"),
        ({**CONFIDENT_WRONG, "loss_function": "squared_error"}, ["body", "loss_function"], "side"),
        ({**CONFIDENT_WRONG, "sweep_from": 2.0, "sweep_to": 2.0}, ["body", "sweep_to"], "above"),
        ({**CONFIDENT_WRONG, "sweep_points": 1}, ["body", "sweep_points"], "2"),
        ({**CONFIDENT_WRONG, "sweep_points": 5000}, ["body", "sweep_points"], "1001"),
        ({**CONFIDENT_WRONG, "sweep_to": 1e6}, ["body", "sweep_to"], "10000"),
        ({**CONFIDENT_WRONG, "sweep_from": "a"}, ["body", "sweep_from"], "number"),
        (
            {**CONFIDENT_WRONG, "activation": "sigmoid", "label_smoothing": 0.1},
            ["body", "label_smoothing"],
            "activation",
        ),
        ({"logits": [1.0, 2.0]}, ["body", "labels"], ""),
    ],
)
def test_bad_requests_are_a_422_naming_the_field(client, body, loc, words):
    response = client.post("/api/v1/compare", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == loc
    assert words in detail["msg"]


def test_the_sweep_is_capped_by_the_answer_it_makes(client, monkeypatch):
    import dataclasses

    import app.schemas.losses
    from app.config import get_settings

    small = dataclasses.replace(get_settings(), max_elements=100)
    monkeypatch.setattr(app.schemas.losses, "get_settings", lambda: small)
    response = client.post(
        "/api/v1/compare", json={"logits": [0.0] * 10, "labels": 0, "sweep_points": 11}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "sweep_points"]


def test_the_documented_example_is_a_real_answer(client):
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    (example,) = schema["CompareResponse"]["examples"]
    (request,) = schema["CompareRequest"]["examples"]
    answer = client.post("/api/v1/compare", json=request).json()
    # OpenAPI leaves the example's null fields out.
    assert {k: v for k, v in answer.items() if v is not None} == example
