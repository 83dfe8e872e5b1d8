"""Record the answer of every route to the README's and the presets' requests.

    python -m scripts.record_answers            # writes tests/api/recorded_answers.json

A refactor keeps behaviour identical: record before, then
tests/api/test_recorded_answers.py compares every later answer with the recording
(numbers to 1e-13 relative, everything else exactly). Re-record only for a change
that is meant to alter answers, and say so in its commit.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
RECORDING = ROOT / "tests" / "api" / "recorded_answers.json"

README_REQUESTS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("POST", "/api/v1/analyze", {"logits": [-0.0219, 0.01037, -0.02245], "labels": 1}),
    (
        "POST",
        "/api/v1/gradient",
        {"logits": [[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]], "labels": [0, 1], "reduction": "mean"},
    ),
    (
        "POST",
        "/api/v1/jacobian/heatmap",
        {"logits": [3.0, 1.0, 0.2, -1.0, 0.5], "size": 2, "pool": "maxabs", "order": "prob"},
    ),
    ("POST", "/api/v1/analyze", {"logits": [1000, 0], "labels": 1}),
    ("GET", "/api/v1/presets", None),
    ("GET", "/healthz", None),
]

DENSE_ROUTES = ["softmax", "jacobian", "loss", "gradient", "analyze", "derivation"]


def requests(client: TestClient) -> list[tuple[str, str, dict[str, Any] | None]]:
    """The README's requests, then each preset's on every route that takes it."""
    found = list(README_REQUESTS)
    for preset in client.get("/api/v1/presets").json()["presets"]:
        body = preset["request"]
        if preset["kind"] == "classify":
            for route in DENSE_ROUTES:
                if route == "derivation" and isinstance(body["logits"][0], list):
                    continue
                wanted = body if route not in ("softmax", "jacobian") else _forward_only(body)
                found.append(("POST", f"/api/v1/{route}", wanted))
        elif preset["kind"] == "compare":
            found.append(("POST", "/api/v1/compare", body))
        elif preset["kind"] in ("rnn", "lstm"):
            found.append(("POST", f"/api/v1/{preset['kind']}", body))
            found.append(("POST", f"/api/v1/{preset['kind']}/derivation", body))
        else:
            found.append(("GET", f"/api/v1/presets/{preset['id']}", None))
            full = client.get(f"/api/v1/presets/{preset['id']}").json()["request"]
            for size, pool, order in [(32, "mean", "prob"), (16, "maxabs", "index")]:
                options = {"size": size, "pool": pool, "order": order}
                found.append(("POST", "/api/v1/jacobian/heatmap", {**full, **options}))
    return found


def _forward_only(body: dict[str, Any]) -> dict[str, Any]:
    kept = ("logits", "temperature", "class_names", "activation")
    return {k: v for k, v in body.items() if k in kept}


def answer(client: TestClient, method: str, path: str, body: dict[str, Any] | None) -> Any:
    response = client.request(method, path, json=body)
    return {"status": response.status_code, "body": response.json()}


# Past this many bytes a request or answer is recorded by its digest (a large preset's
# 50,257 logits): it is generated, so equal means byte for byte.
DIGEST_PAST = 256 * 1024


def shrink(value: Any) -> Any:
    """value, with every large list replaced by {"sha256": digest of its canonical JSON}.

    A large object keeps its keys (each value shrunk in turn), so that an answer may gain
    fields without its recording changing.
    """
    text = canonical(value)
    if len(text) <= DIGEST_PAST:
        return value
    if isinstance(value, dict):
        return {key: shrink(item) for key, item in value.items()}
    return {"sha256": hashlib.sha256(text.encode()).hexdigest()}


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def main() -> None:
    from app.main import app

    client = TestClient(app)
    recorded = []
    for method, path, body in requests(client):
        got = answer(client, method, path, body)
        recorded.append(
            {
                "method": method,
                "path": path,
                "request": shrink(body),
                "answer": {"status": got["status"], "body": shrink(got["body"])},
            }
        )
    RECORDING.write_text(json.dumps(recorded, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"recorded {len(recorded)} answers in {RECORDING.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
