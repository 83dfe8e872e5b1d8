"""Why cross-entropy: examples for POST /api/v1/compare and for the sigmoid activation."""

from __future__ import annotations

from typing import Any

from app.presets.text import titled


def losses_presets() -> list[dict[str, Any]]:
    """A confidently wrong prediction for the comparison, and a multi-label sigmoid example."""
    return [
        {
            "id": "compare-confident-wrong",
            "kind": "compare",
            **titled("compare-confident-wrong"),
            "request": {"logits": [6.0, 0.0, -2.0], "labels": 2},
        },
        {
            "id": "sigmoid-multi-label",
            "kind": "classify",
            **titled("sigmoid-multi-label"),
            "request": {
                "logits": [2.5, -1.0, 0.8, -3.0],
                "labels": [1.0, 0.0, 1.0, 0.0],
                "activation": "sigmoid",
                "class_names": ["cat", "dog", "outdoor", "night"],
            },
        },
    ]
