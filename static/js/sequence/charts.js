// The sequence pages' charts (/rnn, /lstm), as functions from the API's arrays to a
// Plotly figure: the per-step bars, each weight gradient's per-step terms beside their
// sum, and per-step vectors (an LSTM's gates and states) as heatmaps of steps × units.
//
// Each figure has as few axes as it can: every Plotly.react with new numbers is a full
// replot, and its cost grows with the number of axes (the 12-step preset's gradients,
// drawn with an axis pair per panel, took several times what they take now). So:
// - the panels of a heatmap figure are tiled into ONE matrix, drawn as one heatmap
//   trace on one axis pair: panels side by side with a column of nulls between them,
//   and a row of nulls between rows of panels where they wrap (MAX_PANEL_COLUMNS to a
//   row), the gaps blank and without hover (hoverongaps: false); the cells' edges are
//   given (x, y), so a gap can be narrower or wider than a cell. The ticks repeat each
//   panel's column indices under its cells and the row indices beside each row of
//   panels (tickmode "array"); one colour bar, one diverging scale centred at 0 for
//   every panel; the hover names the panel, the row and the column (customdata).
// - the per-step bars are two axis pairs, ŷ_t beside y_t on top and ŷ_t − y_t below,
//   the steps side by side along x, BARS_GAP apart.
// - the panels' titles, and the "+" and "=" between a sum's terms, are one trace of
//   texts in data coordinates (labelTrace: annotations cost far more, see there).
//
// Every figure's traces say where each panel sits (trace.meta.panels, Plotly's slot
// for user data): {label, row0, col0, rows, cols}, the panel's first row and column in
// the heatmap's z (rows × cols from there), or for the bars the x of its first bar
// (col0) and its bar count (cols); so a reader (the browser tests) can split a figure
// back into its panels. Texts are the page's own (`prefix`: "rnn.", "lstm."), escaped
// (escapeLabel: Plotly reads labels as markup). Every function returns the promise of
// lib/plot.js's plot().

import { t } from "../lib/i18n.js";
import { DIVERGING, PREDICTION, TARGET, TARGET_PATTERN, signColours } from "../lib/palette.js";
import {
  TICK_LABELS,
  ZERO_LINE,
  axis,
  cellsHoldNumbers,
  escapeLabel,
  maxAbs,
  plot,
  plotWidth,
  range,
  setHeight,
} from "../lib/plot.js";

// Heatmap panels per row; more steps wrap onto further rows. Fewer on a narrow screen:
// a panel keeps room for its title (over it and its gap) and MIN_CELL_PX a cell, and
// its row is then shorter too, 2 px for each of its width, from MIN_ROW_PX.
const MAX_PANEL_COLUMNS = 5;
const MIN_CELL_PX = 12;
const MIN_ROW_PX = 140;
// Numbers are written in heatmap cells while a row of panels holds at most this many cells
// and each cell is wide enough for one on the screen (cellsHoldNumbers).
const MAX_CELLS_ACROSS = 10;
// A row of gradient panels, and the room between two rows for the lower row's titles.
const HEATMAP_ROW_PX = 230;
const ROW_GAP_PX = 44;
// The gap between two panels side by side, as a share of the plot's width: room for
// "+" and "=" (the plot's width in pixels is the browser's, so the gap is a share).
const PANEL_GAP = 0.06;
const BARS_ROW_PX = 230;
// The gap between two steps' bars, in bars.
const BARS_GAP = 1;
// A step's row in the per-step heatmaps, and their cells across that still get numbers
// (where each is wide enough for one).
const STEP_ROW_PX = 30;
// A row of per-step panels where they wrap onto more than one row: at least this tall.
const MIN_STEP_BLOCK_PX = 120;
const MAX_STEP_CELLS_ACROSS = 16;
// Their numbers (".3g") run to eight characters ("−0.00440"): this many pixels.
const STEP_NUMBER_PX = 60;
// Panel titles over more panels than this are set smaller, so that they keep apart.
const CROWDED_TITLES = 8;
// The top row of bars repeats the class indices of the bottom row (the same columns)
// while there are at most this many: each tick label is measured and drawn on every
// redraw, and 36 of them (12 steps of 3 classes) were a third of the chart's.
const MAX_UPPER_TICK_LABELS = 12;

/** A chart of panels: no legend unless asked. */
function plotPanels(el, traces, extra) {
  return plot(el, traces, { showlegend: false, ...extra });
}

/**
 * The width of a gap between `columns` panels of `cells` cells each, in cells: a share
 * `share` of the whole width.
 */
function gapCells(columns, cells, share) {
  if (columns < 2) return 0;
  return (share * columns * cells) / (1 - share * (columns - 1));
}

/** A title's width in pixels at `size` px, from its characters (about 0.5 em each). */
const titlePx = (text, size) => 0.5 * size * text.length;

/**
 * How `count` panels of `width` cells, titled `names` in `size` px, sit in `el`: as few
 * rows as MAX_PANEL_COLUMNS allows, or fewer panels to a row where the chart is too
 * narrow for them (then rows of rowPx each, shorter than HEATMAP_ROW_PX), the panels
 * spread evenly over the rows.
 */
function panelGrid(el, count, { margin, width, names, size }) {
  const most = Math.min(MAX_PANEL_COLUMNS, count);
  const plotPx = plotWidth(el, margin);
  const widest = Math.max(width * MIN_CELL_PX, ...names.map((name) => titlePx(name, size)));
  const panelPx = (columns) => (plotPx * (1 - PANEL_GAP * (columns - 1))) / columns;
  let columns = most;
  while (plotPx !== null && columns > 1 && panelPx(columns) + plotPx * PANEL_GAP < widest) {
    columns -= 1;
  }
  const spread = (across) => Math.ceil(count / Math.ceil(count / across));
  columns = spread(columns);
  const rowPx =
    columns >= spread(most)
      ? HEATMAP_ROW_PX
      : Math.round(Math.min(HEATMAP_ROW_PX, Math.max(MIN_ROW_PX, 2 * panelPx(columns))));
  return { columns, rowPx };
}

/**
 * The edges of `count` bands of `size` unit cells each, `gap` apart: the cells' edges
 * (a gap is one null cell of its own width), and each band's first edge.
 */
function bandEdges(count, size, gap) {
  const edges = [0];
  const starts = [];
  for (let band = 0; band < count; band += 1) {
    if (band > 0) edges.push(edges.at(-1) + gap);
    starts.push(edges.at(-1));
    for (let k = 0; k < size; k += 1) edges.push(edges.at(-1) + 1);
  }
  return { edges, starts };
}

/**
 * The panels `matrices` (each `height` × `width`, `labels[n]` naming the n-th) tiled
 * into one matrix `columns` panels across, a null column between two panels side by
 * side and a null row between two rows of panels (and nulls after the last panel where
 * it leaves its row short); `customdata` names each cell's panel, row (`rowNames[i]`,
 * by default i) and column for the hover, the label escaped (Plotly reads it as
 * markup). Cells are 1 × 1 in data coordinates and the gaps `hgap` wide and `vgap` high
 * (`x` and `y` are the cells' edges); `panels` say where each panel sits in z (the
 * figure's meta), `bands` where its column and row of panels start in data coordinates
 * (`lastRow`: the columns the bottom row's panels start at).
 */
function tile(matrices, labels, { height, width, columns, hgap, vgap, rowNames = range(height) }) {
  const rows = Math.ceil(matrices.length / columns);
  const across = columns * width + columns - 1;
  const names = labels.map(escapeLabel);
  const z = [];
  const customdata = [];
  const panels = matrices.map((_, n) => ({
    label: labels[n],
    row0: Math.floor(n / columns) * (height + 1),
    col0: (n % columns) * (width + 1),
    rows: height,
    cols: width,
  }));
  for (let row = 0; row < rows; row += 1) {
    if (row > 0) {
      z.push(new Array(across).fill(null));
      customdata.push(new Array(across).fill(null));
    }
    for (let i = 0; i < height; i += 1) {
      const zRow = [];
      const dataRow = [];
      for (let column = 0; column < columns; column += 1) {
        if (column > 0) {
          zRow.push(null);
          dataRow.push(null);
        }
        const n = row * columns + column;
        const matrix = matrices[n];
        for (let j = 0; j < width; j += 1) {
          zRow.push(matrix ? matrix[i][j] : null);
          dataRow.push(matrix ? [names[n], rowNames[i], j] : null);
        }
      }
      z.push(zRow);
      customdata.push(dataRow);
    }
  }
  const x = bandEdges(columns, width, hgap);
  const y = bandEdges(rows, height, vgap);
  // The bottom row's panels' columns: a short last row leaves the others empty.
  const lastRow = x.starts.slice(0, matrices.length - (rows - 1) * columns);
  const bands = { x: x.starts, y: y.starts, lastRow };
  return { z, customdata, x: x.edges, y: y.edges, panels, bands };
}

/**
 * The ticks of bands of `size` cells starting at `starts` (data coordinates): each
 * cell's centre, the k-th of a band labelled `labels[k]` (escaped) in every band.
 */
function bandTicks(starts, size, labels) {
  const text = labels.map(escapeLabel);
  return {
    tickmode: "array",
    tickvals: starts.flatMap((start) => range(size).map((k) => start + k + 0.5)),
    ticktext: starts.flatMap(() => text),
  };
}

/**
 * A heatmap's axis over the cells' edges `edges`: its range exactly theirs (set, not
 * computed by Plotly), reversed for rows (the first row on top).
 */
function cellAxis(titleText, edges, ticks, reversed = false) {
  const limits = [edges[0], edges.at(-1)];
  return axis(titleText, {
    title: { text: titleText, standoff: 4 },
    range: reversed ? limits.reverse() : limits,
    autorange: false,
    showgrid: false,
    ...ticks,
  });
}

/**
 * The texts written over a figure (the panels' titles, and "+" and "=" between them) as
 * one scatter trace of texts in data coordinates on the axes `xref`/`yref`: `labels` are
 * {text (escaped), x, y, position ("top center": above (x, y)), size}. Not annotations:
 * Plotly lays out, measures and draws each annotation on its own on every replot (a
 * full one on every edit), over a millisecond apiece: the 12-step preset's gradient
 * charts (13 titles, 10 signs) took about 74 ms a redraw with annotations, 50 ms with
 * this trace and 43 ms with neither. A text outside the plot area (a title over the
 * top row) still shows: cliponaxis is off, and every point sits within the axes'
 * ranges (on their edges at the furthest), outside which Plotly would hide it.
 */
function labelTrace(labels, { xref = "x", yref = "y" } = {}) {
  return {
    type: "scatter",
    mode: "text",
    x: labels.map((label) => label.x),
    y: labels.map((label) => label.y),
    text: labels.map((label) => label.text),
    textposition: labels.map((label) => label.position),
    textfont: { size: labels.map((label) => label.size) },
    xaxis: xref,
    yaxis: yref,
    cliponaxis: false,
    hoverinfo: "skip",
    showlegend: false,
  };
}

/** A panel's title centred above data point (x, y). */
const title = (text, x, y, size) => ({ text, x, y, position: "top center", size });

/** "+" or "=" centred at data point (x, y) (a gap's middle). */
const operator = (text, x, y) => ({ text, x, y, position: "middle center", size: 26 });

/**
 * The one heatmap trace of tiled panels `tiled`, on the diverging scale centred at 0
 * from −extent to extent, cells apart by a pixel; `hover` names a cell from its
 * customdata ([panel, row, column]).
 */
function tiledHeatmap(tiled, { extent, hover, texttemplate, colorbar = {} }) {
  return {
    type: "heatmap",
    z: tiled.z,
    x: tiled.x,
    y: tiled.y,
    customdata: tiled.customdata,
    meta: { panels: tiled.panels },
    colorscale: DIVERGING,
    zmin: -extent,
    zmax: extent,
    zmid: 0,
    xgap: 1,
    ygap: 1,
    hoverongaps: false,
    showscale: true,
    colorbar: { thickness: 14, ...colorbar, ...TICK_LABELS },
    texttemplate,
    textfont: { size: 13 },
    hovertemplate: `${hover}<br>%{z:.5g}<extra></extra>`,
  };
}

/**
 * Per step t, ŷ_t beside y_t (top) and ∂L/∂o_t = ŷ_t − y_t (bottom): two axis pairs,
 * the steps side by side along x, BARS_GAP apart; the bottom row shares one symmetric
 * scale so that steps compare. trace.meta.panels: each step's first bar's x and count.
 */
export function drawStepBars(el, { steps }, prefix) {
  const count = steps.length;
  const classes = steps[0].probs.length;
  const top = Math.max(1, ...steps.flatMap((s) => s.target).filter((v) => v !== null)) * 1.05;
  const extent = maxAbs(steps.map((s) => s.grad_logits)) * 1.15;
  const stride = classes + BARS_GAP;
  const x = steps.flatMap((_, i) => range(classes).map((k) => i * stride + k));
  const customdata = steps.flatMap((step) => range(classes).map((k) => [step.t, k]));
  const panels = steps.map((step, i) => ({
    label: t(`${prefix}panel.step`, { t: step.t }),
    col0: i * stride,
    cols: classes,
  }));
  const meta = { panels };
  const where = "t = %{customdata[0]}, k = %{customdata[1]}";
  const probsName = escapeLabel(t("series.probs"));
  const targetName = escapeLabel(t("series.target"));
  const diffName = escapeLabel(t(`${prefix}series.diff`));
  const size = count > CROWDED_TITLES ? 13 : 16;
  const titles = panels.map((panel) =>
    title(escapeLabel(panel.label), panel.col0 + (classes - 1) / 2, top, size),
  );
  const traces = [
    {
      type: "bar",
      name: probsName,
      x,
      y: steps.flatMap((s) => s.probs),
      customdata,
      meta,
      marker: { color: PREDICTION },
      hovertemplate: `${where}<br>ŷ = %{y:.5g}<extra></extra>`,
    },
    {
      type: "bar",
      name: targetName,
      x,
      y: steps.flatMap((s) => s.target),
      customdata,
      meta,
      marker: { color: TARGET, pattern: TARGET_PATTERN },
      hovertemplate: `${where}<br>y = %{y:.5g}<extra></extra>`,
    },
    {
      type: "bar",
      name: diffName,
      showlegend: false,
      x,
      y: steps.flatMap((s) => s.grad_logits),
      customdata,
      meta,
      xaxis: "x2",
      yaxis: "y2",
      marker: { color: signColours(steps.flatMap((s) => s.grad_logits)) },
      hovertemplate: `${where}<br>ŷ − y = %{y:.5g}<extra></extra>`,
    },
    // Over the top row of bars, at the top of its range.
    labelTrace(titles),
  ];
  const upperDomain = [0.5, 0.9];
  const lowerDomain = [0.0, 0.4];
  const starts = panels.map((panel) => panel.col0 - 0.5);
  const xRange = [-0.5 - BARS_GAP / 2, (count - 1) * stride + classes - 0.5 + BARS_GAP / 2];
  // The class indices under each step's bars (top and bottom while they are few).
  const classTicks = bandTicks(starts, classes, range(classes).map(String));
  const classAxis = (titleText, anchor, extra = {}) =>
    axis(titleText, {
      title: { text: titleText, standoff: 4 },
      ...classTicks,
      range: xRange,
      autorange: false,
      showgrid: false,
      anchor,
      ...extra,
    });
  const height = 2 * BARS_ROW_PX + 40;
  // The card's height follows the figure's (the stylesheet gives charts one default).
  setHeight(el, height);
  return plotPanels(el, traces, {
    xaxis: classAxis("", "y", { showticklabels: x.length <= MAX_UPPER_TICK_LABELS }),
    yaxis: {
      domain: upperDomain,
      anchor: "x",
      range: [0, top],
      title: { text: escapeLabel(t(`${prefix}axis.value`)) },
      zeroline: true,
      ...TICK_LABELS,
    },
    xaxis2: classAxis(escapeLabel(t(`${prefix}axis.class`)), "y2"),
    yaxis2: {
      domain: lowerDomain,
      anchor: "x2",
      range: [-extent, extent],
      title: { text: diffName },
      ...TICK_LABELS,
      ...ZERO_LINE,
    },
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
 * by index), tiled into one heatmap, MAX_PANEL_COLUMNS panels to a row, "+" between the
 * terms and "=" before the sum; one diverging colour scale centred at 0 for every panel.
 */
export function drawOuterProducts(
  el,
  { terms, total, symbol, rowTitle, columnTitle, columnTicks },
  prefix,
) {
  const matrices = [...terms, total];
  const height = total.length;
  const width = total[0]?.length ?? 0;
  const margin = { l: 70, r: 20, t: 34, b: 56 };
  const names = [
    ...terms.map((_, index) => t(`${prefix}panel.step`, { t: index + 1 })),
    `${symbol} = ${t(`${prefix}panel.total`)}`,
  ];
  const size = matrices.length > CROWDED_TITLES ? 14 : 16;
  const { columns, rowPx } = panelGrid(el, matrices.length, { margin, width, names, size });
  const rows = Math.ceil(matrices.length / columns);
  const plotHeight = rows * rowPx + (rows - 1) * ROW_GAP_PX;
  const figureHeight = plotHeight + margin.t + margin.b;
  const tiled = tile(matrices, names, {
    height,
    width,
    columns,
    hgap: gapCells(columns, width, PANEL_GAP),
    vgap: (ROW_GAP_PX * height) / rowPx,
  });
  const rowName = escapeLabel(rowTitle);
  const columnName = escapeLabel(columnTitle);
  const labels = [];
  tiled.panels.forEach((panel, index) => {
    const left = tiled.bands.x[index % columns];
    const topEdge = tiled.bands.y[Math.floor(index / columns)];
    labels.push(title(escapeLabel(panel.label), left + width / 2, topEdge, size));
    // "+" between the steps' panels and "=" before the sum, where they share a row.
    if (index % columns > 0) {
      const gapMiddle = (tiled.bands.x[(index % columns) - 1] + width + left) / 2;
      const sign = index === matrices.length - 1 ? "=" : "+";
      labels.push(operator(sign, gapMiddle, topEdge + height / 2));
    }
  });
  const cells = width * columns;
  const numbered =
    cells <= MAX_CELLS_ACROSS &&
    cellsHoldNumbers(el, cells, { margin, gaps: PANEL_GAP * (columns - 1) });
  const trace = tiledHeatmap(tiled, {
    extent: maxAbs(matrices),
    hover: `%{customdata[0]}<br>${rowName} = %{customdata[1]}, ${columnName} = %{customdata[2]}`,
    texttemplate: numbered ? "%{z:.3f}" : "",
    colorbar: { title: { text: escapeLabel(symbol) } },
  });
  setHeight(el, figureHeight);
  return plotPanels(el, [trace, labelTrace(labels)], {
    // Column labels under the bottom row's panels (every panel has the same columns),
    // none under the empty places a short bottom row leaves.
    xaxis: cellAxis(
      columnName,
      tiled.x,
      bandTicks(tiled.bands.lastRow, width, columnTicks ?? range(width).map(String)),
    ),
    yaxis: cellAxis(
      rowName,
      tiled.y,
      bandTicks(tiled.bands.y, height, range(height).map(String)),
      true,
    ),
    margin,
    height: figureHeight,
  });
}

/**
 * Per-step vectors side by side, one panel each, tiled into one heatmap: `panels` are
 * {symbol, rows} with rows[t] the step's vector (the API's per-step field), drawn as
 * steps (down) × units (across) on one diverging scale centred at 0, from −extent to
 * extent.
 */
export function drawStepHeatmaps(el, { panels, extent, columnTitle }, prefix) {
  const steps = panels[0].rows.length;
  const width = panels[0].rows[0]?.length ?? 0;
  const margin = { l: 70, r: 20, t: 34, b: 56 };
  const symbols = panels.map((panel) => panel.symbol);
  // Side by side; on a narrow screen, rows of as many as keep their titles apart.
  const { columns } = panelGrid(el, panels.length, { margin, width, names: symbols, size: 16 });
  const rows = Math.ceil(panels.length / columns);
  const blockPx = Math.max(rows === 1 ? 220 : MIN_STEP_BLOCK_PX, steps * STEP_ROW_PX);
  const figureHeight = rows * blockPx + (rows - 1) * ROW_GAP_PX + margin.t + margin.b;
  // Rows are steps, counted from 1.
  const stepNumbers = range(steps).map((k) => k + 1);
  const tiled = tile(
    panels.map((panel) => panel.rows),
    symbols,
    {
      height: steps,
      width,
      columns,
      hgap: gapCells(columns, width, PANEL_GAP),
      vgap: (ROW_GAP_PX * steps) / blockPx,
      rowNames: stepNumbers,
    },
  );
  const stepName = escapeLabel(t(`${prefix}axis.step`));
  const columnName = escapeLabel(columnTitle);
  const cells = width * columns;
  const numbered =
    cells <= MAX_STEP_CELLS_ACROSS &&
    cellsHoldNumbers(el, cells, {
      margin,
      gaps: PANEL_GAP * (columns - 1),
      numberPx: STEP_NUMBER_PX,
    });
  const trace = tiledHeatmap(tiled, {
    extent,
    hover: `%{customdata[0]}<br>t = %{customdata[1]}, ${columnName} = %{customdata[2]}`,
    texttemplate: numbered ? "%{z:.3g}" : "",
  });
  setHeight(el, figureHeight);
  const titles = tiled.panels.map((panel, index) =>
    title(
      escapeLabel(panel.label),
      tiled.bands.x[index % columns] + width / 2,
      tiled.bands.y[Math.floor(index / columns)],
      16,
    ),
  );
  // Column labels under the bottom row's panels only (see drawOuterProducts).
  const columnTicks = bandTicks(tiled.bands.lastRow, width, range(width).map(String));
  return plotPanels(el, [trace, labelTrace(titles)], {
    xaxis: cellAxis(columnName, tiled.x, columnTicks),
    yaxis: cellAxis(
      stepName,
      tiled.y,
      bandTicks(tiled.bands.y, steps, stepNumbers.map(String)),
      true,
    ),
    margin,
    height: figureHeight,
  });
}
