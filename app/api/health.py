"""GET /healthz: liveness for load balancers and the container health check."""

from __future__ import annotations

from fastapi import APIRouter

from app import __version__
from app.schemas.health import HealthResponse

router = APIRouter(tags=["health"])

_HEALTH = HealthResponse(status="ok", version=__version__)


@router.get("/healthz")
async def healthz() -> HealthResponse:
    """Report that the service is up, with its version."""
    return _HEALTH
