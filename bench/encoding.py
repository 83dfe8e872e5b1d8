"""The cost of JSON-encoding responses: pydantic model vs FastAPI's dict encoder vs orjson.

Rerun:  .venv/bin/python -m bench.encoding          (about 20 s)

Two responses: /api/v1/analyze at C = 10 (one label) and /api/v1/jacobian/heatmap at
C = 50,257, 512×512, with labels (J and M: 2 × 262,144 pooled values). Each path starts
from the same fields, numpy arrays as the endpoint computes them, and ends with the
bytes of the HTTP body:
  pydantic   arrays to lists, the response model built from them (validated), then
             FastAPI's return-type path: TypeAdapter.validate_python + dump_json
  dict       FastAPI without a response model: lists, jsonable_encoder + json.dumps
  to_json    lists, pydantic_core.to_json of the dict, sent as a Response
  orjson     the endpoints' path (app.encoding): orjson writes the arrays themselves
Best time of several runs, and tracemalloc's peak during one run. Ratios are against
`dict`, FastAPI's default.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, TypeAdapter
from pydantic_core import to_json

from app.api import encoding
from app.api.heatmap import response_fields
from app.api.softmax import analyze_fields
from app.schemas.heatmap import HeatmapRequest, HeatmapResponse
from app.schemas.softmax import AnalyzeRequest, AnalyzeResponse

ANALYZE_BODY = {"logits": [1.2, -0.4, 0.3, 2.1, -1.5, 0.0, 0.8, -0.2, 1.7, -0.9], "labels": 3}


def as_lists(value: Any) -> Any:
    """numpy arrays as (nested) lists, a non-finite float as None: what a dict handler builds."""
    if isinstance(value, np.ndarray):
        finite = np.isfinite(value) if value.dtype.kind == "f" else np.ones(value.shape, bool)
        return value.tolist() if finite.all() else np.where(finite, value, None).tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {key: as_lists(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_lists(item) for item in value]
    return value


def paths(model: type[BaseModel], fields: dict[str, Any]) -> dict[str, Callable[[], bytes]]:
    """Each way to turn `fields` into the body's bytes (see the module's docstring)."""
    adapter = TypeAdapter(model)

    def pydantic() -> bytes:
        instance = model.model_validate(as_lists(fields))
        return adapter.dump_json(adapter.validate_python(instance))

    return {
        "pydantic": pydantic,
        "dict": lambda: bytes(JSONResponse(jsonable_encoder(as_lists(fields))).body),
        "to_json": lambda: to_json(as_lists(fields), inf_nan_mode="null"),
        "orjson": lambda: encoding.dumps(fields),
    }


def best_of(run: Callable[[], object], seconds: float = 2.0) -> tuple[float, int]:
    """Best time over runs filling `seconds` (at least 3), and tracemalloc's peak of one run."""
    run()
    times: list[float] = []
    while sum(times) < seconds or len(times) < 3:
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return min(times), peak


def report(title: str, paths: dict[str, Callable[[], bytes]]) -> None:
    print(f"\n{title}")
    print(f"{'path':10} {'time':>11} {'× dict':>8} {'peak MiB':>9} {'bytes':>11}")
    results = {name: best_of(run) for name, run in paths.items()}
    baseline = results["dict"][0]
    sizes = {name: len(run()) for name, run in paths.items()}
    for name, (seconds, peak) in results.items():
        print(
            f"{name:10} {seconds * 1e6:>9.0f}µs {seconds / baseline:>7.2f}× "
            f"{peak / 2**20:>9.2f} {sizes[name]:>11,}"
        )


def main() -> None:
    with np.errstate(all="ignore"):
        analyze = analyze_fields(AnalyzeRequest.model_validate(ANALYZE_BODY))
    report("POST /api/v1/analyze, C = 10, one label", paths(AnalyzeResponse, analyze))

    rng = np.random.default_rng(50_257)
    request = HeatmapRequest.model_validate(
        {"logits": (rng.standard_normal(50_257) * 3.0).tolist(), "size": 512, "labels": 17}
    )
    # Computed once: only the encoding is timed (tolist included, as the list paths need it).
    heatmap = response_fields(request)
    report(
        "POST /api/v1/jacobian/heatmap, C = 50,257, 512×512, J and M",
        paths(HeatmapResponse, heatmap),
    )


if __name__ == "__main__":
    main()
