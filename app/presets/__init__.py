"""Named examples for the page and the API, in English and Korean; the lecture's first.

Plain data (dicts in the shape of app.schemas.presets.Preset): the API validates them
into its models, the pages embed them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.presets.classify import CLASSIFY_PRESETS
from app.presets.large import GPT2_PRESET_ID, gpt2_preset
from app.presets.losses import losses_presets
from app.presets.lstm import lstm_presets
from app.presets.rnn import rnn_presets

# The list carries every preset, large ones without their logits (≈ 0.5 MB each).
PRESETS: list[dict[str, Any]] = [
    *CLASSIFY_PRESETS,
    *rnn_presets(),
    gpt2_preset(with_logits=False),
    *lstm_presets(),
    *losses_presets(),
]
PRESET_IDS = frozenset(p["id"] for p in PRESETS)

# How to build each large preset in full.
LARGE_PRESETS: dict[str, Callable[[], dict[str, Any]]] = {
    GPT2_PRESET_ID: lambda: gpt2_preset(with_logits=True),
}


def full_preset(preset_id: str) -> dict[str, Any] | None:
    """The preset with this id, a large one with all its logits; None when there is none."""
    build = LARGE_PRESETS.get(preset_id)
    if build is not None:
        return build()
    return next((p for p in PRESETS if p["id"] == preset_id), None)


def presets_of(kind: str) -> list[dict[str, Any]]:
    """The presets of one kind ("classify", "rnn", "large", "lstm", "compare"), in list order."""
    return [p for p in PRESETS if p["kind"] == kind]
