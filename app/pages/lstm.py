"""The /lstm page: the lecture's LSTM slide, editable, rendered in the visitor's language.

The sequence page of /rnn with the LSTM's cell: every gate's weights act on
X_t = [h_{t−1}; x_t], the biases and both initial states are optional. Every number on it
comes from POST /api/v1/lstm and POST /api/v1/lstm/derivation.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.pages.rendering import templates
from app.pages.sequence import matrix, sequence_page_context

router = APIRouter(include_in_schema=False)

# T = 12 for the long-memory preset; H·(H+D) cells per gate stay readable up to 5×10.
EDITOR_LIMITS = {"hidden": 5, "inputs": 5, "classes": 7, "steps": 16}

MODEL: dict[str, Any] = {
    # Each gate acts on X_t = [h_{t−1}; x_t]: H columns, then D.
    "matrices": [
        *(matrix(name, "hidden", "hidden", "inputs") for name in ("W_f", "W_i", "W_c", "W_o")),
        matrix("W_y", "classes", "hidden"),
    ],
    "vectors": ["b_f", "b_i", "b_c", "b_o", "h0", "c0"],
    "facts": [
        "h0",
        "c0",
        "grad_h0",
        "grad_c0",
        "grad_b_f",
        "grad_b_i",
        "grad_b_c",
        "grad_b_o",
    ],
    "rows": [
        "x",
        "f",
        "i",
        "g",
        "o",
        "c",
        "h",
        "z",
        "probs",
        "target",
        "loss",
        "grad_logits",
        "grad_h",
        "grad_h_carried",
        "grad_o",
        "grad_c",
        "grad_c_carried",
        "grad_f",
        "grad_i",
        "grad_g",
        "grad_a_f",
        "grad_a_i",
        "grad_a_g",
        "grad_a_o",
    ],
}

# Per step ŷ_t and ŷ_t − y_t; the gates; the states; the backward pass through h_t and c_t;
# then each weight gradient as its steps' terms and their sum.
CHARTS = (
    "lstm_steps",
    "lstm_gates",
    "lstm_states",
    "lstm_backward",
    "lstm_grad_W_y",
    "lstm_grad_W_f",
    "lstm_grad_W_i",
    "lstm_grad_W_c",
    "lstm_grad_W_o",
)


def lstm_page_context(request: Request) -> dict[str, Any]:
    """The shared page context with this page's title, presets, model, charts and limits."""
    return sequence_page_context(request, "lstm", MODEL, CHARTS, EDITOR_LIMITS)


@router.get("/lstm", response_class=HTMLResponse)
def lstm_page(request: Request) -> HTMLResponse:
    """The LSTM page: editable gates and sequence, per-step gates and states, BPTT written out."""
    return templates.TemplateResponse(request, "lstm.html", lstm_page_context(request))
