"""app.heatmap against the dense matrices, built here from the closed form and pooled by loops.

The references share no code with app.heatmap: ŷ from its own exponentials, 1 − ŷ_i as
Σ_{j≠i} e_j / Σ_j e_j (a sum of positive terms, so a ŷ close to 1 keeps its digits in the
reference too), J and M written out entry by entry, and tiles pooled one at a time.
"""

from __future__ import annotations

import tracemalloc

import mpmath
import numpy as np
import pytest
import reference
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from app.numerics import heatmap


def reference_probs(logits: np.ndarray, temperature: float) -> tuple[np.ndarray, np.ndarray]:
    """ŷ and 1 − ŷ in 40-digit arithmetic, rounded once to float64.

    In float64, o/T itself rounds by up to ulp(|o|/T) (1.8e-12 at o = 700, T = 0.05), which
    moves a tiny ŷ_k = exp(z_k) by as much relatively: a float64 reference would be less
    exact than the pooled values it checks.
    """
    with mpmath.workdps(40):
        scaled = [mpmath.mpf(float(o)) / mpmath.mpf(temperature) for o in logits]
        top = max(scaled)
        exps = [mpmath.exp(z - top) for z in scaled]
        # 1 − ŷ_k as the others' sum, prefix plus suffix: sums of positive terms, so no
        # cancellation however close ŷ_k is to 1.
        before = [mpmath.mpf(0)]
        for e in exps:
            before.append(before[-1] + e)
        after = [mpmath.mpf(0)]
        for e in reversed(exps):
            after.append(after[-1] + e)
        after.reverse()
        total = before[-1]
        probs = np.array([float(e / total) for e in exps])
        complements = np.array(
            [float((before[k] + after[k + 1]) / total) for k in range(len(exps))]
        )
    return probs, complements


def dense_jacobian(logits: np.ndarray, temperature: float) -> np.ndarray:
    """J_ij = ŷ_i(δ_ij − ŷ_j)/T: −ŷ_iŷ_j/T off the diagonal, ŷ_i(1 − ŷ_i)/T on it."""
    probs, complements = reference_probs(logits, temperature)
    jacobian = -np.outer(probs, probs)
    np.fill_diagonal(jacobian, probs * complements)
    return jacobian / temperature


def dense_contributions(logits: np.ndarray, target: np.ndarray, temperature: float) -> np.ndarray:
    """M_kj = y_k(ŷ_j − δ_kj)/T: y_kŷ_j/T off the diagonal, −y_k(1 − ŷ_k)/T on it."""
    probs, complements = reference_probs(logits, temperature)
    contributions = np.outer(target, probs)
    np.fill_diagonal(contributions, -target * complements)
    return contributions / temperature


def tiles(matrix: np.ndarray, edges: np.ndarray) -> list[list[np.ndarray]]:
    bins = list(zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True))
    return [[matrix[r0:r1, c0:c1] for c0, c1 in bins] for r0, r1 in bins]


def assert_pooled(pooled: np.ndarray, dense: np.ndarray, edges: np.ndarray, pool: str) -> None:
    """pooled equals the dense matrix pooled tile by tile, to 1e-12 of its largest entry."""
    tolerance = 1e-12 * np.abs(dense).max() + 1e-300
    blocks = tiles(dense, edges)
    assert pooled.shape == (len(blocks), len(blocks))
    for a, row in enumerate(blocks):
        for b, tile in enumerate(row):
            value = pooled[a, b]
            if pool == "mean":
                assert abs(value - tile.mean()) <= tolerance, (a, b, value, tile.mean())
                continue
            # Ties in |·| with opposite signs happen (C = 2: ŷ₁ŷ₂ and −ŷ₁ŷ₂), so accept any
            # entry of the tile that is, to rounding, of the largest magnitude.
            assert abs(abs(value) - np.abs(tile).max()) <= tolerance, (a, b, value)
            assert np.abs(tile - value).min() <= tolerance, (a, b, value)


@st.composite
def problems(draw: st.DrawFn) -> dict:
    """Logits (some with ties), temperature, tiling, pool, order and an optional target."""
    classes = draw(st.integers(1, 90))
    if draw(st.booleans()):
        scale = draw(st.sampled_from([0.01, 3.0, 40.0, 700.0]))
        elements = st.floats(-scale, scale, allow_nan=False, width=64)
        logits = draw(hnp.arrays(np.float64, classes, elements=elements))
    else:
        logits = draw(hnp.arrays(np.float64, classes, elements=st.integers(-3, 3).map(float)))
    target = None
    label_smoothing = 0.0
    kind = draw(st.sampled_from(["none", "index", "distribution"]))
    if kind == "index":
        target = np.zeros(classes)
        target[draw(st.integers(0, classes - 1))] = 1.0
    elif kind == "distribution":
        entries = st.one_of(st.just(0.0), st.floats(0.0, 5.0, width=64))
        target = draw(hnp.arrays(np.float64, classes, elements=entries))
    if target is not None and draw(st.booleans()):
        label_smoothing = draw(st.floats(0.0, 0.99))
    return {
        "logits": logits,
        "temperature": draw(st.sampled_from([0.05, 0.5, 1.0, 3.0, 20.0])),
        "size": draw(st.one_of(st.integers(1, 12), st.integers(1, classes + 5))),
        "pool": draw(st.sampled_from(["mean", "maxabs"])),
        "order": draw(st.sampled_from(["index", "prob"])),
        "target": target,
        "label_smoothing": label_smoothing,
    }


def positions(result: heatmap.Heatmap) -> np.ndarray:
    return result.perm if result.perm is not None else np.arange(result.probs.size)


def test_bin_edges_split_ten_classes_into_four_near_equal_bins() -> None:
    assert heatmap.bin_edges(10, 4).tolist() == [0, 3, 5, 8, 10]
    assert heatmap.bin_edges(3, 256).tolist() == [0, 1, 2, 3]
    assert heatmap.bin_edges(1, 1).tolist() == [0, 1]


@given(classes=st.integers(1, 2**20), size=st.integers(1, 1024))
def test_bin_edges_are_min_size_c_half_open_bins_of_floor_or_ceil_c_over_n(
    classes: int, size: int
) -> None:
    edges = heatmap.bin_edges(classes, size)
    tiles_per_side = min(size, classes)
    counts = np.diff(edges)
    assert edges[0] == 0 and edges[-1] == classes
    assert counts.size == tiles_per_side
    assert set(counts.tolist()) <= {classes // tiles_per_side, -(-classes // tiles_per_side)}


@settings(max_examples=300, deadline=None)
@given(problems())
def test_pooled_jacobian_equals_pooling_the_dense_jacobian(problem: dict) -> None:
    logits, temperature = problem["logits"], problem["temperature"]
    result = heatmap.jacobian_heatmap(
        logits, temperature, problem["size"], problem["pool"], problem["order"]
    )
    perm = positions(result)
    dense = dense_jacobian(logits, temperature)[np.ix_(perm, perm)]
    assert_pooled(result.jacobian, dense, result.edges, problem["pool"])
    assert result.contributions is None and result.grad_logits is None


@settings(max_examples=300, deadline=None)
@given(problems())
def test_pooled_contributions_equal_pooling_the_dense_matrix(problem: dict) -> None:
    logits, temperature, target = problem["logits"], problem["temperature"], problem["target"]
    if target is None:
        target = np.ones(logits.size) / logits.size
    eps = problem["label_smoothing"]
    result = heatmap.jacobian_heatmap(
        logits,
        temperature,
        problem["size"],
        problem["pool"],
        problem["order"],
        target=target,
        label_smoothing=eps,
    )
    smoothed = (1 - eps) * target + eps / logits.size
    perm = positions(result)
    dense = dense_contributions(logits, smoothed, temperature)[np.ix_(perm, perm)]
    assert result.contributions is not None
    assert_pooled(result.contributions, dense, result.edges, problem["pool"])
    # M's column sums are ∂L/∂o; pooled per bin like the tiles.
    assert result.pooled_grad_logits is not None
    grad = dense.sum(axis=0)
    # The closed form (ŷ_jΣy − y_j)/T rounds relative to Σy/T (it cancels where ŷ_j ≈ 1).
    tolerance = 1e-12 * logits.size * (np.abs(dense).max() + smoothed.sum() / temperature)
    for b, (start, end) in enumerate(zip(result.edges[:-1], result.edges[1:], strict=True)):
        chunk = grad[start:end]
        value = result.pooled_grad_logits[b]
        if problem["pool"] == "mean":
            assert abs(value - chunk.mean()) <= tolerance
        else:
            assert abs(abs(value) - np.abs(chunk).max()) <= tolerance
            assert np.abs(chunk - value).min() <= tolerance
    assert result.label_sum == pytest.approx(smoothed.sum(), rel=1e-12)
    scaled = logits / temperature
    shifted = scaled - scaled.max()
    log_probs = shifted - np.log(np.exp(shifted).sum())
    loss = -(smoothed * log_probs)[smoothed > 0].sum()
    assert result.loss == pytest.approx(loss, rel=1e-9, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(problems())
def test_mean_pooled_contributions_sum_down_the_columns_to_the_pooled_gradient(
    problem: dict,
) -> None:
    logits, target = problem["logits"], problem["target"]
    if target is None:
        return
    result = heatmap.jacobian_heatmap(
        logits, problem["temperature"], problem["size"], "mean", problem["order"], target=target
    )
    assert result.contributions is not None and result.pooled_grad_logits is not None
    counts = np.diff(result.edges)
    column_sums = counts @ result.contributions
    # ∂L/∂o_j = (ŷ_jΣy − y_j)/T cancels when ŷ_j ≈ 1: its rounding is relative to Σy/T.
    scale = logits.size * target.sum() / problem["temperature"] + 1e-300
    np.testing.assert_allclose(column_sums, result.pooled_grad_logits, rtol=0, atol=1e-12 * scale)


def test_pooling_a_two_class_jacobian_into_one_tile_gives_zero_mean_and_the_diagonal() -> None:
    logits = np.array([0.3, -1.2])
    probs, _ = reference_probs(logits, 1.0)
    mean = heatmap.jacobian_heatmap(logits, size=1, pool="mean")
    maxabs = heatmap.jacobian_heatmap(logits, size=1, pool="maxabs")
    # Rows of J sum to 0, so does every full-width tile; |J_ij| ties at ŷ₁ŷ₂ everywhere.
    assert mean.jacobian.tolist() == [[0.0]]
    assert maxabs.jacobian[0, 0] == pytest.approx(probs[0] * probs[1], rel=1e-14)


@pytest.mark.parametrize("classes", [1, 2, 5, 64, 257])
@pytest.mark.parametrize("size", [1, 4, 64, 1024])
@pytest.mark.parametrize("pool", ["mean", "maxabs"])
@pytest.mark.parametrize("order", ["index", "prob"])
def test_pooled_jacobian_is_exact_for_fixed_class_counts_and_sizes(
    classes: int, size: int, pool: str, order: str
) -> None:
    rng = np.random.default_rng(classes * 1031 + size)
    logits = rng.standard_t(3, size=classes) * 2
    target = rng.dirichlet(np.ones(classes))
    result = heatmap.jacobian_heatmap(logits, 0.7, size, pool, order, target=target)
    perm = positions(result)
    assert result.edges.size - 1 == min(size, classes)
    assert_pooled(
        result.jacobian, dense_jacobian(logits, 0.7)[np.ix_(perm, perm)], result.edges, pool
    )
    dense_m = dense_contributions(logits, target, 0.7)[np.ix_(perm, perm)]
    assert result.contributions is not None
    assert_pooled(result.contributions, dense_m, result.edges, pool)


def test_unpooled_heatmap_is_the_jacobian_from_torch_autograd() -> None:
    torch = pytest.importorskip("torch")
    logits = np.array([1.5, -0.3, 0.2, 2.2, -1.0, 0.0])
    temperature = 1.7
    expected = torch.autograd.functional.jacobian(
        lambda o: torch.softmax(o / temperature, dim=0),
        torch.tensor(logits, dtype=torch.float64),
    ).numpy()
    for pool in ("mean", "maxabs"):
        result = heatmap.jacobian_heatmap(logits, temperature, size=64, pool=pool)
        np.testing.assert_allclose(result.jacobian, expected, rtol=1e-12, atol=1e-17)


def test_jacobian_diagonal_keeps_its_digits_when_one_class_takes_almost_all_probability() -> None:
    # ŷ₀ = 1 − 4e-18 rounds to 1.0, so the closed form ŷ₀ − ŷ₀² gives 0; the true
    # J₀₀ = ŷ₀(ŷ₁ + ŷ₂) ≈ 4.2e-18, and row 0 must still sum to 0.
    logits = [40.0, 0.0, 0.0]
    probs = reference.softmax(logits)
    expected = [[float(probs[i] * ((i == j) - probs[j])) for j in range(3)] for i in range(3)]
    result = heatmap.jacobian_heatmap(np.array(logits), size=3)
    np.testing.assert_allclose(result.jacobian, expected, rtol=1e-12)
    assert abs(result.jacobian[0].sum()) <= 1e-30
    # Bins [0, 2) and [2, 3): the first tile's sum is ŷ₂(ŷ₀ + ŷ₁) ≈ 4.2e-18, not 0.
    pooled = heatmap.jacobian_heatmap(np.array(logits), size=2)
    tile_sum = mpmath.fsum(probs[i] * ((i == j) - probs[j]) for i in (0, 1) for j in (0, 1))
    assert pooled.jacobian[0, 0] == pytest.approx(float(tile_sum) / 4, rel=1e-12)


@settings(max_examples=200, deadline=None)
@given(
    hnp.arrays(
        np.float64,
        st.integers(1, 300),
        elements=st.one_of(st.sampled_from([0.0, 0.25, 1e-300]), st.floats(0.0, 1.0)),
    ),
    st.integers(0, 310),
)
def test_prob_order_and_top_classes_sort_by_descending_probability_ties_in_class_order(
    probs: np.ndarray, k: int
) -> None:
    perm = heatmap.probability_order(probs)
    expected = sorted(range(probs.size), key=lambda i: (-probs[i], i))
    assert perm.tolist() == expected
    assert heatmap.top_classes(probs, k).tolist() == expected[:k]


def test_rest_sum_adds_every_class_outside_the_top() -> None:
    values = np.array([0.5, 1e-20, 0.25, 2e-20, 0.25 - 3e-20])
    # Σx − Σ_top x would give 0 or a rounding error of 1e-17 here.
    assert heatmap.rest_sum(values, np.array([0, 2, 4])) == pytest.approx(3e-20, rel=1e-15)
    assert heatmap.rest_sum(values, np.arange(5)) == 0.0


def test_top_and_perm_agree_in_prob_order() -> None:
    logits = np.array([0.0, 2.0, 2.0, -1.0, 5.0, 2.0])
    result = heatmap.jacobian_heatmap(logits, order="prob", top_k=4)
    assert result.perm is not None
    assert result.perm.tolist() == [4, 1, 2, 5, 0, 3]
    assert result.top.tolist() == [4, 1, 2, 5]
    assert heatmap.jacobian_heatmap(logits, top_k=4).top.tolist() == [4, 1, 2, 5]


@pytest.mark.parametrize("order", ["index", "prob"])
@pytest.mark.parametrize("pool", ["mean", "maxabs"])
def test_a_million_classes_pool_in_memory_linear_in_c(order: str, pool: str) -> None:
    classes = 2**20
    rng = np.random.default_rng(7)
    logits = rng.standard_t(3, size=classes) * 3
    target = np.zeros(classes)
    target[12345] = 1.0
    tracemalloc.start()
    try:
        result = heatmap.jacobian_heatmap(
            logits, 1.0, 8, pool, order, target=target, label_smoothing=0.1
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # A dense J would be C²·8 bytes = 8 TiB; a few dozen vectors of C floats is the budget.
    assert peak < 32 * classes * 8
    assert result.jacobian.shape == (8, 8)
    assert result.contributions is not None
    assert np.isfinite(result.jacobian).all() and np.isfinite(result.contributions).all()
    # Every row of J sums to 0, hence so does every row of bins, weighted by bin size.
    counts = np.diff(result.edges)
    if pool == "mean":
        row_sums = result.jacobian @ counts
        assert np.abs(row_sums).max() <= 1e-12 * np.abs(result.jacobian).max() * classes
