// A sequence page's editors: a grid of text inputs per matrix, a row of them per optional
// vector, one select per step for x_t and y_t, and the size buttons. They are rebuilt when
// a size changes (or a preset or the language does), never while a cell is being typed
// in, so focus stays put. Texts are the page's own (`{prefix}sequence.x.label`, …).

import { t } from "../lib/i18n.js";
import { sizes } from "./state.js";

const $ = (id) => document.getElementById(id);
const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";
// How a column is headed in a matrix of several column blocks ([h_{t−1}; x_t]).
const BLOCK_LETTERS = { hidden: "h", inputs: "x", classes: "k" };

function subscript(n) {
  return String(n).replace(/\d/g, (digit) => SUBSCRIPTS[Number(digit)]);
}

function headerCell(text, scope) {
  const th = document.createElement("th");
  th.scope = scope;
  th.textContent = text;
  return th;
}

/** The id of a cell's input: `cell-W-0-1`, or `cell-h0-1` for the vector h_0. */
export function cellId(name, i, j) {
  return j === undefined ? `cell-${name}-${i}` : `cell-${name}-${i}-${j}`;
}

function cellInput(name, i, j, text, onCell) {
  const input = document.createElement("input");
  input.type = "text";
  input.className = "cell";
  input.id = cellId(name, i, j);
  input.value = text;
  input.autocomplete = "off";
  input.spellcheck = false;
  input.size = 7;
  input.setAttribute("aria-label", j === undefined ? `${name}[${i}]` : `${name}[${i}][${j}]`);
  input.addEventListener("input", () => onCell(name, i, j, input.value));
  return input;
}

/**
 * Each column's heading and whether a block starts there: its index in a matrix of one
 * column block, else its block's letter and its index in the block (h₀, h₁, x₀, …).
 */
export function columnHeads(columns, now) {
  if (columns.length === 1) {
    return Array.from({ length: now[columns[0]] }, (_, j) => ({ text: String(j), start: false }));
  }
  return columns.flatMap((block, b) =>
    Array.from({ length: now[block] }, (_, j) => ({
      text: `${BLOCK_LETTERS[block]}${subscript(j)}`,
      start: b > 0 && j === 0,
    })),
  );
}

/** A matrix as a table of inputs, row and column indices in the headers. */
function buildMatrix(container, name, rows, heads, onCell) {
  const table = document.createElement("table");
  table.className = "matrix";
  const head = document.createElement("tr");
  head.append(headerCell("", "col"));
  for (const { text, start } of heads) {
    const th = headerCell(text, "col");
    th.classList.toggle("block-start", start);
    head.append(th);
  }
  table.append(head);
  rows.forEach((row, i) => {
    const tr = document.createElement("tr");
    tr.append(headerCell(String(i), "row"));
    row.forEach((text, j) => {
      const td = document.createElement("td");
      td.classList.toggle("block-start", heads[j]?.start ?? false);
      td.append(cellInput(name, i, j, text, onCell));
      tr.append(td);
    });
    table.append(tr);
  });
  container.replaceChildren(table);
}

/** A vector (h_0, a bias) as one row of inputs. */
function buildVector(container, name, values, onCell) {
  const table = document.createElement("table");
  table.className = "matrix";
  const head = document.createElement("tr");
  const row = document.createElement("tr");
  values.forEach((text, i) => {
    head.append(headerCell(String(i), "col"));
    const td = document.createElement("td");
    td.append(cellInput(name, i, undefined, text, onCell));
    row.append(td);
  });
  table.append(head, row);
  container.replaceChildren(table);
}

/** A select of the words 0 … size − 1 (and "no target" first, where `none` names it). */
function indexSelect(id, label, size, value, onChange, none = null) {
  const select = document.createElement("select");
  select.id = id;
  select.setAttribute("aria-label", label);
  if (none !== null) {
    const option = document.createElement("option");
    option.value = "";
    option.textContent = none;
    select.append(option);
  }
  for (let k = 0; k < size; k++) {
    const option = document.createElement("option");
    option.value = String(k);
    // The API's index k is the lecture's one-hot vector e_{k+1}.
    option.textContent = `${k} (e${subscript(k + 1)})`;
    select.append(option);
  }
  select.value = value === null ? "" : String(value);
  select.addEventListener("change", () =>
    onChange(select.value === "" ? null : Number(select.value)),
  );
  return select;
}

/** One column per step: its number, the select for x_t and the one for y_t. */
function buildSequence(model, state, prefix, onStep) {
  const { inputs, classes } = sizes(model, state);
  const stepsRow = $("sequence-steps");
  const inputsRow = $("sequence-inputs");
  const labelsRow = $("sequence-labels");
  for (const row of [stepsRow, inputsRow, labelsRow]) {
    while (row.children.length > 1) row.lastElementChild.remove();
  }
  const none = t(`${prefix}sequence.y.none`);
  state.inputs.forEach((index, step) => {
    stepsRow.append(headerCell(String(step + 1), "col"));
    const x = document.createElement("td");
    const xLabel = t(`${prefix}sequence.x.label`, { t: step + 1 });
    x.append(indexSelect(`x-${step}`, xLabel, inputs, index, (k) => onStep("inputs", step, k)));
    inputsRow.append(x);
    const y = document.createElement("td");
    const yLabel = t(`${prefix}sequence.y.label`, { t: step + 1 });
    const label = state.labels[step];
    y.append(indexSelect(`y-${step}`, yLabel, classes, label, (k) => onStep("labels", step, k), none));
    labelsRow.append(y);
  });
}

function showSizes(model, state, limits) {
  const now = sizes(model, state);
  for (const size of Object.keys(limits)) {
    $(`size-${size}`).textContent = String(now[size]);
    // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
    $(`size-${size}-remove`).setAttribute("aria-disabled", String(now[size] <= 1));
    $(`size-${size}-add`).setAttribute("aria-disabled", String(now[size] >= limits[size]));
  }
}

/** Build every editor of `model` for `state`; `handlers` get {onCell, onStep} events. */
export function buildEditors(model, state, limits, prefix, { onCell, onStep }) {
  const now = sizes(model, state);
  for (const { name, columns } of model.matrices) {
    buildMatrix($(`editor-${name}`), name, state[name], columnHeads(columns, now), onCell);
  }
  for (const name of model.vectors) {
    buildVector($(`editor-${name}`), name, state[name], onCell);
    $(`use-${name}`).checked = state.use[name];
    $(`${name}-field`).hidden = !state.use[name];
  }
  buildSequence(model, state, prefix, onStep);
  showSizes(model, state, limits);
}

/** Wire the size buttons and the vectors' switches, which are part of the page itself. */
export function bindSizeControls({ onResize, onUse }) {
  for (const button of document.querySelectorAll("[data-resize]")) {
    button.addEventListener("click", () => {
      if (button.getAttribute("aria-disabled") === "true") return;
      onResize(button.dataset.resize, Number(button.dataset.delta));
    });
  }
  for (const box of document.querySelectorAll("[data-use]")) {
    box.addEventListener("change", () => onUse(box.dataset.use, box.checked));
  }
}

/** The control an error's location points at: a cell, a step's select, or a whole editor. */
function matrixControl(loc) {
  const [field, first, second] = loc.slice(1);
  if (first === undefined) return `editor-${field}`;
  const cell = cellId(field, first, second);
  return document.getElementById(cell) ? cell : `editor-${field}`;
}

function sequenceControl(loc) {
  const [field, step] = loc.slice(1);
  if (step === undefined) return "sequence-editor";
  return `${field === "inputs" ? "x" : "y"}-${step}`;
}

/**
 * Where the error display (lib/errors.js) puts a 422 on a page of `model`: the request
 * field's error slot, and the control to mark invalid.
 */
export function errorPlaces(model) {
  const places = {
    inputs: { slot: "inputs-error", control: sequenceControl },
    labels: { slot: "labels-error", control: sequenceControl },
  };
  for (const name of [...model.matrices.map((m) => m.name), ...model.vectors]) {
    places[name] = { slot: `${name}-error`, control: matrixControl };
  }
  return places;
}
