"""Request and response models of POST /api/v1/rnn, with every check on the request.

Each check raises `input_error` pointing at the exact entry, with the expected shape or
range in the message, so that a learner can fix the request without reading code.
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from app.numerics.softmax import Array
from app.presets.rnn import LECTURE_RNN
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


class RnnRequest(BaseModel):
    """An RNN h_t = tanh(W h_{t−1} + U x_t), o_t = V h_t, and a sequence to run it on."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [LECTURE_RNN.request()]}
    )

    W: Weights = Field(description="H×H recurrent weights (H hidden units).")
    U: Weights = Field(description="H×D input weights (D = input size, e.g. the vocabulary).")
    V: Weights = Field(description="C×H output weights (C classes).")
    inputs: list[SequenceItem] = Field(
        description="x_1 … x_T: each a class index in [0, D) (one-hot) or a vector of D numbers.",
    )
    labels: list[SequenceItem] = Field(
        description=(
            "y_1 … y_T, as many as inputs: each a class index in [0, C) or a vector of C "
            "numbers ≥ 0 (a distribution gives ∂L/∂o_t = ŷ_t − y_t)."
        ),
    )
    h0: list[FiniteFloat] | None = Field(
        default=None, description="The initial hidden state h_0 (H numbers); zeros if omitted."
    )

    @field_validator("inputs", "labels", mode="before")
    @classmethod
    def _steps(cls, value: Any, info: ValidationInfo) -> Any:
        field = info.field_name
        if not isinstance(value, list):
            return value  # pydantic reports "Input should be a valid list"
        if not value:
            raise input_error(
                "empty_sequence",
                "rnn.error.empty_sequence",
                [field],
                field=field,
            )
        if len(value) > MAX_STEPS:
            raise input_error(
                "size_limit",
                "rnn.error.size_limit.steps",
                [field],
                field=field,
                steps=len(value),
                limit=MAX_STEPS,
            )
        kind = "input" if field == "inputs" else "target"
        return [sequence_item(field, t, item, kind) for t, item in enumerate(value)]

    @model_validator(mode="after")
    def _shapes(self) -> Self:
        hidden = matrix_rows("W", self.W, "H×H", "H = hidden units")
        matrix_columns("W", self.W, hidden, "H×H", f"W has {hidden} rows, so H = {hidden}")
        rows_u = matrix_rows("U", self.U, "H×D", "H = hidden units, D = input size")
        if rows_u != hidden:
            raise input_error(
                "matrix_shape",
                "rnn.error.matrix_shape.U_rows",
                ["U"],
                hidden=hidden,
                got=rows_u,
            )
        inputs_dim = len(self.U[0])
        if not 1 <= inputs_dim <= MAX_SIZE:
            raise input_error(
                "matrix_shape",
                "rnn.error.matrix_shape.U_columns",
                ["U", 0],
                got=inputs_dim,
                limit=MAX_SIZE,
            )
        matrix_columns(
            "U", self.U, inputs_dim, "H×D", f"row 0 has {inputs_dim}, so D = {inputs_dim}"
        )
        matrix_rows("V", self.V, "C×H", "C = classes, H = hidden units")
        matrix_columns("V", self.V, hidden, "C×H", f"H = {hidden}, as W")
        if self.h0 is not None and len(self.h0) != hidden:
            raise input_error(
                "vector_length",
                "rnn.error.vector_length",
                ["h0"],
                hidden=hidden,
                got=len(self.h0),
            )
        classes = len(self.V)
        if len(self.labels) != len(self.inputs):
            raise input_error(
                "sequence_length",
                "rnn.error.sequence_length",
                ["labels"],
                got=len(self.labels),
                steps=len(self.inputs),
            )
        check_sequence("inputs", self.inputs, inputs_dim, "D, the columns of U", "x_t")
        check_sequence("labels", self.labels, classes, "C, the rows of V", "y_t")
        entries = self.step_entries
        if entries > MAX_STEP_ENTRIES:
            raise input_error(
                "size_limit",
                "rnn.error.size_limit.entries",
                [],
                entries=entries,
                limit=MAX_STEP_ENTRIES,
            )
        return self

    @property
    def step_entries(self) -> int:
        """T·H·(C + H + D): the entries of the per-step gradient matrices of the answer."""
        hidden, classes, inputs_dim = len(self.W), len(self.V), len(self.U[0])
        return len(self.inputs) * hidden * (classes + hidden + inputs_dim)

    def arrays(self) -> tuple[Array, Array, Array, Array, Array, Array | None]:
        """(W, U, V, inputs, targets, h0) as float64 arrays, inputs and targets as rows."""
        W, U, V = (np.array(m, dtype=np.float64) for m in (self.W, self.U, self.V))
        h0 = None if self.h0 is None else np.array(self.h0, dtype=np.float64)
        inputs = sequence_array(self.inputs, U.shape[1])
        targets = sequence_array(self.labels, V.shape[0])
        return W, U, V, inputs, targets, h0


class RnnStep(BaseModel):
    """Step t: its forward values, its loss, and its share of each gradient."""

    t: int = Field(description="The step, 1-based as in the lecture.")
    x: Vector = Field(description="x_t, the input vector.")
    h: Vector = Field(description="h_t = tanh(W h_{t−1} + U x_t).")
    o: Vector = Field(description="o_t = V h_t.")
    probs: Vector = Field(description="ŷ_t = softmax(o_t).")
    target: Vector = Field(description="y_t.")
    label_sum: Number = Field(description="Σ_k y_tk; 1 makes ∂L/∂o_t the lecture's ŷ_t − y_t.")
    loss: Number = Field(description="L_t = −Σ_k y_tk log ŷ_tk.")
    grad_logits: Vector = Field(description="∂L/∂o_t = ŷ_t·Σy_t − y_t.")
    grad_h: Vector = Field(description="∂L/∂h_t = Vᵀ ∂L/∂o_t + Wᵀ ∂L/∂a_{t+1}.")
    grad_a: Vector = Field(description="∂L/∂a_t = (1 − h_t²) ⊙ ∂L/∂h_t, a_t = W h_{t−1} + U x_t.")
    grad_V: Matrix = Field(description="(∂L/∂o_t) h_tᵀ, step t's term of ∂L/∂V.")
    grad_W: Matrix = Field(description="(∂L/∂a_t) h_{t−1}ᵀ, step t's term of ∂L/∂W.")
    grad_U: Matrix = Field(description="(∂L/∂a_t) x_tᵀ, step t's term of ∂L/∂U.")


class RnnResponse(BaseModel):
    """The RNN's forward values, per-step losses and BPTT gradients, step by step and summed."""

    hidden: int = Field(description="H, hidden units.")
    inputs_dim: int = Field(description="D, the input size.")
    classes: int = Field(description="C, the output classes.")
    steps: int = Field(description="T, the sequence length.")
    h0: Vector = Field(description="h_0, the initial hidden state.")
    per_step: list[RnnStep] = Field(description="Steps 1 … T.")
    loss: Number = Field(description="L = Σ_t L_t (a sum over steps, as the lecture).")
    grad_V: Matrix = Field(description="∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ.")
    grad_W: Matrix = Field(description="∂L/∂W = Σ_t (∂L/∂a_t) h_{t−1}ᵀ.")
    grad_U: Matrix = Field(description="∂L/∂U = Σ_t (∂L/∂a_t) x_tᵀ.")
    grad_h0: Vector = Field(description="∂L/∂h_0 = Wᵀ ∂L/∂a_1.")
    warnings: list[WarningModel]


class RnnDerivationResponse(BaseModel):
    """The BPTT chain step by step, each as LaTeX with numbers and as MathML."""

    steps: list[DerivationStep] = Field(
        description="Forward pass, loss, ∂L/∂o_t, ∂L/∂V, ∂L/∂h_t, ∂L/∂a_t, ∂L/∂W, ∂L/∂U, ∂L/∂h_0."
    )
