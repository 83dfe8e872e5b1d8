// The result card: the loss, large, and what the numbers say at a glance.

import { showWarnings } from "../lib/errors.js";
import { classLabel, formatNumber } from "../lib/format.js";
import { t } from "../lib/i18n.js";
import { formNoteKey } from "./losses.js";

const $ = (id) => document.getElementById(id);

/** Fill the result card from an analysis (one row). */
export function showSummary(analysis) {
  $("loss-value").textContent = formatNumber(analysis.loss, 6);
  const names = analysis.class_names;
  const predicted = analysis.predicted;
  $("predicted-value").textContent =
    names ? `${predicted} (${classLabel(names, predicted)})` : String(predicted);
  $("entropy-value").textContent = formatNumber(analysis.entropy, 5);
  $("label-sum-value").textContent = formatNumber(analysis.label_sum, 6);
  const note = $("form-note");
  // The note names the gradient's form for the answer's activation and loss.
  note.dataset.key = formNoteKey(analysis);
  note.textContent = t(note.dataset.key);
  note.classList.toggle("general", !analysis.lecture_form);
  const checks = analysis.checks;
  const shown = (v) => (v === null ? t("summary.not_available") : formatNumber(v, 2));
  $("check-chain-rule").textContent = t("summary.chain_rule", {
    value: shown(checks.chain_rule_max_abs_err),
  });
  $("check-finite-diff").textContent = t("summary.finite_diff", {
    value: shown(checks.finite_diff_max_abs_err),
  });
  showWarnings($("warnings"), $("warnings-list"), analysis.warnings);
}
