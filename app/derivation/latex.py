"""LaTeX with numbers, and its MathML: what every derivation writes with.

A derivation's LaTeX is built from numbers and fixed symbols alone, never from user
text, so its MathML is safe to insert into a page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from latex2mathml.converter import convert

from app.i18n import messages

# Vectors longer than this are shown by their first entries and an ellipsis.
MAX_SHOWN = 8


@dataclass(frozen=True)
class Step:
    """One line of the derivation: titles in both languages, its LaTeX and MathML."""

    id: str
    title_en: str
    title_ko: str
    latex: str
    note_en: str = ""
    note_ko: str = ""

    @cached_property
    def mathml(self) -> str:
        return convert(self.latex, display="block")


def num(value: float | None) -> str:
    """A number as LaTeX with 5 significant digits; powers of ten written out."""
    if value is None or not math.isfinite(value):
        if value is None:
            return r"\text{null}"
        return r"-\infty" if value < 0 else r"\infty"
    text = f"{value:.5g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def factor(value: float | None) -> str:
    """A number as a factor in a product: negatives and powers of ten in parentheses."""
    text = num(value)
    if text.startswith("-") or r"\times" in text:
        return rf"\left({text}\right)"
    return text


def column(values: Sequence[float | None], missing: str | None = None) -> str:
    """A column vector with at most MAX_SHOWN entries (⋮ for the rest): C rows stack
    downwards instead of running off the side of the panel. `missing` replaces a null."""
    shown = [missing if v is None and missing else num(v) for v in values[:MAX_SHOWN]]
    if len(values) > MAX_SHOWN:
        shown.append(r"\vdots")
    return r"\begin{pmatrix}" + r" \\ ".join(shown) + r"\end{pmatrix}"


def aligned(rows: Sequence[tuple[str, str]]) -> str:
    """Lines `left = right`, one per row, lined up on their "=" signs.

    A derivation written on one line runs off the side of the page; one equality
    per line reads like the lecture's own board work.
    """
    # Each side is one group in display style: a cell of an array is otherwise set as
    # inline math, with small fractions (and the page right-aligns a cell's one group).
    lines = [rf"{{\displaystyle {left}}} & {{\displaystyle = {right}}}" for left, right in rows]
    return r"\begin{array}{rl}" + r" \\ ".join(lines) + r"\end{array}"


def step(id: str, key: str, latex: str, note: str | None = None, **params: str) -> Step:
    """A step titled `{key}.title` (and noted `note`) in every language of the catalogue,
    `{name}` placeholders filled from `params`."""
    english, korean = messages("en"), messages("ko")

    def text(catalogue: Mapping[str, str], key: str | None) -> str:
        # Only a text with parameters is a template: titles hold braces (h_{t−1}).
        if key is None:
            return ""
        return catalogue[key].format(**params) if params else catalogue[key]

    title = f"{key}.title"
    return Step(
        id,
        text(english, title),
        text(korean, title),
        latex,
        text(english, note),
        text(korean, note),
    )
