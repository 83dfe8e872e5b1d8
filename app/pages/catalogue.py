"""GET /i18n/{lang}.{hash}.json: a language's catalogue, for the page's language switch.

The URL carries the file's content hash (app.i18n.catalogue_url), so the answer never
changes for a URL and is cached for a year; a new catalogue is a new URL.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from app.i18n import CATALOGUES

router = APIRouter(include_in_schema=False)

BY_FILENAME = {catalogue.filename: catalogue for catalogue in CATALOGUES.values()}
IMMUTABLE = "public, max-age=31536000, immutable"


@router.api_route("/i18n/{filename}", methods=["GET", "HEAD"])
def catalogue(filename: str, request: Request) -> Response:
    """One language's catalogue, flat key → text; an unknown language or hash is a 404."""
    found = BY_FILENAME.get(filename)
    if found is None:
        raise HTTPException(status_code=404, detail="No such catalogue.")
    headers = {"ETag": f'"{found.digest}"', "Cache-Control": IMMUTABLE}
    if request.headers.get("if-none-match") == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    return Response(found.body, media_type="application/json", headers=headers)
