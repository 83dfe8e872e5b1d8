// Gradient descent you can watch: o ← o − η·∂L/∂o with the server's gradient, one
// step at a time or playing. The page records the loss after every step.

// Play stops after this many steps, or once the loss stops moving.
const MAX_PLAY_STEPS = 400;
const PLAY_INTERVAL_MS = 120;
const STALL = 1e-10;

/**
 * `current()` resolves to the view on screen, {request, analysis}, once it matches the
 * inputs (null when they are invalid); `apply(logits)` shows new logits and resolves
 * to their view (or null).
 */
export function createDescent({ current, apply, learningRate, onPlayChange }) {
  let playing = false;

  /** One step; resolves to the new view, or null when no step could be taken. */
  async function step() {
    const view = await current();
    if (!view || view.analysis.grad_logits.some((g) => g === null)) return null;
    const eta = learningRate();
    if (!(eta > 0)) return null;
    const gradient = view.analysis.grad_logits;
    // The new logits go into the text field, so they are kept to 8 significant digits:
    // readable, and far finer than any step a learner takes.
    const next = view.request.logits.map((o, j) => Number((o - eta * gradient[j]).toPrecision(8)));
    return apply(next);
  }

  async function play() {
    playing = true;
    onPlayChange(true);
    let previous = null;
    for (let n = 0; playing && n < MAX_PLAY_STEPS; n += 1) {
      const view = await step();
      if (!view) break;
      const loss = view.analysis.loss;
      if (previous !== null && Math.abs(previous - loss) < STALL) break;
      previous = loss;
      await new Promise((resolve) => setTimeout(resolve, PLAY_INTERVAL_MS));
    }
    playing = false;
    onPlayChange(false);
  }

  return {
    step,
    toggle() {
      if (playing) playing = false;
      else play();
    },
    stop() {
      playing = false;
    },
  };
}
