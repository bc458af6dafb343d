"""Supervision and opinion-giving (giám sát, phản biện xã hội, góp ý — Decisions 217-QĐ/TW and 218-QĐ/TW):
the defaults in force (as data), annual plans, missions with their team, conduct notes and conclusion, and
recommendations (kiến nghị) with an append-only, dated follow-up log. A recommendation's status at a date is
the last event dated on or before it (``selectors.status_at``), never a stored field."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nguon.organizations.models import Organization
from nguon.people.models import Person


class SupervisionDefaults(models.Model):
    """The rule in force from ``valid_from``: notice at least ``notice_days`` ahead, escalate when no written
    answer within ``answer_days`` of sending. The row with the latest ``valid_from`` ≤ a date applies."""

    valid_from = models.DateField(_("valid from"), unique=True)
    notice_days = models.PositiveIntegerField(_("notice (days ahead)"), default=15)
    answer_days = models.PositiveIntegerField(_("written answer within (days)"), default=20)
    source = models.CharField(_("source"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("supervision defaults")
        verbose_name_plural = _("supervision defaults")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y}: {self.notice_days}/{self.answer_days}"


class MissionKind(models.TextChoices):
    SUPERVISION = "supervision", _("supervision (217)")
    CRITICISM = "criticism", _("social criticism (217)")
    OPINION = "opinion", _("opinion-giving (218)")


class MissionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    CONCLUDED = "concluded", _("concluded")
    CANCELLED = "cancelled", _("cancelled")


class TeamRole(models.TextChoices):
    LEAD = "lead", _("head of the team")
    MEMBER = "member", _("member")


class EventKind(models.TextChoices):
    SENT = "sent", _("sent")
    ANSWERED = "answered", _("written answer received")
    ACTED = "acted", _("acted on")
    NOT_ACTED = "not_acted", _("not acted on")
    ESCALATED = "escalated", _("escalated")


class Plan(models.Model):
    """An organization's annual supervision plan (kế hoạch giám sát năm)."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="supervision_plans",
    )
    year = models.PositiveIntegerField(_("year"))
    number = models.CharField(_("number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("supervision plan")
        verbose_name_plural = _("supervision plans")
        ordering = ["-year", "organization_id", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="supervision_plan_once")]

    def __str__(self) -> str:
        return f"{self.year} – {self.organization}"


class Mission(models.Model):
    """A supervision, social criticism or opinion-giving mission (cuộc giám sát / phản biện / góp ý)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, null=True, blank=True, related_name="missions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MissionKind.choices)
    subject = models.CharField(_("subject"), max_length=500)
    supervised = models.ForeignKey(
        Organization,
        verbose_name=_("supervised organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_by_missions",
    )
    supervised_text = models.CharField(
        _("supervised body (outside the registry)"), max_length=250, blank=True
    )
    lead = models.ForeignKey(
        Organization,
        verbose_name=_("lead organization"),
        on_delete=models.PROTECT,
        related_name="led_missions",
    )
    participants = models.ManyToManyField(
        Organization,
        verbose_name=_("participating organizations"),
        blank=True,
        related_name="joined_missions",
    )
    notice_sent_on = models.DateField(_("notice sent on"), null=True, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    notice_warning = models.CharField(_("notice warning"), max_length=250, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MissionStatus.choices, default="planned")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("supervision mission")
        verbose_name_plural = _("supervision missions")
        ordering = ["-start_date", "id"]

    def __str__(self) -> str:
        return self.subject

    @property
    def supervised_name(self) -> str:
        return str(self.supervised) if self.supervised_id else self.supervised_text


class TeamMember(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices, default="member")

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [models.UniqueConstraint(fields=["mission", "person"], name="supervision_team_once")]

    def __str__(self) -> str:
        return f"{self.mission_id}: {self.get_role_display()}"


class ConductNote(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(_("date"))
    text = models.TextField(_("note"))

    class Meta:
        verbose_name = _("conduct note")
        verbose_name_plural = _("conduct notes")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}"


class Recommendation(models.Model):
    """A recommendation (kiến nghị) to an addressee of the registry or outside it."""

    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), on_delete=models.PROTECT, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"))
    addressee = models.ForeignKey(
        Organization,
        verbose_name=_("addressee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    addressee_text = models.CharField(_("addressee (outside the registry)"), max_length=250, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["mission_id", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def addressee_name(self) -> str:
        return str(self.addressee) if self.addressee_id else self.addressee_text


class FollowUp(models.Model):
    """One dated event of a recommendation's follow-up (append-only)."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    document = models.CharField(_("document number"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up event")
        verbose_name_plural = _("follow-up events")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"
