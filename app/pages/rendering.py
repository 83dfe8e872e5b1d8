"""What every page shares: the templates, the visitor's language and its catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from app import __version__
from app.assets import asset_url
from app.i18n import LANGUAGES, catalogue_url, messages, pick_language

TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "templates"
LANGUAGE_COOKIE = "gradviz_lang"
# The theme the page's switch chose (static/js/lib/theme.js), so that the page is rendered
# in it rather than repainted once the script runs; without one the CSS follows the system.
THEME_COOKIE = "gradviz_theme"
THEMES = ("light", "dark")

templates = Jinja2Templates(directory=TEMPLATES_DIR)
# {{ asset("js/main.js") }}: a file of static/ under its built, hashed URL (app.assets).
templates.env.globals["asset"] = asset_url


def page_context(request: Request) -> dict[str, Any]:
    """What every page needs: its language, that language's text, and where the others are.

    The page embeds only its own catalogue; `languages` names each language (in its own
    words, for the switch) and the URL the browser fetches its catalogue from.
    """
    lang = pick_language(
        request.query_params.get("lang"),
        request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
    )
    theme = request.query_params.get("theme") or request.cookies.get(THEME_COOKIE)
    return {
        "lang": lang,
        "theme": theme if theme in THEMES else None,
        "languages": {
            code: {"name": messages(code)[f"lang.{code}"], "url": catalogue_url(code)}
            for code in LANGUAGES
        },
        "t": messages(lang),
        # The one catalogue the page embeds, as the browser reads it: {lang: {key: text}}.
        "catalogue": {lang: dict(messages(lang))},
        "version": __version__,
        "title_key": "app.title",
        "tagline_key": "app.tagline",
    }


def opening_preset(
    request: Request, presets: list[dict[str, Any]], has_state: bool
) -> dict[str, Any] | None:
    """The preset a page opens on, picked as its script picks it: the one `?p=` names, else
    the first unless the query holds a state of its own. The page is rendered with it
    chosen and described, so that the first paint already shows what the script keeps."""
    named = request.query_params.get("p")
    preset = next((p for p in presets if p["id"] == named), None)
    if preset is not None or has_state:
        return preset
    return presets[0] if presets else None
