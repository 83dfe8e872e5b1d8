"""LSTM examples: the lecture's LSTM slide made runnable, and the case that makes it worth it.

The lecture gives the LSTM's equations but no numbers: the weights here are seeded
(numpy's default_rng with LECTURE_LSTM_SEED, uniform in [−0.15, 0.15] like the lecture's
RNN weights, rounded to 3 decimals) and written out, so that they never depend on numpy's
generator. The long-sequence example reports what the numerics compute for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from app.numerics.lstm import run_lstm
from app.numerics.rnn import run_rnn
from app.numerics.softmax import Array
from app.presets.rnn import LECTURE_RNN

LECTURE_LSTM_SEED = 101
SEEDED_SCALE = 0.15

Matrix = tuple[tuple[float, ...], ...]
# One step's target: a class index, or a vector (all zeros: no loss at that step).
Label = int | tuple[float, ...]


def seeded_weights(seed: int) -> dict[str, Array]:
    """W_f, W_i, W_c, W_o (2×5) and W_y (3×2), uniform in [−0.15, 0.15], 3 decimals."""
    rng = np.random.default_rng(seed)
    shapes = {"W_f": (2, 5), "W_i": (2, 5), "W_c": (2, 5), "W_o": (2, 5), "W_y": (3, 2)}
    return {
        name: np.round(rng.uniform(-SEEDED_SCALE, SEEDED_SCALE, size=shape), 3)
        for name, shape in shapes.items()
    }


# seeded_weights(LECTURE_LSTM_SEED), written out (a test regenerates them).
SEEDED: dict[str, Matrix] = {
    "W_f": ((0.133, -0.042, 0.085, 0.027, -0.062), (0.127, 0.111, -0.041, 0.142, -0.083)),
    "W_i": ((0.092, 0.054, -0.009, -0.141, 0.118), (0.022, -0.033, -0.044, 0.046, -0.046)),
    "W_c": ((0.002, -0.039, -0.133, -0.075, 0.102), (0.095, 0.05, -0.009, 0.141, 0.102)),
    "W_o": ((-0.076, 0.02, 0.137, 0.086, -0.039), (-0.009, 0.005, 0.121, 0.064, -0.031)),
    "W_y": ((-0.011, -0.122), (-0.002, -0.081), (-0.122, -0.123)),
}
WEIGHT_NAMES = ("W_f", "W_i", "W_c", "W_o", "W_y")
BIAS_NAMES = ("b_f", "b_i", "b_c", "b_o")


@dataclass(frozen=True)
class LstmPreset:
    """A named LSTM example: weights (biases optional), inputs and targets, and notes."""

    name: str
    title_en: str
    title_ko: str
    description_en: str
    description_ko: str
    weights: dict[str, Matrix]
    inputs: tuple[int, ...]  # class indices of x_t (zero-based)
    labels: tuple[Label, ...]
    biases: dict[str, tuple[float, ...]] = field(default_factory=dict)
    notes: tuple[dict[str, Any], ...] = ()

    def request(self) -> dict[str, Any]:
        """The body of POST /api/v1/lstm that runs this preset."""
        body: dict[str, Any] = {
            name: [list(row) for row in self.weights[name]] for name in WEIGHT_NAMES
        }
        body.update({name: list(self.biases[name]) for name in BIAS_NAMES if name in self.biases})
        body["inputs"] = list(self.inputs)
        body["labels"] = [label if isinstance(label, int) else list(label) for label in self.labels]
        return body

    def arrays(self) -> tuple[Any, ...]:
        """run_lstm's arguments: (W_f, W_i, W_c, W_o, W_y, inputs, targets, biases)."""
        weights = [np.array(self.weights[name], dtype=np.float64) for name in WEIGHT_NAMES]
        classes = weights[-1].shape[0]
        inputs = np.eye(weights[0].shape[1] - weights[0].shape[0])[list(self.inputs)]
        targets = np.array(
            [np.eye(classes)[y] if isinstance(y, int) else np.array(y) for y in self.labels]
        )
        biases = tuple(
            np.array(self.biases[name], dtype=np.float64) if name in self.biases else None
            for name in BIAS_NAMES
        )
        return (*weights, inputs, targets, biases)

    def as_dict(self) -> dict[str, Any]:
        """The preset as GET /api/v1/presets lists it."""
        return {
            "id": self.name,
            "kind": "lstm",
            "title_en": self.title_en,
            "title_ko": self.title_ko,
            "description_en": self.description_en,
            "description_ko": self.description_ko,
            "request": self.request(),
            "notes": list(self.notes),
        }


LECTURE_LSTM = LstmPreset(
    name="lecture-lstm",
    title_en="The lecture's LSTM (seeded weights): ŷ_t − y_t = ∂L/∂Z_t",
    title_ko="강의의 LSTM (시드로 만든 가중치): ŷ_t − y_t = ∂L/∂Z_t",
    description_en=(
        "The LSTM slide's cell with 2 hidden units over the lecture's 3-word vocabulary: "
        "inputs x_1 = e_1, x_2 = e_3, targets y_1 = e_3, y_2 = e_2, as for the RNN. The "
        "lecture gives no LSTM weights: these are seeded (numpy default_rng, seed "
        f"{LECTURE_LSTM_SEED}, uniform in [−0.15, 0.15], 3 decimals). No biases, "
        "h_0 = c_0 = 0, as on the slide."
    ),
    description_ko=(
        "강의의 단어 3개짜리 어휘에 대한 은닉 유닛 2개의 LSTM 셀(슬라이드의 식): 입력 "
        "x_1 = e_1, x_2 = e_3, 정답 y_1 = e_3, y_2 = e_2 (RNN과 같음). 강의에는 LSTM "
        "가중치가 없으므로 시드로 만들었습니다 (numpy default_rng, 시드 "
        f"{LECTURE_LSTM_SEED}, [−0.15, 0.15] 균등분포, 소수점 3자리). 슬라이드처럼 "
        "편향은 없고 h_0 = c_0 = 0입니다."
    ),
    weights=SEEDED,
    inputs=(0, 2),
    labels=(2, 1),
)

# The long sequence: the first word, ten times the second, then the third; only the last
# step has a target, the first word, so every gradient at step 1 has come back through time.
LONG_STEPS = 12
FORGET_BIAS = 3.0
_NO_LOSS = (0.0, 0.0, 0.0)
_LONG_INPUTS = (0, *([1] * (LONG_STEPS - 2)), 2)
_LONG_LABELS: tuple[Label, ...] = (*([_NO_LOSS] * (LONG_STEPS - 1)), 0)


def _rnn_request() -> dict[str, Any]:
    """The lecture's RNN on the same long sequence (POST /api/v1/rnn)."""
    labels = [list(y) if isinstance(y, tuple) else y for y in _LONG_LABELS]
    return {**LECTURE_RNN.request(), "inputs": list(_LONG_INPUTS), "labels": labels}


def _first_step_gradients() -> dict[str, float]:
    """‖∂L/∂h_1‖ (and its ratio to ‖∂L/∂h_T‖) for the LSTM and the RNN, ‖∂L/∂c_1‖ for the
    LSTM, computed by the numerics."""
    seeded = LstmPreset("", "", "", "", "", SEEDED, _LONG_INPUTS, _LONG_LABELS)
    *weights, inputs, targets, _ = seeded.arrays()
    lstm = run_lstm(*weights, inputs, targets, (np.full(2, FORGET_BIAS), None, None, None))
    W, U, V, _, _ = LECTURE_RNN.arrays()
    rnn = run_rnn(W, U, V, inputs, targets)
    norm = np.linalg.norm
    return {
        "lstm_h1": float(norm(lstm.grad_h[0])),
        "lstm_share": float(norm(lstm.grad_h[0]) / norm(lstm.grad_h[-1])),
        "lstm_c1": float(norm(lstm.grad_c[0])),
        "lstm_c_share": float(norm(lstm.grad_c[0]) / norm(lstm.grad_c[-1])),
        "rnn_h1": float(norm(rnn.grad_h[0])),
        "rnn_share": float(norm(rnn.grad_h[0]) / norm(rnn.grad_h[-1])),
    }


_FIRST = _first_step_gradients()

LONG_LSTM = LstmPreset(
    name="long-memory-lstm",
    title_en=f"Why an LSTM: the gradient reaches step 1 of {LONG_STEPS}",
    title_ko=f"왜 LSTM인가: 기울기가 {LONG_STEPS}단계 중 1단계까지 닿습니다",
    description_en=(
        f"{LONG_STEPS} steps: x_1 = e_1, then e_2 ten times, then e_3; only the last step "
        "has a target, y_12 = e_1 (recall the first word; the other targets are zero "
        "vectors, no loss), so all of ∂L/∂h_1 comes back through time. The seeded weights "
        f"of the lecture's LSTM, with the forget gate held open (b_f = {FORGET_BIAS:g}). "
        f"Computed: ‖∂L/∂h_1‖ = {_FIRST['lstm_h1']:.3g} for this LSTM "
        f"({_FIRST['lstm_share']:.3g} of ‖∂L/∂h_12‖; the cell state keeps "
        f"‖∂L/∂c_1‖ = {_FIRST['lstm_c1']:.3g}, {_FIRST['lstm_c_share']:.3g} of ‖∂L/∂c_12‖), "
        f"against {_FIRST['rnn_h1']:.3g} for the lecture's RNN on the same sequence "
        f"({_FIRST['rnn_share']:.3g} of its ‖∂L/∂h_12‖): there the gradient fades."
    ),
    description_ko=(
        f"{LONG_STEPS}단계: x_1 = e_1, e_2를 열 번, 그리고 e_3. 정답은 마지막 단계에만 "
        "있습니다: y_12 = e_1 (첫 단어 기억하기; 나머지 정답은 영벡터로 손실이 없음). "
        "그래서 ∂L/∂h_1은 모두 시간을 거슬러 온 것입니다. 강의 LSTM의 시드 가중치에 "
        f"망각 게이트를 열어 둔 편향 b_f = {FORGET_BIAS:g}. 계산 결과: 이 LSTM의 "
        f"‖∂L/∂h_1‖ = {_FIRST['lstm_h1']:.3g} (‖∂L/∂h_12‖의 {_FIRST['lstm_share']:.3g}; "
        f"셀 상태는 ‖∂L/∂c_1‖ = {_FIRST['lstm_c1']:.3g}, ‖∂L/∂c_12‖의 "
        f"{_FIRST['lstm_c_share']:.3g}를 유지), 같은 입력에 대한 강의 RNN은 "
        f"{_FIRST['rnn_h1']:.3g} (‖∂L/∂h_12‖의 {_FIRST['rnn_share']:.3g}): 기울기가 "
        "사라집니다."
    ),
    weights=SEEDED,
    inputs=_LONG_INPUTS,
    labels=_LONG_LABELS,
    biases={"b_f": (FORGET_BIAS, FORGET_BIAS)},
    notes=(
        {
            "quantity": "‖∂L/∂h_1‖",
            "step": 1,
            "field": "grad_h",
            "lstm": _FIRST["lstm_h1"],
            "rnn": _FIRST["rnn_h1"],
            "lstm_share": _FIRST["lstm_share"],
            "rnn_share": _FIRST["rnn_share"],
            "rnn_request": _rnn_request(),
            "note_en": (
                f"‖∂L/∂h_1‖ is {_FIRST['lstm_h1']:.3g} here and {_FIRST['rnn_h1']:.3g} for "
                "the lecture's RNN on the same sequence (rnn_request): through the RNN, "
                "each step multiplies the gradient by Wᵀ diag(1 − h²), and eleven such "
                "factors leave almost nothing."
            ),
            "note_ko": (
                f"‖∂L/∂h_1‖은 여기서 {_FIRST['lstm_h1']:.3g}, 같은 입력의 강의 RNN에서는 "
                f"{_FIRST['rnn_h1']:.3g}입니다 (rnn_request): RNN에서는 단계마다 기울기에 "
                "Wᵀ diag(1 − h²)가 곱해지고, 열한 번 곱하면 거의 남지 않습니다."
            ),
        },
        {
            "quantity": "‖∂L/∂c_1‖",
            "step": 1,
            "field": "grad_c",
            "lstm": _FIRST["lstm_c1"],
            "lstm_share": _FIRST["lstm_c_share"],
            "note_en": (
                f"Along the cell state the gradient is multiplied only by the forget gates, "
                f"F_t ≈ σ({FORGET_BIAS:g}) = {1 / (1 + np.exp(-FORGET_BIAS)):.3f}: "
                f"‖∂L/∂c_1‖ = {_FIRST['lstm_c1']:.3g} keeps "
                f"{_FIRST['lstm_c_share']:.3g} of ‖∂L/∂c_12‖."
            ),
            "note_ko": (
                "셀 상태를 따라가면 기울기에는 망각 게이트만 곱해집니다, "
                f"F_t ≈ σ({FORGET_BIAS:g}) = {1 / (1 + np.exp(-FORGET_BIAS)):.3f}: "
                f"‖∂L/∂c_1‖ = {_FIRST['lstm_c1']:.3g}로 ‖∂L/∂c_12‖의 "
                f"{_FIRST['lstm_c_share']:.3g}가 남습니다."
            ),
        },
    ),
)

LSTM_PRESETS = (LECTURE_LSTM, LONG_LSTM)


def lstm_presets() -> list[dict[str, Any]]:
    """The LSTM presets as GET /api/v1/presets lists them."""
    return [preset.as_dict() for preset in LSTM_PRESETS]
