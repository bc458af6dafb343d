"""The reports in the admin: Word templates uploaded through ``services.template_upload`` (checked first: a
template with errors is refused with the tag and where, nothing stored) and taken out of use through
``template_deactivate``; issued reports and batches are read only (an issued report is never edited)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from nguon.core.admin_mixins import SOURCE, AuditedAdmin, _copy

from . import services
from .models import IssuedReport, ReportBatch, ReportTemplate
from .renderers import docx as docx_renderer


class ReportTemplateForm(forms.ModelForm):  # type: ignore[type-arg]
    upload = forms.FileField(label=_("Word file (.docx)"), required=False)

    class Meta:
        model = ReportTemplate
        fields = ("kind", "name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk:
            return data
        upload = data.get("upload")
        if upload is None:
            self.add_error("upload", _("Choose the Word file of the template."))
            return data
        content = upload.read()
        data["content"] = content
        if not content:
            self.add_error("upload", _("The file is empty."))
        elif data.get("kind"):
            for problem in docx_renderer.check_template(content, kind=data["kind"]):
                where = f" ({problem.where})" if problem.where else ""
                self.add_error("upload", f"{problem.message}{where}")
        return data


@admin.register(ReportTemplate)
class ReportTemplateAdmin(AuditedAdmin):
    form = ReportTemplateForm
    list_display = ("name", "kind", "active", "uploaded_by", "uploaded_at")
    list_filter = ("kind", "active")
    actions = ["deactivate"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is not None and obj.pk:
            return ("kind", "name", "file", "sha256", "active", "uploaded_by", "uploaded_at")
        return ()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:  # type: ignore[override]
        if obj is not None and obj.pk:
            return list(self.get_readonly_fields(request, obj))
        return ["kind", "name", "upload"]

    def create(self, request: HttpRequest, obj: Any, data: dict[str, Any]) -> models.Model:
        form_data = self._form_data
        return services.template_upload(
            kind=obj.kind, name=obj.name, data=form_data["content"], acting_user=request.user, source=SOURCE
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            return  # read only once uploaded
        self._form_data = form.cleaned_data
        saved = self.create(request, obj, {})
        _copy(saved, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # issued reports point at the template they were written with

    @admin.action(description=_("Take the selected templates out of use"))
    def deactivate(self, request: HttpRequest, queryset: Any) -> None:
        n = 0
        for template in queryset.filter(active=True):
            try:
                services.template_deactivate(template=template, acting_user=request.user, source=SOURCE)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            n += 1
        self.message_user(request, _("%(n)s templates taken out of use.") % {"n": n}, messages.SUCCESS)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IssuedReport)
class IssuedReportAdmin(ReadOnlyAdmin):
    list_display = ("title", "number", "kind", "area", "at", "issued_by", "issued_at")
    list_filter = ("kind",)
    search_fields = ("title", "number")
    exclude = ("context",)  # the figures with the names behind them: read on the report's page
    list_select_related = ("area", "issued_by")


@admin.register(ReportBatch)
class ReportBatchAdmin(ReadOnlyAdmin):
    list_display = ("kind", "area", "status", "done", "failed", "total", "requested_by", "requested_at")
    list_filter = ("kind", "status")
    list_select_related = ("area", "requested_by")
