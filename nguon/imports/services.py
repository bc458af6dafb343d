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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.core.audit import Actor
from nguon.core.intervals import active_q
from nguon.core.services import model_update
from nguon.core.text import fold
from nguon.organizations import services as org_services
from nguon.organizations.models import Body, Organization, Post, Tenure, Term
from nguon.people.models import Person
from nguon.people.services import person_create, person_update

from .headers import HeaderMatch, is_empty_row, is_totals_row, locate_header, normalize_header
from .kinds import KINDS, PEOPLE, SheetKind, infer_body_kind, infer_organization_kind
from .models import ImportRecord, ImportStatus
from .parsing import CellError, sex_from_split_birth_columns
from .reading import read_workbook

SOURCE = "import"
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
    rows: list[Row]


@dataclass
class ImportResult:
    counts: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    record: ImportRecord | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] for sheet in self.counts.values() for c in sheet.values())

    def count(self, sheet: str, kind: str, what: str) -> None:
        self.counts.setdefault(sheet, {}).setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[
            what
        ] += 1

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
    name: str, kind: SheetKind, header: HeaderMatch, rows: list[list[Any]], errors: list[RowError]
) -> ParsedSheet:
    """Parse every data row of a sheet, collecting every cell's error (sheet, Excel row, header as written)."""
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
    parsed: list[Row] = []
    for index in range(header.data_start_index, len(rows)):
        raw = rows[index]
        if is_empty_row(raw) or is_totals_row(raw):
            continue
        number = index + 1
        start = len(errors)
        values: dict[str, Any] = {}
        for key, col in header.columns.items():
            column = kind.column(key)
            cell = raw[col] if col < len(raw) else None
            try:
                value = column.parse(cell)
            except CellError as error:
                errors.append(RowError(name, number, header.header_text[key], str(error)))
                continue
            if column.value_required and value in (None, ""):
                errors.append(
                    RowError(name, number, header.header_text[key], _("This cell must be filled in"))
                )
                continue
            values[key] = value
        if kind is PEOPLE:
            _people_sex_and_birth(name, number, header, raw, values, errors)
        parsed.append(Row(number, values, bad=len(errors) > start))
    return ParsedSheet(name, kind, header, parsed)


def _people_sex_and_birth(
    name: str,
    number: int,
    header: HeaderMatch,
    raw: list[Any],
    values: dict[str, Any],
    errors: list[RowError],
) -> None:
    """The two forms: "Giới tính" + "Ngày sinh", or the birth date written under a "Nam" or a "Nữ" column."""
    from .kinds import _date_or_year

    if "birth_male" in header.columns or "birth_female" in header.columns:
        male = raw[header.columns["birth_male"]] if "birth_male" in header.columns else None
        female = raw[header.columns["birth_female"]] if "birth_female" in header.columns else None
        column = header.header_text.get("birth_male") or header.header_text.get("birth_female")
        try:
            sex, birth_raw = sex_from_split_birth_columns(male, female)
            values["sex"], values["birth"] = sex, _date_or_year(birth_raw)
        except CellError as error:
            errors.append(RowError(name, number, column, str(error)))
            return
    for key in ("birth", "sex"):
        if (
            values.get(key) in (None, "")
            and key in header.columns
            and not any(
                e.sheet == name and e.row == number and e.column == header.header_text[key] for e in errors
            )
        ):
            errors.append(RowError(name, number, header.header_text[key], _("This cell must be filled in")))


# --- applying -----------------------------------------------------------------------------------------
class _Writer:
    """Writes parsed rows through the services, counting and collecting errors; never commits by itself."""

    def __init__(self, result: ImportResult, acting_user: Actor) -> None:
        self.result, self.user = result, acting_user
        self.people_by_code: dict[str, Person] = {}
        self.people_by_name: dict[tuple[str, dt.date], Person] = {}
        self.seen_people: dict[tuple[str, dt.date], tuple[int, dict[str, Any]]] = {}
        self.orgs: dict[tuple[int, str], Organization] = {}
        self.skipped: set[str] = set()

    def skip(self, sheet: ParsedSheet, row: Row) -> None:
        """A row with a bad cell: remember who it named, so tenures naming them do not repeat the error."""
        v = row.values
        if v.get("code"):
            self.skipped.add(v["code"])
        if v.get("full_name"):
            self.skipped.add(v["full_name"])

    def error(self, sheet: str, row: int, column: str | None, message: str) -> None:
        self.result.errors.append(RowError(sheet, row, column, message))

    # people
    def person(self, sheet: ParsedSheet, row: Row) -> None:
        v, h = row.values, sheet.header.header_text
        if "full_name" not in v or v.get("birth") is None or not v.get("sex"):
            return  # already reported
        birth, precision = v["birth"]
        key = (v["full_name"], birth)
        data = {
            "sex": v["sex"],
            "birth_date": birth,
            "birth_date_precision": precision,
            **{
                f: v[f]
                for f in ("ethnicity", "education", "political_theory", "party_admission_date", "code")
                if v.get(f)
            },
        }
        if key in self.seen_people:
            first, first_data = self.seen_people[key]
            differing = [f for f in data if first_data.get(f) != data[f]]
            if differing:
                labels = ", ".join(f"'{h.get(f, f)}'" for f in differing)
                self.error(
                    sheet.name,
                    row.number,
                    h.get("full_name"),
                    _("Same name and birth date as row %(row)s but different %(fields)s")
                    % {"row": first, "fields": labels},
                )
            return  # identical duplicate: merged
        self.seen_people[key] = (row.number, data)
        existing = None
        if data.get("code"):
            existing = Person.objects.filter(code=data["code"]).first()
        if existing is None:
            existing = Person.objects.filter(full_name=v["full_name"], birth_date=birth).first()
        try:
            if existing is None:
                person = person_create(full_name=v["full_name"], acting_user=self.user, source=SOURCE, **data)
                self.result.count(sheet.name, "people", "created")
            else:
                before = (existing.pk, existing.full_name, *(getattr(existing, f) for f in data))
                person = person_update(person=existing, data=data, acting_user=self.user, source=SOURCE)
                after = (person.pk, person.full_name, *(getattr(person, f) for f in data))
                self.result.count(sheet.name, "people", "updated" if before != after else "unchanged")
        except ValidationError as error:
            self.error(sheet.name, row.number, None, " ".join(error.messages))
            return
        self.people_by_name[key] = person
        if person.code:
            self.people_by_code[person.code] = person

    # tenures
    def _find_person(self, sheet: ParsedSheet, row: Row) -> Person | None:
        v, h = row.values, sheet.header.header_text
        if v.get("code"):
            person = self.people_by_code.get(v["code"]) or Person.objects.filter(code=v["code"]).first()
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
        person = self.people_by_name.get((v["full_name"], birth))
        if person is None:
            matches = list(Person.objects.filter(full_name=v["full_name"], birth_date=birth)[:2])
            if len(matches) > 1:
                self.error(
                    sheet.name,
                    row.number,
                    h["full_name"],
                    _("Several people have this name and birth date: use the cadre code"),
                )
                return None
            person = matches[0] if matches else None
        if person is None and v["full_name"] in self.skipped:
            return None
        if person is None:
            self.error(
                sheet.name,
                row.number,
                h["full_name"],
                _("No person '%(name)s' born %(birth)s: add them to the sheet 'Cán bộ'")
                % {"name": v["full_name"], "birth": birth.strftime("%d/%m/%Y")},
            )
        return person

    def _count(self, sheet: str, kind: str, created: bool) -> None:
        self.result.count(sheet, kind, "created" if created else "unchanged")

    def _organization(self, sheet: ParsedSheet, row: Row, area: Area) -> Organization:
        v = row.values
        key = (area.pk, fold(v["organization"]))
        if key in self.orgs:
            return self.orgs[key]
        org = (
            Organization.objects.filter(area=area, search_key=fold(v["organization"]))
            .filter(active_q(v["start"], "valid_from", "valid_to", start_nullable=True))
            .first()
        )
        created = org is None
        if org is None:
            kind = v.get("organization_kind") or infer_organization_kind(v["organization"], area.level)
            org = org_services.organization_create(
                name=v["organization"], kind=kind, area=area, acting_user=self.user, source=SOURCE
            )
        self._count(sheet.name, "organizations", created)
        self.orgs[key] = org
        return org

    def tenure(self, sheet: ParsedSheet, row: Row) -> None:
        v, h = row.values, sheet.header.header_text
        if not all(k in v for k in ("area_code", "organization", "post", "start", "start_reason")):
            return  # already reported
        person = self._find_person(sheet, row)
        area = Area.objects.valid_on(v["start"]).filter(code=v["area_code"]).first()
        if area is None:
            self.error(
                sheet.name,
                row.number,
                h["area_code"],
                _("No administrative area has code '%(code)s' on %(date)s.")
                % {"code": v["area_code"], "date": v["start"].strftime("%d/%m/%Y")},
            )
        if person is None or area is None:
            return
        try:
            org = self._organization(sheet, row, area)
            body = None
            if v.get("body"):
                body = Body.objects.filter(organization=org, name=v["body"]).first()
                self._count(sheet.name, "bodies", body is None)
                if body is None:
                    body = org_services.body_create(
                        organization=org,
                        kind=infer_body_kind(v["body"]),
                        name=v["body"],
                        acting_user=self.user,
                        source=SOURCE,
                    )
            term = None
            if v.get("term"):
                if body is None:
                    self.error(
                        sheet.name,
                        row.number,
                        h["term"],
                        _("A term needs the body ('Cơ quan') it belongs to"),
                    )
                    return
                first, last = v["term"]
                name = f"{first}–{last}"
                term = Term.objects.filter(body=body, name=name).first()
                self._count(sheet.name, "terms", term is None)
                if term is None:
                    term = org_services.term_create(
                        body=body,
                        name=name,
                        start_date=dt.date(first, 1, 1),
                        end_date=dt.date(last, 12, 31),
                        acting_user=self.user,
                        source=SOURCE,
                    )
            post = Post.objects.filter(organization=org, name=v["post"]).first()
            self._count(sheet.name, "posts", post is None)
            if post is None:
                post = org_services.post_create(
                    organization=org,
                    name=v["post"],
                    body=body,
                    is_key=bool(v.get("key_post")),
                    acting_user=self.user,
                    source=SOURCE,
                )
            existing = Tenure.objects.filter(person=person, post=post, start_date=v["start"]).first()
            if existing is None:
                org_services.tenure_create(
                    person=person, post=post, term=term, start_date=v["start"], end_date=v.get("end"),
                    start_reason=v["start_reason"], end_reason=v.get("end_reason", ""), start_decision=v.get("decision", ""),
                    acting_user=self.user, source=SOURCE,
                )  # fmt: skip
                self.result.count(sheet.name, "tenures", "created")
                return
            changes = {
                f: v[k]
                for f, k in (
                    ("end_date", "end"),
                    ("start_reason", "start_reason"),
                    ("start_decision", "decision"),
                    ("end_reason", "end_reason"),
                )
                if v.get(k) and getattr(existing, f) != v[k]
            }
            if term is not None and existing.term_id != term.pk:
                changes["term"] = term
            if changes:
                if "end_date" in changes:
                    org_services.tenure_validate(
                        person=person,
                        post=post,
                        term=term or existing.term,
                        start_date=existing.start_date,
                        end_date=changes["end_date"],
                        exclude_pk=existing.pk,
                    )
                model_update(instance=existing, data=changes, acting_user=self.user, source=SOURCE)
            self.result.count(sheet.name, "tenures", "updated" if changes else "unchanged")
        except ValidationError as error:
            self.error(sheet.name, row.number, h.get("start"), " ".join(error.messages))


def _parse_all(data: bytes, filename: str, result: ImportResult) -> list[ParsedSheet]:
    workbook = read_workbook(data, filename)
    for problem in workbook.problems:
        result.errors.append(RowError("", None, None, problem))
    sheets: list[ParsedSheet] = []
    for raw in workbook.sheets:
        if raw.hidden:
            result.notes.append(_("Hidden sheet '%(sheet)s' was skipped.") % {"sheet": raw.name})
            continue
        rows = [list(r) for r in raw.iter_rows()]
        if all(is_empty_row(r) for r in rows):
            continue
        found = _kind_for(raw.name, rows)
        if found is None:
            result.notes.append(
                _("Sheet '%(sheet)s' was not recognised and was skipped.") % {"sheet": raw.name}
            )
            continue
        kind, header = found
        sheets.append(parse_sheet(raw.name, kind, header, rows, result.errors))
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
        total = sum(len(s.rows) for s in sheets)
        done = 0
        with transaction.atomic():
            writer = _Writer(result, acting_user)
            # people first (tenures refer to them), whatever the sheet order
            for sheet in sorted(sheets, key=lambda s: s.kind is not PEOPLE):
                write = writer.person if sheet.kind is PEOPLE else writer.tenure
                for row in sheet.rows:
                    if row.bad:
                        writer.skip(sheet, row)
                        continue
                    try:
                        with transaction.atomic():  # a savepoint: a refused row leaves the others usable
                            write(sheet, row)
                    except IntegrityError as error:
                        result.errors.append(RowError(sheet.name, row.number, None, str(error)))
                    done += 1
                    if progress and (done % 500 == 0 or done == total):
                        progress(sheet.name, done, total)
            if result.errors or dry_run:
                transaction.set_rollback(True)
    result.errors.sort(key=lambda e: (e.sheet, e.row or 0))
    status = (
        ImportStatus.REFUSED if result.errors
        else ImportStatus.DRY_RUN if dry_run
        else ImportStatus.IMPORTED if result.changed
        else ImportStatus.UNCHANGED
    )  # fmt: skip
    user: Any = acting_user if getattr(acting_user, "is_authenticated", False) else None
    result.record = ImportRecord.objects.create(
        user=user,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content=data,
        status=status,
        counts=result.counts,
        errors=[e.as_dict() for e in result.errors],
    )
    return result


def kinds_by_key() -> dict[str, SheetKind]:
    return {k.key: k for k in KINDS}


def errors_by_row(errors: Iterable[RowError]) -> dict[tuple[str, int], list[RowError]]:
    grouped: dict[tuple[str, int], list[RowError]] = defaultdict(list)
    for e in errors:
        if e.row:
            grouped[(e.sheet, e.row)].append(e)
    return grouped
