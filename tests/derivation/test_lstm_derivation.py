"""The LSTM's BPTT chain written out: the run's own numbers in LaTeX, valid MathML, the endpoint."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.derivation.lstm import lstm_derivation_steps
from app.derivation.rnn import MAX_STEPS_SHOWN, matrix, number, row_vector
from app.main import create_app
from app.numerics.lstm import LstmResult, run_lstm
from app.presets.lstm import LECTURE_LSTM, LONG_LSTM

URL = "/api/v1/lstm/derivation"
MATHML = "{http://www.w3.org/1998/Math/MathML}"
STEP_IDS = [
    "forward",
    "loss",
    "grad_logits",
    "grad_W_y",
    "grad_h",
    "grad_o",
    "grad_c",
    "gates",
    "grad_W_f",
    "grad_W_i",
    "grad_W_c",
    "grad_W_o",
    "grad_h0_c0",
]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


def run(preset: Any = LECTURE_LSTM) -> LstmResult:
    *weights, inputs, targets, biases = preset.arrays()
    return run_lstm(*weights, inputs, targets, biases)


@pytest.fixture(scope="module")
def lecture() -> LstmResult:
    return run()


def by_id(result: LstmResult, biases: tuple[str, ...] = ()) -> dict[str, Any]:
    return {step.id: step for step in lstm_derivation_steps(result, biases)}


def test_the_chain_has_every_step_in_order(lecture: LstmResult) -> None:
    steps = lstm_derivation_steps(lecture)
    assert [step.id for step in steps] == STEP_IDS
    for step in steps:
        assert step.title_en and step.title_ko and step.title_en != step.title_ko


def test_a_bias_step_joins_when_the_request_has_biases() -> None:
    ids = [step.id for step in lstm_derivation_steps(run(LONG_LSTM), ("b_f",))]
    assert ids == [*STEP_IDS[:-1], "grad_b", "grad_h0_c0"]
    result = run(LONG_LSTM)
    latex = by_id(result, ("b_f",))["grad_b"].latex
    assert latex.endswith(rf"= {row_vector(result.grad_b_f)}\end{{array}}")
    assert r"\partial b_o" not in latex


def test_every_step_renders_to_well_formed_mathml(lecture: LstmResult) -> None:
    for step in lstm_derivation_steps(lecture):
        root = ET.fromstring(step.mathml)
        assert root.tag == f"{MATHML}math", step.id
        assert root.get("display") == "block"
        assert root.find(f".//{MATHML}mn") is not None, step.id


def test_forward_step_shows_the_gates_and_states(lecture: LstmResult) -> None:
    latex = by_id(lecture)["forward"].latex
    for values in (lecture.f, lecture.i, lecture.g, lecture.o, lecture.c, lecture.h):
        for t in range(2):
            assert row_vector(values[t]) in latex
    assert r"\tilde{C}_{1} = \tanh\left(W_c X_{1} + b_c\right)" in latex
    assert r"X_{2} = \left[h_{1};\ x_{2}\right]" in latex


def test_grad_logits_is_the_slide_s_y_hat_minus_y(lecture: LstmResult) -> None:
    latex = by_id(lecture)["grad_logits"].latex
    for t in range(2):
        assert row_vector(lecture.grad_logits[t]) in latex
    assert r"\frac{\partial L}{\partial Z_{1}} = \hat{y}_{1} - y_{1}" in latex


def test_grad_W_y_writes_each_outer_product_and_their_sum(lecture: LstmResult) -> None:
    latex = by_id(lecture)["grad_W_y"].latex
    for t in range(2):
        assert matrix(lecture.grad_W_y_steps[t]) in latex
    assert latex.endswith(rf"= {matrix(lecture.grad_W_y)}\end{{array}}")


def test_cell_path_is_written_with_the_next_forget_gate(lecture: LstmResult) -> None:
    rows = by_id(lecture)["grad_c"].latex.split(r" \\ ")
    # Backwards: the last step has no cell path, the one before carries F_2 ⊙ ∂L/∂c_2.
    assert r"\partial c_{2}" in rows[0] and "F_{" not in rows[0].split("=")[1]
    assert r"F_{2} \odot \frac{\partial L}{\partial c_{2}}" in rows[1]
    assert row_vector(lecture.f[1]) in rows[1] and row_vector(lecture.grad_c[0]) in rows[1]
    local = lecture.grad_c[0] - lecture.grad_c_carried[0]
    np.testing.assert_allclose(local + lecture.f[1] * lecture.grad_c[1], lecture.grad_c[0])


def test_gate_and_weight_steps_carry_the_run_s_gradients(lecture: LstmResult) -> None:
    steps = by_id(lecture)
    for name in ("W_f", "W_i", "W_c", "W_o"):
        total = getattr(lecture, f"grad_{name}")
        assert steps[f"grad_{name}"].latex.endswith(rf"= {matrix(total)}\end{{array}}")
    gates = steps["gates"].latex
    for values in (lecture.grad_i, lecture.grad_g, lecture.grad_a_f, lecture.grad_a_o):
        assert row_vector(values[0]) in gates
    # c_0 = 0: the first forget gate has nothing to forget, and the step says so.
    assert "c_0 = 0" in steps["gates"].note_en and "c_0 = 0" in steps["gates"].note_ko
    assert row_vector(lecture.grad_o[1]) in steps["grad_o"].latex
    final = steps["grad_h0_c0"].latex
    assert row_vector(lecture.grad_h0) in final and row_vector(lecture.grad_c0) in final


def test_long_sequences_are_cut_with_an_ellipsis() -> None:
    result = run(LONG_LSTM)
    steps = by_id(result)
    assert r"\vdots" in steps["forward"].latex
    assert r"\cdots" in steps["grad_W_f"].latex
    assert rf"\partial Z_{{{MAX_STEPS_SHOWN + 1}}}" not in steps["grad_logits"].latex
    assert steps["grad_W_f"].latex.endswith(rf"= {matrix(result.grad_W_f)}\end{{array}}")
    # Zero targets: the general form ŷ_t·Σy_t − y_t, said in both languages.
    assert "Σy_t" in steps["grad_logits"].note_en and "Σy_t" in steps["grad_logits"].note_ko
    assert number(0.0) == "0"


def test_endpoint_answers_the_lecture_with_latex_and_mathml(client: TestClient) -> None:
    response = client.post(URL, json=LECTURE_LSTM.request())
    assert response.status_code == 200
    steps = response.json()["steps"]
    assert [step["id"] for step in steps] == STEP_IDS
    expected = {step.id: step for step in lstm_derivation_steps(run())}
    for step in steps:
        assert step["latex"] == expected[step["id"]].latex
        assert step["mathml"] == expected[step["id"]].mathml
        assert set(step) == {"id", "title_en", "title_ko", "latex", "mathml", "note_en", "note_ko"}
    with_bias = client.post(URL, json=LONG_LSTM.request()).json()["steps"]
    assert "grad_b" in [step["id"] for step in with_bias]


def test_overflow_is_written_as_null_never_nan(client: TestClient) -> None:
    body = {**LECTURE_LSTM.request(), "W_y": [[1e308, 1e308], [-1e308, -1e308], [0.0, 0.0]]}
    response = client.post(URL, json=body)
    assert response.status_code == 200
    text = json.dumps(response.json())
    assert r"\\text{null}" in text
    for token in ("nan", "NaN", "Infinity", r"\\infty"):
        assert token not in text
