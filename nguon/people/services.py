"""Writes of people.

The rule of a person is ``person_check`` (pure); the values a person is stored with — the name cleaned, the
keys derived, a year-only birth on 1 January — come from ``person_values``. ``person_create``,
``person_update``, ``people_bulk_insert`` and the admin form all go through both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nguon.accounts.scope import scope_of
from nguon.core.audit import Actor
from nguon.core.bulk import RowsRefused, audit_inserted, insert_rows
from nguon.core.history import record_version
from nguon.core.scope import Level
from nguon.core.services import Errors, add_error, check_fields, model_create, model_update, raise_errors
from nguon.core.text import clean_text, fold, name_sort_key

from .choices import BirthDatePrecision
from .models import Person
from .selectors import person_can_edit


class PersonRow(NamedTuple):
    """A new person for ``people_bulk_insert``; also the columns the importer compares people by."""

    code: str
    full_name: str
    sex: str
    birth_date: dt.date
    birth_date_precision: str = BirthDatePrecision.DAY
    ethnicity: str = ""
    education: str = ""
    political_theory: str = ""
    party_admission_date: dt.date | None = None
    state_management: str = ""


#: The columns of a row given to ``people_bulk_insert``, in order (``PersonRow._fields``); also what
#: ``person_update`` lets change.
BULK_FIELDS = PersonRow._fields
UPDATE_FIELDS = (*BULK_FIELDS, "dossier_organization")
#: The keys derived from the name.
DERIVED_FIELDS = ("search_key", "sort_key")
_STORED = (*BULK_FIELDS, *DERIVED_FIELDS)


def person_check(*, full_name: str) -> Errors:
    """A person has a name (once cleaned)."""
    errors: Errors = {}
    if not full_name:
        add_error(errors, "full_name", _("The full name is empty."), "name_empty")
    return errors


def person_derived(full_name: str) -> tuple[str, str]:
    """The search and sort keys of an already cleaned name."""
    return fold(full_name), name_sort_key(full_name)


def person_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The stored form of those of a person's values that have one: the name, code and ethnicity cleaned,
    the keys derived from the name, a year-only birth on 1 January. Values absent stay absent."""
    stored = dict(values)
    for field in ("full_name", "code", "ethnicity"):
        if field in stored:
            stored[field] = clean_text(stored[field] or "")
    if "full_name" in stored:
        stored["search_key"], stored["sort_key"] = person_derived(stored["full_name"])
    birth = stored.get("birth_date")
    if birth is not None and stored.get("birth_date_precision") == BirthDatePrecision.YEAR:
        stored["birth_date"] = dt.date(birth.year, 1, 1)
    return stored


@transaction.atomic
def person_create(
    *,
    full_name: str,
    sex: str,
    birth_date: dt.date,
    birth_date_precision: str = BirthDatePrecision.DAY,
    acting_user: Actor = None,
    source: str = "",
    **fields: Any,
) -> Person:
    """Create a person; the name is NFC-normalised and its search and sort keys derived."""
    values = person_values(
        {
            "full_name": full_name,
            "sex": sex,
            "birth_date": birth_date,
            "birth_date_precision": birth_date_precision,
            "code": fields.pop("code", ""),
            "ethnicity": fields.pop("ethnicity", ""),
            **fields,
        }
    )
    raise_errors(person_check(full_name=values["full_name"]))
    scope = scope_of(acting_user)
    if not scope.unrestricted:
        # A person created by an officer must fall into her scope, or she would lose sight of the record.
        dossier = values.get("dossier_organization")
        if dossier is None:
            raise_errors(
                {
                    "dossier_organization": [
                        _dossier_error(_("Choose the organization that keeps this record."))
                    ]
                }
            )
        scope.require_organization(dossier, Level.EDIT)
    return model_create(instance=Person(**values), acting_user=acting_user, source=source)


def _dossier_error(message: str) -> ValidationError:
    return ValidationError(message, code="dossier_required")


def person_require_edit(*, person: Person, acting_user: Actor) -> None:
    """Refuse (PermissionDenied, in Vietnamese) a change to ``person`` by a user whose edit scope does not
    hold the person."""
    if not person_can_edit(scope=scope_of(acting_user), person=person):
        raise PermissionDenied(_("You may not change this person's record: it is outside your area of work."))


def stale_error() -> ValidationError:
    """The refusal of a write based on values someone else changed meanwhile (the form's version token)."""
    return ValidationError(
        _(
            "Someone else changed this record after you opened it; nothing you typed was saved yet. "
            "Check the current values (and the history of changes), then save again."
        ),
        code="stale",
    )


def person_require_version(*, person: Person, expected_version: str | None) -> Person:
    """Lock the person's row (``select_for_update``, inside the caller's transaction) and refuse, with
    ``stale_error``, a write whose ``expected_version`` is not the row's current ``record_version``: the
    second of two officers editing the same record is told, and nothing is overwritten silently. Returns the
    locked row as it is now (the values are compared with it, not with the caller's copy)."""
    current = Person.objects.select_for_update().get(pk=person.pk)
    if expected_version is not None and record_version(current) != expected_version:
        raise ValidationError({NON_FIELD_ERRORS: [stale_error()]})
    return current


@transaction.atomic
def person_update(
    *,
    person: Person,
    data: Mapping[str, Any],
    acting_user: Actor = None,
    source: str = "",
    expected_version: str | None = None,
) -> Person:
    """Change a person's ``UPDATE_FIELDS``; the derived keys follow the name, a year-only birth stays on
    1 January. With ``expected_version`` (the ``record_version`` a form was opened with), the write is
    refused when the record changed since (``person_require_version``)."""
    check_fields(Person, data, UPDATE_FIELDS)
    person_require_edit(person=person, acting_user=acting_user)
    if expected_version is not None:
        locked = person_require_version(person=person, expected_version=expected_version)
        for f in locked._meta.concrete_fields:
            setattr(person, f.attname, getattr(locked, f.attname))
    if data.get("dossier_organization") is not None:
        scope_of(acting_user).require_organization(data["dossier_organization"], Level.EDIT)
    merged = {f: data.get(f, getattr(person, f)) for f in ("birth_date", "birth_date_precision")}
    changes = person_values({**merged, **data})
    if "birth_date" not in data and changes["birth_date"] == person.birth_date:
        del changes["birth_date"]
    if "birth_date_precision" not in data:
        del changes["birth_date_precision"]
    raise_errors(person_check(full_name=changes.get("full_name", person.full_name)))
    return model_update(
        instance=person,
        fields=(*UPDATE_FIELDS, *DERIVED_FIELDS),
        data=changes,
        acting_user=acting_user,
        source=source,
    )


@transaction.atomic
def people_bulk_insert(
    *, rows: Sequence[PersonRow | Sequence[Any]], acting_user: Actor = None, source: str = ""
) -> list[int]:
    """Create people from ``PersonRow``s (names cleaned, codes and choices checked by the caller, as the
    importer's parsers do; empty text as ""), each with its audit record, in a few statements; return their
    ids in order. Keys are derived here; a year-only birth is stored as 1 January. Raises ``RowsRefused``
    (and writes nothing) when ``person_check`` refuses a row."""
    stored = []
    refused: dict[int, Errors] = {}
    for index, row in enumerate(rows):
        code, name, sex, birth, precision, *rest = row
        if precision == BirthDatePrecision.YEAR and (birth.month, birth.day) != (1, 1):
            birth = dt.date(birth.year, 1, 1)
        if not name and (errors := person_check(full_name=name)):
            refused[index] = errors
        stored.append((code, name, sex, birth, precision, *rest, *person_derived(name)))
    if refused:
        raise RowsRefused(refused)
    ids = insert_rows(Person, _STORED, stored)
    audit_inserted(
        model=Person, columns=_STORED, rows=stored, ids=ids, reprs=[r[1] for r in stored],
        acting_user=acting_user, source=source,
    )  # fmt: skip
    return ids
