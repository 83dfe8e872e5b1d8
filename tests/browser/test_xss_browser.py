"""User text reaches the pages as text, never as HTML: XSS attempts, in Chromium and on the server.

Script-shaped payloads go in through each way user text enters a page: class names
typed in the main page, the main page's URL state, the language (query, cookie, storage,
Accept-Language), the /rnn page's URL state, and a preset id. Each browser test then
checks that nothing ran, that no element came from a payload (watched from the first
script on: a MutationObserver sees even an element that is gone again), that the payload
reads literally wherever that text is shown, and that the CSP had nothing to block. The
CSP forbids inline scripts, so `window.__xss` alone would stay unset even after an
injection: the DOM checks are what would catch one. The server-side tests check that no
query parameter, cookie or header is written into the HTML.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from rendering import scroll_into_view_and_wait, switch_language

from app.main import app

RENDER_TIMEOUT_MS = 15_000

# Class names are split on commas, so none of these holds one.
PAYLOADS = [
    "<img src=x class=xss onerror=window.__xss=1>",
    '"><svg class=xss onload=window.__xss=1>',
    "</script><script class=xss>window.__xss=1</script>",
    "javascript:window.__xss=1",
    '<a href="javascript:window.__xss=1" class=xss>link</a>',
    # Plotly reads its own tags and entities in labels: both must come out as typed.
    "<b class=xss>bold</b> &amp; &lt;br&gt;",
]
# For fields split on spaces and commas too (logits, soft labels, matrix cells, cookies).
TOKENS = [
    "<img/src=x/class=xss/onerror=window.__xss=1>",
    "<svg/class=xss/onload=window.__xss=1>",
    "</script><script/class=xss>window.__xss=1</script>",
    "javascript:window.__xss=1",
]

# Installed before any page script: every element added from then on, and every event
# handler or javascript: link set on one, is checked as it appears.
XSS_WATCH = """
window.__xssSeen = [];
const CARRIERS = ["img", "script", "iframe", "object", "embed", "frame"];
// The one script a page adds itself: Plotly, fetched when a chart is first drawn
// (static/js/lib/plot.js), from the URL the page's own <meta> names.
function isPlotly(el) {
  const declared = document.querySelector('meta[name="gradviz:plotly"]')?.content;
  return declared !== undefined && el.src === new URL(declared, location.href).href;
}
function suspicious(el) {
  const tag = el.localName;
  if (tag === "script" && isPlotly(el)) return null;
  if (CARRIERS.includes(tag)) return tag;
  if (el.classList.contains("xss")) return "class xss";
  if (el.getAttributeNames().some((name) => name.toLowerCase().startsWith("on"))) {
    return "event handler";
  }
  // Plotly draws into its own <svg> elements (and measures text in one on <body>).
  if (tag === "svg" && !el.closest(".js-plotly-plot") && el.id !== "js-plotly-tester") {
    return "svg";
  }
  const href = el.getAttribute("href") ?? el.getAttribute("xlink:href") ?? "";
  if (/^\\s*javascript:/i.test(href)) return "javascript: link";
  return null;
}
function note(el) {
  const reason = suspicious(el);
  if (reason) window.__xssSeen.push(`${reason}: ${el.outerHTML.slice(0, 120)}`);
}
function noteTree(node) {
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  note(node);
  for (const el of node.querySelectorAll("*")) note(el);
}
document.addEventListener("DOMContentLoaded", () => {
  // The server's own markup is parsed by now; what the scripts add is watched.
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "childList") record.addedNodes.forEach(noteTree);
      else if (/^on|href$/i.test(record.attributeName)) note(record.target);
    }
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true });
});
"""

# What the finished page holds: the same checks over the whole document, the server's
# markup included, plus scripts that are not the page's own.
PAGE_SCAN = """
() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.localName;
    const own =
      tag === "script" &&
      (el.type === "application/json" ||
        (el.src !== "" && new URL(el.src).pathname.startsWith("/static/")));
    if (tag === "script" && !own) found.push(`script: ${el.outerHTML.slice(0, 120)}`);
    if (["img", "iframe", "object", "embed", "frame"].includes(tag)) found.push(tag);
    if (el.classList.contains("xss")) found.push(`class xss: ${el.outerHTML.slice(0, 120)}`);
    if (el.getAttributeNames().some((name) => name.toLowerCase().startsWith("on"))) {
      found.push(`event handler: ${el.outerHTML.slice(0, 120)}`);
    }
    if (tag === "svg" && !el.closest(".js-plotly-plot") && el.id !== "js-plotly-tester") {
      found.push("svg outside a chart");
    }
  }
  return found;
}
"""


def watch(page: Any) -> None:
    """Watch the page for injected elements from its next navigation on."""
    page.context.add_init_script(XSS_WATCH)


def assert_nothing_injected(page: Any, page_log: Any) -> None:
    """No script ran, no element came from a payload, the CSP blocked nothing."""
    assert page.evaluate("() => window.__xss") is None
    assert page.evaluate("() => window.__xssSeen") == []
    assert page.evaluate(PAGE_SCAN) == []
    assert page.evaluate("() => window.__cspViolations") == []
    assert page_log.page_errors == []


def wait_for(page: Any, flag: str) -> None:
    """Wait until the page has drawn (`renderSeq`) or shown an error (`errorSeq`)."""
    page.wait_for_function(
        "flag => Number(document.body.dataset[flag] || 0) > 0", arg=flag, timeout=RENDER_TIMEOUT_MS
    )
    page.wait_for_selector("#charts[aria-busy=false]", timeout=RENDER_TIMEOUT_MS)


def edit(page: Any, selector: str, value: str) -> None:
    page.fill(selector, value)
    page.wait_for_selector("#charts[aria-busy=false]", timeout=RENDER_TIMEOUT_MS)


def texts(page: Any, selector: str) -> list[str]:
    return [str(text) for text in page.locator(selector).all_text_contents()]


def hover_text(page: Any, chart: str, bar: int) -> str:
    """The hover label Plotly shows over one bar of a chart."""
    scroll_into_view_and_wait(page, f"#chart-{chart}")
    box = page.locator(f"#chart-{chart} .trace.bars .point path").nth(bar).bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = page.locator(f"#chart-{chart} .hoverlayer .hovertext")
    label.wait_for(timeout=RENDER_TIMEOUT_MS)
    return str(label.text_content())


def assert_names_shown_as_text(page: Any, names: list[str]) -> None:
    """Every place the main page shows class names shows these strings, character for character."""
    # A chart out of view is drawn as it is scrolled to.
    scroll_into_view_and_wait(page, "#chart-logits")
    assert texts(page, "#chart-logits .xtick text") == names
    scroll_into_view_and_wait(page, "#chart-jacobian")
    assert texts(page, "#chart-jacobian .xtick text") == names
    assert texts(page, "#chart-jacobian .ytick text") == names
    assert texts(page, "#label-class option") == [f"{k} — {name}" for k, name in enumerate(names)]
    assert texts(page, "#logit-sliders .slider-label") == [
        f"o{k} ({name})" for k, name in enumerate(names)
    ]
    # The logits are 1, 2, …, 6: the last class is the predicted one.
    last = len(names) - 1
    assert page.text_content("#predicted-value") == f"{last} ({names[last]})"
    assert names[0] in hover_text(page, "logits", 0)


def main_url(**params: str) -> str:
    return "/?" + urlencode(params)


def api_errors(live_server: str, path: str, request: dict[str, Any]) -> list[str]:
    """The messages the API gives for a request the page sends (to compare with the page)."""
    response = httpx.post(f"{live_server}{path}", json=request)
    assert response.status_code == 422, response.text
    return [entry["msg"] for entry in response.json()["detail"]]


@pytest.mark.browser
def test_class_names_typed_in_the_page_are_shown_as_text(page: Any, page_log: Any) -> None:
    watch(page)
    page.goto("/?lang=en")
    wait_for(page, "renderSeq")
    edit(page, "#class-names", "")
    edit(page, "#logits-text", "1, 2, 3, 4, 5, 6")
    edit(page, "#class-names", ", ".join(PAYLOADS))
    assert page_log.analyze_bodies[-1]["class_names"] == PAYLOADS
    assert_names_shown_as_text(page, PAYLOADS)
    # The language switch redraws every label from the same names.
    switch_language(page, "ko")
    page.wait_for_selector("#charts[aria-busy=false]")
    assert_names_shown_as_text(page, PAYLOADS)
    assert_nothing_injected(page, page_log)


@pytest.mark.browser
def test_class_names_and_preset_id_in_the_url_are_shown_as_text(page: Any, page_log: Any) -> None:
    watch(page)
    preset = PAYLOADS[1]
    page.goto(main_url(o="1, 2, 3, 4, 5, 6", names=",".join(PAYLOADS), ym="class", y="5", p=preset))
    wait_for(page, "renderSeq")
    assert page.input_value("#class-names") == ",".join(PAYLOADS)
    assert_names_shown_as_text(page, PAYLOADS)
    # An unknown preset id selects nothing and describes nothing; the URL keeps it as data.
    assert page.input_value("#preset") == ""
    assert page.text_content("#preset-description") == ""
    page.click("#copy-link")  # writes the state into the address bar at once
    shared = parse_qs(urlsplit(page.url).query)
    assert shared["p"] == [preset]
    assert shared["names"] == [",".join(PAYLOADS)]
    assert_nothing_injected(page, page_log)


@pytest.mark.browser
def test_class_names_in_large_mode_are_shown_as_text(page: Any, page_log: Any) -> None:
    watch(page)
    classes = 70  # past the dense charts: top-20 bars and pooled heatmaps
    names = [PAYLOADS[k % len(PAYLOADS)] for k in range(classes)]
    logits = ", ".join(str(classes - k) for k in range(classes))  # class 0 the most probable
    page.goto(main_url(o=logits, names=",".join(names), ym="class", y="0", lang="en"))
    page.wait_for_function(
        "() => Number(document.body.dataset.renderSeq || 0) > 0", timeout=3 * RENDER_TIMEOUT_MS
    )
    scroll_into_view_and_wait(page, "#chart-topk_logits")
    ticks = texts(page, "#chart-topk_logits .xtick text")
    assert ticks[:20] == names[:20]
    assert ticks[20:] == ["rest (50)"]
    assert names[0] in hover_text(page, "topk_probs", 0)
    assert_nothing_injected(page, page_log)


@pytest.mark.browser
def test_text_in_number_fields_of_the_url_comes_back_as_a_literal_error(
    page: Any, page_log: Any, live_server: str
) -> None:
    watch(page)
    logits = f"1 {TOKENS[0]} 3"
    page.goto(main_url(o=logits, ym="soft", y=f"0 {TOKENS[1]} 1", T=TOKENS[2], eps=TOKENS[3]))
    wait_for(page, "errorSeq")
    request = page_log.analyze_bodies[-1]
    assert request["logits"][1] == TOKENS[0]
    assert request["labels"][1] == TOKENS[1]
    # Text where a number belongs falls back to the default; it never reaches the page.
    assert request["temperature"] == 1 and request["label_smoothing"] == 0
    messages = api_errors(live_server, "/api/v1/analyze", request)
    shown = " ".join(texts(page, ".error:not([hidden]), #status"))
    for message in messages:
        assert message in shown
    assert "<img/src=x" in shown  # the server quotes the text: it is read, not parsed
    assert page.input_value("#logits-text") == logits
    assert_nothing_injected(page, page_log)


@pytest.mark.browser
def test_a_large_preset_named_in_the_url_is_looked_up_not_rendered(
    page: Any, page_log: Any
) -> None:
    watch(page)
    page.goto(main_url(**{"from": PAYLOADS[0], "lang": "en"}))
    # No preset has that id (the lookup escapes it into the path): the first example opens.
    wait_for(page, "renderSeq")
    assert page.input_value("#preset") == "lecture-step2"
    assert_nothing_injected(page, page_log)


@pytest.mark.browser
def test_a_language_that_is_not_one_of_ours_is_ignored(
    page: Any, page_log: Any, live_server: str
) -> None:
    watch(page)
    page.context.add_cookies([{"name": "gradviz_lang", "value": TOKENS[1], "url": live_server}])
    page.context.add_init_script(f"window.localStorage.setItem('gradviz.lang', {PAYLOADS[2]!r});")
    page.goto(main_url(o="1, 2, 3", lang=PAYLOADS[0]))
    wait_for(page, "renderSeq")
    assert page.get_attribute("html", "lang") == "en"
    assert page.text_content("#inputs-heading") == "Inputs"
    page.click("#copy-link")
    assert parse_qs(urlsplit(page.url).query)["lang"] == ["en"]
    assert_nothing_injected(page, page_log)


def rnn_url(**params: str) -> str:
    return "/rnn?" + urlencode(params)


@pytest.mark.browser
def test_rnn_cells_in_the_url_stay_text_in_the_editors_and_the_errors(
    page: Any, page_log: Any, live_server: str
) -> None:
    watch(page)
    page.goto(rnn_url(W=TOKENS[0], U="0.1", V=f"0.2;{TOKENS[1]}", x="0", y="1", h0=TOKENS[2]))
    page.wait_for_function(
        "() => Number(document.body.dataset.errorSeq || 0) > 0", timeout=RENDER_TIMEOUT_MS
    )
    assert page.input_value("#cell-W-0-0") == TOKENS[0]
    assert page.input_value("#cell-V-1-0") == TOKENS[1]
    assert page.input_value("#cell-h0-0") == TOKENS[2]
    request = {"W": [[TOKENS[0]]], "U": [[0.1]], "V": [[0.2], [TOKENS[1]]], "inputs": [0]}
    request |= {"labels": [1], "h0": [TOKENS[2]]}
    messages = api_errors(live_server, "/api/v1/rnn", request)
    shown = " ".join(texts(page, ".error:not([hidden])"))
    for message in messages:
        assert message in shown
    assert page.get_attribute("#cell-W-0-0", "aria-invalid") == "true"
    assert_nothing_injected(page, page_log)


@pytest.mark.browser
def test_rnn_preset_id_in_the_url_is_data_only(page: Any, page_log: Any) -> None:
    watch(page)
    page.goto(rnn_url(W="0.5", U="0.1", V="0.2;0.3", x="0", y="1", p=PAYLOADS[0], lang=PAYLOADS[1]))
    page.wait_for_function(
        "() => Number(document.body.dataset.renderSeq || 0) > 0", timeout=RENDER_TIMEOUT_MS
    )
    assert page.get_attribute("html", "lang") == "en"
    assert page.input_value("#preset") == ""
    assert page.text_content("#preset-description") == ""
    assert_nothing_injected(page, page_log)


@pytest.mark.browser
def test_a_sequence_preset_named_alone_in_the_url_is_looked_up_not_rendered(
    page: Any, page_log: Any
) -> None:
    watch(page)
    page.goto("/lstm?" + urlencode({"p": PAYLOADS[0]}))
    # No preset has that id: the first example opens, its id only ever compared.
    wait_for(page, "renderSeq")
    assert page.input_value("#preset") == "lecture-lstm"
    assert_nothing_injected(page, page_log)


class MarkupScan(HTMLParser):
    """The tags of a page that could run script or carry a payload's marker."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        values = dict(attrs)
        if any(name.startswith("on") for name in names):
            self.found.append(f"{tag} with an event handler")
        if "xss" in (values.get("class") or "").split():
            self.found.append(f"{tag} with class xss")
        if tag == "script" and not (
            values.get("type") == "application/json" or (values.get("src") or "").startswith("/")
        ):
            self.found.append("inline script")
        if tag in ("img", "svg", "iframe", "object", "embed"):
            self.found.append(tag)
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            if (values.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} with a javascript: {name}")


# Every query parameter either page reads, and some it does not.
QUERY_NAMES = ["lang", "o", "names", "ym", "y", "T", "eps", "lr", "p", "from", "pool", "order"]
QUERY_NAMES += ["size", "scale", "W", "U", "V", "x", "h0", "q", "redirect"]
QUERY_NAMES += ["W_f", "W_i", "W_c", "W_o", "W_y", "b_f", "b_i", "b_c", "b_o", "c0"]


@pytest.mark.parametrize("path", ["/", "/rnn", "/lstm"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_query_parameters_cookies_and_headers_never_become_markup(path: str, payload: str) -> None:
    client = TestClient(app)
    client.cookies.set("gradviz_lang", payload.replace(" ", "").replace('"', ""))
    response = client.get(
        path,
        params={name: payload for name in QUERY_NAMES},
        headers={"accept-language": payload},
    )
    assert response.status_code == 200
    html = response.text
    # Text may be echoed, escaped; markup characters never arrive as they were sent.
    if any(c in payload for c in '<>"'):
        assert payload not in html
    # A language that is not one of ours falls back to English.
    assert '<html lang="en">' in html
    scan = MarkupScan()
    scan.feed(html)
    assert scan.found == []


def test_a_payload_in_the_path_is_answered_as_json_not_html() -> None:
    client = TestClient(app)
    response = client.get("/%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D1%3E")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert "content-security-policy" in response.headers
