"""The candidate-list pages (issue 10 §6): the lists of the scope; a list with its candidates (people outside
the scope counted, never named), its share checks, its results (votes, % of the valid ballots) and the
tenures they created; the forms that open a list, add a candidate found by name, record the results, mark
a term appointed; the list's workbook. Views parse, call selectors and services, render."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.core.access import scoped
from nguon.core.downloads import download
from nguon.core.formats import format_date, format_int, format_percent
from nguon.core.scope import Level, Scope
from nguon.organizations.models import Post, Term
from nguon.organizations.selectors import organization_get
from nguon.people.forms import show_errors, style_fields
from nguon.people.models import Person
from nguon.people.selectors import person_search

from . import selectors, services
from .choices import ElectionKind, ListStatus
from .forms import AppointedForm, CandidacyAddForm, CandidateListForm, ResultsForm, StatusForm
from .models import Candidacy, CandidateList
from .xlsx import CandidateListExporter

SOURCE = "web"
SEARCH_LIMIT = 20


def _scope(request: HttpRequest) -> Scope:
    return request.scope  # type: ignore[attr-defined,no-any-return]


def share_of(votes: int | None, valid_ballots: int | None) -> str:
    """Votes as a share of the valid ballots, "52,3%" (decimal comma); "—" without both."""
    if votes is None or not valid_ballots:
        return "—"
    return format_percent(Decimal(votes * 100) / Decimal(valid_ballots), 2)


@dataclass
class Row:
    candidacy: Candidacy
    share: str
    age: int


def _rows(scope: Scope, candidate_list: CandidateList) -> tuple[list[Row], int]:
    visible, hidden = selectors.candidacy_rows(scope=scope, candidate_list=candidate_list)
    rows = [
        Row(c, share_of(c.votes, candidate_list.valid_ballots), c.person.age_on(candidate_list.election_date))
        for c in visible
    ]
    return rows, hidden


@scoped(level=Level.VIEW)
def election_list(request: HttpRequest) -> HttpResponse:
    """The candidate lists of the scope, newest election first, with their checks folded."""
    scope = _scope(request)
    kind = request.GET.get("kind", "")
    lists = list(
        selectors.candidate_list_list(scope=scope, kind=kind if kind in ElectionKind.values else "")[:200]
    )
    items = []
    for cl in lists:
        verdicts = selectors.list_verdicts(candidate_list=cl)
        items.append(
            {"list": cl, "failed": [v for v in verdicts if not v.ok], "date": format_date(cl.election_date)}
        )
    return render(
        request,
        "elections/list.html",
        {"items": items, "kinds": ElectionKind.choices, "kind": kind},
    )


def _people(scope: Scope, query: str) -> list[Person]:
    if not query.strip():
        return []
    return list(person_search(scope=scope, query=query)[:SEARCH_LIMIT])


def _detail_context(
    request: HttpRequest,
    candidate_list: CandidateList,
    add_form: CandidacyAddForm | None = None,
    results_form: ResultsForm | None = None,
) -> dict[str, Any]:
    scope = _scope(request)
    rows, hidden = _rows(scope, candidate_list)
    verdicts = sorted(selectors.list_verdicts(candidate_list=candidate_list), key=lambda v: v.ok)
    can_edit = scope.covers_organization(candidate_list.term.body.organization, Level.EDIT)
    closed = candidate_list.status == ListStatus.RESULTS
    if can_edit and not closed and add_form is None:
        add_form = CandidacyAddForm(people=person_search(scope=scope))
    query = add_form.data.get("q", "") if add_form is not None and add_form.is_bound else ""
    if can_edit and results_form is None:
        all_candidacies = list(
            Candidacy.objects.filter(candidate_list=candidate_list).order_by("order", "id")
        )
        results_form = ResultsForm(
            candidacies=all_candidacies,
            initial={
                "voters": candidate_list.voters,
                "valid_ballots": candidate_list.valid_ballots,
                "decision": candidate_list.decision,
            },
        )
    visible_ids = {r.candidacy.pk for r in rows}
    elected = selectors.elected_by_sex(candidate_list=candidate_list)
    return {
        "cl": candidate_list,
        "org": candidate_list.term.body.organization,
        "rows": rows,
        "hidden": hidden,
        "verdicts": verdicts,
        "can_edit": can_edit,
        "closed": closed,
        "form": style_fields(add_form) if add_form is not None and not closed else None,
        "query": query,
        "found": _people(scope, query),
        "selected_pk": None,
        "results_form": style_fields(results_form) if results_form is not None else None,
        "results_rows": results_form.rows() if results_form is not None else [],
        "visible_ids": visible_ids,
        "election_date": format_date(candidate_list.election_date),
        "voters": format_int(candidate_list.voters) if candidate_list.voters is not None else "—",
        "valid_ballots": (
            format_int(candidate_list.valid_ballots) if candidate_list.valid_ballots is not None else "—"
        ),
        "turnout": share_of(candidate_list.valid_ballots, candidate_list.voters),
        "elected_women": elected.get("F", 0),
        "elected_total": sum(elected.values()),
        "tenures": [r for r in rows if r.candidacy.tenure_id],
    }


@scoped(level=Level.VIEW)
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate_list = selectors.candidate_list_get(scope=_scope(request), pk=pk)
    return render(request, "elections/detail.html", _detail_context(request, candidate_list))


@scoped(level=Level.EDIT)
def election_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a candidate list for a term of one of the organization's bodies."""
    scope = _scope(request)
    org = organization_get(scope=scope, pk=pk)
    scope.require_organization(org, Level.EDIT)
    terms = Term.objects.filter(body__organization=org).select_related("body").order_by("-start_date")
    posts = Post.objects.filter(organization=org, body__isnull=False).order_by("rank", "name")
    form = CandidateListForm(request.POST or None, terms=terms, posts=posts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.candidate_list_create(**data, acting_user=request.user, source=SOURCE)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The list %(name)s was opened.") % {"name": created.name})
            return redirect("election-detail", pk=created.pk)
    return render(request, "elections/list_form.html", {"form": style_fields(form), "org": org})


@scoped(level=Level.EDIT)
def election_candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    candidate_list = selectors.candidate_list_get(scope=scope, pk=pk)
    scope.require_organization(candidate_list.term.body.organization, Level.EDIT)
    if request.method != "POST":
        return redirect("election-detail", pk=candidate_list.pk)
    form = CandidacyAddForm(request.POST, people=person_search(scope=scope))
    if "search" not in request.POST and form.is_valid():
        data = form.cleaned_data
        try:
            services.candidacy_add(
                candidate_list=candidate_list, acting_user=request.user, source=SOURCE, **data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s was added to the list.") % {"name": data["person"].full_name}
            )
            return redirect("election-detail", pk=candidate_list.pk)
    elif "search" in request.POST:
        form.errors.clear()
    return render(request, "elections/detail.html", _detail_context(request, candidate_list, add_form=form))


@scoped(level=Level.EDIT)
def election_person_search(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    candidate_list = selectors.candidate_list_get(scope=scope, pk=pk)
    scope.require_organization(candidate_list.term.body.organization, Level.EDIT)
    query = request.GET.get("q", "")
    return render(
        request,
        "elections/_person_choices.html",
        {"found": _people(scope, query), "query": query, "selected_pk": None},
    )


def _candidacy_get(scope: Scope, pk: int) -> Candidacy:
    found = (
        Candidacy.objects.filter(pk=pk, candidate_list__in=selectors.candidate_list_list(scope=scope))
        .filter(scope.people_q(Level.VIEW, "person__"))
        .select_related("person", "candidate_list__term__body__organization__area")
        .first()
    )
    if found is None:
        raise Http404
    return found


@scoped(level=Level.EDIT)
def election_candidate_remove(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    candidacy = _candidacy_get(scope, pk)
    candidate_list = candidacy.candidate_list
    scope.require_organization(candidate_list.term.body.organization, Level.EDIT)
    if request.method == "POST":
        try:
            services.candidacy_remove(candidacy=candidacy, acting_user=request.user, source=SOURCE)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("%(name)s was taken off the list.") % {"name": candidacy.person.full_name}
            )
    return redirect("election-detail", pk=candidate_list.pk)


@scoped(level=Level.EDIT)
def election_status(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    candidate_list = selectors.candidate_list_get(scope=scope, pk=pk)
    scope.require_organization(candidate_list.term.body.organization, Level.EDIT)
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.list_status_set(
                candidate_list=candidate_list,
                status=form.cleaned_data["status"],
                acting_user=request.user,
                source=SOURCE,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    return redirect("election-detail", pk=candidate_list.pk)


def _results_on_top(error: ValidationError) -> ValidationError:
    """The service's errors of the whole results ("results") go on top of the form."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {(NON_FIELD_ERRORS if k == "results" else k): v for k, v in error.error_dict.items()}
    )


@scoped(level=Level.EDIT)
def election_results(request: HttpRequest, pk: int) -> HttpResponse:
    """POST the results form: every candidate's votes and whether elected; the tenures follow."""
    scope = _scope(request)
    candidate_list = selectors.candidate_list_get(scope=scope, pk=pk)
    scope.require_organization(candidate_list.term.body.organization, Level.EDIT)
    if request.method != "POST":
        return redirect("election-detail", pk=candidate_list.pk)
    candidacies = list(Candidacy.objects.filter(candidate_list=candidate_list).order_by("order", "id"))
    form = ResultsForm(request.POST, candidacies=candidacies)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.results_record(
                candidate_list=candidate_list,
                results=form.results(),
                voters=data["voters"],
                valid_ballots=data["valid_ballots"],
                decision=data["decision"],
                acting_user=request.user,
                source=SOURCE,
            )
        except ValidationError as error:
            show_errors(form, _results_on_top(error))
        else:
            messages.success(request, _("The results were recorded."))
            return redirect("election-detail", pk=candidate_list.pk)
    candidate_list.refresh_from_db()
    return render(
        request, "elections/detail.html", _detail_context(request, candidate_list, results_form=form)
    )


@scoped(level=Level.VIEW)
def election_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    candidate_list = selectors.candidate_list_get(scope=scope, pk=pk)
    exporter = CandidateListExporter(scope=scope, candidate_list=candidate_list)
    rendered = exporter.render()
    personal_data_logged(
        user=request.user,
        kind=AccessKind.EXPORT,
        what=rendered.filename,
        people_count=exporter.people_count,
        path=request.path,
    )
    return download(rendered)


def _term_get(scope: Scope, pk: int) -> Term:
    found = (
        Term.objects.filter(scope.organizations_q(Level.VIEW, "body__organization__"), pk=pk)
        .select_related("body__organization__area")
        .first()
    )
    if found is None:
        raise Http404
    return found


@scoped(level=Level.EDIT)
def election_term_appointed(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a term as appointed by the level above (chỉ định), with its decision."""
    scope = _scope(request)
    term = _term_get(scope, pk)
    scope.require_organization(term.body.organization, Level.EDIT)
    form = AppointedForm(request.POST or None, initial={"decision": term.formation_decision})
    if request.method == "POST" and form.is_valid():
        try:
            services.term_mark_appointed(
                term=term, decision=form.cleaned_data["decision"], acting_user=request.user, source=SOURCE
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The term %(term)s is recorded as appointed.") % {"term": term})
            return redirect("organization-detail", pk=term.body.organization_id)
    return render(
        request,
        "elections/term_appointed.html",
        {"form": style_fields(form), "term": term, "org": term.body.organization},
    )
