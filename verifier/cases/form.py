"""The intake form's extra fields (a use case's ``form_fields``) and their validation.

Each field is ``{name, label_nl, label_en, kind: text|select|date, options?, required,
pattern?, max_length?}``; ``options`` are ``[{value, label_nl, label_en}]`` (or plain strings).
Errors come back per field, in Dutch and English, to be shown next to the field.

Patterns are written by staff and matched against what residents type, so they are compiled
with :mod:`regex` (the syntax of :mod:`re`) and matched with a time limit
(:data:`PATTERN_TIMEOUT_SECONDS`): a pattern that backtracks catastrophically (``(a|aa)+``)
would otherwise hold a worker for minutes on a couple of hundred characters. Past the limit
the value is not accepted, the resident is told it cannot be checked now, and the pattern is
logged for staff to fix; the back office refuses, at the edit, a pattern that already runs out
of time on plain probe values (:func:`too_slow`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Final, Literal

import regex
from pydantic import BaseModel, ConfigDict, TypeAdapter, field_validator

__all__ = [
    "PATTERN_TIMEOUT_SECONDS",
    "FieldError",
    "FormField",
    "Option",
    "compile_pattern",
    "load_form_fields",
    "too_slow",
    "validate_properties",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_LENGTH = 200

PATTERN_TIMEOUT_SECONDS: Final = 0.1
"""How long one field's pattern may take on one value (a sane pattern takes microseconds)."""


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> regex.Pattern[str]:
    """A field's ``pattern``, compiled with :mod:`regex` (``regex.error`` when it does not
    compile); kept, since every submit of the form matches it again."""
    return regex.compile(pattern)


_PROBES: Final = tuple(
    unit * (DEFAULT_MAX_LENGTH // len(unit)) + "!" for unit in ("a", "0", " ", "aA0 -", "ab")
)
"""Plain values of a field's full length that a pattern may well refuse, slowly if it can."""


def too_slow(pattern: str) -> bool:
    """Whether ``pattern`` (which compiles) runs out of :data:`PATTERN_TIMEOUT_SECONDS` on one
    of a few plain probe values: a pattern that would hold up residents' submits."""
    compiled = compile_pattern(pattern)
    try:
        for probe in _PROBES:
            compiled.fullmatch(probe, timeout=PATTERN_TIMEOUT_SECONDS)
    except TimeoutError:
        return True
    return False


class Option(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str
    label_nl: str
    label_en: str


class FormField(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    label_nl: str
    label_en: str
    kind: Literal["text", "select", "date"] = "text"
    options: tuple[Option, ...] = ()
    required: bool = True
    pattern: str | None = None
    """A full-match regular expression for ``text`` fields (say, a Dutch licence plate)."""
    max_length: int = DEFAULT_MAX_LENGTH

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        """A pattern that does not compile would fail every resident's submit."""
        if pattern is not None:
            try:
                compile_pattern(pattern)
            except regex.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from exc
        return pattern

    def label(self, lang: str) -> str:
        return self.label_nl if lang == "nl" else self.label_en


def _option(raw: Any) -> Any:
    return {"value": raw, "label_nl": raw, "label_en": raw} if isinstance(raw, str) else raw


_FIELDS = TypeAdapter(list[FormField])


def load_form_fields(raw: Any) -> list[FormField]:
    """``UseCase.form_fields`` as fields (Piccolo may hand JSON over as text)."""
    if isinstance(raw, str):
        raw = json.loads(raw)
    fields = [{**f, "options": [_option(o) for o in f.get("options", [])]} for f in raw or []]
    return _FIELDS.validate_python(fields)


@dataclass(frozen=True, slots=True)
class FieldError:
    nl: str
    en: str

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


def _check(field: FormField, value: str) -> FieldError | None:
    if len(value) > field.max_length:
        return FieldError(
            f"Gebruik hoogstens {field.max_length} tekens.",
            f"Use at most {field.max_length} characters.",
        )
    if field.kind == "select" and value not in {option.value for option in field.options}:
        return FieldError("Kies een van de mogelijkheden.", "Choose one of the options.")
    if field.kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return FieldError(
                "Vul een datum in, bijvoorbeeld 2026-12-31.",
                "Enter a date, for example 2026-12-31.",
            )
    if field.pattern:
        try:
            matched = compile_pattern(field.pattern).fullmatch(
                value, timeout=PATTERN_TIMEOUT_SECONDS
            )
        except TimeoutError:
            log.warning(
                "form field %r: its pattern took over %s s on a value; fix the pattern",
                field.name,
                PATTERN_TIMEOUT_SECONDS,
            )
            return FieldError(
                "We kunnen dit nu niet controleren. Probeer het later nog eens.",
                "We cannot check this right now. Please try again later.",
            )
        if matched is None:
            return FieldError(
                "Dit klopt niet. Kijk het nog eens na.", "This is not valid. Please check it."
            )
    return None


def validate_properties(
    fields: Sequence[FormField], submitted: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, FieldError]]:
    """The cleaned values of ``fields`` (nothing else from ``submitted``) and errors by name."""
    values: dict[str, str] = {}
    errors: dict[str, FieldError] = {}
    for field in fields:
        value = (submitted.get(field.name) or "").strip()
        if not value:
            if field.required:
                errors[field.name] = FieldError("Vul dit in.", "Please fill this in.")
            continue
        if (error := _check(field, value)) is not None:
            errors[field.name] = error
        else:
            values[field.name] = value
    return values, errors
