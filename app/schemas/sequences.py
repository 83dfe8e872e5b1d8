"""Sequences and weight matrices of the recurrent models (RNN, LSTM): the checks they share.

Each check raises `input_error` pointing at the exact entry, with the expected shape or
range in the message, so that a learner can fix the request without reading code.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

import numpy as np
from pydantic import Field, StrictInt

from app.numerics.softmax import Array
from app.schemas.arrays import describe, float_or_inf
from app.schemas.errors import input_error

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


def sequence_number(field: str, loc: list[int | str], value: Any) -> float:
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


def sequence_item(field: str, t: int, item: Any, kind: str) -> int | list[float]:
    """Check one step's entry: a whole-number class index, or a vector of finite numbers."""
    if isinstance(item, list):
        vector = [sequence_number(field, [t, k], entry) for k, entry in enumerate(item)]
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


def matrix_rows(name: str, matrix: Weights, shape: str, meaning: str) -> int:
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


def matrix_columns(name: str, matrix: Weights, columns: int, shape: str, why: str) -> None:
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


def check_sequence(
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


def sequence_array(items: list[int | list[float]], size: int) -> Array:
    """Rows x_t (or y_t): e_index for a class index, the vector itself otherwise."""
    rows = np.zeros((len(items), size))
    for t, item in enumerate(items):
        if isinstance(item, list):
            rows[t] = item
        else:
            rows[t, item] = 1.0
    return rows
