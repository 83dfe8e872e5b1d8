"""The pooled heatmap for every activation × loss: pooling the dense J and M tile by tile.

The dense matrices are written out here from the closed forms, with 1 − ŷ computed without
cancellation (Σ_{j≠i} ŷ_j for softmax, 1/(1 + e^{o/T}) for sigmoid); the tiles are pooled
one at a time. ∂L/∂o and L are compared with app.numerics.analysis (checked against PyTorch).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from app.numerics import heatmap
from app.numerics.analysis import analyze

COMBINATIONS = [
    ("softmax", "cross_entropy"),
    ("softmax", "squared_error"),
    ("sigmoid", "cross_entropy"),
    ("sigmoid", "squared_error"),
]


def pool_by_tiles(dense: np.ndarray, edges: np.ndarray, pool: str) -> np.ndarray:
    bins = list(zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True))
    out = np.zeros((len(bins), len(bins)))
    for a, (r0, r1) in enumerate(bins):
        for b, (c0, c1) in enumerate(bins):
            tile = dense[r0:r1, c0:c1]
            out[a, b] = tile.mean() if pool == "mean" else tile.flat[np.argmax(np.abs(tile))]
    return out


def dense_matrices(problem: dict) -> tuple[np.ndarray, np.ndarray]:
    """J and M = diag(∂L/∂ŷ)·J, entry by entry."""
    z, y, t = problem["logits"] / problem["temperature"], problem["target"], problem["temperature"]
    if problem["activation"] == "sigmoid":
        probs, complements = 1.0 / (1.0 + np.exp(-z)), 1.0 / (1.0 + np.exp(z))
        jacobian = np.diag(probs * complements) / t
        if problem["loss_function"] == "squared_error":
            return jacobian, np.diag(2.0 * (probs - y) * probs * complements) / t
        return jacobian, np.diag(probs - y) / t
    e = np.exp(z - z.max())
    probs = e / e.sum()
    complements = np.array([np.delete(probs, i).sum() for i in range(probs.size)])
    jacobian = -np.outer(probs, probs)
    np.fill_diagonal(jacobian, probs * complements)
    # M_kj = w_k(δ_kj − ŷ_j): w = −y for cross-entropy, 2(ŷ − y) ⊙ ŷ for squared error.
    w = -y if problem["loss_function"] == "cross_entropy" else 2.0 * (probs - y) * probs
    contributions = -np.outer(w, probs)
    np.fill_diagonal(contributions, w * complements)
    return jacobian / t, contributions / t


def assert_pooled(pooled: np.ndarray, dense: np.ndarray, edges: np.ndarray, pool: str) -> None:
    want = pool_by_tiles(dense, edges, pool)
    tolerance = 1e-12 * np.abs(dense).max() + 1e-300
    if pool == "mean":
        np.testing.assert_allclose(pooled, want, rtol=0, atol=tolerance)
    else:  # ties in |·| may pick either sign
        np.testing.assert_allclose(np.abs(pooled), np.abs(want), rtol=0, atol=tolerance)


@st.composite
def problems(draw: st.DrawFn) -> dict:
    activation, loss_function = draw(st.sampled_from(COMBINATIONS))
    classes = draw(st.integers(1, 60))
    logits = draw(hnp.arrays(np.float64, classes, elements=st.floats(-8.0, 8.0, width=64)))
    if activation == "sigmoid":
        target = draw(hnp.arrays(np.float64, classes, elements=st.sampled_from([0.0, 1.0, 0.3])))
    else:
        target = np.eye(classes)[draw(st.integers(0, classes - 1))]
    return {
        "activation": activation,
        "loss_function": loss_function,
        "logits": logits,
        "target": target,
        "temperature": draw(st.sampled_from([0.5, 1.0, 2.0])),
        "size": draw(st.integers(1, 12)),
        "pool": draw(st.sampled_from(["mean", "maxabs"])),
        "order": draw(st.sampled_from(["index", "prob"])),
    }


@settings(max_examples=120, deadline=None)
@given(problems())
def test_pooled_heatmap_equals_pooling_the_dense_matrices(problem):
    dense = analyze(
        problem["logits"],
        problem["target"],
        problem["temperature"],
        activation=problem["activation"],
        loss_function=problem["loss_function"],
        gradients=True,
    )
    result = heatmap.jacobian_heatmap(
        problem["logits"],
        problem["temperature"],
        problem["size"],
        problem["pool"],
        problem["order"],
        target=problem["target"],
        activation=problem["activation"],
        loss_function=problem["loss_function"],
    )
    perm = result.perm if result.perm is not None else np.arange(problem["logits"].size)
    ordered = np.ix_(perm, perm)
    jacobian, contributions = dense_matrices(problem)
    assert_pooled(result.jacobian, jacobian[ordered], result.edges, problem["pool"])
    assert_pooled(result.contributions, contributions[ordered], result.edges, problem["pool"])
    np.testing.assert_allclose(result.grad_logits, dense.grad_logits, rtol=1e-12, atol=1e-300)
    assert result.loss == pytest.approx(dense.loss, rel=1e-12, abs=1e-300)


def test_pooled_sigmoid_jacobian_is_zero_off_the_diagonal_tiles():
    logits = np.linspace(-3.0, 3.0, 10)
    result = heatmap.jacobian_heatmap(logits, size=5, activation="sigmoid")
    off = result.jacobian - np.diag(np.diag(result.jacobian))
    assert not off.any()
    probs = 1.0 / (1.0 + np.exp(-logits))
    d = probs * (1.0 - probs)
    np.testing.assert_allclose(np.diag(result.jacobian), (d[0::2] + d[1::2]) / 4, rtol=1e-14)


def test_pooled_sigmoid_heatmap_pools_a_million_classes_without_a_dense_matrix():
    logits = np.random.default_rng(0).normal(size=1 << 20)
    result = heatmap.jacobian_heatmap(
        logits, size=64, activation="sigmoid", target=np.zeros(1 << 20)
    )
    assert result.jacobian.shape == (64, 64)
    assert np.isfinite(result.contributions).all()
