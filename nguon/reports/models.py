"""Reports (báo cáo): custom templates an administrator uploads, issued reports that keep their figures, and
batches (all units of an area) with their progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nguon.areas.models import Area

from .choices import BatchStatus, ReportKind


class ReportTemplate(models.Model):
    """A Word template (mẫu báo cáo, docxtpl) uploaded for one report kind; the active one replaces the default
    shipped in ``nguon/reports/default_templates/``. It is checked when uploaded (``services.template_upload``):
    a template that does not render is refused with the tag and paragraph at fault, never stored."""

    kind = models.CharField(_("report kind"), max_length=30, choices=ReportKind.choices)
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("file"), upload_to="report-templates/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    active = models.BooleanField(_("in use"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["kind", "-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(active=True), name="report_template_one_active_per_kind"
            )
        ]

    def __str__(self) -> str:
        return self.name


class IssuedReport(models.Model):
    """A report as issued (báo cáo đã ban hành): the context it was written from (the figures and the people
    behind them, ``context``), the Word file, and their hashes. It re-opens as issued, whatever the data
    become; ``services.report_compare`` lists what changed since, figure by figure. Never edited: a
    corrected report is issued again."""

    kind = models.CharField(_("report kind"), max_length=30, choices=ReportKind.choices)
    title = models.CharField(_("title"), max_length=500)
    number = models.CharField(_("number and symbol"), max_length=100, blank=True)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)
    at = models.DateField(_("figures as of"))
    params = models.JSONField(_("parameters"), default=dict)
    context = models.JSONField(_("context"))
    context_sha256 = models.CharField(_("SHA-256 of the context"), max_length=64)
    docx = models.FileField(_("Word file"), upload_to="reports/")
    docx_sha256 = models.CharField(_("SHA-256 of the Word file"), max_length=64)
    template = models.ForeignKey(
        ReportTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["area", "kind"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class ReportBatch(models.Model):
    """The reports of every unit of an area (một loạt báo cáo), written one by one in the background; the page
    and the command show its progress. The files land in a ZIP kept with the batch."""

    kind = models.CharField(_("report kind"), max_length=30, choices=ReportKind.choices)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    params = models.JSONField(_("parameters"), default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("units"), default=0)
    done = models.PositiveIntegerField(_("written"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    message = models.TextField(_("message"), blank=True)
    archive = models.FileField(_("archive"), upload_to="report-batches/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report batch")
        verbose_name_plural = _("report batches")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.area}"
