"""The /rnn page: the lecture's RNN, editable, rendered in the visitor's language.

Like the main page it carries its text catalogue, its presets, its model description and
its editing limits as JSON data blocks (not scripts, so the CSP is untouched); every
number on it comes from POST /api/v1/rnn and POST /api/v1/rnn/derivation.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.pages.rendering import templates
from app.pages.sequence import matrix, sequence_page_context

router = APIRouter(include_in_schema=False)

# What the page's editors allow: small enough to read every number and every heatmap
# cell on a projector, well inside the API's own limits (app.schemas.sequences.MAX_SIZE).
EDITOR_LIMITS = {"hidden": 6, "inputs": 8, "classes": 8, "steps": 8}

MODEL: dict[str, Any] = {
    "matrices": [
        matrix("W", "hidden", "hidden"),
        matrix("U", "hidden", "inputs"),
        matrix("V", "classes", "hidden"),
    ],
    "vectors": ["h0"],
    "facts": ["h0", "grad_h0"],
    "rows": ["x", "h", "o", "probs", "target", "loss", "grad_logits", "grad_h", "grad_a"],
}

CHARTS = ("rnn_steps", "rnn_grad_V", "rnn_grad_W", "rnn_grad_U")


def rnn_page_context(request: Request) -> dict[str, Any]:
    """The shared page context with this page's title, presets, model, charts and limits."""
    return sequence_page_context(request, "rnn", MODEL, CHARTS, EDITOR_LIMITS)


@router.get("/rnn", response_class=HTMLResponse)
def rnn_page(request: Request) -> HTMLResponse:
    """The RNN page: editable weights and sequence, per-step charts, BPTT written out."""
    return templates.TemplateResponse(request, "rnn.html", rnn_page_context(request))
