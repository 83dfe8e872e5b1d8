"""GET /api/v1/presets/{id}: one preset in full, a large one with every logit.

The list (GET /api/v1/presets) leaves large presets' logits out so that it stays a few
kilobytes; a page asks for one large preset when it is chosen.
"""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter, HTTPException, Response

from app.presets import PRESETS, Preset, full_preset

router = APIRouter(prefix="/api/v1", tags=["presets"])

PRESET_IDS = frozenset(p.id for p in PRESETS.presets)


@cache
def _encoded(preset_id: str) -> bytes:
    """The preset's JSON, encoded once: a large preset is ≈ 0.5 MB and never changes."""
    preset = full_preset(preset_id)
    assert preset is not None
    return preset.__pydantic_serializer__.to_json(preset)


@router.get(
    "/presets/{preset_id}",
    response_model=Preset,
    responses={404: {"description": "No preset has this id."}},
)
def preset(preset_id: str) -> Response:
    """One named example in full: a large one with all its logits (the list leaves them out)."""
    # Only known ids reach the cache, so unknown ones cannot fill it.
    if preset_id not in PRESET_IDS:
        known = ", ".join(sorted(PRESET_IDS))
        raise HTTPException(
            status_code=404,
            detail=f"There is no preset {preset_id[:80]!r}. The presets are: {known}.",
        )
    return Response(content=_encoded(preset_id), media_type="application/json")
