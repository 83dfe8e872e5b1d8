// A sequence page's state (/rnn, /lstm), its URL form, and the API request it stands for,
// for the page's `model` (app/pages/sequence.py): its matrices, each with the sizes its rows
// and column blocks count, and its optional vectors. Weights are kept as the text of each
// cell, so that a cell that is not a number goes to the server as typed and its 422 names
// that exact entry ("W[0][1]: …"). A target is a word's index, or null for no target (a
// vector of zeros: that step adds no loss).

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
// A step without a target, in the URL.
const NO_TARGET = "-";

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

/** A new state of `model` with the given fields; one unit, one word, one step otherwise. */
export function makeState(model, fields = {}) {
  const matrices = Object.fromEntries(
    model.matrices.map(({ name, columns }) => [name, [columns.map(() => "0")]]),
  );
  const vectors = Object.fromEntries(model.vectors.map((name) => [name, ["0"]]));
  const use = Object.fromEntries(model.vectors.map((name) => [name, false]));
  return { ...matrices, ...vectors, use, inputs: [0], labels: [0], preset: "", ...fields };
}

/**
 * H, D, C and T of a state, read off its matrices: a matrix's rows count one size, its
 * columns the sum of its blocks (an LSTM gate's H + D), so D is what H leaves of them.
 */
export function sizes(model, state) {
  const known = { steps: state.inputs.length };
  for (const { name, rows, columns } of model.matrices) {
    const matrix = state[name];
    if (!(rows in known)) known[rows] = matrix.length;
    const unknown = columns.filter((block) => !(block in known));
    if (unknown.length === 1) {
      const taken = columns.reduce((sum, block) => sum + (known[block] ?? 0), 0);
      known[unknown[0]] = (matrix[0]?.length ?? 0) - taken;
    }
  }
  return known;
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

/** The POST body for the page's endpoint and its derivation. */
export function requestFor(model, state) {
  const { classes } = sizes(model, state);
  const request = {};
  for (const { name } of model.matrices) {
    request[name] = state[name].map((row) => row.map(cellValue));
  }
  for (const name of model.vectors) {
    if (state.use[name]) request[name] = state[name].map(cellValue);
  }
  request.inputs = [...state.inputs];
  request.labels = state.labels.map((y) => (y === null ? fill(classes, () => 0) : y));
  return request;
}

/** A preset's target as the page keeps it: its index, null for zeros, a vector's largest entry. */
function labelOf(y) {
  if (!Array.isArray(y)) return y;
  if (y.every((v) => v === 0)) return null;
  return y.indexOf(Math.max(...y));
}

/** A state from a preset's request (the presets hold class indices for the inputs). */
export function stateFromPreset(model, preset) {
  const request = preset.request;
  const grid = (matrix) => matrix.map((row) => row.map(cellText));
  const fields = { use: {}, preset: preset.id };
  for (const { name } of model.matrices) fields[name] = grid(request[name]);
  const state = makeState(model, fields);
  const { hidden } = sizes(model, state);
  for (const name of model.vectors) {
    state.use[name] = Array.isArray(request[name]);
    state[name] = state.use[name] ? request[name].map(cellText) : fill(hidden, () => "0");
  }
  state.inputs = [...request.inputs];
  state.labels = request.labels.map(labelOf);
  return state;
}

/** A row cut into its column blocks at the sizes `now`, each fitted to its size in `next`. */
function reshapeRow(row, columns, now, next) {
  let start = 0;
  const reshaped = [];
  for (const block of columns) {
    reshaped.push(...fit(row.slice(start, start + now[block]), next[block], "0"));
    start += now[block];
  }
  return reshaped;
}

/**
 * The state with one size changed by `delta` (±1): every matrix with that size in its
 * rows or column blocks grows or shrinks there (an LSTM gate gains the column of a new
 * hidden unit after its h_{t−1} columns, before its x_t ones), H the vectors too, T the
 * sequences. New entries are 0; indices that fall outside a smaller vocabulary move to its
 * last word.
 */
export function resize(model, state, size, delta) {
  const now = sizes(model, state);
  const next = { ...now, [size]: now[size] + delta };
  const resized = { ...state };
  for (const { name, rows, columns } of model.matrices) {
    resized[name] = fill(next[rows], (i) => reshapeRow(state[name][i] ?? [], columns, now, next));
  }
  for (const name of model.vectors) resized[name] = fit(state[name], next.hidden, "0");
  resized.inputs = fit(state.inputs, next.steps, 0).map((x) => clampIndex(x, next.inputs));
  resized.labels = fit(state.labels, next.steps, 0).map((y) =>
    y === null ? null : clampIndex(y, next.classes),
  );
  return resized;
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

function parseIndex(token) {
  const value = Number(token);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

/** The state a query string describes, or null when it describes none (a matrix missing). */
export function stateFromQuery(model, search) {
  const params = new URLSearchParams(search);
  const names = model.matrices.map(({ name }) => name);
  if (![...names, "x", "y"].every((name) => params.get(name))) return null;
  const fields = { use: {}, preset: params.get("p") ?? "" };
  for (const name of names) fields[name] = parseMatrix(params.get(name));
  const state = makeState(model, fields);
  const { hidden } = sizes(model, state);
  for (const name of model.vectors) {
    const given = params.get(name);
    state.use[name] = given !== null;
    state[name] = fit(given !== null ? parseMatrix(given)[0] : [], hidden, "0");
  }
  state.inputs = params.get("x").split(",").map(parseIndex);
  const labels = params.get("y").split(",");
  state.labels = fit(labels, state.inputs.length, "0").map((token) =>
    token === NO_TARGET ? null : parseIndex(token),
  );
  // An index past the vocabulary cannot be picked in the page's selects: use the last word.
  const { inputs, classes } = sizes(model, state);
  state.inputs = state.inputs.map((index) => clampIndex(index, inputs));
  state.labels = state.labels.map((y) => (y === null ? null : clampIndex(y, classes)));
  return state;
}

/** The query string for a state (and the page language), in a stable order. */
export function queryFor(model, state, lang) {
  const params = new URLSearchParams();
  for (const { name } of model.matrices) params.set(name, matrixParam(state[name]));
  params.set("x", state.inputs.join(","));
  params.set("y", state.labels.map((y) => (y === null ? NO_TARGET : y)).join(","));
  for (const name of model.vectors) {
    if (state.use[name]) params.set(name, matrixParam([state[name]]));
  }
  if (state.preset) params.set("p", state.preset);
  params.set("lang", lang);
  return `?${params}`;
}
