"""Joint programmes (chương trình phối hợp) of two or more organizations, their goals and yearly plans, and the
activities (hoạt động) the unions hold: type, dates, place, organizers, participants (counted by sex × age
group, or named), outputs and files.

A goal's actual is never typed: ``nguon.programmes.progress`` computes it from the activities, the trainings
and the candidate lists (issue 11 §1). Activities are written only through ``nguon.programmes.services``,
whose one rule (``activity_check``) serves the form, the API and the import sheet.
"""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from nguon.areas.models import Area
from nguon.organizations.models import Organization
from nguon.people.models import Person

from .choices import AgeGroup, Audience, GoalMeasure, ParticipantMode, PartyRole, Sex, TargetPeriod


class ActivityType(models.Model):
    """A kind of activity (loại hoạt động), in a two-level taxonomy: a group ("Bảo vệ môi trường") and its
    kinds ("Trồng cây xanh"). Seeded from the article by a migration; editable in the administration."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class OutputKind(models.Model):
    """A measured output of activities with its unit: trees planted (cây), scrap collected (kg), illegal
    adverts removed (tờ), money raised (đồng) … Seeded by a migration; editable in the administration."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    unit = models.CharField(_("unit"), max_length=30)
    is_money = models.BooleanField(_("an amount of money (VND)"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("output kind")
        verbose_name_plural = _("output kinds")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class Programme(models.Model):
    """A joint programme signed by two or more organizations for a period, e.g. "Chương trình phối hợp giữa
    Hội LHPN quận và Quận đoàn Hoàn Kiếm giai đoạn 2015–2020". ``area`` is where it applies: its units (for
    goals judged per unit) are the areas directly under it, as they were in each year."""

    title = models.CharField(_("title"), max_length=250)
    number = models.CharField(_("number and symbol"), max_length=80, blank=True, help_text=_("e.g. 05/CTPH"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    organizations = models.ManyToManyField(
        Organization, through="ProgrammeParty", verbose_name=_("organizations"), related_name="programmes"
    )
    follows = models.ForeignKey(
        "self",
        verbose_name=_("follows"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_by",
        help_text=_("The programme of the previous period."),
    )
    document = models.CharField(_("document"), max_length=250, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("joint programme")
        verbose_name_plural = _("joint programmes")
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="programme_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProgrammeParty(models.Model):
    """An organization that signed a programme (at least two per programme: ``services.programme_check``)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="parties"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=10, choices=PartyRole.choices, default=PartyRole.PARTNER)

    class Meta:
        verbose_name = _("party to the programme")
        verbose_name_plural = _("parties to the programme")
        ordering = ["programme_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "organization"], name="programme_party_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.programme}"


class Goal(models.Model):
    """A goal with a measurable indicator and a target (chỉ tiêu), e.g. "Mỗi phường tổ chức ít nhất 2 hoạt động
    phối hợp mỗi năm" (ACTIVITIES_PER_UNIT, 2, YEAR). ``activity_type`` narrows the activities counted (its
    group counts its kinds too); ``output_kind`` is the output an OUTPUT goal sums; ``young_only`` narrows
    TRAINED and NOMINATED to young women (under the age the pipeline calls young)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="goals"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("goal"), max_length=500)
    measure = models.CharField(_("indicator"), max_length=30, choices=GoalMeasure.choices)
    period = models.CharField(_("target for"), max_length=10, choices=TargetPeriod.choices)
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. hoạt động, người, cây"))
    activity_type = models.ForeignKey(
        ActivityType, verbose_name=_("activity type"), null=True, blank=True, on_delete=models.PROTECT
    )
    output_kind = models.ForeignKey(
        OutputKind, verbose_name=_("output"), null=True, blank=True, on_delete=models.PROTECT
    )
    young_only = models.BooleanField(_("young women only"), default=False)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["programme_id", "position", "id"]

    def __str__(self) -> str:
        return self.text


class YearPlan(models.Model):
    """The yearly plan (kế hoạch năm) of a programme: its document, and targets that replace the goals'
    default targets for that year (``YearTarget``)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="year_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("number and symbol"), max_length=80, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("yearly plan")
        verbose_name_plural = _("yearly plans")
        ordering = ["programme_id", "year"]
        constraints = [models.UniqueConstraint(fields=["programme", "year"], name="year_plan_unique")]

    def __str__(self) -> str:
        return f"{self.programme} — {self.year}"


class YearTarget(models.Model):
    """A goal's target for one year, set by the yearly plan (instead of the goal's own yearly target)."""

    plan = models.ForeignKey(
        YearPlan, verbose_name=_("yearly plan"), on_delete=models.CASCADE, related_name="targets"
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="year_targets"
    )
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        ordering = ["plan_id", "goal_id"]
        constraints = [models.UniqueConstraint(fields=["plan", "goal"], name="year_target_unique")]

    def __str__(self) -> str:
        return f"{self.goal} — {self.plan.year}: {self.target}"


class Activity(models.Model):
    """An activity held by one organization (``organizer``) with others (``co_organizers``), from
    ``start_date`` to ``end_date`` (one day when empty), in ``area`` (the area as it was that day; the street
    or place in ``place``). Participants are counted (``ActivityCount`` rows by sex × age group, their sum is
    ``participants``) or named (``ActivityParticipant``; ``participants`` is then their number)."""

    title = models.CharField(_("title"), max_length=250)
    type = models.ForeignKey(
        ActivityType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="activities"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    area = models.ForeignKey(Area, verbose_name=_("place (area)"), on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("place"), max_length=250, blank=True)
    organizer = models.ForeignKey(
        Organization, verbose_name=_("organized by"), on_delete=models.PROTECT, related_name="activities"
    )
    co_organizers = models.ManyToManyField(
        Organization, verbose_name=_("co-organized by"), blank=True, related_name="co_organized_activities"
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, blank=True)
    participant_mode = models.CharField(
        _("participants"), max_length=10, choices=ParticipantMode.choices, default=ParticipantMode.COUNTED
    )
    participants = models.PositiveIntegerField(_("number of participants"), default=0)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["programme", "start_date"], name="activity_programme_date")]

    def __str__(self) -> str:
        return self.title


class ActivityCount(models.Model):
    """How many counted participants of one sex and age group (``UNKNOWN`` is a category, not a gap)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="counts"
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    count = models.PositiveIntegerField(_("number"))

    class Meta:
        verbose_name = _("participant count")
        verbose_name_plural = _("participant counts")
        ordering = ["activity_id", "sex", "age_group"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "sex", "age_group"], name="activity_count_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity} — {self.sex} {self.age_group}: {self.count}"


class ActivityParticipant(models.Model):
    """A named participant (a person of the registry), once per activity."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="named"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="activity_participations"
    )

    class Meta:
        verbose_name = _("named participant")
        verbose_name_plural = _("named participants")
        ordering = ["activity_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="activity_participant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.activity}"


class ActivityOutput(models.Model):
    """An output of the activity: 120 trees, 350 kg of scrap, 15.000.000 đồng raised …"""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="outputs"
    )
    kind = models.ForeignKey(OutputKind, verbose_name=_("output"), on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(
        _("quantity"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        ordering = ["activity_id", "kind__position", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "kind"], name="activity_output_unique")]

    def __str__(self) -> str:
        return f"{self.activity} — {self.kind}: {self.quantity}"


def activity_file_path(instance: ActivityFile, filename: str) -> str:
    """Files live outside the database under the storage's root, named by their SHA-256 (no user-typed name
    on the disk): ``activities/ab/abcdef….jpg``."""
    return f"activities/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class ActivityFile(models.Model):
    """A photo or document of an activity. The content is checked (size, real type) by
    ``services.file_check`` and stored on disk (settings.STORAGES["default"]); editing the activity never
    touches its files, only ``services.file_remove`` does, and it keeps the row (``removed_at``) and the
    file."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=activity_file_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    uploaded_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["activity_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
