"""Request and response models of POST /api/v1/lstm, with every check on the request.

The same strictness as the RNN's (app.schemas.rnn, whose sequence and matrix checks are
reused): each check raises `input_error` at the exact entry, with the expected shape in
the message ("W_i must be H×(H+D) = 2×5 …"), so that a learner can fix the request.
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from app.numerics.softmax import Array
from app.presets.lstm import LECTURE_LSTM
from app.schemas.errors import input_error
from app.schemas.sequences import (
    MAX_SIZE,
    MAX_STEP_ENTRIES,
    MAX_STEPS,
    FiniteFloat,
    SequenceItem,
    Weights,
    check_sequence,
    matrix_columns,
    matrix_rows,
    sequence_array,
    sequence_item,
)
from app.schemas.softmax import DerivationStep, Matrix, Number, Vector, WarningModel

GATE_WEIGHTS = ("W_f", "W_i", "W_c", "W_o")
BIASES = ("b_f", "b_i", "b_c", "b_o")
# The numbers of an answer, T·(H·(4(H+D) + C) + 4C + 20H): the per-step gradients of the
# four gates (H×(H+D) each) and of W_y (C×H), and the step's vectors. This bounds the
# JSON (about 20 bytes a number) where the separate caps alone would allow 200 million.
MAX_ANSWER_ENTRIES = MAX_STEP_ENTRIES

_GATE_MEANING = {
    "W_f": "the forget gate F_t",
    "W_i": "the input gate I_t",
    "W_c": "the candidate C̃_t",
    "W_o": "the output gate O_t",
    "b_f": "the forget gate's bias",
    "b_i": "the input gate's bias",
    "b_c": "the candidate's bias",
    "b_o": "the output gate's bias",
}


def _optional_vector(name: str, values: list[float] | None, hidden: int, meaning: str) -> None:
    """An optional H-vector has H entries."""
    if values is not None and len(values) != hidden:
        raise input_error(
            "vector_length",
            "lstm.error.vector_length",
            [name],
            name=name,
            meaning=meaning,
            hidden=hidden,
            got=len(values),
        )


class LstmRequest(BaseModel):
    """An LSTM with gates on X_t = [h_{t−1}; x_t], Z_t = W_y h_t, and a sequence to run it on."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [LECTURE_LSTM.request()]}
    )

    W_f: Weights = Field(
        description="H×(H+D) forget-gate weights on [h_{t−1}; x_t]: the first H columns act "
        "on h_{t−1}, the last D on x_t (H hidden units, D = input size)."
    )
    W_i: Weights = Field(description="H×(H+D) input-gate weights, as W_f.")
    W_c: Weights = Field(description="H×(H+D) weights of the candidate C̃_t, as W_f.")
    W_o: Weights = Field(description="H×(H+D) output-gate weights, as W_f.")
    W_y: Weights = Field(description="C×H output weights: Z_t = W_y h_t (C classes).")
    b_f: list[FiniteFloat] | None = Field(
        default=None, description="Forget-gate bias (H numbers); zeros if omitted."
    )
    b_i: list[FiniteFloat] | None = Field(
        default=None, description="Input-gate bias (H numbers); zeros if omitted."
    )
    b_c: list[FiniteFloat] | None = Field(
        default=None, description="Candidate bias (H numbers); zeros if omitted."
    )
    b_o: list[FiniteFloat] | None = Field(
        default=None, description="Output-gate bias (H numbers); zeros if omitted."
    )
    h0: list[FiniteFloat] | None = Field(
        default=None, description="The initial hidden state h_0 (H numbers); zeros if omitted."
    )
    c0: list[FiniteFloat] | None = Field(
        default=None, description="The initial cell state c_0 (H numbers); zeros if omitted."
    )
    inputs: list[SequenceItem] = Field(
        description="x_1 … x_T: each a class index in [0, D) (one-hot) or a vector of D numbers.",
    )
    labels: list[SequenceItem] = Field(
        description=(
            "y_1 … y_T, as many as inputs: each a class index in [0, C) or a vector of C "
            "numbers ≥ 0 (a distribution gives ∂L/∂Z_t = ŷ_t − y_t; all zeros, no loss)."
        ),
    )

    @field_validator("inputs", "labels", mode="before")
    @classmethod
    def _steps(cls, value: Any, info: ValidationInfo) -> Any:
        field = info.field_name
        if not isinstance(value, list):
            return value  # pydantic reports "Input should be a valid list"
        if not value:
            raise input_error("empty_sequence", "lstm.error.empty_sequence", [field], field=field)
        if len(value) > MAX_STEPS:
            raise input_error(
                "size_limit",
                "lstm.error.size_limit",
                [field],
                field=field,
                steps=len(value),
                limit=MAX_STEPS,
            )
        kind = "input" if field == "inputs" else "target"
        return [sequence_item(field, t, item, kind) for t, item in enumerate(value)]

    @model_validator(mode="after")
    def _shapes(self) -> Self:
        hidden = matrix_rows("W_f", self.W_f, "H×(H+D)", "H = hidden units")
        width = len(self.W_f[0])
        if not hidden < width <= hidden + MAX_SIZE:
            raise input_error(
                "matrix_shape",
                "lstm.error.matrix_shape",
                ["W_f", 0],
                hidden=hidden,
                limit=MAX_SIZE,
                low=hidden + 1,
                high=hidden + MAX_SIZE,
                got=width,
            )
        inputs_dim = width - hidden
        shape = f"H×(H+D) = {hidden}×{width}"
        why = f"H = {hidden} hidden units + D = {inputs_dim} inputs, from W_f"
        matrix_columns("W_f", self.W_f, width, shape, f"H = {hidden} rows, row 0 has {width}")
        for name in GATE_WEIGHTS[1:]:
            matrix = getattr(self, name)
            rows = matrix_rows(name, matrix, shape, "as W_f")
            if rows != hidden:
                raise input_error(
                    "matrix_shape",
                    "lstm.error.matrix_shape.rows",
                    [name],
                    name=name,
                    meaning=_GATE_MEANING[name],
                    shape=shape,
                    hidden=hidden,
                    got=rows,
                )
            matrix_columns(name, matrix, width, shape, why)
        matrix_rows("W_y", self.W_y, "C×H", "C = classes, H = hidden units")
        matrix_columns(
            "W_y",
            self.W_y,
            hidden,
            f"C×H = {len(self.W_y)}×{hidden}",
            f"H = {hidden}, the rows of W_f",
        )
        for name in BIASES:
            _optional_vector(name, getattr(self, name), hidden, _GATE_MEANING[name])
        _optional_vector("h0", self.h0, hidden, "the initial hidden state")
        _optional_vector("c0", self.c0, hidden, "the initial cell state")
        if len(self.labels) != len(self.inputs):
            raise input_error(
                "sequence_length",
                "lstm.error.sequence_length",
                ["labels"],
                got=len(self.labels),
                steps=len(self.inputs),
            )
        check_sequence("inputs", self.inputs, inputs_dim, "D, the last columns of W_f", "x_t")
        check_sequence("labels", self.labels, len(self.W_y), "C, the rows of W_y", "y_t")
        entries = self.answer_entries
        if entries > MAX_ANSWER_ENTRIES:
            raise input_error(
                "size_limit",
                "lstm.error.size_limit.entries",
                [],
                entries=entries,
                limit=MAX_ANSWER_ENTRIES,
            )
        return self

    @property
    def answer_entries(self) -> int:
        """T·(H·(4(H+D) + C) + 4C + 20H): at least the numbers of the answer's steps."""
        hidden, width, classes = len(self.W_f), len(self.W_f[0]), len(self.W_y)
        per_step = hidden * (4 * width + classes) + 4 * classes + 20 * hidden
        return len(self.inputs) * per_step

    @property
    def biases_given(self) -> tuple[str, ...]:
        """The names of the biases in the request, e.g. ("b_f",)."""
        return tuple(name for name in BIASES if getattr(self, name) is not None)

    def arrays(self) -> dict[str, Any]:
        """run_lstm's arguments as float64 arrays: weights, inputs and targets as rows,
        `biases` (b_f, b_i, b_c, b_o) with None where absent, h0 and c0 (None if absent)."""

        def vector(values: list[float] | None) -> Array | None:
            return None if values is None else np.array(values, dtype=np.float64)

        weights = {
            name: np.array(getattr(self, name), dtype=np.float64) for name in (*GATE_WEIGHTS, "W_y")
        }
        hidden = weights["W_f"].shape[0]
        return {
            **weights,
            "inputs": sequence_array(self.inputs, weights["W_f"].shape[1] - hidden),
            "targets": sequence_array(self.labels, weights["W_y"].shape[0]),
            "biases": tuple(vector(getattr(self, name)) for name in BIASES),
            "h0": vector(self.h0),
            "c0": vector(self.c0),
        }


class LstmStep(BaseModel):
    """Step t: the gates, the states, the loss, the backward quantities and each gradient's
    term from this step."""

    t: int = Field(description="The step, 1-based as in the lecture.")
    x: Vector = Field(description="x_t, the input vector.")
    f: Vector = Field(description="F_t = σ(W_f X_t + b_f), the forget gate.")
    i: Vector = Field(description="I_t = σ(W_i X_t + b_i), the input gate.")
    g: Vector = Field(description="C̃_t = tanh(W_c X_t + b_c), the candidate cell state.")
    o: Vector = Field(description="O_t = σ(W_o X_t + b_o), the output gate.")
    c: Vector = Field(description="c_t = F_t ⊙ c_{t−1} + I_t ⊙ C̃_t, the cell state.")
    h: Vector = Field(description="h_t = O_t ⊙ tanh(c_t).")
    z: Vector = Field(description="Z_t = W_y h_t, the logits.")
    probs: Vector = Field(description="ŷ_t = softmax(Z_t).")
    target: Vector = Field(description="y_t.")
    label_sum: Number = Field(description="Σ_k y_tk; 1 makes ∂L/∂Z_t the lecture's ŷ_t − y_t.")
    loss: Number = Field(description="L_t = −Σ_k y_tk log ŷ_tk.")
    grad_logits: Vector = Field(description="∂L/∂Z_t = ŷ_t·Σy_t − y_t.")
    grad_h: Vector = Field(
        description="∂L/∂h_t = W_yᵀ ∂L/∂Z_t + Σ_g W_{g,h}ᵀ ∂L/∂a_{g,t+1}, through Z_t and "
        "the next step's gates."
    )
    grad_h_carried: Vector = Field(
        description="Σ_g W_{g,h}ᵀ ∂L/∂a_{g,t+1}: the part of ∂L/∂h_t that comes back through "
        "the next step's gates (0 at the last step)."
    )
    grad_c: Vector = Field(
        description="∂L/∂c_t = ∂L/∂h_t ⊙ O_t ⊙ (1 − tanh² c_t) + F_{t+1} ⊙ ∂L/∂c_{t+1}."
    )
    grad_c_carried: Vector = Field(
        description="F_{t+1} ⊙ ∂L/∂c_{t+1}: the part of ∂L/∂c_t carried back along the cell "
        "state (0 at the last step)."
    )
    grad_f: Vector = Field(description="∂L/∂F_t = ∂L/∂c_t ⊙ c_{t−1}.")
    grad_i: Vector = Field(description="∂L/∂I_t = ∂L/∂c_t ⊙ C̃_t.")
    grad_g: Vector = Field(description="∂L/∂C̃_t = ∂L/∂c_t ⊙ I_t.")
    grad_o: Vector = Field(description="∂L/∂O_t = ∂L/∂h_t ⊙ tanh(c_t).")
    grad_a_f: Vector = Field(
        description="∂L/∂a_f = ∂L/∂F_t ⊙ F_t(1 − F_t), a_f = W_f X_t + b_f; also step t's "
        "term of ∂L/∂b_f."
    )
    grad_a_i: Vector = Field(description="∂L/∂a_i = ∂L/∂I_t ⊙ I_t(1 − I_t).")
    grad_a_g: Vector = Field(description="∂L/∂a_g = ∂L/∂C̃_t ⊙ (1 − C̃_t²), a_g = W_c X_t + b_c.")
    grad_a_o: Vector = Field(description="∂L/∂a_o = ∂L/∂O_t ⊙ O_t(1 − O_t).")
    grad_W_f: Matrix = Field(description="(∂L/∂a_f) X_tᵀ, step t's term of ∂L/∂W_f.")
    grad_W_i: Matrix = Field(description="(∂L/∂a_i) X_tᵀ, step t's term of ∂L/∂W_i.")
    grad_W_c: Matrix = Field(description="(∂L/∂a_g) X_tᵀ, step t's term of ∂L/∂W_c.")
    grad_W_o: Matrix = Field(description="(∂L/∂a_o) X_tᵀ, step t's term of ∂L/∂W_o.")
    grad_W_y: Matrix = Field(description="(∂L/∂Z_t) h_tᵀ, step t's term of ∂L/∂W_y.")


class LstmResponse(BaseModel):
    """The LSTM's forward values, per-step losses and BPTT gradients, step by step and summed."""

    hidden: int = Field(description="H, hidden units.")
    inputs_dim: int = Field(description="D, the input size.")
    classes: int = Field(description="C, the output classes.")
    steps: int = Field(description="T, the sequence length.")
    h0: Vector = Field(description="h_0, the initial hidden state.")
    c0: Vector = Field(description="c_0, the initial cell state.")
    per_step: list[LstmStep] = Field(description="Steps 1 … T.")
    loss: Number = Field(description="L = Σ_t L_t.")
    grad_W_f: Matrix = Field(description="∂L/∂W_f = Σ_t (∂L/∂a_f) X_tᵀ.")
    grad_W_i: Matrix = Field(description="∂L/∂W_i = Σ_t (∂L/∂a_i) X_tᵀ.")
    grad_W_c: Matrix = Field(description="∂L/∂W_c = Σ_t (∂L/∂a_g) X_tᵀ.")
    grad_W_o: Matrix = Field(description="∂L/∂W_o = Σ_t (∂L/∂a_o) X_tᵀ.")
    grad_W_y: Matrix = Field(description="∂L/∂W_y = Σ_t (ŷ_t − y_t) h_tᵀ.")
    grad_b_f: Vector | None = Field(
        default=None, description="∂L/∂b_f = Σ_t ∂L/∂a_f; only when b_f is given."
    )
    grad_b_i: Vector | None = Field(
        default=None, description="∂L/∂b_i = Σ_t ∂L/∂a_i; only when b_i is given."
    )
    grad_b_c: Vector | None = Field(
        default=None, description="∂L/∂b_c = Σ_t ∂L/∂a_g; only when b_c is given."
    )
    grad_b_o: Vector | None = Field(
        default=None, description="∂L/∂b_o = Σ_t ∂L/∂a_o; only when b_o is given."
    )
    grad_h0: Vector = Field(description="∂L/∂h_0 = Σ_g W_{g,h}ᵀ ∂L/∂a_{g,1}.")
    grad_c0: Vector = Field(description="∂L/∂c_0 = F_1 ⊙ ∂L/∂c_1.")
    warnings: list[WarningModel]


class LstmDerivationResponse(BaseModel):
    """The LSTM's BPTT chain step by step, each as LaTeX with numbers and as MathML."""

    steps: list[DerivationStep] = Field(
        description="Forward pass, loss, ∂L/∂Z_t, ∂L/∂W_y, ∂L/∂h_t, ∂L/∂O_t, ∂L/∂c_t, the "
        "gates, ∂L/∂W_f, ∂L/∂W_i, ∂L/∂W_c, ∂L/∂W_o, ∂L/∂h_0 and ∂L/∂c_0."
    )
