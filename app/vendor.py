"""The interactive API docs, from installed Python packages (no CDN).

Swagger UI comes from `fastapi-offline`; Plotly.js is an npm package that
scripts/build_assets.py installs and serves with the app's own assets (app.assets).
Nothing third-party is committed to this repository.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from app.assets import asset_url

SWAGGER_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"

router = APIRouter(include_in_schema=False)

DOCS_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>gradviz API v1 — interactive docs</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/vendor/swagger/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/static/vendor/swagger/swagger-ui-bundle.js"></script>
<script type="module" src="{docs_js}"></script>
</body>
</html>
"""


@router.get("/docs")
def docs() -> HTMLResponse:
    """Swagger UI over /openapi.json, from local assets."""
    return HTMLResponse(DOCS_HTML.format(docs_js=asset_url("js/docs.js")))
