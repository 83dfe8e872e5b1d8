"""The ASGI application: middleware, routers and static files."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from servestatic import ServeStaticASGI
from starlette.routing import BaseRoute

from app import __version__, assets
from app.api import router as api_router
from app.api.errors import request_validation_handler
from app.config import Settings, get_settings
from app.middleware import (
    BodyLimitMiddleware,
    CompressMiddleware,
    GuardMiddleware,
    SecurityHeadersMiddleware,
)
from app.pages import router as pages_router
from app.vendor import SWAGGER_DIR
from app.vendor import router as vendor_router

DESCRIPTION = """\
The softmax and cross-entropy gradient, exact, as JSON.

Send logits `o` (one row of C classes or a batch B×C) and labels (class indices or
distributions); get `ŷ = softmax(o/T)`, the Jacobian `∂ŷ/∂o`, the loss,
`∂L/∂ŷ = −y/ŷ` and `∂L/∂o = (ŷ·Σy − y)/T`, which is the lecture's `ŷ − y` whenever
the target sums to 1. Every number is float64; a value that is not finite is `null`
and explained in `warnings`.
"""


def _summaries_from_docstrings(routes: list[BaseRoute]) -> None:
    """Each route's one-line docstring becomes its OpenAPI summary (FastAPI would title-case
    the function name, "Analyze", and keep the docstring only as the description)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            _summaries_from_docstrings(included.routes)
        elif isinstance(route, APIRoute) and route.summary is None and route.description:
            route.summary = route.description.strip().splitlines()[0]


VALIDATION_ERROR_EXAMPLE = {
    "type": "class_index_range",
    "loc": ["body", "labels"],
    "msg": "labels = 5 is not a class: with 3 classes a class index is 0 to 2.",
    "ctx": {"where": "labels", "index": 5, "classes": 3, "last": 2},
}


def _document_validation_errors(app: FastAPI) -> None:
    """Give FastAPI's own 422 models an example of this API's located, readable errors."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schemas = generate()["components"]["schemas"]
            schemas["ValidationError"]["examples"] = [VALIDATION_ERROR_EXAMPLE]
            schemas["HTTPValidationError"]["examples"] = [{"detail": [VALIDATION_ERROR_EXAMPLE]}]
        return generate()

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    assets.manifest()  # fails now, with the command to run, rather than on the first page
    app = FastAPI(
        title="gradviz",
        version=__version__,
        summary="See the softmax and cross-entropy gradient: ŷ − y, with every number.",
        description=DESCRIPTION,
        # The interactive docs are served from local assets by app.vendor (no CDN).
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_exception_handler(RequestValidationError, request_validation_handler)
    app.include_router(api_router)
    app.include_router(pages_router)
    app.include_router(vendor_router)
    _summaries_from_docstrings(app.routes)
    _document_validation_errors(app)
    app.mount("/static/vendor/swagger", StaticFiles(directory=SWAGGER_DIR), name="swagger")
    # add_middleware wraps: the last added is outermost. Security headers go on every
    # response, the 413 and 503 included; the built assets are answered next, outside the
    # guard (a file read is no work to shed, and a classroom fetching Plotly must not take
    # the turns of computing requests); the guard sheds load before any body is read; the
    # body limit runs before anything reads the body; answers are compressed innermost,
    # so within a request's turn.
    app.add_middleware(
        CompressMiddleware,
        minimum_size=settings.compress_min_bytes,
        maximum_size=settings.compress_max_bytes,
    )
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(
        GuardMiddleware,
        max_concurrent_requests=settings.max_concurrent_requests,
        max_working_requests=settings.max_working_requests,
        small_body_bytes=settings.small_body_bytes,
        max_large_bodies=settings.max_large_bodies,
        large_body_bytes=settings.large_body_bytes,
        retry_after_seconds=settings.retry_after_seconds,
        memory_trim_delay=settings.memory_trim_delay,
        queue_timeout=settings.queue_timeout,
    )
    # Hashed names only, each with its .br and .gz beside it (scripts/build_assets.py).
    app.add_middleware(
        ServeStaticASGI,
        root=assets.STATIC_DIR,
        prefix=assets.URL_PREFIX,
        immutable_file_test=assets.is_hashed,
        allow_all_origins=False,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    return app


app = create_app()
