import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nguon.core.admin_mixins import AuditedAdmin
from nguon.core.text import fold

from .models import Area, SuccessionEvent, SuccessionLink
from .services import area_validate


class PredecessorInline(admin.TabularInline):
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

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        return [("today", _("today")), ("2025-06-30", _("30/06/2025 (before the reform)"))]

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        if self.value() == "today":
            return queryset.valid_on(timezone.localdate())
        if self.value() == "2025-06-30":
            return queryset.valid_on(dt.date(2025, 6, 30))
        return queryset


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["code", "name", "level", "kind", "parent", "valid_from", "valid_to"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = data.get("code") or self.instance.code
        if code:
            area_validate(
                code=code,
                parent=data.get("parent", self.instance.parent),
                valid_from=data.get("valid_from"),
                valid_to=data.get("valid_to"),
                exclude_pk=self.instance.pk,
            )
        return data


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    form = AreaForm
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to"]
    list_filter = [ValidOnFilter, "level", "kind"]
    search_fields = ["code", "search_key"]
    raw_id_fields = ["parent"]
    inlines = [PredecessorInline, SuccessorInline]
    list_select_related = ["parent"]

    def get_search_results(self, request, queryset, search_term):  # type: ignore[no-untyped-def]
        return super().get_search_results(request, queryset, fold(search_term))

    def prepare(self, obj: Area) -> None:  # type: ignore[override]
        obj.search_key = fold(obj.name)

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        """A row's parent never changes (a move is a new row and a re-parent event), nor its code."""
        return ["path", "parent", "code"] if obj else ["path"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        if not change:
            obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
            Area.objects.filter(pk=obj.pk).update(path=obj.path)


class SuccessionLinkInline(admin.TabularInline):
    model = SuccessionLink
    extra = 0
    raw_id_fields = ["predecessor", "successor"]


@admin.register(SuccessionEvent)
class SuccessionEventAdmin(AuditedAdmin):
    list_display = ["date", "kind", "decision", "note"]
    list_filter = ["kind", "date"]
    inlines = [SuccessionLinkInline]
