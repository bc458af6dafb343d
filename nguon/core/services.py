"""Helpers every domain service uses: validate, save, audit — in that order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .audit import Actor, audit_record, snapshot
from .formats import format_date
from .models import AuditAction

M = TypeVar("M", bound=models.Model)

#: What an entity's rule returns: the Vietnamese errors by field name (empty when the values are fine).
Errors = dict[str, list[ValidationError]]


def add_error(errors: Errors, field: str, message: str, code: str) -> None:
    """Note one refusal of ``field`` in ``errors``."""
    errors.setdefault(field, []).append(ValidationError(message, code=code))


def raise_errors(errors: Errors) -> None:
    """Raise what a rule found, by field (a rule lists every problem, not only the first); nothing if none."""
    if errors:
        raise ValidationError(dict(errors))


def check_dates(errors: Errors, start: dt.date | None, end: dt.date | None, field: str = "end_date") -> None:
    """The single-row rule of every interval: it may not end before it starts (marked on the end, the date
    typed last)."""
    if start is not None and end is not None and end < start:
        add_error(
            errors,
            field,
            _("The end date %(end)s is before the start date %(start)s.")
            % {"end": format_date(end), "start": format_date(start)},
            "end_before_start",
        )


def check_name(errors: Errors, name: str, field: str = "name") -> None:
    """A name may not be empty once cleaned."""
    if not name:
        add_error(errors, field, _("The name is empty."), "name_empty")


def check_fields(model: type[models.Model], data: Mapping[str, Any], fields: Collection[str]) -> None:
    """Refuse (``ValueError``: a programming error, not a user's) a change of a field outside ``fields``."""
    refused = sorted(set(data) - set(fields))
    if refused:
        raise ValueError(f"{model.__name__}: fields not allowed to change: {', '.join(refused)}")


def model_create(*, instance: M, acting_user: Actor, source: str = "") -> M:
    """full_clean, save and audit a new row."""
    instance.full_clean()
    instance.save()
    audit_record(acting_user=acting_user, action=AuditAction.CREATE, instance=instance, source=source)
    return instance


def model_update(
    *,
    instance: M,
    fields: Collection[str],
    data: Mapping[str, Any],
    acting_user: Actor,
    source: str = "",
) -> M:
    """Set the ``data`` fields, full_clean, save and audit the change (nothing is written when nothing
    changed). ``fields`` is the allow-list of what the caller's service lets change: a key of ``data``
    outside it is a programming error and is refused before anything is set."""
    check_fields(type(instance), data, fields)
    before = snapshot(instance)
    for field, value in data.items():
        setattr(instance, field, value)
    instance.full_clean()
    after = snapshot(instance)
    if after == before:
        return instance
    instance.save(update_fields=[name for name, value in after.items() if before.get(name) != value])
    audit_record(
        acting_user=acting_user, action=AuditAction.UPDATE, instance=instance, before=before, source=source
    )
    return instance


def model_delete(*, instance: models.Model, acting_user: Actor, source: str = "") -> None:
    """Delete a row, keeping its last values in the audit trail."""
    before = snapshot(instance)
    pk = instance.pk
    instance.delete()
    instance.pk = pk
    audit_record(
        acting_user=acting_user, action=AuditAction.DELETE, instance=instance, before=before, source=source
    )
