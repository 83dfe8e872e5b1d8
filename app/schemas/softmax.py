"""Request and response models of API v1: validation once, here, with examples.

Requests parse `logits` and `labels` into float64 arrays during validation, so
handlers receive checked arrays (`request.logits`, `request.target`) and never
re-check. Every problem is reported where it is (`["body", "labels", 3]`) in words
a learner can act on.
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

from app.config import get_settings
from app.schemas.arrays import describe, float_or_inf, parse_vector_or_matrix
from app.schemas.errors import input_error

HEATMAP_ENDPOINT = "POST /api/v1/jacobian/heatmap"

_NUMBER = {"type": "number"}
_VECTOR = {"type": "array", "items": _NUMBER, "minItems": 1}
_MATRIX = {"type": "array", "items": _VECTOR, "minItems": 1}

LOGITS_SCHEMA = {
    "anyOf": [_VECTOR, _MATRIX],
    "title": "Logits",
    "description": "Finite logits o: one row of C classes, or a batch of B rows (B×C).",
}
LABELS_SCHEMA = {
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "array", "items": {"type": "number", "minimum": 0}, "minItems": 1},
        {"type": "array", "items": {"type": "array", "items": {"type": "number", "minimum": 0}}},
    ],
    "title": "Labels",
    "description": (
        "For one row: a class index t (0-based) or a distribution y of length C. "
        "For a batch: B class indices, or B distributions. Entries are ≥ 0; a "
        "distribution need not sum to 1 (the gradient is then (ŷ·Σy − y)/T)."
    ),
}


def _parse_logits(value: Any) -> np.ndarray:
    logits = parse_vector_or_matrix("logits", value)
    settings = get_settings()
    classes = logits.shape[-1]
    if classes > settings.max_classes:
        raise input_error(
            "too_many_classes",
            "error.too_many_classes",
            ["logits"],
            classes=classes,
            limit=settings.max_classes,
        )
    if logits.size > settings.max_elements:
        raise input_error(
            "too_many_elements",
            "error.too_many_elements",
            ["logits"],
            size=int(logits.size),
            limit=settings.max_elements,
        )
    return logits


def _parse_labels(value: Any) -> int | np.ndarray:
    """A class index, or a 1-D / 2-D array of numbers; its meaning depends on the logits."""
    if isinstance(value, bool) or not isinstance(value, int | float | list):
        raise input_error(
            "labels_type",
            "error.labels_type",
            ["labels"],
            got=describe(value),
        )
    if isinstance(value, list):
        return parse_vector_or_matrix("labels", value)
    return _class_index(value, ["labels"])


def _class_index(value: Any, loc: list[str | int]) -> int:
    if type(value) is int:  # the common case: a JSON integer
        return value
    where = "labels" + "".join(f"[{i}]" for i in loc[1:])
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise input_error(
            "class_index",
            "error.class_index",
            loc,
            where=where,
            got=describe(value),
        )
    number = float_or_inf(value)
    if not math.isfinite(number) or number != int(number):
        raise input_error(
            "class_index",
            "error.class_index.whole",
            loc,
            where=where,
            got=describe(value),
        )
    return int(number)


Activation = Literal["softmax", "sigmoid"]
LossFunction = Literal["cross_entropy", "squared_error"]

Logits = Annotated[np.ndarray, PlainValidator(_parse_logits), WithJsonSchema(LOGITS_SCHEMA)]
Labels = Annotated[int | np.ndarray, PlainValidator(_parse_labels), WithJsonSchema(LABELS_SCHEMA)]
ClassName = Annotated[str, Field(max_length=200)]
LabelSmoothing = Annotated[
    float,
    Field(
        ge=0,
        lt=1,
        allow_inf_nan=False,
        strict=True,
        description="ε in [0, 1): y ← (1 − ε)·y + ε/C, as PyTorch.",
    ),
]

LECTURE_EXAMPLE: dict[str, Any] = {
    "logits": [-0.0219, 0.01037, -0.02245],
    "labels": 1,
    "temperature": 1.0,
    "label_smoothing": 0.0,
    "reduction": "mean",
    "class_names": ["w1", "w2", "w3"],
}
BATCH_EXAMPLE: dict[str, Any] = {
    "logits": [[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]],
    "labels": [0, 1],
    "reduction": "mean",
}
SOFT_EXAMPLE: dict[str, Any] = {
    "logits": [2.0, 1.0, 0.1],
    "labels": [0.7, 0.2, 0.1],
    "label_smoothing": 0.1,
}


class SoftmaxRequest(BaseModel):
    """Logits and temperature: everything the softmax needs."""

    model_config = ConfigDict(
        extra="forbid",
        arbitrary_types_allowed=True,
        json_schema_extra={"examples": [{"logits": [2.0, 1.0, 0.1], "temperature": 1.0}]},
    )

    logits: Logits
    temperature: float = Field(
        1.0, gt=0, allow_inf_nan=False, strict=True, description="T > 0; ŷ = softmax(o/T)."
    )
    class_names: list[ClassName] | None = Field(
        None, description="Optional names of the C classes, echoed back for display."
    )
    activation: Activation = Field(
        "softmax",
        description="softmax: ŷ = softmax(o/T), the lecture's; sigmoid: ŷ_k = σ(o_k/T) per class "
        "(targets in [0, 1], several classes may be 1).",
    )
    loss_function: LossFunction = Field(
        "cross_entropy",
        description="cross_entropy: −Σ y log ŷ (binary per class with sigmoid); "
        "squared_error: Σ (ŷ − y)².",
    )

    @property
    def classes(self) -> int:
        return int(self.logits.shape[-1])

    @property
    def batch(self) -> int | None:
        return int(self.logits.shape[0]) if self.logits.ndim == 2 else None

    @property
    def answer_numbers(self) -> int:
        """How many numbers the answer holds: ŷ and log ŷ."""
        return 2 * self.logits.size

    @model_validator(mode="after")
    def _class_names_match(self) -> SoftmaxRequest:
        if self.class_names is not None and len(self.class_names) != self.classes:
            raise input_error(
                "class_names_length",
                "error.class_names_length",
                ["class_names"],
                length=len(self.class_names),
                classes=self.classes,
            )
        return self

    @model_validator(mode="after")
    def _answer_fits(self) -> SoftmaxRequest:
        # What one request may make the server hold: its answer is written in full.
        limit = get_settings().max_answer_numbers
        if self.answer_numbers > limit:
            raise input_error(
                "answer_limit",
                "error.answer_limit",
                [],
                numbers=self.answer_numbers,
                limit=limit,
            )
        return self


class _DenseCap:
    """A C×C result: refuse past the dense limit, pointing at the pooled heatmap."""

    def _check_dense(self: Any) -> None:
        settings = get_settings()
        classes, rows = self.classes, self.batch or 1
        if classes > settings.max_dense_classes:
            raise input_error(
                "dense_limit",
                "error.dense_limit",
                ["logits"],
                classes=classes,
                limit=settings.max_dense_classes,
                endpoint=HEATMAP_ENDPOINT,
            )
        if rows * classes * classes > settings.max_dense_entries:
            raise input_error(
                "dense_limit",
                "error.dense_limit.batch",
                ["logits"],
                entries=rows * classes * classes,
                limit=settings.max_dense_entries,
                endpoint=HEATMAP_ENDPOINT,
            )


class JacobianRequest(SoftmaxRequest, _DenseCap):
    """Logits and temperature, for the dense Jacobian."""

    @property
    def answer_numbers(self) -> int:
        """ŷ and J: B·C + B·C·C."""
        return self.logits.size * (1 + self.classes)

    @model_validator(mode="after")
    def _dense(self) -> JacobianRequest:
        self._check_dense()
        return self


class LossRequest(SoftmaxRequest):
    """Logits, labels and the loss options."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [LECTURE_EXAMPLE, BATCH_EXAMPLE, SOFT_EXAMPLE]}
    )

    @property
    def answer_numbers(self) -> int:
        """ŷ and y, and per-row losses."""
        return 2 * self.logits.size + (self.batch or 1)

    labels: Labels
    label_smoothing: LabelSmoothing = 0.0
    reduction: Literal["mean", "sum", "none"] = Field(
        "mean", description="For a batch: mean (÷B, the default), sum, or none (per row)."
    )

    @cached_property
    def target(self) -> np.ndarray:
        """The target before smoothing: one-hot rows or the given distributions."""
        return target_for(self.labels, self.logits.shape)

    @model_validator(mode="after")
    def _labels_match_logits(self) -> LossRequest:
        check_activation_target(self.activation, self.target, self.label_smoothing)
        return self


def check_activation_target(activation: str, target: np.ndarray, label_smoothing: float) -> None:
    """With sigmoid, each class's target is a probability of its own: in [0, 1], unsmoothed."""
    if activation != "sigmoid":
        return
    if label_smoothing > 0.0:
        raise input_error(
            "sigmoid_label_smoothing",
            "error.sigmoid_label_smoothing",
            ["label_smoothing"],
            label_smoothing=label_smoothing,
        )
    above = np.argwhere(target > 1.0)
    if above.size:
        place = [int(i) for i in above[0]]
        loc: list[str | int] = ["labels", *place] if target.ndim == 2 else ["labels", place[-1]]
        where = "labels" + "".join(f"[{i}]" for i in loc[1:])
        raise input_error(
            "sigmoid_target",
            "error.sigmoid_target",
            loc,
            where=where,
            value=float(target[tuple(place)]),
        )


def target_for(labels: int | np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    classes = shape[-1]
    if len(shape) == 1:
        if isinstance(labels, int):
            return _one_hot([labels], classes, single=True)[0]
        if labels.ndim != 1:
            raise input_error(
                "labels_shape",
                "error.labels_shape",
                ["labels"],
                classes=classes,
            )
        _check_distribution(labels, classes, ["labels"])
        return labels
    batch = shape[0]
    if isinstance(labels, int):
        raise input_error(
            "labels_shape",
            "error.labels_shape.batch",
            ["labels"],
            batch=batch,
        )
    if len(labels) != batch:
        raise input_error(
            "labels_length",
            "error.labels_length.batch",
            ["labels"],
            length=len(labels),
            batch=batch,
        )
    if labels.ndim == 1:
        indices = [_class_index(v, ["labels", b]) for b, v in enumerate(labels.tolist())]
        return _one_hot(indices, classes, single=False)
    for b, row in enumerate(labels):
        _check_distribution(row, classes, ["labels", b])
    return labels


def _one_hot(indices: list[int], classes: int, single: bool) -> np.ndarray:
    for b, index in enumerate(indices):
        if not 0 <= index < classes:
            loc: list[str | int] = ["labels"] if single else ["labels", b]
            where = "labels" if single else f"labels[{b}]"
            raise input_error(
                "class_index_range",
                "error.class_index_range",
                loc,
                where=where,
                index=index,
                classes=classes,
                last=classes - 1,
            )
    if single:
        target = np.zeros((1, classes))
        target[0, indices[0]] = 1.0
        return target
    target = np.zeros((len(indices), classes))
    target[np.arange(len(indices)), indices] = 1.0
    return target


def _check_distribution(row: np.ndarray, classes: int, loc: list[str | int]) -> None:
    where = "labels" + "".join(f"[{i}]" for i in loc[1:])
    if row.shape[-1] != classes:
        raise input_error(
            "labels_length",
            "error.labels_length",
            loc,
            where=where,
            length=int(row.shape[-1]),
            classes=classes,
        )
    negative = np.flatnonzero(row < 0)
    if negative.size:
        k = int(negative[0])
        raise input_error(
            "negative_probability",
            "error.negative_probability",
            [*loc, k],
            where=where,
            k=k,
            value=float(row[k]),
        )


class GradientRequest(LossRequest):
    """Logits and labels, for ∂L/∂ŷ and ∂L/∂o."""

    @property
    def answer_numbers(self) -> int:
        """ŷ, y, ∂L/∂ŷ, ∂L/∂o and per-row numbers."""
        return 4 * self.logits.size + 3 * (self.batch or 1)


class AnalyzeRequest(LossRequest, _DenseCap):
    """Logits and labels, for every quantity at once."""

    @property
    def answer_numbers(self) -> int:
        """Five vectors and two C×C matrices (J and M) a row, and per-row numbers."""
        return self.logits.size * (5 + 2 * self.classes) + 6 * (self.batch or 1)

    @model_validator(mode="after")
    def _dense(self) -> AnalyzeRequest:
        self._check_dense()
        return self


# Responses. Any number may be null: it was not finite, and `warnings` says why.

Number = float | None
Vector = list[Number]
Matrix = list[Vector]
Tensor3 = list[Matrix]


class WarningModel(BaseModel):
    """Something to know about the numbers: a stable `code`, the field, English text, and
    the values the text names (e.g. `classes`, `sums`, `steps`), so that a page can say
    it in its own language."""

    # The values a message names differ by code: each is a string field of its own.
    model_config = ConfigDict(extra="allow")

    code: str
    field: str
    message: str


class Checks(BaseModel):
    """Independent checks of ∂L/∂o computed with the request."""

    chain_rule_max_abs_err: Number = Field(
        description="max_j |Σ_k (∂L/∂ŷ_k)·J_kj − ∂L/∂o_j|; null when some ∂L/∂ŷ_k is infinite."
    )
    finite_diff_max_abs_err: Number = Field(
        description="max_j |central finite difference of L in o_j − ∂L/∂o_j|."
    )


class _Shape(BaseModel):
    classes: int = Field(description="C, the number of classes.")
    batch: int | None = Field(description="B for a batch of rows; null for one row.")
    temperature: float
    activation: str = Field("softmax", description="The request's activation, echoed.")
    loss_function: str = Field("cross_entropy", description="The request's loss, echoed.")
    class_names: list[str] | None = None
    warnings: list[WarningModel] = Field(default_factory=list)


class SoftmaxResponse(_Shape):
    probs: Vector | Matrix = Field(description="ŷ = softmax(o/T).")
    log_probs: Vector | Matrix = Field(
        description="log ŷ, through log-sum-exp (softmax) or −softplus(−o/T) (sigmoid)."
    )


class JacobianResponse(_Shape):
    probs: Vector | Matrix
    jacobian: Matrix | Tensor3 = Field(
        description="J_ij = ∂ŷ_i/∂o_j: ŷ_i(δ_ij − ŷ_j)/T for softmax, "
        "δ_ij ŷ_i(1 − ŷ_i)/T for sigmoid."
    )


class _LossFields(_Shape):
    label_smoothing: float
    reduction: str
    probs: Vector | Matrix
    target: Vector | Matrix = Field(description="The effective target y, after smoothing.")
    loss: Number = Field(
        description="L = −Σ y log ŷ (reduced over a batch); null for reduction 'none'."
    )
    losses: Vector | None = Field(description="Each row's loss, for a batch; null for one row.")


class LossResponse(_LossFields):
    pass


class _GradientFields(_LossFields):
    label_sum: Number | Vector = Field(description="Σ_k y_k, per row.")
    lecture_form: bool = Field(
        description="True when Σy = 1 in every row, so ∂L/∂o = (ŷ − y)/T as in the lecture."
    )
    grad_probs: Vector | Matrix = Field(
        description="∂L/∂ŷ_k (÷B for 'mean'): −y_k/ŷ_k for softmax + cross-entropy, "
        "−y_k/ŷ_k + (1 − y_k)/(1 − ŷ_k) for sigmoid + cross-entropy, "
        "2(ŷ_k − y_k) for squared error."
    )
    grad_logits: Vector | Matrix = Field(
        description="∂L/∂o (÷B for 'mean'): (ŷ·Σy − y)/T for softmax + cross-entropy, "
        "(ŷ − y)/T for sigmoid + cross-entropy, J·2(ŷ − y) for squared error."
    )


class GradientResponse(_GradientFields):
    pass


class AnalyzeResponse(_GradientFields):
    log_probs: Vector | Matrix
    jacobian: Matrix | Tensor3
    contributions: Matrix | Tensor3 = Field(
        description="M_kj = (∂L/∂ŷ_k)·J_kj (y_k(ŷ_j − δ_kj)/T for softmax + cross-entropy); "
        "its column sums are ∂L/∂o."
    )
    checks: Checks
    predicted: int | list[int] = Field(description="argmax ŷ, per row.")
    entropy: Number | Vector = Field(
        description="H(ŷ) = −Σ ŷ log ŷ per row; for sigmoid the sum of each class's binary "
        "entropy −[ŷ log ŷ + (1 − ŷ) log(1 − ŷ)]."
    )


# The derivation of one row.


class DerivationRequest(AnalyzeRequest):
    """The analyze request for one row of logits (the derivation follows one example)."""

    model_config = ConfigDict(json_schema_extra={"examples": [LECTURE_EXAMPLE]})

    @model_validator(mode="after")
    def _one_row(self) -> DerivationRequest:
        if self.batch is not None:
            raise input_error(
                "derivation_row",
                "error.derivation_row",
                ["logits"],
                batch=self.batch,
            )
        return self


class DerivationStep(BaseModel):
    """One step: titles in English and Korean, the LaTeX with numbers, and its MathML."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    title_en: str
    title_ko: str
    latex: str
    mathml: str
    note_en: str = Field("", description="What to notice at this step, if anything.")
    note_ko: str = ""


class DerivationResponse(BaseModel):
    steps: list[DerivationStep]
    lecture_form: bool = Field(description="Σy = 1, so the last step gives (ŷ − y)/T.")
    focus_i: int = Field(description="The class i of the i ≠ j case (0-based).")
    focus_j: int = Field(description="The class j whose ∂L/∂o_j is written out: the target.")
