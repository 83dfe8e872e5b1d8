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
from app.presets.text import both, titled

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
    **titled("lecture-lstm", seed=LECTURE_LSTM_SEED),
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

# What the long preset's texts name, as they read there.
_SHOWN = {
    "steps": LONG_STEPS,
    "forget_bias": f"{FORGET_BIAS:g}",
    "forget_gate": f"{1 / (1 + np.exp(-FORGET_BIAS)):.3f}",
    **{name: f"{value:.3g}" for name, value in _FIRST.items()},
}
_H1_NOTE = both("preset.long-memory-lstm.note.h_1", **_SHOWN)
_C1_NOTE = both("preset.long-memory-lstm.note.c_1", **_SHOWN)

LONG_LSTM = LstmPreset(
    name="long-memory-lstm",
    **titled("long-memory-lstm", **_SHOWN),
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
            "note_en": _H1_NOTE[0],
            "note_ko": _H1_NOTE[1],
        },
        {
            "quantity": "‖∂L/∂c_1‖",
            "step": 1,
            "field": "grad_c",
            "lstm": _FIRST["lstm_c1"],
            "lstm_share": _FIRST["lstm_c_share"],
            "note_en": _C1_NOTE[0],
            "note_ko": _C1_NOTE[1],
        },
    ),
)

LSTM_PRESETS = (LECTURE_LSTM, LONG_LSTM)


def lstm_presets() -> list[dict[str, Any]]:
    """The LSTM presets as GET /api/v1/presets lists them."""
    return [preset.as_dict() for preset in LSTM_PRESETS]
