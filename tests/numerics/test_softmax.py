"""app.numerics against references that share none of its code.

mpmath at 50 digits (tests/reference.py), finite differences, closed forms written
out by hand, and the identities of the spec: softmax sums to 1; the Jacobian is
symmetric, PSD, with zero row and column sums; contributions' column sums are the
gradient.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import reference
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from app.numerics import softmax as numerics
from app.numerics.analysis import analyze

LECTURE_O2 = np.array([-0.02190, 0.01037, -0.02245])
LECTURE_O1 = np.array([-0.00812, -0.00884, 0.00641])


def rows_of(shape: tuple[int, ...], scale: float) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(
        np.float64, shape, elements=st.floats(-scale, scale, allow_nan=False, width=64)
    )


@st.composite
def problems(draw: st.DrawFn, max_classes: int = 9) -> dict:
    """Random logits (a row or a batch), targets, temperature and smoothing."""
    batch = draw(st.one_of(st.none(), st.integers(1, 4)))
    classes = draw(st.integers(1, max_classes))
    scale = draw(st.sampled_from([0.1, 3.0, 30.0]))
    shape = (classes,) if batch is None else (batch, classes)
    logits = draw(rows_of(shape, scale))
    if draw(st.booleans()):
        indices = draw(hnp.arrays(np.int64, shape[:-1], elements=st.integers(0, classes - 1)))
        target = (np.arange(classes) == indices[..., None]).astype(float)
    else:
        target = draw(rows_of(shape, 1.0))
        target = np.abs(target)
    return {
        "logits": logits,
        "target": target,
        "temperature": draw(st.sampled_from([0.3, 1.0, 2.5])),
        "label_smoothing": draw(st.sampled_from([0.0, 0.1, 0.5])),
        "reduction": draw(st.sampled_from(["mean", "sum", "none"])),
    }


def each_row(array: np.ndarray) -> np.ndarray:
    return array.reshape(-1, array.shape[-1])


# softmax and log-softmax


# The spec prints o and ŷ to 5 decimals; softmax of the rounded o moves ŷ by up to 1e-5.


def test_lecture_step_two_probabilities():
    probs = numerics.softmax(LECTURE_O2)
    np.testing.assert_allclose(probs, [0.32979, 0.34060, 0.32961], atol=1e-5)


def test_lecture_step_one_probabilities():
    probs = numerics.softmax(LECTURE_O1)
    np.testing.assert_allclose(probs, [0.33179, 0.33155, 0.33665], atol=1e-5)


@settings(max_examples=60, deadline=None)
@given(problems())
def test_softmax_matches_mpmath_and_sums_to_one(p):
    probs = numerics.softmax(p["logits"], p["temperature"])
    log_probs = numerics.log_softmax(p["logits"], p["temperature"])
    for row, prow, lrow in zip(
        each_row(p["logits"]), each_row(probs), each_row(log_probs), strict=True
    ):
        expected = reference.to_float(reference.softmax(row.tolist(), p["temperature"]))
        expected_log = reference.to_float(reference.log_softmax(row.tolist(), p["temperature"]))
        np.testing.assert_allclose(prow, expected, rtol=1e-12, atol=1e-300)
        # Relative, even for log ŷ of a dominant class (log1p of the other terms); the
        # absolute floor is the 50-digit reference's own rounding (1e−52 for C = 1).
        np.testing.assert_allclose(lrow, expected_log, rtol=1e-12, atol=1e-40)
        assert abs(prow.sum() - 1.0) < 1e-12


def test_softmax_is_stable_for_huge_logits():
    probs = numerics.softmax(np.array([1000.0, 0.0]))
    log_probs = numerics.log_softmax(np.array([1000.0, 0.0]))
    assert probs.tolist() == [1.0, 0.0]
    assert log_probs.tolist() == [0.0, -1000.0]


@pytest.mark.parametrize("gap", [20.0, 40.0, 300.0, 700.0])
def test_log_probability_of_a_dominant_class_keeps_its_digits(gap):
    """log ŷ_0 = −log(1 + e^−gap): log of the rounded sum would give 0 past gap ≈ 37."""
    logits = np.array([gap, 0.0, -1.0])
    with mpmath.workdps(400):  # 50 digits cannot hold 1 + e^−300
        expected = reference.to_float(reference.log_softmax(logits.tolist()))
    np.testing.assert_allclose(numerics.log_softmax(logits), expected, rtol=1e-15, atol=0)
    _, log_probs = numerics.softmax_and_log_softmax(logits)
    np.testing.assert_allclose(log_probs, expected, rtol=1e-15, atol=0)
    assert log_probs[0] < 0.0
    # The loss of the confident, correct prediction is that small, not 0.
    result = analyze(
        logits,
        np.array([1.0, 0.0, 0.0]),
        jacobian=True,
        gradients=True,
        contributions=True,
        checks=True,
    )
    assert result.loss == pytest.approx(-expected[0], rel=1e-15)


def test_softmax_of_a_single_class_is_one():
    assert numerics.softmax(np.array([-7.5])).tolist() == [1.0]


# Jacobian


@settings(max_examples=40, deadline=None)
@given(problems(max_classes=6))
def test_jacobian_is_symmetric_psd_with_zero_sums(p):
    probs = numerics.softmax(p["logits"], p["temperature"])
    jacobian = numerics.softmax_jacobian(probs, p["temperature"])
    assert jacobian.shape == probs.shape + probs.shape[-1:]
    for matrix in jacobian.reshape(-1, *jacobian.shape[-2:]):
        np.testing.assert_allclose(matrix, matrix.T, atol=0)
        np.testing.assert_allclose(matrix.sum(axis=0), 0.0, atol=1e-15 / p["temperature"])
        np.testing.assert_allclose(matrix.sum(axis=1), 0.0, atol=1e-15 / p["temperature"])
        assert np.linalg.eigvalsh(matrix).min() >= -1e-15 / p["temperature"]


@pytest.mark.parametrize("temperature", [0.5, 1.0, 3.0])
def test_jacobian_matches_mpmath_differentiation(temperature):
    logits = [0.3, -1.2, 2.0, 0.0]
    jacobian = numerics.softmax_jacobian(
        numerics.softmax(np.array(logits), temperature), temperature
    )
    expected = reference.to_float(reference.jacobian_numeric(logits, temperature))
    np.testing.assert_allclose(jacobian, expected, rtol=1e-10, atol=1e-14)


def test_jacobian_closed_form_cases():
    probs = np.array([0.2, 0.3, 0.5])
    jacobian = numerics.softmax_jacobian(probs, 2.0)
    for i in range(3):
        for j in range(3):
            expected = probs[i] * (1 - probs[i]) / 2 if i == j else -probs[i] * probs[j] / 2
            assert jacobian[i, j] == pytest.approx(expected, rel=1e-15)


# targets, loss


def test_label_smoothing_follows_pytorch_definition():
    target = numerics.smooth_target(numerics.one_hot(np.array(1), 4), 0.2)
    np.testing.assert_allclose(target, [0.05, 0.85, 0.05, 0.05], rtol=1e-15)


def test_one_hot_of_a_batch():
    np.testing.assert_array_equal(
        numerics.one_hot(np.array([2, 0]), 3), [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    )


def test_loss_is_finite_for_huge_logit_gap():
    log_probs = numerics.log_softmax(np.array([1000.0, 0.0]))
    loss = numerics.cross_entropy(log_probs, np.array([0.0, 1.0]))
    assert loss == 1000.0


def test_zero_target_entries_ignore_minus_infinite_log_probs():
    log_probs = numerics.log_softmax(np.array([1e308, -1e308]))
    assert log_probs[1] == -np.inf
    assert numerics.cross_entropy(log_probs, np.array([1.0, 0.0])) == 0.0


@settings(max_examples=60, deadline=None)
@given(problems())
def test_loss_matches_mpmath(p):
    result = analyze(
        p["logits"], p["target"], p["temperature"], p["label_smoothing"], p["reduction"]
    )
    expected_rows = [
        float(
            reference.loss(
                row.tolist(),
                reference.smoothed(target.tolist(), p["label_smoothing"]),
                p["temperature"],
            )
        )
        for row, target in zip(each_row(p["logits"]), each_row(p["target"]), strict=True)
    ]
    np.testing.assert_allclose(np.atleast_1d(result.losses), expected_rows, rtol=1e-10, atol=1e-12)
    if p["logits"].ndim == 1:
        assert result.loss == pytest.approx(expected_rows[0], rel=1e-10, abs=1e-12)
    elif p["reduction"] == "none":
        assert result.loss is None
    else:
        total = sum(expected_rows)
        expected = total / len(expected_rows) if p["reduction"] == "mean" else total
        assert result.loss == pytest.approx(expected, rel=1e-10, abs=1e-12)


# gradients


@settings(max_examples=40, deadline=None)
@given(problems(max_classes=6))
def test_grad_logits_matches_mpmath_differentiation(p):
    result = analyze(
        p["logits"],
        p["target"],
        p["temperature"],
        p["label_smoothing"],
        p["reduction"],
        gradients=True,
    )
    rows = each_row(p["logits"])
    scale = 1.0 / len(rows) if p["logits"].ndim == 2 and p["reduction"] == "mean" else 1.0
    for row, target, grad in zip(
        rows, each_row(p["target"]), each_row(result.grad_logits), strict=True
    ):
        smoothed = reference.smoothed(target.tolist(), p["label_smoothing"])
        expected = reference.to_float(
            reference.grad_logits_numeric(row.tolist(), smoothed, p["temperature"])
        )
        np.testing.assert_allclose(grad, scale * np.array(expected), rtol=1e-9, atol=1e-12)


def test_grad_logits_is_lecture_form_for_one_hot():
    probs = numerics.softmax(LECTURE_O2)
    target = np.array([0.0, 1.0, 0.0])
    np.testing.assert_allclose(numerics.grad_logits(probs, target), probs - target, rtol=0)


def test_grad_logits_general_form_when_target_does_not_sum_to_one():
    probs = np.array([0.2, 0.3, 0.5])
    target = np.array([0.5, 0.5, 0.5])
    np.testing.assert_allclose(
        numerics.grad_logits(probs, target), [0.2 * 1.5 - 0.5, 0.3 * 1.5 - 0.5, 0.5 * 1.5 - 0.5]
    )


def test_grad_probs_is_minus_target_over_probs():
    probs = np.array([0.25, 0.75])
    target = np.array([0.4, 0.6])
    np.testing.assert_allclose(numerics.grad_probs(probs, target), [-1.6, -0.8], rtol=1e-15)


def test_grad_probs_is_minus_infinity_only_where_target_is_positive():
    probs = numerics.softmax(np.array([1000.0, 0.0, 0.0]))
    grad = numerics.grad_probs(probs, np.array([0.0, 1.0, 0.0]))
    assert grad[1] == -np.inf
    assert grad[0] == 0.0 and grad[2] == 0.0


def test_huge_logit_gap_keeps_grad_logits_finite():
    probs = numerics.softmax(np.array([1000.0, 0.0]))
    np.testing.assert_array_equal(numerics.grad_logits(probs, np.array([0.0, 1.0])), [1.0, -1.0])


# the chain rule, made visible


@settings(max_examples=60, deadline=None)
@given(problems(max_classes=7))
def test_contribution_columns_sum_to_the_gradient(p):
    target = numerics.smooth_target(p["target"], p["label_smoothing"])
    probs = numerics.softmax(p["logits"], p["temperature"])
    matrix = numerics.contributions(probs, target, p["temperature"])
    grad = numerics.grad_logits(probs, target, p["temperature"])
    scale = np.abs(target).sum(axis=-1, keepdims=True) / p["temperature"] + 1.0
    np.testing.assert_allclose(matrix.sum(axis=-2), grad, atol=1e-14 * scale.max())


@settings(max_examples=60, deadline=None)
@given(problems(max_classes=7))
def test_contributions_equal_grad_probs_times_jacobian(p):
    target = numerics.smooth_target(p["target"], p["label_smoothing"])
    probs = numerics.softmax(p["logits"], p["temperature"])
    assume(np.all(probs > 1e-150))
    jacobian = numerics.softmax_jacobian(probs, p["temperature"])
    literal = numerics.grad_probs(probs, target)[..., :, None] * jacobian
    matrix = numerics.contributions(probs, target, p["temperature"])
    np.testing.assert_allclose(matrix, literal, rtol=1e-9, atol=1e-12 / p["temperature"])


def test_contributions_split_into_k_equals_j_and_k_not_j_terms():
    probs = np.array([0.2, 0.3, 0.5])
    target = np.array([0.0, 1.0, 0.0])
    matrix = numerics.contributions(probs, target)
    # k = j term: y_j(ŷ_j − 1); k ≠ j terms: y_k ŷ_j.
    np.testing.assert_allclose(np.diag(matrix), [0.0, 0.3 - 1.0, 0.0])
    np.testing.assert_allclose(matrix[1], [0.2, -0.7, 0.5])
    np.testing.assert_allclose(matrix[[0, 2]], 0.0)


def test_chain_rule_residual_is_small_and_nan_when_grad_probs_is_infinite():
    probs = numerics.softmax(LECTURE_O2)
    target = np.array([0.0, 1.0, 0.0])
    jacobian = numerics.softmax_jacobian(probs)
    residual = numerics.chain_rule_residual(
        numerics.grad_probs(probs, target), jacobian, numerics.grad_logits(probs, target)
    )
    assert residual < 1e-15
    probs = numerics.softmax(np.array([1000.0, 0.0]))
    target = np.array([0.0, 1.0])
    residual = numerics.chain_rule_residual(
        numerics.grad_probs(probs, target),
        numerics.softmax_jacobian(probs),
        numerics.grad_logits(probs, target),
    )
    assert np.isnan(residual)


@settings(max_examples=40, deadline=None)
@given(problems(max_classes=6))
def test_finite_difference_check_agrees_with_grad_logits(p):
    target = numerics.smooth_target(p["target"], p["label_smoothing"])
    probs = numerics.softmax(p["logits"], p["temperature"])
    grad = numerics.grad_logits(probs, target, p["temperature"])
    numeric = numerics.finite_difference_grad(p["logits"], target, p["temperature"])
    size = (np.abs(target).sum() + 1.0) * (1.0 + np.abs(p["logits"]).max() / p["temperature"])
    np.testing.assert_allclose(numeric, grad, atol=1e-6 * size)


def test_entropy_of_uniform_is_log_c():
    probs = np.full(5, 0.2)
    assert numerics.entropy(probs, np.log(probs)) == pytest.approx(np.log(5), rel=1e-15)


# reductions


def test_mean_reduction_divides_loss_and_gradients_by_batch():
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    target = numerics.one_hot(np.array([0, 1]), 3)
    total = analyze(logits, target, reduction="sum", gradients=True, contributions=True)
    mean = analyze(logits, target, reduction="mean", gradients=True, contributions=True)
    none = analyze(logits, target, reduction="none", gradients=True, contributions=True)
    assert mean.loss == pytest.approx(total.loss / 2, rel=1e-15)
    np.testing.assert_allclose(mean.grad_logits, total.grad_logits / 2, rtol=1e-15)
    np.testing.assert_allclose(mean.contributions, total.contributions / 2, rtol=1e-15)
    np.testing.assert_allclose(none.grad_logits, total.grad_logits, rtol=1e-15)
    assert none.loss is None
    np.testing.assert_allclose(none.losses, total.losses, rtol=1e-15)
