"""Parity with PyTorch (float64) for the four activation × loss combinations.

F.softmax / torch.sigmoid, F.cross_entropy, F.mse_loss(F.softmax(o/T), y, "sum"),
F.binary_cross_entropy_with_logits(o/T, y, "sum") (÷ B for mean), autograd for ∂L/∂o
and torch.autograd.functional.jacobian for J. Skipped where torch is not installed.
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
COMBINATIONS = [
    ("softmax", "cross_entropy"),
    ("softmax", "squared_error"),
    ("sigmoid", "cross_entropy"),
    ("sigmoid", "squared_error"),
]


@st.composite
def cases(draw: st.DrawFn) -> dict:
    activation, loss_function = draw(st.sampled_from(COMBINATIONS))
    batch = draw(st.integers(1, 4))
    classes = draw(st.integers(1, 8))
    scale = draw(st.sampled_from([0.5, 5.0, 30.0]))
    logits = draw(
        hnp.arrays(np.float64, (batch, classes), elements=st.floats(-scale, scale, width=64))
    )
    if activation == "sigmoid" and draw(st.booleans()):
        # Multi-label: every class 0 or 1, several may be 1.
        target = draw(
            hnp.arrays(np.float64, (batch, classes), elements=st.sampled_from([0.0, 1.0]))
        )
    elif activation == "sigmoid":
        target = draw(
            hnp.arrays(np.float64, (batch, classes), elements=st.floats(0.0, 1.0, width=64))
        )
    else:
        indices = draw(hnp.arrays(np.int64, (batch,), elements=st.integers(0, classes - 1)))
        target = np.eye(classes)[indices]
    return {
        "activation": activation,
        "loss_function": loss_function,
        "logits": logits,
        "target": target,
        "row": draw(st.booleans()),
        "temperature": draw(st.sampled_from([0.2, 1.0, 3.0])),
        "reduction": draw(st.sampled_from(["mean", "sum", "none"])),
    }


def activate(case: dict, logits: torch.Tensor) -> torch.Tensor:
    scaled = logits / case["temperature"]
    return F.softmax(scaled, dim=-1) if case["activation"] == "softmax" else torch.sigmoid(scaled)


def torch_losses(case: dict, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Each row's loss, by PyTorch's own functions."""
    scaled = logits / case["temperature"]
    rows = []
    for b in range(logits.shape[0]):
        if case["loss_function"] == "squared_error":
            rows.append(F.mse_loss(activate(case, logits[b]), target[b], reduction="sum"))
        elif case["activation"] == "sigmoid":
            rows.append(F.binary_cross_entropy_with_logits(scaled[b], target[b], reduction="sum"))
        else:
            rows.append(F.cross_entropy(scaled[b], target[b]))
    return torch.stack(rows)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_every_combination_agrees_with_pytorch(case):
    logits_np = case["logits"][:1] if case["row"] else case["logits"]
    target_np = case["target"][:1] if case["row"] else case["target"]
    reduction = "sum" if case["row"] else case["reduction"]
    logits = torch.tensor(logits_np, dtype=torch.float64, requires_grad=True)
    target = torch.tensor(target_np, dtype=torch.float64)
    per_row = torch_losses(case, logits, target)
    total = per_row.mean() if reduction == "mean" else per_row.sum()
    (grad,) = torch.autograd.grad(total, logits)

    ours = analyze(
        logits_np[0] if case["row"] else logits_np,
        target_np[0] if case["row"] else target_np,
        case["temperature"],
        0.0,
        reduction,
        activation=case["activation"],
        loss_function=case["loss_function"],
        jacobian=True,
        gradients=True,
    )
    probs = activate(case, logits).detach().numpy()
    np.testing.assert_allclose(np.atleast_2d(ours.probs), probs, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(
        np.atleast_1d(ours.losses), per_row.detach().numpy(), rtol=RTOL, atol=ATOL
    )
    if reduction != "none":
        assert ours.loss == pytest.approx(total.item(), rel=RTOL, abs=ATOL)
    np.testing.assert_allclose(np.atleast_2d(ours.grad_logits), grad.numpy(), rtol=RTOL, atol=ATOL)

    jacobian = torch.autograd.functional.jacobian(
        lambda row: activate(case, row), torch.tensor(logits_np[0], dtype=torch.float64)
    )
    ours_first = ours.jacobian if case["row"] else ours.jacobian[0]
    np.testing.assert_allclose(ours_first, jacobian.numpy(), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("target", [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
def test_huge_logits_with_sigmoid_cross_entropy_agree_with_pytorch(target):
    logits = torch.tensor([[1000.0, -1000.0]], dtype=torch.float64, requires_grad=True)
    y = torch.tensor([target], dtype=torch.float64)
    loss = F.binary_cross_entropy_with_logits(logits, y, reduction="sum")
    (grad,) = torch.autograd.grad(loss, logits)
    ours = analyze(
        np.array([1000.0, -1000.0]), np.array(target), activation="sigmoid", gradients=True
    )
    assert ours.loss == pytest.approx(loss.item(), rel=1e-15)
    np.testing.assert_array_equal(ours.grad_logits, grad.numpy()[0])
