"""Interaction latency of the pages, measured in the browser: edit → every chart in view
redrawn, and edit → every chart drawn.

Starts `uvicorn app.main:app` on a free loopback port, opens the page in headless
Chromium (Debian's, through Playwright) at 1440 × 900, and for C = 3, 10, 32 classes
changes one logit in the text field many times. A page draws the charts in view (or
near it) on each edit and the others when they are scrolled to (static/js/lib/plot.js).
"in view" runs from the input event to the next animation frame after the page says it
drew the server's answer (every chart in view redrawn): the request, the JSON and the
drawing. "all" then draws every chart still waiting out of view (`gradviz.drawAll()`)
and runs to the frame after that: what an edit cost when every chart was redrawn.

    .venv/bin/python -m bench.latency [--iterations 40] [--classes 3 10 32] [--per-chart]
    .venv/bin/python -m bench.latency --rnn      (the /rnn page: the lecture's RNN, V[0][0])
    .venv/bin/python -m bench.latency --lstm     (the /lstm page: the lecture's LSTM, W_f[0][4],
                                                  and the 12-step long-memory preset)
    .venv/bin/python -m bench.latency --at '#chart-contributions'   (scrolled there first)

Prints median and p95 of both per C and the in-view figures' ratios to the targets
(`/`: median 70 ms, p95 100 ms; `/rnn`: 100 ms and 130 ms; `/lstm`: median 100 ms;
below 1 is within them),
the median of the request and of the drawing in view (the time inside Plotly.react,
summed over the charts an edit redraws), with the machine's load average: other work on
the two cores shows up directly.

Machines differ (the same code has measured 2.5× apart on two 2-core machines), so each
case also times a baseline in the same page and run: a fixed three-bar Plotly chart
redrawn with new heights, to the frame after it ("ref"). "÷ ref" is the in-view median
in units of it: how many of the simplest chart redraws an edit costs, which moves far
less between machines than the milliseconds do. `--per-chart` adds each chart's median drawing time
(every chart, the waiting ones drawn by "all" included), to see where the time goes.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from bench.server import CHROMIUM, CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parent.parent
# (median, p95) targets in ms for an edit → every chart in view redrawn.
TARGETS = {"/": (70.0, 100.0), "/rnn": (100.0, 130.0), "/lstm": (100.0, 130.0)}

# What each sequence page's benchmark opens and edits: (label, page URL, cell, endpoint).
SEQUENCE_CASES = {
    "/rnn": [("rnn", "/rnn?lang=en", "cell-V-0-0", "/api/v1/rnn")],
    "/lstm": [
        ("lstm", "/lstm?lang=en", "cell-W_f-0-4", "/api/v1/lstm"),  # the lecture's LSTM, T = 2
        ("lstm12", "/lstm?lang=en&p=long-memory-lstm", "cell-W_f-0-3", "/api/v1/lstm"),
    ],
}
WARMUP = 5

# Times each chart's Plotly.react call (the synchronous part: the drawing itself).
TIME_DRAWING = """
async () => {
  // A page with no chart in view has not fetched Plotly yet (lib/plot.js).
  await window.gradviz.loadPlotly();
  const react = Plotly.react;
  window.__draws = [];
  Plotly.react = function (el, ...rest) {
    const start = performance.now();
    const drawn = react.call(this, el, ...rest);
    window.__draws.push([el.id.replace(/^chart-/, ""), performance.now() - start]);
    return drawn;
  };
}
"""

# The same-run baseline: a fixed three-bar chart (the shared look left out) redrawn with
# new heights, from the call to the frame after it; median of `n`, after a first draw.
REFERENCE = """
async (n) => {
  await window.gradviz.loadPlotly();
  const el = document.createElement("div");
  el.style.cssText = "position:fixed;left:0;top:0;width:480px;height:320px;z-index:10";
  document.body.append(el);
  const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const figure = (k) => [
    [{ type: "bar", x: ["a", "b", "c"], y: [1 + (k % 3), 2 - (k % 2), 0.5 + (k % 5) / 5] }],
    { margin: { l: 40, r: 10, t: 10, b: 30 }, yaxis: { range: [0, 3] } },
  ];
  await Plotly.react(el, ...figure(0), { displaylogo: false });
  await nextFrame();
  const times = [];
  for (let k = 1; k <= n; k++) {
    const start = performance.now();
    await Plotly.react(el, ...figure(k));
    await nextFrame();
    times.push(performance.now() - start);
  }
  Plotly.purge(el);
  el.remove();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
"""
REFERENCE_DRAWS = 30

# One edit of `input` (an id), timed inside the page: from the input event to the frame
# after the page drew its answer (the charts in view), then to the frame after every
# other chart is drawn too. A page without drawAll drew every chart at once.
EDIT_AND_WAIT = """
async ([id, text, requestPath]) => {
  window.__draws = [];
  const input = document.getElementById(id);
  const before = Number(document.body.dataset.renderSeq || 0);
  const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  performance.clearResourceTimings();
  const start = performance.now();
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  while (Number(document.body.dataset.renderSeq || 0) <= before) {
    await new Promise((r) => setTimeout(r, 0));
  }
  const inViewDraws = window.__draws.length;
  await nextFrame();
  const inView = performance.now() - start;
  await window.gradviz?.drawAll?.();
  await nextFrame();
  const all = performance.now() - start;
  // The request alone (Resource Timing): the rest is the browser's.
  const request = performance
    .getEntriesByType("resource")
    .filter((entry) => entry.name.endsWith(requestPath))
    .at(-1);
  return { inView, all, request: request.duration, draws: window.__draws, inViewDraws };
}
"""


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def logits_text(values: list[float]) -> str:
    return ", ".join(f"{v:.4f}" for v in values)


def measure(
    page: Page, path: str, edit: tuple[str, str], texts: list[str], at: str | None
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Samples per quantity (in view, all, request, drawing) and drawing per chart."""
    page.goto(path)
    page.wait_for_selector("body[data-render-seq]")
    page.wait_for_selector("#charts[aria-busy=false]")
    if at:
        page.locator(at).scroll_into_view_if_needed()
    reference = page.evaluate(REFERENCE, REFERENCE_DRAWS)
    page.evaluate(TIME_DRAWING)
    samples: dict[str, list[float]] = {
        "in view": [],
        "all": [],
        "request": [],
        "drawing": [],
        "ref": [reference],
    }
    per_chart: dict[str, list[float]] = {}
    for n, text in enumerate(texts):
        result = page.evaluate(EDIT_AND_WAIT, [edit[0], text, edit[1]])
        if n < WARMUP:
            continue
        draws = result["draws"]
        result["in view"] = result["inView"]
        result["drawing"] = sum(ms for _, ms in draws[: result["inViewDraws"]])
        for name in ("in view", "all", "request", "drawing"):
            samples[name].append(result[name])
        for chart, ms in draws:
            per_chart.setdefault(chart, []).append(ms)
    return samples, per_chart


def report(
    label: str,
    samples: dict[str, list[float]],
    per_chart: dict[str, list[float]],
    targets: tuple[float, float],
    per_chart_too: bool,
) -> None:
    in_view, every = samples["in view"], samples["all"]
    median, p95 = statistics.median(in_view), percentile(in_view, 0.95)
    print(
        f"{label:>6} {median:>8.1f} {p95:>8.1f} {median / targets[0]:>8.2f}"
        f" {p95 / targets[1]:>8.2f} {statistics.median(every):>8.1f}"
        f" {percentile(every, 0.95):>8.1f} {statistics.median(samples['request']):>8.1f}"
        f" {statistics.median(samples['drawing']):>8.1f}"
        f" {samples['ref'][0]:>6.1f} {median / samples['ref'][0]:>6.1f}"
    )
    if per_chart_too:
        print(
            "       "
            + "  ".join(
                f"{chart} {statistics.median(ms):.1f} (×{len(ms)})"
                for chart, ms in per_chart.items()
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=40)
    parser.add_argument("--classes", type=int, nargs="+", default=[3, 10, 32])
    parser.add_argument("--per-chart", action="store_true", help="each chart's drawing time")
    parser.add_argument("--rnn", action="store_true", help="measure the /rnn page instead")
    parser.add_argument("--lstm", action="store_true", help="measure the /lstm page instead")
    parser.add_argument("--at", help="a selector to scroll into view before the edits")
    args = parser.parse_args()

    rng = random.Random(0)
    page_path = "/rnn" if args.rnn else "/lstm" if args.lstm else "/"
    targets = TARGETS[page_path]
    with serve() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=server.url, viewport={"width": 1440, "height": 900})
        page = context.new_page()
        print(
            f"{page_path}{' at ' + args.at if args.at else ''}: edit → every chart in view "
            f"redrawn (in view) and → every chart drawn (all); {args.iterations} edits; "
            f"targets median {targets[0]:.0f} ms, p95 {targets[1]:.0f} ms; "
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
        )
        print(
            f"{'':>6} {'in view':>17} {'/ target':>17} {'all':>17} {'request':>8}"
            f" {'drawing':>8} {'ref':>6} {'÷ ref':>6}"
        )
        print(
            f"{'C':>6} {'median':>8} {'p95':>8} {'median':>8} {'p95':>8} {'median':>8}"
            f" {'p95':>8} {'median':>8} {'median':>8} {'median':>6} {'median':>6}"
        )
        count = WARMUP + args.iterations
        for label, url, cell, endpoint in SEQUENCE_CASES.get(page_path, []):
            texts = [f"{rng.uniform(-0.2, 0.2):.4f}" for _ in range(count)]
            samples, per_chart = measure(page, url, (cell, endpoint), texts, args.at)
            report(label, samples, per_chart, targets, args.per_chart)
        for classes in args.classes if page_path == "/" else []:
            logits = [rng.uniform(-3, 3) for _ in range(classes)]
            path = f"/?o={logits_text(logits)}&ym=class&y=0&T=1&eps=0&lr=1&lang=en"
            texts = []
            for n in range(count):
                logits[n % classes] = rng.uniform(-3, 3)
                texts.append(logits_text(logits))
            samples, per_chart = measure(
                page, path, ("logits-text", "/api/v1/analyze"), texts, args.at
            )
            report(str(classes), samples, per_chart, targets, args.per_chart)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        browser.close()


if __name__ == "__main__":
    main()
