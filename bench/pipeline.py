"""bench/run-pipeline: the cadre pipeline at the scale of the country (issue 10).

    DATABASE_URL=sqlite:///$PWD/var/bench.sqlite3 bench/run-pipeline [--repeat 3]
    scripts/with-postgres bench/run-pipeline

On the national dataset of `bench/run` (built first when missing: `bench/run generate`), planning pools are
generated once (in bulk, never through the services) for every key post of every organization after the 2025
reform, target term 2030–2035: one to four people each (one pool in six left empty, one in four without a
woman), approved by one decision per organization on 15/3/2026, with later moves and removals in the log.
Then it times, best of --repeat:

  (a) board     one commune organization's succession board: its pools replayed on the date, the incumbents
                of that date, every entry's verdicts (what the page computes)
  (b) checks    findings(area, at) for one commune, one province (Hồ Chí Minh City, 79) and the country
  (c) funnel    the funnel of one province over 2025–2026
  (d) replay    the pure replay of every event of the country (pipeline.pools.replay), without the database

and prints each figure with the rows it covered. The figures go into docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Callable
from typing import Any

D = dt.date
AT = D(2026, 6, 30)
APPROVED = D(2026, 3, 15)
MARK = "bench: pools 2030–2035"


def out(line: str = "") -> None:
    print(line, flush=True)


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def generate(seed: int) -> dict[str, int]:
    """Pools, entries and events for every key post after the reform (idempotent: kept when present)."""
    from django.db import transaction

    from nguon.organizations.models import Post, Tenure
    from nguon.pipeline.models import PlanningDecision, Pool, PoolEntry, PoolEvent, ReadinessLevel

    if PlanningDecision.objects.filter(note=MARK).exists():
        return {
            "pools": Pool.objects.count(),
            "entries": PoolEntry.objects.count(),
            "events": PoolEvent.objects.count(),
        }
    rng = random.Random(seed)
    levels = list(ReadinessLevel.objects.values_list("pk", flat=True))
    posts = list(
        Post.objects.filter(is_key=True, organization__valid_from__gte=D(2025, 7, 1)).values_list(
            "pk", "organization_id"
        )
    )
    by_org: dict[int, list[int]] = {}
    for pk, org in posts:
        by_org.setdefault(org, []).append(pk)
    # candidates: the people holding a tenure in the organization on the date, by sex
    holders: dict[int, list[tuple[int, str]]] = {}
    for org, person, sex in (
        Tenure.objects.active_on(AT)
        .filter(post__organization_id__in=list(by_org))
        .values_list("post__organization_id", "person_id", "person__sex")
    ):
        if (person, sex) not in holders.setdefault(org, []):
            holders[org].append((person, sex))
    with transaction.atomic():
        decisions = PlanningDecision.objects.bulk_create(
            [
                PlanningDecision(
                    organization_id=org,
                    number=f"{i + 1}-QĐ/BTV",
                    date=APPROVED,
                    approving_body="Ban Thường vụ",
                    note=MARK,
                )
                for i, org in enumerate(by_org)
            ],
            batch_size=5000,
        )
        decision_of = {d.organization_id: d.pk for d in decisions}
        pools = Pool.objects.bulk_create(
            [
                Pool(
                    post_id=post,
                    target_term="2030–2035",
                    target_start=D(2030, 10, 1),
                    target_end=D(2035, 9, 30),
                    decision_id=decision_of[org],
                )
                for org, org_posts in by_org.items()
                for post in org_posts
            ],
            batch_size=5000,
        )
        org_of_post = dict(posts)
        entries: list[PoolEntry] = []
        for pool in pools:
            people = holders.get(org_of_post[pool.post_id], [])
            if not people or rng.random() < 1 / 6:
                continue
            chosen = rng.sample(people, min(len(people), rng.randint(1, 4)))
            if rng.random() < 1 / 4:
                chosen = [p for p in chosen if p[1] != "F"] or chosen[:1]
            entries += [
                PoolEntry(pool_id=pool.pk, person_id=p, first_planning=rng.random() < 0.5) for p, _ in chosen
            ]
        entries = PoolEntry.objects.bulk_create(entries, batch_size=5000)
        events: list[PoolEvent] = []
        for entry in entries:
            events.append(
                PoolEvent(
                    entry_id=entry.pk,
                    date=APPROVED,
                    action="approve",
                    readiness_id=rng.choice(levels),
                    rank=1,
                    source=MARK,
                )
            )
            roll = rng.random()
            if roll < 0.2:
                events.append(
                    PoolEvent(
                        entry_id=entry.pk,
                        date=D(2026, 5, 1),
                        action="move",
                        readiness_id=rng.choice(levels),
                        source=MARK,
                    )
                )
            elif roll < 0.25:
                events.append(
                    PoolEvent(
                        entry_id=entry.pk,
                        date=D(2026, 5, 1),
                        action="remove",
                        removal_reason="moved",
                        reason="bench",
                        source=MARK,
                    )
                )
        PoolEvent.objects.bulk_create(events, batch_size=5000)
    return {"pools": len(pools), "entries": len(entries), "events": len(events)}


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="bench/run-pipeline", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--province", default="79")
    args = p.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("bench: set DATABASE_URL (the national dataset of bench/run lives there)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nguon.config.settings.test")
    import django

    django.setup()
    from django.db import connection

    from nguon.areas.models import Area
    from nguon.core.scope import UNRESTRICTED
    from nguon.organizations.models import Organization
    from nguon.pipeline import checks, funnel, pools, selectors
    from nguon.pipeline.models import Pool

    t0 = time.perf_counter()
    sizes = generate(args.seed)
    out(
        f"bench: {connection.vendor}; pools {sizes['pools']:,}, entries {sizes['entries']:,}, events {sizes['events']:,} "
        f"(ready in {time.perf_counter() - t0:.1f} s)"
    )
    scope = UNRESTRICTED

    # (a) one commune organization's board
    org = (
        Organization.objects.filter(
            valid_from__gte=D(2025, 7, 1), area__level="commune", posts__pools__entries__isnull=False
        )
        .order_by("id")
        .first()
    )
    assert org is not None, "no pool generated: is the national dataset there?"

    def board() -> int:
        org_pools = list(selectors.pool_list(scope=scope, organization=org))
        states = selectors.pool_states(scope=scope, pools_=org_pools, at=AT)
        selectors.incumbents_on(scope=scope, posts=[p.post for p in org_pools], at=AT)
        verdicts = checks.pool_verdicts(scope=scope, pools=org_pools, at=AT)
        return sum(len(s.rows) for s in states.values()) + len(verdicts)

    seconds, n = best(board, args.repeat)
    out(f"(a) board of {org.name}: {seconds * 1000:.0f} ms ({n} entries and verdict lists)")

    # (b) findings for a commune, a province, the country (province by province, as a national report would)
    commune = org.area
    province = Area.objects.filter(
        code=args.province, level="province", valid_from__gte=D(2025, 7, 1)
    ).first()
    seconds, found = best(lambda: checks.findings(scope=scope, area=commune, at=AT), args.repeat)
    out(f"(b) checks, commune {commune.name}: {seconds:.2f} s ({len(found):,} findings)")
    if province is not None:
        seconds, found = best(lambda: checks.findings(scope=scope, area=province, at=AT), args.repeat)
        out(f"(b) checks, province {province.name}: {seconds:.2f} s ({len(found):,} findings)")
    provinces = list(Area.objects.filter(level="province", valid_from__gte=D(2025, 7, 1)))
    seconds, total = best(lambda: sum(len(checks.findings(scope=scope, area=p, at=AT)) for p in provinces), 1)
    out(
        f"(b) checks, the country ({len(provinces)} provinces one after the other): {seconds:.1f} s ({total:,} findings)"
    )

    # (c) the funnel of a province
    if province is not None:
        seconds, _result = best(
            lambda: funnel.funnel(scope=scope, area=province, start=D(2025, 7, 1), end=D(2026, 12, 31)),
            args.repeat,
        )
        out(f"(c) funnel, {province.name} 2025–2026: {seconds:.2f} s")

    # (d) the pure replay of the whole country's log
    events = selectors.event_rows(
        Pool.objects.values_list("entries__id", flat=True).exclude(entries__id=None)
    )
    seconds, states = best(lambda: pools.replay(events, AT), args.repeat)
    out(f"(d) replay of {len(events):,} events: {seconds:.2f} s ({len(states):,} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
