"""Writes of the reports app: render, issue (the context and the file kept with their hashes), compare an
issued report with today's data, upload a template, run a batch.

- ``report_build`` / ``report_render``: a context from the data (through the reader's scope), then a file of
  it — DOCX (the kind's active template, else the default), PDF (LibreOffice, from the DOCX), the XLSX annex
  (names only of people the reader may view), the HTML preview.
- ``report_issue`` keeps the context (the figures and the people behind them) and the Word file, each with its
  SHA-256; ``issued_context`` / ``issued_file`` re-open the report as issued (the stored file, never
  rendered again) and refuse a record whose stored figures no longer match their hash; ``report_compare``
  builds the same report again from today's data and lists what changed, figure by figure.
- ``template_upload`` checks a Word template before anything is stored; ``batch_create`` / ``batch_run``
  write the report of every commune under an area into one ZIP, counting progress in the database.

Issuing needs the edit level over the area (``scope.covers_area(area, Level.EDIT)``); reading and building
need the analysis level (the builders refuse otherwise).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from importlib import import_module
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nguon.accounts.scope import scope_of
from nguon.areas.choices import AreaLevel
from nguon.areas.models import Area
from nguon.core.audit import Actor
from nguon.core.exporters import Rendered
from nguon.core.scope import Level, Scope
from nguon.core.services import Errors, add_error, model_create, model_update, raise_errors
from nguon.core.text import fold
from nguon.core.xlsx import XLSX
from nguon.people.selectors import people_readable

from . import builders
from .choices import BatchStatus, ReportFormat, ReportKind
from .context import Figure, Person, ReportContext
from .models import IssuedReport, ReportBatch, ReportTemplate
from .params import ReportParams
from .renderers import docx as docx_renderer
from .renderers import html as html_renderer
from .renderers import pdf as pdf_renderer
from .renderers import xlsx as xlsx_renderer
from .selectors import template_active

logger = logging.getLogger(__name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
HTML = "text/html; charset=utf-8"
CONTENT_TYPES = {"docx": DOCX, "pdf": PDF, "xlsx": XLSX, "html": HTML}

#: The file names' first words by kind (ASCII, as an officer would type them).
STEMS = {
    ReportKind.PROGRAMME_REVIEW: "bao-cao-tong-ket",
    ReportKind.REPRESENTATION: "bao-cao-ty-le-tham-gia",
    ReportKind.PIPELINE: "bao-cao-quy-hoach",
    ReportKind.ANNUAL_ACTIVITY: "bao-cao-hoat-dong",
}

#: The largest Word template an administrator may upload.
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024

ProgressFn = Callable[[int, int, int, str], None]  # (done, failed, total, the unit being written)


class IssuedReportTampered(ValueError):
    """The stored context (or Word file) of an issued report no longer matches the hash kept with it."""


# --- build and render ---------------------------------------------------------------------------------------
def report_build(*, params: ReportParams, scope: Scope) -> ReportContext:
    """The context of the report ``params`` asks for, read through ``scope`` (PermissionDenied outside its
    analysis areas; ``builders.ReportError`` when the report cannot be built as asked)."""
    return builders.build(scope=scope, params=params)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).replace("đ", "d")).strip("-")


def report_filename(context: ReportContext, ext: str) -> str:
    """``bao-cao-tong-ket-quan-hoan-kiem-2015-2020.docx``: the kind, the area, the period (or the date)."""
    parts = [
        STEMS.get(ReportKind(context.kind), "bao-cao") if context.kind in ReportKind.values else "bao-cao"
    ]
    if context.area_name:
        parts.append(_slug(context.area_name))
    if context.start and context.end and context.start.year != context.end.year:
        parts.append(f"{context.start.year}-{context.end.year}")
    elif context.end or context.start:
        parts.append(str((context.end or context.start).year))  # type: ignore[union-attr]
    elif context.at:
        parts.append(context.at.strftime("%d-%m-%Y"))
    return "-".join(p for p in parts if p) + "." + ext


def template_bytes(
    kind: str, template: ReportTemplate | None = None
) -> tuple[ReportTemplate | None, bytes | None]:
    """The Word template to render ``kind`` with: ``template``, else the kind's active one, else none (the
    renderer's default)."""
    template = template or template_active(kind)
    if template is None:
        return None, None
    with template.file.open("rb") as f:
        return template, f.read()


def readable_by(scope: Scope | None) -> Callable[[Iterable[int]], set[int]]:
    """Which of some person ids ``scope`` may name (none without a scope)."""
    if scope is None:
        return lambda ids: set()
    return lambda ids: people_readable(scope=scope, person_ids=ids, level=Level.VIEW)


def report_render(
    *,
    context: ReportContext,
    fmt: str,
    scope: Scope | None = None,
    template: ReportTemplate | None = None,
    template_data: bytes | None = None,
    template_read: bool = False,
) -> Rendered:
    """The file of ``context`` in ``fmt`` (docx, pdf, xlsx, html). DOCX and PDF through the kind's active
    template (or ``template`` / ``template_data``); the XLSX annex names only people ``scope`` may view.
    ``template_read``: ``template_data`` is the active template as already read (None: the default), for a
    batch that reads it once. ``pdf_renderer.PdfUnavailable`` when LibreOffice is missing."""
    fmt = ReportFormat(fmt).value
    if fmt in ("docx", "pdf"):
        if template_data is None and not template_read:
            template_data = template_bytes(context.kind, template)[1]
        data = docx_renderer.render_docx(context, template=template_data)
        if fmt == "pdf":
            data = pdf_renderer.docx_to_pdf(data)
    elif fmt == "xlsx":
        data = xlsx_renderer.render_annex(context, readable=readable_by(scope))
    else:
        data = html_renderer.render_html(context).encode()
    return Rendered(report_filename(context, fmt), CONTENT_TYPES[fmt], data)


def redact(context: ReportContext, readable: Callable[[Iterable[int]], set[int]]) -> ReportContext:
    """``context`` with only the people ``readable`` allows named in its figures; the others are counted in
    ``Figure.hidden`` (for a reader whose scope is narrower than the issuer's)."""
    ids = context.person_ids()
    if not ids:
        return context
    allowed = readable(ids)
    if allowed >= ids:
        return context
    figures = []
    for f in context.figures:
        kept = tuple(p for p in f.people if p.id in allowed)
        figures.append(replace(f, people=kept, hidden=f.hidden + len(f.people) - len(kept)))
    return replace(context, figures=tuple(figures))


# --- issued reports ----------------------------------------------------------------------------------------
def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report_issue(*, params: ReportParams, acting_user: Actor, source: str = "") -> IssuedReport:
    """Build the report through the acting user's scope, render its Word file and keep both — the context
    (figures and the people behind them) and the file, each with its SHA-256, and the template used. Needs
    the edit level over the area."""
    if acting_user is None or not getattr(acting_user, "is_authenticated", False):
        raise PermissionDenied(_("Only a user may issue a report: say who issues it."))
    scope = scope_of(acting_user)
    if not scope.covers_area(params.area, Level.EDIT):
        raise PermissionDenied(
            _("You may issue reports only for an area inside your area of work (with the right to edit).")
        )
    context = report_build(params=params, scope=scope)
    template, data = template_bytes(params.kind)
    docx = docx_renderer.render_docx(context, template=data)
    issued = IssuedReport(
        kind=params.kind,
        title=(context.subtitle or context.title)[:500],
        number=params.number[:100],
        area=params.area,
        start=params.start,
        end=params.end,
        at=params.reference_date,
        params=params.as_json(),
        context=context.as_json(),
        context_sha256=context.sha256(),
        docx_sha256=_sha256(docx),
        template=template,
        issued_by=cast(Any, acting_user),
    )
    issued.docx.save(report_filename(context, "docx"), ContentFile(docx), save=False)
    try:
        with transaction.atomic():
            model_create(instance=issued, acting_user=acting_user, source=source)
    except BaseException:
        issued.docx.storage.delete(str(issued.docx.name))  # nothing half-saved: no file without its record
        raise
    return issued


def _tampered() -> IssuedReportTampered:
    return IssuedReportTampered(
        _(
            "The stored figures of this issued report do not match the hash kept when it was issued: the record"
            " was changed afterwards. It cannot be shown as issued."
        )
    )


def issued_context(issued: IssuedReport) -> ReportContext:
    """The context the report was issued from, its hash checked (IssuedReportTampered otherwise)."""
    try:
        context = ReportContext.from_json(issued.context)
    except (KeyError, TypeError, ValueError) as error:
        raise _tampered() from error
    if context.sha256() != issued.context_sha256:
        raise _tampered()
    return context


def issued_docx(issued: IssuedReport) -> bytes:
    """The Word file as issued, its hash checked."""
    with issued.docx.open("rb") as f:
        data: bytes = f.read()
    if _sha256(data) != issued.docx_sha256:
        raise IssuedReportTampered(
            _("The stored Word file of this issued report does not match the hash kept when it was issued.")
        )
    return data


def _require_read(issued: IssuedReport, scope: Scope) -> None:
    if not scope.covers_area(issued.area, Level.ANALYSE):
        raise PermissionDenied(_("This report is outside your area of work."))


def issued_file(*, issued: IssuedReport, fmt: str, scope: Scope) -> Rendered:
    """A file of the issued report: the Word file as stored (hash checked, never rendered again), the PDF of
    it, the XLSX annex of the stored context with names filtered by the READER's scope, the HTML preview.

    The Word file (and its PDF) may name the people the issuer's scope named: a reader who may not view
    all of them is refused it (the annex and the preview count them instead)."""
    _require_read(issued, scope)
    fmt = ReportFormat(fmt).value
    context = issued_context(issued)
    if fmt in ("docx", "pdf"):
        ids = context.person_ids()
        if ids and not readable_by(scope)(ids) >= ids:
            raise PermissionDenied(
                _(
                    "This issued report names people outside your area of work: download its Excel annex or"
                    " read its preview, where they are counted."
                )
            )
        data = issued_docx(issued)
        name = report_filename(context, "docx")
        if fmt == "docx":
            return Rendered(name, DOCX, data)
        return Rendered(name[: -len("docx")] + "pdf", PDF, pdf_renderer.docx_to_pdf(data))
    if fmt == "xlsx":
        return report_render(context=context, fmt="xlsx", scope=scope)
    return report_render(context=redact(context, readable_by(scope)), fmt="html", scope=scope)


@dataclass(frozen=True)
class FigureChange:
    """One figure that differs between the issued report and today's data."""

    key: str
    label: str
    kind: str  # "changed" | "added" | "removed"
    before_text: str = ""
    after_text: str = ""
    before_value: int | Decimal | None = None
    after_value: int | Decimal | None = None
    people_added: tuple[Person, ...] = ()  # named: inside the reader's scope only
    people_removed: tuple[Person, ...] = ()
    others_added: int = 0  # people the reader may not name, counted
    others_removed: int = 0


@dataclass(frozen=True)
class Comparison:
    issued: IssuedReport
    before: ReportContext
    after: ReportContext
    changes: tuple[FigureChange, ...] = ()
    unchanged: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _people_diff(
    before: Figure | None, after: Figure | None, allowed: set[int]
) -> tuple[tuple[Person, ...], tuple[Person, ...], int, int]:
    old = {p.id: p for p in (before.people if before else ())}
    new = {p.id: p for p in (after.people if after else ())}
    added = [new[i] for i in sorted(new.keys() - old.keys())]
    removed = [old[i] for i in sorted(old.keys() - new.keys())]
    named_added = tuple(p for p in added if p.id in allowed)
    named_removed = tuple(p for p in removed if p.id in allowed)
    others_added = len(added) - len(named_added)
    others_removed = len(removed) - len(named_removed)
    hidden_delta = (after.hidden if after else 0) - (before.hidden if before else 0)
    if hidden_delta > 0:
        others_added += hidden_delta
    elif hidden_delta < 0:
        others_removed -= hidden_delta
    return named_added, named_removed, others_added, others_removed


def report_compare(*, issued: IssuedReport, scope: Scope) -> Comparison:
    """The issued report against the same report built again today (same parameters, same reference date,
    through the reader's scope): every figure that changed, appeared or disappeared, by key; the people
    behind a change named only within the reader's scope."""
    _require_read(issued, scope)
    before = issued_context(issued)
    params = ReportParams.from_json(issued.params)
    after = report_build(params=params, scope=scope)
    readable = readable_by(scope)
    ids = before.person_ids() | after.person_ids()
    allowed = readable(ids) if ids else set()
    old, new = before.figures_by_key(), after.figures_by_key()
    changes: list[FigureChange] = []
    unchanged = 0
    for key in [*old, *(k for k in new if k not in old)]:
        b, a = old.get(key), new.get(key)
        if b is not None and a is not None:
            same_people = {p.id for p in b.people} == {p.id for p in a.people} and b.hidden == a.hidden
            if b.value == a.value and b.text == a.text and same_people:
                unchanged += 1
                continue
            kind = "changed"
        else:
            kind = "added" if b is None else "removed"
        added, removed, others_added, others_removed = _people_diff(b, a, allowed)
        shown = a or b
        assert shown is not None
        changes.append(
            FigureChange(
                key=key,
                label=shown.label,
                kind=kind,
                before_text=b.text if b else "",
                after_text=a.text if a else "",
                before_value=b.value if b else None,
                after_value=a.value if a else None,
                people_added=added,
                people_removed=removed,
                others_added=others_added,
                others_removed=others_removed,
            )
        )
    return Comparison(issued=issued, before=before, after=after, changes=tuple(changes), unchanged=unchanged)


# --- templates ---------------------------------------------------------------------------------------------
def _require_admin(acting_user: Actor) -> None:
    if acting_user is None or not scope_of(acting_user).unrestricted:
        raise PermissionDenied(_("Only an administrator may change the report templates."))


def template_upload(
    *, kind: str, name: str, data: bytes, acting_user: Actor, source: str = ""
) -> ReportTemplate:
    """Check a Word template (docxtpl) for ``kind`` and keep it as the kind's active template (the previous
    one is kept, out of use). A template with problems raises ``TemplateError`` (the tags and where) and
    nothing is stored."""
    _require_admin(acting_user)
    errors: Errors = {}
    if kind not in ReportKind.values:
        add_error(errors, "kind", _("Choose a kind of report."), "kind_unknown")
    name = (name or "").strip()
    if not name:
        add_error(errors, "name", _("Give the template a name."), "name_empty")
    if not data:
        add_error(errors, "file", _("The file is empty."), "file_empty")
    elif len(data) > MAX_TEMPLATE_BYTES:
        add_error(errors, "file", _("The file is larger than 10 MB."), "file_too_large")
    raise_errors(errors)
    problems = docx_renderer.check_template(data, kind=kind)
    if problems:
        raise docx_renderer.TemplateError(problems)
    template = ReportTemplate(
        kind=kind, name=name[:200], sha256=_sha256(data), active=True, uploaded_by=cast(Any, acting_user)
    )
    template.file.save(f"{_slug(name) or 'mau'}.docx", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            for old in ReportTemplate.objects.select_for_update().filter(kind=kind, active=True):
                model_update(
                    instance=old,
                    fields=("active",),
                    data={"active": False},
                    acting_user=acting_user,
                    source=source,
                )
            model_create(instance=template, acting_user=acting_user, source=source)
    except BaseException:
        template.file.storage.delete(str(template.file.name))
        raise
    return template


def template_deactivate(*, template: ReportTemplate, acting_user: Actor, source: str = "") -> ReportTemplate:
    """Take a template out of use: its kind is written with the default template again."""
    _require_admin(acting_user)
    with transaction.atomic():
        return model_update(
            instance=template,
            fields=("active",),
            data={"active": False},
            acting_user=acting_user,
            source=source,
        )


# --- batches -----------------------------------------------------------------------------------------------
def batch_units(area: Area | None, at: dt.date) -> list[Area]:
    """The communes and wards under ``area`` (all of the country for None) that exist on ``at``: for a
    district before 2025 its wards, for a province after 2025 its communes; a commune is its own unit."""
    if area is not None and area.level == AreaLevel.COMMUNE:
        return [area]
    qs = Area.objects.valid_on(at).filter(level=AreaLevel.COMMUNE)
    if area is not None:
        qs = qs.filter(path__startswith=area.path).exclude(pk=area.pk)
    return list(qs.order_by("path", "code"))


def batch_create(
    *, kind: str, area: Area, params: ReportParams, acting_user: Actor, source: str = ""
) -> ReportBatch:
    """A batch of the ``kind`` report for every unit under ``area`` (``params`` gives the period and the
    document lines; its area is replaced by each unit's). Queued: ``batch_run`` writes it."""
    if acting_user is None or not getattr(acting_user, "is_authenticated", False):
        raise PermissionDenied(_("Only a user may ask for a batch of reports."))
    scope = scope_of(acting_user)
    if not scope.covers_area(area, Level.ANALYSE):
        raise PermissionDenied(_("This area is outside your area of work."))
    errors: Errors = {}
    if kind not in ReportKind.values:
        add_error(errors, "kind", _("Choose a kind of report."), "kind_unknown")
    raise_errors(errors)
    params = replace(params, kind=kind, area=area)
    units = batch_units(area, params.reference_date)
    if not units:
        raise ValidationError(
            {
                "area": [
                    ValidationError(
                        _("No commune or ward lies under this area on that date."), code="no_units"
                    )
                ]
            }
        )
    batch = ReportBatch(
        kind=kind, area=area, params=params.as_json(), total=len(units), requested_by=cast(Any, acting_user)
    )
    with transaction.atomic():
        return model_create(instance=batch, acting_user=acting_user, source=source)


def _contexts(
    kind: str, scope: Scope, params: ReportParams, units: list[Area]
) -> Iterator[tuple[Area, ReportContext | Exception]]:
    """Each unit's context, or the error that stopped it. A builder module may offer
    ``build_many(*, scope, params: Sequence[ReportParams]) -> Iterable[ReportContext]`` (in order) sharing one
    evaluation across the units (the representation report over 3.321 communes); when it fails, the units it
    did not yield are built one by one, so that the error lands on the unit at fault."""
    module = import_module(builders.MODULES[ReportKind(kind)])
    many = getattr(module, "build_many", None)
    rest = list(units)
    if many is not None:
        asked = [replace(params, area=unit) for unit in units]
        try:
            for unit, context in zip(units, many(scope=scope, params=asked), strict=False):
                rest.pop(0)
                yield unit, context
        except Exception:  # built one by one below, each error on its unit
            logger.info("build_many of %s failed; building the units one by one", kind, exc_info=True)
    for unit in rest:
        try:
            yield unit, report_build(params=replace(params, area=unit), scope=scope)
        except Exception as error:  # counted with its message; the batch goes on
            yield unit, error


def error_text(error: Exception) -> str:
    """What stopped a unit of a batch, in Vietnamese."""
    if isinstance(error, builders.ReportError):
        return error.message
    if isinstance(error, IssuedReportTampered | docx_renderer.TemplateError | pdf_renderer.PdfUnavailable):
        return str(error)
    if isinstance(error, PermissionDenied):
        return str(error) or _("outside your area of work")
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    logger.exception("report batch unit failed", exc_info=error)
    return _("unexpected error (%(name)s)") % {"name": type(error).__name__}


BATCH_CHUNK = 250  # units per worker task: one evaluation shared by each, a few MB of Word files back


def batch_jobs() -> int:
    """The worker processes a batch uses by default: one per processor this process may run on, up to 8."""
    return min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)


def batch_files(
    *,
    kind: str,
    scope: Scope,
    params: ReportParams,
    units: list[Area],
    jobs: int = 1,
    chunk: int = BATCH_CHUNK,
) -> Iterator[tuple[Area, Rendered | None, str]]:
    """Each unit's Word file (``params`` with the unit as its area), or None and the message that stopped
    it: a failing unit does not stop the others. The template is read once. ``jobs`` > 1 (the command line):
    the units in chunks over that many worker processes, each its own evaluation and files, yielded in
    order as they come."""
    # workers read the database afresh: not an in-memory one, nor rows this transaction has not committed
    if jobs > 1 and len(units) > chunk and not in_memory_database() and not connection.in_atomic_block:
        yield from _batch_files_in_workers(kind, scope, params, units, jobs, chunk)
        return
    yield from batch_files_here(kind, scope, params, units)


def batch_files_here(
    kind: str, scope: Scope, params: ReportParams, units: list[Area]
) -> Iterator[tuple[Area, Rendered | None, str]]:
    """``batch_files`` in this process (and in each worker, for its chunk)."""
    template_data = template_bytes(kind)[1]
    for unit, found in _contexts(kind, scope, params, units):
        try:
            if isinstance(found, Exception):
                raise found
            rendered = report_render(
                context=found, fmt="docx", scope=scope, template_data=template_data, template_read=True
            )
            yield unit, rendered, ""
        except Exception as error:
            yield unit, None, error_text(error)


def _batch_files_in_workers(
    kind: str, scope: Scope, params: ReportParams, units: list[Area], jobs: int, chunk: int
) -> Iterator[tuple[Area, Rendered | None, str]]:
    """Worker processes started afresh ("spawn": nothing of this process's threads, locks or database
    connections is copied into them), each setting Django up with this process's settings."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from . import workers

    by_pk = {u.pk: u for u in units}
    chunks = [[u.pk for u in units[i : i + chunk]] for i in range(0, len(units), chunk)]
    # the parameters as asked: as_json would fill the reference date, which some builders leave open
    asked = {**params.as_json(), "at": params.at.isoformat() if params.at else None}
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(chunks)),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=workers.setup,
        initargs=(settings.SETTINGS_MODULE, connection.settings_dict["NAME"]),
    ) as pool:
        futures = [pool.submit(workers.batch_chunk, (kind, scope, asked, pks)) for pks in chunks]
        for pks, future in zip(chunks, futures, strict=True):
            try:
                done = future.result()
            except Exception as error:  # a worker lost (memory, a signal): its units counted as failed
                logger.warning("report batch: a worker failed", exc_info=True)
                done = [(pk, None, _worker_error(error)) for pk in pks]
            for pk, rendered, message in done:
                yield by_pk[pk], rendered, message


def _worker_error(error: Exception) -> str:
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(error, BrokenProcessPool):
        return _("The process writing these reports stopped (out of memory?); write them again.")
    return error_text(error)


def in_memory_database() -> bool:
    """SQLite in memory (the tests' default): no other process can open it."""
    name = str(connection.settings_dict["NAME"])
    return connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name)


def batch_entry(unit: Area, rendered: Rendered, names: set[str]) -> str:
    """The unit's file name inside the ZIP (its code first; unique)."""
    entry = f"{unit.code}-{rendered.filename}"
    while entry in names:
        entry = f"{unit.pk}-{entry}"
    names.add(entry)
    return entry


def batch_run(batch: ReportBatch, *, progress: ProgressFn | None = None) -> ReportBatch:
    """Write the batch: for each unit, build its report (the requester's scope) and render its Word file
    into one ZIP kept as ``batch.archive``. ``done``/``failed`` are saved as it goes (a page polls them); a
    unit that fails is counted with its message and the batch goes on. Ends ``done`` (``failed`` when no
    unit could be written or something outside the units went wrong)."""
    params = ReportParams.from_json(batch.params)
    scope = scope_of(batch.requested_by)
    units = batch_units(batch.area, params.reference_date)
    total = len(units)
    ReportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, total=total, done=0, failed=0, message=""
    )
    step = 1 if total <= 200 else max(1, total // 200)
    done = failed = 0
    messages: list[str] = []
    status = BatchStatus.DONE
    with tempfile.TemporaryFile() as spool:
        try:
            with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
                names: set[str] = set()
                files = batch_files(kind=batch.kind, scope=scope, params=params, units=units)
                for i, (unit, rendered, message) in enumerate(files, start=1):
                    if rendered is not None:
                        # a Word file is compressed already: stored as it is, not deflated again
                        archive.writestr(
                            batch_entry(unit, rendered, names),
                            rendered.data,
                            compress_type=zipfile.ZIP_STORED,
                        )
                        done += 1
                    else:
                        failed += 1
                        messages.append(f"{unit.name} ({unit.code}): {message}")
                    if progress is not None:
                        progress(done + failed, failed, total, unit.name)
                    if i % step == 0 or i == total:
                        ReportBatch.objects.filter(pk=batch.pk).update(done=done, failed=failed)
            if total and failed == total:
                status = BatchStatus.FAILED
            spool.seek(0)
            name = f"{STEMS.get(ReportKind(batch.kind), 'bao-cao')}-{_slug(batch.area.name)}.zip"
            batch.archive.save(name, File(spool), save=False)
        except Exception as error:
            logger.exception("report batch %s failed", batch.pk)
            status = BatchStatus.FAILED
            messages.append(error_text(error))
    batch.status = status
    batch.done, batch.failed, batch.total = done, failed, total
    batch.message = "\n".join(messages)
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "done", "failed", "total", "message", "archive", "finished_at"])
    return batch


def _run_in_thread(pk: int) -> None:
    close_old_connections()
    try:
        batch_run(ReportBatch.objects.select_related("area", "requested_by").get(pk=pk))
    except Exception:  # the page must learn that it failed; the error is logged
        logger.exception("report batch %s failed", pk)
        ReportBatch.objects.filter(pk=pk).update(status=BatchStatus.FAILED, finished_at=timezone.now())
    finally:
        connection.close()


def batch_start(batch: ReportBatch) -> None:
    """Run the batch in a background thread (the page polls its progress), or at once where imports run
    inline (tests: ``IMPORT_IN_BACKGROUND`` off)."""
    if getattr(settings, "REPORTS_IN_BACKGROUND", settings.IMPORT_IN_BACKGROUND):
        transaction.on_commit(
            lambda: threading.Thread(target=_run_in_thread, args=(batch.pk,), daemon=True).start()
        )
    else:
        batch_run(batch)


def batch_archive(batch: ReportBatch) -> Rendered:
    """The batch's ZIP."""
    with batch.archive.open("rb") as f:
        data = f.read()
    return Rendered(str(batch.archive.name).rsplit("/", 1)[-1], "application/zip", data)
