// The /lstm page's view of one run: the summary, the comparison with the RNN, the per-step
// table and every chart: ŷ_t and ŷ_t − y_t, the gates, the states, the backward pass
// through h_t and along the cell state, and each weight gradient's terms beside their sum.

import { t } from "../lib/i18n.js";
import { symmetric } from "../lib/plot.js";
import { drawOuterProducts, drawStepBars, drawStepHeatmaps } from "../sequence/charts.js";
import { columnHeads } from "../sequence/editors.js";
import { showSummary, showValues } from "../sequence/values.js";
import { showMemory } from "./memory.js";

// This page's texts, then the RNN's for the checks both models share (rnn.error.<type>).
export const PREFIXES = ["lstm.", "rnn."];
const PREFIX = PREFIXES[0];
const chart = (name) => document.getElementById(`chart-${name}`);

// Each chart of per-step vectors: its panels (a per-step field and its symbol).
const GATES = [
  ["f", "F_t"],
  ["i", "I_t"],
  ["g", "C̃_t"],
  ["o", "O_t"],
];
const STATES = [
  ["c", "c_t"],
  ["h", "h_t"],
];
const BACKWARD = [
  ["grad_h", "∂L/∂h_t"],
  ["grad_c", "∂L/∂c_t"],
  ["grad_c_carried", "F_{t+1} ⊙ ∂L/∂c_{t+1}"],
];
// Each weight gradient's chart: its field (per step and in total) and its rows' name.
const GRADIENTS = [
  { field: "grad_W_y", symbol: "∂L/∂W_y", rows: "lstm.axis.class" },
  { field: "grad_W_f", symbol: "∂L/∂W_f", rows: "lstm.axis.hidden_to" },
  { field: "grad_W_i", symbol: "∂L/∂W_i", rows: "lstm.axis.hidden_to" },
  { field: "grad_W_c", symbol: "∂L/∂W_c", rows: "lstm.axis.hidden_to" },
  { field: "grad_W_o", symbol: "∂L/∂W_o", rows: "lstm.axis.hidden_to" },
];

function panelsOf(steps, fields) {
  return fields.map(([field, symbol]) => ({ symbol, rows: steps.map((s) => s[field]) }));
}

/** The summary, the table and every chart from a view {request, result}; the preset's
 * notes mark the table and fill the comparison with the RNN while it is shown. */
export function drawRun({ result }, { model, preset }) {
  const steps = result.per_step;
  const notes = preset?.notes ?? [];
  showSummary(result, PREFIXES);
  showMemory(notes, result.steps);
  showValues(result, model.rows, notes, PREFIX);
  const unit = t("lstm.axis.hidden");
  const states = panelsOf(steps, STATES);
  const backward = panelsOf(steps, BACKWARD);
  const sizes = { hidden: result.hidden, inputs: result.inputs_dim };
  const gate = model.matrices.find(({ name }) => name === "W_f");
  const gateColumns = columnHeads(gate.columns, sizes).map((head) => head.text);
  return Promise.all([
    drawStepBars(chart("lstm_steps"), { steps }, PREFIX),
    // σ and tanh keep the gates in [−1, 1]: one fixed scale, so that steps and edits compare.
    drawStepHeatmaps(
      chart("lstm_gates"),
      { panels: panelsOf(steps, GATES), extent: 1, columnTitle: unit },
      PREFIX,
    ),
    drawStepHeatmaps(
      chart("lstm_states"),
      { panels: states, extent: symmetric([1, states.map((p) => p.rows)]), columnTitle: unit },
      PREFIX,
    ),
    drawStepHeatmaps(
      chart("lstm_backward"),
      { panels: backward, extent: symmetric(backward.map((p) => p.rows)), columnTitle: unit },
      PREFIX,
    ),
    ...GRADIENTS.map(({ field, symbol, rows }) =>
      drawOuterProducts(
        chart(`lstm_${field}`),
        {
          terms: steps.map((s) => s[field]),
          total: result[field],
          symbol,
          rowTitle: t(rows),
          columnTitle: field === "grad_W_y" ? unit : t("lstm.axis.column"),
          columnTicks: field === "grad_W_y" ? undefined : gateColumns,
        },
        PREFIX,
      ),
    ),
  ]);
}
