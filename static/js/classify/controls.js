// The input controls: build them for the current number of classes, show a state in
// them, and turn what the user does into a patch of the state.

import { showLargeLabelPicker } from "../large/inputs.js";
import { formatNumber } from "../lib/format.js";
import { t } from "../lib/i18n.js";
import { classCount, classNames, formatList, parseList } from "./state.js";

// One slider per class up to this many classes; past it, the text field alone.
export const MAX_SLIDERS = 12;

const $ = (id) => document.getElementById(id);

/** A slider's half-width: at least 1, else 2·max|o| rounded up to 1, 2 or 5 × 10^n. */
function sliderExtent(logits) {
  const largest = Math.max(0, ...logits.map(Math.abs));
  const wanted = Math.max(1, 2 * largest);
  const power = 10 ** Math.floor(Math.log10(wanted));
  const nice = [1, 2, 5, 10].find((m) => m * power >= wanted);
  return nice * power;
}

function sliderLabel(k, names) {
  const base = t("logits.slider", { k });
  return names?.[k] !== undefined ? `${base} (${names[k]})` : base;
}

/** Rebuild the per-class sliders (only when the class count or the range must change). */
function buildSliders(container, logits, names) {
  container.replaceChildren();
  const extent = sliderExtent(logits);
  container.dataset.extent = String(extent);
  container.dataset.classes = String(logits.length);
  logits.forEach((value, k) => {
    const row = document.createElement("div");
    row.className = "slider-row";
    const label = document.createElement("label");
    label.htmlFor = `logit-${k}`;
    label.className = "slider-label";
    label.textContent = sliderLabel(k, names);
    const input = document.createElement("input");
    input.type = "range";
    input.id = `logit-${k}`;
    input.dataset.k = String(k);
    input.min = String(-extent);
    input.max = String(extent);
    input.step = String(extent / 500);
    input.value = String(value);
    const output = document.createElement("output");
    output.htmlFor = input.id;
    output.className = "slider-value";
    output.textContent = formatNumber(value, 4);
    row.append(label, input, output);
    container.append(row);
  });
}

function showSliders(state) {
  const container = $("logit-sliders");
  const tokens = parseList(state.logitsText);
  const numeric = tokens.length > 0 && tokens.every((v) => typeof v === "number");
  if (!numeric || tokens.length > MAX_SLIDERS) {
    container.replaceChildren();
    container.dataset.classes = "0";
    return;
  }
  const names = classNames(state);
  const extent = Number(container.dataset.extent);
  const outOfRange = tokens.some((v) => Math.abs(v) > extent);
  if (Number(container.dataset.classes) !== tokens.length || outOfRange) {
    buildSliders(container, tokens, names);
    return;
  }
  for (const input of container.querySelectorAll("input[type=range]")) {
    const k = Number(input.dataset.k);
    if (document.activeElement !== input) input.value = String(tokens[k]);
    input.nextElementSibling.textContent = formatNumber(tokens[k], 4);
    input.previousElementSibling.textContent = sliderLabel(k, names);
  }
}

function classOptionText(k, names) {
  return names?.[k] !== undefined ? `${k} — ${names[k]}` : String(k);
}

function showLabelPickers(state) {
  // Past LARGE_CLASSES a class field replaces the list and the one-hot buttons.
  if (showLargeLabelPicker(state)) return;
  const classes = classCount(state);
  const names = classNames(state);
  const select = $("label-class");
  // A class index past C stays selectable so that the server's message can explain it.
  const count = Math.max(classes, state.labelClass + 1);
  if (select.options.length !== count || select.dataset.names !== state.namesText) {
    select.replaceChildren(
      ...Array.from({ length: count }, (_, k) => {
        const option = document.createElement("option");
        option.value = String(k);
        option.textContent = classOptionText(k, names);
        return option;
      }),
    );
    select.dataset.names = state.namesText;
  }
  select.value = String(state.labelClass);

  const onehot = $("label-onehot");
  if (onehot.childElementCount !== classes || onehot.dataset.names !== state.namesText) {
    onehot.replaceChildren(
      ...Array.from({ length: classes }, (_, k) => {
        const label = document.createElement("label");
        label.className = "onehot-entry";
        const input = document.createElement("input");
        input.type = "radio";
        input.name = "label-onehot";
        input.value = String(k);
        const text = document.createElement("span");
        text.className = "onehot-text";
        label.append(input, text);
        label.title = classOptionText(k, names);
        return label;
      }),
    );
    onehot.dataset.names = state.namesText;
  }
  for (const input of onehot.querySelectorAll("input")) {
    const k = Number(input.value);
    input.checked = k === state.labelClass;
    // The entry reads as the vector: y_k = 1 for the chosen class, 0 elsewhere.
    input.nextElementSibling.textContent = `y${k} = ${input.checked ? 1 : 0}`;
  }

  for (const radio of document.querySelectorAll("input[name=label-mode]")) {
    radio.checked = radio.value === state.labelMode;
  }
  for (const pane of document.querySelectorAll(".label-mode")) {
    pane.hidden = pane.dataset.mode !== state.labelMode;
  }
}

function setValue(id, value, except) {
  const el = $(id);
  if (el !== except && el.value !== String(value)) el.value = String(value);
}

/** Show `state` in every control except `except`, the one the user is typing in. */
export function showState(state, except = null) {
  setValue("logits-text", state.logitsText, except);
  setValue("class-names", state.namesText, except);
  setValue("label-soft", state.softText, except);
  setValue("temperature", state.temperature ?? "", except);
  setValue("temperature-range", state.temperature ?? 1, except);
  setValue("smoothing", state.smoothing ?? "", except);
  setValue("smoothing-range", state.smoothing ?? 0, except);
  setValue("learning-rate", state.learningRate, except);
  setValue("learning-rate-range", state.learningRate, except);
  setValue("preset", state.preset, except);
  showSliders(state);
  showLabelPickers(state);
}

/** A number field's value: a number, or null when empty (the server explains). */
function numberValue(input) {
  const empty = input.value.trim() === "" || Number.isNaN(input.valueAsNumber);
  return empty ? null : input.valueAsNumber;
}

/**
 * Listen to every control; call `onEdit(patch, source)` with the state fields that
 * changed and the element they came from, and `onPreset(id)` for a preset.
 */
export function bindControls({ getState, onEdit, onPreset }) {
  const texts = [
    ["logits-text", "logitsText"],
    ["class-names", "namesText"],
    ["label-soft", "softText"],
  ];
  for (const [id, field] of texts) {
    $(id).addEventListener("input", (e) => onEdit({ [field]: e.target.value }, e.target));
  }
  $("label-class").addEventListener("change", (e) =>
    onEdit({ labelClass: Number(e.target.value) }, e.target),
  );
  $("label-onehot").addEventListener("change", (e) =>
    onEdit({ labelClass: Number(e.target.value) }, null),
  );
  for (const radio of document.querySelectorAll("input[name=label-mode]")) {
    radio.addEventListener("change", () => onEdit(switchMode(getState(), radio.value), null));
  }
  $("logit-sliders").addEventListener("input", (e) => {
    const k = Number(e.target.dataset.k);
    const logits = parseList(getState().logitsText);
    logits[k] = Number(e.target.value);
    onEdit({ logitsText: formatList(logits) }, e.target);
  });
  const pairs = [
    ["temperature", "temperature-range", "temperature"],
    ["smoothing", "smoothing-range", "smoothing"],
    ["learning-rate", "learning-rate-range", "learningRate"],
  ];
  for (const [numberId, rangeId, field] of pairs) {
    $(numberId).addEventListener("input", (e) =>
      onEdit({ [field]: numberValue(e.target) }, e.target),
    );
    $(rangeId).addEventListener("input", (e) =>
      onEdit({ [field]: Number(e.target.value) }, e.target),
    );
  }
  $("preset").addEventListener("change", (e) => onPreset(e.target.value));
}

/** Changing the label mode keeps the label: the class becomes a vector and back. */
function switchMode(state, mode) {
  const patch = { labelMode: mode };
  if (mode === "soft") {
    const classes = classCount(state);
    const current = parseList(state.softText);
    if (current.length !== classes) {
      patch.softText = formatList(
        Array.from({ length: classes }, (_, k) => (k === state.labelClass ? 1 : 0)),
      );
    }
  } else if (state.labelMode === "soft") {
    // Back to one class: the entry with the most weight.
    const soft = parseList(state.softText).map((v) => (typeof v === "number" ? v : -Infinity));
    if (soft.length) patch.labelClass = soft.indexOf(Math.max(...soft));
  }
  return patch;
}
