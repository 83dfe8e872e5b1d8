"""The four activation × loss combinations: identities, a pure-Python reference, mpmath.

The reference below uses `math` (and mpmath for huge logits) and shares no code with
app.numerics; PyTorch parity is in test_losses_torch.py.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from app.numerics import losses
from app.numerics.analysis import analyze

COMBINATIONS = [
    ("softmax", "cross_entropy"),
    ("softmax", "squared_error"),
    ("sigmoid", "cross_entropy"),
    ("sigmoid", "squared_error"),
]


def reference_loss(
    activation: str, loss_function: str, logits: list[float], target: list[float], t: float
) -> float:
    """One row's loss in plain floating point, written from the formulas of SPEC §2."""
    z = [o / t for o in logits]
    if activation == "softmax":
        top = max(z)
        total = math.fsum(math.exp(v - top) for v in z)
        probs = [math.exp(v - top) / total for v in z]
        log_probs = [v - top - math.log(total) for v in z]
        log_complements = None
    else:
        probs = [
            1.0 / (1.0 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v)) for v in z
        ]
        log_probs = [
            -math.log1p(math.exp(-v)) if v >= 0 else v - math.log1p(math.exp(v)) for v in z
        ]
        # log(1 − σ(v)) = log σ(−v), written out: log σ(v) − v would cancel for v ≪ 0.
        log_complements = [
            -v - math.log1p(math.exp(-v)) if v >= 0 else -math.log1p(math.exp(v)) for v in z
        ]
    if loss_function == "squared_error":
        return math.fsum((p - y) ** 2 for p, y in zip(probs, target, strict=True))
    terms = [-y * lp for y, lp in zip(target, log_probs, strict=True) if y]
    if log_complements is not None:
        terms += [-(1 - y) * lc for y, lc in zip(target, log_complements, strict=True) if y != 1]
    return math.fsum(terms)


def reference_gradient(
    activation: str, loss_function: str, logits: list[float], target: list[float], t: float
) -> list[float]:
    """Central differences of reference_loss, with a step relative to max(T, |o_j|)."""
    out = []
    for j, o in enumerate(logits):
        h = 1e-5 * max(t, abs(o))
        up, down = list(logits), list(logits)
        up[j], down[j] = o + h, o - h
        difference = reference_loss(activation, loss_function, up, target, t) - reference_loss(
            activation, loss_function, down, target, t
        )
        out.append(difference / (up[j] - down[j]))
    return out


@st.composite
def rows(draw: st.DrawFn) -> dict:
    activation, loss_function = draw(st.sampled_from(COMBINATIONS))
    batch = draw(st.integers(1, 3))
    classes = draw(st.integers(1, 6))
    logits = draw(hnp.arrays(np.float64, (batch, classes), elements=st.floats(-6.0, 6.0, width=64)))
    if activation == "sigmoid":
        target = draw(
            hnp.arrays(
                np.float64, (batch, classes), elements=st.sampled_from([0.0, 1.0, 0.25, 0.9])
            )
        )
    else:
        target = np.eye(classes)[
            draw(st.lists(st.integers(0, classes - 1), min_size=batch, max_size=batch))
        ]
    return {
        "activation": activation,
        "loss_function": loss_function,
        "logits": logits,
        "target": target,
        "temperature": draw(st.sampled_from([0.5, 1.0, 2.0])),
        "reduction": draw(st.sampled_from(["mean", "sum", "none"])),
    }


def _analyze(case: dict, **wanted: bool):
    return analyze(
        case["logits"],
        case["target"],
        case["temperature"],
        0.0,
        case["reduction"],
        activation=case["activation"],
        loss_function=case["loss_function"],
        **wanted,
    )


@settings(max_examples=120, deadline=None)
@given(rows())
def test_column_sums_of_contributions_are_the_gradient_in_every_combination(case):
    result = _analyze(case, jacobian=True, gradients=True, contributions=True, checks=True)
    np.testing.assert_allclose(
        result.contributions.sum(axis=-2), result.grad_logits, rtol=1e-12, atol=1e-15
    )
    assert result.chain_rule_max_abs_err < 1e-12
    assert result.finite_diff_max_abs_err < 1e-6


@settings(max_examples=120, deadline=None)
@given(rows())
# log(1 − σ(−10)) ≈ −4.5e−5: a reference computing it as log σ(v) − v was 2e−11 off.
@example(
    {
        "activation": "sigmoid",
        "loss_function": "cross_entropy",
        "logits": np.array([[-5.0, -5.0]]),
        "target": np.array([[0.0, 0.0]]),
        "temperature": 0.5,
        "reduction": "sum",
    }
)
def test_loss_and_gradient_match_a_pure_python_reference(case):
    result = _analyze(case, gradients=True)
    t = case["temperature"]
    scale = 1.0 / len(case["logits"]) if case["reduction"] == "mean" else 1.0
    for b, (row, target) in enumerate(zip(case["logits"], case["target"], strict=True)):
        args = (case["activation"], case["loss_function"], row.tolist(), target.tolist(), t)
        assert result.losses[b] == pytest.approx(reference_loss(*args), rel=1e-12, abs=1e-15)
        np.testing.assert_allclose(
            result.grad_logits[b], scale * np.array(reference_gradient(*args)), atol=1e-7
        )


@settings(max_examples=60, deadline=None)
@given(rows())
def test_jacobian_structure_follows_the_activation(case):
    result = _analyze(case, jacobian=True)
    jacobian = result.jacobian
    if case["activation"] == "sigmoid":
        off = jacobian - np.einsum("...ii->...i", jacobian)[..., None] * np.eye(jacobian.shape[-1])
        assert not off.any()
        np.testing.assert_allclose(
            np.einsum("...ii->...i", jacobian),
            # 1 − ŷ = 1/(1 + e^{o/T}): written out, so that it does not cancel.
            result.probs
            / (1.0 + np.exp(case["logits"] / case["temperature"]))
            / case["temperature"],
            rtol=1e-12,
            atol=1e-300,
        )
    else:
        np.testing.assert_allclose(jacobian.sum(axis=-1), 0.0, atol=1e-15)


def test_squared_error_gradient_is_the_jacobian_times_twice_the_error():
    logits, target = np.array([6.0, 0.0, -2.0]), np.array([0.0, 0.0, 1.0])
    result = analyze(logits, target, loss_function="squared_error", jacobian=True, gradients=True)
    np.testing.assert_allclose(
        result.grad_logits, result.jacobian @ (2 * (result.probs - target)), rtol=1e-13
    )
    # Confidently wrong: cross-entropy pulls the target class with ≈ −1, squared error barely.
    assert abs(result.grad_logits[2]) < 2e-3
    assert [w.code for w in result.warnings] == ["squared_error_vanishes"]
    assert not result.lecture_form


def test_sigmoid_cross_entropy_gradient_is_prediction_minus_target_for_multi_label():
    logits, target = np.array([2.0, -1.0, 0.5]), np.array([1.0, 0.0, 1.0])
    result = analyze(logits, target, 2.0, activation="sigmoid", gradients=True)
    np.testing.assert_allclose(result.grad_logits, (result.probs - target) / 2.0, rtol=1e-15)
    assert result.lecture_form
    assert result.warnings == []


def _mp_sigmoid_bce(logits: list[float], target: list[float]) -> tuple[mpmath.mpf, list]:
    """L and ∂L/∂o at 60 digits, log σ(o) = −log(1 + e^−o), log(1 − σ(o)) = −o − log(1 + e^−o)."""
    loss, grad = mpmath.mpf(0), []
    with mpmath.workdps(60):
        for o, y in zip(logits, target, strict=True):
            o = mpmath.mpf(o)
            log_p = -mpmath.log1p(mpmath.exp(-o)) if o >= 0 else o - mpmath.log1p(mpmath.exp(o))
            loss -= y * log_p + (1 - y) * (log_p - o)
            grad.append(1 / (1 + mpmath.exp(-o)) - y)
    return loss, grad


@pytest.mark.parametrize(
    "logits, target",
    [
        ([1000.0, -1000.0], [0.0, 1.0]),
        ([1000.0, -1000.0], [1.0, 0.0]),
        ([40.0, -40.0, 1000.0], [0.5, 0.5, 0.25]),
    ],
)
def test_sigmoid_cross_entropy_is_exact_for_huge_logits(logits, target):
    want_loss, want_grad = _mp_sigmoid_bce(logits, target)
    result = analyze(
        np.array(logits), np.array(target), activation="sigmoid", gradients=True, checks=True
    )
    assert math.isfinite(result.loss)
    assert result.loss == pytest.approx(float(want_loss), rel=1e-15)
    np.testing.assert_allclose(result.grad_logits, [float(g) for g in want_grad], rtol=1e-15)
    assert np.isfinite(result.log_probs).all() and np.isfinite(result.log_complements).all()


def test_sigmoid_complement_has_no_cancellation():
    probs, complements, log_probs, log_complements = losses.sigmoid(np.array([40.0]))
    assert probs[0] == 1.0
    assert complements[0] == pytest.approx(math.exp(-40.0), rel=1e-15)
    assert log_complements[0] == pytest.approx(-40.0 - math.log1p(math.exp(-40.0)), rel=1e-15)
    grad = losses.grad_probs_binary(probs, complements, np.array([0.0]))
    assert grad[0] == pytest.approx(1.0 / math.exp(-40.0), rel=1e-14)


def test_saturated_sigmoid_gives_an_infinite_grad_probs_and_a_warning():
    result = analyze(
        np.array([1000.0, 0.0]), np.array([0.0, 1.0]), activation="sigmoid", gradients=True
    )
    assert result.grad_probs[0] == np.inf
    assert result.warnings[0].code == "binary_grad_probs_infinite"
    assert result.warnings[0].params == {"classes": "0"}
    assert np.isfinite(result.grad_logits).all()


def test_softmax_backward_matches_the_dense_jacobian():
    rng = np.random.default_rng(0)
    probs = losses.sigmoid_of(rng.normal(size=(3, 5)))
    probs /= probs.sum(axis=-1, keepdims=True)
    grad = rng.normal(size=(3, 5))
    dense = (np.einsum("bi,ij->bij", probs, np.eye(5)) - probs[:, :, None] * probs[:, None, :]) / 2
    np.testing.assert_allclose(
        losses.softmax_backward(probs, grad, 2.0), np.einsum("bij,bi->bj", dense, grad), rtol=1e-12
    )


def test_sigmoid_entropy_is_the_sum_of_binary_entropies():
    logits = [0.3, -2.0, 40.0]
    result = analyze(np.array(logits), np.array([1.0, 0.0, 1.0]), activation="sigmoid")
    want = 0.0
    for o in logits:
        p, q = 1.0 / (1.0 + math.exp(-o)), 1.0 / (1.0 + math.exp(o))
        want -= p * math.log(p) + q * math.log(q)
    assert result.entropy == pytest.approx(want, rel=1e-12)
