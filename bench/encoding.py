"""The cost of JSON-encoding responses: pydantic model vs FastAPI's dict encoder vs pre-encoded.

Rerun:  .venv/bin/python -m bench.encoding          (about 20 s)

Two responses: /api/v1/analyze at C = 10 (one label) and /api/v1/jacobian/heatmap at
C = 50,257, 512×512, with labels (J and M: 2 × 262,144 pooled values). Each path starts
from the same fields and ends with the bytes of the HTTP body:
  pydantic   the response model built from the fields (validated), then FastAPI's
             return-type path: TypeAdapter.validate_python + dump_json
  dict       FastAPI without a response model: jsonable_encoder + json.dumps (JSONResponse)
  to_json    pre-encoded: pydantic_core.to_json of the dict, sent as a Response
  rowwise    (heatmap only; the endpoint's path) numpy rows appended to one buffer
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
from fastapi.testclient import TestClient
from pydantic import BaseModel, TypeAdapter
from pydantic_core import to_json

from app.heatmap_api import Encoder, response_fields
from app.heatmap_schemas import HeatmapRequest, HeatmapResponse
from app.main import create_app
from app.schemas import AnalyzeResponse

ANALYZE_BODY = {"logits": [1.2, -0.4, 0.3, 2.1, -1.5, 0.0, 0.8, -0.2, 1.7, -0.9], "labels": 3}


def as_lists(value: Any) -> Any:
    """numpy arrays as (nested) lists, a non-finite float as None: what a dict handler builds."""
    if isinstance(value, np.ndarray):
        finite = np.isfinite(value) if value.dtype.kind == "f" else np.ones(value.shape, bool)
        return value.tolist() if finite.all() else np.where(finite, value, None).tolist()
    if isinstance(value, dict):
        return {key: as_lists(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_lists(item) for item in value]
    return value


def pydantic_path(
    model: type[BaseModel], fields: Callable[[], dict[str, Any]]
) -> Callable[[], bytes]:
    adapter = TypeAdapter(model)

    def run() -> bytes:
        instance = model.model_validate(fields())
        return adapter.dump_json(adapter.validate_python(instance))

    return run


def dict_path(fields: Callable[[], dict[str, Any]]) -> Callable[[], bytes]:
    return lambda: JSONResponse(jsonable_encoder(fields())).body


def to_json_path(fields: Callable[[], dict[str, Any]]) -> Callable[[], bytes]:
    return lambda: to_json(fields(), inf_nan_mode="null")


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


def report(title: str, paths: dict[str, Callable[[], object]]) -> None:
    print(f"\n{title}")
    print(f"{'path':10} {'time':>11} {'× dict':>8} {'peak MiB':>9} {'bytes':>11}")
    results = {name: best_of(run) for name, run in paths.items()}
    baseline = results["dict"][0]
    sizes = {name: len(bytes(run())) for name, run in paths.items()}  # type: ignore[arg-type]
    for name, (seconds, peak) in results.items():
        print(
            f"{name:10} {seconds * 1e6:>9.0f}µs {seconds / baseline:>7.2f}× "
            f"{peak / 2**20:>9.2f} {sizes[name]:>11,}"
        )


def main() -> None:
    client = TestClient(create_app())
    analyze = client.post("/api/v1/analyze", json=ANALYZE_BODY).json()

    def analyze_fields() -> dict[str, Any]:
        return dict(analyze)

    report(
        "POST /api/v1/analyze, C = 10, one label",
        {
            "pydantic": pydantic_path(AnalyzeResponse, analyze_fields),
            "dict": dict_path(analyze_fields),
            "to_json": to_json_path(analyze_fields),
        },
    )

    rng = np.random.default_rng(50_257)
    request = HeatmapRequest.model_validate(
        {"logits": (rng.standard_normal(50_257) * 3.0).tolist(), "size": 512, "labels": 17}
    )
    # Computed once: only the encoding is timed (tolist included, as every path needs it).
    fields = response_fields(request)

    def heatmap_lists() -> dict[str, Any]:
        return as_lists(fields)

    report(
        "POST /api/v1/jacobian/heatmap, C = 50,257, 512×512, J and M",
        {
            "pydantic": pydantic_path(HeatmapResponse, heatmap_lists),
            "dict": dict_path(heatmap_lists),
            "to_json": to_json_path(heatmap_lists),
            "rowwise": lambda: Encoder.write(bytearray(), fields),
        },
    )


if __name__ == "__main__":
    main()
