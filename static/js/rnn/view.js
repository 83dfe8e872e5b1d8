// The /rnn page's view of one run: the summary, the per-step table and every chart.

import { t } from "../lib/i18n.js";
import { drawOuterProducts, drawStepBars } from "./charts.js";
import { showSummary, showValues } from "./values.js";

const chart = (name) => document.getElementById(`chart-${name}`);

/** The summary, the table and every chart from a view {request, result}; `notes` are the
 * preset's notes on the slides. */
export function drawRun({ result }, notes) {
  const steps = result.per_step;
  showSummary(result);
  showValues(result, notes);
  const hidden = t("rnn.axis.hidden");
  const hiddenTo = t("rnn.axis.hidden_to");
  return Promise.all([
    drawStepBars(chart("rnn_steps"), { steps }),
    drawOuterProducts(chart("rnn_grad_V"), {
      terms: steps.map((s) => s.grad_V),
      total: result.grad_V,
      symbol: "∂L/∂V",
      rowTitle: t("rnn.axis.class"),
      columnTitle: hidden,
    }),
    drawOuterProducts(chart("rnn_grad_W"), {
      terms: steps.map((s) => s.grad_W),
      total: result.grad_W,
      symbol: "∂L/∂W",
      rowTitle: hiddenTo,
      columnTitle: hidden,
    }),
    drawOuterProducts(chart("rnn_grad_U"), {
      terms: steps.map((s) => s.grad_U),
      total: result.grad_U,
      symbol: "∂L/∂U",
      rowTitle: hiddenTo,
      columnTitle: t("rnn.axis.input"),
    }),
  ]);
}
