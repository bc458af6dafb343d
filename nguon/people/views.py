"""People pages: the search and list, the profile, the everyday forms, and their Excel files.

Views parse the request, call selectors with ``request.scope`` and ``request.at``, call the services, and
render; they never filter for access themselves. A person outside the user's view scope is 404 (the same
answer as for no such person); a write outside the edit scope is refused by the service (PermissionDenied,
403). Every profile view and every file with names is written to the personal-data log.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.core.access import scoped
from nguon.core.downloads import download
from nguon.core.exporters import XlsxExporter
from nguon.core.formats import format_date, format_int
from nguon.core.history import Change, history_entries, history_records, record_version
from nguon.core.labels import label
from nguon.core.scope import Level, Scope
from nguon.core.xlsx import Column, Sheet
from nguon.organizations import services as organization_services
from nguon.organizations.choices import TenureEnd, TenureStart
from nguon.organizations.forms import TenureEndForm, TenureStartForm
from nguon.organizations.models import Post, Tenure, Term
from nguon.organizations.selectors import organization_list, tenure_list
from nguon.pipeline.retirement import retirement_of_birth, retirement_text
from nguon.pipeline.views_board import person_pipeline

from . import services
from .choices import BirthDatePrecision, Education, PoliticalTheory, Sex
from .filters import PersonFilterSet
from .forms import PersonForm, limit_options, show_errors, style_fields
from .models import Person
from .selectors import Duplicates, person_can_edit, person_duplicates, person_get, person_list, person_tenures

PAGE_SIZE = 50
SOURCE = "web"


# --- the list -------------------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> PersonFilterSet:
    scope: Scope = request.scope  # type: ignore[attr-defined]
    return PersonFilterSet(
        request.GET or None,
        queryset=person_list(scope=scope).order_by("sort_key", "birth_date", "id"),
        request=request,
    )


def _current_posts(scope: Scope, people: Sequence[Person], at: dt.date) -> dict[int, list[Tenure]]:
    """The tenures each of ``people`` holds on ``at``, in one query."""
    held: dict[int, list[Tenure]] = defaultdict(list)
    for tenure in person_tenures(scope=scope, person_ids=[p.pk for p in people], at=at):
        held[tenure.person_id].append(tenure)
    for posts in held.values():
        posts.sort(key=lambda t: (t.post.rank, t.post.name))
    return held


@scoped(level=Level.VIEW)
def person_list_view(request: HttpRequest) -> HttpResponse:
    """Search and filter the people in the user's scope, in Vietnamese name order, 50 a page."""
    filterset = _filtered(request)
    valid = filterset.is_valid() if filterset.is_bound else True
    qs = filterset.qs if valid else Person.objects.none()
    at = filterset.at_date if valid else request.at  # type: ignore[attr-defined]
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    people = list(page.object_list)
    posts = _current_posts(request.scope, people, at)  # type: ignore[attr-defined]
    rows = [(p, posts.get(p.pk, [])) for p in people]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/person_list.html",
        {
            "filter": filterset,
            "form": _styled_filters(filterset),
            "page": page,
            "rows": rows,
            "list_at": at,
            "list_at_display": format_date(at),
            "range": _range(page, paginator.count),
            "query": query.urlencode(),
            "filtered": bool(
                request.GET and any(v for k, v in request.GET.items() if k not in ("page", "at"))
            ),
        },
    )


def _styled_filters(filterset: PersonFilterSet) -> Any:
    form = style_fields(filterset.form)
    form.fields["q"].widget.attrs.update({"placeholder": _("e.g. hoang thi lan"), "type": "search"})
    return form


def _range(page: Any, count: int) -> str:
    if not count:
        return ""
    return _("%(first)s–%(last)s of %(count)s") % {
        "first": format_int(page.start_index()),
        "last": format_int(page.end_index()),
        "count": format_int(count),
    }


class PeopleListExporter(XlsxExporter):
    """The filtered list of people to Excel: name, birth, sex, the posts held on the date."""

    identifier: ClassVar[str] = "people-list"
    verbose_name: ClassVar[str] = "people list"
    CHUNK = 2000

    def __init__(self, *, scope: Scope, people: QuerySet[Person], at: dt.date) -> None:
        self.scope = scope
        self.people = people
        self.at = at
        self.count = 0

    def filename(self) -> str:
        return _("people on %(date)s") % {"date": self.at.strftime("%d-%m-%Y")}

    def sheets(self) -> Iterable[Sheet]:
        columns = [
            Column(capfirst(_("full name")), 28),
            Column(capfirst(_("sex")), 8),
            Column(capfirst(_("birth date")), 12, "date"),
            Column(capfirst(_("cadre code")), 12),
            Column(capfirst(_("ethnicity")), 10),
            Column(capfirst(_("education")), 16),
            Column(capfirst(_("political theory")), 16),
            Column(capfirst(_("dossier kept by")), 30),
            Column(_("Posts held on %(date)s") % {"date": format_date(self.at)}, 60),
        ]
        yield Sheet(_("People"), columns, self._rows())

    def _rows(self) -> Iterator[list[Any]]:
        chunk: list[Person] = []
        for person in self.people.select_related("dossier_organization").iterator(chunk_size=self.CHUNK):
            chunk.append(person)
            if len(chunk) == self.CHUNK:
                yield from self._chunk_rows(chunk)
                chunk = []
        yield from self._chunk_rows(chunk)

    def _chunk_rows(self, people: list[Person]) -> Iterator[list[Any]]:
        if not people:
            return
        posts = _current_posts(self.scope, people, self.at)
        for p in people:
            self.count += 1
            yield [
                p.full_name,
                label(Sex, p.sex),
                p.birth_date.year if p.birth_date_precision == BirthDatePrecision.YEAR else p.birth_date,
                p.code,
                p.ethnicity,
                label(Education, p.education),
                label(PoliticalTheory, p.political_theory),
                str(p.dossier_organization or ""),
                "; ".join(_post_text(t) for t in posts.get(p.pk, [])),
            ]


def _post_text(t: Tenure) -> str:
    return f"{t.post.name}, {t.post.organization.name}"


@scoped(level=Level.VIEW)
def person_list_xlsx(request: HttpRequest) -> HttpResponse:
    """The filtered list (every page) as an Excel file, written to the personal-data log."""
    filterset = _filtered(request)
    if filterset.is_bound and not filterset.is_valid():
        messages.error(request, _("The filters are not valid; nothing was exported."))
        return redirect(reverse("person-list") + "?" + request.GET.urlencode())
    exporter = PeopleListExporter(scope=request.scope, people=filterset.qs, at=filterset.at_date)  # type: ignore[attr-defined]
    rendered = exporter.render()
    personal_data_logged(
        user=request.user,
        kind=AccessKind.EXPORT,
        what=_("List of people to Excel (%(filters)s)") % {"filters": request.GET.urlencode() or "—"},
        people_count=exporter.count,
        path=request.get_full_path(),
    )
    return download(rendered)


# --- the profile ----------------------------------------------------------------------------------------


def _can_edit(scope: Scope, person: Person) -> bool:
    return person_can_edit(scope=scope, person=person)


def _profile_parts(scope: Scope, person: Person) -> tuple[list[Tenure], list[Any]]:
    tenures = list(person_tenures(scope=scope, person_ids=[person.pk]))
    records = history_records([(Person, [person.pk]), (Tenure, [t.pk for t in tenures])])
    return tenures, records


def person_fields(person: Person) -> list[tuple[str, str]]:
    """The person's fields with their Vietnamese labels, as a profile and the own-data file show them."""
    return [
        (capfirst(_("full name")), person.full_name),
        (capfirst(_("sex")), label(Sex, person.sex)),
        (capfirst(_("birth date")), person.birth_display),
        (capfirst(_("cadre code")), person.code or "—"),
        (capfirst(_("ethnicity")), person.ethnicity or "—"),
        (capfirst(_("education")), label(Education, person.education) or "—"),
        (capfirst(_("political theory")), label(PoliticalTheory, person.political_theory) or "—"),
        (capfirst(_("party admission date")), format_date(person.party_admission_date) or "—"),
        (capfirst(_("dossier kept by")), str(person.dossier_organization or "—")),
    ]


@scoped(level=Level.VIEW)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's profile: fields, age at the date, the dated timeline of tenures, the history of changes."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    person = person_get(scope=scope, pk=pk)
    tenures, records = _profile_parts(scope, person)
    can_edit = _can_edit(scope, person)
    personal_data_logged(
        user=request.user,
        kind=AccessKind.VIEW,
        what=_("Profile of %(name)s") % {"name": person.full_name},
        person_id=person.pk,
        path=request.get_full_path(),
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "fields": person_fields(person),
            "age": person.age_on(at) if person.birth_date <= at else None,
            "retirement": retirement_text(
                retirement_of_birth(
                    sex=person.sex,
                    birth_date=person.birth_date,
                    year_only=person.birth_date_precision == BirthDatePrecision.YEAR,
                )
            ),
            "timeline": [
                _timeline_item(t, at, can_edit and scope.covers_organization(t.post.organization))
                for t in tenures
            ],
            "history": history_entries(records),
            "can_edit": can_edit,
            **person_pipeline(scope=scope, person=person, at=at),
        },
    )


def _timeline_item(t: Tenure, at: dt.date, editable: bool) -> dict[str, Any]:
    """A tenure as the timeline shows it; ``editable`` when the user may end it (its organization is in
    her edit scope: a person in the scope may hold posts elsewhere, shown but not hers to change)."""
    current = t.start_date <= at and (t.end_date is None or t.end_date >= at)
    return {
        "tenure": t,
        "current": current,
        "future": t.start_date > at,
        "start": format_date(t.start_date),
        "end": format_date(t.end_date),
        "start_reason": label(TenureStart, t.start_reason),
        "end_reason": label(TenureEnd, t.end_reason),
        "decision_date": format_date(t.start_decision_date),
        "editable": editable,
    }


class PersonOwnDataExporter(XlsxExporter):
    """A person's own data in full (Decree 13/2023/NĐ-CP): every field, every tenure, the history."""

    identifier: ClassVar[str] = "person-own-data"
    verbose_name: ClassVar[str] = "person's own data"

    def __init__(self, *, person: Person, tenures: Sequence[Tenure], records: Sequence[Any]) -> None:
        self.person = person
        self.tenures = tenures
        self.records = records

    def filename(self) -> str:
        return _("data of %(name)s") % {"name": self.person.full_name}

    def sheets(self) -> Iterable[Sheet]:
        yield Sheet(
            _("Personal information"),
            [Column(_("Field"), 28), Column(_("Value"), 50)],
            [list(pair) for pair in person_fields(self.person)],
        )
        yield Sheet(
            _("Posts held"),
            [
                Column(capfirst(_("post")), 30),
                Column(capfirst(_("organization")), 36),
                Column(capfirst(_("body")), 30),
                Column(capfirst(_("term")), 12),
                Column(capfirst(_("from")), 12, "date"),
                Column(capfirst(_("to")), 12, "date"),
                Column(capfirst(_("how it began")), 16),
                Column(capfirst(_("decision number")), 16),
                Column(capfirst(_("decision date")), 12, "date"),
                Column(capfirst(_("why it ended")), 16),
                Column(capfirst(_("end decision number")), 16),
                Column(capfirst(_("note")), 30),
            ],
            [
                [
                    t.post.name,
                    f"{t.post.organization.name} ({t.post.organization.area.name})",
                    t.post.body.name if t.post.body else "",
                    t.term.name if t.term else "",
                    t.start_date,
                    t.end_date,
                    label(TenureStart, t.start_reason),
                    t.start_decision,
                    t.start_decision_date,
                    label(TenureEnd, t.end_reason),
                    t.end_decision,
                    t.note,
                ]
                for t in self.tenures
            ],
        )
        yield Sheet(
            _("History of changes"),
            [
                Column(_("When"), 17),
                Column(_("Who"), 20),
                Column(_("What"), 40),
                Column(_("Field"), 24),
                Column(_("Before"), 30),
                Column(_("After"), 30),
                Column(_("Source"), 20),
            ],
            [
                [
                    e.at_display,
                    e.who,
                    f"{e.action} {e.kind.lower()} «{e.what}»",
                    c.label,
                    c.before,
                    c.after,
                    e.source,
                ]
                for e in history_entries(self.records)
                for c in (e.changes or [_NO_CHANGE])
            ],
        )


_NO_CHANGE = Change("", "", "")


@scoped(level=Level.VIEW)
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's own data in full as an Excel file, written to the personal-data log."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    person = person_get(scope=scope, pk=pk)
    tenures, records = _profile_parts(scope, person)
    rendered = PersonOwnDataExporter(person=person, tenures=tenures, records=records).render()
    personal_data_logged(
        user=request.user,
        kind=AccessKind.EXPORT,
        what=_("Own data of %(name)s to Excel") % {"name": person.full_name},
        person_id=person.pk,
        path=request.get_full_path(),
    )
    return download(rendered)


# --- the forms ------------------------------------------------------------------------------------------


def _dossier_choices(request: HttpRequest) -> QuerySet[Any]:
    scope: Scope = request.scope  # type: ignore[attr-defined]
    return organization_list(scope=scope, level=Level.EDIT, at=request.at).order_by(  # type: ignore[attr-defined]
        "area__code", "kind", "name", "id"
    )


def _person_form(request: HttpRequest, person: Person | None = None) -> PersonForm:
    scope: Scope = request.scope  # type: ignore[attr-defined]
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        organizations=_dossier_choices(request),
        person=person,
        dossier_required=not scope.unrestricted and person is None,
    )
    if person is not None and request.method != "POST":
        form.initial["version"] = record_version(person)
    form.more_organizations = limit_options(  # type: ignore[attr-defined]
        form.fields["dossier_organization"],  # type: ignore[arg-type]
        query=request.GET.get("org", ""),
        selected=form.data.get("dossier_organization")
        if form.is_bound
        else form.initial.get("dossier_organization"),
    )
    return form


def _unconfirmed_duplicates(
    scope: Scope, form: PersonForm, values: dict[str, Any], person: Person | None = None
) -> Duplicates | None:
    """The likely duplicates of the person typed, unless there are none or the officer confirmed that this
    is another person ("save anyway")."""
    if form.cleaned_data.get("confirm_duplicate"):
        return None
    found = person_duplicates(
        scope=scope,
        full_name=values["full_name"],
        birth_date=values["birth_date"],
        exclude_pk=person.pk if person is not None else None,
    )
    return found if found.visible or found.hidden else None


@scoped(level=Level.EDIT)
def person_add(request: HttpRequest) -> HttpResponse:
    """Register a person; a likely duplicate (same folded name and birth date) is shown first and saved
    only when the officer confirms it is another person."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    form = _person_form(request)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        duplicates = _unconfirmed_duplicates(scope, form, values)
        if duplicates is None:  # else not saved: the warning asks to confirm
            try:
                person = services.person_create(**values, acting_user=request.user, source=SOURCE)
            except ValidationError as error:
                show_errors(form, error, PersonForm.FIELD_OF)
            else:
                messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
                return redirect("person-detail", pk=person.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": style_fields(form), "person": None, "duplicates": duplicates},
    )


@scoped(level=Level.EDIT)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a person's record; refused (the second officer is told) when someone changed it meanwhile."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    person = person_get(scope=scope, pk=pk)
    services.person_require_edit(person=person, acting_user=request.user)
    form = _person_form(request, person)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        if values["dossier_organization"] is None:
            values.pop("dossier_organization")
        renamed = (values["full_name"], values["birth_date"]) != (person.full_name, person.birth_date)
        duplicates = _unconfirmed_duplicates(scope, form, values, person) if renamed else None
        if duplicates is None:  # else not saved: the warning asks to confirm
            try:
                services.person_update(
                    person=person,
                    data=values,
                    acting_user=request.user,
                    source=SOURCE,
                    expected_version=form.cleaned_data.get("version") or None,
                )
            except ValidationError as error:
                show_errors(form, error, PersonForm.FIELD_OF)
            else:
                messages.success(request, _("The record of %(name)s was saved.") % {"name": person.full_name})
                return redirect("person-detail", pk=person.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": style_fields(form), "person": person, "duplicates": duplicates},
    )


def _post_choices(request: HttpRequest) -> tuple[QuerySet[Post], QuerySet[Term]]:
    organizations = _dossier_choices(request)
    posts = (
        Post.objects.filter(organization__in=organizations.values("pk"))
        .select_related("organization__area", "body")
        .order_by("organization__area__code", "organization__name", "rank", "name", "id")
    )
    terms = (
        Term.objects.filter(body__organization__in=organizations.values("pk"))
        .select_related("body")
        .order_by("body__organization__name", "body__name", "-start_date", "id")
    )
    return posts, terms


@scoped(level=Level.EDIT)
def tenure_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a tenure of the person: a post of an organization in the user's edit scope."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    person = person_get(scope=scope, pk=pk)
    posts, terms = _post_choices(request)
    form = TenureStartForm(
        request.POST if request.method == "POST" else None,
        posts=posts,
        terms=terms,
        initial={"start_date": request.at},  # type: ignore[attr-defined]
    )
    query = request.GET.get("org", "")
    more = limit_options(
        form.fields["post"],  # type: ignore[arg-type]
        query=query,
        selected=form.data.get("post"),
        lookup="organization__search_key",
    )
    more |= limit_options(
        form.fields["term"],  # type: ignore[arg-type]
        query=query,
        selected=form.data.get("term"),
        lookup="body__organization__search_key",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organization_services.tenure_create(
                person=person,
                post=data["post"],
                term=data["term"],
                start_date=data["start_date"],
                start_reason=data["start_reason"],
                start_decision=data["start_decision"],
                start_decision_date=data["start_decision_date"],
                note=data["note"],
                acting_user=request.user,
                source=SOURCE,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s holds %(post)s from %(date)s.")
                % {
                    "name": person.full_name,
                    "post": data["post"].name,
                    "date": format_date(data["start_date"]),
                },
            )
            return redirect("person-detail", pk=person.pk)
    return render(
        request,
        "people/tenure_form.html",
        {
            "form": style_fields(form),
            "person": person,
            "more": more,
            "org_query": query,
            "posts_empty": not posts.exists(),
        },
    )


@scoped(level=Level.EDIT)
def tenure_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a tenure: the last day held, why, the decision (refused when the tenure changed meanwhile)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    tenure = tenure_list(scope=scope).filter(pk=pk).first()
    if tenure is None:
        raise Http404(_("No such tenure in your area of work."))
    person = tenure.person
    if request.method == "POST":
        form = TenureEndForm(request.POST)
    else:
        form = TenureEndForm(initial={"end_date": request.at, "version": record_version(tenure)})  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                organization_services.tenure_end(
                    tenure=tenure,
                    end_date=data["end_date"],
                    end_reason=data["end_reason"],
                    end_decision=data["end_decision"],
                    acting_user=request.user,
                    source=SOURCE,
                    expected_version=data.get("version") or None,
                )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("The tenure of %(name)s as %(post)s ends on %(date)s.")
                % {"name": person.full_name, "post": tenure.post.name, "date": format_date(data["end_date"])},
            )
            return redirect("person-detail", pk=person.pk)
    return render(
        request,
        "people/tenure_end.html",
        {
            "form": style_fields(form),
            "tenure": tenure,
            "person": person,
            "start": format_date(tenure.start_date),
        },
    )
