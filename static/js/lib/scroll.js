// A box that scrolls sideways has to be reachable by keyboard, or its hidden part is out
// of reach (WCAG 2.1.1; axe's scrollable-region-focusable). While its content is wider
// than it, the box is a focusable region named by its label; otherwise it stays out of
// the tab order, so that boxes that fit cost no extra Tab stop.

/** Make `box` a focusable region named by `label` now if it scrolls, a plain box if not. */
export function markScrolling(box, label) {
  if (box.scrollWidth > box.clientWidth + 1) {
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    if (label?.id) box.setAttribute("aria-labelledby", label.id);
  } else {
    box.removeAttribute("tabindex");
    box.removeAttribute("role");
    box.removeAttribute("aria-labelledby");
  }
}

const labels = new WeakMap();
const boxOf = new WeakMap();
const observer = new ResizeObserver((entries) => {
  for (const { target } of entries) {
    const box = boxOf.get(target);
    if (box) markScrolling(box, labels.get(box));
  }
});

/** Keep `box` marked as its size or its content's (its first child's) size changes. */
export function focusableWhenScrolling(box, label) {
  labels.set(box, label);
  for (const target of [box, box.firstElementChild]) {
    if (!target) continue;
    boxOf.set(target, box);
    observer.observe(target);
  }
  markScrolling(box, label);
}
