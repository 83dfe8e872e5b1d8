"""The main page in headless Chromium: every chart drawn from the API's numbers, live."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from rendering import (
    RENDER_TIMEOUT_MS,
    rendered_seq,
    scroll_into_view_and_wait,
    scroll_to_derivation_and_wait,
    switch_language,
    wait_rendered_after,
)

from app.i18n import catalogue_url, messages

pytestmark = pytest.mark.browser

KO = messages("ko")
CHARTS = ["logits", "probs", "grad_logits", "grad_probs", "jacobian", "contributions", "history"]


def open_page(page: Any, path: str = "/") -> None:
    page.goto(path)
    wait_rendered_after(page, 0)


def show_chart(page: Any, name: str) -> None:
    """Scroll a chart into view and wait until it shows the latest numbers (a chart
    out of view is drawn when it comes in)."""
    scroll_into_view_and_wait(page, f"#chart-{name}")


def chart_layout(page: Any, name: str, path: str) -> Any:
    """One entry of the layout Plotly holds for a chart, e.g. "xaxis.title.text"."""
    show_chart(page, name)
    return page.evaluate(
        """([name, path]) => path.split(".").reduce(
            (value, key) => value[key], document.getElementById(`chart-${name}`).layout)""",
        [name, path],
    )


def chart_data(page: Any, name: str) -> list[dict[str, Any]]:
    """The traces Plotly holds for one chart (what is on screen), scrolled into view."""
    show_chart(page, name)
    return page.evaluate(
        f"""document.getElementById("chart-{name}").data.map(trace => ({{
            x: trace.x, y: trace.y, z: trace.z, type: trace.type
        }}))"""
    )


def shown_loss(page: Any) -> float:
    return float(page.text_content("#loss-value").replace("\u2212", "-"))


def last_request(page_log: Any) -> dict[str, Any]:
    """The last body the page POSTed to /api/v1/analyze: what its charts now show."""
    assert page_log.analyze_bodies
    return dict(page_log.analyze_bodies[-1])


def api_analysis(live_server: str, request: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(f"{live_server}/api/v1/analyze", json=request)
    assert response.status_code == 200, response.text
    return response.json()


def assert_close(shown: list[Any], expected: list[Any], what: str) -> None:
    assert len(shown) == len(expected), what
    for a, b in zip(shown, expected, strict=True):
        if isinstance(b, list):
            assert_close(a, b, what)
        elif b is None:
            assert a is None or a < -1e300 or not math.isfinite(a), what
        else:
            assert a == pytest.approx(b, rel=1e-12, abs=1e-15), what


def assert_charts_match(page: Any, analysis: dict[str, Any], logits: list[float]) -> None:
    """Every chart shows exactly the API's numbers for the same request."""
    assert_close(chart_data(page, "logits")[0]["y"], logits, "logits")
    probs_traces = chart_data(page, "probs")
    assert_close(probs_traces[0]["y"], analysis["probs"], "probs")
    assert_close(probs_traces[1]["y"], analysis["target"], "target")
    assert_close(chart_data(page, "grad_logits")[0]["y"], analysis["grad_logits"], "grad_logits")
    grad_probs_shown = chart_data(page, "grad_probs")[0]["y"]
    for shown, expected in zip(grad_probs_shown, analysis["grad_probs"], strict=True):
        if expected is not None:
            assert shown == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert_close(chart_data(page, "jacobian")[0]["z"], analysis["jacobian"], "jacobian")
    contributions = chart_data(page, "contributions")
    assert_close(contributions[0]["z"], analysis["contributions"], "contributions")
    assert_close(contributions[1]["y"], analysis["grad_logits"], "column sums")
    assert shown_loss(page) == pytest.approx(analysis["loss"], rel=1e-5)


def error_seq(page: Any) -> int:
    return int(page.evaluate("() => Number(document.body.dataset.errorSeq || 0)"))


def wait_error_after(page: Any, seq: int) -> None:
    """Wait until a request newer than `seq` has been answered with an error."""
    page.wait_for_function(
        "seq => Number(document.body.dataset.errorSeq || 0) > seq",
        arg=seq,
        timeout=RENDER_TIMEOUT_MS,
    )


def wait_settled(page: Any) -> None:
    """Wait until the last edit has been answered: drawn, or its error shown."""
    page.wait_for_selector("#charts[aria-busy=false]", timeout=RENDER_TIMEOUT_MS)


def edit(page: Any, selector: str, value: str) -> None:
    """Fill a control and wait for the page to draw the result."""
    page.fill(selector, value)
    wait_settled(page)


def select(page: Any, selector: str, value: str) -> None:
    """Pick an option and wait for the page to draw the result."""
    page.select_option(selector, value)
    wait_settled(page)


def test_first_load_draws_every_chart_without_console_errors(page: Any, page_log: Any) -> None:
    open_page(page)
    for name in CHARTS:
        show_chart(page, name)
        assert page.locator(f"#chart-{name} .main-svg").count() > 0, name
        assert chart_data(page, name), name
    scroll_to_derivation_and_wait(page)
    page.wait_for_selector("#derivation-steps math")
    assert page.locator("#derivation-steps math").count() >= 8
    # The lecture's step is the first preset, and it is what the page opens on.
    assert page.input_value("#preset") == "lecture-step2"
    assert shown_loss(page) == pytest.approx(1.07703, abs=1e-5)
    assert page.evaluate("window.__cspViolations") == []
    assert page_log.console_errors == []
    assert page_log.page_errors == []


# The steps that are too wide for the panel: none may scroll sideways.
OVERFLOWING_STEPS = """[...document.querySelectorAll('.derivation-step .math')]
    .filter(box => box.scrollWidth > box.clientWidth + 1)
    .map(box => box.closest('[data-step]').dataset.step)"""


@pytest.mark.parametrize("width", [1440, 390])
def test_every_derivation_step_fits_the_panel_for_ten_classes(page: Any, width: int) -> None:
    """No step scrolls sideways on a projector or a phone: long vectors are written as
    columns, and lines too long for the panel wrap."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page)
    scroll_to_derivation_and_wait(page)
    page.wait_for_selector("#derivation-steps math")
    assert page.evaluate(OVERFLOWING_STEPS) == []  # the lecture's example
    edit(page, "#class-names", "")  # the preset names three classes
    edit(page, "#logits-text", "1.2, -0.4, 0.3, 2.1, -1.5, 0, 0.8, -0.2, 1.7, -0.9")
    # Past eight classes the result's columns end in ⋮: the derivation for C = 10 is shown.
    scroll_to_derivation_and_wait(page)
    page.wait_for_selector('[data-step=result]:has-text("⋮")', timeout=RENDER_TIMEOUT_MS)
    assert page.evaluate(OVERFLOWING_STEPS) == []


def test_editing_a_logit_updates_the_loss_and_every_chart(
    page: Any, page_log: Any, live_server: str
) -> None:
    open_page(page)
    before = shown_loss(page)
    edit(page, "#class-names", "")  # the preset names three classes; four are coming
    edit(page, "#logits-text", "1.5, -0.25, 0.75, 2")
    wait_settled(page)
    request = last_request(page_log)
    assert request["logits"] == [1.5, -0.25, 0.75, 2]
    analysis = api_analysis(live_server, request)
    assert shown_loss(page) != pytest.approx(before)
    assert_charts_match(page, analysis, request["logits"])
    # Four classes now: four sliders, and dragging one is an edit too.
    assert page.locator("#logit-sliders input[type=range]").count() == 4
    seq = rendered_seq(page)
    page.eval_on_selector(
        "#logit-0",
        "el => { el.value = '3'; el.dispatchEvent(new Event('input', { bubbles: true })); }",
    )
    wait_rendered_after(page, seq)
    wait_settled(page)
    request = last_request(page_log)
    assert request["logits"][0] == 3
    assert_charts_match(page, api_analysis(live_server, request), request["logits"])


def test_class_names_follow_the_classes_as_logits_are_added_and_removed(
    page: Any, page_log: Any, live_server: str
) -> None:
    """The lecture's example names three classes: typing a fourth logit, removing two,
    a preset and a descent step never send names that do not match the logits."""
    statuses: list[tuple[int, str]] = []
    page.on("response", lambda response: statuses.append((response.status, response.url)))
    open_page(page)
    assert page.input_value("#class-names") == "w1, w2, w3"
    for logits, ticks in [
        ("-0.0219, 0.01037, -0.02245, 0.5", ["w1", "w2", "w3", "3"]),
        ("-0.0219, 0.01037", ["w1", "w2"]),
        ("-0.0219, 0.01037, -0.02245", ["w1", "w2", "w3"]),
        ("1, 2, 3, 4, 5", ["w1", "w2", "w3", "3", "4"]),
    ]:
        seq = rendered_seq(page)
        page.fill("#logits-text", logits)
        wait_rendered_after(page, seq)
        wait_settled(page)
        request = last_request(page_log)
        assert request["class_names"] == ticks
        # The names the user typed stay in the field, for classes added back later.
        assert page.input_value("#class-names") == "w1, w2, w3"
        analysis = api_analysis(live_server, request)
        assert_charts_match(page, analysis, request["logits"])
        for name in ["logits", "probs", "grad_logits", "grad_probs"]:
            assert chart_layout(page, name, "xaxis.ticktext") == ticks, name
        assert chart_layout(page, "jacobian", "yaxis.ticktext") == ticks
        assert "stale" not in (page.get_attribute("#charts", "class") or "")
        assert page.locator("#class_names-error").is_hidden()

    # A descent step keeps the classes and their names; a preset brings its own.
    seq = rendered_seq(page)
    page.click("#descent-step")
    wait_rendered_after(page, seq)
    wait_settled(page)
    assert last_request(page_log)["class_names"] == ["w1", "w2", "w3", "3", "4"]
    select(page, "#preset", "lecture-step2")
    assert last_request(page_log)["class_names"] == ["w1", "w2", "w3"]
    edit(page, "#class-names", "")
    edit(page, "#logits-text", "1, 2")
    assert "class_names" not in last_request(page_log)
    assert chart_layout(page, "probs", "xaxis.ticktext") == ["0", "1"]

    refused = [(status, url) for status, url in statuses if status >= 400]
    assert refused == []
    assert page_log.console_errors == []


def test_charts_out_of_view_wait_until_scrolled_in(
    page: Any, page_log: Any, live_server: str
) -> None:
    """An edit redraws the charts on screen; the others, and the derivation's MathML,
    wait until they are scrolled to, and then show the latest numbers."""
    open_page(page)
    in_view = page.evaluate(
        """() => [...document.querySelectorAll('.dense-cards .chart, #chart-history')]
            .filter(el => el.getBoundingClientRect().top < window.innerHeight)
            .map(el => el.dataset.chart)"""
    )
    assert in_view and "contributions" not in in_view and "history" not in in_view
    # Nothing below the fold is drawn on load, and no derivation is asked for.
    assert page.locator("#chart-contributions .main-svg").count() == 0
    assert page.get_attribute("#chart-contributions", "data-pending") == ""
    assert not any(url.endswith("/api/v1/derivation") for url in page_log.requests)
    for name in in_view:
        assert page.get_attribute(f"#chart-{name}", "data-pending") is None, name

    seq = rendered_seq(page)
    page.fill("#logits-text", "0.4, -1.1, 2.2")
    wait_rendered_after(page, seq)
    request = last_request(page_log)
    analysis = api_analysis(live_server, request)
    assert_close(chart_data(page, "probs")[0]["y"], analysis["probs"], "probs")
    assert page.get_attribute("#chart-history", "data-pending") == ""
    assert not any(url.endswith("/api/v1/derivation") for url in page_log.requests)

    # Scrolled to, each chart draws the last numbers asked of it, and the derivation
    # is asked for the state on screen.
    contributions = chart_data(page, "contributions")
    assert_close(contributions[0]["z"], analysis["contributions"], "contributions")
    assert chart_data(page, "history")[0]["y"] == [pytest.approx(analysis["loss"], rel=1e-12)]
    scroll_to_derivation_and_wait(page)
    derivations = [url for url in page_log.requests if url.endswith("/api/v1/derivation")]
    assert len(derivations) == 1
    assert page.locator("#derivation-steps math").count() >= 8
    assert page_log.console_errors == []


def test_changing_the_label_moves_the_target_and_the_gradient(
    page: Any, page_log: Any, live_server: str
) -> None:
    open_page(page)
    select(page, "#label-class", "2")
    request = last_request(page_log)
    assert request["labels"] == 2
    analysis = api_analysis(live_server, request)
    assert analysis["target"] == [0.0, 0.0, 1.0]
    assert_charts_match(page, analysis, request["logits"])

    # A soft target that does not sum to 1: the page says which formula applies.
    page.check("input[name=label-mode][value=soft]")
    wait_settled(page)
    edit(page, "#label-soft", "0.5, 0.5, 0.5")
    request = last_request(page_log)
    analysis = api_analysis(live_server, request)
    assert analysis["lecture_form"] is False
    assert_charts_match(page, analysis, request["logits"])
    assert page.text_content("#form-note") == "Σy ≠ 1: the gradient is (ŷ·Σy − y)/T, not ŷ − y."
    scroll_to_derivation_and_wait(page)
    page.wait_for_selector("[data-step=label_sum] .note")
    assert "Σy ≠ 1" in page.text_content("[data-step=label_sum] .note")


def test_temperature_rescales_probabilities_and_gradient(
    page: Any, page_log: Any, live_server: str
) -> None:
    open_page(page)
    edit(page, "#logits-text", "2, 1, 0.1")
    edit(page, "#temperature", "0.5")
    wait_settled(page)
    request = last_request(page_log)
    assert request["temperature"] == 0.5
    analysis = api_analysis(live_server, request)
    assert analysis["temperature"] == 0.5
    assert_charts_match(page, analysis, request["logits"])
    # The range slider follows the number field.
    assert page.input_value("#temperature-range") == "0.5"


def test_language_switch_relabels_the_page_and_is_remembered(page: Any) -> None:
    open_page(page)
    assert page.get_attribute("html", "lang") == "en"
    switch_language(page, "ko")
    assert page.get_attribute("html", "lang") == "ko"
    assert page.text_content("#inputs-heading") == KO["inputs.heading"]
    assert page.text_content("#title-jacobian") == KO["chart.jacobian"]
    assert page.text_content("#form-note") == KO["summary.lecture_form"]
    x_title = chart_layout(page, "logits", "xaxis.title.text")
    assert x_title == KO["axis.class"]
    scroll_to_derivation_and_wait(page)
    assert page.text_content("[data-step=softmax] h3") == "소프트맥스가 로짓을 확률로 바꿉니다"
    page.wait_for_function("() => window.location.search.includes('lang=ko')")

    # Remembered without the URL: a fresh visit to / opens in Korean, server-rendered.
    page.goto("/")
    assert page.get_attribute("html", "lang") == "ko"
    assert page.text_content("#inputs-heading") == KO["inputs.heading"]
    switch_language(page, "en")
    assert page.get_attribute("html", "lang") == "en"
    assert page.text_content("#inputs-heading") == "Inputs"


def test_language_switch_fetches_the_other_catalogue_once_and_survives_offline(
    page: Any, page_log: Any
) -> None:
    open_page(page)
    # Only this page's language is embedded: the other one is fetched on the switch.
    page.route("**/i18n/*", lambda route: route.abort())
    page.click("button[data-lang=ko]")
    page.wait_for_function("() => document.getElementById('status').textContent !== ''")
    assert page.get_attribute("html", "lang") == "en"
    assert page.text_content("#status") == messages("en")["status.offline"]
    page.unroute("**/i18n/*")
    switch_language(page, "ko")
    assert page.text_content("#inputs-heading") == KO["inputs.heading"]
    switch_language(page, "en")
    switch_language(page, "ko")
    fetched = [urlsplit(url).path for url in page_log.requests if "/i18n/" in url]
    # The failed fetch, then one that is kept: switching back and forth fetches nothing.
    assert fetched == [catalogue_url("ko")] * 2


def test_shared_url_reproduces_the_view(page: Any, browser: Any, live_server: str) -> None:
    open_page(page)
    edit(page, "#class-names", "")
    edit(page, "#logits-text", "0.3, -1.2, 2.5, 0.8")
    edit(page, "#class-names", "cat, dog, bird, fish")
    page.check("input[name=label-mode][value=soft]")
    wait_settled(page)
    edit(page, "#label-soft", "0.1, 0.2, 0.6, 0.1")
    edit(page, "#temperature", "1.5")
    edit(page, "#smoothing", "0.05")
    switch_language(page, "ko")
    page.click("#copy-link")  # writes the state into the URL at once
    wait_settled(page)
    shared = page.url
    expected_loss = page.text_content("#loss-value")
    expected_probs = chart_data(page, "probs")

    other = browser.new_context(base_url=live_server)  # nothing remembered
    try:
        visitor = other.new_page()
        open_page(visitor, shared)
        assert visitor.get_attribute("html", "lang") == "ko"
        assert visitor.input_value("#logits-text") == "0.3, -1.2, 2.5, 0.8"
        assert visitor.input_value("#class-names") == "cat, dog, bird, fish"
        assert visitor.input_value("#label-soft") == "0.1, 0.2, 0.6, 0.1"
        assert visitor.is_checked("input[name=label-mode][value=soft]")
        assert visitor.input_value("#temperature") == "1.5"
        assert visitor.input_value("#smoothing") == "0.05"
        assert visitor.text_content("#loss-value") == expected_loss
        assert chart_data(visitor, "probs") == expected_probs
        ticks = chart_layout(visitor, "probs", "xaxis.ticktext")
        assert ticks == ["cat", "dog", "bird", "fish"]
    finally:
        other.close()


def test_invalid_input_shows_its_message_in_place(page: Any, page_log: Any) -> None:
    open_page(page)
    before = chart_data(page, "probs")
    seq = error_seq(page)
    page.fill("#logits-text", "1, abc, 3")
    wait_error_after(page, seq)
    error = page.locator("#logits-error")
    assert error.is_visible()
    assert error.text_content() == 'logits[1] must be a number, got "abc" (text).'
    assert page.get_attribute("#logits-text", "aria-invalid") == "true"
    # The last good charts stay (dimmed), never a blank chart.
    assert chart_data(page, "probs") == before
    assert "stale" in (page.get_attribute("#charts", "class") or "")

    # In Korean the same error is translated by its type, at once and for new errors.
    switch_language(page, "ko")
    assert error.text_content() == 'logits[1]은(는) 숫자여야 합니다. 입력값: "abc" (text)'
    seq = error_seq(page)
    page.fill("#logits-text", "1, xyz, 3")
    wait_error_after(page, seq)
    assert error.text_content() == 'logits[1]은(는) 숫자여야 합니다. 입력값: "xyz" (text)'

    # A temperature of 0 is refused next to the temperature field.
    page.fill("#logits-text", "1, 2, 3")
    wait_settled(page)
    page.fill("#temperature", "0")
    page.wait_for_selector("#temperature-error:not([hidden])", timeout=RENDER_TIMEOUT_MS)
    assert page.text_content("#temperature-error") == "0보다 커야 합니다."
    # Fixing it clears the message and draws again.
    seq = rendered_seq(page)
    page.fill("#temperature", "1")
    wait_rendered_after(page, seq)
    assert page.locator("#temperature-error").is_hidden()
    assert page_log.page_errors == []


def test_no_answer_reads_as_offline_and_a_drawing_failure_as_the_page_s_own(
    page: Any, page_log: Any
) -> None:
    open_page(page)
    en = messages("en")
    # No answer: the server (or the network) is away.
    page.route("**/api/v1/analyze", lambda route: route.abort())
    seq = error_seq(page)
    page.fill("#logits-text", "1, 2, 4")
    wait_error_after(page, seq)
    assert page.text_content("#status") == en["status.offline"]
    # (Chromium logs the failed request itself; the page logs nothing of its own.)
    assert not any("gradviz" in text for text in page_log.console_errors)
    page.unroute("**/api/v1/analyze")

    # An answer that the page fails to draw is not the server's fault: it says so and
    # leaves the error in the console for whoever reports it.
    page.evaluate(
        """() => {
          window.__react = Plotly.react;
          Plotly.react = () => { throw new TypeError("broken chart"); };
        }"""
    )
    seq = error_seq(page)
    page.fill("#logits-text", "1, 2, 5")
    wait_error_after(page, seq)
    assert page.text_content("#status") == en["status.draw_failed"]
    assert any(
        "could not be drawn" in text and "broken chart" in text for text in page_log.console_errors
    )
    assert "stale" in (page.get_attribute("#charts", "class") or "")

    # Once drawing works again, the next edit draws and clears the status.
    page.evaluate("() => { Plotly.react = window.__react; }")
    seq = rendered_seq(page)
    page.fill("#logits-text", "1, 2, 6")
    wait_rendered_after(page, seq)
    assert page.text_content("#status") == ""
    assert "stale" not in (page.get_attribute("#charts", "class") or "")
    assert page_log.page_errors == []


def test_gradient_step_lowers_the_loss(page: Any, page_log: Any, live_server: str) -> None:
    open_page(page)
    edit(page, "#logits-text", "2, 1, 0.1")
    select(page, "#label-class", "2")
    start_request = last_request(page_log)
    start = api_analysis(live_server, start_request)
    page.fill("#learning-rate", "0.5")  # not part of the analysis: no request
    seq = rendered_seq(page)
    page.click("#descent-step")
    wait_rendered_after(page, seq)
    wait_settled(page)
    after = last_request(page_log)
    # o ← o − η·∂L/∂o with the server's gradient (shown to 8 significant digits).
    expected = [
        o - 0.5 * g for o, g in zip(start_request["logits"], start["grad_logits"], strict=True)
    ]
    assert after["logits"] == pytest.approx(expected, rel=1e-7)
    assert page.input_value("#preset") == ""
    assert shown_loss(page) < start["loss"]
    history = chart_data(page, "history")[0]["y"]
    assert len(history) == 2
    assert history[1] < history[0]


def test_no_request_leaves_the_server(page: Any, page_log: Any, live_server: str) -> None:
    open_page(page)
    edit(page, "#logits-text", "0.5, 1.5, -1")
    switch_language(page, "ko")
    page.click("#descent-step")
    wait_settled(page)
    origin = urlsplit(live_server)
    assert page_log.requests
    for url in page_log.requests:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob"):
            continue
        assert (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc), url


def test_infinite_grad_probs_is_drawn_off_scale_with_its_warning(page: Any) -> None:
    open_page(page)
    select(page, "#preset", "huge-logit-gap")
    assert shown_loss(page) == 1000
    traces = chart_data(page, "grad_probs")
    assert traces[0]["y"][1] is None  # the finite bars leave the −∞ entry out
    off_scale = traces[1]
    assert off_scale["x"] == [1]
    axis_bottom = chart_layout(page, "grad_probs", "yaxis.range.0")
    assert off_scale["y"] == [axis_bottom]
    warning = page.locator("#warnings-list li[data-code=grad_probs_infinite]")
    assert warning.is_visible()
    switch_language(page, "ko")
    assert warning.text_content() == KO["warning.grad_probs_infinite"].format(classes="1")


def test_every_chart_exports_and_the_numbers_download_as_json(page: Any, live_server: str) -> None:
    open_page(page)
    names = page.eval_on_selector_all(
        "[data-export][data-format=png]",
        # The large-C charts are hidden in this mode.
        "buttons => buttons.filter(b => b.offsetParent !== null).map(b => b.dataset.export)",
    )
    assert set(names) == {
        "logits",
        "probs",
        "grad_logits",
        "grad_probs",
        "jacobian",
        "contributions",
        "history",
    }
    # Chromium stops a tab's downloads after ten or so; each chart gets a tab of its own.
    for name in names:
        tab = page.context.new_page()
        open_page(tab)
        for fmt in ("png", "svg"):
            with tab.expect_download() as download:
                tab.click(f"[data-export={name}][data-format={fmt}]")
            assert download.value.suggested_filename == f"gradviz-{name}.{fmt}"
            assert download.value.failure() is None
            # Plotly ignores a second snapshot of a chart while the first is in progress.
            tab.wait_for_function(
                "() => ![...document.querySelectorAll('.js-plotly-plot')]"
                ".some(chart => chart._snapshotInProgress)"
            )
        tab.close()
    with page.expect_download() as download:
        page.click("#export-json")
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    expected = api_analysis(live_server, exported["request"])
    assert exported["analysis"]["loss"] == expected["loss"]
    assert exported["analysis"]["grad_logits"] == expected["grad_logits"]
    assert exported["derivation"]["steps"]


def test_api_docs_render_offline_without_console_errors(page: Any, page_log: Any) -> None:
    page.goto("/docs")
    page.wait_for_selector(".opblock", timeout=RENDER_TIMEOUT_MS)
    paths = page.eval_on_selector_all(".opblock-summary-path", "els => els.map(e => e.textContent)")
    assert "/api/v1/analyze" in "".join(paths)
    assert page_log.console_errors == []
    assert page.evaluate("() => window.__cspViolations") == []


DOCS_BACKGROUND = "() => getComputedStyle(document.querySelector('.swagger-ui')).backgroundColor"


def test_api_docs_follow_the_site_s_theme(browser: Any, live_server: str) -> None:
    """/docs has no switch of its own: it follows the system, or the theme chosen on the
    other pages (remembered, or in the URL), through Swagger UI's dark mode."""

    def docs_in(context: Any, path: str = "/docs") -> tuple[bool, str]:
        page = context.new_page()
        page.goto(path)
        page.wait_for_selector(".opblock", timeout=RENDER_TIMEOUT_MS)
        dark = page.evaluate("() => document.documentElement.classList.contains('dark-mode')")
        return dark, page.evaluate(DOCS_BACKGROUND)

    light_system = browser.new_context(base_url=live_server, color_scheme="light")
    dark_system = browser.new_context(base_url=live_server, color_scheme="dark")
    try:
        assert docs_in(light_system) == (False, "rgba(0, 0, 0, 0)")
        assert docs_in(dark_system) == (True, "rgb(28, 32, 34)")
        assert docs_in(dark_system, "/docs?theme=light")[0] is False
        # Dark chosen on the main page is remembered for /docs too.
        page = light_system.new_page()
        open_page(page)
        page.click("#theme-toggle")
        page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'")
        assert docs_in(light_system)[0] is True
    finally:
        light_system.close()
        dark_system.close()
