"""GET /api/v1/presets and /api/v1/presets/{id}: the named examples.

The list leaves large presets' logits out so that it stays a few kilobytes; a page asks
for one large preset when it is chosen.
"""

from __future__ import annotations

import hashlib
from functools import cache

from fastapi import APIRouter, HTTPException, Request, Response

from app.presets import PRESET_IDS, PRESETS, full_preset
from app.schemas.presets import Preset, PresetsResponse

router = APIRouter(prefix="/api/v1", tags=["presets"])

_PRESETS = PresetsResponse.model_validate({"presets": PRESETS})
# The examples are real: the list's first entry, and the list with it alone.
Preset.model_config["json_schema_extra"] = {"examples": [PRESETS[0]]}
PresetsResponse.model_config["json_schema_extra"] = {"examples": [{"presets": PRESETS[:1]}]}


def _revalidated(request: Request, body: bytes) -> Response:
    """`body` as JSON with a validator: a browser that has it asks again with its ETag and
    gets a bodiless 304 (the presets change only with a new version of the app). The tag
    is weak because the answer may travel compressed in several encodings."""
    tag = 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": tag, "Cache-Control": "no-cache"}
    if tag in (part.strip() for part in request.headers.get("if-none-match", "").split(",")):
        return Response(status_code=304, headers=headers)
    return Response(content=body, media_type="application/json", headers=headers)


@cache
def _encoded_list() -> bytes:
    return _PRESETS.__pydantic_serializer__.to_json(_PRESETS)


@router.get("/presets", response_model=PresetsResponse)
async def presets(request: Request) -> Response:
    """Named examples in English and Korean, the lecture's first."""
    return _revalidated(request, _encoded_list())


@cache
def _encoded(preset_id: str) -> bytes:
    """The preset's JSON, encoded once: a large preset is ≈ 0.5 MB and never changes."""
    preset = Preset.model_validate(full_preset(preset_id))
    return preset.__pydantic_serializer__.to_json(preset)


@router.get(
    "/presets/{preset_id}",
    response_model=Preset,
    responses={404: {"description": "No preset has this id."}},
)
def preset(preset_id: str, request: Request) -> Response:
    """One named example in full: a large one with all its logits (the list leaves them out)."""
    # Only known ids reach the cache, so unknown ones cannot fill it.
    if preset_id not in PRESET_IDS:
        known = ", ".join(sorted(PRESET_IDS))
        raise HTTPException(
            status_code=404,
            detail=f"There is no preset {preset_id[:80]!r}. The presets are: {known}.",
        )
    return _revalidated(request, _encoded(preset_id))
