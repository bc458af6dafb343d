from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from nguon.core.admin_mixins import AuditedAdmin
from nguon.core.text import fold

from .models import Area, SuccessionEvent, SuccessionLink


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


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "valid_to", "valid_from"]
    search_fields = ["code", "search_key"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path"]
    inlines = [PredecessorInline, SuccessorInline]
    list_select_related = ["parent"]

    def get_search_results(self, request, queryset, search_term):  # type: ignore[no-untyped-def]
        return super().get_search_results(request, queryset, fold(search_term))

    def prepare(self, obj: Area) -> None:  # type: ignore[override]
        obj.search_key = fold(obj.name)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
        if obj.path != path:
            Area.objects.filter(pk=obj.pk).update(path=path)


class SuccessionLinkInline(admin.TabularInline):
    model = SuccessionLink
    extra = 0
    raw_id_fields = ["predecessor", "successor"]


@admin.register(SuccessionEvent)
class SuccessionEventAdmin(AuditedAdmin):
    list_display = ["date", "kind", "decision", "note"]
    list_filter = ["kind", "date"]
    inlines = [SuccessionLinkInline]
