// Why an LSTM: the first step's gradient of the LSTM beside the lecture's RNN on the same
// sequence, while a preset carries those numbers (the long-memory preset's notes, computed
// by the server); hidden otherwise, since they are the preset's and not an edit's.

import { formatNumber } from "../lib/format.js";
import { t } from "../lib/i18n.js";

const $ = (id) => document.getElementById(id);

function row(quantity, kind, label, lstm, rnn) {
  const tr = document.createElement("tr");
  tr.dataset.quantity = quantity;
  tr.dataset.kind = kind;
  const th = document.createElement("th");
  th.scope = "row";
  th.textContent = label;
  tr.append(th);
  for (const [model, value] of [
    ["lstm", lstm],
    ["rnn", rnn],
  ]) {
    const td = document.createElement("td");
    td.dataset.model = model;
    td.textContent = formatNumber(value, 3);
    tr.append(td);
  }
  return tr;
}

/** The comparison table of the preset's notes that carry the LSTM's number, for T steps. */
export function showMemory(notes, steps) {
  const compared = notes.filter((note) => note.lstm !== undefined);
  $("memory").hidden = compared.length === 0;
  $("memory-body").replaceChildren(
    ...compared.flatMap((note) => {
      const rows = [row(note.quantity, "norm", note.quantity, note.lstm, note.rnn)];
      if (note.lstm_share !== undefined) {
        const label = t("lstm.memory.share", { quantity: note.quantity, steps });
        rows.push(row(note.quantity, "share", label, note.lstm_share, note.rnn_share));
      }
      return rows;
    }),
  );
}
