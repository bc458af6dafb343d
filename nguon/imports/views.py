"""Upload a workbook, see the dry run (counts, every error, what would be created), confirm, download the
error report or the archived file. The confirmed import runs on the archived bytes, not a second upload.

Every page needs the edit level (``scoped(level=Level.EDIT)``); the records are read through
``selectors.import_record_list/get`` (a user's own imports; a manager's users'; everything for
administrators), and the pipeline checks each row against the user's scope (``scoping``). Downloads of the
file as sent and of the marked workbook hold names: each is written to the personal-data log.

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
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.core.access import scoped
from nguon.core.downloads import download
from nguon.core.exporters import Rendered
from nguon.core.formats import format_int
from nguon.core.labels import label
from nguon.core.scope import Level

from .models import ImportRecord, ImportStatus, RecordKind
from .pipeline import import_file
from .reading import probe
from .report import ErrorWorkbookExporter
from .results import Omitted, RowError
from .selectors import import_record_get, import_record_list, import_record_people
from .structure import StructurePolicy
from .uploads import LimitedUploadHandler

RECENT = 20  #: imports listed on the upload page
logger = logging.getLogger(__name__)


def max_upload() -> int:
    """The largest file accepted, in bytes (``settings.IMPORT_MAX_BYTES``, 50 MB by default)."""
    return int(getattr(settings, "IMPORT_MAX_BYTES", 50 * 1024 * 1024))


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx, .xls, .ods, .csv)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".xlsx,.xlsm,.xls,.ods,.csv"}
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_upload():
            raise forms.ValidationError(too_large())
        return upload


def too_large() -> str:
    return _("The file is larger than %(size)s MB: split it, or ask an administrator to import it.") % {
        "size": format_int(max_upload() // (1024 * 1024))
    }


def _record(request: HttpRequest, pk: int) -> ImportRecord:
    return import_record_get(scope=request.scope, user=request.user, pk=pk)  # type: ignore[attr-defined]


def _run(
    token: str,
    data: bytes,
    filename: str,
    user: Any,
    confirming: ImportRecord | None,
    structure: StructurePolicy | None = None,
) -> None:
    """Check a file (kept as a pending record), or import the file of the pending record ``confirming``,
    publishing the progress in the cache under ``token`` for the page to poll (only its user may)."""
    key = f"import-progress:{token}"

    def progress(sheet: str, done: int, total: int) -> None:
        cache.set(key, {"sheet": sheet, "done": done, "total": total, "record": None, "user": user.pk}, 3600)

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
        cache.set(key, {"sheet": "", "done": 1, "total": 1, "record": record, "user": user.pk}, 3600)
    except Exception:  # the page must learn that it failed; the error is logged
        logger.exception("import of %s failed", filename)
        cache.set(key, {"failed": True, "record": None, "user": user.pk}, 3600)
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
    state = {"sheet": "", "done": 0, "total": 0, "record": None, "user": request.user.pk}
    cache.set(f"import-progress:{token}", state, 3600)
    args = (token, data, filename, request.user, confirming, structure)
    if settings.IMPORT_IN_BACKGROUND:
        threading.Thread(target=_run, args=args, daemon=True).start()
    else:
        _run(*args)
    return redirect("import-progress", token=token)


@scoped(level=Level.EDIT)
def import_progress(request: HttpRequest, token: str) -> HttpResponse:
    """The progress of the user's own import. The page polls this URL through htmx every second (the
    fragment ``_progress.html``; no script of its own) and is sent on to the result when the import ends
    (``HX-Redirect``); ``?format=json`` answers the state as JSON."""
    state = cache.get(f"import-progress:{token}")
    if state is None or state.get("user") != request.user.pk:
        raise Http404
    url = reverse("import-preview", args=[state["record"]]) if state.get("record") else ""
    if request.GET.get("format") == "json":
        return JsonResponse({**state, "url": url} if url else state)
    if url:
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
    context = {"token": token, "state": state}
    if request.headers.get("HX-Request"):
        return render(request, "imports/_progress.html", context)
    return render(request, "imports/progress.html", context)


@csrf_exempt  # the upload handler must be in place before the CSRF check reads the body: checked below
@scoped(level=Level.EDIT)
def import_upload(request: HttpRequest) -> HttpResponse:
    """The upload form and the recent imports the user may read (hers; a manager's users'; all for an
    administrator). A file over the limit stops being read as soon as it passes it."""
    request.upload_handlers.insert(0, LimitedUploadHandler(request, max_upload()))
    return _upload(request)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if getattr(request, "upload_too_large", False):
        form = UploadForm(request.POST, MultiValueDict())
        form.is_valid()
        form.errors["file"] = form.error_class([too_large()])
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        verdict = probe(data, upload.name, max_bytes=max_upload())  # refused before anything is kept
        if verdict.ok:
            return _start(request, data, upload.name)
        form.add_error("file", verdict.problem or "")
    scope = request.scope  # type: ignore[attr-defined]
    recent = list(import_record_list(scope=scope, user=request.user)[:RECENT])
    others = any(r.user_id != request.user.pk for r in recent)
    return render(
        request,
        "imports/upload.html",
        {"form": form, "recent": recent, "show_user": others, "max_mb": max_upload() // (1024 * 1024)},
    )


@scoped(level=Level.EDIT)
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    own = record.user_id == request.user.pk
    if request.method == "POST" and record.status == ImportStatus.DRY_RUN:
        if not own:  # only the user who checked the file confirms it
            raise Http404
        # new structure only if the user ticked "Create new structure", near-duplicates only those ticked
        structure = StructurePolicy(
            create_new=request.POST.get("create_structure") == "on",
            confirmed=frozenset(request.POST.getlist("confirm")),
        )
        return _start(request, _content(record), record.filename, confirming=record, structure=structure)
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
            "own": own,
            "counts": counts,
            "changes": changes,
            "matched": matched,
            "shown": len(shown),
            "error_count": record.details.get("error_count", len(record.errors)),
            "omitted": omitted,
            "marked": record.details.get("readable", True) and request.GET.get("report") != "none",
            **_structure(record, admin=request.scope.is_admin),  # type: ignore[attr-defined]
        },
    )


def _link(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # a page not (yet) on the site: the name without a link
        return ""


def _structure(record: ImportRecord, *, admin: bool) -> dict[str, Any]:
    """The missing structure the check found (genuinely new, near-duplicates with their proposal), and,
    after an import, what it created, each with a link to its page (organizations on the site; the others in
    the administration, for administrators)."""
    proposals = [p for p in record.details.get("proposals", []) if p.get("allowed", True)]
    created = []
    if record.status == ImportStatus.IMPORTED:
        ids = record.details.get("created_ids", {})
        for kind, names in record.details.get("created", {}).items():
            page = _PAGE.get(kind) or (_ADMIN_CHANGE.get(kind) if admin else None)
            items = [
                (name, _link(page, pk) if page else "")
                for name, pk in zip(names[:LINKS_SHOWN], ids.get(kind, []), strict=False)
            ]
            created.append(
                {"label": label(RecordKind, kind), "items": items, "more": len(names) - len(items)}
            )
    written = record.status == ImportStatus.IMPORTED and any(
        kinds.get(kind, {}).get("created") or kinds.get(kind, {}).get("updated")
        for kinds in record.counts.values()
        for kind in ("people", "tenures")
    )
    return {
        "new_structure": [p for p in proposals if not p["proposal"]][:LINKS_SHOWN],
        "near_structure": [p for p in proposals if p["proposal"]],
        "created_structure": created,
        "people_link": _link("person-list") if written else "",
    }


LINKS_SHOWN = 200  #: created organizations, posts … linked one by one after an import (the rest counted)
_PAGE = {"organizations": "organization-detail"}
_ADMIN_CHANGE = {
    "bodies": "admin:organizations_body_change",
    "terms": "admin:organizations_term_change",
    "posts": "admin:organizations_post_change",
}


def _content(record: ImportRecord) -> bytes:
    return bytes(ImportRecord.objects.filter(pk=record.pk).values_list("content", flat=True).get())


def _logged(request: HttpRequest, record: ImportRecord, what: str) -> None:
    """A download of the file (or of its marked copy) in the personal-data log, with the people it names."""
    personal_data_logged(
        user=request.user,
        kind=AccessKind.DOWNLOAD,
        what=what,
        people_count=import_record_people(record),
        path=request.path,
    )


@scoped(level=Level.EDIT)
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """The user's workbook with the errors marked; for a file that could not be read (nothing to mark),
    or one the report cannot rebuild, back to the errors on the page, never a server error."""
    record = _record(request, pk)
    back = f"{reverse('import-preview', args=[record.pk])}?report=none"
    if not record.details.get("readable", True):
        return redirect(back)
    content = _content(record)
    if not content:
        return redirect(back)
    errors = [RowError(**e) for e in record.errors]
    try:  # in Vietnamese whatever the page's language, as every workbook (core.exporters.LANGUAGE)
        marked = ErrorWorkbookExporter(content, record.filename, errors).render()
    except Exception:  # a file calamine read but openpyxl cannot rebuild: the errors are on the page
        logger.exception("error workbook of import %s", record.pk)
        return redirect(back)
    _logged(request, record, _("Import %(file)s with its errors marked") % {"file": record.filename})
    return download(marked)


@scoped(level=Level.EDIT)
def import_original(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    _logged(request, record, _("Import %(file)s as sent") % {"file": record.filename})
    return download(Rendered(record.filename, "application/octet-stream", _content(record)))
