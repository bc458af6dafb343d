"""Administration of programmes: the taxonomy (activity types, output kinds) is editable; programmes and
activities are read-only here (they are written through the services, audited, from the site and the API)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from .models import (
    Activity,
    ActivityCount,
    ActivityFile,
    ActivityOutput,
    ActivityType,
    Goal,
    OutputKind,
    Programme,
    ProgrammeParty,
)


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "parent", "position", "active")
    list_filter = ("parent", "active")
    list_editable = ("position", "active")
    search_fields = ("name", "code")

    def get_readonly_fields(self, request: Any, obj: Any = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(OutputKind)
class OutputKindAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "unit", "is_money", "position")
    list_editable = ("position",)

    def get_readonly_fields(self, request: Any, obj: Any = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ReadOnly:
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class PartyInline(ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = ProgrammeParty


class GoalInline(ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = Goal


class CountInline(ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = ActivityCount


class OutputInline(ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = ActivityOutput


class FileInline(ReadOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = ActivityFile
    fields = ("name", "content_type", "size", "caption", "uploaded_at", "removed_at")
    readonly_fields = fields


@admin.register(Programme)
class ProgrammeAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "number", "start_date", "end_date")
    inlines = (PartyInline, GoalInline)


@admin.register(Activity)
class ActivityAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "type", "start_date", "organizer", "participants")
    list_filter = ("type",)
    inlines = (CountInline, OutputInline, FileInline)
