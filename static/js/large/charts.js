// The charts of large-C mode, from one POST /api/v1/jacobian/heatmap answer: the k most
// probable classes plus one bar for all the others, and J and M pooled over n×n tiles,
// each tile's hover naming the classes it covers. Nothing here computes a derivative.

import { classTag, formatCount as count } from "../lib/format.js";
import { t } from "../lib/i18n.js";
import {
  DIVERGING,
  NEUTRAL,
  PREDICTION,
  TARGET,
  TARGET_PATTERN,
  signColours,
} from "../lib/palette.js";
import {
  MARGIN,
  TICK_LABELS,
  axis,
  escapeLabel,
  plot,
  symmetric,
  valueAxis,
} from "../lib/plot.js";

// The "rest" bar: grey and hatched, so that it never reads as one more class.
const REST = "#7b8794";
// "overlay": the bar keeps its colour and the white hatching goes over it.
const REST_PATTERN = { shape: "/", fgcolor: "#ffffff", size: 8, fillmode: "overlay" };
// Classes a tile's hover names before "…".
const HOVER_EXAMPLES = 3;
// Decades of |value| the log colour scale spans below the largest: pooled entries at
// C = 50,257 run from 1e-6 down to 1e-14, and a linear scale shows only the largest tile.
const DECADES = 8;

// Room below the top-k bars for their slanted class names.
const TOP_MARGIN = { ...MARGIN, b: 112 };

/** A chart of this view: room for slanted class names, no legend unless asked. */
function plotTop(el, traces, extra) {
  return plot(el, traces, { margin: TOP_MARGIN, showlegend: false, ...extra });
}

/** A class as a tick label: its name when given, else its index. */
function tickLabel(index, names) {
  return escapeLabel(names?.[index] ?? index);
}

/** A class as hover text: "#262", or "#262 (the)" with names. */
function classText(index, names) {
  return escapeLabel(classTag(index, names));
}

/** The category axis of top-k bars: the k classes by descending ŷ, then the rest. */
function topAxis(top, rest, names) {
  const positions = top.map((_, k) => k);
  const ticks = top.map((c) => tickLabel(c.index, names));
  if (rest.classes > 0) {
    positions.push(top.length);
    ticks.push(escapeLabel(t("large.rest.tick", { count: count(rest.classes) })));
  }
  return axis(t("large.axis.top"), {
    tickmode: "array",
    tickvals: positions,
    ticktext: ticks,
    tickangle: -45,
    range: [-0.6, positions.length - 0.4],
  });
}

/** Bars of the k largest logits; the others as one floating bar from their min to max. */
export function drawTopLogits(el, { top, rest, names }) {
  const traces = [
    {
      type: "bar",
      x: top.map((_, k) => k),
      y: top.map((c) => c.logit),
      marker: { color: NEUTRAL },
      customdata: top.map((c) => classText(c.index, names)),
      hovertemplate: "%{customdata}<br>o = %{y:.5g}<extra></extra>",
    },
  ];
  if (rest.classes > 0) {
    const text = t("large.hover.rest_logits", {
      count: count(rest.classes),
      min: rest.logit_min.toPrecision(5),
      max: rest.logit_max.toPrecision(5),
    });
    traces.push({
      type: "bar",
      x: [top.length],
      base: [rest.logit_min],
      // A hair of height when every other logit is equal, so that the bar still shows.
      y: [Math.max(rest.logit_max - rest.logit_min, 1e-9)],
      marker: { color: REST, pattern: REST_PATTERN },
      customdata: [escapeLabel(text)],
      hovertemplate: "%{customdata}<extra></extra>",
    });
  }
  return plotTop(el, traces, {
    barmode: "overlay",
    xaxis: topAxis(top, rest, names),
    yaxis: axis("o", { zeroline: true }),
  });
}

/** ŷ beside y for the top k classes, and the sums over all the others. */
export function drawTopProbs(el, { top, rest, names }) {
  const x = top.map((_, k) => k);
  const customdata = top.map((c) => classText(c.index, names));
  const probs = top.map((c) => c.prob);
  const target = top.map((c) => c.target);
  const opacity = top.map(() => 1);
  if (rest.classes > 0) {
    x.push(top.length);
    customdata.push(escapeLabel(t("large.hover.rest", { count: count(rest.classes) })));
    probs.push(rest.prob);
    target.push(rest.target);
    opacity.push(0.6);
  }
  const traces = [
    {
      type: "bar",
      name: t("series.probs"),
      x,
      y: probs,
      marker: { color: PREDICTION, opacity },
      customdata,
      hovertemplate: "%{customdata}<br>ŷ = %{y:.5g}<extra></extra>",
    },
    {
      type: "bar",
      name: t("series.target"),
      x,
      y: target,
      marker: { color: TARGET, opacity, pattern: TARGET_PATTERN },
      customdata,
      hovertemplate: "%{customdata}<br>y = %{y:.5g}<extra></extra>",
    },
  ];
  const highest = Math.max(1, ...target.filter((v) => v !== null));
  return plotTop(el, traces, {
    barmode: "group",
    showlegend: true,
    legend: { orientation: "h", x: 0, y: 1.12 },
    margin: { ...TOP_MARGIN, t: 40 },
    xaxis: topAxis(top, rest, names),
    yaxis: axis(t("axis.value"), { range: [0, highest * 1.05] }),
  });
}

/** ∂L/∂o of the top k classes, and its sum over all the others, centred on 0. */
export function drawTopGradLogits(el, { top, rest, names }) {
  const x = top.map((_, k) => k);
  const y = top.map((c) => c.grad_logit);
  const customdata = top.map((c) => classText(c.index, names));
  if (rest.classes > 0) {
    x.push(top.length);
    y.push(rest.grad_logit);
    customdata.push(escapeLabel(t("large.hover.rest_sum", { count: count(rest.classes) })));
  }
  const extent = symmetric(y, 1.1);
  const hovertemplate = "%{customdata}<br>∂L/∂o = %{y:.5g}<extra></extra>";
  // The rest is a trace of its own: a pattern cannot take one colour per bar.
  const traces = [
    {
      type: "bar",
      x: x.slice(0, top.length),
      y: y.slice(0, top.length),
      marker: { color: signColours(y.slice(0, top.length)) },
      customdata: customdata.slice(0, top.length),
      hovertemplate,
    },
  ];
  if (rest.classes > 0) {
    traces.push({
      type: "bar",
      x: [top.length],
      y: [rest.grad_logit],
      marker: { color: REST, pattern: REST_PATTERN },
      customdata: [customdata[top.length]],
      hovertemplate,
    });
  }
  return plotTop(el, traces, {
    barmode: "overlay",
    xaxis: topAxis(top, rest, names),
    yaxis: valueAxis("∂L/∂o", { range: [-extent, extent] }),
  });
}

/** What the tiles of bin [start, end) cover: their count, range and first few classes. */
export function binTexts(bins, perm, names) {
  return bins.map(([start, end]) => {
    const classes = [];
    for (let p = start; p < Math.min(end, start + HOVER_EXAMPLES); p += 1) {
      classes.push(perm ? perm[p] : p);
    }
    const examples =
      classes.map((c) => escapeLabel(names?.[c] ?? `#${c}`)).join(", ") +
      (end - start > HOVER_EXAMPLES ? ", …" : "");
    if (perm) {
      return end - start === 1
        ? t("large.hover.ranked_one", { rank: count(start + 1), examples })
        : t("large.hover.ranked", {
            count: count(end - start),
            first: count(start + 1),
            last: count(end),
            examples,
          });
    }
    return end - start === 1
      ? t("large.hover.index_one", { examples })
      : t("large.hover.indices", {
          count: count(end - start),
          first: count(start),
          last: count(end - 1),
          examples,
        });
  });
}

/** A colour coordinate for each value: sign(v)·log10(|v|/floor), 0 below the floor. */
function signedLog(values, floor) {
  const coordinate = (v) => Math.sign(v) * Math.max(0, Math.log10(Math.abs(v) / floor));
  return values.map((row) => row.map((v) => (v === null ? null : coordinate(v))));
}

/** The colour bar of the log scale: ticks every other decade, labelled with the values. */
function logColourBar(floor) {
  const tickvals = [];
  for (let k = -DECADES; k <= DECADES; k += 2) tickvals.push(k);
  const ticktext = tickvals.map((k) =>
    k === 0 ? "0" : `${k < 0 ? "−" : ""}${(floor * 10 ** Math.abs(k)).toExponential(0)}`,
  );
  return { tickmode: "array", tickvals, ticktext: ticktext.map((x) => x.replace("e-", "e−")) };
}

/**
 * A pooled matrix (J, or M with its pooled column sums ∂L/∂o below) as a heatmap of
 * tiles; rows and columns share the bins, positions ranked by ŷ for order "prob". The
 * colours follow log |value| (scale "log") or the value; the hover gives the value.
 */
export function drawPooled(el, { matrix, symbol, bins, perm, pool, names, gradLogits, scale }) {
  const isM = symbol === "M";
  const rowSymbol = isM ? "k" : "i";
  // Ranks count from 1 (the most probable class); class indices from 0.
  const centres = bins.map(([start, end]) =>
    perm ? (start + 1 + end) / 2 : (start + end - 1) / 2,
  );
  const texts = binTexts(bins, perm, names);
  const rows = texts.map((text) => t("large.hover.rows", { symbol: rowSymbol, what: text }));
  const columns = texts.map((text) => t("large.hover.columns", { what: text }));
  const diagonal = escapeLabel(t(isM ? "large.hover.diagonal_m" : "large.hover.diagonal_j"));
  const offDiagonal = escapeLabel(t(isM ? "large.hover.off_m" : "large.hover.off_j"));
  const poolText = escapeLabel(t(`large.pool.${pool}.hover`));
  const customdata = rows.map((row, a) =>
    columns.map((column, b) => `${row}<br>${column}<br>${a === b ? diagonal : offDiagonal}`),
  );
  const extent = Math.max(Math.abs(matrix.vmin ?? 0), Math.abs(matrix.vmax ?? 0)) || 1;
  const log = scale === "log";
  const floor = extent * 10 ** -DECADES;
  const heatmap = {
    type: "heatmap",
    z: log ? signedLog(matrix.values, floor) : matrix.values,
    x: centres,
    y: centres,
    colorscale: DIVERGING,
    zmin: log ? -DECADES : -extent,
    zmax: log ? DECADES : extent,
    zmid: 0,
    customdata,
    // The values as sent, for the hover: on the log scale z holds colour coordinates.
    text: matrix.values,
    hovertemplate: `%{customdata}<br>${symbol} = %{text:.5g} (${poolText})<extra></extra>`,
    colorbar: {
      title: { text: symbol },
      thickness: 16,
      ...TICK_LABELS,
      ...(log ? logColourBar(floor) : {}),
    },
  };
  const positionTitle = t(perm ? "large.axis.rank" : "large.axis.index");
  const traces = [heatmap];
  const extra = {
    xaxis: axis(`j: ${positionTitle}`, isM ? { anchor: "y2" } : {}),
    yaxis: axis(`${rowSymbol}: ${positionTitle}`, { autorange: "reversed" }),
  };
  if (isM && gradLogits) {
    heatmap.colorbar.len = 0.68;
    heatmap.colorbar.y = 1;
    heatmap.colorbar.yanchor = "top";
    extra.yaxis.domain = [0.34, 1];
    const sumExtent = symmetric(gradLogits, 1.15);
    traces.push({
      type: "bar",
      x: centres,
      y: gradLogits,
      xaxis: "x",
      yaxis: "y2",
      marker: { color: signColours(gradLogits) },
      customdata: columns,
      hovertemplate: `%{customdata}<br>∂L/∂o = %{y:.5g} (${poolText})<extra></extra>`,
    });
    extra.yaxis2 = axis(t("large.axis.pooled_grad"), {
      domain: [0, 0.26],
      range: [-sumExtent, sumExtent],
      zeroline: true,
    });
  }
  return plotTop(el, traces, { margin: MARGIN, ...extra });
}

// What each large chart last drew: a new answer or a new language redraws it.
const drawn = new Map();

// Between two charts the browser paints a frame and answers input: drawn in one go, the
// five charts would hold the page for as long as they all take (≈ 150 ms).
const nextFrame = () =>
  new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** Draw every large-mode chart from a view {request, analysis} (the heatmap's answer). */
export async function drawLarge(view, lang, scale) {
  const { request, analysis } = view;
  const names = request.class_names ?? null;
  const { top, rest } = analysis;
  const pooled = { bins: analysis.bins, perm: analysis.perm, pool: analysis.pool, names, scale };
  // [chart, draw, its data, what else it depends on]: the bars on the answer and the
  // language, the heatmaps on the colour scale too. The quick bars come first.
  const charts = [
    [
      "topk_logits",
      drawTopLogits,
      () => ({ top, rest, names }),
      lang,
    ],
    ["topk_probs", drawTopProbs, () => ({ top, rest, names }), lang],
    ["topk_grad_logits", drawTopGradLogits, () => ({ top, rest, names }), lang],
    [
      "pooled_jacobian",
      drawPooled,
      () => ({
        ...pooled,
        matrix: { values: analysis.values, vmin: analysis.vmin, vmax: analysis.vmax },
        symbol: "J",
      }),
      `${lang} ${scale}`,
    ],
    [
      "pooled_contributions",
      drawPooled,
      () => ({
        ...pooled,
        matrix: analysis.contributions,
        symbol: "M",
        gradLogits: analysis.grad_logits,
      }),
      `${lang} ${scale}`,
    ],
  ];
  for (const [name, draw, data, look] of charts) {
    const last = drawn.get(name);
    if (last && last.answer === analysis && last.look === look) continue;
    drawn.set(name, { answer: analysis, look });
    const el = document.getElementById(`chart-${name}`);
    await draw(el, data());
    // A chart out of view waits to be drawn (lib/plot.js): nothing to yield after.
    if (!("pending" in el.dataset)) await nextFrame();
  }
}
