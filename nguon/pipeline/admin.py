"""Admin of the planning pools and the facts the eligibility rules read, saved through the pipeline's
services (one audit record per write, source "admin"). The log (``PoolEvent``) and the entries it makes are
read only: a line is never changed nor deleted (a correction is a later line, written on the pool's page, by
the API or by the import sheet 'Quy hoạch', which check it against the log)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from nguon.accounts.admin import ReadOnlyAdmin
from nguon.core.admin_mixins import SOURCE, AuditedAdmin, RuleForm
from nguon.core.services import Errors

from . import services
from .models import (
    AppointmentProposal,
    DisciplineRecord,
    PlanningDecision,
    Pool,
    PoolEntry,
    PoolEvent,
    PostRequirement,
    ReadinessLevel,
    ReviewRound,
    RoundProposal,
)

EVENT_FIELDS = ("date", "action", "readiness", "rank", "removal_reason", "reason", "decision", "recorded_by")
PROPOSAL_FIELDS = (
    "pool",
    "person",
    "action",
    "readiness",
    "rank",
    "removal_reason",
    "reason",
    "first_planning",
)


@admin.register(ReadinessLevel)
class ReadinessLevelAdmin(AuditedAdmin):
    list_display = ["name", "code", "order", "years_from", "years_to"]


@admin.register(PlanningDecision)
class PlanningDecisionAdmin(AuditedAdmin):
    list_display = ["number", "date", "kind", "organization", "approving_body"]
    list_filter = ["kind"]
    search_fields = ["number", "organization__search_key", "approving_body"]
    raw_id_fields = ["organization"]
    list_select_related = ["organization"]
    date_hierarchy = "date"

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> PlanningDecision:
        return services.decision_create(**data, acting_user=request.user, source=SOURCE)


class PoolForm(RuleForm):
    rule_fields = ("post", "target_term", "target_start", "target_end")

    class Meta:
        model = Pool
        fields = ["post", "target_term", "target_start", "target_end", "decision", "note"]

    def rule(self, values: dict[str, Any]) -> Errors:
        return services.pool_check(
            post=values["post"],
            target_term=values["target_term"] or "",
            target_start=values["target_start"],
            target_end=values["target_end"],
            pk=self.instance.pk,
        )


class PoolEntryInline(admin.TabularInline):  # type: ignore[type-arg]
    """The people of the pool (their states are the replay of the log: see the pool's page)."""

    model = PoolEntry
    extra = 0
    fields = ["person", "first_planning"]
    readonly_fields = ["person", "first_planning"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Pool)
class PoolAdmin(AuditedAdmin):
    form = PoolForm
    list_display = ["post", "target_term", "target_start", "target_end", "decision"]
    list_filter = ["target_term"]
    search_fields = ["post__name", "post__organization__search_key", "target_term"]
    raw_id_fields = ["post", "decision"]
    list_select_related = ["post__organization", "decision"]
    inlines = [PoolEntryInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """A pool never moves to another post: its log is about that post."""
        return ["post"] if obj is not None else []

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Pool:
        return services.pool_create(**data, acting_user=request.user, source=SOURCE)

    def update(self, request: HttpRequest, current: Any, data: dict[str, Any]) -> Pool:
        return services.pool_update(pool=current, data=data, acting_user=request.user, source=SOURCE)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A pool with a log is kept (its entries protect it); an empty one may go."""
        if obj is not None and obj.entries.exists():
            return False
        return super().has_delete_permission(request, obj)


class PoolEventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PoolEvent
    extra = 0
    fields = readonly_fields = EVENT_FIELDS
    can_delete = False
    ordering = ["date", "id"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PoolEntry)
class PoolEntryAdmin(ReadOnlyAdmin):
    """An entry and its log, read only."""

    list_display = ["person", "pool", "first_planning"]
    search_fields = ["person__search_key", "pool__post__name"]
    list_select_related = ["person", "pool__post"]
    inlines = [PoolEventInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PoolEvent)
class PoolEventAdmin(ReadOnlyAdmin):
    """The log, append-only: read here, written on the pool's page, by the API or the import."""

    list_display = [
        "date",
        "action",
        "person",
        "pool",
        "readiness",
        "rank",
        "decision",
        "recorded_by",
        "source",
    ]
    list_filter = ["action", "source"]
    search_fields = ["entry__person__search_key", "entry__pool__post__name", "decision__number"]
    list_select_related = ["entry__person", "entry__pool__post", "readiness", "decision", "recorded_by"]
    date_hierarchy = "date"

    @admin.display(description=_("person"))
    def person(self, obj: PoolEvent) -> str:
        return str(obj.entry.person)

    @admin.display(description=_("pool"))
    def pool(self, obj: PoolEvent) -> str:
        return str(obj.entry.pool)


class RoundProposalInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RoundProposal
    extra = 0
    fields = readonly_fields = PROPOSAL_FIELDS
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReviewRound)
class ReviewRoundAdmin(AuditedAdmin):
    """A review round; its proposals are made and approved on the pages or by the API (all or nothing)."""

    list_display = ["organization", "year", "target_term", "status", "decision"]
    list_filter = ["status", "year"]
    search_fields = ["organization__search_key"]
    raw_id_fields = ["organization"]
    list_select_related = ["organization", "decision"]
    fields = ["organization", "year", "target_term", "status", "decision", "note"]
    readonly_fields = ["status", "decision"]
    inlines = [RoundProposalInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None:
            return ["organization", "year", "target_term", "status", "decision"]
        return ["status", "decision"]

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> ReviewRound:
        return services.round_create(**data, acting_user=request.user, source=SOURCE)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DisciplineRecord)
class DisciplineRecordAdmin(AuditedAdmin):
    list_display = ["person", "level", "date", "decision", "issued_by"]
    list_filter = ["level"]
    search_fields = ["person__search_key", "decision"]
    raw_id_fields = ["person"]
    list_select_related = ["person"]

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> DisciplineRecord:
        return services.discipline_create(**data, acting_user=request.user, source=SOURCE)


@admin.register(AppointmentProposal)
class AppointmentProposalAdmin(AuditedAdmin):
    list_display = ["person", "post", "proposed_on", "outcome", "outcome_date"]
    list_filter = ["outcome"]
    search_fields = ["person__search_key", "post__name", "document"]
    raw_id_fields = ["person", "post"]
    list_select_related = ["person", "post"]

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> AppointmentProposal:
        return services.appointment_proposal_create(**data, acting_user=request.user, source=SOURCE)


@admin.register(PostRequirement)
class PostRequirementAdmin(AuditedAdmin):
    list_display = ["post", "education", "political_theory", "state_management", "document"]
    search_fields = ["post__name", "post__organization__search_key"]
    raw_id_fields = ["post"]
    list_select_related = ["post"]

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> PostRequirement:
        return services.requirement_set(**data, acting_user=request.user, source=SOURCE)

    def update(self, request: HttpRequest, current: Any, data: dict[str, Any]) -> PostRequirement:
        values = {
            f: data.get(f, getattr(current, f))
            for f in ("education", "political_theory", "state_management", "document")
        }
        return services.requirement_set(post=current.post, **values, acting_user=request.user, source=SOURCE)
