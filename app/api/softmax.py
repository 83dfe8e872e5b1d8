"""API v1 for softmax + cross-entropy: thin handlers, schemas -> numerics -> JSON.

Each handler writes its answer with app.api.encoding (numpy arrays straight to JSON);
the response models document the answers and the tests validate answers against them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Response

from app.api.encoding import Fields, json_response
from app.api.routing import StrictJSONRoute, answer
from app.derivation.softmax import derivation_steps, focus_classes, row_analysis
from app.numerics import analysis
from app.numerics.analysis import Analysis
from app.schemas.softmax import (
    AnalyzeRequest,
    AnalyzeResponse,
    DerivationRequest,
    DerivationResponse,
    DerivationStep,
    GradientRequest,
    GradientResponse,
    JacobianRequest,
    JacobianResponse,
    LossRequest,
    LossResponse,
    SoftmaxRequest,
    SoftmaxResponse,
)

router = APIRouter(prefix="/api/v1", route_class=StrictJSONRoute)
# OpenAPI groups: the numbers, and the derivation written out with them.
NUMBERS, DERIVATION = ["softmax & cross-entropy"], ["derivation"]

R = TypeVar("R", bound=SoftmaxRequest)


def _fields(result: Analysis) -> Fields:
    return Fields("warning.non_finite", result.warnings)


def _shape(request: SoftmaxRequest) -> dict[str, Any]:
    return {
        "classes": request.classes,
        "batch": request.batch,
        "temperature": request.temperature,
        "activation": request.activation,
        "loss_function": request.loss_function,
        "class_names": request.class_names,
    }


def _with_loss(request: LossRequest, result: Analysis, encode: Fields) -> dict[str, Any]:
    return {
        **_shape(request),
        "label_smoothing": request.label_smoothing,
        "reduction": request.reduction,
        "probs": encode("probs", result.probs),
        "target": encode("target", result.target),
        "loss": encode.number("loss", result.loss),
        "losses": encode("losses", result.losses) if result.batched else None,
    }


def _with_gradient(request: LossRequest, result: Analysis, encode: Fields) -> dict[str, Any]:
    return {
        **_with_loss(request, result, encode),
        "label_sum": encode("label_sum", result.label_sum),
        "lecture_form": result.lecture_form,
        "grad_probs": encode("grad_probs", result.grad_probs),
        "grad_logits": encode("grad_logits", result.grad_logits),
    }


# Below this much work (B·C·C), answering on the event loop beats a thread hop by far;
# above it, a worker thread keeps the server responsive (numpy releases the GIL).
INLINE_WORK = 64 * 64


Build = Callable[[R], dict[str, Any]]


def encoded_answer(build: Build[R], request: R) -> Response:
    """The JSON answer of build(request). Values past float64's range are expected for
    extreme inputs (the numerics mute numpy's warnings for them): they are sent as null
    with a warning."""
    return json_response(build(request))


async def respond(build: Build[R], request: R) -> Response:
    """The answer to request, computed and encoded inline when small, else in the thread pool."""
    rows = request.batch or 1
    inline = rows * request.classes * request.classes <= INLINE_WORK
    return await answer(lambda r: encoded_answer(build, r), request, inline)


def analysis_of(request: LossRequest, **wanted: bool) -> Analysis:
    """The analysis of a request with labels; `wanted` picks the derivatives to compute."""
    return analysis.analyze(
        request.logits,
        request.target,
        request.temperature,
        request.label_smoothing,
        request.reduction,
        activation=request.activation,
        loss_function=request.loss_function,
        **wanted,
    )


def _finite_or_none(value: float | None) -> float | None:
    # A null check is explained by the warning on what made it null (grad_probs).
    return value if value is not None and math.isfinite(value) else None


# The busiest route first: routes are matched in order.
@router.post("/analyze", response_model=AnalyzeResponse, tags=NUMBERS)
async def analyze(request: AnalyzeRequest) -> Response:
    """Every quantity at once: ŷ, J, L, ∂L/∂ŷ, ∂L/∂o, the contributions M and checks."""
    return await respond(analyze_fields, request)


def analyze_fields(request: AnalyzeRequest) -> dict[str, Any]:
    result = analysis_of(request, jacobian=True, gradients=True, contributions=True, checks=True)
    encode = _fields(result)
    fields = _with_gradient(request, result, encode)
    return {
        **fields,
        "log_probs": encode("log_probs", result.log_probs),
        "jacobian": encode("jacobian", result.jacobian),
        "contributions": encode("contributions", result.contributions),
        "checks": {
            "chain_rule_max_abs_err": _finite_or_none(result.chain_rule_max_abs_err),
            "finite_diff_max_abs_err": _finite_or_none(result.finite_diff_max_abs_err),
        },
        "predicted": result.predicted,
        "entropy": encode("entropy", result.entropy),
        "warnings": encode.warnings,
    }


@router.post("/softmax", response_model=SoftmaxResponse, tags=NUMBERS)
async def softmax(request: SoftmaxRequest) -> Response:
    """ŷ = softmax(o/T) and log ŷ, stably in float64."""
    return await respond(softmax_fields, request)


def softmax_fields(request: SoftmaxRequest) -> dict[str, Any]:
    result = analysis.forward(request.logits, request.temperature, request.activation)
    encode = _fields(result)
    return {
        **_shape(request),
        "probs": encode("probs", result.probs),
        "log_probs": encode("log_probs", result.log_probs),
        "warnings": encode.warnings,
    }


@router.post("/jacobian", response_model=JacobianResponse, tags=NUMBERS)
async def jacobian(request: JacobianRequest) -> Response:
    """The softmax Jacobian J = (diag(ŷ) − ŷŷᵀ)/T, per row."""
    return await respond(jacobian_fields, request)


def jacobian_fields(request: JacobianRequest) -> dict[str, Any]:
    result = analysis.analyze(
        request.logits, None, request.temperature, activation=request.activation, jacobian=True
    )
    encode = _fields(result)
    return {
        **_shape(request),
        "probs": encode("probs", result.probs),
        "jacobian": encode("jacobian", result.jacobian),
        "warnings": encode.warnings,
    }


@router.post("/loss", response_model=LossResponse, tags=NUMBERS)
async def loss(request: LossRequest) -> Response:
    """Cross-entropy L = −Σ y log ŷ, with label smoothing and reduction."""
    return await respond(loss_fields, request)


def loss_fields(request: LossRequest) -> dict[str, Any]:
    result = analysis_of(request)
    encode = _fields(result)
    fields = _with_loss(request, result, encode)
    return {**fields, "warnings": encode.warnings}


@router.post("/gradient", response_model=GradientResponse, tags=NUMBERS)
async def gradient(request: GradientRequest) -> Response:
    """∂L/∂ŷ = −y/ŷ and ∂L/∂o = (ŷ·Σy − y)/T: the lecture's ŷ − y when Σy = 1."""
    return await respond(gradient_fields, request)


def gradient_fields(request: GradientRequest) -> dict[str, Any]:
    result = analysis_of(request, gradients=True)
    encode = _fields(result)
    fields = _with_gradient(request, result, encode)
    return {**fields, "warnings": encode.warnings}


@router.post("/derivation", response_model=DerivationResponse, tags=DERIVATION)
async def derivation(request: DerivationRequest) -> Response:
    """The lecture's steps from softmax to ŷ − y, with this row's numbers, as LaTeX and MathML."""
    # Writing MathML takes milliseconds: never on the event loop.
    return await answer(lambda r: json_response(derivation_fields(r)), request, inline=False)


def derivation_fields(request: DerivationRequest) -> dict[str, Any]:
    result = analysis_of(request, jacobian=True, gradients=True, contributions=True)
    row = row_analysis(result)
    focus_i, focus_j = focus_classes(row)
    steps = [DerivationStep.model_validate(step).model_dump() for step in derivation_steps(row)]
    return {
        "steps": steps,
        "lecture_form": row.lecture_form,
        "focus_i": focus_i,
        "focus_j": focus_j,
    }


def _document_examples() -> None:
    """Give each response model an example: the real answer to its request's example."""
    import json

    from app.schemas.softmax import BATCH_EXAMPLE, LECTURE_EXAMPLE, Checks, WarningModel

    def example(model: type, answer: Any) -> None:
        model.model_config["json_schema_extra"] = {"examples": [answer]}

    def answer(build: Build[R], model: type[R], body: dict[str, Any]) -> Any:
        return json.loads(encoded_answer(build, model.model_validate(body)).body)

    row = {k: LECTURE_EXAMPLE[k] for k in ("logits", "temperature", "class_names")}
    example(SoftmaxResponse, answer(softmax_fields, SoftmaxRequest, row))
    example(JacobianResponse, answer(jacobian_fields, JacobianRequest, row))
    example(LossResponse, answer(loss_fields, LossRequest, BATCH_EXAMPLE))
    example(GradientResponse, answer(gradient_fields, GradientRequest, LECTURE_EXAMPLE))
    analyzed = answer(analyze_fields, AnalyzeRequest, LECTURE_EXAMPLE)
    example(AnalyzeResponse, analyzed)
    example(Checks, analyzed["checks"])
    huge = answer(analyze_fields, AnalyzeRequest, {"logits": [1000, 0], "labels": 1})
    example(WarningModel, huge["warnings"][0])
    derivation = json.loads(
        json_response(derivation_fields(DerivationRequest.model_validate(LECTURE_EXAMPLE))).body
    )
    example(DerivationResponse, derivation)
    example(DerivationStep, next(s for s in derivation["steps"] if s["id"] == "label_sum"))


_document_examples()
