"""The lecture's RNN and backpropagation through time, in float64; numpy only.

Forward:  a_t = W h_{t−1} + U x_t,  h_t = tanh(a_t),  o_t = V h_t,  ŷ_t = softmax(o_t),
          L = Σ_t L_t with L_t = −Σ_k y_tk log ŷ_tk (a sum over steps, as the lecture).
Backward: ∂L/∂o_t = ŷ_t·Σy_t − y_t,  ∂L/∂h_t = Vᵀ ∂L/∂o_t + Wᵀ ∂L/∂a_{t+1},
          ∂L/∂a_t = (1 − h_t²) ⊙ ∂L/∂h_t,  and each weight collects one outer product a step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.numerics.analysis import Warning
from app.numerics.softmax import Array, cross_entropy, grad_logits, softmax_and_log_softmax


@dataclass(frozen=True)
class RnnResult:
    """Every number of one forward and backward pass over a sequence of T steps."""

    inputs: Array  # (T, D) x_t
    h0: Array  # (H,) the initial hidden state
    h: Array  # (T, H) h_1 … h_T
    logits: Array  # (T, C) o_t
    probs: Array  # (T, C) ŷ_t
    log_probs: Array  # (T, C) log ŷ_t
    targets: Array  # (T, C) y_t
    label_sums: Array  # (T,) Σ_k y_tk: 1 gives the lecture's ŷ_t − y_t
    losses: Array  # (T,) L_t
    loss: float  # L = Σ_t L_t
    grad_logits: Array  # (T, C) ∂L/∂o_t
    grad_h: Array  # (T, H) ∂L/∂h_t, through o_t and through every later step
    grad_a: Array  # (T, H) ∂L/∂a_t, a_t = W h_{t−1} + U x_t
    grad_V_steps: Array  # (T, C, H) (∂L/∂o_t) h_tᵀ
    grad_W_steps: Array  # (T, H, H) (∂L/∂a_t) h_{t−1}ᵀ
    grad_U_steps: Array  # (T, H, D) (∂L/∂a_t) x_tᵀ
    grad_V: Array  # (C, H) Σ_t (ŷ_t − y_t) h_tᵀ
    grad_W: Array  # (H, H)
    grad_U: Array  # (H, D)
    grad_h0: Array  # (H,) Wᵀ ∂L/∂a_1


def rnn_forward(W: Array, U: Array, V: Array, inputs: Array, h0: Array) -> tuple[Array, Array]:
    """h_t = tanh(W h_{t−1} + U x_t) and o_t = V h_t for t = 1 … T; returns (h, logits)."""
    steps, hidden = inputs.shape[0], W.shape[0]
    # U x_t does not depend on the recurrence: one product for the whole sequence.
    driven = inputs @ U.T
    h = np.empty((steps, hidden))
    previous = h0
    for t in range(steps):
        h[t] = np.tanh(W @ previous + driven[t])
        previous = h[t]
    return h, h @ V.T


def rnn_backward(W: Array, V: Array, h: Array, grad_logits: Array) -> tuple[Array, Array, Array]:
    """∂L/∂h_t = Vᵀ ∂L/∂o_t + Wᵀ ∂L/∂a_{t+1} and ∂L/∂a_t = (1 − h_t²) ⊙ ∂L/∂h_t, t = T … 1.

    Returns (grad_h, grad_a, grad_h0) with ∂L/∂h_0 = Wᵀ ∂L/∂a_1.
    """
    grad_h = np.empty_like(h)
    grad_a = np.empty_like(h)
    # Nothing flows back into the last step from the future.
    grad_a_next = np.zeros(h.shape[1])
    for t in range(h.shape[0] - 1, -1, -1):
        grad_h[t] = V.T @ grad_logits[t] + W.T @ grad_a_next
        grad_a[t] = (1.0 - h[t] ** 2) * grad_h[t]  # tanh′(a) = 1 − tanh²(a)
        grad_a_next = grad_a[t]
    return grad_h, grad_a, W.T @ grad_a_next


def run_rnn(
    W: Array, U: Array, V: Array, inputs: Array, targets: Array, h0: Array | None = None
) -> RnnResult:
    """Forward pass, per-step cross-entropy, and full backpropagation through time.

    `inputs` holds x_t as rows (T, D) and `targets` y_t as rows (T, C), one-hot or any
    vectors with entries ≥ 0. The contribution of step t to ∂L/∂W is (∂L/∂a_t) h_{t−1}ᵀ,
    where ∂L/∂a_t already carries every later loss back to step t (and likewise for U).
    """
    hidden = W.shape[0]
    h0 = np.zeros(hidden) if h0 is None else h0
    # Extreme weights can overflow float64; the caller reports the resulting inf/NaN.
    with np.errstate(over="ignore", invalid="ignore"):
        h, logits = rnn_forward(W, U, V, inputs, h0)
        probs, log_probs = softmax_and_log_softmax(logits)
        losses = cross_entropy(log_probs, targets)
        grads_o = grad_logits(probs, targets)
        grad_h, grad_a, grad_h0 = rnn_backward(W, V, h, grads_o)
        h_previous = np.vstack([h0[None, :], h[:-1]])
        return RnnResult(
            inputs=inputs,
            h0=h0,
            h=h,
            logits=logits,
            probs=probs,
            log_probs=log_probs,
            targets=targets,
            label_sums=targets.sum(axis=-1),
            losses=losses,
            loss=float(losses.sum()),
            grad_logits=grads_o,
            grad_h=grad_h,
            grad_a=grad_a,
            grad_V_steps=grads_o[:, :, None] * h[:, None, :],
            grad_W_steps=grad_a[:, :, None] * h_previous[:, None, :],
            grad_U_steps=grad_a[:, :, None] * inputs[:, None, :],
            # The totals as matrix products, a different summation from the steps' sum.
            grad_V=grads_o.T @ h,
            grad_W=grad_a.T @ h_previous,
            grad_U=grad_a.T @ inputs,
            grad_h0=grad_h0,
        )


def label_sum_warnings(label_sums: Array) -> list[Warning]:
    """Where Σy_t ≠ 1 the gradient is ŷ_t·Σy_t − y_t, not the lecture's ŷ_t − y_t."""
    off = [t for t, total in enumerate(label_sums) if abs(total - 1.0) > 1e-9]
    if not off:
        return []
    shown = [f"{label_sums[t]:.6g} (t = {t + 1})" for t in off]
    sums = ", ".join(shown[:8]) + (", …" if len(shown) > 8 else "")
    return [Warning("label_sum_not_one", "per_step.label_sum", {"sums": sums})]
