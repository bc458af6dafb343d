from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    """The report kinds (loại báo cáo); each has one builder in ``nguon.reports.builders``."""

    PROGRAMME_REVIEW = "programme_review", _("Programme review")  # báo cáo tổng kết / sơ kết chương trình
    REPRESENTATION = "representation", _("Representation report")  # báo cáo tỷ lệ nữ, trẻ tham gia cấp ủy …
    PIPELINE = "pipeline", _("Planning pipeline report")  # báo cáo công tác quy hoạch
    ANNUAL_ACTIVITY = "annual_activity", _("Annual activity report")  # báo cáo hoạt động năm


class ReportFormat(models.TextChoices):
    DOCX = "docx", "Word (.docx)"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", _("Excel annex (.xlsx)")
    HTML = "html", _("Preview")


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
