// Wiring: inputs → state → one analysis request → every chart, the summary and the
// derivation. The browser draws; every number comes from the API.

import { ApiError, analyze, derivation } from "./api.js";
import {
  drawContributions,
  drawGradLogits,
  drawGradProbs,
  drawHistory,
  drawJacobian,
  drawLogits,
  drawProbs,
} from "./charts.js";
import { bindControls, showState } from "./controls.js";
import { followDerivation, showDerivation } from "./derivation.js";
import { createDescent } from "./descent.js";
import { clearErrors, errorText, showErrors } from "./errors.js";
import { bindExports, urlFollower } from "./exporter.js";
import { initialLanguage, language, onLanguageChange, setLanguage, t, translate } from "./i18n.js";
import {
  drawLarge,
  heatmapRequestFor,
  showLargeDerivation,
  showLargeSummary,
  showMode,
  withFullGradient,
} from "./large.js";
import { heatmap, presetById, presetList } from "./large_api.js";
import { bindLargeControls, closeLargeText, showLargeInputs } from "./large_inputs.js";
import {
  VIEW_FIELDS,
  formatList,
  isLarge,
  makeState,
  queryFor,
  requestFor,
  stateFromPreset,
  stateFromQuery,
} from "./state.js";
import { setStatus, showSummary } from "./summary.js";


const $ = (id) => document.getElementById(id);
const chart = (name) => $(`chart-${name}`);
const presets = JSON.parse($("presets-data").textContent);

let state = makeState();
let view = null; // {key, request, analysis}: what the charts show
let shownDerivation = null;
let losses = []; // the loss after each gradient-descent step, the first before any
let origin = "edit"; // what caused the pending change: "edit", or "descent" for a step
let seq = 0;
let controller = null;
let timer = null; // non-null while a refresh is scheduled (see update)
let waiters = [];
let shownErrors = null; // the 422 detail on screen, re-worded when the language changes
let presetTicket = 0; // the latest preset chosen: a slower fetch of an earlier one is dropped

const keyOf = (request) => JSON.stringify(request);
// Past LARGE_CLASSES the page asks for the pooled heatmap, never the dense analysis.
const requestOf = (s) => (isLarge(s) ? heatmapRequestFor(s) : requestFor(s));
const presetTitle = (id) => presets.find((p) => p.id === id)?.[`title_${language()}`] ?? id;

const writeURL = urlFollower(() => queryFor(state, language()));

function describePreset() {
  const preset = presets.find((p) => p.id === state.preset);
  $("preset-description").textContent = preset ? preset[`description_${language()}`] : "";
}

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
  showLargeInputs(state, presetTitle);
  describePreset();
  writeURL();
  origin = cause;
  setBusy(true);
  // Edits made together (one handler, a burst in one task) coalesce into one request,
  // sent from a microtask: before the browser renders the keystroke, so that the request
  // travels while it does (a zero timer waited for that frame). A newer edit aborts the
  // request in flight, so the server never queues stale work.
  if (timer === null) {
    timer = "scheduled";
    queueMicrotask(refresh);
  }
}

/** A change of how the numbers are drawn (the heatmaps' colour scale): no request. */
function redraw(patch) {
  state = { ...state, ...patch };
  writeURL();
  if (view?.large) drawAll();
}

/** aria-busy on the charts while an edit is on its way to them (tests wait on it too). */
function setBusy(busy) {
  $("charts").setAttribute("aria-busy", String(busy));
}

function settle(result) {
  const key = keyOf(requestOf(state));
  const ready = waiters;
  waiters = [];
  for (const waiter of ready) waiter.resolve(waiter.key === key ? result : null);
}

/** The view once it matches the inputs; null when they cannot be analysed. */
function current() {
  const key = keyOf(requestOf(state));
  if (view && view.key === key && controller === null && timer === null) {
    return Promise.resolve(view);
  }
  if (controller === null && timer === null) return Promise.resolve(null);
  return new Promise((resolve) => waiters.push({ key, resolve }));
}

// What each chart last drew, so that an edit redraws only the charts it changes
// (a temperature change leaves the logits alone; the language changes every label).
const drawn = new Map();

function drawIfChanged(name, draw, data) {
  const key = `${language()} ${JSON.stringify(data)}`;
  if (drawn.get(name) === key) return Promise.resolve();
  drawn.set(name, key);
  return draw(chart(name), data);
}

function drawAll() {
  if (view.large) {
    showLargeSummary(view);
    return Promise.all([
      drawLarge(view, language(), state.scale),
      drawIfChanged("history", drawHistory, { losses }),
    ]);
  }
  const { request, analysis } = view;
  const names = analysis.class_names;
  showSummary(analysis);
  return Promise.all([
    drawIfChanged("logits", drawLogits, { logits: request.logits, names }),
    drawIfChanged("probs", drawProbs, { probs: analysis.probs, target: analysis.target, names }),
    drawIfChanged("grad_logits", drawGradLogits, { gradLogits: analysis.grad_logits, names }),
    drawIfChanged("grad_probs", drawGradProbs, { gradProbs: analysis.grad_probs, names }),
    drawIfChanged("jacobian", drawJacobian, {
      jacobian: analysis.jacobian,
      temperature: analysis.temperature,
      names,
    }),
    drawIfChanged("contributions", drawContributions, {
      contributions: analysis.contributions,
      gradLogits: analysis.grad_logits,
      names,
    }),
    drawIfChanged("history", drawHistory, { losses }),
  ]);
}

function markStale(stale) {
  $("charts").classList.toggle("stale", stale);
  $("summary").classList.toggle("stale", stale);
  $("derivation").classList.toggle("stale", stale);
}

async function refresh() {
  timer = null;
  const cause = origin;
  origin = "edit";
  const request = requestOf(state);
  const large = isLarge(state);
  const key = keyOf(request);
  if (view && view.key === key && controller === null) {
    setBusy(false);
    settle(view);
    return;
  }
  const mine = ++seq;
  controller?.abort();
  const ownController = new AbortController();
  controller = ownController;
  const started = performance.now();
  setStatus("status.updating");

  try {
    const fetchAnswer = large ? heatmap : analyze;
    const analysis = await fetchAnswer(request, ownController.signal);
    if (mine !== seq) return;
    clearErrors();
    shownErrors = null;
    losses = cause === "descent" && view ? [...losses, analysis.loss] : [analysis.loss];
    view = { key, request, analysis, large };
    // The cards are shown before they are drawn, so that Plotly sizes them.
    showMode(large);
    await drawAll();
    if (mine !== seq) return;
    if (large) {
      shownDerivation = null;
      showLargeDerivation($("derivation-steps"), view);
    } else {
      // The derivation is asked for once the charts are drawn: on two cores, the server
      // writing MathML would otherwise compete with the browser drawing them.
      followDerivation(derivation, request, {
        signal: ownController.signal,
        seq: mine,
        isCurrent: () => mine === seq,
        container: $("derivation-steps"),
        onShown: (result) => {
          shownDerivation = result;
        },
      });
    }
    markStale(false);
    setStatus(null);
    document.body.dataset.renderSeq = String(mine);
    document.dispatchEvent(
      new CustomEvent("gradviz:rendered", {
        detail: { seq: mine, started, finished: performance.now(), large },
      }),
    );
    settle(view);
  } catch (error) {
    if (error.name === "AbortError" || mine !== seq) return;
    // The charts keep the last good numbers, dimmed; they no longer match the inputs.
    if (view) view = { ...view, key: null };
    markStale(true);
    if (error instanceof ApiError) {
      shownErrors = error.detail;
      showApiErrors();
    } else {
      setStatus("status.offline");
    }
    document.body.dataset.errorSeq = String(mine);
    document.dispatchEvent(new CustomEvent("gradviz:error", { detail: { seq: mine } }));
    settle(null);
  } finally {
    if (mine === seq) {
      controller = null;
      if (timer === null) setBusy(false);
    }
  }
}

/** Each error next to its control; what no control owns goes to the status line. */
function showApiErrors() {
  const unplaced = showErrors(shownErrors, state.labelMode);
  if (unplaced.length) {
    setStatus(null);
    $("status").textContent = unplaced.map(errorText).join(" ");
  } else {
    setStatus("status.error");
  }
}

/** A preset's state, keeping how the heatmaps are shown. */
function presetState(preset) {
  const { pool, order, size, scale } = state;
  return { ...stateFromPreset(preset, state.learningRate), pool, order, size, scale };
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
  setBusy(true);
  setStatus("large.status.loading");
  let preset;
  try {
    preset = await presetById(id);
  } catch {
    if (ticket === presetTicket) {
      setBusy(false);
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
  setBusy(true);
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
  translate();
  describePreset();
  showLargeInputs(state, presetTitle);
  if (view) {
    if (!view.large) showSummary(view.analysis);
    drawAll();
  }
  if (view?.large) showLargeDerivation($("derivation-steps"), view);
  else if (shownDerivation) showDerivation($("derivation-steps"), shownDerivation);
  const status = $("status");
  if (status.dataset.key) status.textContent = t(status.dataset.key);
  if (shownErrors) showApiErrors();
  window.history.replaceState(null, "", queryFor(state, language()));
}

function start() {
  setLanguage(initialLanguage(window.location.search));
  onLanguageChange(relabel);
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => setLanguage(button.dataset.lang));
  }

  bindControls({
    getState: () => state,
    onEdit: (patch, source) => update(patch, source),
    onPreset: applyPreset,
  });

  bindLargeControls({ onEdit: (patch, source) => update(patch, source), onRedraw: redraw });

  const descent = createDescent({
    // In large mode the view's ∂L/∂o is pooled: a step asks for the full vector.
    current: () => current().then((v) => (v?.large ? withFullGradient(v) : v)),
    apply: (logits) => {
      closeLargeText();
      update({ logitsText: formatList(logits) }, null, "descent");
      return current();
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
    if (!view) return;
    losses = [view.analysis.loss];
    drawIfChanged("history", drawHistory, { losses });
  });

  bindExports({
    chart,
    snapshot: () =>
      view && { request: view.request, analysis: view.analysis, derivation: shownDerivation },
    filename: "gradviz-analysis.json",
    shareQuery: () => queryFor(state, language()),
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
    applyPreset(presets[0].id);
  } else {
    update({ logitsText: "2, 1, 0.1" }, null, "load");
  }
}

start();
