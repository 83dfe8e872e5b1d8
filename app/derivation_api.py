"""POST /api/v1/derivation: the lecture's derivation with the request's own numbers."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.api import analysis_of
from app.derivation import RowAnalysis, derivation_steps, focus_classes
from app.errors import input_error
from app.routing import StrictJSONRoute
from app.schemas import LECTURE_EXAMPLE, AnalyzeRequest

router = APIRouter(prefix="/api/v1", tags=["derivation"], route_class=StrictJSONRoute)


class DerivationRequest(AnalyzeRequest):
    """The analyze request for one row of logits (the derivation follows one example)."""

    model_config = ConfigDict(json_schema_extra={"examples": [LECTURE_EXAMPLE]})

    @model_validator(mode="after")
    def _one_row(self) -> DerivationRequest:
        if self.batch is not None:
            raise input_error(
                "derivation_row",
                "The derivation follows one example: send one row of logits (a list of "
                "numbers), not a batch of {batch} rows.",
                ["logits"],
                batch=self.batch,
            )
        return self


class DerivationStep(BaseModel):
    """One step: titles in English and Korean, the LaTeX with numbers, and its MathML."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "label_sum",
                    "title_en": "The target sums to 1 (one-hot or a distribution)",
                    "title_ko": "정답의 합은 1 (원-핫 또는 분포)",
                    "latex": "\\sum_k y_k = 0 + 1 + 0 = 1",
                    "mathml": "<math><mrow><msub><mo>∑</mo><mi>k</mi></msub></mrow></math>",
                    "note_en": "",
                    "note_ko": "",
                }
            ]
        },
    )

    id: str
    title_en: str
    title_ko: str
    latex: str
    mathml: str
    note_en: str = Field("", description="What to notice at this step, if anything.")
    note_ko: str = ""


class DerivationResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "steps": [
                        {
                            "id": "label_sum",
                            "title_en": "The target sums to 1 (one-hot or a distribution)",
                            "title_ko": "타깃의 합은 1입니다 (원-핫 또는 확률분포)",
                            "latex": r"\sum_k y_k = 0 + 1 + 0 = 1",
                            "mathml": "<math …>…</math>",
                            "note_en": "",
                            "note_ko": "",
                        }
                    ],
                    "lecture_form": True,
                    "focus_i": 0,
                    "focus_j": 1,
                }
            ]
        }
    )

    steps: list[DerivationStep]
    lecture_form: bool = Field(description="Σy = 1, so the last step gives (ŷ − y)/T.")
    focus_i: int = Field(description="The class i of the i ≠ j case (0-based).")
    focus_j: int = Field(description="The class j whose ∂L/∂o_j is written out: the target.")


def _finite(values: Iterable[Any]) -> list[Any]:
    """Nested lists with every non-finite float as None (the API's null)."""
    return [
        _finite(v) if isinstance(v, list) else (v if math.isfinite(v) else None) for v in values
    ]


@router.post("/derivation")
def derivation(request: DerivationRequest) -> DerivationResponse:
    """The lecture's steps from softmax to ŷ − y, with this row's numbers, as LaTeX and MathML."""
    result = analysis_of(request, jacobian=True, gradients=True, contributions=True)
    assert result.target is not None and result.label_sum is not None
    assert result.grad_probs is not None and result.grad_logits is not None
    assert result.jacobian is not None and result.contributions is not None
    row = RowAnalysis(
        logits=result.logits.tolist(),
        probs=result.probs.tolist(),
        log_probs=_finite(result.log_probs.tolist()),
        target=result.target.tolist(),
        grad_probs=_finite(result.grad_probs.tolist()),
        grad_logits=_finite(result.grad_logits.tolist()),
        contributions=_finite(result.contributions.tolist()),
        jacobian=_finite(result.jacobian.tolist()),
        loss=result.loss if result.loss is not None and math.isfinite(result.loss) else None,
        label_sum=float(result.label_sum),
        lecture_form=result.lecture_form,
        temperature=result.temperature,
        predicted=int(result.predicted),
    )
    focus_i, focus_j = focus_classes(row)
    return DerivationResponse(
        steps=[DerivationStep.model_validate(step) for step in derivation_steps(row)],
        lecture_form=row.lecture_form,
        focus_i=focus_i,
        focus_j=focus_j,
    )
