"""URLs of the report pages. A format or a kind is a fixed segment of its own route (``{"fmt": "docx"}``), so
that every route can be walked (nguon/web/tests/test_scope_walk.py) and ``reverse("report-download",
kwargs={"fmt": "pdf"})`` still works."""

from django.urls import URLPattern, path

from . import views
from .choices import ReportKind

FORMATS = ("docx", "pdf", "xlsx")

urlpatterns: list[URLPattern] = [
    path("reports/", views.report_list, name="report-list"),
    path("reports/preview/", views.report_preview, name="report-preview"),
    *[
        path(f"reports/download/{fmt}/", views.report_download, {"fmt": fmt}, name="report-download")
        for fmt in FORMATS
    ],
    path("reports/issue/", views.report_issue, name="report-issue"),
    path("reports/issued/", views.issued_list, name="report-issued-list"),
    path("reports/issued/<int:pk>/", views.issued_detail, name="report-issued-detail"),
    *[
        path(f"reports/issued/<int:pk>/{fmt}/", views.issued_file, {"fmt": fmt}, name="report-issued-file")
        for fmt in FORMATS
    ],
    path("reports/issued/<int:pk>/compare/", views.issued_compare, name="report-issued-compare"),
    path("reports/templates/", views.template_list, name="report-templates"),
    *[
        path(
            f"reports/templates/default/{kind}/",
            views.template_default,
            {"kind": kind},
            name="report-template-default",
        )
        for kind in ReportKind.values
    ],
    path("reports/templates/<int:pk>/file/", views.template_file, name="report-template-file"),
    path(
        "reports/templates/<int:pk>/deactivate/", views.template_deactivate, name="report-template-deactivate"
    ),
    path("reports/batches/add/", views.batch_add, name="report-batch-add"),
    path("reports/batches/<int:pk>/", views.batch_detail, name="report-batch-detail"),
    path("reports/batches/<int:pk>/archive/", views.batch_archive, name="report-batch-archive"),
]
