"""Pure ASGI middleware: a request-body limit, security headers, the guard (load
shedding, HEAD, client disconnects, memory trimming) and answer compression.

Pure ASGI rather than BaseHTTPMiddleware so that the per-request overhead stays
near the framework's floor.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
from collections import deque

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette_compress import CompressMiddleware as _StarletteCompress

from app import memory

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; "
    "script-src 'self'; "
    # Plotly sets style attributes and injects its own stylesheet at run time.
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)

SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


# A page is revalidated on every visit (its asset URLs change with every build); the
# assets themselves carry their hash and are cached for good (app.assets).
PAGE_CACHE_CONTROL = (b"cache-control", b"no-cache")

_INTERNAL_ERROR_BODY = b"Internal Server Error"


def _is_html(raw: list[tuple[bytes, bytes]]) -> bool:
    return any(
        name.lower() == b"content-type" and value.startswith(b"text/html") for name, value in raw
    )


class SecurityHeadersMiddleware:
    """Add the security headers to every HTTP response, errors included, and `no-cache`
    to HTML pages that set no caching of their own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        response_started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
                headers = message.get("headers", [])
                present = {name.lower() for name, _ in headers}
                extra = [h for h in SECURITY_HEADERS if h[0] not in present]
                if b"cache-control" not in present and _is_html(headers):
                    extra.append(PAGE_CACHE_CONTROL)
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Starlette's own 500 comes from ServerErrorMiddleware, which sits outside every
            # user middleware and so would go out without these headers. Answer first, with
            # them; re-raise so that the server still logs the error (Starlette sees that
            # the response has started and sends nothing more).
            if not response_started:
                start: Message = {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(_INTERNAL_ERROR_BODY)).encode()),
                    ],
                }
                await send_with_headers(start)
                await send({"type": "http.response.body", "body": _INTERNAL_ERROR_BODY})
            raise


def _too_large_detail(limit: int) -> list[dict[str, object]]:
    return [
        {
            "loc": ["body"],
            "msg": f"The request body is larger than the limit of {limit} bytes.",
            "type": "body_too_large",
            "ctx": {"limit": limit},
        }
    ]


class BodyTooLarge(HTTPException):
    """Raised from receive() once a streamed body passes the limit.

    An HTTPException, so that the framework answers 413 even when the limit is
    hit while it is reading the body.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=_too_large_detail(limit))


class BodyLimitMiddleware:
    """Answer 413 for a body over `max_bytes`, before the body is read or parsed.

    A declared Content-Length is checked up front; a chunked body is counted as
    it arrives, so a client cannot bypass the limit by omitting the header.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _reject(self, send: Send) -> None:
        body = json.dumps({"detail": _too_large_detail(self.max_bytes)}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_bytes:
                    await self._reject(send)
                    return
                break

        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not response_started:
                await self._reject(send)


logger = logging.getLogger("gradviz")

# Never shed: a load balancer that sees 503 here would take a busy, healthy server out.
HEALTH_PATH = "/healthz"


def _body_length(scope: Scope) -> int | None:
    """The declared Content-Length, 0 without a body, None for a chunked body."""
    length = 0
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                length = int(value)
            except ValueError:
                length = 0
        elif name == b"transfer-encoding":
            return None
    return length


async def _drop_body(message: Message, send: Send) -> None:
    if message["type"] == "http.response.body":
        if message.get("more_body", False):
            return
        message = {"type": "http.response.body", "body": b"", "more_body": False}
    await send(message)


class Slots:
    """At most `limit` holders at once; the others wait their turn in order."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.held = 0
        self.waiters: deque[asyncio.Future[None]] = deque()

    async def acquire(self, timeout: float | None) -> bool:
        """Take a slot, waiting up to `timeout` seconds (None: as long as it takes)."""
        if self.held < self.limit:
            self.held += 1
            return True
        waiter = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        try:
            async with asyncio.timeout(timeout):
                await waiter
            return True
        except TimeoutError:
            # release() may have handed the slot over just as the time ran out.
            return waiter.done() and not waiter.cancelled()
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self.release()
            raise
        finally:
            if not waiter.done():
                waiter.cancel()
            if waiter in self.waiters:
                self.waiters.remove(waiter)

    def release(self) -> None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # the slot passes straight to the waiter
                return
        self.held -= 1


class GuardMiddleware:
    """Shed load with 503 and Retry-After, answer HEAD as GET, log a client disconnect in
    one line, and hand freed memory back once the server is quiet (`memory_trim_delay`
    seconds after the last request ends).

    At most `max_concurrent_requests` requests are in progress; past that the answer is
    503. Of those with a body over `small_body_bytes`, at most `max_working_requests`
    work at once: from the moment their body is in to the start of their answer, which
    is where a request holds what it computes (a 10 KB body can ask for a 100 MB answer).
    The others wait their turn. A request with no body or a small one asks for little
    and goes straight through.

    At most `max_large_bodies` have a body over `large_body_bytes` (or chunked, of
    unknown size): a large request waits up to `queue_timeout` seconds for one of those
    slots, its body unread (uvicorn stops reading a body that nobody takes), and is
    answered 503 past that. Large bodies are then parsed one at a time: parsing holds
    several times a body's size and blocks the event loop.
    """

    def __init__(
        self,
        app: ASGIApp,
        max_concurrent_requests: int,
        max_working_requests: int,
        small_body_bytes: int,
        max_large_bodies: int,
        large_body_bytes: int,
        retry_after_seconds: int,
        memory_trim_delay: float,
        queue_timeout: float,
    ) -> None:
        self.app = app
        self.max_requests = max_concurrent_requests
        self.large_body_bytes = large_body_bytes
        self.small_body_bytes = small_body_bytes
        self.retry_after = retry_after_seconds
        self.trim_delay = memory_trim_delay
        self.queue_timeout = queue_timeout
        self.requests = 0
        self.working = Slots(max_working_requests)
        self.large = Slots(max_large_bodies)
        self.parsing = Slots(1)
        self.trim_handle: asyncio.TimerHandle | None = None
        self.collect = False
        memory.configure_allocator()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "HEAD":
            # GET's answer, headers and Content-Length included, without its body.
            scope = {**scope, "method": "GET"}
            outer_send = send

            async def send(message: Message) -> None:
                await _drop_body(message, outer_send)

        if scope["path"] == HEALTH_PATH:
            await self.app(scope, receive, send)
            return
        if self.requests >= self.max_requests:
            await self.busy(send, "The server is busy")
            return
        self.requests += 1
        try:
            length = _body_length(scope)
            large = length is None or length > self.large_body_bytes
            if not large:
                if length is not None and length <= self.small_body_bytes:
                    # What a small body can ask for is small: no turn to wait for.
                    await self.app(scope, receive, send)
                else:
                    await self.call_in_turn(scope, receive, send, large=False)
            elif await self.large.acquire(self.queue_timeout):
                try:
                    await self.call_in_turn(scope, receive, send, large=True)
                finally:
                    self.large.release()
                    self.collect = True
            else:
                await self.busy(send, "The server is busy with other large requests")
        except ClientDisconnect:
            self.collect = True
            client = scope.get("client") or ("?", 0)
            logger.warning(
                "client %s:%s disconnected before sending the whole body of %s %s",
                client[0],
                client[1],
                scope["method"],
                scope["path"],
            )
        finally:
            self.requests -= 1
            if self.requests == 0 and self.trim_handle is None:
                self.trim_handle = asyncio.get_running_loop().call_later(self.trim_delay, self.trim)

    async def call_in_turn(self, scope: Scope, receive: Receive, send: Send, large: bool) -> None:
        """Run the app, working only in its turn (see the class)."""
        turns: list[Slots] = []

        async def take_turns() -> None:
            await self.working.acquire(None)
            turns.append(self.working)
            if large:
                await self.parsing.acquire(None)
                turns.append(self.parsing)
                # Requests that arrived during the previous parse go first (a health
                # check takes well under this).
                await asyncio.sleep(0.005)

        def end_turns() -> None:
            while turns:
                turns.pop().release()

        async def receive_in_turn() -> Message:
            message = await receive()
            if (
                not turns
                and message["type"] == "http.request"
                and not message.get("more_body", False)
            ):
                await take_turns()
            return message

        async def send_in_turn(message: Message) -> None:
            if message["type"] == "http.response.start":
                # The answer exists (or streams from here): its work is done.
                end_turns()
            await send(message)

        try:
            await self.app(scope, receive_in_turn, send_in_turn)
        finally:
            end_turns()

    def trim(self) -> None:
        self.trim_handle = None
        if self.collect:
            # What a large or broken request leaves in reference cycles (frames of an
            # exception's traceback holding the body read so far) waits for a full
            # collection, which a quiet server may not reach for a long time. One costs
            # tens of milliseconds, so only after such a request.
            self.collect = False
            gc.collect()
        memory.trim()

    async def busy(self, send: Send, reason: str) -> None:
        body = json.dumps(
            {"detail": f"{reason}; retry in {self.retry_after} s."}, ensure_ascii=False
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 503,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(self.retry_after).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class CompressMiddleware:
    """starlette-compress (zstd, brotli or gzip, as the client accepts) for answers from
    `minimum_size` to `maximum_size` bytes sent in one piece; others go as they are.

    Compression runs on the event loop: below `minimum_size` (the small API answers that
    make most of the traffic) it would cost more than the bytes it saves; above
    `maximum_size` (tens of MB of JSON) it would stall every other request for a second
    or more. The levels are the codecs' fast ones: a 7 MB heatmap takes about 100 ms and
    shrinks to a third. A response is held from its start to its first body message,
    then either passed to the library as it was sent (the library negotiates the
    encoding, picks the content types worth compressing and sets Vary) or sent on.
    """

    _REPLAY = "gradviz.compress.response"

    def __init__(
        self,
        app: ASGIApp,
        minimum_size: int,
        maximum_size: int,
        zstd_level: int = 3,
        brotli_quality: int = 1,
        gzip_level: int = 1,
    ) -> None:
        self.app = app
        self.maximum_size = maximum_size
        self.compress = _StarletteCompress(
            self._replay,
            minimum_size=minimum_size,
            zstd_level=zstd_level,
            brotli_quality=brotli_quality,
            gzip_level=gzip_level,
        )

    @classmethod
    async def _replay(cls, scope: Scope, receive: Receive, send: Send) -> None:
        start, body = scope[cls._REPLAY]
        await send(start)
        await send(body)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not any(
            name == b"accept-encoding" for name, _ in scope["headers"]
        ):
            await self.app(scope, receive, send)
            return
        start: Message | None = None

        async def hold_start(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if start is not None:
                held, start = start, None
                if (
                    message["type"] == "http.response.body"
                    and not message.get("more_body", False)
                    and len(message.get("body", b"")) <= self.maximum_size
                ):
                    await self.compress({**scope, self._REPLAY: (held, message)}, receive, send)
                    return
                await send(held)
            await send(message)

        await self.app(scope, receive, hold_start)
