from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditRecord


def model_label(dotted: str) -> str:
    """The name of a model as users read it ("organizations.tenure" → "quá trình giữ chức vụ")."""
    try:
        return str(apps.get_model(dotted)._meta.verbose_name)
    except (LookupError, ValueError):
        return dotted


class ModelFilter(admin.SimpleListFilter):
    """The models by their names ("người"), not their paths ("people.person")."""

    title = _("model")
    parameter_name = "model"

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        models = AuditRecord.objects.order_by("model").values_list("model", flat=True).distinct()
        return [(m, model_label(m)) for m in models]

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        return queryset.filter(model=self.value()) if self.value() else queryset


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "user", "action", "what", "object_repr", "source"]
    list_filter = ["action", ModelFilter, "source"]
    search_fields = ["object_repr", "object_id"]
    readonly_fields = [f.name for f in AuditRecord._meta.fields]

    @admin.display(description=_("model"), ordering="model")
    def what(self, obj: AuditRecord) -> str:
        return model_label(obj.model)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
