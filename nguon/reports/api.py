"""The reports' API (django-ninja router, mounted at /api/ by nguon.api.api): build a report (its context as
JSON, or a file), issue it (the context and the Word file kept with their hashes), list and re-open issued
reports as issued, compare them with today's data, and run a batch over the communes of an area.

Building and reading need the analysis level over the area (404 for an issued report outside it); issuing
needs the edit level. Names of people appear only within the caller's scope (the rest counted); reads that
name people are logged. Refusals are Vietnamese, by field (422)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.api.auth import api_scope
from nguon.api.common import Id, Text30, Text100, Text150, UserDate, choices_literal
from nguon.api.errors import ERRORS, ErrorSchema
from nguon.areas.models import Area
from nguon.areas.selectors import area_get_by_code
from nguon.core.downloads import download
from nguon.core.scope import Level, Scope
from nguon.organizations.selectors import organization_list
from nguon.programmes.selectors import programme_list

from . import selectors, services
from .builders import ReportError
from .choices import ReportKind
from .context import ReportContext
from .models import IssuedReport, ReportBatch
from .params import ReportParams
from .renderers.pdf import PdfUnavailable

router = Router(tags=["reports"])

if TYPE_CHECKING:
    KindCode = str
else:
    KindCode = choices_literal(ReportKind)

FILE_ERRORS: dict[int, Any] = {**ERRORS, 503: ErrorSchema}


# --- schemas: in --------------------------------------------------------------------------------------------
class ReportIn(Schema):
    """What a report is asked for. ``area`` is the area's code on the reference date (``at``, else ``to``,
    else today), or give ``area_id``."""

    kind: KindCode
    area: Text30 = ""
    area_id: Id | None = None
    start: UserDate | None = Field(None, alias="from")
    end: UserDate | None = Field(None, alias="to")
    at: UserDate | None = None
    programme: Id | None = None
    organization: Id | None = None
    number: Text100 = ""
    place: Text100 = ""
    issued_on: UserDate | None = None
    signer: Text150 = ""
    signer_position: Text150 = ""
    on_behalf: Text150 = ""

    model_config = {"populate_by_name": True}


class ReportBuildIn(ReportIn):
    """``fmt``: ``json`` answers the context; ``docx``, ``pdf``, ``xlsx`` the file."""

    fmt: Literal["json", "docx", "pdf", "xlsx"] = "json"


# --- schemas: out -------------------------------------------------------------------------------------------
class IssuedReportSchema(Schema):
    id: int
    kind: str
    title: str
    number: str
    area_id: int
    area_code: str
    area_name: str
    start: dt.date | None
    end: dt.date | None
    at: dt.date
    issued_by: str | None  # the issuer's login, shown to readers who may view the area's people (else null)
    issued_at: dt.datetime
    template: str | None
    context_sha256: str
    docx_sha256: str
    files: dict[str, str]

    @staticmethod
    def resolve_area_code(obj: IssuedReport) -> str:
        return obj.area.code

    @staticmethod
    def resolve_area_name(obj: IssuedReport) -> str:
        return obj.area.name

    @staticmethod
    def resolve_issued_by(obj: IssuedReport) -> str | None:
        return getattr(obj, "api_issuer", None)

    @staticmethod
    def resolve_template(obj: IssuedReport) -> str | None:
        return obj.template.name if obj.template_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_files(obj: IssuedReport) -> dict[str, str]:
        return {
            fmt: reverse(f"api:report_issued_{fmt}_api", kwargs={"issued_id": obj.pk})
            for fmt in ("docx", "pdf", "xlsx")
        }


class IssuedReportDetailSchema(IssuedReportSchema):
    context: dict[str, Any]

    @staticmethod
    def resolve_context(obj: Any) -> dict[str, Any]:
        return obj.api_context  # type: ignore[no-any-return]


class ReportPersonSchema(Schema):
    id: int
    name: str


class FigureChangeSchema(Schema):
    key: str
    label: str
    kind: Literal["changed", "added", "removed"]
    before_text: str
    after_text: str
    before_value: Decimal | None
    after_value: Decimal | None
    people_added: list[ReportPersonSchema]
    people_removed: list[ReportPersonSchema]
    others_added: int
    others_removed: int


class ReportComparisonSchema(Schema):
    issued_id: int
    at: dt.date
    unchanged: int
    changes: list[FigureChangeSchema]


class ReportBatchSchema(Schema):
    id: int
    kind: str
    area_code: str
    area_name: str
    status: str
    total: int
    done: int
    failed: int
    message: str
    requested_at: dt.datetime
    finished_at: dt.datetime | None
    archive: str | None

    @staticmethod
    def resolve_area_code(obj: ReportBatch) -> str:
        return obj.area.code

    @staticmethod
    def resolve_area_name(obj: ReportBatch) -> str:
        return obj.area.name

    @staticmethod
    def resolve_archive(obj: ReportBatch) -> str | None:
        if not obj.archive:
            return None
        return reverse("api:report_batch_archive_api", kwargs={"batch_id": obj.pk})


# --- helpers ------------------------------------------------------------------------------------------------
def _refused(field: str, message: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code="invalid")]})


def _logged(request: HttpRequest, what: str, people_count: int) -> None:
    if people_count:
        personal_data_logged(
            user=request.user,
            kind=AccessKind.API,
            what=what,
            people_count=people_count,
            path=request.get_full_path(),
        )


def _area(scope: Scope, payload: ReportIn, at: dt.date) -> Area:
    if payload.area_id is not None:
        found = Area.objects.filter(scope.areas_q(Level.ANALYSE), pk=payload.area_id).first()
        if found is None:
            raise _refused("area_id", _("No such area in your area of work."))
        return found
    if not payload.area:
        raise _refused("area", _("Give the area's code."))
    try:
        found = area_get_by_code(code=payload.area, at=at)
    except ValidationError as error:
        raise _refused("area", error.messages[0]) from None
    if not scope.covers_area(found, Level.ANALYSE):
        raise _refused("area", _("No such area in your area of work."))
    return found


def params_of(scope: Scope, payload: ReportIn) -> ReportParams:
    """The payload as report parameters, each id checked against the caller's scope (422 by field)."""
    at = payload.at or payload.end or scope.default_date()
    if payload.start and payload.end and payload.start > payload.end:
        raise _refused("to", _("The end of the period comes before its start."))
    area = _area(scope, payload, at)
    programme = None
    if payload.programme is not None:
        programme = programme_list(scope=scope, level=Level.ANALYSE).filter(pk=payload.programme).first()
        if programme is None:
            raise _refused("programme", _("No such programme in your area of work."))
    organization = None
    if payload.organization is not None:
        organization = (
            organization_list(scope=scope, level=Level.ANALYSE).filter(pk=payload.organization).first()
        )
        if organization is None:
            raise _refused("organization", _("No such organization in your area of work."))
    return ReportParams(
        kind=payload.kind,
        area=area,
        start=payload.start,
        end=payload.end,
        at=payload.at,
        programme=programme,
        organization=organization,
        number=payload.number,
        place=payload.place,
        issued_on=payload.issued_on,
        signer=payload.signer,
        signer_position=payload.signer_position,
        on_behalf=payload.on_behalf,
    )


_FIELDS = {"start": "from", "end": "to"}


def _report_error(error: ReportError) -> ValidationError:
    return _refused(_FIELDS.get(error.field, error.field) or "__all__", error.message)


def _pdf_unavailable(error: PdfUnavailable) -> HttpError:
    return HttpError(503, str(error) or _("The PDF could not be made: LibreOffice is not installed."))


def _issued(scope: Scope, pk: int) -> IssuedReport:
    try:
        return selectors.issued_get(scope=scope, pk=pk)
    except IssuedReport.DoesNotExist:
        raise Http404(_("No such issued report in your area of work.")) from None


def _with_issuer(request: HttpRequest, scope: Scope, issued: IssuedReport) -> IssuedReport:
    """The issuer's login for the answer: only to the issuer and to readers who may view the area (an
    analysis-only reader sees the report's figures, not who in another ward issued it)."""
    mine = issued.issued_by_id == request.user.pk
    shown = mine or scope.covers_area(issued.area, Level.VIEW)
    issued.api_issuer = issued.issued_by.get_username() if shown else None  # type: ignore[attr-defined]
    return issued


def _tampered(error: services.IssuedReportTampered) -> HttpError:
    return HttpError(409, str(error))


# --- operations ---------------------------------------------------------------------------------------------
@router.post("/reports/", response={200: dict[str, Any], **FILE_ERRORS}, summary="Build a report")
def report_build_api(request: HttpRequest, payload: ReportBuildIn) -> Any:
    """The report built from today's data through the caller's scope: its context as JSON (``fmt=json``), or
    the Word file, its PDF or its Excel annex."""
    scope = api_scope(request)
    params = params_of(scope, payload)
    try:
        context = services.report_build(params=params, scope=scope)
        if payload.fmt == "json":
            _logged(
                request, _("API: report %(title)s") % {"title": context.subtitle}, len(context.person_ids())
            )
            return context.as_json()
        rendered = services.report_render(context=context, fmt=payload.fmt, scope=scope)
    except ReportError as error:
        raise _report_error(error) from None
    except PdfUnavailable as error:
        raise _pdf_unavailable(error) from None
    _logged(request, _("API: report %(title)s") % {"title": context.subtitle}, len(context.person_ids()))
    return download(rendered)


@router.post("/reports/issued/", response={201: IssuedReportSchema, **ERRORS}, summary="Issue a report")
def report_issue_api(request: HttpRequest, payload: ReportIn) -> Any:
    """Build the report and keep it as issued: its context (the figures and the people behind them) and its
    Word file, each with its hash. Needs the edit level over the area."""
    scope = api_scope(request, Level.EDIT)
    params = params_of(scope, payload)
    try:
        issued = services.report_issue(params=params, acting_user=request.user, source="api")
    except ReportError as error:
        raise _report_error(error) from None
    return Status(201, _with_issuer(request, api_scope(request), issued))


@router.get("/reports/issued/", response={200: list[IssuedReportSchema], **ERRORS}, summary="Issued reports")
def report_issued_list_api(
    request: HttpRequest, kind: KindCode | None = None, area_id: Id | None = None
) -> Any:
    """The issued reports whose area the caller may analyse, newest first (at most 500)."""
    scope = api_scope(request)
    area = Area.objects.filter(pk=area_id).first() if area_id is not None else None
    if area_id is not None and area is None:
        raise _refused("area_id", _("No such area in your area of work."))
    return [
        _with_issuer(request, scope, i)
        for i in selectors.issued_list(scope=scope, area=area, kind=kind)[:500]
    ]


@router.get(
    "/reports/issued/{issued_id}/",
    response={200: IssuedReportDetailSchema, **ERRORS, 409: ErrorSchema},
    summary="One issued report",
)
def report_issued_detail_api(request: HttpRequest, issued_id: Id) -> Any:
    """The issued report with its context as issued (hash checked; 409 when the record was changed), the
    people behind the figures named only within the caller's scope."""
    scope = api_scope(request)
    issued = _issued(scope, issued_id)
    try:
        context = services.issued_context(issued)
    except services.IssuedReportTampered as error:
        raise _tampered(error) from None
    shown: ReportContext = services.redact(context, services.readable_by(scope))
    issued.api_context = shown.as_json()  # type: ignore[attr-defined]
    named = sum(len(f.people) for f in shown.figures)
    _logged(request, _("API: issued report %(title)s") % {"title": issued.title}, named)
    return _with_issuer(request, scope, issued)


@router.get(
    "/reports/issued/{issued_id}/compare/",
    response={200: ReportComparisonSchema, **ERRORS, 409: ErrorSchema},
    summary="Compare an issued report with today's data",
)
def report_compare_api(request: HttpRequest, issued_id: Id) -> Any:
    """What changed since the report was issued, figure by figure (the same parameters and reference date,
    today's data)."""
    scope = api_scope(request)
    issued = _issued(scope, issued_id)
    try:
        comparison = services.report_compare(issued=issued, scope=scope)
    except services.IssuedReportTampered as error:
        raise _tampered(error) from None
    except ReportError as error:
        raise _report_error(error) from None
    changes = [asdict(c) for c in comparison.changes]
    named = sum(len(c["people_added"]) + len(c["people_removed"]) for c in changes)
    _logged(request, _("API: comparison of the issued report %(title)s") % {"title": issued.title}, named)
    return {"issued_id": issued.pk, "at": issued.at, "unchanged": comparison.unchanged, "changes": changes}


def _issued_file(request: HttpRequest, issued_id: int, fmt: str) -> Any:
    scope = api_scope(request)
    issued = _issued(scope, issued_id)
    try:
        rendered = services.issued_file(issued=issued, fmt=fmt, scope=scope)
    except services.IssuedReportTampered as error:
        raise _tampered(error) from None
    except PdfUnavailable as error:
        raise _pdf_unavailable(error) from None
    count = len(services.issued_context(issued).person_ids())
    _logged(request, _("API: file of the issued report %(title)s") % {"title": issued.title}, count)
    return download(rendered)


@router.get(
    "/reports/issued/{issued_id}/file.docx",
    response={200: None, **ERRORS, 409: ErrorSchema},
    summary="The Word file of an issued report",
    url_name="report_issued_docx_api",
)
def report_issued_docx_api(request: HttpRequest, issued_id: Id) -> Any:
    """The Word file as issued (never rendered again; its hash checked). Refused (403) to a reader who may
    not view every person it names."""
    return _issued_file(request, issued_id, "docx")


@router.get(
    "/reports/issued/{issued_id}/file.pdf",
    response={200: None, **FILE_ERRORS, 409: ErrorSchema},
    summary="The PDF of an issued report",
    url_name="report_issued_pdf_api",
)
def report_issued_pdf_api(request: HttpRequest, issued_id: Id) -> Any:
    """The PDF made from the issued Word file (503 when LibreOffice is not installed)."""
    return _issued_file(request, issued_id, "pdf")


@router.get(
    "/reports/issued/{issued_id}/file.xlsx",
    response={200: None, **ERRORS, 409: ErrorSchema},
    summary="The Excel annex of an issued report",
    url_name="report_issued_xlsx_api",
)
def report_issued_xlsx_api(request: HttpRequest, issued_id: Id) -> Any:
    """The annex of the issued figures' tables, the people behind them named only within the caller's
    scope."""
    return _issued_file(request, issued_id, "xlsx")


@router.post("/reports/batches/", response={201: ReportBatchSchema, **ERRORS}, summary="Start a batch")
def report_batch_create_api(request: HttpRequest, payload: ReportIn) -> Any:
    """The report for every commune or ward under the area, written in the background into one ZIP; poll
    ``GET /api/reports/batches/{id}/`` for its progress."""
    scope = api_scope(request)
    params = params_of(scope, payload)
    batch = services.batch_create(
        kind=params.kind, area=params.area, params=params, acting_user=request.user, source="api"
    )
    services.batch_start(batch)
    batch.refresh_from_db()
    return Status(201, batch)


def _batch(request: HttpRequest, pk: int) -> ReportBatch:
    scope = api_scope(request)
    try:
        return selectors.batch_get(scope=scope, user=request.user, pk=pk)
    except ReportBatch.DoesNotExist:
        raise Http404(_("No such batch of reports.")) from None


@router.get("/reports/batches/{batch_id}/", response={200: ReportBatchSchema, **ERRORS}, summary="A batch")
def report_batch_api(request: HttpRequest, batch_id: Id) -> Any:
    """The batch's progress: units written (``done``), failed (with their messages), in all (``total``)."""
    return _batch(request, batch_id)


@router.get(
    "/reports/batches/{batch_id}/archive.zip",
    response={200: None, **ERRORS},
    summary="A batch's archive",
    url_name="report_batch_archive_api",
)
def report_batch_archive_api(request: HttpRequest, batch_id: Id) -> Any:
    batch = _batch(request, batch_id)
    if not batch.archive:
        raise Http404(_("The batch has not been written yet."))
    return download(services.batch_archive(batch))
