// The page's whole state, its URL form, and the API request it stands for.
// The URL is the single place the state is kept between visits: a reload or a shared
// link reproduces the view.

export const LABEL_MODES = ["class", "onehot", "soft"];

// A plain decimal or scientific number; anything else goes to the server as text so
// that its 422 names the exact entry ("logits[1] must be a number").
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A new state with the given fields; everything else at its neutral default. */
export function makeState(fields = {}) {
  return {
    logitsText: "",
    labelMode: "class",
    labelClass: 0,
    softText: "",
    namesText: "",
    temperature: 1,
    smoothing: 0,
    learningRate: 1,
    preset: "",
    ...fields,
  };
}

/** Tokens of a comma- or space-separated list: numbers where they parse, else the text. */
export function parseList(text) {
  return text
    .replaceAll("\u2212", "-") // the minus sign copied from slides or from this page
    .split(/[\s,;]+/)
    .filter((token) => token !== "")
    .map((token) => (NUMBER.test(token) ? Number(token) : token));
}

/** Numbers as the text field shows them. */
export function formatList(values) {
  return values.map((v) => String(v)).join(", ");
}

/** The number of classes the logits text currently gives. */
export function classCount(state) {
  return parseList(state.logitsText).length;
}

export function classNames(state) {
  const names = state.namesText
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  return names.length ? names : null;
}

/** The label as the API takes it: a class index, or a vector (one-hot or soft). */
export function labelsFor(state) {
  if (state.labelMode === "soft") return parseList(state.softText);
  if (state.labelMode === "onehot") {
    return Array.from({ length: classCount(state) }, (_, k) => (k === state.labelClass ? 1 : 0));
  }
  return state.labelClass;
}

/** The POST body for /api/v1/analyze and /api/v1/derivation. */
export function requestFor(state) {
  const request = {
    logits: parseList(state.logitsText),
    labels: labelsFor(state),
    temperature: state.temperature,
    label_smoothing: state.smoothing,
  };
  const names = classNames(state);
  if (names) request.class_names = names;
  return request;
}

/** A state from a preset's analyze request (the presets' field names are the API's). */
export function stateFromPreset(preset, learningRate) {
  const request = preset.request;
  const soft = Array.isArray(request.labels);
  return makeState({
    logitsText: formatList(request.logits),
    labelMode: soft ? "soft" : "class",
    labelClass: soft ? 0 : request.labels,
    softText: soft ? formatList(request.labels) : "",
    namesText: (request.class_names ?? []).join(", "),
    temperature: request.temperature ?? 1,
    smoothing: request.label_smoothing ?? 0,
    learningRate,
    preset: preset.id,
  });
}

function numberParam(params, name, fallback) {
  const raw = params.get(name);
  if (raw === null || raw.trim() === "") return fallback;
  const value = Number(raw);
  return Number.isNaN(value) ? fallback : value;
}

/** The state a query string describes, or null when it describes none (no logits). */
export function stateFromQuery(search) {
  const params = new URLSearchParams(search);
  if (!params.has("o")) return null;
  const mode = LABEL_MODES.includes(params.get("ym")) ? params.get("ym") : "class";
  const y = params.get("y") ?? "0";
  return makeState({
    logitsText: params.get("o"),
    labelMode: mode,
    labelClass: mode === "soft" ? 0 : Math.max(0, Math.trunc(numberParam(params, "y", 0))),
    softText: mode === "soft" ? y : "",
    namesText: params.get("names") ?? "",
    temperature: numberParam(params, "T", 1),
    smoothing: numberParam(params, "eps", 0),
    learningRate: numberParam(params, "lr", 1),
    preset: params.get("p") ?? "",
  });
}

/** The query string for a state (and the page language), in a stable order. */
export function queryFor(state, lang) {
  const params = new URLSearchParams();
  params.set("o", state.logitsText);
  params.set("ym", state.labelMode);
  params.set("y", state.labelMode === "soft" ? state.softText : String(state.labelClass));
  params.set("T", String(state.temperature));
  params.set("eps", String(state.smoothing));
  params.set("lr", String(state.learningRate));
  if (state.namesText.trim() !== "") params.set("names", state.namesText);
  if (state.preset) params.set("p", state.preset);
  params.set("lang", lang);
  return `?${params}`;
}
