"""Admin of training, saved through the training services (one audit record per write, source "admin").
Participants are shown read only on their class: they are added and their results recorded on the class's
page, by the API or by the import sheet 'Học viên', which check them against the scope."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nguon.core.admin_mixins import SOURCE, AuditedAdmin

from . import services
from .models import Course, Participation, Session


class ParticipationInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Participation
    fields = ("person", "result", "completed_on", "certificate", "certificate_date")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SessionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Session
    fields = ("name", "start_date", "end_date", "place")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Course)
class CourseAdmin(AuditedAdmin):
    list_display = ["name", "organizer", "kind", "grants", "grants_level", "provider"]
    list_filter = ["kind", "grants"]
    search_fields = ["name", "provider", "organizer__search_key"]
    raw_id_fields = ["organizer"]
    list_select_related = ["organizer"]
    inlines = [SessionInline]

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Course:
        values = {k: v for k, v in data.items() if k in services.COURSE_FIELDS}
        return services.course_create(**values, acting_user=request.user, source=SOURCE)

    def update(self, request: HttpRequest, current: Any, data: dict[str, Any]) -> Course:
        values = {k: v for k, v in data.items() if k in services.COURSE_FIELDS}
        return services.course_update(course=current, data=values, acting_user=request.user, source=SOURCE)


@admin.register(Session)
class SessionAdmin(AuditedAdmin):
    list_display = ["name", "course", "start_date", "end_date", "place"]
    search_fields = ["name", "course__name"]
    raw_id_fields = ["course"]
    list_select_related = ["course"]
    date_hierarchy = "start_date"
    inlines = [ParticipationInline]

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Session:
        values = {k: v for k, v in data.items() if k in services.SESSION_FIELDS}
        return services.session_create(course=obj.course, **values, acting_user=request.user, source=SOURCE)

    def update(self, request: HttpRequest, current: Any, data: dict[str, Any]) -> Session:
        values = {k: v for k, v in data.items() if k in services.SESSION_FIELDS}
        return services.session_update(session=current, data=values, acting_user=request.user, source=SOURCE)
