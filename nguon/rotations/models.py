"""Rotation and transfer (luân chuyển, điều động): a dated decision whose moves each end one tenure and start
another in one step, several moves of one person in a month without losing history."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nguon.organizations.models import Organization, Post, Tenure, Term
from nguon.people.models import Person

from .choices import MoveKind


class MoveDecision(models.Model):
    """A decision of rotation or transfer (quyết định luân chuyển / điều động), issued by ``issuer``, in force
    from ``effective_date``; it holds one move or a batch."""

    issuer = models.ForeignKey(
        Organization, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="move_decisions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MoveKind.choices)
    number = models.CharField(_("decision number"), max_length=100)
    date = models.DateField(_("decision date"))
    effective_date = models.DateField(_("in force from"))
    signed_by = models.CharField(_("signed by"), max_length=250, blank=True)
    note = models.TextField(_("note"), blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rotation or transfer decision")
        verbose_name_plural = _("rotation and transfer decisions")
        ordering = ["issuer_id", "effective_date", "id"]

    def __str__(self) -> str:
        return self.number


class Move(models.Model):
    """One move of a decision: ``person`` leaves ``from_tenure`` (ended the day before ``start_date``) and takes
    ``to_post`` (in ``to_term`` when the post is a body's seat) from ``start_date``; ``created_tenure`` is the
    tenure the move started once applied."""

    decision = models.ForeignKey(
        MoveDecision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="moves"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="moves"
    )
    from_tenure = models.ForeignKey(
        Tenure,
        verbose_name=_("leaves"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moves_out",
    )
    from_move = models.ForeignKey(
        "self",
        verbose_name=_("leaves the tenure started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_moves",
        help_text=_("A move of the same decision whose new tenure this move leaves (two moves in a month)."),
    )
    to_post = models.ForeignKey(
        Post, verbose_name=_("takes"), on_delete=models.PROTECT, related_name="moves_in"
    )
    to_term = models.ForeignKey(Term, verbose_name=_("term"), null=True, blank=True, on_delete=models.PROTECT)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("planned until"), null=True, blank=True)
    created_tenure = models.OneToOneField(
        Tenure,
        verbose_name=_("tenure started"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="move_in",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("move")
        verbose_name_plural = _("moves")
        ordering = ["decision_id", "start_date", "id"]

    def __str__(self) -> str:
        return f"{self.person} → {self.to_post}"
