// The /rnn page's editors: a grid of text inputs per matrix, one select per step for
// x_t and y_t, and the size buttons. They are rebuilt when a size changes (or a preset
// or the language does), never while a cell is being typed in, so focus stays put.

import { t } from "../lib/i18n.js";
import { sizes } from "./state.js";

const $ = (id) => document.getElementById(id);
const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";

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

/** A matrix as a table of inputs, row and column indices in the headers. */
function buildMatrix(container, name, rows, onCell) {
  const table = document.createElement("table");
  table.className = "matrix";
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const head = document.createElement("tr");
  head.append(headerCell("", "col"));
  for (let j = 0; j < columns; j++) head.append(headerCell(String(j), "col"));
  table.append(head);
  rows.forEach((row, i) => {
    const tr = document.createElement("tr");
    tr.append(headerCell(String(i), "row"));
    row.forEach((text, j) => {
      const td = document.createElement("td");
      td.append(cellInput(name, i, j, text, onCell));
      tr.append(td);
    });
    table.append(tr);
  });
  container.replaceChildren(table);
}

/** h_0 as one row of inputs. */
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

function indexSelect(id, label, size, value, onChange) {
  const select = document.createElement("select");
  select.id = id;
  select.setAttribute("aria-label", label);
  for (let k = 0; k < size; k++) {
    const option = document.createElement("option");
    option.value = String(k);
    // The API's index k is the lecture's one-hot vector e_{k+1}.
    option.textContent = `${k} (e${subscript(k + 1)})`;
    select.append(option);
  }
  select.value = String(value);
  select.addEventListener("change", () => onChange(Number(select.value)));
  return select;
}

/** One column per step: its number, the select for x_t and the one for y_t. */
function buildSequence(state, onStep) {
  const { inputs, classes } = sizes(state);
  const stepsRow = $("sequence-steps");
  const inputsRow = $("sequence-inputs");
  const labelsRow = $("sequence-labels");
  for (const row of [stepsRow, inputsRow, labelsRow]) {
    while (row.children.length > 1) row.lastElementChild.remove();
  }
  state.inputs.forEach((index, step) => {
    stepsRow.append(headerCell(String(step + 1), "col"));
    const x = document.createElement("td");
    x.append(
      indexSelect(`x-${step}`, t("rnn.sequence.x.label", { t: step + 1 }), inputs, index, (k) =>
        onStep("inputs", step, k),
      ),
    );
    inputsRow.append(x);
    const y = document.createElement("td");
    y.append(
      indexSelect(
        `y-${step}`,
        t("rnn.sequence.y.label", { t: step + 1 }),
        classes,
        state.labels[step],
        (k) => onStep("labels", step, k),
      ),
    );
    labelsRow.append(y);
  });
}

function showSizes(state, limits) {
  const now = sizes(state);
  for (const [size, value] of Object.entries(now)) {
    $(`size-${size}`).textContent = String(value);
    // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
    $(`size-${size}-remove`).setAttribute("aria-disabled", String(value <= 1));
    $(`size-${size}-add`).setAttribute("aria-disabled", String(value >= limits[size]));
  }
}

/** Build every editor for `state`; `handlers` get {onCell, onStep} events. */
export function buildEditors(state, limits, { onCell, onStep }) {
  for (const name of ["W", "U", "V"]) buildMatrix($(`editor-${name}`), name, state[name], onCell);
  buildVector($("editor-h0"), "h0", state.h0, onCell);
  $("use-h0").checked = state.useH0;
  $("h0-field").hidden = !state.useH0;
  buildSequence(state, onStep);
  showSizes(state, limits);
}

/** Wire the size buttons and the h_0 switch, which are part of the page itself. */
export function bindSizeControls({ onResize, onUseH0 }) {
  for (const button of document.querySelectorAll("[data-resize]")) {
    button.addEventListener("click", () => {
      if (button.getAttribute("aria-disabled") === "true") return;
      onResize(button.dataset.resize, Number(button.dataset.delta));
    });
  }
  $("use-h0").addEventListener("change", () => onUseH0($("use-h0").checked));
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

// Where the error display (lib/errors.js) puts a 422 on this page: the request field's
// error slot, and the control to mark invalid.
export const ERROR_PLACES = {
  W: { slot: "W-error", control: matrixControl },
  U: { slot: "U-error", control: matrixControl },
  V: { slot: "V-error", control: matrixControl },
  h0: {
    slot: "h0-error",
    control: (loc) => (loc[2] === undefined ? "editor-h0" : cellId("h0", loc[2])),
  },
  inputs: { slot: "inputs-error", control: sequenceControl },
  labels: { slot: "labels-error", control: sequenceControl },
};
