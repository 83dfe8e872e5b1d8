// Wiring of the /rnn page: editors → state → one RNN request (lib/live.js) → the table,
// every chart and the derivation. The browser draws; every number comes from the API.

import { rnn, rnnDerivation } from "./lib/api.js";
import { followDerivation, loadDerivation, showDerivation } from "./lib/derivation.js";
import { bindExports, urlFollower } from "./lib/exporter.js";
import {
  bindLanguageButtons,
  initialLanguage,
  language,
  onLanguageChange,
  setLanguage,
} from "./lib/i18n.js";
import { createLive } from "./lib/live.js";
import { focusableWhenScrolling } from "./lib/scroll.js";
import { setStatus } from "./lib/status.js";
import { bindThemeButton, onThemeChange, withTheme } from "./lib/theme.js";
import { ERROR_PLACES, bindSizeControls, buildEditors } from "./rnn/editors.js";
import {
  makeState,
  queryFor,
  requestFor,
  resize,
  stateFromPreset,
  stateFromQuery,
} from "./rnn/state.js";
import { TEXT_PREFIX } from "./rnn/values.js";
import { drawRun } from "./rnn/view.js";

const $ = (id) => document.getElementById(id);
const chart = (name) => $(`chart-${name}`);
const presets = JSON.parse($("presets-data").textContent);
const limits = JSON.parse($("limits-data").textContent);

let state = makeState();
let shownDerivation = null;

// The view's URL: its state, the language and the theme chosen (if any).
const query = () => withTheme(queryFor(state, language()));
const writeURL = urlFollower(query);

function currentPreset() {
  return presets.find((p) => p.id === state.preset) ?? null;
}

function describePreset() {
  const preset = currentPreset();
  $("preset").value = preset ? preset.id : "";
  $("preset-description").textContent = preset ? preset[`description_${language()}`] : "";
}

const live = createLive({
  request: () => requestFor(state),
  fetch: rnn,
  viewOf: (request, result) => ({ request, result }),
  // The derivation (MathML, written more slowly) is asked for once the numbers are in,
  // so that it never competes with them; it travels while the charts are drawn.
  received: (view, run) =>
    followDerivation(rnnDerivation, view.request, {
      ...run,
      container: $("derivation-steps"),
      onShown: (result) => {
        shownDerivation = result;
      },
    }),
  draw: (view) => drawRun(view, currentPreset()?.notes ?? []),
  errors: { places: ERROR_PLACES, prefix: TEXT_PREFIX },
  stale: ["charts", "values", "derivation"],
  // Every edit is answered and drawn, even one that picks the value a select had.
  skipUnchanged: false,
});

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
  live.schedule();
}

function applyPreset(id) {
  const preset = presets.find((p) => p.id === id);
  if (!preset) return;
  state = stateFromPreset(preset);
  update({}, { keepPreset: true, shapeChanged: true });
}

function relabel() {
  rebuild(); // the selects' labels are in the page's language
  describePreset();
  const view = live.view();
  if (view) drawRun(view, currentPreset()?.notes ?? []);
  if (shownDerivation) showDerivation($("derivation-steps"), shownDerivation);
  live.relabel();
  window.history.replaceState(null, "", query());
}

/** The theme switched: every chart again, in its colours (the numbers are unchanged). */
function recolour() {
  const view = live.view();
  if (view) drawRun(view, currentPreset()?.notes ?? []);
  window.history.replaceState(null, "", query());
}

function start() {
  setLanguage(initialLanguage(window.location.search));
  onLanguageChange(relabel);
  bindLanguageButtons(() => setStatus("status.offline"));
  onThemeChange(recolour);
  bindThemeButton();
  // The per-step table scrolls sideways on a phone.
  focusableWhenScrolling($("values-scroll"), $("values-heading"));
  $("preset").addEventListener("change", () => {
    if ($("preset").value) applyPreset($("preset").value);
  });
  bindSizeControls({
    onResize: (size, delta) => update(resize(state, size, delta), { shapeChanged: true }),
    onUseH0: (useH0) => update({ useH0 }, { shapeChanged: true }),
  });
  bindExports({
    chart,
    snapshot: async () => {
      // The derivation is asked for when its panel is in view: the file needs it now.
      await loadDerivation($("derivation-steps"));
      const view = live.view();
      return view && { request: view.request, result: view.result, derivation: shownDerivation };
    },
    filename: "gradviz-rnn.json",
    shareQuery: () => query(),
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
