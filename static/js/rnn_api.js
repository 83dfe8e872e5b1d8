// The RNN endpoints, as the /rnn page uses them. Every number on the page comes from here.

import { ApiError } from "./api.js";

async function postJSON(path, body, signal) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data?.detail);
  return data;
}

/** Forward pass, per-step losses and every BPTT gradient, step by step and summed. */
export function runRnn(request, signal) {
  return postJSON("/api/v1/rnn", request, signal);
}

/** The BPTT chain with the request's numbers, as server-rendered MathML. */
export function rnnDerivation(request, signal) {
  return postJSON("/api/v1/rnn/derivation", request, signal);
}
