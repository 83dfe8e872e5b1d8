"""The why-cross-entropy presets say what their answers show."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import app
from app.pages.index import page_presets
from app.presets import PRESETS, presets_of


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app)


def test_the_new_presets_come_last():
    assert [p["id"] for p in PRESETS[-2:]] == ["compare-confident-wrong", "sigmoid-multi-label"]


def test_the_comparison_preset_is_confidently_wrong_and_squared_error_barely_pulls(client):
    (preset,) = presets_of("compare")
    answer = client.post("/api/v1/compare", json=preset["request"]).json()
    assert answer["probs"][0] > 0.99
    assert answer["cross_entropy"]["grad_logits"][2] == pytest.approx(-1.0, abs=1e-3)
    assert answer["squared_error"]["grad_logits"][2] == pytest.approx(-0.001, abs=5e-4)
    assert "≈ −1" in preset["description_en"] and "≈ −0.001" in preset["description_en"]


def test_the_multi_label_preset_has_two_targets_and_prediction_minus_target(client):
    preset = next(p for p in PRESETS if p["id"] == "sigmoid-multi-label")
    answer = client.post("/api/v1/analyze", json=preset["request"]).json()
    assert sum(answer["target"]) == 2.0
    assert answer["lecture_form"] is True
    assert all(answer["jacobian"][i][j] == 0.0 for i in range(4) for j in range(4) if i != j)


def test_the_main_page_lists_only_what_it_can_show():
    ids = {p["id"] for p in page_presets()}
    # The page has the activation and loss pickers and the comparison view: both are
    # shown; a batch is not (the page draws one row).
    assert "sigmoid-multi-label" in ids and "compare-confident-wrong" in ids
    assert "lecture-step2" in ids
    assert "batch" not in ids
