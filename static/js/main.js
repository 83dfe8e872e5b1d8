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
  exportChart,
} from "./charts.js";
import { bindControls, showState } from "./controls.js";
import { showDerivation } from "./derivation.js";
import { createDescent } from "./descent.js";
import { clearErrors, errorText, showErrors } from "./errors.js";
import { copyLink, downloadJSON } from "./exporter.js";
import { initialLanguage, language, onLanguageChange, setLanguage, t, translate } from "./i18n.js";
import {
  formatList,
  makeState,
  queryFor,
  requestFor,
  stateFromPreset,
  stateFromQuery,
} from "./state.js";
import { setStatus, showSummary } from "./summary.js";

// Edits in the same task (a burst of input events) coalesce into one request; a newer
// edit aborts the request in flight, so the server never queues stale work and a
// longer debounce would only add latency.
const DEBOUNCE_MS = 0;
// The address bar follows the state at most this often (browsers throttle replaceState).
const URL_INTERVAL_MS = 250;

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
let timer = null;
let urlTimer = null;
let waiters = [];
let shownErrors = null; // the 422 detail on screen, re-worded when the language changes

const keyOf = (request) => JSON.stringify(request);

function writeURL() {
  if (urlTimer !== null) return;
  urlTimer = setTimeout(() => {
    urlTimer = null;
    window.history.replaceState(null, "", queryFor(state, language()));
  }, URL_INTERVAL_MS);
}

function describePreset() {
  const preset = presets.find((p) => p.id === state.preset);
  $("preset-description").textContent = preset ? preset[`description_${language()}`] : "";
}

/** Apply a patch from the controls (or a descent step) and schedule an update. */
function update(patch, source, cause = "edit") {
  state = { ...state, ...patch };
  // Any change of the numbers (an edit or a descent step) leaves the preset; the
  // learning rate is not part of it.
  const numbers = Object.keys(patch).some((k) => k !== "learningRate" && k !== "preset");
  if ((cause === "edit" || cause === "descent") && numbers) state.preset = "";
  showState(state, source);
  describePreset();
  writeURL();
  origin = cause;
  clearTimeout(timer);
  setBusy(true);
  timer = setTimeout(refresh, DEBOUNCE_MS);
}

/** aria-busy on the charts while an edit is on its way to them (tests wait on it too). */
function setBusy(busy) {
  $("charts").setAttribute("aria-busy", String(busy));
}

function settle(result) {
  const key = keyOf(requestFor(state));
  const ready = waiters;
  waiters = [];
  for (const waiter of ready) waiter.resolve(waiter.key === key ? result : null);
}

/** The view once it matches the inputs; null when they cannot be analysed. */
function current() {
  const key = keyOf(requestFor(state));
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

function refreshDerivation(request, signal, mine) {
  derivation(request, signal)
    .then((result) => {
      if (mine !== seq) return;
      shownDerivation = result;
      showDerivation($("derivation-steps"), result);
      document.body.dataset.derivationSeq = String(mine);
    })
    .catch(() => {
      // Aborted by a newer edit; a bad input is reported in place by the analysis.
    });
}

async function refresh() {
  timer = null;
  const cause = origin;
  origin = "edit";
  const request = requestFor(state);
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
    const analysis = await analyze(request, ownController.signal);
    if (mine !== seq) return;
    clearErrors();
    shownErrors = null;
    losses = cause === "descent" && view ? [...losses, analysis.loss] : [analysis.loss];
    view = { key, request, analysis };
    await drawAll();
    if (mine !== seq) return;
    // The derivation is asked for once the charts are drawn: on two cores, the server
    // writing MathML would otherwise compete with the browser drawing them.
    refreshDerivation(request, ownController.signal, mine);
    markStale(false);
    setStatus(null);
    document.body.dataset.renderSeq = String(mine);
    document.dispatchEvent(
      new CustomEvent("gradviz:rendered", {
        detail: { seq: mine, started, finished: performance.now() },
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

function applyPreset(id) {
  const preset = presets.find((p) => p.id === id);
  if (!preset) return;
  state = stateFromPreset(preset, state.learningRate);
  update({}, null, "preset");
}

function relabel() {
  translate();
  describePreset();
  if (view) {
    showSummary(view.analysis);
    drawAll();
  }
  if (shownDerivation) showDerivation($("derivation-steps"), shownDerivation);
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

  const descent = createDescent({
    current,
    apply: (logits) => {
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

  for (const button of document.querySelectorAll("[data-export]")) {
    button.addEventListener("click", () =>
      exportChart(chart(button.dataset.export), button.dataset.export, button.dataset.format),
    );
  }
  $("export-json").addEventListener("click", () => {
    if (!view) return;
    downloadJSON(
      { request: view.request, analysis: view.analysis, derivation: shownDerivation },
      "gradviz-analysis.json",
    );
  });
  $("copy-link").addEventListener("click", () => {
    window.history.replaceState(null, "", queryFor(state, language()));
    copyLink($("copy-status"), $("share-url"));
  });

  const fromURL = stateFromQuery(window.location.search);
  if (fromURL) {
    state = fromURL;
    update({}, null, "load");
  } else if (presets.length) {
    applyPreset(presets[0].id);
  } else {
    update({ logitsText: "2, 1, 0.1" }, null, "load");
  }
}

start();
