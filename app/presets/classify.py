"""Classification examples for the main page and /api/v1/analyze, the lecture's first."""

from __future__ import annotations

from typing import Any

from app.numerics.rnn import run_rnn
from app.presets.rnn import LECTURE_RNN


def _classify(
    id: str, title_en: str, title_ko: str, description_en: str, description_ko: str, **request: Any
) -> dict[str, Any]:
    return {
        "id": id,
        "kind": "classify",
        "title_en": title_en,
        "title_ko": title_ko,
        "description_en": description_en,
        "description_ko": description_ko,
        "request": request,
    }


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
