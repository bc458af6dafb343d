"""The sheet 'Chức vụ': tenures of registered people (by cadre code, or name and birth date) on posts found
or created in the organizations of an area, with their bodies and terms; created in bulk, or updated with
what the row adds (an empty cell never erases)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.core.scope import Level
from nguon.organizations import services as org_services
from nguon.organizations.models import Tenure
from nguon.people.selectors import PersonKey, people_keys

from ..kinds import TENURES
from ..parse import ParsedSheet, Row
from ..scoping import hidden_code, hidden_name, people_in_scope
from ..structure import StructureResolver
from .base import ImportContext, SheetWriter
from .people import remember_skipped, skipped_among

TenureRow = org_services.TenureRow
#: the sheet's column of a field of the tenure rule's errors (the cell the officer must change)
_COLUMN_OF_FIELD = {"start_date": "start", "end_date": "end", "term": "term", "post": "post"}
_NEEDED = ("area_code", "organization", "post", "start", "start_reason")  # rows without one were reported


class Planned(NamedTuple):
    row: Row
    tenure: TenureRow
    person: str  # the holder's name, for messages and the audit record
    post: str


class TenuresPlan(NamedTuple):
    new: list[Planned]
    refused: bool  # some new tenure was refused: none is written (the import is refused anyway)


class TenuresWriter(SheetWriter[TenuresPlan]):
    kind = TENURES

    def __init__(self, context: ImportContext) -> None:
        super().__init__(context)
        self.areas: dict[str, list[Area]] = defaultdict(list)
        self.structure = StructureResolver(
            policy=context.structure,
            error=self.error,
            created=self._created,
            proposed=lambda _sheet, proposal: self.result.propose(proposal),
            acting_user=self.user,
            source=self.source,
            scope=context.scope,
        )

    def skip(self, sheet: ParsedSheet, rows: list[Row]) -> None:
        remember_skipped(self.context, rows)

    def check(self, sheet: ParsedSheet, rows: list[Row]) -> TenuresPlan:
        """Each row's holder, area, organization, post and term (structure missing is created), then the
        tenures against each other, earlier chunks and the registry; a tenure already registered is
        updated here with what the row adds."""
        h, seen = sheet.header.header_text, self.context.seen
        rows = [r for r in rows if all(k in r.values for k in _NEEDED)]
        by_code, by_name = people_keys(
            codes={r.values["code"] for r in rows if r.values.get("code")},
            name_births={
                (r.values["full_name"], r.values["birth"][0])
                for r in rows
                if r.values.get("full_name") and r.values.get("birth") and not r.values.get("code")
            },
        )
        areas = self.areas
        for found in Area.objects.filter(code__in={r.values["area_code"] for r in rows} - set(areas)):
            areas[found.code].append(found)
        # holders not registered whom a skipped row of this file named are not reported again
        skipped = skipped_among(
            self.context,
            {r.values["code"] for r in rows if r.values.get("code") and r.values["code"] not in by_code}
            | {
                r.values["full_name"]
                for r in rows
                if not r.values.get("code")
                and r.values.get("full_name")
                and r.values.get("birth")
                and (r.values["full_name"], r.values["birth"][0]) not in by_name
            },
        )
        located: list[tuple[Row, tuple[int, str], Area]] = []
        for row in rows:
            v = row.values
            holder = self._person(sheet, row, by_code, by_name, skipped)
            place = next((a for a in areas.get(v["area_code"], ()) if a.is_valid_on(v["start"])), None)
            if place is None:
                self.error(
                    sheet.name,
                    row.number,
                    h["area_code"],
                    _("No administrative area has code '%(code)s' on %(date)s.")
                    % {"code": v["area_code"], "date": v["start"].strftime("%d/%m/%Y")},
                )
            if holder is not None and place is not None:
                located.append((row, holder, place))
        # a holder the user may not read is never revealed, nor given a tenure that would show her the record
        scope = self.context.scope
        if not scope.unrestricted:
            visible = people_in_scope(
                scope, {holder[0] for _r, holder, _p in located}, Level.VIEW, self.context.created_people
            )
            for row, holder, _place in located:
                if holder[0] not in visible:
                    v = row.values
                    if v.get("code"):
                        self.error(sheet.name, row.number, h["code"], hidden_code(v["code"]))
                    else:
                        self.error(sheet.name, row.number, h.get("full_name"), hidden_name())
            located = [item for item in located if item[1][0] in visible]
        # the structure the rows name, found, or created in bulk for the whole chunk
        structure = self.structure.resolve(sheet.name, h, [(row, place) for row, _holder, place in located])
        planned: list[Planned] = []
        for row, holder, _place in located:
            v = row.values
            named = structure.get(row.number)
            if named is None:
                continue
            post, term = named
            tenure = TenureRow(
                holder[0], post.pk, term.pk if term else None, v["start"], v.get("end"), v["start_reason"],
                v.get("decision", ""), v.get("end_reason", ""),
            )  # fmt: skip
            planned.append(Planned(row, tenure, holder[1], str(post)))
        held = org_services.tenures_held(p.tenure.person_id for p in planned)
        hashes = [hash((p.tenure.person_id, p.tenure.post_id, p.tenure.start_date)) for p in planned]
        met = seen.get("tenures", hashes)
        local: set[tuple[int, int, dt.date]] = set()
        remember: list[tuple[int, int, int]] = []
        new: list[Planned] = []
        for p, key_hash in zip(planned, hashes, strict=True):
            t = p.tenure
            old = next(
                (o for o in held.get((t.person_id, t.post_id), ()) if o.start_date == t.start_date), None
            )
            # met before: in this chunk, or in an earlier one, and then in the database (a hash is not proof)
            if (t.person_id, t.post_id, t.start_date) in local or (key_hash in met and old is not None):
                self.error(
                    sheet.name, p.row.number, h["start"], _("The same tenure is written twice in this file")
                )
                continue
            local.add((t.person_id, t.post_id, t.start_date))
            if key_hash not in met:  # met but not registered: that row was refused, its error is there
                remember.append((key_hash, p.row.number, 0))
            if old is None:
                new.append(p)
                continue
            self._tenure_update(sheet, p.row, old, t)
        seen.add("tenures", remember)
        refused = org_services.tenures_check(
            rows=[p.tenure for p in new], names=[(p.person, p.post) for p in new], held=held
        )
        for index, problems in refused.items():
            self._refused(sheet, new[index].row, problems)
        return TenuresPlan(new, bool(refused))

    def write(self, sheet: ParsedSheet, plan: TenuresPlan) -> None:
        if plan.refused:
            return
        org_services.tenures_bulk_insert(
            rows=[p.tenure for p in plan.new],
            reprs=[f"{p.person} — {p.post}" for p in plan.new],
            acting_user=self.user,
            source=self.source,
        )
        self.result.count(sheet.name, "tenures", "created", len(plan.new))

    def _tenure_update(self, sheet: ParsedSheet, row: Row, old: org_services.Held, new: TenureRow) -> None:
        """A tenure already registered: fill in what the row adds (an empty cell never erases), through
        the tenure rule whatever changes."""
        changes: dict[str, Any] = {
            f: value
            for f, value, was in (
                ("end_date", new.end_date, old.end_date), ("start_reason", new.start_reason, old.start_reason),
                ("start_decision", new.start_decision, old.start_decision),
                ("end_reason", new.end_reason, old.end_reason), ("term_id", new.term_id, old.term_id),
            )
            if value and value != was
        }  # fmt: skip
        if changes:
            tenure = Tenure.objects.select_related("person", "post", "term").get(pk=old.id)
            try:
                org_services.tenure_update(
                    tenure=tenure, data=changes, acting_user=self.user, source=self.source
                )
            except ValidationError as error:
                self._refused(sheet, row, error.error_dict if hasattr(error, "error_dict") else {"": [error]})
                return
            except PermissionDenied as refused:  # the structure check keeps this away; to be safe
                self.error(sheet.name, row.number, sheet.header.header_text["organization"], str(refused))
                return
        self.result.count(sheet.name, "tenures", "updated" if changes else "unchanged")

    def _refused(self, sheet: ParsedSheet, row: Row, errors: Mapping[str, list[ValidationError]]) -> None:
        """The tenure rule's errors, each on the cell of its field (the start date's when the sheet lacks
        that column)."""
        h = sheet.header.header_text
        for field, found in errors.items():
            column = h.get(_COLUMN_OF_FIELD.get(field, ""), h["start"])
            self.error(sheet.name, row.number, column, " ".join(m for e in found for m in e.messages))

    def _person(
        self,
        sheet: ParsedSheet,
        row: Row,
        by_code: dict[str, PersonKey],
        by_name: dict[tuple[str, dt.date], PersonKey],
        skipped: set[str],
    ) -> tuple[int, str] | None:
        """The holder's id and name, from the database (people of earlier sheets and chunks included)."""
        v, h = row.values, sheet.header.header_text
        if v.get("code"):
            found = by_code.get(v["code"])
            if found is None:
                if v["code"] not in skipped:
                    self.error(
                        sheet.name,
                        row.number,
                        h["code"],
                        _("No person has the code '%(code)s'") % {"code": v["code"]},
                    )
                return None
            return found.id, found.full_name
        if not v.get("full_name") or not v.get("birth"):
            self.error(
                sheet.name,
                row.number,
                h.get("full_name"),
                _("Give the cadre code, or the full name and birth date"),
            )
            return None
        birth = v["birth"][0]
        found = by_name.get((v["full_name"], birth))
        if found is None:
            if v["full_name"] not in skipped:
                self.error(
                    sheet.name,
                    row.number,
                    h["full_name"],
                    _("No person '%(name)s' born %(birth)s: add them to the sheet 'Cán bộ'")
                    % {"name": v["full_name"], "birth": birth.strftime("%d/%m/%Y")},
                )
            return None
        return found.id, found.full_name

    def _created(self, sheet: str, kind: str, name: str, pk: int) -> None:
        self.result.count(sheet, kind, "created")
        self.result.created.setdefault(kind, []).append(name)
        self.result.created_ids.setdefault(kind, []).append(pk)
