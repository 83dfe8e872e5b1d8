// A sequence page's numbers as text: the total loss and the model's facts (h_0, ∂L/∂h_0,
// …), the table of every per-step vector, the API's warnings, and the preset's notes.
// Texts are the page's own: `{prefix}row.<field>`, `{prefix}warning.<code>`, ….

import { showWarnings } from "../lib/errors.js";
import { formatNumber } from "../lib/format.js";
import { language, t } from "../lib/i18n.js";

const $ = (id) => document.getElementById(id);

/** A number with 5 decimals, as the lecture prints them; tiny or huge ones in e-notation. */
export function fixed(value) {
  if (value === null || value === undefined) return "null";
  if (Number.isInteger(value)) return String(value).replace("-", "−");
  const magnitude = Math.abs(value);
  const text =
    magnitude >= 1e-4 && magnitude < 1e5 ? value.toFixed(5) : value.toExponential(3);
  return text.replace("-", "−");
}

/** (v_0, v_1, …) with 5 decimals. */
export function vectorText(values) {
  return `(${values.map(fixed).join(", ")})`;
}

/**
 * The loss, large, with each fact of the page beside it (`[data-fact]`: a field of the
 * answer, its row hidden when the answer has none, as ∂L/∂b_f without b_f); the warnings
 * below, worded by `prefixes` (lib/errors.js).
 */
export function showSummary(result, prefixes) {
  $("loss-value").textContent = formatNumber(result.loss, 6);
  for (const dd of document.querySelectorAll("[data-fact]")) {
    const value = result[dd.dataset.fact];
    dd.closest("[data-fact-row]").hidden = value === undefined;
    dd.textContent = value === undefined ? "" : vectorText(value);
  }
  showWarnings($("warnings"), $("warnings-list"), result.warnings, prefixes);
}

/** The cells a note is about: `field-t` for each step its quantity names ("h_1, h_2"). */
function notedCells(note) {
  const steps = [...note.quantity.matchAll(/_(\d+)/g)].map((match) => Number(match[1]));
  return (steps.length ? steps : [note.step]).map((t) => `${note.field}-${t}`);
}

/**
 * The per-step table: one row per quantity in `rows`, one column per step. `notes` are
 * the preset's notes; their cells are marked and the notes listed below.
 */
export function showValues(result, rows, notes, prefix) {
  const head = $("values-steps");
  while (head.children.length > 1) head.lastElementChild.remove();
  for (const step of result.per_step) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = t(`${prefix}values.step`, { t: step.t });
    head.append(th);
  }
  const noted = new Set(notes.flatMap(notedCells));
  $("values-body").replaceChildren(
    ...rows.map((field) => {
      const tr = document.createElement("tr");
      tr.dataset.field = field;
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = t(`${prefix}row.${field}`);
      tr.append(th);
      for (const step of result.per_step) {
        const td = document.createElement("td");
        td.id = `value-${field}-${step.t}`;
        const value = step[field];
        td.textContent = Array.isArray(value) ? vectorText(value) : fixed(value);
        if (noted.has(`${field}-${step.t}`)) {
          td.classList.add("noted");
          td.title = t(`${prefix}notes.marker`);
        }
        tr.append(td);
      }
      return tr;
    }),
  );
  showNotes(notes);
}

function showNotes(notes) {
  const lang = language();
  $("slide-notes-list").replaceChildren(
    ...notes.map((note) => {
      const item = document.createElement("li");
      item.dataset.quantity = note.quantity;
      item.textContent = note[`note_${lang}`] ?? note.note_en;
      return item;
    }),
  );
  $("slide-notes").hidden = notes.length === 0;
}
