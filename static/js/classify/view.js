// The main page's dense view: the result card and every chart from one analysis, each
// chart redrawn only when what it shows changed (a temperature change leaves the
// logits alone; the language changes every label, the theme every colour).

import { language } from "../lib/i18n.js";
import { theme } from "../lib/theme.js";
import {
  drawContributions,
  drawGradLogits,
  drawGradProbs,
  drawHistory,
  drawJacobian,
  drawLogits,
  drawProbs,
} from "./charts.js";
import { showSummary } from "./summary.js";

// What each chart last drew.
const drawn = new Map();

/** Draw chart `name` with `data` unless it already shows them (in this language and theme). */
export function drawIfChanged(name, draw, data) {
  const key = `${language()} ${theme()} ${JSON.stringify(data)}`;
  if (drawn.get(name) === key) return Promise.resolve();
  drawn.set(name, key);
  return draw(document.getElementById(`chart-${name}`), data);
}

/** The loss after each gradient-descent step (the chart both views share). */
export function drawLossHistory(losses) {
  return drawIfChanged("history", drawHistory, { losses });
}

/** The result card and every dense chart from a view {request, analysis}. */
export function drawDense({ request, analysis }, losses) {
  const names = analysis.class_names;
  showSummary(analysis);
  return Promise.all([
    drawIfChanged("logits", drawLogits, { logits: request.logits, names }),
    drawIfChanged("probs", drawProbs, { probs: analysis.probs, target: analysis.target, names }),
    drawIfChanged("grad_logits", drawGradLogits, { gradLogits: analysis.grad_logits, names }),
    drawIfChanged("grad_probs", drawGradProbs, { gradProbs: analysis.grad_probs, names }),
    drawIfChanged("jacobian", drawJacobian, {
      jacobian: analysis.jacobian,
      temperature: analysis.temperature,
      activation: analysis.activation,
      names,
    }),
    drawIfChanged("contributions", drawContributions, {
      contributions: analysis.contributions,
      gradLogits: analysis.grad_logits,
      names,
    }),
    drawLossHistory(losses),
  ]);
}
