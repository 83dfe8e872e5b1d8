"""The JSON API: thin handlers, schemas -> numerics -> JSON, one module per feature.

`router` holds every API route; the shared machinery is one of each: strict parsing and
the short path (routing), answers from numpy arrays (encoding), the 422 answer (errors).
"""

from __future__ import annotations

from fastapi import APIRouter

from app.api import health, heatmap, losses, lstm, presets, rnn, softmax

router = APIRouter()
# The busiest routes first: routes are matched in order.
for module in (softmax, health, heatmap, losses, rnn, lstm, presets):
    router.include_router(module.router)
