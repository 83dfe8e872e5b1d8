"""Why cross-entropy on the main page, server side: the pickers and the comparison view are
rendered in the visitor's language, and every text their modules name exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from app.i18n import LANGUAGES, messages
from app.main import app

ROOT = Path(__file__).resolve().parents[2]
MODULES = [ROOT / "static/js/classify/losses.js", ROOT / "static/js/classify/compare.js"]
# A catalogue key as these modules write it in a string literal.
KEY = re.compile(r'"((?:compare|chart|summary|derivation)\.[a-z_.]+)"')


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pickers_are_labelled_selects_with_every_choice(client: TestClient, lang: str) -> None:
    html = client.get("/", params={"lang": lang}).text
    text = messages(lang)
    for control, label, choices in [
        ("activation", "compare.activation.label", ["softmax", "sigmoid"]),
        ("loss-function", "compare.loss.label", ["cross_entropy", "squared_error"]),
    ]:
        assert f'<label for="{control}" data-i18n="{label}">{escape(text[label])}</label>' in html
        select = re.search(rf'<select id="{control}"[^>]*>(.*?)</select>', html, re.S)
        assert select is not None
        assert re.findall(r'value="([a-z_]+)"', select.group(1)) == choices
    assert str(escape(text["compare.smoothing.sigmoid"])) in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_comparison_view_is_rendered_closed_with_its_charts(client: TestClient, lang: str) -> None:
    html = client.get("/", params={"lang": lang}).text
    text = messages(lang)
    assert str(escape(text["compare.heading"])) in html
    assert 'aria-expanded="false" aria-controls="compare-body"' in html
    assert re.search(r'<div id="compare-body" class="compare-body" hidden>', html)
    for name, key in [
        ("compare_ce", "compare.chart.ce"),
        ("compare_se", "compare.chart.se"),
        ("compare_sweep", "compare.chart.sweep"),
    ]:
        assert f'id="chart-{name}"' in html
        assert f'data-export="{name}"' in html
        assert str(escape(text[key])) in html
        assert str(escape(text[f"{key}.caption"])) in html


def test_every_key_the_modules_name_exists() -> None:
    named = {key for module in MODULES for key in KEY.findall(module.read_text())}
    assert len(named) > 30, "the scan found too few keys"
    # Keys compare.js builds from the side's name: compare.chart.{ce,se}[.sigmoid|.caption].
    built = {
        f"compare.chart.{side}{suffix}" for side in ("ce", "se") for suffix in ("", ".sigmoid")
    } | {f"compare.chart.{side}.caption" for side in ("ce", "se")}
    for lang in LANGUAGES:
        missing = sorted(key for key in named | built if key not in messages(lang))
        assert missing == [], lang


def test_compare_keys_stay_in_one_block() -> None:
    """The feature's keys are one contiguous run of the catalogue, in both languages."""
    for lang in LANGUAGES:
        keys = list(messages(lang))
        positions = [i for i, key in enumerate(keys) if key.startswith("compare.")]
        assert positions == list(range(positions[0], positions[0] + len(positions))), lang
