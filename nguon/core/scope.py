"""The access scope of a user: which areas and organization kinds she may analyse, read by name, edit, manage.

A ``Scope`` is plain data (area path prefixes, organization kinds, roles), built once per request from the
user's assignments by ``nguon.accounts.scope.scope_for`` and passed to every selector and service that reads
or writes personal data. Selectors filter with the ``Q`` objects below; services call ``require``. Views
never filter for access themselves (docs/architecture.md, "The access scope").

Levels, from widest to narrowest:

- ``ANALYSE``: aggregate figures (counts and shares, never names), over the assignment's analysis area;
- ``VIEW``: names and personal records, inside the assignment's area and organization kinds;
- ``EDIT``: writes, inside the assignment, for editors and managers;
- ``MANAGE``: the users whose assignments lie inside the assignment, for managers.

An area covers its subtree **and the history of the areas that went into it** (succession links, followed
back transitively): an officer of the new phường Hoàn Kiếm (from 1/7/2025) reads the old wards merged into it.
A ward that was split between several successors is read whole by the officers of each successor: its
records cannot be divided by street. An officer of an area that has ended reads it up to its last day, and
that day is her default date.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _


class Level(enum.IntEnum):
    ANALYSE = 1
    VIEW = 2
    EDIT = 3
    MANAGE = 4


@dataclass(frozen=True)
class Grant:
    """One assignment as plain data. ``kinds`` empty = every organization kind."""

    area_id: int
    area_name: str
    paths: tuple[str, ...]
    analysis_paths: tuple[str, ...]
    kinds: frozenset[str]
    level: Level
    last_day: dt.date | None = None
    #: she may read the support cases of cadres (chăm sóc, hỗ trợ cán bộ) inside this assignment
    support: bool = False

    def allows(self, level: Level) -> bool:
        return self.level >= level

    def paths_for(self, level: Level) -> tuple[str, ...]:
        return self.analysis_paths if level == Level.ANALYSE else self.paths


def _prefix_q(lookup: str, paths: Iterable[str]) -> Q:
    q = Q()
    for p in paths:
        q |= Q(**{f"{lookup}__startswith": p})
    return q if q else Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """What one user may reach. ``unrestricted`` (administrators, and the command line) reaches everything."""

    user_id: int | None = None
    unrestricted: bool = False
    grants: tuple[Grant, ...] = field(default_factory=tuple)
    is_admin: bool = False

    # -- what the user holds --------------------------------------------------------------------------
    @property
    def is_empty(self) -> bool:
        return not self.unrestricted and not self.grants

    def allows(self, level: Level) -> bool:
        """Whether the user holds ``level`` anywhere (to show or hide a menu entry, never to filter)."""
        return self.unrestricted or any(g.allows(level) for g in self.grants)

    def default_date(self) -> dt.date:
        """Today; for a user whose every area has ended, the last of their last days."""
        today = timezone.localdate()
        if self.unrestricted or not self.grants:
            return today
        if any(g.last_day is None or g.last_day >= today for g in self.grants):
            return today
        return max(g.last_day for g in self.grants if g.last_day is not None)

    def _grants(self, level: Level) -> list[Grant]:
        return [g for g in self.grants if g.allows(level)]

    # -- filters ----------------------------------------------------------------------------------------
    def areas_q(self, level: Level = Level.ANALYSE, prefix: str = "") -> Q:
        """Areas (through ``prefix``, e.g. "organization__area__") inside the scope at ``level``."""
        if self.unrestricted:
            return Q()
        paths = sorted({p for g in self._grants(level) for p in g.paths_for(level)})
        return _prefix_q(f"{prefix}path", outermost(paths))

    def organizations_q(self, level: Level = Level.VIEW, prefix: str = "") -> Q:
        """Organizations (through ``prefix``, e.g. "post__organization__") inside the scope at ``level``:
        in a covered area, and of a covered kind when the assignment names kinds."""
        if self.unrestricted:
            return Q()
        q = Q()
        for g in self._grants(level):
            one = _prefix_q(f"{prefix}area__path", outermost(g.paths_for(level)))
            if g.kinds and level != Level.ANALYSE:
                one &= Q(**{f"{prefix}kind__in": sorted(g.kinds)})
            q |= one
        return q if q else Q(pk__in=[])

    def people_q(self, level: Level = Level.VIEW, prefix: str = "") -> Q:
        """People inside the scope: a tenure (past or present) in a post of an organization in the scope, or
        their dossier kept by such an organization (docs/architecture.md, "How a person falls into a scope").

        One ``IN`` over the ``UNION`` of both id sets: the database starts from the scope's few areas and
        their organizations' tenures (a ward: 20 ms on the national dataset). The correlated form (``EXISTS``
        per person, or'ed with a join to the dossier's organization) made it walk all people: 1,5–14 s for a
        ward (bench/run-web, docs/performance.md)."""
        if self.unrestricted:
            return Q()
        tenure = apps.get_model("organizations", "Tenure")
        person = apps.get_model("people", "Person")
        held = tenure.objects.filter(self.organizations_q(level, "post__organization__")).order_by()
        kept = person.objects.filter(self.organizations_q(level, "dossier_organization__")).order_by()
        ids = held.values("person_id").union(kept.values("id"))
        return Q(**{f"{prefix}pk__in" if prefix else "pk__in": ids})

    def allows_support(self, level: Level = Level.VIEW) -> bool:
        """Whether the user may read (``VIEW``) or record (``EDIT``) support cases anywhere (menus only)."""
        return self.unrestricted or any(g.support and g.allows(level) for g in self.grants)

    def support_q(self, level: Level = Level.VIEW, prefix: str = "") -> Q:
        """Organizations (through ``prefix``) whose support cases the user may read (``VIEW``) or record
        (``EDIT``): inside an assignment that holds the support permission, of its kinds. Everyone else
        reads the cases' counts only (``organizations_q(Level.ANALYSE)``)."""
        if self.unrestricted:
            return Q()
        q = Q()
        for g in self._grants(level):
            if not g.support:
                continue
            one = _prefix_q(f"{prefix}area__path", outermost(g.paths))
            if g.kinds:
                one &= Q(**{f"{prefix}kind__in": sorted(g.kinds)})
            q |= one
        return q if q else Q(pk__in=[])

    def covers_support(self, organization: Any, level: Level = Level.VIEW) -> bool:
        """Whether the user may read (or record) the support cases kept by ``organization`` (area loaded)."""
        if self.unrestricted:
            return True
        path = organization.area.path
        return any(
            g.support
            and any(path.startswith(p) for p in g.paths)
            and (not g.kinds or organization.kind in g.kinds)
            for g in self._grants(level)
        )

    # -- checks ------------------------------------------------------------------------------------------
    def covers_organization(self, organization: Any, level: Level = Level.EDIT) -> bool:
        """Whether ``organization`` (an Organization with its area loaded) lies inside the scope."""
        if self.unrestricted:
            return True
        path = organization.area.path
        for g in self._grants(level):
            if any(path.startswith(p) for p in g.paths_for(level)) and (
                not g.kinds or level == Level.ANALYSE or organization.kind in g.kinds
            ):
                return True
        return False

    def covers_area(self, area: Any, level: Level = Level.ANALYSE) -> bool:
        if self.unrestricted:
            return True
        return any(any(area.path.startswith(p) for p in g.paths_for(level)) for g in self._grants(level))

    def require_organization(self, organization: Any, level: Level = Level.EDIT) -> None:
        """Refuse (PermissionDenied, in Vietnamese) a write to ``organization`` outside the scope."""
        if not self.covers_organization(organization, level):
            raise PermissionDenied(
                _("You may not change the records of %(organization)s: it is outside your area of work.")
                % {"organization": organization}
            )


def outermost(paths: Iterable[str]) -> list[str]:
    """Drop paths under another path of the list (one prefix match covers them)."""
    kept: list[str] = []
    for p in sorted(set(paths)):
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return kept


UNRESTRICTED = Scope(unrestricted=True)
NOBODY = Scope()
