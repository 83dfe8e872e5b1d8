// The one error display of every page. A 422's entries are shown where they happened:
// next to the control their `loc` names, found through the page's places map, in the
// page's language (by `type` from the catalogue, else the server's own message). The
// API's warnings are shown the same way, by `code`.

import { has, language, t } from "./i18n.js";

// The server writes its messages in this language; others are translated by type.
const SERVER_LANGUAGE = "en";

/** `W[0][1]` for the location ["body", "W", 0, 1]. */
export function where(loc) {
  const [field, ...indices] = loc.slice(1);
  return String(field ?? "") + indices.map((i) => `[${i}]`).join("");
}

/** A page's text prefixes, tried in order: "lstm." then "rnn." for the LSTM's shared checks. */
function prefixList(prefix) {
  return Array.isArray(prefix) ? prefix : [prefix];
}

/**
 * The message of one error entry in the current language. `prefix` picks a page's own
 * texts ("rnn." for `rnn.error.<type>`, or a list of prefixes tried in order); a text is
 * used only when the error's context fills every placeholder, else the server's message,
 * which names the exact entry.
 */
export function errorText(error, prefix = "") {
  if (language() !== SERVER_LANGUAGE) {
    const loc = Array.isArray(error.loc) ? error.loc : [];
    const params = { where: where(loc), ...(error.ctx ?? {}) };
    for (const key of prefixList(prefix).map((p) => `${p}error.${error.type}`)) {
      if (!has(key)) continue;
      const text = t(key, params);
      if (!/\{\w+\}/.test(text)) return text;
    }
  }
  return error.msg ?? t("status.error");
}

/** A warning from the API in the current language: by its code, else its own text. */
export function warningText(warning, prefix = "") {
  const key = prefixList(prefix)
    .map((p) => `${p}warning.${warning.code}`)
    .find((k) => has(k));
  return language() !== SERVER_LANGUAGE && key ? t(key, warning) : warning.message;
}

/** The API's warnings as the items of `list`, its `box` shown only when there are some. */
export function showWarnings(box, list, warnings, prefix = "") {
  list.replaceChildren(
    ...warnings.map((warning) => {
      const item = document.createElement("li");
      item.dataset.code = warning.code;
      item.textContent = warningText(warning, prefix);
      return item;
    }),
  );
  box.hidden = warnings.length === 0;
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
 * Show each error next to its control. `places` maps a request field (loc[1]) to
 * {slot, control}: the id of its error text, and the id of the control to mark invalid
 * (or a function of the whole `loc` giving it). Returns the errors no place owns (the
 * body as a whole, a 413), for the page's status line.
 */
export function showErrors(detail, places, prefix = "") {
  clearErrors();
  const unplaced = [];
  for (const error of detail) {
    const loc = Array.isArray(error.loc) ? error.loc : [];
    const place = Object.hasOwn(places, loc[1]) ? places[loc[1]] : null;
    const slot = place && document.getElementById(place.slot);
    if (!slot) {
      unplaced.push(error);
      continue;
    }
    const text = errorText(error, prefix);
    slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
    slot.hidden = false;
    slot.dataset.type = error.type;
    const control = typeof place.control === "function" ? place.control(loc) : place.control;
    if (control) document.getElementById(control)?.setAttribute("aria-invalid", "true");
  }
  return unplaced;
}
