"""Large vocabularies: a GPT-2-sized next-token distribution, generated."""

from __future__ import annotations

from typing import Any

import numpy as np

from app.presets.text import titled

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


def gpt2_preset(with_logits: bool) -> dict[str, Any]:
    """The GPT-2-sized example: in full, or as its list entry (every field but the logits)."""
    request: dict[str, Any] = {"labels": GPT2_TARGET, "temperature": 1.0}
    if with_logits:
        request = {"logits": GPT2_LOGITS.tolist(), **request}
    return {
        "id": GPT2_PRESET_ID,
        "kind": "large",
        **titled(GPT2_PRESET_ID, exponent=ZIPF_EXPONENT, seed=GPT2_SEED),
        "request": request,
        "large": True,
        "classes": GPT2_CLASSES,
    }
