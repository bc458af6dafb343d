"""Admin base class: every admin write is audited like a service write."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from .audit import audit_record, snapshot
from .models import AuditAction


class AuditedAdmin(admin.ModelAdmin):
    """ModelAdmin whose saves and deletes leave an audit record with the acting user."""

    def prepare(self, obj: Any) -> None:
        """Derive computed fields before saving (search keys and the like)."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        self.prepare(obj)
        super().save_model(request, obj, form, change)
        action = AuditAction.UPDATE if change else AuditAction.CREATE
        audit_record(acting_user=request.user, action=action, instance=obj, before=before, source="admin")

    def delete_model(self, request: Any, obj: Any) -> None:
        before = snapshot(obj)
        pk = obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        audit_record(
            acting_user=request.user, action=AuditAction.DELETE, instance=obj, before=before, source="admin"
        )
