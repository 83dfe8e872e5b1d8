"""app.numerics.lstm against PyTorch's nn.LSTM, a loop-based reference and finite differences.

The reference loss below shares no code with app.numerics: plain Python loops and
math.exp/math.tanh, so that a bug in the vectorised code cannot hide in both.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from app.numerics.lstm import LstmResult, run_lstm

GATE_NAMES = ("f", "i", "c", "o")  # the weights W_f, W_i, W_c, W_o
RTOL, ATOL = 1e-9, 1e-12


def _sigmoid(a: float) -> float:
    if a >= 0:
        return 1.0 / (1.0 + math.exp(-a))
    e = math.exp(a)
    return e / (1.0 + e)


def reference_loss(problem: dict[str, Any]) -> float:
    """L = Σ_t −Σ_k y_tk log softmax(W_y h_t)_k of the LSTM, by loops over every entry."""
    W = {name: problem[f"W_{name}"] for name in GATE_NAMES}
    b = {name: problem[f"b_{name}"] for name in GATE_NAMES}
    W_y = problem["W_y"]
    hidden = len(problem["h0"])
    h = [float(v) for v in problem["h0"]]
    c = [float(v) for v in problem["c0"]]
    total = 0.0
    for x, y in zip(problem["inputs"], problem["targets"], strict=True):
        stacked = h + [float(v) for v in x]

        def gate(name: str, unit: int, stacked: list[float] = stacked) -> float:
            row = W[name][unit]
            return sum(row[k] * stacked[k] for k in range(len(stacked))) + b[name][unit]

        new_c, new_h = [], []
        for unit in range(hidden):
            forget = _sigmoid(gate("f", unit))
            inp = _sigmoid(gate("i", unit))
            candidate = math.tanh(gate("c", unit))
            out = _sigmoid(gate("o", unit))
            cell = forget * c[unit] + inp * candidate
            new_c.append(cell)
            new_h.append(out * math.tanh(cell))
        h, c = new_h, new_c
        z = [sum(W_y[k][j] * h[j] for j in range(hidden)) for k in range(len(W_y))]
        top = max(z)
        log_norm = top + math.log(sum(math.exp(v - top) for v in z))
        total -= sum(y[k] * (z[k] - log_norm) for k in range(len(z)))
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
def lstm_problems(draw: st.DrawFn) -> dict[str, Any]:
    """Sizes H ≤ 5, D ≤ 5, C ≤ 7, T ≤ 6; one-hot or dense inputs; any targets ≥ 0;
    each bias and each initial state present or not (zeros)."""
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

    def maybe(shape: tuple[int, ...], low: float, high: float) -> np.ndarray | None:
        return floats(shape, low, high) if draw(st.booleans()) else None

    kind = draw(st.sampled_from(["index", "distribution", "any"]))
    if kind == "index":
        targets = one_hot_rows(classes)
    else:
        targets = floats((steps, classes), 0.0, 2.0)
        if kind == "distribution" and (targets.sum(axis=1) > 0).all():
            targets = targets / targets.sum(axis=1, keepdims=True)
    problem: dict[str, Any] = {
        f"W_{name}": floats((hidden, hidden + inputs_dim), -1.5, 1.5) for name in GATE_NAMES
    }
    problem["W_y"] = floats((classes, hidden), -1.5, 1.5)
    problem["biases"] = tuple(maybe((hidden,), -1.0, 1.0) for _ in GATE_NAMES)
    problem["h0"] = maybe((hidden,), -1.0, 1.0)
    problem["c0"] = maybe((hidden,), -2.0, 2.0)
    problem["inputs"] = (
        one_hot_rows(inputs_dim) if draw(st.booleans()) else floats((steps, inputs_dim), -2.0, 2.0)
    )
    problem["targets"] = targets
    return problem


def run(problem: dict[str, Any]) -> LstmResult:
    return run_lstm(
        *(problem[f"W_{name}"] for name in (*GATE_NAMES, "y")),
        problem["inputs"],
        problem["targets"],
        problem["biases"],
        problem["h0"],
        problem["c0"],
    )


def filled(problem: dict[str, Any]) -> dict[str, Any]:
    """The problem with every absent bias and initial state as explicit zeros (copies)."""
    hidden = problem["W_f"].shape[0]
    out = {key: value.copy() for key, value in problem.items() if isinstance(value, np.ndarray)}
    for name, bias in zip(GATE_NAMES, problem["biases"], strict=True):
        out[f"b_{name}"] = np.zeros(hidden) if bias is None else bias.copy()
    for state in ("h0", "c0"):
        out[state] = np.zeros(hidden) if problem[state] is None else problem[state].copy()
    return out


# PyTorch parity -------------------------------------------------------------------------
#
# nn.LSTM stacks its gates in the order i, f, g, o (g is C̃, weights W_c) and splits each
# W_g = [W_g,h | W_g,x] into weight_hh (the h_{t−1} columns) and weight_ih (the x_t
# columns); it has two biases, of which bias_ih carries b_g and bias_hh stays 0.

TORCH_ORDER = ("i", "f", "c", "o")


def torch_reference(problem: dict[str, Any]) -> dict[str, Any]:
    """Every forward value and gradient by torch (float64, autograd)."""
    torch = pytest.importorskip("torch")
    full = filled(problem)
    hidden, inputs_dim = full["W_f"].shape[0], full["inputs"].shape[1]
    lstm = torch.nn.LSTM(inputs_dim, hidden, dtype=torch.float64)
    readout = torch.nn.Linear(hidden, full["W_y"].shape[0], bias=False, dtype=torch.float64)
    with torch.no_grad():
        lstm.weight_hh_l0.copy_(
            torch.from_numpy(np.vstack([full[f"W_{n}"][:, :hidden] for n in TORCH_ORDER]))
        )
        lstm.weight_ih_l0.copy_(
            torch.from_numpy(np.vstack([full[f"W_{n}"][:, hidden:] for n in TORCH_ORDER]))
        )
        lstm.bias_ih_l0.copy_(
            torch.from_numpy(np.concatenate([full[f"b_{n}"] for n in TORCH_ORDER]))
        )
        lstm.bias_hh_l0.zero_()
        readout.weight.copy_(torch.from_numpy(full["W_y"]))
    h0 = torch.tensor(full["h0"][None, :], requires_grad=True)
    c0 = torch.tensor(full["c0"][None, :], requires_grad=True)
    x = torch.from_numpy(full["inputs"])
    y = torch.from_numpy(full["targets"])

    h, (h_n, c_n) = lstm(x, (h0, c0))
    z = readout(h)
    z.retain_grad()
    losses = torch.nn.functional.cross_entropy(z, y, reduction="none")
    loss = losses.sum()
    loss.backward()

    def split(grad: Any) -> dict[str, np.ndarray]:
        return dict(zip(TORCH_ORDER, grad.numpy().reshape(4, hidden, -1), strict=True))

    hh, ih = split(lstm.weight_hh_l0.grad), split(lstm.weight_ih_l0.grad)
    bias = split(lstm.bias_ih_l0.grad[:, None])
    out = {
        "h": h.detach().numpy(),
        "c_last": c_n.detach().numpy()[0],
        "h_last": h_n.detach().numpy()[0],
        "logits": z.detach().numpy(),
        "probs": torch.softmax(z, dim=-1).detach().numpy(),
        "losses": losses.detach().numpy(),
        "loss": loss.item(),
        "grad_logits": z.grad.numpy(),
        "grad_W_y": readout.weight.grad.numpy(),
        "grad_h0": h0.grad.numpy()[0],
        "grad_c0": c0.grad.numpy()[0],
        # bias_hh gets the gradient of bias_ih (to rounding): both are added to a_g.
        "grad_bias_hh": lstm.bias_hh_l0.grad.numpy(),
        "grad_bias_ih": lstm.bias_ih_l0.grad.numpy(),
    }
    for n in GATE_NAMES:
        out[f"grad_W_{n}"] = np.hstack([hh[n], ih[n]])
        out[f"grad_b_{n}"] = bias[n][:, 0]
    out.update(torch_cell_loop(torch, lstm, readout, full))
    return out


def torch_cell_loop(torch: Any, lstm: Any, readout: Any, full: dict[str, Any]) -> dict[str, Any]:
    """The same LSTM step by step from nn.LSTM's own weight layout (chunks i, f, g, o),
    keeping every intermediate tensor and its gradient."""
    hidden = full["W_f"].shape[0]
    W_ih, W_hh = lstm.weight_ih_l0.detach(), lstm.weight_hh_l0.detach()
    b = lstm.bias_ih_l0.detach() + lstm.bias_hh_l0.detach()
    W_y = readout.weight.detach()
    # Leaves that need a gradient, so that every tensor computed from them has one.
    h = torch.tensor(full["h0"], requires_grad=True)
    c = torch.tensor(full["c0"], requires_grad=True)
    kept: dict[str, list[Any]] = {k: [] for k in ("a", "gates", "c", "h", "z")}
    loss = torch.zeros((), dtype=torch.float64)
    for x, y in zip(
        torch.from_numpy(full["inputs"]), torch.from_numpy(full["targets"]), strict=True
    ):
        a = W_ih @ x + W_hh @ h + b
        a.retain_grad()
        a_i, a_f, a_g, a_o = a.chunk(4)
        gates = torch.stack(
            [torch.sigmoid(a_f), torch.sigmoid(a_i), torch.tanh(a_g), torch.sigmoid(a_o)]
        )
        gates.retain_grad()
        c = gates[0] * c + gates[1] * gates[2]
        c.retain_grad()
        h = gates[3] * torch.tanh(c)
        h.retain_grad()
        z = W_y @ h
        loss = loss - (y * torch.log_softmax(z, dim=0)).sum()
        for key, value in zip(kept, (a, gates, c, h, z), strict=True):
            kept[key].append(value)
    loss.backward()
    order = [TORCH_ORDER.index(n) for n in GATE_NAMES]  # f, i, c, o from i, f, g, o
    grad_a = np.stack([a.grad.numpy().reshape(4, hidden)[order] for a in kept["a"]])
    grad_gates = np.stack([g.grad.numpy() for g in kept["gates"]])
    gates = np.stack([g.detach().numpy() for g in kept["gates"]])
    return {
        "cell_h": np.stack([h.detach().numpy() for h in kept["h"]]),
        "c": np.stack([c.detach().numpy() for c in kept["c"]]),
        "gates": gates,
        "grad_gates": grad_gates,
        "grad_a": grad_a,
        "grad_c": np.stack([c.grad.numpy() for c in kept["c"]]),
        "grad_h": np.stack([h.grad.numpy() for h in kept["h"]]),
    }


def close(ours: Any, theirs: Any, what: str) -> None:
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL, err_msg=what)


@settings(max_examples=60, deadline=None)
@given(lstm_problems())
def test_every_value_and_gradient_matches_torch_nn_lstm(problem: dict[str, Any]) -> None:
    theirs = torch_reference(problem)
    ours = run(problem)
    # The step-by-step torch loop is nn.LSTM itself: the mapping of its chunks is right.
    close(theirs["cell_h"], theirs["h"], "torch loop vs nn.LSTM")
    close(ours.h, theirs["h"], "h")
    close(ours.h[-1], theirs["h_last"], "h_T")
    close(ours.c, theirs["c"], "c")
    close(ours.c[-1], theirs["c_last"], "c_T")
    close(np.stack([ours.f, ours.i, ours.g, ours.o], axis=1), theirs["gates"], "gates")
    close(ours.logits, theirs["logits"], "Z")
    close(ours.probs, theirs["probs"], "ŷ")
    close(ours.losses, theirs["losses"], "L_t")
    assert ours.loss == pytest.approx(theirs["loss"], rel=RTOL, abs=ATOL)
    close(ours.grad_logits, theirs["grad_logits"], "∂L/∂Z")
    close(ours.grad_h, theirs["grad_h"], "∂L/∂h")
    close(ours.grad_c, theirs["grad_c"], "∂L/∂c")
    ours_gates = np.stack([ours.grad_f, ours.grad_i, ours.grad_g, ours.grad_o], axis=1)
    close(ours_gates, theirs["grad_gates"], "∂L/∂gates")
    ours_a = np.stack([ours.grad_a_f, ours.grad_a_i, ours.grad_a_g, ours.grad_a_o], axis=1)
    close(ours_a, theirs["grad_a"], "∂L/∂a")
    for n in GATE_NAMES:
        close(getattr(ours, f"grad_W_{n}"), theirs[f"grad_W_{n}"], f"∂L/∂W_{n}")
        close(getattr(ours, f"grad_b_{n}"), theirs[f"grad_b_{n}"], f"∂L/∂b_{n}")
    close(ours.grad_W_y, theirs["grad_W_y"], "∂L/∂W_y")
    close(ours.grad_h0, theirs["grad_h0"], "∂L/∂h_0")
    close(ours.grad_c0, theirs["grad_c0"], "∂L/∂c_0")
    close(theirs["grad_bias_hh"], theirs["grad_bias_ih"], "torch's two biases")


# Finite differences of the loop reference ------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(lstm_problems())
def test_every_gradient_matches_central_differences(problem: dict[str, Any]) -> None:
    result = run(problem)
    full = filled(problem)

    def loss() -> float:
        return reference_loss(full)

    scale = 1 + abs(loss())
    assert result.loss == pytest.approx(loss(), rel=1e-12, abs=1e-12)
    pairs = [(getattr(result, f"grad_W_{n}"), f"W_{n}") for n in (*GATE_NAMES, "y")]
    pairs += [(getattr(result, f"grad_b_{n}"), f"b_{n}") for n in GATE_NAMES]
    pairs += [(result.grad_h0, "h0"), (result.grad_c0, "c0")]
    for analytic, name in pairs:
        numeric = central_differences(loss, full[name])
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7 * scale, err_msg=name)


# Identities -------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(lstm_problems())
def test_per_step_terms_sum_to_the_totals(problem: dict[str, Any]) -> None:
    result = run(problem)
    for n in (*GATE_NAMES, "y"):
        steps = getattr(result, f"grad_W_{n}_steps")
        np.testing.assert_allclose(steps.sum(axis=0), getattr(result, f"grad_W_{n}"), atol=1e-12)
    for n, a in zip(GATE_NAMES, ("f", "i", "g", "o"), strict=True):
        grad_a = getattr(result, f"grad_a_{a}")
        np.testing.assert_allclose(grad_a.sum(axis=0), getattr(result, f"grad_b_{n}"), atol=1e-12)
        for t in range(result.h.shape[0]):
            np.testing.assert_array_equal(
                getattr(result, f"grad_W_{n}_steps")[t], np.outer(grad_a[t], result.X[t])
            )
    for t in range(result.h.shape[0]):
        np.testing.assert_array_equal(
            result.grad_W_y_steps[t], np.outer(result.grad_logits[t], result.h[t])
        )


@settings(max_examples=60, deadline=None)
@given(lstm_problems())
def test_grad_logits_is_probs_times_label_sum_minus_target(problem: dict[str, Any]) -> None:
    result = run(problem)
    targets = problem["targets"]
    sums = targets.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(result.label_sums, sums[:, 0], rtol=1e-15)
    for t in range(targets.shape[0]):
        np.testing.assert_allclose(
            result.grad_logits[t], result.probs[t] * sums[t] - targets[t], rtol=0, atol=1e-15
        )


@settings(max_examples=40, deadline=None)
@given(lstm_problems())
def test_cell_path_is_carried_back_through_the_next_forget_gate(problem: dict[str, Any]) -> None:
    result = run(problem)
    np.testing.assert_array_equal(result.grad_c_carried[-1], 0.0)
    np.testing.assert_allclose(
        result.grad_c_carried[:-1], result.f[1:] * result.grad_c[1:], rtol=1e-15, atol=0
    )
    np.testing.assert_allclose(result.grad_c0, result.f[0] * result.grad_c[0], rtol=1e-15)
    # X_t = [h_{t−1}; x_t]
    hidden = result.h.shape[1]
    np.testing.assert_array_equal(result.X[1:, :hidden], result.h[:-1])
    np.testing.assert_array_equal(result.X[:, hidden:], problem["inputs"])


def test_absent_biases_and_states_are_zeros() -> None:
    rng = np.random.default_rng(7)
    weights = [rng.normal(size=(2, 5)) for _ in range(4)] + [rng.normal(size=(3, 2))]
    inputs, targets = np.eye(3)[[0, 2]], np.eye(3)[[2, 1]]
    zeros = np.zeros(2)
    implicit = run_lstm(*weights, inputs, targets)
    explicit = run_lstm(*weights, inputs, targets, (zeros,) * 4, zeros, zeros)
    for name in ("h", "c", "logits", "grad_W_f", "grad_W_y", "grad_h0", "grad_c0"):
        np.testing.assert_array_equal(getattr(implicit, name), getattr(explicit, name))
    # c_0 = 0: the forget gate of step 1 has nothing to forget.
    np.testing.assert_array_equal(implicit.grad_f[0], 0.0)


def test_overflowing_weights_give_non_finite_values_without_numpy_warnings() -> None:
    # pytest turns RuntimeWarning into an error: the core must compute quietly.
    rng = np.random.default_rng(3)
    gates = [rng.normal(size=(2, 5)) for _ in range(4)]
    W_y = np.array([[1e308, 1e308], [-1e308, -1e308], [0.0, 0.0]])
    result = run_lstm(*gates, W_y, np.eye(3)[[0, 2]], np.eye(3)[[2, 1]])
    assert np.isfinite(result.f).all() and np.isfinite(result.h).all()
    assert not np.isfinite(result.grad_h).all()
    assert not np.isfinite(result.grad_W_f).all()
    # Gate pre-activations of ±1e308 saturate σ and tanh instead of overflowing.
    huge = [np.sign(g) * 1e308 for g in gates]
    saturated = run_lstm(*huge, W_y * 1e-308, np.eye(3)[[0, 2]], np.eye(3)[[2, 1]])
    assert set(np.unique(saturated.f[0])) <= {0.0, 1.0}
