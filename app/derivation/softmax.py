"""The lecture's derivation of ∂L/∂o = ŷ − y, written in LaTeX with the user's numbers.

The steps follow the request's activation and loss: with softmax + squared error they show
why no ŷ − y falls out (the sum over k no longer cancels); with sigmoid the Jacobian is
diagonal, so only the k = j term is left.

Every number comes from one analysis of one row (the same result the API returns);
this module only writes it down, step by step, and renders it to MathML. The LaTeX is
built from numbers and fixed symbols alone, never from user text (class names stay
out), so the MathML is safe to insert into the page.

Indices are 0-based, as in the API: class `j` is the entry `labels = j` selects.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.derivation.latex import MAX_SHOWN, Step, aligned, column, factor, num, step
from app.numerics.analysis import Analysis


@dataclass(frozen=True)
class RowAnalysis:
    """The numbers of one analysed row: o, ŷ, log ŷ, y, ∂L/∂ŷ, ∂L/∂o, J, M, L, Σy, T.

    `lecture_form` is the analysis's reading of Σy = 1 (not re-decided here).
    """

    logits: Sequence[float]
    probs: Sequence[float]
    log_probs: Sequence[float]
    target: Sequence[float]
    grad_probs: Sequence[float | None]
    grad_logits: Sequence[float]
    contributions: Sequence[Sequence[float]]
    jacobian: Sequence[Sequence[float]]
    loss: float | None
    label_sum: float
    lecture_form: bool
    temperature: float
    predicted: int
    activation: str = "softmax"
    loss_function: str = "cross_entropy"


def _finite(values: list[Any]) -> list[Any]:
    """Nested lists with every non-finite float as None (what the API sends as null)."""
    return [
        _finite(v) if isinstance(v, list) else (v if math.isfinite(v) else None) for v in values
    ]


def row_analysis(result: Analysis) -> RowAnalysis:
    """The numbers of a one-row analysis with the Jacobian, gradients and contributions."""
    assert result.target is not None and result.label_sum is not None
    assert result.grad_probs is not None and result.grad_logits is not None
    assert result.jacobian is not None and result.contributions is not None
    return RowAnalysis(
        logits=result.logits.tolist(),
        probs=result.probs.tolist(),
        log_probs=_finite(result.log_probs.tolist()),
        target=result.target.tolist(),
        grad_probs=_finite(result.grad_probs.tolist()),
        grad_logits=_finite(result.grad_logits.tolist()),
        contributions=_finite(result.contributions.tolist()),
        jacobian=_finite(result.jacobian.tolist()),
        loss=result.loss if result.loss is not None and math.isfinite(result.loss) else None,
        label_sum=float(result.label_sum),
        lecture_form=result.lecture_form,
        temperature=result.temperature,
        predicted=int(result.predicted),
        activation=result.activation,
        loss_function=result.loss_function,
    )


def focus_classes(row: RowAnalysis) -> tuple[int, int]:
    """The pair (i, j) the derivation writes out: j the target class, i another class.

    j is the class with the largest target weight (the label of a one-hot row); i is
    the predicted class when that differs from j, else the next most probable class.
    With a single class there is no i ≠ j, and i = j.
    """
    target = list(row.target)
    j = max(range(len(target)), key=lambda k: target[k])
    if len(target) == 1:
        return j, j
    if row.predicted != j:
        return row.predicted, j
    others = [k for k in range(len(target)) if k != j]
    return max(others, key=lambda k: row.probs[k]), j


def _over_t(temperature: float) -> str:
    """The 1/T factor, written only when T ≠ 1 (the lecture has T = 1)."""
    return "" if temperature == 1.0 else r"\frac{1}{T}"


def _t_value(temperature: float) -> str:
    return "" if temperature == 1.0 else rf"\frac{{1}}{{{num(temperature)}}} \times "


def softmax_step(row: RowAnalysis) -> Step:
    """ŷ = softmax(o/T) with the row's logits and probabilities."""
    scaled = "o_j" if row.temperature == 1.0 else "o_j/T"
    scaled_k = "o_k" if row.temperature == 1.0 else "o_k/T"
    latex = aligned(
        [
            (r"\hat{y}_j", rf"\frac{{e^{{{scaled}}}}}{{\sum_k e^{{{scaled_k}}}}}"),
            ("o", rf"{column(row.logits)} \;\Rightarrow\; \hat{{y}} = {column(row.probs)}"),
        ]
    )
    note = None if row.temperature == 1.0 else "derivation.softmax.note"
    return step("softmax", "derivation.softmax", latex, note, temperature=f"{row.temperature:g}")


def jacobian_diagonal_step(row: RowAnalysis, j: int) -> Step:
    """∂ŷ_j/∂o_j = ŷ_j(1 − ŷ_j)/T, the case i = j, with numbers."""
    p = row.probs[j]
    t, tv = _over_t(row.temperature), _t_value(row.temperature)
    latex = (
        rf"i = j = {j}:\quad \frac{{\partial \hat{{y}}_{{{j}}}}}{{\partial o_{{{j}}}}} "
        rf"= {t}\hat{{y}}_{{{j}}}(1 - \hat{{y}}_{{{j}}}) "
        rf"= {tv}{num(p)} \times (1 - {num(p)}) = {num(row.jacobian[j][j])}"
    )
    # The slides write ∂ŷ_i/∂y_j for this derivative: the note says which is meant.
    return step(
        "jacobian_diagonal",
        "derivation.jacobian_diagonal",
        latex,
        "derivation.jacobian_diagonal.note",
    )


def jacobian_off_diagonal_step(row: RowAnalysis, i: int, j: int) -> Step:
    """∂ŷ_i/∂o_j = −ŷ_iŷ_j/T, the case i ≠ j, with numbers (absent when C = 1)."""
    if i == j:
        return step(
            "jacobian_off_diagonal",
            "derivation.jacobian_off_diagonal",
            r"C = 1:\quad \hat{y}_0 = 1",
            "derivation.jacobian_off_diagonal.note",
        )
    t, tv = _over_t(row.temperature), _t_value(row.temperature)
    latex = (
        rf"i = {i} \neq j = {j}:\quad \frac{{\partial \hat{{y}}_{{{i}}}}}{{\partial o_{{{j}}}}} "
        rf"= -{t}\hat{{y}}_{{{i}}}\hat{{y}}_{{{j}}} "
        rf"= -{tv}{num(row.probs[i])} \times {num(row.probs[j])} "
        rf"= {num(row.jacobian[i][j])}"
    )
    # One slide prints ŷ_iŷ_j without its minus: the note points it out.
    return step(
        "jacobian_off_diagonal",
        "derivation.jacobian_off_diagonal",
        latex,
        "derivation.jacobian_off_diagonal.sign_note",
    )


def _first_terms(terms: list[str]) -> str:
    """A sum's first MAX_SHOWN terms, then "+ …" if there are more."""
    return " + ".join(terms[:MAX_SHOWN]) + (r" + \ldots" if len(terms) > MAX_SHOWN else "")


def loss_step(row: RowAnalysis) -> Step:
    """L = −Σ_k y_k log ŷ_k, with the non-zero terms written out."""
    terms = [
        rf"{factor(y)} \times {factor(lp)}"
        for y, lp in zip(row.target, row.log_probs, strict=True)
        if y != 0.0
    ]
    shown = _first_terms(terms)
    latex = rf"L = -\sum_k y_k \log \hat{{y}}_k = -\left({shown or '0'}\right) = {num(row.loss)}"
    return step("loss", "derivation.loss", latex)


def grad_probs_step(row: RowAnalysis, j: int) -> Step:
    """∂L/∂ŷ_k = −y_k/ŷ_k, the entry at j and the whole vector."""
    y, p, g = row.target[j], row.probs[j], row.grad_probs[j]
    # The API sends null for ∂L/∂ŷ_k = −∞ (ŷ_k underflowed to 0 with y_k > 0).
    minus_infinity = r"-\infty"
    latex = aligned(
        [
            (r"\frac{\partial L}{\partial \hat{y}_k}", r"-\frac{y_k}{\hat{y}_k}"),
            (
                rf"\frac{{\partial L}}{{\partial \hat{{y}}_{{{j}}}}}",
                rf"-\frac{{{num(y)}}}{{{num(p)}}} = {num(g) if g is not None else minus_infinity}",
            ),
            (
                r"\frac{\partial L}{\partial \hat{y}}",
                column(row.grad_probs, minus_infinity),
            ),
        ]
    )
    note = "derivation.grad_probs.note" if any(v is None for v in row.grad_probs) else None
    return step("grad_probs", "derivation.grad_probs", latex, note)


def chain_rule_step(row: RowAnalysis, j: int) -> Step:
    """∂L/∂o_j = Σ_k (∂L/∂ŷ_k)(∂ŷ_k/∂o_j), split into the k = j term and the k ≠ j terms."""
    column = [row.contributions[k][j] for k in range(len(row.target))]
    same = column[j]
    others = math.fsum(v for k, v in enumerate(column) if k != j)
    latex = (
        rf"\frac{{\partial L}}{{\partial o_{{{j}}}}} "
        rf"= \sum_k \frac{{\partial L}}{{\partial \hat{{y}}_k}}"
        rf"\frac{{\partial \hat{{y}}_k}}{{\partial o_{{{j}}}}} "
        rf"= \underbrace{{{factor(same)}}}_{{k = j}} "
        rf"+ \underbrace{{{factor(others)}}}_{{k \neq j}} = {num(row.grad_logits[j])}"
    )
    return step("chain_rule", "derivation.chain_rule", latex)


def split_step(row: RowAnalysis, j: int) -> Step:
    """−(y_j/ŷ_j)·ŷ_j(1 − ŷ_j) + Σ_{k≠j}(−y_k/ŷ_k)(−ŷ_kŷ_j) = −y_j + ŷ_j Σ_k y_k."""
    t, tv = _over_t(row.temperature), _t_value(row.temperature)
    p, y = row.probs[j], row.target[j]
    latex = aligned(
        [
            (
                r"\frac{\partial L}{\partial o_j}",
                rf"{t}\Big[\underbrace{{-\frac{{y_j}}{{\hat{{y}}_j}}\,"
                rf"\hat{{y}}_j(1 - \hat{{y}}_j)}}_{{k = j}}"
                rf" + \underbrace{{\sum_{{k \neq j}} \left(-\frac{{y_k}}{{\hat{{y}}_k}}\right)"
                rf"(-\hat{{y}}_k \hat{{y}}_j)}}_{{k \neq j}}\Big]",
            ),
            ("", rf"{t}\Big[-y_j(1 - \hat{{y}}_j) + \hat{{y}}_j \sum_{{k \neq j}} y_k\Big]"),
            ("", rf"{t}\Big[\hat{{y}}_j \sum_k y_k - y_j\Big]"),
            (
                rf"j = {j}:\quad \frac{{\partial L}}{{\partial o_{{{j}}}}}",
                rf"{tv}({num(p)} \times {num(row.label_sum)} - {num(y)}) "
                rf"= {num(row.grad_logits[j])}",
            ),
        ]
    )
    return step("split", "derivation.split", latex)


def label_sum_step(row: RowAnalysis) -> Step:
    """Σ_k y_k: 1 for a one-hot (or any) distribution, the lecture's last step."""
    shown = " + ".join(num(y) for y in row.target[:MAX_SHOWN])
    if len(row.target) > MAX_SHOWN:
        shown += r" + \ldots"
    if row.lecture_form:
        return step("label_sum", "derivation.label_sum", rf"\sum_k y_k = {shown} = 1")
    return step(
        "label_sum",
        "derivation.label_sum_not_one",
        rf"\sum_k y_k = {shown} = {num(row.label_sum)} \neq 1",
        "derivation.label_sum_not_one.note",
    )


def result_step(row: RowAnalysis) -> Step:
    """∂L/∂o = (ŷ − y)/T when Σy = 1, else (ŷ·Σy − y)/T, with the vectors as columns."""
    t, tv = _over_t(row.temperature), _t_value(row.temperature)
    gradient = r"\frac{\partial L}{\partial o}"
    probs, target = column(row.probs), column(row.target)
    if row.lecture_form:
        latex = aligned(
            [
                (gradient, rf"{t}(\hat{{y}} - y)"),
                ("", rf"{tv}\left[{probs} - {target}\right] = {column(row.grad_logits)}"),
            ]
        )
        return step("result", "derivation.result", latex)
    latex = aligned(
        [
            (gradient, rf"{t}\left(\hat{{y}} \sum_k y_k - y\right)"),
            (
                "",
                rf"{tv}\left[{num(row.label_sum)} \times {probs} - {target}\right] "
                rf"= {column(row.grad_logits)}",
            ),
        ]
    )
    return step("result", "derivation.result_general", latex)


def sigmoid_step(row: RowAnalysis) -> Step:
    """ŷ_k = σ(o_k/T), one probability per class, with the row's numbers."""
    scaled = "o_k" if row.temperature == 1.0 else "o_k/T"
    latex = aligned(
        [
            (r"\hat{y}_k", rf"\sigma({scaled}) = \frac{{1}}{{1 + e^{{-{scaled}}}}}"),
            ("o", rf"{column(row.logits)} \;\Rightarrow\; \hat{{y}} = {column(row.probs)}"),
        ]
    )
    return step("softmax", "derivation.sigmoid", latex)


def sigmoid_jacobian_step(row: RowAnalysis, j: int) -> Step:
    """∂ŷ_j/∂o_j = ŷ_j(1 − ŷ_j)/T, the only non-zero entries of J."""
    p = row.probs[j]
    t, tv = _over_t(row.temperature), _t_value(row.temperature)
    latex = (
        rf"i = j = {j}:\quad \frac{{\partial \hat{{y}}_{{{j}}}}}{{\partial o_{{{j}}}}} "
        rf"= {t}\hat{{y}}_{{{j}}}(1 - \hat{{y}}_{{{j}}}) "
        rf"= {tv}{num(p)} \times (1 - {num(p)}) = {num(row.jacobian[j][j])}"
    )
    return step("jacobian_diagonal", "derivation.sigmoid_jacobian_diagonal", latex)


def sigmoid_off_diagonal_step(i: int, j: int) -> Step:
    """∂ŷ_i/∂o_j = 0 for i ≠ j: each ŷ_i sees its own logit only."""
    if i == j:
        latex = r"C = 1:\quad \text{no } i \neq j"
    else:
        latex = (
            rf"i = {i} \neq j = {j}:\quad "
            rf"\frac{{\partial \hat{{y}}_{{{i}}}}}{{\partial o_{{{j}}}}} = 0"
        )
    return step("jacobian_off_diagonal", "derivation.sigmoid_jacobian_off_diagonal", latex)


def binary_loss_step(row: RowAnalysis) -> Step:
    """L = −Σ_k [y_k log ŷ_k + (1 − y_k) log(1 − ŷ_k)], with its value."""
    latex = (
        r"L = -\sum_k \left[y_k \log \hat{y}_k + (1 - y_k)\log(1 - \hat{y}_k)\right]"
        rf" = {num(row.loss)}"
    )
    return step("loss", "derivation.binary_loss", latex)


def squared_loss_step(row: RowAnalysis) -> Step:
    """L = Σ_k (ŷ_k − y_k)², the terms written out."""
    terms = [rf"({num(p)} - {num(y)})^2" for p, y in zip(row.probs, row.target, strict=True)]
    shown = _first_terms(terms)
    latex = rf"L = \sum_k (\hat{{y}}_k - y_k)^2 = {shown} = {num(row.loss)}"
    return step("loss", "derivation.squared_loss", latex)


def binary_grad_probs_step(row: RowAnalysis, j: int) -> Step:
    """∂L/∂ŷ_k = −y_k/ŷ_k + (1 − y_k)/(1 − ŷ_k), the entry at j and the whole vector."""
    y, p, g = row.target[j], row.probs[j], row.grad_probs[j]
    infinity = r"\pm\infty"
    latex = aligned(
        [
            (
                r"\frac{\partial L}{\partial \hat{y}_k}",
                r"-\frac{y_k}{\hat{y}_k} + \frac{1 - y_k}{1 - \hat{y}_k}",
            ),
            (
                rf"\frac{{\partial L}}{{\partial \hat{{y}}_{{{j}}}}}",
                rf"-\frac{{{num(y)}}}{{{num(p)}}} + \frac{{1 - {num(y)}}}{{1 - {num(p)}}} "
                rf"= {num(g) if g is not None else infinity}",
            ),
            (r"\frac{\partial L}{\partial \hat{y}}", column(row.grad_probs, infinity)),
        ]
    )
    note = "derivation.binary_grad_probs.note" if any(v is None for v in row.grad_probs) else None
    return step("grad_probs", "derivation.grad_probs", latex, note)


def squared_grad_probs_step(row: RowAnalysis, j: int) -> Step:
    """∂L/∂ŷ_k = 2(ŷ_k − y_k), the entry at j and the whole vector."""
    y, p, g = row.target[j], row.probs[j], row.grad_probs[j]
    latex = aligned(
        [
            (r"\frac{\partial L}{\partial \hat{y}_k}", r"2(\hat{y}_k - y_k)"),
            (
                rf"\frac{{\partial L}}{{\partial \hat{{y}}_{{{j}}}}}",
                rf"2 \times ({num(p)} - {num(y)}) = {num(g)}",
            ),
            (r"\frac{\partial L}{\partial \hat{y}}", column(row.grad_probs)),
        ]
    )
    return step("grad_probs", "derivation.grad_probs", latex)


def no_cancellation_step(row: RowAnalysis, j: int) -> Step:
    """Softmax + squared error: 2(ŷ_j − y_j)ŷ_j(1 − ŷ_j) − Σ_{k≠j} 2(ŷ_k − y_k)ŷ_kŷ_j: ŷ_k stays."""
    t, tv = _over_t(row.temperature), _t_value(row.temperature)
    p = row.probs[j]
    weighted = math.fsum(q * (q - y) for q, y in zip(row.probs, row.target, strict=True))
    latex = aligned(
        [
            (
                r"\frac{\partial L}{\partial o_j}",
                rf"{t}\Big[\underbrace{{2(\hat{{y}}_j - y_j)\,"
                rf"\hat{{y}}_j(1 - \hat{{y}}_j)}}_{{k = j}}"
                rf" + \underbrace{{\sum_{{k \neq j}} 2(\hat{{y}}_k - y_k)"
                rf"(-\hat{{y}}_k \hat{{y}}_j)}}_{{k \neq j}}\Big]",
            ),
            (
                "",
                rf"{t}\,2\hat{{y}}_j\Big[(\hat{{y}}_j - y_j) "
                rf"- \sum_k \hat{{y}}_k(\hat{{y}}_k - y_k)\Big]",
            ),
            (
                rf"j = {j}:\quad \frac{{\partial L}}{{\partial o_{{{j}}}}}",
                rf"{tv}2 \times {num(p)} \times "
                rf"({num(p)} - {num(row.target[j])} - {factor(weighted)}) "
                rf"= {num(row.grad_logits[j])}",
            ),
        ]
    )
    return step("split", "derivation.no_cancellation", latex, "derivation.no_cancellation.note")


def squared_result_step(row: RowAnalysis) -> Step:
    """∂L/∂o = J·2(ŷ − y) (softmax) or 2(ŷ − y)ŷ(1 − ŷ)/T (sigmoid), beside ŷ − y."""
    t = _over_t(row.temperature)
    gradient = r"\frac{\partial L}{\partial o}"
    if row.activation == "sigmoid":
        formula, key = (
            rf"{t}\,2(\hat{{y}} - y) \odot \hat{{y}} \odot (1 - \hat{{y}})",
            "derivation.result_sigmoid_squared",
        )
    else:
        formula, key = r"J \cdot 2(\hat{y} - y)", "derivation.result_squared"
    difference = [p - y for p, y in zip(row.probs, row.target, strict=True)]
    latex = aligned(
        [
            (gradient, rf"{formula} = {column(row.grad_logits)}"),
            (r"\hat{y} - y", column(difference)),
        ]
    )
    return step("result", key, latex, "derivation.result_squared.note")


def binary_result_step(row: RowAnalysis) -> Step:
    """Sigmoid + binary cross-entropy: ∂L/∂o = (ŷ − y)/T, class by class."""
    t, tv = _over_t(row.temperature), _t_value(row.temperature)
    latex = aligned(
        [
            (
                r"\frac{\partial L}{\partial o_k}",
                rf"{t}\left(-\frac{{y_k}}{{\hat{{y}}_k}} "
                rf"+ \frac{{1 - y_k}}{{1 - \hat{{y}}_k}}\right)"
                rf"\hat{{y}}_k(1 - \hat{{y}}_k) = {t}(\hat{{y}}_k - y_k)",
            ),
            (
                r"\frac{\partial L}{\partial o}",
                rf"{tv}\left[{column(row.probs)} - {column(row.target)}\right] "
                rf"= {column(row.grad_logits)}",
            ),
        ]
    )
    return step("result", "derivation.result_sigmoid", latex)


def derivation_steps(row: RowAnalysis) -> list[Step]:
    """The steps from the activation to ∂L/∂o, each with this row's numbers."""
    i, j = focus_classes(row)
    if row.activation == "softmax" and row.loss_function == "cross_entropy":
        return [
            softmax_step(row),
            jacobian_diagonal_step(row, j),
            jacobian_off_diagonal_step(row, i, j),
            loss_step(row),
            grad_probs_step(row, j),
            chain_rule_step(row, j),
            split_step(row, j),
            label_sum_step(row),
            result_step(row),
        ]
    if row.activation == "softmax":
        forward = [
            softmax_step(row),
            jacobian_diagonal_step(row, j),
            jacobian_off_diagonal_step(row, i, j),
        ]
    else:
        forward = [
            sigmoid_step(row),
            sigmoid_jacobian_step(row, j),
            sigmoid_off_diagonal_step(i, j),
        ]
    if row.loss_function == "squared_error":
        middle = [squared_loss_step(row), squared_grad_probs_step(row, j), chain_rule_step(row, j)]
        if row.activation == "softmax":
            middle.append(no_cancellation_step(row, j))
        return [*forward, *middle, squared_result_step(row)]
    return [
        *forward,
        binary_loss_step(row),
        binary_grad_probs_step(row, j),
        chain_rule_step(row, j),
        binary_result_step(row),
    ]
