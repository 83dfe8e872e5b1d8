// Colours that colour-blind viewers can tell apart, and that survive a projector.
// Signs use blue (negative) against orange (positive), the pair that stays distinct
// under every common colour-vision deficiency; series use the Okabe–Ito palette.

export const NEGATIVE = "#2166ac";
export const POSITIVE = "#d66a00";
export const NEUTRAL = "#52606d";
export const PREDICTION = "#0072b2"; // Okabe–Ito blue
export const TARGET = "#e69f00"; // Okabe–Ito orange
export const HISTORY = "#009e73"; // Okabe–Ito bluish green
export const OUTLINE = "#111111";
// The two losses side by side (why cross-entropy): Okabe–Ito blue and vermillion, told
// apart by the line's dash too.
export const CROSS_ENTROPY = "#0072b2";
export const SQUARED_ERROR = "#d55e00";
// The target bars' hatching: a cue beside colour.
export const TARGET_PATTERN = { shape: "/", fgcolor: "#7a4f00", size: 8 };

// Blue – white – orange, centred at 0 by the charts (zmid = 0, symmetric limits).
export const DIVERGING = [
  [0, "#2166ac"],
  [0.25, "#92c5de"],
  [0.5, "#f7f7f7"],
  [0.75, "#fdb863"],
  [1, "#b35806"],
];

/** One colour per bar: blue below zero, orange above. */
export function signColours(values) {
  return values.map((v) => (v === null ? OUTLINE : v < 0 ? NEGATIVE : POSITIVE));
}
