"""Choices of support to cadres (chính sách, chăm sóc sức khỏe, hỗ trợ gia đình khó khăn)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    HEALTH = "health", _("health")
    HARDSHIP = "hardship", _("hardship")
    FAMILY_RISK = "family_risk", _("family at risk")
    OTHER = "other", _("other")


class SupportKind(models.TextChoices):
    VISIT = "visit", _("visit")
    MONEY = "money", _("money")
    GIFT = "gift", _("gift")
    HEALTH_CHECK = "health_check", _("health check")
    SCHOLARSHIP = "scholarship", _("scholarship for children")
    OTHER = "other", _("other")
