// The main page's charts, as functions from the API's arrays to a Plotly figure, in the
// look of lib/plot.js. Each takes the numbers it draws (never computes them). Every
// function returns Plotly.react's promise.

import { t } from "../lib/i18n.js";
import {
  DIVERGING,
  HISTORY,
  LABEL_BACKGROUND,
  NEGATIVE,
  NEUTRAL,
  ON_OUTLINE,
  OUTLINE,
  PREDICTION,
  TARGET,
  TARGET_PATTERN,
  signColours,
} from "../lib/palette.js";
import {
  MARGIN,
  TICK_LABELS,
  axis,
  cellsHoldNumbers,
  escapeLabel,
  niceCeil,
  plot,
  range,
  symmetric,
  valueAxis,
} from "../lib/plot.js";

// A tick label for every class up to this many; past it every k-th class is labelled
// (each label is measured while drawing, so hundreds of them would cost the most).
const MAX_TICKS = 16;
// Numbers written inside heatmap cells up to this many classes (where they fit).
const MAX_CELL_TEXT = 8;
// The target bars are hatched (a cue beside colour) up to this many classes: narrower
// bars cannot show a hatch, and each hatched bar is an SVG pattern to build and paint.
const MAX_HATCHED = 16;

/** A class axis: positions 0..C−1, labelled with names or indices. */
export function classAxis(classes, names, title, extra = {}) {
  const step = Math.ceil(classes / MAX_TICKS);
  const ticks = range(Math.ceil(classes / step)).map((n) => n * step);
  return axis(title, {
    tickmode: "array",
    tickvals: ticks,
    ticktext: ticks.map((k) => escapeLabel(names?.[k] ?? k)),
    ...extra,
  });
}

export function hoverNames(classes, names) {
  return range(classes).map((k) => escapeLabel(names ? `${k} (${names[k]})` : k));
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
  return plot(el, [trace], {
    xaxis: classAxis(classes, names, t("axis.class")),
    yaxis: valueAxis("o", { range: [-extent, extent] }),
  });
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
        pattern: classes <= MAX_HATCHED ? TARGET_PATTERN : {},
      },
      customdata,
      hovertemplate: "%{customdata}<br>y = %{y:.5g}<extra></extra>",
    },
  ];
  const top = Math.max(1, ...target.filter((v) => v !== null));
  return plot(el, traces, {
    barmode: "group",
    legend: { orientation: "h", x: 0, y: 1.12 },
    margin: { ...MARGIN, t: 40 },
    xaxis: classAxis(classes, names, t("axis.class")),
    yaxis: valueAxis(t("axis.value"), { range: [0, top * 1.05] }),
  });
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
  return plot(el, [trace], {
    xaxis: classAxis(classes, names, t("axis.class")),
    yaxis: valueAxis("∂L/∂o", { range: [-extent, extent] }),
  });
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
      marker: { color: OUTLINE, pattern: { shape: "x", fgcolor: ON_OUTLINE, size: 10 } },
      text: infinite.map(() => "−∞"),
      textposition: "inside",
      insidetextanchor: "start",
      textfont: { size: 18, color: ON_OUTLINE },
      customdata: infinite.map((k) => customdata[k]),
      hovertemplate: "%{customdata}<br>∂L/∂ŷ = −∞<extra></extra>",
      name: "",
    });
  }
  return plot(el, traces, {
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
            bgcolor: LABEL_BACKGROUND,
          },
        ]
      : [],
  });
}

function heatmapTrace(el, z, customdata, classes, hovertemplate, extent, colorbarTitle) {
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
    // Numbers in the cells while they are few and each cell has room for one.
    texttemplate: classes <= MAX_CELL_TEXT && cellsHoldNumbers(el, classes) ? "%{z:.3f}" : "",
    textfont: { size: 14 },
  };
}

/** The Jacobian J_ij = ∂ŷ_i/∂o_j, rows i from the top; hover names the case. */
export function drawJacobian(el, { jacobian, temperature, activation, names }) {
  const classes = jacobian.length;
  const overT = temperature === 1 ? "" : t("hover.over_t");
  const diagonal = escapeLabel(t("hover.diagonal") + overT);
  // A sigmoid's ŷ_i depends on o_i alone: its Jacobian is 0 off the diagonal.
  const offDiagonal = escapeLabel(
    activation === "sigmoid"
      ? t("compare.hover.sigmoid_off_diagonal")
      : t("hover.off_diagonal") + overT,
  );
  const customdata = jacobian.map((row, i) =>
    row.map((_, j) => (i === j ? diagonal : offDiagonal)),
  );
  const trace = heatmapTrace(
    el,
    jacobian,
    customdata,
    classes,
    "i = %{y}, j = %{x}<br>J<sub>ij</sub> = %{z:.5g}<br>%{customdata}<extra></extra>",
    symmetric(jacobian),
    "J",
  );
  return plot(el, [trace], {
    xaxis: classAxis(classes, names, t("axis.class_j"), { side: "bottom" }),
    yaxis: classAxis(classes, names, t("axis.class_i"), { autorange: "reversed" }),
  });
}

/** M_kj above, its column sums ∂L/∂o_j below; the k = j cells outlined. */
export function drawContributions(el, { contributions, gradLogits, names }) {
  const classes = contributions.length;
  const same = escapeLabel(t("hover.same"));
  const other = escapeLabel(t("hover.other"));
  const customdata = contributions.map((row, k) => row.map((_, j) => (k === j ? same : other)));
  const heatmap = heatmapTrace(
    el,
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
  return plot(el, [heatmap, sums], {
    height: 520,
    xaxis: classAxis(classes, names, t("axis.class_j"), { anchor: "y2" }),
    yaxis: classAxis(classes, names, t("axis.class_k"), {
      autorange: "reversed",
      domain: [0.34, 1],
    }),
    yaxis2: valueAxis(t("axis.column_sum"), { domain: [0, 0.26], range: [-extent, extent] }),
    shapes: [outline],
  });
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
  return plot(el, [trace], {
    xaxis: {
      title: { text: t("axis.step") },
      ...TICK_LABELS,
      rangemode: "tozero",
      dtick: losses.length < 10 ? 1 : undefined,
    },
    yaxis: { title: { text: t("axis.loss") }, ...TICK_LABELS, rangemode: "tozero" },
  });
}
