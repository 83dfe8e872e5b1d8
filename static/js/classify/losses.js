// Why cross-entropy, on the inputs' side: the activation and loss pickers, label
// smoothing switched off with sigmoid (the server refuses the pair), and the texts that
// name the combination the charts show (titles, captions, the derivation's intro).

import { t } from "../lib/i18n.js";

const $ = (id) => document.getElementById(id);

/** Whether the pair is the lecture's (softmax + cross-entropy): the page's default texts. */
export function isLecturePair(activation, lossFunction) {
  return activation === "softmax" && lossFunction === "cross_entropy";
}

// What the pair's formulas are, in one line under the pickers.
const COMBINATION_HELP = {
  "softmax cross_entropy": "compare.combo.softmax.cross_entropy",
  "softmax squared_error": "compare.combo.softmax.squared_error",
  "sigmoid cross_entropy": "compare.combo.sigmoid.cross_entropy",
  "sigmoid squared_error": "compare.combo.sigmoid.squared_error",
};

/** The catalogue key of a pair's formulas, in one line. */
export function combinationKey(activation, lossFunction) {
  return COMBINATION_HELP[`${activation} ${lossFunction}`];
}

/** Show the pickers for `state`; smoothing is off with sigmoid unless a link set it. */
export function showLossPickers(state) {
  $("activation").value = state.activation;
  $("loss-function").value = state.lossFunction;
  setKey($("combination-help"), combinationKey(state.activation, state.lossFunction));
  const sigmoid = state.activation === "sigmoid";
  // A link can carry ε > 0 with sigmoid: the controls stay usable so that the server's
  // message next to them can be acted on.
  const off = sigmoid && !(state.smoothing > 0);
  for (const id of ["smoothing", "smoothing-range"]) $(id).disabled = off;
  $("smoothing-sigmoid-note").hidden = !sigmoid;
}

/**
 * Listen to the pickers: `onEdit(patch)` with the new activation or loss. Choosing
 * sigmoid sets ε to 0 (it would be refused), as the note beside the slider says.
 */
export function bindLossPickers({ onEdit }) {
  $("activation").addEventListener("change", (e) => {
    const patch = { activation: e.target.value };
    if (e.target.value === "sigmoid") patch.smoothing = 0;
    onEdit(patch, e.target);
  });
  $("loss-function").addEventListener("change", (e) =>
    onEdit({ lossFunction: e.target.value }, e.target),
  );
}

/** Point `el` at catalogue `key` (kept across language switches) and show its text. */
export function setKey(el, key) {
  if (!el) return;
  el.dataset.i18n = key;
  el.textContent = t(key);
}

/** Retitle chart `name`: its heading, caption and export buttons' labels. */
export function retitle(name, titleKey, captionKey) {
  const card = $(`card-${name}`);
  if (!card) return;
  setKey(card.querySelector("h3"), titleKey);
  setKey(card.querySelector(".caption"), captionKey);
  for (const button of card.querySelectorAll("[data-export]")) {
    button.dataset.i18nChart = titleKey;
    button.setAttribute("aria-label", t(button.dataset.i18nAriaLabel, { chart: t(titleKey) }));
  }
}

/** The grad-logits title of a pair: ŷ − y for both cross-entropies. */
function gradLogitsTitle(activation, lossFunction) {
  if (lossFunction === "cross_entropy") return "chart.grad_logits";
  return activation === "sigmoid"
    ? "compare.chart.grad_logits.sigmoid_squared_error"
    : "compare.chart.grad_logits.squared_error";
}

function gradProbsKeys(activation, lossFunction) {
  if (lossFunction === "squared_error") {
    const key = "compare.chart.grad_probs.squared_error";
    return [key, `${key}.caption`];
  }
  if (activation === "sigmoid") {
    return ["compare.chart.grad_probs.binary", "compare.chart.grad_probs.binary.caption"];
  }
  return ["chart.grad_probs", "chart.grad_probs.caption"];
}

function derivationIntro(activation, lossFunction) {
  if (activation === "sigmoid") return "compare.derivation.intro.sigmoid";
  if (lossFunction === "squared_error") return "compare.derivation.intro.squared_error";
  return "derivation.intro";
}

/**
 * Name the pair an answer was computed with (`activation`, `loss_function`, echoed by
 * the API) in every text that depends on it, dense and large cards alike.
 */
export function showCombination({ activation, loss_function: lossFunction }) {
  const sigmoid = activation === "sigmoid";
  retitle(
    "probs",
    "chart.probs",
    sigmoid ? "compare.chart.probs.sigmoid.caption" : "chart.probs.caption",
  );
  retitle("grad_logits", gradLogitsTitle(activation, lossFunction), "chart.grad_logits.caption");
  retitle("grad_probs", ...gradProbsKeys(activation, lossFunction));
  retitle(
    "jacobian",
    sigmoid ? "compare.chart.jacobian.sigmoid" : "chart.jacobian",
    sigmoid ? "compare.chart.jacobian.sigmoid.caption" : "chart.jacobian.caption",
  );
  const lecture = isLecturePair(activation, lossFunction);
  retitle(
    "topk_grad_logits",
    lecture ? "chart.topk_grad_logits" : "compare.chart.topk_grad_logits",
    "chart.topk_grad_logits.caption",
  );
  retitle(
    "pooled_jacobian",
    sigmoid ? "compare.chart.pooled_jacobian.sigmoid" : "chart.pooled_jacobian",
    "chart.pooled_jacobian.caption",
  );
  retitle(
    "pooled_contributions",
    "chart.pooled_contributions",
    lecture ? "chart.pooled_contributions.caption" : "compare.chart.pooled_contributions.caption",
  );
  setKey($("derivation-intro"), derivationIntro(activation, lossFunction));
}

/** The result card's note on which form the gradient takes, for an answer. */
export function formNoteKey({ activation, loss_function: lossFunction, lecture_form: lecture }) {
  if (activation === "sigmoid") {
    return lossFunction === "squared_error"
      ? "compare.summary.sigmoid_squared_error"
      : "compare.summary.sigmoid_cross_entropy";
  }
  if (lossFunction === "squared_error") return "compare.summary.squared_error";
  return lecture ? "summary.lecture_form" : "summary.general_form";
}
