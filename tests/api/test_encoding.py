"""app.encoding: JSON straight from numpy, null for what is not finite, and the answers
of every v1 endpoint valid against their documented response models."""

from __future__ import annotations

import json
import math
import struct
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from app.api.encoding import SCREEN_AT_ONCE, Fields, dumps
from app.main import create_app
from app.numerics.analysis import Warning
from app.schemas.softmax import (
    AnalyzeResponse,
    GradientResponse,
    JacobianResponse,
    LossResponse,
    SoftmaxResponse,
)

# A catalogue of two messages: the computation's own warning and the non-finite one.
TEXT = {"warning.own": "from the math", "non_finite": "{field} is not finite"}


def fields(*warnings: Warning) -> Fields:
    return Fields("non_finite", warnings, text=TEXT)


def test_non_finite_values_are_null_everywhere() -> None:
    value = {
        "matrix": np.array([[1.0, np.inf], [np.nan, -0.5]]),
        "scalar": float("-inf"),
        "numpy_scalar": np.float64(np.nan),
        "nested": {"names": ["ŷ", None], "x": [float("nan")]},
    }
    text = dumps(value).decode()
    assert "Infinity" not in text and "NaN" not in text
    assert json.loads(text) == {
        "matrix": [[1.0, None], [None, -0.5]],
        "scalar": None,
        "numpy_scalar": None,
        "nested": {"names": ["ŷ", None], "x": [None]},
    }


def test_arrays_orjson_cannot_write_itself_fall_back_to_lists() -> None:
    matrix = np.arange(12.0).reshape(3, 4)
    value = {
        "columns": matrix[:, ::2],  # not C-contiguous
        "transposed": matrix.T,
        "zero_d": np.array(2.5),
        "ints": np.arange(3),
        "empty_rows": np.zeros((2, 0)),
    }
    assert json.loads(dumps(value)) == {
        "columns": matrix[:, ::2].tolist(),
        "transposed": matrix.T.tolist(),
        "zero_d": 2.5,
        "ints": [0, 1, 2],
        "empty_rows": [[], []],
    }


def test_anything_else_is_refused() -> None:
    with pytest.raises(TypeError):
        dumps({"x": object()})


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=50))
def test_every_finite_float64_round_trips_bit_for_bit(values: list[float]) -> None:
    array = np.array(values)
    back = json.loads(dumps(array))
    assert [struct.pack("<d", x) for x in back] == [struct.pack("<d", x) for x in values]


@pytest.mark.parametrize("size", [3, SCREEN_AT_ONCE + 1])
def test_each_field_with_a_non_finite_entry_is_explained_once_in_order(size: int) -> None:
    """Small answers are screened in one flattened pass, large ones field by field."""
    encode = fields(Warning("own", "probs"))
    finite = np.ones(size)
    broken = np.ones(size)
    broken[-1] = np.inf
    assert encode("probs", broken) is broken  # already explained by the computation
    encode("jacobian", finite)
    encode("grad", broken)
    encode("grad", broken)
    assert encode.number("loss", np.float64(np.nan)) is not None  # a float, written as null
    assert encode("skipped", None) is None
    assert encode.warnings == [
        {"code": "own", "field": "probs", "message": "from the math"},
        {"code": "non_finite", "field": "grad", "message": "grad is not finite"},
        {"code": "non_finite", "field": "loss", "message": "loss is not finite"},
    ]


def test_finite_answers_have_no_warnings() -> None:
    encode = fields()
    encode("a", np.zeros((3, 3)))
    encode.number("b", 1.0)
    assert encode.warnings == []


def test_an_overflowing_sum_of_finite_entries_is_not_a_warning() -> None:
    encode = fields()
    encode("big", np.full(4, 1e308))
    assert encode.warnings == []


# Every endpoint of API v1 and requests that reach its edges: batches, soft labels,
# smoothing, sum/none reductions, underflow (−∞ in ∂L/∂ŷ), class names.
CASES: list[tuple[str, type[BaseModel], dict[str, Any]]] = [
    ("softmax", SoftmaxResponse, {"logits": [2.0, 1.0, 0.1], "class_names": ["a", "b", "c"]}),
    ("softmax", SoftmaxResponse, {"logits": [[1e308, -1e308], [0.0, 1.0]]}),
    ("jacobian", JacobianResponse, {"logits": [[2.0, 1.0], [0.5, -0.5]], "temperature": 0.5}),
    (
        "loss",
        LossResponse,
        {"logits": [[2.0, 1.0, 0.1]] * 2, "labels": [0, 2], "reduction": "none"},
    ),
    ("gradient", GradientResponse, {"logits": [2.0, 1.0], "labels": [3.0, 1.0]}),
    ("analyze", AnalyzeResponse, {"logits": [1000.0, 0.0], "labels": 1}),
    (
        "analyze",
        AnalyzeResponse,
        {"logits": [[1.0, 2.0, 3.0]] * 3, "labels": [0, 1, 2], "reduction": "sum"},
    ),
    (
        "analyze",
        AnalyzeResponse,
        {"logits": [1.0, 2.0], "labels": [0.3, 0.7], "label_smoothing": 0.1},
    ),
    ("analyze", AnalyzeResponse, {"logits": [1.0, -1.0], "labels": 0, "temperature": 1e-320}),
    # Each row's loss is finite, their sum is not.
    (
        "analyze",
        AnalyzeResponse,
        {"logits": [[0.0, 0.0]] * 4, "labels": [[8e307, 0.0]] * 4, "reduction": "sum"},
    ),
]


@pytest.mark.parametrize(("endpoint", "model", "body"), CASES)
def test_answers_are_exactly_what_their_response_model_documents(
    endpoint: str, model: type[BaseModel], body: dict[str, Any]
) -> None:
    """Validating an answer against its model changes nothing: no missing or extra field,
    no value that pydantic would coerce, and no non-finite token."""
    response = TestClient(create_app()).post(f"/api/v1/{endpoint}", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    text = response.text
    assert "NaN" not in text and "Infinity" not in text
    answer = json.loads(text)
    assert model.model_validate(answer).model_dump(mode="json") == answer
    nulls = [key for key, value in answer.items() if _has_null(value)]
    explained = {w["field"] for w in answer["warnings"]}
    unexplained = [
        key for key in nulls if key not in explained and not _null_by_definition(key, body)
    ]
    assert unexplained == [], answer["warnings"]


def _null_by_definition(key: str, body: dict[str, Any]) -> bool:
    """Null for what was asked, not because a value overflowed."""
    batched = isinstance(body["logits"][0], list)
    return (
        key in {"batch", "class_names", "checks"}  # checks: explained by grad_probs' warning
        or (key == "losses" and not batched)
        or (key == "loss" and body.get("reduction") == "none")
    )


def _has_null(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, list):
        return any(_has_null(item) for item in value)
    if isinstance(value, float):
        return not math.isfinite(value)
    return False
