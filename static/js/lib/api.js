// The JSON API, as the pages use it: one way to ask, one error type, one helper per
// endpoint. Every number on every page comes from here.

export class ApiError extends Error {
  /** A 4xx answer: `detail` is the API's list of {type, loc, msg, ctx}. */
  constructor(status, detail) {
    super(`HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.detail = Array.isArray(detail)
      ? detail
      : [{ type: "http", loc: ["body"], msg: String(detail ?? `HTTP ${status}`) }];
  }
}

/** The JSON of a response, or an ApiError carrying the API's `detail` for a 4xx/5xx. */
export async function answer(response) {
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data?.detail);
  return data;
}

/** GET a JSON document; cancellable through `signal`. */
export async function getJSON(path, signal) {
  const response = await fetch(path, { headers: { accept: "application/json" }, signal });
  return answer(response);
}

/** POST a JSON body to one of the API's paths; cancellable through `signal`. */
export async function postJSON(path, body, signal) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  return answer(response);
}

/** Every quantity of one row: ŷ, J, L, ∂L/∂ŷ, ∂L/∂o, M, checks, warnings. */
export function analyze(request, signal) {
  return postJSON("/api/v1/analyze", request, signal);
}

/** The lecture's derivation with the request's numbers, as server-rendered MathML. */
export function derivation(request, signal) {
  return postJSON("/api/v1/derivation", request, signal);
}

/** Why cross-entropy: both losses for one row, and the sweep of the target's logit. */
export function compare(request, signal) {
  return postJSON("/api/v1/compare", request, signal);
}

/** Top-k classes, the rest, pooled J and M, L: everything the large-C view shows. */
export function heatmap(request, signal) {
  return postJSON("/api/v1/jacobian/heatmap", request, signal);
}

/** ∂L/∂o for every class (no C×C cap), for a descent step in the large-C view. */
export function gradient(request, signal) {
  return postJSON("/api/v1/gradient", request, signal);
}

/** Every preset, large ones without their logits. */
export function presetList() {
  return getJSON("/api/v1/presets").then((data) => data.presets);
}

// Full presets already fetched (≈ 0.5 MB each): choosing one again costs nothing.
const fullPresets = new Map();

/** One preset with all its logits. */
export function presetById(id) {
  if (!fullPresets.has(id)) {
    const pending = getJSON(`/api/v1/presets/${encodeURIComponent(id)}`);
    // A failed fetch is not kept, so that choosing the preset again retries it.
    pending.catch(() => fullPresets.delete(id));
    fullPresets.set(id, pending);
  }
  return fullPresets.get(id);
}

/** The lecture's RNN: forward pass, per-step losses and every BPTT gradient. */
export function rnn(request, signal) {
  return postJSON("/api/v1/rnn", request, signal);
}

/** The BPTT chain with the request's numbers, as server-rendered MathML. */
export function rnnDerivation(request, signal) {
  return postJSON("/api/v1/rnn/derivation", request, signal);
}

/** The lecture's LSTM: gates, states, per-step losses and every BPTT gradient. */
export function lstm(request, signal) {
  return postJSON("/api/v1/lstm", request, signal);
}

/** Backpropagation through the LSTM's gates with the request's numbers, as MathML. */
export function lstmDerivation(request, signal) {
  return postJSON("/api/v1/lstm/derivation", request, signal);
}
