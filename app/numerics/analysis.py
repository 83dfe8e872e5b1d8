"""Every quantity of softmax + cross-entropy for one request, with its warnings.

Composes app.numerics.softmax over a row (C,) or a batch (B, C) and applies the
reduction. Plain numpy and Python: the web layer turns the result into JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

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

    @property
    def batched(self) -> bool:
        return self.logits.ndim == 2

    @cached_property
    def lecture_form(self) -> bool:
        """Σy = 1 in every row, so ∂L/∂o is the lecture's (ŷ − y)/T."""
        return is_lecture_form(self.label_sum)

    @property
    def predicted(self) -> Array:
        return self.probs.argmax(axis=-1)

    @property
    def entropy(self) -> Array:
        return numerics.entropy(self.probs, self.log_probs)


def forward(logits: Array, temperature: float) -> Analysis:
    """ŷ and log ŷ only (the softmax endpoint)."""
    with np.errstate(all="ignore"):
        return _forward(logits, temperature)


def _forward(logits: Array, temperature: float) -> Analysis:
    probs, log_probs = numerics.softmax_and_log_softmax(logits, temperature)
    return Analysis(
        logits=logits,
        temperature=temperature,
        label_smoothing=0.0,
        reduction="mean",
        probs=probs,
        log_probs=log_probs,
    )


def analyze(
    logits: Array,
    target: Array | None,
    temperature: float = 1.0,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
    *,
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
    jacobian: bool,
    gradients: bool,
    contributions: bool,
    checks: bool,
) -> Analysis:
    result = _forward(logits, temperature)
    result.label_smoothing = label_smoothing
    result.reduction = reduction
    probs = result.probs
    if jacobian or checks:
        result.jacobian = numerics.softmax_jacobian(probs, temperature)
    if target is None:
        return result

    target = numerics.smooth_target(target, label_smoothing)
    batch = logits.shape[0] if logits.ndim == 2 else 1
    scale = numerics.reduction_scale(reduction, batch)
    result.target = target
    result.label_sum = target.sum(axis=-1)
    result.losses = numerics.cross_entropy(result.log_probs, target)
    result.loss = (
        numerics.reduce_losses(result.losses, reduction)
        if logits.ndim == 2
        else float(result.losses)
    )
    if gradients or checks:
        result.grad_probs = _scaled(scale, numerics.grad_probs(probs, target))
        result.grad_logits = _scaled(scale, numerics.grad_logits(probs, target, temperature))
    if contributions:
        result.contributions = _scaled(scale, numerics.contributions(probs, target, temperature))
    if checks:
        assert result.jacobian is not None
        assert result.grad_probs is not None and result.grad_logits is not None
        result.chain_rule_max_abs_err = numerics.chain_rule_residual(
            result.grad_probs, result.jacobian, result.grad_logits
        )
        numeric = _scaled(
            scale, numerics.finite_difference_grad(logits, target, temperature, REL_STEP)
        )
        result.finite_diff_max_abs_err = float(
            np.max(np.abs(numeric - result.grad_logits), initial=0.0)
        )
    result.warnings.extend(_warnings(result))
    return result


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
    any_zero = probs.min() == 0.0
    underflow = (probs == 0.0) & (target > 0.0) if any_zero else None
    if underflow is not None and underflow.any():
        # ∂L/∂ŷ_k = −y_k/ŷ_k = −∞ there, while ∂L/∂o stays finite.
        found.append(Warning("grad_probs_infinite", "grad_probs", {"classes": _rows(underflow)}))
    elif any_zero:
        found.append(Warning("probs_underflow", "probs", {"classes": _rows(probs == 0.0)}))
    if not result.lecture_form:
        sums = np.atleast_1d(result.label_sum)
        shown = ", ".join(f"{s:.6g}" for s in sums[:8])
        found.append(Warning("label_sum_not_one", "label_sum", {"sums": shown}))
    return found
