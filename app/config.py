"""Settings from environment variables, with defaults safe for a classroom server."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


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
    # Requests too big to answer on the event loop run at most this many at once …
    heavy_workers: int
    # … with at most this many waiting for a turn; past it, 503 with Retry-After.
    heavy_queue: int
    # Bytes of written answers the server holds at once until clients have taken them;
    # past it, 503 with Retry-After (a client that does not read cannot pin more).
    answer_budget_bytes: int

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
            heavy_workers=_int("GRADVIZ_HEAVY_WORKERS", 2),
            heavy_queue=_int("GRADVIZ_HEAVY_QUEUE", 16, minimum=0),
            answer_budget_bytes=_int("GRADVIZ_ANSWER_BUDGET_BYTES", 192 * 1024 * 1024),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
