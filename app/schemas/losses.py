"""Request and response models of POST /api/v1/compare: why cross-entropy, with examples.

One row of logits and its target: cross-entropy beside squared error (same activation),
and a sweep of the target class's logit from very wrong to very right.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.config import get_settings
from app.schemas.errors import input_error
from app.schemas.softmax import LossRequest, Number, Vector, WarningModel

COMPARE_EXAMPLE: dict[str, Any] = {
    "logits": [6.0, 0.0, -2.0],
    "labels": 2,
    "sweep_points": 5,
    "sweep_from": -10.0,
    "sweep_to": 10.0,
}
# The sweep's caps: enough points for a smooth curve, offsets well inside float64.
MAX_SWEEP_POINTS = 1001
MAX_SWEEP_OFFSET = 10_000.0


class CompareRequest(LossRequest):
    """One row of logits and its target; the sweep's points and its range of offsets."""

    model_config = ConfigDict(json_schema_extra={"examples": [COMPARE_EXAMPLE]})

    sweep_points: int = Field(
        101,
        ge=2,
        le=MAX_SWEEP_POINTS,
        strict=True,
        description="How many values of the target logit o_t the sweep visits.",
    )
    sweep_from: float = Field(
        -10.0,
        ge=-MAX_SWEEP_OFFSET,
        le=MAX_SWEEP_OFFSET,
        allow_inf_nan=False,
        strict=True,
        description="The first offset: o_t = max_{k≠t} o_k + offset (very wrong when negative).",
    )
    sweep_to: float = Field(
        10.0,
        ge=-MAX_SWEEP_OFFSET,
        le=MAX_SWEEP_OFFSET,
        allow_inf_nan=False,
        strict=True,
        description="The last offset (very right when positive); above sweep_from.",
    )

    @property
    def answer_numbers(self) -> int:
        """ŷ, y and two losses' ∂L/∂ŷ and ∂L/∂o; the sweep's five columns per point."""
        return 6 * self.logits.size + 7 * self.sweep_points + 8

    @property
    def offsets(self) -> np.ndarray:
        return np.linspace(self.sweep_from, self.sweep_to, self.sweep_points)

    @model_validator(mode="after")
    def _one_row_both_losses(self) -> CompareRequest:
        if self.batch is not None:
            raise input_error("compare_row", "error.compare_row", ["logits"], batch=self.batch)
        if "loss_function" in self.model_fields_set:
            raise input_error(
                "compare_loss_function", "error.compare_loss_function", ["loss_function"]
            )
        if self.sweep_from >= self.sweep_to:
            raise input_error(
                "sweep_range",
                "error.sweep_range",
                ["sweep_to"],
                sweep_from=self.sweep_from,
                sweep_to=self.sweep_to,
            )
        limit = get_settings().max_elements
        if self.sweep_points * self.classes > limit:
            raise input_error(
                "sweep_limit",
                "error.sweep_limit",
                ["sweep_points"],
                points=self.sweep_points,
                classes=self.classes,
                limit=limit,
            )
        return self


class LossSide(BaseModel):
    """One loss for the request's row."""

    loss: Number = Field(description="L for this row.")
    grad_probs: Vector = Field(description="∂L/∂ŷ: −y/ŷ (cross-entropy) or 2(ŷ − y).")
    grad_logits: Vector = Field(description="∂L/∂o: ŷ − y for cross-entropy, J·2(ŷ − y) else.")
    lecture_form: bool = Field(description="Whether ∂L/∂o is (ŷ − y)/T.")


class SweepCurve(BaseModel):
    """One loss along the sweep."""

    loss: Vector = Field(description="L at each point of the sweep.")
    grad_target: Vector = Field(description="∂L/∂o_t at each point: how hard the loss pulls o_t.")


class Sweep(BaseModel):
    """The target class's logit from very wrong to very right, the other logits fixed."""

    offsets: Vector = Field(description="o_t − max_{k≠t} o_k at each point.")
    logits: Vector = Field(description="o_t at each point.")
    probs: Vector = Field(description="ŷ_t at each point.")
    cross_entropy: SweepCurve
    squared_error: SweepCurve


class CompareResponse(BaseModel):
    """Cross-entropy beside squared error for the same logits, and the sweep of o_t."""

    classes: int
    batch: None = None
    temperature: float
    activation: str
    label_smoothing: float
    class_names: list[str] | None = None
    target_class: int = Field(description="t: the class of largest target weight, swept.")
    probs: Vector = Field(description="ŷ, the same for both losses.")
    target: Vector = Field(description="The effective target y, after smoothing.")
    cross_entropy: LossSide
    squared_error: LossSide
    sweep: Sweep
    warnings: list[WarningModel] = Field(default_factory=list)
