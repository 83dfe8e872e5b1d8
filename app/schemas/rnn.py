"""Request and response models of POST /api/v1/rnn, with every check on the request.

Each check raises `input_error` pointing at the exact entry, with the expected shape or
range in the message, so that a learner can fix the request without reading code.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Self

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

from app.numerics.softmax import Array
from app.presets.rnn import LECTURE_RNN
from app.schemas.arrays import describe, float_or_inf
from app.schemas.errors import input_error
from app.schemas.softmax import DerivationStep, Matrix, Number, Vector, WarningModel

# Hidden units H, input size D and classes C each; and sequence length T.
MAX_SIZE = 256
MAX_STEPS = 256
# Entries of the per-step matrices in a response, T·(C·H + H·H + H·D): this bounds the
# JSON (about 20 bytes an entry) where the separate caps alone would allow 50 million.
MAX_STEP_ENTRIES = 1 << 20

# Strict: true/false and "1.5" are not numbers here; allow_inf_nan rejects NaN, Infinity, 1e999.
FiniteFloat = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Weights = list[list[FiniteFloat]]
# One step of a sequence: a class index, or a vector (one-hot, soft or any numbers).
SequenceItem = StrictInt | list[FiniteFloat]


def _number(field: str, loc: list[int | str], value: Any) -> float:
    """A JSON number as a finite float; anything else is named in the error."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise input_error(
            "number_type",
            "rnn.error.number_type",
            [field, *loc],
            where=field + "".join(f"[{i}]" for i in loc),
            got=describe(value),
        )
    number = float_or_inf(value)
    if not math.isfinite(number):
        raise input_error(
            "finite_number",
            "rnn.error.finite_number",
            [field, *loc],
            where=field + "".join(f"[{i}]" for i in loc),
            got=describe(value),
        )
    return number


def _sequence_item(field: str, t: int, item: Any, kind: str) -> int | list[float]:
    """Check one step's entry: a whole-number class index, or a vector of finite numbers."""
    if isinstance(item, list):
        vector = [_number(field, [t, k], entry) for k, entry in enumerate(item)]
        if kind == "target":
            for k, number in enumerate(vector):
                if number < 0.0:
                    raise input_error(
                        "negative_label",
                        "rnn.error.negative_label",
                        [field, t, k],
                        field=field,
                        t=t,
                        k=k,
                        got=number,
                    )
        return vector
    is_number = isinstance(item, int | float) and not isinstance(item, bool)
    if not is_number or not math.isfinite(float_or_inf(item)) or not float(item).is_integer():
        raise input_error(
            "class_index_type",
            "rnn.error.class_index_type",
            [field, t],
            field=field,
            t=t,
            got=describe(item),
        )
    return int(item)


def _matrix_rows(name: str, matrix: Weights, shape: str, meaning: str) -> int:
    """The row count of a matrix, which must have 1 … MAX_SIZE rows."""
    if not matrix:
        raise input_error(
            "matrix_shape",
            "rnn.error.matrix_shape.empty",
            [name],
            name=name,
            shape=shape,
            meaning=meaning,
        )
    if len(matrix) > MAX_SIZE:
        raise input_error(
            "size_limit",
            "rnn.error.size_limit",
            [name],
            name=name,
            rows=len(matrix),
            limit=MAX_SIZE,
            meaning=meaning,
        )
    return len(matrix)


def _matrix_columns(name: str, matrix: Weights, columns: int, shape: str, why: str) -> None:
    """Every row of the matrix has exactly `columns` entries."""
    for i, row in enumerate(matrix):
        if len(row) != columns:
            raise input_error(
                "matrix_shape",
                "rnn.error.matrix_shape",
                [name, i],
                name=name,
                shape=shape,
                columns=columns,
                why=why,
                row=i,
                got=len(row),
            )


def _check_sequence(
    field: str, items: list[int | list[float]], size: int, size_name: str, symbol: str
) -> None:
    """Indices lie in [0, size) and vectors have `size` entries."""
    for t, item in enumerate(items):
        if isinstance(item, list):
            if len(item) != size:
                raise input_error(
                    "vector_length",
                    "rnn.error.vector_length.sequence",
                    [field, t],
                    field=field,
                    t=t,
                    size=size,
                    size_name=size_name,
                    got=len(item),
                )
        elif not 0 <= item < size:
            raise input_error(
                "class_index_range",
                "rnn.error.class_index_range",
                [field, t],
                field=field,
                t=t,
                got=item,
                symbol=symbol,
                size=size,
                size_name=size_name,
            )


def _sequence_array(items: list[int | list[float]], size: int) -> Array:
    """Rows x_t (or y_t): e_index for a class index, the vector itself otherwise."""
    rows = np.zeros((len(items), size))
    for t, item in enumerate(items):
        if isinstance(item, list):
            rows[t] = item
        else:
            rows[t, item] = 1.0
    return rows


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
        return [_sequence_item(field, t, item, kind) for t, item in enumerate(value)]

    @model_validator(mode="after")
    def _shapes(self) -> Self:
        hidden = _matrix_rows("W", self.W, "H×H", "H = hidden units")
        _matrix_columns("W", self.W, hidden, "H×H", f"W has {hidden} rows, so H = {hidden}")
        rows_u = _matrix_rows("U", self.U, "H×D", "H = hidden units, D = input size")
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
        _matrix_columns(
            "U", self.U, inputs_dim, "H×D", f"row 0 has {inputs_dim}, so D = {inputs_dim}"
        )
        _matrix_rows("V", self.V, "C×H", "C = classes, H = hidden units")
        _matrix_columns("V", self.V, hidden, "C×H", f"H = {hidden}, as W")
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
        _check_sequence("inputs", self.inputs, inputs_dim, "D, the columns of U", "x_t")
        _check_sequence("labels", self.labels, classes, "C, the rows of V", "y_t")
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
        inputs = _sequence_array(self.inputs, U.shape[1])
        targets = _sequence_array(self.labels, V.shape[0])
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
