"""The lecture's RNN and backpropagation through time, in float64; numpy only.

Forward:  a_t = W h_{t−1} + U x_t,  h_t = tanh(a_t),  o_t = V h_t,  ŷ_t = softmax(o_t),
          L = Σ_t L_t with L_t = −Σ_k y_tk log ŷ_tk (a sum over steps, as the lecture).
Backward: ∂L/∂o_t = ŷ_t·Σy_t − y_t,  ∂L/∂h_t = Vᵀ ∂L/∂o_t + Wᵀ ∂L/∂a_{t+1},
          ∂L/∂a_t = (1 − h_t²) ⊙ ∂L/∂h_t,  and each weight collects one outer product a step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.numerics import Array, cross_entropy, grad_logits, log_softmax, softmax


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
        log_probs = log_softmax(logits)
        probs = softmax(logits)
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


@dataclass(frozen=True)
class SlideNote:
    """A place where the lecture's slides print digits other than the computed ones."""

    quantity: str  # the symbol, e.g. "o_2"
    step: int  # 1-based step the quantity belongs to
    field: str  # the per-step response field holding the computed value
    printed: tuple[float, ...] | None  # what the slides print, when a single value is given
    note_en: str
    note_ko: str


@dataclass(frozen=True)
class RnnPreset:
    """A named RNN example: weights, an input and a target sequence, and notes on the slides."""

    name: str
    title_en: str
    title_ko: str
    description_en: str
    description_ko: str
    W: tuple[tuple[float, ...], ...]
    U: tuple[tuple[float, ...], ...]
    V: tuple[tuple[float, ...], ...]
    inputs: tuple[int, ...]  # class indices of x_t (zero-based)
    labels: tuple[int, ...]  # class indices of y_t (zero-based)
    slide_notes: tuple[SlideNote, ...]

    def request(self) -> dict[str, object]:
        """The body of POST /api/v1/rnn that runs this preset."""
        return {
            "W": [list(row) for row in self.W],
            "U": [list(row) for row in self.U],
            "V": [list(row) for row in self.V],
            "inputs": list(self.inputs),
            "labels": list(self.labels),
        }

    def arrays(self) -> tuple[Array, Array, Array, Array, Array]:
        """(W, U, V, inputs, targets) as float64 arrays, inputs and targets one-hot."""
        W, U, V = (np.array(m, dtype=np.float64) for m in (self.W, self.U, self.V))
        inputs = np.eye(U.shape[1])[list(self.inputs)]
        targets = np.eye(V.shape[0])[list(self.labels)]
        return W, U, V, inputs, targets


LECTURE_RNN = RnnPreset(
    name="lecture-rnn",
    title_en="The lecture's RNN: ∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ",
    title_ko="강의의 RNN: ∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ",
    description_en=(
        "A 2-unit RNN over a 3-word vocabulary, h_0 = 0, inputs x_1 = e_1 and x_2 = e_3. "
        "The lecture gives no targets; this preset uses y_1 = e_3 and y_2 = e_2."
    ),
    description_ko=(
        "단어 3개짜리 어휘에 대한 은닉 유닛 2개의 RNN, h_0 = 0, 입력 x_1 = e_1, x_2 = e_3. "
        "강의에는 정답이 없으므로 이 예제는 y_1 = e_3, y_2 = e_2를 씁니다."
    ),
    W=((-0.011, 0.13), (-0.123, 0.014)),
    U=((0.094, -0.02, 0.135), (0.135, -0.069, -0.009)),
    V=((-0.141, 0.038), (0.056, -0.105), (-0.132, 0.14)),
    inputs=(0, 2),
    labels=(2, 1),
    slide_notes=(
        SlideNote(
            quantity="o_2",
            step=2,
            field="o",
            printed=(0.33, 0.01, -0.022),
            note_en=(
                "The slides print o_2 = [0.33, 0.01, −0.022]; the first entry is a typo. "
                "The computed o_2 = [−0.02190, 0.01037, −0.02245], and the slides' own "
                "ŷ_2 = [0.33, 0.341, 0.33] agrees with −0.022."
            ),
            note_ko=(
                "슬라이드에는 o_2 = [0.33, 0.01, −0.022]로 나오지만 첫 번째 값은 오타입니다. "
                "계산한 o_2 = [−0.02190, 0.01037, −0.02245]이며, 슬라이드의 "
                "ŷ_2 = [0.33, 0.341, 0.33]도 −0.022와 맞습니다."
            ),
        ),
        SlideNote(
            quantity="h_1, h_2",
            step=1,
            field="h",
            printed=None,
            note_en=(
                "The slides print h_1 and h_2 with slightly different digits on different "
                "slides; the values shown here are computed in float64."
            ),
            note_ko=(
                "슬라이드마다 h_1, h_2의 자릿수가 조금씩 다르게 나옵니다. "
                "여기 값은 float64로 계산한 값입니다."
            ),
        ),
    ),
)
