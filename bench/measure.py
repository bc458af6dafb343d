"""The figures: (a) the whole catalogue for every commune at one date, (b) one indicator's 2015–2030 series
for one province, (c) one indicator as one hand-written SQL query, (d) engine / hand SQL, and the memory of
(a) at two numbers of units. ``--profile`` adds where the time goes (SQL vs Python)."""

from __future__ import annotations

import cProfile
import datetime as dt
import gc
import io
import json
import os
import pstats
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from django.db import connection

from nguon.areas.models import Area
from nguon.indicators.evaluation import evaluate, indicator_series
from nguon.indicators.models import Indicator

D = dt.date
SERIES_DATES = [D(y, 1, 1) for y in range(2015, 2031)]
HAND_INDICATOR = "party-committee-women"

# party-committee-women for every commune valid at the date, as one query: executive-committee seats of party
# organizations, held on the date, distinct people, women among them. Communes are leaves of the area tree,
# so "the commune's subtree" is the organizations whose area is the commune.
HAND_SQL = """
SELECT o.area_id,
       COUNT(DISTINCT t.person_id) AS denominator,
       COUNT(DISTINCT CASE WHEN p.sex = 'F' THEN t.person_id END) AS numerator
  FROM organizations_tenure t
  JOIN organizations_post po ON po.id = t.post_id
  JOIN organizations_body b ON b.id = po.body_id
  JOIN organizations_organization o ON o.id = po.organization_id
  JOIN areas_area a ON a.id = o.area_id
  JOIN people_person p ON p.id = t.person_id
 WHERE b.kind = 'executive_committee'
   AND o.kind IN ('party', 'grassroots_party')
   AND a.level = 'commune'
   AND (a.valid_from IS NULL OR a.valid_from <= %s) AND (a.valid_to IS NULL OR a.valid_to >= %s)
   AND t.start_date <= %s AND (t.end_date IS NULL OR t.end_date >= %s)
 GROUP BY o.area_id
"""


def _status_mib(key: str) -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    raise KeyError(key)


def reset_peak_rss() -> float:
    """Reset the kernel's peak-RSS mark of this process (Linux ≥ 4.0); returns the current RSS in MiB."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
        f.write("5")
    return _status_mib("VmRSS")


def peak_rss_mib() -> float:
    return _status_mib("VmHWM")


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    times: list[float] = []
    result = None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def fmt_times(times: list[float]) -> str:
    runs = ", ".join(f"{t:.2f}" for t in times)
    return f"{min(times):.2f} s (runs: {runs})"


def communes(at: D) -> list[Area]:
    return list(Area.objects.valid_on(at).filter(level="commune").order_by("code"))


def hand_sql(at: D) -> dict[int, tuple[int, int]]:
    with connection.cursor() as cur:
        cur.execute(HAND_SQL, [at, at, at, at])
        return {area_id: (num, den) for area_id, den, num in cur.fetchall()}


def database_size() -> str:
    if connection.vendor == "sqlite":
        size = os.path.getsize(connection.settings_dict["NAME"])
    else:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_database_size(current_database())")
            size = cur.fetchone()[0]
    return f"{size / 2**30:.2f} GiB"


def server_version() -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    connection.ensure_connection()
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        version = cur.fetchone()[0]
        cur.execute("SHOW shared_buffers")
        buffers = cur.fetchone()[0]
        cur.execute("SHOW work_mem")
        work_mem = cur.fetchone()[0]
    return f"PostgreSQL {version} (shared_buffers {buffers}, work_mem {work_mem}, defaults)"


def code_version() -> str:
    """The commit measured, and whether nguon/ differs from it."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        head = subprocess.run(
            ["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", root, "status", "--porcelain", "--", "nguon"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    return f"commit {head}" + (" + uncommitted changes in nguon/" if dirty else "")


def analyze() -> float:
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return time.perf_counter() - t0


def run(args: Any, out: Callable[[str], None]) -> dict[str, Any]:
    at: D = args.at
    results: dict[str, Any] = {
        "database": server_version(),
        "code": code_version(),
        "at": at.isoformat(),
        "scale": args.scale,
    }
    out(f"database: {results['database']}; ANALYZE took {analyze():.1f} s")
    results["load_before"] = os.getloadavg()
    out("load average (1, 5, 15 min) before measuring: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    out(f"code: {results['code']}")
    units = communes(at)
    indicators = list(Indicator.objects.all())
    results["communes"] = len(units)
    results["indicators"] = len(indicators)
    out(
        f"reference date {at:%d/%m/%Y}: {len(units):,} communes; {len(indicators)} indicators; repeats {args.repeat}"
    )

    # (a) the whole catalogue for every commune of the country
    out("\n(a) evaluate(units=<all communes>, at, with_people=False), whole catalogue")
    times, cells = timed(lambda: evaluate(units=units, at=at, with_people=False), args.repeat)
    out(f"    {len(cells):,} cells in {fmt_times(times)}")
    results["a_seconds"] = times

    # (b) one indicator's series for one province
    province = Area.objects.valid_on(at).get(level="province", code=args.province)
    series_indicator = Indicator.objects.get(code=args.series_indicator)
    out(f"\n(b) indicator_series({province.name}, {series_indicator.code}, 1/1/2015 … 1/1/2030: 16 dates)")
    times, points = timed(
        lambda: indicator_series(area=province, indicator=series_indicator, dates=SERIES_DATES), args.repeat
    )
    out(f"    {fmt_times(times)}")
    out(
        "    "
        + "  ".join(
            f"{p.at.year}:{p.numerator}/{p.denominator}" + ("*" if p.break_in_series else "") for p in points
        )
    )
    out("    (* = break in series: the areas counted changed)")
    results["b_seconds"] = times
    results["b_points"] = [[p.at.isoformat(), p.numerator, p.denominator, list(p.areas)] for p in points]

    # (c) the same computation as (a) for one indicator, as one hand-written query; (d) the ratio
    indicator = Indicator.objects.get(code=HAND_INDICATOR)
    out(f"\n(c) one indicator ({HAND_INDICATOR}) for all communes: hand-written SQL vs the engine")
    runs = max(5, args.repeat)  # short figures: more runs, alternating, the best of each quoted
    sql_times: list[float] = []
    engine_times: list[float] = []
    for _ in range(runs):
        t, by_area = timed(lambda: hand_sql(at), 1)
        sql_times += t
        t, engine_cells = timed(
            lambda: evaluate(units=units, at=at, indicators=[indicator], with_people=False), 1
        )
        engine_times += t
    engine = {c.unit.area_id: (c.numerator, c.denominator) for c in engine_cells if c.denominator}
    same = engine == by_area
    out(f"    hand SQL (one GROUP BY query, fetched): {fmt_times(sql_times)}")
    out(f"    engine  (evaluate, one indicator)    : {fmt_times(engine_times)}")
    out(
        f"    same figures: {'yes' if same else 'NO'} ({len(by_area):,} communes with seats, "
        f"{sum(d for _, d in by_area.values()):,} people, {sum(n for n, _ in by_area.values()):,} women)"
    )
    ratio = min(engine_times) / min(sql_times)
    out(f"(d) engine / hand SQL = {ratio:.1f}×   (goal: ≤ 1,5×)")
    results.update(c_sql_seconds=sql_times, c_engine_seconds=engine_times, d_ratio=ratio, c_same=same)

    # memory of (a) at two numbers of units, each in a fresh process
    if not args.no_memory:
        out(
            "\nmemory of (a), a fresh process each: peak RSS during evaluate above the RSS before it, and"
            "\n    the tracemalloc peak of Python allocations in a second run"
        )
        results["memory"] = {}
        for fraction in (0.1, 1.0):
            m = memory_child(fraction, at)
            results["memory"][str(fraction)] = m
            out(
                f"    {m['units']:>5,} communes ({fraction:.0%}): RSS +{m['rss_growth_mib']:.0f} MiB "
                f"(from {m['rss_before_mib']:.0f} to {m['rss_peak_mib']:.0f} MiB), "
                f"Python peak {m['traced_peak_mib']:.0f} MiB, "
                f"{m['seconds']:.2f} s"
            )

    if args.profile:
        results["profile"] = profile(units, indicators, at, out)

    results["load_after"] = os.getloadavg()
    out("\nload average (1, 5, 15 min) after measuring: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    out("\nsummary")
    a = min(results["a_seconds"])
    out(f"    (a) whole catalogue × {len(units):,} communes: {a:.2f} s  (goal on PostgreSQL: < 5 s)")
    out(f"    (b) 16-date series for {province.name}: {min(results['b_seconds']):.2f} s")
    out(
        f"    (c) {HAND_INDICATOR}: hand SQL {min(sql_times):.3f} s, engine {min(engine_times):.3f} s; "
        f"(d) ratio {ratio:.1f}× (goal ≤ 1,5×)"
    )
    return results


def memory_child(fraction: float, at: D) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "memory", "--fraction", str(fraction), "--at", at.isoformat()],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def memory(fraction: float, at: D) -> dict[str, Any]:
    """In a fresh process: RSS growth of one evaluate, then the Python-allocation peak of another."""
    units = communes(at)
    step = round(1 / fraction)
    units = units[::step]
    indicators = list(Indicator.objects.all())
    gc.collect()
    before = reset_peak_rss()
    t0 = time.perf_counter()
    evaluate(units=units, at=at, indicators=indicators, with_people=False)
    seconds = time.perf_counter() - t0
    after = peak_rss_mib()
    gc.collect()
    tracemalloc.start()
    evaluate(units=units, at=at, indicators=indicators, with_people=False)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "units": len(units),
        "rss_growth_mib": after - before,
        "rss_before_mib": before,
        "rss_peak_mib": after,
        "traced_peak_mib": peak / 2**20,
        "seconds": seconds,
    }


class _Capture:
    """Records the (sql, params) of every query run through Django while active."""

    def __init__(self) -> None:
        self.queries: list[tuple[str, Any]] = []

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.queries.append((sql, params))
        return execute(sql, params, many, context)


def _replay(queries: list[tuple[str, Any]]) -> tuple[float, int]:
    """Run the statements again on a plain cursor, fetching every row: the database's share."""
    seconds, rows = 0.0, 0
    for sql, params in queries:  # every statement, in order (the engine's temporary table included)
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(sql, params)
            if cur.description is not None:
                rows += len(cur.fetchall())
        seconds += time.perf_counter() - t0
    return seconds, rows


def profile(
    units: list[Area], indicators: list[Indicator], at: D, out: Callable[[str], None]
) -> dict[str, Any]:
    """Per indicator and mode (with_people False/True): the engine's time, and the time of the very queries it
    ran when replayed alone (all rows fetched) — the rest is Python. Then cProfile of (a)."""
    out(
        "\nprofile: per indicator, seconds; SQL = the engine's own queries replayed alone, rows = rows they return"
    )
    header = f"    {'':<42} {'with_people=False':>27}   {'with_people=True':>27}"
    out(header)
    out(
        f"    {'indicator':<42} {'engine':>7} {'SQL':>7} {'rows':>11}   {'engine':>7} {'SQL':>7} {'rows':>11}"
    )
    rows_out: list[dict[str, Any]] = []
    totals = [0.0, 0.0, 0.0, 0.0]
    for ind in indicators:
        if ind.population in ("planning", "candidates"):
            continue
        line: dict[str, Any] = {"indicator": ind.code}
        for mode in (False, True):
            capture = _Capture()
            gc.collect()
            t0 = time.perf_counter()
            with connection.execute_wrapper(capture):
                evaluate(units=units, at=at, indicators=[ind], with_people=mode)
            engine = time.perf_counter() - t0
            sql, n = _replay(capture.queries)
            line[f"people_{mode}"] = {
                "engine": engine,
                "sql": sql,
                "rows": n,
                "queries": len(capture.queries),
            }
        rows_out.append(line)
        f, t = line["people_False"], line["people_True"]
        totals = [
            totals[0] + f["engine"],
            totals[1] + f["sql"],
            totals[2] + t["engine"],
            totals[3] + t["sql"],
        ]
        out(
            f"    {ind.code:<42} {f['engine']:>7.2f} {f['sql']:>7.2f} {f['rows']:>11,}"
            f"   {t['engine']:>7.2f} {t['sql']:>7.2f} {t['rows']:>11,}"
        )
    out(
        f"    {'total':<42} {totals[0]:>7.2f} {totals[1]:>7.2f} {'':>11}   {totals[2]:>7.2f} {totals[3]:>7.2f}"
    )

    prof = cProfile.Profile()
    prof.enable()
    evaluate(units=units, at=at, with_people=False)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(15)
    out("\ncProfile of (a), by own time:")
    lines = buf.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    for line in lines[start : start + 16]:
        if line.strip():
            out("    " + line.rstrip()[:150])
    return {
        "per_indicator": rows_out,
        "totals": dict(zip(("engine_false", "sql_false", "engine_true", "sql_true"), totals, strict=True)),
    }
