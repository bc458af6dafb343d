"""Importing a workbook: read → find each sheet's kind and header → parse every cell, collecting every
error → write everything in one transaction through the domain services → archive the file.

Nothing is written when any error is found (the transaction is rolled back), and a dry run is the same run
rolled back, so its counts are exactly what the import would do. Empty cells never erase what the database
holds: nothing a user entered is lost silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.core.audit import Actor
from nguon.core.services import model_update
from nguon.core.text import fold
from nguon.organizations import services as org_services
from nguon.organizations.models import Body, Organization, Post, Tenure, Term
from nguon.people import services as person_services
from nguon.people.models import Person
from nguon.people.services import person_update

from .headers import HeaderMatch, is_empty_row, is_totals_row, locate_header, normalize_header
from .kinds import KINDS, PEOPLE, SheetKind, date_or_year, infer_body_kind, infer_organization_kind
from .models import ImportRecord, ImportStatus
from .parsing import CellError, sex_from_split_birth_columns
from .reading import read_workbook

SOURCE = "import"
HEADER_SCAN = 15  # rows searched for the header (title rows, two-row headers)
PERSON_FIELDS = (
    "full_name", "sex", "birth_date", "birth_date_precision", "code", "ethnicity", "education",
    "political_theory", "party_admission_date",
)  # fmt: skip
MATCHES_KEPT = 500  # rows matched to registered people listed in the preview (all are counted)
T = TypeVar("T")
CHUNK = 5000  # rows parsed and written at a time, inside the one transaction: memory follows the chunk
Progress = Callable[[str, int, int], None]


@dataclass
class RowError:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}

    def text(self) -> str:
        where = [_("Sheet '%(sheet)s'") % {"sheet": self.sheet}] if self.sheet else []
        if self.row:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column '%(column)s'") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class Row:
    """A parsed data row: its Excel row number and its values by field key (only columns present)."""

    number: int
    values: dict[str, Any]
    bad: bool = False  # a cell of this row did not parse: the row is reported, not written


@dataclass
class ParsedSheet:
    name: str
    kind: SheetKind
    header: HeaderMatch
    rows: Iterable[Row]  # parsed lazily, as the writer consumes them in chunks


@dataclass
class ImportResult:
    counts: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    matches: list[dict[str, Any]] = field(default_factory=list)  # the first rows matched to registered people
    matched: int = 0  # all rows matched to registered people
    created: dict[str, list[str]] = field(default_factory=dict)  # names of organizations, posts … to create
    record: ImportRecord | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] for sheet in self.counts.values() for c in sheet.values())

    def count(self, sheet: str, kind: str, what: str, n: int = 1) -> None:
        self.counts.setdefault(sheet, {}).setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[
            what
        ] += n

    def as_dict(self) -> dict[str, Any]:
        return {**self.counts, "errors": [e.as_dict() for e in self.errors]}


# --- parsing ------------------------------------------------------------------------------------------
def _kind_for(sheet_name: str, rows: list[list[Any]]) -> tuple[SheetKind, HeaderMatch] | None:
    by_name = [k for k in KINDS if normalize_header(sheet_name) in {normalize_header(n) for n in k.names}]
    for kind in by_name + [k for k in KINDS if k not in by_name]:
        match = _locate(kind, rows)
        if match is not None and (kind in by_name or _looks_like(kind, match)):
            return kind, match
    return None


def _locate(kind: SheetKind, rows: list[list[Any]]) -> HeaderMatch | None:
    wanted = {c.key: list(c.headers) for c in kind.columns}
    required = [c.key for c in kind.columns if c.header_required]
    return locate_header(rows, wanted, required)


def _looks_like(kind: SheetKind, match: HeaderMatch) -> bool:
    """A sheet with another name is taken as this kind only when all its required headers are there."""
    return all(c.key in match.columns for c in kind.columns if c.header_required)


def parse_sheet(
    name: str,
    kind: SheetKind,
    header: HeaderMatch,
    rows: Iterable[list[Any]],
    errors: list[RowError],
    progress: Callable[[int], None] | None = None,
) -> ParsedSheet:
    """Parse every data row of a sheet, collecting every cell's error (sheet, Excel row, header as written).
    ``rows`` is streamed: only the parsed values of each row are kept."""
    for group in kind.required_any:
        if not any(key in header.columns for key in group):
            labels = " / ".join(kind.column(k).headers[0] for k in group)
            errors.append(
                RowError(
                    name,
                    header.header_row_index + 1,
                    None,
                    _("Missing column: %(labels)s") % {"labels": labels},
                )
            )
    return ParsedSheet(name, kind, header, _parse_rows(name, kind, header, rows, errors, progress))


def _parse_rows(
    name: str,
    kind: SheetKind,
    header: HeaderMatch,
    rows: Iterable[list[Any]],
    errors: list[RowError],
    progress: Callable[[int], None] | None,
) -> Iterator[Row]:
    columns = [
        (
            key,
            col,
            *_memoized(_limited(kind.column(key).parse, kind.column(key).max_length)),
            kind.column(key).value_required,
            header.header_text[key],
        )
        for key, col in header.columns.items()
    ]
    memo_types = _MEMO_TYPES
    for index, raw in enumerate(rows):
        if index < header.data_start_index:
            continue
        if progress and index % 2000 == 0:
            progress(index)
        if is_empty_row(raw) or is_totals_row(raw):
            continue
        number = index + 1
        start = len(errors)
        values: dict[str, Any] = {}
        for key, col, cache, parse, required, written in columns:
            cell = raw[col] if col < len(raw) else None
            try:
                # the memo looked up here, not in a function: a call per cell is a cost at 10⁶ cells
                hit = cache.get(cell) if type(cell) in memo_types else None
                value = hit[1] if hit is not None and hit[0] else parse(cell)
            except CellError as error:
                errors.append(RowError(name, number, written, str(error)))
                continue
            if required and (value is None or value == ""):
                errors.append(RowError(name, number, written, _("This cell must be filled in")))
                continue
            values[key] = value
        if kind is PEOPLE:
            _people_sex_and_birth(name, number, header, raw, values, errors, start)
        yield Row(number, values, bad=len(errors) > start)


def _limited(parse: Callable[[Any], Any], max_length: int | None) -> Callable[[Any], Any]:
    """A parser refusing text longer than the database keeps (PostgreSQL would refuse the whole import
    with its own error; SQLite would keep it)."""
    if max_length is None:
        return parse

    def parsed(value: Any) -> Any:
        result = parse(value)
        if isinstance(result, str) and len(result) > max_length:
            raise CellError(
                _("Too long: %(length)s characters, at most %(max)s")
                % {"length": len(result), "max": max_length}
            )
        return result

    return parsed


_MEMO_TYPES = frozenset({str, dt.date, dt.datetime, type(None)})
_MEMO_SIZE = 4096  # per column: enough for what repeats, and memory bounded whatever the rows


def _memoized(
    parse: Callable[[Any], Any],
) -> tuple[dict[Any, tuple[bool, Any]], Callable[[Any], Any]]:
    """A column's parser remembering its results, and its memory: sheets repeat their values (an
    organization, a post, a date, "Kinh" on every row). Only text, dates and empty cells are remembered:
    numbers are not, since 1, 1.0 and True are equal keys but not the same cell. Errors are remembered as
    their message (a hit on an error calls the function, which raises it again)."""
    cache: dict[Any, tuple[bool, Any]] = {}

    def parsed(value: Any) -> Any:
        if type(value) not in _MEMO_TYPES:
            return parse(value)
        found = cache.get(value)
        if found is None:
            try:
                found = (True, parse(value))
            except CellError as error:
                found = (False, error.message)
            if len(cache) >= _MEMO_SIZE:
                cache.clear()
            cache[value] = found
        if found[0]:
            return found[1]
        raise CellError(found[1])

    return cache, parsed


def _people_sex_and_birth(
    name: str,
    number: int,
    header: HeaderMatch,
    raw: list[Any],
    values: dict[str, Any],
    errors: list[RowError],
    row_errors_from: int,
) -> None:
    """The two forms: "Giới tính" + "Ngày sinh", or the birth date written under a "Nam" or a "Nữ" column.
    ``errors[row_errors_from:]`` are this row's errors so far (only those are searched: a file with many
    errors would otherwise be read quadratically)."""
    if "birth_male" in header.columns or "birth_female" in header.columns:
        male = raw[header.columns["birth_male"]] if "birth_male" in header.columns else None
        female = raw[header.columns["birth_female"]] if "birth_female" in header.columns else None
        column = header.header_text.get("birth_male") or header.header_text.get("birth_female")
        try:
            sex, birth_raw = sex_from_split_birth_columns(male, female)
            values["sex"], values["birth"] = sex, date_or_year(birth_raw)
        except CellError as error:
            errors.append(RowError(name, number, column, str(error)))
            return
    for key in ("birth", "sex"):
        if (
            values.get(key) in (None, "")
            and key in header.columns
            and not any(e.column == header.header_text[key] for e in errors[row_errors_from:])
        ):
            errors.append(RowError(name, number, header.header_text[key], _("This cell must be filled in")))


# --- applying -----------------------------------------------------------------------------------------
class _Met:
    """The rows met earlier in the file, by a 64-bit hash of their natural key, kept in a temporary table of
    the import's transaction rather than in Python: the importer's memory does not grow with the file.
    Each hit is checked against the database before it is believed, so a hash collision costs a query,
    never a wrong message."""

    TABLE = "nguon_import_met"
    PEOPLE, CODES, TENURES = 1, 2, 3

    def __init__(self) -> None:
        on_commit = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TABLE}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.TABLE} (space smallint NOT NULL, hash bigint NOT NULL, "
                f"line integer NOT NULL, extra bigint NOT NULL, PRIMARY KEY (space, hash)){on_commit}"
            )

    def get(self, space: int, hashes: Iterable[int]) -> dict[int, tuple[int, int]]:
        """hash → (row number, extra) of the hashes met before."""
        found: dict[int, tuple[int, int]] = {}
        with connection.cursor() as cursor:
            postgres = connection.vendor == "postgresql"
            for chunk in _chunks(sorted(set(hashes)), 5000 if postgres else 500):
                params: list[Any]
                if postgres:
                    where, params = "hash = ANY(%s)", [space, chunk]  # one array, not 5.000 parameters
                else:
                    where, params = f"hash IN ({', '.join(['%s'] * len(chunk))})", [space, *chunk]
                cursor.execute(
                    f"SELECT hash, line, extra FROM {self.TABLE} WHERE space = %s AND {where}", params
                )
                found.update((h, (line, extra)) for h, line, extra in cursor.fetchall())
        return found

    def add(self, space: int, items: list[tuple[int, int, int]]) -> None:
        """Remember (hash, row number, extra) triples."""
        if items and connection.vendor == "postgresql":
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {self.TABLE} (space, hash, line, extra) FROM STDIN") as copy,
            ):
                for item in items:
                    copy.write_row((space, *item))
        elif items:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {self.TABLE} (space, hash, line, extra) VALUES (%s, %s, %s, %s)",
                    [(space, *item) for item in items],
                )

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.TABLE}")


class _Writer:
    """Writes parsed rows chunk by chunk through the domain services' bulk paths, counting and collecting
    every error; never commits by itself. What it keeps in Python across chunks is bounded by the file's
    structure (organizations, bodies, terms, posts, areas), not by its rows: the rows met in earlier chunks
    are in a temporary table (``_Met``), and the people and tenures they wrote are looked up in the
    database, which already holds them inside the transaction."""

    def __init__(self, result: ImportResult, acting_user: Actor) -> None:
        self.result, self.user = result, acting_user
        self.skipped: set[str] = set()
        self.orgs: dict[tuple[int, str], list[Organization]] = {}
        self.bodies: dict[tuple[int, str], Body] = {}
        self.terms: dict[tuple[int, str], Term] = {}
        self.posts: dict[tuple[int, str], Post] = {}
        self.resolved: dict[tuple[Any, ...], tuple[Organization, Post, Term | None]] = {}
        self.met = _Met()  # people, codes and tenures of earlier chunks
        self.areas: dict[str, list[Area]] = defaultdict(list)
        self.loaded: set[int] = set()  # areas whose organizations are loaded

    def skip(self, row: Row) -> None:
        """A row with a bad cell: remember who it named, so tenures naming them do not repeat the error."""
        for key in ("code", "full_name"):
            if row.values.get(key):
                self.skipped.add(row.values[key])

    def error(self, sheet: str, row: int, column: str | None, message: str) -> None:
        self.result.errors.append(RowError(sheet, row, column, message))

    def match(self, sheet: str, row: int, name: str, pk: int, by: str) -> None:
        self.result.matched += 1
        if len(self.result.matches) < MATCHES_KEPT:
            self.result.matches.append({"sheet": sheet, "row": row, "name": name, "id": pk, "by": by})

    # --- people ---------------------------------------------------------------------------------------
    def people(self, sheet: ParsedSheet, rows: list[Row]) -> None:
        h = sheet.header.header_text
        wanted: list[tuple[Row, tuple[Any, ...]]] = []
        parsed: list[tuple[Row, tuple[str, dt.date], tuple[Any, ...]]] = []
        for row in rows:
            v = row.values
            if "full_name" not in v or v.get("birth") is None or not v.get("sex"):
                continue  # already reported
            birth, precision = v["birth"]
            values = (
                v.get("code", ""), v["full_name"], v["sex"], birth, precision, v.get("ethnicity", ""),
                v.get("education", ""), v.get("political_theory", ""), v.get("party_admission_date"),
            )  # fmt: skip
            parsed.append((row, (v["full_name"], birth), values))
        met = self.met.get(_Met.PEOPLE, (hash(key) for _, key, _ in parsed))
        met_codes = self.met.get(_Met.CODES, (hash(values[0]) for _, _, values in parsed if values[0]))
        local: dict[tuple[str, dt.date], tuple[int, tuple[Any, ...]]] = {}  # this chunk's rows, exactly
        local_codes: dict[str, int] = {}
        remember: list[tuple[int, int, int]] = []
        remember_codes: list[tuple[int, int, int]] = []
        for row, key, values in parsed:
            earlier = local.get(key)
            if earlier is None and (seen := met.get(hash(key))) is not None:
                if seen[1] == hash(values):
                    continue  # identical to a row of an earlier chunk: merged
                stored = _stored_person(key)  # as that row left it (None: the hash was another name's)
                earlier = (seen[0], stored) if stored is not None else None
            if earlier is not None:
                first, first_values = earlier
                differing = [
                    f for f, old, new in zip(person_services.BULK_FIELDS, first_values, values, strict=True)
                    if old != new and not (old in (None, "") and new in (None, ""))
                ]  # fmt: skip
                if differing:
                    labels = ", ".join(f"'{h.get(_FIELD_COLUMN.get(f, f), f)}'" for f in differing)
                    self.error(
                        sheet.name,
                        row.number,
                        h.get("full_name"),
                        _("Same name and birth date as row %(row)s but different %(fields)s")
                        % {"row": first, "fields": labels},
                    )
                continue  # an identical duplicate is merged
            code = values[0]
            if code:
                given = local_codes.get(code)
                if given is None and (seen := met_codes.get(hash(code))) is not None:
                    given = seen[0] if Person.objects.filter(code=code).exists() else None
                if given is not None:
                    self.error(
                        sheet.name,
                        row.number,
                        h.get("code"),
                        _("The cadre code '%(code)s' is already given to another person in row %(row)s")
                        % {"code": code, "row": given},
                    )
                    continue
                local_codes[code] = row.number
                remember_codes.append((hash(code), row.number, 0))
            local[key] = (row.number, values)
            remember.append((hash(key), row.number, hash(values)))
            wanted.append((row, values))
        self.met.add(_Met.PEOPLE, remember)
        self.met.add(_Met.CODES, remember_codes)
        by_code, by_name = _existing_people(
            {vals[0] for _, vals in wanted if vals[0]}, {(vals[1], vals[3]) for _, vals in wanted}
        )
        new: list[tuple[Any, ...]] = []
        for row, values in wanted:
            found = by_code.get(values[0]) if values[0] else None
            by = "code"
            if found is None:
                found, by = by_name.get((values[1], values[3])), "name_birth"
            if found is None:
                new.append(values)
                continue
            pk, *old = found
            self.match(sheet.name, row.number, old[1], pk, by)
            changes = {
                f: value
                for f, value, was in zip(person_services.BULK_FIELDS, values, old, strict=True)
                if value not in (None, "") and value != was
            }
            if changes:
                try:
                    person_update(
                        person=Person.objects.get(pk=pk), data=changes, acting_user=self.user, source=SOURCE
                    )
                except ValidationError as error:
                    self.error(sheet.name, row.number, None, " ".join(error.messages))
                    continue
            self.result.count(sheet.name, "people", "updated" if changes else "unchanged")
        person_services.people_bulk_insert(rows=new, acting_user=self.user, source=SOURCE)
        self.result.count(sheet.name, "people", "created", len(new))

    # --- tenures --------------------------------------------------------------------------------------
    def tenures(self, sheet: ParsedSheet, rows: list[Row]) -> None:
        h = sheet.header.header_text
        rows = [
            r
            for r in rows
            if all(k in r.values for k in ("area_code", "organization", "post", "start", "start_reason"))
        ]
        by_code, by_name = _people_ids(
            {r.values["code"] for r in rows if r.values.get("code")},
            {
                (r.values["full_name"], r.values["birth"][0])
                for r in rows
                if r.values.get("full_name") and r.values.get("birth") and not r.values.get("code")
            },
        )
        areas = self.areas
        for found in Area.objects.filter(code__in={r.values["area_code"] for r in rows} - set(areas)):
            areas[found.code].append(found)
        fresh = [a for group in areas.values() for a in group if a.pk not in self.loaded]
        self.loaded.update(a.pk for a in fresh)
        self._load_structure(fresh)
        planned: list[tuple[Row, tuple[Any, ...], tuple[str, str]]] = []
        for row in rows:
            v = row.values
            holder = self._person(sheet, row, by_code, by_name)
            place = next((a for a in areas.get(v["area_code"], ()) if a.is_valid_on(v["start"])), None)
            if place is None:
                self.error(
                    sheet.name,
                    row.number,
                    h["area_code"],
                    _("No administrative area has code '%(code)s' on %(date)s.")
                    % {"code": v["area_code"], "date": v["start"].strftime("%d/%m/%Y")},
                )
            if holder is None or place is None:
                continue
            try:
                post, term = self._post_and_term(sheet, row, place)
            except ValidationError as error:
                self.error(sheet.name, row.number, h.get("organization"), " ".join(error.messages))
                continue
            if post is None:
                continue
            values = (
                holder[0], post.pk, term.pk if term else None, v["start"], v.get("end"), v["start_reason"],
                v.get("decision", ""), v.get("end_reason", ""),
            )  # fmt: skip
            planned.append((row, values, (holder[1], str(post))))
        held = org_services.tenures_held(values[0] for _, values, _ in planned)
        hashes = [hash((values[0], values[1], values[3])) for _, values, _ in planned]
        met = self.met.get(_Met.TENURES, hashes)
        local: set[tuple[int, int, dt.date]] = set()
        remember: list[tuple[int, int, int]] = []
        new: list[tuple[Row, tuple[Any, ...], tuple[str, str]]] = []
        for (row, values, names), key_hash in zip(planned, hashes, strict=True):
            person_id, post_id, _term, start, *_rest = values
            old = next((t for t in held.get((person_id, post_id), ()) if t.start_date == start), None)
            # met before: in this chunk, or in an earlier one, and then in the database (a hash is not proof)
            if (person_id, post_id, start) in local or (key_hash in met and old is not None):
                self.error(
                    sheet.name, row.number, h["start"], _("The same tenure is written twice in this file")
                )
                continue
            local.add((person_id, post_id, start))
            remember.append((key_hash, row.number, 0))
            if old is None:
                new.append((row, values, names))
                continue
            self._tenure_update(sheet, row, old, values)
        self.met.add(_Met.TENURES, remember)
        refused = org_services.tenures_check_overlaps(
            rows=[values for _, values, _ in new], names=[names for _, _, names in new], held=held
        )
        for index, message in refused.items():
            self.error(sheet.name, new[index][0].number, h["start"], message)
        if not refused:
            org_services.tenures_bulk_insert(
                rows=[values for _, values, _ in new],
                reprs=[f"{person} — {post}" for _, _, (person, post) in new],
                acting_user=self.user,
                source=SOURCE,
            )
            self.result.count(sheet.name, "tenures", "created", len(new))

    def _tenure_update(
        self, sheet: ParsedSheet, row: Row, old: org_services.Held, values: tuple[Any, ...]
    ) -> None:
        """A tenure already registered: fill in what the row adds (an empty cell never erases)."""
        h = sheet.header.header_text
        _person, _post, term_id, _start, end, start_reason, decision, end_reason = values
        changes: dict[str, Any] = {
            f: new
            for f, new, was in (
                ("end_date", end, old.end_date), ("start_reason", start_reason, old.start_reason),
                ("start_decision", decision, old.start_decision), ("end_reason", end_reason, old.end_reason),
                ("term_id", term_id, old.term_id),
            )
            if new and new != was
        }  # fmt: skip
        if changes:
            tenure = Tenure.objects.select_related("person", "post", "term").get(pk=old.id)
            try:
                if "end_date" in changes:
                    org_services.tenure_validate(
                        person=tenure.person,
                        post=tenure.post,
                        term=Term.objects.get(pk=changes["term_id"]) if "term_id" in changes else tenure.term,
                        start_date=tenure.start_date,
                        end_date=changes["end_date"],
                        exclude_pk=tenure.pk,
                    )
                model_update(instance=tenure, data=changes, acting_user=self.user, source=SOURCE)
            except ValidationError as error:
                self.error(sheet.name, row.number, h.get("end") or h["start"], " ".join(error.messages))
                return
        self.result.count(sheet.name, "tenures", "updated" if changes else "unchanged")

    def _person(
        self,
        sheet: ParsedSheet,
        row: Row,
        by_code: dict[str, tuple[int, str]],
        by_name: dict[tuple[str, dt.date], int],
    ) -> tuple[int, str] | None:
        """The holder's id and name, from the database (people of earlier sheets and chunks included)."""
        v, h = row.values, sheet.header.header_text
        if v.get("code"):
            person = by_code.get(v["code"])
            if person is None and v["code"] not in self.skipped:
                self.error(
                    sheet.name,
                    row.number,
                    h["code"],
                    _("No person has the code '%(code)s'") % {"code": v["code"]},
                )
            return person
        if not v.get("full_name") or not v.get("birth"):
            self.error(
                sheet.name,
                row.number,
                h.get("full_name"),
                _("Give the cadre code, or the full name and birth date"),
            )
            return None
        birth = v["birth"][0]
        pk = by_name.get((v["full_name"], birth))
        if pk is None:
            if v["full_name"] not in self.skipped:
                self.error(
                    sheet.name,
                    row.number,
                    h["full_name"],
                    _("No person '%(name)s' born %(birth)s: add them to the sheet 'Cán bộ'")
                    % {"name": v["full_name"], "birth": birth.strftime("%d/%m/%Y")},
                )
            return None
        return pk, v["full_name"]

    def _load_structure(self, areas: list[Area]) -> None:
        """Organizations of these areas, with their bodies, terms and posts, in four queries."""
        orgs = list(Organization.objects.filter(area__in=areas))
        for org in orgs:
            self.orgs.setdefault((org.area_id, org.search_key), []).append(org)
        for body in Body.objects.filter(organization__in=orgs):
            self.bodies[(body.organization_id, body.name)] = body
        for term in Term.objects.filter(body__organization__in=orgs):
            self.terms[(term.body_id, term.name)] = term
        for post in Post.objects.filter(organization__in=orgs).select_related("organization", "body"):
            self.posts[(post.organization_id, post.name)] = post

    def _post_and_term(self, sheet: ParsedSheet, row: Row, area: Area) -> tuple[Post | None, Term | None]:
        """The post (and term) a tenure row names, found or created; rows naming the same ones in an
        organization valid on their start date are answered from memory."""
        v = row.values
        key = (
            area.pk,
            v["organization"],
            v.get("organization_kind"),
            v.get("body"),
            v.get("term"),
            v["post"],
        )
        known = self.resolved.get(key)
        start = v["start"]
        if known is not None:
            org, post, term = known
            if (org.valid_from is None or org.valid_from <= start) and (
                org.valid_to is None or start <= org.valid_to
            ):
                return post, term
        found_org, found_post, found_term = self._resolve(sheet, row, area)
        if found_post is not None and found_org is not None:
            self.resolved[key] = (found_org, found_post, found_term)
        return found_post, found_term

    def _resolve(
        self, sheet: ParsedSheet, row: Row, area: Area
    ) -> tuple[Organization | None, Post | None, Term | None]:
        v, h = row.values, sheet.header.header_text
        candidates = self.orgs.get((area.pk, fold(v["organization"])), [])
        org = next(
            (
                o
                for o in candidates
                if (o.valid_from is None or o.valid_from <= v["start"])
                and (o.valid_to is None or v["start"] <= o.valid_to)
            ),
            None,
        )
        if org is None:
            kind = v.get("organization_kind") or infer_organization_kind(v["organization"], area.level)
            org = org_services.organization_create(
                name=v["organization"], kind=kind, area=area, acting_user=self.user, source=SOURCE
            )
            self.orgs.setdefault((area.pk, org.search_key), []).append(org)
            self.result.count(sheet.name, "organizations", "created")
            self.result.created.setdefault("organizations", []).append(str(org))
        body = None
        if v.get("body"):
            body = self.bodies.get((org.pk, v["body"]))
            if body is None:
                body = org_services.body_create(
                    organization=org,
                    kind=infer_body_kind(v["body"]),
                    name=v["body"],
                    acting_user=self.user,
                    source=SOURCE,
                )
                self.bodies[(org.pk, body.name)] = body
                self.result.count(sheet.name, "bodies", "created")
                self.result.created.setdefault("bodies", []).append(str(body))
        term = None
        if v.get("term"):
            if body is None:
                self.error(
                    sheet.name, row.number, h["term"], _("A term needs the body ('Cơ quan') it belongs to")
                )
                return None, None, None
            first, last = v["term"]
            name = f"{first}–{last}"
            term = self.terms.get((body.pk, name))
            if term is None:
                term = org_services.term_create(
                    body=body,
                    name=name,
                    start_date=dt.date(first, 1, 1),
                    end_date=dt.date(last, 12, 31),
                    acting_user=self.user,
                    source=SOURCE,
                )
                self.terms[(body.pk, name)] = term
                self.result.count(sheet.name, "terms", "created")
                self.result.created.setdefault("terms", []).append(str(term))
        post = self.posts.get((org.pk, v["post"]))
        if post is None:
            post = org_services.post_create(
                organization=org,
                name=v["post"],
                body=body,
                is_key=bool(v.get("key_post")),
                acting_user=self.user,
                source=SOURCE,
            )
            self.posts[(org.pk, post.name)] = post
            self.result.count(sheet.name, "posts", "created")
            self.result.created.setdefault("posts", []).append(str(post))
        return org, post, term


_FIELD_COLUMN = {"birth_date": "birth", "birth_date_precision": "birth"}


_PERSON_COLUMNS = ("id", *person_services.BULK_FIELDS)


def _existing_people(
    codes: set[str], keys: set[tuple[str, dt.date]]
) -> tuple[dict[str, tuple[Any, ...]], dict[tuple[str, dt.date], tuple[Any, ...]]]:
    """People already registered (or written by earlier chunks), as (id, *BULK_FIELDS) tuples, by code and by
    (name, birth date)."""
    return _people_by(codes, keys, _PERSON_COLUMNS, code_at=1, name_at=2, birth_at=4)


def _people_by(
    codes: set[str],
    keys: set[tuple[str, dt.date]],
    columns: Sequence[str],
    *,
    code_at: int,
    name_at: int,
    birth_at: int,
) -> tuple[dict[str, tuple[Any, ...]], dict[tuple[str, dt.date], tuple[Any, ...]]]:
    """``columns`` (the id first) of the people with these codes and of those with these (name, birth date)
    keys, 500 keys a query. A name alone is not enough: common names have thousands of namesakes in a
    national registry, so the birth dates are asked too (both columns of the name index), and of namesakes
    born the same day the first registered wins."""
    by_code: dict[str, tuple[Any, ...]] = {}
    by_name: dict[tuple[str, dt.date], tuple[Any, ...]] = {}
    for found in _people_matching(("code",), [(c,) for c in sorted(codes)], columns):
        by_code[found[code_at]] = found
    for found in _people_matching(("full_name", "birth_date"), sorted(keys), columns):
        key = (found[name_at], found[birth_at])
        if key not in by_name or found[0] < by_name[key][0]:
            by_name[key] = found
    return by_code, by_name


_TYPES = {"code": "text", "full_name": "text", "birth_date": "date"}


def _people_matching(
    fields: tuple[str, ...], keys: Sequence[tuple[Any, ...]], columns: Sequence[str]
) -> Iterator[tuple[Any, ...]]:
    """``columns`` of the people whose ``fields`` equal one of ``keys``, 500 keys a query. The keys are a
    table the query joins, so each is one probe of an index: (full_name, birth_date), or the unique index
    of codes, which is partial (codes not empty) and so needs its condition written out. (IN lists of
    names and of dates would be probed as their cross product; an IN list of names alone fetches every
    namesake, thousands for a common name in a national registry.)"""
    qn = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    selected = ", ".join(f"p.{qn(c)}" for c in columns)
    table = qn(Person._meta.db_table)
    partial = " AND NOT (p.code = '')" if "code" in fields else ""
    names = ", ".join(f"k{i}" for i in range(len(fields)))
    if postgres:
        # LATERAL, with OFFSET 0 so that the subquery is not pulled up into a join: one index probe per key
        # even when the table's statistics are stale, as they are while a big import fills it inside its
        # transaction (a hash or merge join over the whole table was planned then, 100 ms a query instead
        # of 2). The keys travel as arrays, not as a thousand parameters to quote and parse.
        arrays = ", ".join(f"%s::{_TYPES[f]}[]" for f in fields)
        match = " AND ".join(f"p.{qn(f)} = k.k{i}" for i, f in enumerate(fields))
        query = (
            f"SELECT {selected} FROM unnest({arrays}) AS k ({names}) CROSS JOIN LATERAL "
            f"(SELECT * FROM {table} p WHERE {match}{partial} OFFSET 0) AS p"
        )
    else:  # SQLite probes the index for each row of the joined table; it keeps dates as ISO text
        match = " AND ".join(f"p.{qn(f)} = k.k{i}" for i, f in enumerate(fields))
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        query = f"WITH k ({names}) AS (VALUES {{rows}}) SELECT {selected} FROM k JOIN {table} p ON {match}{partial}"
    dates = [i for i, c in enumerate(columns) if c in ("birth_date", "party_admission_date")]
    with connection.cursor() as cursor:
        for chunk in _chunks(list(keys)):
            if postgres:
                cursor.execute(query, [[key[i] for key in chunk] for i in range(len(fields))])
            else:
                cursor.execute(
                    query.format(rows=", ".join([row] * len(chunk))),
                    [v.isoformat() if isinstance(v, dt.date) else v for key in chunk for v in key],
                )
            for found in cursor.fetchall():
                if not postgres:
                    found = list(found)
                    for i in dates:
                        if isinstance(found[i], str):
                            found[i] = dt.date.fromisoformat(found[i])
                yield tuple(found)


def _stored_person(key: tuple[str, dt.date]) -> tuple[Any, ...] | None:
    """A person written by an earlier chunk of this file, as BULK_FIELDS values."""
    found = (
        Person.objects.filter(full_name=key[0], birth_date=key[1])
        .order_by("id")
        .values_list(*person_services.BULK_FIELDS)
        .first()
    )
    return tuple(found) if found is not None else None


def _people_ids(
    codes: set[str], keys: set[tuple[str, dt.date]]
) -> tuple[dict[str, tuple[int, str]], dict[tuple[str, dt.date], int]]:
    """Ids (and names) of the people tenure rows name, by code and by (name, birth date)."""
    by_code, by_name = _people_by(
        codes, keys, ("id", "code", "full_name", "birth_date"), code_at=1, name_at=2, birth_at=3
    )
    return {c: (f[0], f[2]) for c, f in by_code.items()}, {k: f[0] for k, f in by_name.items()}


def _chunks(items: list[T], size: int = 500) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _parse_all(data: bytes, filename: str, result: ImportResult) -> list[ParsedSheet]:
    workbook = read_workbook(data, filename)
    for problem in workbook.problems:
        result.errors.append(RowError("", None, None, problem))
    sheets: list[ParsedSheet] = []
    for raw in workbook.sheets:
        if raw.hidden:
            result.notes.append(_("Hidden sheet '%(sheet)s' was skipped.") % {"sheet": raw.name})
            continue
        head = [list(r) for r in raw.head(HEADER_SCAN)]
        if all(is_empty_row(r) for r in head):
            continue
        found = _kind_for(raw.name, head)
        if found is None:
            result.notes.append(
                _("Sheet '%(sheet)s' was not recognised and was skipped.") % {"sheet": raw.name}
            )
            continue
        kind, header = found
        # rows are parsed lazily as the writer takes them, chunk by chunk (its progress reports them)
        sheets.append(parse_sheet(raw.name, kind, header, (list(r) for r in raw.iter_rows()), result.errors))
    if not sheets and not result.errors:
        result.errors.append(
            RowError("", None, None, _("No sheet of this file could be read as 'Cán bộ' or 'Chức vụ'."))
        )
    return sheets


def import_file(
    *,
    data: bytes,
    filename: str,
    acting_user: Actor = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a workbook all or nothing; archive it with the outcome. See the module docstring."""
    result = ImportResult(dry_run=dry_run)
    sheets = _parse_all(data, filename, result)
    # Rows that parsed are still checked against the database, so the whole file's errors come at once.
    if sheets:
        done = 0
        with transaction.atomic():
            writer = _Writer(result, acting_user)
            # people first (tenures refer to them), whatever the sheet order
            for sheet in sorted(sheets, key=lambda s: s.kind is not PEOPLE):
                write = writer.people if sheet.kind is PEOPLE else writer.tenures
                rows = iter(sheet.rows)
                while chunk := list(islice(rows, CHUNK)):
                    good = []
                    for row in chunk:
                        if row.bad:
                            writer.skip(row)
                        else:
                            good.append(row)
                    try:
                        with (
                            transaction.atomic()
                        ):  # a savepoint: one refused statement leaves the rest usable
                            write(sheet, good)
                    except IntegrityError as error:
                        result.errors.append(RowError(sheet.name, None, None, str(error)))
                    done += len(chunk)
                    if progress:
                        progress(sheet.name, done, 0)
            writer.met.drop()
            if result.errors or dry_run:
                transaction.set_rollback(True)
    order = {s.name: i for i, s in enumerate(sheets)}  # the workbook's own sheet order
    result.errors.sort(key=lambda e: (order.get(e.sheet, -1), e.row or 0))
    status = (
        ImportStatus.REFUSED if result.errors
        else ImportStatus.DRY_RUN if dry_run
        else ImportStatus.IMPORTED if result.changed
        else ImportStatus.UNCHANGED
    )  # fmt: skip
    user: Any = acting_user if getattr(acting_user, "is_authenticated", False) else None
    with transaction.atomic():
        result.record = ImportRecord.objects.create(
            user=user,
            filename=filename[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            content=b"",  # stored just below, as binary
            status=status,
            counts=result.counts,
            errors=[e.as_dict() for e in result.errors],
            details={
                "matches": result.matches,
                "matched": result.matched,
                "created": result.created,
                "notes": result.notes,
            },
        )
        _archive(result.record, data)
    return result


def _archive(record: ImportRecord, data: bytes) -> None:
    """Store the file as sent. On PostgreSQL, Django's client-side binding would write the bytes into the
    statement's text as hex (three copies of the file in memory); a server-side-binding cursor sends them
    as one binary parameter instead."""
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(
                f"UPDATE {connection.ops.quote_name(ImportRecord._meta.db_table)} SET content = %b WHERE id = %s",
                [data, record.pk],
            )
    else:
        ImportRecord.objects.filter(pk=record.pk).update(content=data)
    record.content = data


def kinds_by_key() -> dict[str, SheetKind]:
    return {k.key: k for k in KINDS}


def errors_by_row(errors: Iterable[RowError]) -> dict[tuple[str, int], list[RowError]]:
    grouped: dict[tuple[str, int], list[RowError]] = defaultdict(list)
    for e in errors:
        if e.row:
            grouped[(e.sheet, e.row)].append(e)
    return grouped
