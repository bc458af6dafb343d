"""Training (đào tạo, bồi dưỡng): courses, their sessions (classes), participants with results and
certificates. A person's qualifications follow from the courses she completed (``training.selectors``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nguon.core.services import Errors, check_dates, raise_errors
from nguon.organizations.models import Organization
from nguon.people.models import Person

from .choices import CourseKind, Grants, Result


class Course(models.Model):
    """A course (chương trình đào tạo, bồi dưỡng), e.g. "Trung cấp lý luận chính trị - hành chính". A completed
    course raises ``grants`` to ``grants_level`` (a code of ``people.choices``: "trung_cap", "chuyen_vien" …)."""

    organizer = models.ForeignKey(
        Organization, verbose_name=_("organized by"), on_delete=models.PROTECT, related_name="courses"
    )
    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind.choices)
    grants = models.CharField(_("qualification it gives"), max_length=20, choices=Grants.choices, blank=True)
    grants_level = models.CharField(_("level it gives"), max_length=30, blank=True)
    provider = models.CharField(
        _("taught by"), max_length=250, blank=True, help_text=_("e.g. Trường Chính trị Tô Hiệu")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["organizer_id", "kind", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One class of a course (lớp, khóa), with its dates and place."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions"
    )
    name = models.CharField(_("name"), max_length=250)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["course_id", "start_date", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: Errors = {}
        check_dates(errors, self.start_date, self.end_date)
        raise_errors(errors)


class Participation(models.Model):
    """A person in a session, her result and certificate (chứng chỉ, bằng)."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="participations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, default=Result.ENROLLED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certificate = models.CharField(_("certificate number"), max_length=100, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["session_id", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="participation_unique")]

    def __str__(self) -> str:
        return f"{self.person} — {self.session}"
