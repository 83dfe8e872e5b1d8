"""What every page shares (templates/base.html): the lecture's credit, and the theme."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from app.i18n import LANGUAGES, messages
from app.main import app
from app.pages.rendering import THEME_COOKIE

PAGES = ["/", "/rnn"]


@pytest.fixture
def client() -> TestClient:
    return TestClient(app)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_every_page_credits_the_lecture_in_its_language(
    client: TestClient, path: str, lang: str
) -> None:
    response = client.get(path, params={"lang": lang})
    footer = response.text.split('<footer class="site-footer">')[1].split("</footer>")[0]
    credit = messages(lang)["footer.credit"]
    assert str(escape(credit)) in footer
    # The lecture's author, title and series, as the lecture asks to be credited.
    for name in ("\uc2e0\ubc15AI", "Softmax\uc640 Cross Entropy \ubbf8\ubd84", "Deep Learning 101"):
        assert name in credit


@pytest.mark.parametrize(
    ("query", "cookie", "expected"),
    [
        (None, None, None),
        ("dark", None, "dark"),
        (None, "dark", "dark"),
        ("light", "dark", "light"),
        ("sepia", "<b>", None),
    ],
)
def test_a_chosen_theme_is_rendered_from_the_url_then_the_cookie(
    client: TestClient, query: str | None, cookie: str | None, expected: str | None
) -> None:
    if cookie:
        client.cookies.set(THEME_COOKIE, cookie)
    response = client.get("/", params={"theme": query} if query else {})
    assert response.context["theme"] == expected
    opening = response.text.split("<head>")[0]
    if expected:
        assert f'data-theme="{expected}"' in opening
    else:
        assert "data-theme" not in opening  # the CSS follows the system's setting
    pressed = 'aria-pressed="true"' if expected == "dark" else 'aria-pressed="false"'
    toggle = response.text.split('id="theme-toggle"')[1].split(">")[0]
    assert pressed in toggle
