"""Parse JSON numbers into float64 arrays, with errors that name the exact entry.

A plain validator rather than `list[float]`: one vectorised pass instead of one
pydantic check per number (logits may hold a million entries), and messages a
learner can act on ("logits[1][3] is not a number") instead of a union's noise.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from app.schemas.errors import LocPart, input_error

_NUMBER_TYPES = {int, float}


def describe(value: Any) -> str:
    """How a JSON value reads in a message: `true (a boolean)`, `"abc" (text)`."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if value is None:
        return "null"
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:20] + "…"
        return f'"{shown}" (text)'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, float) and math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, int) and abs(value) > 2**1023:
        return "a number too large for float64"
    return repr(value)


def _where(field: str, loc: tuple[LocPart, ...]) -> str:
    return field + "".join(f"[{i}]" for i in loc[1:])


def _bad_entry(field: str, loc: tuple[LocPart, ...], value: Any) -> Exception:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return input_error(
            "finite_number",
            "error.finite_number",
            loc,
            where=_where(field, loc),
            got=describe(value),
        )
    return input_error(
        "number_type",
        "error.number_type",
        loc,
        where=_where(field, loc),
        got=describe(value),
    )


def _row(field: str, loc: tuple[LocPart, ...], values: list[Any]) -> np.ndarray:
    """A list of finite numbers as float64; the first bad entry is named."""
    if set(map(type, values)) <= _NUMBER_TYPES:
        try:
            row = np.array(values, dtype=np.float64)
        except OverflowError:
            row = None
        if row is not None and np.isfinite(row).all():
            return row
    for i, value in enumerate(values):
        if type(value) not in _NUMBER_TYPES or not math.isfinite(float_or_inf(value)):
            raise _bad_entry(field, (*loc, i), value)
    raise AssertionError("unreachable: some entry failed the vectorised check")


def float_or_inf(value: int | float) -> float:
    """float(value), or inf for an integer beyond float64's range."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


def parse_vector_or_matrix(field: str, value: Any) -> np.ndarray:
    """A non-empty list (1-D) or a rectangular list of non-empty lists (2-D) of finite numbers."""
    loc: tuple[LocPart, ...] = (field,)
    if not isinstance(value, list):
        raise input_error(
            "shape",
            "error.shape",
            loc,
            field=field,
            got=describe(value),
        )
    if not value:
        raise input_error("empty", "error.empty", loc, field=field)
    if not isinstance(value[0], list):
        return _row(field, loc, value)
    width = len(value[0])
    rows = []
    for b, row in enumerate(value):
        if not isinstance(row, list):
            raise input_error(
                "shape",
                "error.shape.row",
                (field, b),
                where=f"{field}[{b}]",
                field=field,
                got=describe(row),
            )
        if len(row) != width:
            raise input_error(
                "ragged",
                "error.ragged",
                (field, b),
                where=f"{field}[{b}]",
                field=field,
                length=len(row),
                width=width,
            )
        if width == 0:
            raise input_error(
                "empty",
                "error.empty.row",
                (field, b),
                where=f"{field}[{b}]",
            )
        rows.append(_row(field, (field, b), row))
    return np.stack(rows)
