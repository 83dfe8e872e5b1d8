"""POST /api/v1/lstm and /api/v1/lstm/derivation: the lecture's LSTM slide run on a sequence,
its per-step losses and backpropagation through the gates, as numbers and written out."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Response

from app.api.encoding import Fields, json_response
from app.api.routing import StrictJSONRoute, answer
from app.derivation.lstm import lstm_derivation_steps
from app.numerics.lstm import LstmResult, run_lstm
from app.numerics.rnn import label_sum_warnings
from app.presets.lstm import LECTURE_LSTM
from app.schemas.lstm import (
    BIASES,
    LstmDerivationResponse,
    LstmRequest,
    LstmResponse,
    LstmStep,
)
from app.schemas.softmax import DerivationStep

router = APIRouter(prefix="/api/v1", tags=["lstm"], route_class=StrictJSONRoute)

# Below this many numbers in the answer, answering on the event loop beats a thread hop;
# above it (up to 2²⁰), a worker thread keeps the server responsive.
INLINE_ENTRIES = 4096


def run(request: LstmRequest) -> LstmResult:
    """Forward pass and backpropagation through time on the validated request."""
    arrays = request.arrays()
    return run_lstm(
        arrays["W_f"],
        arrays["W_i"],
        arrays["W_c"],
        arrays["W_o"],
        arrays["W_y"],
        arrays["inputs"],
        arrays["targets"],
        arrays["biases"],
        arrays["h0"],
        arrays["c0"],
    )


# Each step's fields in the answer, and the LstmResult arrays (T, …) they come from.
STEP_FIELDS = {
    "x": "inputs",
    "f": "f",
    "i": "i",
    "g": "g",
    "o": "o",
    "c": "c",
    "h": "h",
    "z": "logits",
    "probs": "probs",
    "target": "targets",
    "label_sum": "label_sums",
    "loss": "losses",
    "grad_logits": "grad_logits",
    "grad_h": "grad_h",
    "grad_h_carried": "grad_h_carried",
    "grad_c": "grad_c",
    "grad_c_carried": "grad_c_carried",
    "grad_f": "grad_f",
    "grad_i": "grad_i",
    "grad_g": "grad_g",
    "grad_o": "grad_o",
    "grad_a_f": "grad_a_f",
    "grad_a_i": "grad_a_i",
    "grad_a_g": "grad_a_g",
    "grad_a_o": "grad_a_o",
    "grad_W_f": "grad_W_f_steps",
    "grad_W_i": "grad_W_i_steps",
    "grad_W_c": "grad_W_c_steps",
    "grad_W_o": "grad_W_o_steps",
    "grad_W_y": "grad_W_y_steps",
}
TOTAL_FIELDS = (
    "h0",
    "c0",
    "loss",
    "grad_W_f",
    "grad_W_i",
    "grad_W_c",
    "grad_W_o",
    "grad_W_y",
    "grad_h0",
    "grad_c0",
)


def lstm_fields(result: LstmResult, biases: tuple[str, ...] = ()) -> dict[str, Any]:
    """The LstmResponse fields, arrays still numpy (app.api.encoding writes null for
    non-finite); `grad_b_*` only for the biases named in `biases`."""
    warnings = label_sum_warnings(result.label_sums)
    encode = Fields("rnn.warning.non_finite", warnings, prefix="lstm.")
    per_step = encode.per_step(result, STEP_FIELDS)
    steps = len(per_step)
    bias_fields = tuple(f"grad_{name}" for name in BIASES if name in biases)
    totals = {
        field: encode(field, getattr(result, field)) for field in (*TOTAL_FIELDS, *bias_fields)
    }
    return {
        "hidden": result.h.shape[1],
        "inputs_dim": result.inputs.shape[1],
        "classes": result.logits.shape[1],
        "steps": steps,
        "per_step": per_step,
        **totals,
        "warnings": encode.warnings,
    }


@router.post("/lstm", response_model=LstmResponse, response_model_exclude_none=True)
async def lstm(request: LstmRequest) -> Response:
    """Run an LSTM over a sequence: gates, c_t, h_t, ŷ_t, L_t, and every gradient step by step."""
    inline = request.answer_entries <= INLINE_ENTRIES

    def respond(r: LstmRequest) -> Response:
        return json_response(lstm_fields(run(r), r.biases_given))

    return await answer(respond, request, inline)


@router.post("/lstm/derivation", response_model=LstmDerivationResponse)
async def lstm_derivation(request: LstmRequest) -> Response:
    """Backpropagation through the LSTM's gates written out with this run's numbers."""
    # Writing MathML takes milliseconds: never on the event loop.
    return await answer(lambda r: json_response(derivation_fields(r)), request, inline=False)


def derivation_fields(request: LstmRequest) -> dict[str, Any]:
    steps = lstm_derivation_steps(run(request), request.biases_given)
    return {"steps": [DerivationStep.model_validate(step).model_dump() for step in steps]}


EXAMPLE_DERIVATION_STEPS = ("grad_logits", "grad_c")


def _document_examples() -> None:
    """The lecture's LSTM as the response examples, and its step 2 as the step example."""
    request = LstmRequest.model_validate(LECTURE_LSTM.request())
    lecture = json.loads(json_response(lstm_fields(run(request))).body)
    LstmResponse.model_config["json_schema_extra"] = {"examples": [lecture]}
    LstmStep.model_config["json_schema_extra"] = {"examples": [lecture["per_step"][1]]}
    # Two of the real answer's steps (all fourteen are 74 kB): the slide's ŷ_t − y_t and
    # the cell-state path that makes an LSTM.
    steps = json.loads(json_response(derivation_fields(request)).body)["steps"]
    shown = [step for step in steps if step["id"] in EXAMPLE_DERIVATION_STEPS]
    LstmDerivationResponse.model_config["json_schema_extra"] = {"examples": [{"steps": shown}]}


_document_examples()
