"""The presets' models: named examples in English and Korean, as GET /api/v1/presets lists them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Preset(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "soft-labels",
                    "kind": "classify",
                    "title_en": "Soft labels",
                    "title_ko": "소프트 레이블",
                    "description_en": "The target is a distribution, not a class.",
                    "description_ko": "정답이 클래스가 아닌 분포입니다.",
                    "request": {"logits": [2.0, 1.0, 0.1], "labels": [0.7, 0.2, 0.1]},
                    "notes": [],
                }
            ]
        }
    )

    id: str
    kind: Literal["classify", "rnn", "large", "lstm"]
    title_en: str
    title_ko: str
    description_en: str
    description_ko: str
    request: dict[str, Any] = Field(
        description="The request body: for 'classify' of /api/v1/analyze, for 'rnn' of "
        "/api/v1/rnn, for 'large' of /api/v1/jacobian/heatmap (or /api/v1/gradient). "
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
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "presets": [
                        {
                            "id": "lecture-step2",
                            "kind": "classify",
                            "title_en": "Lecture: RNN step 2",
                            "title_ko": "강의 예제: RNN 2단계",
                            "description_en": "o₂ of the lecture's RNN, target e₂.",
                            "description_ko": "강의 RNN의 o₂, 정답 e₂.",
                            "request": {"logits": [-0.0219, 0.01037, -0.02245], "labels": 1},
                        }
                    ]
                }
            ]
        }
    )

    presets: list[Preset]
