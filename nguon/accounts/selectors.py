"""Reads of accounts: the users a manager manages, their assignments, the personal-data log of her scope.

Who manages whom (docs/architecture.md, "The access scope"): a manager manages the users **all** of whose
assignments lie inside one of her manager assignments — the area inside that assignment's area (its subtree
and the history of the areas that went into it), the organization kinds among hers when hers are narrowed,
the area for figures inside her own, and never the role administrator. She never manages herself, a
superuser, or a user without assignments (whom only administrators see). Administrators manage everyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, Prefetch, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from nguon.areas.choices import AreaLevel
from nguon.areas.models import Area
from nguon.core.formats import format_date
from nguon.core.labels import label
from nguon.core.scope import Grant, Level, Scope
from nguon.core.text import fold
from nguon.organizations.choices import OrganizationKind

from .choices import Role
from .models import Assignment, PersonalDataAccess
from .scope import area_history_paths


def grant_covers_assignment(
    grant: Grant,
    *,
    area_path: str | None,
    kinds: Iterable[str],
    role: str,
    analysis_path: str | None,
    support: bool = False,
) -> bool:
    """Whether an assignment with these values lies inside the manager's ``grant`` (the support permission
    only from a grant that holds it)."""
    if not grant.allows(Level.MANAGE) or role == Role.ADMINISTRATOR or area_path is None:
        return False
    if support and not grant.support:
        return False
    if not any(area_path.startswith(p) for p in grant.paths):
        return False
    wanted = set(kinds)
    if grant.kinds and (not wanted or not wanted <= grant.kinds):
        return False
    return analysis_path is None or any(analysis_path.startswith(p) for p in grant.analysis_paths)


def scope_covers_assignment(
    scope: Scope,
    *,
    area: Area | None,
    kinds: Iterable[str],
    role: str,
    analysis_area: Area | None,
    support: bool = False,
) -> bool:
    """Whether ``scope`` may give (or take back) an assignment with these values (``support``: the support
    permission, which she may give only where she holds it herself)."""
    if scope.unrestricted:
        return True
    kinds = list(kinds)
    return any(
        grant_covers_assignment(
            g,
            area_path=area.path if area is not None else None,
            kinds=kinds,
            role=role,
            analysis_path=analysis_area.path if analysis_area is not None else None,
            support=support,
        )
        for g in scope.grants
    )


def managed_user_ids(scope: Scope) -> set[int] | None:
    """The ids of the users ``scope`` manages; ``None`` for an administrator (everyone)."""
    if scope.unrestricted:
        return None
    grants = [g for g in scope.grants if g.allows(Level.MANAGE)]
    if not grants:
        return set()
    candidates = Assignment.objects.filter(scope.areas_q(Level.MANAGE, "area__")).values("user_id")
    rows = Assignment.objects.filter(user_id__in=candidates).values_list(
        "user_id",
        "user__is_superuser",
        "role",
        "area__path",
        "organization_kinds",
        "analysis_area__path",
        "support_cases",
    )
    inside: dict[int, bool] = {}
    for user_id, superuser, role, area_path, kinds, analysis_path, support in rows:
        # a user who reads support cases is managed only by a manager who holds that permission there
        # (else a password reset would open the cases to her)
        ok = not superuser and any(
            grant_covers_assignment(
                g,
                area_path=area_path,
                kinds=kinds or (),
                role=role,
                analysis_path=analysis_path,
                support=bool(support),
            )
            for g in grants
        )
        inside[user_id] = inside.get(user_id, True) and ok
    return {pk for pk, ok in inside.items() if ok and pk != scope.user_id}


def _with_assignments(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("area", "analysis_area").order_by("id"),
        )
    )


def user_list(*, scope: Scope, query: str = "", active: bool | None = None) -> QuerySet[Any]:
    """The users ``scope`` manages, by username, with their assignments; ``query`` matches a part of the
    username, the name or the e-mail address (with or without diacritics, any case)."""
    users = get_user_model().objects.all()
    ids = managed_user_ids(scope)
    if ids is not None:
        users = users.filter(pk__in=sorted(ids))
    if active is not None:
        users = users.filter(is_active=active)
    folded = fold(query.strip())
    if folded:
        # Users are few (thousands at most, nationally): compared folded in Python, so "hoang" finds
        # "Hoàng" and "đào" finds "Đào" on SQLite too (its LIKE folds ASCII only).
        rows = users.values_list("pk", "username", "first_name", "last_name", "email")
        users = users.filter(pk__in=[pk for pk, *texts in rows if folded in fold(" ".join(texts))])
    return _with_assignments(users.order_by("username"))


def user_get(*, scope: Scope, pk: int) -> Any:
    """One user ``scope`` manages (404 otherwise: the same as a user that does not exist)."""
    ids = managed_user_ids(scope)
    if ids is not None and pk not in ids:
        raise Http404(_("No such user in the area you manage."))
    try:
        return _with_assignments(get_user_model().objects.filter(pk=pk)).get()
    except get_user_model().DoesNotExist as error:
        raise Http404(_("No such user in the area you manage.")) from error


def assignment_get(*, scope: Scope, pk: int) -> Assignment:
    """One assignment of a user ``scope`` manages (404 otherwise)."""
    try:
        assignment = Assignment.objects.select_related("user", "area", "analysis_area").get(pk=pk)
    except Assignment.DoesNotExist as error:
        raise Http404(_("No such assignment in the area you manage.")) from error
    ids = managed_user_ids(scope)
    if ids is not None and assignment.user_id not in ids:
        raise Http404(_("No such assignment in the area you manage."))
    return assignment


def assignment_list(*, user: Any) -> QuerySet[Assignment]:
    """A user's own assignments (the account page)."""
    return Assignment.objects.filter(user=user).select_related("area", "analysis_area").order_by("id")


def assignment_history(assignment: Assignment) -> list[Area]:
    """The areas an assignment reaches through the succession links, besides its own subtree: the old
    wards that went into a new ward (read by its officers for the dates before the merge)."""
    if assignment.area is None:
        return []
    paths = [p for p in area_history_paths(assignment.area) if p != assignment.area.path]
    return list(Area.objects.filter(path__in=paths).order_by("search_key", "valid_from"))


def area_choices(
    *, scope: Scope, query: str = "", level: Level = Level.MANAGE, limit: int = 30
) -> list[Area]:
    """Areas of ``scope`` at ``level`` whose name matches ``query`` (without diacritics too), widest first
    (a search box: the whole country has thousands of wards)."""
    areas = Area.objects.filter(scope.areas_q(level)).select_related("parent")
    folded = fold(query.strip())
    if folded:
        areas = areas.filter(search_key__contains=folded)
    widest = Case(
        When(level=AreaLevel.PROVINCE, then=Value(0)),
        When(level=AreaLevel.DISTRICT, then=Value(1)),
        default=Value(2),
    )
    return list(areas.order_by(widest, "search_key", "valid_from", "pk")[:limit])


def area_label(area: Area) -> str:
    """An area as a choice reads: its name, its parent, and its validity when it has ended or not yet begun."""
    text = area.name
    if area.parent_id and area.parent is not None:
        text += f", {area.parent.name}"
    if area.valid_to is not None:
        text += " " + _("(until %(date)s)") % {"date": format_date(area.valid_to)}
    elif area.valid_from is not None and area.valid_from > timezone.localdate():
        text += " " + _("(from %(date)s)") % {"date": format_date(area.valid_from)}
    return text


def assignment_summary(assignment: Assignment) -> str:
    """An assignment as officers say it: "Biên tập viên — Phường Hàng Bạc — Hội Liên hiệp Phụ nữ; số liệu
    tổng hợp: Quận Hoàn Kiếm"."""
    parts = [label(Role, assignment.role, capital=True)]
    parts.append(assignment.area.name if assignment.area is not None else _("Whole country"))
    kinds = [label(OrganizationKind, k) for k in assignment.organization_kinds or ()]
    if kinds:
        parts.append(", ".join(kinds))
    text = " — ".join(parts)
    if assignment.analysis_area is not None and assignment.analysis_area_id != assignment.area_id:
        text += "; " + _("aggregate figures: %(area)s") % {"area": assignment.analysis_area.name}
    if assignment.support_cases:
        text += "; " + _("reads support cases")
    return text


def access_list(
    *,
    scope: Scope,
    user_ids: Sequence[int] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    kind: str = "",
) -> QuerySet[PersonalDataAccess]:
    """The personal-data log of the users ``scope`` manages and of the manager herself, newest first;
    everything for an administrator. ``user_ids`` narrows to some of them."""
    accesses = PersonalDataAccess.objects.select_related("user")
    managed = managed_user_ids(scope)
    if managed is not None:
        allowed = set(managed) | ({scope.user_id} if scope.user_id is not None else set())
        accesses = accesses.filter(user_id__in=sorted(allowed))
    if user_ids is not None:
        accesses = accesses.filter(user_id__in=list(user_ids))
    if since is not None:
        accesses = accesses.filter(at__date__gte=since)
    if until is not None:
        accesses = accesses.filter(at__date__lte=until)
    if kind:
        accesses = accesses.filter(kind=kind)
    return accesses.order_by("-at", "-id")
