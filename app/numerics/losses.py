"""Sigmoid, squared error and binary cross-entropy beside softmax + cross-entropy; numpy only.

The same pipeline for every combination: ŷ, J = ∂ŷ/∂o, ∂L/∂ŷ, M = diag(∂L/∂ŷ)·J and
∂L/∂o = the column sums of M. Every function works on the last axis, rows and batches
alike; each derivative sits under the forward function it differentiates.
"""

from __future__ import annotations

import numpy as np

from app.numerics import softmax
from app.numerics.softmax import Array, dot_with_log

ACTIVATIONS = ("softmax", "sigmoid")
LOSS_FUNCTIONS = ("cross_entropy", "squared_error")


def softplus(x: Array) -> Array:
    """log(1 + eˣ) = max(x, 0) + log1p(e^−|x|): never overflows, exact for large |x|."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def sigmoid_of(z: Array) -> Array:
    """σ(z) = 1/(1 + e^−z), through e^−|z| so that exp never overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid(logits: Array, temperature: float = 1.0) -> tuple[Array, Array, Array, Array]:
    """(ŷ, 1 − ŷ, log ŷ, log(1 − ŷ)) with ŷ = σ(o/T); 1 − ŷ = σ(−o/T), without cancellation,
    and log σ(x) = −softplus(−x), log(1 − σ(x)) = −softplus(x)."""
    z = logits / temperature
    return sigmoid_of(z), sigmoid_of(-z), -softplus(-z), -softplus(z)


def sigmoid_jacobian_diagonal(probs: Array, complements: Array, temperature: float = 1.0) -> Array:
    """J_kk = ∂ŷ_k/∂o_k = ŷ_k(1 − ŷ_k)/T; every other entry of J is 0."""
    return probs * complements / temperature


def sigmoid_jacobian(probs: Array, complements: Array, temperature: float = 1.0) -> Array:
    """J = diag(ŷ(1 − ŷ))/T, as dense C×C matrices."""
    return diagonal_matrices(sigmoid_jacobian_diagonal(probs, complements, temperature))


def diagonal_matrices(diagonal: Array) -> Array:
    """diag(d) for each row d of `diagonal` (…, C) -> (…, C, C)."""
    classes = diagonal.shape[-1]
    out = np.zeros((*diagonal.shape, classes))
    out[..., np.arange(classes), np.arange(classes)] = diagonal
    return out


def binary_cross_entropy(log_probs: Array, log_complements: Array, target: Array) -> Array:
    """L = −Σ_k [y_k log ŷ_k + (1 − y_k) log(1 − ŷ_k)] per row, with 0·log 0 = 0."""
    return -(dot_with_log(target, log_probs) + dot_with_log(1.0 - target, log_complements))


def grad_probs_binary(probs: Array, complements: Array, target: Array) -> Array:
    """∂L/∂ŷ_k = −y_k/ŷ_k + (1 − y_k)/(1 − ŷ_k); ±∞ where ŷ_k rounded to 0 or 1 (a term
    whose weight is 0 counts 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        pull = np.where(target > 0.0, target / probs, 0.0)
        push = np.where(target < 1.0, (1.0 - target) / complements, 0.0)
    return push - pull


def grad_logits_binary(probs: Array, target: Array, temperature: float = 1.0) -> Array:
    """∂L/∂o_k = (ŷ_k − y_k)/T: diag(∂L/∂ŷ)·J with ŷ(1 − ŷ) cancelled exactly."""
    return (probs - target) / temperature


def squared_error(probs: Array, target: Array) -> Array:
    """L = Σ_k (ŷ_k − y_k)² per row."""
    difference = probs - target
    return np.vecdot(difference, difference)


def grad_probs_squared(probs: Array, target: Array) -> Array:
    """∂L/∂ŷ_k = 2(ŷ_k − y_k)."""
    return 2.0 * (probs - target)


def softmax_backward(probs: Array, grad_probs: Array, temperature: float = 1.0) -> Array:
    """Jᵀ·g = ŷ ⊙ (g − ŷ·g)/T for the softmax Jacobian (symmetric), in O(C): no ŷ − y here,
    since Σ_k g_k ŷ_k does not cancel unless g = −y/ŷ."""
    mean = np.vecdot(probs, grad_probs)[..., None]
    return probs * (grad_probs - mean) / temperature


def softmax_weighted_jacobian(weights: Array, probs: Array, temperature: float = 1.0) -> Array:
    """A_kj = w_k(δ_kj − ŷ_j)/T: M = diag(g)·J for softmax with w = g ⊙ ŷ."""
    matrix = np.negative(weights)[..., :, None] * probs[..., None, :]
    classes = probs.shape[-1]
    matrix[..., np.arange(classes), np.arange(classes)] += weights
    return matrix / temperature


def per_row_loss(
    activation: str, loss_function: str, logits: Array, target: Array, t: float
) -> Array:
    """Each row's loss of any combination, from the logits (for finite differences)."""
    if activation == "softmax":
        if loss_function == "cross_entropy":
            return softmax.cross_entropy(softmax.log_softmax(logits, t), target)
        return squared_error(softmax.softmax(logits, t), target)
    probs, _, log_probs, log_complements = sigmoid(logits, t)
    if loss_function == "cross_entropy":
        return binary_cross_entropy(log_probs, log_complements, target)
    return squared_error(probs, target)


def sweep_logits(logits: Array, target_class: int, offsets: Array) -> Array:
    """One row per offset: the logits with o_t = max_{k≠t} o_k + offset (0 + offset when C = 1),
    the target class run from very wrong to very right as one batch."""
    others = np.delete(logits, target_class)
    reference = others.max() if others.size else 0.0
    batch = np.repeat(logits[None, :], offsets.size, axis=0)
    batch[:, target_class] = reference + offsets
    return batch
