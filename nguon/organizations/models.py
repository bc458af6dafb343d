"""Organizations, their bodies and terms, posts, and tenures: who held what, when."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from nguon.areas.models import Area
from nguon.core.intervals import active_q
from nguon.core.services import Errors, check_dates, raise_errors
from nguon.people.models import Person

from .choices import BodyKind, GrassrootsSector, OrganizationKind, TenureEnd, TenureStart, TermFormation


def _end_after_start(start: str, end: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}), name=name
    )


class Organization(models.Model):
    """An organization in an area (tổ chức): a party organization, people's council, union, department …"""

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=GrassrootsSector.choices, blank=True)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="organizations"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    search_key = models.CharField(max_length=250, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["area_id", "kind", "name", "id"]
        constraints = [_end_after_start("valid_from", "valid_to", "organization_valid_to_after_from")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: Errors = {}
        check_dates(errors, self.valid_from, self.valid_to, "valid_to")
        raise_errors(errors)


class Body(models.Model):
    """A collective body of an organization (cơ quan): executive committee (BCH), standing committee (BTV) …"""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="bodies"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=250)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["organization_id", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "kind", "name"], name="body_unique")]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    """A term of a body (nhiệm kỳ), e.g. 2020–2025, with its actual dates."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="terms")
    name = models.CharField(_("name"), max_length=30, help_text=_('e.g. "2020–2025"'))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    formation = models.CharField(
        _("formed by"),
        max_length=10,
        choices=TermFormation.choices,
        default=TermFormation.ELECTED,
        db_default=TermFormation.ELECTED,  # rows written in bulk without the column
        help_text=_("Elected by a congress or an election, or appointed by the level above (chỉ định)."),
    )
    formation_decision = models.CharField(
        _("decision forming the body"), max_length=100, blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["body_id", "start_date", "id"]
        constraints = [
            _end_after_start("start_date", "end_date", "term_end_after_start"),
            models.UniqueConstraint(fields=["body", "name"], name="term_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.name}"

    def clean(self) -> None:
        errors: Errors = {}
        check_dates(errors, self.start_date, self.end_date)
        raise_errors(errors)


class Post(models.Model):
    """A post (chức danh) in an organization, optionally a seat of one of its bodies ("Ủy viên BCH")."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="posts"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    name = models.CharField(_("name"), max_length=250)
    rank = models.PositiveSmallIntegerField(_("rank"), default=100, help_text=_("1 = highest."))
    is_key = models.BooleanField(
        _("key post"), default=False, help_text=_("A key post (chức danh chủ chốt).")
    )
    is_leader = models.BooleanField(
        _("leadership post"), default=False, help_text=_("Leadership and management, as opposed to members.")
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["organization_id", "rank", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="post_unique")]

    def __str__(self) -> str:
        return self.name


class TenureQuerySet(models.QuerySet["Tenure"]):
    def active_on(self, at: dt.date) -> TenureQuerySet:
        """Tenures held on ``at``: started on or before it, and not ended before it."""
        return self.filter(active_q(at))


class Tenure(models.Model):
    """A person's hold on a post, and the seat of a body term when the post is one (giữ chức vụ), over dates.

    "Current" is never stored: a tenure is current because its closed interval holds the date asked.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="tenures"
    )
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="tenures")
    term = models.ForeignKey(
        Term, verbose_name=_("term"), null=True, blank=True, on_delete=models.PROTECT, related_name="tenures"
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    start_reason = models.CharField(_("how it began"), max_length=20, choices=TenureStart.choices)
    start_decision = models.CharField(_("decision number"), max_length=100, blank=True)
    start_decision_date = models.DateField(_("decision date"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=20, choices=TenureEnd.choices, blank=True)
    end_decision = models.CharField(_("end decision number"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = TenureQuerySet.as_manager()

    class Meta:
        verbose_name = _("tenure")
        verbose_name_plural = _("tenures")
        ordering = ["-start_date", "id"]
        constraints = [_end_after_start("start_date", "end_date", "tenure_end_after_start")]
        indexes = [
            models.Index(fields=["start_date", "end_date"], name="tenure_dates"),
            models.Index(fields=["post", "start_date"], name="tenure_post_start"),
            # the no-overlap trigger (SQLite) and the importer look tenures up by person and post
            models.Index(fields=["person", "post", "start_date"], name="tenure_person_post_start"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.post}"

    def clean(self) -> None:
        errors: Errors = {}
        check_dates(errors, self.start_date, self.end_date)
        raise_errors(errors)
