// Share and export: the numbers as JSON, a link to this view.

import { t } from "./i18n.js";

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
