"""The built front end: every file under a name that carries its content hash.

`python -m scripts.build_assets` (run by `make serve` and `make test`) bundles each page's
ES modules into one file, minifies the CSS, takes Plotly's cartesian bundle from npm,
names each file by its content hash, precompresses it (brotli and gzip) and writes a
manifest from source names to built ones. The app serves that directory under /static/
with far-future immutable caching, and templates ask `asset("js/main.js")` for a URL: a
changed file is a new URL, so nothing is ever revalidated.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = ROOT / "build" / "assets"
# What is served under URL_PREFIX: the hashed files and their .br and .gz variants.
STATIC_DIR = ASSETS_DIR / "static"
MANIFEST_PATH = ASSETS_DIR / "manifest.json"
URL_PREFIX = "/static/"
# Plotly.js, by the name templates ask for (the file itself comes from npm).
PLOTLY = "vendor/plotly.js"
# The hash in a built file's name (16 hex digits of its SHA-256, as the catalogues').
HASHED_NAME = re.compile(r"\.[0-9a-f]{16}\.\w+$")

BUILD_COMMAND = "python -m scripts.build_assets"


class AssetsNotBuilt(RuntimeError):
    """The build directory is missing: the server would send pages whose scripts 404."""


@lru_cache(maxsize=1)
def manifest() -> dict[str, Any]:
    """The build's manifest: `files` (source name → built name), `inputs`, `digest`."""
    try:
        return json.loads(MANIFEST_PATH.read_text())
    except FileNotFoundError:
        raise AssetsNotBuilt(
            f"the front end is not built ({MANIFEST_PATH} is missing): run `{BUILD_COMMAND}` "
            "(`make serve` and `make test` do)"
        ) from None


def asset_url(name: str) -> str:
    """The URL of a source file (under static/, e.g. "js/main.js") as built."""
    files = manifest()["files"]
    if name not in files:
        raise KeyError(
            f"{name!r} is not a built asset (built: {', '.join(sorted(files))}); entry points "
            f"are static/js/*.js and static/css/*.css: run `{BUILD_COMMAND}`"
        )
    return URL_PREFIX + files[name]


def is_hashed(path: str, url: str) -> bool:
    """Whether a served file's name carries its hash: such a URL never changes content."""
    return HASHED_NAME.search(url) is not None
