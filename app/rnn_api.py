"""POST /api/v1/rnn: the lecture's RNN, its per-step losses and backpropagation through time."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool

from app.encoding import json_response
from app.rnn_schemas import RnnRequest, RnnResponse, rnn_fields
from app.routing import StrictJSONRoute

router = APIRouter(prefix="/api/v1", tags=["rnn"], route_class=StrictJSONRoute)

# Below this many per-step gradient entries, answering on the event loop beats a thread
# hop; above it (up to 2²⁰), a worker thread keeps the server responsive.
INLINE_ENTRIES = 4096


def _respond(request: RnnRequest) -> Response:
    return json_response(rnn_fields(request.run()))


@router.post("/rnn", response_model=RnnResponse)
async def rnn(request: RnnRequest) -> Response:
    """Run an RNN over a sequence: h_t, o_t, ŷ_t, L_t, and ∂L/∂V, ∂L/∂W, ∂L/∂U step by step."""
    if request.step_entries <= INLINE_ENTRIES:
        return _respond(request)
    return await run_in_threadpool(_respond, request)
