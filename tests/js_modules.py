"""A page's ES modules: its entry point and every module it imports, transitively."""

from __future__ import annotations

import re
from pathlib import Path

JS = Path(__file__).resolve().parent.parent / "static" / "js"
# A module's imports: paths relative to it ("./charts.js", "../lib/api.js").
IMPORT = re.compile(r'from "(\.\.?/[\w/-]+\.js)"')


def page_modules(entry: str) -> list[Path]:
    """`entry` (under static/js/) and every module it imports, transitively."""
    pending, seen = [JS / entry], set()
    while pending:
        path = pending.pop().resolve()
        if path not in seen:
            seen.add(path)
            pending += [path.parent / name for name in IMPORT.findall(path.read_text())]
    return sorted(seen)
