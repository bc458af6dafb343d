"""Targets, status and gaps on hand-made cases; units, boundaries and series across a merge."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nguon.areas.services import Link, area_create, succession_event_create
from nguon.indicators.engine import Share, TargetSpec, Unit, UnitRef, status_and_gap, target_for, units_of
from nguon.indicators.evaluation import evaluate, indicator_series, indicator_table
from nguon.indicators.inputs import target_spec
from nguon.indicators.models import Indicator, Target
from nguon.organizations.services import (
    body_create,
    organization_create,
    post_create,
    tenure_create,
    term_create,
)
from nguon.people.services import person_create

D = dt.date
AT = D(2020, 9, 25)


def _target(value, comparator="gte", code="t", **kw):
    return TargetSpec(
        code=code,
        document="Doc",
        comparator=comparator,
        value=Decimal(value),
        deadline=None,
        confidence="H",
        title="",
        effective_from=kw.pop("effective_from", D(2019, 1, 1)),
        **kw,
    )


@pytest.mark.parametrize(
    ("num", "den", "value", "status", "gap"),
    [
        (2, 20, 15, "not_met", 1),  # 15% of 20 = 3 women: one more
        (3, 20, 15, "met", 0),
        (0, 13, 15, "not_met", 2),  # 15% of 13 = 1,95 → 2
        (10, 33, 30, "met", 0),
        (9, 33, 30, "not_met", 1),  # 30% of 33 = 9,9 → 10
        (0, 0, 15, "no_data", None),
        (1, 1, 100, "met", 0),
    ],
)
def test_status_and_gap_at_least(num, den, value, status, gap):
    assert status_and_gap(Share(num, den, Unit.PEOPLE), _target(value)) == (status, gap)


def test_status_at_most_and_without_target():
    assert status_and_gap(Share(5, 10, Unit.PEOPLE), _target(40, "lte"))[0] == "not_met"
    assert status_and_gap(Share(4, 10, Unit.PEOPLE), _target(40, "lte"))[0] == "met"
    assert status_and_gap(Share(4, 10, Unit.PEOPLE), None) == ("no_target", None)


def test_target_in_force_and_local_precedence():
    ward = UnitRef(1, "00070", "Phường X", "commune", "/1/2/")
    national = _target(15, code="national", valid_to=D(2025, 4, 13))
    later = _target(25, code="later", effective_from=D(2021, 1, 1))
    assert target_for([national, later], ward, AT) is national
    assert target_for([national, later], ward, D(2026, 1, 1)) is later
    assert target_for([national], ward, D(2018, 1, 1)) is None
    other_level = _target(10, level="district")
    assert target_for([other_level], ward, AT) is None


@pytest.mark.django_db
def test_local_target_beats_national():
    province = area_create(code="01", name="Thành phố Thử", level="province")
    ward = area_create(code="00001", name="Phường Một", level="commune", parent=province)
    indicator = Indicator.objects.get(code="key-posts-women")
    Target.objects.create(
        code="nat",
        indicator=indicator,
        document="A",
        document_date=D(2019, 1, 1),
        value=20,
        effective_from=D(2019, 1, 1),
        confidence="H",
    )
    local = Target.objects.create(
        code="local",
        indicator=indicator,
        document="Kế hoạch của phường",
        document_date=D(2020, 1, 1),
        value=50,
        effective_from=D(2020, 1, 1),
        confidence="H",
        area=ward,
    )
    targets = [target_spec(t) for t in Target.objects.filter(indicator=indicator).select_related("area")]
    assert target_for(targets, UnitRef.of(ward), AT).code == local.code
    assert target_for(targets, UnitRef.of(province), AT).code == "nat"


@st.composite
def paths(draw):
    depth = draw(st.integers(1, 4))
    return "/" + "".join(f"{draw(st.integers(1, 4))}/" for _ in range(depth))


@given(paths(), st.lists(paths(), max_size=8))
def test_units_of_matches_prefix_brute_force(path, unit_paths):
    refs = [UnitRef(i, str(i), "", "", p) for i, p in enumerate(unit_paths)]
    by_path = {}
    for r in refs:
        by_path.setdefault(r.path, []).append(r)
    assert sorted(r.area_id for r in units_of(path, by_path)) == sorted(
        r.area_id for r in refs if path.startswith(r.path)
    )


def _world():
    """Two wards merged into one on 1/7/2025; a committee in each with dated seats."""
    city = area_create(code="01", name="Thành phố Thử", level="province")
    district = area_create(
        code="002", name="Quận Thử", level="district", parent=city, valid_to=D(2025, 6, 30)
    )
    a = area_create(code="00037", name="Phường A", level="commune", parent=district, valid_to=D(2025, 6, 30))
    b = area_create(code="00040", name="Phường B", level="commune", parent=district, valid_to=D(2025, 6, 30))
    new = area_create(code="00070", name="Phường Mới", level="commune", parent=city, valid_from=D(2025, 7, 1))
    succession_event_create(kind="merge", date=D(2025, 7, 1), links=[Link(a, new), Link(b, new)])
    seats = {}
    for area, valid_to in ((a, D(2025, 6, 30)), (b, D(2025, 6, 30)), (new, None)):
        org = organization_create(
            name=f"Đảng bộ {area.name}",
            kind="grassroots_party",
            area=area,
            valid_from=area.valid_from,
            valid_to=valid_to,
        )
        body = body_create(organization=org, kind="executive_committee", name=f"BCH {area.name}")
        term = term_create(
            body=body, name="x", start_date=area.valid_from or D(2015, 1, 1), end_date=valid_to
        )
        seats[area.code if area.valid_to else "new"] = (
            post_create(organization=org, name="Ủy viên", body=body),
            term,
        )
    return district, a, b, new, seats


def _seat(name, sex, seat, start, end=None, reason="elected"):
    person = person_create(full_name=name, sex=sex, birth_date=D(1985, 1, 1))
    post, term = seat
    tenure_create(person=person, post=post, term=term, start_date=start, end_date=end, start_reason=reason)
    return person


@pytest.mark.django_db
def test_units_table_and_merge_series(monkeypatch):
    district, a, b, new, seats = _world()
    _seat("Lê Thị An", "F", seats["00037"], D(2016, 1, 1))
    _seat("Trần Văn Ba", "M", seats["00037"], D(2016, 1, 1), D(2020, 9, 25))  # ends on the date: counts
    _seat("Phạm Văn Cường", "M", seats["00040"], D(2020, 9, 26))  # starts the day after: not yet
    _seat("Ngô Thị Dung", "F", seats["00040"], D(2017, 1, 1))
    _seat("Vũ Thị Én", "F", seats["new"], D(2025, 7, 1))
    indicator = Indicator.objects.get(code="grassroots-committee-women")
    cells = {c.unit.code: c for c in evaluate(units=[district, a, b], at=AT, indicators=[indicator])}
    assert (cells["002"].numerator, cells["002"].denominator) == (2, 3)
    assert (cells["00037"].numerator, cells["00037"].denominator) == (1, 2)
    assert (cells["00040"].numerator, cells["00040"].denominator) == (1, 1)
    assert cells["002"].target.document == "Chỉ thị 35-CT/TW" and cells["002"].status == "met"
    from nguon.indicators import evaluation

    for limit in (20, 0):  # reading the units' subtrees, and everywhere (many units: assigned by path)
        monkeypatch.setattr(evaluation, "MAX_SUBTREES", limit)
        for with_people in (True, False):
            again = {
                c.unit.code: c
                for c in evaluate(
                    units=[district, a, b], at=AT, indicators=[indicator], with_people=with_people
                )
            }
            assert {k: (c.numerator, c.denominator) for k, c in again.items()} == {
                k: (c.numerator, c.denominator) for k, c in cells.items()
            }
    # one level and one indicator: a single GROUP BY, over the holdings read inline (not materialized)
    wards = evaluate(units=[a, b], at=AT, indicators=[indicator], with_people=False)
    assert [(c.unit.code, c.numerator, c.denominator) for c in wards] == [("00037", 1, 2), ("00040", 1, 1)]
    series = indicator_series(
        area=new, indicator=indicator, dates=[D(2020, 1, 1), D(2024, 1, 1), D(2026, 1, 1)]
    )
    assert [p.areas for p in series] == [("00037", "00040"), ("00037", "00040"), ("00070",)]
    assert [(p.numerator, p.denominator) for p in series] == [(2, 3), (2, 3), (1, 1)]
    assert [p.break_in_series for p in series] == [False, False, True]
    plain = indicator_series(area=new, indicator=indicator, dates=[D(2020, 1, 1)], remap=False)
    assert plain[0].status == "no_data"


@pytest.mark.django_db
def test_organization_count_indicator():
    """A unit meets "has a female key leader" when any of its key posts is held by a woman."""
    city = area_create(code="01", name="Thành phố Thử", level="province")
    for i, sexes in enumerate((("M", "F"), ("M", "M"))):
        org = organization_create(name=f"UBND {i}", kind="peoples_committee", area=city)
        for j, sex in enumerate(sexes):
            post = post_create(organization=org, name=f"Chức danh {j}", is_key=True)
            person = person_create(full_name=f"Người {i}{j}", sex=sex, birth_date=D(1980, 1, 1))
            tenure_create(person=person, post=post, start_date=D(2020, 1, 1), start_reason="appointed")
    indicator = Indicator.objects.get(code="units-with-female-key-leader")
    (cell,) = evaluate(units=[city], at=D(2025, 1, 1), indicators=[indicator])
    assert (cell.numerator, cell.denominator, cell.status, cell.gap) == (1, 2, "not_met", 1)
    assert cell.target.code == "qd2282-female-key-leader-2025"


@pytest.mark.django_db
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),  # ward
            st.integers(0, 5),  # person
            st.booleans(),  # key post (else committee seat)
            st.integers(0, 3000),  # start, days after 1/1/2015
            st.one_of(st.none(), st.integers(0, 3000)),  # length
        ),
        max_size=16,
    ),
    st.integers(0, 3000),
    st.lists(st.integers(0, 60), min_size=6, max_size=6),
)
def test_evaluate_matches_brute_force(rows, day, ages):
    """Random small worlds: both counting paths (in Python with people lists, and GROUP BY in the
    database) equal a literal count per unit, for people, seats and organizations."""
    from django.db import transaction

    from nguon.core.intervals import age_on

    with transaction.atomic():
        city = area_create(code="01", name="T", level="province")
        wards = [area_create(code=f"0000{i}", name=f"P{i}", level="commune", parent=city) for i in range(3)]
        posts = []
        for w in wards:
            org = organization_create(name=f"Đảng bộ {w.name}", kind="grassroots_party", area=w)
            body = body_create(organization=org, kind="executive_committee", name=f"BCH {w.name}")
            posts.append(
                (
                    post_create(organization=org, name="Ủy viên", body=body),
                    post_create(organization=org, name="Bí thư", is_key=True),
                )
            )
        base = D(2015, 1, 1)
        people = [
            person_create(
                full_name=f"Người {i}", sex="F" if i % 2 else "M", birth_date=D(1960 + ages[i] % 50, 3, 1 + i)
            )
            for i in range(6)
        ]
        kept = []
        for ward_i, person_i, key, start, length in rows:
            start_d = base + dt.timedelta(days=start)
            end_d = None if length is None else start_d + dt.timedelta(days=length)
            post = posts[ward_i][1 if key else 0]
            try:
                tenure_create(
                    person=people[person_i],
                    post=post,
                    start_date=start_d,
                    end_date=end_d,
                    start_reason="elected",
                )
            except Exception:  # overlapping holds of one post are refused; the reference skips them too
                continue
            kept.append((ward_i, people[person_i], post, start_d, end_d))
        at = base + dt.timedelta(days=day)
        seats = Indicator.objects.create(
            code="t-seats", name="s", population="active", unit="seats", numerator="female"
        )
        orgs = Indicator.objects.create(
            code="t-orgs",
            name="o",
            population="active",
            unit="organizations",
            numerator="female",
            key_post=True,
        )
        checks = [
            (Indicator.objects.get(code="grassroots-committee-women"), lambda post: not post.is_key, "F"),
            (Indicator.objects.get(code="key-posts-young"), lambda post: post.is_key, "young"),
            (
                Indicator.objects.get(code="key-posts-women"),
                lambda post: post.is_key,
                "F",
            ),  # shares a GROUP BY
            (seats, lambda post: True, "F"),
            (orgs, lambda post: post.is_key, "F"),
        ]
        units = [city, *wards]
        indicators = [c[0] for c in checks]
        slow = {(c.unit.code, c.indicator): c for c in evaluate(units=units, at=at, indicators=indicators)}
        fast = {
            (c.unit.code, c.indicator): c
            for c in evaluate(units=units, at=at, indicators=indicators, with_people=False)
        }
        for indicator, in_population, numerator in checks:
            for unit_code, members in [("01", range(3))] + [(w.code, [i]) for i, w in enumerate(wards)]:
                active = [
                    (p, post)
                    for wi, p, post, s, e in kept
                    if wi in members and s <= at and (e is None or at <= e) and in_population(post)
                ]

                def hit(p, numerator=numerator):
                    return p.sex == "F" if numerator == "F" else age_on(p.birth_date, at) < 35

                if indicator.unit == "seats":
                    everyone = {(p.pk, post.pk) for p, post in active}
                    hits = {(p.pk, post.pk) for p, post in active if hit(p)}
                elif indicator.unit == "organizations":
                    everyone = {post.organization_id for p, post in active}
                    hits = {post.organization_id for p, post in active if hit(p)}
                else:
                    everyone = {p.pk for p, post in active}
                    hits = {p.pk for p, post in active if hit(p)}
                for cells in (slow, fast):
                    cell = cells[(unit_code, indicator.code)]
                    assert (cell.numerator, cell.denominator) == (len(hits), len(everyone)), (
                        indicator.code,
                        unit_code,
                    )
        transaction.set_rollback(True)


def _three_ward_merge():
    """Three wards merged into one on 1/7/2025, each with an executive committee and two members."""
    city = area_create(code="01", name="Thành phố Thử", level="province")
    district = area_create(
        code="002", name="Quận Thử", level="district", parent=city, valid_to=D(2025, 6, 30)
    )
    old = [
        area_create(
            code=f"0003{i}", name=f"Phường {i}", level="commune", parent=district, valid_to=D(2025, 6, 30)
        )
        for i in range(3)
    ]
    new = area_create(code="00070", name="Phường Mới", level="commune", parent=city, valid_from=D(2025, 7, 1))
    succession_event_create(kind="merge", date=D(2025, 7, 1), links=[Link(a, new) for a in old])
    for i, area in enumerate([*old, new]):
        org = organization_create(
            name=f"Đảng bộ {area.name}",
            kind="grassroots_party",
            area=area,
            valid_from=area.valid_from,
            valid_to=area.valid_to,
        )
        body = body_create(organization=org, kind="executive_committee", name=f"BCH {area.name}")
        start = area.valid_from or D(2015, 1, 1)
        term = term_create(body=body, name="x", start_date=start, end_date=area.valid_to)
        post = post_create(organization=org, name="Ủy viên", body=body)
        for sex in "FM":
            _seat(f"Người {i}{sex}", sex, (post, term), start, area.valid_to)
    return district, new


@pytest.mark.django_db
@pytest.mark.parametrize("years", [2, 6, 11])
def test_series_queries_do_not_grow_with_the_dates(django_assert_num_queries, years):
    """A series over a three-ward merge reads the definitions, the succession graph and the holdings once:
    5 queries for 2, 6 or 11 dates (before: 10, 38 and 73)."""
    _district, new = _three_ward_merge()
    indicator = Indicator.objects.get(code="grassroots-committee-women")
    dates = [D(2016 + y, 1, 1) for y in range(years)]
    with django_assert_num_queries(5):
        points = indicator_series(area=new, indicator=indicator, dates=dates)
    for p in points:
        merged = p.at < D(2025, 7, 1)
        assert p.areas == (("00030", "00031", "00032") if merged else ("00070",))
        assert (p.numerator, p.denominator) == ((3, 6) if merged else (1, 2))
    assert [p.break_in_series for p in points] == [p.at == D(2026, 1, 1) for p in points]


@pytest.mark.django_db
def test_table_queries_are_pinned(django_assert_num_queries):
    """The table of a district and its wards: the children, the definitions and one read of the holdings,
    whatever the number of units and indicators (with all indicators: one more, to list them)."""
    district, _new = _three_ward_merge()
    with django_assert_num_queries(5):
        cells = indicator_table(area=district, at=AT)
    assert len(cells) == 4 * Indicator.objects.count()
    indicator = Indicator.objects.get(code="grassroots-committee-women")
    with django_assert_num_queries(4):
        cells = indicator_table(area=district, at=AT, indicators=[indicator])
    assert [(c.unit.code, c.numerator, c.denominator) for c in cells] == [
        ("002", 3, 6), ("00030", 1, 2), ("00031", 1, 2), ("00032", 1, 2),
    ]  # fmt: skip
