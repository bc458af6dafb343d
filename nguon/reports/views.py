"""The report pages (issue 12 §7): the form that writes a report, its HTML preview, the downloads (Word, PDF,
the Excel annex), issuing; the issued reports (re-opened as issued, their files, the comparison with today's
data); the Word templates (administrators); a batch for every unit of an area, its progress polled by htmx.

Views parse the request, call selectors with ``request.scope`` and services with ``acting_user``, render.
The builders refuse an area outside the scope (PermissionDenied) and a report that cannot be written as
asked (``ReportError``: its message goes on its field).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.areas.models import Area
from nguon.core.access import scoped
from nguon.core.downloads import download
from nguon.core.exporters import Rendered
from nguon.core.formats import format_date
from nguon.core.scope import Level, Scope
from nguon.organizations.selectors import organization_list
from nguon.people.forms import style_fields
from nguon.people.selectors import people_readable
from nguon.programmes.selectors import programme_list

from . import selectors, services
from .builders import ReportError
from .choices import BatchStatus, ReportKind
from .context import ReportContext
from .forms import PARAM_FIELDS, UNIONS, BatchForm, ReportForm, TemplateUploadForm
from .models import IssuedReport, ReportBatch, ReportTemplate
from .renderers import html as html_renderer
from .renderers.pdf import PdfUnavailable

FORMATS = ("docx", "pdf", "xlsx")
DEFAULT_TEMPLATES = Path(__file__).resolve().parent / "default_templates"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _scope(request: HttpRequest) -> Scope:
    return request.scope  # type: ignore[attr-defined, no-any-return]


# --- the form ----------------------------------------------------------------------------------------------
def _area_label(area: Area) -> str:
    if area.valid_to:
        return _("%(name)s (until %(day)s)") % {"name": area.name, "day": format_date(area.valid_to)}
    return str(area.name)


def _areas(scope: Scope) -> Any:
    return Area.objects.filter(scope.areas_q(Level.ANALYSE)).order_by("path", "name", "id")


def _form(scope: Scope, data: QueryDict | None) -> ReportForm:
    form = ReportForm(
        data,
        areas=_areas(scope),
        programmes=programme_list(scope=scope).order_by("-start_date", "id"),
        organizations=organization_list(scope=scope, level=Level.VIEW)
        .filter(kind__in=UNIONS)
        .order_by("area__path", "name", "id"),
    )
    form.fields["area"].label_from_instance = _area_label  # type: ignore[attr-defined]
    return form


def _bound(data: QueryDict) -> bool:
    return any(k in data for k in PARAM_FIELDS)


def _query(form: ReportForm) -> str:
    """The request's parameters as a query string (the preview's links to the downloads and back)."""
    data = form.data
    return urlencode([(k, data.get(k, "")) for k in PARAM_FIELDS if data.get(k)])


def _can_issue(scope: Scope, area: Area | None) -> bool:
    return area is not None and scope.covers_area(area, Level.EDIT)


def _report_page(
    request: HttpRequest, form: ReportForm, *, error: str = "", status: int = 200
) -> HttpResponse:
    scope = _scope(request)
    return render(
        request,
        "reports/report_list.html",
        {
            "form": style_fields(form),
            "error": error,
            "kinds": ReportKind.choices,
            "recent": list(selectors.issued_list(scope=scope).select_related("area", "issued_by")[:5]),
            "can_edit": scope.allows(Level.EDIT),
            "is_admin": scope.unrestricted,
            "batch_form": style_fields(BatchForm(areas=_areas(scope), prefix="batch")),
        },
        status=status,
    )


def _build(request: HttpRequest, form: ReportForm) -> ReportContext | None:
    """The context of a valid form, or None with the builder's refusal on its field."""
    if not form.is_valid():
        return None
    try:
        return services.report_build(params=form.params(), scope=_scope(request))
    except ReportError as error:
        field = getattr(error, "field", None)
        form.add_error(field if field in form.fields else None, str(getattr(error, "message", error)))
        return None


def _issued(request: HttpRequest, pk: int) -> IssuedReport:
    try:
        return selectors.issued_get(scope=_scope(request), pk=pk)
    except IssuedReport.DoesNotExist as error:
        raise Http404 from error


def _batch(request: HttpRequest, pk: int) -> ReportBatch:
    try:
        return selectors.batch_get(scope=_scope(request), user=request.user, pk=pk)
    except ReportBatch.DoesNotExist as error:
        raise Http404 from error


def _issuer(scope: Scope, issued: IssuedReport) -> str:
    """Who issued the report, named for a reader of the area by name (a user is personal data too); a
    reader who only analyses the area reads the figures, not who wrote them."""
    if not scope.covers_area(issued.area, Level.VIEW):
        return ""
    user = issued.issued_by
    return str(user.get_full_name() or user.get_username())


def _log_people(request: HttpRequest, context: ReportContext, what: str) -> None:
    people = len(context.person_ids())
    if people:
        personal_data_logged(
            user=request.user,
            kind=AccessKind.DOWNLOAD,
            what=what,
            people_count=people,
            path=request.get_full_path(),
        )


@scoped
def report_list(request: HttpRequest) -> HttpResponse:
    """The page that writes a report: the form (kind, area, period, programme or union, number, signer) with
    the buttons Preview, Word, PDF, Excel annex; the latest issued reports."""
    data = request.GET if _bound(request.GET) else None
    return _report_page(request, _form(_scope(request), data))


@scoped
def report_preview(request: HttpRequest) -> HttpResponse:
    """The report as it will read (the HTML preview), with the downloads and, for an editor of the area, the
    button that issues it."""
    scope = _scope(request)
    form = _form(scope, request.GET)
    context = _build(request, form)
    if context is None:
        return _report_page(request, form)
    params = form.cleaned_data
    return render(
        request,
        "reports/report_preview.html",
        {
            "html": html_renderer.render_html(context),
            "report": context,
            "query": _query(form),
            "hidden": [(k, form.data.get(k, "")) for k in PARAM_FIELDS if form.data.get(k)],
            "can_issue": _can_issue(scope, params.get("area")),
            "confirm_issue": request.GET.get("confirm_issue") == "1",
            "formats": FORMATS,
        },
    )


@scoped
def report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The report as a Word file, a PDF (when LibreOffice is installed) or its Excel annex."""
    if fmt not in FORMATS:
        raise Http404
    scope = _scope(request)
    form = _form(scope, request.GET)
    context = _build(request, form)
    if context is None:
        return _report_page(request, form)
    try:
        rendered: Rendered = services.report_render(context=context, fmt=fmt, scope=scope)
    except PdfUnavailable as error:
        return _report_page(request, form, error=str(error))
    if fmt == "xlsx":
        _log_people(request, context, _("Excel annex of the report %(title)s") % {"title": context.subtitle})
    return download(rendered)


@require_POST
@scoped(level=Level.EDIT)
def report_issue(request: HttpRequest) -> HttpResponse:
    """Issue the report: its context, its Word file and their hashes are kept; it re-opens as issued."""
    scope = _scope(request)
    form = _form(scope, request.POST)
    if not form.is_valid():
        return _report_page(request, form)
    try:
        issued = services.report_issue(params=form.params(), acting_user=request.user)
    except ReportError as error:
        field = getattr(error, "field", None)
        form.add_error(field if field in form.fields else None, str(getattr(error, "message", error)))
        return _report_page(request, form)
    except ValidationError as error:
        form.add_error(None, error)
        return _report_page(request, form)
    messages.success(request, _("The report has been issued."))
    return redirect("report-issued-detail", pk=issued.pk)


# --- issued reports ----------------------------------------------------------------------------------------
@scoped
def issued_list(request: HttpRequest) -> HttpResponse:
    """The issued reports the scope reads: kind, number, title, area, date, issuer."""
    scope = _scope(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in ReportKind.values else ""
    reports = selectors.issued_list(scope=scope, kind=kind or None).select_related("area", "issued_by")
    rows = [{"r": r, "issuer": _issuer(scope, r)} for r in reports[:200]]
    return render(
        request,
        "reports/issued_list.html",
        {"rows": rows, "kinds": ReportKind.choices, "kind": kind},
    )


@scoped
def issued_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An issued report as it was issued (from its stored context, whatever the data became), its hashes."""
    scope = _scope(request)
    issued = _issued(request, pk)
    try:
        # the figures' people named only as far as the reader's scope goes (the others counted)
        html = html_renderer.render_html(
            services.redact(services.issued_context(issued), services.readable_by(scope))
        )
        error = ""
    except services.IssuedReportTampered as tampered:
        html, error = "", str(tampered)
    return render(
        request,
        "reports/issued_detail.html",
        {"issued": issued, "issuer": _issuer(scope, issued), "html": html, "error": error},
    )


@scoped
def issued_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """An issued report's Word file (the one kept), its PDF, its Excel annex."""
    if fmt not in FORMATS:
        raise Http404
    scope = _scope(request)
    issued = _issued(request, pk)
    try:
        rendered = services.issued_file(issued=issued, fmt=fmt, scope=scope)
    except (PdfUnavailable, services.IssuedReportTampered) as error:
        messages.error(request, str(error))
        return redirect("report-issued-detail", pk=issued.pk)
    if fmt == "xlsx":
        _log_people(
            request,
            services.issued_context(issued),
            _("Excel annex of the issued report %(r)s") % {"r": issued},
        )
    return download(rendered)


def _names(scope: Scope, people: Any) -> tuple[list[str], int]:
    """The names of ``people`` the scope reads, and how many others (counted, never named)."""
    people = list(people or ())
    readable = people_readable(scope=scope, person_ids=[p.id for p in people], level=Level.VIEW)
    shown = [p.name for p in people if p.id in readable]
    return shown, len(people) - len(shown)


def _difference(change: Any) -> str:
    before, after = change.before_value, change.after_value
    if before is None or after is None:
        return ""
    try:
        diff = after - before
    except TypeError:
        return ""
    from .wording import number

    text = number(abs(diff))
    return f"+{text}" if diff > 0 else (f"−{text}" if diff < 0 else "0")


@scoped
def issued_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed since the report was issued, figure by figure (the data built again today)."""
    scope = _scope(request)
    issued = _issued(request, pk)
    try:
        comparison = services.report_compare(issued=issued, scope=scope)
    except (ReportError, services.IssuedReportTampered) as error:
        messages.error(request, str(getattr(error, "message", error)))
        return redirect("report-issued-detail", pk=issued.pk)
    rows = []
    for change in comparison.changes:
        added, added_hidden = _names(scope, change.people_added)
        removed, removed_hidden = _names(scope, change.people_removed)
        rows.append(
            {
                "c": change,
                "difference": _difference(change),
                "added": added,
                "added_hidden": added_hidden + getattr(change, "others_added", 0),
                "removed": removed,
                "removed_hidden": removed_hidden + getattr(change, "others_removed", 0),
            }
        )
    return render(
        request,
        "reports/issued_compare.html",
        {"issued": issued, "rows": rows, "unchanged": comparison.unchanged},
    )


# --- templates (administrators) ----------------------------------------------------------------------------
def _admin(request: HttpRequest) -> None:
    if not _scope(request).unrestricted:
        raise PermissionDenied


@scoped
def template_list(request: HttpRequest) -> HttpResponse:
    """The Word templates per report kind (the one in use, the default shipped), and the upload form."""
    _admin(request)
    from .renderers.docx import TemplateError

    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            services.template_upload(
                kind=c["kind"], name=c["name"], data=c["file"].read(), acting_user=request.user
            )
        except TemplateError as error:
            problems = list(getattr(error, "problems", ()) or ())
            form.add_error("file", _("The template was refused; nothing was kept."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The template has been uploaded and is now in use."))
            return redirect("report-templates")
    templates = list(selectors.template_list().select_related("uploaded_by"))
    kinds = [
        {
            "value": value,
            "label": label,
            "active": next((t for t in templates if t.kind == value and t.active), None),
            "templates": [t for t in templates if t.kind == value],
            "default": (DEFAULT_TEMPLATES / f"{value}.docx").exists(),
        }
        for value, label in ReportKind.choices
    ]
    return render(
        request,
        "reports/templates.html",
        {"form": style_fields(form), "kinds": kinds, "problems": problems},
    )


@scoped
def template_default(request: HttpRequest, kind: str) -> HttpResponse:
    """The default Word template shipped for a report kind."""
    _admin(request)
    path = DEFAULT_TEMPLATES / f"{kind}.docx"
    if kind not in ReportKind.values or not path.exists():
        raise Http404
    return download(Rendered(f"mau-bao-cao-{kind}.docx", DOCX, path.read_bytes()))


def _template(pk: int) -> ReportTemplate:
    template = selectors.template_list().filter(pk=pk).first()
    if template is None:
        raise Http404
    return template


@scoped
def template_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An uploaded Word template."""
    _admin(request)
    template = _template(pk)
    with template.file.open("rb") as f:
        data = f.read()
    return download(Rendered(f"{template.name}.docx", DOCX, data))


@require_POST
@scoped
def template_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop using an uploaded template (the default comes back)."""
    _admin(request)
    template = _template(pk)
    services.template_deactivate(template=template, acting_user=request.user)
    messages.success(request, _("The template is no longer in use; the default template applies."))
    return redirect("report-templates")


# --- batches -----------------------------------------------------------------------------------------------
@require_POST
@scoped(level=Level.EDIT)
def batch_add(request: HttpRequest) -> HttpResponse:
    """Start the reports of every unit of an area; the page of the batch shows its progress."""
    scope = _scope(request)
    form = BatchForm(request.POST, areas=_areas(scope), prefix="batch")
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errors:
                messages.error(request, f"{label}: {e}" if label else str(e))
        return redirect("report-list")
    params = form.params()
    try:
        batch = services.batch_create(
            kind=params.kind, area=params.area, params=params, acting_user=request.user
        )
    except (ReportError, ValidationError) as error:
        messages.error(
            request, str(getattr(error, "message", None) or " ".join(getattr(error, "messages", [])))
        )
        return redirect("report-list")
    services.batch_start(batch)  # a background thread; at once where imports run inline (tests)
    return redirect("report-batch-detail", pk=batch.pk)


@scoped
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch's progress (polled every second through htmx while it runs), then its ZIP."""
    batch = _batch(request, pk)
    running = batch.status in (BatchStatus.QUEUED, BatchStatus.RUNNING)
    context = {"batch": batch, "running": running}
    if request.headers.get("HX-Request"):
        return render(request, "reports/_batch_progress.html", context)
    return render(request, "reports/batch_detail.html", context)


@scoped
def batch_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """The ZIP of a finished batch."""
    batch = _batch(request, pk)
    if not batch.archive:
        raise Http404
    rendered = services.batch_archive(batch)
    personal_data_logged(
        user=request.user,
        kind=AccessKind.DOWNLOAD,
        what=_("Reports of the units of %(area)s (ZIP)") % {"area": batch.area.name},
        path=request.get_full_path(),
    )
    return download(rendered)
