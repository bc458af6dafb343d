import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.organizations.models import Tenure
from nguon.rotations import services
from nguon.rotations.models import Move, MoveDecision

from .factories import hold, person, rotation_world

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def world():
    return rotation_world()


def _decision(world, kind="rotation", **kw):
    return services.move_decision_create(
        issuer=world.district_unit.org,
        kind=kind,
        number=kw.pop("number", "15-QĐ/QU"),
        date=kw.pop("date", D(2023, 3, 1)),
        **kw,
    )


def _messages(error):
    return {k: [str(m) for m in v] for k, v in error.value.message_dict.items()}


def test_one_rotation_ends_one_tenure_and_starts_another(world):
    a, b = world.wards
    lan = person("Nguyễn Thị Lan")
    old = hold(lan, a.chair, D(2020, 10, 1))
    decision = _decision(world)
    move = services.move_add(
        decision=decision, person=lan, from_tenure=old, to_post=b.chair, start_date=D(2023, 3, 5)
    )
    services.decision_apply(decision=decision)
    old.refresh_from_db()
    move.refresh_from_db()
    assert (old.end_date, old.end_reason, old.end_decision) == (D(2023, 3, 4), "rotated", "15-QĐ/QU")
    new = move.created_tenure
    assert (new.post, new.start_date, new.start_reason) == (b.chair, D(2023, 3, 5), "rotated")
    assert (new.start_decision, new.start_decision_date) == ("15-QĐ/QU", D(2023, 3, 1))
    decision.refresh_from_db()
    assert decision.applied_at is not None


def test_transfer_reasons(world):
    a, b = world.wards
    lan = person("Nguyễn Thị Lan")
    old = hold(lan, a.chair, D(2020, 10, 1))
    decision = _decision(world, kind="transfer")
    services.move_add(
        decision=decision, person=lan, from_tenure=old, to_post=b.deputy, start_date=D(2023, 3, 5)
    )
    services.decision_apply(decision=decision)
    old.refresh_from_db()
    assert old.end_reason == "transferred"
    assert Tenure.objects.get(person=lan, post=b.deputy).start_reason == "transferred"


def test_two_moves_of_one_person_in_a_month_keep_the_history(world):
    a, b = world.wards
    lan = person("Nguyễn Thị Lan")
    old = hold(lan, a.chair, D(2020, 10, 1))
    decision = _decision(world)
    first = services.move_add(
        decision=decision, person=lan, from_tenure=old, to_post=b.deputy, start_date=D(2023, 3, 5)
    )
    # added out of order: applied in start-date order all the same
    services.move_add(
        decision=decision,
        person=lan,
        from_move=first,
        to_post=world.district_unit.seat,
        to_term=world.district_unit.term,
        start_date=D(2023, 3, 20),
    )
    services.decision_apply(decision=decision)
    spans = list(
        Tenure.objects.filter(person=lan).order_by("start_date").values_list("post", "start_date", "end_date")
    )
    assert spans == [
        (a.chair.pk, D(2020, 10, 1), D(2023, 3, 4)),
        (b.deputy.pk, D(2023, 3, 5), D(2023, 3, 19)),
        (world.district_unit.seat.pk, D(2023, 3, 20), None),
    ]


def test_a_batch_is_all_or_nothing_and_names_the_move(world):
    a, b = world.wards
    lan, minh = person("Nguyễn Thị Lan"), person("Trần Văn Minh", "M")
    lan_t = hold(lan, a.chair, D(2020, 10, 1))
    minh_t = hold(minh, b.chair, D(2020, 10, 1))
    decision = _decision(world)
    services.move_add(
        decision=decision, person=lan, from_tenure=lan_t, to_post=b.deputy, start_date=D(2023, 3, 5)
    )
    services.move_add(
        decision=decision, person=minh, from_tenure=minh_t, to_post=a.chair, start_date=D(2023, 3, 5)
    )
    # meanwhile Minh's tenure was ended earlier by someone else
    minh_t.end_date, minh_t.end_reason = D(2022, 12, 31), "retired"
    minh_t.save()
    with pytest.raises(ValidationError) as error:
        services.decision_apply(decision=decision)
    (message,) = _messages(error)["moves"]
    assert "Trường hợp 2" in message and "Trần Văn Minh" in message and "31/12/2022" in message
    lan_t.refresh_from_db()
    assert lan_t.end_date is None  # nothing of move 1 was kept
    assert not Tenure.objects.filter(post=b.deputy).exists()
    decision.refresh_from_db()
    assert decision.applied_at is None


def test_a_move_that_would_overlap_is_refused_at_apply(world):
    a, b = world.wards
    lan = person("Nguyễn Thị Lan")
    old = hold(lan, a.chair, D(2020, 10, 1))
    hold(lan, b.deputy, D(2023, 6, 1))  # already recorded later on the post taken
    decision = _decision(world)
    services.move_add(
        decision=decision, person=lan, from_tenure=old, to_post=b.deputy, start_date=D(2023, 3, 5)
    )
    with pytest.raises(ValidationError) as error:
        services.decision_apply(decision=decision)
    (message,) = _messages(error)["moves"]
    assert message.startswith("Trường hợp 1") and "01/06/2023" in message
    old.refresh_from_db()
    assert old.end_date is None


def test_the_tenure_left_must_be_hers_and_held_the_day_before(world):
    a, b = world.wards
    lan, minh = person("Nguyễn Thị Lan"), person("Trần Văn Minh", "M")
    ended = hold(lan, a.chair, D(2020, 10, 1), end=D(2022, 1, 31))
    other = hold(minh, b.chair, D(2020, 10, 1))
    late = hold(lan, a.deputy, D(2023, 3, 5))
    decision = _decision(world)
    for tenure, code in ((ended, "đã kết thúc"), (other, "không phải của"), (late, "trước khi bắt đầu")):
        with pytest.raises(ValidationError) as error:
            services.move_add(
                decision=decision, person=lan, from_tenure=tenure, to_post=b.deputy, start_date=D(2023, 3, 5)
            )
        assert code in " ".join(_messages(error)["from_tenure"])
    assert not Move.objects.exists()


def test_the_term_belongs_to_the_posts_body(world):
    a, b = world.wards
    lan = person("Nguyễn Thị Lan")
    old = hold(lan, a.chair, D(2020, 10, 1))
    decision = _decision(world)
    with pytest.raises(ValidationError) as error:
        services.move_add(
            decision=decision, person=lan, from_tenure=old, to_post=b.seat, start_date=D(2023, 3, 5)
        )
    assert "to_term" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.move_add(
            decision=decision,
            person=lan,
            from_tenure=old,
            to_post=b.seat,
            to_term=a.term,
            start_date=D(2023, 3, 5),
        )
    assert "to_term" in error.value.message_dict


def test_an_applied_decision_is_not_changed(world):
    a, b = world.wards
    lan = person("Nguyễn Thị Lan")
    old = hold(lan, a.chair, D(2020, 10, 1))
    decision = _decision(world)
    move = services.move_add(
        decision=decision, person=lan, from_tenure=old, to_post=b.chair, start_date=D(2023, 3, 5)
    )
    services.decision_apply(decision=decision)
    for attempt in (
        lambda: services.decision_apply(decision=decision),
        lambda: services.move_remove(move=move),
        lambda: services.move_add(decision=decision, person=lan, to_post=b.deputy, start_date=D(2023, 4, 1)),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "quyết định mới" in " ".join(_messages(error)["decision"])
    # undone by a new decision: she goes back
    back = _decision(world, number="20-QĐ/QU", date=D(2023, 5, 1))
    services.move_add(
        decision=back,
        person=lan,
        from_tenure=Tenure.objects.get(post=b.chair),
        to_post=a.chair,
        start_date=D(2023, 5, 2),
    )
    services.decision_apply(decision=back)
    assert list(
        Tenure.objects.filter(person=lan).order_by("start_date").values_list("end_reason", flat=True)
    ) == [
        "rotated",
        "rotated",
        "",
    ]


def test_scope_every_organization_touched(world):
    a, b = world.wards
    lan = person("Nguyễn Thị Lan")
    old = hold(lan, a.chair, D(2020, 10, 1))
    editor_a = make_user("bientap_a", area=a.area, role=Role.EDITOR)
    with pytest.raises(PermissionDenied):
        _decision(world, acting_user=editor_a)  # the issuer is the district's
    decision = services.move_decision_create(
        issuer=a.org, kind="rotation", number="3-QĐ/ĐU", date=D(2023, 3, 1), acting_user=editor_a
    )
    with pytest.raises(PermissionDenied):  # ward B is not hers
        services.move_add(
            decision=decision,
            person=lan,
            from_tenure=old,
            to_post=b.chair,
            start_date=D(2023, 3, 5),
            acting_user=editor_a,
        )
    # recorded by the district, applied by ward A's editor: refused naming the move
    services.move_add(
        decision=decision, person=lan, from_tenure=old, to_post=b.chair, start_date=D(2023, 3, 5)
    )
    with pytest.raises(ValidationError) as error:
        services.decision_apply(decision=decision, acting_user=editor_a)
    assert "Trường hợp 1" in _messages(error)["moves"][0]
    assert "ngoài phạm vi" in _messages(error)["moves"][0]
    assert MoveDecision.objects.get(pk=decision.pk).applied_at is None


def test_remove_a_move_takes_its_followers(world):
    a, b = world.wards
    lan = person("Nguyễn Thị Lan")
    old = hold(lan, a.chair, D(2020, 10, 1))
    decision = _decision(world)
    first = services.move_add(
        decision=decision, person=lan, from_tenure=old, to_post=b.deputy, start_date=D(2023, 3, 5)
    )
    services.move_add(
        decision=decision, person=lan, from_move=first, to_post=b.chair, start_date=D(2023, 3, 20)
    )
    services.move_remove(move=first)
    assert not Move.objects.exists()


def test_from_move_must_start_earlier(world):
    a, b = world.wards
    lan = person("Nguyễn Thị Lan")
    old = hold(lan, a.chair, D(2020, 10, 1))
    decision = _decision(world)
    first = services.move_add(
        decision=decision, person=lan, from_tenure=old, to_post=b.deputy, start_date=D(2023, 3, 20)
    )
    with pytest.raises(ValidationError) as error:
        services.move_add(
            decision=decision, person=lan, from_move=first, to_post=b.chair, start_date=D(2023, 3, 5)
        )
    assert "from_move" in error.value.message_dict


def test_a_refusal_never_names_a_person_outside_the_scope(world):
    a, b = world.wards
    minh = person("Trần Văn Minh", "M")
    minh_t = hold(minh, b.chair, D(2020, 10, 1))
    editor_a = make_user("bientap_a", area=a.area, role=Role.EDITOR)
    decision = services.move_decision_create(
        issuer=a.org, kind="transfer", number="3-QĐ/ĐU", date=D(2023, 3, 1), acting_user=editor_a
    )
    services.move_add(
        decision=decision, person=minh, from_tenure=minh_t, to_post=a.chair, start_date=D(2023, 3, 5)
    )
    with pytest.raises(ValidationError) as error:
        services.decision_apply(decision=decision, acting_user=editor_a)
    (message,) = _messages(error)["moves"]
    assert (
        "Trường hợp 1" in message and "Trần Văn Minh" not in message and "Đảng bộ phường Hai" not in message
    )
