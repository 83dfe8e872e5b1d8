"""The derivation follows the activation and the loss, with the analysis's own numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from app.derivation.latex import num
from app.main import app

CONFIDENT_WRONG = {"logits": [6.0, 0.0, -2.0], "labels": 2}
STEP_IDS = {
    ("softmax", "squared_error"): [
        "softmax",
        "jacobian_diagonal",
        "jacobian_off_diagonal",
        "loss",
        "grad_probs",
        "chain_rule",
        "split",
        "result",
    ],
    ("sigmoid", "cross_entropy"): [
        "softmax",
        "jacobian_diagonal",
        "jacobian_off_diagonal",
        "loss",
        "grad_probs",
        "chain_rule",
        "result",
    ],
    ("sigmoid", "squared_error"): [
        "softmax",
        "jacobian_diagonal",
        "jacobian_off_diagonal",
        "loss",
        "grad_probs",
        "chain_rule",
        "result",
    ],
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app)


@pytest.mark.parametrize("combination", list(STEP_IDS))
@pytest.mark.parametrize("temperature", [1.0, 2.0])
def test_steps_follow_the_combination_with_its_numbers(client, combination, temperature):
    activation, loss_function = combination
    body = {
        **CONFIDENT_WRONG,
        "activation": activation,
        "loss_function": loss_function,
        "temperature": temperature,
    }
    derivation = client.post("/api/v1/derivation", json=body).json()
    analysis = client.post("/api/v1/analyze", json=body).json()
    steps = {s["id"]: s for s in derivation["steps"]}
    assert [s["id"] for s in derivation["steps"]] == STEP_IDS[combination]
    for s in derivation["steps"]:
        assert s["title_en"] and s["title_ko"] and s["title_en"] != s["title_ko"]
        ET.fromstring(s["mathml"])  # well-formed
    assert derivation["lecture_form"] == analysis["lecture_form"]
    assert num(analysis["loss"]) in steps["loss"]["latex"]
    assert num(analysis["grad_logits"][2]) in steps["chain_rule"]["latex"]
    for value in analysis["grad_logits"]:
        assert num(value) in steps["result"]["latex"]
    if activation == "sigmoid":
        assert r"= 0" in steps["jacobian_off_diagonal"]["latex"]


def test_softmax_squared_error_shows_why_no_prediction_minus_target_falls_out(client):
    body = {**CONFIDENT_WRONG, "loss_function": "squared_error"}
    derivation = client.post("/api/v1/derivation", json=body).json()
    steps = {s["id"]: s for s in derivation["steps"]}
    assert "no longer cancels" in steps["split"]["note_en"]
    assert r"J \cdot 2(\hat{y} - y)" in steps["result"]["latex"]
    assert derivation["lecture_form"] is False


def test_saturated_sigmoid_derivation_notes_the_infinite_grad_probs(client):
    body = {"logits": [1000.0, -1000.0], "labels": [0.0, 1.0], "activation": "sigmoid"}
    derivation = client.post("/api/v1/derivation", json=body).json()
    steps = {s["id"]: s for s in derivation["steps"]}
    assert steps["grad_probs"]["note_en"] and steps["grad_probs"]["note_ko"]
    assert r"\pm\infty" in steps["grad_probs"]["latex"]
