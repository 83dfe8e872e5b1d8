"""Every route answers the README's and the presets' requests as it did when recorded.

The recording (scripts/record_answers.py) was made before the code was reorganised;
numbers must agree to 1e-13 relative and everything else exactly. The chain-rule and
finite-difference residuals in `checks` are rounding noise of whichever order of
operations computes them, so those are held to their meaning instead: both tiny.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import app
from scripts.record_answers import RECORDING, answer, requests, shrink

RELATIVE = 1e-13
RESIDUALS = {"chain_rule_max_abs_err", "finite_diff_max_abs_err"}
# The finite-difference residual of a central difference with step 1e-5·max(T, |o|).
RESIDUAL_BOUND = 1e-6


def _recorded() -> list[dict[str, Any]]:
    return json.loads(RECORDING.read_text())


def assert_same(got: Any, want: Any, where: str = "") -> None:
    if isinstance(want, dict):
        assert isinstance(got, dict), where
        assert set(want) <= set(got), f"{where}: missing {set(want) - set(got)}"
        for key, value in want.items():
            if key in RESIDUALS:
                for residual in (got[key], value):
                    assert residual is None or abs(residual) <= RESIDUAL_BOUND, where
                assert (got[key] is None) == (value is None), f"{where}.{key}"
                continue
            assert_same(got[key], value, f"{where}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), where
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            assert_same(g, w, f"{where}[{i}]")
    elif isinstance(want, float) and not isinstance(got, bool) and isinstance(got, int | float):
        assert math.isclose(got, want, rel_tol=RELATIVE, abs_tol=0.0) or got == want, (
            f"{where}: {got!r} != {want!r}"
        )
    else:
        assert got == want, f"{where}: {got!r} != {want!r}"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app)


def test_the_same_requests_are_asked(client: TestClient) -> None:
    asked = [(m, p, shrink(b)) for m, p, b in requests(client)]
    recorded = [(r["method"], r["path"], r["request"]) for r in _recorded()]
    assert asked == recorded


@pytest.mark.parametrize("index", range(len(_recorded())))
def test_answer_is_unchanged(client: TestClient, index: int) -> None:
    record = _recorded()[index]
    method, path, body = requests(client)[index]
    got = answer(client, method, path, body)
    where = f"{method} {path} #{index}"
    assert got["status"] == record["answer"]["status"], where
    assert_same(shrink(got["body"]), record["answer"]["body"], where)
