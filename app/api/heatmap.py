"""POST /api/v1/jacobian/heatmap: exact pooled J and M for any C, never C×C."""

from __future__ import annotations

from typing import Any

import numpy as np
from fastapi import APIRouter, Response

from app.api.encoding import Fields, json_response
from app.api.routing import StrictJSONRoute, answer
from app.numerics import heatmap
from app.numerics.analysis import is_lecture_form
from app.numerics.heatmap import Heatmap
from app.schemas.heatmap import HeatmapRequest, HeatmapResponse

router = APIRouter(prefix="/api/v1", tags=["heatmap"], route_class=StrictJSONRoute)


# Below this many numbers in the answer (a 32×32 heatmap of a few hundred classes),
# answering on the event loop beats a thread hop.
INLINE_NUMBERS = 4096


def _pooled(encode: Fields, field: str, values: np.ndarray) -> dict[str, Any]:
    """A pooled matrix with the range of its finite values."""
    finite = values[np.isfinite(values)]
    return {
        "values": encode(field, values),
        "vmin": float(finite.min()) if finite.size else None,
        "vmax": float(finite.max()) if finite.size else None,
    }


def _top_and_rest(
    request: HeatmapRequest, result: Heatmap, encode: Fields
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
    others = np.ones(request.classes, dtype=bool)
    others[top] = False
    rest: dict[str, Any] = {
        "classes": request.classes - top.size,
        "prob": encode.number("rest.prob", heatmap.rest_sum(result.probs, top)),
        "target": None,
        "grad_logit": None,
        "logit_min": float(request.logits[others].min()) if others.any() else None,
        "logit_max": float(request.logits[others].max()) if others.any() else None,
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
        activation=request.activation,
        loss_function=request.loss_function,
    )
    encode = Fields("warning.non_finite.heatmap")
    top, rest = _top_and_rest(request, result, encode)
    fields: dict[str, Any] = {
        "classes": request.classes,
        "batch": None,
        "temperature": request.temperature,
        "activation": request.activation,
        "loss_function": request.loss_function,
        "label_smoothing": request.label_smoothing,
        "size": result.edges.size - 1,
        "bins": np.stack([result.edges[:-1], result.edges[1:]], axis=1),
        **_pooled(encode, "values", result.jacobian),
        "pool": request.pool,
        "order": request.order,
        "perm": result.perm,
        "contributions": None,
        "grad_logits": None,
        "loss": None,
        "label_sum": None,
        "predicted": int(result.probs.argmax()),
        "lecture_form": False,
        "top": top,
        "rest": rest,
    }
    if result.contributions is not None and result.pooled_grad_logits is not None:
        fields["contributions"] = _pooled(encode, "contributions", result.contributions)
        fields["grad_logits"] = encode("grad_logits", result.pooled_grad_logits)
        fields["loss"] = encode.number("loss", result.loss)
        fields["label_sum"] = encode.number("label_sum", result.label_sum)
        fields["lecture_form"] = is_lecture_form(result.label_sum)
    fields["warnings"] = encode.warnings
    return fields


# Written by app.encoding straight from the numpy arrays: FastAPI's pydantic path would
# hold every pooled value as a Python float next to its JSON (bench/encoding.py measures
# both); the model still documents the answer.
@router.post("/jacobian/heatmap", response_model=HeatmapResponse)
async def jacobian_heatmap(request: HeatmapRequest) -> Response:
    """Pool the softmax Jacobian (and M, given labels) over size×size tiles, exactly, for any C."""
    inline = request.answer_numbers <= INLINE_NUMBERS
    return await answer(lambda r: json_response(response_fields(r)), request, inline)
