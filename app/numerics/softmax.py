"""Softmax, cross-entropy and their derivatives in float64, stably; numpy only.

Every function works on the last axis, so a row `(C,)` and a batch `(B, C)` share
one code path. Each derivative sits under the forward function it differentiates.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def _over_temperature(fresh: Array, temperature: float) -> Array:
    """fresh/T, in place (`fresh` is a temporary); T = 1, the common case, costs nothing."""
    if temperature != 1.0:
        fresh /= temperature
    return fresh


def _diagonal(matrices: Array) -> Array:
    """A writable view of the diagonal of each C×C matrix in `matrices` (…, C, C), a fresh
    (C-contiguous) array: every (C + 1)-th entry of each flattened matrix."""
    classes = matrices.shape[-1]
    return matrices.reshape(*matrices.shape[:-2], classes * classes)[..., :: classes + 1]


def shifted_logits(logits: Array, temperature: float = 1.0) -> Array:
    """(o − max o)/T: every entry ≤ 0, so exp never overflows."""
    top = logits.max(axis=-1, keepdims=True)
    if math.isfinite(float(top.max()) - float(logits.min())):  # no spread overflows: no warning
        return _over_temperature(logits - top, temperature)
    # A spread past float64's range gives −∞ here, which is exact enough: exp(−∞) = 0.
    with np.errstate(over="ignore"):
        return _over_temperature(logits - top, temperature)


def _log_normaliser(z: Array, e: Array) -> Array:
    """log Σ_k exp z_k for rows whose largest z is 0, as log1p of the other terms' sum.

    The sum is 1 + (the others); log(1 + s) rounds to 0 once s is below float64's
    resolution at 1 (e^−37), while log1p(s) keeps it: log ŷ of a dominant class, and a
    confident loss, stay exact (−4.2e−18 for logits [40, 0], not 0).
    """
    others = e.copy()
    if others.ndim == 1:  # one row, the common case: a plain store, 3× cheaper
        others[z.argmax()] = 0.0
    else:
        rows = others.reshape(-1, others.shape[-1])  # a view: `others` is fresh
        rows[np.arange(rows.shape[0]), z.reshape(rows.shape).argmax(axis=-1)] = 0.0
    return np.log1p(others.sum(axis=-1, keepdims=True))


def log_softmax(logits: Array, temperature: float = 1.0) -> Array:
    """log ŷ_i = z_i − log Σ_k exp z_k with z = (o − max o)/T (log-sum-exp)."""
    z = shifted_logits(logits, temperature)
    z -= _log_normaliser(z, np.exp(z))
    return z


def softmax(logits: Array, temperature: float = 1.0) -> Array:
    """ŷ_i = exp(o_i/T) / Σ_k exp(o_k/T)."""
    e = np.exp(shifted_logits(logits, temperature))
    e /= e.sum(axis=-1, keepdims=True)
    return e


def softmax_and_log_softmax(logits: Array, temperature: float = 1.0) -> tuple[Array, Array]:
    """(ŷ, log ŷ) from one shift and one exp: the two functions above, sharing the work."""
    z = shifted_logits(logits, temperature)
    e = np.exp(z)
    log_total = _log_normaliser(z, e)
    e /= e.sum(axis=-1, keepdims=True)
    z -= log_total
    return e, z


def softmax_jacobian(probs: Array, temperature: float = 1.0) -> Array:
    """J_ij = ∂ŷ_i/∂o_j = ŷ_i(δ_ij − ŷ_j)/T = (diag(ŷ) − ŷŷᵀ)/T."""
    jacobian = np.negative(probs)[..., :, None] * probs[..., None, :]
    _diagonal(jacobian)[...] += probs
    return _over_temperature(jacobian, temperature)


def one_hot(indices: NDArray[np.int64], classes: int) -> Array:
    """e_t: 1 at the class index t, 0 elsewhere (one row per index)."""
    return (np.arange(classes) == np.asarray(indices)[..., None]).astype(np.float64)


def smooth_target(target: Array, label_smoothing: float) -> Array:
    """y ← (1 − ε)·y + ε/C, PyTorch's label smoothing."""
    if label_smoothing == 0.0:
        return target
    classes = target.shape[-1]
    return (1.0 - label_smoothing) * target + label_smoothing / classes


def dot_with_log(weights: Array, log_values: Array) -> Array:
    """Σ_k w_k·log_k over the last axis, for log_k ≤ 0: a term is 0 where w_k = 0, even if
    log_k = −∞ (not 0·(−∞) = NaN)."""
    if log_values.min() > -np.inf:
        return np.vecdot(weights, log_values)
    out = np.zeros(np.broadcast_shapes(weights.shape, log_values.shape))
    np.multiply(weights, log_values, out=out, where=weights > 0.0)
    return out.sum(axis=-1)


def cross_entropy(log_probs: Array, target: Array) -> Array:
    """L = −Σ_k y_k log ŷ_k per row, with 0·log 0 = 0 (never the log of a rounded ŷ)."""
    # Where y_k = 0 the term is 0 even if log ŷ_k = −∞ (ŷ_k underflowed).
    return -dot_with_log(target, log_probs)


def grad_probs(probs: Array, target: Array) -> Array:
    """∂L/∂ŷ_k = −y_k/ŷ_k; −∞ where ŷ_k underflowed to 0 with y_k > 0, and 0 where y_k = 0."""
    # 0 − y rather than −y: +0.0 (not −0.0) where y_k = 0.
    out = np.subtract(0.0, target)
    with np.errstate(divide="ignore", invalid="ignore"):
        out /= probs
    if probs.min() == 0.0:  # 0/0 where ŷ_k underflowed and y_k = 0: that term is 0
        out[target == 0.0] = 0.0
    return out


def grad_logits(probs: Array, target: Array, temperature: float = 1.0) -> Array:
    """∂L/∂o_j = (ŷ_j·Σ_k y_k − y_j)/T; the lecture's (ŷ_j − y_j)/T when Σy = 1."""
    label_sum = target.sum(axis=-1, keepdims=True)
    out = probs * label_sum
    out -= target
    return _over_temperature(out, temperature)


def contributions(probs: Array, target: Array, temperature: float = 1.0) -> Array:
    """M_kj = (∂L/∂ŷ_k)(∂ŷ_k/∂o_j) = y_k(ŷ_j − δ_kj)/T; column sums give ∂L/∂o."""
    matrix = target[..., :, None] * probs[..., None, :]
    _diagonal(matrix)[...] -= target
    return _over_temperature(matrix, temperature)


def chain_rule_residual(grad_probs: Array, jacobian: Array, grad_logits: Array) -> float:
    """max_j |Σ_k (∂L/∂ŷ_k)·J_kj − ∂L/∂o_j|: the chain rule applied literally.

    NaN when some ∂L/∂ŷ_k is infinite: the product through ŷ breaks down there,
    which is why frameworks fuse softmax with cross-entropy.
    """
    if not np.isfinite(grad_probs).all():
        return float("nan")
    chained = np.vecdot(grad_probs[..., :, None], jacobian, axis=-2)
    chained -= grad_logits
    return float(np.abs(chained).max(initial=0.0))


def finite_difference_grad(
    logits: Array,
    target: Array,
    temperature: float = 1.0,
    rel_step: float = 1e-5,
    loss: Callable[[Array, Array, float], Array] | None = None,
) -> Array:
    """Central differences (L(o + h e_j) − L(o − h e_j))/2h of each row's loss.

    `loss(logits, target, T)` gives each row's loss; cross-entropy of the softmax by
    default. Costs B·C² work: every class of every row is perturbed at once.
    """
    classes = logits.shape[-1]
    # The loss depends on o/T: scale the step with T so that it is relative in o/T.
    step = np.abs(logits)
    np.maximum(step, temperature, out=step)
    step *= rel_step
    up, down = logits + step, logits - step
    # Rows 0..C−1 move class j up by its step, rows C..2C−1 move it down: one pass.
    moved = np.empty((*logits.shape[:-1], 2 * classes, classes))
    moved[...] = logits[..., None, :]
    diagonal = np.arange(classes)
    moved[..., diagonal, diagonal] = up
    moved[..., classes + diagonal, diagonal] = down
    if loss is None:
        losses = cross_entropy(log_softmax(moved, temperature), target[..., None, :])
    else:
        losses = loss(moved, target[..., None, :], temperature)
    # Divide by the step actually taken, which rounding may have changed.
    up -= down
    return (losses[..., :classes] - losses[..., classes:]) / up


def entropy(probs: Array, log_probs: Array) -> Array:
    """H(ŷ) = −Σ_k ŷ_k log ŷ_k per row, with 0·log 0 = 0."""
    return -dot_with_log(probs, log_probs)


def reduction_scale(reduction: str, batch: int) -> float:
    """The factor on each row's loss and gradient: 1/B for "mean", else 1."""
    return 1.0 / batch if reduction == "mean" else 1.0


def reduce_losses(losses: Array, reduction: str) -> float | None:
    """Σ or mean of the per-row losses; None for "none" (the rows stand alone)."""
    if reduction == "none":
        return None
    return float(losses.mean() if reduction == "mean" else losses.sum())
