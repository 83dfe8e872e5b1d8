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

from app.i18n import DEFAULT_LANGUAGE, messages

LocPart = str | int


def input_error(
    error_type: str, key: str, loc: Sequence[LocPart], **context: Any
) -> PydanticCustomError:
    """A validation error at `loc` (relative to the body) with a learner-readable message.

    The message is the catalogue's English template `key`, its `{name}` placeholders
    filled from `context`; the context is also returned to the client (as `ctx`), so that
    a page can word the message in its own language.
    """
    template = messages(DEFAULT_LANGUAGE)[key]
    return PydanticCustomError(error_type, template, {"loc": list(loc), **context})
