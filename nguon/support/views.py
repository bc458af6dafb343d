"""The support pages: the list (the cases she may read, or, without the support permission, counts only —
same URL, no names, no ids), a case with its support (404 without the permission), the forms of a case and
of one support given, the exports (cases with permission, counts for everyone).

Views parse the request, call selectors with ``request.scope``, call the services, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.core.access import scoped
from nguon.core.downloads import download
from nguon.core.formats import format_number
from nguon.core.labels import label
from nguon.core.scope import Level, Scope
from nguon.organizations.models import Organization
from nguon.organizations.selectors import organization_list
from nguon.people.forms import show_errors, style_fields
from nguon.people.selectors import person_list

from . import selectors, services
from .choices import CaseKind, SupportKind
from .forms import CaseForm, SupportFilterForm, SupportForm
from .xlsx import SupportCasesExporter, SupportCountsExporter

SOURCE = "web"
PAGE = 50


def _scope(request: HttpRequest) -> Scope:
    return request.scope  # type: ignore[attr-defined, no-any-return]


def counts_table(counts: selectors.SupportCounts) -> dict[str, Any]:
    """The counts as rows for a template: kinds × years, amounts by kind."""
    return {
        "years": counts.years,
        "rows": [
            {
                "kind": label(CaseKind, k, capital=True),
                "cells": [counts.by_kind_year.get((k, y), 0) for y in counts.years],
                "total": sum(n for (kk, _y), n in counts.by_kind_year.items() if kk == k),
            }
            for k in counts.kinds
        ],
        "amounts": [
            {
                "kind": label(SupportKind, k, capital=True),
                "times": counts.supports_by_kind[k],
                "amount_text": format_number(counts.amount_by_kind[k]),
            }
            for k in sorted(counts.supports_by_kind)
        ],
        "counts": counts,
        "amount_text": format_number(counts.amount),
    }


def _filters(request: HttpRequest) -> tuple[SupportFilterForm, str, int | None, str]:
    form = SupportFilterForm(request.GET or None)
    kind, year, status = "", None, ""
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["kind"] or ""
        year = form.cleaned_data["year"]
        status = form.cleaned_data["status"] or ""
    return form, kind, year, status


@scoped(level=Level.ANALYSE)
def support_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    counts = counts_table(selectors.support_counts(scope))
    can_read = scope.allows_support(Level.VIEW)
    context: dict[str, Any] = {"can_read": can_read, **counts}
    if can_read:
        form, kind, year, status = _filters(request)
        cases = selectors.case_list(scope=scope, kind=kind, year=year, status=status)
        page = Paginator(cases, PAGE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            form=style_fields(form),
            page=page,
            rows=[{"case": c, "kind": label(CaseKind, c.kind)} for c in page.object_list],
            query=query.urlencode(),
            can_add=scope.allows_support(Level.EDIT),
        )
        if page.object_list:
            personal_data_logged(
                user=request.user,
                kind=AccessKind.VIEW,
                what=_("Support cases"),
                people_count=len({c.person_id for c in page.object_list}),
                path=request.get_full_path(),
            )
    return render(request, "support/support_list.html", context)


@scoped(level=Level.VIEW)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    case = selectors.case_get(scope=scope, pk=pk)
    personal_data_logged(
        user=request.user,
        kind=AccessKind.VIEW,
        what=_("Support case %(id)s") % {"id": case.pk},
        people_count=1,
        person_id=case.person_id,
        path=request.get_full_path(),
    )
    lines = list(selectors.case_supports(case=case))
    return render(
        request,
        "support/case_detail.html",
        {
            "case": case,
            "kind": label(CaseKind, case.kind),
            "lines": [
                {
                    "line": s,
                    "kind": label(SupportKind, s.kind),
                    "amount": "" if s.amount is None else format_number(s.amount),
                }
                for s in lines
            ],
            "total": format_number(sum(s.amount or 0 for s in lines)),
            "can_edit": scope.covers_support(case.organization, Level.EDIT),
        },
    )


def _organizations(scope: Scope) -> Any:
    return Organization.objects.filter(scope.support_q(Level.EDIT)).order_by("area__path", "name", "id")


@scoped(level=Level.EDIT)
def case_add(request: HttpRequest) -> HttpResponse:
    return _case_form(request, None)


@scoped(level=Level.EDIT)
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(scope=_scope(request), pk=pk, level=Level.EDIT)
    return _case_form(request, case)


def _case_form(request: HttpRequest, case: Any) -> HttpResponse:
    scope = _scope(request)
    if not scope.allows_support(Level.EDIT):
        raise PermissionDenied
    people = person_list(scope=scope).order_by("sort_key", "id")
    initial = {}
    if case is not None:
        initial = {
            f: getattr(case, f)
            for f in ("person", "organization", "kind", "opened_on", "closed_on", "summary", "note")
        }
    elif request.GET.get("person", "").isdigit():
        initial = {"person": int(request.GET["person"])}
    form = CaseForm(request.POST or None, initial=initial, people=people, organizations=_organizations(scope))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["note"] = data.get("note") or ""
        try:
            if case is None:
                case = services.case_create(**data, acting_user=request.user, source=SOURCE)
            else:
                case = services.case_update(case=case, data=data, acting_user=request.user, source=SOURCE)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The support case is saved."))
            return redirect("support-case-detail", pk=case.pk)
    return render(request, "support/case_form.html", {"form": style_fields(form), "case": case})


@scoped(level=Level.EDIT)
def support_add(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    case = selectors.case_get(scope=scope, pk=pk, level=Level.EDIT)
    givers = organization_list(scope=scope, level=Level.ANALYSE).order_by("area__path", "name", "id")
    form = SupportForm(request.POST or None, organizations=givers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["note"] = data.get("note") or ""
        try:
            services.support_add(case=case, **data, acting_user=request.user, source=SOURCE)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The support is recorded."))
            return redirect("support-case-detail", pk=case.pk)
    return render(request, "support/support_form.html", {"form": style_fields(form), "case": case})


@scoped(level=Level.ANALYSE)
def support_export(request: HttpRequest) -> HttpResponse:
    """The cases she may read with their support (with the permission), else the counts only."""
    scope = _scope(request)
    if not scope.allows_support(Level.VIEW):
        return download(SupportCountsExporter(counts=selectors.support_counts(scope)).render())
    _form, kind, year, status = _filters(request)
    exporter = SupportCasesExporter(
        scope=scope, cases=selectors.case_list(scope=scope, kind=kind, year=year, status=status)
    )
    rendered = exporter.render()
    personal_data_logged(
        user=request.user,
        kind=AccessKind.EXPORT,
        what=_("Support cases to Excel"),
        people_count=exporter.people_count,
        path=request.get_full_path(),
    )
    return download(rendered)


@scoped(level=Level.ANALYSE)
def counts_export(request: HttpRequest) -> HttpResponse:
    """Counts only, for everyone."""
    return download(SupportCountsExporter(counts=selectors.support_counts(_scope(request))).render())
