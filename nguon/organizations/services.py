"""Writes of organizations, bodies, terms, posts and tenures. Every write is validated, then audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.core.audit import Actor
from nguon.core.bulk import audit_inserted, insert_rows
from nguon.core.formats import format_date
from nguon.core.intervals import overlap_q
from nguon.core.services import model_create, model_update
from nguon.core.text import clean_text, fold
from nguon.people.models import Person

from .choices import BodyKind, OrganizationKind, TenureEnd, TenureStart
from .models import Body, Organization, Post, Tenure, Term


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ValidationError(
            _("The end date %(end)s is before the start date %(start)s.")
            % {"end": format_date(end), "start": format_date(start)},
            code="end_before_start",
        )


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
    """Create an organization in an area that exists when the organization starts."""
    _check_dates(valid_from, valid_to)
    if valid_from and not area.is_valid_on(valid_from):
        raise ValidationError(
            _("%(area)s does not exist on %(date)s.") % {"area": area, "date": format_date(valid_from)},
            code="area_not_valid",
        )
    name = clean_text(name)
    org = Organization(
        name=name,
        kind=kind,
        area=area,
        parent=parent,
        sector=sector,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    org.search_key = fold(name)
    return model_create(instance=org, acting_user=acting_user, source=source)


@transaction.atomic
def body_create(
    *,
    organization: Organization,
    kind: BodyKind | str,
    name: str,
    acting_user: Actor = None,
    source: str = "",
) -> Body:
    return model_create(
        instance=Body(organization=organization, kind=kind, name=clean_text(name)),
        acting_user=acting_user,
        source=source,
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
    _check_dates(start_date, end_date)
    return model_create(
        instance=Term(body=body, name=clean_text(name), start_date=start_date, end_date=end_date),
        acting_user=acting_user,
        source=source,
    )


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
    if body is not None and body.organization_id != organization.pk:
        raise ValidationError(_("The body belongs to another organization."), code="body_mismatch")
    post = Post(
        organization=organization,
        body=body,
        name=clean_text(name),
        rank=rank,
        is_key=is_key,
        is_leader=is_leader,
    )
    return model_create(instance=post, acting_user=acting_user, source=source)


def _overlap_message(person: Person | str, post: Post | str, start: dt.date, end: dt.date | None) -> str:
    return _("%(person)s already holds %(post)s from %(start)s to %(end)s, overlapping these dates.") % {
        "person": person,
        "post": post,
        "start": format_date(start),
        "end": format_date(end) or _("now"),
    }


def tenure_validate(
    *,
    person: Person,
    post: Post,
    term: Term | None,
    start_date: dt.date,
    end_date: dt.date | None,
    exclude_pk: int | None = None,
) -> None:
    """Refuse a tenure that ends before it starts, overlaps the same person's hold on the same post, or
    names a term of another body. Raises ``ValidationError`` with a Vietnamese message."""
    _check_dates(start_date, end_date)
    if term is not None and term.body_id != post.body_id:
        raise ValidationError(
            _("The term %(term)s is not a term of the body of post %(post)s.") % {"term": term, "post": post},
            code="term_mismatch",
        )
    clash = Tenure.objects.filter(overlap_q(start_date, end_date), person=person, post=post)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    other = clash.first()
    if other is not None:
        raise ValidationError(
            _overlap_message(person, post, other.start_date, other.end_date), code="tenure_overlap"
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
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> Tenure:
    """Record that ``person`` held ``post`` (and a seat of ``term``) from ``start_date`` to ``end_date``."""
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
        note=note,
    )
    return model_create(instance=tenure, acting_user=acting_user, source=source)


@transaction.atomic
def tenure_end(
    *,
    tenure: Tenure,
    end_date: dt.date,
    end_reason: TenureEnd | str,
    end_decision: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> Tenure:
    """End a tenure on ``end_date`` (the last day held)."""
    tenure_validate(
        person=tenure.person,
        post=tenure.post,
        term=tenure.term,
        start_date=tenure.start_date,
        end_date=end_date,
        exclude_pk=tenure.pk,
    )
    return model_update(
        instance=tenure,
        data={"end_date": end_date, "end_reason": end_reason, "end_decision": clean_text(end_decision)},
        acting_user=acting_user,
        source=source,
    )


#: The columns of a row given to ``tenures_bulk_insert``, in order.
BULK_FIELDS = (
    "person_id", "post_id", "term_id", "start_date", "end_date", "start_reason", "start_decision",
    "end_reason",
)  # fmt: skip


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


def tenures_check_overlaps(
    *,
    rows: Sequence[Sequence[Any]],
    names: Sequence[tuple[str, str]],
    held: dict[tuple[int, int], list[Held]],
) -> dict[int, str]:
    """For new tenures (``BULK_FIELDS`` rows, with the person's and the post's names for the messages), the
    index → Vietnamese message of those that end before they start or overlap a tenure of the same person
    on the same post: one in ``held`` (see ``tenures_held``) or one earlier in ``rows``. Accepted rows are
    added to ``held``."""
    errors: dict[int, str] = {}
    far = dt.date.max
    for index, (person_id, post_id, _term, start, end, *_rest) in enumerate(rows):
        if end and end < start:
            errors[index] = _("The end date %(end)s is before the start date %(start)s.") % {
                "end": format_date(end),
                "start": format_date(start),
            }
            continue
        spans = held.setdefault((person_id, post_id), [])
        clash = next(
            (s for s in spans if s.start_date <= (end or far) and start <= (s.end_date or far)), None
        )
        if clash is not None:
            person, post = names[index]
            errors[index] = _overlap_message(person, post, clash.start_date, clash.end_date)
            continue
        spans.append(Held(0, start, end, None, "", "", ""))
    return errors


@transaction.atomic
def tenures_bulk_insert(
    *, rows: Sequence[Sequence[Any]], reprs: Sequence[str], acting_user: Actor = None, source: str = ""
) -> list[int]:
    """Create checked tenures (``BULK_FIELDS`` rows, see ``tenures_check_overlaps``), each with its audit
    record under ``reprs``, in a few statements; return their ids. The database's own interval constraints
    still refuse any overlap."""
    ids = insert_rows(Tenure, BULK_FIELDS, rows)
    audit_inserted(
        model=Tenure, columns=BULK_FIELDS, rows=rows, ids=ids, reprs=reprs, acting_user=acting_user,
        source=source,
    )  # fmt: skip
    return ids
