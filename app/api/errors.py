"""422 answers in FastAPI's `{"detail": [{loc, msg, type}]}` shape, aimed at learners.

Schema validators raise `app.schemas.errors.input_error(...)`, whose context carries
the exact location inside the request (`ctx["loc"]`); the handler here moves it into
`loc`, so every message points at the offending entry.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from app.schemas.errors import LocPart

# How deep an echoed input is written out; deeper lists and objects are summarised, so
# that a body nested thousands of levels deep is answered like any other.
ECHO_DEPTH = 4


def _json_safe(value: Any, depth: int = 0) -> Any:
    """Errors echo the offending input; keep NaN and Infinity out of the JSON, and keep
    the echo small and shallow."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list | tuple):
        if len(value) > 16 or depth >= ECHO_DEPTH:
            return f"<list of {len(value)} items>"
        return [_json_safe(v, depth + 1) for v in value]
    if isinstance(value, dict):
        if len(value) > 16 or depth >= ECHO_DEPTH:
            return f"<object with {len(value)} keys>"
        return {str(k): _json_safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, str) and len(value) > 200:
        return value[:200] + "…"
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _dotted(loc: list[LocPart]) -> str:
    """`labels[2].name` style path of a location inside the body."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _clean(error: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": error["type"], "loc": list(error["loc"]), "msg": error["msg"]}
    ctx = dict(error.get("ctx") or {})
    inner_loc = ctx.pop("loc", None)
    if inner_loc is not None:
        out["loc"] = ["body", *inner_loc]
    elif out["type"] == "json_invalid":
        # FastAPI puts the character position where a field name would be.
        position = out["loc"][1] if len(out["loc"]) > 1 else "?"
        out["msg"] = f"The body is not valid JSON: {ctx.get('error', 'decode error')} "
        out["msg"] += f"(at character {position})."
    elif len(out["loc"]) > 1 and out["loc"][0] == "body":
        # Pydantic's own messages do not name the field ("Input should be greater than 0").
        out["msg"] = f"{_dotted(out['loc'][1:])}: {out['msg']}"
    if ctx:
        out["ctx"] = _json_safe(ctx)
    if "input" in error:
        out["input"] = _json_safe(error["input"])
    return out


async def request_validation_handler(request: Request, exc: Exception) -> JSONResponse:
    """Answer a failed validation with 422 and one precise entry per problem."""
    assert isinstance(exc, RequestValidationError)
    detail = [_clean(dict(e)) for e in exc.errors()]
    return JSONResponse(status_code=422, content={"detail": detail})
