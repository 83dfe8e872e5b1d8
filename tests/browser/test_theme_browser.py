"""The light and dark themes in headless Chromium: the system's by default, the switch,
remembered and in the URL, and the charts redrawn in the theme's colours."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from views import VIEW_TIMEOUT_MS, VIEWS, View, open_view

from app.i18n import messages

pytestmark = pytest.mark.browser

EN, KO = messages("en"), messages("ko")
MAIN, RNN = VIEWS[0], VIEWS[1]
# Each page's charts: one with bars and one heatmap.
CHARTS = {"main": ("probs", "grad_logits", "jacobian"), "rnn": ("rnn_steps", "rnn_grad_V")}

# What a chart shows now: Plotly's resolved layout and traces, not what was asked for.
DRAWN_COLOURS = """(name) => {
  const el = document.getElementById(`chart-${name}`);
  const layout = el._fullLayout;
  // A hatched bar (fill mode "replace": a clear ground) shows its pattern's colour.
  const colours = (trace) => {
    const pattern = trace.marker?.pattern;
    const shown = pattern?.shape ? pattern.fgcolor : trace.marker?.color;
    return [shown].flat().filter((c) => typeof c === "string");
  };
  return {
    plot: layout.plot_bgcolor,
    font: layout.font.color,
    grid: layout.yaxis.gridcolor,
    zero: layout.yaxis.zeroline ? layout.yaxis.zerolinecolor : null,
    bars: el._fullData.filter((t) => t.type === "bar").flatMap(colours),
    scale: el._fullData.filter((t) => t.type === "heatmap").map((t) => t.colorscale)[0] ?? null,
  };
}"""


def rgb(colour: str) -> tuple[float, float, float]:
    """#rrggbb or rgb(a)(r, g, b[, a]) as three 0–255 numbers."""
    if colour.startswith("#"):
        return tuple(int(colour[k : k + 2], 16) for k in (1, 3, 5))  # type: ignore[return-value]
    r, g, b = (float(v) for v in re.findall(r"[\d.]+", colour)[:3])
    return r, g, b


def luminance(colour: str) -> float:
    """WCAG relative luminance."""

    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def page_theme(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => ({
            attribute: document.documentElement.dataset.theme ?? null,
            card: getComputedStyle(document.querySelector(".card")).backgroundColor,
            pressed: document.getElementById("theme-toggle").getAttribute("aria-pressed"),
        })"""
    )


def wait_charts_in(page: Any, name: str, dark: bool) -> None:
    """Wait until chart `name` is drawn on a dark (or light) plot area (scrolled to: a
    chart out of view is redrawn as it comes in)."""
    page.locator(f"#chart-{name}").scroll_into_view_if_needed(timeout=VIEW_TIMEOUT_MS)
    page.wait_for_function(
        """([name, dark]) => {
            const el = document.getElementById(`chart-${name}`);
            const bg = el?._fullLayout?.plot_bgcolor;
            if (!bg) return false;
            const [r, g, b] = bg.startsWith("#")
                ? [1, 3, 5].map((k) => parseInt(bg.slice(k, k + 2), 16))
                : bg.match(/[\\d.]+/g).map(Number);
            return (r + g + b) / 3 < 128 === dark;
        }""",
        arg=[name, dark],
        timeout=VIEW_TIMEOUT_MS,
    )


def assert_drawn_in_theme(page: Any, view: View, dark: bool) -> dict[str, Any]:
    """Every chart of `view` drawn on its card's background, legibly, in the theme."""
    card = page_theme(page)["card"]
    drawn = {}
    for name in CHARTS[view.name]:
        colours = page.evaluate(DRAWN_COLOURS, name)
        drawn[name] = colours
        assert (luminance(colours["plot"]) < 0.05) is dark, (name, colours["plot"])
        # The plot area is the card it sits on; text is WCAG AA on it, bars 3:1.
        assert rgb(colours["plot"]) == rgb(card), (name, colours["plot"], card)
        assert contrast(colours["font"], colours["plot"]) >= 4.5, (name, colours["font"])
        if colours["zero"]:
            assert contrast(colours["zero"], colours["plot"]) >= 3, (name, colours["zero"])
        for bar in colours["bars"]:
            assert contrast(bar, colours["plot"]) >= 3, (name, bar)
        if colours["scale"]:
            # Zero is drawn in the background's own lightness; the ends stand out from it.
            middle = next(colour for stop, colour in colours["scale"] if stop == 0.5)
            assert (luminance(middle) < 0.05) is dark, (name, middle)
            for end in (colours["scale"][0][1], colours["scale"][-1][1]):
                assert contrast(end, middle) >= 3, (name, end, middle)
    return drawn


@pytest.mark.parametrize("view", [MAIN, RNN], ids=lambda v: v.name)
def test_the_theme_switch_redraws_every_chart_in_the_theme_s_colours(
    page: Any, page_log: Any, view: View
) -> None:
    page.emulate_media(color_scheme="light")
    open_view(page, view)
    assert page_theme(page)["pressed"] == "false"
    light = assert_drawn_in_theme(page, view, dark=False)

    page.click("#theme-toggle")
    for name in CHARTS[view.name]:
        wait_charts_in(page, name, dark=True)
    assert page_theme(page) | {"card": None} == {
        "attribute": "dark",
        "card": None,
        "pressed": "true",
    }
    dark = assert_drawn_in_theme(page, view, dark=True)
    for name in CHARTS[view.name]:
        assert dark[name]["font"] != light[name]["font"]
        assert dark[name]["bars"] != light[name]["bars"] or not light[name]["bars"]
        assert dark[name]["scale"] != light[name]["scale"] or not light[name]["scale"]

    page.click("#theme-toggle")
    for name in CHARTS[view.name]:
        wait_charts_in(page, name, dark=False)
    assert_drawn_in_theme(page, view, dark=False)
    assert page_log.page_errors == [] and page_log.console_errors == []


def test_the_system_s_dark_setting_is_followed_until_a_theme_is_chosen(page: Any) -> None:
    page.emulate_media(color_scheme="dark")
    open_view(page, MAIN)
    assert page_theme(page)["attribute"] is None  # no choice: the CSS follows the system
    assert page_theme(page)["pressed"] == "true"
    assert_drawn_in_theme(page, MAIN, dark=True)
    # The system turns light (evening mode ends): the page follows, charts included.
    page.emulate_media(color_scheme="light")
    wait_charts_in(page, "jacobian", dark=False)
    assert_drawn_in_theme(page, MAIN, dark=False)
    assert "theme" not in parse_qs(urlsplit(page.url).query)


def test_a_chosen_theme_is_remembered_and_carried_by_the_url(
    page: Any, browser: Any, live_server: str
) -> None:
    page.emulate_media(color_scheme="light")
    open_view(page, MAIN)
    page.click("#theme-toggle")
    wait_charts_in(page, "jacobian", dark=True)
    # The URL the page keeps (and shares) names the theme, beside the rest of the state.
    page.wait_for_function("() => new URL(location.href).searchParams.get('theme') === 'dark'")
    query = parse_qs(urlsplit(page.url).query)
    assert query["theme"] == ["dark"] and "o" in query
    # An edit rewrites the URL's state and keeps the theme in it.
    page.fill("#temperature", "2")
    page.wait_for_function("() => new URL(location.href).searchParams.get('T') === '2'")
    assert parse_qs(urlsplit(page.url).query)["theme"] == ["dark"]

    # Remembered: the next page opens dark, rendered so by the server (no light flash).
    page.goto("/rnn")
    assert page_theme(page)["attribute"] == "dark"
    open_view(page, RNN)
    assert_drawn_in_theme(page, RNN, dark=True)

    # A link with the theme opens in it, whatever the visitor's system says.
    context = browser.new_context(base_url=live_server, color_scheme="dark")
    try:
        other = context.new_page()
        open_view(other, MAIN, "theme=light")
        assert page_theme(other)["attribute"] == "light"
        assert_drawn_in_theme(other, MAIN, dark=False)
    finally:
        context.close()


def test_the_theme_switch_is_a_labelled_toggle_in_both_languages(page: Any) -> None:
    page.emulate_media(color_scheme="light")
    open_view(page, MAIN)
    toggle = page.locator("#theme-toggle")
    assert toggle.get_attribute("aria-label") == EN["theme.dark.label"]
    toggle.focus()
    page.keyboard.press("Enter")
    wait_charts_in(page, "jacobian", dark=True)
    assert toggle.get_attribute("aria-pressed") == "true"
    page.click("button[data-lang=ko]")
    page.wait_for_function("() => document.documentElement.lang === 'ko'")
    assert toggle.get_attribute("aria-label") == KO["theme.dark.label"]
    assert toggle.inner_text().strip() == KO["theme.dark"]
