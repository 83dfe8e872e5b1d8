// Text in the page's language, from the catalogue the server embedded (#i18n-data).
// Switching language re-labels the page in place and is remembered in localStorage,
// a cookie (so the server renders the next page in it) and the URL.

const catalogue = JSON.parse(document.getElementById("i18n-data").textContent);
export const LANGUAGES = Object.keys(catalogue);
const STORAGE_KEY = "gradviz.lang";
const COOKIE = "gradviz_lang";
const listeners = new Set();

let current = document.documentElement.lang in catalogue ? document.documentElement.lang : "en";

export function language() {
  return current;
}

/** The text for `key` in the current language, with `{name}` filled from `params`. */
export function t(key, params = {}) {
  const text = catalogue[current][key] ?? catalogue.en[key] ?? key;
  return fill(text, params);
}

/** Whether the current language has its own text for `key` (errors and warnings by code). */
export function has(key) {
  return key in catalogue[current];
}

function fill(text, params) {
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    name in params && params[name] !== null && params[name] !== undefined
      ? String(params[name])
      : whole,
  );
}

/** The language to start in: ?lang=, then the remembered choice, then the server's. */
export function initialLanguage(search) {
  const asked = new URLSearchParams(search).get("lang");
  if (asked in catalogue) return asked;
  let remembered = null;
  try {
    remembered = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (private mode, policies): the URL and cookie still work.
  }
  return remembered in catalogue ? remembered : current;
}

/** Re-label every element under `root` that names a catalogue key. */
export function translate(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) {
    const chart = el.dataset.i18nChart ? t(el.dataset.i18nChart) : "";
    el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel, { chart }));
  }
  for (const el of root.querySelectorAll("[data-title-en]")) {
    el.textContent = el.dataset[`title${current[0].toUpperCase()}${current.slice(1)}`];
  }
}

/** Switch the page to `lang`, remember it, and tell the listeners (charts redraw labels). */
export function setLanguage(lang) {
  if (!(lang in catalogue)) return;
  current = lang;
  document.documentElement.lang = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // See initialLanguage: remembering is best effort.
  }
  document.cookie = `${COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  }
  translate();
  for (const listener of listeners) listener(lang);
}

export function onLanguageChange(listener) {
  listeners.add(listener);
}
