"""app.rnn against the lecture's printed numbers, a loop-based reference and finite differences.

The reference loss below shares no code with app.rnn or app.numerics: plain Python
loops and math.exp, so that a bug in the vectorised code cannot hide in both.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from app.numerics.rnn import RnnResult, run_rnn
from app.presets.rnn import LECTURE_RNN

# SPEC §2, the lecture's worked example, printed to 5 decimals.
LECTURE_H = [[0.09372, 0.13419], [0.15027, -0.01865]]
LECTURE_O = [[-0.00812, -0.00884, 0.00641], [-0.02190, 0.01037, -0.02245]]
LECTURE_PROBS = [[0.33179, 0.33155, 0.33665], [0.32979, 0.34060, 0.32961]]
# Agreement to the printed digits: half a unit in the fifth decimal, plus rounding slack.
PRINTED = 5.1e-6


def reference_loss(
    W: np.ndarray,
    U: np.ndarray,
    V: np.ndarray,
    inputs: np.ndarray,
    targets: np.ndarray,
    h0: np.ndarray,
) -> float:
    """L = Σ_t −Σ_k y_tk log softmax(V h_t)_k with h_t = tanh(W h_{t−1} + U x_t), by loops."""
    hidden, total = len(h0), 0.0
    h = [float(v) for v in h0]
    for x, y in zip(inputs, targets, strict=True):
        h = [
            math.tanh(
                sum(W[i][j] * h[j] for j in range(hidden))
                + sum(U[i][d] * x[d] for d in range(len(x)))
            )
            for i in range(hidden)
        ]
        o = [sum(V[k][j] * h[j] for j in range(hidden)) for k in range(len(V))]
        top = max(o)
        log_norm = top + math.log(sum(math.exp(v - top) for v in o))
        total -= sum(y[k] * (o[k] - log_norm) for k in range(len(o)))
    return total


def central_differences(
    loss: Callable[[], float], array: np.ndarray, step: float = 1e-6
) -> np.ndarray:
    """(L(θ + h e_i) − L(θ − h e_i)) / 2h for every entry θ_i of `array` (changed in place)."""
    grad = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        saved = array[index]
        array[index] = saved + step
        plus = loss()
        array[index] = saved - step
        minus = loss()
        array[index] = saved
        grad[index] = (plus - minus) / (2 * step)
    return grad


@st.composite
def rnn_problems(draw: st.DrawFn) -> dict[str, np.ndarray]:
    """Random sizes H ≤ 5, D ≤ 5, C ≤ 7, T ≤ 6; one-hot or dense inputs; any targets ≥ 0."""
    hidden = draw(st.integers(1, 5))
    inputs_dim = draw(st.integers(1, 5))
    classes = draw(st.integers(1, 7))
    steps = draw(st.integers(1, 6))

    def floats(shape: tuple[int, ...], low: float, high: float) -> np.ndarray:
        elements = st.floats(low, high, allow_nan=False, width=64)
        return draw(hnp.arrays(np.float64, shape, elements=elements))

    def one_hot_rows(size: int) -> np.ndarray:
        indices = draw(st.lists(st.integers(0, size - 1), min_size=steps, max_size=steps))
        return np.eye(size)[indices]

    kind = draw(st.sampled_from(["index", "distribution", "any"]))
    if kind == "index":
        targets = one_hot_rows(classes)
    else:
        targets = floats((steps, classes), 0.0, 2.0)
        if kind == "distribution" and (targets.sum(axis=1) > 0).all():
            targets = targets / targets.sum(axis=1, keepdims=True)
    return {
        "W": floats((hidden, hidden), -1.5, 1.5),
        "U": floats((hidden, inputs_dim), -1.5, 1.5),
        "V": floats((classes, hidden), -1.5, 1.5),
        "inputs": one_hot_rows(inputs_dim)
        if draw(st.booleans())
        else floats((steps, inputs_dim), -2.0, 2.0),
        "targets": targets,
        "h0": floats((hidden,), -1.0, 1.0) if draw(st.booleans()) else np.zeros(hidden),
    }


def lecture() -> RnnResult:
    return run_rnn(*LECTURE_RNN.arrays())


def test_lecture_forward_pass_reproduces_the_printed_numbers() -> None:
    result = lecture()
    np.testing.assert_allclose(result.h, LECTURE_H, rtol=0, atol=PRINTED)
    np.testing.assert_allclose(result.logits, LECTURE_O, rtol=0, atol=PRINTED)
    np.testing.assert_allclose(result.probs, LECTURE_PROBS, rtol=0, atol=PRINTED)
    np.testing.assert_array_equal(result.h0, [0.0, 0.0])


def test_lecture_losses_and_grad_V_follow_from_the_printed_numbers() -> None:
    result = lecture()
    probs, h = np.array(LECTURE_PROBS), np.array(LECTURE_H)
    targets = np.eye(3)[[2, 1]]  # the preset's y_1 = e_3, y_2 = e_2
    np.testing.assert_allclose(result.losses, -np.log([probs[0, 2], probs[1, 1]]), atol=1e-4)
    np.testing.assert_allclose(result.loss, result.losses.sum(), rtol=1e-15)
    np.testing.assert_allclose(result.grad_logits, probs - targets, atol=1e-4)
    # The lecture's point, with its own numbers: ∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ.
    by_hand = sum(np.outer(probs[t] - targets[t], h[t]) for t in range(2))
    np.testing.assert_allclose(result.grad_V, by_hand, atol=1e-4)


def test_lecture_preset_notes_the_slides_typo_in_o2() -> None:
    (note,) = [n for n in LECTURE_RNN.slide_notes if n.quantity == "o_2"]
    assert note.printed is not None and note.field == "o" and note.step == 2
    computed = lecture().logits[note.step - 1]
    # The slides' second and third entries agree with the computed o_2 to their digits...
    np.testing.assert_allclose(note.printed[1:], computed[1:], atol=5e-3)
    # ...and the first does not: 0.33 is a typo for −0.022.
    assert abs(note.printed[0] - computed[0]) > 0.3
    for n in LECTURE_RNN.slide_notes:
        assert n.note_en and n.note_ko and n.note_en != n.note_ko


def test_lecture_preset_request_encodes_the_same_arrays() -> None:
    body = LECTURE_RNN.request()
    W, U, V, inputs, targets = LECTURE_RNN.arrays()
    np.testing.assert_array_equal(np.array(body["W"]), W)
    np.testing.assert_array_equal(np.array(body["U"]), U)
    np.testing.assert_array_equal(np.array(body["V"]), V)
    np.testing.assert_array_equal(inputs, np.eye(3)[body["inputs"]])
    np.testing.assert_array_equal(targets, np.eye(3)[body["labels"]])
    assert body["inputs"] == [0, 2] and body["labels"] == [2, 1]


@settings(max_examples=60, deadline=None)
@given(rnn_problems())
def test_every_gradient_matches_central_differences(problem: dict[str, np.ndarray]) -> None:
    W, U, V = problem["W"].copy(), problem["U"].copy(), problem["V"].copy()
    inputs, targets, h0 = problem["inputs"], problem["targets"], problem["h0"].copy()
    result = run_rnn(W, U, V, inputs, targets, h0)

    def loss() -> float:
        return reference_loss(W, U, V, inputs, targets, h0)

    assert result.loss == pytest.approx(loss(), rel=1e-12, abs=1e-12)
    for analytic, parameter in [
        (result.grad_V, V),
        (result.grad_W, W),
        (result.grad_U, U),
        (result.grad_h0, h0),
    ]:
        numeric = central_differences(loss, parameter)
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7 * (1 + abs(loss())))


@settings(max_examples=60, deadline=None)
@given(rnn_problems())
def test_per_step_terms_sum_to_the_totals(problem: dict[str, np.ndarray]) -> None:
    result = run_rnn(
        problem["W"],
        problem["U"],
        problem["V"],
        problem["inputs"],
        problem["targets"],
        problem["h0"],
    )
    np.testing.assert_allclose(result.grad_V_steps.sum(axis=0), result.grad_V, atol=1e-12)
    np.testing.assert_allclose(result.grad_W_steps.sum(axis=0), result.grad_W, atol=1e-12)
    np.testing.assert_allclose(result.grad_U_steps.sum(axis=0), result.grad_U, atol=1e-12)
    h_previous = np.vstack([problem["h0"], result.h[:-1]])
    for t in range(result.h.shape[0]):
        np.testing.assert_array_equal(
            result.grad_V_steps[t], np.outer(result.grad_logits[t], result.h[t])
        )
        np.testing.assert_array_equal(
            result.grad_W_steps[t], np.outer(result.grad_a[t], h_previous[t])
        )
        np.testing.assert_array_equal(
            result.grad_U_steps[t], np.outer(result.grad_a[t], problem["inputs"][t])
        )


@settings(max_examples=40, deadline=None)
@given(rnn_problems())
def test_grad_logits_is_probs_times_label_sum_minus_target(problem: dict[str, np.ndarray]) -> None:
    result = run_rnn(
        problem["W"],
        problem["U"],
        problem["V"],
        problem["inputs"],
        problem["targets"],
        problem["h0"],
    )
    targets = problem["targets"]
    sums = targets.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(result.label_sums, sums[:, 0], rtol=1e-15)
    np.testing.assert_allclose(result.grad_logits, result.probs * sums - targets, atol=1e-15)
    np.testing.assert_allclose(result.probs.sum(axis=1), 1.0, rtol=1e-14)


def test_one_step_from_zero_state_leaves_W_without_gradient() -> None:
    # ∂L/∂W = (∂L/∂a_1) h_0ᵀ with h_0 = 0: W never touched a nonzero state.
    W, U, V, inputs, targets = LECTURE_RNN.arrays()
    result = run_rnn(W, U, V, inputs[:1], targets[:1])
    np.testing.assert_array_equal(result.grad_W, np.zeros((2, 2)))
    assert np.abs(result.grad_U).max() > 0


def test_gradient_flows_back_through_time() -> None:
    # Step 2's loss reaches U through h_1: dropping it changes ∂L/∂U's first column.
    W, U, V, inputs, targets = LECTURE_RNN.arrays()
    full = run_rnn(W, U, V, inputs, targets)
    first_only = run_rnn(W, U, V, inputs[:1], targets[:1])
    assert not np.allclose(full.grad_U[:, 0], first_only.grad_U[:, 0])
    np.testing.assert_allclose(full.grad_a[1], full.grad_h[1] * (1 - full.h[1] ** 2))


def test_overflowing_weights_give_non_finite_values_without_numpy_warnings() -> None:
    # pytest turns RuntimeWarning into an error: the core must compute quietly.
    W, U, _, inputs, targets = LECTURE_RNN.arrays()
    V = np.array([[1e308, 1e308], [-1e308, -1e308], [0.0, 0.0]])
    result = run_rnn(W, U, V, inputs, targets)
    assert np.isfinite(result.h).all()
    assert not np.isfinite(result.grad_W).all()


@pytest.mark.parametrize("seed", range(12))
def test_bptt_matches_torch_autograd(seed: int) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(seed)
    hidden, inputs_dim, classes, steps = (int(n) for n in rng.integers(1, [6, 6, 8, 7]))
    W = rng.normal(size=(hidden, hidden))
    U = rng.normal(size=(hidden, inputs_dim))
    V = rng.normal(size=(classes, hidden))
    inputs = rng.normal(size=(steps, inputs_dim))
    targets = rng.dirichlet(np.ones(classes), size=steps) * rng.uniform(0.5, 2.0)
    h0 = rng.normal(size=hidden) * 0.5
    result = run_rnn(W, U, V, inputs, targets, h0)

    params = [torch.tensor(m, dtype=torch.float64, requires_grad=True) for m in (W, U, V, h0)]
    tW, tU, tV, th0 = params
    h, loss = th0, torch.zeros((), dtype=torch.float64)
    for x, y in zip(torch.from_numpy(inputs), torch.from_numpy(targets), strict=True):
        h = torch.tanh(tW @ h + tU @ x)
        loss = loss - (y * torch.log_softmax(tV @ h, dim=0)).sum()
    loss.backward()

    assert result.loss == pytest.approx(loss.item(), rel=1e-12)
    for ours, theirs in [
        (result.grad_W, tW.grad),
        (result.grad_U, tU.grad),
        (result.grad_V, tV.grad),
        (result.grad_h0, th0.grad),
    ]:
        np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-9, atol=1e-12)
