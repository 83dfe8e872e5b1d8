// The sequence pages' charts (/rnn, /lstm), as functions from the API's arrays to a
// Plotly figure: the per-step bars, the grids of outer-product heatmaps beside their sum,
// and per-step vectors (an LSTM's gates and states) as heatmaps of steps × units. Panels
// are laid out by hand (axis domains in paper coordinates) so that "+" and "=" can sit
// between them. Texts are the page's own (`prefix`: "rnn.", "lstm."). Every function
// returns the promise of lib/plot.js's plot().

import { t } from "../lib/i18n.js";
import { DIVERGING, PREDICTION, TARGET, TARGET_PATTERN, signColours } from "../lib/palette.js";
import {
  TICK_LABELS,
  ZERO_LINE,
  axis,
  escapeLabel,
  maxAbs,
  plot,
  range,
} from "../lib/plot.js";

// Heatmap panels per row; more steps wrap onto further rows.
const MAX_PANEL_COLUMNS = 5;
// Numbers are written in heatmap cells while a row of panels holds at most this many cells.
const MAX_CELLS_ACROSS = 10;
const HEATMAP_ROW_PX = 250;
const ROW_GAP_PX = 60;
const BARS_ROW_PX = 230;
// A step's row in the per-step heatmaps, and their cells across that still get numbers.
const STEP_ROW_PX = 30;
const MAX_STEP_CELLS_ACROSS = 16;

/** A chart of panels laid out by hand: no legend unless asked. */
function plotPanels(el, traces, extra) {
  return plot(el, traces, { showlegend: false, ...extra });
}

/** Plotly's names for the n-th axis (1-based): the layout key and the trace reference. */
function axisNames(n) {
  const suffix = n === 1 ? "" : String(n);
  return { x: `xaxis${suffix}`, y: `yaxis${suffix}`, xref: `x${suffix}`, yref: `y${suffix}` };
}

/** A panel's place in a grid, in paper coordinates, rows from the top. */
function panelDomain(index, columns, rows, hgap, vgap) {
  const column = index % columns;
  const row = Math.floor(index / columns);
  const width = (1 - hgap * (columns - 1)) / columns;
  const height = (1 - vgap * (rows - 1)) / rows;
  const left = column * (width + hgap);
  const top = 1 - row * (height + vgap);
  return { x: [left, left + width], y: [top - height, top], row, column };
}

function title(text, domain) {
  return {
    xref: "paper",
    yref: "paper",
    x: (domain.x[0] + domain.x[1]) / 2,
    y: domain.y[1],
    xanchor: "center",
    yanchor: "bottom",
    text,
    showarrow: false,
    font: { size: 16 },
  };
}

function operator(text, left, right, domain) {
  return {
    xref: "paper",
    yref: "paper",
    x: (left + right) / 2,
    y: (domain.y[0] + domain.y[1]) / 2,
    text,
    showarrow: false,
    font: { size: 26 },
  };
}

function indexAxis(count, titleText, extra = {}, ticks = range(count).map(String)) {
  return axis(titleText, {
    title: { text: titleText, standoff: 4 },
    tickmode: "array",
    tickvals: range(count),
    ticktext: ticks,
    ...extra,
  });
}

/**
 * One heatmap panel on the axes `names`: rows `y` of matrix `z`, columns by index, on the
 * diverging scale centred at 0 from −extent to extent, cells apart by a pixel.
 */
function heatmapPanel(names, { z, y, extent, showscale, colorbar = {}, ...rest }) {
  return {
    type: "heatmap",
    z,
    x: range(z[0]?.length ?? 0),
    y,
    xaxis: names.xref,
    yaxis: names.yref,
    colorscale: DIVERGING,
    zmin: -extent,
    zmax: extent,
    zmid: 0,
    xgap: 1,
    ygap: 1,
    showscale,
    colorbar: { thickness: 14, ...colorbar, ...TICK_LABELS },
    textfont: { size: 13 },
    ...rest,
  };
}

/**
 * Per step t, ŷ_t beside y_t (top) and ∂L/∂o_t = ŷ_t − y_t (bottom), one column per
 * step; the bottom row shares one symmetric scale so that steps compare.
 */
export function drawStepBars(el, { steps }, prefix) {
  const count = steps.length;
  const classes = steps[0].probs.length;
  const hgap = count > 1 ? 0.04 : 0;
  const top = Math.max(1, ...steps.flatMap((s) => s.target).filter((v) => v !== null)) * 1.05;
  const extent = maxAbs(steps.map((s) => s.grad_logits)) * 1.15;
  const traces = [];
  const axes = {};
  const annotations = [];
  const probsName = escapeLabel(t("series.probs"));
  const targetName = escapeLabel(t("series.target"));
  const diffName = escapeLabel(t(`${prefix}series.diff`));
  steps.forEach((step, i) => {
    const upper = axisNames(i + 1);
    const lower = axisNames(count + i + 1);
    const column = panelDomain(i, count, 1, hgap, 0);
    const upperDomain = [0.5, 0.9];
    const lowerDomain = [0.0, 0.4];
    const x = range(classes);
    const where = `t = ${step.t}, k = %{x}`;
    traces.push(
      {
        type: "bar",
        name: probsName,
        legendgroup: "probs",
        showlegend: i === 0,
        x,
        y: step.probs,
        xaxis: upper.xref,
        yaxis: upper.yref,
        marker: { color: PREDICTION },
        hovertemplate: `${where}<br>ŷ = %{y:.5g}<extra></extra>`,
      },
      {
        type: "bar",
        name: targetName,
        legendgroup: "target",
        showlegend: i === 0,
        x,
        y: step.target,
        xaxis: upper.xref,
        yaxis: upper.yref,
        marker: { color: TARGET, pattern: TARGET_PATTERN },
        hovertemplate: `${where}<br>y = %{y:.5g}<extra></extra>`,
      },
      {
        type: "bar",
        name: diffName,
        showlegend: false,
        x,
        y: step.grad_logits,
        xaxis: lower.xref,
        yaxis: lower.yref,
        marker: { color: signColours(step.grad_logits) },
        hovertemplate: `${where}<br>ŷ − y = %{y:.5g}<extra></extra>`,
      },
    );
    const classTitle = escapeLabel(t(`${prefix}axis.class`));
    axes[upper.x] = indexAxis(classes, "", { domain: column.x, anchor: upper.yref });
    axes[upper.y] = {
      domain: upperDomain,
      anchor: upper.xref,
      range: [0, top],
      title: { text: i === 0 ? escapeLabel(t(`${prefix}axis.value`)) : "" },
      zeroline: true,
      ...TICK_LABELS,
    };
    axes[lower.x] = indexAxis(classes, classTitle, { domain: column.x, anchor: lower.yref });
    axes[lower.y] = {
      domain: lowerDomain,
      anchor: lower.xref,
      range: [-extent, extent],
      title: { text: i === 0 ? diffName : "" },
      ...TICK_LABELS,
      ...ZERO_LINE,
    };
    annotations.push(
      title(escapeLabel(t(`${prefix}panel.step`, { t: step.t })), { x: column.x, y: upperDomain }),
    );
  });
  const height = 2 * BARS_ROW_PX + 40;
  // The card's height follows the figure's (the stylesheet gives charts one default).
  el.style.height = `${height}px`;
  return plotPanels(el, traces, {
    ...axes,
    annotations,
    barmode: "group",
    showlegend: true,
    legend: { orientation: "h", x: 0, y: 1.0, yanchor: "bottom" },
    margin: { l: 80, r: 20, t: 30, b: 60 },
    height,
  });
}

/**
 * Each step's term of a gradient beside their sum: `terms[t]` and `total` are matrices
 * with rows named by `rowTitle` and columns by `columnTitle` (ticked `columnTicks`, else
 * by index); one diverging colour scale centred at 0 for every panel.
 */
export function drawOuterProducts(
  el,
  { terms, total, symbol, rowTitle, columnTitle, columnTicks },
  prefix,
) {
  const panels = [...terms, total];
  // As few rows as MAX_PANEL_COLUMNS allows, the panels spread evenly over them.
  const rows = Math.ceil(panels.length / MAX_PANEL_COLUMNS);
  const columns = Math.ceil(panels.length / rows);
  const margin = { l: 70, r: 20, t: 34, b: 56 };
  const figureHeight = rows * HEATMAP_ROW_PX + margin.t + margin.b;
  const hgap = columns > 1 ? 0.08 : 0;
  // Room between rows for the upper row's ticks and the lower row's titles.
  const vgap = rows > 1 ? ROW_GAP_PX / (figureHeight - margin.t - margin.b) : 0;
  const extent = maxAbs(panels);
  const height = total.length;
  const width = total[0]?.length ?? 0;
  const cellText = width * columns <= MAX_CELLS_ACROSS;
  const rowName = escapeLabel(rowTitle);
  const columnName = escapeLabel(columnTitle);
  const traces = [];
  const axes = {};
  const annotations = [];
  let previous = null;
  panels.forEach((z, index) => {
    const isTotal = index === panels.length - 1;
    const names = axisNames(index + 1);
    const domain = panelDomain(index, columns, rows, hgap, vgap);
    const label = isTotal
      ? `${escapeLabel(symbol)} = ${escapeLabel(t(`${prefix}panel.total`))}`
      : escapeLabel(t(`${prefix}panel.step`, { t: index + 1 }));
    traces.push(
      heatmapPanel(names, {
        z,
        y: range(height),
        extent,
        showscale: isTotal,
        colorbar: { title: { text: escapeLabel(symbol) } },
        texttemplate: cellText ? "%{z:.3f}" : "",
        hovertemplate:
          `${label}<br>${rowName} = %{y}, ${columnName} = %{x}` +
          "<br>%{z:.5g}<extra></extra>",
      }),
    );
    const lastRow = domain.row === rows - 1;
    axes[names.x] = indexAxis(
      width,
      lastRow || isTotal ? columnName : "",
      { domain: domain.x, anchor: names.yref },
      columnTicks,
    );
    // Row indices once per row of panels: the gaps between panels hold "+" and "=".
    axes[names.y] = indexAxis(height, domain.column === 0 ? rowName : "", {
      domain: domain.y,
      anchor: names.xref,
      autorange: "reversed",
      showticklabels: domain.column === 0,
    });
    annotations.push(title(label, domain));
    // "+" between the steps' panels and "=" before the sum, where they share a row.
    if (previous && previous.row === domain.row) {
      annotations.push(operator(isTotal ? "=" : "+", previous.x[1], domain.x[0], domain));
    }
    previous = domain;
  });
  el.style.height = `${figureHeight}px`;
  return plotPanels(el, traces, {
    ...axes,
    annotations,
    margin,
    height: figureHeight,
  });
}

/**
 * Per-step vectors side by side, one panel each: `panels` are {symbol, rows} with
 * rows[t] the step's vector (the API's per-step field), drawn as steps (down) × units
 * (across) on one diverging scale centred at 0, from −extent to extent.
 */
export function drawStepHeatmaps(el, { panels, extent, columnTitle }, prefix) {
  const steps = panels[0].rows.length;
  const width = panels[0].rows[0]?.length ?? 0;
  const margin = { l: 70, r: 20, t: 34, b: 56 };
  const figureHeight = Math.max(220, steps * STEP_ROW_PX) + margin.t + margin.b;
  const hgap = panels.length > 1 ? 0.06 : 0;
  const cellText = width * panels.length <= MAX_STEP_CELLS_ACROSS;
  const stepName = escapeLabel(t(`${prefix}axis.step`));
  const columnName = escapeLabel(columnTitle);
  const stepNumbers = range(steps).map((k) => k + 1);
  const traces = [];
  const axes = {};
  const annotations = [];
  panels.forEach(({ symbol, rows }, index) => {
    const names = axisNames(index + 1);
    const domain = panelDomain(index, panels.length, 1, hgap, 0);
    const label = escapeLabel(symbol);
    traces.push(
      heatmapPanel(names, {
        z: rows,
        y: stepNumbers,
        extent,
        showscale: index === panels.length - 1,
        texttemplate: cellText ? "%{z:.3g}" : "",
        hovertemplate: `${label}<br>t = %{y}, ${columnName} = %{x}<br>%{z:.5g}<extra></extra>`,
      }),
    );
    axes[names.x] = indexAxis(width, columnName, { domain: domain.x, anchor: names.yref });
    axes[names.y] = axis(index === 0 ? stepName : "", {
      title: { text: index === 0 ? stepName : "", standoff: 4 },
      tickmode: "array",
      tickvals: stepNumbers,
      ticktext: stepNumbers.map(String),
      domain: domain.y,
      anchor: names.xref,
      autorange: "reversed",
      showticklabels: index === 0,
    });
    annotations.push(title(label, domain));
  });
  el.style.height = `${figureHeight}px`;
  return plotPanels(el, traces, { ...axes, annotations, margin, height: figureHeight });
}
