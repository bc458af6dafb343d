"""The archive of imports: every file users sent, with who, when, its hash, counts and errors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    """The outcome of an import; a dry run kept for the web flow's confirmation is ``DRY_RUN`` (pending)."""

    IMPORTED = "imported", _("imported")
    DRY_RUN = "dry_run", _("checked (dry run)")
    REFUSED = "refused", _("refused: errors")
    UNCHANGED = "unchanged", _("nothing to change")


class RecordKind(models.TextChoices):
    """What an import counts (created, updated, unchanged) on each sheet."""

    PEOPLE = "people", _("people")
    TENURES = "tenures", _("tenures")
    ORGANIZATIONS = "organizations", _("organizations")
    BODIES = "bodies", _("bodies")
    TERMS = "terms", _("terms")
    POSTS = "posts", _("posts")
    # the cadre pipeline's sheets (issue 10)
    POOLS = "pools", _("planning pools")
    POOL_EVENTS = "pool_events", _("lines of the planning log")
    PLANNING_DECISIONS = "planning_decisions", _("planning decisions")
    COURSES = "courses", _("courses")
    SESSIONS = "sessions", _("training classes")
    PARTICIPANTS = "participants", _("participants")
    CANDIDATE_LISTS = "candidate_lists", _("candidate lists")
    CANDIDACIES = "candidacies", _("candidates")
    RESULTS = "results", _("election results")


class ImportRecord(models.Model):
    """One file sent for import (nhập dữ liệu từ Excel), kept as it was sent so it can be downloaded again."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content = models.BinaryField(_("file"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    details = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_("Matches with registered people, what was created, notes."),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.at:%d/%m/%Y %H:%M})"
