"""Admin of supervision: the defaults in force are edited here (data, not code); the rest is read-mostly."""

from django.contrib import admin

from .models import ConductNote, FollowUp, Mission, Plan, Recommendation, SupervisionDefaults, TeamMember


@admin.register(SupervisionDefaults)
class SupervisionDefaultsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("valid_from", "notice_days", "answer_days", "source")


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("year", "organization", "number", "issued_on")
    list_filter = ("year",)


class TeamInline(admin.TabularInline):  # type: ignore[type-arg]
    model = TeamMember
    raw_id_fields = ("person",)
    extra = 0


class NoteInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ConductNote
    extra = 0


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("subject", "kind", "lead", "start_date", "status")
    list_filter = ("kind", "status")
    raw_id_fields = ("lead", "supervised", "plan")
    filter_horizontal = ("participants",)
    inlines = [TeamInline, NoteInline]


class FollowUpInline(admin.TabularInline):  # type: ignore[type-arg]
    model = FollowUp
    extra = 0
    readonly_fields = ("kind", "date", "note", "document", "recorded_by", "recorded_at")
    can_delete = False


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("__str__", "mission", "sent_on", "deadline")
    raw_id_fields = ("mission", "addressee")
    inlines = [FollowUpInline]
