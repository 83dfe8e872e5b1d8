"""POST /api/v1/rnn and /api/v1/rnn/derivation: the lecture's RNN, its per-step losses and
backpropagation through time, as numbers and written out."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Response

from app.api.encoding import Fields, json_response
from app.api.routing import StrictJSONRoute, answer
from app.derivation.rnn import rnn_derivation_steps
from app.numerics.rnn import RnnResult, label_sum_warnings, run_rnn
from app.presets.rnn import LECTURE_RNN
from app.schemas.rnn import RnnDerivationResponse, RnnRequest, RnnResponse, RnnStep
from app.schemas.softmax import DerivationStep

router = APIRouter(prefix="/api/v1", tags=["rnn"], route_class=StrictJSONRoute)

# Below this many per-step gradient entries, answering on the event loop beats a thread
# hop; above it (up to 2²⁰), a worker thread keeps the server responsive.
INLINE_ENTRIES = 4096


def run(request: RnnRequest) -> RnnResult:
    """Forward pass and backpropagation through time on the validated request."""
    W, U, V, inputs, targets, h0 = request.arrays()
    return run_rnn(W, U, V, inputs, targets, h0)


# Each step's fields in the answer, and the RnnResult arrays (T, …) they come from.
STEP_FIELDS = {
    "x": "inputs",
    "h": "h",
    "o": "logits",
    "probs": "probs",
    "target": "targets",
    "label_sum": "label_sums",
    "loss": "losses",
    "grad_logits": "grad_logits",
    "grad_h": "grad_h",
    "grad_a": "grad_a",
    "grad_V": "grad_V_steps",
    "grad_W": "grad_W_steps",
    "grad_U": "grad_U_steps",
}


def rnn_fields(result: RnnResult) -> dict[str, Any]:
    """The RnnResponse fields, arrays still numpy (app.api.encoding writes null for non-finite)."""
    encode = Fields("rnn.warning.non_finite", label_sum_warnings(result.label_sums), prefix="rnn.")
    per_step = encode.per_step(result, STEP_FIELDS)
    steps = len(per_step)
    return {
        "hidden": result.h.shape[1],
        "inputs_dim": result.inputs.shape[1],
        "classes": result.logits.shape[1],
        "steps": steps,
        "h0": encode("h0", result.h0),
        "per_step": per_step,
        "loss": encode.number("loss", result.loss),
        "grad_V": encode("grad_V", result.grad_V),
        "grad_W": encode("grad_W", result.grad_W),
        "grad_U": encode("grad_U", result.grad_U),
        "grad_h0": encode("grad_h0", result.grad_h0),
        "warnings": encode.warnings,
    }


@router.post("/rnn", response_model=RnnResponse)
async def rnn(request: RnnRequest) -> Response:
    """Run an RNN over a sequence: h_t, o_t, ŷ_t, L_t, and ∂L/∂V, ∂L/∂W, ∂L/∂U step by step."""
    inline = request.step_entries <= INLINE_ENTRIES
    return await answer(lambda r: json_response(rnn_fields(run(r))), request, inline)


@router.post("/rnn/derivation", response_model=RnnDerivationResponse)
async def rnn_derivation(request: RnnRequest) -> Response:
    """Backpropagation through time written out with this run's numbers, as LaTeX and MathML."""
    # Writing MathML takes milliseconds: never on the event loop.
    return await answer(lambda r: json_response(derivation_fields(r)), request, inline=False)


def derivation_fields(request: RnnRequest) -> dict[str, Any]:
    steps = rnn_derivation_steps(run(request))
    return {"steps": [DerivationStep.model_validate(step).model_dump() for step in steps]}


def _document_examples() -> None:
    """The lecture's RNN as the response example, and its step 2 as the step example."""
    lecture = json.loads(json_response(rnn_fields(run_rnn(*LECTURE_RNN.arrays()))).body)
    RnnResponse.model_config["json_schema_extra"] = {"examples": [lecture]}
    RnnStep.model_config["json_schema_extra"] = {"examples": [lecture["per_step"][1]]}
    steps = derivation_fields(RnnRequest.model_validate(LECTURE_RNN.request()))["steps"]
    last = {"steps": [steps[-1]]}
    RnnDerivationResponse.model_config["json_schema_extra"] = {"examples": [last]}


_document_examples()
