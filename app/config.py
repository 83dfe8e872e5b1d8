"""Settings from environment variables, with defaults safe for a classroom server."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


def _float(name: str, default: float, minimum: float = 0.0) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc
    if not value > minimum or value == float("inf"):
        raise ValueError(f"{name} must be a finite number above {minimum:g}, got {raw!r}")
    return value


def _int(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    # Largest request body accepted, checked before the body is parsed (413 past it).
    max_body_bytes: int
    # Largest C for the dense C×C endpoints (Jacobian, contributions, finite differences).
    max_dense_classes: int
    # Largest B·C·C for dense batched results, so a batch cannot multiply the cap away.
    max_dense_entries: int
    # Largest C anywhere (softmax, loss, gradient, pooled heatmap).
    max_classes: int
    # Largest B·C for any request.
    max_elements: int
    # Most numbers one answer may hold (it is written in full before it is sent): 422 past it.
    max_answer_numbers: int
    # What one connection may send before it is answered (app.server enforces these).
    # Bytes of the request line and headers together; 431 past it.
    max_header_bytes: int
    # Header lines per request; 431 past it.
    max_headers: int
    # Seconds from a connection's first byte (or its opening) to the end of its headers.
    header_timeout: float
    # A body still arriving is checked every body_timeout seconds and must have grown by
    # min_rate bytes a second since the last check; 408 (or a close) otherwise.
    body_timeout: float
    min_rate: int
    # An answer the client is not taking is checked every send_timeout seconds: unless
    # min_rate bytes a second of it were taken since the last check, the connection goes.
    send_timeout: float
    # Bytes of answers waiting, all connections together, for clients that do not read.
    max_unsent_bytes: int
    # Seconds an idle keep-alive connection stays open (uvicorn's timeout_keep_alive).
    keep_alive_timeout: float
    # Open connections; a request over it is answered 503 and the connection closed.
    max_connections: int
    # Load shedding (app.middleware.GuardMiddleware): requests in progress at once, and
    # among them those with a body over large_body_bytes; 503 with Retry-After past either.
    max_concurrent_requests: int
    # Requests with a body over small_body_bytes computing at once: from the end of their
    # body to the start of their answer.
    max_working_requests: int
    small_body_bytes: int
    max_large_bodies: int
    large_body_bytes: int
    retry_after_seconds: int
    # Seconds a large request may wait for its turn before it is answered 503.
    queue_timeout: float
    # Seconds after the last request before freed heap memory is handed back to the system.
    memory_trim_delay: float
    # Answers from compress_min_bytes to compress_max_bytes go compressed to a client that
    # accepts it (app.middleware.CompressMiddleware): a smaller one gains too little for
    # its CPU time, a larger one would hold the event loop longer than sending it takes.
    compress_min_bytes: int
    compress_max_bytes: int

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            host=os.environ.get("GRADVIZ_HOST", "127.0.0.1"),
            port=_int("GRADVIZ_PORT", 8000),
            max_body_bytes=_int("GRADVIZ_MAX_BODY_BYTES", 32 * 1024 * 1024),
            max_dense_classes=_int("GRADVIZ_MAX_DENSE_CLASSES", 1024),
            max_dense_entries=_int("GRADVIZ_MAX_DENSE_ENTRIES", 4 * 1024 * 1024),
            max_classes=_int("GRADVIZ_MAX_CLASSES", 1_048_576),
            max_elements=_int("GRADVIZ_MAX_ELEMENTS", 2 * 1_048_576),
            max_answer_numbers=_int("GRADVIZ_MAX_ANSWER_NUMBERS", 4 * 1_048_576),
            max_header_bytes=_int("GRADVIZ_MAX_HEADER_BYTES", 16 * 1024, minimum=1024),
            max_headers=_int("GRADVIZ_MAX_HEADERS", 100),
            header_timeout=_float("GRADVIZ_HEADER_TIMEOUT", 10.0),
            body_timeout=_float("GRADVIZ_BODY_TIMEOUT", 10.0),
            min_rate=_int("GRADVIZ_MIN_RATE", 16 * 1024, minimum=0),
            send_timeout=_float("GRADVIZ_SEND_TIMEOUT", 10.0),
            max_unsent_bytes=_int("GRADVIZ_MAX_UNSENT_BYTES", 128 * 1024 * 1024),
            keep_alive_timeout=_float("GRADVIZ_KEEP_ALIVE_TIMEOUT", 5.0),
            max_connections=_int("GRADVIZ_MAX_CONNECTIONS", 1000),
            max_concurrent_requests=_int("GRADVIZ_MAX_CONCURRENT_REQUESTS", 128),
            max_working_requests=_int("GRADVIZ_MAX_WORKING_REQUESTS", 2),
            small_body_bytes=_int("GRADVIZ_SMALL_BODY_BYTES", 512, minimum=0),
            max_large_bodies=_int("GRADVIZ_MAX_LARGE_BODIES", 4),
            large_body_bytes=_int("GRADVIZ_LARGE_BODY_BYTES", 1024 * 1024),
            retry_after_seconds=_int("GRADVIZ_RETRY_AFTER", 2),
            queue_timeout=_float("GRADVIZ_QUEUE_TIMEOUT", 5.0),
            memory_trim_delay=_float("GRADVIZ_MEMORY_TRIM_DELAY", 2.0),
            compress_min_bytes=_int("GRADVIZ_COMPRESS_MIN_BYTES", 4 * 1024, minimum=0),
            compress_max_bytes=_int("GRADVIZ_COMPRESS_MAX_BYTES", 8 * 1024 * 1024, minimum=0),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
