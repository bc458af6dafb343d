"""Helpers every domain service uses: validate, save, audit — in that order."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from .audit import Actor, audit_record, snapshot
from .models import AuditAction

M = TypeVar("M", bound=models.Model)


def model_create(*, instance: M, acting_user: Actor, source: str = "") -> M:
    """full_clean, save and audit a new row."""
    instance.full_clean()
    instance.save()
    audit_record(acting_user=acting_user, action=AuditAction.CREATE, instance=instance, source=source)
    return instance


def model_update(*, instance: M, data: dict[str, Any], acting_user: Actor, source: str = "") -> M:
    """Set fields, full_clean, save and audit the change (nothing is written when nothing changed)."""
    before = snapshot(instance)
    for field, value in data.items():
        setattr(instance, field, value)
    instance.full_clean()
    if snapshot(instance) == before:
        return instance
    instance.save()
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
