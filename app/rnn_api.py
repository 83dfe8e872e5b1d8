"""POST /api/v1/rnn: the lecture's RNN, its per-step losses and backpropagation through time."""

from __future__ import annotations

from fastapi import APIRouter

from app.rnn_schemas import RnnRequest, RnnResponse
from app.routing import StrictJSONRoute

router = APIRouter(prefix="/api/v1", tags=["rnn"], route_class=StrictJSONRoute)


@router.post("/rnn")
def rnn(request: RnnRequest) -> RnnResponse:
    """Run an RNN over a sequence: h_t, o_t, ŷ_t, L_t, and ∂L/∂V, ∂L/∂W, ∂L/∂U step by step."""
    return RnnResponse.from_result(request.run())
