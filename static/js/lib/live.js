// The edit → request → draw loop of every page and view. An edit marks the charts busy
// and schedules one request; edits made together (one handler, a burst in one task)
// coalesce into it, sent from a microtask: before the browser renders the keystroke, so
// the request travels while it does. A newer edit aborts the request in flight (the
// server never queues stale work) and an answer to anything but the newest request is
// dropped. A 422 goes to the page's error display; the charts keep the last good
// numbers, dimmed, until the inputs can be drawn again.

import { ApiError } from "./api.js";
import { clearErrors, errorText, showErrors } from "./errors.js";
import { relabelStatus, setStatus, showStatusText } from "./status.js";

const $ = (id) => document.getElementById(id);
// "Updating…" shows only for an answer slower than this: on every quick edit the line
// would appear and vanish, moving everything below it twice.
const UPDATING_DELAY_MS = 400;
const keyOf = (request) => JSON.stringify(request);

/**
 * The loop of one page. `request()` is the request the inputs stand for; `fetch(request,
 * signal)` asks the server; `viewOf(request, answer)` is what the page shows of an
 * answer; `received(view, run)` runs before `draw(view)`, `drawn(view, run)` after it,
 * each with run = {cause, seq, signal, isCurrent}. `errors` = {places, prefix} for the
 * error display; `stale` lists the ids dimmed while the view does not match the inputs;
 * `detail(view)` adds to the gradviz:rendered event. With `skipUnchanged`, an edit that
 * leaves the request as it is (the learning rate) asks nothing and draws nothing.
 */
export function createLive({
  request,
  fetch,
  viewOf = (req, answer) => ({ request: req, answer }),
  received = () => {},
  draw,
  drawn = () => {},
  errors,
  stale,
  detail = () => ({}),
  skipUnchanged = true,
}) {
  let view = null;
  let seq = 0;
  let controller = null;
  let scheduled = false;
  let cause = "edit"; // what caused the pending change ("edit", "descent", …)
  let waiters = [];
  let shownErrors = null; // the 422 detail on screen, re-worded when the language changes

  /** aria-busy on the charts while an edit is on its way to them (tests wait on it too). */
  function setBusy(busy) {
    $("charts").setAttribute("aria-busy", String(busy));
  }

  function markStale(isStale) {
    for (const id of stale) $(id).classList.toggle("stale", isStale);
  }

  function settle(result) {
    const key = keyOf(request());
    const ready = waiters;
    waiters = [];
    for (const waiter of ready) waiter.resolve(waiter.key === key ? result : null);
  }

  /** Each error next to its control; what no control owns goes to the status line. */
  function showApiErrors() {
    const unplaced = showErrors(shownErrors, errors.places, errors.prefix);
    if (unplaced.length) showStatusText(unplaced.map((e) => errorText(e, errors.prefix)).join(" "));
    else setStatus("status.error");
  }

  async function refresh() {
    scheduled = false;
    const run = { cause, seq: 0, signal: null, isCurrent: () => run.seq === seq };
    cause = "edit";
    const req = request();
    const key = keyOf(req);
    if (skipUnchanged && view && view.key === key && controller === null) {
      setBusy(false);
      settle(view);
      return;
    }
    run.seq = ++seq;
    controller?.abort();
    const own = new AbortController();
    controller = own;
    run.signal = own.signal;
    const started = performance.now();
    const slow = setTimeout(() => {
      if (run.isCurrent()) setStatus("status.updating");
    }, UPDATING_DELAY_MS);
    // Where a failure came from: no answer ("request") is the network's or the server's,
    // an answer that could not be shown ("draw") is the page's own bug.
    let phase = "request";
    try {
      const answer = await fetch(req, own.signal);
      clearTimeout(slow);
      if (!run.isCurrent()) return;
      phase = "draw";
      clearErrors();
      shownErrors = null;
      const previous = view;
      view = { ...viewOf(req, answer), key };
      received(view, { ...run, previous });
      await draw(view);
      if (!run.isCurrent()) return;
      drawn(view, run);
      markStale(false);
      setStatus(null);
      document.body.dataset.renderSeq = String(run.seq);
      document.dispatchEvent(
        new CustomEvent("gradviz:rendered", {
          detail: { seq: run.seq, started, finished: performance.now(), ...detail(view) },
        }),
      );
      settle(view);
    } catch (error) {
      clearTimeout(slow);
      if (error.name === "AbortError" || !run.isCurrent()) return;
      // The charts keep the last good numbers, dimmed; they no longer match the inputs.
      if (view) view = { ...view, key: null };
      markStale(true);
      if (error instanceof ApiError) {
        shownErrors = error.detail;
        showApiErrors();
      } else if (phase === "request") {
        setStatus("status.offline");
      } else {
        console.error("gradviz: the answer could not be drawn", error);
        setStatus("status.draw_failed");
      }
      document.body.dataset.errorSeq = String(run.seq);
      document.dispatchEvent(new CustomEvent("gradviz:error", { detail: { seq: run.seq } }));
      settle(null);
    } finally {
      if (run.isCurrent()) {
        controller = null;
        if (!scheduled) setBusy(false);
      }
    }
  }

  return {
    /** The inputs changed (by `why`: "edit", "descent", …): ask for them soon. */
    schedule(why = "edit") {
      cause = why;
      setBusy(true);
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(refresh);
      }
    },

    /** What the page shows now (the last good view), or null before the first answer. */
    view: () => view,

    /** Resolves to the view once it matches the inputs; to null when they cannot be drawn. */
    current() {
      const key = keyOf(request());
      const idle = controller === null && !scheduled;
      if (view && view.key === key && idle) return Promise.resolve(view);
      if (idle) return Promise.resolve(null);
      return new Promise((resolve) => waiters.push({ key, resolve }));
    },

    /** Busy while something other than an edit (a preset's logits) is on its way. */
    setBusy,

    /** Re-word the status line and any errors on screen in the current language. */
    relabel() {
      relabelStatus();
      if (shownErrors) showApiErrors();
    },
  };
}
