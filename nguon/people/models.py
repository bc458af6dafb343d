"""People (cán bộ, hội viên, đoàn viên) whose tenures the registry records."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nguon.core.intervals import age_on

from .choices import BirthDatePrecision, Education, PoliticalTheory, Sex, StateManagement


class Person(models.Model):
    """A person (cán bộ). The name is stored NFC; ``search_key`` and ``sort_key`` are derived from it.

    When only the birth year is known, ``birth_date`` holds 1 January of that year and ``birth_date_precision``
    says "year": ages are then computed as if born on 1 January (the rule of Vietnam's social-insurance
    regulations for unknown birth days; see docs/counting-rules.md).
    """

    code = models.CharField(_("cadre code"), max_length=30, blank=True)
    full_name = models.CharField(_("full name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    birth_date_precision = models.CharField(
        _("birth date precision"),
        max_length=4,
        choices=BirthDatePrecision.choices,
        default=BirthDatePrecision.DAY,
    )
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    political_theory = models.CharField(
        _("political theory"), max_length=20, choices=PoliticalTheory.choices, blank=True
    )
    state_management = models.CharField(
        _("state management"),
        max_length=20,
        choices=StateManagement.choices,
        blank=True,
        default="",
        db_default="",  # rows written in bulk without the column (the bench's dataset, older loaders)
    )
    party_admission_date = models.DateField(_("party admission date"), null=True, blank=True)
    dossier_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("dossier kept by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
        help_text=_("The organization that keeps the person's record (đơn vị quản lý hồ sơ)."),
    )
    search_key = models.CharField(max_length=150, db_index=True, editable=False)
    sort_key = models.CharField(max_length=400, db_index=True, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_key", "birth_date", "id"]
        indexes = [models.Index(fields=["full_name", "birth_date"], name="person_name_birth")]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="person_code_unique"),
            models.CheckConstraint(
                condition=Q(birth_date_precision="day")
                | Q(birth_date__month=1, birth_date__day=1, birth_date_precision="year"),
                name="person_year_only_birth_is_jan_1",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def birth_display(self) -> str:
        if self.birth_date_precision == BirthDatePrecision.YEAR:
            return str(self.birth_date.year)
        return self.birth_date.strftime("%d/%m/%Y")

    def age_on(self, at: dt.date) -> int:
        """Full years on ``at`` (year-only births count from 1 January)."""
        return age_on(self.birth_date, at)
