"""The sheet 'Chức vụ': tenures of registered people (by cadre code, or name and birth date) on posts found
or created in the organizations of an area, with their bodies and terms; created in bulk, or updated with
what the row adds (an empty cell never erases)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.core.text import fold
from nguon.organizations import services as org_services
from nguon.organizations.models import Body, Organization, Post, Tenure, Term
from nguon.people.selectors import people_by_code_and_birth

from ..kinds import TENURES, infer_body_kind, infer_organization_kind
from ..parse import ParsedSheet, Row
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
        self.orgs: dict[tuple[int, str], list[Organization]] = {}
        self.bodies: dict[tuple[int, str], Body] = {}
        self.terms: dict[tuple[int, str], Term] = {}
        self.posts: dict[tuple[int, str], Post] = {}
        self.resolved: dict[tuple[Any, ...], tuple[Organization, Post, Term | None]] = {}
        self.areas: dict[str, list[Area]] = defaultdict(list)
        self.loaded: set[int] = set()  # areas whose organizations are loaded

    def skip(self, sheet: ParsedSheet, rows: list[Row]) -> None:
        remember_skipped(self.context, rows)

    def check(self, sheet: ParsedSheet, rows: list[Row]) -> TenuresPlan:
        """Each row's holder, area, organization, post and term (structure missing is created), then the
        tenures against each other, earlier chunks and the registry; a tenure already registered is
        updated here with what the row adds."""
        h, seen = sheet.header.header_text, self.context.seen
        rows = [r for r in rows if all(k in r.values for k in _NEEDED)]
        by_code, by_name = people_by_code_and_birth(
            codes={r.values["code"] for r in rows if r.values.get("code")},
            name_births={
                (r.values["full_name"], r.values["birth"][0])
                for r in rows
                if r.values.get("full_name") and r.values.get("birth") and not r.values.get("code")
            },
            columns=("id", "code", "full_name", "birth_date"),
        )
        areas = self.areas
        for found in Area.objects.filter(code__in={r.values["area_code"] for r in rows} - set(areas)):
            areas[found.code].append(found)
        fresh = [a for group in areas.values() for a in group if a.pk not in self.loaded]
        self.loaded.update(a.pk for a in fresh)
        self._load_structure(fresh)
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
        planned: list[Planned] = []
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
            if holder is None or place is None:
                continue
            try:
                post, term = self._post_and_term(sheet, row, place)
            except ValidationError as error:
                self.error(sheet.name, row.number, h.get("organization"), " ".join(error.messages))
                continue
            if post is None:
                continue
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
        by_code: dict[str, tuple[Any, ...]],
        by_name: dict[tuple[str, dt.date], tuple[Any, ...]],
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
            return found[0], found[2]
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
        return found[0], v["full_name"]

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

    def _created(self, sheet: ParsedSheet, kind: str, name: str) -> None:
        self.result.count(sheet.name, kind, "created")
        self.result.created.setdefault(kind, []).append(name)

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
                name=v["organization"], kind=kind, area=area, acting_user=self.user, source=self.source
            )
            self.orgs.setdefault((area.pk, org.search_key), []).append(org)
            self._created(sheet, "organizations", str(org))
        body = None
        if v.get("body"):
            body = self.bodies.get((org.pk, v["body"]))
            if body is None:
                body = org_services.body_create(
                    organization=org,
                    kind=infer_body_kind(v["body"]),
                    name=v["body"],
                    acting_user=self.user,
                    source=self.source,
                )
                self.bodies[(org.pk, body.name)] = body
                self._created(sheet, "bodies", str(body))
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
                    source=self.source,
                )
                self.terms[(body.pk, name)] = term
                self._created(sheet, "terms", str(term))
        post = self.posts.get((org.pk, v["post"]))
        if post is None:
            post = org_services.post_create(
                organization=org,
                name=v["post"],
                body=body,
                is_key=bool(v.get("key_post")),
                acting_user=self.user,
                source=self.source,
            )
            self.posts[(org.pk, post.name)] = post
            self._created(sheet, "posts", str(post))
        return org, post, term
