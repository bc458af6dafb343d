"""Admin of areas and succession events: areas checked by ``area_check`` and saved through the area
services (one audit record per write, source "admin")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nguon.core.admin_mixins import SOURCE, AuditedAdmin, RuleForm
from nguon.core.services import Errors
from nguon.core.text import fold

from .choices import area_kind_label
from .models import Area, AreaQuerySet, SuccessionEvent, SuccessionLink
from .services import area_create, area_update, area_validate


class PredecessorInline(admin.TabularInline):  # type: ignore[type-arg]
    model = SuccessionLink
    fk_name = "successor"
    extra = 0
    verbose_name = _("predecessor")
    verbose_name_plural = _("predecessors")
    fields = ["event", "predecessor", "share"]
    readonly_fields = ["event", "predecessor", "share"]
    can_delete = False


class SuccessorInline(PredecessorInline):
    fk_name = "predecessor"
    verbose_name = _("successor")
    verbose_name_plural = _("successors")
    fields = ["event", "successor", "share"]
    readonly_fields = ["event", "successor", "share"]


class ValidOnFilter(admin.SimpleListFilter):
    """Areas as the map stood before the 2025 reform, or as it stands today."""

    title = _("valid on")
    parameter_name = "valid_on"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("today", _("today")), ("2025-06-30", _("30/06/2025 (before the reform)"))]

    def queryset(self, request: HttpRequest, queryset: AreaQuerySet) -> AreaQuerySet:  # type: ignore[override]
        if self.value() == "today":
            return queryset.valid_on(timezone.localdate())
        if self.value() == "2025-06-30":
            return queryset.valid_on(dt.date(2025, 6, 30))
        return queryset


class AreaForm(RuleForm):
    rule_fields = ("code", "parent", "valid_from", "valid_to")

    class Meta:
        model = Area
        fields = ["code", "name", "level", "kind", "parent", "valid_from", "valid_to"]

    def rule(self, values: dict[str, Any]) -> Errors:
        if values["code"]:
            area_validate(
                code=values["code"],
                parent=values["parent"],
                valid_from=values["valid_from"],
                valid_to=values["valid_to"],
                exclude_pk=self.instance.pk,
            )
        return {}


class UnitTypeFilter(admin.SimpleListFilter):
    """The unit types in Vietnamese ("phường", "quận"), not the catalogue's codes ("phuong", "quan")."""

    title = _("unit type")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        kinds = Area.objects.order_by("kind").values_list("kind", flat=True).distinct()
        return [(k, area_kind_label(k)) for k in kinds if k]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Area]) -> QuerySet[Area]:
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    form = AreaForm
    list_display = ["code", "name", "level", "unit_type", "parent", "valid_from", "valid_to"]
    list_filter = [ValidOnFilter, "level", UnitTypeFilter]
    search_fields = ["code", "search_key"]
    raw_id_fields = ["parent"]
    inlines = [PredecessorInline, SuccessorInline]
    list_select_related = ["parent"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Area], search_term: str
    ) -> tuple[QuerySet[Area], bool]:
        return super().get_search_results(request, queryset, fold(search_term))

    @admin.display(description=_("unit type"), ordering="kind")
    def unit_type(self, obj: Area) -> str:
        return area_kind_label(obj.kind)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """A row's parent never changes (a move is a new row and a re-parent event), nor its code."""
        return ["path", "parent", "code"] if obj else ["path"]

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Area:
        return area_create(**data, acting_user=request.user, source=SOURCE)

    def update(self, request: HttpRequest, current: Any, data: dict[str, Any]) -> Area:
        return area_update(area=current, data=data, acting_user=request.user, source=SOURCE)


class SuccessionLinkInline(admin.TabularInline):  # type: ignore[type-arg]
    model = SuccessionLink
    extra = 0
    raw_id_fields = ["predecessor", "successor"]


@admin.register(SuccessionEvent)
class SuccessionEventAdmin(AuditedAdmin):
    list_display = ["date", "kind", "decision", "note"]
    list_filter = ["kind", "date"]
    inlines = [SuccessionLinkInline]
