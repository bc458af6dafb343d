"""Users' assignments (phân công: area, organization kinds, role), API tokens, and the personal-data log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nguon.areas.models import Area

from .choices import AccessKind, Role


class Assignment(models.Model):
    """A user's assignment (phân công): an area and its subtree, optionally narrowed to organization kinds, a
    role, and the wider area whose aggregate figures she may read (default: the same area)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="assignments"
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for an administrator (the whole country)."),
    )
    organization_kinds = models.JSONField(
        _("organization kinds"),
        default=list,
        blank=True,
        help_text=_("Empty: every kind of organization of the area."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    analysis_area = models.ForeignKey(
        Area,
        verbose_name=_("area for figures"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A wider area whose counts and shares (never names) she may read; empty: the same area."),
    )
    support_cases = models.BooleanField(
        _("reads support cases"),
        default=False,
        db_default=False,
        help_text=_(
            "She may read (and, as an editor, record) the support cases of cadres in this area: health, "
            "hardship, family risk. Without it she sees only their counts."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["user_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="administrator") | models.Q(area__isnull=False),
                name="assignment_area_unless_admin",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.area or _('whole country')}"


class ApiToken(models.Model):
    """A personal API token (mã truy cập API): only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(
        _("prefix"), max_length=12, help_text=_("The first characters, to recognise it.")
    )
    digest = models.CharField(_("SHA-256"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["user_id", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class PersonalDataAccess(models.Model):
    """One access to personal data (nhật ký truy cập dữ liệu cá nhân, Decree 13/2023/NĐ-CP): who, when, what,
    how many people. Profile views, exports and downloads with names, API reads of people."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AccessKind.choices)
    what = models.CharField(_("what"), max_length=300)
    person_id = models.BigIntegerField(_("person"), null=True, blank=True, db_index=True)
    people_count = models.PositiveIntegerField(_("people"), default=0)
    path = models.CharField(_("address"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("personal-data access")
        verbose_name_plural = _("personal-data accesses")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_kind_display()} {self.what}"
