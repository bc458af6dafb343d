"""Planning pools (quy hoạch): per post and target term, entries whose state is a replay of a dated log; the
decisions that approve and review them; the facts the eligibility rules read (discipline, proposals for
appointment, required qualifications)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from nguon.core.services import Errors, check_dates, raise_errors
from nguon.organizations.models import Organization, Post
from nguon.people.choices import Education, PoliticalTheory, StateManagement
from nguon.people.models import Person

from .choices import (
    DecisionKind,
    DisciplineLevel,
    EventAction,
    ProposalAction,
    ProposalOutcome,
    RemovalReason,
    RoundStatus,
)


class ReadinessLevel(models.Model):
    """A readiness level of a pool entry (mức độ sẵn sàng): data, seeded with "ready now", "1–2 years",
    "3–5 years"; ``order`` 1 is the readiest."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=1, help_text=_("1 = ready soonest."))
    years_from = models.PositiveSmallIntegerField(_("from years"), default=0)
    years_to = models.PositiveSmallIntegerField(_("to years"), null=True, blank=True)

    class Meta:
        verbose_name = _("readiness level")
        verbose_name_plural = _("readiness levels")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class PlanningDecision(models.Model):
    """A decision that approves or reviews the planning of an organization's posts (quyết định phê duyệt
    quy hoạch): number, date and the approving body (which may be outside the registry, so a text)."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization planned"),
        on_delete=models.PROTECT,
        related_name="planning_decisions",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DecisionKind.choices, default=DecisionKind.APPROVAL
    )
    number = models.CharField(_("decision number"), max_length=100)
    date = models.DateField(_("decision date"))
    approving_body = models.CharField(_("approved by"), max_length=250)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("planning decision")
        verbose_name_plural = _("planning decisions")
        ordering = ["organization_id", "date", "id"]

    def __str__(self) -> str:
        return self.number


class Pool(models.Model):
    """The planning of one post for one target term (quy hoạch chức danh … nhiệm kỳ 2025–2030). The target
    term may lie beyond the registry's terms, so it is named and dated here."""

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="pools")
    target_term = models.CharField(_("target term"), max_length=30, help_text=_('e.g. "2025–2030"'))
    target_start = models.DateField(_("term starts"))
    target_end = models.DateField(_("term ends"))
    decision = models.ForeignKey(
        PlanningDecision,
        verbose_name=_("approval decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pools",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("planning pool")
        verbose_name_plural = _("planning pools")
        ordering = ["post_id", "target_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "target_term"], name="pool_unique"),
            models.CheckConstraint(condition=Q(target_end__gte=F("target_start")), name="pool_term_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.post} {self.target_term}"

    def clean(self) -> None:
        errors: Errors = {}
        check_dates(errors, self.target_start, self.target_end, "target_end")
        raise_errors(errors)


class PoolEntry(models.Model):
    """A person's place in a pool. Only its identity is stored here: its status, readiness and rank on any
    date are the replay of its events (``pipeline.pools.replay``)."""

    pool = models.ForeignKey(Pool, verbose_name=_("pool"), on_delete=models.PROTECT, related_name="entries")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="pool_entries"
    )
    first_planning = models.BooleanField(
        _("first planning"), default=False, help_text=_("Planned for the first time (quy hoạch lần đầu).")
    )

    class Meta:
        verbose_name = _("pool entry")
        verbose_name_plural = _("pool entries")
        ordering = ["pool_id", "id"]
        constraints = [models.UniqueConstraint(fields=["pool", "person"], name="pool_entry_unique")]

    def __str__(self) -> str:
        return f"{self.person} — {self.pool}"


class ReviewRound(models.Model):
    """The annual review of an organization's planning (rà soát, bổ sung quy hoạch hằng năm): proposals of
    additions, removals and moves, approved together as one decision."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="review_rounds"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target_term = models.CharField(_("target term"), max_length=30)
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    decision = models.ForeignKey(
        PlanningDecision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["organization_id", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "target_term"], name="review_round_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"


class RoundProposal(models.Model):
    """One proposal of a review round; it becomes an event of the pool's log when the round is approved."""

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("review round"), on_delete=models.CASCADE, related_name="proposals"
    )
    pool = models.ForeignKey(Pool, verbose_name=_("pool"), on_delete=models.PROTECT, related_name="proposals")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=10, choices=ProposalAction.choices)
    readiness = models.ForeignKey(
        ReadinessLevel, verbose_name=_("readiness"), null=True, blank=True, on_delete=models.PROTECT
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    removal_reason = models.CharField(
        _("why removed"), max_length=20, choices=RemovalReason.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    first_planning = models.BooleanField(_("first planning"), default=False)

    class Meta:
        verbose_name = _("review proposal")
        verbose_name_plural = _("review proposals")
        ordering = ["round_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "pool", "person"], name="round_proposal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.person}"


class PoolEvent(models.Model):
    """One line of a pool's log: what happened to an entry on ``date`` (the day it takes effect), by whom
    (``recorded_by``, ``recorded_at``), why, under which decision. Events are never changed nor deleted: a
    correction is a later event. Same-day events apply in ``id`` order."""

    entry = models.ForeignKey(
        PoolEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="events"
    )
    date = models.DateField(_("date"))
    action = models.CharField(_("action"), max_length=10, choices=EventAction.choices)
    readiness = models.ForeignKey(
        ReadinessLevel, verbose_name=_("readiness"), null=True, blank=True, on_delete=models.PROTECT
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    removal_reason = models.CharField(
        _("why removed"), max_length=20, choices=RemovalReason.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    decision = models.ForeignKey(
        PlanningDecision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    round = models.ForeignKey(
        ReviewRound, verbose_name=_("review round"), null=True, blank=True, on_delete=models.PROTECT
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("pool event")
        verbose_name_plural = _("pool events")
        ordering = ["entry_id", "date", "id"]
        indexes = [models.Index(fields=["entry", "date"], name="pool_event_entry_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_action_display()}"


class DisciplineRecord(models.Model):
    """A disciplinary measure taken against a person (kỷ luật): reprimand or above removes her from every pool
    (proposed by the checks, never applied silently)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="disciplines"
    )
    level = models.CharField(_("level"), max_length=20, choices=DisciplineLevel.choices)
    date = models.DateField(_("date"))
    decision = models.CharField(_("decision number"), max_length=100, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=250, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["person_id", "date", "id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.date:%d/%m/%Y}"


class AppointmentProposal(models.Model):
    """A proposal to appoint or introduce a person to a post (đề nghị bổ nhiệm, giới thiệu): while it is
    pending the person may not be planned at the same time (Regulation 377)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="appointment_proposals"
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="appointment_proposals"
    )
    proposed_on = models.DateField(_("proposed on"))
    proposed_by = models.CharField(_("proposed by"), max_length=250, blank=True)
    document = models.CharField(_("document number"), max_length=100, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=ProposalOutcome.choices, default=ProposalOutcome.PENDING
    )
    outcome_date = models.DateField(_("outcome date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("proposal for appointment")
        verbose_name_plural = _("proposals for appointment")
        ordering = ["person_id", "proposed_on", "id"]

    def __str__(self) -> str:
        return f"{self.person} → {self.post}"

    def clean(self) -> None:
        errors: Errors = {}
        check_dates(errors, self.proposed_on, self.outcome_date, "outcome_date")
        raise_errors(errors)


class PostRequirement(models.Model):
    """The qualifications a post requires of the people planned for it (tiêu chuẩn chức danh): minimum
    education, political theory and state management. Levels are the codes of ``people.choices``."""

    post = models.OneToOneField(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="requirement"
    )
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    political_theory = models.CharField(
        _("political theory"), max_length=20, choices=PoliticalTheory.choices, blank=True
    )
    state_management = models.CharField(
        _("state management"), max_length=20, choices=StateManagement.choices, blank=True
    )
    document = models.CharField(_("document"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("post requirement")
        verbose_name_plural = _("post requirements")
        ordering = ["post_id"]

    def __str__(self) -> str:
        return str(self.post)
