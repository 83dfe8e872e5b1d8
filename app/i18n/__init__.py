"""Every label, explanation and error message of the pages: one JSON catalogue per language.

`en.json` and `ko.json` map the same keys to text with the same `{name}` placeholders,
filled at use. The server renders a page in one language and embeds only that
catalogue; the browser fetches another from `catalogue_url(lang)` when the visitor
switches, a URL that carries the file's content hash so that it can be cached for good.
Errors and warnings are keyed by the API's `type` / `code` (`error.*`, `warning.*`, and
`rnn.error.*`, `rnn.warning.*` for the RNN's other context fields).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"

CATALOGUE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Catalogue:
    """One language's catalogue: its text, the file as served, and that file's hash."""

    lang: str
    messages: Mapping[str, str]
    body: bytes
    digest: str

    @property
    def filename(self) -> str:
        return f"{self.lang}.{self.digest}.json"


def _load(lang: str) -> Catalogue:
    body = (CATALOGUE_DIR / f"{lang}.json").read_bytes()
    messages = MappingProxyType(json.loads(body))
    return Catalogue(lang, messages, body, hashlib.sha256(body).hexdigest()[:16])


CATALOGUES: Mapping[str, Catalogue] = {lang: _load(lang) for lang in LANGUAGES}


def messages(lang: str) -> Mapping[str, str]:
    """The catalogue of one language."""
    return CATALOGUES[lang].messages


def catalogue_url(lang: str) -> str:
    """Where the browser fetches a language's catalogue: the URL changes with its content."""
    return f"/i18n/{CATALOGUES[lang].filename}"


def pick_language(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The page language: ?lang=, then the remembered cookie, then Accept-Language."""
    for choice in (query, cookie):
        if choice in LANGUAGES:
            return choice
    if accept_language:
        # The first listed language wins: browsers list the preferred one first.
        first = accept_language.split(",")[0].strip().lower()
        if first.startswith("ko"):
            return "ko"
    return DEFAULT_LANGUAGE
