"""Upload a workbook, see the dry run (counts, every error, what would be created), confirm, download the
error report or the archived file. The confirmed import runs on the archived bytes, not a second upload."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from .models import ImportRecord, ImportStatus
from .report import error_workbook
from .services import RowError, import_file

MAX_UPLOAD = 50 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx, .xls, .ods, .csv)"))


def _mine(request: HttpRequest, pk: int) -> ImportRecord:
    return get_object_or_404(ImportRecord, pk=pk, user_id=request.user.pk)


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("The file is larger than 50 MB."))
        else:
            result = import_file(
                data=upload.read(), filename=upload.name, acting_user=request.user, dry_run=True
            )
            assert result.record is not None
            return redirect("import-preview", pk=result.record.pk)
    recent = ImportRecord.objects.filter(user_id=request.user.pk)[:10]  # type: ignore[misc]
    return render(request, "imports/upload.html", {"form": form, "recent": recent})


@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    record = _mine(request, pk)
    if request.method == "POST" and record.status == ImportStatus.DRY_RUN:
        result = import_file(data=bytes(record.content), filename=record.filename, acting_user=request.user)
        assert result.record is not None
        return redirect("import-preview", pk=result.record.pk)
    return render(request, "imports/preview.html", {"record": record})


@login_required
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    record = _mine(request, pk)
    errors = [RowError(**e) for e in record.errors]
    stem = record.filename.rsplit(".", 1)[0]
    response = HttpResponse(
        error_workbook(bytes(record.content), record.filename, errors),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}-loi.xlsx"'
    return response


@login_required
def import_original(request: HttpRequest, pk: int) -> HttpResponse:
    record = _mine(request, pk)
    response = HttpResponse(bytes(record.content), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{record.filename}"'
    return response
