"""The importer inside the acting user's access scope (docs/architecture.md, "An import inside a scope").

The domain services refuse a write outside the user's edit scope, but the importer writes in bulk through
the ``*_bulk_insert`` paths, which do not check: so the writers ask here, row by row, and every row that
would create or change something outside the scope is an error on its row and column, collected with the
others (the import stays all or nothing). The command line (no user) and administrators are unrestricted:
then nothing here costs a query.

- A tenure, and any structure (organization, body, term, post), only in an organization of the user's
  edit scope: its area, and its kind when her assignment names kinds.
- A row matched (by cadre code, or name and birth date) to a registered person she may not read is refused
  saying only that a record with that key exists outside her scope: the person's name, code, birth date are
  never shown, nor listed among the matches. (A separate record is not created: the registry would hold the
  same person twice, and a cadre code is unique.) A change to a person she may read but not edit is refused.
- A person the import creates must end inside her edit scope (a tenure of the same workbook in an
  organization of her scope), or she would lose sight of the record at once: otherwise an error on the
  person's row.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from django.utils.translation import gettext as _

from nguon.core.scope import Level, Scope
from nguon.core.seen import chunks
from nguon.people.models import Person


def people_in_scope(scope: Scope, ids: Iterable[int], level: Level, created: Iterable[int] = ()) -> set[int]:
    """Those of ``ids`` that ``scope`` reaches at ``level``; people this import created (``created``)
    count as inside (their tenures in the scope may come later in the workbook; the end check says)."""
    wanted = set(ids)
    if scope.unrestricted:
        return wanted
    found = wanted & set(created)
    rest = sorted(wanted - found)
    for part in chunks(rest, 500):
        found.update(
            Person.objects.filter(pk__in=part).filter(scope.people_q(level)).values_list("pk", flat=True)
        )
    return found


def organization_outside(scope: Scope, area: Any, kind: str, name: str) -> str:
    """Why an organization of ``kind`` named ``name`` in ``area`` is outside the edit scope ("" if inside)."""
    if scope.unrestricted or scope.covers_organization(SimpleNamespace(area=area, kind=kind), Level.EDIT):
        return ""
    if not scope.covers_area(area, Level.EDIT):
        return _("%(area)s is outside the area of work assigned to you") % {"area": area.name}
    return _(
        "'%(organization)s' is outside the area of work assigned to you (not one of your organization kinds)"
    ) % {"organization": name}


def hidden_code(code: str) -> str:
    return _(
        "A record with the cadre code '%(code)s' is kept outside the area of work assigned to you; ask the"
        " officer who keeps it (or your superior level) to make this change"
    ) % {"code": code}


def hidden_name() -> str:
    return _(
        "A record with this full name and birth date is kept outside the area of work assigned to you; ask the"
        " officer who keeps it (or your superior level) to make this change"
    )


def not_editable() -> str:
    return _("You may not change this person's record: it is outside the area of work assigned to you")


def lost_from_sight(name: str) -> str:
    return _(
        "'%(name)s' would be outside the area of work assigned to you once imported: add their tenure in an"
        " organization of your area on the sheet 'Chức vụ' of the same file"
    ) % {"name": name}
