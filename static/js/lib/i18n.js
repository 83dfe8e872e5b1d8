// Text in the page's language. The server embeds that language's catalogue alone
// (#i18n-data, {lang: {key: text}}) and lists every language with the URL of its
// catalogue (#languages-data); the URL carries the file's hash, so the browser keeps a
// fetched catalogue for good. Switching language fetches the other catalogue, then
// re-labels the page in place; the choice is remembered in localStorage, a cookie (so
// the server renders the next page in it) and the URL.

import { getJSON } from "./api.js";

const catalogues = JSON.parse(document.getElementById("i18n-data").textContent);
const languages = JSON.parse(document.getElementById("languages-data").textContent);
export const LANGUAGES = Object.keys(languages);
const STORAGE_KEY = "gradviz.lang";
const COOKIE = "gradviz_lang";
const listeners = new Set();
const loading = new Map();

let current = Object.keys(catalogues)[0];
// Counts the switches asked for: a catalogue that arrives after a newer switch is kept
// for later, but does not switch the page.
let switches = 0;

export function language() {
  return current;
}

/** The text for `key` in the current language, with `{name}` filled from `params`. */
export function t(key, params = {}) {
  return fill(catalogues[current][key] ?? key, params);
}

/** Whether the current language has its own text for `key` (errors and warnings by code). */
export function has(key) {
  return key in catalogues[current];
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
  if (asked in languages) return asked;
  let remembered = null;
  try {
    remembered = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (private mode, policies): the URL and cookie still work.
  }
  return remembered in languages ? remembered : current;
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

/** A language's catalogue: the embedded one, else fetched once from its hashed URL. */
function load(lang) {
  if (lang in catalogues) return Promise.resolve();
  if (!loading.has(lang)) {
    const pending = getJSON(languages[lang].url).then((catalogue) => {
      catalogues[lang] = catalogue;
    });
    // A failed fetch is forgotten, so that pressing the button again retries it.
    pending.catch(() => loading.delete(lang));
    loading.set(lang, pending);
  }
  return loading.get(lang);
}

function apply(lang) {
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

/**
 * Switch the page to `lang` (at once when its catalogue is here, else once fetched),
 * remember it, and tell the listeners (charts redraw their labels). Resolves to false
 * when the catalogue could not be fetched: the page then stays in its language.
 */
export function setLanguage(lang) {
  if (!(lang in languages)) return Promise.resolve(false);
  const ticket = ++switches;
  if (lang in catalogues) {
    apply(lang);
    return Promise.resolve(true);
  }
  return load(lang).then(
    () => {
      if (ticket === switches) apply(lang);
      return true;
    },
    () => false,
  );
}

export function onLanguageChange(listener) {
  listeners.add(listener);
}

/** Wire the page's language buttons; `onUnavailable()` when a catalogue cannot be fetched. */
export function bindLanguageButtons(onUnavailable) {
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () =>
      setLanguage(button.dataset.lang).then((switched) => switched || onUnavailable()),
    );
  }
}
