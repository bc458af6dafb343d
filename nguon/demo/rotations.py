"""The demo's rotation and transfer decisions (luân chuyển, điều động), written through
``nguon.rotations.services`` (source "demo") on the Hoàn Kiếm world the demo already wrote: call ``build()``
after ``plan_write``.

All in 2022–2024, long after the review's date (25/9/2020): the article's figures do not move.

- 15-QĐ/QU (Quận ủy, 01/8/2022, rotation, a batch): the deputy chairs of the people's committees of three
  wards rotate in a ring from 15/8/2022 (ward 1's to ward 2, ward 2's to ward 3, ward 3's to ward 1);
- 42/QĐ-UBND (UBND quận, 01/3/2023, transfer): one person moved twice in a month — a ward's deputy chair
  transferred to the district's Phòng Nội vụ as deputy head on 06/3/2023, then to another ward's people's
  committee as deputy chair on 20/3/2023 (the second move leaves the tenure the first one starts: the 14 days
  in Phòng Nội vụ stay in her history);
- 07/QĐ-UBND (UBND quận, 10/1/2024, transfer, a batch): two deputy heads of district departments sent to
  wards as deputy chairs from 01/02/2024.

Only tenures held on the day before the move and ending after it are chosen (the deputies of a ward still in
post then), of people who never held the post they take; each new tenure ends when the tenure she left was to
end (30/6/2025, the reorganization, for most), with its reason, so later tenures are untouched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from nguon.areas.selectors import area_get_by_code
from nguon.organizations import services as org_services
from nguon.organizations.models import Organization, Post, Tenure
from nguon.rotations import services
from nguon.rotations.models import MoveDecision

SOURCE = "demo"
REFERENCE = dt.date(2020, 9, 25)
WARD_DEPUTY = "Phó Chủ tịch UBND phường"
ONE_DAY = dt.timedelta(days=1)
LAST_OLD = dt.date(2025, 6, 30)  # the last day of the district level and of the old wards


def _held(posts: Iterable[Post], day: dt.date, taken: set[int]) -> list[Tenure]:
    """Tenures of ``posts`` held on ``day - 1`` and up to the reorganization (not ending earlier: nobody
    whose later career the plan wrote is moved), of people not yet moved, oldest first."""
    return list(
        Tenure.objects.filter(post__in=list(posts), start_date__lt=day - ONE_DAY)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=LAST_OLD))
        .exclude(person_id__in=taken)
        .select_related("person", "post__organization__area")
        .order_by("post__organization__area__code", "start_date", "id")
    )


def _never_held(person_id: int, post: Post) -> bool:
    return not Tenure.objects.filter(person_id=person_id, post=post).exists()


def _close_like(created: Tenure | None, left: Tenure) -> None:
    """The new tenure ends as the one left was to end (the reorganization of 30/6/2025, for most)."""
    if created is not None and left.end_date is not None:
        org_services.tenure_end(
            tenure=created, end_date=left.end_date, end_reason=left.end_reason or "reorganized", source=SOURCE
        )


def _apply(decision: MoveDecision, lefts: list[Tenure]) -> None:
    """Apply the decision; each person's last new tenure ends as the tenure she first left was to end."""
    services.decision_apply(decision=decision, source=SOURCE)
    moves = list(decision.moves.select_related("created_tenure").order_by("start_date", "id"))
    for move, left in zip(moves, lefts, strict=True):
        if move.from_move_id is not None:
            continue  # its person's first move closes the chain
        last = move
        while last.next_moves.exists():
            last = last.next_moves.select_related("created_tenure").get()
        _close_like(last.created_tenure, left)


@transaction.atomic
def build(*, district_code: str = "002") -> None:
    """Write the demo's rotation and transfer decisions (once: a second call finds them and writes
    nothing)."""
    district = area_get_by_code(code=district_code, at=REFERENCE)
    path = district.path
    if MoveDecision.objects.filter(issuer__area__path__startswith=path).exists():
        return
    party = Organization.objects.filter(area=district, kind="party").order_by("pk").first()
    ubnd = Organization.objects.filter(area=district, kind="peoples_committee").order_by("pk").first()
    if party is None or ubnd is None:
        return
    deputies = list(
        Post.objects.filter(
            organization__area__path__startswith=path,
            organization__area__level="commune",
            organization__kind="peoples_committee",
            name=WARD_DEPUTY,
        )
        .select_related("organization__area")
        .order_by("organization__area__code")
    )
    departments = list(
        Post.objects.filter(
            organization__area=district, organization__kind="department", name__startswith="Phó Trưởng phòng"
        ).order_by("organization__name")
    )
    taken: set[int] = set()
    _ring(party, deputies, taken)
    _twice(ubnd, deputies, departments, taken)
    _to_wards(ubnd, deputies, departments, taken)


def _ring(party: Organization, deputies: list[Post], taken: set[int]) -> None:
    """A ring of three wards' deputy chairs, one decision."""
    day = dt.date(2022, 8, 15)
    chosen: list[Tenure] = []
    for post in deputies:
        held = _held([post], day, taken)
        if held:
            chosen.append(held[0])
        if len(chosen) == 3:
            break
    if len(chosen) < 3:
        return
    targets = [chosen[(i + 1) % 3].post for i in range(3)]
    if not all(_never_held(t.person_id, post) for t, post in zip(chosen, targets, strict=True)):
        return
    decision = services.move_decision_create(
        issuer=party,
        kind="rotation",
        number="15-QĐ/QU",
        date=dt.date(2022, 8, 1),
        effective_date=day,
        signed_by="Bí thư Quận ủy",
        note="Luân chuyển Phó Chủ tịch UBND phường giữa các phường.",
        source=SOURCE,
    )
    for tenure, post in zip(chosen, targets, strict=True):
        services.move_add(
            decision=decision,
            person=tenure.person,
            from_tenure=tenure,
            to_post=post,
            start_date=day,
            source=SOURCE,
        )
        taken.add(tenure.person_id)
    _apply(decision, chosen)


def _twice(ubnd: Organization, deputies: list[Post], departments: list[Post], taken: set[int]) -> None:
    """One person moved twice in a month (one decision, the second move following the first)."""
    first_day, second_day = dt.date(2023, 3, 6), dt.date(2023, 3, 20)
    home = next(
        (p for p in departments if p.organization.name == "Phòng Nội vụ"),
        departments[0] if departments else None,
    )
    if home is None:
        return
    for tenure in _held(deputies[3:], second_day, taken):
        target = next(
            (
                p
                for p in deputies
                if p.organization_id != tenure.post.organization_id and _never_held(tenure.person_id, p)
            ),
            None,
        )
        if target is None or not _never_held(tenure.person_id, home):
            continue
        decision = services.move_decision_create(
            issuer=ubnd,
            kind="transfer",
            number="42/QĐ-UBND",
            date=dt.date(2023, 3, 1),
            effective_date=first_day,
            signed_by="Chủ tịch UBND quận",
            note="Điều động về Phòng Nội vụ quận, sau đó điều động về UBND phường.",
            source=SOURCE,
        )
        first = services.move_add(
            decision=decision,
            person=tenure.person,
            from_tenure=tenure,
            to_post=home,
            start_date=first_day,
            source=SOURCE,
        )
        services.move_add(
            decision=decision,
            person=tenure.person,
            from_move=first,
            to_post=target,
            start_date=second_day,
            source=SOURCE,
        )
        taken.add(tenure.person_id)
        _apply(decision, [tenure, tenure])
        return


def _to_wards(ubnd: Organization, deputies: list[Post], departments: list[Post], taken: set[int]) -> None:
    """Two deputy heads of district departments sent to wards as deputy chairs, one decision."""
    day = dt.date(2024, 2, 1)
    chosen: list[tuple[Tenure, Post]] = []
    wards = list(reversed(deputies))
    for tenure in _held(departments, day, taken):
        if any(tenure.person_id == t.person_id for t, _p in chosen):
            continue
        target = next(
            (p for p in wards if _never_held(tenure.person_id, p) and p not in [c[1] for c in chosen]), None
        )
        if target is not None:
            chosen.append((tenure, target))
        if len(chosen) == 2:
            break
    if not chosen:
        return
    decision = services.move_decision_create(
        issuer=ubnd,
        kind="transfer",
        number="07/QĐ-UBND",
        date=dt.date(2024, 1, 10),
        effective_date=day,
        signed_by="Chủ tịch UBND quận",
        note="Điều động cán bộ các phòng chuyên môn về công tác tại UBND phường.",
        source=SOURCE,
    )
    for tenure, post in chosen:
        services.move_add(
            decision=decision,
            person=tenure.person,
            from_tenure=tenure,
            to_post=post,
            start_date=day,
            source=SOURCE,
        )
        taken.add(tenure.person_id)
    _apply(decision, [t for t, _p in chosen])
