// Wiring of the /rnn page: editors → state → one RNN request → the table, every chart
// and the derivation. The browser draws; every number comes from the API.

import { ApiError } from "./api.js";
import { followDerivation, showDerivation } from "./derivation.js";
import { bindExports, urlFollower } from "./exporter.js";
import { initialLanguage, language, onLanguageChange, setLanguage, t, translate } from "./i18n.js";
import { rnnDerivation, runRnn } from "./rnn_api.js";
import { drawOuterProducts, drawStepBars } from "./rnn_charts.js";
import { bindSizeControls, buildEditors } from "./rnn_editors.js";
import { clearErrors, errorText, showErrors } from "./rnn_errors.js";
import { makeState, queryFor, requestFor, resize, stateFromPreset, stateFromQuery } from "./rnn_state.js";
import { showSummary, showValues } from "./rnn_values.js";
import { setStatus } from "./summary.js";

const $ = (id) => document.getElementById(id);
const chart = (name) => $(`chart-${name}`);
const presets = JSON.parse($("presets-data").textContent);
const limits = JSON.parse($("limits-data").textContent);

let state = makeState();
let view = null; // {request, result}: what the table and the charts show
let shownDerivation = null;
let seq = 0;
let controller = null;
let timer = null;

const writeURL = urlFollower(() => queryFor(state, language()));

function currentPreset() {
  return presets.find((p) => p.id === state.preset) ?? null;
}

function describePreset() {
  const preset = currentPreset();
  $("preset").value = preset ? preset.id : "";
  $("preset-description").textContent = preset ? preset[`description_${language()}`] : "";
}

const handlers = {
  onCell(name, i, j, text) {
    const next = name === "h0" ? { h0: state.h0.with(i, text) } : {};
    if (name !== "h0") next[name] = state[name].map((row, r) => (r === i ? row.with(j, text) : row));
    update(next);
  },
  onStep(field, step, index) {
    update({ [field]: state[field].with(step, index) });
  },
};

function rebuild() {
  buildEditors(state, limits, handlers);
}

/** Apply an edit and schedule a request; any edit of the numbers leaves the preset. */
function update(patch, { keepPreset = false, shapeChanged = false } = {}) {
  state = { ...state, ...patch };
  if (!keepPreset) state.preset = "";
  if (shapeChanged) rebuild();
  describePreset();
  writeURL();
  // Edits made together coalesce into one request, sent from a microtask (before the
  // browser renders the keystroke); a newer edit aborts the request in flight.
  if (timer === null) {
    timer = "scheduled";
    queueMicrotask(refresh);
  }
}

function drawAll() {
  const { result } = view;
  const steps = result.per_step;
  showSummary(result);
  showValues(result, currentPreset()?.notes ?? []);
  const hidden = t("rnn.axis.hidden");
  const hiddenTo = t("rnn.axis.hidden_to");
  return Promise.all([
    drawStepBars(chart("rnn_steps"), { steps }),
    drawOuterProducts(chart("rnn_grad_V"), {
      terms: steps.map((s) => s.grad_V),
      total: result.grad_V,
      symbol: "∂L/∂V",
      rowTitle: t("rnn.axis.class"),
      columnTitle: hidden,
    }),
    drawOuterProducts(chart("rnn_grad_W"), {
      terms: steps.map((s) => s.grad_W),
      total: result.grad_W,
      symbol: "∂L/∂W",
      rowTitle: hiddenTo,
      columnTitle: hidden,
    }),
    drawOuterProducts(chart("rnn_grad_U"), {
      terms: steps.map((s) => s.grad_U),
      total: result.grad_U,
      symbol: "∂L/∂U",
      rowTitle: hiddenTo,
      columnTitle: t("rnn.axis.input"),
    }),
  ]);
}

function markStale(stale) {
  for (const id of ["charts", "values", "derivation"]) $(id).classList.toggle("stale", stale);
}

async function refresh() {
  timer = null;
  const request = requestFor(state);
  const mine = ++seq;
  controller?.abort();
  const ownController = new AbortController();
  controller = ownController;
  setStatus("status.updating");

  try {
    const result = await runRnn(request, ownController.signal);
    if (mine !== seq) return;
    // The derivation (MathML, written more slowly) is asked for once the numbers are
    // in, so that it never competes with them; it travels while the charts are drawn.
    followDerivation(rnnDerivation, request, {
      signal: ownController.signal,
      seq: mine,
      isCurrent: () => mine === seq,
      container: $("derivation-steps"),
      onShown: (result) => {
        shownDerivation = result;
      },
    });
    clearErrors();
    view = { request, result };
    await drawAll();
    if (mine !== seq) return;
    markStale(false);
    setStatus(null);
    document.body.dataset.renderSeq = String(mine);
  } catch (error) {
    if (error.name === "AbortError" || mine !== seq) return;
    markStale(true);
    if (error instanceof ApiError) {
      const unplaced = showErrors(error.detail);
      $("status").textContent = unplaced.length
        ? unplaced.map(errorText).join(" ")
        : t("status.error");
      $("status").dataset.key = "";
    } else {
      setStatus("status.offline");
    }
    document.body.dataset.errorSeq = String(mine);
  } finally {
    if (mine === seq) controller = null;
  }
}

function applyPreset(id) {
  const preset = presets.find((p) => p.id === id);
  if (!preset) return;
  state = stateFromPreset(preset);
  update({}, { keepPreset: true, shapeChanged: true });
}

function relabel() {
  translate();
  rebuild(); // the selects' labels are in the page's language
  describePreset();
  if (view) drawAll();
  if (shownDerivation) showDerivation($("derivation-steps"), shownDerivation);
  const status = $("status");
  if (status.dataset.key) status.textContent = t(status.dataset.key);
  window.history.replaceState(null, "", queryFor(state, language()));
}

function start() {
  setLanguage(initialLanguage(window.location.search));
  onLanguageChange(relabel);
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => setLanguage(button.dataset.lang));
  }
  $("preset").addEventListener("change", () => {
    if ($("preset").value) applyPreset($("preset").value);
  });
  bindSizeControls({
    onResize: (size, delta) => update(resize(state, size, delta), { shapeChanged: true }),
    onUseH0: (useH0) => update({ useH0 }, { shapeChanged: true }),
  });
  bindExports({
    chart,
    snapshot: () =>
      view && { request: view.request, result: view.result, derivation: shownDerivation },
    filename: "gradviz-rnn.json",
    shareQuery: () => queryFor(state, language()),
  });

  const fromURL = stateFromQuery(window.location.search);
  if (fromURL) {
    state = fromURL;
    update({}, { keepPreset: true, shapeChanged: true });
  } else if (presets.length) {
    applyPreset(presets[0].id);
  } else {
    update({}, { shapeChanged: true });
  }
}

start();
