"""The BPTT chain written out: the run's own numbers in LaTeX, valid MathML, and the endpoint."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.derivation.latex import MAX_SHOWN
from app.derivation.rnn import MAX_STEPS_SHOWN, matrix, number, rnn_derivation_steps
from app.main import create_app
from app.numerics.rnn import RnnResult, run_rnn
from app.presets.rnn import LECTURE_RNN

URL = "/api/v1/rnn/derivation"
MATHML = "{http://www.w3.org/1998/Math/MathML}"
STEP_IDS = [
    "forward",
    "loss",
    "grad_logits",
    "grad_V",
    "grad_h",
    "grad_a",
    "grad_W",
    "grad_U",
    "grad_h0",
]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def lecture() -> RnnResult:
    return run_rnn(*LECTURE_RNN.arrays())


def by_id(result: RnnResult) -> dict[str, Any]:
    return {step.id: step for step in rnn_derivation_steps(result)}


def random_result(
    seed: int, hidden: int, inputs: int, classes: int, steps: int, scale: float = 1.0
) -> RnnResult:
    rng = np.random.default_rng(seed)
    W = rng.normal(scale=scale, size=(hidden, hidden))
    U = rng.normal(scale=scale, size=(hidden, inputs))
    V = rng.normal(scale=scale, size=(classes, hidden))
    x = np.eye(inputs)[rng.integers(0, inputs, size=steps)]
    y = np.eye(classes)[rng.integers(0, classes, size=steps)]
    return run_rnn(W, U, V, x, y, rng.normal(size=hidden))


def test_number_writes_five_digits_null_and_unsigned_zero() -> None:
    assert number(-0.021896188985) == "-0.021896"
    assert number(-0.0) == "0"
    assert number(float("nan")) == r"\text{null}"
    assert number(float("inf")) == r"\text{null}"
    assert number(1.5e-7) == r"1.5 \times 10^{-7}"


def test_the_chain_has_every_step_in_order(lecture: RnnResult) -> None:
    steps = rnn_derivation_steps(lecture)
    assert [step.id for step in steps] == STEP_IDS
    for step in steps:
        assert step.title_en and step.title_ko and step.title_en != step.title_ko


def test_every_step_renders_to_well_formed_mathml(lecture: RnnResult) -> None:
    for step in rnn_derivation_steps(lecture):
        root = ET.fromstring(step.mathml)
        assert root.tag == f"{MATHML}math", step.id
        assert root.get("display") == "block"
        assert root.find(f".//{MATHML}mn") is not None, step.id


def test_forward_step_shows_the_lecture_values(lecture: RnnResult) -> None:
    latex = by_id(lecture)["forward"].latex
    # h_1, h_2, o_1, o_2, ŷ_1, ŷ_2 of the lecture, at 5 significant digits.
    for text in ("0.093724", "0.13419", "0.15027", "-0.018647", "-0.021896", "0.010373"):
        assert text in latex
    for text in ("-0.022446", "0.33179", "0.33665", "0.3406", "0.32961"):
        assert text in latex


def test_grad_V_step_writes_each_outer_product_and_their_sum(lecture: RnnResult) -> None:
    latex = by_id(lecture)["grad_V"].latex
    for t in range(2):
        assert matrix(lecture.grad_V_steps[t]) in latex
        for value in (*lecture.grad_logits[t], *lecture.h[t]):
            assert number(value) in latex
    assert latex.endswith(rf"= {matrix(lecture.grad_V)}\end{{array}}")
    # The sum written is the API's ∂L/∂V, and it is the sum of the terms written.
    np.testing.assert_allclose(lecture.grad_V_steps.sum(axis=0), lecture.grad_V, atol=1e-15)


def test_bptt_steps_carry_the_run_s_gradients(lecture: RnnResult) -> None:
    steps = by_id(lecture)
    assert steps["grad_W"].latex.endswith(rf"= {matrix(lecture.grad_W)}\end{{array}}")
    assert steps["grad_U"].latex.endswith(rf"= {matrix(lecture.grad_U)}\end{{array}}")
    for t in range(2):
        for value in (*lecture.grad_h[t], *lecture.grad_a[t]):
            assert number(value) in steps["grad_h"].latex + steps["grad_a"].latex
    h0_latex = steps["grad_h0"].latex
    assert all(number(v) in h0_latex for v in lecture.grad_h0)
    # With h_0 = 0 the first step's term of ∂L/∂W is zero, and the page says why.
    assert "h_0 = 0" in steps["grad_W"].note_en and "h_0 = 0" in steps["grad_W"].note_ko


def test_last_step_gradient_comes_through_the_output_alone(lecture: RnnResult) -> None:
    lines = by_id(lecture)["grad_h"].latex.split(r" \\ ")
    assert r"\partial h_{2}" in lines[0] and r"W^{\top}" not in lines[0]
    assert r"\partial h_{1}" in lines[1] and r"W^{\top}" in lines[1]


def test_loss_step_names_the_target_word_of_a_one_hot_step(lecture: RnnResult) -> None:
    latex = by_id(lecture)["loss"].latex
    # y_1 = e_3 (index 2) and y_2 = e_2 (index 1): L_t = −log ŷ_{t,k}.
    assert r"-\log \hat{y}_{1,2} = -\log 0.33665 = 1.0887" in latex
    assert r"-\log \hat{y}_{2,1}" in latex
    assert latex.endswith(rf"= {number(lecture.loss)}\end{{array}}")


def test_long_sequences_are_cut_with_an_ellipsis() -> None:
    result = random_result(seed=1, hidden=3, inputs=4, classes=5, steps=MAX_STEPS_SHOWN + 2)
    steps = by_id(result)
    assert r"\vdots" in steps["forward"].latex
    assert r"\cdots" in steps["grad_V"].latex
    assert rf"\partial o_{{{MAX_STEPS_SHOWN + 1}}}" not in steps["grad_logits"].latex
    assert rf"\partial o_{{{MAX_STEPS_SHOWN}}}" in steps["grad_logits"].latex
    # The sum is still the whole ∂L/∂V, every step included.
    assert steps["grad_V"].latex.endswith(rf"= {matrix(result.grad_V)}\end{{array}}")


def test_large_matrices_are_cut_with_dots() -> None:
    result = random_result(seed=2, hidden=MAX_SHOWN + 1, inputs=2, classes=MAX_SHOWN + 2, steps=2)
    latex = by_id(result)["grad_V"].latex
    assert r"\vdots" in latex and r"\cdots" in latex
    ET.fromstring(by_id(result)["grad_V"].mathml)


def test_a_target_not_summing_to_one_gets_the_general_form() -> None:
    W, U, V, x, _ = LECTURE_RNN.arrays()
    targets = np.array([[0.5, 0.5, 0.5], [0.0, 1.0, 0.0]])
    step = by_id(run_rnn(W, U, V, x, targets))["grad_logits"]
    assert r"\sum_k y_{1,k}" in step.latex
    assert r"\hat{y}_{2} - y_{2} =" in step.latex
    assert "Σy_t" in step.note_en and "Σy_t" in step.note_ko


def test_overflow_is_written_as_null_never_nan(client: TestClient) -> None:
    body = {**LECTURE_RNN.request(), "V": [[1e308, 1e308], [-1e308, -1e308], [0.0, 0.0]]}
    response = client.post(URL, json=body)
    assert response.status_code == 200
    text = json.dumps(response.json())
    assert r"\\text{null}" in text
    for token in ("nan", "NaN", "Infinity", r"\\infty"):
        assert token not in text


def test_endpoint_answers_the_lecture_with_latex_and_mathml(client: TestClient) -> None:
    response = client.post(URL, json=LECTURE_RNN.request())
    assert response.status_code == 200
    steps = response.json()["steps"]
    assert [step["id"] for step in steps] == STEP_IDS
    expected = {step.id: step for step in rnn_derivation_steps(run_rnn(*LECTURE_RNN.arrays()))}
    for step in steps:
        assert step["latex"] == expected[step["id"]].latex
        assert step["mathml"] == expected[step["id"]].mathml
        assert set(step) == {"id", "title_en", "title_ko", "latex", "mathml", "note_en", "note_ko"}


def test_endpoint_refuses_what_the_rnn_endpoint_refuses(client: TestClient) -> None:
    body = {**LECTURE_RNN.request(), "inputs": [0, 3]}
    derivation = client.post(URL, json=body)
    rnn = client.post("/api/v1/rnn", json=body)
    assert derivation.status_code == rnn.status_code == 422
    assert derivation.json() == rnn.json()
    assert derivation.json()["detail"][0]["loc"] == ["body", "inputs", 1]


def test_endpoint_is_documented_with_a_summary_and_example(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    assert operation["description"].startswith("Backpropagation through time written out")
    assert operation["tags"] == ["rnn"]
    response_schema = schema["components"]["schemas"]["RnnDerivationResponse"]
    assert response_schema["examples"][0]["steps"][0]["id"] == "grad_h0"
