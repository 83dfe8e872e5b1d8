// Large-C mode's result card and derivation panel, from the heatmap's answer: the loss
// and what it can say, and how the lecture's steps apply class by class, with the
// numbers of the top classes and the sums over the rest.

import { classTag, formatCount as count, formatNumber } from "../lib/format.js";
import { t } from "../lib/i18n.js";
import { combinationKey, isLecturePair } from "../classify/losses.js";
import { showSummary } from "../classify/summary.js";

const $ = (id) => document.getElementById(id);
const shown = (value) => formatNumber(value, 6);

/** The result card from the heatmap's answer: the loss, large, and what it can say. */
export function showLargeSummary(view) {
  const { request, analysis } = view;
  showSummary({
    loss: analysis.loss,
    class_names: request.class_names ?? null,
    predicted: analysis.predicted,
    entropy: null,
    label_sum: analysis.label_sum,
    lecture_form: analysis.lecture_form,
    activation: analysis.activation,
    loss_function: analysis.loss_function,
    checks: { chain_rule_max_abs_err: null, finite_diff_max_abs_err: null },
    warnings: analysis.warnings,
  });
  $("check-chain-rule").textContent = t("large.check.chain_rule");
  $("check-finite-diff").textContent = t("large.check.finite_diff");
}

/** The derivation panel in large mode: the general step, then the numbers of a few classes. */
export function showLargeDerivation(container, view) {
  const { request, analysis } = view;
  const names = request.class_names ?? null;
  const { activation, loss_function: lossFunction } = analysis;
  const lecture = isLecturePair(activation, lossFunction);
  const classes = count(analysis.classes);
  const formula = lecture
    ? t("large.derivation.formula", { classes })
    : t("compare.large.formula", { classes, formula: t(combinationKey(activation, lossFunction)) });
  const steps = [["large_formula", "large.derivation.formula.title", formula]];
  const target = Number.isInteger(request.labels) ? request.labels : null;
  const numbers = (entry) => ({
    class: classTag(entry.index, names),
    prob: shown(entry.prob),
    target: shown(entry.target),
    grad: shown(entry.grad_logit),
  });
  if (target !== null) {
    const entry = analysis.top.find((c) => c.index === target);
    const text = entry
      ? t("large.derivation.target", numbers(entry))
      : t("large.derivation.target_rest", {
          class: classTag(target, names),
          k: analysis.top.length,
        });
    steps.push(["large_target", "large.derivation.target.title", text]);
  }
  const predicted = analysis.top.find((c) => c.index === analysis.predicted);
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
  // Softmax's gradient sums to 0 whatever the loss (J's rows do); a sigmoid's need not.
  if (lecture) {
    steps.push(["large_sum", "large.derivation.sum.title", t("large.derivation.sum")]);
  } else if (activation === "softmax") {
    steps.push(["large_sum", "large.derivation.sum.title", t("compare.large.sum")]);
  }
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
