"""Loading the national catalogue of areas, both periods, and the 2025 succession events.

Idempotent: areas are keyed by (code, valid_from), events by (date, successor). Areas are written in bulk
(one audit record per load, with the counts), parents before children, then paths are set.

Every query here reads one table and the joins are done in Python dictionaries, so no plan can turn
quadratic whatever the planner believes about the tables; and the tables are analyzed after they are filled
(``nguon.core.db.analyze``), for the queries of whoever reads them next in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from nguon.core.audit import Actor, audit_bulk
from nguon.core.db import analyze
from nguon.core.text import fold

from . import catalogue
from .catalogue import AreaRecord, Unmatched
from .choices import AreaLevel, SuccessionKind
from .models import Area, SuccessionEvent, SuccessionLink

PRE_2025_END = dt.date(2025, 6, 30)
POST_2025_START = dt.date(2025, 7, 1)
REFORM_DECISION = "Nghị quyết của UBTVQH về sắp xếp đơn vị hành chính cấp xã năm 2025"
PROVINCE_DECISION = "Nghị quyết số 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh"

Progress = Callable[[str, int, int], None]  # (phase label, done, total)
PRE_2025, POST_2025 = "pre-2025", "post-2025"  # the periods, first word of the report's keys
BATCH = 500  # rows per bulk UPDATE


@dataclass
class LoadReport:
    """Counts keyed by "<period> <level>" (e.g. "pre-2025 commune"); unmatched converter rows with why."""

    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    events_created: int = 0
    events_unchanged: int = 0
    links_created: int = 0
    unmatched: list[Unmatched] = field(default_factory=list)


def _load_period(
    records: list[AreaRecord],
    *,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    period: str,
    report: LoadReport,
    progress: Progress,
) -> dict[str, Area]:
    same_period = (
        Area.objects.filter(valid_from__isnull=True)
        if valid_from is None
        else Area.objects.filter(valid_from=valid_from)
    )
    existing = {a.code: a for a in same_period}
    by_code: dict[str, Area] = dict(existing)
    done = 0
    for level in (AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.COMMUNE):
        rows = [r for r in records if r.level == level]
        new: list[Area] = []
        changed: list[Area] = []
        for r in rows:
            parent = by_code.get(r.parent_code) if r.parent_code else None
            area = existing.get(r.code)
            if area is None:
                area = Area(
                    code=r.code,
                    name=r.name,
                    level=r.level,
                    kind=r.kind,
                    parent=parent,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    search_key=fold(r.name),
                    path="",
                )
                new.append(area)
            elif (area.name, area.kind, area.parent_id, area.valid_to) != (
                r.name,
                r.kind,
                parent and parent.pk,
                valid_to,
            ):
                area.name, area.kind, area.parent, area.valid_to = r.name, r.kind, parent, valid_to
                area.search_key = fold(r.name)
                changed.append(area)
            else:
                report.unchanged[f"{period} {level}"] += 1
            by_code[r.code] = area
        Area.objects.bulk_create(new, batch_size=2000)
        # Paths of new rows, of moved rows and of rows under a moved parent (parents are done first).
        edited = {id(a) for a in changed}
        moved: list[Area] = []
        for r in rows:
            area = by_code[r.code]
            parent = by_code.get(r.parent_code) if r.parent_code else None
            path = f"{parent.path if parent else '/'}{area.pk}/"
            if area.path != path:
                area.path = path
                if id(area) not in edited:
                    moved.append(area)
        # bulk_update writes one CASE per field over its whole batch: each row costs the batch's length
        # per field, so rows whose path alone changed (all new rows) update that one field, in small batches.
        Area.objects.bulk_update(
            changed, ["name", "kind", "parent", "valid_to", "search_key", "path"], batch_size=BATCH
        )
        Area.objects.bulk_update(moved, ["path"], batch_size=BATCH)
        report.created[f"{period} {level}"] += len(new)
        report.updated[f"{period} {level}"] += len(changed)
        done += len(rows)
        progress(
            _("Areas before 1/7/2025") if period == PRE_2025 else _("Areas from 1/7/2025"), done, len(records)
        )
    return by_code


def _successors_on(date: dt.date) -> set[int]:
    """Ids of the areas that are the successor of some link of an event on ``date``. Two one-table reads
    joined here: their plans stay linear whatever the statistics say."""
    events = set(SuccessionEvent.objects.filter(date=date).values_list("pk", flat=True))
    links = SuccessionLink.objects.order_by().values_list("event_id", "successor_id")
    return {successor for event, successor in links.iterator(chunk_size=5000) if event in events}


def _write_events(planned: list[tuple[SuccessionEvent, list[tuple[int, int]]]]) -> None:
    """Insert the events, then their (predecessor id, successor id) links, each in bulk."""
    SuccessionEvent.objects.bulk_create([event for event, _ in planned], batch_size=2000)
    SuccessionLink.objects.bulk_create(
        (
            SuccessionLink(event=event, predecessor_id=before, successor_id=after)
            for event, links in planned
            for before, after in links
        ),
        batch_size=2000,
    )


def _load_successions(
    old: dict[str, Area],
    new: dict[str, Area],
    matches: Iterable[catalogue.Match],
    known: set[int],
    report: LoadReport,
    progress: Progress,
) -> None:
    preds_of: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for old_code, new_code, row in matches:
        if (old_code, row.is_split) not in preds_of[new_code]:
            preds_of[new_code].append((old_code, row.is_split))
    planned: list[tuple[SuccessionEvent, list[tuple[int, int]]]] = []
    total = len(preds_of)
    for new_code, preds in sorted(preds_of.items()):
        successor = new[new_code]
        if successor.pk in known:
            report.events_unchanged += 1
            continue
        if len(preds) > 1:
            kind = SuccessionKind.MERGE
        elif preds[0][1]:
            kind = SuccessionKind.SPLIT
        else:
            kind = SuccessionKind.RENAME
        event = SuccessionEvent(kind=kind, date=POST_2025_START, decision=REFORM_DECISION)
        planned.append((event, [(old[code].pk, successor.pk) for code, _ in preds]))
        report.events_created += 1
        report.links_created += len(preds)
    _write_events(planned)
    progress(_("Succession events"), total, total)


def _province_of(area: Area, by_id: dict[int, Area]) -> Area | None:
    while area.level != "province":
        if area.parent_id is None or area.parent_id not in by_id:
            return None
        area = by_id[area.parent_id]
    return area


def _load_province_successions(
    old: dict[str, Area],
    new: dict[str, Area],
    matches: Iterable[catalogue.Match],
    known: set[int],
    report: LoadReport,
) -> None:
    """The 2025 provinces (Resolution 202/2025/QH15): every pre-2025 province went whole into one new
    province, so each is linked to the new province that received most of its communes' links. The
    catalogues link communes only; without these events a province's indicator series would stop at
    1/7/2025."""
    old_by_id = {a.pk: a for a in old.values()}
    new_by_id = {a.pk: a for a in new.values()}
    votes: dict[int, Counter[int]] = defaultdict(Counter)
    for old_code, new_code, _row in matches:
        before, after = _province_of(old[old_code], old_by_id), _province_of(new[new_code], new_by_id)
        if before is not None and after is not None:
            votes[before.pk][after.pk] += 1
    into: dict[int, list[int]] = defaultdict(list)
    for before_pk, counts in votes.items():
        best = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))[0]
        into[best].append(before_pk)
    planned: list[tuple[SuccessionEvent, list[tuple[int, int]]]] = []
    for after_pk, before_pks in sorted(into.items(), key=lambda kv: new_by_id[kv[0]].code):
        if after_pk in known:
            report.events_unchanged += 1
            continue
        event = SuccessionEvent(
            kind=SuccessionKind.MERGE if len(before_pks) > 1 else SuccessionKind.RENAME,
            date=POST_2025_START,
            decision=PROVINCE_DECISION,
        )
        planned.append((event, [(pk, after_pk) for pk in sorted(before_pks)]))
        report.events_created += 1
        report.links_created += len(before_pks)
    _write_events(planned)


@transaction.atomic
def catalogue_load(
    *,
    province_code: str | None = None,
    acting_user: Actor = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Load (or refresh) the pre-2025 and post-2025 catalogues and the old→new succession events.

    ``province_code`` restricts everything to one province (by its pre- or post-2025 code). Converter rows
    that cannot be matched to official codes by name are reported, never guessed.
    """
    progress = progress or (lambda phase, done, total: None)
    report = LoadReport()
    pre = list(catalogue.pre_2025_areas(province_code))
    post = list(catalogue.post_2025_areas(province_code))
    old = _load_period(
        pre, valid_from=None, valid_to=PRE_2025_END, period=PRE_2025, report=report, progress=progress
    )
    new = _load_period(
        post, valid_from=POST_2025_START, valid_to=None, period=POST_2025, report=report, progress=progress
    )
    rows = list(catalogue.succession_rows(province_code))
    # Match against the whole country (a ward may move across a province line), keep what was loaded.
    matches, report.unmatched = catalogue.match_successions(
        catalogue.pre_2025_areas(None), catalogue.post_2025_areas(None), rows
    )
    matches = [m for m in matches if m[0] in old and m[1] in new]
    analyze(Area)
    known = _successors_on(POST_2025_START)
    _load_successions(old, new, matches, known, report, progress)
    _load_province_successions(old, new, matches, known, report)
    # For whoever reads the areas and their successions next, in this transaction or just after it.
    analyze(SuccessionEvent, SuccessionLink)
    audit_bulk(
        acting_user=acting_user,
        model="areas.area",
        summary={
            "created": sum(report.created.values()),
            "updated": sum(report.updated.values()),
            "events_created": report.events_created,
            "unmatched": len(report.unmatched),
        },
        source=f"catalogue load{' ' + province_code if province_code else ''}",
    )
    return report
