// The page's theme, light or dark. By default it follows the system
// (prefers-color-scheme); the switch in the header picks one, which is remembered in
// localStorage and a cookie (so the server renders the next page in it, without a flash)
// and carried by the URL (`theme=`), like the language. The CSS follows
// <html data-theme>; the charts take their colours from lib/palette.js, switched here,
// and redraw when the listeners are told.

import { THEME_NAMES, usePalette } from "./palette.js";

const PARAM = "theme";
const STORAGE_KEY = "gradviz.theme";
const COOKIE = "gradviz_theme";
const system = window.matchMedia("(prefers-color-scheme: dark)");
const listeners = new Set();

// The theme chosen (URL, then the remembered choice), or null to follow the system.
let chosen = initialChoice(window.location.search);

function initialChoice(search) {
  const asked = new URLSearchParams(search).get(PARAM);
  if (THEME_NAMES.includes(asked)) return asked;
  let remembered = null;
  try {
    remembered = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (private mode, policies): the URL and cookie still work.
  }
  if (THEME_NAMES.includes(remembered)) return remembered;
  // The one the server rendered the page in (from the cookie), if any.
  const rendered = document.documentElement.dataset.theme;
  return THEME_NAMES.includes(rendered) ? rendered : null;
}

/** The theme shown now: the one chosen, else the system's. */
export function theme() {
  return chosen ?? (system.matches ? "dark" : "light");
}

/** `query` (a "?…" string) with the chosen theme in it; none while the system decides. */
export function withTheme(query) {
  const params = new URLSearchParams(query);
  if (chosen) params.set(PARAM, chosen);
  else params.delete(PARAM);
  return `?${params}`;
}

export function onThemeChange(listener) {
  listeners.add(listener);
}

function show() {
  const name = theme();
  const root = document.documentElement;
  if (chosen) root.dataset.theme = chosen;
  else delete root.dataset.theme;
  usePalette(name);
  for (const button of document.querySelectorAll("[data-theme-toggle]")) {
    button.setAttribute("aria-pressed", String(name === "dark"));
  }
}

function changed() {
  show();
  const name = theme();
  for (const listener of listeners) listener(name);
  document.dispatchEvent(new CustomEvent("gradviz:theme", { detail: { theme: name } }));
}

/** Show `name` ("light" or "dark") from now on, remember it, and redraw the charts. */
export function setTheme(name) {
  if (!THEME_NAMES.includes(name)) return;
  chosen = name;
  try {
    window.localStorage.setItem(STORAGE_KEY, name);
  } catch {
    // See initialChoice: remembering is best effort.
  }
  document.cookie = `${COOKIE}=${name}; path=/; max-age=31536000; samesite=lax`;
  changed();
}

/** Wire the header's theme switch (a toggle button: pressed = dark). */
export function bindThemeButton() {
  for (const button of document.querySelectorAll("[data-theme-toggle]")) {
    button.addEventListener("click", () => setTheme(theme() === "dark" ? "light" : "dark"));
  }
}

// While the system decides, a change of its setting (evening mode) redraws the page.
system.addEventListener("change", () => {
  if (!chosen) changed();
});

show();
