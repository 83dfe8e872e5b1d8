"""The /lstm page in headless Chromium: the lecture's LSTM, every chart from the API, live."""

from __future__ import annotations

import re
from pathlib import Path
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
from app.pages.lstm import CHARTS, MODEL
from app.presets.lstm import LECTURE_LSTM, LONG_LSTM

pytestmark = pytest.mark.browser

EN, KO = messages("en"), messages("ko")
# Each chart of per-step vectors and the per-step fields of its panels.
STEP_HEATMAPS = {
    "lstm_gates": ["f", "i", "g", "o"],
    "lstm_states": ["c", "h"],
    "lstm_backward": ["grad_h", "grad_c", "grad_c_carried"],
}
# The panels' titles: each per-step field's symbol.
SYMBOLS = {
    "f": "F_t",
    "i": "I_t",
    "g": "C̃_t",
    "o": "O_t",
    "c": "c_t",
    "h": "h_t",
    "grad_h": "∂L/∂h_t",
    "grad_c": "∂L/∂c_t",
    "grad_c_carried": "F_{t+1} ⊙ ∂L/∂c_{t+1}",
}
GRADIENTS = ["grad_W_y", "grad_W_f", "grad_W_i", "grad_W_c", "grad_W_o"]


@pytest.fixture
def lstm_bodies(page: Any) -> list[dict[str, Any]]:
    """The JSON bodies the page POSTs to /api/v1/lstm, in order."""
    return record_posts(page, "/api/v1/lstm")


def api_lstm(live_server: str, request: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(f"{live_server}/api/v1/lstm", json=request)
    assert response.status_code == 200, response.text
    return response.json()


def assert_page_matches(page: Any, result: dict[str, Any]) -> None:
    """The table, the loss, the facts and every chart show exactly the API's numbers."""
    steps = result["per_step"]
    for step in steps:
        for field in MODEL["rows"]:
            shown = page.text_content(f"#value-{field}-{step['t']}")
            value = step[field]
            assert shown == (vector_text(value) if isinstance(value, list) else fixed(value)), (
                field,
                step["t"],
            )
    shown_loss = float(page.text_content("#loss-value").replace("\u2212", "-"))
    assert shown_loss == pytest.approx(result["loss"], rel=1e-5)
    for field in MODEL["facts"]:
        row = page.locator(f"[data-fact-row={field}]")
        if field in result:
            assert page.text_content(f"#fact-{field}") == vector_text(result[field]), field
        else:
            assert row.is_hidden(), field

    assert_step_bars(page, "lstm_steps", steps)
    # Each chart is one heatmap of its panels side by side, split back into them.
    for name, fields in STEP_HEATMAPS.items():
        traces = chart_traces(page, name)
        panels = heatmap_panels(tiled_heatmap(traces))
        assert panels == [[step[field] for step in steps] for field in fields], name
        assert_titled_panels(traces, [SYMBOLS[field] for field in fields])
    for field in GRADIENTS:
        traces = chart_traces(page, f"lstm_{field}")
        panels = heatmap_panels(tiled_heatmap(traces))
        assert panels == [step[field] for step in steps] + [result[field]], field
        titles = [EN["lstm.panel.step"].format(t=step["t"]) for step in steps]
        assert_titled_panels(
            traces, [*titles, f"∂L/∂{field[5:]} = {EN['lstm.panel.total']}"], summed=True
        )


def test_lstm_page_loads_the_lecture_and_draws_every_chart(
    page: Any, page_log: Any, live_server: str
) -> None:
    open_page(page, "/lstm")
    assert page.input_value("#preset") == LECTURE_LSTM.name
    for name in CHARTS:
        scroll_into_view_and_wait(page, f"#chart-{name}")
        assert page.locator(f"#chart-{name} .main-svg").count() > 0, name
    assert_page_matches(page, api_lstm(live_server, LECTURE_LSTM.request()))
    # The slide's point, per step: ∂L/∂Z_t = ŷ_t − y_t (one-hot targets).
    assert page.text_content("#value-grad_logits-1") == "(0.33295, 0.33281, −0.66575)"
    # No biases and no initial states in the lecture's preset: their facts stay hidden.
    assert page.locator("[data-fact-row=grad_b_f]").is_hidden()
    assert page.locator("#memory").is_hidden()
    # Each gate's columns are headed by the part of X_t = [h_{t−1}; x_t] they act on.
    heads = page.locator("#editor-W_f tr").first.locator("th").all_text_contents()
    assert heads == ["", "h₀", "h₁", "x₀", "x₁", "x₂"]
    # Backpropagation through the gates as MathML, one block per step of the chain.
    scroll_to_derivation_and_wait(page)
    page.wait_for_selector("#derivation-steps [data-step=grad_h0_c0] math")
    assert page.locator("#derivation-steps [data-step=grad_c]").count() == 1
    assert page.locator("#derivation-steps > li").count() == 13
    assert_clean_and_local(page, page_log, live_server)


def test_hovering_a_gate_cell_names_its_gate_step_and_unit(page: Any, live_server: str) -> None:
    open_page(page, "/lstm")
    result = api_lstm(live_server, LECTURE_LSTM.request())
    forget, inputs, _, _ = tiled_heatmap(chart_traces(page, "lstm_gates"))["meta"]["panels"]
    # I_2, unit 1: the second row (step 2) of the second panel.
    value = result["per_step"][1]["i"][1]
    (label,) = hover_heatmap(page, "lstm_gates", inputs["row0"] + 1, inputs["col0"] + 1)
    assert label == f"I_tt = 2, hidden unit j = 1{value:.5g}"
    # The gap between F_t and I_t is blank: no hover.
    assert hover_heatmap(page, "lstm_gates", 0, forget["col0"] + forget["cols"]) == []


def test_editing_a_weight_updates_the_numbers_and_the_charts(
    page: Any, lstm_bodies: list[dict[str, Any]], live_server: str
) -> None:
    open_page(page, "/lstm")
    before = {name: chart_traces(page, name) for name in CHARTS}
    # The column of x₂, the word of step 2: F_2 moves (F_1 forgets c_0 = 0, so it cannot).
    edit(page, "#cell-W_f-0-4", "0.9")
    request = lstm_bodies[-1]
    lecture = LECTURE_LSTM.request()
    assert request["W_f"][0][4] == 0.9
    assert request["W_f"][1] == lecture["W_f"][1]
    assert {name: request[name] for name in ("W_i", "W_c", "W_o", "W_y")} == {
        name: lecture[name] for name in ("W_i", "W_c", "W_o", "W_y")
    }
    assert_page_matches(page, api_lstm(live_server, request))
    # Every chart that depends on F_2 moved.
    for name in ("lstm_gates", "lstm_states", "lstm_backward", "lstm_grad_W_y", "lstm_grad_W_f"):
        assert chart_traces(page, name) != before[name], name
    assert page.input_value("#preset") == ""

    # The output weights and a target are edits too.
    edit(page, "#cell-W_y-2-1", "-0.5")
    select(page, "#y-0", "0")
    request = lstm_bodies[-1]
    assert request["W_y"][2][1] == -0.5
    assert request["labels"] == [0, 1]
    assert_page_matches(page, api_lstm(live_server, request))


def test_a_new_hidden_unit_adds_a_column_on_h_before_the_inputs(
    page: Any, lstm_bodies: list[dict[str, Any]], live_server: str
) -> None:
    open_page(page, "/lstm")
    click(page, "#size-hidden-add")
    assert page.text_content("#size-hidden") == "3"
    request = lstm_bodies[-1]
    lecture = LECTURE_LSTM.request()
    for name in ("W_f", "W_i", "W_c", "W_o"):
        assert len(request[name]) == 3
        for old, new in zip(lecture[name], request[name], strict=False):
            assert new == [*old[:2], 0, *old[2:]], name
        assert request[name][2] == [0] * 6
    assert [row[:2] for row in request["W_y"]] == lecture["W_y"]
    click(page, "#size-inputs-remove")
    click(page, "#size-steps-add")
    request = lstm_bodies[-1]
    assert len(request["W_c"][0]) == 5
    # x_2 was word 2 of 3: with two words left it moves to the last one.
    assert request["inputs"] == [0, 1, 0]
    assert_page_matches(page, api_lstm(live_server, request))


def test_biases_and_initial_states_are_sent_and_their_gradients_shown(
    page: Any, lstm_bodies: list[dict[str, Any]], live_server: str
) -> None:
    open_page(page, "/lstm")
    click(page, "#use-b_o")
    click(page, "#use-c0")
    edit(page, "#cell-c0-1", "0.7")
    edit(page, "#cell-b_o-0", "-1")
    request = lstm_bodies[-1]
    assert request["c0"] == [0, 0.7]
    assert request["b_o"] == [-1, 0]
    assert "b_f" not in request and "h0" not in request
    result = api_lstm(live_server, request)
    assert page.locator("[data-fact-row=grad_b_o]").is_visible()
    assert page.locator("[data-fact-row=grad_b_f]").is_hidden()
    assert_page_matches(page, result)


def test_long_memory_preset_shows_the_first_step_s_gradient_against_the_rnn(
    page: Any, lstm_bodies: list[dict[str, Any]], live_server: str
) -> None:
    # A link may name the preset alone.
    open_page(page, f"/lstm?p={LONG_LSTM.name}")
    assert page.input_value("#preset") == LONG_LSTM.name
    request = lstm_bodies[-1]
    assert request == LONG_LSTM.request()
    # The steps without a target are a select of their own, sent as zeros.
    assert page.input_value("#y-0") == ""
    assert page.input_value("#y-11") == "0"
    assert_page_matches(page, api_lstm(live_server, request))
    h1, c1 = LONG_LSTM.notes
    memory = page.locator("#memory")
    assert memory.is_visible()
    norm = memory.locator("tr[data-kind=norm]").first
    assert norm.locator("th").text_content() == "‖∂L/∂h_1‖"
    assert norm.locator("td[data-model=lstm]").text_content() == f"{h1['lstm']:.3g}"
    assert norm.locator("td[data-model=rnn]").text_content() == "8.42e−12"
    share = memory.locator("tr[data-kind=share]").first
    assert share.locator("td[data-model=rnn]").text_content() == "1.18e−10"
    assert "t = 12" in share.locator("th").text_content()
    cell = memory.locator("tr[data-quantity='‖∂L/∂c_1‖'][data-kind=share] td[data-model=lstm]")
    assert cell.text_content() == f"{c1['lstm_share']:.3g}"
    # The notes mark the first step's gradients in the table.
    assert "noted" in (page.get_attribute("#value-grad_h-1", "class") or "")
    assert "noted" in (page.get_attribute("#value-grad_c-1", "class") or "")
    # An edit leaves the preset, and its numbers with it.
    edit(page, "#cell-b_f-0", "0")
    assert memory.is_hidden()
    assert page.locator("#slide-notes").is_hidden()


def test_invalid_entry_shows_its_message_in_place_in_both_languages(
    page: Any, page_log: Any
) -> None:
    open_page(page, "/lstm")
    before = chart_traces(page, "lstm_gates")

    def type_and_wait(text: str) -> None:
        seq = int(page.evaluate("() => Number(document.body.dataset.errorSeq || 0)"))
        page.fill("#cell-W_c-1-4", text)
        page.wait_for_function(
            "seq => Number(document.body.dataset.errorSeq || 0) > seq",
            arg=seq,
            timeout=RENDER_TIMEOUT_MS,
        )

    type_and_wait("abc")
    error = page.locator("#W_c-error")
    assert error.text_content() == "W_c[1][4]: Input should be a valid number"
    assert page.get_attribute("#cell-W_c-1-4", "aria-invalid") == "true"
    assert chart_traces(page, "lstm_gates") == before
    assert "stale" in (page.get_attribute("#charts", "class") or "")
    # In Korean, by the error's type: the RNN's text for the check both models share.
    switch_language(page, "ko")
    type_and_wait("xyz")
    assert error.text_content() == "W_c[1][4]: 숫자를 입력하세요."
    edit(page, "#cell-W_c-1-4", "0.102")
    assert error.is_hidden()
    assert page_log.page_errors == []


def test_language_switch_relabels_the_page(page: Any) -> None:
    open_page(page, "/lstm")
    select(page, "#preset", LONG_LSTM.name)
    switch_language(page, "ko")
    assert page.get_attribute("html", "lang") == "ko"
    assert page.text_content("#inputs-heading") == KO["lstm.inputs.heading"]
    assert page.text_content("#title-lstm_gates") == KO["chart.lstm_gates"]
    assert page.text_content("#values-table tr[data-field=c] th") == KO["lstm.row.c"]
    assert page.text_content("#memory-heading") == KO["lstm.memory.heading"]
    share = page.locator("#memory tr[data-kind=share] th").first.text_content()
    assert share == KO["lstm.memory.share"].format(quantity="‖∂L/∂h_1‖", steps=12)
    assert page.get_attribute("#y-0", "aria-label") == "정답 y_1 (단어 번호 또는 없음)"
    assert page.locator("#y-0 option").first.text_content() == KO["lstm.sequence.y.none"]
    scroll_into_view_and_wait(page, "#chart-lstm_gates")
    axis = page.evaluate("document.getElementById('chart-lstm_gates').layout.yaxis.title.text")
    assert axis == KO["lstm.axis.step"]
    assert page.text_content("#slide-notes-list li").startswith("‖∂L/∂h_1‖은")
    scroll_to_derivation_and_wait(page)
    assert page.text_content("[data-step=grad_c] h3") == KO["lstm.derivation.grad_c.title"]
    assert page.text_content("#preset-description") == LONG_LSTM.description_ko
    page.wait_for_function("() => window.location.search.includes('lang=ko')")
    switch_language(page, "en")
    assert page.text_content("#title-lstm_gates") == EN["chart.lstm_gates"]


def test_shared_url_reproduces_the_view(page: Any, browser: Any, live_server: str) -> None:
    open_page(page, "/lstm")
    click(page, "#size-steps-add")
    select(page, "#x-2", "1")
    select(page, "#y-2", "")
    edit(page, "#cell-W_i-1-2", "-0.5")
    edit(page, "#cell-W_y-0-1", "1.25")
    click(page, "#use-b_f")
    edit(page, "#cell-b_f-1", "2")
    click(page, "#use-h0")
    edit(page, "#cell-h0-0", "0.3")
    switch_language(page, "ko")
    page.click("#copy-link")  # writes the state into the URL at once
    shared = page.url
    expected_table = page.inner_text("#values-table")
    expected_charts = {name: chart_traces(page, name) for name in CHARTS}

    with fresh_visitor(browser, live_server, shared) as visitor:
        assert visitor.get_attribute("html", "lang") == "ko"
        assert visitor.input_value("#cell-W_i-1-2") == "-0.5"
        assert visitor.input_value("#cell-W_y-0-1") == "1.25"
        assert visitor.is_checked("#use-b_f") and visitor.is_checked("#use-h0")
        assert not visitor.is_checked("#use-c0")
        assert visitor.input_value("#cell-b_f-1") == "2"
        assert visitor.input_value("#x-2") == "1"
        assert visitor.input_value("#y-2") == ""
        assert visitor.input_value("#preset") == ""
        assert visitor.inner_text("#values-table") == expected_table
        for name in CHARTS:
            assert chart_traces(visitor, name) == expected_charts[name], name


def test_charts_and_numbers_export(page: Any) -> None:
    open_page(page, "/lstm")
    assert_charts_export(page, ["lstm_gates", "lstm_grad_W_f"])
    with page.expect_download() as download:
        page.click("#export-json")
    assert download.value.suggested_filename == "gradviz-lstm.json"


def test_the_pages_link_to_each_other(page: Any) -> None:
    open_page(page, "/lstm")
    assert page.get_attribute("#nav-lstm", "aria-current") == "page"
    page.click("#nav-rnn")
    page.wait_for_url("**/rnn")
    seq = rendered_seq(page)
    assert seq >= 0
    page.click("#nav-lstm")
    page.wait_for_url("**/lstm")
    assert page.get_attribute("#nav-lstm", "aria-current") == "page"


def test_a_tall_chart_exports_at_its_own_height(page: Any) -> None:
    """Twelve steps' terms wrap onto three rows of panels: the SVG is as tall as the
    figure (not the 700 px of a one-row chart), 1200 px wide."""
    open_page(page, f"/lstm?p={LONG_LSTM.name}")
    scroll_into_view_and_wait(page, "#chart-lstm_grad_W_f")
    height = page.evaluate("() => document.getElementById('chart-lstm_grad_W_f').layout.height")
    assert height > 700
    with page.expect_download() as download:
        page.click("[data-export=lstm_grad_W_f][data-format=svg]")
    svg = Path(download.value.path()).read_text(encoding="utf-8")
    root = re.search(r"<svg[^>]*>", svg)
    assert root is not None
    assert re.search(r'\bwidth="1200"', root.group(0))
    assert re.search(rf'\bheight="{height}"', root.group(0))
