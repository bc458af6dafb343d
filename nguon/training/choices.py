from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseKind(models.TextChoices):
    """What a course trains (đào tạo, bồi dưỡng)."""

    POLITICAL_THEORY = "political_theory", _("political theory training")
    STATE_MANAGEMENT = "state_management", _("state management training")
    LEADERSHIP = "leadership", _("leadership and management skills")
    WOMENS_UNION = "womens_union", _("Women's Union cadre course")
    YOUTH_UNION = "youth_union", _("Youth Union cadre course")
    PROFESSIONAL = "professional", _("professional degree")
    OTHER = "other", _("other")


class Grants(models.TextChoices):
    """Which qualification of the person a completed course raises (none: a course without a level)."""

    NONE = "", _("none")
    EDUCATION = "education", _("education")
    POLITICAL_THEORY = "political_theory", _("political theory")
    STATE_MANAGEMENT = "state_management", _("state management")


class Result(models.TextChoices):
    ENROLLED = "enrolled", _("enrolled")
    COMPLETED = "completed", _("completed")
    FAILED = "failed", _("not passed")
    WITHDRAWN = "withdrawn", _("withdrew")
