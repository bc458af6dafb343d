"""bench/run-reports: the review report and the representation reports at the scale of the country (issue 12).

    DATABASE_URL=sqlite:///$PWD/var/bench.sqlite3 bench/run-reports [--repeat 2] [--limit N] [--no-docx] [--jobs N]

On the national dataset of `bench/run` (built first when missing) and the programmes of `bench/run-programmes`
(generated when missing), it times, with the number of queries:

  (a) one ward's review report: the province programme's review built for one commune by that commune's
      officer (builder, then the Word file, then the PDF when LibreOffice is installed) — goal: under 2 s;
  (b) the representation reports of every commune (3.321 after 1/7/2025; --limit N for the first N):
        (b0) the indicator evaluation they need: one ``evaluate`` of every commune at the date, the report's
             indicators, counts only (what a hand-made table of the country would cost);
        (b1) the contexts, through the builder's ``build_many`` (what the batch calls);
        (b2) the whole batch as ``nguon report representation --batch`` writes it: contexts and Word files,
             with a progress bar, in this process — goal: within 3× of (b0);
        (b3) the same batch over worker processes (``--jobs``, default one per processor, as the command
             line does), each evaluating and writing its chunks; worker start-up included.

The figures go into docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from typing import Any

D = dt.date
AT = D(2026, 6, 30)


def out(line: str = "") -> None:
    print(line, flush=True)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, int, Any]:
    """Best time of ``repeat`` runs, the queries of the last run and its result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, result, n = [], None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t0)
        n = len(ctx.captured_queries)
    return min(times), n, result


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="bench/run-reports", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--province", default="79")
    p.add_argument("--limit", type=int, default=0, help="only the first N communes in (b); 0: all")
    p.add_argument("--no-docx", action="store_true", help="(b2) skipped: contexts only")
    p.add_argument(
        "--jobs", type=int, default=0, help="(b3) worker processes; 0: one per processor (up to 8)"
    )
    args = p.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("bench: set DATABASE_URL (the national dataset of bench/run lives there)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nguon.config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn, TimeRemainingColumn

    import bench.__main__ as core_bench
    import bench.programmes as programmes_bench
    from nguon.areas.models import Area
    from nguon.core.scope import UNRESTRICTED
    from nguon.indicators.evaluation import evaluate
    from nguon.programmes.models import Programme
    from nguon.reports import services
    from nguon.reports.builders import representation
    from nguon.reports.params import ReportParams
    from nguon.reports.renderers import pdf

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    core_bench.ensure_dataset(core_bench.parse(["generate", "--province", args.province]))
    programmes_bench.generate(2026, 15)
    out(
        f"bench: {connection.vendor}; national dataset and programmes ready in {time.perf_counter() - t0:.1f} s"
    )

    # (a) one ward's review report ---------------------------------------------------------------------
    province = Area.objects.valid_on(AT).get(code=args.province, level="province")
    programme = Programme.objects.get(note=programmes_bench.MARK, area=province)
    _user, commune, ward_scope = programmes_bench.ward_officer(province)
    params = ReportParams(
        kind="programme_review",
        area=commune,
        programme=programme,
        start=programmes_bench.FIRST,
        end=AT,
        at=AT,
    )
    seconds, n, context = timed(lambda: services.report_build(params=params, scope=ward_scope), args.repeat)
    words = sum(len(b.text.split()) for _, b in context.walk() if hasattr(b, "text"))
    out(
        f"(a) review of {programme.title[:60]}… for {commune.name} (its officer): build {seconds * 1000:,.0f} ms,"
        f" {n} queries ({len(context.figures)} figures, {len(context.tables())} tables, "
        f"{len(context.charts())} charts, {words:,} words)"
    )
    seconds_docx, _, rendered = timed(
        lambda: services.report_render(context=context, fmt="docx", scope=ward_scope), args.repeat
    )
    out(f"(a) Word file: {seconds_docx * 1000:,.0f} ms ({len(rendered.data) / 1024:,.0f} KiB)")
    out(f"(a) build + Word: {(seconds + seconds_docx):.2f} s (goal: under 2 s)")
    if pdf.soffice():
        t0 = time.perf_counter()
        data = pdf.docx_to_pdf(rendered.data)
        out(f"(a) PDF through LibreOffice: {time.perf_counter() - t0:.2f} s ({len(data) / 1024:,.0f} KiB)")
    else:
        out("(a) PDF: LibreOffice not installed, skipped")

    # (b) the representation reports of every commune ------------------------------------------------------
    units = services.batch_units(None, AT)
    if args.limit:
        units = units[: args.limit]
    indicators = representation.report_indicators()
    out(f"(b) {len(units):,} communes on {AT:%d/%m/%Y}, {len(indicators)} indicators")
    seconds_eval, n, cells = timed(
        lambda: evaluate(units=units, at=AT, indicators=indicators, with_people=False), args.repeat
    )
    out(f"(b0) evaluate(all communes, counts only): {seconds_eval:.2f} s, {n} queries, {len(cells):,} cells")

    asked = [ReportParams(kind="representation", area=u, at=AT) for u in units]

    def contexts() -> int:
        return sum(1 for _ in representation.build_many(scope=UNRESTRICTED, params=asked))

    seconds_ctx, n, count = timed(contexts, 1)
    out(
        f"(b1) build_many: {seconds_ctx:.2f} s, {n:,} queries, {count:,} contexts "
        f"({seconds_ctx / seconds_eval:.1f}× (b0))"
    )
    if args.no_docx:
        return 0
    base = ReportParams(kind="representation", area=units[0], at=AT)
    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )

    def batch(label: str, jobs: int) -> None:
        failed = 0
        size = 0
        with CaptureQueriesContext(connection) as ctx, Progress(*columns) as bar:
            task = bar.add_task(f"{label} báo cáo", total=len(units))
            t0 = time.perf_counter()
            for _unit, rendered_unit, message in services.batch_files(
                kind="representation", scope=UNRESTRICTED, params=base, units=units, jobs=jobs
            ):
                if rendered_unit is None:
                    failed += 1
                    if failed <= 3:
                        out(f"    failed: {message}")
                else:
                    size += len(rendered_unit.data)
                bar.advance(task)
            seconds_batch = time.perf_counter() - t0
        out(
            f"{label} batch, contexts + Word files, {jobs} process{'es' if jobs > 1 else ''}: "
            f"{seconds_batch:.1f} s, {len(ctx.captured_queries):,} queries here, "
            f"{len(units) - failed:,} files ({size / 1024 / 1024:,.0f} MiB), {failed} failed; "
            f"{len(units) / seconds_batch:,.1f} reports per second; {seconds_batch / seconds_eval:.1f}× (b0) "
            f"(goal: within 3×)"
        )

    batch("(b2)", 1)
    jobs = args.jobs or services.batch_jobs()
    if jobs > 1 and len(units) > services.BATCH_CHUNK:  # fewer: the batch runs in one process
        batch("(b3)", jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
