"""The lecture's RNN: its weights, its inputs, targets for them, and notes on its slides."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from app.numerics.softmax import Array
from app.presets.text import both, titled


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
    **titled("lecture-rnn"),
    W=((-0.011, 0.13), (-0.123, 0.014)),
    U=((0.094, -0.02, 0.135), (0.135, -0.069, -0.009)),
    V=((-0.141, 0.038), (0.056, -0.105), (-0.132, 0.14)),
    inputs=(0, 2),
    labels=(2, 1),
    slide_notes=(
        SlideNote("o_2", 2, "o", (0.33, 0.01, -0.022), *both("preset.lecture-rnn.note.o_2")),
        SlideNote("h_1, h_2", 1, "h", None, *both("preset.lecture-rnn.note.h")),
    ),
)


def rnn_presets() -> list[dict[str, Any]]:
    """The RNN presets as GET /api/v1/presets lists them, each with its notes on the slides."""
    return [
        {
            "id": preset.name,
            "kind": "rnn",
            "title_en": preset.title_en,
            "title_ko": preset.title_ko,
            "description_en": preset.description_en,
            "description_ko": preset.description_ko,
            "request": preset.request(),
            "notes": [asdict(note) for note in preset.slide_notes],
        }
        for preset in (LECTURE_RNN,)
    ]
