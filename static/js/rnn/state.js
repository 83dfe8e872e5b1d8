// The /rnn page's state, its URL form, and the API request it stands for. Weights are
// kept as the text of each cell, so that a cell that is not a number goes to the
// server as typed and its 422 names that exact entry ("W[0][1]: …").

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A new state with the given fields; a 1-unit, 1-word, 1-step network otherwise. */
export function makeState(fields = {}) {
  return {
    W: [["0"]],
    U: [["0"]],
    V: [["0"]],
    useH0: false,
    h0: ["0"],
    inputs: [0],
    labels: [0],
    preset: "",
    ...fields,
  };
}

/** H, D, C and T of a state: rows of W, columns of U, rows of V, steps. */
export function sizes(state) {
  return {
    hidden: state.W.length,
    inputs: state.U[0]?.length ?? 0,
    classes: state.V.length,
    steps: state.inputs.length,
  };
}

/** One cell as the API takes it: a finite number where the text is one, else the text. */
export function cellValue(text) {
  const token = String(text).trim().replaceAll("\u2212", "-");
  if (NUMBER.test(token)) {
    const value = Number(token);
    if (Number.isFinite(value)) return value;
  }
  return token;
}

/** A number as a cell shows it. */
export function cellText(value) {
  return String(value);
}

/** The POST body for /api/v1/rnn and /api/v1/rnn/derivation. */
export function requestFor(state) {
  const request = {
    W: state.W.map((row) => row.map(cellValue)),
    U: state.U.map((row) => row.map(cellValue)),
    V: state.V.map((row) => row.map(cellValue)),
    inputs: [...state.inputs],
    labels: [...state.labels],
  };
  if (state.useH0) request.h0 = state.h0.map(cellValue);
  return request;
}

/** A state from a preset's request (the presets hold class indices for the sequences). */
export function stateFromPreset(preset) {
  const request = preset.request;
  const grid = (matrix) => matrix.map((row) => row.map(cellText));
  const hidden = request.W.length;
  return makeState({
    W: grid(request.W),
    U: grid(request.U),
    V: grid(request.V),
    useH0: Array.isArray(request.h0),
    h0: Array.isArray(request.h0) ? request.h0.map(cellText) : Array(hidden).fill("0"),
    inputs: [...request.inputs],
    labels: [...request.labels],
    preset: preset.id,
  });
}

function fill(length, make) {
  return Array.from({ length }, (_, k) => make(k));
}

/** `values` cut or padded with `pad` to `length`. */
function fit(values, length, pad) {
  return fill(length, (k) => (k < values.length ? values[k] : pad));
}

/** A whole number in [0, size), else the nearest one. */
function clampIndex(index, size) {
  return Math.min(Math.max(0, index), size - 1);
}

/**
 * The state with one size changed by `delta` (±1): H grows W, U, V and h_0 together, D
 * the columns of U, C the rows of V, T the sequences. New entries are 0; indices that
 * fall outside a smaller vocabulary move to its last word.
 */
export function resize(state, size, delta) {
  const now = sizes(state);
  if (size === "hidden") {
    const hidden = now.hidden + delta;
    return {
      ...state,
      W: fill(hidden, (i) => fit(state.W[i] ?? [], hidden, "0")),
      U: fill(hidden, (i) => fit(state.U[i] ?? [], now.inputs, "0")),
      V: state.V.map((row) => fit(row, hidden, "0")),
      h0: fit(state.h0, hidden, "0"),
    };
  }
  if (size === "inputs") {
    const inputs = now.inputs + delta;
    return {
      ...state,
      U: state.U.map((row) => fit(row, inputs, "0")),
      inputs: state.inputs.map((index) => clampIndex(index, inputs)),
    };
  }
  if (size === "classes") {
    const classes = now.classes + delta;
    return {
      ...state,
      V: fill(classes, (k) => state.V[k] ?? fill(now.hidden, () => "0")),
      labels: state.labels.map((index) => clampIndex(index, classes)),
    };
  }
  const steps = now.steps + delta;
  return { ...state, inputs: fit(state.inputs, steps, 0), labels: fit(state.labels, steps, 0) };
}

// Cells are joined by "," and rows by ";": those two (and "%") are escaped inside a cell.
function escapeCell(text) {
  return text.replaceAll("%", "%25").replaceAll(",", "%2C").replaceAll(";", "%3B");
}

function unescapeCell(text) {
  return text.replaceAll("%3B", ";").replaceAll("%2C", ",").replaceAll("%25", "%");
}

function matrixParam(matrix) {
  return matrix.map((row) => row.map(escapeCell).join(",")).join(";");
}

function parseMatrix(text) {
  return text.split(";").map((row) => row.split(",").map(unescapeCell));
}

function parseIndices(text) {
  return text.split(",").map((token) => {
    const value = Number(token);
    return Number.isInteger(value) && value >= 0 ? value : 0;
  });
}

/** The state a query string describes, or null when it describes none (no W). */
export function stateFromQuery(search) {
  const params = new URLSearchParams(search);
  const needed = ["W", "U", "V", "x", "y"];
  if (!needed.every((name) => params.get(name))) return null;
  const W = parseMatrix(params.get("W"));
  const inputs = parseIndices(params.get("x"));
  const labels = fit(parseIndices(params.get("y")), inputs.length, 0);
  const h0 = params.get("h0");
  const state = makeState({
    W,
    U: parseMatrix(params.get("U")),
    V: parseMatrix(params.get("V")),
    useH0: h0 !== null,
    h0: h0 !== null ? fit(parseMatrix(h0)[0], W.length, "0") : fill(W.length, () => "0"),
    inputs,
    labels,
    preset: params.get("p") ?? "",
  });
  // An index past the vocabulary cannot be picked in the page's selects: use the last word.
  const { inputs: inputSize, classes } = sizes(state);
  state.inputs = state.inputs.map((index) => clampIndex(index, inputSize));
  state.labels = state.labels.map((index) => clampIndex(index, classes));
  return state;
}

/** The query string for a state (and the page language), in a stable order. */
export function queryFor(state, lang) {
  const params = new URLSearchParams();
  params.set("W", matrixParam(state.W));
  params.set("U", matrixParam(state.U));
  params.set("V", matrixParam(state.V));
  params.set("x", state.inputs.join(","));
  params.set("y", state.labels.join(","));
  if (state.useH0) params.set("h0", matrixParam([state.h0]));
  if (state.preset) params.set("p", state.preset);
  params.set("lang", lang);
  return `?${params}`;
}
