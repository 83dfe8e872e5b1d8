"""What the sequence pages (/rnn, /lstm) share: one page context, one model description.

A page's `model` names its weight matrices with the sizes their rows and columns are
made of (an LSTM gate's H×(H+D) columns are the H of h_{t−1} and the D of x_t), its
optional vectors (h_0, c_0, biases), the facts beside the loss and the rows of its
per-step table. The templates build their editors from it, and the page's script reads
the same description (a JSON data block) to build, resize and send them.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from app.pages.rendering import opening_preset, page_context
from app.presets import presets_of

# The sizes a model is made of, in the order the size controls list them.
SIZES = ("hidden", "inputs", "classes", "steps")


def matrix(name: str, rows: str, *columns: str) -> dict[str, Any]:
    """The weight matrix `name`, whose rows count `rows` and whose columns are the blocks
    `columns`. A model lists its matrices in order: the first one's rows are H."""
    return {"name": name, "rows": rows, "columns": list(columns)}


def sequence_page_context(
    request: Request,
    prefix: str,
    model: dict[str, Any],
    charts: tuple[str, ...],
    limits: dict[str, int],
) -> dict[str, Any]:
    """The shared page context with the page's texts (`{prefix}.*`), presets, model,
    charts and editing limits."""
    presets = presets_of(prefix)
    # The script reads a state from the URL only when every matrix and the sequence are in it.
    wanted = [m["name"] for m in model["matrices"]] + ["x", "y"]
    has_state = all(request.query_params.get(name) for name in wanted)
    return {
        **page_context(request),
        "title_key": f"{prefix}.app.title",
        "tagline_key": f"{prefix}.app.tagline",
        "prefix": prefix,
        "presets": presets,
        "opening": opening_preset(request, presets, has_state),
        "model": model,
        "charts": charts,
        "sizes": SIZES,
        "limits": limits,
    }
