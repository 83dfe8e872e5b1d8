// The one look of every chart on every page: type, margins, the Plotly config, axis
// defaults, and the few helpers the chart modules share. Each chart module builds its
// traces from the API's numbers and hands them to Plotly.react with these.

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

/** Draw (or redraw in place) a chart: `traces` in the shared look, `extra` on top of it. */
export function plot(el, traces, extra) {
  return Plotly.react(el, traces, layout(extra), CONFIG);
}

/** An axis with a title and the shared tick labels; no line at 0 unless `extra` asks. */
export function axis(title, extra = {}) {
  return { title: { text: title }, ...TICK_LABELS, zeroline: false, ...extra };
}

/** A value axis: its line at 0 drawn heavier. */
export function valueAxis(title, extra = {}) {
  return axis(title, { ...ZERO_LINE, ...extra });
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

/** Download one chart as PNG or SVG, at a size that reads well on a slide. */
export function exportChart(el, name, format) {
  return Plotly.downloadImage(el, {
    format,
    filename: `gradviz-${name}`,
    width: 1200,
    height: name === "contributions" ? 900 : 700,
    scale: format === "png" ? 2 : 1,
  });
}
