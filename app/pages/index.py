"""The main page, rendered from templates/ in the visitor's language.

The page carries its text catalogue and the presets as JSON data blocks (not
scripts, so the CSP is untouched); every number on it comes from the API.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.pages.rendering import opening_preset, page_context, templates
from app.presets import PRESETS

router = APIRouter(include_in_schema=False)


# A comparison preset opens the page's comparison view (why cross-entropy).
PAGE_KINDS = ("classify", "compare")


def page_presets() -> list[dict[str, Any]]:
    """The presets the main page can show: classification and comparison examples with one
    row of logits, in any activation and loss (the page has pickers for both)."""
    return [
        preset
        for preset in PRESETS
        if preset["kind"] in PAGE_KINDS
        and not any(isinstance(v, list) for v in preset["request"]["logits"])
    ]


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    """The main page: inputs, every chart, the derivation and gradient descent."""
    presets = page_presets()
    # The page's own state in the URL: logits, or a large preset's named by `from`.
    has_state = "o" in request.query_params or bool(request.query_params.get("from"))
    context = {
        **page_context(request),
        "presets": presets,
        "opening": opening_preset(request, presets, has_state),
    }
    return templates.TemplateResponse(request, "index.html", context)
