// The inputs in large-C mode. The logits read as one line ("50,257 logits from the
// example …") instead of 50,000 numbers in the text field, which opens on request to
// edit or paste; the target class is a number field, not a list of 50,000 options (nor
// 50,000 one-hot buttons); the pooled heatmaps' options sit above the heatmaps.

import { classCount, classNames, isLarge } from "../classify/state.js";
import { formatCount as count } from "../lib/format.js";
import { t } from "../lib/i18n.js";

const $ = (id) => document.getElementById(id);

// Whether the user asked to see the logits as text (in large mode it starts closed).
let textOpen = false;

function element(tag, fields) {
  return Object.assign(document.createElement(tag), fields);
}

/** The summary line that stands in for the logits' text, built once. */
function logitsBox() {
  let box = $("large-logits");
  if (box) return box;
  box = element("div", { id: "large-logits", className: "large-logits", hidden: true });
  const summary = element("p", { id: "large-logits-summary", className: "large-logits-summary" });
  const link = element("p", { id: "large-logits-link", className: "help" });
  const toggle = element("button", {
    type: "button",
    id: "large-logits-toggle",
    className: "small secondary",
  });
  toggle.setAttribute("aria-controls", "logits-text");
  toggle.addEventListener("click", () => {
    textOpen = $("logits-text").hidden;
    showText();
    if (textOpen) {
      $("logits-text").focus();
      $("logits-text").select(); // a paste replaces the numbers
    }
  });
  box.append(summary, link, toggle);
  $("logits-text").after(box);
  return box;
}

function showText() {
  const input = $("logits-text");
  input.hidden = !textOpen && document.activeElement !== input;
  const toggle = $("large-logits-toggle");
  toggle.textContent = t(input.hidden ? "large.logits.edit" : "large.logits.hide");
  toggle.setAttribute("aria-expanded", String(!input.hidden));
}

/** Fold the logits' text away again (a large preset was chosen, or a descent step taken). */
export function closeLargeText() {
  textOpen = false;
}

/** The number field for the target class, built once beside the class list. */
function labelIndex() {
  let input = $("label-index");
  if (input) return input;
  input = element("input", {
    type: "number",
    id: "label-index",
    name: "label_index",
    min: "0",
    step: "1",
    inputMode: "numeric",
    hidden: true,
  });
  input.setAttribute("aria-describedby", "label-index-help labels-error");
  const help = element("p", { id: "label-index-help", className: "help", hidden: true });
  $("label-class").after(input, help);
  return input;
}

/**
 * Show the label's controls for large C (a class index field; one-hot only through it);
 * otherwise restore the small ones. Returns whether the state is large.
 */
export function showLargeLabelPicker(state) {
  const large = isLarge(state);
  const input = labelIndex();
  const help = $("label-index-help");
  $("label-class").hidden = large;
  input.hidden = !large;
  help.hidden = !large;
  const label = document.querySelector('label[for="label-class"], label[for="label-index"]');
  if (label) label.htmlFor = large ? "label-index" : "label-class";
  document.querySelector("input[name=label-mode][value=onehot]").disabled = large;
  if (!large) return false;
  const classes = classCount(state);
  input.max = String(classes - 1);
  if (document.activeElement !== input) input.value = String(state.labelClass);
  const name = classNames(state)?.[state.labelClass];
  help.textContent =
    t("large.label.help", { last: count(classes - 1) }) + (name === undefined ? "" : ` (${name})`);
  for (const radio of document.querySelectorAll("input[name=label-mode]")) {
    radio.checked = radio.value === state.labelMode;
  }
  // A one-hot target is chosen by its class: the class field stands in for the buttons.
  const pane = state.labelMode === "soft" ? "soft" : "class";
  for (const el of document.querySelectorAll(".label-mode")) el.hidden = el.dataset.mode !== pane;
  return true;
}

/**
 * Show large mode's inputs for a state: the logits' summary line, its note on links,
 * and the heatmap options. `presetTitle(id)` names a preset in the page's language.
 */
export function showLargeInputs(state, presetTitle) {
  const large = isLarge(state);
  const box = logitsBox();
  box.hidden = !large;
  if (!large) {
    textOpen = false;
    $("logits-text").hidden = false;
    return;
  }
  const classes = count(classCount(state));
  const title = state.logitsPreset ? presetTitle(state.logitsPreset) : null;
  $("large-logits-summary").textContent = title
    ? t("large.logits.from", { classes, title })
    : t("large.logits.own", { classes });
  $("large-logits-link").textContent = state.logitsPreset
    ? t("large.link.preset")
    : t("large.link.own", { classes });
  showText();
  for (const field of ["pool", "order", "size", "scale"]) {
    const select = $(`heatmap-${field}`);
    if (select.value !== String(state[field])) select.value = String(state[field]);
  }
  showLargeLabelPicker(state); // its help text is in the page's language
}

/**
 * Listen to large mode's own controls: `onEdit(patch, source)` as for the others, and
 * `onRedraw(patch)` for the colour scale, which needs no new numbers.
 */
export function bindLargeControls({ onEdit, onRedraw }) {
  labelIndex().addEventListener("input", (e) => {
    const value = e.target.valueAsNumber;
    // An empty or half-typed field changes nothing; any number goes to the server,
    // whose 422 explains a class that does not exist.
    if (!Number.isNaN(value)) onEdit({ labelClass: value }, e.target);
  });
  $("logits-text").addEventListener("input", () => {
    textOpen = true; // typing or pasting keeps the text open, even past the threshold
  });
  for (const field of ["pool", "order"]) {
    $(`heatmap-${field}`).addEventListener("change", (e) =>
      onEdit({ [field]: e.target.value }, e.target),
    );
  }
  $("heatmap-size").addEventListener("change", (e) =>
    onEdit({ size: Number(e.target.value) }, e.target),
  );
  $("heatmap-scale").addEventListener("change", (e) => onRedraw({ scale: e.target.value }));
}
