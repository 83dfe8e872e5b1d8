// Wiring of the main page: inputs → state → one request (lib/live.js) → every chart,
// the summary and the derivation; the dense analysis up to LARGE_CLASSES classes, the
// pooled heatmap (the large-C view) past it, and with the comparison view open, POST
// /api/v1/compare beside it. The browser draws; every number comes from the API.

import {
  bindComparison,
  compareRequestFor,
  drawComparison,
  showComparison,
} from "./classify/compare.js";
import { bindControls, showState } from "./classify/controls.js";
import { createDescent } from "./classify/descent.js";
import {
  VIEW_FIELDS,
  formatList,
  isLarge,
  makeState,
  queryFor,
  requestFor,
  stateFromPreset,
  stateFromQuery,
} from "./classify/state.js";
import { bindLossPickers, showCombination, showLossPickers } from "./classify/losses.js";
import { drawDense, drawLossHistory } from "./classify/view.js";
import { drawLarge } from "./large/charts.js";
import { bindLargeControls, closeLargeText, showLargeInputs } from "./large/inputs.js";
import { heatmapRequestFor, withFullGradient } from "./large/request.js";
import { showLargeDerivation, showLargeSummary } from "./large/summary.js";
import { analyze, compare, derivation, heatmap, presetById, presetList } from "./lib/api.js";
import { followDerivation, loadDerivation, showDerivation } from "./lib/derivation.js";
import { bindExports, urlFollower } from "./lib/exporter.js";
import {
  bindLanguageButtons,
  initialLanguage,
  language,
  onLanguageChange,
  setLanguage,
  t,
} from "./lib/i18n.js";
import { createLive } from "./lib/live.js";
import { onWidthChange } from "./lib/plot.js";
import { setStatus } from "./lib/status.js";
import { bindThemeButton, onThemeChange, withTheme } from "./lib/theme.js";

const $ = (id) => document.getElementById(id);
const chart = (name) => $(`chart-${name}`);
const presets = JSON.parse($("presets-data").textContent);

// Where the error display (lib/errors.js) puts a 422: the request field's error slot,
// and the control to mark invalid (for the label, the picker of the current mode).
const LABEL_CONTROLS = { class: "label-class", onehot: "label-onehot", soft: "label-soft" };
const ERROR_PLACES = {
  logits: { slot: "logits-error", control: "logits-text" },
  labels: { slot: "labels-error", control: () => LABEL_CONTROLS[state.labelMode] },
  class_names: { slot: "class_names-error", control: "class-names" },
  temperature: { slot: "temperature-error", control: "temperature" },
  label_smoothing: { slot: "label_smoothing-error", control: "smoothing" },
  activation: { slot: "activation-error", control: "activation" },
  loss_function: { slot: "loss_function-error", control: "loss-function" },
};

let state = makeState();
let shownDerivation = null;
let losses = []; // the loss after each gradient-descent step, the first before any
let presetTicket = 0; // the latest preset chosen: a slower fetch of an earlier one is dropped

// Past LARGE_CLASSES the page asks for the pooled heatmap, never the dense analysis.
const numbersRequestOf = (s) => (isLarge(s) ? heatmapRequestFor(s) : requestFor(s));
// The heatmap's request is the only one with `top_k`.
const isLargeRequest = (request) => "top_k" in request;

/**
 * What one edit asks: the numbers, and the comparison when its view is open (up to
 * LARGE_CLASSES classes); both go out at once, and one render shows both answers.
 */
function requestOf(s) {
  const numbers = numbersRequestOf(s);
  const comparison = s.compare && !isLarge(s) ? compareRequestFor(numbers) : null;
  return { numbers, comparison };
}

/** Ask for both at once; a refusal of the numbers is the one shown when both fail. */
async function fetchAnswers({ numbers, comparison }, signal) {
  const asked = [(isLargeRequest(numbers) ? heatmap : analyze)(numbers, signal)];
  if (comparison) asked.push(compare(comparison, signal));
  const [analysis, compared] = await Promise.allSettled(asked);
  if (analysis.status === "rejected") throw analysis.reason;
  if (compared?.status === "rejected") throw compared.reason;
  return { analysis: analysis.value, comparison: compared?.value ?? null };
}

function viewOf({ numbers, comparison }, answers) {
  return {
    request: numbers,
    analysis: answers.analysis,
    large: isLargeRequest(numbers),
    comparison: comparison && { request: comparison, answer: answers.comparison },
  };
}

const presetTitle = (id) => presets.find((p) => p.id === id)?.[`title_${language()}`] ?? id;

// The view's URL: its state, the language and the theme chosen (if any).
const query = () => withTheme(queryFor(state, language()));
const writeURL = urlFollower(query);

function describePreset() {
  const preset = presets.find((p) => p.id === state.preset);
  $("preset-description").textContent = preset ? preset[`description_${language()}`] : "";
}

/** Show the dense cards or the large ones (CSS keys on data-mode). */
function showMode(large) {
  const mode = large ? "large" : "dense";
  for (const id of ["charts", "summary", "derivation"]) $(id).dataset.mode = mode;
}

function drawAll(view) {
  // The cards are shown before they are drawn, so that Plotly sizes them.
  showMode(view.large);
  showCombination(view.analysis);
  const compared = view.comparison ? drawComparison(view) : null;
  if (!view.large) return Promise.all([drawDense(view, losses), compared]);
  showLargeSummary(view);
  return Promise.all([drawLarge(view, language(), state.scale), drawLossHistory(losses)]);
}

/** The derivation panel for a view drawn: the server's MathML, or large mode's summary. */
function followView(view, run) {
  if (view.large) {
    shownDerivation = null;
    showLargeDerivation($("derivation-steps"), view);
    return;
  }
  // The derivation is asked for once the charts are drawn: on two cores, the server
  // writing MathML would otherwise compete with the browser drawing them.
  followDerivation(derivation, view.request, {
    ...run,
    container: $("derivation-steps"),
    onShown: (result) => {
      shownDerivation = result;
    },
  });
}

const live = createLive({
  request: () => requestOf(state),
  fetch: fetchAnswers,
  viewOf,
  received: (view, { cause, previous }) => {
    losses = cause === "descent" && previous ? [...losses, view.analysis.loss] : [view.analysis.loss];
  },
  draw: drawAll,
  drawn: followView,
  errors: { places: ERROR_PLACES },
  stale: ["charts", "summary", "derivation", "compare"],
  detail: (view) => ({ large: view.large, compare: view.comparison !== null }),
});

/** Apply a patch from the controls (or a descent step) and schedule an update. */
function update(patch, source, cause = "edit") {
  state = { ...state, ...patch };
  // Any change of the numbers (an edit or a descent step) leaves the preset; the
  // learning rate is not part of it.
  const numbers = Object.keys(patch).some(
    (k) => !VIEW_FIELDS.includes(k) && k !== "preset" && k !== "logitsPreset",
  );
  if ((cause === "edit" || cause === "descent") && numbers) state.preset = "";
  // New logits are no longer a large preset's, which the URL could have named.
  if ("logitsText" in patch) state.logitsPreset = "";
  showState(state, source);
  showLossPickers(state);
  showComparison(state, isLarge(state));
  showLargeInputs(state, presetTitle);
  describePreset();
  writeURL();
  live.schedule(cause);
}

/** A change of how the numbers are drawn (the heatmaps' colour scale): no request. */
function redraw(patch) {
  state = { ...state, ...patch };
  writeURL();
  const view = live.view();
  if (view?.large) drawAll(view);
}

/** A preset's state, keeping how the heatmaps are shown and an open comparison. */
function presetState(preset) {
  const { pool, order, size, scale } = state;
  const next = stateFromPreset(preset, state.learningRate);
  return { ...next, pool, order, size, scale, compare: next.compare || state.compare };
}

function applyPreset(id) {
  const preset = presets.find((p) => p.id === id);
  if (!preset) return;
  presetTicket += 1;
  if (preset.large) {
    applyLargePreset(preset.id, presetTicket);
    return;
  }
  state = presetState(preset);
  update({}, null, "preset");
}

/** Fetch a large preset's logits (the list leaves them out), then show it. */
async function applyLargePreset(id, ticket) {
  live.setBusy(true);
  setStatus("large.status.loading");
  let preset;
  try {
    preset = await presetById(id);
  } catch {
    if (ticket === presetTicket) {
      live.setBusy(false);
      setStatus("status.offline");
    }
    return;
  }
  if (ticket !== presetTicket) return;
  closeLargeText();
  state = presetState(preset);
  update({}, null, "preset");
}

/** Add the large presets (listed by the API, not the page) to the preset picker. */
function addLargePresets(listed) {
  const select = $("preset");
  for (const preset of listed) {
    if (!preset.large || presets.some((p) => p.id === preset.id)) continue;
    presets.push(preset);
    const option = document.createElement("option");
    option.value = preset.id;
    option.dataset.titleEn = preset.title_en;
    option.dataset.titleKo = preset.title_ko;
    option.textContent = preset[`title_${language()}`];
    select.append(option);
  }
  select.value = state.preset;
  describePreset();
  showLargeInputs(state, presetTitle);
}

/** Open a link that names a large preset's logits (`from`) with the rest of its state. */
async function openNamedLogits(fromURL) {
  const ticket = ++presetTicket;
  state = fromURL;
  live.setBusy(true);
  setStatus("large.status.loading");
  try {
    const preset = await presetById(fromURL.logitsPreset);
    if (ticket !== presetTicket) return;
    state = { ...state, logitsText: formatList(preset.request.logits) };
    update({}, null, "load");
  } catch {
    // No such preset (or no server): open on the first example instead.
    if (ticket === presetTicket && presets.length) applyPreset(presets[0].id);
  }
}

function relabel() {
  describePreset();
  showLargeInputs(state, presetTitle);
  const view = live.view();
  if (view) drawAll(view);
  if (view?.large) showLargeDerivation($("derivation-steps"), view);
  else if (shownDerivation) showDerivation($("derivation-steps"), shownDerivation);
  live.relabel();
  window.history.replaceState(null, "", query());
}

/**
 * The theme switched, or the width: every chart again, in its colours and laid out for
 * the width (the numbers are unchanged).
 */
function redrawCharts() {
  const view = live.view();
  if (view) drawAll(view);
  window.history.replaceState(null, "", query());
}

function start() {
  setLanguage(initialLanguage(window.location.search));
  onLanguageChange(relabel);
  bindLanguageButtons(() => setStatus("status.offline"));
  onThemeChange(redrawCharts);
  onWidthChange(redrawCharts);
  bindThemeButton();

  bindControls({
    getState: () => state,
    onEdit: (patch, source) => update(patch, source),
    onPreset: applyPreset,
  });

  bindLargeControls({ onEdit: (patch, source) => update(patch, source), onRedraw: redraw });
  bindLossPickers({ onEdit: (patch, source) => update(patch, source) });
  bindComparison({ getState: () => state, onToggle: (patch) => update(patch, null) });

  const descent = createDescent({
    // In large mode the view's ∂L/∂o is pooled: a step asks for the full vector.
    current: () => live.current().then((v) => (v?.large ? withFullGradient(v) : v)),
    apply: (logits) => {
      closeLargeText();
      update({ logitsText: formatList(logits) }, null, "descent");
      return live.current();
    },
    learningRate: () => state.learningRate,
    onPlayChange: (playing) => {
      const button = $("descent-play");
      button.setAttribute("aria-pressed", String(playing));
      button.dataset.i18n = playing ? "descent.pause" : "descent.play";
      button.textContent = t(button.dataset.i18n);
    },
  });
  $("descent-step").addEventListener("click", () => descent.step());
  $("descent-play").addEventListener("click", () => descent.toggle());
  $("descent-reset").addEventListener("click", () => {
    const view = live.view();
    if (!view) return;
    losses = [view.analysis.loss];
    drawLossHistory(losses);
  });

  bindExports({
    chart,
    snapshot: async () => {
      // The derivation is asked for when its panel is in view: the file needs it now.
      await loadDerivation($("derivation-steps"));
      const view = live.view();
      if (!view) return null;
      const { request, analysis, comparison } = view;
      const numbers = { request, analysis, derivation: shownDerivation };
      return comparison ? { ...numbers, comparison } : numbers;
    },
    filename: "gradviz-analysis.json",
    shareQuery: () => query(),
  });

  const fromURL = stateFromQuery(window.location.search);
  // Large presets are listed by the API only (the page would carry their size for nothing).
  presetList()
    .then(addLargePresets)
    .catch(() => {
      // Without the list the page still works; only the large presets are missing.
    });
  if (fromURL?.logitsPreset) {
    openNamedLogits(fromURL);
  } else if (fromURL) {
    state = fromURL;
    update({}, null, "load");
  } else if (presets.length) {
    // The preset the URL names alone (?p=compare-confident-wrong), else the first.
    const named = new URLSearchParams(window.location.search).get("p");
    applyPreset(presets.some((p) => p.id === named) ? named : presets[0].id);
  } else {
    update({ logitsText: "2, 1, 0.1" }, null, "load");
  }
}

start();
