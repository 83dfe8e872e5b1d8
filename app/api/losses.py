"""POST /api/v1/compare: softmax + cross-entropy beside softmax + squared error."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from app.api.encoding import Fields
from app.api.routing import StrictJSONRoute, answer
from app.api.softmax import encoded_answer
from app.numerics import analysis
from app.numerics.analysis import Warning
from app.schemas.losses import CompareRequest, CompareResponse

router = APIRouter(prefix="/api/v1", tags=["why cross-entropy"], route_class=StrictJSONRoute)

# Below this many numbers in the sweep, answering on the event loop beats a thread hop.
INLINE_NUMBERS = 64 * 64


def compare_fields(request: CompareRequest) -> dict[str, Any]:
    result = analysis.compare(
        request.logits,
        request.target,
        request.temperature,
        request.label_smoothing,
        request.activation,
        request.offsets,
    )
    # Each side's warnings name its own fields: "squared_error.grad_logits".
    warnings = [
        Warning(w.code, f"{name}.{w.field}", w.params)
        for name, side in result.row.items()
        for w in side.warnings
    ]
    encode = Fields("warning.non_finite", warnings)
    first = result.row["cross_entropy"]
    t = result.target_class
    sides = {
        name: {
            "loss": encode.number(f"{name}.loss", side.loss),
            "grad_probs": encode(f"{name}.grad_probs", side.grad_probs),
            "grad_logits": encode(f"{name}.grad_logits", side.grad_logits),
            "lecture_form": side.lecture_form,
        }
        for name, side in result.row.items()
    }
    curves = {
        name: {
            "loss": encode(f"sweep.{name}.loss", side.losses),
            "grad_target": encode(f"sweep.{name}.grad_target", side.grad_logits[:, t]),
        }
        for name, side in result.sweep.items()
    }
    return {
        "classes": request.classes,
        "batch": None,
        "temperature": request.temperature,
        "activation": request.activation,
        "label_smoothing": request.label_smoothing,
        "class_names": request.class_names,
        "target_class": t,
        "probs": encode("probs", first.probs),
        "target": encode("target", first.target),
        **sides,
        "sweep": {
            "offsets": encode("sweep.offsets", result.offsets),
            "logits": encode("sweep.logits", result.sweep_logits),
            "probs": encode("sweep.probs", result.sweep["cross_entropy"].probs[:, t]),
            **curves,
        },
        "warnings": encode.warnings,
    }


@router.post("/compare", response_model=CompareResponse)
async def compare(request: CompareRequest) -> Response:
    """Cross-entropy beside squared error for one row, and o_t swept from very wrong to right."""
    inline = request.sweep_points * request.classes <= INLINE_NUMBERS
    return await answer(lambda r: encoded_answer(compare_fields, r), request, inline)


def _document_examples() -> None:
    """Give each response model an example: the real answer to the request's example."""
    import json

    from app.schemas.losses import COMPARE_EXAMPLE, LossSide, Sweep, SweepCurve

    request = CompareRequest.model_validate(COMPARE_EXAMPLE)
    body = json.loads(encoded_answer(compare_fields, request).body)
    for model, example in [
        (CompareResponse, body),
        (LossSide, body["squared_error"]),
        (Sweep, body["sweep"]),
        (SweepCurve, body["sweep"]["squared_error"]),
    ]:
        model.model_config["json_schema_extra"] = {"examples": [example]}


_document_examples()
