"""Every quantity of one request, with its warnings: softmax or sigmoid, cross-entropy or
squared error.

Composes app.numerics.softmax and app.numerics.losses over a row (C,) or a batch (B, C)
and applies the reduction. Plain numpy and Python: the web layer turns the result into JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from app.numerics import losses
from app.numerics import softmax as numerics
from app.numerics.softmax import Array

# The finite-difference step, relative to max(T, |o_j|).
REL_STEP = 1e-5


def is_lecture_form(label_sum: Array | float | None) -> bool:
    """Σy = 1 (to 1e-12) in every row, so ∂L/∂o is the lecture's (ŷ − y)/T."""
    if label_sum is None:
        return False
    return bool(np.abs(np.asarray(label_sum) - 1.0).max() <= 1e-12)


@dataclass(frozen=True)
class Warning:
    """Something a learner should know about the numbers: a stable `code`, the field it
    concerns, and the values its message names (the words live in the catalogue)."""

    code: str
    field: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Analysis:
    """Everything the API, the page and the charts show, as float64 arrays."""

    logits: Array
    temperature: float
    label_smoothing: float
    reduction: str
    probs: Array
    log_probs: Array
    target: Array | None = None
    label_sum: Array | None = None
    losses: Array | None = None
    loss: float | None = None
    grad_probs: Array | None = None
    grad_logits: Array | None = None
    jacobian: Array | None = None
    contributions: Array | None = None
    chain_rule_max_abs_err: float | None = None
    finite_diff_max_abs_err: float | None = None
    warnings: list[Warning] = field(default_factory=list)
    activation: str = "softmax"
    loss_function: str = "cross_entropy"
    # 1 − ŷ and log(1 − ŷ), for sigmoid only (computed as σ(−o/T), −softplus(o/T)).
    complements: Array | None = None
    log_complements: Array | None = None

    @property
    def batched(self) -> bool:
        return self.logits.ndim == 2

    @cached_property
    def lecture_form(self) -> bool:
        """∂L/∂o is the lecture's (ŷ − y)/T: softmax + cross-entropy with Σy = 1 in every
        row, or sigmoid + binary cross-entropy (always); never with squared error."""
        if self.label_sum is None or self.loss_function == "squared_error":
            return False
        if self.activation == "sigmoid":
            return True
        return is_lecture_form(self.label_sum)

    @property
    def predicted(self) -> Array:
        return self.probs.argmax(axis=-1)

    @property
    def entropy(self) -> Array:
        """H(ŷ); for sigmoid the sum of each class's binary entropy."""
        if self.log_complements is not None:
            return losses.binary_cross_entropy(self.log_probs, self.log_complements, self.probs)
        return numerics.entropy(self.probs, self.log_probs)


def forward(logits: Array, temperature: float, activation: str = "softmax") -> Analysis:
    """ŷ and log ŷ only (the softmax endpoint)."""
    with np.errstate(all="ignore"):
        return _forward(logits, temperature, activation)


def _forward(logits: Array, temperature: float, activation: str) -> Analysis:
    if activation == "sigmoid":
        probs, complements, log_probs, log_complements = losses.sigmoid(logits, temperature)
    else:
        probs, log_probs = numerics.softmax_and_log_softmax(logits, temperature)
        complements = log_complements = None
    return Analysis(
        logits=logits,
        temperature=temperature,
        label_smoothing=0.0,
        reduction="mean",
        probs=probs,
        log_probs=log_probs,
        activation=activation,
        complements=complements,
        log_complements=log_complements,
    )


def analyze(
    logits: Array,
    target: Array | None,
    temperature: float = 1.0,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
    *,
    activation: str = "softmax",
    loss_function: str = "cross_entropy",
    jacobian: bool = False,
    gradients: bool = False,
    contributions: bool = False,
    checks: bool = False,
) -> Analysis:
    """Loss (when a target is given), and the derivatives asked for.

    `target` is the raw target (one-hot or distribution) before label smoothing.
    With reduction "mean" the loss and every derivative of L are divided by B.
    """
    # Values past float64's range are expected for extreme inputs; the web layer sends
    # them as null with a warning, so numpy's floating-point warnings add nothing.
    with np.errstate(all="ignore"):
        return _analyze(
            logits,
            target,
            temperature,
            label_smoothing,
            reduction,
            activation=activation,
            loss_function=loss_function,
            jacobian=jacobian,
            gradients=gradients,
            contributions=contributions,
            checks=checks,
        )


def _analyze(
    logits: Array,
    target: Array | None,
    temperature: float,
    label_smoothing: float,
    reduction: str,
    *,
    activation: str,
    loss_function: str,
    jacobian: bool,
    gradients: bool,
    contributions: bool,
    checks: bool,
) -> Analysis:
    result = _forward(logits, temperature, activation)
    result.label_smoothing = label_smoothing
    result.reduction = reduction
    result.loss_function = loss_function
    if jacobian or checks:
        result.jacobian = _jacobian(result)
    if target is None:
        return result

    target = numerics.smooth_target(target, label_smoothing)
    batch = logits.shape[0] if logits.ndim == 2 else 1
    scale = numerics.reduction_scale(reduction, batch)
    result.target = target
    result.label_sum = target.sum(axis=-1)
    result.losses = _losses(result, target)
    result.loss = (
        numerics.reduce_losses(result.losses, reduction)
        if logits.ndim == 2
        else float(result.losses)
    )
    if gradients or checks or loss_function == "squared_error":
        grad_probs, grad_logits = _gradients(result, target)
        result.grad_probs = _scaled(scale, grad_probs)
        result.grad_logits = _scaled(scale, grad_logits)
    if contributions:
        result.contributions = _scaled(scale, _contributions(result, target))
    if checks:
        assert result.jacobian is not None
        assert result.grad_probs is not None and result.grad_logits is not None
        result.chain_rule_max_abs_err = numerics.chain_rule_residual(
            result.grad_probs, result.jacobian, result.grad_logits
        )
        loss = None
        if (activation, loss_function) != ("softmax", "cross_entropy"):

            def loss(moved: Array, rows: Array, t: float) -> Array:
                return losses.per_row_loss(activation, loss_function, moved, rows, t)

        numeric = _scaled(
            scale, numerics.finite_difference_grad(logits, target, temperature, REL_STEP, loss)
        )
        result.finite_diff_max_abs_err = float(
            np.max(np.abs(numeric - result.grad_logits), initial=0.0)
        )
    result.warnings.extend(_warnings(result))
    if not (gradients or checks):
        result.grad_probs = result.grad_logits = None
    return result


def _jacobian(result: Analysis) -> Array:
    """J = ∂ŷ/∂o: (diag(ŷ) − ŷŷᵀ)/T for softmax, diag(ŷ(1 − ŷ))/T for sigmoid."""
    if result.complements is not None:
        return losses.sigmoid_jacobian(result.probs, result.complements, result.temperature)
    return numerics.softmax_jacobian(result.probs, result.temperature)


def _losses(result: Analysis, target: Array) -> Array:
    """Each row's loss of the request's combination."""
    if result.loss_function == "squared_error":
        return losses.squared_error(result.probs, target)
    if result.log_complements is not None:
        return losses.binary_cross_entropy(result.log_probs, result.log_complements, target)
    return numerics.cross_entropy(result.log_probs, target)


def _gradients(result: Analysis, target: Array) -> tuple[Array, Array]:
    """(∂L/∂ŷ, ∂L/∂o) of one row's loss (before the reduction's 1/B)."""
    probs, complements, t = result.probs, result.complements, result.temperature
    if result.loss_function == "squared_error":
        grad_probs = losses.grad_probs_squared(probs, target)
        if complements is None:
            return grad_probs, losses.softmax_backward(probs, grad_probs, t)
        diagonal = losses.sigmoid_jacobian_diagonal(probs, complements, t)
        return grad_probs, grad_probs * diagonal
    if complements is None:
        return numerics.grad_probs(probs, target), numerics.grad_logits(probs, target, t)
    return (
        losses.grad_probs_binary(probs, complements, target),
        losses.grad_logits_binary(probs, target, t),
    )


def _contributions(result: Analysis, target: Array) -> Array:
    """M = diag(∂L/∂ŷ)·J (before the reduction's 1/B), without multiplying an infinite ∂L/∂ŷ_k
    by a zero J entry: each combination's product is written out."""
    probs, complements, t = result.probs, result.complements, result.temperature
    if complements is not None:
        if result.loss_function == "squared_error":
            diagonal = losses.grad_probs_squared(probs, target)
            diagonal *= losses.sigmoid_jacobian_diagonal(probs, complements, t)
        else:
            diagonal = losses.grad_logits_binary(probs, target, t)
        return losses.diagonal_matrices(diagonal)
    if result.loss_function == "squared_error":
        weights = losses.grad_probs_squared(probs, target) * probs
        return losses.softmax_weighted_jacobian(weights, probs, t)
    return numerics.contributions(probs, target, t)


def _scaled(scale: float, array: Array) -> Array:
    return array if scale == 1.0 else scale * array


def _rows(mask: Array) -> str:
    """The classes (and rows) where `mask` holds, for a message: `2, 5` or `[0, 2]`."""
    places = np.argwhere(mask)[:8]
    text = ", ".join(
        str(int(p[0])) if len(p) == 1 else "[" + ", ".join(str(int(x)) for x in p) + "]"
        for p in places
    )
    return text + (", …" if int(mask.sum()) > 8 else "")


def _warnings(result: Analysis) -> list[Warning]:
    found: list[Warning] = []
    probs, target = result.probs, result.target
    assert target is not None and result.label_sum is not None
    if result.complements is not None:
        found.extend(_sigmoid_warnings(result, target))
    else:
        any_zero = probs.min() == 0.0
        underflow = (probs == 0.0) & (target > 0.0) if any_zero else None
        infinite = result.loss_function == "cross_entropy" and underflow is not None
        if infinite and underflow.any():
            # ∂L/∂ŷ_k = −y_k/ŷ_k = −∞ there, while ∂L/∂o stays finite.
            found.append(
                Warning("grad_probs_infinite", "grad_probs", {"classes": _rows(underflow)})
            )
        elif any_zero:
            found.append(Warning("probs_underflow", "probs", {"classes": _rows(probs == 0.0)}))
    if result.loss_function == "squared_error":
        found.extend(_vanishing(result, target))
    elif result.complements is None and not result.lecture_form:
        sums = np.atleast_1d(result.label_sum)
        shown = ", ".join(f"{s:.6g}" for s in sums[:8])
        found.append(Warning("label_sum_not_one", "label_sum", {"sums": shown}))
    return found


def _sigmoid_warnings(result: Analysis, target: Array) -> list[Warning]:
    assert result.complements is not None
    probs, complements = result.probs, result.complements
    saturated = (probs == 0.0) | (complements == 0.0)
    if not saturated.any():
        return []
    infinite = ((probs == 0.0) & (target > 0.0)) | ((complements == 0.0) & (target < 1.0))
    if result.loss_function == "cross_entropy" and infinite.any():
        # ∂L/∂ŷ_k = ±∞ there, while ∂L/∂o = (ŷ − y)/T stays finite.
        return [Warning("binary_grad_probs_infinite", "grad_probs", {"classes": _rows(infinite)})]
    return [Warning("sigmoid_saturated", "probs", {"classes": _rows(saturated)})]


# Squared error's gradient "vanishes" where some class is off by at least this much ...
CONFIDENTLY_WRONG = 0.5
# ... while the largest |∂L/∂o_j|·T of the row is below this fraction of the largest |ŷ − y|.
VANISHING = 0.1


def _vanishing(result: Analysis, target: Array) -> list[Warning]:
    """Rows where the prediction is confidently wrong yet squared error barely pulls."""
    assert result.grad_logits is not None
    batch = result.logits.shape[0] if result.batched else 1
    scale = numerics.reduction_scale(result.reduction, batch)
    error = np.abs(result.probs - target).max(axis=-1)
    pull = np.abs(result.grad_logits).max(axis=-1) * (result.temperature / scale)
    flat = (error >= CONFIDENTLY_WRONG) & (pull < VANISHING * error)
    if not flat.any():
        return []
    worst = int(np.argmax(np.where(flat, error, -1.0))) if result.batched else 0
    params = {
        "rows": _rows(np.atleast_1d(flat)),
        "grad": f"{np.atleast_1d(pull)[worst] / result.temperature:.3g}",
        "error": f"{np.atleast_1d(error)[worst]:.3g}",
    }
    code = (
        "squared_error_vanishes" if result.complements is None else "sigmoid_squared_error_vanishes"
    )
    return [Warning(code, "grad_logits", params)]


@dataclass
class Comparison:
    """Cross-entropy beside squared error for one row, and the target logit's sweep."""

    row: dict[str, Analysis]
    target_class: int
    offsets: Array
    sweep_logits: Array
    sweep: dict[str, Analysis]


def compare(
    logits: Array,
    target: Array,
    temperature: float = 1.0,
    label_smoothing: float = 0.0,
    activation: str = "softmax",
    offsets: Array | None = None,
) -> Comparison:
    """Both losses for the row, then both along o_t = max_{k≠t} o_k + offset for each offset,
    t the class of largest target weight: every point of the sweep is a row of one batch."""
    offsets = np.linspace(-10.0, 10.0, 101) if offsets is None else offsets
    target_class = int(np.argmax(target))
    batch = losses.sweep_logits(logits, target_class, offsets)
    targets = np.broadcast_to(target, batch.shape)

    def both(rows: Array, rows_target: Array, reduction: str) -> dict[str, Analysis]:
        return {
            name: analyze(
                rows,
                rows_target,
                temperature,
                label_smoothing,
                reduction,
                activation=activation,
                loss_function=name,
                gradients=True,
            )
            for name in losses.LOSS_FUNCTIONS
        }

    return Comparison(
        row=both(logits, target, "sum"),
        target_class=target_class,
        offsets=offsets,
        sweep_logits=batch[:, target_class],
        sweep=both(batch, targets, "none"),
    )
