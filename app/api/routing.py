"""JSON API routes: strict body parsing, and a short path for one-model endpoints.

FastAPI answers a body that is not valid JSON with 422, but any other parse failure
(bytes that are not UTF-8, nesting past Python's recursion limit, an integer past
its digit limit) with a bare 400; and it accepts lone UTF-16 surrogates ("\\ud800"),
which then cannot be encoded in an answer or an error (a 500). Parsing strictly here
turns every one of these into FastAPI's own `json_invalid` 422.

Endpoints of the form `async def f(request: SomeRequest) -> SomeResponse` (all of
API v1) are also answered without FastAPI's general dependency machinery: parse,
validate the one model, call, serialise with pydantic. The OpenAPI schema is still
FastAPI's, built from the same signature. This halves the framework's share of a
small request (SPEC §5: overhead near the framework's floor).
"""

from __future__ import annotations

import inspect
import json
import re
import typing
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import orjson
from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter, ValidationError

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
    """The parsed body, raising JSONDecodeError for every way a body can fail to be JSON.

    orjson parses a valid body about five times faster than json (it holds the event loop
    that much less for a 20 MB body); what it refuses (NaN and Infinity literals, integers
    past 64 bits, lone surrogates, deep nesting) goes through json, whose answers are the
    API's: a NaN is a located `finite_number` error, a deep body `json_invalid`.
    """
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return _parse_with_json(body)


def _parse_with_json(body: bytes) -> Any:
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


Handler = Callable[[Request], Coroutine[Any, Any, Response]]

R = typing.TypeVar("R")


async def answer(respond: Callable[[R], Response], request: R, inline: bool) -> Response:
    """respond(request) on the event loop when `inline` (small work: a thread hop would cost
    more than the work), else in the thread pool, so that the server stays responsive
    (numpy releases the GIL). How many compute at once is app.middleware's GuardMiddleware's
    to bound."""
    if inline:
        return respond(request)
    return await run_in_threadpool(respond, request)


def _json_invalid(exc: json.JSONDecodeError) -> RequestValidationError:
    """FastAPI's own error for a body that is not JSON."""
    error = {
        "type": "json_invalid",
        "loc": ("body", exc.pos),
        "msg": "JSON decode error",
        "input": {},
        "ctx": {"error": exc.msg},
    }
    return RequestValidationError([error], body=exc.doc)


def _not_json(content_type: str) -> RequestValidationError:
    error = {
        "type": "content_type",
        "loc": ("body",),
        "msg": "Send the body as JSON, with the header Content-Type: application/json "
        f"(this request said {content_type[:60]!r}).",
        "input": None,
    }
    return RequestValidationError([error])


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def _single_model(endpoint: Callable[..., Any]) -> type[BaseModel] | None:
    """The request model of `async def f(request: Model)`, or None for any other shape."""
    if not inspect.iscoroutinefunction(endpoint):
        return None
    parameters = list(inspect.signature(endpoint).parameters.values())
    if len(parameters) != 1 or parameters[0].kind is not parameters[0].POSITIONAL_OR_KEYWORD:
        return None
    model = typing.get_type_hints(endpoint).get(parameters[0].name)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


class StrictJSONRoute(APIRoute):
    """An APIRoute that parses its JSON body with `parse_json_strictly`."""

    def get_route_handler(self) -> Handler:
        model = _single_model(self.endpoint)
        if model is None or self.dependencies or self.response_model is None:
            handler = super().get_route_handler()

            async def strict_handler(request: Request) -> Response:
                return await handler(StrictJSONRequest(request.scope, request.receive))

            return strict_handler
        return self._short_handler(model, self.endpoint)

    def _short_handler(
        self, model: type[BaseModel], endpoint: Callable[[Any], Awaitable[Any]]
    ) -> Handler:
        dump_json = TypeAdapter(self.response_model).dump_json
        status_code = self.status_code or 200

        def parse(body: bytes) -> BaseModel:
            try:
                # An empty body is an empty object: every required field is reported.
                document = parse_json_strictly(body) if body else {}
            except json.JSONDecodeError as exc:
                raise _json_invalid(exc) from exc
            try:
                return model.model_validate(document)
            except ValidationError as exc:
                errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
                raise RequestValidationError(errors, body=document) from exc

        async def handler(request: Request) -> Response:
            body = await request.body()
            content_type = request.headers.get("content-type", "")
            if body and not _is_json(content_type):
                raise _not_json(content_type)
            result = await endpoint(parse(body))
            if isinstance(result, Response):
                return result
            return Response(dump_json(result), status_code, media_type="application/json")

        return handler
