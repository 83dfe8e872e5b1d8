"""Serve gradviz with uvicorn: `python -m app [--host H] [--port P] [--workers N]`.

Defaults come from the environment (GRADVIZ_HOST, GRADVIZ_PORT, GRADVIZ_WORKERS), so the
same command serves on 127.0.0.1:8000 on a laptop and on 0.0.0.0 inside the container.
It serves with the connection limits of `app.server` (header size and count, header,
body and send deadlines, keep-alive), each a GRADVIZ_* setting of `app.config`.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from app import server
from app.config import get_settings


def _positive_int(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {raw!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    settings = get_settings()
    parser = argparse.ArgumentParser(
        prog="python -m app", description="Serve the gradviz web app and API."
    )
    parser.add_argument("--host", default=settings.host, help="address to bind (GRADVIZ_HOST)")
    parser.add_argument(
        "--port", type=_positive_int, default=settings.port, help="port (GRADVIZ_PORT)"
    )
    # A string default goes through `type`, so a bad GRADVIZ_WORKERS is reported like a bad
    # --workers rather than crashing with a traceback.
    parser.add_argument(
        "--workers",
        type=_positive_int,
        default=os.environ.get("GRADVIZ_WORKERS", "1"),
        help="worker processes; the app is stateless, so any number works (GRADVIZ_WORKERS)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    server.run(host=args.host, port=args.port, workers=args.workers)


if __name__ == "__main__":
    main()
