// The one look of every chart on every page: type, margins, the Plotly config, axis
// defaults, and the few helpers the chart modules share. Each chart module builds its
// traces from the API's numbers and hands them to `plot`, which draws them with
// Plotly.react when the chart is in view (or near it) and otherwise keeps the figure
// until the chart scrolls in: an edit costs the charts on screen, not every chart.
// Plotly itself (1.5 MB to parse and run) is fetched when the first chart is about to be
// drawn: a page opened where no chart is in view (a phone, the top of /rnn) shows its
// inputs and numbers without waiting for it.

import { chartColours } from "./palette.js";

// By default Plotly measures every tick label on every redraw to hide any that would
// overflow the chart ("hide past div"): a third of the time an edit's redraw took. With
// "allow" a label too long for its margin is cut at the chart's edge instead.
export const TICK_LABELS = { ticklabeloverflow: "allow" };

export const CONFIG = {
  responsive: true,
  displaylogo: false,
  modeBarButtonsToRemove: ["lasso2d", "select2d"],
};

export const FONT = {
  family: [
    "system-ui",
    "-apple-system",
    "'Segoe UI'",
    "'Noto Sans KR'",
    "'Noto Sans CJK KR'",
    "'Malgun Gothic'",
    "sans-serif",
  ].join(", "),
  size: 15,
  color: "#1a1a1a",
};

export const MARGIN = { l: 72, r: 20, t: 16, b: 64 };

// The line at 0 of a value axis: bars above it and below it read against it.
// Its colour is the theme's (layout's template), as are the grid's and the text's.
export const ZERO_LINE = { zeroline: true, zerolinewidth: 2 };

/** Plotly reads `<`, `>` and `&` in labels as markup: class names are the user's text. */
export function escapeLabel(text) {
  return String(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Every chart's look: large type for a projector, transparent paper, the theme's colours. */
export function layout(extra) {
  const colours = chartColours();
  const axes = { gridcolor: colours.grid, zerolinecolor: colours.zero };
  return {
    font: { ...FONT, color: colours.ink },
    margin: MARGIN,
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: colours.plot,
    modebar: colours.modebar,
    template: { layout: { xaxis: axes, yaxis: axes } },
    hoverlabel: { font: { size: 15 } },
    ...extra,
  };
}

// Where the page says Plotly's (hashed) script is: <meta name="gradviz:plotly">.
const PLOTLY_SRC = document.querySelector('meta[name="gradviz:plotly"]')?.content;
// Plotly is fetched once a chart is this close to the viewport (a screen ahead), so that
// it is there by the time the chart is scrolled to.
const LOAD_AHEAD = "100% 0px";

let plotlyLoaded = null;

/** Plotly, fetched and run once (a script element: the CSP allows only our own files). */
export function loadPlotly() {
  plotlyLoaded ??= new Promise((resolve, reject) => {
    if (globalThis.Plotly) {
      resolve(globalThis.Plotly);
      return;
    }
    const script = document.createElement("script");
    script.src = PLOTLY_SRC;
    script.onload = () => resolve(globalThis.Plotly);
    script.onerror = () => {
      plotlyLoaded = null; // offline for now: the next chart asks again
      reject(new Error(`could not load ${PLOTLY_SRC}`));
    };
    document.head.append(script);
  });
  return plotlyLoaded;
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

let ahead = null;

/** Fetch Plotly as soon as `el` comes within a screen of the viewport. */
function loadWhenNear(el) {
  if (globalThis.Plotly) return;
  ahead ??= new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      ahead.disconnect();
      loadPlotly().catch(() => {});
    },
    { rootMargin: LOAD_AHEAD },
  );
  ahead.observe(el);
}

// A chart this close to the viewport counts as in view: drawn at once, so that a chart
// scrolled to at a normal pace is drawn before it shows (a few frames' scrolling).
const NEAR_PX = 48;

// Per chart element: the figure asked for and not drawn yet (null when drawn), whether
// the observer last saw it near the viewport, and the promise of its latest drawing.
const charts = new Map();
let observer = null;

function observe(el) {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const { target, isIntersecting } of entries) {
        const chart = charts.get(target);
        chart.near = isIntersecting;
        if (isIntersecting && chart.figure) drawFigure(target, chart);
      }
    },
    { rootMargin: `${NEAR_PX}px 0px` },
  );
  observer.observe(el);
  loadWhenNear(el);
}

function chartOf(el) {
  let chart = charts.get(el);
  if (!chart) {
    chart = {
      figure: null,
      near: false,
      drawing: Promise.resolve(),
      asked: 0,
      drawn: 0,
      configured: false,
    };
    charts.set(el, chart);
    observe(el);
  }
  return chart;
}

/** Whether `el` has a box (not inside display: none). */
const laidOut = (el) => el.getClientRects().length > 0;

/** Whether `el` is on screen or within NEAR_PX of it, as the page is laid out now. */
function isNear(el) {
  const box = el.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) return false;
  const height = window.innerHeight || document.documentElement.clientHeight;
  return box.bottom >= -NEAR_PX && box.top <= height + NEAR_PX;
}

function drawFigure(el, chart) {
  const [traces, figureLayout] = chart.figure;
  const number = chart.asked;
  chart.figure = null;
  const done = () => {
    chart.drawn = Math.max(chart.drawn, number);
    el.dataset.drawnSeq = String(chart.drawn);
    if (chart.drawn === chart.asked) delete el.dataset.pending;
  };
  if (globalThis.Plotly) {
    // Drawn now, in this task: an edit's charts are drawn together, before the next frame.
    // The config goes with the first drawing only: Plotly keeps it, and given again it
    // deep-copies and compares it, then measures the chart (a few ms a chart, each edit).
    // A chart Plotly fails to draw (thrown or rejected) rejects its drawing: the page's
    // loop reports it instead of waiting for a drawing that never comes.
    const config = chart.configured ? undefined : CONFIG;
    try {
      chart.drawing = Plotly.react(el, traces, figureLayout, config).then(done);
      chart.configured = true;
    } catch (error) {
      chart.drawing = Promise.reject(error);
    }
  } else {
    // The first charts wait for Plotly, then are drawn a task each (not all in the task
    // after it ran: input stays answered); a newer figure asked meanwhile is drawn instead.
    chart.figure = [traces, figureLayout];
    chart.drawing = loadPlotly()
      .then(nextTask)
      .then(() => (chart.figure ? drawFigure(el, chart) : chart.drawing));
  }
  return chart.drawing;
}

// The charts asked for in this task, drawn from one microtask: the page is laid out
// once to see which are in view, not once per chart after each one drawn.
let asked = [];

function drawAsked() {
  const batch = asked;
  asked = [];
  // Every box is read before any chart is drawn (drawing changes the layout).
  const near = batch.map(({ el, chart }) => isNear(el) || (chart.near && laidOut(el)));
  batch.forEach(({ el, chart, resolve }, k) => {
    // drawNow or the observer may have drawn it meanwhile.
    if (near[k] && chart.figure) drawFigure(el, chart);
    resolve(near[k] ? chart.drawing : undefined);
  });
}

/**
 * Draw (or redraw in place) a chart: `traces` in the shared look, `extra` on top of it.
 * In view, it is drawn (from a microtask: the charts asked for together are drawn
 * together) and the promise resolves once it is; out of view, the figure waits (the
 * element carries data-pending) and is drawn when the chart scrolls in, and the promise
 * resolves without waiting for it. So a page's render is complete when the charts in
 * view are drawn; `drawAll()` draws the others. Each chart counts the figures asked of
 * it (data-plot-seq) and the last one drawn (data-drawn-seq).
 */
export function plot(el, traces, extra) {
  const chart = chartOf(el);
  chart.figure = [traces, layout(extra)];
  chart.asked += 1;
  el.dataset.plotSeq = String(chart.asked);
  el.dataset.pending = "";
  if (asked.length === 0) queueMicrotask(drawAsked);
  return new Promise((resolve) => asked.push({ el, chart, resolve }));
}

/** Draw `el`'s waiting figure now, wherever it is; resolves once it shows the latest. */
export function drawNow(el) {
  const chart = charts.get(el);
  if (!chart) return Promise.resolve();
  if (chart.figure && laidOut(el)) drawFigure(el, chart);
  return chart.drawing;
}

/**
 * Draw every chart still waiting (those not shown at all, in a hidden view, stay
 * waiting): for the exports, the benchmarks and the tests.
 */
export function drawAll() {
  return Promise.all([...charts.keys()].map(drawNow)).then(() => undefined);
}

// Scripts outside the modules (the benchmarks, the browser tests) reach them here.
globalThis.gradviz = { ...globalThis.gradviz, drawAll, loadPlotly };
// A printed page shows every chart, those never scrolled to included.
window.addEventListener("beforeprint", drawAll);

/** An axis with a title and the shared tick labels; no line at 0 unless `extra` asks. */
export function axis(title, extra = {}) {
  return { title: { text: title }, ...TICK_LABELS, zeroline: false, ...extra };
}

/** A value axis: its line at 0 drawn heavier. */
export function valueAxis(title, extra = {}) {
  return axis(title, { ...ZERO_LINE, ...extra });
}

// A number written in a heatmap cell at 13–14 px needs about this many pixels: "−0.123"
// (the ".3f" of the gradients) by default; a format writing longer ones says so. A
// heatmap's colour bar with its tick labels takes about COLOUR_BAR_PX beside it.
const CELL_NUMBER_PX = 46;
const COLOUR_BAR_PX = 70;

/**
 * The width in pixels of `el`'s plot area beside a colour bar (its `margin` around it),
 * at the chart's width now; null while it is not laid out (a hidden view). Reading the
 * width lays the page out, which drawing the charts in view does anyway.
 */
export function plotWidth(el, margin = MARGIN) {
  const width = el.clientWidth;
  return width === 0 ? null : width - margin.l - margin.r - COLOUR_BAR_PX;
}

/**
 * Whether `cells` heatmap cells across `el`'s plot (its `margin`; `gaps`, a share of the
 * plot's width, between panels) each leave room for a number `numberPx` wide, at the
 * chart's width now: a phone gets the colours alone where a wide screen writes the
 * numbers too. Not laid out, it says yes: decided again when redrawn.
 */
export function cellsHoldNumbers(
  el,
  cells,
  { margin = MARGIN, gaps = 0, numberPx = CELL_NUMBER_PX } = {},
) {
  const width = plotWidth(el, margin);
  return width === null || (width * (1 - gaps)) / cells >= numberPx;
}

// How long the width must stay still before the charts are laid out for it again.
const SETTLED_MS = 150;

/**
 * Call `listener` once the page's width has changed and settled (a window resized, a
 * phone turned): how many panels to a row and which cells get numbers follow the width,
 * so the page draws its charts again. Height alone (a phone's address bar) is ignored.
 */
export function onWidthChange(listener) {
  let width = document.documentElement.clientWidth;
  let timer = null;
  window.addEventListener("resize", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const now = document.documentElement.clientWidth;
      if (now === width) return;
      width = now;
      listener();
    }, SETTLED_MS);
  });
}

/** Set a chart's height, touching the style only when it changes (a write lays out again). */
export function setHeight(el, px) {
  const height = `${px}px`;
  if (el.style.height !== height) el.style.height = height;
}

/** 0, 1, …, n − 1. */
export function range(n) {
  return Array.from({ length: n }, (_, k) => k);
}

/** The largest |value| of nested arrays (the API's nulls ignored), at least `floor`. */
export function maxAbs(values, floor = 1e-12) {
  const finite = values.flat(Infinity).filter((v) => v !== null);
  return Math.max(floor, ...finite.map(Math.abs));
}

// Axis limits snap to these multiples of a power of ten, so that small edits move the
// bars against a steady axis (easier to read, and Plotly need not redraw the axes).
const NICE_STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest "nice" number ≥ x (x > 0). */
export function niceCeil(x) {
  const power = 10 ** Math.floor(Math.log10(x));
  return NICE_STEPS.find((step) => step * power >= x * (1 - 1e-12)) * power;
}

/** A nice limit just past the largest |value|, for a scale centred on 0. */
export function symmetric(values, headroom = 1.05) {
  return niceCeil(maxAbs(values) * headroom);
}

/**
 * Download one chart as PNG or SVG, at a size that reads well on a slide: 1200 px wide,
 * and at least as tall as the figure asks (a sequence page's rows of panels), so that
 * nothing is squeezed.
 */
export async function exportChart(el, name, format) {
  // A chart scrolled out of view may hold an older figure than the numbers on screen.
  await drawNow(el);
  const slide = name === "contributions" ? 900 : 700;
  return Plotly.downloadImage(el, {
    format,
    filename: `gradviz-${name}`,
    width: 1200,
    height: Math.max(slide, el.layout?.height ?? 0),
    scale: format === "png" ? 2 : 1,
  });
}
