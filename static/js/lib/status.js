// The page's status line (#status): a catalogue key, re-worded when the language
// changes, or a text of its own (errors no control owns).

import { t } from "./i18n.js";

const status = () => document.getElementById("status");

/** Show the text of `key` (or nothing, for null). */
export function setStatus(key) {
  status().textContent = key ? t(key) : "";
  status().dataset.key = key ?? "";
}

/** Show a text that is no catalogue key. */
export function showStatusText(text) {
  status().textContent = text;
  status().dataset.key = "";
}

/** Re-word a keyed status in the current language. */
export function relabelStatus() {
  if (status().dataset.key) status().textContent = t(status().dataset.key);
}
