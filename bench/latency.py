"""Interaction latency of the pages, measured in the browser: edit → every chart drawn.

Starts `uvicorn app.main:app` on a free loopback port, opens the page in headless
Chromium (Debian's, through Playwright), and for C = 3, 10, 32 classes changes one
logit in the text field many times. Each sample runs from the input event to the next
animation frame after every chart has been redrawn with the server's answer, so it
includes the debounce, the request, the JSON and the drawing. The derivation panel
(a second request) is timed alongside.

    .venv/bin/python -m bench.latency [--iterations 40] [--classes 3 10 32] [--per-chart]
    .venv/bin/python -m bench.latency --rnn      (the /rnn page: the lecture's RNN, V[0][0])
    .venv/bin/python -m bench.latency --lstm     (the /lstm page: the lecture's LSTM, W_f[0][4],
                                                  and the 12-step long-memory preset)

Prints median and p95 per C and their ratios to the 100 ms target (below 1 is within
it), the medians of the request and of the charts' drawing (the time spent inside
Plotly.react, summed over the charts an edit redraws), with the machine's load average:
other work on the two cores shows up directly. `--per-chart` adds each chart's median
drawing time, to see where the time goes.
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
TARGET_MS = 100.0
WARMUP = 5

# Times each chart's Plotly.react call (the synchronous part: the drawing itself).
TIME_DRAWING = """
() => {
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

# One edit, timed inside the page: from the input event to the frame after the charts
# (and, separately, the derivation) show the new numbers.
EDIT_AND_WAIT = """
async (text) => {
  window.__draws = [];
  const input = document.getElementById("logits-text");
  const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const rendered = new Promise((resolve) =>
    document.addEventListener("gradviz:rendered", (e) => resolve(e.detail), { once: true }));
  performance.clearResourceTimings();
  const start = performance.now();
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  const detail = await rendered;
  const draws = window.__draws;
  await nextFrame();
  const charts = performance.now() - start;
  // The analysis request alone (Resource Timing): the rest of `charts` is the browser's.
  const request = performance
    .getEntriesByType("resource")
    .filter((entry) => entry.name.endsWith("/api/v1/analyze"))
    .at(-1);
  while (Number(document.body.dataset.derivationSeq || 0) < detail.seq) {
    await new Promise((r) => setTimeout(r, 1));
  }
  await nextFrame();
  return { charts, request: request.duration, draws, derivation: performance.now() - start };
}
"""


# The same on a sequence page (/rnn, /lstm): one weight's cell edited, until the page says
# it drew the answer; `cell` is its input's id and `path` the endpoint whose request is timed.
SEQUENCE_EDIT_AND_WAIT = """
async ([cell, path, text]) => {
  window.__draws = [];
  const input = document.getElementById(cell);
  const before = Number(document.body.dataset.renderSeq || 0);
  const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  performance.clearResourceTimings();
  const start = performance.now();
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  while (Number(document.body.dataset.renderSeq || 0) <= before) {
    await new Promise((r) => setTimeout(r, 1));
  }
  const draws = window.__draws;
  await nextFrame();
  const charts = performance.now() - start;
  const request = performance
    .getEntriesByType("resource")
    .filter((entry) => entry.name.endsWith(path))
    .at(-1);
  return { charts, request: request.duration, draws };
}
"""

# What each sequence page's benchmark opens and edits: (label, page URL, cell, endpoint).
RNN_CASES = [
    (
        "/rnn, the lecture's RNN (T = 2, H = 2, C = 3), V[0][0]",
        "/rnn?lang=en",
        "cell-V-0-0",
        "/api/v1/rnn",
    ),
]
LSTM_CASES = [
    (
        "/lstm, the lecture's LSTM (T = 2, H = 2, D = 3, C = 3), W_f[0][4]",
        "/lstm?lang=en",
        "cell-W_f-0-4",
        "/api/v1/lstm",
    ),
    (
        "/lstm, the long-memory preset (T = 12), W_f[0][3]",
        "/lstm?lang=en&p=long-memory-lstm",
        "cell-W_f-0-3",
        "/api/v1/lstm",
    ),
]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def logits_text(values: list[float]) -> str:
    return ", ".join(f"{v:.4f}" for v in values)


def measure(
    page: Page, classes: int, iterations: int, rng: random.Random
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Samples per quantity (charts, request, drawing, derivation) and drawing per chart."""
    logits = [rng.uniform(-3, 3) for _ in range(classes)]
    page.goto(f"/?o={logits_text(logits)}&ym=class&y=0&T=1&eps=0&lr=1&lang=en")
    page.wait_for_selector("#charts[aria-busy=false]")
    page.evaluate(TIME_DRAWING)
    samples: dict[str, list[float]] = {"charts": [], "request": [], "drawing": [], "derivation": []}
    per_chart: dict[str, list[float]] = {}
    for n in range(WARMUP + iterations):
        logits[n % classes] = rng.uniform(-3, 3)
        result = page.evaluate(EDIT_AND_WAIT, logits_text(logits))
        if n < WARMUP:
            continue
        result["drawing"] = sum(ms for _, ms in result["draws"])
        for name, values in samples.items():
            values.append(result[name])
        for chart, ms in result["draws"]:
            per_chart.setdefault(chart, []).append(ms)
    return samples, per_chart


def measure_sequence(
    page: Page, url: str, cell: str, path: str, iterations: int, rng: random.Random
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Samples per quantity (charts, request, drawing) and drawing per chart, on a sequence
    page opened at `url`, editing the weight cell `cell`."""
    page.goto(url)
    page.wait_for_selector("body[data-render-seq]")
    page.evaluate(TIME_DRAWING)
    samples: dict[str, list[float]] = {"charts": [], "request": [], "drawing": []}
    per_chart: dict[str, list[float]] = {}
    for n in range(WARMUP + iterations):
        text = f"{rng.uniform(-0.2, 0.2):.4f}"
        result = page.evaluate(SEQUENCE_EDIT_AND_WAIT, [cell, path, text])
        if n < WARMUP:
            continue
        result["drawing"] = sum(ms for _, ms in result["draws"])
        for name, values in samples.items():
            values.append(result[name])
        for chart, ms in result["draws"]:
            per_chart.setdefault(chart, []).append(ms)
    return samples, per_chart


def report_sequence(
    page: Page,
    cases: list[tuple[str, str, str, str]],
    iterations: int,
    rng: random.Random,
    per_chart_too: bool,
) -> None:
    print(
        f"edit → every chart drawn; {iterations} edits per case; target {TARGET_MS:.0f} ms; "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    )
    for label, url, cell, path in cases:
        samples, per_chart = measure_sequence(page, url, cell, path, iterations, rng)
        charts = samples["charts"]
        median, p95 = statistics.median(charts), percentile(charts, 0.95)
        print(label)
        print(
            f"{'median ms':>10} {'p95 ms':>8} {'median/target':>14} {'p95/target':>11}"
            f" {'request':>8} {'drawing':>8}"
        )
        print(
            f"{median:>10.1f} {p95:>8.1f} {median / TARGET_MS:>14.2f} {p95 / TARGET_MS:>11.2f}"
            f" {statistics.median(samples['request']):>8.1f}"
            f" {statistics.median(samples['drawing']):>8.1f}"
        )
        if per_chart_too:
            print(
                "  ".join(f"{chart} {statistics.median(ms):.1f}" for chart, ms in per_chart.items())
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=40)
    parser.add_argument("--classes", type=int, nargs="+", default=[3, 10, 32])
    parser.add_argument("--per-chart", action="store_true", help="each chart's drawing time")
    parser.add_argument("--rnn", action="store_true", help="measure the /rnn page instead")
    parser.add_argument("--lstm", action="store_true", help="measure the /lstm page instead")
    args = parser.parse_args()

    rng = random.Random(0)
    with serve() as server, sync_playwright() as playwright:
        url = server.url
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=url, viewport={"width": 1440, "height": 900})
        page = context.new_page()
        if args.rnn or args.lstm:
            cases = RNN_CASES if args.rnn else LSTM_CASES
            report_sequence(page, cases, args.iterations, rng, args.per_chart)
            print(f"load average after: {os.getloadavg()[0]:.2f}")
            browser.close()
            return
        print(
            f"edit → every chart drawn; {args.iterations} edits per C; "
            f"target {TARGET_MS:.0f} ms; load average {os.getloadavg()[0]:.2f} "
            f"on {os.cpu_count()} CPUs"
        )
        print(
            f"{'C':>4} {'median ms':>10} {'p95 ms':>8} {'median/target':>14} "
            f"{'p95/target':>11} {'request':>8} {'drawing':>8} {'derivation median':>18}"
        )
        for classes in args.classes:
            samples, per_chart = measure(page, classes, args.iterations, rng)
            charts = samples["charts"]
            median, p95 = statistics.median(charts), percentile(charts, 0.95)
            print(
                f"{classes:>4} {median:>10.1f} {p95:>8.1f} {median / TARGET_MS:>14.2f}"
                f" {p95 / TARGET_MS:>11.2f} {statistics.median(samples['request']):>8.1f}"
                f" {statistics.median(samples['drawing']):>8.1f}"
                f" {statistics.median(samples['derivation']):>18.1f}"
            )
            if args.per_chart:
                print(
                    "      "
                    + "  ".join(
                        f"{chart} {statistics.median(ms):.1f}" for chart, ms in per_chart.items()
                    )
                )
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        browser.close()


if __name__ == "__main__":
    main()
