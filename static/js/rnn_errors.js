// A 422 from the RNN endpoints shown where it happened: in the error slot of the matrix
// or sequence its `loc` names, with that cell or select marked invalid; in Korean when
// this page's catalogue has the error's type and the context fills every placeholder.

import { has, language, t } from "./i18n.js";
import { cellId } from "./rnn_editors.js";

// The request field (loc[1]) → its error slot.
const SLOTS = {
  W: "W-error",
  U: "U-error",
  V: "V-error",
  h0: "h0-error",
  inputs: "inputs-error",
  labels: "labels-error",
};

/** `W[0][1]` for the location ["body", "W", 0, 1]. */
function where(loc) {
  const [field, ...indices] = loc.slice(1);
  return String(field ?? "") + indices.map((i) => `[${i}]`).join("");
}

/** The message of one error entry in the current language. */
export function errorText(error) {
  const key = `rnn.error.${error.type}`;
  if (language() !== "en" && has(key) && Array.isArray(error.loc)) {
    const text = t(key, { where: where(error.loc), ...(error.ctx ?? {}) });
    // A placeholder left unfilled: this variant of the error has other context fields.
    if (!/\{\w+\}/.test(text)) return text;
  }
  return error.msg ?? t("status.error");
}

/** A warning from the API in the current language: by its code, else its own text. */
export function warningText(warning) {
  const key = `rnn.warning.${warning.code}`;
  return language() !== "en" && has(key) ? t(key, warning) : warning.message;
}

/** The control a location points at: a cell, a step's select, or a whole editor. */
function controlFor(loc) {
  const [field, first, second] = loc.slice(1);
  if (field === "inputs" || field === "labels") {
    return document.getElementById(first === undefined ? "sequence-editor" : `${field === "inputs" ? "x" : "y"}-${first}`);
  }
  if (first === undefined) return document.getElementById(`editor-${field}`);
  if (field === "h0") return document.getElementById(cellId("h0", first));
  return (
    document.getElementById(cellId(field, first, second)) ??
    document.getElementById(`editor-${field}`)
  );
}

/** Remove every shown error. */
export function clearErrors() {
  for (const el of document.querySelectorAll(".error")) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const el of document.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

/** Show each error in its place; returns those no editor owns, for the status line. */
export function showErrors(detail) {
  clearErrors();
  const unplaced = [];
  for (const error of detail) {
    const loc = Array.isArray(error.loc) ? error.loc : [];
    const slot = document.getElementById(SLOTS[loc[1]] ?? "");
    if (!slot) {
      unplaced.push(error);
      continue;
    }
    const text = errorText(error);
    slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
    slot.hidden = false;
    slot.dataset.type = error.type;
    controlFor(loc)?.setAttribute("aria-invalid", "true");
  }
  return unplaced;
}
