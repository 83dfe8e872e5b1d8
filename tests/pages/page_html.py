"""Reading a rendered page in the page tests: its script tags and JSON data blocks, the
catalogue keys it and its scripts name, and the page's i18n fill of an error's text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from js_modules import page_modules

PLACEHOLDER = re.compile(r"\{(\w+)\}")
# The catalogue keys an element names: its text, its aria-label, the chart it labels.
I18N_ATTRIBUTE = re.compile(r'data-i18n(?:-aria-label|-chart)?="([^"]+)"')


class Scripts(HTMLParser):
    """Every <script> tag's attributes, and the text of the JSON data blocks by id."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[dict[str, str | None]] = []
        self.data: dict[str, str] = {}
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            attributes = dict(attrs)
            self.tags.append(attributes)
            if attributes.get("type") == "application/json":
                self._current = attributes.get("id") or ""
                self.data[self._current] = ""

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self.data[self._current] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._current = None


def scripts_of(html: str) -> Scripts:
    parser = Scripts()
    parser.feed(html)
    return parser


def rendered_keys(html: str) -> set[str]:
    """The catalogue keys the rendered page's elements name (what the language switch reads)."""
    return set(I18N_ATTRIBUTE.findall(html))


def script_keys(entry: str, prefix: str, model: dict[str, Any]) -> set[str]:
    """The catalogue keys a page's scripts name: `t("key")`, keys built on the page's text
    prefix (`${prefix}panel.step` with prefix "rnn."), keys written as data
    ("rnn.axis.class"), and the rows of the page's model's table (`${prefix}row.${field}`)."""
    keys = {f"{prefix}row.{field}" for field in model["rows"]}
    for script in page_modules(entry):
        text = script.read_text()
        keys |= set(re.findall(r'\bt\("([\w.]+)"', text))
        # A key ending in "." is completed at run time (`${prefix}row.${field}`): see above.
        built = re.findall(r"\$\{prefix\}([\w.]+)", text)
        keys |= {prefix + key for key in built if not key.endswith(".")}
        keys |= set(re.findall(r'"((?:rnn|lstm|chart)\.[\w.]+)"', text))
    return keys


def fill(text: str, params: dict[str, Any]) -> str:
    """The page's i18n fill: `{name}` from params, left as is when missing."""
    return PLACEHOLDER.sub(
        lambda m: str(params[m.group(1)]) if params.get(m.group(1)) is not None else m.group(0),
        text,
    )


def where(loc: list[Any]) -> str:
    field, *indices = loc[1:]
    return str(field) + "".join(f"[{i}]" for i in indices)
