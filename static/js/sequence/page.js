// The wiring of a sequence page (/rnn, /lstm): editors → state → one request (lib/live.js)
// → the table, every chart and the derivation. The page's model, presets and limits come
// from its data blocks; its entry point names the endpoints and how a run is drawn. The
// browser draws; every number comes from the API.

import { followDerivation, loadDerivation, showDerivation } from "../lib/derivation.js";
import { bindExports, urlFollower } from "../lib/exporter.js";
import {
  bindLanguageButtons,
  initialLanguage,
  language,
  onLanguageChange,
  setLanguage,
} from "../lib/i18n.js";
import { createLive } from "../lib/live.js";
import { onWidthChange } from "../lib/plot.js";
import { focusableWhenScrolling } from "../lib/scroll.js";
import { setStatus } from "../lib/status.js";
import { bindThemeButton, onThemeChange, withTheme } from "../lib/theme.js";
import { bindSizeControls, buildEditors, errorPlaces } from "./editors.js";
import {
  makeState,
  queryFor,
  requestFor,
  resize,
  stateFromPreset,
  stateFromQuery,
} from "./state.js";

const $ = (id) => document.getElementById(id);
const data = (id) => JSON.parse($(id).textContent);

/**
 * Start the page. `fetchRun` and `fetchDerivation` ask the page's two endpoints;
 * `drawRun(view, {model, preset})` draws a view {request, result} (the preset is null
 * once an edit left it); `prefixes` word the API's errors and warnings, the first the page's own
 * texts; `filename` names the JSON export.
 */
export function startSequencePage({ fetchRun, fetchDerivation, drawRun, prefixes, filename }) {
  const [prefix] = prefixes;
  const model = data("model-data");
  const presets = data("presets-data");
  const limits = data("limits-data");
  let state = makeState(model);
  let shownDerivation = null;

  // The view's URL: its state, the language and the theme chosen (if any).
  const query = () => withTheme(queryFor(model, state, language()));
  const writeURL = urlFollower(query);
  const currentPreset = () => presets.find((p) => p.id === state.preset) ?? null;

  function describePreset() {
    const preset = currentPreset();
    $("preset").value = preset ? preset.id : "";
    $("preset-description").textContent = preset ? preset[`description_${language()}`] : "";
  }

  const live = createLive({
    request: () => requestFor(model, state),
    fetch: fetchRun,
    viewOf: (request, result) => ({ request, result }),
    // The derivation (MathML, written more slowly) is asked for once the numbers are in,
    // so that it never competes with them; it travels while the charts are drawn.
    received: (view, run) =>
      followDerivation(fetchDerivation, view.request, {
        ...run,
        container: $("derivation-steps"),
        onShown: (result) => {
          shownDerivation = result;
        },
      }),
    draw: (view) => drawRun(view, { model, preset: currentPreset() }),
    errors: { places: errorPlaces(model), prefix: prefixes },
    stale: ["charts", "values", "derivation"],
    // Every edit is answered and drawn, even one that picks the value a select had.
    skipUnchanged: false,
  });

  const handlers = {
    onCell(name, i, j, text) {
      const edited =
        j === undefined
          ? state[name].with(i, text)
          : state[name].map((row, r) => (r === i ? row.with(j, text) : row));
      update({ [name]: edited });
    },
    onStep(field, step, index) {
      update({ [field]: state[field].with(step, index) });
    },
  };

  function rebuild() {
    buildEditors(model, state, limits, prefix, handlers);
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
    state = stateFromPreset(model, preset);
    update({}, { keepPreset: true, shapeChanged: true });
  }

  function relabel() {
    rebuild(); // the selects' labels are in the page's language
    describePreset();
    const view = live.view();
    if (view) drawRun(view, { model, preset: currentPreset() });
    if (shownDerivation) showDerivation($("derivation-steps"), shownDerivation);
    live.relabel();
    window.history.replaceState(null, "", query());
  }

  /**
   * The theme switched, or the width: every chart again, in its colours and laid out
   * for the width (the numbers are unchanged).
   */
  function redrawCharts() {
    const view = live.view();
    if (view) drawRun(view, { model, preset: currentPreset() });
    window.history.replaceState(null, "", query());
  }

  setLanguage(initialLanguage(window.location.search));
  onLanguageChange(relabel);
  bindLanguageButtons(() => setStatus("status.offline"));
  onThemeChange(redrawCharts);
  onWidthChange(redrawCharts);
  bindThemeButton();
  // The per-step table scrolls sideways on a phone.
  focusableWhenScrolling($("values-scroll"), $("values-heading"));
  $("preset").addEventListener("change", () => {
    if ($("preset").value) applyPreset($("preset").value);
  });
  bindSizeControls({
    onResize: (size, delta) => update(resize(model, state, size, delta), { shapeChanged: true }),
    onUse: (name, used) => update({ use: { ...state.use, [name]: used } }, { shapeChanged: true }),
  });
  bindExports({
    chart: (name) => $(`chart-${name}`),
    snapshot: async () => {
      // The derivation is asked for when its panel is in view: the file needs it now.
      await loadDerivation($("derivation-steps"));
      const view = live.view();
      return view && { request: view.request, result: view.result, derivation: shownDerivation };
    },
    filename,
    shareQuery: () => query(),
  });

  // The URL's state; else the preset it names alone (?p=long-memory-lstm); else the first.
  const fromURL = stateFromQuery(model, window.location.search);
  const named = new URLSearchParams(window.location.search).get("p");
  if (fromURL) {
    state = fromURL;
    update({}, { keepPreset: true, shapeChanged: true });
  } else if (presets.length) {
    applyPreset(presets.some((p) => p.id === named) ? named : presets[0].id);
  } else {
    update({}, { shapeChanged: true });
  }
}
