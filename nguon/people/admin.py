from django.contrib import admin

from nguon.core.admin_mixins import AuditedAdmin
from nguon.core.text import clean_text, fold, name_sort_key

from .models import Person


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["full_name", "sex", "birth_display", "ethnicity", "political_theory", "code"]
    list_filter = ["sex", "birth_date_precision", "political_theory", "education"]
    search_fields = ["search_key", "code"]
    readonly_fields = ["search_key", "sort_key"]

    def get_search_results(self, request, queryset, search_term):  # type: ignore[no-untyped-def]
        """Search without diacritics: "hoang" finds "Hoàng", "dang" finds "Đặng"."""
        return super().get_search_results(request, queryset, fold(search_term))

    def prepare(self, obj: Person) -> None:  # type: ignore[override]
        obj.full_name = clean_text(obj.full_name)
        obj.search_key = fold(obj.full_name)
        obj.sort_key = name_sort_key(obj.full_name)
