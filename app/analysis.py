"""Every quantity of softmax + cross-entropy for one request, with its warnings.

Composes app.numerics over a row (C,) or a batch (B, C) and applies the
reduction. Plain numpy and Python: the web layer turns the result into JSON.

Everything at once (the analyze endpoint) is computed by the compiled kernel app._dense
when it is built (setup.py), in one pass instead of about a hundred small numpy calls;
the numpy composition here is its reference, and answers alone where it is not built.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from app import numerics
from app.numerics import Array

try:
    from app import _dense
except ImportError:  # not compiled: the numpy composition answers alone
    _dense = None

COMPILED = _dense is not None

# The finite-difference step, relative to max(T, |o_j|).
REL_STEP = 1e-5


def is_lecture_form(label_sum: Array | float | None) -> bool:
    """Σy = 1 (to 1e-12) in every row, so ∂L/∂o is the lecture's (ŷ − y)/T."""
    if label_sum is None:
        return False
    return bool(np.abs(np.asarray(label_sum) - 1.0).max() <= 1e-12)


@dataclass(frozen=True)
class Warning:
    """Something a learner should know about the numbers (stable `code`, English text)."""

    code: str
    field: str
    message: str


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
    row_entropy: Array | None = field(default=None, repr=False)  # when already computed
    # True when every number above is known to be finite (the compiled pass checks).
    all_finite: bool = field(default=False, repr=False)

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
        if self.row_entropy is not None:
            return self.row_entropy
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
    compiled: bool = True,
) -> Analysis:
    """Loss (when a target is given), and the derivatives asked for.

    `target` is the raw target (one-hot or distribution) before label smoothing.
    With reduction "mean" the loss and every derivative of L are divided by B.
    Everything at once goes through the compiled kernel when built, unless `compiled`
    is False.
    """
    everything = jacobian and gradients and contributions and checks
    # Values past float64's range are expected for extreme inputs; the web layer sends
    # them as null with a warning, so numpy's floating-point warnings add nothing.
    with np.errstate(all="ignore"):
        if everything and compiled and _dense is not None and target is not None:
            return _analyze_compiled(logits, target, temperature, label_smoothing, reduction)
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


def _analyze_compiled(
    logits: Array, target: Array, temperature: float, label_smoothing: float, reduction: str
) -> Analysis:
    """What _analyze computes with every flag on, by app._dense in one pass."""
    assert _dense is not None
    classes = logits.shape[-1]
    rows = logits.size // classes
    target = numerics.smooth_target(target, label_smoothing)
    scale = numerics.reduction_scale(reduction, rows)
    shape, square = logits.shape, (*logits.shape, classes)
    result = Analysis(
        logits=logits,
        temperature=temperature,
        label_smoothing=label_smoothing,
        reduction=reduction,
        probs=np.empty(shape),
        log_probs=np.empty(shape),
        target=target,
        jacobian=np.empty(square),
        grad_probs=np.empty(shape),
        grad_logits=np.empty(shape),
        contributions=np.empty(square),
    )
    losses, entropy, label_sum = np.empty(rows), np.empty(rows), np.empty(rows)
    chain, numeric, arrays_finite = _dense.analyze(
        np.ascontiguousarray(logits, dtype=np.float64),
        np.ascontiguousarray(target, dtype=np.float64),
        rows,
        classes,
        temperature,
        scale,
        REL_STEP,
        result.probs,
        result.log_probs,
        result.jacobian,
        result.grad_probs,
        result.grad_logits,
        result.contributions,
        losses,
        entropy,
        label_sum,
    )
    result.chain_rule_max_abs_err, result.finite_diff_max_abs_err = chain, numeric
    if logits.ndim == 2:
        result.losses, result.row_entropy, result.label_sum = losses, entropy, label_sum
        result.loss = numerics.reduce_losses(losses, reduction)
    else:  # one row: scalars, as the numpy composition gives
        result.losses, result.row_entropy, result.label_sum = losses[0], entropy[0], label_sum[0]
        result.loss = float(losses[0])
    # A sum of finite losses can still overflow.
    result.all_finite = arrays_finite and (result.loss is None or math.isfinite(result.loss))
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
        found.append(
            Warning(
                "grad_probs_infinite",
                "grad_probs",
                f"ŷ_k underflowed to 0 for class {_rows(underflow)} where y_k > 0, so "
                "∂L/∂ŷ_k = −y_k/ŷ_k = −∞ (sent as null). ∂L/∂o stays finite because "
                "ŷ − y never divides by ŷ: the reason frameworks fuse softmax with "
                "cross-entropy. The chain-rule check through ŷ is null for the same reason.",
            )
        )
    elif any_zero:
        found.append(
            Warning(
                "probs_underflow",
                "probs",
                f"ŷ_k underflowed to exactly 0 for class {_rows(probs == 0.0)}; log ŷ_k is "
                "still exact in log_probs.",
            )
        )
    if not result.lecture_form:
        sums = np.atleast_1d(result.label_sum)
        shown = ", ".join(f"{s:.6g}" for s in sums[:8])
        found.append(
            Warning(
                "label_sum_not_one",
                "label_sum",
                f"The target sums to {shown}, not 1: ∂L/∂o = (ŷ·Σy − y)/T, which is the "
                "lecture's ŷ − y only when Σy = 1.",
            )
        )
    return found
