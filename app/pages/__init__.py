"""The HTML pages (index, rnn, lstm) and the catalogues their language switch fetches."""

from __future__ import annotations

from fastapi import APIRouter

from app.pages import catalogue, index, lstm, rnn

router = APIRouter(include_in_schema=False)
router.include_router(index.router)
router.include_router(rnn.router)
router.include_router(lstm.router)
router.include_router(catalogue.router)

__all__ = ["router"]
