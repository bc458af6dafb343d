from django.db import models
from django.utils.translation import gettext_lazy as _


class PopulationKind(models.TextChoices):
    ACTIVE = "active", _("tenures held on the reference date")
    STARTED = "started", _("tenures begun inside the period")
    PLANNING = "planning", _("planning pool entries")
    CANDIDATES = "candidates", _("candidate lists")


class CountUnit(models.TextChoices):
    PEOPLE = "people", _("people")
    SEATS = "seats", _("seats")
    ORGANIZATIONS = "organizations", _("organizations")


class Numerator(models.TextChoices):
    FEMALE = "female", _("women")
    YOUNG = "young", _("young (under the age threshold of the level)")
    YOUNG_FEMALE = "young_female", _("young women")
    ETHNIC_MINORITY = "ethnic_minority", _("ethnic minorities")
    EDUCATION = "education", _("education at least")
    THEORY = "theory", _("political theory at least")


class Comparator(models.TextChoices):
    AT_LEAST = "gte", "≥"
    AT_MOST = "lte", "≤"


class Confidence(models.TextChoices):
    HIGH = "H", _("high")
    MEDIUM = "M", _("medium")
    LOW = "L", _("low")


class Status(models.TextChoices):
    MET = "met", _("met")
    NOT_MET = "not_met", _("not met")
    NO_TARGET = "no_target", _("no target")
    NO_DATA = "no_data", _("no data")
