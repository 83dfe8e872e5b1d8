// The charts, as functions from arrays to a Plotly figure. Each takes the numbers it
// draws (never computes them) so that other views, such as top-k bars for large C,
// can reuse them. Every function returns Plotly.react's promise.

import { t } from "./i18n.js";
import {
  DIVERGING,
  HISTORY,
  NEGATIVE,
  NEUTRAL,
  OUTLINE,
  PREDICTION,
  TARGET,
  signColours,
} from "./palette.js";

// A tick label for every class up to this many; past it every k-th class is labelled
// (each label is measured while drawing, so hundreds of them would cost the most).
const MAX_TICKS = 16;
// Numbers written inside heatmap cells up to this many classes.
const MAX_CELL_TEXT = 8;
// The target bars are hatched (a cue beside colour) up to this many classes: narrower
// bars cannot show a hatch, and each hatched bar is an SVG pattern to build and paint.
const MAX_HATCHED = 16;

// By default Plotly measures every tick label on every redraw to hide any that would
// overflow the chart ("hide past div"): a third of the time an edit's redraw took. With
// "allow" a label too long for its margin is cut at the chart's edge instead.
export const TICK_LABELS = { ticklabeloverflow: "allow" };

export const CONFIG = {
  responsive: true,
  displaylogo: false,
  modeBarButtonsToRemove: ["lasso2d", "select2d"],
};

const FONT = {
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

/** Plotly reads `<`, `>` and `&` in labels as markup: class names are the user's text. */
export function escapeLabel(text) {
  return String(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Every chart's look: large type for a projector, transparent paper. */
export function layout(extra) {
  return {
    font: FONT,
    margin: { l: 72, r: 20, t: 16, b: 64 },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "#ffffff",
    hoverlabel: { font: { size: 15 } },
    ...extra,
  };
}

function range(n) {
  return Array.from({ length: n }, (_, k) => k);
}

/** A class axis: positions 0..C−1, labelled with names or indices. */
function classAxis(classes, names, title, extra = {}) {
  const step = Math.ceil(classes / MAX_TICKS);
  const ticks = range(Math.ceil(classes / step)).map((n) => n * step);
  return {
    title: { text: title },
    zeroline: false,
    ...TICK_LABELS,
    tickmode: "array",
    tickvals: ticks,
    ticktext: ticks.map((k) => escapeLabel(names?.[k] ?? k)),
    ...extra,
  };
}

function hoverNames(classes, names) {
  return range(classes).map((k) => escapeLabel(names ? `${k} (${names[k]})` : k));
}

// Axis limits snap to these multiples of a power of ten, so that small edits move the
// bars against a steady axis (easier to read, and Plotly need not redraw the axes).
const NICE_STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest "nice" number ≥ x (x > 0). */
export function niceCeil(x) {
  const power = 10 ** Math.floor(Math.log10(x));
  return NICE_STEPS.find((step) => step * power >= x * (1 - 1e-12)) * power;
}

/** A nice limit just past the largest |value| (nulls ignored), for a scale centred on 0. */
function symmetric(values, headroom = 1.05) {
  const finite = values.flat(Infinity).filter((v) => v !== null);
  return niceCeil(Math.max(1e-12, ...finite.map(Math.abs)) * headroom);
}

function valueAxis(title, extra = {}) {
  return {
    title: { text: title },
    ...TICK_LABELS,
    zeroline: true,
    zerolinewidth: 2,
    zerolinecolor: "#333",
    ...extra,
  };
}

/** Bars of the logits o. */
export function drawLogits(el, { logits, names }) {
  const classes = logits.length;
  const extent = symmetric(logits, 1.1);
  const trace = {
    type: "bar",
    x: range(classes),
    y: logits,
    marker: { color: NEUTRAL },
    customdata: hoverNames(classes, names),
    hovertemplate: "%{customdata}<br>o = %{y:.5g}<extra></extra>",
  };
  return Plotly.react(
    el,
    [trace],
    layout({
      xaxis: classAxis(classes, names, t("axis.class")),
      yaxis: valueAxis("o", { range: [-extent, extent] }),
    }),
    CONFIG,
  );
}

/** ŷ and y side by side per class. */
export function drawProbs(el, { probs, target, names }) {
  const classes = probs.length;
  const customdata = hoverNames(classes, names);
  const traces = [
    {
      type: "bar",
      name: t("series.probs"),
      x: range(classes),
      y: probs,
      marker: { color: PREDICTION },
      customdata,
      hovertemplate: "%{customdata}<br>ŷ = %{y:.5g}<extra></extra>",
    },
    {
      type: "bar",
      name: t("series.target"),
      x: range(classes),
      y: target,
      marker: {
        color: TARGET,
        pattern: classes <= MAX_HATCHED ? { shape: "/", fgcolor: "#7a4f00", size: 8 } : {},
      },
      customdata,
      hovertemplate: "%{customdata}<br>y = %{y:.5g}<extra></extra>",
    },
  ];
  const top = Math.max(1, ...target.filter((v) => v !== null));
  return Plotly.react(
    el,
    traces,
    layout({
      barmode: "group",
      legend: { orientation: "h", x: 0, y: 1.12 },
      margin: { l: 72, r: 20, t: 40, b: 64 },
      xaxis: classAxis(classes, names, t("axis.class")),
      yaxis: valueAxis(t("axis.value"), { range: [0, top * 1.05] }),
    }),
    CONFIG,
  );
}

/** ∂L/∂o as diverging bars, centred on 0. */
export function drawGradLogits(el, { gradLogits, names }) {
  const classes = gradLogits.length;
  const extent = symmetric(gradLogits, 1.1);
  const trace = {
    type: "bar",
    x: range(classes),
    y: gradLogits,
    marker: { color: signColours(gradLogits) },
    customdata: hoverNames(classes, names),
    hovertemplate: "%{customdata}<br>∂L/∂o = %{y:.5g}<extra></extra>",
  };
  return Plotly.react(
    el,
    [trace],
    layout({
      xaxis: classAxis(classes, names, t("axis.class")),
      yaxis: valueAxis("∂L/∂o", { range: [-extent, extent] }),
    }),
    CONFIG,
  );
}

/** ∂L/∂ŷ = −y/ŷ; a null (−∞) is a hatched bar running off the bottom of the axis. */
export function drawGradProbs(el, { gradProbs, names }) {
  const classes = gradProbs.length;
  const finite = gradProbs.filter((v) => v !== null);
  const low = Math.min(0, ...finite);
  const hasInfinite = finite.length < classes;
  // Room below the finite bars for the off-scale ones to run into.
  const bottom = low === 0 ? -1 : -niceCeil(-low * (hasInfinite ? 1.35 : 1.1));
  const top = Math.max(0, ...finite) || Math.abs(bottom) * 0.05;
  const customdata = hoverNames(classes, names);
  const finiteBars = {
    type: "bar",
    x: range(classes),
    y: gradProbs,
    marker: { color: NEGATIVE },
    customdata,
    hovertemplate: "%{customdata}<br>∂L/∂ŷ = %{y:.5g}<extra></extra>",
    name: "",
  };
  const traces = [finiteBars];
  if (hasInfinite) {
    // Only the −∞ entries get the hatched off-scale bar (patterns cost per bar).
    const infinite = range(classes).filter((k) => gradProbs[k] === null);
    traces.push({
      type: "bar",
      x: infinite,
      y: infinite.map(() => bottom),
      marker: { color: OUTLINE, pattern: { shape: "x", fgcolor: "#ffffff", size: 10 } },
      text: infinite.map(() => "−∞"),
      textposition: "inside",
      insidetextanchor: "start",
      textfont: { size: 18, color: "#ffffff" },
      customdata: infinite.map((k) => customdata[k]),
      hovertemplate: "%{customdata}<br>∂L/∂ŷ = −∞<extra></extra>",
      name: "",
    });
  }
  return Plotly.react(
    el,
    traces,
    layout({
      showlegend: false,
      barmode: "overlay",
      xaxis: classAxis(classes, names, t("axis.class")),
      yaxis: valueAxis("∂L/∂ŷ", { range: [bottom, niceCeil(top * 1.1)] }),
      annotations: hasInfinite
        ? [
            {
              xref: "paper",
              yref: "paper",
              x: 1,
              y: 0,
              xanchor: "right",
              yanchor: "bottom",
              text: escapeLabel(t("series.negative_infinity")),
              showarrow: false,
              font: { size: 14, color: OUTLINE },
              bgcolor: "rgba(255,255,255,0.85)",
            },
          ]
        : [],
    }),
    CONFIG,
  );
}

function heatmapTrace(z, customdata, classes, hovertemplate, extent, colorbarTitle) {
  return {
    type: "heatmap",
    z,
    x: range(classes),
    y: range(classes),
    colorscale: DIVERGING,
    zmin: -extent,
    zmax: extent,
    zmid: 0,
    customdata,
    hovertemplate,
    colorbar: { title: { text: colorbarTitle }, thickness: 16, ...TICK_LABELS },
    texttemplate: classes <= MAX_CELL_TEXT ? "%{z:.3f}" : "",
    textfont: { size: 14 },
  };
}

/** The softmax Jacobian J_ij = ∂ŷ_i/∂o_j, rows i from the top; hover names the case. */
export function drawJacobian(el, { jacobian, temperature, names }) {
  const classes = jacobian.length;
  const overT = temperature === 1 ? "" : t("hover.over_t");
  const diagonal = escapeLabel(t("hover.diagonal") + overT);
  const offDiagonal = escapeLabel(t("hover.off_diagonal") + overT);
  const customdata = jacobian.map((row, i) =>
    row.map((_, j) => (i === j ? diagonal : offDiagonal)),
  );
  const trace = heatmapTrace(
    jacobian,
    customdata,
    classes,
    "i = %{y}, j = %{x}<br>J<sub>ij</sub> = %{z:.5g}<br>%{customdata}<extra></extra>",
    symmetric(jacobian),
    "J",
  );
  return Plotly.react(
    el,
    [trace],
    layout({
      xaxis: classAxis(classes, names, t("axis.class_j"), { side: "bottom" }),
      yaxis: classAxis(classes, names, t("axis.class_i"), { autorange: "reversed" }),
    }),
    CONFIG,
  );
}

/** M_kj above, its column sums ∂L/∂o_j below; the k = j cells outlined. */
export function drawContributions(el, { contributions, gradLogits, names }) {
  const classes = contributions.length;
  const same = escapeLabel(t("hover.same"));
  const other = escapeLabel(t("hover.other"));
  const customdata = contributions.map((row, k) => row.map((_, j) => (k === j ? same : other)));
  const heatmap = heatmapTrace(
    contributions,
    customdata,
    classes,
    "k = %{y}, j = %{x}<br>M<sub>kj</sub> = %{z:.5g}<br>%{customdata}<extra></extra>",
    symmetric(contributions),
    "M",
  );
  heatmap.colorbar.len = 0.68;
  heatmap.colorbar.y = 1;
  heatmap.colorbar.yanchor = "top";
  const extent = symmetric(gradLogits, 1.15);
  const sums = {
    type: "bar",
    x: range(classes),
    y: gradLogits,
    xaxis: "x",
    yaxis: "y2",
    marker: { color: signColours(gradLogits) },
    customdata: hoverNames(classes, names),
    hovertemplate:
      "%{customdata}<br>Σ<sub>k</sub> M<sub>kj</sub> = ∂L/∂o = %{y:.5g}<extra></extra>",
    showlegend: false,
  };
  // One path outlines every k = j cell: a shape per cell would cost a redraw each.
  const outline = {
    type: "path",
    xref: "x",
    yref: "y",
    path: range(classes)
      .map((j) => `M${j - 0.5},${j - 0.5}H${j + 0.5}V${j + 0.5}H${j - 0.5}Z`)
      .join(""),
    line: { color: OUTLINE, width: classes <= MAX_TICKS ? 3 : 1 },
  };
  return Plotly.react(
    el,
    [heatmap, sums],
    layout({
      height: 520,
      xaxis: classAxis(classes, names, t("axis.class_j"), { anchor: "y2" }),
      yaxis: classAxis(classes, names, t("axis.class_k"), {
        autorange: "reversed",
        domain: [0.34, 1],
      }),
      yaxis2: valueAxis(t("axis.column_sum"), { domain: [0, 0.26], range: [-extent, extent] }),
      shapes: [outline],
    }),
    CONFIG,
  );
}

/** The loss after each gradient-descent step. */
export function drawHistory(el, { losses }) {
  const trace = {
    type: "scatter",
    mode: "lines+markers",
    x: range(losses.length),
    y: losses,
    line: { color: HISTORY, width: 3 },
    marker: { size: 8 },
    hovertemplate: `${escapeLabel(t("axis.step"))} %{x}<br>L = %{y:.5g}<extra></extra>`,
  };
  return Plotly.react(
    el,
    [trace],
    layout({
      xaxis: {
        title: { text: t("axis.step") },
        ...TICK_LABELS,
        rangemode: "tozero",
        dtick: losses.length < 10 ? 1 : undefined,
      },
      yaxis: { title: { text: t("axis.loss") }, ...TICK_LABELS, rangemode: "tozero" },
    }),
    CONFIG,
  );
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

