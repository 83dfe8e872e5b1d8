"""JSON answers written straight from numpy arrays, never with a NaN or Infinity token.

An answer's fields stay numpy arrays until orjson writes them in one pass: no Python
float per entry, no second validation of numbers the server computed itself. The
response models in the schemas still document every answer in OpenAPI, and the tests
validate real answers against them.

A non-finite entry is written as null (orjson's rule for NaN and ±∞); `Fields` explains
each field that had one, once, in `warnings`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import orjson
from fastapi import Response

_OPTIONS = orjson.OPT_SERIALIZE_NUMPY


def _fallback(value: Any) -> Any:
    """What orjson does not write itself: non-contiguous or 0-d arrays."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(value: Any) -> bytes:
    """JSON bytes of value: numpy arrays as nested lists, NaN and ±∞ as null."""
    return orjson.dumps(value, default=_fallback, option=_OPTIONS)


def json_response(value: Any, status_code: int = 200) -> Response:
    return Response(dumps(value), status_code, media_type="application/json")


def is_finite(value: np.ndarray | float) -> bool:
    """Whether every entry is finite."""
    if isinstance(value, float):
        return math.isfinite(value)
    # One reduction screens the whole array: a NaN or ±∞ entry makes the sum non-finite
    # (an overflowing sum of finite entries only costs the exact check).
    return bool(math.isfinite(value.sum()) or np.isfinite(value).all())


# Up to this many numbers in all, an answer is screened as one flattened copy: one
# reduction instead of one per field, for the small answers that dominate the traffic.
SCREEN_AT_ONCE = 65_536


def _all_finite(values: list[np.ndarray | float]) -> bool:
    if sum(getattr(value, "size", 1) for value in values) <= SCREEN_AT_ONCE:
        return not values or is_finite(np.concatenate(values, axis=None))
    return all(is_finite(value) for value in values)


class Fields:
    """Collects an answer's numbers and explains, once, each field with a non-finite entry.

    `message` is formatted with the field's name; `warnings` may start with the
    computation's own (dicts with code, field, message). Values pass through unchanged:
    `warnings` screens them all together when it is read, since non-finite values are
    rare, unless the caller already knows them to be finite (`finite=True`).
    """

    def __init__(
        self, message: str, warnings: list[dict[str, str]] | None = None, finite: bool = False
    ) -> None:
        self.message = message
        self._warnings = warnings if warnings is not None else []
        self._values: list[tuple[str, np.ndarray | float]] = []
        self._finite = finite

    def __call__(self, field: str, value: Any) -> Any:
        """value itself, remembered for the screen."""
        if value is not None:
            self._values.append((field, value))
        return value

    def number(self, field: str, value: float | None) -> float | None:
        """A scalar, as a Python float (None stays None)."""
        return self(field, None if value is None else float(value))

    @property
    def warnings(self) -> list[dict[str, str]]:
        """The computation's warnings, then one per field that holds a non-finite value."""
        # A sum of ±∞ entries, or of finite ones past float64's range, is expected here.
        with np.errstate(over="ignore", invalid="ignore"):
            if not self._finite and not _all_finite([value for _, value in self._values]):
                self._explain_non_finite()
        self._values.clear()
        return self._warnings

    def _explain_non_finite(self) -> None:
        explained = {w["field"] for w in self._warnings}
        for field, value in self._values:
            if field not in explained and not is_finite(value):
                explained.add(field)
                message = self.message.format(field=field)
                self._warnings.append({"code": "non_finite", "field": field, "message": message})
