// The /lstm page: the sequence page (sequence/page.js) with the LSTM's endpoints and view.

import { lstm, lstmDerivation } from "./lib/api.js";
import { PREFIXES, drawRun } from "./lstm/view.js";
import { startSequencePage } from "./sequence/page.js";

startSequencePage({
  fetchRun: lstm,
  fetchDerivation: lstmDerivation,
  drawRun,
  prefixes: PREFIXES,
  filename: "gradviz-lstm.json",
});
