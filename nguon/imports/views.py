"""Upload a workbook, see the dry run (counts, every error, what would be created), confirm, download the
error report or the archived file. The confirmed import runs on the archived bytes, not a second upload.

A file that is no spreadsheet (or is too large, or protected by a password) is refused at the upload,
before anything is kept. A check keeps the file as a pending record (``ImportStatus.DRY_RUN``) for its
confirmation, which then holds the import's outcome; a user's older pending checks are removed (see
``pipeline.PENDING_KEPT``), so abandoned checks do not pile up."""

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
from nguon.core.labels import label
from nguon.core.xlsx import XLSX

from .models import ImportRecord, ImportStatus, RecordKind
from .pipeline import import_file
from .reading import probe
from .report import error_workbook, error_workbook_name
from .results import Omitted, RowError
from .structure import StructurePolicy

MAX_UPLOAD = 50 * 1024 * 1024
logger = logging.getLogger(__name__)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx, .xls, .ods, .csv)"))


def _mine(request: HttpRequest, pk: int) -> ImportRecord:
    return get_object_or_404(ImportRecord, pk=pk, user_id=request.user.pk)


def _run(
    token: str,
    data: bytes,
    filename: str,
    user: Any,
    confirming: ImportRecord | None,
    structure: StructurePolicy | None = None,
) -> None:
    """Check a file (kept as a pending record), or import the file of the pending record ``confirming``,
    publishing the progress in the cache under ``token`` for the page to poll."""
    key = f"import-progress:{token}"

    def progress(sheet: str, done: int, total: int) -> None:
        cache.set(key, {"sheet": sheet, "done": done, "total": total, "record": None}, 3600)

    try:
        result = import_file(
            data=data,
            filename=filename,
            acting_user=user,
            dry_run=confirming is None,
            pending=confirming is None,
            confirming=confirming,
            progress=progress,
            # the check lists near-duplicates with their proposal, for the user to confirm one by one
            structure=structure or StructurePolicy(create_near=True),
        )
        record = result.record.pk if result.record else None
        cache.set(key, {"sheet": "", "done": 1, "total": 1, "record": record}, 3600)
    except Exception:  # the page must learn that it failed; the error is logged
        logger.exception("import of %s failed", filename)
        cache.set(key, {"failed": True, "record": None}, 3600)
    finally:
        if settings.IMPORT_IN_BACKGROUND:
            connection.close()


def _start(
    request: HttpRequest,
    data: bytes,
    filename: str,
    confirming: ImportRecord | None = None,
    structure: StructurePolicy | None = None,
) -> HttpResponse:
    token = uuid.uuid4().hex
    cache.set(f"import-progress:{token}", {"sheet": "", "done": 0, "total": 0, "record": None}, 3600)
    args = (token, data, filename, request.user, confirming, structure)
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
            data = upload.read()
            verdict = probe(data, upload.name, max_bytes=MAX_UPLOAD)  # refused before anything is kept
            if verdict.ok:
                return _start(request, data, upload.name)
            form.add_error("file", verdict.problem or "")
    recent = ImportRecord.objects.filter(user_id=request.user.pk)[:10]  # type: ignore[misc]
    return render(request, "imports/upload.html", {"form": form, "recent": recent})


@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    record = _mine(request, pk)
    if request.method == "POST" and record.status == ImportStatus.DRY_RUN:
        # new structure only if the user ticked "Create new structure", near-duplicates only those ticked
        structure = StructurePolicy(
            create_new=request.POST.get("create_structure") == "on",
            confirmed=frozenset(request.POST.getlist("confirm")),
        )
        return _start(request, bytes(record.content), record.filename, confirming=record, structure=structure)
    counts = [
        {"sheet": sheet, "label": label(RecordKind, kind), **c}
        for sheet, kinds in record.counts.items()
        for kind, c in kinds.items()
    ]
    changes = any(c["created"] or c["updated"] for c in counts)
    shown = record.details.get("matches", [])
    matched = record.details.get("matched", len(shown))  # all of them; the first MATCHES_KEPT are listed
    omitted = [Omitted(**o).text() for o in record.details.get("omitted", [])]
    return render(
        request,
        "imports/preview.html",
        {
            "record": record,
            "counts": counts,
            "changes": changes,
            "matched": matched,
            "shown": len(shown),
            "error_count": record.details.get("error_count", len(record.errors)),
            "omitted": omitted,
            "marked": record.details.get("readable", True) and request.GET.get("report") != "none",
            **_structure(record),
        },
    )


def _structure(record: ImportRecord) -> dict[str, Any]:
    """The missing structure the check found (genuinely new, near-duplicates with their proposal), and,
    after an import, what it created, each with a link to its administration page."""
    proposals = [p for p in record.details.get("proposals", []) if p.get("allowed", True)]
    created = []
    if record.status == ImportStatus.IMPORTED:
        ids = record.details.get("created_ids", {})
        for kind, names in record.details.get("created", {}).items():
            url = _ADMIN_CHANGE.get(kind)
            items = [
                (name, reverse(url, args=[pk]) if url else "")
                for name, pk in zip(names[:LINKS_SHOWN], ids.get(kind, []), strict=False)
            ]
            created.append(
                {"label": label(RecordKind, kind), "items": items, "more": len(names) - len(items)}
            )
    return {
        "new_structure": [p for p in proposals if not p["proposal"]][:LINKS_SHOWN],
        "near_structure": [p for p in proposals if p["proposal"]],
        "created_structure": created,
        "written_links": [
            (label(RecordKind, kind), reverse(url))
            for kind, url in _ADMIN_LIST.items()
            if record.status == ImportStatus.IMPORTED
            and any(
                kinds.get(kind, {}).get("created") or kinds.get(kind, {}).get("updated")
                for kinds in record.counts.values()
            )
        ],
    }


LINKS_SHOWN = 200  #: created organizations, posts … linked one by one after an import (the rest counted)
_ADMIN_CHANGE = {
    "organizations": "admin:organizations_organization_change",
    "bodies": "admin:organizations_body_change",
    "terms": "admin:organizations_term_change",
    "posts": "admin:organizations_post_change",
}
_ADMIN_LIST = {"people": "admin:people_person_changelist", "tenures": "admin:organizations_tenure_changelist"}


@login_required
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """The user's workbook with the errors marked; for a file that could not be read (nothing to mark),
    or one the report cannot rebuild, back to the errors on the page, never a server error."""
    record = _mine(request, pk)
    if not record.details.get("readable", True) or not record.content:
        return redirect(f"{reverse('import-preview', args=[record.pk])}?report=none")
    errors = [RowError(**e) for e in record.errors]
    try:
        marked = error_workbook(bytes(record.content), record.filename, errors)
    except Exception:  # a file calamine read but openpyxl cannot rebuild: the errors are on the page
        logger.exception("error workbook of import %s", record.pk)
        return redirect(f"{reverse('import-preview', args=[record.pk])}?report=none")
    return download(Rendered(error_workbook_name(record.filename), XLSX, marked))


@login_required
def import_original(request: HttpRequest, pk: int) -> HttpResponse:
    record = _mine(request, pk)
    return download(Rendered(record.filename, "application/octet-stream", bytes(record.content)))
