"""bench/run-imports: time the workbook importer against python-calamine merely reading the same file.

    DATABASE_URL=sqlite:///$PWD/var/bench-import.sqlite3 bench/run-imports [--rows 100000]
    scripts/with-postgres bench/run-imports [--rows 100000]
    DATABASE_URL=sqlite:///$PWD/var/bench-national.sqlite3 bench/run-imports --national [--rows 200000]

A deterministic workbook of ROWS rows in total (half people on the sheet "Cán bộ", half tenures on the
sheet "Chức vụ", over about 50 wards of Hà Nội before the 2025 reform) is generated once and cached as
var/bench-import-ROWS.xlsx. Then, on an empty registry (people, organizations and tenures are deleted
first; the areas stay):

  (a) bare read   python-calamine reads every row of both sheets (best of 5)
  (b) dry run     import_file(dry_run=True): validation, rolled back
  (c) import      the real import
  (d) re-import   the same file again: nothing may change
  (e) memory      the dry run's peak on ROWS/4 rows and on ROWS rows: flat means a ratio near 1
  (f) floor       the imported rows written again as prepared tuples with their audit records, nothing
                  else (rolled back): what no import into this schema can go below

Times are taken without tracemalloc, (b), (c) and (d) in that order, after an untimed dry run of the
ROWS/4 workbook has paid the one-time costs (imports, translation catalogues). Then the registry is
emptied again and (b), (e) and (c) run once more under tracemalloc for their peaks of Python allocations
(tracemalloc slows Python down: those runs' times are shown in brackets, for information only).
ru_maxrss is the process's high-water mark, so it only ever grows: it is shown after each timed phase
with how much that phase raised it. Migrating, loading the areas and generating the workbooks happen in
a child process, so as not to raise it before the measurements.

With --national (issue 8), the first import of a whole country instead: the areas of all 34 provinces are
loaded, no organization, body, term or post exists, and a workbook of ROWS rows (default 200.000: 100.000
people + 100.000 tenures, two organizations per commune) spreads the tenures over all 3.321 communes
after the 2025 reform, so the import creates the structure of every commune as it goes (6.642
organizations, 3.321 bodies and terms, 6.642 posts). It times (a) the bare read, (c) the import and (d) the
same file again, and prints the import's ratio to the read and its high-water memory; the goal is under
60 s. It needs a database of its own, as the main phases do (var/bench-national.sqlite3, say).

Issue 4, point 7 sets the goals: the whole import within 4x the bare read and under 60 s at 100 000
rows, memory flat in the number of rows. The bench reports them; only --strict turns a miss into exit 2.
The registry is only ever wiped when it is empty or was written by this bench.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from nguon.imports.services import ImportResult

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
SEED = 2020
WARDS = 50
WARM_UP_ROWS = 2_000  # the national warm-up's workbook
READS = 5  # the bare read is timed this many times, the best is kept
BUDGET_SECONDS = 60.0
BUDGET_READ_RATIO = 4.0
GOAL_ROWS = 100_000
NATIONAL_ROWS = 200_000  # 100.000 people + 100.000 tenures
NATIONAL_BUDGET_SECONDS = 60.0
FLAT_RATIO = 1.5  # peak(ROWS) / peak(ROWS/4) at most this for the memory to count as flat
FILE_PREFIX = "bench-import-"
PEOPLE_SHEET, TENURE_SHEET = "Cán bộ", "Chức vụ"
PEOPLE_HEADERS = [
    "Mã cán bộ", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Trình độ chuyên môn",
    "Lý luận chính trị", "Ngày vào Đảng",
]  # fmt: skip
TENURE_HEADERS = [
    "Mã cán bộ", "Họ và tên", "Ngày sinh", "Mã địa bàn", "Tổ chức", "Cơ quan", "Chức danh", "Nhiệm kỳ",
    "Từ ngày", "Đến ngày", "Hình thức",
]  # fmt: skip
# In deletion order.
REGISTRY_MODELS = (
    "organizations.tenure", "organizations.post", "organizations.term", "organizations.body",
    "organizations.organization", "people.person",
)  # fmt: skip

T = TypeVar("T")


def out(line: str = "") -> None:
    print(line, flush=True)


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="bench/run-imports", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument("--rows", type=int, default=None, help="rows in total, people + tenures")
    p.add_argument("--strict", action="store_true", help="exit 2 when a goal is missed")
    p.add_argument(
        "--national",
        action="store_true",
        help="the national first import instead: the whole country's areas, no structure yet, people +"
        " tenures over all post-2025 communes (--rows defaults to 200.000 there)",
    )
    p.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.rows is None:
        args.rows = NATIONAL_ROWS if args.national else GOAL_ROWS
    if args.rows < 8:
        p.error("--rows must be at least 8")
    return args


def setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("bench/run-imports: set DATABASE_URL (the bench deletes the people it finds there)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nguon.config.settings.test")
    import django

    django.setup()


def prepare(rows: int, *, national: bool = False) -> None:
    """Migrate, load the areas of Hà Nội (or of the whole country) once, generate the workbooks. Run in a
    child process, so that what it allocates does not raise the measuring process's ru_maxrss."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from nguon.areas.models import Area

    if national:
        if Area.objects.filter(level="commune", valid_from=NATIONAL_2025.elected_start).count() < 3000:
            from nguon.areas.loader import catalogue_load

            started = time.perf_counter()
            catalogue_load()
            out(f"areas of the whole country loaded in {time.perf_counter() - started:.1f} s")
        communes = national_communes()
        workbook_path(rows, communes, national=True)
        workbook_path(WARM_UP_ROWS, communes, national=True)
        return
    if not Area.objects.filter(level="province", code="01").exists():
        from nguon.areas.loader import catalogue_load

        started = time.perf_counter()
        catalogue_load(province_code="01")
        out(f"areas of Hà Nội loaded in {time.perf_counter() - started:.1f} s")
    wards = hanoi_wards()
    workbook_path(rows, wards)
    workbook_path(rows // 4, wards)


# --- the workbook --------------------------------------------------------------------------------------
FAMILY = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Phan", 4), ("Vũ", 4),
    ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Ngô", 1), ("Dương", 1), ("Đinh", 1), ("Trịnh", 1), ("Đào", 1),
    ("Hồ", 1), ("Lương", 1), ("Cao", 1), ("Mai", 1), ("Tạ", 1), ("Chu", 1), ("Lý", 1), ("Kiều", 1),
)  # fmt: skip
MIDDLE = {
    "Nam": ("Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Mạnh", "Xuân", "Thành", "Công", "Trọng",
            "Ngọc", "Thế", "Duy", "Việt", "Tiến", "Anh"),
    "Nữ": ("Thị", "Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Kim", "Thùy",
           "Bích", "Lan", "Hải", "Diệu"),
}  # fmt: skip
GIVEN = {
    "Nam": ("Anh", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hòa", "Hùng", "Hưng",
            "Huy", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân",
            "Quang", "Sơn", "Tài", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh"),
    "Nữ": ("An", "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Hương",
           "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngọc", "Nhung", "Oanh", "Phương",
           "Quyên", "Tâm", "Thảo", "Thu", "Thủy", "Trang", "Trinh", "Vân", "Yến"),
}  # fmt: skip
# Tenures per person, repeated: on average exactly one, so ROWS/2 tenures fall on ROWS/2 people; the 2s come
# before the 0s so that the tenures never run out before the people do.
TENURES_PER_PERSON = (2, 1, 1, 1, 1, 2, 1, 1, 1, 1, 2, 1, 1, 1, 1, 0, 1, 1, 0, 0)
ELECTED_START = dt.date(2020, 5, 15)


@dataclass(frozen=True)
class Ward:
    code: str
    place: str  # the name without "Phường "
    kind: str = "phường"  # "phường", "xã" or "đặc khu", as written inside a name

    @property
    def unit(self) -> str:
        """The area as named inside an organization's name: "phường Ba Đình", "xã Tây Phương"."""
        return f"{self.kind} {self.place}"


@dataclass(frozen=True)
class Shape:
    """When the tenures of a workbook start: the Hà Nội wards before the 2025 reform, or the whole country's
    communes after it."""

    elected_start: dt.date
    term: str
    appointed_from: dt.date
    appointed_days: int
    end_cap: dt.date


HANOI_2020 = Shape(ELECTED_START, "2020-2025", dt.date(2016, 1, 1), 9 * 365, dt.date(2025, 6, 30))
NATIONAL_2025 = Shape(dt.date(2025, 7, 1), "2025-2030", dt.date(2025, 7, 1), 365, dt.date(2026, 11, 30))


def hanoi_wards() -> list[Ward]:
    """About 50 wards of Hà Nội as they were on 15/05/2020, spread evenly over the codes."""
    from nguon.areas.models import Area

    at = dt.date(2020, 5, 15)
    province = Area.objects.valid_on(at).get(level="province", code="01")
    wards = list(
        Area.objects.valid_on(at)
        .filter(level="commune", path__startswith=province.path, name__startswith="Phường ")
        .order_by("code")
        .values_list("code", "name")
    )
    if not wards:
        raise SystemExit("bench/run-imports: no ward of Hà Nội in the database")
    step = max(1, len(wards) // WARDS)
    return [Ward(code, name.removeprefix("Phường ")) for code, name in wards[::step][:WARDS]]


def national_communes() -> list[Ward]:
    """Every commune, ward and special zone of the country after the 2025 reform (3.321)."""
    from nguon.areas.models import Area

    at = NATIONAL_2025.elected_start
    communes = []
    for code, name in (
        Area.objects.valid_on(at).filter(level="commune").order_by("code").values_list("code", "name")
    ):
        for prefix in ("Phường ", "Xã ", "Đặc khu "):
            if name.startswith(prefix):
                communes.append(Ward(code, name.removeprefix(prefix), prefix.strip().lower()))
                break
        else:
            communes.append(Ward(code, name, "xã"))
    if len(communes) < 3000:
        raise SystemExit(f"bench/run-imports: only {len(communes)} post-2025 communes in the database")
    return communes


def generator_version(wards: list[Ward]) -> str:
    """Changes with this file or with the wards: a cached workbook of another version is regenerated."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(repr(wards).encode())
    return digest.hexdigest()[:16]


def workbook_path(rows: int, wards: list[Ward], *, national: bool = False) -> Path:
    """The cached workbook of ``rows`` rows, generated when missing or stale."""
    path = VAR / f"{FILE_PREFIX}{'national-' if national else ''}{rows}.xlsx"
    version = generator_version(wards)
    if path.exists():
        try:
            with zipfile.ZipFile(path) as z:
                if version in z.read("docProps/core.xml").decode():
                    return path
        except (OSError, KeyError, zipfile.BadZipFile):
            pass
    started = time.perf_counter()
    VAR.mkdir(exist_ok=True)
    partial = path.with_suffix(".partial.xlsx")
    generate(partial, rows, wards, version, NATIONAL_2025 if national else HANOI_2020)
    partial.replace(path)
    out(f"generated {path.relative_to(ROOT)} in {time.perf_counter() - started:.1f} s")
    return path


def _person(rng: random.Random, seen: set[tuple[str, object]]) -> tuple[str, str, dt.date | int]:
    """A (name, sex, birth) never drawn before: the importer merges rows with the same name and birth."""
    families, weights = zip(*FAMILY, strict=True)
    while True:
        sex = "Nữ" if rng.random() < 0.35 else "Nam"
        name = f"{rng.choices(families, weights)[0]} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
        birth: dt.date | int
        if rng.random() < 0.05:
            birth = rng.randint(1960, 1995)  # the year alone, as a number
            key: object = dt.date(birth, 1, 1)
        else:
            birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(36 * 365))
            key = birth
        if (name, key) not in seen:
            seen.add((name, key))
            return name, sex, birth


def generate(path: Path, rows: int, wards: list[Ward], version: str, shape: Shape = HANOI_2020) -> None:
    import xlsxwriter

    people_count, tenure_count = (rows + 1) // 2, rows // 2
    rng = random.Random(SEED)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    book.set_properties({"created": dt.datetime(2025, 1, 1), "comments": f"bench.imports {version}"})
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    people = book.add_worksheet(PEOPLE_SHEET)
    tenures = book.add_worksheet(TENURE_SHEET)
    people.write_row(0, 0, PEOPLE_HEADERS, bold)
    tenures.write_row(0, 0, TENURE_HEADERS, bold)
    seen: set[tuple[str, object]] = set()
    # constant_memory writes a sheet's rows in order, one sheet after the other: the people first, and what
    # the tenures need of them is kept (a few short fields per person).
    drawn: list[tuple[str, str, dt.date | int]] = []
    for i in range(people_count):
        code = f"CB{i + 1:06d}"
        name, sex, birth = _person(rng, seen)
        drawn.append((code, name, birth))
        r = i + 1
        people.write_string(r, 0, code)
        people.write_string(r, 1, name)
        _write_birth(people, r, 2, birth, day)
        people.write_string(r, 3, sex)
        people.write_string(r, 4, "Kinh")
        people.write_string(r, 5, "Đại học")
        people.write_string(r, 6, "Trung cấp")
        if rng.random() < 0.9:
            born = birth if isinstance(birth, dt.date) else dt.date(birth, 1, 1)
            joined = born + dt.timedelta(days=rng.randint(20 * 365, 32 * 365))
            people.write_datetime(r, 7, min(joined, dt.date(2019, 12, 31)), day)
    r = 0
    for i, (code, name, birth) in enumerate(drawn):
        if r == tenure_count:
            break
        ward = wards[rng.randrange(len(wards))]
        count = TENURES_PER_PERSON[i % len(TENURES_PER_PERSON)]
        kinds = ["elected", "appointed"] if count == 2 else [rng.choice(["elected", "appointed"])] * count
        for kind in kinds:
            if r == tenure_count:
                break
            r += 1
            tenures.write_string(r, 0, code)
            tenures.write_string(r, 1, name)
            _write_birth(tenures, r, 2, birth, day)
            tenures.write_string(r, 3, ward.code)
            if kind == "elected":
                tenures.write_string(r, 4, f"Đảng bộ {ward.unit}")
                tenures.write_string(r, 5, f"Ban Chấp hành Đảng bộ {ward.unit}")
                tenures.write_string(r, 6, "Ủy viên Ban Chấp hành")
                tenures.write_string(r, 7, shape.term)
                tenures.write_datetime(r, 8, shape.elected_start, day)
                tenures.write_string(r, 10, "Bầu")
            else:
                start = shape.appointed_from + dt.timedelta(days=rng.randrange(shape.appointed_days))
                tenures.write_string(r, 4, f"UBND {ward.unit}")
                tenures.write_string(r, 6, f"Phó Chủ tịch UBND {ward.kind}")
                tenures.write_datetime(r, 8, start, day)
                if rng.random() < 0.4:
                    end = start + dt.timedelta(days=rng.randint(365, 5 * 365))
                    tenures.write_datetime(r, 9, min(end, shape.end_cap), day)
                tenures.write_string(r, 10, "Bổ nhiệm")
    if r != tenure_count:
        raise AssertionError(f"generated {r} tenures instead of {tenure_count}")
    book.close()


def _write_birth(sheet: Any, row: int, col: int, birth: dt.date | int, day: Any) -> None:
    if isinstance(birth, dt.date):
        sheet.write_datetime(row, col, birth, day)
    else:
        sheet.write_number(row, col, birth)


# --- the registry ----------------------------------------------------------------------------------------
def registry_counts() -> tuple[int, int]:
    from nguon.organizations.models import Tenure
    from nguon.people.models import Person

    return Person.objects.count(), Tenure.objects.count()


def wipe() -> None:
    """Delete the people, organizations, bodies, terms, posts and tenures, their audit trail and the bench's
    import records; refuse when the registry holds rows this bench did not write."""
    from django.apps import apps
    from django.db import connection, transaction

    from nguon.core.models import AuditRecord
    from nguon.imports.models import ImportRecord
    from nguon.organizations.models import Organization
    from nguon.people.models import Person

    ours = ImportRecord.objects.filter(filename__startswith=FILE_PREFIX)
    if (Person.objects.exists() or Organization.objects.exists()) and not ours.exists():
        raise SystemExit(
            "bench/run-imports: this database holds people or organizations the bench did not import;"
            " give it a database of its own (it deletes them)"
        )
    with transaction.atomic(), connection.cursor() as cur:
        for label in REGISTRY_MODELS:
            table = apps.get_model(label)._meta.db_table
            cur.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        AuditRecord.objects.filter(model__in=REGISTRY_MODELS).delete()
        ours.delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")


# --- measuring -------------------------------------------------------------------------------------------
def maxrss() -> int:
    """The process's resident high-water mark, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass
class Phase:
    label: str
    rows: int
    seconds: float | None = None
    peak: int | None = None  # tracemalloc peak
    traced_seconds: float | None = None  # the traced run's time (tracemalloc slows it down)
    rss: int | None = None  # high-water after the phase
    rss_growth: int | None = None  # how much the phase raised it


def measure_read(path: Path, rows: int) -> Phase:
    """Phase (a): the best of READS bare calamine reads of the workbook, the yardstick of every ratio."""
    read = Phase("(a) bare read (calamine)", rows)
    before, best = maxrss(), float("inf")
    for _ in range(READS):
        count = timed(read, lambda: bare_read(path))
        best = min(best, read.seconds or best)
    read.seconds, read.rss_growth = best, maxrss() - before
    check(count == rows + 2, f"calamine read {count} rows, expected {rows + 2} (with the 2 header rows)")
    return read


def timed(phase: Phase, fn: Callable[[], T]) -> T:
    gc.collect()
    before = maxrss()
    started = time.perf_counter()
    value = fn()
    phase.seconds = time.perf_counter() - started
    phase.rss = maxrss()
    phase.rss_growth = phase.rss - before
    return value


def traced(phase: Phase, fn: Callable[[], T]) -> T:
    gc.collect()
    tracemalloc.start()
    try:
        started = time.perf_counter()
        value = fn()
        phase.traced_seconds = time.perf_counter() - started
        phase.peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return value


def bare_read(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    count = 0
    for name in (PEOPLE_SHEET, TENURE_SHEET):
        for _row in book.get_sheet_by_name(name).iter_rows():
            count += 1
    return count


def run_import(path: Path, *, dry_run: bool) -> ImportResult:
    from nguon.imports.services import import_file

    result = import_file(data=path.read_bytes(), filename=path.name, dry_run=dry_run)
    if result.errors:
        out(f"\n{path.name}: the {'dry run' if dry_run else 'import'} reported {len(result.errors)} errors:")
        for text in [e.text() for e in result.errors][:10]:
            out(f"  {text}")
        raise SystemExit(1)
    return result


def floor_inserts() -> float:
    """Seconds to write the imported people and tenures again as prepared tuples with their audit records,
    through the importer's own bulk path (insert_rows, audit_inserted) and nothing else: no parsing, no
    lookup, no check. Rolled back. With the bare read, it bounds from below what any import of these rows
    into this schema can take."""
    from django.db import connection, transaction

    from nguon.core.bulk import audit_inserted, insert_rows
    from nguon.organizations.models import Tenure
    from nguon.organizations.services import BULK_FIELDS as TENURE_FIELDS
    from nguon.people.models import Person
    from nguon.people.services import BULK_FIELDS as PERSON_FIELDS

    person_columns = (*PERSON_FIELDS, "search_key", "sort_key")
    people = list(Person.objects.order_by("id").values_list("id", *person_columns))
    tenures = list(Tenure.objects.order_by("id").values_list(*TENURE_FIELDS))
    with transaction.atomic():
        with connection.cursor() as cur:
            for model in (Tenure, Person):
                cur.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        started = time.perf_counter()
        rows = [p[1:] for p in people]
        ids = insert_rows(Person, person_columns, rows)
        audit_inserted(
            model=Person, columns=person_columns, rows=rows, ids=ids, reprs=[r[1] for r in rows],
            acting_user=None, source="bench",
        )  # fmt: skip
        new_id = {old[0]: new for old, new in zip(people, ids, strict=True)}
        rows = [(new_id[t[0]], *t[1:]) for t in tenures]
        ids = insert_rows(Tenure, TENURE_FIELDS, rows)
        audit_inserted(
            model=Tenure, columns=TENURE_FIELDS, rows=rows, ids=ids, reprs=[""] * len(rows),
            acting_user=None, source="bench",
        )  # fmt: skip
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def created(result: ImportResult) -> tuple[int, int]:
    """People and tenures the import created (or, in a dry run, would create)."""
    totals = {"people": 0, "tenures": 0}
    for kinds in result.counts.values():
        for kind in totals:
            totals[kind] += kinds.get(kind, {}).get("created", 0)
    return totals["people"], totals["tenures"]


def check(condition: bool, message: str) -> None:
    if not condition:
        out(f"\nbench/run-imports: FAILED: {message}")
        raise SystemExit(1)


def mib(value: int | None) -> str:
    return "" if value is None else f"{value / 2**20:,.1f}"


def table(phases: list[Phase], read_seconds: float) -> None:
    head = (
        "phase",
        "rows",
        "time s",
        "rows/s",
        "× read",
        "tracemalloc peak MiB",
        "(traced s)",
        "maxrss MiB (+phase)",
    )
    lines = [head]
    for p in phases:
        rss = "" if p.rss is None else f"{mib(p.rss)} (+{mib(p.rss_growth)})"
        lines.append(
            (
                p.label,
                f"{p.rows:,}",
                "" if p.seconds is None else f"{p.seconds:.2f}",
                "" if not p.seconds else f"{p.rows / p.seconds:,.0f}",
                "" if p.seconds is None else f"{p.seconds / read_seconds:.1f}",
                mib(p.peak),
                "" if p.traced_seconds is None else f"({p.traced_seconds:.2f})",
                rss,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    for n, line in enumerate(lines):
        cells = [line[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)]
        out("  " + "  ".join(cells))
        if n == 0:
            out("  " + "  ".join("-" * w for w in widths))


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    began = time.perf_counter()
    setup()
    national = ["--national"] if args.national else []
    if args.prepare:
        prepare(args.rows, national=args.national)
        return 0
    subprocess.run(
        [sys.executable, "-m", "bench.imports", "--prepare", f"--rows={args.rows}", *national], check=True
    )
    if args.national:
        return national_main(args, began)
    from django.db import connection

    rows, quarter = args.rows, args.rows // 4
    people, tenures = (rows + 1) // 2, rows // 2
    out(f"bench/run-imports: {rows:,} rows ({people:,} people + {tenures:,} tenures) on {connection.vendor}")
    wards = hanoi_wards()
    path = workbook_path(rows, wards)
    small = workbook_path(quarter, wards)
    out(f"workbook {path.relative_to(ROOT)}: {path.stat().st_size / 2**20:.1f} MiB, {len(wards)} wards")
    out(f"maxrss before measuring: {mib(maxrss())} MiB")

    read = measure_read(path, rows)
    best = read.seconds or float("inf")

    wipe()
    out("warming up (a dry run of the ROWS/4 workbook, not measured) …")
    run_import(small, dry_run=True)
    out("(b) dry run on the empty registry …")
    dry = Phase("(b) dry run (validation)", rows)
    result = timed(dry, lambda: run_import(path, dry_run=True))
    check(registry_counts() == (0, 0), "the dry run wrote to the registry")
    check(created(result) == (people, tenures), f"the dry run would create {created(result)}")

    out("(c) import into the empty registry …")
    imp = Phase("(c) import", rows)
    result = timed(imp, lambda: run_import(path, dry_run=False))
    check(created(result) == (people, tenures), f"the import created {created(result)}")
    check(registry_counts() == (people, tenures), f"after the import: {registry_counts()}")

    out("(d) the same file again …")
    again = Phase("(d) re-import (no change)", rows)
    result = timed(again, lambda: run_import(path, dry_run=False))
    check(not result.changed, f"the re-import changed something: {result.counts}")
    check(registry_counts() == (people, tenures), f"after the re-import: {registry_counts()}")

    out("(f) the floor: the same rows written again as prepared tuples, nothing else …")
    floor = min(floor_inserts() for _ in range(2))
    check(registry_counts() == (people, tenures), f"after the floor's rollback: {registry_counts()}")

    out("(b), (e) and (c) again under tracemalloc, from an empty registry …")
    wipe()
    traced(dry, lambda: run_import(path, dry_run=True))
    dry_small = Phase("(e) dry run on ROWS/4", quarter)
    traced(dry_small, lambda: run_import(small, dry_run=True))
    traced(imp, lambda: run_import(path, dry_run=False))
    check(registry_counts() == (people, tenures), f"after the traced import: {registry_counts()}")

    out()
    table([read, dry, imp, again, dry_small], best)
    assert imp.seconds is not None and dry.peak is not None and dry_small.peak is not None
    ratio = imp.seconds / best
    memory_ratio = dry.peak / dry_small.peak
    out()
    out(f"import / bare read: {ratio:.1f}× (goal ≤ {BUDGET_READ_RATIO:.0f}×)")
    out(
        f"  floor: writing the rows alone (prepared tuples + audit records, best of 2) takes {floor:.2f} s ="
        f" {floor / best:.1f}× the read, so read + write alone are {(best + floor) / best:.1f}× before any"
        " parsing or checking"
    )
    out(f"import time: {imp.seconds:.1f} s (goal < {BUDGET_SECONDS:.0f} s at {GOAL_ROWS:,} rows)")
    if rows != GOAL_ROWS:
        projected = imp.seconds * GOAL_ROWS / rows
        out(f"  projected linearly to {GOAL_ROWS:,} rows: {projected:.1f} s")
    else:
        projected = imp.seconds
    out(
        f"memory: dry-run peak {mib(dry.peak)} MiB at {rows:,} rows vs {mib(dry_small.peak)} MiB at"
        f" {quarter:,}: {memory_ratio:.2f}× for {rows / quarter:.0f}× the rows (flat: ≤ {FLAT_RATIO}×)"
    )
    goals = {
        f"import ≤ {BUDGET_READ_RATIO:.0f}× bare read": ratio <= BUDGET_READ_RATIO,
        f"import < {BUDGET_SECONDS:.0f} s at {GOAL_ROWS:,} rows": projected < BUDGET_SECONDS,
        "memory flat in the rows": memory_ratio <= FLAT_RATIO,
    }
    out()
    for goal, met in goals.items():
        out(f"  {'met   ' if met else 'MISSED'}  {goal}")
    out(f"\nbench/run-imports: {time.perf_counter() - began:.0f} s in all")
    return 2 if args.strict and not all(goals.values()) else 0


def structure_counts() -> dict[str, int]:
    from nguon.organizations.models import Body, Organization, Post, Term

    return {
        "organizations": Organization.objects.count(), "bodies": Body.objects.count(),
        "terms": Term.objects.count(), "posts": Post.objects.count(),
    }  # fmt: skip


def national_main(args: argparse.Namespace, began: float) -> int:
    """The national first import: every post-2025 commune, none of its structure registered yet."""
    from django.db import connection

    rows = args.rows
    people, tenures = (rows + 1) // 2, rows // 2
    out(
        f"bench/run-imports --national: {rows:,} rows ({people:,} people + {tenures:,} tenures) on"
        f" {connection.vendor}"
    )
    communes = national_communes()
    path = workbook_path(rows, communes, national=True)
    small = workbook_path(WARM_UP_ROWS, communes, national=True)
    out(
        f"workbook {path.relative_to(ROOT)}: {path.stat().st_size / 2**20:.1f} MiB, {len(communes):,} communes"
    )
    out(f"maxrss before measuring: {mib(maxrss())} MiB")
    read = measure_read(path, rows)
    best = read.seconds or float("inf")

    wipe()
    out("warming up (a dry run of a small national workbook, not measured) …")
    run_import(small, dry_run=True)
    check(structure_counts()["organizations"] == 0, "the warm-up wrote structure")
    out("(c) the first import: the structure of every commune is created …")
    imp = Phase("(c) national first import", rows)
    result = timed(imp, lambda: run_import(path, dry_run=False))
    check(created(result) == (people, tenures), f"the import created {created(result)}")
    check(registry_counts() == (people, tenures), f"after the import: {registry_counts()}")
    structure = structure_counts()
    out("(d) the same file again …")
    again = Phase("(d) re-import (no change)", rows)
    result = timed(again, lambda: run_import(path, dry_run=False))
    check(not result.changed, f"the re-import changed something: {result.counts}")
    check(structure_counts() == structure, "the re-import created structure")
    out()
    table([read, imp, again], best)
    assert imp.seconds is not None
    out()
    out("created: " + ", ".join(f"{n:,} {kind}" for kind, n in structure.items()))
    out(f"import / bare read: {imp.seconds / best:.1f}×")
    met = imp.seconds < NATIONAL_BUDGET_SECONDS
    out(
        f"import time: {imp.seconds:.1f} s (goal < {NATIONAL_BUDGET_SECONDS:.0f} s at {NATIONAL_ROWS:,} rows)"
    )
    out(f"  {'met   ' if met else 'MISSED'}  national first import < {NATIONAL_BUDGET_SECONDS:.0f} s")
    out(f"\nbench/run-imports --national: {time.perf_counter() - began:.0f} s in all")
    return 2 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
