// The JSON API, as the page uses it. Every number on the page comes from here.

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
