from typing import Any

from django import forms
from django.contrib import admin

from nguon.core.admin_mixins import AuditedAdmin
from nguon.core.text import fold

from .models import Body, Organization, Post, Tenure, Term
from .services import tenure_validate


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "sector", "area", "valid_from", "valid_to"]
    list_filter = ["kind", "sector", "area__level"]
    search_fields = ["search_key", "area__code"]
    raw_id_fields = ["area", "parent"]
    list_select_related = ["area"]

    def prepare(self, obj: Organization) -> None:  # type: ignore[override]
        obj.search_key = fold(obj.name)


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


@admin.register(Body)
class BodyAdmin(AuditedAdmin):
    list_display = ["name", "kind", "organization"]
    list_filter = ["kind"]
    search_fields = ["name", "organization__search_key"]
    raw_id_fields = ["organization"]
    inlines = [TermInline]
    list_select_related = ["organization"]


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    list_display = ["body", "name", "start_date", "end_date"]
    list_filter = ["body__kind", "name"]
    raw_id_fields = ["body"]
    list_select_related = ["body"]


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    list_display = ["name", "organization", "body", "rank", "is_key", "is_leader"]
    list_filter = ["is_key", "is_leader", "organization__kind"]
    search_fields = ["name", "organization__search_key"]
    raw_id_fields = ["organization", "body"]
    list_select_related = ["organization", "body"]


class TenureForm(forms.ModelForm):
    class Meta:
        model = Tenure
        fields = [
            "person",
            "post",
            "term",
            "start_date",
            "end_date",
            "start_reason",
            "start_decision",
            "start_decision_date",
            "end_reason",
            "end_decision",
            "note",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person") and data.get("post") and data.get("start_date"):
            tenure_validate(
                person=data["person"],
                post=data["post"],
                term=data.get("term"),
                start_date=data["start_date"],
                end_date=data.get("end_date"),
                exclude_pk=self.instance.pk,
            )
        return data


@admin.register(Tenure)
class TenureAdmin(AuditedAdmin):
    form = TenureForm
    list_display = ["person", "post", "term", "start_date", "end_date", "start_reason", "end_reason"]
    list_filter = ["start_reason", "end_reason", "post__is_key", "post__organization__kind"]
    search_fields = ["person__search_key", "post__name"]
    raw_id_fields = ["person", "post", "term"]
    date_hierarchy = "start_date"
    list_select_related = ["person", "post", "term__body"]
