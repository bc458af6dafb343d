"""A pool's state on any date is the replay of its log.

(a) the pure replay against a brute-force reading written here independently (walk the calendar day by day,
    applying each day's lines in the order they were written, skipping those that do not follow);
(b) the services on the database: random sequences of additions, moves, removals and appointments, back-dated
    too; the ones that would break the log are refused in Vietnamese on "date" and change nothing, and the
    pools' states read back (``selectors.pool_states``) are the brute-force replay of the accepted ones.
Plus the refusals, the review rounds (all or nothing) and the scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nguon.accounts.choices import Role
from nguon.accounts.scope import scope_for
from nguon.accounts.tests.factories import make_user
from nguon.api.tests.conftest import build_world
from nguon.core.scope import UNRESTRICTED
from nguon.people.tests.factories import PersonFactory
from nguon.pipeline import pools, selectors, services
from nguon.pipeline.choices import RoundStatus
from nguon.pipeline.models import PoolEntry, PoolEvent, ReviewRound, RoundProposal
from nguon.pipeline.tests.factories import PlanningDecisionFactory, PoolFactory, pool_with_people, readiness

D = dt.date
START = D(2025, 10, 1)
ACTIONS = ("propose", "approve", "move", "remove", "fulfil")


# -- the brute-force reading ---------------------------------------------------------------------------------
#: (status before, action) -> status after; a pair not listed does not follow (written from the rules of
#: planning: one is proposed or approved into a pool, moved while in it, removed or appointed out of it, and
#: may come back after a removal, never after an appointment)
NEXT = {
    (None, "propose"): "proposed",
    (None, "approve"): "approved",
    ("removed", "propose"): "proposed",
    ("removed", "approve"): "approved",
    ("proposed", "approve"): "approved",
    ("proposed", "move"): "proposed",
    ("approved", "move"): "approved",
    ("proposed", "remove"): "removed",
    ("approved", "remove"): "removed",
    ("proposed", "fulfil"): "fulfilled",
    ("approved", "fulfil"): "fulfilled",
}


def brute_apply(state: dict[str, Any] | None, line: dict[str, Any]) -> dict[str, Any] | None:
    """The state after one line, or None when the line does not follow ``state``."""
    before = state["status"] if state else None
    after = NEXT.get((before, line["action"]))
    if after is None:
        return None
    new = dict(state) if state else {"readiness": None, "rank": None, "reason": ""}
    new["status"] = after
    if line["action"] in ("propose", "approve", "move"):
        if line.get("readiness") is not None:
            new["readiness"] = line["readiness"]
        if line.get("rank") is not None:
            new["rank"] = line["rank"]
    if line["action"] != "move":
        new["since"] = line["date"]
        new["reason"] = line.get("removal_reason", "") if line["action"] in ("remove", "fulfil") else ""
    return new


def brute_walk(lines: list[dict[str, Any]], first: dt.date, last: dt.date) -> dict[dt.date, dict[Any, Any]]:
    """Every day from ``first`` to ``last``: each entry's state that evening. Lines are taken day by day, in
    the order they were written (their position in ``lines``)."""
    states: dict[Any, dict[str, Any]] = {}
    result = {}
    day = first
    while day <= last:
        for line in lines:  # written order
            if line["date"] == day:
                after = brute_apply(states.get(line["entry"]), line)
                if after is not None:
                    states[line["entry"]] = after
        result[day] = {k: dict(v) for k, v in states.items()}
        day += dt.timedelta(days=1)
    return result


def follows(lines: list[dict[str, Any]], new: dict[str, Any]) -> bool:
    """Whether ``new``, written after ``lines``, keeps every line of its entry following (on every day)."""
    mine = sorted(
        [(line["date"], i, line) for i, line in enumerate([*lines, new]) if line["entry"] == new["entry"]],
        key=lambda t: (t[0], t[1]),
    )
    state = None
    for _date, _i, line in mine:
        state = brute_apply(state, line)
        if state is None:
            return False
    return True


def as_tuple(state: dict[str, Any]) -> tuple[Any, ...]:
    return (state["status"], state["readiness"], state["rank"], state["since"], state["reason"])


def replay_tuple(state: pools.EntryState) -> tuple[Any, ...]:
    return (state.status, state.readiness_id, state.rank, state.since, state.removal_reason)


# -- (a) the pure replay ----------------------------------------------------------------------------------
lines_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "entry": st.integers(1, 2),
            "day": st.integers(0, 12),
            "action": st.sampled_from(ACTIONS),
            "readiness": st.none() | st.integers(1, 3),
            "rank": st.none() | st.integers(1, 5),
            "removal_reason": st.sampled_from(["", "over_age", "review"]),
        }
    ),
    max_size=30,
)


@settings(max_examples=100, deadline=None)
@given(raw=lines_strategy, ids=st.randoms(use_true_random=False))
def test_replay_equals_a_day_by_day_walk(raw: list[dict[str, Any]], ids: Any) -> None:
    """Any log (lines that do not follow included): the replay on every date, from before the first line to
    after the last, is the day-by-day walk. Ids grow in the written order but are not consecutive."""
    lines, events, next_id = [], [], 0
    for item in raw:
        next_id += ids.randint(1, 4)
        line = {**item, "date": START + dt.timedelta(days=item["day"])}
        lines.append(line)
        events.append(
            pools.Event(
                id=next_id,
                entry_id=line["entry"],
                date=line["date"],
                action=line["action"],
                readiness_id=line["readiness"],
                rank=line["rank"],
                removal_reason=line["removal_reason"],
            )
        )
    shuffled = list(events)
    ids.shuffle(shuffled)  # the replay orders them itself
    walk = brute_walk(lines, START - dt.timedelta(days=1), START + dt.timedelta(days=13))
    for day, expected in walk.items():
        got = pools.replay(shuffled, day)
        assert {k: replay_tuple(v) for k, v in got.items()} == {k: as_tuple(v) for k, v in expected.items()}
    assert pools.replay(shuffled) == pools.replay(shuffled, START + dt.timedelta(days=13))


@settings(max_examples=100, deadline=None)
@given(raw=lines_strategy)
def test_state_after_refuses_exactly_what_breaks_the_log(raw: list[dict[str, Any]]) -> None:
    """Writing lines one by one, keeping those ``state_after`` accepts: it accepts exactly the lines the
    brute-force reading says keep every later line following."""
    kept: list[dict[str, Any]] = []
    events: list[pools.Event] = []
    for i, item in enumerate(raw, start=1):
        line = {**item, "date": START + dt.timedelta(days=item["day"])}
        event = pools.Event(
            id=i,
            entry_id=line["entry"],
            date=line["date"],
            action=line["action"],
            readiness_id=line["readiness"],
            rank=line["rank"],
        )
        try:
            pools.state_after(events, line["entry"], event)
            accepted = True
        except pools.TransitionError:
            accepted = False
        assert accepted == follows(kept, line)
        if accepted:
            kept.append(line)
            events.append(event)


def test_replay_examples() -> None:
    e = [
        pools.Event(1, 7, D(2025, 10, 20), "approve", readiness_id=2, rank=3),
        pools.Event(2, 7, D(2026, 3, 1), "move", readiness_id=1),
        pools.Event(3, 7, D(2027, 6, 1), "remove", removal_reason="over_age"),
    ]
    assert pools.replay(e, D(2025, 10, 19)) == {}
    assert pools.replay(e, D(2025, 10, 20))[7].readiness_id == 2
    moved = pools.replay(e, D(2026, 3, 1))[7]
    assert (moved.status, moved.readiness_id, moved.rank, moved.since) == ("approved", 1, 3, D(2025, 10, 20))
    gone = pools.replay(e, D(2030, 1, 1))[7]
    assert (gone.status, gone.in_pool, gone.removal_reason, gone.readiness_id) == (
        "removed",
        False,
        "over_age",
        1,
    )


# -- (b) through the services ---------------------------------------------------------------------------
operations = st.lists(
    st.tuples(
        st.integers(0, 2),  # person
        st.sampled_from(["add", "propose", "move", "remove", "fulfil"]),
        st.integers(0, 14),  # day
        st.none() | st.integers(0, 2),  # readiness level
        st.none() | st.integers(1, 4),  # rank
    ),
    min_size=1,
    max_size=14,
)
SERVICE_ACTION = {
    "add": "approve",
    "propose": "propose",
    "move": "move",
    "remove": "remove",
    "fulfil": "fulfil",
}


@pytest.fixture
def arena(officer: Any) -> dict[str, Any]:
    pool = PoolFactory()
    return {
        "pool": pool,
        "people": [PersonFactory() for _ in range(3)],
        "levels": [readiness("ngay"), readiness("1-2-nam"), readiness("3-5-nam")],
        "user": officer,
    }


def _write(arena: dict[str, Any], person: Any, op: str, date: dt.date, level: Any, rank: Any) -> Any:
    pool, user = arena["pool"], arena["user"]
    common = {"pool": pool, "person": person, "date": date, "acting_user": user, "source": "test"}
    if op in ("add", "propose"):
        return services.entry_add(approved=op == "add", readiness=level, rank=rank, **common)
    if op == "move":
        return services.entry_move(readiness=level, rank=rank, **common)
    if op == "remove":
        return services.entry_remove(removal_reason="review", reason="Rà soát", **common)
    return services.entry_fulfil(**common)


def _snapshot() -> tuple[list[Any], list[Any]]:
    return (
        list(PoolEntry.objects.order_by("pk").values()),
        list(PoolEvent.objects.order_by("pk").values()),
    )


@pytest.mark.django_db
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_services_keep_the_log_a_replay(arena: dict[str, Any], ops: list[tuple[Any, ...]]) -> None:
    with transaction.atomic():
        people, levels = arena["people"], arena["levels"]
        accepted: list[dict[str, Any]] = []
        for who, op, day, level_i, rank in ops:
            date = START + dt.timedelta(days=day)
            level = levels[level_i] if level_i is not None else None
            line = {
                "entry": people[who].pk,
                "date": date,
                "action": SERVICE_ACTION[op],
                "readiness": level.pk if level and op in ("add", "propose", "move") else None,
                "rank": rank if op in ("add", "propose", "move") else None,
                "removal_reason": "review" if op == "remove" else "",
            }
            expected = follows(accepted, line)
            before = _snapshot()
            if expected:
                event = _write(arena, people[who], op, date, level, rank)
                assert (event.action, event.date, event.source) == (line["action"], date, "test")
                assert event.recorded_by == arena["user"]
                accepted.append(line)
            else:
                with pytest.raises(ValidationError) as refused:
                    _write(arena, people[who], op, date, level, rank)
                assert list(refused.value.message_dict) == ["date"]
                message = refused.value.message_dict["date"][0]
                assert people[who].full_name in message and f"{date:%d/%m/%Y}" in message
                assert "quy hoạch" in message  # Vietnamese
                assert _snapshot() == before
        walk = brute_walk(accepted, START - dt.timedelta(days=1), START + dt.timedelta(days=15))
        pool = arena["pool"]
        for day in [*sorted(walk)[::3], START + dt.timedelta(days=15)]:
            got = selectors.pool_states(scope=UNRESTRICTED, pools_=[pool], at=day, include_out=True)[pool.pk]
            assert got.hidden == 0
            assert {r.person.pk: replay_tuple(r.state) for r in got.rows} == {
                k: as_tuple(v) for k, v in walk[day].items()
            }
            inside = selectors.pool_states(scope=UNRESTRICTED, pools_=[pool], at=day)[pool.pk]
            assert {r.person.pk for r in inside.rows} == {
                k for k, v in walk[day].items() if v["status"] in ("proposed", "approved")
            }
            assert inside.size == len(inside.rows)
            for row in inside.rows:
                assert row.readiness == (levels_by_pk(levels).get(row.state.readiness_id))
        transaction.set_rollback(True)


def levels_by_pk(levels: list[Any]) -> dict[int, Any]:
    return {level.pk: level for level in levels}


# -- refusals ----------------------------------------------------------------------------------------------
pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_remove_needs_a_reason(officer: Any) -> None:
    pool, (person,) = pool_with_people(1)
    with pytest.raises(ValidationError) as refused:
        services.entry_remove(pool=pool, person=person, date=D(2026, 1, 1), acting_user=officer)
    assert refused.value.message_dict == {"reason": ["Hãy ghi lý do đưa ra khỏi quy hoạch."]}
    assert PoolEvent.objects.filter(entry__pool=pool).count() == 1
    services.entry_remove(pool=pool, person=person, date=D(2026, 1, 1), reason="Chuyển công tác")
    assert PoolEvent.objects.filter(entry__pool=pool).count() == 2


@pytestmark_db
def test_approve_twice_is_refused(officer: Any) -> None:
    pool, (person,) = pool_with_people(1, date=D(2025, 10, 20))
    with pytest.raises(ValidationError) as refused:
        services.entry_add(pool=pool, person=person, date=D(2026, 2, 1), acting_user=officer)
    assert refused.value.message_dict["date"] == [
        f"{person.full_name} đã được phê duyệt trong quy hoạch {pool} vào ngày 01/02/2026."
    ]
    assert PoolEvent.objects.filter(entry__pool=pool).count() == 1


@pytestmark_db
def test_back_dated_event_contradicting_a_later_one(officer: Any) -> None:
    """Removed on 1/6/2026; a removal back-dated to 1/3/2026 would leave the June line without an entry to
    remove: refused, and so is a move after the removal; a move back-dated before it is accepted."""
    pool, (person,) = pool_with_people(1, date=D(2025, 10, 20))
    services.entry_remove(pool=pool, person=person, date=D(2026, 6, 1), reason="Chuyển công tác")
    with pytest.raises(ValidationError) as refused:
        services.entry_remove(pool=pool, person=person, date=D(2026, 3, 1), reason="Sức khỏe")
    assert refused.value.message_dict == {
        "date": [
            f"Thay đổi ngày 01/03/2026 mâu thuẫn với một dòng sau đó trong nhật ký quy hoạch của "
            f"{person.full_name} ở {pool}."
        ]
    }
    with pytest.raises(ValidationError):
        services.entry_move(pool=pool, person=person, date=D(2026, 7, 1), rank=1)
    services.entry_move(pool=pool, person=person, date=D(2026, 3, 1), readiness=readiness("1-2-nam"))
    state = selectors.pool_states(scope=UNRESTRICTED, pools_=[pool], at=D(2026, 4, 1))[pool.pk].rows[0]
    assert state.readiness == readiness("1-2-nam")
    # an approval back-dated before the first one would be followed by an approval: refused
    with pytest.raises(ValidationError):
        services.entry_add(pool=pool, person=person, date=D(2025, 1, 1))
    # after the removal she may come back
    services.entry_add(pool=pool, person=person, date=D(2027, 1, 1), readiness=readiness("ngay"))
    assert selectors.pool_states(scope=UNRESTRICTED, pools_=[pool], at=D(2027, 1, 1))[pool.pk].size == 1
    assert selectors.pool_states(scope=UNRESTRICTED, pools_=[pool], at=D(2026, 12, 31))[pool.pk].size == 0


@pytestmark_db
def test_fulfilled_is_final(officer: Any) -> None:
    pool, (person,) = pool_with_people(1, date=D(2025, 10, 20))
    services.entry_fulfil(pool=pool, person=person, date=D(2026, 5, 1), reason="Được bầu")
    for op in ("add", "propose", "move", "remove", "fulfil"):
        with pytest.raises(ValidationError):
            _write({"pool": pool, "user": officer}, person, op, D(2026, 6, 1), None, None)


@pytestmark_db
def test_rank_below_one_is_refused(officer: Any) -> None:
    pool = PoolFactory()
    with pytest.raises(ValidationError) as refused:
        services.entry_add(pool=pool, person=PersonFactory(), date=D(2026, 1, 1), rank=0)
    assert list(refused.value.message_dict) == ["rank"]
    assert not PoolEntry.objects.filter(pool=pool).exists()


# -- review rounds -----------------------------------------------------------------------------------------
@pytestmark_db
def test_round_approved_as_one_decision(officer: Any) -> None:
    pool, (kept, leaving) = pool_with_people(2, date=D(2025, 10, 20))
    organization = pool.post.organization
    newcomer = PersonFactory()
    review = services.round_create(organization=organization, year=2026, target_term="2025–2030")
    services.round_propose(
        round=review,
        pool=pool,
        person=newcomer,
        action="add",
        readiness=readiness("3-5-nam"),
        rank=3,
        first_planning=True,
    )
    services.round_propose(round=review, pool=pool, person=leaving, action="remove", removal_reason="review")
    services.round_propose(round=review, pool=pool, person=kept, action="move", readiness=readiness("ngay"))
    decision = PlanningDecisionFactory(organization=organization, kind="review", date=D(2026, 11, 5))
    events = services.round_approve(round=review, decision=decision, acting_user=officer)
    assert [(e.action, e.date, e.decision, e.round) for e in events] == [
        ("approve", D(2026, 11, 5), decision, review),
        ("remove", D(2026, 11, 5), decision, review),
        ("move", D(2026, 11, 5), decision, review),
    ]
    review.refresh_from_db()
    assert (review.status, review.decision) == (RoundStatus.APPROVED, decision)
    assert PoolEntry.objects.get(pool=pool, person=newcomer).first_planning
    before = selectors.pool_states(scope=UNRESTRICTED, pools_=[pool], at=D(2026, 11, 4))[pool.pk]
    after = selectors.pool_states(scope=UNRESTRICTED, pools_=[pool], at=D(2026, 11, 5))[pool.pk]
    assert {r.person for r in before.rows} == {kept, leaving}
    assert [r.person for r in after.rows] == [kept, newcomer]
    with pytest.raises(ValidationError) as closed:
        services.round_approve(round=review, decision=decision)
    assert list(closed.value.message_dict) == ["round"]
    with pytest.raises(ValidationError):
        services.round_propose(round=review, pool=pool, person=PersonFactory(), action="add")


@pytestmark_db
def test_round_is_all_or_nothing(officer: Any) -> None:
    """One proposal that does not follow (she is already approved) refuses the whole round: nothing written,
    the round still a draft."""
    pool, (already,) = pool_with_people(1, date=D(2025, 10, 20))
    organization = pool.post.organization
    review = services.round_create(organization=organization, year=2026, target_term="2025–2030")
    good = PersonFactory()
    services.round_propose(round=review, pool=pool, person=good, action="add", readiness=readiness())
    services.round_propose(round=review, pool=pool, person=already, action="add")
    decision = PlanningDecisionFactory(organization=organization, kind="review", date=D(2026, 11, 5))
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.round_approve(round=review, decision=decision, acting_user=officer)
    assert already.full_name in refused.value.message_dict["date"][0]
    assert _snapshot() == before
    review.refresh_from_db()
    assert review.status == RoundStatus.DRAFT and review.decision is None
    RoundProposal.objects.filter(round=review, person=already).delete()
    services.round_approve(round=review, decision=decision, acting_user=officer)
    assert ReviewRound.objects.get(pk=review.pk).status == RoundStatus.APPROVED


@pytestmark_db
def test_round_refuses_other_organizations_pools_and_removal_without_reason(officer: Any) -> None:
    pool, (person,) = pool_with_people(1)
    other = PoolFactory()
    review = services.round_create(organization=pool.post.organization, year=2026, target_term="2025–2030")
    with pytest.raises(ValidationError) as refused:
        services.round_propose(round=review, pool=other, person=person, action="remove")
    assert set(refused.value.message_dict) == {"pool", "reason"}
    with pytest.raises(ValidationError) as twice:
        services.round_create(organization=pool.post.organization, year=2026, target_term="2025–2030")
    assert list(twice.value.message_dict) == ["year"]


# -- scope -------------------------------------------------------------------------------------------------
@pytest.fixture
def wards(db: None) -> Any:
    world = build_world()
    pool_a = PoolFactory(post=world.a.post)
    pool_b = PoolFactory(post=world.b.post)
    for person in world.a.people:
        services.entry_add(pool=pool_a, person=person, date=D(2025, 10, 20))
    for person in world.b.people:
        services.entry_add(pool=pool_b, person=person, date=D(2025, 10, 20))
    editor_a = make_user("editor_a", area=world.a.area, role=Role.EDITOR)
    return world, pool_a, pool_b, editor_a


def test_an_editor_of_ward_a_cannot_write_ward_b(wards: Any) -> None:
    world, pool_a, pool_b, editor_a = wards
    before = _snapshot()
    calls = [
        lambda: services.entry_add(
            pool=pool_b, person=world.b.people[0], date=D(2026, 1, 1), acting_user=editor_a
        ),
        lambda: services.entry_move(
            pool=pool_b, person=world.b.people[0], date=D(2026, 1, 1), rank=1, acting_user=editor_a
        ),
        lambda: services.entry_remove(
            pool=pool_b, person=world.b.people[0], date=D(2026, 1, 1), reason="x", acting_user=editor_a
        ),
        lambda: services.entry_fulfil(
            pool=pool_b, person=world.b.people[0], date=D(2026, 1, 1), acting_user=editor_a
        ),
        lambda: services.pool_create(
            post=world.b.post,
            target_term="2030–2035",
            target_start=D(2030, 10, 1),
            target_end=D(2035, 9, 30),
            acting_user=editor_a,
        ),
        lambda: services.decision_create(
            organization=world.b.organization,
            number="1",
            date=D(2026, 1, 1),
            approving_body="x",
            acting_user=editor_a,
        ),
        lambda: services.round_create(
            organization=world.b.organization, year=2026, target_term="2025–2030", acting_user=editor_a
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert _snapshot() == before
    services.entry_move(
        pool=pool_a, person=world.a.people[0], date=D(2026, 1, 1), rank=1, acting_user=editor_a
    )


def test_pool_get_outside_the_scope_is_404(wards: Any) -> None:
    _world, pool_a, pool_b, editor_a = wards
    scope = scope_for(editor_a)
    assert selectors.pool_get(scope=scope, pk=pool_a.pk) == pool_a
    with pytest.raises(Http404):
        selectors.pool_get(scope=scope, pk=pool_b.pk)
    assert list(selectors.pool_list(scope=scope)) == [pool_a]


def test_people_outside_the_scope_are_counted_not_named(wards: Any) -> None:
    """Ward B's person planned for ward A's post: A's editor reads the pool, sees one hidden person."""
    world, pool_a, _pool_b, editor_a = wards
    services.entry_add(pool=pool_a, person=world.b.people[0], date=D(2025, 11, 1))
    scope = scope_for(editor_a)
    state = selectors.pool_states(scope=scope, pools_=[pool_a], at=D(2026, 1, 1))[pool_a.pk]
    assert {r.person for r in state.rows} == set(world.a.people)
    assert (state.hidden, state.size) == (1, 3)
    assert selectors.pool_states(scope=scope, pools_=[pool_a], at=D(2025, 10, 31))[pool_a.pk].hidden == 0
    assert world.b.people[0].pk not in {
        e.entry.person_id for e in selectors.pool_log(scope=scope, pool=pool_a)
    }


def test_incumbent_of_the_date(wards: Any) -> None:
    """The tenure held on a past date, not today's holder."""
    from nguon.organizations import services as org

    world, _pool_a, _pool_b, _editor = wards
    first = world.a.tenures[0]
    org.tenure_end(tenure=first, end_date=D(2022, 12, 31), end_reason="retired")
    newcomer = PersonFactory(dossier_organization=world.a.organization)
    org.tenure_create(person=newcomer, post=world.a.post, start_date=D(2023, 1, 1), start_reason="appointed")
    scope = UNRESTRICTED
    on_2021 = selectors.incumbents_on(scope=scope, posts=[world.a.post], at=D(2021, 6, 1))[world.a.post.pk]
    on_2024 = selectors.incumbents_on(scope=scope, posts=[world.a.post], at=D(2024, 6, 1))[world.a.post.pk]
    assert first.person in {t.person for t in on_2021} and newcomer not in {t.person for t in on_2021}
    assert newcomer in {t.person for t in on_2024} and first.person not in {t.person for t in on_2024}


def test_one_plans_only_people_one_reads(wards: Any) -> None:
    """Ward A's editor cannot put ward B's person in A's pool (nor propose her): refused on "person" with
    the answer given for no such person; nothing written."""
    world, pool_a, _pool_b, editor_a = wards
    stranger = world.b.people[0]
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.entry_add(pool=pool_a, person=stranger, date=D(2026, 1, 1), acting_user=editor_a)
    assert refused.value.message_dict == {"person": ["Không có người này trong phạm vi công tác của bạn."]}
    assert stranger.full_name not in str(refused.value)
    review = services.round_create(
        organization=world.a.organization, year=2026, target_term="2025–2030", acting_user=editor_a
    )
    with pytest.raises(ValidationError) as proposed:
        services.round_propose(round=review, pool=pool_a, person=stranger, action="add", acting_user=editor_a)
    assert list(proposed.value.message_dict) == ["person"]
    assert _snapshot() == before
