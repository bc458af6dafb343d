"""Writes of support cases: a case and the support given in it. Every write needs the support permission at
EDIT over the case's organization (``Scope.covers_support``); refusals by field in Vietnamese; audited. A
person outside the acting user's scope is refused without being named or confirmed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from nguon.accounts.scope import scope_of
from nguon.core.audit import Actor
from nguon.core.formats import format_date
from nguon.core.scope import Level
from nguon.core.services import Errors, add_error, check_dates, model_create, model_update, raise_errors
from nguon.organizations.models import Organization
from nguon.people.models import Person
from nguon.people.selectors import person_list

from .choices import CaseKind, SupportKind
from .models import SupportCase, SupportGiven

CASE_FIELDS = ("person", "organization", "kind", "opened_on", "closed_on", "summary", "note")
SUPPORT_FIELDS = ("kind", "amount", "given_on", "given_by", "note")


def _require(organization: Organization, acting_user: Actor) -> None:
    if not scope_of(acting_user).covers_support(organization, Level.EDIT):
        raise PermissionDenied(
            _(
                "You may not record support cases of %(organization)s: you do not hold the support permission there."
            )
            % {"organization": organization}
        )


def case_check(
    *,
    person: Person | None,
    kind: str,
    opened_on: dt.date | None,
    closed_on: dt.date | None,
    summary: str,
    acting_user: Actor,
    pk: int | None = None,
) -> Errors:
    errors: Errors = {}
    if person is None or not person_list(scope=scope_of(acting_user)).filter(pk=person.pk).exists():
        add_error(errors, "person", _("No such person in your area of work."), "person_outside")
    if kind not in CaseKind.values:
        add_error(errors, "kind", _("Choose the kind of case."), "kind_invalid")
    if opened_on is None:
        add_error(errors, "opened_on", _("Enter the date the case was opened."), "date_missing")
    if not summary:
        add_error(errors, "summary", _("Write a short summary of the case."), "summary_empty")
    check_dates(errors, opened_on, closed_on, field="closed_on")
    if pk is not None and opened_on is not None:
        lines = SupportGiven.objects.filter(case_id=pk)
        first = lines.order_by("given_on").values_list("given_on", flat=True).first()
        last = lines.order_by("-given_on").values_list("given_on", flat=True).first()
        if first is not None and first < opened_on:
            add_error(
                errors,
                "opened_on",
                _("Support was given on %(date)s, before this date.") % {"date": format_date(first)},
                "support_before_open",
            )
        if last is not None and closed_on is not None and last > closed_on:
            add_error(
                errors,
                "closed_on",
                _("Support was given on %(date)s, after this date.") % {"date": format_date(last)},
                "support_after_close",
            )
    return errors


@transaction.atomic
def case_create(
    *,
    person: Person | None,
    organization: Organization,
    kind: str,
    opened_on: dt.date | None,
    summary: str,
    closed_on: dt.date | None = None,
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> SupportCase:
    """Open a support case of ``person`` kept by ``organization``."""
    _require(organization, acting_user)
    summary = " ".join(summary.split())
    raise_errors(
        case_check(
            person=person,
            kind=kind,
            opened_on=opened_on,
            closed_on=closed_on,
            summary=summary,
            acting_user=acting_user,
        )
    )
    case = SupportCase(  # type: ignore[misc]
        person=person,
        organization=organization,
        kind=kind,
        opened_on=opened_on,
        closed_on=closed_on,
        summary=summary,
        note=note,
    )
    return model_create(instance=case, acting_user=acting_user, source=source)


@transaction.atomic
def case_update(
    *, case: SupportCase, data: Mapping[str, Any], acting_user: Actor = None, source: str = ""
) -> SupportCase:
    """Change a case (moving it to another organization needs the permission over both)."""
    _require(case.organization, acting_user)
    data = dict(data)
    if "summary" in data:
        data["summary"] = " ".join(str(data["summary"]).split())
    organization = data.get("organization", case.organization)
    if organization != case.organization:
        _require(organization, acting_user)
    merged = {
        f: data.get(f, getattr(case, f)) for f in ("person", "kind", "opened_on", "closed_on", "summary")
    }
    if data.get("person", case.person) == case.person:
        errors = case_check(acting_user=None, pk=case.pk, **merged)
    else:
        errors = case_check(acting_user=acting_user, pk=case.pk, **merged)
    raise_errors(errors)
    return model_update(instance=case, fields=CASE_FIELDS, data=data, acting_user=acting_user, source=source)


def support_check(*, case: SupportCase, kind: str, amount: int | None, given_on: dt.date | None) -> Errors:
    errors: Errors = {}
    if kind not in SupportKind.values:
        add_error(errors, "kind", _("Choose the kind of support."), "kind_invalid")
    if amount is not None and amount < 0:
        add_error(errors, "amount", _("The amount may not be negative."), "amount_negative")
    if kind == SupportKind.MONEY and amount is None:
        add_error(errors, "amount", _("Enter the amount of money given."), "amount_missing")
    if given_on is None:
        add_error(errors, "given_on", _("Enter the date the support was given."), "date_missing")
    else:
        if given_on < case.opened_on:
            add_error(
                errors,
                "given_on",
                _("The case was opened on %(date)s: support cannot be given before.")
                % {"date": format_date(case.opened_on)},
                "before_open",
            )
        if case.closed_on is not None and given_on > case.closed_on:
            add_error(
                errors,
                "given_on",
                _("The case was closed on %(date)s: support cannot be given after.")
                % {"date": format_date(case.closed_on)},
                "after_close",
            )
    return errors


@transaction.atomic
def support_add(
    *,
    case: SupportCase,
    kind: str,
    given_on: dt.date | None,
    amount: int | None = None,
    given_by: Organization | None = None,
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> SupportGiven:
    """Record one support given in ``case``."""
    _require(case.organization, acting_user)
    raise_errors(support_check(case=case, kind=kind, amount=amount, given_on=given_on))
    line = SupportGiven(case=case, kind=kind, amount=amount, given_on=given_on, given_by=given_by, note=note)  # type: ignore[misc]
    return model_create(instance=line, acting_user=acting_user, source=source)


@transaction.atomic
def support_update(
    *, line: SupportGiven, data: Mapping[str, Any], acting_user: Actor = None, source: str = ""
) -> SupportGiven:
    _require(line.case.organization, acting_user)
    merged = {f: data.get(f, getattr(line, f)) for f in ("kind", "amount", "given_on")}
    raise_errors(support_check(case=line.case, **merged))
    return model_update(
        instance=line, fields=SUPPORT_FIELDS, data=data, acting_user=acting_user, source=source
    )
