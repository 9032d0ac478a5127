"""Use cases as data: the officers of a relying party list and edit their party's use cases.

Who may: every officer bound to the relying party (:class:`~verifier.db.tables.
OfficerRelyingParty`), for that party's use cases only — the same scope as for its cases
(:mod:`verifier.cases.handling`). The scope is in the queries: another party's use case is as
absent as one that does not exist (:class:`UseCaseNotFound`).

An edit is checked as a whole before anything is written (:func:`check_use_case`): the DCQL
query parses and stays within the party's registration (over-asking is refused here, and
again when a request is built), the use case serves one of the party's registered purposes
(``purpose_id``; OpenID4VP 1.0 §15.3: a use case for another purpose starts no transaction),
the form fields are well formed, the texts and the case type are not empty. The update and
its audit row go in one write transaction; a refused edit writes nothing. The next
transaction of the use case asks with the edited query.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Final

import regex
from pydantic import ValidationError

from regie.bilingual import BilingualError
from regie.db.audit import audit_insert
from regie.db.engine import write_transaction
from standards.dcql import DCQLQuery, check_holder_binding, check_within_registration
from standards.errors import StandardsError
from verifier.cases.form import compile_pattern, load_form_fields, too_slow
from verifier.db.tables import AuditEntry, UseCase
from verifier.relying_parties.seeded import registered_purpose, registration

__all__ = [
    "FIELD_KINDS",
    "UseCaseChanges",
    "UseCaseNotFound",
    "UseCaseRefused",
    "check_use_case",
    "edit_use_case",
    "use_case_for_officer",
    "use_cases_for_officer",
]

FIELD_KINDS: Final = ("text", "select", "date")
_TEXTS: Final = {
    "title_nl": ("de titel (Nederlands)", "the title (Dutch)"),
    "title_en": ("de titel (Engels)", "the title (English)"),
    "purpose_nl": ("het doel (Nederlands)", "the purpose (Dutch)"),
    "purpose_en": ("het doel (Engels)", "the purpose (English)"),
    "case_type": ("het zaaktype", "the case type"),
}


class UseCaseNotFound(Exception):
    """No such use case among this officer's relying parties."""

    nl = "Dit gebruiksdoel bestaat niet, of u mag het niet beheren."
    en = "This use case does not exist, or you may not manage it."


class UseCaseRefused(BilingualError):
    """The edit is not valid; nothing was written."""


@dataclass(frozen=True, slots=True)
class UseCaseChanges:
    """What an officer changes; ``None`` keeps the stored value. ``dcql_query`` and
    ``form_fields`` are JSON text, as typed in the back office."""

    title_nl: str | None = None
    title_en: str | None = None
    purpose_nl: str | None = None
    purpose_en: str | None = None
    purpose_id: str | None = None
    dcql_query: str | None = None
    form_fields: str | None = None
    case_type: str | None = None
    active: bool | None = None


def _scoped(slug: str, relying_parties: Collection[int]) -> Any:
    return (
        UseCase.select(
            *UseCase.all_columns(),
            UseCase.relying_party._.slug.as_alias("party_slug"),
            UseCase.relying_party._.allowed_claims.as_alias("allowed_claims"),
            UseCase.relying_party._.purposes.as_alias("purposes"),
        )
        .where((UseCase.slug == slug) & UseCase.relying_party.is_in(list(relying_parties)))
        .output(load_json=True)
        .first()
    )


async def use_cases_for_officer(relying_parties: Collection[int]) -> list[dict[str, Any]]:
    """The use cases of the officer's relying parties, by slug."""
    if not relying_parties:
        return []
    rows: list[dict[str, Any]] = (
        await UseCase.select(
            UseCase.slug,
            UseCase.title_nl,
            UseCase.title_en,
            UseCase.active,
            UseCase.relying_party._.slug.as_alias("party_slug"),
        )
        .where(UseCase.relying_party.is_in(list(relying_parties)))
        .order_by(UseCase.slug)
    )
    return rows


async def use_case_for_officer(slug: str, relying_parties: Collection[int]) -> dict[str, Any]:
    """One use case of the officer's relying parties, with its party's registration (claims
    and purposes)."""
    if relying_parties:
        row: dict[str, Any] | None = await _scoped(slug, relying_parties)
        if row is not None:
            return row
    raise UseCaseNotFound(slug)


def _json(text: str, what_nl: str, what_en: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise UseCaseRefused(
            f"{what_nl} is geen geldige JSON (regel {getattr(exc, 'lineno', '?')}).",
            f"{what_en} is not valid JSON (line {getattr(exc, 'lineno', '?')}).",
        ) from exc


def _check_query(query: Any, allowed_claims: Mapping[str, Any]) -> None:
    try:
        parsed = DCQLQuery.parse(query)
    except StandardsError as exc:
        raise UseCaseRefused(
            f"De DCQL-query klopt niet: {exc.detail}", f"The DCQL query is not valid: {exc.detail}"
        ) from exc
    try:
        check_holder_binding(parsed)
    except StandardsError as exc:
        raise UseCaseRefused(
            "De DCQL-query mag het bewijs dat de gegevens van het eigen apparaat van de inwoner"
            " komen niet uitzetten: laat require_cryptographic_holder_binding weg of zet het op"
            f" true ({exc.detail}).",
            "The DCQL query may not switch off the proof that the data comes from the"
            " resident's own device: leave out require_cryptographic_holder_binding or set it"
            f" to true ({exc.detail}).",
        ) from exc
    try:
        check_within_registration(parsed, registration(allowed_claims))
    except StandardsError as exc:
        raise UseCaseRefused(
            f"De DCQL-query vraagt meer dan de registratie van de organisatie toestaat: "
            f"{exc.detail}",
            f"The DCQL query asks for more than the organisation's registration allows: "
            f"{exc.detail}",
        ) from exc


def _check_fields(form_fields: Any) -> None:
    if not isinstance(form_fields, list) or not all(isinstance(f, dict) for f in form_fields):
        raise UseCaseRefused(
            "De formuliervelden zijn een JSON-lijst van objecten.",
            "The form fields are a JSON list of objects.",
        )
    names: set[Any] = set()
    for number, field in enumerate(form_fields, start=1):
        name = field.get("name")
        if not isinstance(name, str) or not name.strip():
            raise UseCaseRefused(f"Veld {number} heeft geen naam.", f"Field {number} has no name.")
        if name in names:
            raise UseCaseRefused(
                f"De veldnaam {name!r} komt meer dan één keer voor.",
                f"The field name {name!r} appears more than once.",
            )
        names.add(name)
        kind = field.get("kind")
        if kind not in FIELD_KINDS:
            raise UseCaseRefused(
                f"Veld {name!r}: soort {kind!r} bestaat niet (kies uit {', '.join(FIELD_KINDS)}).",
                f"Field {name!r}: kind {kind!r} is unknown (choose from {', '.join(FIELD_KINDS)}).",
            )
        pattern = field.get("pattern")
        if pattern is not None:
            _check_pattern(name, pattern)
        if kind == "select" and not field.get("options"):
            raise UseCaseRefused(
                f"Veld {name!r} is een keuzelijst zonder mogelijkheden (options).",
                f"Field {name!r} is a select without options.",
            )
    try:
        load_form_fields(form_fields)
    except (ValidationError, TypeError, AttributeError) as exc:
        where = ""
        if isinstance(exc, ValidationError):
            error = exc.errors(include_url=False, include_input=False)[0]
            where = ": " + ".".join(str(p) for p in error["loc"]) + f" ({error['msg']})"
        raise UseCaseRefused(
            f"De formuliervelden kloppen niet{where}.", f"The form fields are not valid{where}."
        ) from exc


def _check_pattern(name: str, pattern: Any) -> None:
    """A field's ``pattern`` must be a regular expression that compiles (one that cannot would
    fail every resident's submit) and that is not too slow on plain values (one that is would
    hold up residents' submits; :func:`verifier.cases.form.too_slow`)."""
    try:
        compile_pattern(pattern)
    except (regex.error, TypeError) as exc:
        raise UseCaseRefused(
            f"Veld {name!r}: het patroon (pattern) is geen geldige reguliere expressie ({exc}).",
            f"Field {name!r}: the pattern is not a valid regular expression ({exc}).",
        ) from exc
    if too_slow(pattern):
        raise UseCaseRefused(
            f"Veld {name!r}: het patroon (pattern) is te traag: het loopt vast op gewone"
            " invoer. Maak het eenvoudiger, zonder herhaling binnen herhaling.",
            f"Field {name!r}: the pattern is too slow: it gets stuck on ordinary input."
            " Make it simpler, without a repetition inside a repetition.",
        )


def _check_purpose(purpose_id: Any, purposes: Sequence[Mapping[str, Any]]) -> None:
    """OpenID4VP 1.0 §15.3: the use case serves a purpose the party is registered for."""
    if isinstance(purpose_id, str) and registered_purpose(purposes, purpose_id) is not None:
        return
    ids = ", ".join(str(p.get("id")) for p in purposes if isinstance(p, Mapping)) or "-"
    if not purpose_id:
        raise UseCaseRefused(
            f"Kies het doel uit de registratie van de organisatie: {ids}.",
            f"Please choose the purpose from the organisation's registration: {ids}.",
        )
    raise UseCaseRefused(
        f"Het doel {purpose_id!r} staat niet in de registratie van de organisatie. Kies een"
        f" geregistreerd doel: {ids}.",
        f"The purpose {purpose_id!r} is not in the organisation's registration. Choose a"
        f" registered purpose: {ids}.",
    )


def check_use_case(
    use_case: Mapping[str, Any],
    allowed_claims: Mapping[str, Any],
    purposes: Sequence[Mapping[str, Any]],
) -> None:
    """Refuse (:class:`UseCaseRefused`, in Dutch and English) a use case that is not valid:
    an empty text or case type, a ``purpose_id`` that is not one of the registered
    ``purposes``, a DCQL query that does not parse, waives holder binding or asks beyond the
    registration ``allowed_claims``, form fields with an unknown kind, a repeated name or a
    select without options."""
    for name, (label_nl, label_en) in _TEXTS.items():
        value = use_case.get(name)
        if not isinstance(value, str) or not value.strip():
            raise UseCaseRefused(f"Vul {label_nl} in.", f"Please fill in {label_en}.")
    _check_purpose(use_case.get("purpose_id"), purposes)
    _check_query(use_case.get("dcql_query"), allowed_claims)
    _check_fields(use_case.get("form_fields"))


async def edit_use_case(
    slug: str,
    changes: UseCaseChanges,
    *,
    actor: str,
    relying_parties: Collection[int],
    now: datetime,
) -> dict[str, Any]:
    """Apply ``changes`` to a use case of the officer's relying parties, checked as a whole,
    and audit it (``use_case.edited``, with the changed columns before and after: use cases
    are configuration, no personal data); returns the use case as stored. A refused edit
    writes nothing."""
    current = await use_case_for_officer(slug, relying_parties)
    given = {f.name: getattr(changes, f.name) for f in fields(changes)}
    updated: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    for name in (*_TEXTS, "purpose_id"):
        if name in updated:
            updated[name] = updated[name].strip()
    if "dcql_query" in updated:
        updated["dcql_query"] = _json(updated["dcql_query"], "De DCQL-query", "The DCQL query")
    if "form_fields" in updated:
        updated["form_fields"] = _json(
            updated["form_fields"], "De formuliervelden", "The form fields"
        )
    merged = {**current, **updated}
    check_use_case(merged, current["allowed_claims"], current["purposes"])
    changed = sorted(name for name, value in updated.items() if current[name] != value)
    if changed:
        async with write_transaction(UseCase):
            await UseCase.update(
                {UseCase._meta.get_column_by_name(name): updated[name] for name in changed}
            ).where(UseCase.id == current["id"])
            await audit_insert(
                AuditEntry,
                at=now,
                actor=actor,
                action="use_case.edited",
                subject=slug,
                detail={
                    "relying_party": current["party_slug"],
                    "changed": changed,
                    "before": {name: current[name] for name in changed},
                    "after": {name: updated[name] for name in changed},
                },
            )
    return merged
