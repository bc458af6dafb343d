"""The programmes' services: activity_check's rules (field and code), nothing written on a refusal, files kept."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from nguon.core.models import AuditRecord
from nguon.programmes import services
from nguon.programmes.models import Activity, ActivityCount, ActivityFile, OutputKind
from nguon.programmes.tests.factories import (
    activity_data,
    make_activity,
    make_programme,
    png_bytes,
    small_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return small_world()


def codes(errors, field):
    return [e.code for e in errors.get(field, [])]


def test_end_before_start(world):
    errors = services.activity_check(activity_data(world, end_date=dt.date(2022, 3, 1)))
    assert "end_before_start" in codes(errors, "end_date")


def test_outside_programme_and_goal_of_another(world):
    programme = make_programme(world)
    other = make_programme(world, title="Khác")
    goal = services.goal_create(
        programme=other, text="Trồng cây", measure="activities", period="year", target=2
    )
    errors = services.activity_check(
        activity_data(world, programme=programme, goal=goal, start_date=dt.date(2020, 5, 1))
    )
    assert "outside_programme" in codes(errors, "start_date")
    assert "goal_other_programme" in codes(errors, "goal")


def test_area_and_organizer_not_valid(world):
    world.a.area.valid_from = dt.date(2023, 1, 1)
    world.a.women.valid_to = dt.date(2021, 1, 1)
    errors = services.activity_check(activity_data(world))
    assert "area_not_valid" in codes(errors, "area")
    assert "organizer_not_valid" in codes(errors, "organizer")


def test_organizer_also_co_organizer(world):
    errors = services.activity_check(activity_data(world, co_organizers=[world.a.women]))
    assert "co_organizer_is_organizer" in codes(errors, "co_organizers")


def test_counts(world):
    errors = services.activity_check(activity_data(world, counts={("female", "31_45"): -1}))
    assert "count_negative" in codes(errors, "counts")
    errors = services.activity_check(activity_data(world, participants=-3))
    assert "participants_negative" in codes(errors, "participants")
    errors = services.activity_check(activity_data(world, participants=16))
    assert "counts_total_mismatch" in codes(errors, "counts")
    errors = services.activity_check(activity_data(world, people=world.a.people))
    assert "names_when_counted" in codes(errors, "people")
    errors = services.activity_check(activity_data(world, participant_mode="named", people=world.a.people))
    assert "counts_with_names" in codes(errors, "counts")
    kind = OutputKind.objects.get(code="cay-xanh")
    errors = services.activity_check(activity_data(world, outputs={kind: -5}))
    assert "output_negative" in codes(errors, "outputs")


def test_person_outside_is_refused_without_her_name(world):
    with pytest.raises(ValidationError) as caught:
        make_activity(
            world, acting_user=world.a.editor, participant_mode="named", counts={}, people=[world.b.people[0]]
        )
    assert "person_outside" in [e.code for e in caught.value.error_dict["people"]]
    assert world.b.people[0].full_name not in str(caught.value)
    assert not Activity.objects.exists()


def test_nothing_written_on_refusal(world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    with pytest.raises(ValidationError) as caught:
        make_activity(world, participants=99, files=[("anh.png", io.BytesIO(png_bytes()))])
    assert "counts" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        make_activity(world, files=[("anh.jpg", io.BytesIO(b"not a photo"))])
    assert "files" in caught.value.error_dict
    assert not Activity.objects.exists() and not ActivityCount.objects.exists()
    assert not ActivityFile.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_update_keeps_files_remove_keeps_row_delete_refused(world):
    activity = make_activity(world, files=[("anh.png", io.BytesIO(png_bytes()))])
    services.activity_update(
        activity=activity,
        data=activity_data(world, title="Sửa"),
        files=[("anh2.png", io.BytesIO(png_bytes(color=(1, 2, 3))))],
    )
    assert activity.files.count() == 2
    row = activity.files.first()
    services.file_remove(activity_file=row)
    row.refresh_from_db()
    assert row.removed_at is not None and row.file.storage.exists(row.file.name)
    with pytest.raises(ValidationError):
        services.activity_delete(activity=activity)
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_named_deduplicated_and_counted(world):
    person = world.a.people[0]
    activity = make_activity(
        world, participant_mode="named", counts={}, people=[person, person, world.a.people[1]]
    )
    assert activity.participants == 2 and activity.named.count() == 2
    counted = make_activity(world)
    assert counted.participants == 15
    assert AuditRecord.objects.filter(model="programmes.activity", object_id=str(counted.pk)).exists()


def test_edit_scope(world):
    with pytest.raises(PermissionDenied):
        make_activity(world, organizer=world.b.women, area=world.b.area, acting_user=world.a.editor)


def test_programme_rules(world):
    with pytest.raises(ValidationError) as caught:
        make_programme(world, parties=[(world.a.women, "lead")])
    assert "parties" in caught.value.error_dict
    programme = make_programme(world)
    make_activity(world, programme=programme)
    with pytest.raises(ValidationError):
        services.programme_update(programme=programme, data={"end_date": dt.date(2021, 12, 31)})
    goal = services.goal_create(
        programme=programme, text="2 hoạt động", measure="activities", period="year", target=2
    )
    plan = services.year_plan_set(programme=programme, year=2022, targets={goal: 3})
    assert plan.targets.get().target == 3
    services.year_plan_set(programme=programme, year=2022, targets={goal: None})  # emptied: the goal's own
    assert not plan.targets.exists()
    with pytest.raises(ValidationError):
        services.year_plan_set(programme=programme, year=2030, targets={goal: 3})
    with pytest.raises(ValidationError):
        services.goal_create(programme=programme, text="", measure="activities", period="year", target=-1)


@hsettings(max_examples=40, deadline=None)
@given(
    counts=st.dictionaries(
        st.tuples(
            st.sampled_from(["female", "male", "unknown"]), st.sampled_from(["16_30", "31_45", "unknown"])
        ),
        st.integers(0, 500),
        min_size=1,
    ),
    typed=st.integers(0, 2000),
)
def test_mismatch_iff_total_differs(counts, typed):
    data = services.ActivityData(
        title="x", type=None, start_date=None, area=None, organizer=None, counts=counts, participants=typed
    )
    errors = services.activity_check(data)
    assert ("counts_total_mismatch" in codes(errors, "counts")) == (typed != sum(counts.values()))


def test_update_keeps_the_people_she_may_not_name(world):
    """A ward-A officer edits A's activity that names one of B's people too: the form shows her only A's
    people; saving it keeps B's person (she is counted, never named, and never silently removed)."""
    activity = make_activity(
        world,
        participant_mode="named",
        counts={},
        people=[world.a.people[0], world.b.people[0]],
    )
    services.activity_update(
        activity=activity,
        data=activity_data(
            world, title="Sửa tên", participant_mode="named", counts={}, people=[world.a.people[0]]
        ),
        acting_user=world.a.editor,
    )
    activity.refresh_from_db()
    assert activity.title == "Sửa tên"
    assert set(activity.named.values_list("person_id", flat=True)) == {
        world.a.people[0].pk,
        world.b.people[0].pk,
    }
    assert activity.participants == 2
