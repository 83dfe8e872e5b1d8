"""Exact pooled heatmaps of the softmax Jacobian and the contribution matrix; numpy only.

Both matrices are a diagonal matrix times the centring matrix I − 𝟙ŷᵀ:

    J = (diag(ŷ) − ŷŷᵀ)/T = diag(ŷ/T)(I − 𝟙ŷᵀ),    J_ij = (ŷ_i/T)(δ_ij − ŷ_j)
    M = (yŷᵀ − diag(y))/T = −diag(y/T)(I − 𝟙ŷᵀ),   M_kj = −(y_k/T)(δ_kj − ŷ_j)

(M = diag(∂L/∂ŷ)·J with ∂L/∂ŷ = −y/ŷ.) So every entry is A_ij = w_i(δ_ij − ŷ_j): a
diagonal plus a rank-one matrix. Over n×n tiles I_a × I_b of consecutive positions,
every tile mean and every tile's largest entry follows from per-bin sums and maxima
of w and ŷ: O(C + n²) time and memory, where the dense matrix would be C×C.

With squared error, M = diag(2(ŷ − y))·J has the same form with w = 2(ŷ − y) ⊙ ŷ. With
sigmoid, J = diag(ŷ(1 − ŷ))/T and M are diagonal: only the diagonal tiles are non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from app.numerics import losses, softmax
from app.numerics.softmax import Array

IntArray = NDArray[np.int64]
Pool = Literal["mean", "maxabs"]
Order = Literal["index", "prob"]


def bin_edges(classes: int, size: int) -> IntArray:
    """e_k = ⌊k·C/n + 1/2⌋ for k = 0..n, n = min(size, C): bins [e_k, e_{k+1}) of ⌊C/n⌋ or ⌈C/n⌉."""
    tiles = min(size, classes)
    k = np.arange(tiles + 1, dtype=np.int64)
    # Integer arithmetic: rounding k·C/n in floats could make two edges meet.
    return (2 * k * classes + tiles) // (2 * tiles)


def probability_order(probs: Array) -> IntArray:
    """perm: the class at each position when sorted by descending ŷ, ties in class order."""
    # numpy's default argsort is SIMD-accelerated, about 3× faster than its stable sort
    # at C = 2²⁰; the ties it leaves out of class order are put back below.
    perm = np.argsort(-probs)
    ranked = probs[perm]
    tied = ranked[1:] == ranked[:-1]
    if not tied.any():
        return perm
    # Positions inside a run of equal ŷ; each run is sorted by class through one integer
    # key run·C + class (below 2⁴⁰ for C ≤ 2²⁰, so it fits in int64).
    in_run = np.zeros(probs.size, dtype=bool)
    in_run[1:] = tied
    in_run[:-1] |= tied
    positions = np.flatnonzero(in_run)
    run = np.cumsum(np.concatenate([[True], ~tied]))[positions]
    keys = np.sort(run * probs.size + perm[positions])
    perm[positions] = keys % probs.size
    return perm


def top_classes(probs: Array, k: int) -> IntArray:
    """The k most probable classes in probability_order, in O(C) rather than a full sort."""
    k = min(k, probs.size)
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    kth = np.partition(probs, probs.size - k)[probs.size - k]
    above = np.flatnonzero(probs > kth)
    # Ties at the k-th value go to the lowest class indices, as in the stable sort.
    tied = np.flatnonzero(probs == kth)[: k - above.size]
    chosen = np.concatenate([above, tied])
    return chosen[np.lexsort((chosen, -probs[chosen]))]


def rest_sum(values: Array, top: IntArray) -> float:
    """Σ_{i∉top} x_i, summed directly (not Σx − Σ_top x, which cancels when top holds ≈ all)."""
    rest = np.ones(values.size, dtype=bool)
    rest[top] = False
    return float(values.sum(where=rest))


def probability_complements(probs: Array) -> Array:
    """1 − ŷ_i, and Σ_{j≠m} ŷ_j for the most probable class m, so that no digit is lost."""
    complements = 1.0 - probs
    # Only the most probable class can have ŷ_m > 1/2, where 1 − ŷ_m cancels (it is 0 for
    # ŷ_m = 1 − 1e-18); for every other class 1 − ŷ_i is exact to rounding.
    most = int(np.argmax(probs))
    others = np.ones(probs.size, dtype=bool)
    others[most] = False
    complements[most] = probs.sum(where=others)
    return complements


def _bin_argmax(values: Array, edges: IntArray) -> IntArray:
    """The position of the first largest entry in each bin [e_a, e_{a+1}); NaN never wins."""
    values = np.where(np.isnan(values), -np.inf, values)
    starts = edges[:-1]
    maxima = np.maximum.reduceat(values, starts)
    hits = np.flatnonzero(values == np.repeat(maxima, np.diff(edges)))
    # Every bin holds its own maximum, so the first hit at or after a bin's start is in it.
    return hits[np.searchsorted(hits, starts)]


def pool_vector(values: Array, edges: IntArray, pool: Pool) -> Array:
    """Per bin: the mean Σ_{i∈I_a} x_i/|I_a| ("mean") or the x_i of largest |x_i| ("maxabs")."""
    if pool == "mean":
        return np.add.reduceat(values, edges[:-1]) / np.diff(edges)
    return values[_bin_argmax(np.abs(values), edges)]


def pool_centered(
    weights: Array, probs: Array, complements: Array, edges: IntArray, pool: Pool
) -> Array:
    """Pool A_ij = w_i(δ_ij − ŷ_j) over the tiles I_a × I_b, given complements 1 − ŷ_i."""
    starts = edges[:-1]
    counts = np.diff(edges)
    diagonal = np.arange(counts.size)
    if pool == "mean":
        # Tile sums: −W_a·P_b off the diagonal; on it Σ_{i∈I_a} w_i(1 − P_a) = W_a·(1 − P_a).
        w_sums = np.add.reduceat(weights, starts)
        p_sums = np.add.reduceat(probs, starts)
        # 1 − P_a as the sum of the other bins' P_b: no cancellation when P_a is close to 1.
        before = np.concatenate([[0.0], np.cumsum(p_sums)[:-1]])
        after = np.concatenate([np.cumsum(p_sums[::-1])[::-1][1:], [0.0]])
        values = -np.outer(w_sums / counts, p_sums / counts)
        values[diagonal, diagonal] = w_sums * (before + after) / (counts * counts)
        # + 0.0 turns the −0.0 of −(0·ŷ_j) into 0.0, which reads better in JSON.
        return values + 0.0
    # Off the diagonal, i ≠ j always: the largest |w_i|ŷ_j is max|w| over I_a times max ŷ over I_b.
    rows = weights[_bin_argmax(np.abs(weights), edges)]
    cols = np.maximum.reduceat(probs, starts)
    values = -np.outer(rows, cols)
    # In row i, |A_ij| = |w_i|ŷ_j ≤ |w_i|(1 − ŷ_i) = |A_ii| for every j ≠ i, because
    # 1 − ŷ_i = Σ_{j≠i} ŷ_j ≥ ŷ_j; so a diagonal tile's largest entry is on the diagonal.
    diagonal_entries = weights * complements
    values[diagonal, diagonal] = diagonal_entries[_bin_argmax(np.abs(diagonal_entries), edges)]
    return values + 0.0


def pool_diagonal(diagonal: Array, edges: IntArray, pool: Pool) -> Array:
    """Pool diag(d) over the tiles I_a × I_b: off the diagonal tiles 0; on them the mean
    Σ_{i∈I_a} d_i/|I_a|² or the d_i of largest |d_i| (the tile's other entries are 0)."""
    counts = np.diff(edges)
    values = np.zeros((counts.size, counts.size))
    pooled = pool_vector(diagonal, edges, pool)
    values[np.arange(counts.size), np.arange(counts.size)] = (
        pooled / counts if pool == "mean" else pooled
    )
    return values + 0.0


def pooled_jacobian(
    probs: Array, complements: Array, temperature: float, edges: IntArray, pool: Pool
) -> Array:
    """Pooled J_ij = (ŷ_i/T)(δ_ij − ŷ_j), i.e. J = (diag(ŷ) − ŷŷᵀ)/T."""
    return pool_centered(probs, probs, complements, edges, pool) / temperature


def pooled_contributions(
    probs: Array, complements: Array, target: Array, temperature: float, edges: IntArray, pool: Pool
) -> Array:
    """Pooled M_kj = y_k(ŷ_j − δ_kj)/T = −(y_k/T)(δ_kj − ŷ_j)."""
    return pool_centered(-target, probs, complements, edges, pool) / temperature


@dataclass(frozen=True)
class Heatmap:
    """Pooled J (and M, given a target) with what a large-C view needs, as numpy arrays.

    Per-class arrays are in class order; pooled ones are in `order` (positions of `perm`).
    """

    edges: IntArray
    perm: IntArray | None
    probs: Array
    log_probs: Array
    jacobian: Array
    top: IntArray
    target: Array | None = None
    grad_logits: Array | None = None
    loss: float | None = None
    label_sum: float | None = None
    contributions: Array | None = None
    pooled_grad_logits: Array | None = None


def jacobian_heatmap(
    logits: Array,
    temperature: float = 1.0,
    size: int = 256,
    pool: Pool = "mean",
    order: Order = "index",
    target: Array | None = None,
    label_smoothing: float = 0.0,
    top_k: int = 20,
    activation: str = "softmax",
    loss_function: str = "cross_entropy",
) -> Heatmap:
    """Pool J, and M = diag(∂L/∂ŷ)·J for a target y smoothed by ε, over min(size, C)² tiles."""
    # A logit spread past float64 (1e308 − (−1e308)) or a tiny T overflows to ±inf on
    # purpose: exp(−inf) = 0 is the right limit; non-finite results are reported later.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        sigmoid = activation == "sigmoid"
        if sigmoid:
            probs, complements, log_probs, log_complements = losses.sigmoid(logits, temperature)
        else:
            probs = softmax.softmax(logits, temperature)
            log_probs = softmax.log_softmax(logits, temperature)
            complements = probability_complements(probs)
        edges = bin_edges(logits.size, size)
        perm = probability_order(probs) if order == "prob" else None

        def ordered(values: Array) -> Array:
            return values[perm] if perm is not None else values

        top = perm[:top_k] if perm is not None else top_classes(probs, top_k)
        if sigmoid:
            diagonal = losses.sigmoid_jacobian_diagonal(probs, complements, temperature)
            jacobian = pool_diagonal(ordered(diagonal), edges, pool)
        else:
            jacobian = pooled_jacobian(
                ordered(probs), ordered(complements), temperature, edges, pool
            )
        if target is None:
            return Heatmap(edges, perm, probs, log_probs, jacobian, top)
        target = softmax.smooth_target(target, label_smoothing)
        if loss_function == "squared_error":
            grad_probs = losses.grad_probs_squared(probs, target)
            loss = float(losses.squared_error(probs, target))
            if sigmoid:
                grad_logits = grad_probs * diagonal
            else:
                grad_logits = losses.softmax_backward(probs, grad_probs, temperature)
                weights = ordered(grad_probs * probs)
        elif sigmoid:
            grad_logits = losses.grad_logits_binary(probs, target, temperature)
            loss = float(losses.binary_cross_entropy(log_probs, log_complements, target))
        else:
            grad_logits = softmax.grad_logits(probs, target, temperature)
            loss = float(softmax.cross_entropy(log_probs, target))
        if sigmoid:
            # M = diag(∂L/∂ŷ)·J is diagonal, and its diagonal is ∂L/∂o.
            contributions = pool_diagonal(ordered(grad_logits), edges, pool)
        elif loss_function == "squared_error":
            # M_kj = 2(ŷ_k − y_k)·ŷ_k(δ_kj − ŷ_j)/T: the centred form with w = 2(ŷ − y) ⊙ ŷ.
            contributions = (
                pool_centered(weights, ordered(probs), ordered(complements), edges, pool)
                / temperature
            )
        else:
            contributions = pooled_contributions(
                ordered(probs), ordered(complements), ordered(target), temperature, edges, pool
            )
        pooled_grad = pool_vector(ordered(grad_logits), edges, pool)
    return Heatmap(
        edges,
        perm,
        probs,
        log_probs,
        jacobian,
        top,
        target=target,
        grad_logits=grad_logits,
        loss=loss,
        label_sum=float(target.sum()),
        contributions=contributions,
        pooled_grad_logits=pooled_grad,
    )
