import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from nguon.areas.tests.factories import AreaFactory
from nguon.core.bulk import RowsRefused
from nguon.core.models import AuditRecord
from nguon.organizations.models import Organization, Post, Tenure, Term
from nguon.organizations.services import (
    BodyRow,
    OrganizationRow,
    PostRow,
    TenureRow,
    TermRow,
    bodies_bulk_insert,
    organization_update,
    organizations_bulk_insert,
    post_create,
    post_update,
    posts_bulk_insert,
    tenure_create,
    tenure_end,
    tenure_update,
    tenures_check,
    tenures_check_overlaps,
    tenures_held,
    terms_bulk_insert,
)
from nguon.organizations.tests.factories import committee
from nguon.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def seat():
    _org, _body, term, post = committee()
    return PersonFactory(), post, term


def _snapshot():
    return Tenure.objects.count(), AuditRecord.objects.count()


def test_tenure_end_before_start_refused_in_vietnamese(seat):
    person, post, term = seat
    before = _snapshot()
    with pytest.raises(ValidationError) as error:
        tenure_create(
            person=person,
            post=post,
            term=term,
            start_date=D(2021, 1, 1),
            end_date=D(2020, 1, 1),
            start_reason="elected",
        )
    assert error.value.messages == ["Ngày kết thúc 01/01/2020 trước ngày bắt đầu 01/01/2021."]
    assert _snapshot() == before


def test_overlapping_tenure_refused_in_vietnamese(seat, officer):
    person, post, term = seat
    tenure_create(
        person=person,
        post=post,
        term=term,
        start_date=D(2020, 5, 1),
        start_reason="elected",
        acting_user=officer,
    )
    before = _snapshot()
    with pytest.raises(ValidationError) as error:
        tenure_create(
            person=person, post=post, term=term, start_date=D(2021, 1, 1), start_reason="designated"
        )
    assert error.value.messages == [
        f"{person.full_name} đã giữ chức danh {post.name} từ 01/05/2020 đến nay, trùng với khoảng thời gian này."
    ]
    assert _snapshot() == before


def test_database_refuses_overlap_and_reversed_dates_without_the_service(seat):
    """The guarantees hold even for code that bypasses the services."""
    person, post, term = seat
    Tenure.objects.create(
        person=person,
        post=post,
        term=term,
        start_date=D(2020, 5, 1),
        end_date=D(2022, 1, 1),
        start_reason="elected",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Tenure.objects.create(
            person=person, post=post, term=term, start_date=D(2022, 1, 1), start_reason="elected"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Tenure.objects.create(
            person=person, post=post, start_date=D(2023, 1, 2), end_date=D(2023, 1, 1), start_reason="elected"
        )
    # adjacent intervals are fine: the day after the end
    Tenure.objects.create(
        person=person, post=post, term=term, start_date=D(2022, 1, 2), start_reason="elected"
    )
    assert Tenure.objects.count() == 2


def test_current_is_computed_from_dates(seat, officer):
    person, post, term = seat
    tenure = tenure_create(
        person=person, post=post, term=term, start_date=D(2020, 5, 1), start_reason="elected"
    )
    assert Tenure.objects.active_on(D(2024, 1, 1)).count() == 1
    tenure_end(tenure=tenure, end_date=D(2023, 12, 31), end_reason="rotated", acting_user=officer)
    assert Tenure.objects.active_on(D(2023, 12, 31)).count() == 1
    assert Tenure.objects.active_on(D(2024, 1, 1)).count() == 0
    record = AuditRecord.objects.filter(model="organizations.tenure", action="update").get()
    assert record.user == officer and record.changes["end_date"] == [None, "2023-12-31"]


def test_term_of_another_body_refused(seat):
    person, post, _ = seat
    _, _, other_term, _ = committee()
    with pytest.raises(ValidationError):
        tenure_create(
            person=person, post=post, term=other_term, start_date=D(2020, 5, 1), start_reason="elected"
        )


def test_bulk_check_refuses_a_term_of_another_body_as_tenure_create_does(seat):
    """The importer's check runs the tenure rule: a post that is no seat of a body takes no term (an import
    accepted one, which tenure_create refuses)."""
    person, _post, _term = seat
    org, _body, _term2, _post2 = committee()
    chair = post_create(organization=org, name="Chủ tịch")  # no body
    _, _, other_term, _ = committee()
    with pytest.raises(ValidationError):
        tenure_create(
            person=person, post=chair, term=other_term, start_date=D(2021, 1, 1), start_reason="elected"
        )
    rows = [(person.pk, chair.pk, other_term.pk, D(2021, 1, 1), None, "elected", "", "")]
    refused = tenures_check_overlaps(rows=rows, names=[(person.full_name, chair.name)], held={})
    assert refused == {0: f"Nhiệm kỳ {other_term} không phải là nhiệm kỳ của cơ quan có chức danh Chủ tịch."}


def test_bulk_check_marks_each_refusal_on_its_field(seat):
    person, post, term = seat
    held = tenures_held([person.pk])
    rows = [
        TenureRow(person.pk, post.pk, term.pk, D(2021, 1, 1), D(2020, 1, 1), "elected"),
        TenureRow(person.pk, post.pk, term.pk, D(2021, 1, 1), None, "elected"),
        TenureRow(person.pk, post.pk, term.pk, D(2022, 1, 1), None, "elected"),  # overlaps the row above
    ]
    refused = tenures_check(rows=rows, names=[(person.full_name, post.name)] * 3, held=held)
    assert {i: sorted(e) for i, e in refused.items()} == {0: ["end_date"], 2: ["start_date"]}
    assert refused[2]["start_date"][0].messages == [
        f"{person.full_name} đã giữ chức danh {post.name} từ 01/01/2021 đến nay, trùng với khoảng thời gian này."
    ]


def test_tenure_update_checks_the_whole_tenure_whatever_changes(seat, officer):
    """Changing only the term (as an import filling in a column does) goes through the tenure rule."""
    person, post, term = seat
    tenure = tenure_create(
        person=person, post=post, term=term, start_date=D(2020, 5, 1), start_reason="elected"
    )
    _, _, other_term, _ = committee()
    before = _snapshot()
    with pytest.raises(ValidationError) as error:
        tenure_update(tenure=tenure, data={"term_id": other_term.pk}, acting_user=officer)
    assert list(error.value.error_dict) == ["term"]
    assert _snapshot() == before
    tenure_update(tenure=tenure, data={"start_decision": " 12-QĐ/TU "}, acting_user=officer)
    record = AuditRecord.objects.filter(model="organizations.tenure", action="update").get()
    assert record.changes == {"start_decision": ["", "12-QĐ/TU"]} and record.user == officer
    with pytest.raises(ValueError):
        tenure_update(tenure=tenure, data={"id": 5})


def test_organization_and_post_updates_go_through_their_rules(officer):
    org, _body, term, post = committee()
    org = organization_update(
        organization=org, data={"name": " Đảng bộ  phường Hàng Bạc"}, acting_user=officer
    )
    assert (org.name, org.search_key) == ("Đảng bộ phường Hàng Bạc", "dang bo phuong hang bac")
    later = AreaFactory(valid_from=D(2025, 7, 1))
    with pytest.raises(ValidationError) as error:
        organization_update(organization=org, data={"area": later, "valid_from": D(2024, 1, 1)})
    assert list(error.value.error_dict) == ["area"]
    _, other_body, _, _ = committee()
    with pytest.raises(ValidationError) as error:
        post_update(post=post, data={"body": other_body})
    assert error.value.messages == ["Cơ quan này thuộc một tổ chức khác."]
    tenure_create(
        person=PersonFactory(), post=post, term=term, start_date=D(2020, 5, 1), start_reason="elected"
    )
    with pytest.raises(ValidationError) as error:
        post_update(post=post, data={"body": None})
    assert list(error.value.error_dict) == ["body"]
    post = post_update(post=post, data={"name": "Ủy viên BCH", "is_key": True}, acting_user=officer)
    assert Post.objects.get(pk=post.pk).is_key


def _audits(model):
    return {r.object_id: r for r in AuditRecord.objects.filter(model=model, action="create")}


def test_structure_bulk_inserts_return_ids_and_audit_each_row(officer):
    area = AreaFactory()
    [org_id] = organizations_bulk_insert(
        rows=[OrganizationRow(" Đảng bộ  phường Hàng Bạc", "grassroots_party", area.pk)],
        acting_user=officer,
        source="t",
    )
    org = Organization.objects.get(pk=org_id)
    assert (org.name, org.search_key) == ("Đảng bộ phường Hàng Bạc", "dang bo phuong hang bac")
    body_ids = bodies_bulk_insert(
        rows=[BodyRow(org_id, "executive_committee", "Ban Chấp hành"), BodyRow(org_id, "standing_committee", "Ban Thường vụ")],
        acting_user=officer, source="t",
    )  # fmt: skip
    [term_id] = terms_bulk_insert(
        rows=[TermRow(body_ids[0], "2020–2025", D(2020, 5, 1), D(2025, 6, 30))],
        acting_user=officer,
        source="t",
    )
    post_ids = posts_bulk_insert(
        rows=[PostRow(org_id, "Bí thư", body_ids[0], rank=1, is_key=True), PostRow(org_id, "Văn phòng")],
        acting_user=officer, source="t",
    )  # fmt: skip
    assert [p.name for p in Post.objects.filter(pk__in=post_ids).order_by("rank")] == ["Bí thư", "Văn phòng"]
    assert Post.objects.get(pk=post_ids[0]).body_id == body_ids[0]
    assert Term.objects.get(pk=term_id).body_id == body_ids[0]
    for model, ids in (
        ("organizations.organization", [org_id]), ("organizations.body", body_ids),
        ("organizations.term", [term_id]), ("organizations.post", post_ids),
    ):  # fmt: skip
        records = _audits(model)
        assert set(records) == {str(pk) for pk in ids}
        assert all(r.user == officer and r.source == "t" for r in records.values())
    assert _audits("organizations.term")[str(term_id)].object_repr == "Ban Chấp hành 2020–2025"
    # a term refused by the rule: nothing written, the error on its field
    before = Term.objects.count(), AuditRecord.objects.count()
    with pytest.raises(RowsRefused) as error:
        terms_bulk_insert(
            rows=[
                TermRow(body_ids[1], "2025–2030", D(2025, 7, 1)),
                TermRow(body_ids[1], "2020–2025", D(2021, 1, 1), D(2020, 1, 1)),
                TermRow(body_ids[0], "2020–2025", D(2020, 5, 1)),  # already registered
            ]
        )
    assert {i: sorted(e) for i, e in error.value.rows.items()} == {1: ["end_date"], 2: ["name"]}
    assert (Term.objects.count(), AuditRecord.objects.count()) == before


def test_structure_bulk_inserts_refuse_what_the_single_row_services_refuse():
    later = AreaFactory(valid_from=D(2025, 7, 1))
    with pytest.raises(RowsRefused) as error:
        organizations_bulk_insert(
            rows=[OrganizationRow("Đảng bộ", "grassroots_party", later.pk, valid_from=D(2025, 1, 1)),
                  OrganizationRow("  ", "grassroots_party", later.pk),
                  OrganizationRow("Chi bộ", "grassroots_party", later.pk, parent_id=10**9)]
        )  # fmt: skip
    assert {i: sorted(e) for i, e in error.value.rows.items()} == {0: ["area"], 1: ["name"], 2: ["parent"]}
    assert error.value.rows[0]["area"][0].messages == [f"{later} không tồn tại vào ngày 01/01/2025."]
    org, body, _term, _post = committee()
    _other, other_body, _, _ = committee()
    with pytest.raises(RowsRefused) as error:
        posts_bulk_insert(
            rows=[PostRow(org.pk, "Chủ tịch", other_body.pk), PostRow(org.pk, "Ủy viên Ban Chấp hành", body.pk),
                  PostRow(org.pk, "Phó Chủ tịch"), PostRow(org.pk, "Phó Chủ tịch")]
        )  # fmt: skip
    assert {i: sorted(e) for i, e in error.value.rows.items()} == {0: ["body"], 1: ["name"], 3: ["name"]}
    assert error.value.rows[0]["body"][0].messages == ["Cơ quan này thuộc một tổ chức khác."]
    with pytest.raises(RowsRefused) as error:
        bodies_bulk_insert(rows=[BodyRow(org.pk, body.kind, body.name), BodyRow(10**9, "council", "HĐND")])
    assert {i: sorted(e) for i, e in error.value.rows.items()} == {0: ["name"], 1: ["organization"]}
    assert not Post.objects.filter(name__startswith="Phó").exists()
