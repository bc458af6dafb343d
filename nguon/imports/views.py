"""Upload a workbook, see the dry run (counts, every error, what would be created), confirm, download the
error report or the archived file. The confirmed import runs on the archived bytes, not a second upload."""

from __future__ import annotations

import logging
import threading
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nguon.core.downloads import download
from nguon.core.exporters import Rendered
from nguon.core.xlsx import XLSX

from .models import ImportRecord, ImportStatus
from .pipeline import import_file
from .report import error_workbook, error_workbook_name
from .results import RowError

MAX_UPLOAD = 50 * 1024 * 1024
logger = logging.getLogger(__name__)
KIND_LABELS = {
    "people": _("people"),
    "tenures": _("tenures"),
    "organizations": _("organizations"),
    "bodies": _("bodies"),
    "terms": _("terms"),
    "posts": _("posts"),
}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx, .xls, .ods, .csv)"))


def _mine(request: HttpRequest, pk: int) -> ImportRecord:
    return get_object_or_404(ImportRecord, pk=pk, user_id=request.user.pk)


def _run(token: str, data: bytes, filename: str, user: Any, dry_run: bool) -> None:
    """Run an import, publishing its progress in the cache under ``token`` for the page to poll."""
    key = f"import-progress:{token}"

    def progress(sheet: str, done: int, total: int) -> None:
        cache.set(key, {"sheet": sheet, "done": done, "total": total, "record": None}, 3600)

    try:
        result = import_file(
            data=data, filename=filename, acting_user=user, dry_run=dry_run, progress=progress
        )
        record = result.record.pk if result.record else None
        cache.set(key, {"sheet": "", "done": 1, "total": 1, "record": record}, 3600)
    except Exception:  # the page must learn that it failed; the error is logged
        logger.exception("import of %s failed", filename)
        cache.set(key, {"failed": True, "record": None}, 3600)
    finally:
        if settings.IMPORT_IN_BACKGROUND:
            connection.close()


def _start(request: HttpRequest, data: bytes, filename: str, dry_run: bool) -> HttpResponse:
    token = uuid.uuid4().hex
    cache.set(f"import-progress:{token}", {"sheet": "", "done": 0, "total": 0, "record": None}, 3600)
    args = (token, data, filename, request.user, dry_run)
    if settings.IMPORT_IN_BACKGROUND:
        threading.Thread(target=_run, args=args, daemon=True).start()
    else:
        _run(*args)
    return redirect("import-progress", token=token)


@login_required
def import_progress(request: HttpRequest, token: str) -> HttpResponse:
    """A page that polls this same URL (?format=json) and moves on to the result when the import ends."""
    state = cache.get(f"import-progress:{token}")
    if state is None:
        raise Http404
    if request.GET.get("format") == "json":
        if state.get("record"):
            state = {**state, "url": reverse("import-preview", args=[state["record"]])}
        return JsonResponse(state)
    return render(request, "imports/progress.html", {"token": token})


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("The file is larger than 50 MB."))
        else:
            return _start(request, upload.read(), upload.name, dry_run=True)
    recent = ImportRecord.objects.filter(user_id=request.user.pk)[:10]  # type: ignore[misc]
    return render(request, "imports/upload.html", {"form": form, "recent": recent})


@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    record = _mine(request, pk)
    if request.method == "POST" and record.status == ImportStatus.DRY_RUN:
        return _start(request, bytes(record.content), record.filename, dry_run=False)
    counts = [
        {"sheet": sheet, "label": KIND_LABELS.get(kind, kind), **c}
        for sheet, kinds in record.counts.items()
        for kind, c in kinds.items()
    ]
    changes = any(c["created"] or c["updated"] for c in counts)
    shown = record.details.get("matches", [])
    matched = record.details.get("matched", len(shown))  # all of them; the first MATCHES_KEPT are listed
    return render(
        request,
        "imports/preview.html",
        {"record": record, "counts": counts, "changes": changes, "matched": matched, "shown": len(shown)},
    )


@login_required
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    record = _mine(request, pk)
    errors = [RowError(**e) for e in record.errors]
    marked = error_workbook(bytes(record.content), record.filename, errors)
    return download(Rendered(error_workbook_name(record.filename), XLSX, marked))


@login_required
def import_original(request: HttpRequest, pk: int) -> HttpResponse:
    record = _mine(request, pk)
    return download(Rendered(record.filename, "application/octet-stream", bytes(record.content)))
