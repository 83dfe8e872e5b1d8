// The page's whole state, its URL form, and the API request it stands for.
// The URL is the single place the state is kept between visits: a reload or a shared
// link reproduces the view.

export const LABEL_MODES = ["class", "onehot", "soft"];

// Past this many classes the page is in large-C mode: top-k bars and pooled heatmaps
// from POST /api/v1/jacobian/heatmap, never the dense analysis (capped at C ≤ 1024).
export const LARGE_CLASSES = 64;
// The pooled heatmaps' options (the API's `pool`, `order` and `size`).
export const HEATMAP_POOLS = ["mean", "maxabs"];
export const HEATMAP_ORDERS = ["prob", "index"];
export const HEATMAP_SIZES = [64, 128, 256];
// The heatmaps' colours: by log |value| with its sign, or linear in the value.
export const HEATMAP_SCALES = ["log", "linear"];
// The activation and the loss (why cross-entropy): the API's `activation`, `loss_function`.
export const ACTIVATIONS = ["softmax", "sigmoid"];
export const LOSS_FUNCTIONS = ["cross_entropy", "squared_error"];
// Fields that change how the numbers are shown, not the numbers (`compare`: the
// comparison view is open).
export const VIEW_FIELDS = ["learningRate", "pool", "order", "size", "scale", "compare"];
// Longer texts (a soft target or class names for thousands of classes) stay out of the
// URL: browsers and servers refuse addresses past a few tens of kilobytes.
const URL_TEXT_LIMIT = 4000;

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
    // The large preset whose logits the text holds, unchanged: the URL names it instead
    // of carrying its numbers.
    logitsPreset: "",
    pool: "mean",
    order: "prob",
    size: 128,
    scale: "log",
    activation: "softmax",
    lossFunction: "cross_entropy",
    compare: false,
    ...fields,
  };
}

// The last few lists parsed: with 50,000 logits the same text is asked for by the
// controls, the request and the URL on every update.
const parsed = new Map();
const PARSED_KEPT = 4;

/** Tokens of a comma- or space-separated list: numbers where they parse, else the text. */
export function parseList(text) {
  let tokens = parsed.get(text);
  if (tokens === undefined) {
    tokens = text
      .replaceAll("\u2212", "-") // the minus sign copied from slides or from this page
      .split(/[\s,;]+/)
      .filter((token) => token !== "")
      .map((token) => (NUMBER.test(token) ? Number(token) : token));
    if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value);
    parsed.set(text, tokens);
  }
  return tokens.slice(); // callers may change their copy
}

/** Numbers as the text field shows them. */
export function formatList(values) {
  return values.map((v) => String(v)).join(", ");
}

/** The number of classes the logits text currently gives. */
export function classCount(state) {
  return parseList(state.logitsText).length;
}

/** Whether the state is past LARGE_CLASSES classes (top-k bars and pooled heatmaps). */
export function isLarge(state) {
  return classCount(state) > LARGE_CLASSES;
}

/** The class names as typed (as many as the user gave), or null when none are. */
export function classNames(state) {
  const names = state.namesText
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  return names.length ? names : null;
}

/**
 * One name per class, for the request: the names typed for the first classes, each
 * further class named by its index (as its axis shows it unnamed), names past C left
 * out. The text keeps every name typed, so a class removed and added again gets its
 * name back; the page never sends a names list that does not match its logits.
 */
export function requestNames(state) {
  const typed = classNames(state);
  if (!typed) return null;
  return Array.from({ length: classCount(state) }, (_, k) => typed[k] ?? String(k));
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
    activation: state.activation,
    loss_function: state.lossFunction,
  };
  const names = requestNames(state);
  if (names?.length) request.class_names = names;
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
    logitsPreset: preset.large ? preset.id : "",
    activation: request.activation ?? "softmax",
    lossFunction: request.loss_function ?? "cross_entropy",
    // A comparison preset opens the comparison view.
    compare: preset.kind === "compare",
  });
}

function choiceParam(params, name, choices, fallback) {
  const raw = params.get(name);
  const choice = choices.find((c) => String(c) === raw);
  return choice ?? fallback;
}

function numberParam(params, name, fallback) {
  const raw = params.get(name);
  if (raw === null || raw.trim() === "") return fallback;
  const value = Number(raw);
  return Number.isNaN(value) ? fallback : value;
}

/**
 * The state a query string describes, or null when it describes none (no logits). A
 * large preset's logits are named (`from`), not carried: the state then has no logits
 * text yet, and `logitsPreset` says which preset to fetch them from.
 */
export function stateFromQuery(search) {
  const params = new URLSearchParams(search);
  const from = params.has("o") ? "" : (params.get("from") ?? "");
  if (!params.has("o") && from === "") return null;
  const defaults = makeState();
  const mode = LABEL_MODES.includes(params.get("ym")) ? params.get("ym") : "class";
  const y = params.get("y") ?? "0";
  return makeState({
    logitsText: params.get("o") ?? "",
    labelMode: mode,
    labelClass: mode === "soft" ? 0 : Math.max(0, Math.trunc(numberParam(params, "y", 0))),
    softText: mode === "soft" ? y : "",
    namesText: params.get("names") ?? "",
    temperature: numberParam(params, "T", 1),
    smoothing: numberParam(params, "eps", 0),
    learningRate: numberParam(params, "lr", 1),
    preset: params.get("p") ?? "",
    logitsPreset: from,
    pool: choiceParam(params, "pool", HEATMAP_POOLS, defaults.pool),
    order: choiceParam(params, "order", HEATMAP_ORDERS, defaults.order),
    size: choiceParam(params, "size", HEATMAP_SIZES, defaults.size),
    scale: choiceParam(params, "scale", HEATMAP_SCALES, defaults.scale),
    activation: choiceParam(params, "act", ACTIVATIONS, defaults.activation),
    lossFunction: choiceParam(params, "loss", LOSS_FUNCTIONS, defaults.lossFunction),
    compare: params.get("cmp") === "1",
  });
}

/**
 * The query string for a state (and the page language), in a stable order. Past
 * LARGE_CLASSES the logits are left out (50,000 numbers do not fit in a URL): a large
 * preset's are named by `from`; pasted or edited ones cannot be carried.
 */
export function queryFor(state, lang) {
  const params = new URLSearchParams();
  const large = isLarge(state);
  if (!large) params.set("o", state.logitsText);
  else if (state.logitsPreset) params.set("from", state.logitsPreset);
  if (state.labelMode !== "soft" || state.softText.length <= URL_TEXT_LIMIT) {
    params.set("ym", state.labelMode);
    params.set("y", state.labelMode === "soft" ? state.softText : String(state.labelClass));
  }
  params.set("T", String(state.temperature));
  params.set("eps", String(state.smoothing));
  params.set("lr", String(state.learningRate));
  params.set("act", state.activation);
  params.set("loss", state.lossFunction);
  if (state.compare) params.set("cmp", "1");
  const names = state.namesText.trim();
  if (names !== "" && names.length <= URL_TEXT_LIMIT) params.set("names", state.namesText);
  if (state.preset) params.set("p", state.preset);
  if (large) {
    params.set("pool", state.pool);
    params.set("order", state.order);
    params.set("size", String(state.size));
    params.set("scale", state.scale);
  }
  params.set("lang", lang);
  return `?${params}`;
}
