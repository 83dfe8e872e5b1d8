"""JSON API routes whose body parsing fails as a 422, whatever is wrong with the body.

FastAPI answers a body that is not valid JSON with 422, but any other parse failure
(bytes that are not UTF-8, nesting past Python's recursion limit, an integer past
its digit limit) with a bare 400; and it accepts lone UTF-16 surrogates ("\\ud800"),
which then cannot be encoded in an answer or an error (a 500). Parsing strictly here
turns every one of these into FastAPI's own `json_invalid` 422.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

# A \uD800–\uDFFF escape: a surrogate, paired or not; only then is a full check needed.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _has_lone_surrogate(value: Any) -> bool:
    """Whether any string in the parsed document holds an unpaired surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
    return False


def parse_json_strictly(body: bytes) -> Any:
    """json.loads, raising JSONDecodeError for every way a body can fail to be JSON."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise json.JSONDecodeError("the body is not UTF-8 text", "", exc.start) from exc
    try:
        document = json.loads(text)
    except RecursionError as exc:
        raise json.JSONDecodeError("the body nests too deeply", text[:200], 0) from exc
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # e.g. an integer past Python's digit limit
        raise json.JSONDecodeError(str(exc), text[:200], 0) from exc
    if _SURROGATE_ESCAPE.search(body) and _has_lone_surrogate(document):
        raise json.JSONDecodeError("a string holds an unpaired UTF-16 surrogate", "", 0)
    return document


class StrictJSONRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_json_strictly(await self.body())
        return self._json


class StrictJSONRoute(APIRoute):
    """An APIRoute that parses its JSON body with `parse_json_strictly`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict_handler
