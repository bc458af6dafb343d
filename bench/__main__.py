"""bench/run: build (once) a synthetic national dataset in DATABASE_URL, then time the indicator engine.

    DATABASE_URL=sqlite:///$PWD/var/bench.sqlite3 bench/run [--scale 0.05] [--profile]
    scripts/with-postgres bench/run [--scale 0.05]

The dataset is generated when the database has none (or one of another scale, seed or generator); a
database holding people or tenures that the bench did not write is refused, never overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from typing import Any

SEED = 2025


def dataset_version() -> str:
    """Changes whenever the generator or its templates change: a stale dataset is then regenerated."""
    import hashlib
    from pathlib import Path

    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("dataset.py", "templates.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


def out(line: str = "") -> None:
    print(line, flush=True)


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="bench/run", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument("mode", nargs="?", default="run", choices=["run", "generate", "memory"])
    p.add_argument("--scale", type=float, default=1.0, help="share of the country generated (1.0 = all)")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--at", type=dt.date.fromisoformat, default=dt.date(2026, 1, 1), help="reference date")
    p.add_argument("--province", default="79", help="post-2025 province code of the series (b)")
    p.add_argument("--series-indicator", default="party-committee-women")
    p.add_argument("--repeat", type=int, default=3, help="timed runs of each figure (the best is quoted)")
    p.add_argument("--profile", action="store_true", help="also show where the time of (a) goes")
    p.add_argument("--no-memory", action="store_true", help="skip the memory runs")
    p.add_argument(
        "--load-with-guards",
        action="store_true",
        help="keep indexes, triggers and constraints during the bulk load (to measure what they cost)",
    )
    p.add_argument("--fraction", type=float, default=1.0, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if not 0 < args.scale <= 1:
        p.error("--scale must be in (0, 1]")
    return args


def setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("bench: set DATABASE_URL (the bench writes millions of rows into it)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nguon.config.settings.test")
    import django

    django.setup()


# --- the dataset ---------------------------------------------------------------------------------------
def _meta_get() -> dict[str, Any] | None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (key varchar(50) PRIMARY KEY, value text NOT NULL)"
        )
        cur.execute("SELECT value FROM bench_meta WHERE key = 'dataset'")
        row = cur.fetchone()
    return json.loads(row[0]) if row else None


def _meta_set(value: dict[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("DELETE FROM bench_meta WHERE key = 'dataset'")
        cur.execute("INSERT INTO bench_meta (key, value) VALUES ('dataset', %s)", [json.dumps(value)])


def _wipe() -> None:
    from django.db import connection

    from .dataset import TABLES

    out("bench: removing the previous bench dataset")
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        else:
            cur.execute("PRAGMA foreign_keys = OFF")
            for table in reversed(TABLES):
                cur.execute(f"DELETE FROM {table}")
            cur.execute("PRAGMA foreign_keys = ON")


def counts() -> dict[str, int]:
    from nguon.areas.models import Area
    from nguon.organizations.models import Body, Organization, Post, Tenure, Term
    from nguon.people.models import Person

    return {
        "areas": Area.objects.count(),
        "organizations": Organization.objects.count(),
        "bodies": Body.objects.count(),
        "terms": Term.objects.count(),
        "posts": Post.objects.count(),
        "people": Person.objects.count(),
        "tenures": Tenure.objects.count(),
    }


def ensure_dataset(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection

    from nguon.areas.loader import catalogue_load
    from nguon.areas.models import Area

    from . import dataset
    from .bulk import writer_for

    wanted = {"version": dataset_version(), "scale": args.scale, "seed": args.seed, "province": args.province}
    meta = _meta_get()
    if meta is not None and meta.get("complete") and {k: meta.get(k) for k in wanted} == wanted:
        out(f"bench: dataset present (scale {args.scale}, seed {args.seed}): reused")
        return meta
    have = counts()
    if meta is None and (have["people"] or have["tenures"]):
        raise SystemExit(
            "bench: this database holds people or tenures the bench did not write; refusing to touch it"
        )
    if have["people"] or have["tenures"] or have["organizations"]:
        _wipe()
    timings: dict[str, float] = {}
    if not Area.objects.exists():
        out("bench: loading the national catalogue of areas (both periods, succession events) …")
        t0 = time.perf_counter()
        catalogue_load()
        timings["catalogue_load"] = time.perf_counter() - t0
        out(f"bench: catalogue loaded in {timings['catalogue_load']:.1f} s")
    _meta_set({**wanted, "complete": False})
    rows, _, _ = dataset._areas()
    preds = dataset.province_predecessors(rows)
    dataset.ensure_province_successions(rows, preds)
    sel = dataset.select(rows, preds, args.scale, args.province, args.seed)
    out(
        f"bench: generating scale {args.scale}: {len(sel.post_provinces)} of 34 post-2025 provinces "
        f"({sel.communes_selected:,} of {sel.communes_total:,} communes) and their "
        f"{len(sel.pre_provinces)} pre-2025 predecessor provinces, seed {args.seed}"
    )
    start_ids = {}
    with connection.cursor() as cur:
        for table in dataset.TABLES:
            cur.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            start_ids[table] = cur.fetchone()[0]
    writer = writer_for(out)
    t0 = time.perf_counter()
    writer.begin(keep_guards=args.load_with_guards)
    gen = dataset.Generator(writer, args.seed, start_ids, out)
    gen.country(rows, sel, preds)
    timings["generate_and_write"] = time.perf_counter() - t0
    out(
        f"bench: rows written in {timings['generate_and_write']:.1f} s; re-creating indexes and constraints …"
    )
    for step, seconds in writer.finish().items():
        timings[step] = seconds
        out(f"bench:   {step}: {seconds:.1f} s")
    meta = {
        **wanted,
        "complete": True,
        "provinces": [p.code for p in sel.post_provinces],
        "communes_selected": sel.communes_selected,
        "timings": timings,
    }
    _meta_set(meta)
    return meta


def main(argv: list[str]) -> int:
    args = parse(argv)
    setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from . import measure

    if args.mode == "memory":
        print(json.dumps(measure.memory(args.fraction, args.at)))
        return 0
    t_start = time.perf_counter()
    out(f"bench: {connection.vendor} at {connection.settings_dict['NAME']}; scale {args.scale}")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    out(f"bench: migrate (and the indicator catalogue) in {time.perf_counter() - t0:.1f} s")
    meta = ensure_dataset(args)
    sizes = counts()
    out(
        "bench: dataset: "
        + ", ".join(f"{v:,} {k}" for k, v in sizes.items())
        + f"; database {measure.database_size()}"
    )
    if args.mode == "generate":
        return 0
    out()
    results = measure.run(args, out)
    results.update(dataset=meta, counts=sizes, wall_seconds=time.perf_counter() - t_start)
    path = settings.VAR_DIR / f"bench-{connection.vendor}.json"
    path.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    out(f"\nbench: total {results['wall_seconds']:.0f} s; figures saved to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
