"""The presets' models: named examples in English and Korean, as GET /api/v1/presets lists them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class Preset(BaseModel):
    id: str
    kind: Literal["classify", "rnn", "large", "lstm", "compare"]
    title_en: str
    title_ko: str
    description_en: str
    description_ko: str
    request: dict[str, Any] = Field(
        description="The request body: for 'classify' of /api/v1/analyze, for 'rnn' of "
        "/api/v1/rnn, for 'compare' of /api/v1/compare, for 'large' of "
        "/api/v1/jacobian/heatmap (or /api/v1/gradient). "
        "The list leaves a large preset's logits out: GET /api/v1/presets/{id} has them."
    )
    notes: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Where the lecture's slides print other digits than the computed ones.",
    )
    large: bool = Field(
        False, description="Too many classes for the list: its logits come from /presets/{id}."
    )
    classes: int | None = Field(None, description="C, for a large preset.")


class PresetsResponse(BaseModel):
    presets: list[Preset]
