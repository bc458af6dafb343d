"""Admin of accounts, for system administrators only (nguon.accounts.admin_site): users with their
assignments inline, assignments saved through the account services (audited, source "admin"), API tokens
and the personal-data log read-only (the log is evidence: nobody edits or deletes it here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.http import HttpRequest

from nguon.core.admin_mixins import SOURCE, AuditedAdmin
from nguon.core.audit import snapshot
from nguon.core.models import AuditAction

from .models import ApiToken, Assignment, PersonalDataAccess
from .services import _audit_user, assignment_create, assignment_update


class AssignmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Assignment
    extra = 0
    fields = ["area", "organization_kinds", "role", "analysis_area", "support_cases", "note"]
    raw_id_fields = ["area", "analysis_area"]


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class NguonUserAdmin(UserAdmin):  # type: ignore[type-arg]
    """Django's user admin with the user's assignments inline; every write audited (the password hash
    never enters the trail)."""

    inlines = [AssignmentInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        if before is None:
            _audit_user(acting_user=request.user, action=AuditAction.CREATE, user=obj, source=SOURCE)
        elif snapshot(obj) != before:
            _audit_user(
                acting_user=request.user, action=AuditAction.UPDATE, user=obj, before=before, source=SOURCE
            )

    save_formset = AuditedAdmin.save_formset


@admin.register(Assignment)
class AssignmentAdmin(AuditedAdmin):
    list_display = [
        "user",
        "role",
        "area",
        "organization_kinds",
        "analysis_area",
        "support_cases",
        "created_at",
    ]
    list_filter = ["role", "support_cases"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "area__name"]
    raw_id_fields = ["user", "area", "analysis_area"]
    list_select_related = ["user", "area", "analysis_area"]

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> models.Model:
        return assignment_create(
            user=data["user"],
            area=data.get("area"),
            organization_kinds=data.get("organization_kinds") or [],
            role=data["role"],
            analysis_area=data.get("analysis_area"),
            support_cases=bool(data.get("support_cases")),
            note=data.get("note") or "",
            acting_user=request.user,
            source=SOURCE,
        )

    def update(self, request: HttpRequest, current: Any, data: dict[str, Any]) -> models.Model:
        data = {k: v for k, v in data.items() if k != "user"}
        return assignment_update(assignment=current, data=data, acting_user=request.user, source=SOURCE)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are listed (the digest only: the token itself was shown once to its owner)."""

    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in ApiToken._meta.fields]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "kind", "what", "people_count", "path"]
    list_filter = ["kind"]
    search_fields = ["user__username", "what", "path"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    readonly_fields = [f.name for f in PersonalDataAccess._meta.fields]
