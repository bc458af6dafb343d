"""Admin of organizations, bodies, terms, posts and tenures: checked by each entity's rule, saved through
its services (one audit record per write, source "admin")."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nguon.core.admin_mixins import SOURCE, AuditedAdmin, RuleForm
from nguon.core.services import Errors
from nguon.core.text import clean_text

from . import services
from .models import Body, Organization, Post, Tenure, Term


class OrganizationForm(RuleForm):
    rule_fields = ("name", "area", "valid_from", "valid_to")

    class Meta:
        model = Organization
        fields = ["name", "kind", "sector", "area", "parent", "valid_from", "valid_to"]

    def rule(self, values: dict[str, Any]) -> Errors:
        return services.organization_check(
            name=clean_text(values["name"] or ""),
            area=values["area"],
            valid_from=values["valid_from"],
            valid_to=values["valid_to"],
        )


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    form = OrganizationForm
    list_display = ["name", "kind", "sector", "area", "valid_from", "valid_to"]
    list_filter = ["kind", "sector", "area__level"]
    search_fields = ["search_key", "area__code"]
    raw_id_fields = ["area", "parent"]
    list_select_related = ["area"]

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Organization:
        return services.organization_create(**data, acting_user=request.user, source=SOURCE)

    def update(self, request: HttpRequest, current: Any, data: dict[str, Any]) -> Organization:
        return services.organization_update(
            organization=current, data=data, acting_user=request.user, source=SOURCE
        )


class TermInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Term
    extra = 0
    # how the body was formed is set through elections.services.term_mark_appointed (refused once a
    # candidate list of the term has results), not typed here
    fields = ["name", "start_date", "end_date"]


class BodyForm(RuleForm):
    rule_fields = ("name",)

    class Meta:
        model = Body
        fields = ["organization", "kind", "name"]

    def rule(self, values: dict[str, Any]) -> Errors:
        return services.body_check(name=clean_text(values["name"] or ""))


@admin.register(Body)
class BodyAdmin(AuditedAdmin):
    form = BodyForm
    list_display = ["name", "kind", "organization"]
    list_filter = ["kind"]
    search_fields = ["name", "organization__search_key"]
    raw_id_fields = ["organization"]
    inlines = [TermInline]
    list_select_related = ["organization"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """A body never moves to another organization: its posts would not follow."""
        return ["organization"] if obj else []

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Body:
        return services.body_create(**data, acting_user=request.user, source=SOURCE)

    def update(self, request: HttpRequest, current: Any, data: dict[str, Any]) -> Body:
        return services.body_update(body=current, data=data, acting_user=request.user, source=SOURCE)


class TermForm(RuleForm):
    rule_fields = ("name", "start_date", "end_date")

    class Meta:
        model = Term
        fields = ["body", "name", "start_date", "end_date"]

    def rule(self, values: dict[str, Any]) -> Errors:
        return services.term_check(
            name=clean_text(values["name"] or ""),
            start_date=values["start_date"],
            end_date=values["end_date"],
        )


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    form = TermForm
    list_display = ["body", "name", "start_date", "end_date"]
    list_filter = ["body__kind", "name"]
    raw_id_fields = ["body"]
    list_select_related = ["body"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """A term never moves to another body: its tenures would not follow."""
        return ["body"] if obj else []

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Term:
        return services.term_create(**data, acting_user=request.user, source=SOURCE)

    def update(self, request: HttpRequest, current: Any, data: dict[str, Any]) -> Term:
        return services.term_update(term=current, data=data, acting_user=request.user, source=SOURCE)


class PostForm(RuleForm):
    rule_fields = ("organization", "body", "name")

    class Meta:
        model = Post
        fields = ["organization", "body", "name", "rank", "is_key", "is_leader"]

    def rule(self, values: dict[str, Any]) -> Errors:
        services.post_validate(
            post=self.instance if self.instance.pk else None,
            organization=values["organization"],
            name=clean_text(values["name"] or ""),
            body=values["body"],
        )
        return {}


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    form = PostForm
    list_display = ["name", "organization", "body", "rank", "is_key", "is_leader"]
    list_filter = ["is_key", "is_leader", "organization__kind"]
    search_fields = ["name", "organization__search_key"]
    raw_id_fields = ["organization", "body"]
    list_select_related = ["organization", "body"]

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Post:
        return services.post_create(**data, acting_user=request.user, source=SOURCE)

    def update(self, request: HttpRequest, current: Any, data: dict[str, Any]) -> Post:
        return services.post_update(post=current, data=data, acting_user=request.user, source=SOURCE)


class TenureForm(RuleForm):
    rule_fields = ("person", "post", "term", "start_date", "end_date")

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

    def rule(self, values: dict[str, Any]) -> Errors:
        services.tenure_validate(
            person=values["person"],
            post=values["post"],
            term=values["term"],
            start_date=values["start_date"],
            end_date=values["end_date"],
            exclude_pk=self.instance.pk,
        )
        return {}


@admin.register(Tenure)
class TenureAdmin(AuditedAdmin):
    form = TenureForm
    list_display = ["person", "post", "term", "start_date", "end_date", "start_reason", "end_reason"]
    list_filter = ["start_reason", "end_reason", "post__is_key", "post__organization__kind"]
    search_fields = ["person__search_key", "post__name"]
    raw_id_fields = ["person", "post", "term"]
    date_hierarchy = "start_date"
    list_select_related = ["person", "post", "term__body"]

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> Tenure:
        return services.tenure_create(**data, acting_user=request.user, source=SOURCE)

    def update(self, request: HttpRequest, current: Any, data: dict[str, Any]) -> Tenure:
        return services.tenure_update(tenure=current, data=data, acting_user=request.user, source=SOURCE)
