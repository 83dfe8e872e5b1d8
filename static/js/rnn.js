// The /rnn page: the sequence page (sequence/page.js) with the RNN's endpoints and view.

import { rnn, rnnDerivation } from "./lib/api.js";
import { drawRun } from "./rnn/view.js";
import { startSequencePage } from "./sequence/page.js";

startSequencePage({
  fetchRun: rnn,
  fetchDerivation: rnnDerivation,
  drawRun,
  prefixes: ["rnn."],
  filename: "gradviz-rnn.json",
});
