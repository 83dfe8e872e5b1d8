"""The derivation: its LaTeX and MathML carry the analysis's own numbers, in every case."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.derivation.latex import num
from app.main import app

LECTURE = {"logits": [-0.0219, 0.01037, -0.02245], "labels": 1}
STEP_IDS = [
    "softmax",
    "jacobian_diagonal",
    "jacobian_off_diagonal",
    "loss",
    "grad_probs",
    "chain_rule",
    "split",
    "label_sum",
    "result",
]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app)


def both(client: TestClient, request: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The derivation and the analysis of the same request."""
    derivation = client.post("/api/v1/derivation", json=request)
    analysis = client.post("/api/v1/analyze", json=request)
    assert derivation.status_code == 200, derivation.text
    assert analysis.status_code == 200, analysis.text
    return derivation.json(), analysis.json()


def steps_by_id(derivation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step["id"]: step for step in derivation["steps"]}


def mn_values(mathml: str) -> list[str]:
    """The numbers (<mn>) of a MathML string, parsed as XML so that it must be well formed."""
    root = ET.fromstring(mathml)
    return [el.text or "" for el in root.iter("{http://www.w3.org/1998/Math/MathML}mn")]


def test_number_format_is_five_significant_digits_with_powers_of_ten() -> None:
    assert num(0.329791234) == "0.32979"
    assert num(-0.65940123) == "-0.6594"
    assert num(1.23456e-5) == r"1.2346 \times 10^{-5}"
    assert num(1000.0) == "1000"
    assert num(None) == r"\text{null}"


def test_lecture_steps_come_in_order_with_titles_in_both_languages(client: TestClient) -> None:
    derivation, analysis = both(client, LECTURE)
    assert [step["id"] for step in derivation["steps"]] == STEP_IDS
    assert derivation["lecture_form"] is analysis["lecture_form"] is True
    for step in derivation["steps"]:
        assert step["title_en"] and step["title_ko"]
        assert step["mathml"].startswith("<math")
        mn_values(step["mathml"])  # well-formed XML


def test_lecture_numbers_in_the_jacobian_steps_match_the_analysis(client: TestClient) -> None:
    derivation, analysis = both(client, LECTURE)
    steps = steps_by_id(derivation)
    probs, jacobian = analysis["probs"], analysis["jacobian"]
    j = derivation["focus_j"]
    i = derivation["focus_i"]
    assert j == 1  # the target class
    assert i == analysis["predicted"] or analysis["predicted"] == j
    assert i != j
    diagonal = steps["jacobian_diagonal"]
    assert (
        rf"{num(probs[j])} \times (1 - {num(probs[j])}) = {num(jacobian[j][j])}"
        in (diagonal["latex"])
    )
    assert num(jacobian[j][j]) in mn_values(diagonal["mathml"])
    off = steps["jacobian_off_diagonal"]
    assert rf"-{num(probs[i])} \times {num(probs[j])} = {num(jacobian[i][j])}" in off["latex"]
    # The MathML shows the same numbers (a minus is a separate <mo>).
    assert num(-jacobian[i][j]) in mn_values(off["mathml"])


def test_loss_and_gradient_steps_match_the_analysis(client: TestClient) -> None:
    derivation, analysis = both(client, LECTURE)
    steps = steps_by_id(derivation)
    j = derivation["focus_j"]
    assert steps["loss"]["latex"].endswith(f"= {num(analysis['loss'])}")
    assert num(analysis["grad_probs"][j]) in steps["grad_probs"]["latex"]
    chain = steps["chain_rule"]["latex"]
    contributions = analysis["contributions"]
    assert num(contributions[j][j]) in chain
    assert chain.endswith(f"= {num(analysis['grad_logits'][j])}")
    result = steps["result"]
    assert r"(\hat{y} - y)" in result["latex"]
    for value in analysis["grad_logits"]:
        assert num(abs(value)) in mn_values(result["mathml"])
    assert r"\sum_k y_k = 0 + 1 + 0 = 1" in steps["label_sum"]["latex"]
    assert steps["label_sum"]["note_en"] == ""


def test_a_target_not_summing_to_one_shows_the_general_gradient(client: TestClient) -> None:
    request = {"logits": [1.0, 2.0, 3.0], "labels": [0.5, 0.5, 0.5]}
    derivation, analysis = both(client, request)
    assert derivation["lecture_form"] is analysis["lecture_form"] is False
    steps = steps_by_id(derivation)
    assert r"= 1.5 \neq 1" in steps["label_sum"]["latex"]
    assert "Σy ≠ 1" in steps["label_sum"]["note_en"]
    assert "Σy ≠ 1" in steps["label_sum"]["note_ko"]
    result = steps["result"]
    assert r"\hat{y} \sum_k y_k - y" in result["latex"]
    assert r"(\hat{y} - y)" not in result["latex"]
    assert "ŷ·Σy − y" in result["title_en"]
    for value in analysis["grad_logits"]:
        assert num(abs(value)) in mn_values(result["mathml"])


def test_temperature_appears_as_one_over_t(client: TestClient) -> None:
    derivation, analysis = both(client, {**LECTURE, "temperature": 2.0})
    steps = steps_by_id(derivation)
    j = derivation["focus_j"]
    assert r"\frac{1}{T}" in steps["jacobian_diagonal"]["latex"]
    assert r"\frac{1}{2} \times" in steps["jacobian_diagonal"]["latex"]
    assert steps["jacobian_diagonal"]["latex"].endswith(num(analysis["jacobian"][j][j]))
    assert "o_j/T" in steps["softmax"]["latex"]


def test_underflowed_probability_shows_minus_infinity_and_a_finite_gradient(
    client: TestClient,
) -> None:
    derivation, analysis = both(client, {"logits": [1000.0, 0.0], "labels": 1})
    assert analysis["grad_probs"][1] is None
    steps = steps_by_id(derivation)
    assert r"= -\infty" in steps["grad_probs"]["latex"]
    assert steps["grad_probs"]["note_en"]
    assert steps["loss"]["latex"].endswith("= 1000")
    assert r"= \begin{pmatrix}1 \\ -1\end{pmatrix}" in steps["result"]["latex"]


def test_the_jacobian_steps_point_out_the_slides_misprints(client: TestClient) -> None:
    """The slides write ∂ŷ_i/∂y_j for ∂ŷ_i/∂o_j, and one drops the minus of −ŷ_iŷ_j."""
    derivation, _ = both(client, LECTURE)
    steps = steps_by_id(derivation)
    for lang in ("en", "ko"):
        diagonal = steps["jacobian_diagonal"][f"note_{lang}"]
        assert "∂ŷ_i/∂y_j" in diagonal and "∂ŷ_i/∂o_j" in diagonal
        assert "−ŷ_iŷ_j" in steps["jacobian_off_diagonal"][f"note_{lang}"]
    # The other steps keep their own notes: none for the lecture's example.
    assert all(not steps[i]["note_en"] for i in STEP_IDS if not i.startswith("jacobian"))
    # Sigmoid has another Jacobian, which the slides' misprints do not concern.
    sigmoid = steps_by_id(
        client.post("/api/v1/derivation", json={**LECTURE, "activation": "sigmoid"}).json()
    )
    assert not sigmoid["jacobian_diagonal"]["note_en"]


def test_a_single_class_has_no_off_diagonal_case(client: TestClient) -> None:
    derivation, _ = both(client, {"logits": [0.5], "labels": 0})
    steps = steps_by_id(derivation)
    assert derivation["focus_i"] == derivation["focus_j"] == 0
    assert "no i ≠ j" in steps["jacobian_off_diagonal"]["note_en"]


def test_class_names_never_reach_the_math(client: TestClient) -> None:
    names = ["<script>alert(1)</script>", "b&", "\\mathrm{oops}"]
    derivation, _ = both(client, {**LECTURE, "class_names": names})
    for step in derivation["steps"]:
        for name in names:
            assert name not in step["latex"]
            assert name not in step["mathml"]


def test_long_vectors_are_shortened(client: TestClient) -> None:
    logits = [float(k % 7) for k in range(20)]
    derivation, _ = both(client, {"logits": logits, "labels": 3})
    softmax = steps_by_id(derivation)["softmax"]["latex"]
    assert softmax.count(r"\vdots") == 2  # o and ŷ, each cut to MAX_SHOWN entries
    assert softmax.count(r" \\ ") < 20


def test_a_batch_is_refused_where_the_logits_are(client: TestClient) -> None:
    response = client.post(
        "/api/v1/derivation", json={"logits": [[1.0, 2.0], [0.5, 0.1]], "labels": [0, 1]}
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["type"] == "derivation_row"
    assert error["loc"] == ["body", "logits"]
    assert "one row" in error["msg"]


def test_invalid_input_is_refused_like_analyze(client: TestClient) -> None:
    request = {"logits": [1.0, "x", 2.0], "labels": 0}
    derivation = client.post("/api/v1/derivation", json=request)
    analysis = client.post("/api/v1/analyze", json=request)
    assert derivation.status_code == analysis.status_code == 422
    assert derivation.json()["detail"] == analysis.json()["detail"]


def test_derivation_is_in_the_openapi_schema_with_an_example(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/api/v1/derivation"]["post"]
    assert operation["tags"] == ["derivation"]
    assert operation["description"].startswith("The lecture's steps")
    assert schema["components"]["schemas"]["DerivationResponse"]["examples"]
