"""Admin of candidate lists, saved through the elections' services (one audit record per write, source
"admin"). Candidacies are shown read only on their list: results are recorded on the list's page, by the API
or by the import sheet, which create the tenures of those elected."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nguon.core.admin_mixins import SOURCE, AuditedAdmin

from . import services
from .models import Candidacy, CandidateList


class CandidacyInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Candidacy
    fields = (
        "order",
        "person",
        "nominated_by",
        "self_nominated",
        "elected",
        "votes",
        "tenure",
        "tenure_created",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CandidateList)
class CandidateListAdmin(AuditedAdmin):
    list_display = ["name", "term", "kind", "election_date", "seats", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "constituency", "term__body__organization__search_key"]
    raw_id_fields = ["term", "post"]
    readonly_fields = ["status", "voters", "valid_ballots"]
    list_select_related = ["term__body"]
    date_hierarchy = "election_date"
    inlines = [CandidacyInline]

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> CandidateList:
        data = {k: v for k, v in data.items() if k in services.LIST_FIELDS}
        return services.candidate_list_create(
            term=obj.term,
            **{k: v for k, v in data.items() if k != "term"},
            acting_user=request.user,
            source=SOURCE,
        )

    def update(self, request: HttpRequest, current: Any, data: dict[str, Any]) -> CandidateList:
        data = {k: v for k, v in data.items() if k in services.LIST_FIELDS}
        return services.candidate_list_update(
            candidate_list=current, data=data, acting_user=request.user, source=SOURCE
        )
