"""The sheet 'Cán bộ': people, matched to those registered by cadre code or by (name, birth date), created in
bulk, or updated with what the row adds (an empty cell never erases)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from nguon.core.scope import Level
from nguon.people import services as person_services
from nguon.people.models import Person
from nguon.people.selectors import people_by_code_and_birth, person_first_by_name_birth
from nguon.people.services import person_update

from ..headers import HeaderMatch
from ..kinds import PEOPLE
from ..parse import ParsedSheet, Row
from ..parsing import FEMALE_COLUMN, CellError, parse_split_birth
from ..results import RowError
from ..scoping import hidden_code, hidden_name, not_editable, people_in_scope
from .base import ImportContext, SheetWriter

PersonRow = person_services.PersonRow
_COLUMN_OF_FIELD = {"birth_date": "birth", "birth_date_precision": "birth"}  # the sheet's column of a field
SKIPPED = "people-skipped"  # rows with a bad cell, by the hash of the code or name they gave


def remember_skipped(context: ImportContext, rows: list[Row]) -> None:
    """Rows with a bad cell: remember whom they named, so that rows naming them do not repeat the error."""
    hashes = {hash(row.values[k]) for row in rows for k in ("code", "full_name") if row.values.get(k)}
    known = context.seen.get(SKIPPED, hashes)
    context.seen.add(SKIPPED, [(h, 0, 0) for h in hashes if h not in known])


def skipped_among(context: ImportContext, keys: set[str]) -> set[str]:
    """Those of these codes or names that a skipped row gave (a hash collision only hides a message)."""
    met = context.seen.get(SKIPPED, (hash(k) for k in keys))
    return {k for k in keys if hash(k) in met}


def _sex_and_birth(
    sheet: str, number: int, header: HeaderMatch, values: dict[str, Any], errors: list[RowError]
) -> None:
    """The two forms: "Giới tính" + "Ngày sinh", or the birth date written under a "Nam" or a "Nữ" column
    (an error is reported on the column that holds the bad value)."""
    h = header.header_text
    if "birth_male" in header.columns or "birth_female" in header.columns:
        male, female = values.get("birth_male"), values.get("birth_female")
        try:
            sex, birth, precision = parse_split_birth(male, female)
            values["sex"], values["birth"] = sex, (birth, precision)
        except CellError as error:
            key = "birth_female" if error.column == FEMALE_COLUMN else "birth_male"
            errors.append(
                RowError(
                    sheet, number, h.get(key) or h.get("birth_male") or h.get("birth_female"), str(error)
                )
            )
            return
    for key in ("birth", "sex"):
        if (
            values.get(key) in (None, "")
            and key in header.columns
            and not any(e.column == h[key] for e in errors)
        ):
            errors.append(RowError(sheet, number, h[key], _("This cell must be filled in")))


class PeoplePlan(NamedTuple):
    new: list[PersonRow]
    changed: list[tuple[Row, int, dict[str, Any]]]  # row, person id, the fields the row changes
    unchanged: int
    new_rows: list[int]  # the row number of each new person


class PeopleWriter(SheetWriter[PeoplePlan]):
    kind = PEOPLE
    clean_row = staticmethod(_sex_and_birth)

    def skip(self, sheet: ParsedSheet, rows: list[Row]) -> None:
        remember_skipped(self.context, rows)

    def check(self, sheet: ParsedSheet, rows: list[Row]) -> PeoplePlan:
        """Rows of this chunk against each other and against earlier chunks (the same person twice with
        different values, a code given to two people), then matched to the registered people."""
        h, seen = sheet.header.header_text, self.context.seen
        parsed: list[tuple[Row, tuple[str, dt.date], PersonRow]] = []
        for row in rows:
            v = row.values
            if "full_name" not in v or v.get("birth") is None or not v.get("sex"):
                continue  # already reported
            birth, precision = v["birth"]
            person = PersonRow(
                v.get("code", ""), v["full_name"], v["sex"], birth, precision, v.get("ethnicity", ""),
                v.get("education", ""), v.get("political_theory", ""), v.get("party_admission_date"),
                v.get("state_management", ""),
            )  # fmt: skip
            parsed.append((row, (person.full_name, birth), person))
        met = seen.get("people", (hash(key) for _, key, _ in parsed))
        met_codes = seen.get("codes", (hash(p.code) for _, _, p in parsed if p.code))
        local: dict[tuple[str, dt.date], tuple[int, tuple[Any, ...]]] = {}  # this chunk's rows, exactly
        local_codes: dict[str, int] = {}
        remember: list[tuple[int, int, int]] = []
        remember_codes: list[tuple[int, int, int]] = []
        wanted: list[tuple[Row, PersonRow]] = []
        for row, key, person in parsed:
            earlier = local.get(key)
            if earlier is None and (hit := met.get(hash(key))) is not None:
                if hit.extra == hash(person):
                    continue  # identical to a row of an earlier chunk: merged
                # as that row left it (None: the hash was another name's)
                stored = person_first_by_name_birth(
                    full_name=key[0], birth_date=key[1], columns=person_services.BULK_FIELDS
                )
                earlier = (hit.line, stored) if stored is not None else None
            if earlier is not None:
                first, first_values = earlier
                differing = [
                    f for f, old, new in zip(PersonRow._fields, first_values, person, strict=True)
                    if old != new and not (old in (None, "") and new in (None, ""))
                ]  # fmt: skip
                if differing:
                    labels = ", ".join(f"'{h.get(_COLUMN_OF_FIELD.get(f, f), f)}'" for f in differing)
                    self.error(
                        sheet.name,
                        row.number,
                        h.get("full_name"),
                        _("Same name and birth date as row %(row)s but different %(fields)s")
                        % {"row": first, "fields": labels},
                    )
                continue  # an identical duplicate is merged
            if person.code:
                given = local_codes.get(person.code)
                if given is None and (hit := met_codes.get(hash(person.code))) is not None:
                    given = hit.line if Person.objects.filter(code=person.code).exists() else None
                if given is not None:
                    self.error(
                        sheet.name,
                        row.number,
                        h.get("code"),
                        _("The cadre code '%(code)s' is already given to another person in row %(row)s")
                        % {"code": person.code, "row": given},
                    )
                    continue
                local_codes[person.code] = row.number
                if hash(person.code) not in met_codes:  # (a hash met is another code's: kept as it is)
                    remember_codes.append((hash(person.code), row.number, 0))
            local[key] = (row.number, person)
            if hash(key) not in met:
                remember.append((hash(key), row.number, hash(person)))
            wanted.append((row, person))
        seen.add("people", remember)
        seen.add("codes", remember_codes)
        columns = ("id", *PersonRow._fields)
        by_code, by_name = people_by_code_and_birth(
            codes={p.code for _, p in wanted if p.code},
            name_births={(p.full_name, p.birth_date) for _, p in wanted},
            columns=columns,
        )
        scope, created = self.context.scope, self.context.created_people
        matched = [f[0] for f in (*by_code.values(), *by_name.values())]
        visible = people_in_scope(scope, matched, Level.VIEW, created)
        editable = people_in_scope(scope, visible, Level.EDIT, created)
        plan, unchanged = PeoplePlan([], [], 0, []), 0
        for row, person in wanted:
            found = by_code.get(person.code) if person.code else None
            by = "code"
            if found is None:
                found, by = by_name.get((person.full_name, person.birth_date)), "name_birth"
            if found is None:
                plan.new.append(person)
                plan.new_rows.append(row.number)
                continue
            pk, old = found[0], PersonRow(*found[1:])
            if pk not in visible:  # never revealed: not listed among the matches, no name in the message
                if by == "code":
                    self.error(sheet.name, row.number, h.get("code"), hidden_code(person.code))
                else:
                    self.error(sheet.name, row.number, h.get("full_name"), hidden_name())
                continue
            self.result.match(sheet.name, row.number, old.full_name, pk, by)
            changes = {
                f: value
                for f, value, was in zip(PersonRow._fields, person, old, strict=True)
                if value not in (None, "") and value != was
            }
            if changes and pk not in editable:
                self.error(sheet.name, row.number, h.get("full_name"), not_editable())
                continue
            if changes:
                plan.changed.append((row, pk, changes))
            else:
                unchanged += 1
        return plan._replace(unchanged=unchanged)

    def write(self, sheet: ParsedSheet, plan: PeoplePlan) -> None:
        updated = 0
        for row, pk, changes in plan.changed:
            try:
                person_update(
                    person=Person.objects.get(pk=pk), data=changes, acting_user=self.user, source=self.source
                )
            except ValidationError as error:
                self.error(sheet.name, row.number, None, " ".join(error.messages))
                continue
            except PermissionDenied as refused:  # checked above; the service's own refusal, to be safe
                self.error(sheet.name, row.number, sheet.header.header_text.get("full_name"), str(refused))
                continue
            updated += 1
        if updated:
            self.result.count(sheet.name, "people", "updated", updated)
        if plan.unchanged:
            self.result.count(sheet.name, "people", "unchanged", plan.unchanged)
        ids = person_services.people_bulk_insert(rows=plan.new, acting_user=self.user, source=self.source)
        if not self.context.scope.unrestricted:  # to be found back inside the scope at the end
            column = sheet.header.header_text.get("full_name")
            for pk, number, person in zip(ids, plan.new_rows, plan.new, strict=True):
                self.context.created_people[pk] = (sheet.name, number, column, person.full_name)
        self.result.count(sheet.name, "people", "created", len(plan.new))
