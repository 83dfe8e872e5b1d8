// What large-C mode asks the server: past LARGE_CLASSES one POST /api/v1/jacobian/heatmap
// answers everything the view shows (the top-k classes and the rest, pooled J and M,
// the loss); the dense analysis, capped at C ≤ 1024, is never asked for.

import { gradient } from "../lib/api.js";
import { requestFor } from "../classify/state.js";

// The classes shown one by one; the rest are summed into one bar.
export const TOP_K = 20;

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

/**
 * The view with the full ∂L/∂o in place of the pooled one, for a descent step (the
 * heatmap pools the gradient; POST /api/v1/gradient has no C×C cap). Null on failure.
 */
export async function withFullGradient(view) {
  const { logits, labels, temperature, label_smoothing, activation, loss_function } = view.request;
  try {
    const answer = await gradient({
      logits,
      labels,
      temperature,
      label_smoothing,
      activation,
      loss_function,
    });
    return { ...view, analysis: { ...view.analysis, grad_logits: answer.grad_logits } };
  } catch {
    return null;
  }
}
