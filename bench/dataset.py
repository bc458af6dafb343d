"""A deterministic synthetic national dataset: organizations, bodies, terms, posts, people and tenures for
every province, (pre-2025) district and commune of the real catalogue of areas.

Both structures are generated, so that a 2015–2030 series follows the 2025 reform as the registry would:

* pre-2025 areas (63 provinces, 705 districts, 10.599 communes): organizations valid until 30/6/2025, terms
  2015–2020 and 2020–2025 (the second one cut short by the reform on 30/6/2025);
* post-2025 areas (34 provinces, 3.321 communes): organizations from 1/7/2025, term 2025–2030 (open).

People continue from one term to the next (re-elected, re-appointed), and most of the post-2025 holders
come from the predecessor communes (through the catalogue's succession links), so a person has several
tenures over the decade. Some leave in mid-term and are replaced (a tenure ends, another begins the day
after).

Rows are written in bulk (COPY on PostgreSQL, executemany on SQLite), never through the services: a
national load through the services' per-row audit would take hours. ``--scale`` keeps whole provinces
(the series province first), until ``scale`` of the post-2025 communes are covered.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nguon.areas.models import Area, SuccessionEvent, SuccessionLink
from nguon.core.text import fold, name_sort_key
from nguon.demo.names import vietnamese_name

from .templates import COMMUNE_POST, COMMUNE_PRE, DISTRICT, PROFILES, PROVINCE, LevelT, Slot

D = dt.date
ONE_DAY = dt.timedelta(days=1)
TERMS = (
    ("2015–2020", D(2015, 7, 1), D(2020, 6, 30)),
    ("2020–2025", D(2020, 7, 1), D(2025, 6, 30)),
    ("2025–2030", D(2025, 7, 1), None),
)
REFORM = D(2025, 7, 1)
LAST_OLD = D(2025, 6, 30)
# Mid-term changes of the open term happen between these dates (the registry records the past).
T3_CHANGES = (D(2025, 10, 1), D(2026, 6, 30))
BENCH_DECISION = "bench: province merger derived from the commune succession links"

P_CONTINUE = {"youth": 0.3, "veteran": 0.4}  # others: P_CONTINUE_DEFAULT
P_CONTINUE_DEFAULT = 0.6
P_CARRY = 0.75  # a post-2025 seat is filled from a predecessor's holder of the same slot
TURNOVER = (0.07, 0.07, 0.05)  # per slot and term: the holder leaves in mid-term and is replaced
MINORITIES = ("Tày", "Thái", "Mường", "Khmer", "H'Mông", "Nùng", "Hoa", "Dao")
EDUCATION = ("thpt", "trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si")
THEORY = ("", "so_cap", "trung_cap", "cao_cap", "cu_nhan")
EXIT_REASONS = ("promoted", "rotated", "transferred", "retired", "resigned")
EXIT_WEIGHTS = (30, 25, 20, 15, 10)
KEY_STARTS = ("designated", "appointed", "promoted", "rotated", "transferred")
KEY_START_WEIGHTS = (15, 35, 30, 15, 5)

# Column orders of the rows the generator produces (the writer gets the same lists).
COLUMNS: dict[str, tuple[str, ...]] = {
    "organizations_organization": (
        "id", "name", "kind", "sector", "valid_from", "valid_to", "search_key", "area_id", "parent_id",
    ),
    "organizations_body": ("id", "kind", "name", "organization_id"),
    "organizations_term": ("id", "name", "start_date", "end_date", "body_id"),
    "organizations_post": ("id", "name", "rank", "is_key", "is_leader", "body_id", "organization_id"),
    "people_person": (
        "id", "code", "full_name", "sex", "birth_date", "birth_date_precision", "ethnicity", "education",
        "political_theory", "party_admission_date", "search_key", "sort_key",
    ),
    "organizations_tenure": (
        "id", "person_id", "post_id", "term_id", "start_date", "end_date", "start_reason", "start_decision",
        "start_decision_date", "end_reason", "end_decision", "note",
    ),
}  # fmt: skip
TABLES = tuple(COLUMNS)


class Writer:
    """What the generator writes through (see bulk.py)."""

    def write(self, table: str, columns: tuple[str, ...], rows: list[Any]) -> None:
        raise NotImplementedError


@dataclass
class AreaRow:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    pre: bool  # valid before the reform (pre-2025 structure)
    children: list[AreaRow] = field(default_factory=list)


@dataclass
class PostInfo:
    id: int
    body: str | None
    is_key: bool
    appointed: bool


@dataclass
class Selection:
    post_provinces: list[AreaRow]
    pre_provinces: list[AreaRow]
    communes_selected: int
    communes_total: int


def _areas() -> tuple[dict[int, AreaRow], list[AreaRow], list[AreaRow]]:
    rows: dict[int, AreaRow] = {}
    for a in Area.objects.order_by("code", "valid_from").values(
        "id", "code", "name", "level", "parent_id", "valid_from"
    ):
        rows[a["id"]] = AreaRow(
            a["id"], a["code"], a["name"], a["level"], a["parent_id"], a["valid_from"] is None
        )
    for r in rows.values():
        if r.parent_id is not None:
            rows[r.parent_id].children.append(r)
    pre = [r for r in rows.values() if r.level == "province" and r.pre]
    post = [r for r in rows.values() if r.level == "province" and not r.pre]
    return rows, pre, post


def _province_of(rows: dict[int, AreaRow], area: AreaRow) -> AreaRow:
    while area.parent_id is not None:
        area = rows[area.parent_id]
    return area


def province_predecessors(rows: dict[int, AreaRow]) -> dict[int, list[int]]:
    """Post-2025 province id -> the pre-2025 provinces whose communes (mostly) went into it."""
    votes: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    links = SuccessionLink.objects.filter(event__date=REFORM).exclude(event__decision=BENCH_DECISION)
    for pred_id, succ_id in links.values_list("predecessor_id", "successor_id"):
        old = _province_of(rows, rows[pred_id])
        new = _province_of(rows, rows[succ_id])
        if old.level == "province" and new.level == "province" and old.pre and not new.pre:
            votes[old.id][new.id] += 1
    out: dict[int, list[int]] = defaultdict(list)
    for old_id, by_new in sorted(votes.items(), key=lambda kv: rows[kv[0]].code):
        best = max(by_new.items(), key=lambda kv: (kv[1], -kv[0]))[0]
        out[best].append(old_id)
    return out


def ensure_province_successions(rows: dict[int, AreaRow], preds: dict[int, list[int]]) -> int:
    """The catalogue links communes only; the bench adds the 2025 province mergers derived from them, so
    that a province's series can reach back before 1/7/2025. Idempotent; returns the events created."""
    if SuccessionEvent.objects.filter(decision=BENCH_DECISION).exists():
        return 0
    if SuccessionLink.objects.filter(event__date=REFORM, successor__level="province").exists():
        return 0  # the catalogue loader derives them itself since 27/11/2026
    created = 0
    for new_id, old_ids in sorted(preds.items(), key=lambda kv: rows[kv[0]].code):
        event = SuccessionEvent.objects.create(
            kind="merge" if len(old_ids) > 1 else "rename", date=REFORM, decision=BENCH_DECISION
        )
        SuccessionLink.objects.bulk_create(
            SuccessionLink(event=event, predecessor_id=o, successor_id=new_id) for o in old_ids
        )
        created += 1
    return created


def select(
    rows: dict[int, AreaRow], preds: dict[int, list[int]], scale: float, series_code: str, seed: int
) -> Selection:
    """Whole post-2025 provinces (the series province first, then a seeded order) until ``scale`` of the
    post-2025 communes are covered, and their pre-2025 predecessor provinces."""
    post = sorted((r for r in rows.values() if r.level == "province" and not r.pre), key=lambda r: r.code)
    order = [r for r in post if r.code == series_code]
    rest = [r for r in post if r.code != series_code]
    random.Random(seed + 1).shuffle(rest)
    order += rest
    total = sum(len(r.children) for r in post)
    chosen: list[AreaRow] = []
    covered = 0
    for r in order:
        if chosen and covered >= scale * total - 1e-9:
            break
        chosen.append(r)
        covered += len(r.children)
    chosen.sort(key=lambda r: r.code)
    pre_ids = {o for r in chosen for o in preds.get(r.id, [])}
    pre = sorted((rows[i] for i in pre_ids), key=lambda r: r.code)
    return Selection(chosen, pre, covered, total)


class Generator:
    def __init__(self, writer: Writer, seed: int, start_ids: dict[str, int], log: Callable[[str], None]):
        self.writer = writer
        self.rng = random.Random(seed)
        self.next_id = dict(start_ids)
        self.buf: dict[str, list[Any]] = {t: [] for t in TABLES}
        self.counts: dict[str, int] = defaultdict(int)
        self.log = log
        self.names: dict[str, tuple[str, str]] = {}
        self.carried: set[int] = set()
        # slot key -> holders at the end of the last term, per unit area id (for the post-2025 carry-over)
        self.pools: dict[int, dict[str, list[int]]] = {}

    # --- rows ------------------------------------------------------------------------------------------
    def _id(self, table: str) -> int:
        i = self.next_id[table]
        self.next_id[table] = i + 1
        return i

    def _add(self, table: str, row: list[Any]) -> None:
        self.buf[table].append(row)

    def flush(self) -> None:
        for table in TABLES:
            rows = self.buf[table]
            if rows:
                self.writer.write(table, COLUMNS[table], rows)
                self.counts[table] += len(rows)
                self.buf[table] = []

    def _maybe_flush(self) -> None:
        if len(self.buf["organizations_tenure"]) >= 200_000:
            self.flush()

    def person(self, profile: str, at: D) -> int:
        rng = self.rng
        women, age_min, age_max, edu_w, theory_w = PROFILES[profile]
        sex = "F" if rng.random() < women else "M"
        name = vietnamese_name(rng, sex)
        keys = self.names.get(name)
        if keys is None:
            keys = self.names[name] = (fold(name), name_sort_key(name))
        year = at.year - rng.randint(age_min, age_max)
        if rng.random() < 0.08:
            birth, precision = D(year, 1, 1), "year"
        else:
            birth, precision = D(year, rng.randint(1, 12), rng.randint(1, 28)), "day"
        admitted = None
        if profile in ("lead", "party", "uniform", "veteran", "cell") or rng.random() < 0.5:
            admitted = min(D(year + rng.randint(20, 30), rng.randint(1, 12), rng.randint(1, 28)), at)
        pid = self._id("people_person")
        self._add(
            "people_person",
            [
                pid,
                "",
                name,
                sex,
                birth,
                precision,
                "Kinh" if rng.random() < 0.86 else rng.choice(MINORITIES),
                rng.choices(EDUCATION, edu_w)[0],
                rng.choices(THEORY, theory_w)[0],
                admitted,
                keys[0],
                keys[1],
            ],
        )
        return pid

    # --- one unit --------------------------------------------------------------------------------------
    def unit(
        self,
        area: AreaRow,
        level: LevelT,
        terms: tuple[int, ...],
        parent_party: int | None,
        carry: dict[str, list[int]] | None = None,
    ) -> int:
        """Organizations of ``area`` with their bodies, terms and posts, and the people who held them over
        ``terms`` (indexes into TERMS). Returns the id of the unit's party organization."""
        pre = area.pre
        valid_from, valid_to = (None, LAST_OLD) if pre else (REFORM, None)
        posts: dict[tuple[str, str], PostInfo] = {}
        term_of: dict[tuple[str, str, int], int] = {}
        party_id = 0
        for org in level.orgs:
            org_id = self._id("organizations_organization")
            name = org.name.format(area=area.name)
            if org.key == "party":
                party_id = org_id
            self._add(
                "organizations_organization",
                [
                    org_id,
                    name,
                    org.kind,
                    org.sector,
                    valid_from,
                    valid_to,
                    fold(name),
                    area.id,
                    parent_party if org.key == "party" else None,
                ],
            )
            body_ids: dict[str, int] = {}
            for bkey, bkind, bname in org.bodies:
                body_id = body_ids[bkey] = self._id("organizations_body")
                self._add("organizations_body", [body_id, bkind, bname.format(area=area.name), org_id])
                for t in terms:
                    tname, tstart, tend = TERMS[t]
                    term_id = term_of[(org.key, bkey, t)] = self._id("organizations_term")
                    self._add("organizations_term", [term_id, tname, tstart, tend, body_id])
            for p in org.posts:
                post_id = self._id("organizations_post")
                body_id = body_ids[p.body] if p.body else None
                self._add(
                    "organizations_post", [post_id, p.name, p.rank, p.is_key, p.is_leader, body_id, org_id]
                )
                posts[(org.key, p.key)] = PostInfo(post_id, p.body, p.is_key, p.appointed)

        pools: dict[str, list[int]] = {}
        for slot in level.slots:
            pools[slot.key] = self._slot(slot, terms, posts, term_of, carry)
        self.pools[area.id] = pools
        self._maybe_flush()
        return party_id

    def _slot(
        self,
        slot: Slot,
        terms: tuple[int, ...],
        posts: dict[tuple[str, str], PostInfo],
        term_of: dict[tuple[str, str, int], int],
        carry: dict[str, list[int]] | None,
    ) -> list[int]:
        rng = self.rng
        p_continue = P_CONTINUE.get(slot.profile, P_CONTINUE_DEFAULT)
        slot_posts = [(org_key, posts[(org_key, post_key)]) for org_key, post_key in slot.posts]
        pool = list((carry or {}).get(slot.carry_from or slot.key, ()))
        holders: list[int] = []
        for _ in range(slot.count):
            holder: int | None = None
            open_rows: dict[int, list[Any]] = {}  # post id -> this seat's last tenure row (term-less posts)
            for t in terms:
                _, start, end = TERMS[t]
                if holder is not None and rng.random() < p_continue:
                    person, continuing = holder, True
                else:
                    continuing = False
                    person = 0
                    while pool and rng.random() < P_CARRY:
                        candidate = pool.pop()
                        if candidate not in self.carried:
                            self.carried.add(candidate)
                            person = candidate
                            break
                    if not person:
                        person = self.person(slot.profile, start)
                # (person, from, to, replacement?)
                segments: list[tuple[int, D, D | None, bool]] = []
                if rng.random() < TURNOVER[t]:
                    lo, hi = (
                        (start + dt.timedelta(days=120), end - dt.timedelta(days=120)) if end else T3_CHANGES
                    )
                    change = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
                    segments.append((person, start, change, False))
                    segments.append((self.person(slot.profile, change), change + ONE_DAY, end, True))
                else:
                    segments.append((person, start, end, False))
                for n, (who, seg_start, seg_end, replacement) in enumerate(segments):
                    if seg_end is None:
                        end_reason = ""
                    elif n < len(segments) - 1:
                        end_reason = rng.choices(EXIT_REASONS, EXIT_WEIGHTS)[0]
                    else:
                        end_reason = "reorganized" if seg_end == LAST_OLD else "term_ended"
                    for org_key, info in slot_posts:
                        if info.body is None:
                            previous = open_rows.get(info.id)
                            if (
                                continuing
                                and n == 0
                                and previous is not None
                                and previous[1] == who
                                and previous[5] == seg_start - ONE_DAY
                            ):
                                previous[5], previous[9] = seg_end, end_reason
                                continue
                            term_id = None
                        else:
                            term_id = term_of[(org_key, info.body, t)]
                        if not replacement:
                            reason = "appointed" if info.appointed else "elected"
                        elif info.body is not None:
                            reason = "elected"
                        elif info.is_key:
                            reason = rng.choices(KEY_STARTS, KEY_START_WEIGHTS)[0]
                        else:
                            reason = "appointed"
                        row = [
                            self._id("organizations_tenure"),
                            who,
                            info.id,
                            term_id,
                            seg_start,
                            seg_end,
                            reason,
                            "",
                            None,
                            end_reason,
                            "",
                            "",
                        ]
                        self._add("organizations_tenure", row)
                        if info.body is None:
                            open_rows[info.id] = row
                holder = segments[-1][0]
            assert holder is not None
            holders.append(holder)
        return holders

    # --- the country -----------------------------------------------------------------------------------
    def country(self, rows: dict[int, AreaRow], sel: Selection, preds: dict[int, list[int]]) -> None:
        succ_preds: dict[int, list[int]] = defaultdict(list)
        for pred_id, succ_id in (
            SuccessionLink.objects.filter(event__date=REFORM)
            .exclude(event__decision=BENCH_DECISION)
            .order_by("successor_id", "predecessor_id")
            .values_list("predecessor_id", "successor_id")
        ):
            succ_preds[succ_id].append(pred_id)
        for n, province in enumerate(sel.pre_provinces, 1):
            party = self.unit(province, PROVINCE, (0, 1), None)
            for district in sorted(province.children, key=lambda r: r.code):
                if district.level == "district":
                    district_party = self.unit(district, DISTRICT, (0, 1), party)
                    communes = district.children
                else:  # a commune directly under the province
                    district_party, communes = party, [district]
                for commune in sorted(communes, key=lambda r: r.code):
                    self.unit(commune, COMMUNE_PRE, (0, 1), district_party)
            if n % 16 == 0 or n == len(sel.pre_provinces):
                self.log(f"  pre-2025 provinces {n}/{len(sel.pre_provinces)}: {self._progress()}")
        for n, province in enumerate(sel.post_provinces, 1):
            carry = self._merged_pools(preds.get(province.id, []))
            party = self.unit(province, PROVINCE, (2,), None, carry)
            for commune in sorted(province.children, key=lambda r: r.code):
                self.unit(
                    commune, COMMUNE_POST, (2,), party, self._merged_pools(succ_preds.get(commune.id, []))
                )
            if n % 16 == 0 or n == len(sel.post_provinces):
                self.log(f"  post-2025 provinces {n}/{len(sel.post_provinces)}: {self._progress()}")
        self.flush()

    def _merged_pools(self, pred_ids: list[int]) -> dict[str, list[int]]:
        merged: dict[str, list[int]] = defaultdict(list)
        for pid in pred_ids:
            for key, holders in self.pools.get(pid, {}).items():
                merged[key].extend(holders)
        for holders in merged.values():
            self.rng.shuffle(holders)
        return merged

    def _progress(self) -> str:
        done = {t: self.counts[t] + len(self.buf[t]) for t in ("people_person", "organizations_tenure")}
        return f"{done['people_person']:,} people, {done['organizations_tenure']:,} tenures"
