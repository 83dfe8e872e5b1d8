// Colours that colour-blind viewers can tell apart, and that survive a projector, in a
// light and a dark theme. Signs use blue (negative) against orange (positive), the pair
// that stays distinct under every common colour-vision deficiency; series use the
// Okabe–Ito palette (lightened or darkened where the background needs it). Text keeps
// 4.5:1 against its background (WCAG AA), bars and lines 3:1.
//
// The exports are live bindings: usePalette() switches them, and each chart module reads
// the current theme's colours the next time it draws.

const THEMES = {
  light: {
    NEGATIVE: "#2166ac",
    POSITIVE: "#d66a00",
    NEUTRAL: "#52606d",
    PREDICTION: "#0072b2", // Okabe–Ito blue
    TARGET: "#c08400", // Okabe–Ito orange, darkened to 3:1 on white
    HISTORY: "#009e73", // Okabe–Ito bluish green
    CROSS_ENTROPY: "#0072b2", // Okabe–Ito blue
    SQUARED_ERROR: "#d55e00", // Okabe–Ito vermillion
    OUTLINE: "#111111",
    ON_OUTLINE: "#ffffff",
    LABEL_BACKGROUND: "rgba(255,255,255,0.85)",
    TARGET_PATTERN: { shape: "/", fgcolor: "#5c3b00", size: 8 },
    // Blue – white – orange, centred at 0 by the charts (zmid = 0, symmetric limits).
    DIVERGING: [
      [0, "#2166ac"],
      [0.25, "#92c5de"],
      [0.5, "#f7f7f7"],
      [0.75, "#fdb863"],
      [1, "#b35806"],
    ],
    chart: {
      ink: "#1a1a1a",
      plot: "#ffffff",
      grid: "#e1e4e8",
      zero: "#333333",
      modebar: { bgcolor: "rgba(255,255,255,0.7)", color: "#4a5560", activecolor: "#0b5cad" },
    },
  },
  dark: {
    NEGATIVE: "#6aaee8",
    POSITIVE: "#f39c45",
    NEUTRAL: "#a3aeb9",
    PREDICTION: "#56b4e9", // Okabe–Ito sky blue
    TARGET: "#e69f00",
    HISTORY: "#1fbf8f",
    CROSS_ENTROPY: "#56b4e9", // Okabe–Ito sky blue
    SQUARED_ERROR: "#f08a4b", // vermillion, lightened
    OUTLINE: "#f1f3f5",
    ON_OUTLINE: "#111111",
    LABEL_BACKGROUND: "rgba(28,31,36,0.85)",
    // Hatching on a clear ground: the light theme's dark brown vanished on the dark card.
    TARGET_PATTERN: { shape: "/", fgcolor: "#e69f00", size: 8, solidity: 0.4 },
    // Light blue – dark grey – light orange: 0 fades into the dark background as it does
    // into the white one in the light theme, and |value| grows brighter either way.
    DIVERGING: [
      [0, "#8ec1ea"],
      [0.25, "#3b75af"],
      [0.5, "#262a30"],
      [0.75, "#b5630f"],
      [1, "#f6b35f"],
    ],
    chart: {
      ink: "#e9ecef",
      plot: "#1c1f24",
      grid: "#363c44",
      zero: "#c4cad1",
      modebar: { bgcolor: "rgba(28,31,36,0.7)", color: "#b3bcc6", activecolor: "#7cb8ff" },
    },
  },
};

export const THEME_NAMES = Object.keys(THEMES);

export let NEGATIVE = THEMES.light.NEGATIVE;
export let POSITIVE = THEMES.light.POSITIVE;
export let NEUTRAL = THEMES.light.NEUTRAL;
export let PREDICTION = THEMES.light.PREDICTION;
export let TARGET = THEMES.light.TARGET;
export let HISTORY = THEMES.light.HISTORY;
export let OUTLINE = THEMES.light.OUTLINE;
// Text and hatching drawn on an OUTLINE-coloured bar, and the box behind a chart's note.
export let ON_OUTLINE = THEMES.light.ON_OUTLINE;
export let LABEL_BACKGROUND = THEMES.light.LABEL_BACKGROUND;
// The two losses side by side (why cross-entropy), told apart by the line's dash too.
export let CROSS_ENTROPY = THEMES.light.CROSS_ENTROPY;
export let SQUARED_ERROR = THEMES.light.SQUARED_ERROR;
// The target bars' hatching: a cue beside colour.
export let TARGET_PATTERN = THEMES.light.TARGET_PATTERN;
export let DIVERGING = THEMES.light.DIVERGING;
let chart = THEMES.light.chart;

/** Switch every colour above to the theme `name` ("light" or "dark"). */
export function usePalette(name) {
  const theme = THEMES[name] ?? THEMES.light;
  ({ NEGATIVE, POSITIVE, NEUTRAL, PREDICTION, TARGET, HISTORY, OUTLINE } = theme);
  ({ ON_OUTLINE, LABEL_BACKGROUND, TARGET_PATTERN, DIVERGING } = theme);
  ({ CROSS_ENTROPY, SQUARED_ERROR } = theme);
  chart = theme.chart;
}

/** The current theme's chart colours: text, plot area, grid, the line at 0, mode bar. */
export function chartColours() {
  return chart;
}

/** One colour per bar: blue below zero, orange above. */
export function signColours(values) {
  return values.map((v) => (v === null ? OUTLINE : v < 0 ? NEGATIVE : POSITIVE));
}
