// The /rnn page's view of one run: the summary, the per-step table and every chart.

import { t } from "../lib/i18n.js";
import { drawOuterProducts, drawStepBars } from "../sequence/charts.js";
import { showSummary, showValues } from "../sequence/values.js";

// This page's texts: `rnn.row.<field>`, `rnn.error.<type>`, `rnn.warning.<code>`, ….
const PREFIX = "rnn.";
const chart = (name) => document.getElementById(`chart-${name}`);

// Each weight gradient's chart: its field (per step and in total) and the names of its axes.
const GRADIENTS = [
  { field: "grad_V", symbol: "∂L/∂V", rows: "rnn.axis.class", columns: "rnn.axis.hidden" },
  { field: "grad_W", symbol: "∂L/∂W", rows: "rnn.axis.hidden_to", columns: "rnn.axis.hidden" },
  { field: "grad_U", symbol: "∂L/∂U", rows: "rnn.axis.hidden_to", columns: "rnn.axis.input" },
];

/** The summary, the table and every chart from a view {request, result}; the preset's
 * notes on the slides mark the table while it is shown. */
export function drawRun({ result }, { model, preset }) {
  const steps = result.per_step;
  showSummary(result, [PREFIX]);
  showValues(result, model.rows, preset?.notes ?? [], PREFIX);
  return Promise.all([
    drawStepBars(chart("rnn_steps"), { steps }, PREFIX),
    ...GRADIENTS.map(({ field, symbol, rows, columns }) =>
      drawOuterProducts(
        chart(`rnn_${field}`),
        {
          terms: steps.map((s) => s[field]),
          total: result[field],
          symbol,
          rowTitle: t(rows),
          columnTitle: t(columns),
        },
        PREFIX,
      ),
    ),
  ]);
}
