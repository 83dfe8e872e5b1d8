"""Parity with PyTorch (float64): F.softmax, F.cross_entropy, autograd.

Skipped where torch is not installed; the test command installs it (extra `parity`).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from app.numerics.analysis import analyze

torch = pytest.importorskip("torch")
F = torch.nn.functional

RTOL, ATOL = 1e-9, 1e-12


@st.composite
def cases(draw: st.DrawFn) -> dict:
    batch = draw(st.integers(1, 4))
    classes = draw(st.integers(1, 8))
    scale = draw(st.sampled_from([0.5, 5.0, 40.0]))
    logits = draw(
        hnp.arrays(np.float64, (batch, classes), elements=st.floats(-scale, scale, width=64))
    )
    kind = draw(st.sampled_from(["index", "distribution", "unnormalised"]))
    if kind == "index":
        indices = draw(hnp.arrays(np.int64, (batch,), elements=st.integers(0, classes - 1)))
        labels = indices
        target = np.eye(classes)[indices]
    else:
        raw = draw(hnp.arrays(np.float64, (batch, classes), elements=st.floats(0.0, 1.0, width=64)))
        if kind == "distribution":
            raw = raw + 1e-3
            raw = raw / raw.sum(axis=1, keepdims=True)
        labels = raw
        target = raw
    return {
        "logits": logits,
        "labels": labels,
        "target": target,
        "kind": kind,
        "row": draw(st.booleans()),
        "temperature": draw(st.sampled_from([0.2, 1.0, 3.0])),
        "label_smoothing": draw(st.sampled_from([0.0, 0.1, 0.45])),
        "reduction": draw(st.sampled_from(["mean", "sum", "none"])),
    }


def torch_loss(case: dict, logits: torch.Tensor) -> torch.Tensor:
    labels = torch.as_tensor(case["labels"])
    return F.cross_entropy(
        logits / case["temperature"],
        labels,
        label_smoothing=case["label_smoothing"],
        reduction=case["reduction"],
    )


@settings(max_examples=80, deadline=None)
@given(cases())
def test_everything_agrees_with_pytorch(case):
    logits_np = case["logits"][:1] if case["row"] else case["logits"]
    if case["row"]:
        case = {**case, "labels": case["labels"][:1], "target": case["target"][:1]}
    logits = torch.tensor(logits_np, dtype=torch.float64, requires_grad=True)
    loss = torch_loss(case, logits)

    ours = analyze(
        logits_np[0] if case["row"] else logits_np,
        case["target"][0] if case["row"] else case["target"],
        case["temperature"],
        case["label_smoothing"],
        "sum" if case["row"] else case["reduction"],
        jacobian=True,
        gradients=True,
    )
    probs = F.softmax(logits / case["temperature"], dim=-1).detach().numpy()
    np.testing.assert_allclose(np.atleast_2d(ours.probs), probs, rtol=RTOL, atol=ATOL)

    if case["row"] or case["reduction"] == "none":
        expected_losses = loss.detach().numpy().reshape(-1)
        # Absolute slack as for the reduced loss below: PyTorch takes log of the rounded
        # Σ exp, so a loss near 0 (a confident, right prediction) carries its absolute
        # rounding, ~1e−16; ours keeps those digits (log1p, checked against mpmath
        # relative to 1e−12 in test_numerics).
        np.testing.assert_allclose(
            np.atleast_1d(ours.losses), expected_losses, rtol=RTOL, atol=ATOL
        )
        total = loss.sum()
    else:
        assert ours.loss == pytest.approx(loss.item(), rel=RTOL, abs=ATOL)
        total = loss
    (grad,) = torch.autograd.grad(total, logits)
    np.testing.assert_allclose(np.atleast_2d(ours.grad_logits), grad.numpy(), rtol=RTOL, atol=ATOL)

    jacobian = torch.autograd.functional.jacobian(
        lambda row: F.softmax(row / case["temperature"], dim=-1),
        torch.tensor(logits_np[0], dtype=torch.float64),
    )
    ours_first = ours.jacobian if case["row"] else ours.jacobian[0]
    np.testing.assert_allclose(ours_first, jacobian.numpy(), rtol=RTOL, atol=ATOL)


def test_huge_logits_agree_with_pytorch():
    logits = torch.tensor([[1000.0, 0.0]], dtype=torch.float64, requires_grad=True)
    loss = F.cross_entropy(logits, torch.tensor([1]))
    (grad,) = torch.autograd.grad(loss, logits)
    ours = analyze(np.array([1000.0, 0.0]), np.array([0.0, 1.0]), gradients=True)
    assert ours.loss == loss.item() == 1000.0
    np.testing.assert_array_equal(ours.grad_logits, grad.numpy()[0])
