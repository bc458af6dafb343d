"""Indicator definitions, age thresholds and targets — all data, never code (chỉ tiêu, chỉ số)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nguon.areas.models import Area

from .choices import Comparator, Confidence, CountUnit, Numerator, PopulationKind


class Indicator(models.Model):
    """A representation indicator: which tenures (population, filters), who counts (numerator), and whether
    people, seats or organizations are counted. Shipped ones come from ``catalogue.toml``; users add more."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    population = models.CharField(_("population"), max_length=10, choices=PopulationKind.choices)
    unit = models.CharField(_("counts"), max_length=15, choices=CountUnit.choices, default=CountUnit.PEOPLE)
    numerator = models.CharField(_("numerator"), max_length=20, choices=Numerator.choices)
    numerator_value = models.CharField(
        _("numerator value"),
        max_length=30,
        blank=True,
        help_text=_("The education or theory level, when needed."),
    )
    scopes = models.JSONField(
        _("organization scopes"),
        default=list,
        blank=True,
        help_text=_('Any of: [{"levels": [...], "kinds": [...], "sectors": [...]}]; empty = all.'),
    )
    body_kinds = models.JSONField(_("body kinds"), default=list, blank=True)
    key_post = models.BooleanField(_("key posts only"), null=True, blank=True)
    leader = models.BooleanField(_("leadership posts only"), null=True, blank=True)
    start_reasons = models.JSONField(_("how tenures began"), default=list, blank=True)
    builtin = models.BooleanField(_("from the shipped catalogue"), default=False, editable=False)
    rank = models.PositiveSmallIntegerField(_("order"), default=100)
    shipped = models.JSONField(
        _("values last shipped"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("What the catalogue last set, to tell a user's edit from a catalogue change."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return self.name


class AgeThreshold(models.Model):
    """Who is "young" at a level (cán bộ trẻ): under ``years`` full years at the reference date."""

    level = models.CharField(_("level"), max_length=10, unique=True)
    years = models.PositiveSmallIntegerField(_("under (years)"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    builtin = models.BooleanField(_("from the shipped catalogue"), default=False, editable=False)
    shipped = models.JSONField(_("values last shipped"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("age threshold")
        verbose_name_plural = _("age thresholds")
        ordering = ["level"]

    def __str__(self) -> str:
        return f"{self.level} < {self.years}"


class Target(models.Model):
    """A target set by a document (chỉ tiêu): indicator, comparator and value, scope, deadline, confidence.

    National targets have no area; a local target (a ward's own plan) names the area it applies to and
    takes precedence there.
    """

    code = models.SlugField(_("code"), max_length=80, unique=True)
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    document = models.CharField(_("document"), max_length=200)
    document_date = models.DateField(_("document date"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    level = models.CharField(_("applies to level"), max_length=10, blank=True)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    comparator = models.CharField(
        _("comparator"), max_length=3, choices=Comparator.choices, default=Comparator.AT_LEAST
    )
    value = models.DecimalField(_("value (%)"), max_digits=6, decimal_places=2)
    effective_from = models.DateField(_("effective from"))
    valid_to = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("Last day, when a later document replaced it."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices)
    note = models.TextField(_("note"), blank=True)
    builtin = models.BooleanField(_("from the shipped catalogue"), default=False, editable=False)
    shipped = models.JSONField(_("values last shipped"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "effective_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=100), name="target_value_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.get_comparator_display()} {self.value}% ({self.document})"


__all__ = ["AgeThreshold", "Indicator", "Target"]
