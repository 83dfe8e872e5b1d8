"""Softmax, cross-entropy and their derivatives in float64, stably; numpy only.

Every function works on the last axis, so a row `(C,)` and a batch `(B, C)` share
one code path. Each derivative sits under the forward function it differentiates.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def _over_temperature(fresh: Array, temperature: float) -> Array:
    """fresh/T, in place (`fresh` is a temporary); T = 1, the common case, costs nothing."""
    if temperature != 1.0:
        fresh /= temperature
    return fresh


def shifted_logits(logits: Array, temperature: float = 1.0) -> Array:
    """(o − max o)/T: every entry ≤ 0, so exp never overflows."""
    # A spread past float64's range gives −∞ here, which is exact enough: exp(−∞) = 0.
    with np.errstate(over="ignore"):
        return _over_temperature(logits - logits.max(axis=-1, keepdims=True), temperature)


def log_softmax(logits: Array, temperature: float = 1.0) -> Array:
    """log ŷ_i = z_i − log Σ_k exp z_k with z = (o − max o)/T (log-sum-exp)."""
    z = shifted_logits(logits, temperature)
    # The max entry of z is 0, so the sum is at least 1 and its log finite.
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def softmax(logits: Array, temperature: float = 1.0) -> Array:
    """ŷ_i = exp(o_i/T) / Σ_k exp(o_k/T)."""
    e = np.exp(shifted_logits(logits, temperature))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_and_log_softmax(logits: Array, temperature: float = 1.0) -> tuple[Array, Array]:
    """(ŷ, log ŷ) from one shift and one exp: the two functions above, sharing the work."""
    z = shifted_logits(logits, temperature)
    e = np.exp(z)
    total = e.sum(axis=-1, keepdims=True)
    return e / total, z - np.log(total)


def softmax_jacobian(probs: Array, temperature: float = 1.0) -> Array:
    """J_ij = ∂ŷ_i/∂o_j = ŷ_i(δ_ij − ŷ_j)/T = (diag(ŷ) − ŷŷᵀ)/T."""
    jacobian = -probs[..., :, None] * probs[..., None, :]
    diagonal = np.einsum("...ii->...i", jacobian)  # a writable view of the diagonal
    diagonal += probs
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


def _dot_where_positive(weights: Array, values: Array) -> Array:
    """Σ_k w_k·v_k over the last axis, with a term of 0 wherever w_k ≤ 0 (not 0·(−∞) = NaN)."""
    if np.isfinite(values).all():
        return np.einsum("...k,...k->...", weights, values)
    out = np.zeros(np.broadcast_shapes(weights.shape, values.shape))
    np.multiply(weights, values, out=out, where=weights > 0.0)
    return out.sum(axis=-1)


def cross_entropy(log_probs: Array, target: Array) -> Array:
    """L = −Σ_k y_k log ŷ_k per row, with 0·log 0 = 0 (never the log of a rounded ŷ)."""
    # Where y_k = 0 the term is 0 even if log ŷ_k = −∞ (ŷ_k underflowed).
    return -_dot_where_positive(target, log_probs)


def grad_probs(probs: Array, target: Array) -> Array:
    """∂L/∂ŷ_k = −y_k/ŷ_k; −∞ where ŷ_k underflowed to 0 with y_k > 0, and 0 where y_k = 0."""
    out = np.zeros_like(probs)
    positive = target > 0.0
    with np.errstate(divide="ignore"):
        np.divide(-target, probs, out=out, where=positive)
    return out


def grad_logits(probs: Array, target: Array, temperature: float = 1.0) -> Array:
    """∂L/∂o_j = (ŷ_j·Σ_k y_k − y_j)/T; the lecture's (ŷ_j − y_j)/T when Σy = 1."""
    label_sum = target.sum(axis=-1, keepdims=True)
    return _over_temperature(probs * label_sum - target, temperature)


def contributions(probs: Array, target: Array, temperature: float = 1.0) -> Array:
    """M_kj = (∂L/∂ŷ_k)(∂ŷ_k/∂o_j) = y_k(ŷ_j − δ_kj)/T; column sums give ∂L/∂o."""
    matrix = target[..., :, None] * probs[..., None, :]
    diagonal = np.einsum("...ii->...i", matrix)
    diagonal -= target
    return _over_temperature(matrix, temperature)


def chain_rule_residual(grad_probs: Array, jacobian: Array, grad_logits: Array) -> float:
    """max_j |Σ_k (∂L/∂ŷ_k)·J_kj − ∂L/∂o_j|: the chain rule applied literally.

    NaN when some ∂L/∂ŷ_k is infinite: the product through ŷ breaks down there,
    which is why frameworks fuse softmax with cross-entropy.
    """
    if not np.isfinite(grad_probs).all():
        return float("nan")
    chained = np.einsum("...k,...kj->...j", grad_probs, jacobian)
    return float(np.max(np.abs(chained - grad_logits), initial=0.0))


def finite_difference_grad(
    logits: Array, target: Array, temperature: float = 1.0, rel_step: float = 1e-5
) -> Array:
    """Central differences (L(o + h e_j) − L(o − h e_j))/2h of each row's loss.

    Costs B·C² work: every class of every row is perturbed at once.
    """
    classes = logits.shape[-1]
    # The loss depends on o/T: scale the step with T so that it is relative in o/T.
    step = rel_step * np.maximum(temperature, np.abs(logits))
    # Rows 0..C−1 move class j up by its step, rows C..2C−1 move it down: one pass.
    moves = step[..., :, None] * np.eye(classes)
    moved = logits[..., None, :] + np.concatenate([moves, -moves], axis=-2)
    losses = cross_entropy(log_softmax(moved, temperature), target[..., None, :])
    # Divide by the step actually taken, which rounding may have changed.
    diagonal = np.einsum("...jj->...j", moved[..., :classes, :] - moved[..., classes:, :])
    return (losses[..., :classes] - losses[..., classes:]) / diagonal


def entropy(probs: Array, log_probs: Array) -> Array:
    """H(ŷ) = −Σ_k ŷ_k log ŷ_k per row, with 0·log 0 = 0."""
    return -_dot_where_positive(probs, log_probs)


def reduction_scale(reduction: str, batch: int) -> float:
    """The factor on each row's loss and gradient: 1/B for "mean", else 1."""
    return 1.0 / batch if reduction == "mean" else 1.0


def reduce_losses(losses: Array, reduction: str) -> float | None:
    """Σ or mean of the per-row losses; None for "none" (the rows stand alone)."""
    if reduction == "none":
        return None
    return float(losses.mean() if reduction == "mean" else losses.sum())
