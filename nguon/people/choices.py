from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("female")
    MALE = "M", _("male")


class BirthDatePrecision(models.TextChoices):
    DAY = "day", _("full date")
    YEAR = "year", _("year only")


class Education(models.TextChoices):
    NONE = "", _("not recorded")
    UPPER_SECONDARY = "thpt", _("upper secondary")
    VOCATIONAL = "trung_cap", _("vocational")
    COLLEGE = "cao_dang", _("college")
    BACHELOR = "dai_hoc", _("bachelor")
    MASTER = "thac_si", _("master")
    DOCTOR = "tien_si", _("doctor")


class PoliticalTheory(models.TextChoices):
    NONE = "", _("none")
    ELEMENTARY = "so_cap", _("elementary")
    INTERMEDIATE = "trung_cap", _("intermediate")
    ADVANCED = "cao_cap", _("advanced")
    BACHELOR = "cu_nhan", _("bachelor")


class StateManagement(models.TextChoices):
    """State management training (quản lý nhà nước), by the civil-servant grade it prepares for."""

    NONE = "", _("none")
    OFFICER = "chuyen_vien", _("officer grade")
    PRINCIPAL = "chuyen_vien_chinh", _("principal officer grade")
    SENIOR = "chuyen_vien_cao_cap", _("senior officer grade")
