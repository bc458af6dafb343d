"""Writes of people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nguon.core.audit import Actor
from nguon.core.bulk import audit_inserted, insert_rows
from nguon.core.services import model_create, model_update
from nguon.core.text import clean_text, fold, name_sort_key

from .choices import BirthDatePrecision
from .models import Person


def _derive(person: Person) -> None:
    person.full_name = clean_text(person.full_name)
    if not person.full_name:
        raise ValidationError({"full_name": _("The full name is empty.")})
    person.search_key, person.sort_key = person_derived(person.full_name)
    if person.birth_date_precision == BirthDatePrecision.YEAR and person.birth_date:
        person.birth_date = dt.date(person.birth_date.year, 1, 1)
    person.ethnicity = clean_text(person.ethnicity)
    person.code = clean_text(person.code)


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
    person = Person(
        full_name=full_name,
        sex=sex,
        birth_date=birth_date,
        birth_date_precision=birth_date_precision,
        **fields,
    )
    _derive(person)
    return model_create(instance=person, acting_user=acting_user, source=source)


@transaction.atomic
def person_update(
    *, person: Person, data: dict[str, Any], acting_user: Actor = None, source: str = ""
) -> Person:
    """Change a person's fields; derived keys follow the name."""
    probe = Person(**{f.attname: getattr(person, f.attname) for f in Person._meta.concrete_fields})
    for field, value in data.items():
        setattr(probe, field, value)
    _derive(probe)
    derived = {
        f: getattr(probe, f)
        for f in ("full_name", "search_key", "sort_key", "birth_date", "ethnicity", "code")
    }
    return model_update(instance=person, data={**data, **derived}, acting_user=acting_user, source=source)


#: The columns of a row given to ``people_bulk_insert``, in order.
BULK_FIELDS = (
    "code", "full_name", "sex", "birth_date", "birth_date_precision", "ethnicity", "education",
    "political_theory", "party_admission_date",
)  # fmt: skip
_STORED = (*BULK_FIELDS, "search_key", "sort_key")


def person_derived(full_name: str) -> tuple[str, str]:
    """The search and sort keys of an already cleaned name."""
    return fold(full_name), name_sort_key(full_name)


@transaction.atomic
def people_bulk_insert(
    *, rows: Sequence[Sequence[Any]], acting_user: Actor = None, source: str = ""
) -> list[int]:
    """Create people from rows of ``BULK_FIELDS`` values (names cleaned, codes and choices checked by the
    caller, as the importer's parsers do; empty text as ""), each with its audit record, in a few statements;
    return their ids in order. Keys are derived here; a year-only birth is stored as 1 January."""
    stored = []
    for row in rows:
        code, name, sex, birth, precision, *rest = row
        if precision == BirthDatePrecision.YEAR and (birth.month, birth.day) != (1, 1):
            birth = dt.date(birth.year, 1, 1)
        stored.append((code, name, sex, birth, precision, *rest, *person_derived(name)))
    ids = insert_rows(Person, _STORED, stored)
    audit_inserted(
        model=Person, columns=_STORED, rows=stored, ids=ids, reprs=[r[1] for r in stored],
        acting_user=acting_user, source=source,
    )  # fmt: skip
    return ids
