"""Web benchmark (issue 9, point 8): the national synthetic dataset behind gunicorn, 20 simulated officers
(locust, headless) on loopback for a bounded time; prints p50/p95 and requests per second per page.

    scripts/with-postgres bench/run-web [--users 20] [--seconds 60] [--workers 2] [--scale 1.0]

Goal: p95 under 300 ms for the dashboard, the people search and a profile; under 1 s for a province's
indicator table. The figures are printed, never asserted (docs/performance.md).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-Officer-2026"
PAGES = tuple(
    f"{page} ({role})"
    for page in ("dashboard", "people search", "profile", "province indicator table")
    for role in ("ward", "province")
)


def out(line: str = "") -> None:
    print(line, flush=True)


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run-web", description=__doc__)
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--province-officers", type=int, default=5, help="of the simulated users")
    p.add_argument("--ward-officers", type=int, default=15, help="of the simulated users, one per ward")
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument(
        "--wait",
        type=float,
        nargs=2,
        default=(1.0, 3.0),
        metavar=("MIN", "MAX"),
        help="seconds each simulated officer waits between two pages",
    )
    p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    p.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--province", default="79", help="post-2025 province code of the officers")
    p.add_argument("--at", type=dt.date.fromisoformat, default=dt.date(2026, 1, 1))
    p.add_argument("--indicators-url", default="/indicators/?area={province}&at={at}")
    p.add_argument("--search-url", default="/people/?q={q}")
    p.add_argument("--profile-url", default="/people/{pk}/")
    return p.parse_args(argv)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(args: argparse.Namespace) -> dict[str, object]:
    """The dataset (built once, reused), a province officer, and the people and queries she will ask for."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    import bench.__main__ as core_bench
    from nguon.accounts.choices import Role
    from nguon.accounts.models import Assignment
    from nguon.accounts.scope import scope_for
    from nguon.areas.models import Area
    from nguon.core.db import analyze
    from nguon.core.scope import Level
    from nguon.people.models import Person

    call_command("migrate", verbosity=0, interactive=False)
    meta_args = core_bench.parse(["generate", "--scale", str(args.scale), "--province", args.province])
    core_bench.ensure_dataset(meta_args)
    analyze()
    users = get_user_model().objects
    province = Area.objects.valid_on(args.at).get(code=args.province, level="province")
    communes = list(
        Area.objects.valid_on(args.at)
        .filter(level="commune", path__startswith=province.path)
        .order_by("code")[: args.ward_officers]
    )
    rng = random.Random(2026)
    accounts = []
    # Province officers read the whole province by name; ward officers read their ward by name and the
    # province's figures (their analysis area), as the ward officer compares wards.
    for i in range(args.province_officers):
        accounts.append(("province", f"bench-province-{i}", province, None))
    for i, commune in enumerate(communes):
        accounts.append(("ward", f"bench-ward-{i}", commune, province))
    config_accounts = []
    queries_all: set[str] = set()
    for role, username, area, wider in accounts:
        user = users.filter(username=username).first() or users.create_user(username)
        user.set_password(PASSWORD)
        user.save()
        Assignment.objects.filter(user=user).delete()
        Assignment.objects.create(user=user, area=area, role=Role.VIEWER, analysis_area=wider)
        scope = scope_for(user)
        ids = list(Person.objects.filter(scope.people_q(Level.VIEW)).values_list("pk", flat=True)[:2000])
        names = list(Person.objects.filter(pk__in=ids[:200]).values_list("full_name", flat=True))
        queries = sorted({n.split()[-1] for n in names})[:20]
        queries_all.update(queries)
        config_accounts.append(
            {
                "role": role,
                "username": username,
                "person_ids": rng.sample(ids, min(200, len(ids))),
                "queries": [*queries, "hoang", "nguyen thi"],
            }
        )
    out(
        f"bench: {connection.vendor}; {Person.objects.count():,} people; {args.province_officers} officers of "
        f"{province.name} and {len(communes)} ward officers of its communes"
    )
    return {
        "password": PASSWORD,
        "at": args.at.strftime("%d/%m/%Y"),
        "accounts": config_accounts,
        "search_url": args.search_url,
        "profile_url": args.profile_url,
        "indicators_url": args.indicators_url.format(province=args.province, at=args.at.strftime("%d/%m/%Y")),
    }


def wait_up(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"bench: the server did not answer at {url}")


def main(argv: list[str]) -> int:
    args = parse(argv)
    config = prepare(args)
    config["wait"] = list(args.wait)
    work = Path(tempfile.mkdtemp(prefix="nguon-bench-web-"))
    config_path = work / "config.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "nguon.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_up(f"http://127.0.0.1:{port}/login/")
        out(
            f"bench: gunicorn {args.workers} workers × {args.threads} threads on 127.0.0.1:{port}; "
            f"locust {args.users} users for {args.seconds} s, {args.wait[0]:g}–{args.wait[1]:g} s between pages (figures after all have logged in)"
        )
        subprocess.run(
            [
                str(ROOT / ".venv/bin/locust"),
                "-f",
                str(ROOT / "bench/locustfile.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(max(1, args.users // 2)),
                "-t",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(work / "web"),
                "--only-summary",
                "--reset-stats",
                "--loglevel",
                "WARNING",
            ],
            env={**env, "NGUON_BENCH_CONFIG": str(config_path)},
            check=False,
            stdout=subprocess.DEVNULL,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    with open(work / "web_stats.csv", encoding="utf-8") as stats:
        rows = {r["Name"]: r for r in csv.DictReader(stats)}
    out()
    out(f"{'page':<36}{'requests':>9}{'failures':>9}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'req/s':>7}")
    for name in (*PAGES, "login"):
        r = rows.get(name)
        if r is None:
            out(f"{name:<36} (no request)")
            continue
        out(
            f"{name:<36}{r['Request Count']:>9}{r['Failure Count']:>9}{r['50%']:>8}{r['95%']:>8}"
            f"{float(r['Max Response Time']):>8.0f}{float(r['Requests/s']):>7.1f}"
        )
    failures = work / "web_failures.csv"
    if failures.exists() and failures.stat().st_size > 100:
        out("\nfailures:\n" + failures.read_text(encoding="utf-8")[:2000])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
