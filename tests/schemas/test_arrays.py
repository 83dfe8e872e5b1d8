"""JSON numbers become float64 arrays in one pass, and a bad entry is named exactly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from app.schemas.arrays import describe, parse_vector_or_matrix


def error_of(value: object) -> PydanticCustomError:
    with pytest.raises(PydanticCustomError) as caught:
        parse_vector_or_matrix("logits", value)
    return caught.value


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=20))
def test_a_row_of_finite_numbers_is_the_same_float64_vector(values: list[float]) -> None:
    parsed = parse_vector_or_matrix("logits", values)
    assert parsed.dtype == np.float64 and parsed.shape == (len(values),)
    assert parsed.tolist() == values


def test_a_batch_is_a_matrix_and_integers_are_numbers() -> None:
    parsed = parse_vector_or_matrix("logits", [[1, 2.5], [3, -4]])
    assert parsed.shape == (2, 2) and parsed.tolist() == [[1.0, 2.5], [3.0, -4.0]]


@pytest.mark.parametrize(
    ("value", "kind", "loc"),
    [
        ([1.0, "2"], "number_type", ["logits", 1]),
        ([1.0, True], "number_type", ["logits", 1]),
        ([1.0, 10**400], "finite_number", ["logits", 1]),
        ([[1.0, 2.0], [3.0]], "ragged", ["logits", 1]),
        ([[1.0], 2.0], "shape", ["logits", 1]),
        ([[0.0], [None]], "number_type", ["logits", 1, 0]),
        ([], "empty", ["logits"]),
        ([[]], "empty", ["logits", 0]),
        ("1, 2", "shape", ["logits"]),
    ],
)
def test_the_first_bad_entry_is_named_with_its_location(
    value: object, kind: str, loc: list[object]
) -> None:
    error = error_of(value)
    assert error.type == kind
    assert error.context is not None and error.context["loc"] == loc
    assert "logits" in error.message()


def test_values_are_described_as_a_learner_reads_them() -> None:
    assert describe(True) == "true (a boolean)"
    assert describe("abc") == '"abc" (text)'
    assert describe(None) == "null"
    assert describe(10**400) == "a number too large for float64"
