"""Admin of people: checked by ``person_check``, stored as ``person_values`` derives them, saved through the
people services (one audit record per write, source "admin")."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from nguon.core.admin_mixins import SOURCE, AuditedAdmin, RuleForm
from nguon.core.services import Errors
from nguon.core.text import clean_text, fold

from . import services
from .models import Person


class PersonForm(RuleForm):
    rule_fields = ("full_name",)

    class Meta:
        model = Person
        fields = [
            "code",
            "full_name",
            "sex",
            "birth_date",
            "birth_date_precision",
            "ethnicity",
            "education",
            "political_theory",
            "state_management",
            "party_admission_date",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # the values as the services store them (a year-only birth on 1 January), before the model's checks
        stored = services.person_values({k: v for k, v in data.items() if k in self.Meta.fields})
        data.update({k: v for k, v in stored.items() if k in self.Meta.fields})
        return data

    def rule(self, values: dict[str, Any]) -> Errors:
        return services.person_check(full_name=clean_text(values["full_name"] or ""))


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    form = PersonForm
    list_display = ["full_name", "sex", "birth", "ethnicity", "political_theory", "code"]
    list_filter = ["sex", "birth_date_precision", "political_theory", "education"]
    search_fields = ["search_key", "code"]

    @admin.display(description=_("birth date"), ordering="birth_date")
    def birth(self, obj: Person) -> str:
        """The birth date as officers write it (the year alone when only the year is known)."""
        return obj.birth_display

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Person], search_term: str
    ) -> tuple[QuerySet[Person], bool]:
        """Search without diacritics: "hoang" finds "Hoàng", "dang" finds "Đặng"."""
        return super().get_search_results(request, queryset, fold(search_term))

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Person:
        return services.person_create(**data, acting_user=request.user, source=SOURCE)

    def update(self, request: HttpRequest, current: Any, data: dict[str, Any]) -> Person:
        return services.person_update(person=current, data=data, acting_user=request.user, source=SOURCE)
