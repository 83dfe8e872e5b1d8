"""POST /api/v1/jacobian/heatmap: exact pooled J and M for any C, never C×C."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from fastapi import APIRouter, Response
from pydantic_core import to_json

from app import heatmap
from app.heatmap import Heatmap
from app.heatmap_schemas import HeatmapRequest, HeatmapResponse
from app.routing import StrictJSONRoute

router = APIRouter(prefix="/api/v1", tags=["heatmap"], route_class=StrictJSONRoute)

# Entries per piece when encoding a long vector (perm has up to 2²⁰).
CHUNK = 65_536

NON_FINITE = (
    "{field} has entries that are not finite in float64 (sent as null): the logits' "
    "spread divided by T, or the labels, are past what float64 holds. Try a larger temperature."
)


class Encoder:
    """Collect the response's fields, explaining each non-finite one once; encode them to JSON.

    Pooled matrices stay numpy arrays until `write()` appends them to one buffer a row at
    a time: at most one row of Python floats exists at once, instead of n² floats plus
    their JSON plus copies of it.
    """

    def __init__(self) -> None:
        self.warnings: list[dict[str, str]] = []

    def _explain(self, field: str) -> None:
        if all(w["field"] != field for w in self.warnings):
            message = NON_FINITE.format(field=field)
            self.warnings.append({"code": "non_finite", "field": field, "message": message})

    def __call__(self, field: str, array: np.ndarray) -> np.ndarray:
        if not np.isfinite(array).all():
            self._explain(field)
        return array

    def number(self, field: str, value: float | None) -> float | None:
        if value is None or math.isfinite(value):
            return value
        self._explain(field)
        return None

    def pooled(self, field: str, values: np.ndarray) -> dict[str, Any]:
        finite = values[np.isfinite(values)]
        return {
            "values": self(field, values),
            "vmin": float(finite.min()) if finite.size else None,
            "vmax": float(finite.max()) if finite.size else None,
        }

    @classmethod
    def write(cls, out: bytearray, value: Any) -> bytearray:
        """Append value's JSON to out; a non-finite float becomes null (never NaN or Infinity)."""
        if isinstance(value, np.ndarray) and value.ndim == 2:
            out += b"["
            for i, row in enumerate(value):
                out += b"," if i else b""
                cls.write(out, row)
            out += b"]"
        elif isinstance(value, np.ndarray):
            out += b"["
            for start in range(0, value.size, CHUNK):
                out += b"," if start else b""
                out += to_json(value[start : start + CHUNK].tolist(), inf_nan_mode="null")[1:-1]
            out += b"]"
        elif isinstance(value, dict):
            out += b"{"
            for i, (key, item) in enumerate(value.items()):
                out += b"," if i else b""
                out += to_json(key) + b":"
                cls.write(out, item)
            out += b"}"
        else:
            out += to_json(value, inf_nan_mode="null")
        return out


def _top_and_rest(
    request: HeatmapRequest, result: Heatmap, encode: Encoder
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    top = result.top
    names = request.class_names
    columns: dict[str, list[Any]] = {
        "index": top.tolist(),
        "name": [names[i] for i in top.tolist()] if names is not None else [None] * top.size,
        "logit": request.logits[top].tolist(),
        "prob": encode("top.prob", result.probs[top]).tolist(),
        "log_prob": encode("top.log_prob", result.log_probs[top]).tolist(),
        "target": [None] * top.size,
        "grad_logit": [None] * top.size,
    }
    rest: dict[str, Any] = {
        "classes": request.classes - top.size,
        "prob": encode.number("rest.prob", heatmap.rest_sum(result.probs, top)),
        "target": None,
        "grad_logit": None,
    }
    if result.target is not None and result.grad_logits is not None:
        columns["target"] = encode("top.target", result.target[top]).tolist()
        columns["grad_logit"] = encode("top.grad_logit", result.grad_logits[top]).tolist()
        rest["target"] = encode.number("rest.target", heatmap.rest_sum(result.target, top))
        rest["grad_logit"] = encode.number(
            "rest.grad_logit", heatmap.rest_sum(result.grad_logits, top)
        )
    rows = [dict(zip(columns, entry, strict=True)) for entry in zip(*columns.values(), strict=True)]
    return rows, rest


def response_fields(request: HeatmapRequest) -> dict[str, Any]:
    """The HeatmapResponse fields, pooled matrices and long vectors still as numpy arrays."""
    result = heatmap.jacobian_heatmap(
        request.logits,
        request.temperature,
        request.size,
        request.pool,
        request.order,
        target=request.target,
        label_smoothing=request.label_smoothing,
        top_k=request.top_k,
    )
    encode = Encoder()
    top, rest = _top_and_rest(request, result, encode)
    fields: dict[str, Any] = {
        "classes": request.classes,
        "batch": None,
        "temperature": request.temperature,
        "label_smoothing": request.label_smoothing,
        "size": result.edges.size - 1,
        "bins": np.stack([result.edges[:-1], result.edges[1:]], axis=1),
        **encode.pooled("values", result.jacobian),
        "pool": request.pool,
        "order": request.order,
        "perm": result.perm,
        "contributions": None,
        "grad_logits": None,
        "loss": None,
        "label_sum": None,
        "top": top,
        "rest": rest,
    }
    if result.contributions is not None and result.pooled_grad_logits is not None:
        fields["contributions"] = encode.pooled("contributions", result.contributions)
        fields["grad_logits"] = encode("grad_logits", result.pooled_grad_logits)
        fields["loss"] = encode.number("loss", result.loss)
        fields["label_sum"] = encode.number("label_sum", result.label_sum)
    fields["warnings"] = encode.warnings
    return fields


# Pre-encoded JSON: FastAPI's pydantic path would hold every pooled value as a Python
# float next to its JSON (bench/encoding.py measures both); the model still documents it.
@router.post("/jacobian/heatmap", response_model=HeatmapResponse)
def jacobian_heatmap(request: HeatmapRequest) -> Response:
    """Pool the softmax Jacobian (and M, given labels) over size×size tiles, exactly, for any C."""
    # A memoryview of the buffer: Starlette sends it as is, without a copy.
    body = memoryview(Encoder.write(bytearray(), response_fields(request)))
    return Response(content=body, media_type="application/json")
