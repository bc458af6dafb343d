"""The people pages: the list and search, the Excel list, the profile and own-data file, the forms; all
scoped (a ward-A officer never sees ward-B people), logged, and with their query counts pinned."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from nguon.accounts.choices import AccessKind, Role
from nguon.accounts.models import PersonalDataAccess
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import district_with_wards
from nguon.core.history import record_version
from nguon.core.models import AuditRecord
from nguon.organizations import services as org_services
from nguon.organizations.models import Tenure
from nguon.organizations.tests.factories import OrganizationFactory, committee
from nguon.people.models import Person
from nguon.people.services import person_create, person_update

pytestmark = pytest.mark.django_db

AT = "01/06/2024"


class World:
    pass


@pytest.fixture
def world():
    """Ward A (a party committee with its term, a women's union with a key post) and ward B (a party
    committee); Hoàng and Nam in ward A, another Hoàng in ward B; an editor of each ward, a viewer of A."""
    w = World()
    w.district, (w.ward_a, w.ward_b) = district_with_wards(2)
    w.party_a, w.body_a, w.term_a, w.seat_a = committee(
        OrganizationFactory(area=w.ward_a, name="Đảng bộ phường A")
    )
    w.union_a = OrganizationFactory(area=w.ward_a, kind="womens_union", name="Hội LHPN phường A")
    w.chair_a = org_services.post_create(organization=w.union_a, name="Chủ tịch Hội", is_key=True)
    w.party_b, w.body_b, w.term_b, w.seat_b = committee(
        OrganizationFactory(area=w.ward_b, name="Đảng bộ phường B")
    )
    w.hoang = person_create(full_name="Đặng Thị Hoàng", sex="F", birth_date=dt.date(1990, 3, 1))
    w.hoang_tenure = org_services.tenure_create(
        person=w.hoang, post=w.chair_a, start_date=dt.date(2020, 1, 1), start_reason="elected"
    )
    w.nam = person_create(
        full_name="Trần Văn Nam", sex="M", birth_date=dt.date(1985, 1, 1), birth_date_precision="year"
    )
    org_services.tenure_create(
        person=w.nam, post=w.seat_a, term=w.term_a, start_date=dt.date(2020, 5, 1), start_reason="elected"
    )
    w.hoang_b = person_create(full_name="Hoàng Văn Bình", sex="M", birth_date=dt.date(1980, 1, 2))
    org_services.tenure_create(
        person=w.hoang_b, post=w.seat_b, term=w.term_b, start_date=dt.date(2020, 5, 1), start_reason="elected"
    )
    w.editor_a = make_user("editor_a", area=w.ward_a, role=Role.EDITOR)
    w.editor_b = make_user("editor_b", area=w.ward_b, role=Role.EDITOR)
    w.viewer_a = make_user("viewer_a", area=w.ward_a, role=Role.VIEWER)
    return w


@pytest.fixture
def as_a(client, world):
    client.force_login(world.editor_a)
    return client


def test_search_hoang_finds_hoang_inside_the_scope_only(as_a, world):
    """ "hoang" finds "Đặng Thị Hoàng" for the ward-A officer, never the ward-B "Hoàng Văn Bình"."""
    response = as_a.get(reverse("person-list"), {"q": "hoang", "at": AT})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Đặng Thị Hoàng" in text
    assert "Hoàng Văn Bình" not in text
    assert "1–1 của 1" in text


def test_list_shows_posts_on_the_date_year_only_births_and_vietnamese_labels(as_a, world):
    """A row: the name linking to the profile, the birth (the year alone when only the year is known), the
    sex in Vietnamese, the posts held on the date."""
    text = as_a.get(reverse("person-list"), {"at": AT}).content.decode()
    assert reverse("person-detail", args=[world.nam.pk]) in text
    assert ">1985<" in text
    assert "Ủy viên Ban Chấp hành" in text and "Chủ tịch Hội" in text
    assert "Nữ" in text and "Nam" in text
    assert "Hoàng Văn Bình" not in text
    # Vietnamese name order: Hoàng (given name) before Nam
    assert text.index("Đặng Thị Hoàng") < text.index("Trần Văn Nam")


def test_list_filters_reach_the_page(as_a, world):
    """The page's filters are the FilterSet's: key post on the date keeps Hoàng only."""
    text = as_a.get(reverse("person-list"), {"key_post": "on", "held": "on", "at": AT}).content.decode()
    assert "Đặng Thị Hoàng" in text and "Trần Văn Nam" not in text


def test_list_query_count_does_not_grow_with_people(as_a, world, django_assert_num_queries):
    """The list page costs the same number of queries for 3 people as for 30 (posts preloaded)."""
    url = reverse("person-list")
    as_a.get(url, {"at": AT})  # warm the session's date
    with django_assert_num_queries(7) as few:
        as_a.get(url)
    for i in range(27):
        p = person_create(full_name=f"Lê Thị Mai {i}", sex="F", birth_date=dt.date(1990, 1, 1))
        org_services.tenure_create(
            person=p,
            post=world.seat_a,
            term=world.term_a,
            start_date=dt.date(2020, 5, 1),
            start_reason="elected",
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = as_a.get(url)
    assert "Lê Thị Mai 26" in response.content.decode()


def test_excel_list_is_scoped_and_logged(as_a, world):
    """The filtered list to Excel: ward-A people only, the posts on the date; one EXPORT log row with the
    number of people."""
    response = as_a.get(reverse("person-list-xlsx"), {"q": "hoang", "at": AT})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Họ và tên"
    assert [r[0] for r in rows[1:]] == ["Đặng Thị Hoàng"]
    assert "Chủ tịch Hội" in rows[1][-1]
    log = PersonalDataAccess.objects.get()
    assert (log.kind, log.people_count, log.user) == (AccessKind.EXPORT, 1, world.editor_a)


def test_profile_outside_the_scope_is_404_and_not_logged(as_a, world):
    """The ward-A officer opening the ward-B person gets 404, as for no such person; nothing logged."""
    for name in ("person-detail", "person-edit", "person-export", "tenure-add"):
        assert as_a.get(reverse(name, args=[world.hoang_b.pk])).status_code == 404, name
    assert as_a.get(reverse("person-detail", args=[999999])).status_code == 404
    b_tenure = Tenure.objects.get(person=world.hoang_b)
    assert as_a.get(reverse("tenure-end", args=[b_tenure.pk])).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_anonymous_users_are_sent_to_login(client, world):
    """Without a login, every people page redirects to the login page."""
    for url in (
        reverse("person-list"),
        reverse("person-detail", args=[world.hoang.pk]),
        reverse("person-add"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_profile_shows_fields_timeline_history_and_is_logged(as_a, world):
    """The profile: Vietnamese labels (no "BIRTH DISPLAY", no "Search key"), age at the date, the tenure
    with its dates and how it began, the history of changes with field labels; a VIEW log row."""
    person_update(person=world.hoang, data={"ethnicity": "Tày"}, acting_user=world.editor_a, source="web")
    response = as_a.get(reverse("person-detail", args=[world.hoang.pk]), {"at": AT})
    text = response.content.decode()
    assert response.status_code == 200
    for expected in (
        "Ngày sinh",
        "01/03/1990",
        "34 tuổi",
        "Chủ tịch Hội",
        "01/01/2020",
        "bầu",
        "Lịch sử thay đổi",
        "Dân tộc",
        "Tày",
        "editor_a",
    ):
        assert expected in text, expected
    for leaked in ("BIRTH DISPLAY", "Search key", "search_key", "sort_key"):
        assert leaked not in text
    assert reverse("person-edit", args=[world.hoang.pk]) in text  # an editor sees the buttons
    log = PersonalDataAccess.objects.get()
    assert (log.kind, log.person_id, log.user) == (AccessKind.VIEW, world.hoang.pk, world.editor_a)


def test_a_viewer_sees_no_edit_buttons_and_may_not_edit(client, world):
    """A viewer of ward A reads the profile without the buttons; the edit form answers 403."""
    client.force_login(world.viewer_a)
    text = client.get(reverse("person-detail", args=[world.hoang.pk])).content.decode()
    assert reverse("person-edit", args=[world.hoang.pk]) not in text
    assert client.get(reverse("person-edit", args=[world.hoang.pk])).status_code == 403


def test_profile_query_count_does_not_grow_with_tenures(as_a, world, django_assert_num_queries):
    """The profile costs the same number of queries with 1 tenure as with 6 (history included)."""
    url = reverse("person-detail", args=[world.hoang.pk])
    as_a.get(url, {"at": AT})
    with django_assert_num_queries(14) as few:
        as_a.get(url)
    for year in range(2010, 2015):
        org_services.tenure_create(
            person=world.hoang, post=world.seat_a, start_date=dt.date(year, 1, 1),
            end_date=dt.date(year, 6, 1), start_reason="appointed", acting_user=world.editor_a,
        )  # fmt: skip
    with django_assert_num_queries(len(few.captured_queries)):
        as_a.get(url)


def test_own_data_export_holds_fields_tenures_and_history(as_a, world):
    """The person's own data: the fields, every tenure, the history, as an Excel file; logged."""
    response = as_a.get(reverse("person-export", args=[world.hoang.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Thông tin cá nhân", "Chức vụ đã giữ", "Lịch sử thay đổi"]
    fields = dict(book["Thông tin cá nhân"].iter_rows(min_row=2, values_only=True))
    assert fields["Họ và tên"] == "Đặng Thị Hoàng"
    tenures = list(book["Chức vụ đã giữ"].iter_rows(min_row=2, values_only=True))
    assert tenures[0][0] == "Chủ tịch Hội"
    assert book["Lịch sử thay đổi"].max_row > 1
    log = PersonalDataAccess.objects.get()
    assert (log.kind, log.person_id) == (AccessKind.EXPORT, world.hoang.pk)


def _person_post(world, **extra):
    return {
        "full_name": "Lê Thị Hạnh", "sex": "F", "birth": "25/09/1992", "code": "", "ethnicity": "",
        "education": "", "political_theory": "", "party_admission_date": "",
        "dossier_organization": str(world.union_a.pk), **extra,
    }  # fmt: skip


def test_add_a_person_then_see_the_profile(as_a, world):
    """Adding a person (dd/mm/yyyy) redirects to her profile with a Vietnamese success message."""
    response = as_a.post(reverse("person-add"), _person_post(world), follow=True)
    person = Person.objects.get(full_name="Lê Thị Hạnh")
    assert response.redirect_chain[-1][0] == reverse("person-detail", args=[person.pk])
    assert person.birth_date == dt.date(1992, 9, 25) and person.dossier_organization == world.union_a
    assert "đã được thêm" in response.content.decode()


def test_add_a_person_year_only_birth_and_errors_on_the_field(as_a, world):
    """ "1985" is a year-only birth; "31/02/1990" is refused on the field, in Vietnamese; nothing saved."""
    as_a.post(reverse("person-add"), _person_post(world, full_name="Vũ Thị Yến", birth="1985"))
    assert Person.objects.get(full_name="Vũ Thị Yến").birth_date_precision == "year"
    response = as_a.post(
        reverse("person-add"), _person_post(world, full_name="Vũ Văn Sai", birth="31/02/1990")
    )
    assert response.status_code == 200
    assert "birth" in response.context["form"].errors
    assert "không phải là ngày" in str(response.context["form"].errors["birth"]) or "lịch" in str(
        response.context["form"].errors["birth"]
    )
    assert not Person.objects.filter(full_name="Vũ Văn Sai").exists()


def test_dossier_outside_the_edit_scope_is_refused(as_a, world):
    """The dossier organization must be in the officer's edit scope: ward B's is not even offered."""
    response = as_a.post(
        reverse("person-add"), _person_post(world, dossier_organization=str(world.party_b.pk))
    )
    assert response.status_code == 200
    assert "dossier_organization" in response.context["form"].errors
    assert "Đảng bộ phường B" not in response.content.decode()
    assert not Person.objects.filter(full_name="Lê Thị Hạnh").exists()


def test_duplicate_inside_the_scope_is_shown_with_a_link_and_saved_only_when_confirmed(as_a, world):
    """Same folded name and birth date as a ward-A person: the warning links to her; "save anyway" saves."""
    data = _person_post(world, full_name="dang thi hoang", birth="01/03/1990")
    response = as_a.post(reverse("person-add"), data)
    text = response.content.decode()
    assert reverse("person-detail", args=[world.hoang.pk]) in text
    assert Person.objects.filter(search_key="dang thi hoang").count() == 1
    as_a.post(reverse("person-add"), {**data, "confirm_duplicate": "on"})
    assert Person.objects.filter(search_key="dang thi hoang").count() == 2


def test_duplicate_outside_the_scope_is_told_without_details(as_a, world):
    """Same name and birth date as a ward-B person: "registered in another area", no name, link or area."""
    data = _person_post(world, full_name="Hoàng Văn Bình", sex="M", birth="02/01/1980")
    text = as_a.post(reverse("person-add"), data).content.decode()
    assert "đã có trong khu vực khác" in text
    assert reverse("person-detail", args=[world.hoang_b.pk]) not in text
    assert "Đảng bộ phường B" not in text and world.ward_b.name not in text


def test_edit_a_person(as_a, world):
    """Editing saves through the service, with an audit record, and shows the profile."""
    get = as_a.get(reverse("person-edit", args=[world.hoang.pk]))
    data = {**get.context["form"].initial, "ethnicity": "Kinh", "dossier_organization": str(world.union_a.pk)}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = as_a.post(reverse("person-edit", args=[world.hoang.pk]), data)
    assert response.status_code == 302
    world.hoang.refresh_from_db()
    assert world.hoang.ethnicity == "Kinh"
    assert AuditRecord.objects.filter(
        model="people.person", object_id=str(world.hoang.pk), action="update"
    ).exists()


def test_two_officers_editing_the_same_record_the_second_is_told(client, world):
    """Two officers open the same record; the first saves; the second's save is refused with a message,
    her values are kept in the form, and the first's change is not overwritten."""
    client.force_login(world.editor_a)
    opened = client.get(reverse("person-edit", args=[world.hoang.pk])).context["form"].initial
    first = {k: ("" if v is None else v) for k, v in opened.items()}
    second = dict(first)
    first.update({"ethnicity": "Tày", "dossier_organization": str(world.union_a.pk)})
    assert client.post(reverse("person-edit", args=[world.hoang.pk]), first).status_code == 302
    second.update({"ethnicity": "Nùng", "dossier_organization": str(world.union_a.pk)})
    response = client.post(reverse("person-edit", args=[world.hoang.pk]), second)
    assert response.status_code == 200
    assert "Người khác đã sửa hồ sơ này" in response.content.decode()
    assert response.context["form"]["ethnicity"].value() == "Nùng"
    world.hoang.refresh_from_db()
    assert world.hoang.ethnicity == "Tày"


def test_the_service_refuses_a_stale_version(world):
    """person_update with the version of values changed since: ValidationError "stale", nothing written."""
    from django.core.exceptions import ValidationError

    version = record_version(world.hoang)
    person_update(person=world.hoang, data={"ethnicity": "Tày"})
    stale = Person.objects.get(pk=world.hoang.pk)
    stale.ethnicity = ""
    with pytest.raises(ValidationError) as refused:
        person_update(person=stale, data={"code": "X1"}, expected_version=version)
    assert refused.value.error_dict["__all__"][0].code == "stale"
    assert Person.objects.get(pk=world.hoang.pk).code == ""


def test_start_then_end_a_tenure(as_a, world):
    """Start a seat of the party committee (term of its body), see it on the profile; end it; both audited."""
    url = reverse("tenure-add", args=[world.hoang.pk])
    page = as_a.get(url).content.decode()
    assert "Chủ tịch Hội" in page and "Đảng bộ phường B" not in page  # only posts in the edit scope
    data = {"post": world.seat_a.pk, "term": world.term_a.pk, "start_date": "01/06/2021", "start_reason": "elected",
            "start_decision": "12/QĐ", "start_decision_date": "28/05/2021", "note": ""}  # fmt: skip
    response = as_a.post(url, data, follow=True)
    assert "từ 01/06/2021" in response.content.decode()
    tenure = Tenure.objects.get(person=world.hoang, post=world.seat_a)
    assert tenure.start_decision == "12/QĐ" and tenure.term == world.term_a
    end_url = reverse("tenure-end", args=[tenure.pk])
    form = as_a.get(end_url).context["form"]
    response = as_a.post(end_url, {"end_date": "30/06/2025", "end_reason": "term_ended", "end_decision": "",
                                   "version": form.initial["version"]}, follow=True)  # fmt: skip
    tenure.refresh_from_db()
    assert tenure.end_date == dt.date(2025, 6, 30) and tenure.end_reason == "term_ended"
    assert "kết thúc ngày 30/06/2025" in response.content.decode()
    assert AuditRecord.objects.filter(model="organizations.tenure", object_id=str(tenure.pk)).count() == 2


def test_a_term_of_another_body_is_refused_on_the_field(as_a, world):
    """The term must belong to the post's body: the service's refusal is shown on the field "term"."""
    data = {
        "post": world.chair_a.pk,
        "term": world.term_a.pk,
        "start_date": "01/06/2021",
        "start_reason": "elected",
    }
    response = as_a.post(reverse("tenure-add", args=[world.nam.pk]), data)
    assert response.status_code == 200
    assert "term" in response.context["form"].errors
    assert not Tenure.objects.filter(person=world.nam, post=world.chair_a).exists()


def test_a_post_outside_the_edit_scope_is_refused(as_a, world):
    """A ward-B post is not a choice for the ward-A officer: refused, nothing written."""
    data = {"post": world.seat_b.pk, "start_date": "01/06/2021", "start_reason": "elected"}
    response = as_a.post(reverse("tenure-add", args=[world.hoang.pk]), data)
    assert response.status_code == 200 and "post" in response.context["form"].errors
    assert not Tenure.objects.filter(person=world.hoang, post=world.seat_b).exists()


def test_ending_a_tenure_changed_meanwhile_is_refused(as_a, world):
    """The tenure-end form carries the tenure's version: when someone changed the tenure since, the end is
    refused with a message and nothing is written."""
    url = reverse("tenure-end", args=[world.hoang_tenure.pk])
    version = as_a.get(url).context["form"].initial["version"]
    org_services.tenure_update(tenure=world.hoang_tenure, data={"start_decision": "5/QĐ"})
    response = as_a.post(url, {"end_date": "30/06/2025", "end_reason": "retired", "version": version})
    assert response.status_code == 200
    assert "Người khác đã sửa hồ sơ này" in response.content.decode()
    world.hoang_tenure.refresh_from_db()
    assert world.hoang_tenure.end_date is None


def test_a_viewer_may_not_end_a_tenure(client, world):
    """A viewer inside the scope posting the end form: 403, nothing written."""
    client.force_login(world.viewer_a)
    response = client.post(
        reverse("tenure-end", args=[world.hoang_tenure.pk]),
        {"end_date": "30/06/2025", "end_reason": "retired"},
    )
    assert response.status_code == 403
    world.hoang_tenure.refresh_from_db()
    assert world.hoang_tenure.end_date is None


def test_a_post_held_elsewhere_is_shown_but_not_endable(as_a, world):
    """A ward-A person who also holds a ward-B post: her profile shows both tenures (her record whole), the
    end button only on the ward-A one; the ward-B tenure's end form is 404 for the ward-A officer."""
    a_tenure = org_services.tenure_create(
        person=world.hoang_b, post=world.chair_a, start_date=dt.date(2021, 1, 1), start_reason="elected"
    )
    b_tenure = Tenure.objects.get(person=world.hoang_b, post=world.seat_b)
    text = as_a.get(reverse("person-detail", args=[world.hoang_b.pk])).content.decode()
    assert "Đảng bộ phường B" in text
    assert reverse("tenure-end", args=[a_tenure.pk]) in text
    assert reverse("tenure-end", args=[b_tenure.pk]) not in text
    assert as_a.get(reverse("tenure-end", args=[b_tenure.pk])).status_code == 404
