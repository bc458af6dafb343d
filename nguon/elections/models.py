"""Candidate lists and elections: the list for a body's term election (party congress, People's Council), its
candidates, and the results, which create the tenures of those elected."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nguon.organizations.models import Post, Tenure, Term
from nguon.people.models import Person

from .choices import ElectionKind, ListStatus


class CandidateList(models.Model):
    """The list of candidates (danh sách ứng cử viên) for the election of a body's term, optionally for one
    constituency (đơn vị bầu cử). ``seats`` is how many are to be elected; those elected take ``post``
    (the body's member seat) in ``term``."""

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="candidate_lists"
    )
    post = models.ForeignKey(
        Post, verbose_name=_("seat elected"), on_delete=models.PROTECT, related_name="candidate_lists"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ElectionKind.choices)
    name = models.CharField(_("name"), max_length=250)
    constituency = models.CharField(_("constituency"), max_length=250, blank=True)
    election_date = models.DateField(_("election date"))
    seats = models.PositiveSmallIntegerField(_("seats"))
    voters = models.PositiveIntegerField(_("voters"), null=True, blank=True)
    valid_ballots = models.PositiveIntegerField(_("valid ballots"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ListStatus.choices, default=ListStatus.DRAFT
    )
    decision = models.CharField(
        _("decision announcing the results"),
        max_length=100,
        blank=True,
        help_text=_("The resolution or record announcing the results; the elected tenures start under it."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("candidate list")
        verbose_name_plural = _("candidate lists")
        ordering = ["term_id", "election_date", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Candidacy(models.Model):
    """A candidate on a list, and her result: elected or not, votes and share of the valid ballots; the tenure
    the result created."""

    candidate_list = models.ForeignKey(
        CandidateList, verbose_name=_("candidate list"), on_delete=models.PROTECT, related_name="candidacies"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="candidacies"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    nominated_by = models.CharField(_("nominated by"), max_length=250, blank=True)
    self_nominated = models.BooleanField(_("self-nominated"), default=False)
    elected = models.BooleanField(_("elected"), null=True, blank=True)
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    tenure = models.OneToOneField(
        Tenure,
        verbose_name=_("tenure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidacy",
    )
    tenure_created = models.BooleanField(
        _("tenure created by the results"),
        default=False,
        help_text=_("False when the results linked a tenure that was already recorded."),
    )

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["candidate_list_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["candidate_list", "person"], name="candidacy_unique")]

    def __str__(self) -> str:
        return f"{self.person} — {self.candidate_list}"
