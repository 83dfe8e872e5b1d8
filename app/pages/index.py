"""The main page, rendered from templates/ in the visitor's language.

The page carries its text catalogue and the presets as JSON data blocks (not
scripts, so the CSP is untouched); every number on it comes from the API.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.pages.rendering import page_context, templates
from app.presets import presets_of

router = APIRouter(include_in_schema=False)


def page_presets() -> list[dict[str, Any]]:
    """The presets the main page can show: softmax + cross-entropy classification examples
    with one row of logits (the page has no activation or loss picker)."""
    return [
        preset
        for preset in presets_of("classify")
        if not any(isinstance(v, list) for v in preset["request"]["logits"])
        and preset["request"].get("activation", "softmax") == "softmax"
        and preset["request"].get("loss_function", "cross_entropy") == "cross_entropy"
    ]


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    """The main page: inputs, every chart, the derivation and gradient descent."""
    context = {**page_context(request), "presets": page_presets()}
    return templates.TemplateResponse(request, "index.html", context)
