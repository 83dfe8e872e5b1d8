"""The lecture's RNN: its weights, its inputs, targets for them, and notes on its slides."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from app.numerics.softmax import Array


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
