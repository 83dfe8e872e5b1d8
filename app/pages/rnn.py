"""The /rnn page: the lecture's RNN, editable, rendered in the visitor's language.

Like the main page it carries its text catalogue, its presets and its editing limits
as JSON data blocks (not scripts, so the CSP is untouched); every number on it comes
from POST /api/v1/rnn and POST /api/v1/rnn/derivation.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.pages.rendering import page_context, templates
from app.presets import presets_of

router = APIRouter(include_in_schema=False)

# What the page's editors allow: small enough to read every number and every heatmap
# cell on a projector, well inside the API's own limits (app.rnn_schemas.MAX_SIZE).
EDITOR_LIMITS = {"hidden": 6, "inputs": 8, "classes": 8, "steps": 8}


def rnn_presets() -> list[dict[str, Any]]:
    """The RNN presets, the lecture's first, each with its notes on the slides."""
    return presets_of("rnn")


def rnn_page_context(request: Request) -> dict[str, Any]:
    """The shared page context with this page's title, presets and limits."""
    return {
        **page_context(request),
        "title_key": "rnn.app.title",
        "tagline_key": "rnn.app.tagline",
        "presets": rnn_presets(),
        "limits": EDITOR_LIMITS,
    }


@router.get("/rnn", response_class=HTMLResponse)
def rnn_page(request: Request) -> HTMLResponse:
    """The RNN page: editable weights and sequence, per-step charts, BPTT written out."""
    return templates.TemplateResponse(request, "rnn.html", rnn_page_context(request))
