"""API v1: thin handlers, schemas -> analysis -> schemas."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from app import analysis
from app.analysis import Analysis
from app.numerics import Array
from app.presets import PRESETS, PresetsResponse
from app.routing import StrictJSONRoute
from app.schemas import (
    AnalyzeRequest,
    AnalyzeResponse,
    GradientRequest,
    GradientResponse,
    JacobianRequest,
    JacobianResponse,
    LossRequest,
    LossResponse,
    SoftmaxRequest,
    SoftmaxResponse,
)

router = APIRouter(prefix="/api/v1", tags=["softmax & cross-entropy"], route_class=StrictJSONRoute)

R = TypeVar("R", bound=SoftmaxRequest)
T = TypeVar("T")

NON_FINITE = (
    "{field} has entries that are not finite in float64 (sent as null): the logits' "
    "spread divided by T is past what float64 holds. Try a larger temperature."
)


class Encoder:
    """Arrays to JSON-ready lists; a non-finite entry becomes null and is explained once."""

    def __init__(self, result: Analysis) -> None:
        self.result = result
        self.warnings = [vars(w) for w in result.warnings]
        self._explained = {w["field"] for w in self.warnings}

    def __call__(self, name: str, value: Array | float | None) -> Any:
        if value is None:
            return None
        if isinstance(value, float):
            return value if math.isfinite(value) else self._null(name, value)
        # One reduction screens the whole array: a NaN or ±∞ entry makes the sum non-finite
        # (an overflowing sum of finite entries only costs the exact check below).
        if math.isfinite(value.sum()) or np.isfinite(value).all():
            return value.tolist()
        return self._null(name, value)

    def _null(self, name: str, value: Array | float) -> Any:
        if name not in self._explained:
            self._explained.add(name)
            self.warnings.append(
                {"code": "non_finite", "field": name, "message": NON_FINITE.format(field=name)}
            )
        if isinstance(value, float):
            return None
        return np.where(np.isfinite(value), value, None).tolist()

    def shape(self, request: SoftmaxRequest) -> dict[str, Any]:
        return {
            "classes": request.classes,
            "batch": request.batch,
            "temperature": request.temperature,
            "class_names": request.class_names,
        }

    def loss_fields(self, request: LossRequest) -> dict[str, Any]:
        result = self.result
        return {
            **self.shape(request),
            "label_smoothing": request.label_smoothing,
            "reduction": request.reduction,
            "probs": self("probs", result.probs),
            "target": self("target", result.target),
            "loss": self("loss", result.loss),
            "losses": self("losses", result.losses) if result.batched else None,
        }

    def gradient_fields(self, request: LossRequest) -> dict[str, Any]:
        result = self.result
        return {
            **self.loss_fields(request),
            "label_sum": self("label_sum", result.label_sum),
            "lecture_form": result.lecture_form,
            "grad_probs": self("grad_probs", result.grad_probs),
            "grad_logits": self("grad_logits", result.grad_logits),
        }


# Below this much work (B·C·C), answering on the event loop beats a thread hop by far;
# above it, a worker thread keeps the server responsive (numpy releases the GIL).
INLINE_WORK = 64 * 64


def _quietly(build: Callable[[R], T], request: R) -> T:
    """build(request) with numpy's floating-point warnings off: a value past float64's
    range is expected for extreme inputs, and the Encoder sends it as null with a warning."""
    with np.errstate(all="ignore"):
        return build(request)


async def run(build: Callable[[R], T], request: R) -> T:
    """build(request), inline when small, else in the thread pool."""
    rows = request.batch or 1
    if rows * request.classes * request.classes <= INLINE_WORK:
        return _quietly(build, request)
    return await run_in_threadpool(_quietly, build, request)


def analysis_of(request: LossRequest, **wanted: bool) -> Analysis:
    """The analysis of a request with labels; `wanted` picks the derivatives to compute."""
    return analysis.analyze(
        request.logits,
        request.target,
        request.temperature,
        request.label_smoothing,
        request.reduction,
        **wanted,
    )


def _finite_or_none(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


# The busiest route first: routes are matched in order.
@router.post("/analyze")
async def analyze(request: AnalyzeRequest) -> AnalyzeResponse:
    """Every quantity at once: ŷ, J, L, ∂L/∂ŷ, ∂L/∂o, the contributions M and checks."""
    return await run(_analyze, request)


def _analyze(request: AnalyzeRequest) -> AnalyzeResponse:
    result = analysis_of(request, jacobian=True, gradients=True, contributions=True, checks=True)
    encode = Encoder(result)
    fields = encode.gradient_fields(request)
    predicted = result.predicted
    return AnalyzeResponse(
        **fields,
        log_probs=encode("log_probs", result.log_probs),
        jacobian=encode("jacobian", result.jacobian),
        contributions=encode("contributions", result.contributions),
        checks={
            # A null check is explained by the warning on what made it null (grad_probs).
            "chain_rule_max_abs_err": _finite_or_none(result.chain_rule_max_abs_err),
            "finite_diff_max_abs_err": _finite_or_none(result.finite_diff_max_abs_err),
        },
        predicted=predicted.tolist() if result.batched else int(predicted),
        entropy=encode("entropy", result.entropy),
        warnings=encode.warnings,
    )


@router.post("/softmax")
async def softmax(request: SoftmaxRequest) -> SoftmaxResponse:
    """ŷ = softmax(o/T) and log ŷ, stably in float64."""
    return await run(_softmax, request)


def _softmax(request: SoftmaxRequest) -> SoftmaxResponse:
    result = analysis.forward(request.logits, request.temperature)
    encode = Encoder(result)
    return SoftmaxResponse(
        **encode.shape(request),
        probs=encode("probs", result.probs),
        log_probs=encode("log_probs", result.log_probs),
        warnings=encode.warnings,
    )


@router.post("/jacobian")
async def jacobian(request: JacobianRequest) -> JacobianResponse:
    """The softmax Jacobian J = (diag(ŷ) − ŷŷᵀ)/T, per row."""
    return await run(_jacobian, request)


def _jacobian(request: JacobianRequest) -> JacobianResponse:
    result = analysis.analyze(request.logits, None, request.temperature, jacobian=True)
    encode = Encoder(result)
    return JacobianResponse(
        **encode.shape(request),
        probs=encode("probs", result.probs),
        jacobian=encode("jacobian", result.jacobian),
        warnings=encode.warnings,
    )


@router.post("/loss")
async def loss(request: LossRequest) -> LossResponse:
    """Cross-entropy L = −Σ y log ŷ, with label smoothing and reduction."""
    return await run(_loss, request)


def _loss(request: LossRequest) -> LossResponse:
    result = analysis_of(request)
    encode = Encoder(result)
    fields = encode.loss_fields(request)
    return LossResponse(**fields, warnings=encode.warnings)


@router.post("/gradient")
async def gradient(request: GradientRequest) -> GradientResponse:
    """∂L/∂ŷ = −y/ŷ and ∂L/∂o = (ŷ·Σy − y)/T: the lecture's ŷ − y when Σy = 1."""
    return await run(_gradient, request)


def _gradient(request: GradientRequest) -> GradientResponse:
    result = analysis_of(request, gradients=True)
    encode = Encoder(result)
    fields = encode.gradient_fields(request)
    return GradientResponse(**fields, warnings=encode.warnings)


@router.get("/presets")
async def presets() -> PresetsResponse:
    """Named examples in English and Korean, the lecture's first."""
    return PRESETS


def _document_examples() -> None:
    """Give each response model an example: the real answer to its request's example."""
    from app.schemas import BATCH_EXAMPLE, LECTURE_EXAMPLE, Checks, WarningModel

    def example(model: type, response: Any) -> None:
        model.model_config["json_schema_extra"] = {"examples": [response.model_dump(mode="json")]}

    row = {k: LECTURE_EXAMPLE[k] for k in ("logits", "temperature", "class_names")}
    example(SoftmaxResponse, _softmax(SoftmaxRequest.model_validate(row)))
    example(JacobianResponse, _jacobian(JacobianRequest.model_validate(row)))
    example(LossResponse, _loss(LossRequest.model_validate(BATCH_EXAMPLE)))
    example(GradientResponse, _gradient(GradientRequest.model_validate(LECTURE_EXAMPLE)))
    analyzed = _analyze(AnalyzeRequest.model_validate(LECTURE_EXAMPLE))
    example(AnalyzeResponse, analyzed)
    example(Checks, analyzed.checks)
    huge = _analyze(AnalyzeRequest.model_validate({"logits": [1000, 0], "labels": 1}))
    example(WarningModel, huge.warnings[0])


_document_examples()
