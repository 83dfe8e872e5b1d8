"""app.routing on a small app of its own: the short path for `async def f(model) -> model`
routes, which API v1 uses with Response answers, also serialises a returned model."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.testclient import TestClient
from pydantic import BaseModel

from app.api.errors import request_validation_handler
from app.api.routing import StrictJSONRoute


class Question(BaseModel):
    x: float


class Answer(BaseModel):
    double: float


def make_client() -> TestClient:
    router = APIRouter(route_class=StrictJSONRoute)

    @router.post("/double")
    async def double(question: Question) -> Answer:
        return Answer(double=2 * question.x)

    app = FastAPI()
    app.add_exception_handler(RequestValidationError, request_validation_handler)
    app.include_router(router)
    return TestClient(app)


def test_a_returned_model_is_serialised_with_its_type() -> None:
    response = make_client().post("/double", json={"x": 1.5})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"double": 3.0}


def test_the_short_path_reports_errors_as_fastapi_does() -> None:
    client = make_client()
    missing = client.post("/double", json={})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "x"]
    broken = client.post("/double", content=b"{", headers={"content-type": "application/json"})
    assert broken.status_code == 422
    assert broken.json()["detail"][0]["type"] == "json_invalid"
    text = client.post("/double", content=b"x=1", headers={"content-type": "text/plain"})
    assert text.status_code == 422
    assert text.json()["detail"][0]["type"] == "content_type"
