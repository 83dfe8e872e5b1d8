"""What one request may make the server hold is bounded: caps answer 422, overload 503."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from fastapi.testclient import TestClient

import app.schemas.softmax
from app.api.routing import Admission, Overloaded
from app.config import get_settings
from app.main import create_app
from app.presets.rnn import LECTURE_RNN

LECTURE = {"logits": [-0.0219, 0.01037, -0.02245], "labels": 1}


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


def test_answers_past_the_budget_are_shed_with_503_and_retry_after() -> None:
    settings = dataclasses.replace(get_settings(), answer_budget_bytes=10)
    client = TestClient(create_app(settings))
    # The derivation always runs as heavy work; its answer is far over 10 bytes.
    response = client.post("/api/v1/derivation", json=LECTURE)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json()["detail"][0]["type"] == "overloaded"
    # Small answers are written on the event loop and never wait for the budget.
    assert client.post("/api/v1/analyze", json=LECTURE).status_code == 200


def test_a_sent_answer_gives_its_bytes_back() -> None:
    server = create_app()
    client = TestClient(server)
    for _ in range(3):
        assert client.post("/api/v1/rnn/derivation", json=LECTURE_RNN.request()).status_code == 200
    assert server.state.admission.held == 0


def test_heavy_work_past_the_queue_is_refused_at_once() -> None:
    async def scenario() -> list[str]:
        admission = Admission(workers=1, queue=1, budget=1 << 20)
        release = asyncio.Event()
        outcomes: list[str] = []

        def slow(_: object) -> object:
            return type("Answer", (), {"body": b"x"})()

        async def ask(name: str) -> None:
            try:
                await admission.run(slow, None)
                outcomes.append(name)
            except Overloaded:
                outcomes.append(f"{name} shed")

        await admission.turns.acquire()  # one computation already runs
        waiting = asyncio.create_task(ask("queued"))
        await asyncio.sleep(0)
        await ask("third")  # the queue of one is full: shed without waiting
        admission.turns.release()
        release.set()
        await waiting
        return outcomes

    assert asyncio.run(scenario()) == ["third shed", "queued"]
