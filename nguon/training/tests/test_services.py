"""The training services: validation by field in Vietnamese, scope, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import district_with_wards
from nguon.core.models import AuditRecord
from nguon.organizations import services as org_services
from nguon.organizations.tests.factories import OrganizationFactory
from nguon.people.tests.factories import PersonFactory
from nguon.training import services
from nguon.training.models import Participation
from nguon.training.tests.factories import CourseFactory, SessionFactory, completed

D = dt.date
pytestmark = pytest.mark.django_db


def _codes(excinfo, field):
    return [e.code for e in excinfo.value.error_dict[field]]


def test_course_rules_by_field():
    org = OrganizationFactory()
    services.course_create(
        organizer=org,
        name="Trung cấp lý luận chính trị",
        kind="political_theory",
        grants="political_theory",
        grants_level="trung_cap",
    )
    with pytest.raises(ValidationError) as excinfo:
        services.course_create(
            organizer=org,
            name="trung cap  ly luan chinh tri",
            kind="nope",
            grants="political_theory",
            grants_level="chuyen_vien",
        )
    assert _codes(excinfo, "name") == ["course_exists"]
    assert _codes(excinfo, "kind") == ["kind_invalid"]
    assert _codes(excinfo, "grants_level") == ["level_missing"]
    assert "Trung cấp" not in str(excinfo.value.error_dict["grants_level"][0].message)
    with pytest.raises(ValidationError) as excinfo:
        services.course_create(organizer=org, name=" ", kind="leadership", grants_level="cao_cap")
    assert _codes(excinfo, "name") == ["name_empty"]
    assert _codes(excinfo, "grants_level") == ["level_without_field"]
    # the same name at another organizer is another course
    services.course_create(
        organizer=OrganizationFactory(), name="Trung cấp lý luận chính trị", kind="political_theory"
    )


def test_course_update_renames_and_refuses_a_clash():
    course = CourseFactory(name="A")
    CourseFactory(name="B", organizer=course.organizer)
    services.course_update(course=course, data={"name": "  C  ", "provider": "Học viện"})
    course.refresh_from_db()
    assert course.name == "C" and course.provider == "Học viện"
    with pytest.raises(ValidationError) as excinfo:
        services.course_update(course=course, data={"name": "b"})
    assert _codes(excinfo, "name") == ["course_exists"]


def test_session_dates_and_participants_completion():
    session = SessionFactory(start_date=D(2020, 3, 1), end_date=D(2020, 9, 30))
    with pytest.raises(ValidationError) as excinfo:
        services.session_create(
            course=session.course, name="Lớp 2", start_date=D(2021, 3, 1), end_date=D(2021, 1, 1)
        )
    assert _codes(excinfo, "end_date") == ["end_before_start"]
    completed(session, PersonFactory(), on=D(2020, 4, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.session_update(session=session, data={"start_date": D(2020, 5, 1)})
    assert _codes(excinfo, "start_date") == ["start_after_completion"]
    assert "01/04/2020" in excinfo.value.error_dict["start_date"][0].message


def test_results_and_certificates_rules():
    session = SessionFactory(start_date=D(2020, 3, 1), end_date=D(2020, 9, 30))
    hoa, nam = PersonFactory(), PersonFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.participant_add(
            session=session,
            person=hoa,
            result="enrolled",
            completed_on=D(2020, 9, 30),
            certificate="123",
            certificate_date=D(2020, 10, 1),
        )
    assert _codes(excinfo, "completed_on") == ["completed_not_done"]
    assert _codes(excinfo, "certificate") == ["certificate_not_done"]
    with pytest.raises(ValidationError) as excinfo:
        services.participant_add(
            session=session,
            person=hoa,
            result="completed",
            completed_on=D(2020, 2, 29),
            certificate_date=D(2020, 10, 1),
        )
    assert _codes(excinfo, "completed_on") == ["completed_before_start"]
    assert _codes(excinfo, "certificate_date") == ["certificate_date_without_number"]
    assert not Participation.objects.exists()
    # the completion is dated the session's last day when not given
    p = services.participant_add(session=session, person=hoa, result="completed", certificate=" 0012 ")
    assert p.completed_on == D(2020, 9, 30) and p.certificate == "0012"
    with pytest.raises(ValidationError) as excinfo:
        services.participant_add(session=session, person=hoa)
    assert _codes(excinfo, "person") == ["participant_exists"]
    # a second class of the same course may not reuse the number
    other = SessionFactory(course=session.course, start_date=D(2021, 3, 1), end_date=D(2021, 6, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.participant_add(
            session=other, person=nam, result="completed", certificate="0012", certificate_date=D(2021, 5, 1)
        )
    assert _codes(excinfo, "certificate") == ["certificate_exists"]
    assert _codes(excinfo, "certificate_date") == ["certificate_before_completion"]
    # a session without an end date needs the completion date
    open_ = SessionFactory(course=session.course, start_date=D(2022, 1, 1), end_date=None)
    with pytest.raises(ValidationError) as excinfo:
        services.participant_add(session=open_, person=nam, result="completed")
    assert _codes(excinfo, "completed_on") == ["completed_missing"]
    with pytest.raises(ValidationError) as excinfo:
        services.participant_add(
            session=open_, person=nam, result="completed", completed_on=dt.date.today() + dt.timedelta(days=1)
        )
    assert _codes(excinfo, "completed_on") == ["completed_future"]


def test_result_set_clears_what_is_not_given_and_is_audited():
    session = SessionFactory()
    p = completed(session, PersonFactory(), certificate="A1", certificate_date=D(2020, 10, 2))
    services.participant_result_set(
        participation=p,
        result="completed",
        completed_on=D(2020, 9, 30),
        certificate="A1",
        certificate_date=D(2020, 10, 2),
    )  # the same number again
    services.participant_result_set(participation=p, result="failed")
    p.refresh_from_db()
    assert (p.result, p.completed_on, p.certificate, p.certificate_date) == ("failed", None, "", None)
    assert AuditRecord.objects.filter(object_id=str(p.pk)).count() >= 2


def test_scope_organizer_edit_and_participant_readable():
    _district, (ward_a, ward_b) = district_with_wards()
    org_a = OrganizationFactory(area=ward_a)
    org_b = OrganizationFactory(area=ward_b)
    post_b = org_services.post_create(organization=org_b, name="Bí thư")
    person_b = PersonFactory(full_name="Lê Thị Bê")
    org_services.tenure_create(
        person=person_b, post=post_b, start_date=D(2020, 1, 1), start_reason="appointed"
    )
    post_a = org_services.post_create(organization=org_a, name="Bí thư")
    person_a = PersonFactory(full_name="Trần Thị A")
    org_services.tenure_create(
        person=person_a, post=post_a, start_date=D(2020, 1, 1), start_reason="appointed"
    )
    editor = make_user("a", area=ward_a, role=Role.EDITOR)
    viewer = make_user("v", area=ward_a, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.course_create(organizer=org_b, name="X", kind="leadership", acting_user=editor)
    with pytest.raises(PermissionDenied):
        services.course_create(organizer=org_a, name="X", kind="leadership", acting_user=viewer)
    course = services.course_create(organizer=org_a, name="X", kind="leadership", acting_user=editor)
    session = services.session_create(
        course=course, name="Lớp 1", start_date=D(2020, 3, 1), acting_user=editor
    )
    with pytest.raises(ValidationError) as excinfo:
        services.participant_add(session=session, person=person_b, acting_user=editor)
    assert _codes(excinfo, "person") == ["person_outside"]
    assert "Bê" not in str(excinfo.value)
    services.participant_add(session=session, person=person_a, acting_user=editor)
    assert Participation.objects.filter(session=session).count() == 1
