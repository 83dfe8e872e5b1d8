// The derivation panel. The MathML is the server's, written from numbers and fixed
// symbols only (never from user text), so inserting it as markup is safe; titles
// and notes go in as text.
//
// A step as written (one line per equality, lined up on "=") is kept where it fits.
// Where it does not (a phone, long vectors), each line is broken before its top-level
// relations ("=", "⇒") and binary operators ("+", "−", "⊙") into pieces that wrap like
// words: browsers do not break MathML lines. Only what is still too wide then scrolls,
// and is focusable.

import { language } from "./i18n.js";
import { markScrolling } from "./scroll.js";

const MATHML = "http://www.w3.org/1998/Math/MathML";
const RELATIONS = new Set(["=", "\u21d2"]);
const OPERATORS = new Set(["+", "\u2212", "\u2299"]);
const OPENING = new Set(["(", "[", "{"]);
const CLOSING = new Set([")", "]", "}"]);
const GROUPS = new Set(["mrow", "mstyle"]);

/** The children of `el` past the wrappers that hold one child (not a fenced group). */
function contents(el) {
  let node = el;
  while (node.children.length === 1 && GROUPS.has(node.firstElementChild.localName)) {
    const child = node.firstElementChild;
    if (child.firstElementChild?.getAttribute("fence") === "true") break;
    node = child;
  }
  return [...node.children];
}

/** The lines of a formula: the rows of its top-level table, or the formula itself. */
function formulaLines(math) {
  const top = contents(math);
  if (top.length === 1 && top[0].localName === "mtable") {
    return [...top[0].children].map((row) => [...row.children].flatMap(contents));
  }
  return [top];
}

function piece(items) {
  const math = document.createElementNS(MATHML, "math");
  math.setAttribute("displaystyle", "true");
  math.append(...items);
  return math;
}

/** The formula as lines of pieces that wrap: each piece starts at a break. */
function reflow(math) {
  return formulaLines(math).map((items) => {
    const line = document.createElement("div");
    line.className = "math-line";
    let current = [];
    let depth = 0; // inside inline parentheses, "(ŷ_t − y_t)"
    for (const item of items) {
      const op = item.localName === "mo" ? item.textContent.trim() : "";
      // An operator right after another one is a sign ("= −0.5"): it stays with its number.
      const binary = OPERATORS.has(op) && current.at(-1)?.localName !== "mo";
      if (depth === 0 && (RELATIONS.has(op) || binary) && current.length) {
        line.append(piece(current));
        current = [];
      }
      // Inline parentheses ("(1 − ŷ_j)") stay whole; sized ones (\Big[ … \Big]) may break.
      if (item.getAttribute("stretchy") === "false") {
        if (OPENING.has(op)) depth += 1;
        if (CLOSING.has(op)) depth = Math.max(0, depth - 1);
      }
      current.push(item);
    }
    if (current.length) line.append(piece(current));
    return line;
  });
}

const overflows = (box) => box.scrollWidth > box.clientWidth + 1;

// Each step's MathML as the server sent it, to lay it out again at another width.
const written = new WeakMap();

/** Write the step's formula into `box`: as the server laid it out, or reflowed. */
function fit(box) {
  box.innerHTML = written.get(box);
  box.classList.remove("reflowed");
  if (!overflows(box)) return;
  const math = box.querySelector("math");
  if (!math) return;
  box.replaceChildren(...reflow(math));
  box.classList.add("reflowed");
}

/** Fit the step, and let the keyboard reach what still scrolls. */
function fitStep(box) {
  fit(box);
  markScrolling(box, box.previousElementSibling);
}

// Steps are fitted again when the panel's width changes (a rotated phone, a resized window).
const widths = new WeakMap();
const resized = new ResizeObserver((entries) => {
  for (const { target, contentRect } of entries) {
    if (widths.get(target) === contentRect.width) continue;
    widths.set(target, contentRect.width);
    for (const box of target.querySelectorAll(".derivation-step .math")) fitStep(box);
  }
});

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
      written.set(math, step.mathml);
      title.id = `derivation-title-${step.id}`;
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
  for (const box of container.querySelectorAll(".derivation-step .math")) fitStep(box);
  resized.observe(container);
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
