"""Reads of the reports app (issued reports, templates, batches) inside the reader's scope: an issued report
is read where the scope may analyse its area; a batch by the user who asked for it, or an administrator."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from nguon.areas.models import Area
from nguon.core.scope import Level, Scope

from .models import IssuedReport, ReportBatch, ReportTemplate


def issued_list(*, scope: Scope, area: Area | None = None, kind: str | None = None) -> QuerySet[IssuedReport]:
    """The issued reports whose area ``scope`` may analyse, newest first; optionally of the areas under
    ``area`` and of one ``kind``."""
    qs = IssuedReport.objects.filter(scope.areas_q(Level.ANALYSE, "area__")).select_related(
        "area", "issued_by", "template"
    )
    if area is not None:
        qs = qs.filter(area__path__startswith=area.path)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-issued_at", "-id")


def issued_get(*, scope: Scope, pk: int) -> IssuedReport:
    """One issued report inside ``scope``; ``IssuedReport.DoesNotExist`` otherwise (as for no such report)."""
    return issued_list(scope=scope).get(pk=pk)


def template_list() -> QuerySet[ReportTemplate]:
    return ReportTemplate.objects.select_related("uploaded_by").order_by("kind", "-uploaded_at", "-id")


def template_active(kind: str) -> ReportTemplate | None:
    """The kind's active uploaded template (None: the default shipped with Nguồn)."""
    return ReportTemplate.objects.filter(kind=kind, active=True).first()


def batch_list(*, scope: Scope, user: Any) -> QuerySet[ReportBatch]:
    qs = ReportBatch.objects.select_related("area", "requested_by")
    if not scope.unrestricted:
        qs = qs.filter(requested_by=user)
    return qs.order_by("-requested_at", "-id")


def batch_get(*, scope: Scope, user: Any, pk: int) -> ReportBatch:
    """The requester's own batch, or any for an administrator; ``ReportBatch.DoesNotExist`` otherwise."""
    return batch_list(scope=scope, user=user).get(pk=pk)
