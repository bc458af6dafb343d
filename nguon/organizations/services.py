"""Writes of organizations, bodies, terms, posts and tenures. Every write is validated, then audited.

Each entity has one rule, ``<entity>_check``: a pure function of plain values (and of the related rows it
needs, passed in) that returns the Vietnamese errors by field name. The single-row services
(``<entity>_create``, ``<entity>_update``), the bulk path (``<entities>_bulk_insert``, ``tenures_check``) and
the admin forms all call it, so they refuse the same things with the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, Protocol

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from nguon.accounts.scope import scope_of
from nguon.areas.models import Area
from nguon.core.audit import Actor
from nguon.core.bulk import RowsRefused, audit_inserted, insert_rows
from nguon.core.formats import format_date
from nguon.core.intervals import overlap_q
from nguon.core.scope import Level
from nguon.core.services import (
    Errors,
    add_error,
    check_dates,
    check_fields,
    check_name,
    model_create,
    model_update,
    raise_errors,
)
from nguon.core.text import clean_text, fold
from nguon.people.models import Person

from .choices import BodyKind, OrganizationKind, TenureEnd, TenureStart
from .models import Body, Organization, Post, Tenure, Term

# --- what the rules need of related rows (model instances fit, and so do small named tuples) ---------------


class HasBody(Protocol):
    """A post or a term, as far as the tenure rule needs it: the body it belongs to."""

    @property
    def body_id(self) -> int | None: ...


class HasOrganization(Protocol):
    """A body, as far as the post rule needs it: the organization it belongs to."""

    @property
    def organization_id(self) -> int: ...


class Span(Protocol):
    """A tenure already held, as far as the overlap rule needs it."""

    @property
    def start_date(self) -> dt.date: ...

    @property
    def end_date(self) -> dt.date | None: ...


# --- the rules -------------------------------------------------------------------------------------------


def organization_check(
    *,
    name: str,
    area: Area,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Errors:
    """An organization has a name, does not end before it starts, and sits in an area that exists on the
    day it starts."""
    errors: Errors = {}
    check_name(errors, name)
    check_dates(errors, valid_from, valid_to, "valid_to")
    if valid_from is not None and not area.is_valid_on(valid_from):
        add_error(
            errors,
            "area",
            _("%(area)s does not exist on %(date)s.") % {"area": area, "date": format_date(valid_from)},
            "area_not_valid",
        )
    return errors


def body_check(*, name: str) -> Errors:
    """A body has a name."""
    errors: Errors = {}
    check_name(errors, name)
    return errors


def term_check(*, name: str, start_date: dt.date, end_date: dt.date | None = None) -> Errors:
    """A term has a name and does not end before it starts."""
    errors: Errors = {}
    check_name(errors, name)
    check_dates(errors, start_date, end_date)
    return errors


def post_check(*, organization_id: int, name: str, body: HasOrganization | None = None) -> Errors:
    """A post has a name, and its body, when it is a seat of one, belongs to the post's organization."""
    errors: Errors = {}
    check_name(errors, name)
    if body is not None and body.organization_id != organization_id:
        add_error(errors, "body", _("The body belongs to another organization."), "body_mismatch")
    return errors


def _overlap_message(person: object, post: object, start: dt.date, end: dt.date | None) -> str:
    return _("%(person)s already holds %(post)s from %(start)s to %(end)s, overlapping these dates.") % {
        "person": person,
        "post": post,
        "start": format_date(start),
        "end": format_date(end) or _("now"),
    }


_FAR = dt.date.max


def tenure_check(
    *,
    person: object,
    post: HasBody,
    term: HasBody | None,
    start_date: dt.date,
    end_date: dt.date | None,
    held: Sequence[Span] = (),
) -> Errors:
    """A tenure does not end before it starts, names only a term of its post's body (a post that is no seat
    of a body has no term), and does not overlap ``held``: the other tenures of the same person on the same
    post. ``person`` and ``post`` name them in the messages."""
    errors: Errors = {}
    if end_date is not None and end_date < start_date:
        check_dates(errors, start_date, end_date)
    if term is not None and term.body_id != post.body_id:
        add_error(
            errors,
            "term",
            _("The term %(term)s is not a term of the body of post %(post)s.") % {"term": term, "post": post},
            "term_mismatch",
        )
    if held and "end_date" not in errors:  # the bulk path calls this per row: the cheap tests first
        last = end_date or _FAR
        for span in held:
            if span.start_date <= last and start_date <= (span.end_date or _FAR):
                add_error(
                    errors,
                    "start_date",
                    _overlap_message(person, post, span.start_date, span.end_date),
                    "tenure_overlap",
                )
                break
    return errors


# --- organizations ---------------------------------------------------------------------------------------

#: What ``organization_update`` lets change.
ORGANIZATION_FIELDS = ("name", "kind", "sector", "area", "parent", "valid_from", "valid_to")


def organization_search_key(name: str) -> str:
    """The search key of an organization's (cleaned) name."""
    return fold(name)


@transaction.atomic
def organization_create(
    *,
    name: str,
    kind: OrganizationKind | str,
    area: Area,
    parent: Organization | None = None,
    sector: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    acting_user: Actor = None,
    source: str = "",
) -> Organization:
    """Create an organization in an area that exists when the organization starts (inside the acting
    user's edit scope)."""
    scope_of(acting_user).require_organization(Organization(kind=kind, area=area, name=name), Level.EDIT)
    name = clean_text(name)
    raise_errors(organization_check(name=name, area=area, valid_from=valid_from, valid_to=valid_to))
    org = Organization(
        name=name,
        kind=kind,
        area=area,
        parent=parent,
        sector=sector,
        valid_from=valid_from,
        valid_to=valid_to,
        search_key=organization_search_key(name),
    )
    return model_create(instance=org, acting_user=acting_user, source=source)


@transaction.atomic
def organization_update(
    *, organization: Organization, data: Mapping[str, Any], acting_user: Actor = None, source: str = ""
) -> Organization:
    """Change an organization's ``ORGANIZATION_FIELDS``; the search key follows the name."""
    check_fields(Organization, data, ORGANIZATION_FIELDS)
    scope = scope_of(acting_user)
    scope.require_organization(organization, Level.EDIT)
    if "area" in data or "kind" in data:
        moved = Organization(
            name=organization.name,
            kind=data.get("kind", organization.kind),
            area=data.get("area", organization.area),
        )
        scope.require_organization(moved, Level.EDIT)
    changes = dict(data)
    if "name" in changes:
        changes["name"] = clean_text(changes["name"])
        changes["search_key"] = organization_search_key(changes["name"])
    merged = {f: changes.get(f, getattr(organization, f)) for f in ("name", "area", "valid_from", "valid_to")}
    raise_errors(organization_check(**merged))
    return model_update(
        instance=organization,
        fields=(*ORGANIZATION_FIELDS, "search_key"),
        data=changes,
        acting_user=acting_user,
        source=source,
    )


# --- bodies and terms ------------------------------------------------------------------------------------

#: What ``body_update`` lets change (a body never moves to another organization: its posts would not).
BODY_FIELDS = ("kind", "name")
#: What ``term_update`` lets change (a term never moves to another body: its tenures would not).
TERM_FIELDS = ("name", "start_date", "end_date")


@transaction.atomic
def body_create(
    *,
    organization: Organization,
    kind: BodyKind | str,
    name: str,
    acting_user: Actor = None,
    source: str = "",
) -> Body:
    name = clean_text(name)
    raise_errors(body_check(name=name))
    return model_create(
        instance=Body(organization=organization, kind=kind, name=name),
        acting_user=acting_user,
        source=source,
    )


@transaction.atomic
def body_update(*, body: Body, data: Mapping[str, Any], acting_user: Actor = None, source: str = "") -> Body:
    """Change a body's ``BODY_FIELDS``."""
    check_fields(Body, data, BODY_FIELDS)
    changes = {k: clean_text(v) if k == "name" else v for k, v in data.items()}
    raise_errors(body_check(name=changes.get("name", body.name)))
    return model_update(
        instance=body, fields=BODY_FIELDS, data=changes, acting_user=acting_user, source=source
    )


@transaction.atomic
def term_create(
    *,
    body: Body,
    name: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    acting_user: Actor = None,
    source: str = "",
) -> Term:
    name = clean_text(name)
    raise_errors(term_check(name=name, start_date=start_date, end_date=end_date))
    return model_create(
        instance=Term(body=body, name=name, start_date=start_date, end_date=end_date),
        acting_user=acting_user,
        source=source,
    )


@transaction.atomic
def term_update(*, term: Term, data: Mapping[str, Any], acting_user: Actor = None, source: str = "") -> Term:
    """Change a term's ``TERM_FIELDS``."""
    check_fields(Term, data, TERM_FIELDS)
    changes = {k: clean_text(v) if k == "name" else v for k, v in data.items()}
    merged = {f: changes.get(f, getattr(term, f)) for f in TERM_FIELDS}
    raise_errors(term_check(**merged))
    return model_update(
        instance=term, fields=TERM_FIELDS, data=changes, acting_user=acting_user, source=source
    )


# --- posts -----------------------------------------------------------------------------------------------

#: What ``post_update`` lets change.
POST_FIELDS = ("organization", "body", "name", "rank", "is_key", "is_leader")


@transaction.atomic
def post_create(
    *,
    organization: Organization,
    name: str,
    body: Body | None = None,
    rank: int = 100,
    is_key: bool = False,
    is_leader: bool = False,
    acting_user: Actor = None,
    source: str = "",
) -> Post:
    name = clean_text(name)
    raise_errors(post_check(organization_id=organization.pk, name=name, body=body))
    post = Post(
        organization=organization,
        body=body,
        name=name,
        rank=rank,
        is_key=is_key,
        is_leader=is_leader,
    )
    return model_create(instance=post, acting_user=acting_user, source=source)


def post_validate(*, post: Post | None, organization: Organization, name: str, body: Body | None) -> None:
    """``post_check``, and for a registered ``post`` whose body changes, that its tenures name no term of
    its present body. Raises ``ValidationError`` with the Vietnamese messages by field."""
    errors = post_check(organization_id=organization.pk, name=name, body=body)
    body_id = body.pk if body is not None else None
    if post is not None and post.pk and body_id != post.body_id:
        named = post.tenures.filter(term__isnull=False)
        if body_id is not None:
            named = named.exclude(term__body_id=body_id)
        if named.exists():
            add_error(
                errors,
                "body",
                _("Tenures of this post name terms of its present body; end or change them first."),
                "body_has_terms",
            )
    raise_errors(errors)


@transaction.atomic
def post_update(*, post: Post, data: Mapping[str, Any], acting_user: Actor = None, source: str = "") -> Post:
    """Change a post's ``POST_FIELDS``, checked by ``post_validate``."""
    check_fields(Post, data, POST_FIELDS)
    changes: dict[str, Any] = {k: clean_text(v) if k == "name" else v for k, v in data.items()}
    post_validate(
        post=post,
        organization=changes.get("organization", post.organization),
        name=changes.get("name", post.name),
        body=changes.get("body", post.body),
    )
    return model_update(
        instance=post, fields=POST_FIELDS, data=changes, acting_user=acting_user, source=source
    )


# --- tenures ---------------------------------------------------------------------------------------------

#: What ``tenure_update`` lets change (``term_id`` for callers that hold ids, as the importer does).
TENURE_FIELDS = (
    "person", "post", "term", "term_id", "start_date", "end_date", "start_reason", "start_decision",
    "start_decision_date", "end_reason", "end_decision", "note",
)  # fmt: skip


def tenure_validate(
    *,
    person: Person,
    post: Post,
    term: Term | None,
    start_date: dt.date,
    end_date: dt.date | None,
    exclude_pk: int | None = None,
) -> None:
    """``tenure_check`` against the person's registered tenures on the post (but ``exclude_pk``, the tenure
    being changed). Raises ``ValidationError`` with the Vietnamese messages by field."""
    clash = Tenure.objects.filter(overlap_q(start_date, end_date), person=person, post=post)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    held = list(clash.order_by("start_date")[:1])
    raise_errors(
        tenure_check(person=person, post=post, term=term, start_date=start_date, end_date=end_date, held=held)
    )


@transaction.atomic
def tenure_create(
    *,
    person: Person,
    post: Post,
    start_date: dt.date,
    start_reason: TenureStart | str,
    term: Term | None = None,
    end_date: dt.date | None = None,
    end_reason: TenureEnd | str = "",
    start_decision: str = "",
    start_decision_date: dt.date | None = None,
    end_decision: str = "",
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> Tenure:
    """Record that ``person`` held ``post`` (and a seat of ``term``) from ``start_date`` to ``end_date``.
    Refused outside the acting user's edit scope (the post's organization)."""
    scope_of(acting_user).require_organization(post.organization, Level.EDIT)
    tenure_validate(person=person, post=post, term=term, start_date=start_date, end_date=end_date)
    tenure = Tenure(
        person=person,
        post=post,
        term=term,
        start_date=start_date,
        end_date=end_date,
        start_reason=start_reason,
        end_reason=end_reason,
        start_decision=clean_text(start_decision),
        start_decision_date=start_decision_date,
        end_decision=clean_text(end_decision),
        note=note,
    )
    return model_create(instance=tenure, acting_user=acting_user, source=source)


@transaction.atomic
def tenure_update(
    *,
    tenure: Tenure,
    data: Mapping[str, Any],
    acting_user: Actor = None,
    source: str = "",
    expected_version: str | None = None,
) -> Tenure:
    """Change a tenure's ``TENURE_FIELDS`` (``term`` as a ``Term`` or ``term_id`` as an id). Whatever
    changes, the whole tenure is checked again by ``tenure_check``; nothing is written when it is refused
    or when nothing changes. With ``expected_version`` (the ``record_version`` a form was opened with), the
    row is locked and the write refused when someone else changed the tenure since."""
    check_fields(Tenure, data, TENURE_FIELDS)
    scope = scope_of(acting_user)
    scope.require_organization(tenure.post.organization, Level.EDIT)
    if expected_version is not None:
        from django.core.exceptions import NON_FIELD_ERRORS

        from nguon.core.history import record_version
        from nguon.people.services import stale_error

        locked = Tenure.objects.select_for_update().get(pk=tenure.pk)
        if record_version(locked) != expected_version:
            raise ValidationError({NON_FIELD_ERRORS: [stale_error()]})
        for f in locked._meta.concrete_fields:
            setattr(tenure, f.attname, getattr(locked, f.attname))
    if data.get("post") is not None:
        scope.require_organization(data["post"].organization, Level.EDIT)
    changes: dict[str, Any] = {
        k: clean_text(v) if k in ("start_decision", "end_decision") else v for k, v in data.items()
    }
    if "term_id" in changes:
        term_id = changes.pop("term_id")
        changes["term"] = Term.objects.select_related("body").get(pk=term_id) if term_id else None
    tenure_validate(
        person=changes.get("person") or tenure.person,
        post=changes.get("post") or tenure.post,
        term=changes.get("term", tenure.term),
        start_date=changes.get("start_date", tenure.start_date),
        end_date=changes.get("end_date", tenure.end_date),
        exclude_pk=tenure.pk,
    )
    return model_update(
        instance=tenure, fields=TENURE_FIELDS, data=changes, acting_user=acting_user, source=source
    )


@transaction.atomic
def tenure_end(
    *,
    tenure: Tenure,
    end_date: dt.date,
    end_reason: TenureEnd | str,
    end_decision: str = "",
    acting_user: Actor = None,
    source: str = "",
    expected_version: str | None = None,
) -> Tenure:
    """End a tenure on ``end_date`` (the last day held)."""
    return tenure_update(
        tenure=tenure,
        data={"end_date": end_date, "end_reason": end_reason, "end_decision": end_decision},
        acting_user=acting_user,
        source=source,
        expected_version=expected_version,
    )


# --- the bulk path: typed rows, the same rules, core.bulk's writes ---------------------------------------


class OrganizationRow(NamedTuple):
    """A new organization for ``organizations_bulk_insert``."""

    name: str
    kind: str
    area_id: int
    parent_id: int | None = None
    sector: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class BodyRow(NamedTuple):
    """A new body for ``bodies_bulk_insert``."""

    organization_id: int
    kind: str
    name: str


class TermRow(NamedTuple):
    """A new term for ``terms_bulk_insert``."""

    body_id: int
    name: str
    start_date: dt.date
    end_date: dt.date | None = None


class PostRow(NamedTuple):
    """A new post for ``posts_bulk_insert``."""

    organization_id: int
    name: str
    body_id: int | None = None
    rank: int = 100
    is_key: bool = False
    is_leader: bool = False


class TenureRow(NamedTuple):
    """A new tenure for ``tenures_check`` and ``tenures_bulk_insert``."""

    person_id: int
    post_id: int
    term_id: int | None
    start_date: dt.date
    end_date: dt.date | None = None
    start_reason: str = ""
    start_decision: str = ""
    end_reason: str = ""


#: The columns of a row given to ``tenures_bulk_insert``, in order (``TenureRow._fields``).
BULK_FIELDS = TenureRow._fields


def _missing(model: type[models.Model], field: str, value: object) -> ValidationError:
    """Django's own words for a foreign key naming no row (what ``full_clean`` would say)."""
    related = model._meta.get_field(field)
    assert isinstance(related, models.ForeignKey)
    message = str(related.error_messages["invalid"]) % {
        "model": related.related_model._meta.verbose_name,
        "pk": value,
        "field": "id",
        "value": value,
    }
    return ValidationError(message, code="invalid")


def _values(
    model: type[models.Model], field: str, ids: Iterable[Any], *columns: str
) -> list[tuple[Any, ...]]:
    """``columns`` of the rows whose integer ``field`` is one of ``ids`` (a national import names tens of
    thousands): on PostgreSQL as one array, on SQLite 500 ids at a time (it takes a bounded number of
    parameters)."""
    wanted = sorted(set(ids))
    manager = model._default_manager
    if connection.vendor == "postgresql":  # one array parameter, not one per id
        any_of = RawSQL("SELECT unnest(%s::bigint[])", (wanted,))
        return list(manager.filter(**{f"{field}__in": any_of}).order_by().values_list(*columns))
    found: list[tuple[Any, ...]] = []
    for i in range(0, len(wanted), 500):
        query = manager.filter(**{f"{field}__in": wanted[i : i + 500]}).order_by()
        found.extend(query.values_list(*columns))
    return found


def _ids(model: type[models.Model], ids: Iterable[Any]) -> set[int]:
    """Those of ``ids`` that are registered rows of ``model``."""
    return {pk for (pk,) in _values(model, "pk", ids, "pk")}


def _refuse(errors: dict[int, Errors]) -> None:
    if errors:
        raise RowsRefused(errors)


def _unique(
    model: type[models.Model],
    fields: tuple[str, ...],
    keys: Sequence[tuple[Any, ...]],
    existing: Iterable[tuple[Any, ...]],
    errors: dict[int, Errors],
) -> None:
    """Refuse rows whose ``keys`` repeat an existing row's or an earlier row's, in the words ``full_clean``
    uses for the model's unique constraint."""
    seen = set(existing)
    for index, key in enumerate(keys):
        if key in seen:
            message = model().unique_error_message(model, fields)
            errors.setdefault(index, {}).setdefault(fields[-1], []).append(message)
        seen.add(key)


def _write(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    reprs: Sequence[str],
    acting_user: Actor,
    source: str,
) -> list[int]:
    ids = insert_rows(model, columns, rows)
    audit_inserted(
        model=model, columns=columns, rows=rows, ids=ids, reprs=reprs, acting_user=acting_user, source=source
    )
    return ids


def organizations_check(*, rows: Sequence[OrganizationRow]) -> dict[int, Errors]:
    """``organization_check`` of every row (names as given), areas fetched at once, and that the parents
    named are registered: index → errors."""
    areas = Area.objects.in_bulk({r.area_id for r in rows})
    parents = _ids(Organization, (r.parent_id for r in rows if r.parent_id is not None))
    errors: dict[int, Errors] = {}
    for index, row in enumerate(rows):
        area = areas.get(row.area_id)
        found = (
            organization_check(name=row.name, area=area, valid_from=row.valid_from, valid_to=row.valid_to)
            if area is not None
            else {"area": [_missing(Organization, "area", row.area_id)]}
        )
        if row.parent_id is not None and row.parent_id not in parents:
            found.setdefault("parent", []).append(_missing(Organization, "parent", row.parent_id))
        if found:
            errors[index] = found
    return errors


@transaction.atomic
def organizations_bulk_insert(
    *, rows: Sequence[OrganizationRow], acting_user: Actor = None, source: str = ""
) -> list[int]:
    """Create organizations, each with its audit record, in a few statements; return their ids in order.
    Names are cleaned and search keys derived as ``organization_create`` does. Raises ``RowsRefused`` (and
    writes nothing) when ``organization_check`` refuses a row."""
    rows = [r._replace(name=clean_text(r.name)) for r in rows]
    _refuse(organizations_check(rows=rows))
    stored = [(*r, organization_search_key(r.name)) for r in rows]
    columns = (*OrganizationRow._fields, "search_key")
    return _write(Organization, columns, stored, [r.name for r in rows], acting_user, source)


def bodies_check(*, rows: Sequence[BodyRow]) -> dict[int, Errors]:
    """``body_check`` of every row, and the unique (organization, kind, name) against the registry and the
    earlier rows: index → errors."""
    orgs = _ids(Organization, (r.organization_id for r in rows))
    errors: dict[int, Errors] = {}
    for index, row in enumerate(rows):
        found = body_check(name=row.name)
        if row.organization_id not in orgs:
            found.setdefault("organization", []).append(_missing(Body, "organization", row.organization_id))
        if found:
            errors[index] = found
    existing = _values(Body, "organization_id", orgs, "organization_id", "kind", "name")
    _unique(Body, ("organization", "kind", "name"), rows, existing, errors)
    return errors


@transaction.atomic
def bodies_bulk_insert(*, rows: Sequence[BodyRow], acting_user: Actor = None, source: str = "") -> list[int]:
    """Create bodies as ``body_create`` does, each audited, in a few statements; return their ids in order.
    Raises ``RowsRefused`` (and writes nothing) when ``bodies_check`` refuses a row."""
    rows = [r._replace(name=clean_text(r.name)) for r in rows]
    _refuse(bodies_check(rows=rows))
    return _write(Body, BodyRow._fields, rows, [r.name for r in rows], acting_user, source)


def terms_check(*, rows: Sequence[TermRow]) -> dict[int, Errors]:
    """``term_check`` of every row, and the unique (body, name): index → errors."""
    bodies = _ids(Body, (r.body_id for r in rows))
    errors: dict[int, Errors] = {}
    for index, row in enumerate(rows):
        found = term_check(name=row.name, start_date=row.start_date, end_date=row.end_date)
        if row.body_id not in bodies:
            found.setdefault("body", []).append(_missing(Term, "body", row.body_id))
        if found:
            errors[index] = found
    existing = _values(Term, "body_id", bodies, "body_id", "name")
    _unique(Term, ("body", "name"), [(r.body_id, r.name) for r in rows], existing, errors)
    return errors


@transaction.atomic
def terms_bulk_insert(*, rows: Sequence[TermRow], acting_user: Actor = None, source: str = "") -> list[int]:
    """Create terms as ``term_create`` does, each audited, in a few statements; return their ids in order.
    Raises ``RowsRefused`` (and writes nothing) when ``terms_check`` refuses a row."""
    rows = [r._replace(name=clean_text(r.name)) for r in rows]
    _refuse(terms_check(rows=rows))
    names = dict(_values(Body, "pk", (r.body_id for r in rows), "pk", "name"))
    reprs = [f"{names[r.body_id]} {r.name}" for r in rows]  # as Term.__str__
    return _write(Term, TermRow._fields, rows, reprs, acting_user, source)


class _BodyOf(NamedTuple):
    """A body as the post rule needs it."""

    organization_id: int


def posts_check(*, rows: Sequence[PostRow]) -> dict[int, Errors]:
    """``post_check`` of every row (bodies fetched at once), and the unique (organization, name): index →
    errors."""
    bodies = {
        pk: _BodyOf(org)
        for pk, org in _values(
            Body, "pk", (r.body_id for r in rows if r.body_id is not None), "pk", "organization_id"
        )
    }
    orgs = _ids(Organization, (r.organization_id for r in rows))
    errors: dict[int, Errors] = {}
    for index, row in enumerate(rows):
        body = bodies.get(row.body_id) if row.body_id is not None else None
        found = post_check(organization_id=row.organization_id, name=row.name, body=body)
        if row.organization_id not in orgs:
            found.setdefault("organization", []).append(_missing(Post, "organization", row.organization_id))
        if row.body_id is not None and body is None:
            found.setdefault("body", []).append(_missing(Post, "body", row.body_id))
        if found:
            errors[index] = found
    existing = _values(Post, "organization_id", orgs, "organization_id", "name")
    _unique(Post, ("organization", "name"), [(r.organization_id, r.name) for r in rows], existing, errors)
    return errors


@transaction.atomic
def posts_bulk_insert(*, rows: Sequence[PostRow], acting_user: Actor = None, source: str = "") -> list[int]:
    """Create posts as ``post_create`` does, each audited, in a few statements; return their ids in order.
    Raises ``RowsRefused`` (and writes nothing) when ``posts_check`` refuses a row."""
    rows = [r._replace(name=clean_text(r.name)) for r in rows]
    _refuse(posts_check(rows=rows))
    return _write(Post, PostRow._fields, rows, [r.name for r in rows], acting_user, source)


class Held(NamedTuple):
    """A tenure already registered, as the bulk checks need it."""

    id: int
    start_date: dt.date
    end_date: dt.date | None
    term_id: int | None
    start_reason: str
    start_decision: str
    end_reason: str


def tenures_held(person_ids: Iterable[int]) -> dict[tuple[int, int], list[Held]]:
    """The registered tenures of these people, by (person id, post id), fetched 500 people at a time."""
    held: dict[tuple[int, int], list[Held]] = {}
    ids = sorted(set(person_ids))
    for i in range(0, len(ids), 500):
        rows = Tenure.objects.filter(person_id__in=ids[i : i + 500]).order_by().values_list(
            "person_id", "post_id", "id", "start_date", "end_date", "term_id", "start_reason",
            "start_decision", "end_reason",
        )  # fmt: skip
        for person_id, post_id, pk, start, end, term_id, reason, decision, end_reason in rows:
            held.setdefault((person_id, post_id), []).append(
                Held(pk, start, end, term_id, reason, decision, end_reason)
            )
    return held


def tenures_check(
    *,
    rows: Sequence[TenureRow | Sequence[Any]],
    names: Sequence[tuple[str, str]],
    held: dict[tuple[int, int], list[Held]],
) -> dict[int, Errors]:
    """``tenure_check`` of new tenures (``TenureRow``s, with the person's and the post's names for the
    messages) against ``held`` (see ``tenures_held``) and the earlier rows, their posts and terms fetched at
    once: index → errors by field (``end_date``, ``term``, ``start_date`` for an overlap). Accepted rows are
    added to ``held``."""
    posts = Post.objects.only("id", "body_id", "name").in_bulk({r[1] for r in rows})
    terms = (
        Term.objects.select_related("body")
        .only("id", "name", "body_id", "body__name")
        .in_bulk({r[2] for r in rows if r[2] is not None})
    )
    errors: dict[int, Errors] = {}
    for index, (person_id, post_id, term_id, start, end, *_rest) in enumerate(rows):
        spans = held.setdefault((person_id, post_id), [])
        post = posts.get(post_id)
        term = terms.get(term_id) if term_id is not None else None
        if post is None or (term_id is not None and term is None):
            found: Errors = {"post": [_missing(Tenure, "post", post_id)]} if post is None else {}
            if term_id is not None and term is None:
                found["term"] = [_missing(Tenure, "term", term_id)]
        else:
            found = tenure_check(
                person=names[index][0], post=post, term=term, start_date=start, end_date=end, held=spans
            )
        if found:
            errors[index] = found
            continue
        spans.append(Held(0, start, end, None, "", "", ""))
    return errors


def tenures_check_overlaps(
    *,
    rows: Sequence[TenureRow | Sequence[Any]],
    names: Sequence[tuple[str, str]],
    held: dict[tuple[int, int], list[Held]],
) -> dict[int, str]:
    """``tenures_check`` with each refused row's messages joined in one text (the importer's old call)."""
    return {
        index: " ".join(message for found in errors.values() for e in found for message in e.messages)
        for index, errors in tenures_check(rows=rows, names=names, held=held).items()
    }


@transaction.atomic
def tenures_bulk_insert(
    *,
    rows: Sequence[TenureRow | Sequence[Any]],
    reprs: Sequence[str],
    acting_user: Actor = None,
    source: str = "",
) -> list[int]:
    """Create tenures checked by ``tenures_check`` (``TenureRow``s), each with its audit record under
    ``reprs``, in a few statements; return their ids. The database's own interval constraints still refuse
    any overlap."""
    return _write(Tenure, BULK_FIELDS, rows, reprs, acting_user, source)
