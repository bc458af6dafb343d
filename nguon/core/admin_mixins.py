"""Admin base class: every admin write — the object, its inline rows, bulk deletes — is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from .audit import audit_record, snapshot
from .models import AuditAction


def _audit_save(request: Any, obj: Any, change: bool, before: dict[str, Any] | None) -> None:
    action = AuditAction.UPDATE if change else AuditAction.CREATE
    audit_record(acting_user=request.user, action=action, instance=obj, before=before, source="admin")


def _audit_delete(request: Any, obj: Any, before: dict[str, Any]) -> None:
    audit_record(
        acting_user=request.user, action=AuditAction.DELETE, instance=obj, before=before, source="admin"
    )


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """ModelAdmin whose saves and deletes leave audit records with the acting user."""

    def prepare(self, obj: Any) -> None:
        """Derive computed fields before saving (search keys and the like)."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        self.prepare(obj)
        super().save_model(request, obj, form, change)
        _audit_save(request, obj, change, before)

    def delete_model(self, request: Any, obj: Any) -> None:
        before, pk = snapshot(obj), obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        _audit_delete(request, obj, before)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        """Inline rows: audit each created, changed and deleted row."""
        befores = {
            f.instance.pk: snapshot(type(f.instance).objects.get(pk=f.instance.pk))
            for f in formset.forms
            if f.instance.pk and f.has_changed()
        }
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            before, pk = snapshot(obj), obj.pk
            obj.delete()
            obj.pk = pk
            _audit_delete(request, obj, before)
        for obj in instances:
            existed = obj.pk in befores
            obj.save()
            _audit_save(request, obj, existed, befores.get(obj.pk))
        formset.save_m2m()
