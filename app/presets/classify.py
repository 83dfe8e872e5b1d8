"""Classification examples for the main page and /api/v1/analyze, the lecture's first."""

from __future__ import annotations

from typing import Any

from app.numerics.rnn import run_rnn
from app.presets.rnn import LECTURE_RNN
from app.presets.text import titled


def _classify(id: str, **request: Any) -> dict[str, Any]:
    return {"id": id, "kind": "classify", **titled(id), "request": request}


# The lecture's logits, computed from its RNN rather than copied at 5 decimals.
_LECTURE = run_rnn(*LECTURE_RNN.arrays())
LECTURE_O1, LECTURE_O2 = (row.tolist() for row in _LECTURE.logits)

CLASSIFY_PRESETS = [
    _classify("lecture-step2", logits=LECTURE_O2, labels=1, class_names=["w1", "w2", "w3"]),
    _classify("lecture-step1", logits=LECTURE_O1, labels=2, class_names=["w1", "w2", "w3"]),
    _classify("confident-wrong", logits=[4.0, 1.0, -2.0], labels=2),
    _classify(
        "ten-classes",
        logits=[0.2, -1.1, 0.4, 2.3, -0.5, 1.7, -0.9, 0.1, 1.2, -0.3],
        labels=3,
        class_names=["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    ),
    _classify("soft-labels", logits=[2.0, 1.0, 0.1], labels=[0.7, 0.2, 0.1]),
    _classify("label-sum-not-one", logits=[1.0, 2.0, 3.0], labels=[0.5, 0.5, 0.5]),
    _classify("label-smoothing", logits=[3.0, 0.5, -1.0, 0.2], labels=0, label_smoothing=0.1),
    _classify("low-temperature", logits=[2.0, 1.0, 0.1], labels=1, temperature=0.25),
    _classify("huge-logit-gap", logits=[1000.0, 0.0], labels=1),
    _classify(
        "batch",
        logits=[[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [0.0, 0.0, 3.0]],
        labels=[0, 1, 0],
        reduction="mean",
    ),
]
