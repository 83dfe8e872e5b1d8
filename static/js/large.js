// Large-C mode: past LARGE_CLASSES classes one POST /api/v1/jacobian/heatmap answers
// everything the page shows (the top-k classes and the rest, pooled J and M, the loss);
// the dense analysis, capped at C ≤ 1024, is never asked for. The derivation panel says
// how the lecture's steps apply class by class, with the numbers of the top classes.

import { formatNumber } from "./format.js";
import { t } from "./i18n.js";
import { gradient } from "./large_api.js";
import {
  drawPooled,
  drawTopGradLogits,
  drawTopLogits,
  drawTopProbs,
} from "./large_charts.js";
import { requestFor } from "./state.js";
import { showSummary } from "./summary.js";

// The classes shown one by one; the rest are summed into one bar.
export const TOP_K = 20;

const $ = (id) => document.getElementById(id);
const count = (n) => n.toLocaleString("en-US");
const shown = (value) => formatNumber(value, 6);

/** The POST body of /api/v1/jacobian/heatmap for a state: the numbers and the view. */
export function heatmapRequestFor(state) {
  return {
    ...requestFor(state),
    size: state.size,
    pool: state.pool,
    order: state.order,
    top_k: TOP_K,
  };
}

/** Show the dense cards or the large ones (CSS keys on data-mode). */
export function showMode(large) {
  const mode = large ? "large" : "dense";
  for (const id of ["charts", "summary", "derivation"]) $(id).dataset.mode = mode;
}

/** The smallest and largest logit outside the top k: the span of the "rest" bar. */
function restRange(logits, top) {
  const inTop = new Set(top.map((c) => c.index));
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < logits.length; k += 1) {
    if (inTop.has(k)) continue;
    if (logits[k] < min) min = logits[k];
    if (logits[k] > max) max = logits[k];
  }
  return min <= max ? { min, max } : null;
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
      () => ({ top, rest, restRange: restRange(request.logits, top), names }),
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
    await draw($(`chart-${name}`), data());
    await nextFrame();
  }
}

/** The result card from the heatmap's answer: the loss, large, and what it can say. */
export function showLargeSummary(view) {
  const { request, analysis } = view;
  showSummary({
    loss: analysis.loss,
    class_names: request.class_names ?? null,
    predicted: analysis.top[0]?.index ?? 0,
    entropy: null,
    label_sum: analysis.label_sum,
    // The test of app/analysis.py: Σy = 1 to within 1e-12.
    lecture_form: analysis.label_sum !== null && Math.abs(analysis.label_sum - 1) <= 1e-12,
    checks: { chain_rule_max_abs_err: null, finite_diff_max_abs_err: null },
    warnings: analysis.warnings,
  });
  $("check-chain-rule").textContent = t("large.check.chain_rule");
  $("check-finite-diff").textContent = t("large.check.finite_diff");
}

function classLabel(index, names) {
  const name = names?.[index];
  return name === undefined ? `#${index}` : `#${index} (${name})`;
}

/** The derivation panel in large mode: the general step, then the numbers of a few classes. */
export function showLargeDerivation(container, view) {
  const { request, analysis } = view;
  const names = request.class_names ?? null;
  const steps = [
    [
      "large_formula",
      "large.derivation.formula.title",
      t("large.derivation.formula", { classes: count(analysis.classes) }),
    ],
  ];
  const target = Number.isInteger(request.labels) ? request.labels : null;
  const numbers = (entry) => ({
    class: classLabel(entry.index, names),
    prob: shown(entry.prob),
    target: shown(entry.target),
    grad: shown(entry.grad_logit),
  });
  if (target !== null) {
    const entry = analysis.top.find((c) => c.index === target);
    const text = entry
      ? t("large.derivation.target", numbers(entry))
      : t("large.derivation.target_rest", {
          class: classLabel(target, names),
          k: analysis.top.length,
        });
    steps.push(["large_target", "large.derivation.target.title", text]);
  }
  const predicted = analysis.top[0];
  if (predicted && predicted.index !== target) {
    steps.push([
      "large_predicted",
      "large.derivation.predicted.title",
      t("large.derivation.predicted", numbers(predicted)),
    ]);
  }
  if (analysis.rest.classes > 0) {
    steps.push([
      "large_rest",
      "large.derivation.rest.title",
      t("large.derivation.rest", {
        count: count(analysis.rest.classes),
        prob: shown(analysis.rest.prob),
        target: shown(analysis.rest.target),
        grad: shown(analysis.rest.grad_logit),
      }),
    ]);
  }
  steps.push(["large_sum", "large.derivation.sum.title", t("large.derivation.sum")]);
  steps.push(["large_dense", "large.derivation.dense.title", t("large.derivation.dense")]);
  container.replaceChildren(
    ...steps.map(([id, titleKey, text]) => {
      const item = document.createElement("li");
      item.className = "derivation-step";
      item.dataset.step = id;
      const title = document.createElement("h3");
      title.textContent = t(titleKey);
      const body = document.createElement("p");
      body.className = "large-step";
      body.textContent = text;
      item.append(title, body);
      return item;
    }),
  );
}

/**
 * The view with the full ∂L/∂o in place of the pooled one, for a descent step (the
 * heatmap pools the gradient; POST /api/v1/gradient has no C×C cap). Null on failure.
 */
export async function withFullGradient(view) {
  const { logits, labels, temperature, label_smoothing } = view.request;
  try {
    const answer = await gradient({ logits, labels, temperature, label_smoothing });
    return { ...view, analysis: { ...view.analysis, grad_logits: answer.grad_logits } };
  } catch {
    return null;
  }
}
