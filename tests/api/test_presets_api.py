"""The presets endpoints: a large preset listed without its logits, and served in full."""

from __future__ import annotations

import json

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.api.presets import _encoded
from app.main import create_app
from app.presets.large import GPT2_CLASSES, GPT2_PRESET_ID, zipf_logits

# The list is fetched by every page that offers presets: it must stay small.
LIST_BYTES_LIMIT = 32 * 1024


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def listed(client: TestClient) -> dict[str, dict]:
    response = client.get("/api/v1/presets")
    assert response.status_code == 200
    assert len(response.content) < LIST_BYTES_LIMIT
    return {p["id"]: p for p in response.json()["presets"]}


@pytest.fixture(scope="module")
def gpt2(client: TestClient) -> dict:
    response = client.get(f"/api/v1/presets/{GPT2_PRESET_ID}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    return response.json()


def test_the_list_carries_the_large_preset_without_its_logits(listed: dict[str, dict]) -> None:
    entry = listed[GPT2_PRESET_ID]
    assert entry["kind"] == "large"
    assert entry["large"] is True
    assert entry["classes"] == GPT2_CLASSES == 50_257
    assert "logits" not in entry["request"]
    assert entry["title_en"] and entry["title_ko"]
    assert "50,257" in entry["title_en"] and "50,257" in entry["title_ko"]
    assert not any(p["large"] for p in listed.values() if p["id"] != GPT2_PRESET_ID)


def test_the_full_preset_has_every_logit_and_the_rest_of_its_list_entry(
    listed: dict[str, dict], gpt2: dict
) -> None:
    logits = gpt2["request"]["logits"]
    assert len(logits) == GPT2_CLASSES
    assert all(isinstance(v, float) and np.isfinite(v) for v in logits)
    without_logits = {k: v for k, v in gpt2["request"].items() if k != "logits"}
    assert without_logits == listed[GPT2_PRESET_ID]["request"]
    assert {k: v for k, v in gpt2.items() if k != "request"} == {
        k: v for k, v in listed[GPT2_PRESET_ID].items() if k != "request"
    }


def test_the_large_logits_are_seeded_and_zipf_like(gpt2: dict) -> None:
    logits = np.array(gpt2["request"]["logits"])
    # The same seed gives the same vector, whatever the global random state.
    np.random.seed(12345)
    np.testing.assert_array_equal(logits, zipf_logits(GPT2_CLASSES, 2019, 1.2, 0.5))
    assert not np.array_equal(logits, zipf_logits(GPT2_CLASSES, 2020, 1.2, 0.5))
    # Zipf: log-probability falls linearly in log-rank, slope −s, with the noise around it.
    slope, _ = np.polyfit(np.log(np.arange(1, GPT2_CLASSES + 1)), logits, 1)
    assert slope == pytest.approx(-1.2, abs=0.02)
    # Noise: index order is not probability order, so the two heatmap orders differ.
    assert not np.all(np.diff(logits) <= 0)


def test_the_large_target_is_the_third_most_probable_class(client: TestClient, gpt2: dict) -> None:
    request = gpt2["request"]
    ranked = np.argsort(-np.array(request["logits"]), kind="stable")
    assert request["labels"] == int(ranked[2])
    response = client.post("/api/v1/jacobian/heatmap", json={**request, "size": 64})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["classes"] == GPT2_CLASSES
    assert [c["index"] for c in answer["top"][:3]] == ranked[:3].tolist()
    assert answer["top"][2]["target"] == 1.0
    assert answer["loss"] == pytest.approx(-answer["top"][2]["log_prob"], rel=1e-12)


def test_the_large_request_is_answered_by_the_gradient_but_not_the_dense_analysis(
    client: TestClient, gpt2: dict
) -> None:
    gradient = client.post("/api/v1/gradient", json=gpt2["request"])
    assert gradient.status_code == 200, gradient.text
    assert len(gradient.json()["grad_logits"]) == GPT2_CLASSES
    dense = client.post("/api/v1/analyze", json=gpt2["request"])
    assert dense.status_code == 422
    assert "heatmap" in json.dumps(dense.json()["detail"])


def test_every_small_preset_is_served_as_listed(
    client: TestClient, listed: dict[str, dict]
) -> None:
    for preset_id, entry in listed.items():
        if entry["large"]:
            continue
        response = client.get(f"/api/v1/presets/{preset_id}")
        assert response.status_code == 200, preset_id
        assert response.json() == entry


def test_an_unknown_preset_is_a_404_naming_the_known_ones(client: TestClient) -> None:
    before = _encoded.cache_info().currsize
    for unknown in ["nope", "GPT2-VOCABULARY", "x" * 500, "%00"]:
        response = client.get(f"/api/v1/presets/{unknown}")
        assert response.status_code == 404, unknown
        detail = response.json()["detail"]
        assert "There is no preset" in detail and GPT2_PRESET_ID in detail
        assert len(detail) < 1000
    # Unknown ids never reach the cache of encoded presets.
    assert _encoded.cache_info().currsize == before


def test_the_preset_route_is_documented(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/presets/{preset_id}"]["get"]
    assert operation["summary"].startswith("One named example in full")
    assert "404" in operation["responses"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/Preset")


@pytest.mark.parametrize("path", ["/api/v1/presets", f"/api/v1/presets/{GPT2_PRESET_ID}"])
def test_presets_are_revalidated_not_fetched_again(client: TestClient, path: str) -> None:
    """A browser that has the presets asks with their ETag and gets a bodiless 304, in
    whichever encoding it had them; a changed or unknown tag gets the whole answer."""
    first = client.get(path, headers={"Accept-Encoding": "br"})
    tag = first.headers["etag"]
    assert first.status_code == 200 and tag.startswith('W/"')
    assert first.headers["cache-control"] == "no-cache"
    again = client.get(path, headers={"If-None-Match": f'W/"other", {tag}'})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    changed = client.get(path, headers={"If-None-Match": 'W/"0123"'})
    assert changed.status_code == 200 and changed.json() == first.json()
