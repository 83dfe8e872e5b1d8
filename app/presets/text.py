"""The presets' titles, descriptions and notes, in every language, from the catalogue."""

from __future__ import annotations

from app.i18n import messages


def both(key: str, **params: object) -> tuple[str, str]:
    """The catalogue text `key` in English and in Korean, placeholders filled from `params`."""
    english, korean = messages("en")[key], messages("ko")[key]
    if not params:
        return english, korean
    return english.format(**params), korean.format(**params)


def titled(preset_id: str, **params: object) -> dict[str, str]:
    """title_en, title_ko, description_en, description_ko of a preset."""
    title_en, title_ko = both(f"preset.{preset_id}.title", **params)
    description_en, description_ko = both(f"preset.{preset_id}.description", **params)
    return {
        "title_en": title_en,
        "title_ko": title_ko,
        "description_en": description_en,
        "description_ko": description_ko,
    }
