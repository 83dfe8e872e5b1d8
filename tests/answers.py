"""How the API tests read an answer: as strict JSON, never with a NaN or Infinity token."""

from __future__ import annotations

import json
from typing import Any


def strict_json(text: str) -> Any:
    """json.loads that refuses NaN and Infinity tokens instead of accepting them."""

    def refuse(token: str) -> None:
        raise AssertionError(f"non-finite token {token} in a response")

    return json.loads(text, parse_constant=refuse)
