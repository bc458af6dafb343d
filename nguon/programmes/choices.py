from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyRole(models.TextChoices):
    """An organization's part in a joint programme."""

    LEAD = "lead", _("lead")
    PARTNER = "partner", _("partner")


class GoalMeasure(models.TextChoices):
    """What a goal of a programme counts (its actual is computed, never typed). ``ACTIVITIES_PER_UNIT`` is
    judged in each unit (ward) of the programme's area; the others over the whole programme. ``TRAINED`` and
    ``NOMINATED`` read the pipeline: the women (young women when the goal says so) who completed a course in
    the year (training), and the women introduced as candidates in an election held in the year (elections)."""

    ACTIVITIES = "activities", _("number of activities")
    ACTIVITIES_PER_UNIT = "activities_per_unit", _("activities in each unit")
    PARTICIPANTS = "participants", _("number of participants")
    OUTPUT = "output", _("an output's total")
    TRAINED = "trained", _("women trained (from training)")
    NOMINATED = "nominated", _("women introduced as candidates (from elections)")


class TargetPeriod(models.TextChoices):
    YEAR = "year", _("each year")
    PERIOD = "period", _("over the whole period")


class Sex(models.TextChoices):
    """A counted participant's sex; ``UNKNOWN`` is a category of its own (a count that was not split)."""

    FEMALE = "female", _("female")
    MALE = "male", _("male")
    UNKNOWN = "unknown", _("unknown")


class AgeGroup(models.TextChoices):
    """Age groups of participants, at the activity's date (16–30: the Youth Union's ages)."""

    UNDER_16 = "under_16", _("under 16")
    FROM_16_TO_30 = "16_30", _("16 to 30")
    FROM_31_TO_45 = "31_45", _("31 to 45")
    FROM_46_TO_60 = "46_60", _("46 to 60")
    OVER_60 = "over_60", _("over 60")
    UNKNOWN = "unknown", _("unknown")


#: (age group, lowest age, highest age) for a named participant's age at the activity's first day.
AGE_BOUNDS: tuple[tuple[str, int, int], ...] = (
    (AgeGroup.UNDER_16.value, 0, 15),
    (AgeGroup.FROM_16_TO_30.value, 16, 30),
    (AgeGroup.FROM_31_TO_45.value, 31, 45),
    (AgeGroup.FROM_46_TO_60.value, 46, 60),
    (AgeGroup.OVER_60.value, 61, 200),
)


class ParticipantMode(models.TextChoices):
    """How an activity's participants are recorded: counted (by sex × age group) or named (people)."""

    COUNTED = "counted", _("counted")
    NAMED = "named", _("named")


class Audience(models.TextChoices):
    WOMEN = "women", _("women")
    YOUTH = "youth", _("young people")
    UNION_MEMBERS = "members", _("union members")
    COUPLES = "couples", _("people before and after marriage")
    STUDENTS = "students", _("pupils and students")
    CHILDREN = "children", _("children")
    CADRES = "cadres", _("cadres")
    RESIDENTS = "residents", _("residents")
    OTHER = "other", _("other")
