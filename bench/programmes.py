"""bench/run-programmes: joint programmes and activities at the scale of the country (issue 11).

    DATABASE_URL=sqlite:///$PWD/var/bench.sqlite3 bench/run-programmes [--repeat 2] [--create 500]

On the national dataset of `bench/run` (built first when missing), activities are generated once, in bulk
(``bulk_create``, never through the services: 100.000 audited service calls would take an hour) for the
Women's and Youth Unions of every post-2025 commune, dated 1/7/2025–30/6/2026: 90 % counted (ActivityCount
rows by sex × age group), 10 % named (5 tenure holders of the commune each), an output on half of them, a
co-organizer on one in five, and 80 % linked to their province's joint programme (one per province,
1/7/2025–30/6/2030, signed by the province's two unions, 5 goals: activities per unit, activities,
participants, trees planted, women trained). Then it times, best of --repeat, with the number of queries:

  (a) progress of one province's programme, unrestricted and for a ward officer (editor of one commune,
      figures of the province)
  (b) the ward officer's activity list: its first page of 50 and its count
  (c) activity_create (validation, scope, audit, children) for --create activities, per second
  (d) nguon.programmes.statistics (activity_counts, participant_counts, output_totals) for the province and
      the whole country, when the module exists

The figures go into docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib
import os
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

D = dt.date
AT = D(2026, 6, 30)
FIRST = D(2025, 7, 1)
MARK = "bench: programmes 2025–2030"


def out(line: str = "") -> None:
    print(line, flush=True)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, int, Any, tuple[float, str]]:
    """Best time of ``repeat`` runs, the queries of the last run, its result and its slowest query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, result, n, slowest = [], None, 0, (0.0, "")
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t0)
        n = len(ctx.captured_queries)
        slowest = max(((float(q["time"]), q["sql"]) for q in ctx.captured_queries), default=(0.0, ""))
    return min(times), n, result, slowest


def show(label: str, seconds: float, queries: int, slowest: tuple[float, str], extra: str = "") -> None:
    out(f"{label}: {seconds * 1000:,.0f} ms, {queries} queries{extra}")
    if slowest[0] >= 0.05:
        out(f"    slowest query {slowest[0] * 1000:,.0f} ms: {slowest[1][:600]}")


def generate(seed: int, per_org: int) -> dict[str, int]:
    """Programmes, goals and activities (idempotent: kept when present)."""
    from django.db import transaction

    from nguon.areas.models import Area
    from nguon.organizations.models import Organization, Tenure
    from nguon.programmes.models import (
        Activity,
        ActivityCount,
        ActivityOutput,
        ActivityParticipant,
        ActivityType,
        Goal,
        OutputKind,
        Programme,
        ProgrammeParty,
    )

    def sizes() -> dict[str, int]:
        return {
            "programmes": Programme.objects.filter(note=MARK).count(),
            "activities": Activity.objects.count(),
            "counts": ActivityCount.objects.count(),
            "named": ActivityParticipant.objects.count(),
            "outputs": ActivityOutput.objects.count(),
        }

    if Programme.objects.filter(note=MARK).exists():
        return sizes()
    rng = random.Random(seed)
    kinds = list(ActivityType.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    output_kinds = list(OutputKind.objects.all())
    trees = next(k for k in output_kinds if k.code == "cay-xanh")
    provinces = list(Area.objects.valid_on(AT).filter(level="province").order_by("code"))
    unions = ("womens_union", "youth_union")
    orgs = list(
        Organization.objects.filter(kind__in=unions, valid_from__gte=FIRST).values(
            "pk", "kind", "area_id", "area__level", "area__path", "area__parent_id"
        )
    )
    by_area: dict[int, dict[str, int]] = {}
    for o in orgs:
        by_area.setdefault(o["area_id"], {})[o["kind"]] = o["pk"]
    seen: dict[int, set[int]] = {}
    for area_id, person in (
        Tenure.objects.active_on(AT)
        .filter(post__organization__valid_from__gte=FIRST, post__organization__area__level="commune")
        .values_list("post__organization__area_id", "person_id")
        .order_by()
    ):
        seen.setdefault(area_id, set()).add(person)
    holders = {area_id: sorted(people) for area_id, people in seen.items()}
    days = (AT - FIRST).days
    with transaction.atomic():
        programmes = Programme.objects.bulk_create(
            [
                Programme(
                    title=f"Chương trình phối hợp Hội LHPN và Tỉnh đoàn {p.name} giai đoạn 2025–2030",
                    number=f"{i + 1:02d}/CTPH",
                    signed_on=FIRST,
                    start_date=FIRST,
                    end_date=D(2030, 6, 30),
                    area_id=p.pk,
                    note=MARK,
                )
                for i, p in enumerate(provinces)
            ]
        )
        programme_of = {p.area_id: p for p in programmes}
        parties = []
        for p in programmes:
            for kind, role in zip(unions, ("lead", "partner"), strict=True):
                org = by_area.get(p.area_id, {}).get(kind)
                if org:
                    parties.append(ProgrammeParty(programme_id=p.pk, organization_id=org, role=role))
        ProgrammeParty.objects.bulk_create(parties)
        goals = []
        for p in programmes:
            goals += [
                Goal(programme_id=p.pk, position=1, text="Mỗi xã, phường ít nhất 2 hoạt động phối hợp mỗi năm",
                     measure="activities_per_unit", period="year", target=2, unit="hoạt động"),
                Goal(programme_id=p.pk, position=2, text="1.000 hoạt động phối hợp mỗi năm",
                     measure="activities", period="year", target=1000, unit="hoạt động"),
                Goal(programme_id=p.pk, position=3, text="50.000 lượt người tham gia mỗi năm",
                     measure="participants", period="year", target=50000, unit="người"),
                Goal(programme_id=p.pk, position=4, text="Trồng 20.000 cây xanh mỗi năm",
                     measure="output", period="year", target=20000, unit="cây", output_kind_id=trees.pk),
                Goal(programme_id=p.pk, position=5, text="Tập huấn 500 cán bộ nữ trong giai đoạn",
                     measure="trained", period="period", target=500, unit="người"),
            ]  # fmt: skip
        Goal.objects.bulk_create(goals)
        # activities of the unions of every post-2025 commune
        province_of: dict[int, int | None] = {}
        for o in orgs:
            if o["area__level"] == "commune":
                province_of[o["area_id"]] = o["area__parent_id"]
        acts: list[Activity] = []
        sexes, groups = ("female", "male", "unknown"), ("under_16", "16_30", "31_45", "46_60", "over_60")
        meta: list[tuple[list[int], list[tuple[str, str, int]], int | None]] = []  # people, counts, co-org
        for area_id, kinds_of in sorted(by_area.items()):
            if area_id not in province_of:
                continue
            programme = programme_of.get(province_of[area_id] or 0)
            for kind, org in sorted(kinds_of.items()):
                other = kinds_of.get(unions[1] if kind == unions[0] else unions[0])
                for _ in range(per_org):
                    start = FIRST + dt.timedelta(days=rng.randint(0, days))
                    named = rng.random() < 0.1 and len(holders.get(area_id, [])) >= 5
                    if named:
                        cells = []
                        chosen = rng.sample(holders[area_id], 5)
                        total = 5
                    else:
                        chosen = []
                        cells = [
                            (s, g, rng.randint(1, 40))
                            for s, g in rng.sample([(s, g) for s in sexes for g in groups], rng.randint(2, 6))
                        ]
                        total = sum(c[2] for c in cells)
                    acts.append(
                        Activity(
                            title=f"Hoạt động {len(acts) + 1}",
                            type_id=rng.choice(kinds),
                            programme=programme if programme and rng.random() < 0.8 else None,
                            start_date=start,
                            end_date=start + dt.timedelta(days=1) if rng.random() < 0.2 else None,
                            area_id=area_id,
                            organizer_id=org,
                            audience=rng.choice(("women", "youth", "residents", "")),
                            participant_mode="named" if named else "counted",
                            participants=total,
                            description=MARK,
                        )
                    )
                    meta.append((chosen, cells, other if rng.random() < 0.2 else None))
        acts = Activity.objects.bulk_create(acts, batch_size=2000)
        counts, people, outputs, co = [], [], [], []
        for act, (chosen, cells, other) in zip(acts, meta, strict=True):
            people += [ActivityParticipant(activity_id=act.pk, person_id=p) for p in chosen]
            counts += [ActivityCount(activity_id=act.pk, sex=s, age_group=g, count=n) for s, g, n in cells]
            if rng.random() < 0.5:
                made = rng.choice(output_kinds)
                qty = Decimal(rng.randint(1, 500) * (10000 if made.is_money else 1))
                outputs.append(ActivityOutput(activity_id=act.pk, kind_id=made.pk, quantity=qty))
            if other:
                co.append(Activity.co_organizers.through(activity_id=act.pk, organization_id=other))
        ActivityCount.objects.bulk_create(counts, batch_size=5000)
        ActivityParticipant.objects.bulk_create(people, batch_size=5000)
        ActivityOutput.objects.bulk_create(outputs, batch_size=5000)
        Activity.co_organizers.through.objects.bulk_create(co, batch_size=5000)
    from nguon.core.db import analyze

    analyze(
        Activity,
        Activity.co_organizers.through,
        ActivityCount,
        ActivityParticipant,
        ActivityOutput,
        Programme,
        ProgrammeParty,
        Goal,
    )
    return sizes()


def ward_officer(province: Any) -> tuple[Any, Any, Any]:
    """An editor of one commune of ``province`` who reads the province's figures: (user, commune, scope)."""
    from django.contrib.auth import get_user_model

    from nguon.accounts.models import Assignment
    from nguon.accounts.scope import scope_for
    from nguon.areas.models import Area
    from nguon.programmes.models import Activity

    commune = (
        Area.objects.valid_on(AT)
        .filter(level="commune", parent=province, pk__in=Activity.objects.values("area_id"))
        .order_by("code")
        .first()
    )
    assert commune is not None
    users = get_user_model().objects
    user = users.filter(username="bench-programmes-ward").first() or users.create_user(
        "bench-programmes-ward"
    )
    Assignment.objects.filter(user=user).delete()
    Assignment.objects.create(user=user, area=commune, role="editor", analysis_area=province)
    return user, commune, scope_for(user)


def create_many(user: Any, commune: Any, n: int, seed: int) -> tuple[float, int]:
    """``n`` activities through activity_create as the ward officer (90 % counted, 10 % named)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nguon.organizations.models import Organization, Tenure
    from nguon.people.models import Person
    from nguon.programmes import services
    from nguon.programmes.models import ActivityType, OutputKind, Programme

    rng = random.Random(seed)
    orgs = list(Organization.objects.filter(area=commune, kind__in=("womens_union", "youth_union")))
    kinds = list(ActivityType.objects.filter(parent__isnull=False))
    output_kinds = list(OutputKind.objects.all())
    programme = Programme.objects.get(note=MARK, area_id=commune.parent_id)
    people = list(
        Person.objects.filter(
            pk__in=Tenure.objects.active_on(AT).filter(post__organization__area=commune).values("person_id")
        )[:50]
    )
    datas = []
    for i in range(n):
        named = rng.random() < 0.1 and len(people) >= 5
        counts = (
            {} if named else {("female", "16_30"): rng.randint(1, 30), ("male", "31_45"): rng.randint(1, 30)}
        )
        datas.append(
            services.ActivityData(
                title=f"Hoạt động đo {i + 1}",
                type=rng.choice(kinds),
                start_date=FIRST + dt.timedelta(days=rng.randint(0, (AT - FIRST).days)),
                area=commune,
                organizer=orgs[i % len(orgs)],
                programme=programme,
                audience="women",
                participant_mode="named" if named else "counted",
                counts=counts,
                people=rng.sample(people, 5) if named else (),
                outputs={rng.choice(output_kinds): 10} if i % 2 else {},
            )
        )
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        for data in datas:
            services.activity_create(data=data, acting_user=user, source="bench")
        seconds = time.perf_counter() - t0
    return seconds, len(ctx.captured_queries)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="bench/run-programmes", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--province", default="79")
    p.add_argument("--per-org", type=int, default=15, help="activities per union of each commune")
    p.add_argument("--create", type=int, default=500, help="activities created through the service")
    args = p.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("bench: set DATABASE_URL (the national dataset of bench/run lives there)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nguon.config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    import bench.__main__ as core_bench
    from nguon.areas.models import Area
    from nguon.core.scope import UNRESTRICTED
    from nguon.programmes import progress, selectors
    from nguon.programmes.models import Programme

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    core_bench.ensure_dataset(core_bench.parse(["generate", "--province", args.province]))
    out(f"bench: national dataset ready in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    sizes = generate(args.seed, args.per_org)
    out(
        f"bench: {connection.vendor}; "
        + ", ".join(f"{v:,} {k}" for k, v in sizes.items())
        + f" (ready in {time.perf_counter() - t0:.1f} s)"
    )
    province = Area.objects.valid_on(AT).get(code=args.province, level="province")
    programme = Programme.objects.get(note=MARK, area=province)
    user, commune, ward = ward_officer(province)
    out(f"bench: province {province.name}; ward officer of {commune.name} (figures of the province)")

    def run_progress(scope: Any) -> str:
        result = progress.progress(programme=programme, scope=scope, at=AT)
        cells = sum(len(g.rows) for g in result.goals)
        records = sum(len(c.records) for g in result.goals for c in g.rows)
        hidden = sum(c.hidden for g in result.goals for c in g.rows)
        return f"{cells} cells, {records:,} records shown, {hidden:,} hidden"

    for label, scope in (("unrestricted", UNRESTRICTED), ("ward officer", ward)):
        seconds, n, res, slow = timed(functools.partial(run_progress, scope), args.repeat)
        show(f"(a) progress of {province.name}'s programme, {label}", seconds, n, slow, f" ({res})")

    seconds, n, res, slow = timed(lambda: len(list(selectors.activity_list(scope=ward)[:50])), args.repeat)
    show("(b) activity_list(ward officer)[:50]", seconds, n, slow, f" ({res} rows)")
    seconds, n, res, slow = timed(lambda: selectors.activity_list(scope=ward).count(), args.repeat)
    show("(b) activity_list(ward officer).count()", seconds, n, slow, f" ({res:,} activities)")

    seconds, n = create_many(user, commune, args.create, args.seed)
    out(
        f"(c) activity_create × {args.create} as the ward officer: {seconds:.1f} s, "
        f"{args.create / seconds:,.0f} activities per second, {n / args.create:.1f} queries each"
    )

    try:
        statistics = importlib.import_module("nguon.programmes.statistics")
    except ImportError:
        out("(d) nguon.programmes.statistics: not there yet, skipped")
        return 0
    for name in ("activity_counts", "participant_counts", "output_totals"):
        fn = getattr(statistics, name, None)
        if fn is None:
            out(f"(d) statistics.{name}: missing, skipped")
            continue
        cases = (
            (f"{province.name}, unrestricted", UNRESTRICTED, province),
            (f"{province.name}, ward officer", ward, province),
            ("the whole country, unrestricted", UNRESTRICTED, None),
        )
        for label, scope, area in cases:
            call = functools.partial(fn, scope=scope, area=area, start=FIRST, end=AT)
            try:
                seconds, n, res, slow = timed(call, args.repeat)
            except Exception as exc:  # an interface the bench did not guess: say so, go on
                out(f"(d) statistics.{name}({label}): {type(exc).__name__}: {exc}")
                continue
            size = f"{len(res)} rows" if isinstance(res, list) else f"total {getattr(res, 'total', 0):,}"
            show(f"(d) statistics.{name}, {label}", seconds, n, slow, f" ({size})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
