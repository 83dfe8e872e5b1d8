"""Validation errors that point at the exact entry of a request, in words a learner can act on.

Schema validators raise `input_error(...)`: a PydanticCustomError whose context carries
the location inside the request (`ctx["loc"]`, e.g. `["labels", 3]`). Pydantic itself
would report a model-level check at `["body"]`; the API's 422 handler moves that
location into `loc`, so every message points at the offending entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic_core import PydanticCustomError

LocPart = str | int


def input_error(
    error_type: str, message: str, loc: Sequence[LocPart], **context: Any
) -> PydanticCustomError:
    """A validation error at `loc` (relative to the body) with a learner-readable message.

    `message` may use `{name}` placeholders filled from `context`; the context is also
    returned to the client (as `ctx`) so that a page can translate the message.
    """
    return PydanticCustomError(error_type, message, {"loc": list(loc), **context})
