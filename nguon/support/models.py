"""Support to cadres (chăm sóc, hỗ trợ cán bộ): a case of a person kept by an organization, and the support
given in it. Restricted: only users whose scope holds the support permission over the case's organization
read a case (``Scope.support_q``); everyone else reads counts only (``support.selectors.support_counts``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nguon.organizations.models import Organization
from nguon.people.models import Person

from .choices import CaseKind, SupportKind


class SupportCase(models.Model):
    """A cadre's case (ốm đau, hoàn cảnh khó khăn, gia đình có nguy cơ), kept by an organization."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="support_cases"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="support_cases"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=250)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return str(_("Support case %(id)s") % {"id": self.pk})


class SupportGiven(models.Model):
    """One support given in a case: a visit, money, a gift, a health check, a scholarship for children …"""

    case = models.ForeignKey(
        SupportCase, verbose_name=_("support case"), on_delete=models.CASCADE, related_name="supports"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SupportKind.choices)
    amount = models.PositiveBigIntegerField(_("amount (đồng)"), null=True, blank=True)
    given_on = models.DateField(_("given on"))
    given_by = models.ForeignKey(
        Organization,
        verbose_name=_("given by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_given",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("support given")
        verbose_name_plural = _("support given")
        ordering = ["case_id", "given_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.given_on}"
