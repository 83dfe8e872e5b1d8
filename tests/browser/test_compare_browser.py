"""Why cross-entropy on the main page, in headless Chromium: the activation and loss
pickers redraw every chart to the API's numbers, and the comparison view draws
POST /api/v1/compare's answer (both losses' ∂L/∂o and the sweep of the target's logit)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
from test_index_browser import (
    api_analysis,
    assert_charts_match,
    assert_close,
    chart_data,
    last_request,
    open_page,
    select,
    wait_settled,
)

from app.i18n import messages

pytestmark = pytest.mark.browser

EN, KO = messages("en"), messages("ko")
COMPARE_CHARTS = ["compare_ce", "compare_se", "compare_sweep"]


@dataclass
class Bodies:
    """The JSON bodies the page POSTed to the comparison and derivation endpoints."""

    compare: list[dict[str, Any]] = field(default_factory=list)
    derivation: list[dict[str, Any]] = field(default_factory=list)

    def record(self, request: Any) -> None:
        if request.method != "POST":
            return
        if request.url.endswith("/api/v1/compare"):
            self.compare.append(request.post_data_json)
        elif request.url.endswith("/api/v1/derivation"):
            self.derivation.append(request.post_data_json)


@pytest.fixture
def bodies(page: Any) -> Bodies:
    recorded = Bodies()
    page.context.on("request", recorded.record)
    return recorded


def api_compare(live_server: str, request: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(f"{live_server}/api/v1/compare", json=request)
    assert response.status_code == 200, response.text
    return response.json()


def open_comparison(page: Any) -> None:
    """Press the toggle and wait until the comparison is drawn."""
    seq = rendered_seq(page)
    page.click("#compare-toggle")
    wait_rendered_after(page, seq)
    wait_settled(page)


def shown_chart(page: Any, name: str) -> list[dict[str, Any]]:
    """A comparison chart's traces, once it is in view and drawn."""
    page.locator(f"#chart-{name}").scroll_into_view_if_needed()
    page.wait_for_function(
        "id => (document.getElementById(id).data || []).length > 0",
        arg=f"chart-{name}",
        timeout=RENDER_TIMEOUT_MS,
    )
    return chart_data(page, name)


def number(text: str) -> float:
    return float(text.replace("\u2212", "-"))


def assert_comparison_matches(page: Any, answer: dict[str, Any]) -> None:
    """Both losses' bars and the sweep show exactly the API's numbers."""
    ce, se, sweep = answer["cross_entropy"], answer["squared_error"], answer["sweep"]
    assert_close(shown_chart(page, "compare_ce")[0]["y"], ce["grad_logits"], "ce grad_logits")
    assert_close(shown_chart(page, "compare_se")[0]["y"], se["grad_logits"], "se grad_logits")
    curves = shown_chart(page, "compare_sweep")
    for trace in curves[:4]:
        assert_close(trace["x"], sweep["logits"], "sweep logits")
    assert_close(curves[0]["y"], sweep["cross_entropy"]["grad_target"], "ce grad_target")
    assert_close(curves[1]["y"], sweep["squared_error"]["grad_target"], "se grad_target")
    assert_close(curves[2]["y"], sweep["cross_entropy"]["loss"], "ce loss")
    assert_close(curves[3]["y"], sweep["squared_error"]["loss"], "se loss")
    t = answer["target_class"]
    # The two losses' bars share one scale: the difference in size is the point.
    ranges = [
        page.evaluate(f"document.getElementById('chart-{name}').layout.yaxis.range")
        for name in ("compare_ce", "compare_se")
    ]
    assert ranges[0] == ranges[1]
    assert number(page.text_content("#compare-ce-grad")) == pytest.approx(
        ce["grad_logits"][t], rel=1e-3
    )
    assert number(page.text_content("#compare-se-grad")) == pytest.approx(
        se["grad_logits"][t], rel=1e-3
    )
    assert number(page.text_content("#compare-ce-loss")) == pytest.approx(ce["loss"], rel=1e-4)
    assert number(page.text_content("#compare-se-loss")) == pytest.approx(se["loss"], rel=1e-4)


def test_switching_the_loss_and_activation_redraws_every_chart_to_the_api_values(
    page: Any, page_log: Any, bodies: Bodies, live_server: str
) -> None:
    open_page(page)
    select(page, "#preset", "confident-wrong")
    assert last_request(page_log)["loss_function"] == "cross_entropy"

    select(page, "#loss-function", "squared_error")
    request = last_request(page_log)
    assert (request["activation"], request["loss_function"]) == ("softmax", "squared_error")
    analysis = api_analysis(live_server, request)
    assert analysis["loss_function"] == "squared_error"
    assert_charts_match(page, analysis, request["logits"])
    # The texts name the pair drawn, and the derivation follows it.
    assert page.text_content("#title-grad_logits") == EN["compare.chart.grad_logits.squared_error"]
    assert page.text_content("#title-grad_probs") == EN["compare.chart.grad_probs.squared_error"]
    assert page.text_content("#form-note") == EN["compare.summary.squared_error"]
    assert page.text_content("#combination-help") == EN["compare.combo.softmax.squared_error"]
    scroll_to_derivation_and_wait(page)
    page.wait_for_selector(
        f"[data-step=result] h3:text-is('{EN['derivation.result_squared.title']}')",
        timeout=RENDER_TIMEOUT_MS,
    )
    assert bodies.derivation[-1]["loss_function"] == "squared_error"
    warning = page.locator("#warnings-list li[data-code=squared_error_vanishes]")
    assert warning.is_visible()

    # Sigmoid: a diagonal Jacobian, every chart again the API's, smoothing switched off.
    select(page, "#activation", "sigmoid")
    request = last_request(page_log)
    assert (request["activation"], request["loss_function"]) == ("sigmoid", "squared_error")
    assert request["label_smoothing"] == 0
    analysis = api_analysis(live_server, request)
    assert_charts_match(page, analysis, request["logits"])
    assert page.text_content("#title-jacobian") == EN["compare.chart.jacobian.sigmoid"]
    assert page.text_content("#form-note") == EN["compare.summary.sigmoid_squared_error"]
    assert page.is_disabled("#smoothing") and page.is_disabled("#smoothing-range")
    assert page.locator("#smoothing-sigmoid-note").is_visible()
    assert page.text_content("#smoothing-sigmoid-note") == EN["compare.smoothing.sigmoid"]

    select(page, "#loss-function", "cross_entropy")
    request = last_request(page_log)
    analysis = api_analysis(live_server, request)
    assert_charts_match(page, analysis, request["logits"])
    assert page.text_content("#title-grad_probs") == EN["compare.chart.grad_probs.binary"]
    assert page.text_content("#form-note") == EN["compare.summary.sigmoid_cross_entropy"]
    scroll_to_derivation_and_wait(page)
    page.wait_for_selector(
        f"[data-step=result] h3:text-is('{EN['derivation.result_sigmoid.title']}')",
        timeout=RENDER_TIMEOUT_MS,
    )
    assert bodies.derivation[-1]["activation"] == "sigmoid"

    # Back to the lecture's pair: its texts come back, smoothing is usable again.
    select(page, "#activation", "softmax")
    assert page.text_content("#title-grad_logits") == EN["chart.grad_logits"]
    assert page.text_content("#title-jacobian") == EN["chart.jacobian"]
    assert page.is_enabled("#smoothing")
    assert page.locator("#smoothing-sigmoid-note").is_hidden()
    assert page_log.console_errors == []
    assert page_log.page_errors == []
    assert page.evaluate("window.__cspViolations") == []


def test_sigmoid_sets_smoothing_to_zero_and_a_link_with_both_shows_the_servers_error(
    page: Any, page_log: Any
) -> None:
    open_page(page)
    page.fill("#smoothing", "0.1")
    wait_settled(page)
    assert last_request(page_log)["label_smoothing"] == 0.1
    # Choosing sigmoid never sends the pair the server refuses: ε goes to 0, as the note says.
    select(page, "#activation", "sigmoid")
    assert last_request(page_log)["label_smoothing"] == 0
    assert page.input_value("#smoothing") == "0"
    assert page.locator("#label_smoothing-error").is_hidden()

    # A link can still carry both: the server's 422 is shown next to the control, which
    # stays usable so that it can be fixed.
    page.goto("/?o=1,2,3&ym=class&y=0&T=1&eps=0.1&act=sigmoid&loss=cross_entropy&lang=en")
    page.wait_for_selector("#label_smoothing-error:not([hidden])", timeout=RENDER_TIMEOUT_MS)
    error = page.text_content("#label_smoothing-error")
    assert "does not apply with activation 'sigmoid'" in error
    assert page.get_attribute("#smoothing", "aria-invalid") == "true"
    assert page.is_enabled("#smoothing")
    switch_language(page, "ko")
    translated = KO["error.sigmoid_label_smoothing"].format(label_smoothing="0.1")
    assert page.text_content("#label_smoothing-error") == translated
    seq = rendered_seq(page)
    page.fill("#smoothing", "0")
    wait_rendered_after(page, seq)
    assert page.locator("#label_smoothing-error").is_hidden()
    assert page.is_disabled("#smoothing")
    assert page_log.page_errors == []


def test_comparison_view_and_its_sweep_render_the_api_numbers(
    page: Any, page_log: Any, bodies: Bodies, live_server: str
) -> None:
    open_page(page)
    assert page.locator("#compare-body").is_hidden()
    assert page.get_attribute("#compare-toggle", "aria-expanded") == "false"
    assert bodies.compare == []  # closed: nothing asked
    select(page, "#preset", "compare-confident-wrong")
    # A comparison preset opens the view.
    assert page.locator("#compare-body").is_visible()
    assert page.get_attribute("#compare-toggle", "aria-expanded") == "true"
    assert page.text_content("#compare-toggle") == EN["compare.toggle.close"]
    request = bodies.compare[-1]
    assert "loss_function" not in request  # the comparison takes both losses
    assert request["logits"] == [6, 0, -2] and request["labels"] == 2
    answer = api_compare(live_server, request)
    assert_comparison_matches(page, answer)
    # What the view is for: confidently wrong, squared error's pull is flat, cross-entropy's is not.
    sweep = answer["sweep"]
    assert sweep["offsets"][0] == -10
    assert abs(sweep["squared_error"]["grad_target"][0]) < 1e-3
    assert sweep["cross_entropy"]["grad_target"][0] == pytest.approx(-1, abs=1e-3)
    assert page.locator("#compare-warnings-list li[data-code=squared_error_vanishes]").is_visible()

    # One comparison request per edit, beside the analysis.
    asked = len(bodies.compare)
    page.fill("#logits-text", "5, 1, -3")
    wait_settled(page)
    assert len(bodies.compare) == asked + 1
    request = bodies.compare[-1]
    assert request["logits"] == [5, 1, -3]
    assert_comparison_matches(page, api_compare(live_server, request))

    # The comparison follows the activation picked (the loss picker does not change it).
    select(page, "#activation", "sigmoid")
    request = bodies.compare[-1]
    assert request["activation"] == "sigmoid"
    answer = api_compare(live_server, request)
    assert_comparison_matches(page, answer)
    assert page.text_content("#title-compare_ce") == EN["compare.chart.ce.sigmoid"]
    assert page.text_content("#compare-explain") == EN["compare.explain.sigmoid"]

    # Closed again: hidden, nothing more asked.
    page.click("#compare-toggle")
    wait_settled(page)
    asked = len(bodies.compare)
    page.fill("#logits-text", "4, 1, -3")
    wait_settled(page)
    assert page.locator("#compare-body").is_hidden()
    assert len(bodies.compare) == asked
    assert page_log.console_errors == []
    assert page_log.page_errors == []
    assert page.evaluate("window.__cspViolations") == []


def test_comparison_is_relabelled_in_korean(page: Any, page_log: Any) -> None:
    open_page(page)
    open_comparison(page)
    before = shown_chart(page, "compare_sweep")
    switch_language(page, "ko")
    wait_settled(page)
    assert page.text_content("#compare-heading") == KO["compare.heading"]
    assert page.text_content("#compare-toggle") == KO["compare.toggle.close"]
    assert page.text_content("#compare-explain") == KO["compare.explain.softmax"]
    assert page.text_content("#title-compare_se") == KO["compare.chart.se"]
    assert page.text_content("#title-compare_sweep") == KO["compare.chart.sweep"]
    # Relabelled as it comes into view (a chart out of view waits).
    scroll_into_view_and_wait(page, "#chart-compare_sweep")
    legend = page.evaluate(
        "document.getElementById('chart-compare_sweep').data.slice(0, 2).map(t => t.name)"
    )
    assert legend == [KO["compare.loss.cross_entropy"], KO["compare.loss.squared_error"]]
    title = page.evaluate("document.getElementById('chart-compare_sweep').layout.xaxis.title.text")
    assert title == KO["compare.axis.target_logit"].format(**{"class": "w2"})
    assert page.text_content("#compare-at").startswith("지금 로짓에서")
    # The pickers and their help too; the numbers are the same.
    assert page.text_content("label[for=loss-function]") == KO["compare.loss.label"]
    assert (
        page.text_content("#loss-function option[value=squared_error]")
        == KO["compare.loss.squared_error"]
    )
    assert page.text_content("#combination-help") == KO["compare.combo.softmax.cross_entropy"]
    after = shown_chart(page, "compare_sweep")
    assert [t["y"] for t in after] == [t["y"] for t in before]
    assert page_log.page_errors == []


def test_shared_url_reproduces_the_pickers_and_the_comparison(
    page: Any, browser: Any, live_server: str
) -> None:
    open_page(page)
    page.fill("#logits-text", "3, 0.5, -1, 2")
    wait_settled(page)
    page.fill("#class-names", "")
    wait_settled(page)
    select(page, "#label-class", "2")
    select(page, "#loss-function", "squared_error")
    open_comparison(page)
    switch_language(page, "ko")
    page.click("#copy-link")
    wait_settled(page)
    shared = page.url
    assert "act=softmax" in shared and "loss=squared_error" in shared and "cmp=1" in shared
    expected = {name: shown_chart(page, name) for name in ["grad_logits", *COMPARE_CHARTS]}
    expected_loss = page.text_content("#loss-value")

    other = browser.new_context(base_url=live_server, viewport={"width": 1440, "height": 900})
    try:
        visitor = other.new_page()
        open_page(visitor, shared)
        wait_settled(visitor)
        assert visitor.get_attribute("html", "lang") == "ko"
        assert visitor.input_value("#activation") == "softmax"
        assert visitor.input_value("#loss-function") == "squared_error"
        assert visitor.locator("#compare-body").is_visible()
        assert visitor.text_content("#loss-value") == expected_loss
        for name, traces in expected.items():
            assert shown_chart(visitor, name) == traces, name
    finally:
        other.close()


def test_comparison_charts_export_and_the_json_carries_the_comparison(
    page: Any, live_server: str
) -> None:
    open_page(page)
    open_comparison(page)
    visible = page.eval_on_selector_all(
        "#compare [data-export][data-format=png]",
        "buttons => buttons.filter(b => b.offsetParent !== null).map(b => b.dataset.export)",
    )
    assert visible == COMPARE_CHARTS
    for name in COMPARE_CHARTS:
        for fmt in ("png", "svg"):
            with page.expect_download() as download:
                page.click(f"[data-export={name}][data-format={fmt}]")
            assert download.value.suggested_filename == f"gradviz-{name}.{fmt}"
            assert download.value.failure() is None
            page.wait_for_function(
                "() => ![...document.querySelectorAll('.js-plotly-plot')]"
                ".some(chart => chart._snapshotInProgress)"
            )
    with page.expect_download() as download:
        page.click("#export-json")
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    comparison = exported["comparison"]
    expected = api_compare(live_server, comparison["request"])
    assert comparison["answer"]["sweep"] == expected["sweep"]
    assert comparison["answer"]["squared_error"] == expected["squared_error"]
    assert exported["request"]["loss_function"] == "cross_entropy"


def test_comparison_is_not_offered_past_the_dense_view(page: Any, bodies: Bodies) -> None:
    open_page(page)
    open_comparison(page)
    page.fill("#class-names", "")
    wait_settled(page)
    asked = len(bodies.compare)
    page.fill("#logits-text", ", ".join(str((k * 7) % 11 - 5) for k in range(70)))
    wait_settled(page)
    assert page.locator("#compare-large").is_visible()
    assert page.is_disabled("#compare-toggle")
    assert page.locator("#compare-body").is_hidden()
    assert len(bodies.compare) == asked
    # The large view follows the pair too: its derivation names the loss's formula.
    select(page, "#loss-function", "squared_error")
    formula = EN["compare.large.formula"].format(
        classes="70", formula=EN["compare.combo.softmax.squared_error"]
    )
    assert page.text_content("[data-step=large_formula] p") == formula
    assert page.text_content("[data-step=large_sum] p") == EN["compare.large.sum"]
    assert page.text_content("#title-topk_grad_logits") == EN["compare.chart.topk_grad_logits"]
