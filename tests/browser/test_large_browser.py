"""Large-C mode in headless Chromium: the 50,257-class preset, pasted vectors, hover, links."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from rendering import (
    rendered_seq,
    scroll_into_view_and_wait,
    scroll_to_derivation_and_wait,
    switch_language,
)
from rendering import wait_rendered_after as wait_drawn_after

from app.i18n import messages
from app.presets.large import GPT2_CLASSES, GPT2_PRESET_ID

pytestmark = pytest.mark.browser

EN, KO = messages("en"), messages("ko")
LARGE_RENDER_TIMEOUT_MS = 30_000
LARGE_CHARTS = [
    "topk_logits",
    "topk_probs",
    "topk_grad_logits",
    "pooled_jacobian",
    "pooled_contributions",
    "history",
]
DENSE_CHARTS = ["logits", "probs", "grad_logits", "grad_probs", "jacobian", "contributions"]
# The longest the page may go without a frame while the 50,257 classes load and draw.
FREEZE_LIMIT_MS = 1000
EN_TITLE = "GPT-2's vocabulary: 50,257 classes"

# Select the large preset from inside the page and resolve once every large chart is
# drawn, with the time that took and the longest gap between animation frames meanwhile.
SELECT_AND_PROBE = """
(id) => new Promise((resolve) => {
  const started = performance.now();
  let last = started;
  let longest = 0;
  let probing = true;
  const frame = (now) => {
    longest = Math.max(longest, now - last);
    last = now;
    if (probing) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  document.addEventListener("gradviz:rendered", function done(event) {
    if (!event.detail.large) return;
    document.removeEventListener("gradviz:rendered", done);
    probing = false;
    const finished = performance.now();
    longest = Math.max(longest, finished - last);
    resolve({ elapsed: finished - started, longestFrameGap: longest });
  });
  const select = document.getElementById("preset");
  select.value = id;
  select.dispatchEvent(new Event("change", { bubbles: true }));
})
"""


def wait_rendered_after(page: Any, seq: int) -> None:
    wait_drawn_after(page, seq, LARGE_RENDER_TIMEOUT_MS)


def wait_settled(page: Any) -> None:
    page.wait_for_selector("#charts[aria-busy=false]", timeout=LARGE_RENDER_TIMEOUT_MS)


def open_page(page: Any, path: str = "/") -> None:
    page.goto(path)
    wait_rendered_after(page, 0)


def open_large_preset(page: Any) -> dict[str, float]:
    """Open the page, choose the 50,257-class preset; the time until every chart is drawn."""
    open_page(page)
    page.wait_for_selector(f"#preset option[value={GPT2_PRESET_ID}]", state="attached")
    timing = page.evaluate(SELECT_AND_PROBE, GPT2_PRESET_ID)
    wait_settled(page)
    return timing


def trace(page: Any, name: str, index: int = 0) -> dict[str, Any]:
    """One trace of a chart, scrolled into view (a chart out of view is drawn as it comes in)."""
    scroll_into_view_and_wait(page, f"#chart-{name}", LARGE_RENDER_TIMEOUT_MS)
    return page.evaluate(
        """([name, index]) => {
            const d = document.getElementById(`chart-${name}`).data[index];
            return { x: d.x, y: d.y, z: d.z, base: d.base ?? null, customdata: d.customdata };
        }""",
        [name, index],
    )


def shown_loss(page: Any) -> float:
    return float(page.text_content("#loss-value").replace("\u2212", "-"))


def preset_request(live_server: str) -> dict[str, Any]:
    preset = httpx.get(f"{live_server}/api/v1/presets/{GPT2_PRESET_ID}").json()
    return dict(preset["request"])


def api_heatmap(live_server: str, request: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(f"{live_server}/api/v1/jacobian/heatmap", json=request, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def posted(page_log: Any, path: str) -> list[str]:
    return [url for url in page_log.requests if url.endswith(path)]


def hover_tile(page: Any, chart: str, row: int, column: int) -> str:
    """Move the mouse over tile (row, column) of a pooled heatmap; the hover label's text."""
    scroll_into_view_and_wait(page, f"#chart-{chart}", LARGE_RENDER_TIMEOUT_MS)
    point = page.evaluate(
        """([chart, row, column]) => {
            const el = document.getElementById(`chart-${chart}`);
            const { xaxis, yaxis } = el._fullLayout;
            const box = el.getBoundingClientRect();
            const trace = el.data[0];
            return {
                x: box.left + xaxis._offset + xaxis.l2p(trace.x[column]),
                y: box.top + yaxis._offset + yaxis.l2p(trace.y[row]),
            };
        }""",
        [chart, row, column],
    )
    page.mouse.move(point["x"], point["y"])
    label = page.locator(f"#chart-{chart} .hoverlayer .hovertext")
    label.wait_for(timeout=5_000)
    return " ".join(label.locator("tspan.line").all_text_contents())


def test_the_50257_class_preset_draws_every_large_chart_without_freezing(
    page: Any, page_log: Any, live_server: str
) -> None:
    timing = open_large_preset(page)
    print(
        f"\n50,257-class preset, select → every chart drawn: {timing['elapsed']:.0f} ms; "
        f"longest frame gap {timing['longestFrameGap']:.0f} ms"
    )
    assert timing["longestFrameGap"] < FREEZE_LIMIT_MS

    assert page.get_attribute("#charts", "data-mode") == "large"
    for name in LARGE_CHARTS:
        assert page.locator(f"#chart-{name}").is_visible(), name
        scroll_into_view_and_wait(page, f"#chart-{name}", LARGE_RENDER_TIMEOUT_MS)
        assert page.locator(f"#chart-{name} .main-svg").count() > 0, name
    for name in DENSE_CHARTS:
        assert page.locator(f"#chart-{name}").is_hidden(), name

    # The charts show the heatmap endpoint's numbers for the preset's request.
    request = preset_request(live_server)
    answer = api_heatmap(
        live_server, {**request, "size": 128, "pool": "mean", "order": "prob", "top_k": 20}
    )
    top = answer["top"]
    assert len(top) == 20 and answer["rest"]["classes"] == GPT2_CLASSES - 20
    logits = trace(page, "topk_logits")
    assert logits["y"] == [c["logit"] for c in top]
    rest = trace(page, "topk_logits", 1)
    others = [o for k, o in enumerate(request["logits"]) if k not in {c["index"] for c in top}]
    assert rest["base"] == [min(others)]
    assert rest["y"][0] == pytest.approx(max(others) - min(others))
    probs = trace(page, "topk_probs")
    assert probs["y"] == [c["prob"] for c in top] + [answer["rest"]["prob"]]
    assert trace(page, "topk_probs", 1)["y"] == [c["target"] for c in top] + [0.0]
    assert trace(page, "topk_grad_logits")["y"] == [c["grad_logit"] for c in top]
    assert trace(page, "topk_grad_logits", 1)["y"] == [answer["rest"]["grad_logit"]]
    jacobian = trace(page, "pooled_jacobian")
    assert len(jacobian["z"]) == 128 and len(jacobian["z"][0]) == 128
    assert trace(page, "pooled_contributions", 1)["y"] == answer["grad_logits"]
    assert shown_loss(page) == pytest.approx(answer["loss"], rel=1e-5)

    # The logits are a summary line, not 50,257 numbers on screen; no slider, no 50,257
    # options: the target class is a number field.
    assert page.locator("#logits-text").is_hidden()
    assert page.text_content("#large-logits-summary") == EN["large.logits.from"].format(
        classes="50,257", title=EN_TITLE
    )
    assert page.locator("#logit-sliders input").count() == 0
    assert page.locator("#label-class").is_hidden()
    assert page.input_value("#label-index") == str(request["labels"])
    assert page.locator("#label-onehot input").count() <= 12

    # The derivation panel speaks of the classes by their numbers, never blank.
    target_step = page.text_content("[data-step=large_target]")
    assert f"#{request['labels']}" in target_step
    assert page.locator("#derivation-steps li").count() >= 5

    # The dense analysis is never asked for in large mode.
    assert all(len(body["logits"]) <= 64 for body in page_log.analyze_bodies)
    assert posted(page_log, "/api/v1/jacobian/heatmap")
    assert page.evaluate("window.__cspViolations") == []
    assert page_log.console_errors == []
    assert page_log.page_errors == []


def test_a_pooled_tile_hover_names_the_classes_it_covers(page: Any, live_server: str) -> None:
    open_large_preset(page)
    request = preset_request(live_server)
    answer = api_heatmap(live_server, {**request, "size": 128, "order": "prob"})
    (start, end), (start1, end1) = answer["bins"][0], answer["bins"][1]
    perm = answer["perm"]
    text = hover_tile(page, "pooled_jacobian", 0, 1)
    first = ", ".join(f"#{c}" for c in perm[:3])
    assert f"rows i: {end - start} classes ranked 1–{end:,} ({first}, …)" in text
    second = ", ".join(f"#{c}" for c in perm[start1 : start1 + 3])
    columns = f"{end1 - start1} classes ranked {start1 + 1:,}–{end1:,} ({second}, …)"
    assert f"columns j: {columns}" in text
    assert EN["large.hover.off_j"] in text
    value = float(re.search(r"J = (\S+)", text).group(1).replace("\u2212", "-"))
    assert value == pytest.approx(answer["values"][0][1], rel=1e-4)

    # In class order the tiles cover index ranges; the linear scale draws the values as sent.
    seq = rendered_seq(page)
    page.select_option("#heatmap-order", "index")
    wait_rendered_after(page, seq)
    wait_settled(page)
    page.select_option("#heatmap-scale", "linear")
    scroll_into_view_and_wait(page, "#chart-pooled_jacobian", LARGE_RENDER_TIMEOUT_MS)
    page.wait_for_function(
        "() => document.getElementById('chart-pooled_jacobian').data[0].zmax !== 8"
    )
    by_index = api_heatmap(live_server, {**request, "size": 128, "order": "index"})
    assert trace(page, "pooled_jacobian")["z"] == by_index["values"]
    assert trace(page, "pooled_contributions")["z"] == by_index["contributions"]["values"]
    text = hover_tile(page, "pooled_contributions", 2, 2)
    (start, end) = by_index["bins"][2]
    assert f"rows k: {end - start} classes {start:,}–{end - 1:,} (#{start}, #{start + 1}" in text
    assert EN["large.hover.diagonal_m"] in text
    assert "order=index" in page.url and "scale=linear" in page.url


def test_pasted_logits_with_names_switch_to_large_mode(
    page: Any, page_log: Any, live_server: str
) -> None:
    open_page(page)
    classes = 100
    logits = ", ".join(str(round(3 - 0.05 * k + (k % 7) * 0.1, 3)) for k in range(classes))
    names = ", ".join(f"tok{k}" for k in range(classes))
    page.fill("#class-names", "")
    wait_settled(page)
    page.fill("#logits-text", logits)
    wait_settled(page)
    page.fill("#class-names", names)
    wait_settled(page)
    assert page.get_attribute("#charts", "data-mode") == "large"
    # The text stays open while it is being edited.
    assert page.locator("#logits-text").is_visible()
    assert page.text_content("#large-logits-summary") == EN["large.logits.own"].format(
        classes="100"
    )
    assert page.text_content("#large-logits-link") == EN["large.link.own"].format(classes="100")
    # The target class is typed; the server's answer follows it.
    page.fill("#label-index", "42")
    wait_settled(page)
    request = {
        "logits": [float(v) for v in logits.split(", ")],
        "labels": 42,
        "temperature": 1,
        "label_smoothing": 0,
        "class_names": [f"tok{k}" for k in range(classes)],
        "size": 128,
        "pool": "mean",
        "order": "prob",
        "top_k": 20,
    }
    answer = api_heatmap(live_server, request)
    assert shown_loss(page) == pytest.approx(answer["loss"], rel=1e-5)
    assert "(tok42)" in page.text_content("#label-index-help")
    # With 100 classes and 128 tiles asked, each tile is one class, named on hover.
    assert len(answer["bins"]) == classes
    text = hover_tile(page, "pooled_jacobian", 0, 0)
    assert f"rows i: the class ranked 1 ({'tok' + str(answer['perm'][0])})" in text
    # Pasted numbers cannot travel in a link: the URL has no logits, and says nothing false.
    page.click("#copy-link")
    query = parse_qs(urlsplit(page.url).query)
    assert "o" not in query and "from" not in query
    assert query["y"] == ["42"]
    assert all(len(body["logits"]) <= 64 for body in page_log.analyze_bodies)
    assert page_log.page_errors == []


def test_a_link_to_the_large_preset_names_it_and_reproduces_the_view(
    page: Any, browser: Any, live_server: str
) -> None:
    open_large_preset(page)
    seq = rendered_seq(page)
    page.fill("#temperature", "0.5")
    wait_rendered_after(page, seq)
    wait_settled(page)
    page.select_option("#heatmap-pool", "maxabs")
    wait_settled(page)
    switch_language(page, "ko")
    page.click("#copy-link")
    shared = page.url
    query = parse_qs(urlsplit(shared).query)
    assert query["from"] == [GPT2_PRESET_ID] and "o" not in query
    assert len(shared) < 400
    expected_loss = page.text_content("#loss-value")
    expected_z = trace(page, "pooled_jacobian")["z"]

    other = browser.new_context(base_url=live_server)
    try:
        visitor = other.new_page()
        open_page(visitor, shared)
        assert visitor.get_attribute("#charts", "data-mode") == "large"
        assert visitor.get_attribute("html", "lang") == "ko"
        assert visitor.input_value("#temperature") == "0.5"
        assert visitor.input_value("#heatmap-pool") == "maxabs"
        assert visitor.text_content("#loss-value") == expected_loss
        assert trace(visitor, "pooled_jacobian")["z"] == expected_z
        assert visitor.text_content("#title-pooled_jacobian") == KO["chart.pooled_jacobian"]
        assert visitor.text_content("[data-step=large_sum] h3") == KO["large.derivation.sum.title"]
        visitor.wait_for_function(
            "() => document.getElementById('large-logits-summary').textContent.includes('GPT-2')"
        )
    finally:
        other.close()


def test_a_descent_step_in_large_mode_uses_the_full_gradient(
    page: Any, page_log: Any, live_server: str
) -> None:
    open_large_preset(page)
    before = shown_loss(page)
    seq = rendered_seq(page)
    page.click("#descent-step")
    wait_rendered_after(page, seq)
    wait_settled(page)
    assert posted(page_log, "/api/v1/gradient")
    assert shown_loss(page) < before
    history = trace(page, "history")["y"]
    assert len(history) == 2 and history[1] < history[0]
    # The numbers are no longer the preset's: the page says a link cannot carry them.
    assert page.input_value("#preset") == ""
    assert page.text_content("#large-logits-link") == EN["large.link.own"].format(classes="50,257")
    assert page_log.page_errors == []


def test_a_small_preset_after_the_large_one_brings_back_the_dense_charts(
    page: Any, page_log: Any, live_server: str
) -> None:
    open_large_preset(page)
    seq = rendered_seq(page)
    page.select_option("#preset", "ten-classes")
    wait_rendered_after(page, seq)
    wait_settled(page)
    assert page.get_attribute("#charts", "data-mode") == "dense"
    for name in DENSE_CHARTS:
        assert page.locator(f"#chart-{name}").is_visible(), name
    for name in LARGE_CHARTS[:-1]:
        assert page.locator(f"#chart-{name}").is_hidden(), name
    request = page_log.analyze_bodies[-1]
    assert len(request["logits"]) == 10
    analysis = httpx.post(f"{live_server}/api/v1/analyze", json=request).json()
    assert trace(page, "probs")["y"] == analysis["probs"]
    assert trace(page, "jacobian")["z"] == analysis["jacobian"]
    assert shown_loss(page) == pytest.approx(analysis["loss"], rel=1e-5)
    # The small controls are back: the text, the class list; the MathML derivation.
    assert page.locator("#logits-text").is_visible()
    assert page.locator("#large-logits").is_hidden()
    assert page.locator("#label-class").is_visible()
    assert page.locator("#label-index").is_hidden()
    scroll_to_derivation_and_wait(page)
    page.wait_for_selector("#derivation-steps math")
    # The address bar follows the state a moment later (replaceState is rate-limited).
    page.wait_for_function("() => !new URLSearchParams(location.search).has('from')")
    query = parse_qs(urlsplit(page.url).query)
    assert len(query["o"][0].split(",")) == 10
    assert page_log.console_errors == []
    assert page_log.page_errors == []
