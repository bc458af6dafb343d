"""An experiment, not the engine: how fast could the national table (a) be if the holdings of the table were
read ONCE (a temporary table of the tenures of the communes' organizations active at the date or begun in
the period, with the person's facts) and each indicator were then one GROUP BY over that small table?

The populations and numerators below are hand-written for the indicators that concern communes, and each
figure is checked against the engine's cells of (a), so the comparison is like for like.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.db import connection

from nguon.indicators.models import AgeThreshold

FILL = """
CREATE TEMPORARY TABLE bench_h AS
SELECT o.area_id AS unit_id, t.person_id, t.post_id, t.term_id, o.id AS org_id, o.kind AS org_kind,
       b.kind AS body_kind, po.is_key, po.is_leader, t.start_reason, t.start_date,
       CASE WHEN t.start_date <= %s AND (t.end_date IS NULL OR t.end_date >= %s) THEN 1 ELSE 0 END AS active,
       p.sex, p.birth_date, p.ethnicity, p.political_theory
  FROM organizations_tenure t
  JOIN organizations_post po ON po.id = t.post_id
  LEFT JOIN organizations_body b ON b.id = po.body_id
  JOIN organizations_organization o ON o.id = po.organization_id
  JOIN areas_area a ON a.id = o.area_id
  JOIN people_person p ON p.id = t.person_id
 WHERE a.level = 'commune'
   AND (a.valid_from IS NULL OR a.valid_from <= %s) AND (a.valid_to IS NULL OR a.valid_to >= %s)
   AND t.start_date <= %s AND (t.end_date IS NULL OR t.end_date >= %s OR t.start_date >= %s)
"""
PERSON = "person_id"
SEAT = "CAST(person_id AS TEXT) || '-' || post_id || '-' || COALESCE(term_id, 0)"
ORG = "org_id"
PARTY = "org_kind IN ('party', 'grassroots_party')"
WOMEN = "sex = 'F'"


def specs(young_after: str, period_start: str, at: str) -> dict[str, tuple[str, str, str]]:
    """indicator code -> (population, numerator, what is counted), over bench_h."""
    young = f"birth_date > '{young_after}'"
    started = f"start_date >= '{period_start}' AND start_date <= '{at}'"
    appointed = f"is_key = {_true()} AND start_reason IN ('appointed', 'promoted') AND {started}"
    key = f"active = 1 AND is_key = {_true()}"
    return {
        "party-committee-women": (
            f"active = 1 AND body_kind = 'executive_committee' AND {PARTY}",
            WOMEN,
            PERSON,
        ),
        "grassroots-committee-women": (
            "active = 1 AND body_kind = 'executive_committee' AND org_kind = 'grassroots_party'",
            WOMEN,
            PERSON,
        ),
        "grassroots-committee-young": (
            "active = 1 AND body_kind = 'executive_committee' AND org_kind = 'grassroots_party'",
            young,
            PERSON,
        ),
        "standing-committee-women": (
            f"active = 1 AND body_kind = 'standing_committee' AND {PARTY}",
            WOMEN,
            PERSON,
        ),
        "standing-committees-with-woman": (
            f"active = 1 AND body_kind = 'standing_committee' AND {PARTY}",
            WOMEN,
            ORG,
        ),
        "council-deputies-women": (
            "active = 1 AND body_kind = 'council' AND org_kind = 'peoples_council' AND start_reason = 'elected'",
            WOMEN,
            SEAT,
        ),
        "committee-leaders-women": (
            f"active = 1 AND org_kind = 'peoples_committee' AND is_leader = {_true()}",
            WOMEN,
            PERSON,
        ),
        "council-leaders-women-elected": (
            f"active = 1 AND org_kind = 'peoples_council' AND is_leader = {_true()} AND start_reason = 'elected'",
            WOMEN,
            PERSON,
        ),
        "key-posts-women": (key, WOMEN, PERSON),
        "key-posts-young": (key, young, PERSON),
        "key-posts-ethnic-minority": (key, "ethnicity NOT IN ('', 'Kinh', 'kinh')", PERSON),
        "key-posts-advanced-theory": (key, "political_theory IN ('cao_cap', 'cu_nhan')", PERSON),
        "units-with-female-key-leader": (
            f"{key} AND org_kind IN ('peoples_committee', 'department')",
            WOMEN,
            ORG,
        ),
        "key-appointments-women": (appointed, WOMEN, PERSON),
        "key-appointments-women-wards-departments": (appointed, WOMEN, PERSON),
    }


def _true() -> str:
    return "true" if connection.vendor == "postgresql" else "1"


def _years_before(at: dt.date, years: int) -> dt.date:
    try:
        return at.replace(year=at.year - years)
    except ValueError:
        return dt.date(at.year - years, 2, 28)


def run(at: dt.date, engine_cells: list[Any]) -> dict[str, Any]:
    years = dict(AgeThreshold.objects.values_list("level", "years"))["commune"]
    period_start = dt.date(at.year - 5, 1, 1)
    spec = specs(_years_before(at, years).isoformat(), period_start.isoformat(), at.isoformat())
    engine: dict[str, dict[int, tuple[int, int]]] = {}
    for c in engine_cells:
        if c.denominator:
            engine.setdefault(c.indicator, {})[c.unit.area_id] = (c.numerator, c.denominator)
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_h")
        cur.execute(FILL, [at, at, at, at, at, at, period_start])
        fill = time.perf_counter() - t0
        cur.execute("SELECT COUNT(*) FROM bench_h")
        rows = cur.fetchone()[0]
        t1 = time.perf_counter()
        same = 0
        for code, (population, numerator, what) in spec.items():
            cur.execute(
                f"SELECT unit_id, COUNT(DISTINCT CASE WHEN {numerator} THEN {what} END), COUNT(DISTINCT {what}) "
                f"FROM bench_h WHERE {population} GROUP BY unit_id"
            )
            mine = {u: (n, d) for u, n, d in cur.fetchall() if d}
            same += mine == engine.get(code, {})
        groups = time.perf_counter() - t1
        cur.execute("DROP TABLE bench_h")
    return {"rows": rows, "fill": fill, "group_bys": groups, "indicators": len(spec), "same": same}
