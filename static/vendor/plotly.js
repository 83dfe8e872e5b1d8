// The chart library the pages load (lib/plot.js): Plotly's core (scatter traces, axes,
// annotations, shapes, colour bars, legends, hover, the mode bar and image export) with
// the two other trace types the pages draw, bar and heatmap. Plotly's documented way to a
// smaller bundle (plotly.js CUSTOM_BUNDLE.md, "lib/core" + Plotly.register): it takes
// about a third of the time of the 11-trace cartesian bundle to run when a page opens
// (143 against 378 ms in Lighthouse's desktop run, bench/pageload.py).
// scripts/build_assets.py bundles it from the npm package into one script that sets
// the global `Plotly`.

const Plotly = require("plotly.js/lib/core");

Plotly.register([require("plotly.js/lib/bar"), require("plotly.js/lib/heatmap")]);

module.exports = Plotly;
