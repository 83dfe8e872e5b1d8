"""uvicorn, with limits on what one connection may send before it is answered.

uvicorn's httptools protocol has a keep-alive timeout but no limit on header bytes or
header lines, no deadline for the headers, none for the body and none for a client that
stops reading: one connection streaming an endless header grew the server by a gigabyte
in two seconds, and a silent connection was never closed. `GuardedHttpToolsProtocol`
adds those limits as a thin subclass (the parser callbacks are the only hooks it needs);
`run()` starts uvicorn with it and with uvicorn's own settings for the rest.

The limits, all from `app.config.Settings`:

- the request line and headers: at most `max_header_bytes` bytes and `max_headers`
  lines (431), complete within `header_timeout` seconds of the first byte, or of the
  connection opening (408, or a plain close when nothing was sent);
- the body: every `body_timeout` seconds it must have grown by `min_rate` bytes a
  second (408 before the answer has started, a close after it); the clock stops while
  the server itself is not reading, so a request waiting for the app is not blamed;
- the answer: once it fills the send buffer it is checked every `send_timeout` seconds,
  and a client that took less than `min_rate` bytes a second of it is dropped, which
  frees the answer's buffered bytes; and when the answers waiting for slow clients
  hold more than `max_unsent_bytes`, the answer that pushed them over is dropped;
- connections: past `max_connections` a request is answered 503 with Retry-After.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import struct
from typing import Any, ClassVar

import uvicorn
from uvicorn.config import Config
from uvicorn.server import ServerState

from app.config import Settings, get_settings
from app.middleware import SECURITY_HEADERS

try:
    import httptools
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - uvicorn[standard] brings httptools
    httptools = None
    HttpToolsProtocol = asyncio.Protocol  # type: ignore[assignment,misc]

logger = logging.getLogger("gradviz")


_REASONS = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}


def refusal_headers(body: bytes, retry_after: int | None = None) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    return headers + SECURITY_HEADERS


def refusal(status: int, detail: str) -> bytes:
    """A complete HTTP/1.1 answer with a FastAPI-style JSON body, closing the connection."""
    body = json.dumps({"detail": detail}).encode()
    lines = [b"HTTP/1.1 %d %s" % (status, _REASONS[status])]
    lines.extend(name + b": " + value for name, value in refusal_headers(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class _Refused(Exception):
    """Raised from a parser callback to stop parsing a request that is being refused."""


class GuardedHttpToolsProtocol(HttpToolsProtocol):  # type: ignore[misc,valid-type]
    """uvicorn's httptools protocol with header, body and send limits (see the module)."""

    # None: the settings of the environment; tests set a subclass's own.
    settings: ClassVar[Settings | None] = None

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits = self.settings or get_settings()
        # One timer per connection at a time: the header deadline, then the body check.
        self.deadline: asyncio.TimerHandle | None = None
        self.send_deadline: asyncio.TimerHandle | None = None
        # Between the end of one message and the end of the next one's headers.
        self.in_head = True
        self.message_started = False
        self.open_head_bytes = 0
        self.header_count = 0
        self.head_size = 0
        self.heads_done = 0
        self.body_bytes = 0
        self.body_checked = 0
        self.refused: bytes | None = None
        self.unsent = 0

    # Connection

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.deadline = self.loop.call_later(self.limits.header_timeout, self.head_timed_out)

    def connection_lost(self, exc: Exception | None) -> None:
        self.cancel_deadline()
        if self.send_deadline is not None:
            self.send_deadline.cancel()
            self.send_deadline = None
        super().connection_lost(exc)

    def cancel_deadline(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def refuse(self, answer: bytes | None) -> None:
        """Answer (when the client may still read an answer) and close."""
        self.cancel_deadline()
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:
            # While a head is refused the cycle is an earlier, pipelined request's: its
            # answer comes first, so this one gets none.
            if cycle.response_started or self.in_head:
                answer = None
            # The app may be waiting for the body: it sees a disconnect now, and whatever
            # it sends is dropped, as uvicorn does once the connection is lost.
            cycle.disconnected = True
            cycle.message_event.set()
        if answer is not None:
            self.transport.write(answer)
        self.transport.close()

    def data_received(self, data: bytes) -> None:
        # uvicorn's own data_received, plus counting the bytes of an unfinished head.
        self._unset_keepalive_if_required()
        heads_done, in_head = self.heads_done, self.in_head
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            if isinstance(exc, httptools.HttpParserCallbackError) and self.refused is not None:
                self.refuse(self.refused)
                return
            msg = "Invalid HTTP request received."
            self.logger.warning(msg)
            self.send_400_response(msg)
            return
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        # A chunk that found a head open and left it open is all head (the parser keeps
        # partial header names and values). A head that ended in this chunk restarts the
        # count, and one that began in it is counted from the next chunk on, so what the
        # parser holds stays below the limit plus one read.
        if self.heads_done != heads_done:
            self.open_head_bytes = 0
        elif in_head and self.in_head:
            self.open_head_bytes += len(data)
            if self.open_head_bytes > self.limits.max_header_bytes:
                self.refuse(self.header_refusal("bytes"))

    def handle_websocket_upgrade(self) -> None:
        # The connection leaves this protocol: its timers must not close it later.
        self.cancel_deadline()
        super().handle_websocket_upgrade()

    def header_refusal(self, what: str) -> bytes:
        if what == "bytes":
            detail = (
                "The request line and headers are larger than the limit of "
                f"{self.limits.max_header_bytes} bytes."
            )
        else:
            detail = f"The request has more than the limit of {self.limits.max_headers} headers."
        return refusal(431, detail)

    # Parser callbacks

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.message_started = True
        self.header_count = self.head_size = 0
        if self.deadline is None:
            self.deadline = self.loop.call_later(self.limits.header_timeout, self.head_timed_out)

    def on_url(self, url: bytes) -> None:
        self.count_head(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self.header_count += 1
        if self.header_count > self.limits.max_headers:
            self.refused = self.header_refusal("count")
            raise _Refused
        self.count_head(len(name) + len(value) + 4)
        super().on_header(name, value)

    def count_head(self, size: int) -> None:
        # Exact, for a head that arrives within one read; data_received bounds the rest.
        self.head_size += size
        if self.head_size > self.limits.max_header_bytes:
            self.refused = self.header_refusal("bytes")
            raise _Refused

    def on_headers_complete(self) -> None:
        self.in_head = False
        self.heads_done += 1
        self.cancel_deadline()
        self.body_bytes = self.body_checked = 0
        self.deadline = self.loop.call_later(self.limits.body_timeout, self.check_body)
        if len(self.connections) > self.limits.max_connections:
            # uvicorn picks `self.app` for the request while handling this callback.
            app, self.app = self.app, self.too_many_connections
            try:
                super().on_headers_complete()
            finally:
                self.app = app
            return
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        self.body_bytes += len(body)
        super().on_body(body)

    def on_message_complete(self) -> None:
        self.in_head = True
        self.message_started = False
        self.cancel_deadline()
        super().on_message_complete()
        cycle = self.cycle
        if cycle is not None and cycle.response_complete and self.timeout_keep_alive_task is None:
            # Answered before its body was in (a 503, a 405): uvicorn armed the keep-alive
            # timer with the answer, and every later chunk of the body disarmed it.
            self.timeout_keep_alive_task = self.loop.call_later(
                self.timeout_keep_alive, self.timeout_keep_alive_handler
            )

    # Timers

    def head_timed_out(self) -> None:
        self.deadline = None
        if self.message_started:
            detail = f"The request headers did not arrive within {self.limits.header_timeout:g} s."
            self.refuse(refusal(408, detail))
        else:
            # A connection that never sent a byte gets no answer, as an idle keep-alive.
            self.refuse(None)

    def check_body(self) -> None:
        self.deadline = None
        if self.transport.is_closing():
            return
        wanted = self.limits.min_rate * self.limits.body_timeout
        # While reading is paused the server is not taking the body, so the client is not
        # late; it only has to keep up once reading resumes.
        if self.flow.read_paused or self.body_bytes - self.body_checked >= max(wanted, 1):
            self.body_checked = self.body_bytes
            self.deadline = self.loop.call_later(self.limits.body_timeout, self.check_body)
            return
        detail = (
            f"The request body arrived slower than {self.limits.min_rate} bytes/s "
            f"over {self.limits.body_timeout:g} s."
        )
        self.refuse(refusal(408, detail))

    def pause_writing(self) -> None:
        super().pause_writing()
        if self.send_deadline is None:
            self.unsent = self.transport.get_write_buffer_size()
            self.send_deadline = self.loop.call_later(self.limits.send_timeout, self.check_send)
            # A dropped connection keeps its buffer until the loop next polls for I/O.
            held = sum(
                c.transport.get_write_buffer_size()
                for c in self.connections
                if getattr(c, "send_deadline", None) is not None and not c.transport.is_closing()
            )
            if held > self.limits.max_unsent_bytes:
                # Answers nobody takes already hold all the memory allowed: drop this one.
                logger.warning(
                    "dropped a %d-byte answer: %d bytes of answers are waiting for clients",
                    self.unsent,
                    held,
                )
                self.drop()

    def resume_writing(self) -> None:
        super().resume_writing()
        if self.send_deadline is not None:
            self.send_deadline.cancel()
            self.send_deadline = None

    def check_send(self) -> None:
        self.send_deadline = None
        unsent = self.transport.get_write_buffer_size()
        taken = self.unsent - unsent
        if taken >= max(self.limits.min_rate * self.limits.send_timeout, 1):
            self.unsent = unsent
            self.send_deadline = self.loop.call_later(self.limits.send_timeout, self.check_send)
            return
        self.drop()

    def drop(self) -> None:
        """Close at once, discarding the unsent answer, and tell the client with a reset."""
        # abort(), not close(): close() would keep the unread answer until it is sent.
        # Without SO_LINGER 0 the kernel would still hold its own copy, trying to send
        # it to a client that reads nothing.
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()

    async def too_many_connections(self, scope: Any, receive: Any, send: Any) -> None:
        body = json.dumps(
            {"detail": "The server has too many open connections; retry shortly."}
        ).encode()
        headers = refusal_headers(body, retry_after=self.limits.retry_after_seconds)
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """uvicorn.run keyword arguments that apply the limits of `settings`."""
    options: dict[str, Any] = {
        "timeout_keep_alive": settings.keep_alive_timeout,
        # Used only by the h11 fallback: its own bound on an unfinished head.
        "h11_max_incomplete_event_size": settings.max_header_bytes,
    }
    if httptools is not None:
        # An import string, so that every worker process loads the class itself.
        options["http"] = "app.server:GuardedHttpToolsProtocol"
    else:  # pragma: no cover
        logger.warning(
            "httptools is not installed: serving with h11, which bounds header bytes but "
            "enforces no header, body or send deadline. Install uvicorn[standard]."
        )
        options["http"] = "h11"
    return options


def run(host: str, port: int, workers: int, settings: Settings | None = None) -> None:
    settings = settings or get_settings()
    uvicorn.run("app.main:app", host=host, port=port, workers=workers, **uvicorn_options(settings))
