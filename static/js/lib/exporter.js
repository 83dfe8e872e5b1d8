// Share and export: the numbers as JSON, a link to this view.

import { exportChart } from "./plot.js";
import { t } from "./i18n.js";

// The address bar follows the state at most this often (browsers throttle replaceState).
const URL_INTERVAL_MS = 250;

/** A function that writes `query()` into the address bar soon, at most every 250 ms. */
export function urlFollower(query) {
  let timer = null;
  return () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      window.history.replaceState(null, "", query());
    }, URL_INTERVAL_MS);
  };
}

/** Download `data` as a pretty-printed JSON file. */
export function downloadJSON(data, filename) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Copy the page's URL; where the clipboard is unavailable (plain http), show it to copy. */
export async function copyLink(statusEl, fieldEl) {
  const url = window.location.href;
  try {
    await navigator.clipboard.writeText(url);
    statusEl.textContent = t("export.link.done");
    fieldEl.hidden = true;
  } catch {
    statusEl.textContent = t("export.link.manual");
    fieldEl.value = url;
    fieldEl.hidden = false;
    fieldEl.select();
  }
}

/**
 * Wire a page's export controls: PNG/SVG under every chart (`chart(name)` gives its
 * element; one scrolled out of view is drawn first), the numbers as JSON (`snapshot()`,
 * or a promise of them, or nothing yet), and the share link
 * (`shareQuery()`, the URL of the current state).
 */
export function bindExports({ chart, snapshot, filename, shareQuery }) {
  for (const button of document.querySelectorAll("[data-export]")) {
    button.addEventListener("click", () =>
      exportChart(chart(button.dataset.export), button.dataset.export, button.dataset.format),
    );
  }
  document.getElementById("export-json").addEventListener("click", async () => {
    const numbers = await snapshot();
    if (numbers) downloadJSON(numbers, filename);
  });
  document.getElementById("copy-link").addEventListener("click", () => {
    window.history.replaceState(null, "", shareQuery());
    copyLink(document.getElementById("copy-status"), document.getElementById("share-url"));
  });
}
