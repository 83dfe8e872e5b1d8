"""Named examples for the page and the API, in English and Korean; the lecture's first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from app.rnn import LECTURE_RNN, run_rnn


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
    kind: Literal["classify", "rnn", "large"]
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


def _classify(
    id: str, title_en: str, title_ko: str, description_en: str, description_ko: str, **request: Any
) -> Preset:
    return Preset(
        id=id,
        kind="classify",
        title_en=title_en,
        title_ko=title_ko,
        description_en=description_en,
        description_ko=description_ko,
        request=request,
    )


# The lecture's logits, computed from its RNN rather than copied at 5 decimals.
_LECTURE = run_rnn(*LECTURE_RNN.arrays())
LECTURE_O1, LECTURE_O2 = (row.tolist() for row in _LECTURE.logits)

CLASSIFY_PRESETS = [
    _classify(
        "lecture-step2",
        "Lecture: RNN step 2",
        "강의 예제: RNN 2단계",
        "o₂ = V h₂ of the lecture's 3-word RNN, with target y₂ = e₂. "
        "(The slides print o₂'s first entry as 0.33, a typo; ŷ₂ agrees with −0.0219.)",
        "강의의 3단어 RNN에서 o₂ = V h₂, 정답 y₂ = e₂. "
        "(슬라이드의 o₂ 첫 값 0.33은 오타이며, ŷ₂는 −0.0219와 일치합니다.)",
        logits=LECTURE_O2,
        labels=1,
        class_names=["w1", "w2", "w3"],
    ),
    _classify(
        "lecture-step1",
        "Lecture: RNN step 1",
        "강의 예제: RNN 1단계",
        "o₁ = V h₁ of the lecture's RNN, with target y₁ = e₃.",
        "강의 RNN의 o₁ = V h₁, 정답 y₁ = e₃.",
        logits=LECTURE_O1,
        labels=2,
        class_names=["w1", "w2", "w3"],
    ),
    _classify(
        "confident-wrong",
        "Confident and wrong",
        "자신 있게 틀린 예측",
        "The model bets on class 0 but the answer is class 2: a large loss and a large push.",
        "모델은 0번 클래스를 확신하지만 정답은 2번: 손실과 기울기가 큽니다.",
        logits=[4.0, 1.0, -2.0],
        labels=2,
    ),
    _classify(
        "ten-classes",
        "Ten classes (digits)",
        "10개 클래스 (숫자)",
        "A digit classifier's logits for an image of a 3.",
        "숫자 3 이미지에 대한 분류기의 로짓.",
        logits=[0.2, -1.1, 0.4, 2.3, -0.5, 1.7, -0.9, 0.1, 1.2, -0.3],
        labels=3,
        class_names=["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    ),
    _classify(
        "soft-labels",
        "Soft labels",
        "소프트 레이블",
        "The target is a distribution, not a class: still ∂L/∂o = ŷ − y, since Σy = 1.",
        "정답이 클래스가 아닌 분포여도 Σy = 1이면 ∂L/∂o = ŷ − y입니다.",
        logits=[2.0, 1.0, 0.1],
        labels=[0.7, 0.2, 0.1],
    ),
    _classify(
        "label-sum-not-one",
        "A target that does not sum to 1",
        "합이 1이 아닌 정답",
        "Σy = 1.5: the gradient is ŷ·Σy − y, and the lecture's last step does not apply.",
        "Σy = 1.5: 기울기는 ŷ·Σy − y이며, 강의의 마지막 단계는 성립하지 않습니다.",
        logits=[1.0, 2.0, 3.0],
        labels=[0.5, 0.5, 0.5],
    ),
    _classify(
        "label-smoothing",
        "Label smoothing",
        "레이블 스무딩",
        "ε = 0.1 moves 10% of the target's mass evenly onto every class.",
        "ε = 0.1은 정답 질량의 10%를 모든 클래스에 고르게 나눕니다.",
        logits=[3.0, 0.5, -1.0, 0.2],
        labels=0,
        label_smoothing=0.1,
    ),
    _classify(
        "low-temperature",
        "Low temperature",
        "낮은 온도",
        "T = 0.25 sharpens ŷ and scales every derivative by 1/T.",
        "T = 0.25는 ŷ를 뾰족하게 만들고 모든 도함수를 1/T배 합니다.",
        logits=[2.0, 1.0, 0.1],
        labels=1,
        temperature=0.25,
    ),
    _classify(
        "huge-logit-gap",
        "A huge logit gap",
        "매우 큰 로짓 차이",
        "Logits [1000, 0] with target 1: ŷ₁ underflows to 0, so ∂L/∂ŷ₁ = −∞, "
        "yet L = 1000 and ∂L/∂o = ŷ − y stay exact.",
        "로짓 [1000, 0], 정답 1: ŷ₁이 0으로 언더플로되어 ∂L/∂ŷ₁ = −∞이지만 "
        "L = 1000과 ∂L/∂o = ŷ − y는 정확합니다.",
        logits=[1000.0, 0.0],
        labels=1,
    ),
    _classify(
        "batch",
        "A batch of three",
        "배치 3개",
        "Three rows, one target each; with reduction 'mean' everything is divided by B = 3.",
        "세 행, 각각 정답 하나; 'mean'이면 모든 값이 B = 3으로 나뉩니다.",
        logits=[[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [0.0, 0.0, 3.0]],
        labels=[0, 1, 0],
        reduction="mean",
    ),
]

RNN_PRESET = Preset(
    id=LECTURE_RNN.name,
    kind="rnn",
    title_en=LECTURE_RNN.title_en,
    title_ko=LECTURE_RNN.title_ko,
    description_en=LECTURE_RNN.description_en,
    description_ko=LECTURE_RNN.description_ko,
    request=LECTURE_RNN.request(),
    notes=[asdict(note) for note in LECTURE_RNN.slide_notes],
)


# GPT-2's vocabulary size. Its logits are generated (no model ships with gradviz):
# Zipf's law for word frequencies, ŷ_r ∝ r^(−s), is o_r = −s·ln r up to a constant; the
# noise lets index order and probability order differ, as a real model's do.
GPT2_PRESET_ID = "gpt2-vocabulary"
GPT2_CLASSES = 50_257
GPT2_SEED = 2019
ZIPF_EXPONENT = 1.2
ZIPF_NOISE = 0.5
# The target is the third most probable token: its bar rises while the two above fall.
GPT2_TARGET_RANK = 3


def zipf_logits(classes: int, seed: int, exponent: float, noise: float) -> np.ndarray:
    """o_k = 10 − s·ln(k + 1) + ε_k, ε ~ N(0, σ²) from default_rng(seed), to 4 decimals."""
    ranks = np.arange(1, classes + 1, dtype=np.float64)
    noise_draws = np.random.default_rng(seed).normal(0.0, noise, classes)
    # Four decimals keep the JSON small (≈ 9 bytes a logit); the distribution is the same.
    return np.round(10.0 - exponent * np.log(ranks) + noise_draws, 4)


GPT2_LOGITS = zipf_logits(GPT2_CLASSES, GPT2_SEED, ZIPF_EXPONENT, ZIPF_NOISE)
GPT2_LOGITS.flags.writeable = False
GPT2_TARGET = int(np.argsort(-GPT2_LOGITS, kind="stable")[GPT2_TARGET_RANK - 1])


def gpt2_preset(with_logits: bool) -> Preset:
    """The GPT-2-sized example: in full, or as its list entry (every field but the logits)."""
    request: dict[str, Any] = {"labels": GPT2_TARGET, "temperature": 1.0}
    if with_logits:
        request = {"logits": GPT2_LOGITS.tolist(), **request}
    return Preset(
        id=GPT2_PRESET_ID,
        kind="large",
        title_en="GPT-2's vocabulary: 50,257 classes",
        title_ko="GPT-2 어휘: 클래스 50,257개",
        description_en=(
            "A next-token distribution over GPT-2's 50,257 tokens, generated (Zipf-like "
            f"logits o_k = 10 − {ZIPF_EXPONENT}·ln(k + 1) plus noise, seed {GPT2_SEED}); the "
            "target is the third most probable token. The dense Jacobian would hold 2.5 billion "
            "numbers (20 GB): the page shows the top 20 classes and exact pooled heatmaps."
        ),
        description_ko=(
            "GPT-2의 토큰 50,257개에 대한 다음 토큰 분포를 생성했습니다 (Zipf 법칙 형태의 로짓 "
            f"o_k = 10 − {ZIPF_EXPONENT}·ln(k + 1)에 잡음, 시드 {GPT2_SEED}). 정답은 세 번째로 "
            "확률이 높은 토큰입니다. 조밀 야코비안은 숫자 25억 개(20 GB)이므로, 상위 20개 "
            "클래스와 정확한 풀링 히트맵으로 보여 줍니다."
        ),
        request=request,
        large=True,
        classes=GPT2_CLASSES,
    )


# The list carries every preset, large ones without their logits (≈ 0.5 MB each).
PRESETS = PresetsResponse(presets=[*CLASSIFY_PRESETS, RNN_PRESET, gpt2_preset(with_logits=False)])

# How to build each large preset in full.
LARGE_PRESETS: dict[str, Callable[[], Preset]] = {
    GPT2_PRESET_ID: lambda: gpt2_preset(with_logits=True),
}


def full_preset(preset_id: str) -> Preset | None:
    """The preset with this id, a large one with all its logits; None when there is none."""
    build = LARGE_PRESETS.get(preset_id)
    if build is not None:
        return build()
    return next((p for p in PRESETS.presets if p.id == preset_id), None)
