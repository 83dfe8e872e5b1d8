// The API calls of large-C mode: the pooled heatmap (top-k, pooled J and M, the loss),
// the full gradient for a descent step, and the presets whose logits the list leaves out.

import { answer, postJSON } from "./api.js";

/** POST /api/v1/jacobian/heatmap: top-k classes, the rest, pooled J and M, L. */
export function heatmap(request, signal) {
  return postJSON("/api/v1/jacobian/heatmap", request, signal);
}

/** POST /api/v1/gradient: ∂L/∂o for every class (no C×C cap), for a descent step. */
export function gradient(request, signal) {
  return postJSON("/api/v1/gradient", request, signal);
}

/** GET /api/v1/presets: every preset, large ones without their logits. */
export function presetList() {
  return fetch("/api/v1/presets", { headers: { accept: "application/json" } })
    .then(answer)
    .then((data) => data.presets);
}

// Full presets already fetched (≈ 0.5 MB each): choosing one again costs nothing.
const fullPresets = new Map();

/** GET /api/v1/presets/{id}: one preset with all its logits. */
export function presetById(id) {
  if (!fullPresets.has(id)) {
    const pending = fetch(`/api/v1/presets/${encodeURIComponent(id)}`, {
      headers: { accept: "application/json" },
    }).then(answer);
    // A failed fetch is not kept, so that choosing the preset again retries it.
    pending.catch(() => fullPresets.delete(id));
    fullPresets.set(id, pending);
  }
  return fullPresets.get(id);
}
