"""Backpropagation through the LSTM's gates written out in LaTeX with one run's numbers.

Every number comes from one `LstmResult` (the same result POST /api/v1/lstm returns);
this module only writes it down: the forward pass with the slide's symbols
(F_t, I_t, C̃_t, O_t), ∂L/∂Z_t = ŷ_t − y_t, ∂L/∂W_y = Σ_t (ŷ_t − y_t) h_tᵀ, then through
h_t = O_t ⊙ tanh(c_t) to ∂L/∂O_t and ∂L/∂c_t, the cell-state path through F_{t+1}, the
gates, and the weight gradients. The LaTeX holds numbers and fixed symbols only, so its
MathML is safe to insert into the page. Steps t count from 1, as in the lecture.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.derivation.latex import Step, step
from app.derivation.rnn import (
    MAX_STEPS_SHOWN,
    column,
    d,
    ellipsis_line,
    is_one_hot,
    lines,
    matrix,
    number,
    row_vector,
    shown_steps,
    sub,
    term_sum,
    transposed,
)
from app.numerics.lstm import LstmResult

CANDIDATE = r"\tilde{C}"
# The gates as the slide writes them: (symbol of step t, weight, bias, pre-activation).
GATES = (
    ("F", "W_f", "b_f", "f"),
    ("I", "W_i", "b_i", "i"),
    (CANDIDATE, "W_c", "b_c", "g"),
    ("O", "W_o", "b_o", "o"),
)


def gate(symbol: str, t: int) -> str:
    """A gate's symbol at the 1-based step t+1, e.g. \\tilde{C}_{2}."""
    return f"{symbol}_{{{t + 1}}}"


def pre(letter: str, t: int) -> str:
    """The pre-activation a_{letter,t}, e.g. a_{f,1}."""
    return f"a_{{{letter},{t + 1}}}"


def _steps(result: LstmResult) -> int:
    return result.h.shape[0]


def forward_step(result: LstmResult) -> Step:
    """X_t, the four gates, c_t, h_t, Z_t and ŷ_t with numbers, step by step."""
    rows = [rf"h_{{0}} = {row_vector(result.h0)},\quad c_{{0}} = {row_vector(result.c0)}"]
    for t in shown_steps(_steps(result)):
        rows.append(
            rf"{sub('X', t)} = \left[{sub('h', t - 1)};\ {sub('x', t)}\right] "
            rf"= {row_vector(result.X[t])}"
        )
        for (symbol, weight, bias, _), values in zip(
            GATES, (result.f, result.i, result.g, result.o), strict=True
        ):
            squash = r"\tanh" if weight == "W_c" else r"\sigma"
            rows.append(
                rf"{gate(symbol, t)} = {squash}\left({weight} {sub('X', t)} + {bias}\right) "
                rf"= {row_vector(values[t])}"
            )
        rows.append(
            rf"{sub('c', t)} = {gate('F', t)} \odot {sub('c', t - 1)} + {gate('I', t)} \odot "
            rf"{gate(CANDIDATE, t)} = {row_vector(result.c[t])}"
        )
        rows.append(
            rf"{sub('h', t)} = {gate('O', t)} \odot \tanh({sub('c', t)}) "
            rf"= {row_vector(result.h[t])}"
        )
        rows.append(rf"{sub('Z', t)} = W_y {sub('h', t)} = {row_vector(result.logits[t])}")
        rows.append(
            rf"\hat{{y}}_{{{t + 1}}} = \operatorname{{softmax}}({sub('Z', t)}) "
            rf"= {row_vector(result.probs[t])}"
        )
    rows += ellipsis_line(_steps(result))
    return step("forward", "lstm.derivation.forward", lines(rows))


def loss_step(result: LstmResult) -> Step:
    """L = Σ_t L_t with L_t = −log ŷ_t at the target word when y_t is one-hot."""
    rows = []
    for t in shown_steps(_steps(result)):
        target = result.targets[t]
        if is_one_hot(target):
            k = int(np.argmax(target))
            rows.append(
                rf"{sub('L', t)} = -\log \hat{{y}}_{{{t + 1},{k}}} "
                rf"= -\log {number(result.probs[t][k])} = {number(result.losses[t])}"
            )
        else:
            rows.append(
                rf"{sub('L', t)} = -\sum_k y_{{{t + 1},k}} \log \hat{{y}}_{{{t + 1},k}} "
                rf"= {number(result.losses[t])}"
            )
    rows += ellipsis_line(_steps(result))
    terms = [number(v) for v in result.losses]
    rows.append(rf"L = \sum_t L_t = {term_sum(terms, number(result.loss))}")
    return step("loss", "lstm.derivation.loss", lines(rows))


def grad_logits_step(result: LstmResult) -> Step:
    """∂L/∂Z_t = ŷ_t − y_t (ŷ_t·Σy_t − y_t where y_t does not sum to 1)."""
    rows = []
    general = False
    for t in shown_steps(_steps(result)):
        label_sum = float(result.label_sums[t])
        probs, target = row_vector(result.probs[t]), row_vector(result.targets[t])
        if abs(label_sum - 1.0) <= 1e-9:
            rows.append(
                rf"{d(sub('Z', t))} = \hat{{y}}_{{{t + 1}}} - {sub('y', t)} "
                rf"= {probs} - {target} = {row_vector(result.grad_logits[t])}"
            )
        else:
            general = True
            rows.append(
                rf"{d(sub('Z', t))} = \hat{{y}}_{{{t + 1}}} \sum_k y_{{{t + 1},k}} - {sub('y', t)} "
                rf"= {number(label_sum)} \times {probs} - {target} "
                rf"= {row_vector(result.grad_logits[t])}"
            )
    rows += ellipsis_line(_steps(result))
    note = "rnn.derivation.grad_logits.note" if general else None
    return step("grad_logits", "lstm.derivation.grad_logits", lines(rows), note)


def outer_sum(
    name: str,
    left: Sequence[Sequence[float]],
    right: Sequence[Sequence[float]],
    left_symbol: str,
    right_symbol: str,
    per_step: Sequence[Sequence[Sequence[float]]],
    total: Sequence[Sequence[float]],
) -> str:
    """∂L/∂name = Σ_t left_t right_tᵀ as products, then per-step matrices, then the sum."""
    steps = len(per_step)
    products = [rf"{column(left[t])}{transposed(right[t])}" for t in range(steps)]
    terms = [matrix(per_step[t]) for t in range(steps)]
    return lines(
        [
            rf"{d(name)} = \sum_t {left_symbol}\, {right_symbol}^{{\top}} "
            rf"= {' + '.join(products[:MAX_STEPS_SHOWN])}"
            + (r" + \cdots" if steps > MAX_STEPS_SHOWN else ""),
            rf"\phantom{{{d(name)}}} = {term_sum(terms, matrix(total))}",
        ]
    )


def grad_W_y_step(result: LstmResult) -> Step:
    """∂L/∂W_y = Σ_t (ŷ_t − y_t) h_tᵀ, each outer product with numbers, then the sum."""
    latex = outer_sum(
        "W_y",
        result.grad_logits,
        result.h,
        r"(\hat{y}_t - y_t)",
        "h_t",
        result.grad_W_y_steps,
        result.grad_W_y,
    )
    return step("grad_W_y", "lstm.derivation.grad_W_y", latex)


def _backwards(steps: int) -> list[int]:
    """The 0-based steps from T down, the last MAX_STEPS_SHOWN (the ones computed first)."""
    return list(range(steps - 1, -1, -1))[:MAX_STEPS_SHOWN]


def grad_h_step(result: LstmResult) -> Step:
    """∂L/∂h_t = W_yᵀ ∂L/∂Z_t + Σ_g W_{g,h}ᵀ ∂L/∂a_{g,t+1}, from the last step back."""
    steps = _steps(result)
    rows = []
    for t in _backwards(steps):
        through_z = rf"W_y^{{\top}} {row_vector(result.grad_logits[t])}"
        if t == steps - 1:
            rows.append(
                rf"{d(sub('h', t))} = W_y^{{\top}} {d(sub('Z', t))} = {through_z} "
                rf"= {row_vector(result.grad_h[t])}"
            )
        else:
            rows.append(
                rf"{d(sub('h', t))} = W_y^{{\top}} {d(sub('Z', t))} "
                rf"+ \sum_g W_{{g,h}}^{{\top}} {d(pre('g', t + 1))} "
                rf"= {through_z} + {row_vector(result.grad_h_carried[t])} "
                rf"= {row_vector(result.grad_h[t])}"
            )
    rows += ellipsis_line(steps)
    return step("grad_h", "lstm.derivation.grad_h", lines(rows), "lstm.derivation.grad_h.note")


def grad_o_step(result: LstmResult) -> Step:
    """∂L/∂O_t = ∂L/∂h_t ⊙ tanh(c_t), from h_t = O_t ⊙ tanh(c_t)."""
    rows = [
        rf"{d(gate('O', t))} = {d(sub('h', t))} \odot \tanh({sub('c', t)}) "
        rf"= {row_vector(result.grad_h[t])} \odot {row_vector(result.tanh_c[t])} "
        rf"= {row_vector(result.grad_o[t])}"
        for t in shown_steps(_steps(result))
    ]
    rows += ellipsis_line(_steps(result))
    return step("grad_o", "lstm.derivation.grad_o", lines(rows))


def grad_c_step(result: LstmResult) -> Step:
    """∂L/∂c_t = ∂L/∂h_t ⊙ O_t ⊙ (1 − tanh² c_t) + F_{t+1} ⊙ ∂L/∂c_{t+1}, from T back."""
    steps = _steps(result)
    rows = []
    for t in _backwards(steps):
        tanh_slope = rf"\left(1 - \tanh^{{2}} {sub('c', t)}\right)"
        through_h = rf"{d(sub('h', t))} \odot {gate('O', t)} \odot {tanh_slope}"
        # What came through h_t: ∂L/∂c_t less the carried part (null where either is).
        with np.errstate(invalid="ignore", over="ignore"):
            local = result.grad_c[t] - result.grad_c_carried[t]
        if t == steps - 1:
            rows.append(rf"{d(sub('c', t))} = {through_h} = {row_vector(result.grad_c[t])}")
        else:
            rows.append(
                rf"{d(sub('c', t))} = {through_h} + {gate('F', t + 1)} \odot {d(sub('c', t + 1))} "
                rf"= {row_vector(local)} + {row_vector(result.f[t + 1])} \odot "
                rf"{row_vector(result.grad_c[t + 1])} = {row_vector(result.grad_c[t])}"
            )
    rows += ellipsis_line(steps)
    return step("grad_c", "lstm.derivation.grad_c", lines(rows), "lstm.derivation.grad_c.note")


def gates_step(result: LstmResult) -> Step:
    """∂L/∂F_t, ∂L/∂I_t, ∂L/∂C̃_t from c_t = F_t ⊙ c_{t−1} + I_t ⊙ C̃_t, and every
    gate's pre-activation through σ′ = σ(1 − σ) and tanh′ = 1 − tanh²."""
    rows = []
    c_previous = [result.c0, *result.c[:-1]]
    for t in shown_steps(_steps(result)):
        dc = d(sub("c", t))
        rows += [
            rf"{d(gate('F', t))} = {dc} \odot {sub('c', t - 1)} "
            rf"= {row_vector(result.grad_c[t])} \odot {row_vector(c_previous[t])} "
            rf"= {row_vector(result.grad_f[t])}",
            rf"{d(gate('I', t))} = {dc} \odot {gate(CANDIDATE, t)} "
            rf"= {row_vector(result.grad_i[t])}",
            rf"{d(gate(CANDIDATE, t))} = {dc} \odot {gate('I', t)} "
            rf"= {row_vector(result.grad_g[t])}",
            rf"{d(pre('f', t))} = {d(gate('F', t))} \odot {gate('F', t)}(1 - {gate('F', t)}) "
            rf"= {row_vector(result.grad_a_f[t])}",
            rf"{d(pre('i', t))} = {d(gate('I', t))} \odot {gate('I', t)}(1 - {gate('I', t)}) "
            rf"= {row_vector(result.grad_a_i[t])}",
            rf"{d(pre('g', t))} = {d(gate(CANDIDATE, t))} \odot "
            rf"\left(1 - {gate(CANDIDATE, t)}^{{2}}\right) = {row_vector(result.grad_a_g[t])}",
            rf"{d(pre('o', t))} = {d(gate('O', t))} \odot {gate('O', t)}(1 - {gate('O', t)}) "
            rf"= {row_vector(result.grad_a_o[t])}",
        ]
    rows += ellipsis_line(_steps(result))
    note = None if np.any(result.c0) else "lstm.derivation.gates.note"
    return step("gates", "lstm.derivation.gates", lines(rows), note)


def weight_step(result: LstmResult, symbol: str, weight: str, letter: str) -> Step:
    """∂L/∂W_g = Σ_t ∂L/∂a_{g,t} X_tᵀ: each outer product, then the sum."""
    grad_a = getattr(result, f"grad_a_{letter}")
    name = weight[2:]
    latex = outer_sum(
        weight,
        grad_a,
        result.X,
        d(f"a_{{{letter},t}}"),
        "X_t",
        getattr(result, f"grad_{weight}_steps"),
        getattr(result, f"grad_{weight}"),
    )
    note = "lstm.derivation.grad_W.note" if symbol == "F" else None
    return step(
        f"grad_{weight}",
        f"lstm.derivation.grad_W_{name}",
        latex,
        note,
        weight=weight,
        letter=letter,
    )


def grad_b_step(result: LstmResult, biases: Sequence[str]) -> Step:
    """∂L/∂b_g = Σ_t ∂L/∂a_{g,t} for each bias in the request."""
    rows = []
    for _, _, bias, letter in GATES:
        if bias in biases:
            terms = [row_vector(v) for v in getattr(result, f"grad_a_{letter}")]
            total = row_vector(getattr(result, f"grad_{bias}"))
            rows.append(rf"{d(bias)} = \sum_t {d(f'a_{{{letter},t}}')} = {term_sum(terms, total)}")
    return step("grad_b", "lstm.derivation.grad_b", lines(rows))


def initial_state_step(result: LstmResult) -> Step:
    """∂L/∂h_0 = Σ_g W_{g,h}ᵀ ∂L/∂a_{g,1} and ∂L/∂c_0 = F_1 ⊙ ∂L/∂c_1: where the chain ends."""
    rows = [
        rf"{d('h_{0}')} = \sum_g W_{{g,h}}^{{\top}} {d(pre('g', 0))} "
        rf"= {row_vector(result.grad_h0)}",
        rf"{d('c_{0}')} = {gate('F', 0)} \odot {d(sub('c', 0))} = {row_vector(result.f[0])} "
        rf"\odot {row_vector(result.grad_c[0])} = {row_vector(result.grad_c0)}",
    ]
    return step("grad_h0_c0", "lstm.derivation.grad_h0_c0", lines(rows))


def lstm_derivation_steps(result: LstmResult, biases: Sequence[str] = ()) -> list[Step]:
    """The chain from the loss to every weight, each step with this run's numbers;
    a bias step when the request has biases (names such as "b_f")."""
    steps = [
        forward_step(result),
        loss_step(result),
        grad_logits_step(result),
        grad_W_y_step(result),
        grad_h_step(result),
        grad_o_step(result),
        grad_c_step(result),
        gates_step(result),
        *(weight_step(result, symbol, weight, letter) for symbol, weight, _, letter in GATES),
    ]
    if biases:
        steps.append(grad_b_step(result, biases))
    steps.append(initial_state_step(result))
    return steps
