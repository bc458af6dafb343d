from django.contrib import admin

from nguon.core.admin_mixins import AuditedAdmin

from .models import AgeThreshold, Indicator, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = [
        "code",
        "document",
        "document_date",
        "level",
        "area",
        "comparator",
        "value",
        "effective_from",
        "valid_to",
        "deadline",
        "confidence",
    ]
    raw_id_fields = ["area"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["code", "name", "population", "unit", "numerator", "key_post", "builtin"]
    list_filter = ["population", "unit", "numerator", "builtin"]
    search_fields = ["code", "name"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
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


@admin.register(AgeThreshold)
class AgeThresholdAdmin(AuditedAdmin):
    list_display = ["level", "years", "source"]
