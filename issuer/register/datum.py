"""Dates as the BRP gives them: sometimes whole, sometimes with the day or month unknown.

Haal Centraal BRP Personen (``datum-polymorf``) sends a date as one of four shapes, told apart by
``type``: ``Datum`` (a full ISO 8601 date), ``JaarMaandDatum`` (day unknown), ``JaarDatum``
(month and day unknown) and ``DatumOnbekend``. Each carries ``langFormaat``, the date written out
in Dutch ("6 april 1975").

Ages are computed the way the register computes ``leeftijd``: whole years, one more on each
birthday; a person born on 29 February has their birthday on 1 March in other years. Where the
birth date is incomplete, an age is only given when every possible birth date yields it.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Annotated, Final, Literal

from pydantic import Field

from issuer.register.wire import WireModel

__all__ = [
    "Datum",
    "DatumOnbekend",
    "JaarDatum",
    "JaarMaandDatum",
    "VolledigeDatum",
    "age_on",
    "lang_formaat",
    "minimum_age",
    "volledige_datum",
]

MAANDEN: Final = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


class VolledigeDatum(WireModel):
    """A full date."""

    type: Literal["Datum"]
    datum: date
    lang_formaat: str | None = None

    def bounds(self) -> tuple[date, date]:
        return self.datum, self.datum


class JaarMaandDatum(WireModel):
    """A date of which only the year and month are known."""

    type: Literal["JaarMaandDatum"]
    jaar: int = Field(ge=1, le=9999)
    maand: int = Field(ge=1, le=12)
    lang_formaat: str | None = None

    def bounds(self) -> tuple[date, date]:
        last = calendar.monthrange(self.jaar, self.maand)[1]
        return date(self.jaar, self.maand, 1), date(self.jaar, self.maand, last)


class JaarDatum(WireModel):
    """A date of which only the year is known."""

    type: Literal["JaarDatum"]
    jaar: int = Field(ge=1, le=9999)
    lang_formaat: str | None = None

    def bounds(self) -> tuple[date, date]:
        return date(self.jaar, 1, 1), date(self.jaar, 12, 31)


class DatumOnbekend(WireModel):
    """A date that is not known at all."""

    type: Literal["DatumOnbekend"]
    onbekend: bool
    lang_formaat: str | None = None

    def bounds(self) -> None:
        return None


Datum = Annotated[
    VolledigeDatum | JaarMaandDatum | JaarDatum | DatumOnbekend, Field(discriminator="type")
]
"""Any of the four shapes, chosen by ``type``."""


def lang_formaat(value: date) -> str:
    """The date written out in Dutch, as the register does: ``6 april 1975``."""
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


def volledige_datum(value: date) -> VolledigeDatum:
    """A full date in the register's shape, with its ``langFormaat``."""
    return VolledigeDatum(type="Datum", datum=value, lang_formaat=lang_formaat(value))


def _whole_years(born: date, today: date) -> int:
    """Whole years from ``born`` to ``today``; 29 February counts as passed on 1 March."""
    before_birthday = (today.month, today.day) < (born.month, born.day)
    return today.year - born.year - before_birthday


def age_on(born: Datum | None, today: date) -> int | None:
    """The age on ``today``, or ``None`` when the birth date leaves it open (or lies ahead)."""
    bounds = born.bounds() if born is not None else None
    if bounds is None:
        return None
    earliest, latest = bounds
    if latest > today:
        return None
    oldest, youngest = _whole_years(earliest, today), _whole_years(latest, today)
    return youngest if oldest == youngest else None


def minimum_age(born: Datum | None, today: date) -> int | None:
    """The age on ``today`` if born on the latest possible date; ``None`` when unknown."""
    bounds = born.bounds() if born is not None else None
    if bounds is None or bounds[1] > today:
        return None
    return _whole_years(bounds[1], today)


def maximum_age(born: Datum | None, today: date) -> int | None:
    """The age on ``today`` if born on the earliest possible date; ``None`` when unknown."""
    bounds = born.bounds() if born is not None else None
    if bounds is None or bounds[0] > today:
        return None
    return _whole_years(bounds[0], today)
