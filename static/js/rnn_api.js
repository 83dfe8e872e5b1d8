// The RNN endpoints, as the /rnn page uses them. Every number on the page comes from here.

import { postJSON } from "./api.js";

/** Forward pass, per-step losses and every BPTT gradient, step by step and summed. */
export function runRnn(request, signal) {
  return postJSON("/api/v1/rnn", request, signal);
}

/** The BPTT chain with the request's numbers, as server-rendered MathML. */
export function rnnDerivation(request, signal) {
  return postJSON("/api/v1/rnn/derivation", request, signal);
}
