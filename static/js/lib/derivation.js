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

// A panel this close to the viewport counts as in view: its derivation is asked for.
const NEAR_PX = 200;

// Per container: the latest request not asked for yet ({ask}, or null), the promise of
// the latest answer being shown, and whether the observer last saw the panel near.
const panels = new Map();
let observer = null;

function panelOf(container) {
  let panel = panels.get(container);
  if (!panel) {
    panel = { waiting: null, loading: Promise.resolve(), near: false };
    panels.set(container, panel);
    observer ??= new IntersectionObserver(
      (entries) => {
        for (const { target, isIntersecting } of entries) {
          const seen = panels.get(target);
          seen.near = isIntersecting;
          if (isIntersecting) askWaiting(seen);
        }
      },
      { rootMargin: `${NEAR_PX}px 0px` },
    );
    observer.observe(container);
  }
  return panel;
}

function askWaiting(panel) {
  const ask = panel.waiting;
  panel.waiting = null;
  if (ask) panel.loading = ask();
  return panel.loading;
}

/**
 * Ask for the derivation of `request` and show it in `container`, unless a newer edit
 * came first (`isCurrent()` is then false); `onShown(result)` keeps it for the page
 * (language switches, exports), and body[data-derivation-seq] says which edit it shows.
 * The MathML is asked for only while the panel is in view (or near it): out of view,
 * the request waits, a newer one replacing it, and goes out when the panel scrolls in
 * (or `loadDerivation` needs it). A failure is silent: an abort means a newer edit, and
 * the page's numbers request reports a bad input in place.
 */
export function followDerivation(
  fetchDerivation,
  request,
  { signal, seq, isCurrent, container, onShown },
) {
  const panel = panelOf(container);
  panel.waiting = () => {
    if (!isCurrent()) return Promise.resolve();
    return fetchDerivation(request, signal)
      .then((result) => {
        if (!isCurrent()) return;
        onShown(result);
        showDerivation(container, result);
        document.body.dataset.derivationSeq = String(seq);
      })
      .catch(() => {});
  };
  // The observer's word (a frame old) decides: reading the layout here, just after the
  // charts were drawn, would lay the page out once more on every edit. A panel that has
  // just come into view is asked for by the observer's own callback.
  if (panel.near) askWaiting(panel);
}

/** Ask now for a derivation still waiting in `container`; resolves once it is shown. */
export function loadDerivation(container) {
  const panel = panels.get(container);
  return panel ? askWaiting(panel) : Promise.resolve();
}
