"""Admin of support cases: read only, and only for system administrators (``admin_has_permission``: the
role administrator or a superuser) — a staff user without it sees no case, even with model permissions.
Cases are recorded on the support pages and the API, which check the support permission and audit."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nguon.accounts.admin_site import admin_has_permission

from .models import SupportCase, SupportGiven


class RestrictedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_module_permission(self, request: HttpRequest) -> bool:
        return admin_has_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_has_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SupportGivenInline(admin.TabularInline):  # type: ignore[type-arg]
    model = SupportGiven
    fields = ("kind", "amount", "given_on", "given_by", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_has_permission(request)


@admin.register(SupportCase)
class SupportCaseAdmin(RestrictedAdmin):
    list_display = ("id", "person", "organization", "kind", "opened_on", "closed_on")
    list_filter = ("kind",)
    raw_id_fields = ("person", "organization")
    inlines = [SupportGivenInline]
