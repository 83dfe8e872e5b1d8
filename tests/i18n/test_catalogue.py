"""The text catalogues: one JSON file per language, the same keys, served by content hash."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.i18n import CATALOGUE_DIR, DEFAULT_LANGUAGE, LANGUAGES, catalogue_url, messages
from app.main import app

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{(\w+)\}")
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
# The Python modules that render text: every word of it comes from the catalogues.
TEXT_MODULES = sorted([*(ROOT / "app" / "pages").rglob("*.py"), *CATALOGUE_DIR.rglob("*.py")])


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app)


def test_every_language_has_the_same_keys() -> None:
    english = messages(DEFAULT_LANGUAGE)
    for lang in LANGUAGES:
        assert set(messages(lang)) == set(english), lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_has_the_placeholders_of_its_english_text(lang: str) -> None:
    english = messages(DEFAULT_LANGUAGE)
    for key, text in messages(lang).items():
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(english[key])), key


def test_no_korean_text_is_left_in_the_page_modules() -> None:
    assert TEXT_MODULES
    for module in TEXT_MODULES:
        assert not HANGUL.search(module.read_text()), module


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_url_carries_the_content_hash_and_is_cached_for_good(
    client: TestClient, lang: str
) -> None:
    body = (CATALOGUE_DIR / f"{lang}.json").read_bytes()
    url = catalogue_url(lang)
    assert hashlib.sha256(body).hexdigest()[:16] in url
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.json() == dict(messages(lang))
    cached = client.get(url, headers={"if-none-match": response.headers["etag"]})
    assert cached.status_code == 304 and cached.content == b""
    assert client.head(url).status_code == 200


@pytest.mark.parametrize(
    "path", ["/i18n/fr.0123456789abcdef.json", "/i18n/en.0123456789abcdef.json", "/i18n/en.json"]
)
def test_unknown_language_or_hash_is_not_found(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(("path", "lang"), [("/", "en"), ("/?lang=ko", "ko"), ("/rnn", "en")])
def test_page_embeds_only_its_language_and_where_the_others_are(
    client: TestClient, path: str, lang: str
) -> None:
    html = client.get(path).text
    embedded = re.search(r'<script type="application/json" id="i18n-data">(.*?)</script>', html)
    assert embedded is not None
    assert json.loads(embedded.group(1)) == {lang: dict(messages(lang))}
    listed = re.search(r'<script type="application/json" id="languages-data">(.*?)</script>', html)
    assert listed is not None
    assert json.loads(listed.group(1)) == {
        code: {"name": messages(code)[f"lang.{code}"], "url": catalogue_url(code)}
        for code in LANGUAGES
    }
