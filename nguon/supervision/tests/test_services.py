"""Supervision services and selectors: every refusal by field, the notice warning, the replay of the log,
the overdue list at fixed dates, scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nguon.accounts.scope import scope_of
from nguon.core.models import AuditRecord
from nguon.core.scope import Scope
from nguon.supervision import selectors, services
from nguon.supervision.models import FollowUp, SupervisionDefaults

from .world import build_world

D = dt.date
pytestmark = pytest.mark.django_db
ALL = Scope(unrestricted=True)


def _codes(excinfo, field):
    return [e.code for e in excinfo.value.error_dict[field]]


@pytest.fixture
def w():
    return build_world()


def test_defaults_seeded_and_in_force():
    row = services.defaults_on(D(2020, 1, 1))
    assert (row.notice_days, row.answer_days) == (15, 20)
    SupervisionDefaults.objects.create(valid_from=D(2021, 1, 1), notice_days=10, answer_days=30)
    assert services.defaults_on(D(2020, 12, 31)).answer_days == 20
    assert services.defaults_on(D(2021, 1, 1)).answer_days == 30


def test_mission_refusals(w):
    with pytest.raises(ValidationError) as e:
        services.mission_create(
            kind="x", subject=" ", lead=w.org_a, supervised=w.org_a, start_date=D(2020, 3, 1), end_date=D(2020, 2, 1),
            notice_sent_on=D(2020, 3, 2), participants=[w.org_a],
        )  # fmt: skip
    assert _codes(e, "kind") == ["kind_invalid"]
    assert _codes(e, "subject") == ["subject_empty"]
    assert _codes(e, "supervised") == ["supervised_is_lead"]
    assert _codes(e, "end_date") == ["end_before_start"]
    assert _codes(e, "notice_sent_on") == ["notice_after_start"]
    assert _codes(e, "participants") == ["participant_is_lead"]
    with pytest.raises(ValidationError) as e:
        services.mission_create(kind="supervision", subject="S", lead=w.org_a, start_date=None)
    assert _codes(e, "supervised") == ["supervised_missing"]
    assert _codes(e, "start_date") == ["start_missing"]
    plan = services.plan_create(organization=w.org_a, year=2021)
    with pytest.raises(ValidationError) as e:
        services.mission_create(kind="supervision", subject="S", lead=w.org_a, supervised_text="X",
                                start_date=D(2020, 5, 1), plan=plan)  # fmt: skip
    assert _codes(e, "plan") == ["plan_year"]
    with pytest.raises(ValidationError) as e:
        services.plan_create(organization=w.org_a, year=2021)
    assert _codes(e, "year") == ["plan_exists"]
    assert "Hội LHPN" in e.value.error_dict["year"][0].messages[0]


def test_notice_warns_and_is_stored(w):
    m = services.mission_create(
        kind="criticism", subject="Dự thảo kế hoạch", lead=w.org_a, supervised_text="UBND",
        notice_sent_on=D(2020, 4, 20), start_date=D(2020, 5, 1),
    )  # fmt: skip
    assert "11" in m.notice_warning and "15" in m.notice_warning
    ok = services.mission_update(mission=m, data={"notice_sent_on": D(2020, 4, 16)})
    assert ok.notice_warning == ""  # exactly 15 days ahead is enough


def test_scope_of_writes(w):
    with pytest.raises(PermissionDenied):
        services.mission_create(
            kind="supervision", subject="S", lead=w.org_b, supervised_text="X", start_date=D(2020, 1, 1),
            acting_user=w.editor,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.event_add(recommendation=w.rec_b, kind="answered", date=D(2020, 3, 20), acting_user=w.editor)
    with pytest.raises(PermissionDenied):
        services.note_add(mission=w.mission, date=D(2020, 3, 2), text="x", acting_user=w.viewer)
    with pytest.raises(ValidationError) as e:
        services.team_add(mission=w.mission, person=w.people_b[0], acting_user=w.editor)
    assert _codes(e, "person") == ["person_outside"]
    assert "Ngô" not in str(e.value)


def test_team_note_conclusion_refusals(w):
    with pytest.raises(ValidationError) as e:
        services.team_add(mission=w.mission, person=w.people_a[0], role="boss")
    assert _codes(e, "person") == ["member_exists"]
    assert _codes(e, "role") == ["role_invalid"]
    with pytest.raises(ValidationError) as e:
        services.note_add(mission=w.mission, date=D(2020, 2, 1), text="")
    assert _codes(e, "date") == ["note_before_start"]
    assert _codes(e, "text") == ["text_empty"]
    with pytest.raises(ValidationError) as e:
        services.mission_conclude(mission=w.mission, conclusion="", concluded_on=None)
    assert _codes(e, "conclusion") == ["conclusion_empty"]
    assert _codes(e, "concluded_on") == ["concluded_missing"]
    m = services.mission_conclude(mission=w.mission, conclusion="Kết luận", concluded_on=D(2020, 3, 6))
    assert m.status == "concluded"


def test_recommendation_refusals_and_default_deadline(w):
    assert w.rec.deadline == D(2020, 3, 30)
    assert list(w.rec.events.values_list("kind", flat=True)) == ["sent"]
    with pytest.raises(ValidationError) as e:
        services.recommendation_create(mission=w.mission, text="", sent_on=D(2020, 2, 1))
    assert _codes(e, "text") == ["text_empty"]
    assert _codes(e, "addressee") == ["addressee_missing"]
    assert _codes(e, "sent_on") == ["sent_early"]
    with pytest.raises(ValidationError) as e:
        services.recommendation_create(
            mission=w.mission, text="t", addressee=w.org_b, addressee_text="x", sent_on=D(2020, 4, 1),
            deadline=D(2020, 3, 1),
        )  # fmt: skip
    assert _codes(e, "addressee_text") == ["addressee_both"]
    assert _codes(e, "deadline") == ["deadline_early"]
    with pytest.raises(ValidationError) as e:
        services.recommendation_update(recommendation=w.rec, data={"sent_on": D(2020, 4, 1)})
    assert _codes(e, "sent_on") == ["sent_by_event"]


def test_event_transitions(w):
    draft = services.recommendation_create(mission=w.mission, text="t", addressee=w.org_b)
    with pytest.raises(ValidationError) as e:
        services.event_add(recommendation=draft, kind="acted", date=D(2020, 4, 1))
    assert _codes(e, "kind") == ["not_sent"]
    with pytest.raises(ValidationError) as e:
        services.event_add(recommendation=w.rec, kind="answered", date=D(2020, 3, 9))
    assert _codes(e, "date") == ["before_sent"]
    with pytest.raises(ValidationError) as e:
        services.event_add(recommendation=w.rec, kind="sent", date=D(2020, 3, 11))
    assert _codes(e, "kind") == ["already_sent"]
    with pytest.raises(ValidationError) as e:
        services.event_add(recommendation=w.rec, kind="nope", date=None)
    assert _codes(e, "kind") == ["kind_invalid"]
    with pytest.raises(ValidationError) as e:
        services.event_add(recommendation=w.rec, kind="acted", date=None)
    assert _codes(e, "date") == ["date_missing"]
    before = AuditRecord.objects.count()
    services.event_add(recommendation=draft, kind="sent", date=D(2020, 4, 1), document="12/CV")
    draft.refresh_from_db()
    assert draft.sent_on == D(2020, 4, 1) and draft.deadline == D(2020, 4, 21)
    assert AuditRecord.objects.count() > before


KINDS = ["answered", "acted", "not_acted", "escalated"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 200)), min_size=0, max_size=6),
    st.randoms(use_true_random=False),
    st.integers(0, 220),
)
def test_replay_independent_of_insertion_order(events, rnd, offset):
    sent = D(2020, 3, 10)
    rows = [FollowUp(kind="sent", date=sent, id=1)] + [
        FollowUp(kind=k, date=sent + dt.timedelta(days=d), id=i + 2) for i, (k, d) in enumerate(events)
    ]
    at = sent + dt.timedelta(days=offset)
    first = selectors.replay(rows, at)
    shuffled = [FollowUp(kind=r.kind, date=r.date, id=100 - r.id) for r in rows]
    rnd.shuffle(shuffled)
    assert selectors.replay(shuffled, at) == first
    dated = [r for r in rows if r.date <= at]
    assert first == (max(dated, key=lambda r: (r.date, selectors.TIE_ORDER.index(r.kind))).kind)


def test_overdue_boundaries(w):
    # sent 10/3/2020, answer within 20 days → 30/3/2020; deadline 30/3/2020
    assert selectors.overdue(scope=ALL, at=D(2020, 3, 9)) == []  # not yet sent
    assert [i.recommendation for i in selectors.overdue(scope=ALL, at=D(2020, 3, 30))] == []
    items = selectors.overdue(scope=ALL, at=D(2020, 3, 31))
    assert {i.recommendation for i in items} == {w.rec, w.rec_b}
    assert items[0].reasons == ["no_answer", "past_deadline"] and items[0].escalate
    assert items[0].days_open == 21 and items[0].bucket == "30"
    services.event_add(recommendation=w.rec, kind="answered", date=D(2020, 4, 5))
    services.event_add(recommendation=w.rec, kind="acted", date=D(2020, 9, 1))
    # at a date between the events the replay is used, not the current status
    mid = {i.recommendation: i for i in selectors.overdue(scope=ALL, at=D(2020, 5, 1))}
    assert mid[w.rec].reasons == ["past_deadline"] and mid[w.rec].status == "answered"
    assert mid[w.rec_b].bucket == "90"
    late = {i.recommendation for i in selectors.overdue(scope=ALL, at=D(2020, 9, 25))}
    assert late == {w.rec_b}
    assert selectors.overdue(scope=ALL, at=D(2020, 9, 25))[0].bucket == "more"  # 199 days
    assert selectors.buckets(selectors.overdue(scope=ALL, at=D(2020, 9, 25)))[3][2] == 1
    assert selectors.overdue(scope=ALL, at=D(2020, 9, 6))[0].bucket == "180"  # 180 days


def test_overdue_answered_in_time_not_overdue_before_deadline(w):
    services.recommendation_update(recommendation=w.rec, data={"deadline": D(2020, 6, 30)})
    services.event_add(recommendation=w.rec, kind="answered", date=D(2020, 3, 30))
    at = {i.recommendation for i in selectors.overdue(scope=ALL, at=D(2020, 6, 30))}
    assert w.rec not in at
    assert w.rec in {i.recommendation for i in selectors.overdue(scope=ALL, at=D(2020, 7, 1))}


def test_scope_reads(w):
    scope = scope_of(w.viewer)
    assert list(selectors.mission_list(scope=scope)) == [w.mission]
    with pytest.raises(Http404):
        selectors.mission_get(scope=scope, pk=w.mission_b.pk)
    assert {i.recommendation for i in selectors.overdue(scope=scope, at=D(2020, 9, 25))} == {w.rec}
    named, hidden = selectors.team(scope, w.mission)
    assert [m.person for m in named] == [w.people_a[0]] and hidden == 0
    services.mission_update(mission=w.mission_b, data={}, participants=[w.org_a])
    assert w.mission_b in selectors.mission_list(scope=scope)
    named, hidden = selectors.team(scope, w.mission_b)
    assert named == [] and hidden == 1
    assert not selectors.mission_can_edit(scope_of(w.editor), w.mission_b)


def test_statistics(w):
    by = selectors.missions_by(scope=ALL)
    assert by[(2020, "supervision", "planned")] == 1 and by[(2020, "opinion", "planned")] == 1
    services.event_add(recommendation=w.rec, kind="acted", date=D(2020, 4, 1))
    assert selectors.recommendations_by_status(scope=ALL, at=D(2020, 3, 31)) == {"sent": 2}
    assert selectors.recommendations_by_status(scope=ALL, at=D(2020, 4, 1)) == {"sent": 1, "acted": 1}
