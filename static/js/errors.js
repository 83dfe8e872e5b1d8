// A 422 shown where it happened: next to the control its `loc` names, in the page's
// language (translated by `type`, else the server's own message).

import { has, language, t } from "./i18n.js";

// The request field (loc[1]) → its error slot and the control to mark invalid.
const PLACES = {
  logits: { slot: "logits-error", control: "logits-text" },
  labels: { slot: "labels-error", control: null },
  class_names: { slot: "class_names-error", control: "class-names" },
  temperature: { slot: "temperature-error", control: "temperature" },
  label_smoothing: { slot: "label_smoothing-error", control: "smoothing" },
};
const LABEL_CONTROLS = { class: "label-class", onehot: "label-onehot", soft: "label-soft" };

/** The message of one error entry in the current language. */
export function errorText(error) {
  const key = `error.${error.type}`;
  if (language() !== "en" && has(key)) return t(key, error.ctx ?? {});
  return error.msg ?? t("status.error");
}

/** Remove every shown error. */
export function clearErrors() {
  for (const el of document.querySelectorAll(".error")) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const el of document.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

/**
 * Show each error next to its control. Returns the errors no control owns (the body
 * as a whole, a 413), for the page's status line.
 */
export function showErrors(detail, labelMode) {
  clearErrors();
  const unplaced = [];
  for (const error of detail) {
    const field = Array.isArray(error.loc) ? error.loc[1] : undefined;
    const place = PLACES[field];
    if (!place) {
      unplaced.push(error);
      continue;
    }
    const slot = document.getElementById(place.slot);
    const text = errorText(error);
    slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
    slot.hidden = false;
    slot.dataset.type = error.type;
    const controlId = place.control ?? LABEL_CONTROLS[labelMode];
    document.getElementById(controlId)?.setAttribute("aria-invalid", "true");
  }
  return unplaced;
}
