"""The /rnn page in headless Chromium: the lecture's RNN, every chart from the API, live."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import httpx
import pytest
from rendering import (
    RENDER_TIMEOUT_MS,
    assert_charts_export,
    assert_clean_and_local,
    assert_step_bars,
    assert_titled_panels,
    chart_traces,
    click,
    edit,
    fixed,
    fresh_visitor,
    heatmap_panels,
    hover_heatmap,
    open_page,
    record_posts,
    rendered_seq,
    scroll_into_view_and_wait,
    scroll_to_derivation_and_wait,
    select,
    switch_language,
    tiled_heatmap,
    vector_text,
)

from app.i18n import messages
from app.presets.rnn import LECTURE_RNN

pytestmark = pytest.mark.browser

RNN_EN, RNN_KO = messages("en"), messages("ko")
CHARTS = ["rnn_steps", "rnn_grad_V", "rnn_grad_W", "rnn_grad_U"]
LECTURE_O2 = "(−0.02190, 0.01037, −0.02245)"


@pytest.fixture
def rnn_bodies(page: Any) -> list[dict[str, Any]]:
    """The JSON bodies the page POSTs to /api/v1/rnn, in order."""
    return record_posts(page, "/api/v1/rnn")


def api_rnn(live_server: str, request: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(f"{live_server}/api/v1/rnn", json=request)
    assert response.status_code == 200, response.text
    return response.json()


def assert_page_matches(page: Any, result: dict[str, Any]) -> None:
    """The table, the loss and every chart show exactly the API's numbers."""
    steps = result["per_step"]
    for step in steps:
        for field in ("x", "h", "o", "probs", "target", "grad_logits", "grad_h", "grad_a"):
            shown = page.text_content(f"#value-{field}-{step['t']}")
            assert shown == vector_text(step[field]), (field, step["t"])
        assert page.text_content(f"#value-loss-{step['t']}") == fixed(step["loss"])
    shown_loss = float(page.text_content("#loss-value").replace("\u2212", "-"))
    assert shown_loss == pytest.approx(result["loss"], rel=1e-5)

    assert_step_bars(page, "rnn_steps", steps)
    for name, field in (
        ("rnn_grad_V", "grad_V"),
        ("rnn_grad_W", "grad_W"),
        ("rnn_grad_U", "grad_U"),
    ):
        # One heatmap of every step's term and the total, split back into its panels.
        traces = chart_traces(page, name)
        assert heatmap_panels(tiled_heatmap(traces)) == [step[field] for step in steps] + [
            result[field]
        ], name
        titles = [RNN_EN["rnn.panel.step"].format(t=step["t"]) for step in steps]
        assert_titled_panels(
            traces, [*titles, f"∂L/∂{field[5:]} = {RNN_EN['rnn.panel.total']}"], summed=True
        )


def test_rnn_page_loads_the_lecture_and_draws_every_chart(
    page: Any, page_log: Any, live_server: str
) -> None:
    open_page(page)
    assert page.input_value("#preset") == LECTURE_RNN.name
    for name in CHARTS:
        scroll_into_view_and_wait(page, f"#chart-{name}")
        assert page.locator(f"#chart-{name} .main-svg").count() > 0, name
    # The lecture's numbers, as the spec prints them.
    assert page.text_content("#value-o-2") == LECTURE_O2
    assert page.text_content("#value-h-1") == "(0.09372, 0.13419)"
    assert page.text_content("#value-h-2") == "(0.15027, −0.01865)"
    assert page.text_content("#value-probs-2") == "(0.32979, 0.34060, 0.32961)"
    assert_page_matches(page, api_rnn(live_server, LECTURE_RNN.request()))
    # The notes on the slides' digits, with the cells they are about marked.
    assert page.locator("#slide-notes").is_visible()
    notes = page.locator("#slide-notes-list li")
    assert notes.count() == 2
    assert "0.33" in notes.nth(0).text_content()
    assert "noted" in (page.get_attribute("#value-o-2", "class") or "")
    assert "noted" in (page.get_attribute("#value-h-1", "class") or "")
    # The BPTT chain as MathML, one block per step (a block too wide for the panel is
    # written as several formulas that wrap).
    scroll_to_derivation_and_wait(page)
    page.wait_for_selector("#derivation-steps [data-step=grad_h0] math")
    assert page.locator("#derivation-steps .derivation-step").count() == 9
    assert page.locator("#derivation-steps .derivation-step:not(:has(math))").count() == 0
    assert_clean_and_local(page, page_log, live_server)


@pytest.mark.parametrize("width", [1440, 390])
def test_every_derivation_step_fits_the_panel(page: Any, live_server: str, width: int) -> None:
    """No step of the chain scrolls sideways on a projector or a phone: lines too long
    for the panel wrap before their "=", "+" and "−"."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page)
    scroll_to_derivation_and_wait(page)
    page.wait_for_selector("#derivation-steps [data-step=grad_h0] math")
    overflowing = page.evaluate(
        """[...document.querySelectorAll('.derivation-step .math')]
            .filter(box => box.scrollWidth > box.clientWidth + 1)
            .map(box => box.closest('[data-step]').dataset.step)"""
    )
    assert overflowing == []
    # Wrapped or not, each step says exactly what the server wrote, in the same order.
    answer = httpx.post(f"{live_server}/api/v1/rnn/derivation", json=LECTURE_RNN.request())
    written = {
        step["id"]: "".join("".join(ET.fromstring(step["mathml"]).itertext()).split())
        for step in answer.json()["steps"]
    }
    shown = page.evaluate(
        """Object.fromEntries([...document.querySelectorAll('.derivation-step')]
            .map(item => [item.dataset.step,
                          item.querySelector('.math').textContent.replace(/\\s+/g, '')]))"""
    )
    assert shown == written


def test_charts_export_as_png_and_svg(page: Any) -> None:
    open_page(page)
    assert_charts_export(page, ["rnn_steps", "rnn_grad_V"])


def test_hovering_a_gradient_cell_names_its_panel_row_and_column(
    page: Any, live_server: str
) -> None:
    open_page(page)
    result = api_rnn(live_server, LECTURE_RNN.request())
    first, second, total = tiled_heatmap(chart_traces(page, "rnn_grad_V"))["meta"]["panels"]
    # Row 1, column 0 of the sum, and of step 2's term.
    value = result["grad_V"][1][0]
    (label,) = hover_heatmap(page, "rnn_grad_V", total["row0"] + 1, total["col0"])
    assert label == f"∂L/∂V = Σ_tclass k = 1, hidden unit j = 0{value:.5g}"
    value = result["per_step"][1]["grad_V"][1][0]
    (label,) = hover_heatmap(page, "rnn_grad_V", second["row0"] + 1, second["col0"])
    assert label == f"t = 2class k = 1, hidden unit j = 0{value:.5g}"
    # The gap between two panels is blank: no hover.
    assert hover_heatmap(page, "rnn_grad_V", 1, first["col0"] + first["cols"]) == []


def test_editing_a_matrix_entry_updates_the_numbers_and_the_charts(
    page: Any, rnn_bodies: list[dict[str, Any]], live_server: str
) -> None:
    open_page(page)
    before = chart_traces(page, "rnn_grad_V")
    edit(page, "#cell-V-0-0", "0.5")
    request = rnn_bodies[-1]
    assert request["V"][0][0] == 0.5
    assert request["V"][1:] == LECTURE_RNN.request()["V"][1:]
    result = api_rnn(live_server, request)
    assert_page_matches(page, result)
    assert chart_traces(page, "rnn_grad_V") != before
    assert page.text_content("#value-o-2") != LECTURE_O2
    # The numbers are no longer the lecture's: its preset and its notes step aside.
    assert page.input_value("#preset") == ""
    assert page.locator("#slide-notes").is_hidden()

    # A weight of U and the target sequence are edits too.
    edit(page, "#cell-U-1-2", "-0.75")
    select(page, "#y-0", "0")
    request = rnn_bodies[-1]
    assert request["U"][1][2] == -0.75
    assert request["labels"] == [0, 1]
    assert_page_matches(page, api_rnn(live_server, request))


def test_sizes_grow_and_shrink_the_network_and_the_sequence(
    page: Any, rnn_bodies: list[dict[str, Any]], live_server: str
) -> None:
    open_page(page)
    click(page, "#size-hidden-add")
    assert page.text_content("#size-hidden") == "3"
    assert page.locator("#editor-W input.cell").count() == 9
    request = rnn_bodies[-1]
    assert [len(request["W"]), len(request["W"][0]), len(request["U"]), len(request["V"][0])] == [
        3,
        3,
        3,
        3,
    ]
    click(page, "#size-steps-add")
    click(page, "#size-classes-remove")
    request = rnn_bodies[-1]
    assert (len(request["inputs"]), len(request["labels"]), len(request["V"])) == (3, 3, 2)
    # y_1 was word 2 of 3: with two classes left it moves to the last word, 1.
    assert request["labels"][0] == 1
    result = api_rnn(live_server, request)
    assert result["steps"] == 3
    assert_page_matches(page, result)
    # The smallest network: one button more does nothing.
    for _ in range(2):
        click(page, "#size-hidden-remove")
    assert page.get_attribute("#size-hidden-remove", "aria-disabled") == "true"
    seq = rendered_seq(page)
    page.click("#size-hidden-remove", force=True)  # Playwright would wait for it to enable
    page.wait_for_timeout(300)
    assert rendered_seq(page) == seq
    assert page.text_content("#size-hidden") == "1"


def test_initial_state_h0_is_sent_and_used(
    page: Any, rnn_bodies: list[dict[str, Any]], live_server: str
) -> None:
    open_page(page)
    click(page, "#use-h0")
    assert rnn_bodies[-1]["h0"] == [0, 0]
    edit(page, "#cell-h0-1", "0.4")
    request = rnn_bodies[-1]
    assert request["h0"] == [0, 0.4]
    result = api_rnn(live_server, request)
    assert page.text_content("#fact-h0") == "(0, 0.40000)"
    assert_page_matches(page, result)


def test_invalid_entry_shows_its_message_in_place(page: Any, page_log: Any) -> None:
    open_page(page)
    before = chart_traces(page, "rnn_grad_V")
    seq = int(page.evaluate("() => Number(document.body.dataset.errorSeq || 0)"))
    page.fill("#cell-W-0-1", "abc")
    page.wait_for_function(
        "seq => Number(document.body.dataset.errorSeq || 0) > seq",
        arg=seq,
        timeout=RENDER_TIMEOUT_MS,
    )
    error = page.locator("#W-error")
    assert error.is_visible()
    assert error.text_content() == "W[0][1]: Input should be a valid number"
    assert page.get_attribute("#cell-W-0-1", "aria-invalid") == "true"
    # The last good charts stay (dimmed), never a blank chart.
    assert chart_traces(page, "rnn_grad_V") == before
    assert "stale" in (page.get_attribute("#charts", "class") or "")

    # In Korean, by the error's type.
    switch_language(page, "ko")
    seq = int(page.evaluate("() => Number(document.body.dataset.errorSeq || 0)"))
    page.fill("#cell-W-0-1", "xyz")
    page.wait_for_function(
        "seq => Number(document.body.dataset.errorSeq || 0) > seq",
        arg=seq,
        timeout=RENDER_TIMEOUT_MS,
    )
    assert error.text_content() == "W[0][1]: 숫자를 입력하세요."

    # Fixing the entry clears the message and draws again.
    edit(page, "#cell-W-0-1", "0.13")
    assert error.is_hidden()
    assert page.get_attribute("#cell-W-0-1", "aria-invalid") is None
    assert page.text_content("#value-o-2") == LECTURE_O2
    assert page_log.page_errors == []


def test_language_switch_relabels_the_page_and_is_remembered(page: Any) -> None:
    open_page(page)
    assert page.get_attribute("html", "lang") == "en"
    switch_language(page, "ko")
    assert page.get_attribute("html", "lang") == "ko"
    assert page.text_content("#inputs-heading") == RNN_KO["rnn.inputs.heading"]
    assert page.text_content("#title-rnn_grad_V") == RNN_KO["chart.rnn_grad_V"]
    assert page.text_content("#values-table tr[data-field=h] th") == RNN_KO["rnn.row.h"]
    assert page.get_attribute("#x-0", "aria-label") == "입력 x_1 (단어 번호)"
    scroll_into_view_and_wait(page, "#chart-rnn_grad_V")
    axis = page.evaluate("document.getElementById('chart-rnn_grad_V').layout.yaxis.title.text")
    assert axis == RNN_KO["rnn.axis.class"]
    assert page.text_content("#slide-notes-list li[data-quantity=o_2]").startswith("슬라이드에는")
    scroll_to_derivation_and_wait(page)
    assert page.text_content("[data-step=grad_V] h3") == "강의의 결론: ∂L/∂V = Σ_t (ŷ_t − y_t) h_tᵀ"
    page.wait_for_function("() => window.location.search.includes('lang=ko')")

    # Remembered without the URL: a fresh visit opens in Korean, server-rendered.
    page.goto("/rnn")
    assert page.get_attribute("html", "lang") == "ko"
    assert page.text_content("#inputs-heading") == RNN_KO["rnn.inputs.heading"]
    switch_language(page, "en")
    assert page.text_content("#inputs-heading") == RNN_EN["rnn.inputs.heading"]


def test_shared_url_reproduces_the_view(page: Any, browser: Any, live_server: str) -> None:
    open_page(page)
    click(page, "#size-steps-add")
    select(page, "#x-2", "1")
    select(page, "#y-2", "0")
    edit(page, "#cell-W-1-0", "-0.5")
    edit(page, "#cell-V-2-1", "1.25")
    click(page, "#use-h0")
    edit(page, "#cell-h0-0", "0.3")
    switch_language(page, "ko")
    page.click("#copy-link")  # writes the state into the URL at once
    shared = page.url
    expected_table = page.inner_text("#values-table")
    expected_charts = {name: chart_traces(page, name) for name in CHARTS}

    with fresh_visitor(browser, live_server, shared) as visitor:
        assert visitor.get_attribute("html", "lang") == "ko"
        assert visitor.input_value("#cell-W-1-0") == "-0.5"
        assert visitor.input_value("#cell-V-2-1") == "1.25"
        assert visitor.is_checked("#use-h0")
        assert visitor.input_value("#cell-h0-0") == "0.3"
        assert visitor.input_value("#x-2") == "1"
        assert visitor.input_value("#y-2") == "0"
        assert visitor.input_value("#preset") == ""
        assert visitor.inner_text("#values-table") == expected_table
        for name in CHARTS:
            assert chart_traces(visitor, name) == expected_charts[name], name


def test_pages_link_to_each_other(page: Any) -> None:
    open_page(page)
    page.click("#nav-main")
    page.wait_for_url("**/")
    assert page.title().startswith("gradviz")
    assert page.get_attribute("#nav-main", "aria-current") == "page"
    page.click("#nav-rnn")
    page.wait_for_url("**/rnn")
    assert page.get_attribute("#nav-rnn", "aria-current") == "page"
    assert page.get_attribute("#nav-main", "aria-current") is None
