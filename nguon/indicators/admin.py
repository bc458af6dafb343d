from typing import Any

from django.contrib import admin

from nguon.core.admin_mixins import AuditedAdmin

from .models import AgeThreshold, Indicator, Target
from .services import INDICATOR_CATALOGUE_FIELDS, TARGET_CATALOGUE_FIELDS


class ShippedRowsAdmin(AuditedAdmin):
    """A shipped row (``builtin``): the catalogue's fields are read-only, so that no edit of them is undone
    by the next sync, and it cannot be deleted (the sync would bring it back); end a target by its
    "in force until" instead. See ``indicators.services`` for who owns which field."""

    catalogue_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and getattr(obj, "builtin", False):
            return (*fields, "code", *self.catalogue_fields)
        return fields

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        if obj is not None and getattr(obj, "builtin", False):
            return False
        return bool(super().has_delete_permission(request, obj))


class TargetInline(admin.TabularInline):  # type: ignore[type-arg]
    """Targets of an indicator, shown; each is edited on its own page (where shipped fields are locked)."""

    model = Target
    extra = 0
    fields = ("code", "document", "level", "area", "comparator", "value", "effective_from", "valid_to")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(ShippedRowsAdmin):
    list_display = ["code", "name", "population", "unit", "numerator", "key_post", "builtin"]
    list_filter = ["population", "unit", "numerator", "builtin"]
    search_fields = ["code", "name"]
    inlines = [TargetInline]
    catalogue_fields = INDICATOR_CATALOGUE_FIELDS


@admin.register(Target)
class TargetAdmin(ShippedRowsAdmin):
    list_display = [
        "code",
        "indicator",
        "comparator",
        "value",
        "document",
        "effective_from",
        "valid_to",
        "deadline",
        "confidence",
        "area",
    ]
    list_filter = ["confidence", "document", "builtin"]
    search_fields = ["code", "document", "title"]
    raw_id_fields = ["area"]
    list_select_related = ["indicator", "area"]
    catalogue_fields = (*TARGET_CATALOGUE_FIELDS, "area")


@admin.register(AgeThreshold)
class AgeThresholdAdmin(ShippedRowsAdmin):
    list_display = ["level", "years", "source"]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        if obj is not None and obj.builtin:
            return ("level",)
        return ()
