// The derivation panel. The MathML is the server's, written from numbers and fixed
// symbols only (never from user text), so inserting it as markup is safe; titles
// and notes go in as text.

import { language } from "./i18n.js";

/** Show the derivation steps in the page's language. */
export function showDerivation(container, derivation) {
  const lang = language();
  container.replaceChildren(
    ...derivation.steps.map((step) => {
      const item = document.createElement("li");
      item.className = "derivation-step";
      item.dataset.step = step.id;
      const title = document.createElement("h3");
      title.textContent = step[`title_${lang}`] ?? step.title_en;
      const math = document.createElement("div");
      math.className = "math";
      math.innerHTML = step.mathml;
      item.append(title, math);
      const note = step[`note_${lang}`] ?? step.note_en;
      if (note) {
        const p = document.createElement("p");
        p.className = "note";
        p.textContent = note;
        item.append(p);
      }
      return item;
    }),
  );
}

/**
 * Ask for the derivation of `request` and show it in `container`, unless a newer edit
 * came first (`isCurrent()` is then false); `onShown(result)` keeps it for the page
 * (language switches, exports), and body[data-derivation-seq] says which edit it shows.
 * A failure is silent: an abort means a newer edit, and the page's numbers request
 * reports a bad input in place.
 */
export function followDerivation(
  fetchDerivation,
  request,
  { signal, seq, isCurrent, container, onShown },
) {
  fetchDerivation(request, signal)
    .then((result) => {
      if (!isCurrent()) return;
      onShown(result);
      showDerivation(container, result);
      document.body.dataset.derivationSeq = String(seq);
    })
    .catch(() => {});
}
