"""JSON answers written straight from numpy arrays, never with a NaN or Infinity token.

An answer's fields stay numpy arrays until orjson writes them in one pass: no Python
float per entry, no second validation of numbers the server computed itself. The
response models in the schemas still document every answer in OpenAPI, and the tests
validate real answers against them.

A non-finite entry is written as null (orjson's rule for NaN and ±∞); `Fields` explains
each field that had one, once, in `warnings`: the one place where every route's
non-finite values become null with a warning.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import orjson
from fastapi import Response

from app.i18n import DEFAULT_LANGUAGE, messages
from app.numerics.analysis import Warning

# A warning as the answer carries it: code, field, message and the values it names.
Warned = dict[str, str]

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


def listing(items: list[str]) -> str:
    """At most eight items, comma-separated, with … for the rest."""
    return ", ".join(items[:8]) + (", …" if len(items) > 8 else "")


class Fields:
    """Collects an answer's numbers and explains, once, each field with a non-finite entry.

    Every message is worded from the catalogue: a computation's own warnings (code,
    field, params) by `{prefix}warning.{code}`, a non-finite field by `non_finite` (and
    `non_finite + ".steps"` for a per-step field, naming the steps); `text` is the
    catalogue, English by default. Each warning is
    `{code, field, message}` plus the values its message names, so that a page can word it
    in its own language. Values pass through unchanged: `warnings` screens them all
    together when it is read, since non-finite values are rare.
    """

    def __init__(
        self,
        non_finite: str,
        warnings: Iterable[Warning] = (),
        prefix: str = "",
        text: Mapping[str, str] | None = None,
    ) -> None:
        self._text = messages(DEFAULT_LANGUAGE) if text is None else text
        self._non_finite = non_finite
        self._warnings = [self._worded(prefix, w.code, w.field, w.params) for w in warnings]
        self._values: list[tuple[str, np.ndarray | float]] = []
        self._per_step: set[str] = set()

    def _worded(self, prefix: str, code: str, field: str, params: dict[str, str]) -> Warned:
        message = self._text[f"{prefix}warning.{code}"].format(field=field, **params)
        return {"code": code, "field": field, "message": message, **params}

    def __call__(self, field: str, value: Any) -> Any:
        """value itself, remembered for the screen."""
        if value is not None:
            self._values.append((field, value))
        return value

    def number(self, field: str, value: float | None) -> float | None:
        """A scalar, as a Python float (None stays None)."""
        return self(field, None if value is None else float(value))

    def steps(self, field: str, value: np.ndarray) -> np.ndarray:
        """A per-step array (T, …), remembered so that a warning can name the steps."""
        self._per_step.add(field)
        return self(field, value)

    def per_step(self, result: object, fields: Mapping[str, str]) -> list[dict[str, Any]]:
        """Step t's answer, {"t": t, field: result.<attribute>[t - 1], …}, for each step
        of a sequence result, every field's (T, …) array remembered as a per-step one."""
        columns = {
            field: self.steps(f"per_step.{field}", getattr(result, attribute))
            for field, attribute in fields.items()
        }
        steps = len(next(iter(columns.values())))
        return [
            {"t": t + 1, **{field: column[t] for field, column in columns.items()}}
            for t in range(steps)
        ]

    @property
    def warnings(self) -> list[Warned]:
        """The computation's warnings, then one per field that holds a non-finite value."""
        # A sum of ±∞ entries, or of finite ones past float64's range, is expected here.
        with np.errstate(over="ignore", invalid="ignore"):
            if not _all_finite([value for _, value in self._values]):
                self._explain_non_finite()
        self._values.clear()
        return self._warnings

    def _explain_non_finite(self) -> None:
        explained = {w["field"] for w in self._warnings}
        for field, value in self._values:
            if field in explained or is_finite(value):
                continue
            explained.add(field)
            params: dict[str, str] = {}
            key = self._non_finite
            if field in self._per_step:
                finite = np.isfinite(value.reshape(value.shape[0], -1)).all(axis=1)
                params["steps"] = listing([str(t + 1) for t in np.flatnonzero(~finite)])
                key += ".steps"
            message = self._text[key].format(field=field, **params)
            self._warnings.append(
                {"code": "non_finite", "field": field, "message": message, **params}
            )
