"""POST /api/v1/rnn/derivation: backpropagation through time with the request's numbers."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from app.derivation_api import DerivationStep
from app.rnn_derivation import rnn_derivation_steps
from app.rnn_schemas import RnnRequest
from app.routing import StrictJSONRoute

router = APIRouter(prefix="/api/v1", tags=["rnn"], route_class=StrictJSONRoute)


class RnnDerivationResponse(BaseModel):
    """The BPTT chain step by step, each as LaTeX with numbers and as MathML."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "steps": [
                        {
                            "id": "grad_h0",
                            "title_en": "The initial state: ∂L/∂h_0 = Wᵀ ∂L/∂a_1",
                            "title_ko": "초기 상태: ∂L/∂h_0 = Wᵀ ∂L/∂a_1",
                            "latex": r"\frac{\partial L}{\partial h_{0}} = W^{\top} "
                            r"\frac{\partial L}{\partial a_{1}} = W^{\top} "
                            r"\left(0.044588,\ -0.12708\right) "
                            r"= \left(0.015141,\ 0.0040173\right)",
                            "mathml": "<math …>…</math>",
                            "note_en": "",
                            "note_ko": "",
                        }
                    ]
                }
            ]
        }
    )

    steps: list[DerivationStep] = Field(
        description="Forward pass, loss, ∂L/∂o_t, ∂L/∂V, ∂L/∂h_t, ∂L/∂a_t, ∂L/∂W, ∂L/∂U, ∂L/∂h_0."
    )


@router.post("/rnn/derivation")
def rnn_derivation(request: RnnRequest) -> RnnDerivationResponse:
    """Backpropagation through time written out with this run's numbers, as LaTeX and MathML."""
    steps = rnn_derivation_steps(request.run())
    return RnnDerivationResponse(steps=[DerivationStep.model_validate(step) for step in steps])
