"""The import sheet 'Quy hoạch': lines of planning pools' logs (who was proposed, approved, moved, removed or
appointed, on which day, under which decision), through the importer's all-or-nothing pipeline.

Each row names a registered person (cadre code, or full name and birth date, as on the sheet 'Chức vụ'), an
organization (its name, and its area's code when the name is not enough), the post planned and the target
term; its status (đề nghị, được phê duyệt, điều chỉnh, đưa ra, đã bổ nhiệm) becomes one line of the pool's
log on its date. The pool is found, or opened; the post is found by name within the organization, or created
as the import's structure policy allows; the decision is found by its number within the organization, or
recorded when the row names the approving body. Every row is checked as ``services.entry_event`` checks a
line (on its date, and against the lines after it), in date order, before anything is written; the scope
rules are the importer's (``imports.scoping``): outside the edit scope an error on the organization's cell,
a person outside the view scope refused without being revealed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nguon.core.formats import format_date
from nguon.core.labels import label
from nguon.core.scope import Level
from nguon.core.text import fold
from nguon.imports.kinds import Column, SheetKind, date_or_year, exported_birth
from nguon.imports.parse import ParsedSheet, Row
from nguon.imports.parsing import CellError, clean_cell_text, parse_code, parse_date, parse_term
from nguon.imports.scoping import organization_outside
from nguon.imports.writers.base import ImportContext, SheetWriter
from nguon.imports.writers.lookup import rows_people
from nguon.imports.writers.people import remember_skipped
from nguon.organizations import services as org_services
from nguon.organizations.models import Organization, Post, Term
from nguon.people.models import Person
from nguon.people.selectors import PersonKey

from . import pools, services
from .choices import EventAction, RemovalReason
from .models import PlanningDecision, Pool, PoolEntry, PoolEvent, ReadinessLevel

# -- parsers -------------------------------------------------------------------------------------------------
#: the status column's words (folded) -> the log's action
STATUS_WORDS = {
    "de nghi": EventAction.PROPOSE,
    "de xuat": EventAction.PROPOSE,
    "duoc phe duyet": EventAction.APPROVE,
    "phe duyet": EventAction.APPROVE,
    "da phe duyet": EventAction.APPROVE,
    "bo sung": EventAction.APPROVE,
    "dieu chinh": EventAction.MOVE,
    "thay doi": EventAction.MOVE,
    "dua ra": EventAction.REMOVE,
    "dua ra khoi quy hoach": EventAction.REMOVE,
    "da bo nhiem": EventAction.FULFIL,
    "bo nhiem": EventAction.FULFIL,
    "duoc bau": EventAction.FULFIL,
    "da bo nhiem hoac duoc bau": EventAction.FULFIL,
}
STATUS_OPTIONS = ("Đề nghị", "Được phê duyệt", "Điều chỉnh", "Đưa ra", "Đã bổ nhiệm")
#: the log's action -> the status column's word (an export of the log reads back as the same lines)
STATUS_OF_ACTION = dict(zip(list(EventAction), STATUS_OPTIONS, strict=True))


def _status(value: Any) -> str:
    text = clean_cell_text(value)
    found = STATUS_WORDS.get(fold(text))
    if found is None:
        raise CellError(
            _("'%(value)s' is not a status of the planning: write one of %(options)s")
            % {"value": text, "options": ", ".join(STATUS_OPTIONS)}
        )
    return str(found)


def _dashes(text: str) -> str:
    return text.replace("–", "-").replace("—", "-").replace(" - ", "-")


def _readiness_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for level in ReadinessLevel.objects.all():
        table[_dashes(fold(level.code))] = level.code
        table[_dashes(fold(level.name))] = level.code
    return table


def _readiness(value: Any) -> str:
    """A readiness level by its name ("Sẵn sàng ngay") or its code ("ngay")."""
    text = clean_cell_text(value)
    if not text:
        return ""
    table = _readiness_table()
    key = _dashes(fold(text))
    found = table.get(key) or table.get(f"san sang {key}") or table.get(f"san sang sau {key}")
    if found is None:
        names = ", ".join(ReadinessLevel.objects.values_list("name", flat=True))
        raise CellError(
            _("'%(value)s' is not a readiness level: write one of %(names)s")
            % {"value": text, "names": names}
        )
    return found


def _rank(value: Any) -> int | None:
    text = clean_cell_text(value)
    if not text:
        return None
    try:
        number = float(value) if isinstance(value, int | float) else float(text)
    except ValueError:
        number = 0.5
    if number != int(number) or number < 1:
        raise CellError(_("'%(value)s' is not a rank: a whole number from 1") % {"value": text})
    return int(number)


def _day(value: Any) -> dt.date:
    day, precision = parse_date(value)
    if precision != "day":
        raise CellError(
            _("'%(value)s' is a year; a full date is needed here") % {"value": clean_cell_text(value)}
        )
    return day


def _term(value: Any) -> tuple[int, int]:
    return parse_term(value)


def _area_code(value: Any) -> str:
    return parse_code(value, 5) if isinstance(value, int | float) else clean_cell_text(value)


def _reason(value: Any) -> tuple[str, str]:
    """The reason as (removal reason code when the text is one of the reasons, the text)."""
    text = clean_cell_text(value)
    if not text:
        return "", ""
    from django.utils import translation

    for language in ("vi", "en"):
        with translation.override(language):
            for code, label in RemovalReason.choices:
                if code and fold(str(label)) == fold(text):
                    return str(code), text
    return "", text


def _text(value: Any) -> str:
    return clean_cell_text(value)


POOL_ENTRIES = SheetKind(
    key="pool_entries",
    title="Quy hoạch",
    names=("Quy hoạch", "Quy hoach", "Danh sách quy hoạch", "Planning"),
    columns=(
        Column(
            "code",
            ("Mã cán bộ", "Mã CB"),
            _text,
            max_length=30,
            export=lambda e: e.entry.person.code,
            note="Mã cán bộ, hoặc Họ và tên + Ngày sinh như ở sheet 'Cán bộ'.",
        ),
        Column(
            "full_name",
            ("Họ và tên", "Họ tên"),
            _text,
            max_length=150,
            export=lambda e: e.entry.person.full_name,
            width=26,
        ),
        Column(
            "birth",
            ("Ngày sinh", "Năm sinh"),
            date_or_year,
            export=lambda e: exported_birth(e.entry.person),
            kind="date",
        ),
        Column(
            "area_code",
            ("Mã địa bàn", "Mã đơn vị hành chính", "Mã ĐVHC"),
            _area_code,
            export=lambda e: e.entry.pool.post.organization.area.code,
            note="Mã đơn vị hành chính của tổ chức, khi tên tổ chức chưa đủ để nhận ra (ví dụ 00070).",
            width=10,
        ),
        Column(
            "organization",
            ("Tổ chức", "Cơ quan, đơn vị"),
            _text,
            True,
            True,
            max_length=250,
            export=lambda e: e.entry.pool.post.organization.name,
            note="Bắt buộc. Tổ chức có chức danh được quy hoạch, ví dụ Đảng bộ phường Hàng Bạc.",
            width=30,
        ),
        Column(
            "post",
            ("Chức danh quy hoạch", "Chức danh"),
            _text,
            True,
            True,
            max_length=250,
            export=lambda e: e.entry.pool.post.name,
            note="Bắt buộc. Ví dụ: Bí thư Đảng ủy.",
            width=26,
        ),
        Column(
            "term",
            ("Nhiệm kỳ", "Nhiệm kỳ quy hoạch"),
            _term,
            True,
            True,
            export=lambda e: e.entry.pool.target_term,
            note="Bắt buộc. Nhiệm kỳ quy hoạch, ví dụ 2025–2030.",
            width=11,
        ),
        Column(
            "readiness",
            ("Mức độ sẵn sàng", "Sẵn sàng"),
            _readiness,
            export=lambda e: e.readiness.name if e.readiness else "",
            width=18,
            options=lambda: tuple(ReadinessLevel.objects.values_list("name", flat=True)),
        ),
        Column(
            "rank",
            ("Thứ tự", "Thứ tự ưu tiên"),
            _rank,
            export=lambda e: e.rank,
            width=8,
            note="Số thứ tự trong danh sách.",
        ),
        Column(
            "status",
            ("Tình trạng", "Trạng thái"),
            _status,
            True,
            True,
            export=lambda e: STATUS_OF_ACTION[EventAction(e.action)],
            note="Bắt buộc: Đề nghị, Được phê duyệt, Điều chỉnh (mức độ, thứ tự), Đưa ra, Đã bổ nhiệm.",
            width=16,
            options=lambda: STATUS_OPTIONS,
        ),
        Column(
            "date",
            ("Ngày", "Ngày hiệu lực", "Từ ngày"),
            _day,
            True,
            True,
            export=lambda e: e.date,
            note="Bắt buộc. Ngày có hiệu lực (ngày của quyết định), dd/mm/yyyy.",
            kind="date",
        ),
        Column(
            "decision",
            ("Số quyết định", "Quyết định"),
            _text,
            max_length=100,
            export=lambda e: e.decision.number if e.decision else "",
            note="Số quyết định phê duyệt (đã có trong hệ thống, hoặc ghi thêm Cơ quan phê duyệt).",
            width=16,
        ),
        Column(
            "approving_body",
            ("Cơ quan phê duyệt",),
            _text,
            max_length=250,
            export=lambda e: e.decision.approving_body if e.decision else "",
            note="Khi quyết định chưa có trong hệ thống: nó được ghi với ngày của dòng.",
            width=24,
        ),
        Column(
            "reason",
            ("Lý do", "Lý do đưa ra"),
            _reason,
            export=lambda e: e.reason or label(RemovalReason, e.removal_reason),
            note="Bắt buộc khi đưa ra khỏi quy hoạch.",
            width=28,
        ),
    ),
    required_any=(("code", "full_name"),),
)

_NEEDED = ("organization", "post", "term", "status", "date")

_REFUSALS = {
    EventAction.PROPOSE: gettext_noop("%(person)s is already in the planning of %(pool)s on %(date)s."),
    EventAction.APPROVE: gettext_noop(
        "%(person)s is already approved in the planning of %(pool)s on %(date)s."
    ),
    EventAction.MOVE: gettext_noop("%(person)s is not in the planning of %(pool)s on %(date)s."),
    EventAction.REMOVE: gettext_noop("%(person)s is not in the planning of %(pool)s on %(date)s."),
    EventAction.FULFIL: gettext_noop("%(person)s is not in the planning of %(pool)s on %(date)s."),
}


class Line(NamedTuple):
    """A row that will become one line of a pool's log."""

    row: Row
    pool: Pool
    person_id: int
    person_name: str
    action: str
    date: dt.date
    readiness: ReadinessLevel | None
    rank: int | None
    removal_reason: str
    reason: str
    decision: PlanningDecision | None


class PoolEntriesWriter(SheetWriter[list[Line]]):
    kind = POOL_ENTRIES

    def __init__(self, context: ImportContext) -> None:
        super().__init__(context)
        self.organizations: dict[tuple[str, str], Organization | None] = {}
        self.posts: dict[tuple[int, str], Post | None] = {}
        self.pools: dict[tuple[int, str], Pool] = {}
        self.decisions: dict[tuple[int, str], PlanningDecision | None] = {}
        self.levels = {r.code: r for r in ReadinessLevel.objects.all()}

    def skip(self, sheet: ParsedSheet, rows: list[Row]) -> None:
        remember_skipped(self.context, rows)

    # -- check ------------------------------------------------------------------------------------------
    def check(self, sheet: ParsedSheet, rows: list[Row]) -> list[Line]:
        h = sheet.header.header_text
        rows = [r for r in rows if all(r.values.get(k) for k in _NEEDED)]
        people = self._people(sheet, rows)
        lines: list[Line] = []
        for row in rows:
            person = people.get(row.number)
            organization = self._organization(sheet, row)
            if person is None or organization is None:
                continue
            post = self._post(sheet, row, organization)
            if post is None:
                continue
            v = row.values
            decision = self._decision(sheet, row, organization)
            if decision is False:
                continue
            removal_reason, reason = v.get("reason") or ("", "")
            if v["status"] == EventAction.REMOVE and not (removal_reason or reason):
                self.error(
                    sheet.name,
                    row.number,
                    h.get("reason") or h["status"],
                    _("Say why the person leaves the planning."),
                )
                continue
            pool = self._pool(sheet, row, post, decision or None)
            if pool is None:
                continue
            lines.append(
                Line(
                    row=row,
                    pool=pool,
                    person_id=person.id,
                    person_name=person.full_name,
                    action=v["status"],
                    date=v["date"],
                    readiness=self.levels.get(v.get("readiness") or ""),
                    rank=v.get("rank"),
                    removal_reason=removal_reason,
                    reason=reason,
                    decision=decision or None,
                )
            )
        return self._follows(sheet, lines)

    def _people(self, sheet: ParsedSheet, rows: list[Row]) -> dict[int, PersonKey]:
        return rows_people(self, sheet, rows)

    def _organization(self, sheet: ParsedSheet, row: Row) -> Organization | None:
        """The organization by its name (within the area of the code given), inside the edit scope."""
        v, h = row.values, sheet.header.header_text
        area_code = v.get("area_code") or ""
        key = (area_code, fold(v["organization"]))
        if key not in self.organizations:
            qs = Organization.objects.filter(search_key=key[1]).select_related("area")
            if area_code:
                qs = qs.filter(area__code=area_code)
            scope = self.context.scope
            candidates = list(qs[:20])
            readable = [o for o in candidates if scope.covers_organization(o, Level.VIEW)]
            self.organizations[key] = readable[0] if len(readable) == 1 else None
            if len(readable) > 1:
                self.error(
                    sheet.name,
                    row.number,
                    h["organization"],
                    _("Several organizations are named '%(name)s': give the area code (Mã địa bàn)")
                    % {"name": v["organization"]},
                )
                return None
        found = self.organizations[key]
        if found is None:
            self.error(
                sheet.name,
                row.number,
                h["organization"],
                _("No organization named '%(name)s' in your area of work") % {"name": v["organization"]},
            )
            return None
        outside = organization_outside(self.context.scope, found.area, found.kind, found.name)
        if outside:
            self.error(sheet.name, row.number, h["organization"], outside)
            return None
        return found

    def _post(self, sheet: ParsedSheet, row: Row, organization: Organization) -> Post | None:
        """The post by name within the organization; created when missing, as the structure policy allows."""
        h, name = sheet.header.header_text, row.values["post"]
        key = (organization.pk, fold(name))
        if key not in self.posts:
            self.posts[key] = next(
                (p for p in Post.objects.filter(organization=organization) if fold(p.name) == key[1]), None
            )
            if self.posts[key] is None and self.context.structure.allows(
                f"post:{organization.pk}:{key[1]}", False
            ):
                try:
                    created = org_services.post_create(
                        organization=organization, name=name, acting_user=self.user, source=self.source
                    )
                except (ValidationError, PermissionDenied) as refused:
                    self.error(sheet.name, row.number, h["post"], " ".join(_messages(refused)))
                    self.posts[key] = None
                    return None
                self.posts[key] = created
                self.result.count(sheet.name, "posts", "created")
                self.result.created.setdefault("posts", []).append(str(created))
                self.result.created_ids.setdefault("posts", []).append(created.pk)
        found = self.posts[key]
        if found is None:
            self.error(
                sheet.name,
                row.number,
                h["post"],
                _("%(organization)s has no post named '%(post)s'")
                % {"organization": organization, "post": name},
            )
        return found

    def _decision(self, sheet: ParsedSheet, row: Row, organization: Organization) -> Any:
        """The decision (None when the row names none; False when refused), by its number within the
        organization, or recorded when the row names the approving body."""
        v, h = row.values, sheet.header.header_text
        number = v.get("decision") or ""
        if not number:
            return None
        key = (organization.pk, fold(number))
        if key not in self.decisions:
            self.decisions[key] = next(
                (
                    d
                    for d in PlanningDecision.objects.filter(organization=organization)
                    if fold(d.number) == key[1]
                ),
                None,
            )
            if self.decisions[key] is None and v.get("approving_body"):
                self.decisions[key] = services.decision_create(
                    organization=organization,
                    number=number,
                    date=v["date"],
                    approving_body=v["approving_body"],
                    kind="approval" if v["status"] == EventAction.APPROVE else "review",
                    acting_user=self.user,
                    source=self.source,
                )
                self.result.count(sheet.name, "planning_decisions", "created")
        found = self.decisions[key]
        if found is None:
            self.error(
                sheet.name,
                row.number,
                h["decision"],
                _(
                    "%(organization)s has no planning decision no. %(number)s: give the approving body to record it"
                )
                % {"organization": organization, "number": number},
            )
            return False
        return found

    def _pool(
        self, sheet: ParsedSheet, row: Row, post: Post, decision: PlanningDecision | None
    ) -> Pool | None:
        """The pool of ``post`` for the row's target term, opened when there is none yet."""
        start, end = row.values["term"]
        name = f"{start}–{end}"
        key = (post.pk, name)
        if key not in self.pools:
            found = (
                Pool.objects.filter(post=post, target_term=name).select_related("post__organization").first()
            )
            if found is None:
                first, last = _term_dates(post, start, end, name)
                try:
                    found = services.pool_create(
                        post=post,
                        target_term=name,
                        target_start=first,
                        target_end=last,
                        decision=decision if decision and decision.kind == "approval" else None,
                        acting_user=self.user,
                        source=self.source,
                    )
                except (ValidationError, PermissionDenied) as refused:
                    self.error(
                        sheet.name, row.number, sheet.header.header_text["term"], " ".join(_messages(refused))
                    )
                    return None
                self.result.count(sheet.name, "pools", "created")
            self.pools[key] = found
        return self.pools[key]

    def _follows(self, sheet: ParsedSheet, lines: list[Line]) -> list[Line]:
        """The lines in date order (the file's order within a day), each checked as ``entry_event`` checks
        it: it follows the entry's state on its date, and every later line of the entry still follows."""
        h = sheet.header.header_text
        ordered = sorted(lines, key=lambda line: (line.date, line.row.number))
        entries = {
            (e.pool_id, e.person_id): e.pk
            for e in PoolEntry.objects.filter(
                pool__in={line.pool.pk for line in ordered},
                person_id__in={line.person_id for line in ordered},
            )
        }
        log: dict[tuple[int, int], list[pools.Event]] = defaultdict(list)
        for e in PoolEvent.objects.filter(entry_id__in=entries.values()).select_related("entry"):
            log[(e.entry.pool_id, e.entry.person_id)].append(
                pools.Event(e.pk, e.entry_id, e.date, e.action, e.readiness_id, e.rank, e.removal_reason)
            )
        accepted: list[Line] = []
        for line in ordered:
            key = (line.pool.pk, line.person_id)
            existing = log[key]
            event = pools.Event(
                id=max((e.id for e in existing), default=0) + 1,
                entry_id=0,
                date=line.date,
                action=line.action,
                readiness_id=line.readiness.pk if line.readiness else None,
                rank=line.rank,
                removal_reason=line.removal_reason,
            )
            mine = [replace(e, entry_id=0) for e in existing]
            values = {"person": line.person_name, "pool": line.pool, "date": format_date(line.date)}
            column = h["date"]
            try:
                pools.transition(pools.replay(mine, line.date).get(0), event)
            except pools.TransitionError:
                self.error(
                    sheet.name, line.row.number, column, _(_REFUSALS[EventAction(line.action)]) % values
                )
                continue
            try:
                pools.state_after(mine, 0, event)
            except pools.TransitionError:
                message = _(
                    "This change on %(date)s would contradict a later line of the log of %(person)s in %(pool)s."
                )
                self.error(sheet.name, line.row.number, column, message % values)
                continue
            existing.append(event)
            accepted.append(line)
        return accepted

    # -- write ------------------------------------------------------------------------------------------
    def write(self, sheet: ParsedSheet, plan: list[Line]) -> None:
        if self.result.errors:
            return  # the import is refused anyway: nothing is written (and nothing checked twice)
        people = Person.objects.in_bulk({line.person_id for line in plan})
        for line in plan:
            try:
                services.entry_event(
                    pool=line.pool,
                    person=people[line.person_id],
                    action=line.action,
                    date=line.date,
                    readiness=line.readiness,
                    rank=line.rank,
                    removal_reason=line.removal_reason,
                    reason=line.reason,
                    decision=line.decision,
                    acting_user=self.user,
                    source=self.source,
                )
            except (ValidationError, PermissionDenied) as refused:  # checked above; to be safe
                self.error(
                    sheet.name,
                    line.row.number,
                    sheet.header.header_text["date"],
                    " ".join(_messages(refused)),
                )
                continue
            self.result.count(sheet.name, "pool_events", "created")


def _messages(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error)]


def _term_dates(post: Post, start: int, end: int, name: str) -> tuple[dt.date, dt.date]:
    """The target term's dates: those of another pool of the organization for that term, else of a term of
    one of its bodies with that name, else the whole years."""
    other = Pool.objects.filter(post__organization_id=post.organization_id, target_term=name).first()
    if other is not None:
        return other.target_start, other.target_end
    term = (
        Term.objects.filter(body__organization_id=post.organization_id, name__in=[name, f"{start}-{end}"])
        .exclude(end_date=None)
        .first()
    )
    if term is not None and term.end_date is not None:
        return term.start_date, term.end_date
    return dt.date(start, 1, 1), dt.date(end, 12, 31)


def register_sheet() -> None:
    """Make the importer read the sheet 'Quy hoạch' (after people and tenures, whose rows it names)."""
    from nguon.imports import registry

    if PoolEntriesWriter not in registry.writers():
        registry.register(PoolEntriesWriter)
