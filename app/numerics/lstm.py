"""The lecture's LSTM and backpropagation through time, in float64; numpy only.

Forward, with X_t = [h_{t−1}; x_t] and a_g = W_g X_t + b_g for each gate g:
          F_t = σ(a_f),  I_t = σ(a_i),  C̃_t = tanh(a_g),  O_t = σ(a_o),
          c_t = F_t ⊙ c_{t−1} + I_t ⊙ C̃_t,  h_t = O_t ⊙ tanh(c_t),
          Z_t = W_y h_t,  ŷ_t = softmax(Z_t),  L = Σ_t L_t, L_t = −Σ_k y_tk log ŷ_tk.
Backward: ∂L/∂Z_t = ŷ_t·Σy_t − y_t; ∂L/∂h_t = W_yᵀ ∂L/∂Z_t + Σ_g W_{g,h}ᵀ ∂L/∂a_{g,t+1};
          ∂L/∂c_t = ∂L/∂h_t ⊙ O_t ⊙ (1 − tanh² c_t) + F_{t+1} ⊙ ∂L/∂c_{t+1} (the cell path);
          then the gates, and each weight collects one outer product (∂L/∂a_{g,t}) X_tᵀ a step.

The gates are stacked in the order f, i, g (C̃, weights W_c), o: arrays (…, 4, H).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.numerics.softmax import Array, cross_entropy, grad_logits, softmax_and_log_softmax

# Positions of the gates in the stacked arrays; the candidate C̃ is "g", as in PyTorch.
FORGET, INPUT, CANDIDATE, OUTPUT = range(4)
GATES = ("f", "i", "g", "o")


@dataclass(frozen=True)
class LstmResult:
    """Every number of one forward and backward pass of an LSTM over T steps."""

    inputs: Array  # (T, D) x_t
    X: Array  # (T, H + D) X_t = [h_{t−1}; x_t]
    h0: Array  # (H,) the initial hidden state
    c0: Array  # (H,) the initial cell state
    f: Array  # (T, H) F_t, the forget gate
    i: Array  # (T, H) I_t, the input gate
    g: Array  # (T, H) C̃_t, the candidate cell state
    o: Array  # (T, H) O_t, the output gate
    c: Array  # (T, H) c_t
    tanh_c: Array  # (T, H) tanh(c_t)
    h: Array  # (T, H) h_t
    logits: Array  # (T, C) Z_t
    probs: Array  # (T, C) ŷ_t
    log_probs: Array  # (T, C) log ŷ_t
    targets: Array  # (T, C) y_t
    label_sums: Array  # (T,) Σ_k y_tk: 1 gives the lecture's ŷ_t − y_t
    losses: Array  # (T,) L_t
    loss: float  # L = Σ_t L_t
    grad_logits: Array  # (T, C) ∂L/∂Z_t
    grad_h: Array  # (T, H) ∂L/∂h_t, through Z_t and through the next step's gates
    grad_h_carried: Array  # (T, H) Σ_g W_{g,h}ᵀ ∂L/∂a_{g,t+1}, the next gates' share (0 at T)
    grad_c: Array  # (T, H) ∂L/∂c_t, through h_t and along the cell path
    grad_c_carried: Array  # (T, H) F_{t+1} ⊙ ∂L/∂c_{t+1}, the cell path's share (0 at T)
    grad_f: Array  # (T, H) ∂L/∂F_t = ∂L/∂c_t ⊙ c_{t−1}
    grad_i: Array  # (T, H) ∂L/∂I_t = ∂L/∂c_t ⊙ C̃_t
    grad_g: Array  # (T, H) ∂L/∂C̃_t = ∂L/∂c_t ⊙ I_t
    grad_o: Array  # (T, H) ∂L/∂O_t = ∂L/∂h_t ⊙ tanh(c_t)
    grad_a_f: Array  # (T, H) ∂L/∂a_f, also step t's term of ∂L/∂b_f
    grad_a_i: Array  # (T, H) ∂L/∂a_i
    grad_a_g: Array  # (T, H) ∂L/∂a_g, a_g = W_c X_t + b_c
    grad_a_o: Array  # (T, H) ∂L/∂a_o
    grad_W_f_steps: Array  # (T, H, H + D) (∂L/∂a_f) X_tᵀ
    grad_W_i_steps: Array  # (T, H, H + D)
    grad_W_c_steps: Array  # (T, H, H + D)
    grad_W_o_steps: Array  # (T, H, H + D)
    grad_W_y_steps: Array  # (T, C, H) (∂L/∂Z_t) h_tᵀ
    grad_W_f: Array  # (H, H + D)
    grad_W_i: Array  # (H, H + D)
    grad_W_c: Array  # (H, H + D)
    grad_W_o: Array  # (H, H + D)
    grad_W_y: Array  # (C, H) Σ_t (ŷ_t − y_t) h_tᵀ
    grad_b_f: Array  # (H,) Σ_t ∂L/∂a_f
    grad_b_i: Array  # (H,)
    grad_b_c: Array  # (H,)
    grad_b_o: Array  # (H,)
    grad_h0: Array  # (H,) Σ_g W_{g,h}ᵀ ∂L/∂a_{g,1}
    grad_c0: Array  # (H,) F_1 ⊙ ∂L/∂c_1


def sigmoid(a: Array) -> Array:
    """σ(a) = 1/(1 + e^−a), as e^a/(1 + e^a) for a < 0: exp never overflows."""
    e = np.exp(-np.abs(a))
    return np.where(a >= 0.0, 1.0, e) / (1.0 + e)


def sigmoid_grad(s: Array) -> Array:
    """σ′(a) = σ(a)(1 − σ(a)), from s = σ(a)."""
    return s * (1.0 - s)


def tanh_grad(t: Array) -> Array:
    """tanh′(a) = 1 − tanh²(a), from t = tanh(a)."""
    return 1.0 - t * t


def lstm_cell(a: Array, c_previous: Array) -> tuple[Array, Array, Array]:
    """Gates from pre-activations a (4, H): (gates, c_t, tanh c_t) with
    c_t = F_t ⊙ c_{t−1} + I_t ⊙ C̃_t."""
    gates = sigmoid(a)
    gates[CANDIDATE] = np.tanh(a[CANDIDATE])
    c = gates[FORGET] * c_previous + gates[INPUT] * gates[CANDIDATE]
    return gates, c, np.tanh(c)


def lstm_cell_backward(
    gates: Array, c_previous: Array, tanh_c: Array, grad_h: Array, carried: Array
) -> tuple[Array, Array, Array]:
    """∂L/∂c_t = ∂L/∂h_t ⊙ O_t ⊙ (1 − tanh² c_t) + carried, then the gates' values and
    pre-activations; returns (grad_c, grad_gates, grad_a), each gate stacked (4, H)."""
    grad_c = grad_h * gates[OUTPUT] * tanh_grad(tanh_c) + carried
    grad_gates = np.empty_like(gates)
    grad_gates[FORGET] = grad_c * c_previous
    grad_gates[INPUT] = grad_c * gates[CANDIDATE]
    grad_gates[CANDIDATE] = grad_c * gates[INPUT]
    grad_gates[OUTPUT] = grad_h * tanh_c
    slopes = sigmoid_grad(gates)
    slopes[CANDIDATE] = tanh_grad(gates[CANDIDATE])
    return grad_c, grad_gates, grad_gates * slopes


def lstm_forward(
    W_gates: Array, b_gates: Array, W_y: Array, inputs: Array, h0: Array, c0: Array
) -> tuple[Array, Array, Array, Array, Array]:
    """The cell for t = 1 … T with a_g = W_g [h_{t−1}; x_t] + b_g, h_t = O_t ⊙ tanh(c_t),
    Z_t = W_y h_t; returns (gates (T, 4, H), c, tanh c, h, logits)."""
    steps, hidden = inputs.shape[0], h0.shape[0]
    # The x_t columns do not depend on the recurrence: one product for the whole sequence.
    driven = np.einsum("ghd,td->tgh", W_gates[:, :, hidden:], inputs) + b_gates
    recurrent = W_gates[:, :, :hidden]
    gates = np.empty((steps, 4, hidden))
    c, tanh_c, h = (np.empty((steps, hidden)) for _ in range(3))
    h_previous, c_previous = h0, c0
    for t in range(steps):
        gates[t], c[t], tanh_c[t] = lstm_cell(recurrent @ h_previous + driven[t], c_previous)
        h[t] = gates[t, OUTPUT] * tanh_c[t]
        h_previous, c_previous = h[t], c[t]
    return gates, c, tanh_c, h, h @ W_y.T


def lstm_backward(
    W_gates: Array, W_y: Array, gates: Array, c_previous: Array, tanh_c: Array, grad_z: Array
) -> tuple[Array, Array, Array, Array, Array, Array, Array, Array]:
    """∂L/∂h_t = W_yᵀ ∂L/∂Z_t + Σ_g W_{g,h}ᵀ ∂L/∂a_{g,t+1} and the cell step back, t = T … 1.

    Returns (grad_h, grad_h_carried, grad_c, grad_c_carried, grad_gates, grad_a, grad_h0,
    grad_c0), with ∂L/∂h_0 = Σ_g W_{g,h}ᵀ ∂L/∂a_{g,1} and ∂L/∂c_0 = F_1 ⊙ ∂L/∂c_1.
    """
    steps, hidden = tanh_c.shape
    recurrent = W_gates[:, :, :hidden]
    grad_h, grad_h_carried = np.empty((steps, hidden)), np.empty((steps, hidden))
    grad_c, grad_c_carried = np.empty((steps, hidden)), np.empty((steps, hidden))
    grad_gates, grad_a = np.empty_like(gates), np.empty_like(gates)
    # Nothing flows back into the last step from the future.
    grad_h_next, carried = np.zeros(hidden), np.zeros(hidden)
    for t in range(steps - 1, -1, -1):
        grad_h_carried[t] = grad_h_next
        grad_h[t] = W_y.T @ grad_z[t] + grad_h_next
        grad_c_carried[t] = carried
        grad_c[t], grad_gates[t], grad_a[t] = lstm_cell_backward(
            gates[t], c_previous[t], tanh_c[t], grad_h[t], carried
        )
        grad_h_next = np.einsum("ghk,gh->k", recurrent, grad_a[t])
        carried = gates[t, FORGET] * grad_c[t]
    return (
        grad_h,
        grad_h_carried,
        grad_c,
        grad_c_carried,
        grad_gates,
        grad_a,
        grad_h_next,
        carried,
    )


def run_lstm(
    W_f: Array,
    W_i: Array,
    W_c: Array,
    W_o: Array,
    W_y: Array,
    inputs: Array,
    targets: Array,
    biases: tuple[Array | None, Array | None, Array | None, Array | None] = (None,) * 4,
    h0: Array | None = None,
    c0: Array | None = None,
) -> LstmResult:
    """Forward pass, per-step cross-entropy, and full backpropagation through time.

    Each W_g is H×(H+D) acting on [h_{t−1}; x_t] (its first H columns on h_{t−1}); `biases`
    are (b_f, b_i, b_c, b_o), zero where None; h_0 and c_0 are zero unless given. `inputs`
    holds x_t as rows (T, D) and `targets` y_t as rows (T, C), entries ≥ 0.
    """
    hidden = W_f.shape[0]
    h0 = np.zeros(hidden) if h0 is None else h0
    c0 = np.zeros(hidden) if c0 is None else c0
    W_gates = np.stack([W_f, W_i, W_c, W_o])
    b_gates = np.stack([np.zeros(hidden) if b is None else b for b in biases])
    # Extreme weights can overflow float64; the caller reports the resulting inf/NaN.
    with np.errstate(over="ignore", invalid="ignore"):
        gates, c, tanh_c, h, logits = lstm_forward(W_gates, b_gates, W_y, inputs, h0, c0)
        probs, log_probs = softmax_and_log_softmax(logits)
        losses = cross_entropy(log_probs, targets)
        grads_z = grad_logits(probs, targets)
        c_previous = np.vstack([c0[None, :], c[:-1]])
        backward = lstm_backward(W_gates, W_y, gates, c_previous, tanh_c, grads_z)
        grad_h, h_carried, grad_c, c_carried, grad_gates, grad_a, grad_h0, grad_c0 = backward
        X = np.hstack([np.vstack([h0[None, :], h[:-1]]), inputs])
        grad_W_steps = grad_a[:, :, :, None] * X[:, None, None, :]  # (T, 4, H, H + D)
        # The totals as matrix products, a different summation from the steps' sum.
        grad_W = np.einsum("tgh,tk->ghk", grad_a, X)
        grad_b = grad_a.sum(axis=0)
        return LstmResult(
            inputs=inputs,
            X=X,
            h0=h0,
            c0=c0,
            f=gates[:, FORGET],
            i=gates[:, INPUT],
            g=gates[:, CANDIDATE],
            o=gates[:, OUTPUT],
            c=c,
            tanh_c=tanh_c,
            h=h,
            logits=logits,
            probs=probs,
            log_probs=log_probs,
            targets=targets,
            label_sums=targets.sum(axis=-1),
            losses=losses,
            loss=float(losses.sum()),
            grad_logits=grads_z,
            grad_h=grad_h,
            grad_h_carried=h_carried,
            grad_c=grad_c,
            grad_c_carried=c_carried,
            grad_f=grad_gates[:, FORGET],
            grad_i=grad_gates[:, INPUT],
            grad_g=grad_gates[:, CANDIDATE],
            grad_o=grad_gates[:, OUTPUT],
            grad_a_f=grad_a[:, FORGET],
            grad_a_i=grad_a[:, INPUT],
            grad_a_g=grad_a[:, CANDIDATE],
            grad_a_o=grad_a[:, OUTPUT],
            grad_W_f_steps=grad_W_steps[:, FORGET],
            grad_W_i_steps=grad_W_steps[:, INPUT],
            grad_W_c_steps=grad_W_steps[:, CANDIDATE],
            grad_W_o_steps=grad_W_steps[:, OUTPUT],
            grad_W_y_steps=grads_z[:, :, None] * h[:, None, :],
            grad_W_f=grad_W[FORGET],
            grad_W_i=grad_W[INPUT],
            grad_W_c=grad_W[CANDIDATE],
            grad_W_o=grad_W[OUTPUT],
            grad_W_y=grads_z.T @ h,
            grad_b_f=grad_b[FORGET],
            grad_b_i=grad_b[INPUT],
            grad_b_c=grad_b[CANDIDATE],
            grad_b_o=grad_b[OUTPUT],
            grad_h0=grad_h0,
            grad_c0=grad_c0,
        )
