"""Backpropagation through time written out in LaTeX with one run's numbers, as MathML.

Every number comes from one `RnnResult` (the same result POST /api/v1/rnn returns);
this module only writes it down: the forward pass, ∂L/∂o_t = ŷ_t − y_t, the lecture's
∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ term by term, then ∂L/∂h_t, ∂L/∂a_t, ∂L/∂W, ∂L/∂U and
∂L/∂h_0. The LaTeX holds numbers and fixed symbols only, so its MathML is safe to
insert into the page. Steps t count from 1, as in the lecture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from app.derivation.latex import MAX_SHOWN, Step, num, step
from app.numerics.rnn import RnnResult

# Steps written out one by one; longer sequences end in an ellipsis (the page's
# table and charts show every step).
MAX_STEPS_SHOWN = 4


def _value(value: float) -> float | None:
    """A float as the API sends it: None where not finite, and −0 as 0."""
    value = float(value)
    if not math.isfinite(value):
        return None
    return value + 0.0  # −0.0 + 0.0 is 0.0: a zero shows without a sign


def number(value: float) -> str:
    """A number as LaTeX with 5 significant digits, `null` where not finite."""
    return num(_value(value))


def row_vector(values: Sequence[float]) -> str:
    """(v_0, v_1, …) with at most MAX_SHOWN entries."""
    shown = [number(v) for v in values[:MAX_SHOWN]]
    if len(values) > MAX_SHOWN:
        shown.append(r"\ldots")
    return r"\left(" + ",\\ ".join(shown) + r"\right)"


def matrix(rows: Sequence[Sequence[float]]) -> str:
    """A matrix in parentheses, at most MAX_SHOWN rows and columns, dots for the rest."""
    more_columns = len(rows[0]) > MAX_SHOWN if len(rows) else False
    lines = []
    for row in rows[:MAX_SHOWN]:
        cells = [number(v) for v in row[:MAX_SHOWN]]
        if more_columns:
            cells.append(r"\cdots")
        lines.append(" & ".join(cells))
    if len(rows) > MAX_SHOWN:
        lines.append(" & ".join([r"\vdots"] * (min(len(rows[0]), MAX_SHOWN) + more_columns)))
    return r"\left(\begin{matrix}" + r" \\ ".join(lines) + r"\end{matrix}\right)"


def column(values: Sequence[float]) -> str:
    """A column vector, as the outer products of the lecture write it."""
    return matrix([[v] for v in values])


def transposed(values: Sequence[float]) -> str:
    """vᵀ written out as a row, the right factor of an outer product u vᵀ."""
    return matrix([list(values)])


def lines(rows: Sequence[str]) -> str:
    """Several left-aligned lines in one block."""
    return r"\begin{array}{l}" + r" \\ ".join(rows) + r"\end{array}"


def shown_steps(steps: int) -> list[int]:
    """The 0-based steps written out: the first MAX_STEPS_SHOWN."""
    return list(range(min(steps, MAX_STEPS_SHOWN)))


def ellipsis_line(steps: int) -> list[str]:
    r"""A closing \vdots line when some steps are not written out."""
    return [r"\vdots"] if steps > MAX_STEPS_SHOWN else []


def term_sum(terms: Sequence[str], total: str) -> str:
    """t_1 + t_2 + … = total, with at most MAX_STEPS_SHOWN terms written."""
    shown = " + ".join(terms[:MAX_STEPS_SHOWN])
    if len(terms) > MAX_STEPS_SHOWN:
        shown += r" + \cdots"
    return rf"{shown} = {total}"


def is_one_hot(target: Sequence[float]) -> bool:
    """One entry 1, the others 0."""
    return sum(1 for v in target if v == 1.0) == 1 and all(v in (0.0, 1.0) for v in target)


def sub(name: str, t: int) -> str:
    """A symbol with the 1-based step as subscript, e.g. h_{2}."""
    return f"{name}_{{{t + 1}}}"


def d(of: str) -> str:
    r"""∂L/∂(of) as a LaTeX fraction."""
    return rf"\frac{{\partial L}}{{\partial {of}}}"


def forward_step(result: RnnResult) -> Step:
    """h_t = tanh(W h_{t−1} + U x_t), o_t = V h_t, ŷ_t = softmax(o_t), each with numbers."""
    rows = [rf"h_{{0}} = {row_vector(result.h0)}"]
    for t in shown_steps(result.h.shape[0]):
        rows.append(
            rf"{sub('h', t)} = \tanh\left(W {sub('h', t - 1)} + U {sub('x', t)}\right) "
            rf"= {row_vector(result.h[t])}"
        )
        rows.append(rf"{sub('o', t)} = V {sub('h', t)} = {row_vector(result.logits[t])}")
        rows.append(
            rf"\hat{{y}}_{{{t + 1}}} = \operatorname{{softmax}}({sub('o', t)}) "
            rf"= {row_vector(result.probs[t])}"
        )
    rows += ellipsis_line(result.h.shape[0])
    return step("forward", "rnn.derivation.forward", lines(rows))


def loss_step(result: RnnResult) -> Step:
    """L = Σ_t L_t with L_t = −log ŷ_t at the target word when y_t is one-hot."""
    rows = []
    for t in shown_steps(result.h.shape[0]):
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
    rows += ellipsis_line(result.h.shape[0])
    terms = [number(v) for v in result.losses]
    rows.append(rf"L = \sum_t L_t = {term_sum(terms, number(result.loss))}")
    return step("loss", "rnn.derivation.loss", lines(rows))


def grad_logits_step(result: RnnResult) -> Step:
    """∂L/∂o_t = ŷ_t − y_t (ŷ_t·Σy_t − y_t where y_t does not sum to 1)."""
    rows = []
    general = False
    for t in shown_steps(result.h.shape[0]):
        label_sum = _value(result.label_sums[t])
        probs, target = row_vector(result.probs[t]), row_vector(result.targets[t])
        if label_sum is not None and abs(label_sum - 1.0) <= 1e-9:
            rows.append(
                rf"{d(sub('o', t))} = \hat{{y}}_{{{t + 1}}} - {sub('y', t)} "
                rf"= {probs} - {target} = {row_vector(result.grad_logits[t])}"
            )
        else:
            general = True
            rows.append(
                rf"{d(sub('o', t))} = \hat{{y}}_{{{t + 1}}} \sum_k y_{{{t + 1},k}} - {sub('y', t)} "
                rf"= {number(result.label_sums[t])} \times {probs} - {target} "
                rf"= {row_vector(result.grad_logits[t])}"
            )
    rows += ellipsis_line(result.h.shape[0])
    note = "rnn.derivation.grad_logits.note" if general else None
    return step("grad_logits", "rnn.derivation.grad_logits", lines(rows), note)


def grad_V_step(result: RnnResult) -> Step:
    """∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ: each outer product with numbers, then the sum."""
    steps = result.h.shape[0]
    products = [rf"{column(result.grad_logits[t])}{transposed(result.h[t])}" for t in range(steps)]
    terms = [matrix(result.grad_V_steps[t]) for t in range(steps)]
    latex = lines(
        [
            rf"{d('V')} = \sum_t (\hat{{y}}_t - y_t)\, h_t^{{\top}} "
            rf"= {' + '.join(products[:MAX_STEPS_SHOWN])}"
            + (r" + \cdots" if steps > MAX_STEPS_SHOWN else ""),
            rf"\phantom{{{d('V')}}} = {term_sum(terms, matrix(result.grad_V))}",
        ]
    )
    return step("grad_V", "rnn.derivation.grad_V", latex)


def grad_h_step(result: RnnResult) -> Step:
    """∂L/∂h_t = Vᵀ ∂L/∂o_t + Wᵀ ∂L/∂a_{t+1}, from the last step back to the first."""
    steps = result.h.shape[0]
    rows = []
    # Backwards from T: written for the last MAX_STEPS_SHOWN steps, the ones computed first.
    backwards = list(range(steps - 1, -1, -1))
    for t in backwards[:MAX_STEPS_SHOWN]:
        through_o = rf"V^{{\top}} {row_vector(result.grad_logits[t])}"
        if t == steps - 1:
            rows.append(
                rf"{d(sub('h', t))} = V^{{\top}} {d(sub('o', t))} = {through_o} "
                rf"= {row_vector(result.grad_h[t])}"
            )
        else:
            rows.append(
                rf"{d(sub('h', t))} = V^{{\top}} {d(sub('o', t))} "
                rf"+ W^{{\top}} {d(sub('a', t + 1))} "
                rf"= {through_o} + W^{{\top}} {row_vector(result.grad_a[t + 1])} "
                rf"= {row_vector(result.grad_h[t])}"
            )
    rows += ellipsis_line(steps)
    return step("grad_h", "rnn.derivation.grad_h", lines(rows), "rnn.derivation.grad_h.note")


def grad_a_step(result: RnnResult) -> Step:
    """∂L/∂a_t = (1 − h_t²) ⊙ ∂L/∂h_t, the derivative of tanh."""
    rows = [
        rf"{d(sub('a', t))} = \left(1 - {sub('h', t)}^{{2}}\right) \odot {d(sub('h', t))} "
        rf"= \left(1 - {row_vector(result.h[t])}^{{2}}\right) \odot "
        rf"{row_vector(result.grad_h[t])} = {row_vector(result.grad_a[t])}"
        for t in shown_steps(result.h.shape[0])
    ]
    rows += ellipsis_line(result.h.shape[0])
    return step("grad_a", "rnn.derivation.grad_a", lines(rows))


def weight_step(
    result: RnnResult,
    name: str,
    right: Sequence[Sequence[float]],
    right_symbol: str,
    per_step: Sequence[Sequence[Sequence[float]]],
    total: Sequence[Sequence[float]],
) -> list[str]:
    """∂L/∂name = Σ_t ∂L/∂a_t (right_t)ᵀ as products, then per-step matrices, then the sum."""
    steps = result.h.shape[0]
    products = [rf"{column(result.grad_a[t])}{transposed(right[t])}" for t in range(steps)]
    terms = [matrix(per_step[t]) for t in range(steps)]
    return [
        rf"{d(name)} = \sum_t {d('a_t')}\, {right_symbol}^{{\top}} "
        rf"= {' + '.join(products[:MAX_STEPS_SHOWN])}"
        + (r" + \cdots" if steps > MAX_STEPS_SHOWN else ""),
        rf"\phantom{{{d(name)}}} = {term_sum(terms, matrix(total))}",
    ]


def grad_W_step(result: RnnResult) -> Step:
    """∂L/∂W = Σ_t ∂L/∂a_t h_{t−1}ᵀ, with h_0 for the first step."""
    previous = [result.h0, *result.h[:-1]]
    latex = lines(weight_step(result, "W", previous, "h_{t-1}", result.grad_W_steps, result.grad_W))
    note = None if np.any(result.h0) else "rnn.derivation.grad_W.note"
    return step("grad_W", "rnn.derivation.grad_W", latex, note)


def grad_U_step(result: RnnResult) -> Step:
    """∂L/∂U = Σ_t ∂L/∂a_t x_tᵀ."""
    latex = lines(
        weight_step(result, "U", result.inputs, "x_t", result.grad_U_steps, result.grad_U)
    )
    return step("grad_U", "rnn.derivation.grad_U", latex)


def grad_h0_step(result: RnnResult) -> Step:
    """∂L/∂h_0 = Wᵀ ∂L/∂a_1: where the chain ends."""
    latex = (
        rf"{d('h_{0}')} = W^{{\top}} {d('a_{1}')} = W^{{\top}} {row_vector(result.grad_a[0])} "
        rf"= {row_vector(result.grad_h0)}"
    )
    return step("grad_h0", "rnn.derivation.grad_h0", latex)


def rnn_derivation_steps(result: RnnResult) -> list[Step]:
    """The chain from the loss to every weight, each step with this run's numbers."""
    return [
        forward_step(result),
        loss_step(result),
        grad_logits_step(result),
        grad_V_step(result),
        grad_h_step(result),
        grad_a_step(result),
        grad_W_step(result),
        grad_U_step(result),
        grad_h0_step(result),
    ]
