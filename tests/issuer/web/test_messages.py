"""The message catalogue: Dutch and English complete, and every key a page uses exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from issuer.login import errors
from issuer.web.render import CATALOGUE
from regie.web.i18n import Catalogue, choose_language

TEMPLATES = [
    *Path("issuer/web/templates").rglob("*.html"),
    *Path("regie/web/templates").rglob("*.html"),
]
SOURCES = [*Path("issuer/web").glob("*.py")]
_KEY = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z_0-9]+)["']""")


def test_nl_and_en_have_the_same_keys() -> None:
    assert CATALOGUE.missing() == {"nl": set(), "en": set()}


def test_every_text_a_page_uses_is_in_the_catalogue() -> None:
    used = {key for path in TEMPLATES + SOURCES for key in _KEY.findall(path.read_text("utf-8"))}
    assert len(used) > 40
    assert used <= CATALOGUE.texts["nl"].keys()


def test_every_login_failure_has_a_text() -> None:
    failures = [getattr(errors, name) for name in errors.__all__]
    assert {failure.message for failure in failures} <= CATALOGUE.texts["en"].keys()


def test_texts_fill_their_placeholders() -> None:
    t = CATALOGUE.translator("en")
    assert t("site.title", municipality="Gemeente Boxtel") == (
        "Gemeente Boxtel — Your details in your wallet"
    )


def test_a_key_defined_twice_is_refused(tmp_path: Path) -> None:
    for lang in ("nl", "en"):
        (tmp_path / f"{lang}.json").write_text('{"page.skip_link": "x"}')
    with pytest.raises(ValueError, match="twice"):
        Catalogue.load(Path("regie/web/messages"), tmp_path)


@pytest.mark.parametrize(
    ("asked", "remembered", "chosen"),
    [
        (None, None, ("nl", False)),
        ("en", None, ("en", True)),
        ("en", "en", ("en", False)),
        (None, "en", ("en", False)),
        ("fr", "en", ("en", False)),
        ("fr", None, ("nl", False)),
    ],
)
def test_choose_language(
    asked: str | None, remembered: str | None, chosen: tuple[str, bool]
) -> None:
    assert choose_language(asked, remembered) == chosen
