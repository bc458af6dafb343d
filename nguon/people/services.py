"""Writes of people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nguon.core.audit import Actor, audit_created_bulk
from nguon.core.services import model_create, model_update
from nguon.core.text import clean_text, fold, name_sort_key

from .choices import BirthDatePrecision
from .models import Person


def _derive(person: Person) -> None:
    person.full_name = clean_text(person.full_name)
    if not person.full_name:
        raise ValidationError({"full_name": _("The full name is empty.")})
    person.search_key = fold(person.full_name)
    person.sort_key = name_sort_key(person.full_name)
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


def person_prepare(**fields: Any) -> Person:
    """An unsaved person with its name cleaned and search and sort keys derived (for bulk creation)."""
    person = Person(**fields)
    _derive(person)
    return person


@transaction.atomic
def people_bulk_create(*, people: list[Person], acting_user: Actor = None, source: str = "") -> list[Person]:
    """Create prepared people in one statement per thousand, each with its audit record. The caller has
    validated the values (the importer's parsers); the database's constraints still hold."""
    created = Person.objects.bulk_create(people, batch_size=1000)
    audit_created_bulk(acting_user=acting_user, instances=list(created), source=source)
    return created
