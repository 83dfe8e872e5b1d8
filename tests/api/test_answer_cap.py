"""What one request may make the server hold is bounded by its answer: past the cap, 422."""

from __future__ import annotations

import dataclasses

import pytest
from fastapi.testclient import TestClient

import app.schemas.softmax
from app.config import get_settings
from app.main import create_app


def test_an_answer_past_the_cap_is_a_422_naming_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    small = dataclasses.replace(get_settings(), max_answer_numbers=100)
    monkeypatch.setattr(app.schemas.softmax, "get_settings", lambda: small)
    client = TestClient(create_app())
    # C = 10: analyze writes 10·(5 + 2·10) + 6 = 256 numbers, the softmax 20.
    body = {"logits": [0.5] * 10, "labels": 3}
    response = client.post("/api/v1/analyze", json=body)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["type"] == "answer_limit" and error["loc"] == ["body"]
    assert error["ctx"] == {"numbers": 256, "limit": 100}
    assert "256" in error["msg"] and "100" in error["msg"]
    assert client.post("/api/v1/softmax", json={"logits": [0.5] * 10}).status_code == 200
    heatmap = {"logits": [0.5] * 200, "labels": 3, "size": 16}
    assert client.post("/api/v1/jacobian/heatmap", json=heatmap).status_code == 422
