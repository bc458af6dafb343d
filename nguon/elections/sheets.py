"""The import sheet 'Danh sách ứng cử viên': candidates of candidate lists, and their results, through the
importer's all-or-nothing pipeline.

Each row names a registered person (cadre code, or full name and birth date, as on the sheet 'Chức vụ'),
the organization (its name; its area's code when the name is not enough), the body and its term ("Nhiệm
kỳ"), and the list (its name or constituency, "Danh sách/Đơn vị bầu cử"). The list is found by name within
the term, or opened when the row gives the election date and the seats (the seat elected: the body's one
member post, or the post named in "Chức danh được bầu"). The candidate is added with her order. When some row
of a list gives votes or "Trúng cử", the list's results are recorded from the rows of the file — every
candidate of the list must have one — with the voters and valid ballots of the list's rows, through
``services.results_record`` (which creates or links the tenures of those elected). The scope rules are the
importer's (``imports.scoping``): an organization outside the edit scope is an error on its cell, a person
outside the view scope is refused without being revealed. Refusals are on the row and column to change.

A list's rows are read together within one chunk of the import (5.000 rows): a list longer than that is
refused on the rows of the later chunk."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nguon.core.scope import Level
from nguon.core.text import fold
from nguon.imports.kinds import Column, SheetKind, date_or_year, exported_birth
from nguon.imports.parse import ParsedSheet, Row
from nguon.imports.parsing import CellError, clean_cell_text, parse_code, parse_date, parse_term
from nguon.imports.scoping import organization_outside
from nguon.imports.writers.base import ImportContext, SheetWriter
from nguon.imports.writers.lookup import rows_people
from nguon.imports.writers.people import remember_skipped
from nguon.organizations.models import Organization, Post, Term
from nguon.people.models import Person
from nguon.people.selectors import PersonKey

from . import services
from .choices import ElectionKind, ListStatus
from .models import Candidacy, CandidateList


# -- parsers ------------------------------------------------------------------------------------------------
def _text(value: Any) -> str:
    return clean_cell_text(value)


def _area_code(value: Any) -> str:
    return parse_code(value, 5) if isinstance(value, int | float) else clean_cell_text(value)


def _term(value: Any) -> tuple[int, int]:
    return parse_term(value)


def _day(value: Any) -> dt.date | None:
    if value is None or clean_cell_text(value) == "":
        return None
    day, precision = parse_date(value)
    if precision != "day":
        raise CellError(
            _("'%(value)s' is a year; a full date is needed here") % {"value": clean_cell_text(value)}
        )
    return day


def _count(value: Any) -> int | None:
    text = clean_cell_text(value).replace(".", "").replace(" ", "")
    if text == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and value >= 0:
        return value
    if text.isdigit():
        return int(text)
    raise CellError(_("'%(value)s' is not a whole number") % {"value": clean_cell_text(value)})


YES = {"x", "co", "1", "true", "yes", "v", "trung cu", "dat"}
NO = {"0", "khong", "false", "no", "khong trung cu", "truot"}


def _elected(value: Any) -> bool | None:
    key = fold(clean_cell_text(value))
    if key == "":
        return None
    if key in YES:
        return True
    if key in NO:
        return False
    raise CellError(
        _("'%(value)s': write x (or Trúng cử) for those elected, Không for the others")
        % {"value": clean_cell_text(value)}
    )


_KIND_WORDS = {
    "dai hoi dang": ElectionKind.PARTY_CONGRESS,
    "dai hoi": ElectionKind.PARTY_CONGRESS,
    "hdnd": ElectionKind.PEOPLES_COUNCIL,
    "bau cu hdnd": ElectionKind.PEOPLES_COUNCIL,
    "hoi dong nhan dan": ElectionKind.PEOPLES_COUNCIL,
    "dai hoi doan the": ElectionKind.UNION_CONGRESS,
    "khac": ElectionKind.OTHER,
}


def _kind(value: Any) -> str:
    key = fold(clean_cell_text(value))
    if key == "":
        return ""
    for value_, label_ in ElectionKind.choices:
        if key in (fold(str(value_)), fold(str(label_))):
            return str(value_)
    if key in _KIND_WORDS:
        return str(_KIND_WORDS[key])
    raise CellError(_("'%(value)s' is not a kind of election") % {"value": clean_cell_text(value)})


CANDIDATES = SheetKind(
    key="candidates",
    title="Danh sách ứng cử viên",
    names=("Danh sách ứng cử viên", "Danh sach ung cu vien", "Ứng cử viên", "Candidates"),
    columns=(
        Column("code", ("Mã cán bộ", "Mã CB"), _text, max_length=30, export=lambda c: c.person.code,
               note="Mã cán bộ, hoặc Họ và tên + Ngày sinh như ở sheet 'Cán bộ'."),
        Column("full_name", ("Họ và tên", "Họ tên"), _text, max_length=150,
               export=lambda c: c.person.full_name, width=26),
        Column("birth", ("Ngày sinh", "Năm sinh"), date_or_year, export=lambda c: exported_birth(c.person),
               kind="date"),
        Column("area_code", ("Mã địa bàn", "Mã đơn vị hành chính", "Mã ĐVHC"), _area_code,
               export=lambda c: c.candidate_list.term.body.organization.area.code, width=10,
               note="Mã đơn vị hành chính của tổ chức, khi tên tổ chức chưa đủ để nhận ra."),
        Column("organization", ("Tổ chức", "Cơ quan, đơn vị"), _text, True, True, max_length=250,
               export=lambda c: c.candidate_list.term.body.organization.name, width=30,
               note="Bắt buộc. Ví dụ: Đảng bộ phường Hàng Bạc, HĐND quận Hoàn Kiếm."),
        Column("body", ("Cơ quan",), _text, True, True, max_length=250,
               export=lambda c: c.candidate_list.term.body.name, width=30,
               note="Bắt buộc. Cơ quan được bầu: Ban Chấp hành, Hội đồng nhân dân…"),
        Column("term", ("Nhiệm kỳ",), _term, True, True, export=lambda c: c.candidate_list.term.name,
               width=11, note="Bắt buộc. Ví dụ 2021–2026."),
        Column("list", ("Danh sách/Đơn vị bầu cử", "Đơn vị bầu cử", "Danh sách"), _text, True, True,
               max_length=250, export=lambda c: c.candidate_list.name, width=30,
               note="Bắt buộc. Tên danh sách hoặc đơn vị bầu cử."),
        Column("kind", ("Loại bầu cử",), _kind, export=lambda c: c.candidate_list.get_kind_display(),
               width=16, options=lambda: tuple(str(label_) for _v, label_ in ElectionKind.choices),
               note="Khi mở danh sách mới; mặc định theo loại tổ chức."),
        Column("election_date", ("Ngày bầu cử",), _day, export=lambda c: c.candidate_list.election_date,
               kind="date", note="Khi mở danh sách mới."),
        Column("seats", ("Số người được bầu", "Số đại biểu được bầu"), _count,
               export=lambda c: c.candidate_list.seats, width=10, note="Khi mở danh sách mới."),
        Column("post", ("Chức danh được bầu",), _text, max_length=250,
               export=lambda c: c.candidate_list.post.name, width=24,
               note="Khi cơ quan có nhiều chức danh là ghế của nó."),
        Column("order", ("Thứ tự", "STT"), _count, export=lambda c: c.order, width=8),
        Column("voters", ("Số cử tri", "Số đại biểu"), _count, export=lambda c: c.candidate_list.voters,
               width=10),
        Column("valid_ballots", ("Số phiếu hợp lệ",), _count,
               export=lambda c: c.candidate_list.valid_ballots, width=10),
        Column("votes", ("Số phiếu", "Số phiếu bầu"), _count, export=lambda c: c.votes, width=10),
        Column("elected", ("Trúng cử", "Kết quả"), _elected,
               export=lambda c: "" if c.elected is None else ("x" if c.elected else "Không"), width=9,
               kind="flag", options=lambda: ("x", "Không"),
               note="x: trúng cử; Không: không trúng cử."),
    ),
    required_any=(("code", "full_name"),),
)  # fmt: skip

_NEEDED = ("organization", "body", "term", "list")


class Line(NamedTuple):
    row: Row
    key: tuple[int, str]  # (term id, folded list name)
    person_id: int
    person_name: str


class ListPlan(NamedTuple):
    term: Term
    name: str
    existing: CandidateList | None
    first: Row
    post: Post | None
    kind: str
    election_date: dt.date | None
    seats: int | None


class CandidatesPlan(NamedTuple):
    lists: dict[tuple[int, str], ListPlan]
    lines: list[Line]


class CandidatesWriter(SheetWriter[CandidatesPlan]):
    kind = CANDIDATES

    def __init__(self, context: ImportContext) -> None:
        super().__init__(context)
        self.organizations: dict[tuple[str, str], Organization | None] = {}

    def skip(self, sheet: ParsedSheet, rows: list[Row]) -> None:
        remember_skipped(self.context, rows)

    def check(self, sheet: ParsedSheet, rows: list[Row]) -> CandidatesPlan:
        h = sheet.header.header_text
        rows = [r for r in rows if all(r.values.get(k) for k in _NEEDED)]
        people = self._people(sheet, rows)
        lists: dict[tuple[int, str], ListPlan] = {}
        lines: list[Line] = []
        seen: set[tuple[tuple[int, str], int]] = set()
        for row in rows:
            person = people.get(row.number)
            organization = self._organization(sheet, row)
            if person is None or organization is None:
                continue
            term = self._term(sheet, row, organization)
            if term is None:
                continue
            key = (term.pk, fold(row.values["list"]))
            if key not in lists:
                planned = self._list(sheet, row, term)
                if planned is None:
                    continue
                lists[key] = planned
            if (key, person.id) in seen:
                self.error(sheet.name, row.number, h.get("full_name") or h.get("code"),
                           _("%(person)s is twice on this list in the file.") % {"person": person.full_name})  # fmt: skip
                continue
            seen.add((key, person.id))
            lines.append(Line(row, key, person.id, person.full_name))
        return CandidatesPlan(lists, lines)

    # -- what the rows name --------------------------------------------------------------------------------
    def _people(self, sheet: ParsedSheet, rows: list[Row]) -> dict[int, PersonKey]:
        return rows_people(self, sheet, rows)

    def _organization(self, sheet: ParsedSheet, row: Row) -> Organization | None:
        v, h = row.values, sheet.header.header_text
        area_code = v.get("area_code") or ""
        key = (area_code, fold(v["organization"]))
        if key not in self.organizations:
            qs = Organization.objects.filter(search_key=key[1]).select_related("area")
            if area_code:
                qs = qs.filter(area__code=area_code)
            readable = [o for o in qs[:20] if self.context.scope.covers_organization(o, Level.VIEW)]
            if len(readable) > 1:
                self.error(sheet.name, row.number, h["organization"],
                           _("Several organizations are named '%(name)s': give the area code (Mã địa bàn)")
                           % {"name": v["organization"]})  # fmt: skip
                return None
            self.organizations[key] = readable[0] if readable else None
        found = self.organizations[key]
        if found is None:
            self.error(sheet.name, row.number, h["organization"],
                       _("No organization named '%(name)s' in your area of work") % {"name": v["organization"]})  # fmt: skip
            return None
        outside = organization_outside(self.context.scope, found.area, found.kind, found.name)
        if outside:
            self.error(sheet.name, row.number, h["organization"], outside)
            return None
        return found

    def _term(self, sheet: ParsedSheet, row: Row, organization: Organization) -> Term | None:
        v, h = row.values, sheet.header.header_text
        start, end = v["term"]
        names = {f"{start}–{end}", f"{start}-{end}", f"{start} – {end}"}
        body_key = fold(v["body"])
        terms = [
            t
            for t in Term.objects.filter(body__organization=organization, name__in=names).select_related(
                "body__organization__area"
            )
            if fold(t.body.name) == body_key
        ]
        if not terms:
            self.error(sheet.name, row.number, h["term"],
                       _("%(organization)s has no body '%(body)s' with the term %(term)s")
                       % {"organization": organization, "body": v["body"], "term": f"{start}–{end}"})  # fmt: skip
            return None
        return terms[0]

    def _list(self, sheet: ParsedSheet, row: Row, term: Term) -> ListPlan | None:
        v, h = row.values, sheet.header.header_text
        name = v["list"]
        existing = next(
            (cl for cl in CandidateList.objects.filter(term=term).select_related("post") if fold(cl.name) == fold(name)),
            None,
        )  # fmt: skip
        if existing is not None:
            return ListPlan(term, name, existing, row, existing.post, existing.kind, existing.election_date,
                            existing.seats)  # fmt: skip
        if not v.get("election_date") or not v.get("seats"):
            self.error(sheet.name, row.number, h.get("election_date") or h["list"],
                       _("No list '%(list)s' for %(term)s: give its election date and seats to open it")
                       % {"list": name, "term": term})  # fmt: skip
            return None
        posts = list(Post.objects.filter(body=term.body))
        if v.get("post"):
            posts = [p for p in posts if fold(p.name) == fold(v["post"])]
        if len(posts) != 1:
            self.error(sheet.name, row.number, h.get("post") or h["body"],
                       _("Name the seat elected of %(body)s (Chức danh được bầu): one of its posts")
                       % {"body": term.body.name})  # fmt: skip
            return None
        kind = v.get("kind") or (
            ElectionKind.PEOPLES_COUNCIL
            if term.body.organization.kind == "peoples_council"
            else ElectionKind.PARTY_CONGRESS
        )
        return ListPlan(term, name, None, row, posts[0], str(kind), v["election_date"], v["seats"])

    # -- write -------------------------------------------------------------------------------------------
    def write(self, sheet: ParsedSheet, plan: CandidatesPlan) -> None:
        if self.result.errors:
            return  # the import is refused anyway: nothing is written
        h = sheet.header.header_text
        made: dict[tuple[int, str], CandidateList] = {}
        for key, lp in plan.lists.items():
            if lp.existing is not None:
                made[key] = lp.existing
                continue
            if lp.post is None or lp.election_date is None:  # refused in check
                continue
            try:
                with transaction.atomic():
                    made[key] = services.candidate_list_create(
                        term=lp.term, post=lp.post, kind=lp.kind, name=lp.name, election_date=lp.election_date,
                        seats=lp.seats or 0, constituency=lp.name if lp.kind == ElectionKind.PEOPLES_COUNCIL else "",
                        acting_user=self.user, source=self.source,
                    )  # fmt: skip
            except (ValidationError, PermissionDenied) as refused:
                self._refused(sheet, lp.first, refused, {"election_date": "election_date", "seats": "seats"})
                continue
            self.result.count(sheet.name, "candidate_lists", "created")
        by_list: dict[tuple[int, str], list[tuple[Line, Candidacy]]] = defaultdict(list)
        people = Person.objects.in_bulk({line.person_id for line in plan.lines})
        for line in plan.lines:
            cl = made.get(line.key)
            if cl is None:
                continue
            candidacy = Candidacy.objects.filter(candidate_list=cl, person_id=line.person_id).first()
            order = line.row.values.get("order")
            if candidacy is None:
                try:
                    with transaction.atomic():
                        candidacy = services.candidacy_add(
                            candidate_list=cl, person=people[line.person_id], order=order,
                            acting_user=self.user, source=self.source,
                        )  # fmt: skip
                except (ValidationError, PermissionDenied) as refused:
                    self._refused(sheet, line.row, refused, {})
                    continue
                self.result.count(sheet.name, "candidacies", "created")
            else:
                self.result.count(sheet.name, "candidacies", "unchanged")
            by_list[line.key].append((line, candidacy))
        for key, items in by_list.items():
            if not any(ln.row.values.get("votes") is not None or ln.row.values.get("elected") is not None
                       for ln, _c in items):  # fmt: skip
                continue
            self._results(sheet, made[key], items, h)

    def _results(
        self, sheet: ParsedSheet, cl: CandidateList, items: list[tuple[Line, Candidacy]], h: dict[str, str]
    ) -> None:
        first = items[0][0].row
        voters = next((ln.row.values.get("voters") for ln, _c in items if ln.row.values.get("voters")), None)
        ballots = next(
            (ln.row.values.get("valid_ballots") for ln, _c in items if ln.row.values.get("valid_ballots") is not None),
            None,
        )  # fmt: skip
        results = [(c, bool(ln.row.values.get("elected")), ln.row.values.get("votes")) for ln, c in items]
        row_of = {c.pk: ln.row for ln, c in items}
        try:
            with transaction.atomic():
                services.results_record(
                    candidate_list=cl, results=results, voters=voters if voters is not None else cl.voters,
                    valid_ballots=ballots if ballots is not None else cl.valid_ballots,
                    acting_user=self.user, source=self.source,
                )  # fmt: skip
        except PermissionDenied as refused:
            self.error(sheet.name, first.number, h["organization"], str(refused))
            return
        except ValidationError as refused:
            for field, errors in getattr(refused, "error_dict", {"results": [refused]}).items():
                text = " ".join(m for e in errors for m in e.messages)
                if field.startswith(("votes-", "elected-")):
                    pk = int(field.split("-", 1)[1])
                    column = "votes" if field.startswith("votes-") else "elected"
                    row = row_of.get(pk, first)
                    self.error(sheet.name, row.number, h.get(column) or h["list"], text)
                else:
                    column = {"voters": "voters", "valid_ballots": "valid_ballots"}.get(field, "elected")
                    self.error(sheet.name, first.number, h.get(column) or h["list"], text)
            return
        self.result.count(sheet.name, "results", "created" if cl.status != ListStatus.RESULTS else "updated")

    def _refused(self, sheet: ParsedSheet, row: Row, error: Exception, columns: dict[str, str]) -> None:
        h = sheet.header.header_text
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                column = h.get(columns.get(field, ""), h["list"])
                self.error(sheet.name, row.number, column, " ".join(m for e in errors for m in e.messages))
        else:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            self.error(sheet.name, row.number, h["list"], " ".join(messages))


def register_sheet() -> None:
    """Make the importer read the sheet 'Danh sách ứng cử viên' (after people and tenures)."""
    from nguon.imports import registry

    if CandidatesWriter not in registry.writers():
        registry.register(CandidatesWriter)
