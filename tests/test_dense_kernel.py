"""The compiled kernel app._dense against the numpy composition it replaces.

Every field of `analyze(..., everything)` is compared between the two paths over
hypothesis-drawn rows and batches, temperatures, smoothing, soft labels (Σy ≠ 1
included) and reductions, and over the extreme inputs where values stop being finite.
The mpmath, finite-difference and PyTorch tests of the other files go through the
kernel too, since `analyze` uses it whenever everything is asked for.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from app import analysis

if not analysis.COMPILED:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("app._dense is not compiled: `pip install -e .` builds it (needs gcc)")
    pytest.skip("app._dense is not compiled", allow_module_level=True)

from app import _dense  # noqa: E402 -- only once it is known to be built

ARRAYS = ("probs", "log_probs", "target", "jacobian", "grad_probs", "grad_logits")
MORE = ("contributions", "losses", "label_sum", "entropy", "predicted")


def both(logits: np.ndarray, target: np.ndarray, **options: object) -> tuple:
    everything = dict(jacobian=True, gradients=True, contributions=True, checks=True)
    compiled = analysis.analyze(logits, target, **options, **everything)  # type: ignore[arg-type]
    reference = analysis.analyze(logits, target, **options, **everything, compiled=False)  # type: ignore[arg-type]
    return compiled, reference


def assert_same_numbers(compiled: analysis.Analysis, reference: analysis.Analysis) -> None:
    for name in ARRAYS + MORE:
        ours, theirs = np.asarray(getattr(compiled, name)), np.asarray(getattr(reference, name))
        assert ours.shape == theirs.shape, name
        assert ours.dtype == theirs.dtype, name
        # The same entries are ±∞ or NaN, the others agree to rounding (exp and sums
        # round differently in libm and numpy's vectorised loops).
        np.testing.assert_array_equal(np.isfinite(ours), np.isfinite(theirs), err_msg=name)
        finite = np.isfinite(theirs)
        np.testing.assert_array_equal(ours[~finite], theirs[~finite], err_msg=name)
        scale = max(1.0, float(np.abs(theirs[finite]).max(initial=0.0)))
        np.testing.assert_allclose(
            ours[finite], theirs[finite], rtol=1e-12, atol=1e-13 * scale, err_msg=name
        )
    if reference.loss is None:  # reduction "none"
        assert compiled.loss is None
    else:
        assert compiled.loss == pytest.approx(reference.loss, rel=1e-12, abs=1e-13, nan_ok=True)
    assert compiled.lecture_form == reference.lecture_form
    everything_finite = all(
        np.isfinite(getattr(reference, name)).all() for name in ARRAYS + MORE
    ) and (reference.loss is None or np.isfinite(reference.loss))
    assert compiled.all_finite == everything_finite
    assert compiled.warnings == reference.warnings
    # The checks measure rounding (and the finite difference's truncation), so they
    # agree where truncation dominates and are both tiny where rounding does.
    for name in ("chain_rule_max_abs_err", "finite_diff_max_abs_err"):
        ours, theirs = getattr(compiled, name), getattr(reference, name)
        assert np.isnan(ours) == np.isnan(theirs), name
        if not np.isnan(theirs):
            noise = 1e-7 * max(1.0, float(np.abs(reference.grad_logits).max()))
            assert ours == pytest.approx(theirs, rel=1e-3, abs=noise), name


@st.composite
def problems(draw: st.DrawFn) -> dict:
    batch = draw(st.one_of(st.none(), st.integers(1, 4)))
    classes = draw(st.integers(1, 9))
    shape = (classes,) if batch is None else (batch, classes)
    scale = draw(st.sampled_from([0.1, 3.0, 30.0]))
    floats = st.floats(-scale, scale, allow_nan=False, width=64)
    logits = draw(hnp.arrays(np.float64, shape, elements=floats))
    if draw(st.booleans()):
        indices = draw(hnp.arrays(np.int64, shape[:-1], elements=st.integers(0, classes - 1)))
        target = (np.arange(classes) == indices[..., None]).astype(float)
    else:  # soft labels, not necessarily summing to 1, zeros included
        weights = st.one_of(st.just(0.0), st.floats(0.0, 2.0, width=64))
        target = draw(hnp.arrays(np.float64, shape, elements=weights))
    return {
        "logits": logits,
        "target": target,
        "temperature": draw(st.sampled_from([0.05, 0.3, 1.0, 2.5, 20.0])),
        "label_smoothing": draw(st.sampled_from([0.0, 0.1, 0.5])),
        "reduction": draw(st.sampled_from(["mean", "sum", "none"])),
    }


@settings(max_examples=300, deadline=None)
@given(problems())
def test_kernel_matches_the_numpy_composition(problem: dict) -> None:
    logits, target = problem.pop("logits"), problem.pop("target")
    assert_same_numbers(*both(logits, target, **problem))


@pytest.mark.parametrize(
    ("logits", "target", "temperature"),
    [
        ([1000.0, 0.0], [0.0, 1.0], 1.0),  # ŷ_1 underflows: ∂L/∂ŷ_1 = −∞, chain check NaN
        ([1e308, -1e308], [1.0, 0.0], 1.0),  # the spread overflows: z = −∞
        ([1.0, -1.0], [1.0, 0.0], 1e-320),  # o/T overflows
        ([2.0, 1.0, 0.1], [1e308, 1e308, 0.0], 1.0),  # Σy overflows
        ([[1000.0, 0.0], [0.0, 0.0]], [[0.0, 1.0], [0.5, 0.5]], 1.0),
        ([0.0], [1.0], 1.0),  # one class
    ],
)
def test_kernel_matches_where_values_stop_being_finite(
    logits: list, target: list, temperature: float
) -> None:
    compiled, reference = both(np.array(logits), np.array(target), temperature=temperature)
    assert_same_numbers(compiled, reference)


def test_a_sum_of_finite_losses_that_overflows_is_not_called_finite() -> None:
    logits, target = np.array([[0.0, 0.0]] * 4), np.array([[8e307, 0.0]] * 4)
    compiled, reference = both(logits, target, reduction="sum")
    arrays = [getattr(compiled, name) for name in ARRAYS + MORE]
    assert all(np.isfinite(array).all() for array in arrays) and compiled.loss == np.inf
    assert not compiled.all_finite
    assert_same_numbers(compiled, reference)


def test_a_row_gives_scalars_like_the_numpy_composition() -> None:
    compiled, _ = both(np.array([2.0, 1.0, 0.1]), np.array([0.0, 1.0, 0.0]))
    assert compiled.losses.shape == compiled.label_sum.shape == compiled.entropy.shape == ()
    assert isinstance(compiled.loss, float)


def test_wrong_buffers_are_refused_not_overrun() -> None:
    rows, classes = 1, 3
    row, square, one = np.zeros(3), np.zeros((3, 3)), np.zeros(1)
    outputs = [row.copy(), row.copy(), square.copy(), row.copy(), row.copy(), square.copy()]
    scalars = [one.copy(), one.copy(), one.copy()]
    args = (row, row, rows, classes, 1.0, 1.0, 1e-5)
    assert _dense.analyze(*args, *outputs, *scalars) == (0.0, pytest.approx(0.0, abs=1e-8), True)
    with pytest.raises(ValueError, match="jacobian holds 24 bytes"):
        _dense.analyze(*args, row, row, np.zeros(3), row, row, square, *scalars)
    with pytest.raises(ValueError, match="logits holds"):
        _dense.analyze(np.zeros(4), *args[1:], *outputs, *scalars)
    with pytest.raises(ValueError, match="at least 1"):
        _dense.analyze(np.zeros(0), np.zeros(0), 0, 3, 1.0, 1.0, 1e-5, *outputs, *scalars)
    frozen = row.copy()
    frozen.flags.writeable = False
    with pytest.raises((TypeError, BufferError, ValueError)):
        _dense.analyze(*args, frozen, *outputs[1:], *scalars)
