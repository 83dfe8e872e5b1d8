// The comparison view (why cross-entropy): for the same logits and target, cross-entropy
// beside squared error (with the activation picked), both ∂L/∂o on one scale, and the
// server's sweep of the target's logit o_t from very wrong to very right with each
// loss's ∂L/∂o_t and L along it. One POST /api/v1/compare per edit, asked beside the
// analysis by the page's request loop; the browser draws, every number is the server's.

import { showWarnings } from "../lib/errors.js";
import { classLabel, formatNumber } from "../lib/format.js";
import { t } from "../lib/i18n.js";
import { CROSS_ENTROPY, OUTLINE, SQUARED_ERROR, signColours } from "../lib/palette.js";
import { MARGIN, axis, escapeLabel, plot, range, symmetric, valueAxis } from "../lib/plot.js";
import { classAxis, hoverNames } from "./charts.js";
import { retitle, setKey } from "./losses.js";
import { drawIfChanged } from "./view.js";

const $ = (id) => document.getElementById(id);

// The sweep: o_t = max_{k≠t} o_k + offset, from very wrong to very right, in steps of 0.1.
export const SWEEP = { sweep_points: 201, sweep_from: -10, sweep_to: 10 };

/** The POST body of /api/v1/compare for the analysis request (it takes both losses). */
export function compareRequestFor(request) {
  const { loss_function: _picked, ...fields } = request;
  return { ...fields, ...SWEEP };
}

/** Open or closed, as `state.compare` says; past `large` classes it is not offered. */
export function showComparison(state, large) {
  const toggle = $("compare-toggle");
  toggle.setAttribute("aria-expanded", String(state.compare && !large));
  toggle.disabled = large;
  setKey(toggle, state.compare && !large ? "compare.toggle.close" : "compare.toggle.open");
  $("compare-large").hidden = !large;
  $("compare-body").hidden = !state.compare || large;
}

/** The toggle: `onToggle(patch)` opens or closes the view. */
export function bindComparison({ getState, onToggle }) {
  $("compare-toggle").addEventListener("click", () => onToggle({ compare: !getState().compare }));
}

// Each bar's value written beside it up to this many classes: a bar too short to see
// (squared error's, when confidently wrong) still reads as a number.
const MAX_BAR_TEXT = 12;

/** One loss's ∂L/∂o as diverging bars, on the scale both charts share; t outlined. */
function drawGradBars(el, { gradLogits, extent, target, names, loss }) {
  const classes = gradLogits.length;
  const trace = {
    type: "bar",
    x: range(classes),
    y: gradLogits,
    marker: {
      color: signColours(gradLogits),
      line: { color: OUTLINE, width: range(classes).map((k) => (k === target ? 3 : 0)) },
    },
    text: classes <= MAX_BAR_TEXT ? gradLogits.map((g) => formatNumber(g, 3)) : undefined,
    textposition: "outside",
    cliponaxis: false,
    customdata: hoverNames(classes, names),
    hovertemplate: `${escapeLabel(loss)}<br>%{customdata}<br>∂L/∂o = %{y:.5g}<extra></extra>`,
  };
  return plot(el, [trace], {
    xaxis: classAxis(classes, names, t("axis.class")),
    yaxis: valueAxis("∂L/∂o", { range: [-extent, extent] }),
    annotations: [
      {
        x: target,
        y: extent,
        yanchor: "top",
        text: escapeLabel(t("compare.target_mark")),
        showarrow: false,
        font: { size: 14, color: OUTLINE },
      },
    ],
  });
}

/** One loss along the sweep: `symbol` (∂L/∂o_t or L) against o_t, ŷ_t in the hover. */
function curve(x, y, { probs, colour, dash, name, yaxis, symbol }) {
  return {
    type: "scatter",
    mode: "lines",
    x,
    y,
    yaxis,
    name,
    legendgroup: name,
    // One legend entry per loss: the top panel's.
    showlegend: yaxis === "y",
    line: { color: colour, width: 3, dash },
    customdata: probs,
    hovertemplate:
      `${name}<br>o<sub>t</sub> = %{x:.4g}<br>ŷ<sub>t</sub> = %{customdata:.4g}` +
      `<br>${symbol} = %{y:.5g}<extra></extra>`,
  };
}

function marker(x, y, colour, symbol, name, yaxis) {
  return {
    type: "scatter",
    mode: "markers",
    x: [x],
    y: [y],
    yaxis,
    name,
    legendgroup: name,
    showlegend: false,
    marker: { color: colour, size: 13, symbol, line: { color: OUTLINE, width: 2 } },
    hoverinfo: "skip",
  };
}

/**
 * The sweep: ∂L/∂o_t (top) and L (bottom) of both losses as o_t runs from very wrong to
 * very right; the dashed line and the markers are the logits on the inputs.
 */
export function drawSweep(el, data) {
  const { sweep, activation, current, crossEntropy, squaredError, classText } = data;
  const ce = escapeLabel(t("compare.loss.cross_entropy"));
  const se = escapeLabel(t("compare.loss.squared_error"));
  const x = sweep.logits;
  const probs = sweep.probs;
  const pull = "∂L/∂o<sub>t</sub>";
  const asCE = { probs, colour: CROSS_ENTROPY, dash: "solid", name: ce };
  const asSE = { probs, colour: SQUARED_ERROR, dash: "dash", name: se };
  const traces = [
    curve(x, sweep.cross_entropy.grad_target, { ...asCE, yaxis: "y", symbol: pull }),
    curve(x, sweep.squared_error.grad_target, { ...asSE, yaxis: "y", symbol: pull }),
    curve(x, sweep.cross_entropy.loss, { ...asCE, yaxis: "y2", symbol: "L" }),
    curve(x, sweep.squared_error.loss, { ...asSE, yaxis: "y2", symbol: "L" }),
  ];
  const inside = current >= x[0] && current <= x[x.length - 1];
  // Shaded: o_t below the largest other logit, where softmax predicts another class (the
  // sweep's offset 0 is o_t = max_{k≠t} o_k). A sigmoid's classes do not compete.
  const boundary = sweep.offsets.findIndex((offset) => offset >= 0);
  const shapes = [];
  if (activation === "softmax" && boundary > 0) {
    shapes.push({
      type: "rect",
      xref: "x",
      yref: "paper",
      x0: x[0],
      x1: x[boundary],
      y0: 0,
      y1: 1,
      layer: "below",
      line: { width: 0 },
      fillcolor: "rgba(120, 120, 120, 0.12)",
    });
  }
  if (inside) {
    traces.push(
      marker(current, crossEntropy.grad, CROSS_ENTROPY, "circle", ce, "y"),
      marker(current, squaredError.grad, SQUARED_ERROR, "diamond", se, "y"),
      marker(current, crossEntropy.loss, CROSS_ENTROPY, "circle", ce, "y2"),
      marker(current, squaredError.loss, SQUARED_ERROR, "diamond", se, "y2"),
    );
    shapes.push({
      type: "line",
      xref: "x",
      yref: "paper",
      x0: current,
      x1: current,
      y0: 0,
      y1: 1,
      line: { color: OUTLINE, width: 2, dash: "dot" },
    });
  }
  const note = (xPos, anchor, text) => ({
    xref: "paper",
    yref: "paper",
    x: xPos,
    y: 1,
    xanchor: anchor,
    yanchor: "bottom",
    text: escapeLabel(text),
    showarrow: false,
    font: { size: 14 },
  });
  const annotations = [
    note(0, "left", t("compare.sweep.wrong")),
    note(1, "right", t("compare.sweep.right")),
  ];
  if (!inside) annotations.push(note(0.5, "center", t("compare.sweep.off_chart")));
  return plot(el, traces, {
    height: 560,
    margin: { ...MARGIN, t: 64 },
    legend: { orientation: "h", x: 0.5, xanchor: "center", y: 1.13 },
    xaxis: axis(escapeLabel(t("compare.axis.target_logit", { class: classText })), {
      anchor: "y2",
      range: [x[0], x[x.length - 1]],
    }),
    yaxis: valueAxis("∂L/∂o<sub>t</sub>", { domain: [0.5, 1] }),
    yaxis2: valueAxis("L", { domain: [0, 0.4], rangemode: "tozero" }),
    shapes,
    annotations,
  });
}

/** The numbers at the inputs' logits: each loss's L and ∂L/∂o_t. */
function showNumbers(answer, names) {
  const target = answer.target_class;
  $("compare-at").textContent = t("compare.table.caption", {
    class: classLabel(names, target),
    prob: formatNumber(answer.probs[target], 4),
  });
  for (const [id, side] of [
    ["ce", answer.cross_entropy],
    ["se", answer.squared_error],
  ]) {
    $(`compare-${id}-loss`).textContent = formatNumber(side.loss, 5);
    $(`compare-${id}-grad`).textContent = formatNumber(side.grad_logits[target], 4);
  }
  showWarnings($("compare-warnings"), $("compare-warnings-list"), answer.warnings);
}

/** Draw the comparison from a view whose `comparison` is {request, answer}. */
export function drawComparison({ comparison }) {
  const { request, answer } = comparison;
  const names = answer.class_names;
  const sigmoid = answer.activation === "sigmoid";
  for (const side of ["ce", "se"]) {
    const title = `compare.chart.${side}`;
    retitle(`compare_${side}`, sigmoid ? `${title}.sigmoid` : title, `${title}.caption`);
  }
  setKey($("compare-explain"), sigmoid ? "compare.explain.sigmoid" : "compare.explain.softmax");
  showNumbers(answer, names);
  const target = answer.target_class;
  const ce = answer.cross_entropy;
  const se = answer.squared_error;
  // One scale for both: the difference in size is the point.
  const extent = symmetric([ce.grad_logits, se.grad_logits], 1.1);
  return Promise.all([
    drawIfChanged("compare_ce", drawGradBars, {
      gradLogits: ce.grad_logits,
      extent,
      target,
      names,
      loss: t("compare.loss.cross_entropy"),
    }),
    drawIfChanged("compare_se", drawGradBars, {
      gradLogits: se.grad_logits,
      extent,
      target,
      names,
      loss: t("compare.loss.squared_error"),
    }),
    drawIfChanged("compare_sweep", drawSweep, {
      sweep: answer.sweep,
      activation: answer.activation,
      current: request.logits[target],
      crossEntropy: { grad: ce.grad_logits[target], loss: ce.loss },
      squaredError: { grad: se.grad_logits[target], loss: se.loss },
      classText: classLabel(names, target),
    }),
  ]);
}
