"""Request and response models of POST /api/v1/jacobian/heatmap, with examples.

The request reuses API v1's parsing (`Logits`, `Labels`: one vectorised pass over up
to a million numbers, errors naming the entry) and adds the pooling options; the
response carries n×n pooled matrices (n = min(size, C)), never a C×C one.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from app.schemas.errors import input_error
from app.schemas.softmax import (
    Labels,
    LabelSmoothing,
    Matrix,
    Number,
    SoftmaxRequest,
    Vector,
    WarningModel,
    check_activation_target,
    target_for,
)

HEATMAP_EXAMPLE: dict[str, Any] = {
    "logits": [2.0, 1.0, 0.1, -1.0, 0.5, 3.0],
    "temperature": 1.0,
    "size": 3,
    "pool": "mean",
    "order": "prob",
    "labels": 5,
}


class HeatmapRequest(SoftmaxRequest):
    """One row of logits (C up to the server's max_classes), labels optional, and the tiling."""

    model_config = ConfigDict(json_schema_extra={"examples": [HEATMAP_EXAMPLE]})

    labels: Labels | None = Field(
        None, description="Optional: a class index or a distribution; adds the pooled M."
    )
    label_smoothing: LabelSmoothing = 0.0
    size: int = Field(
        256,
        ge=1,
        le=1024,
        strict=True,
        description="Tiles per side; min(size, C) are used, each covering ⌊C/n⌋ or ⌈C/n⌉ classes.",
    )
    pool: Literal["mean", "maxabs"] = Field(
        "mean", description="mean: the tile's mean; maxabs: its entry of largest |·|, with sign."
    )
    order: Literal["index", "prob"] = Field(
        "index", description="index: class order; prob: by descending ŷ (ties in class order)."
    )
    top_k: int = Field(
        20, ge=0, le=1024, strict=True, description="How many of the most probable classes to list."
    )
    _target: np.ndarray | None = PrivateAttr(None)

    @property
    def answer_numbers(self) -> int:
        """The pooled J (and M, with labels), the bins, perm and the top classes."""
        tiles = min(self.size, self.classes)
        matrices = 2 if self.labels is not None else 1
        return matrices * tiles * tiles + 3 * tiles + self.classes + 7 * self.top_k

    @property
    def target(self) -> np.ndarray | None:
        """The target before smoothing (one-hot or the given distribution), or None."""
        return self._target

    @model_validator(mode="after")
    def _one_row_and_labels(self) -> HeatmapRequest:
        if self.logits.ndim != 1:
            raise input_error(
                "heatmap_one_row",
                "error.heatmap_one_row",
                ["logits"],
                batch=int(self.logits.shape[0]),
            )
        if self.labels is not None:
            self._target = target_for(self.labels, self.logits.shape)
            check_activation_target(self.activation, self._target, self.label_smoothing)
        elif self.activation == "sigmoid" and self.label_smoothing > 0.0:
            raise input_error(
                "sigmoid_label_smoothing",
                "error.sigmoid_label_smoothing",
                ["label_smoothing"],
                label_smoothing=self.label_smoothing,
            )
        return self


class PooledMatrix(BaseModel):
    """An n×n pooled matrix with its range (over the finite values) for a colour scale."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "values": [[0.0268097, -0.0268097], [-0.0268097, 0.0268097]],
                    "vmin": -0.0268097,
                    "vmax": 0.0268097,
                }
            ]
        }
    )

    values: Matrix
    vmin: Number
    vmax: Number


class TopClass(BaseModel):
    """One of the most probable classes, with its gradient when labels were given."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "index": 3,
                    "name": "cat",
                    "logit": 3.0,
                    "prob": 0.641751,
                    "log_prob": -0.443556,
                    "target": 0.0,
                    "grad_logit": 0.641751,
                }
            ]
        }
    )

    index: int = Field(description="Class index (0-based).")
    name: str | None = Field(None, description="Its entry of class_names, when given.")
    logit: float
    prob: Number = Field(description="ŷ_index.")
    log_prob: Number = Field(description="log ŷ_index by log-sum-exp: finite where ŷ underflows.")
    target: Number = Field(None, description="y_index after smoothing; null without labels.")
    grad_logit: Number = Field(None, description="∂L/∂o_index; null without labels.")


class RestClasses(BaseModel):
    """All classes outside `top`, summed: the "rest" bar of a top-k chart."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "classes": 2,
                    "prob": 0.122163,
                    "target": 0.0,
                    "grad_logit": 0.122163,
                    "logit_min": 0.1,
                    "logit_max": 1.0,
                }
            ]
        }
    )

    classes: int
    prob: Number
    target: Number = None
    grad_logit: Number = None
    logit_min: float | None = Field(None, description="The smallest logit among them.")
    logit_max: float | None = Field(None, description="The largest logit among them.")


HEATMAP_RESPONSE_EXAMPLE: dict[str, Any] = {
    # The answer to {"logits": [2.0, 1.0, 0.1, 3.0], "size": 2, "order": "prob", "top_k": 2},
    # rounded to 6 digits.
    "classes": 4,
    "batch": None,
    "temperature": 1.0,
    "label_smoothing": 0.0,
    "size": 2,
    "bins": [[0, 2], [2, 4]],
    "values": [[0.0268097, -0.0268097], [-0.0268097, 0.0268097]],
    "vmin": -0.0268097,
    "vmax": 0.0268097,
    "pool": "mean",
    "order": "prob",
    "perm": [3, 0, 1, 2],
    "top": [
        {"index": 3, "logit": 3.0, "prob": 0.641751, "log_prob": -0.443556},
        {"index": 0, "logit": 2.0, "prob": 0.236087, "log_prob": -1.44356},
    ],
    "predicted": 3,
    "lecture_form": False,
    "rest": {"classes": 2, "prob": 0.122163, "logit_min": 0.1, "logit_max": 1.0},
    "warnings": [],
}


class HeatmapResponse(BaseModel):
    """Pooled J (and M) over n×n tiles of positions; bins are the same for rows and columns."""

    model_config = ConfigDict(json_schema_extra={"examples": [HEATMAP_RESPONSE_EXAMPLE]})

    classes: int = Field(description="C, the number of classes.")
    batch: None = Field(None, description="Always null: the heatmap takes one row.")
    temperature: float
    activation: str = Field("softmax", description="The request's activation, echoed.")
    loss_function: str = Field("cross_entropy", description="The request's loss, echoed.")
    label_smoothing: float = 0.0
    size: int = Field(description="n = min(size, C), the tiles per side actually used.")
    bins: list[tuple[int, int]] = Field(
        description="The n half-open position ranges [start, end), for rows and columns."
    )
    values: Matrix = Field(
        description="Pooled J_ij = ŷ_i(δ_ij − ŷ_j)/T (softmax) or δ_ij ŷ_i(1 − ŷ_i)/T "
        "(sigmoid), n×n."
    )
    vmin: Number
    vmax: Number
    pool: str
    order: str
    perm: list[int] | None = Field(
        description="For order 'prob': the class index at each position; null for 'index'."
    )
    contributions: PooledMatrix | None = Field(
        None,
        description="Pooled M = diag(∂L/∂ŷ)·J when labels were given: M_kj = y_k(ŷ_j − δ_kj)/T "
        "for softmax + cross-entropy.",
    )
    grad_logits: Vector | None = Field(
        None,
        description="∂L/∂o pooled per bin like the tiles (mean, or entry of largest |·|); "
        "for 'mean' it equals Σ_a |I_a|·contributions[a][b].",
    )
    loss: Number = Field(None, description="L of the request's loss when labels were given.")
    label_sum: Number = Field(None, description="Σ_k y_k; the gradient is (ŷ·Σy − y)/T.")
    lecture_form: bool = Field(
        False, description="Σy = 1 (labels given), so ∂L/∂o is the lecture's (ŷ − y)/T."
    )
    predicted: int = Field(description="argmax ŷ, the most probable class.")
    top: list[TopClass] = Field(description="The top_k most probable classes, most probable first.")
    rest: RestClasses
    warnings: list[WarningModel] = Field(default_factory=list)
