"""One message catalogue per service: every text a page shows, in Dutch (B1) and English.

Texts live in JSON files, one per language (``nl.json``, ``en.json``), in a ``messages`` folder
per package; a service loads the shared folder (:data:`SHARED_MESSAGES`) and its own. Keys are
flat (``"offer.title"``); a text may hold ``{name}`` placeholders, filled by keyword. Dutch is
the default; ``?lang=en`` on any page switches and a cookie remembers the choice.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from litestar.datastructures import Cookie

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "SHARED_MESSAGES",
    "Catalogue",
    "Translator",
    "choose_language",
    "language_cookies",
]

LANGUAGES: Final = ("nl", "en")
DEFAULT_LANGUAGE: Final = "nl"
SHARED_MESSAGES: Final = Path(__file__).with_name("messages")


@dataclass(frozen=True, slots=True)
class Translator:
    """The texts of one language; call it with a key (and placeholders) to get a text."""

    lang: str
    texts: Mapping[str, str]

    def __call__(self, key: str, /, **params: object) -> str:
        text = self.texts[key]  # a missing key is a bug; the catalogue test finds them
        return text.format(**params) if params else text


@dataclass(frozen=True, slots=True)
class Catalogue:
    """All texts, by language then key."""

    texts: Mapping[str, Mapping[str, str]]

    @classmethod
    def load(cls, *directories: Path) -> Catalogue:
        """Merge ``{directory}/{lang}.json`` for every language; a key defined twice is an error."""
        texts: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
        for directory in directories:
            for lang in LANGUAGES:
                loaded = json.loads((directory / f"{lang}.json").read_text("utf-8"))
                if not isinstance(loaded, dict) or not all(
                    isinstance(value, str) for value in loaded.values()
                ):
                    raise ValueError(f"{directory / lang}.json is not an object of texts")
                twice = texts[lang].keys() & loaded.keys()
                if twice:
                    raise ValueError(f"message keys defined twice: {sorted(twice)}")
                texts[lang].update(loaded)
        return cls(texts)

    def missing(self) -> dict[str, set[str]]:
        """Per language, the keys another language has and it lacks (empty when complete)."""
        every = set().union(*(texts.keys() for texts in self.texts.values()))
        return {lang: every - texts.keys() for lang, texts in self.texts.items()}

    def translator(self, lang: str) -> Translator:
        return Translator(lang, self.texts.get(lang, self.texts[DEFAULT_LANGUAGE]))


def choose_language(asked: str | None, remembered: str | None) -> tuple[str, bool]:
    """The page's language, and whether to remember it: ``?lang=`` first, then the cookie."""
    if asked in LANGUAGES:
        return str(asked), asked != remembered
    if remembered in LANGUAGES:
        return str(remembered), False
    return DEFAULT_LANGUAGE, False


_YEAR: Final = 365 * 24 * 3600


def language_cookies(name: str, lang: str, *, remember: bool, secure: bool) -> list[Cookie]:
    """The cookie ``name`` that remembers the chosen language for a year (none when nothing
    changed): every later page of the service, including the ones a wallet sends the resident
    back to, is in that language."""
    if not remember:
        return []
    return [
        Cookie(
            key=name,
            value=lang,
            max_age=_YEAR,
            httponly=True,
            samesite="lax",
            secure=secure,
            path="/",
        )
    ]
