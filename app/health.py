"""Liveness for load balancers and the container health check."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from app import __version__

router = APIRouter(tags=["health"])


class HealthResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "ok", "version": "0.1.0"}]}
    )

    status: str
    version: str


_HEALTH = HealthResponse(status="ok", version=__version__)


@router.get("/healthz")
async def healthz() -> HealthResponse:
    """Report that the service is up, with its version."""
    return _HEALTH
