"""HTML pages: the main page, rendered from templates/ in the visitor's language.

The page carries its text catalogue and the presets as JSON data blocks (not
scripts, so the CSP is untouched); every number on it comes from the API.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app import __version__
from app.i18n import LANGUAGES, MESSAGES, messages, pick_language
from app.presets import presets_of

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
LANGUAGE_COOKIE = "gradviz_lang"

templates = Jinja2Templates(directory=TEMPLATES_DIR)

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


def page_context(request: Request) -> dict[str, Any]:
    """What every page needs: its language, that language's text, and both catalogues."""
    lang = pick_language(
        request.query_params.get("lang"),
        request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
    )
    return {
        "lang": lang,
        "languages": LANGUAGES,
        "t": messages(lang),
        "catalogue": MESSAGES,
        "version": __version__,
    }


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    """The main page: inputs, every chart, the derivation and gradient descent."""
    context = {**page_context(request), "presets": page_presets()}
    return templates.TemplateResponse(request, "index.html", context)
