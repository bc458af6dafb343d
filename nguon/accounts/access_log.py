"""The personal-data log (Decree 13/2023/NĐ-CP): every view of a profile, every export or download that
contains personal data — who, when, what, how many people. Pages, API, exports and reports call this."""

from __future__ import annotations

from typing import Any

from .choices import AccessKind
from .models import PersonalDataAccess


def personal_data_logged(
    *,
    user: Any,
    kind: AccessKind | str,
    what: str,
    people_count: int = 0,
    person_id: int | None = None,
    path: str = "",
) -> PersonalDataAccess:
    """Record one access to personal data by ``user`` (anonymous users never reach personal data)."""
    return PersonalDataAccess.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        kind=kind,
        what=what[:300],
        person_id=person_id,
        people_count=people_count if person_id is None else max(people_count, 1),
        path=path[:500],
    )
