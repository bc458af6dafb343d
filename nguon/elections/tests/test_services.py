"""The services of candidate lists: the seat of the body, candidates in scope and once, results that create
(or link) the tenures of those elected, corrections, appointed terms, the selectors the profile and the
funnel use."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from nguon.accounts.choices import Role
from nguon.accounts.scope import scope_for
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import district_with_wards
from nguon.core.audit import AuditRecord
from nguon.organizations import services as org_services
from nguon.organizations.models import Tenure
from nguon.organizations.tests.factories import OrganizationFactory

from .. import selectors, services
from ..choices import ListStatus
from .factories import council, list_of, person

pytestmark = pytest.mark.django_db


def _results(cl, elected_ids, votes=5):
    return [(c, c.pk in elected_ids, votes) for c in cl.candidacies.all()]


def test_the_seat_must_be_of_the_terms_body():
    _o, _b, term, _post = council()
    _o2, _b2, _t2, other_post = council()
    with pytest.raises(ValidationError) as e:
        services.candidate_list_create(
            term=term,
            post=other_post,
            kind="peoples_council",
            name="ĐV 1",
            election_date=dt.date(2021, 5, 23),
            seats=3,
        )
    assert "post" in e.value.message_dict


def test_no_duplicate_candidate_and_order():
    cl = list_of(1, 1)
    first = cl.candidacies.first()
    assert [c.order for c in cl.candidacies.all()] == [1, 2]
    with pytest.raises(ValidationError) as e:
        services.candidacy_add(candidate_list=cl, person=first.person)
    assert first.person.full_name in e.value.message_dict["person"][0]


def test_results_create_tenures_and_link_existing():
    cl = list_of(2, 2, seats=2)
    a, b, c, _d = list(cl.candidacies.all())
    existing = org_services.tenure_create(
        person=b.person, post=cl.post, term=cl.term, start_date=cl.term.start_date, start_reason="elected"
    )
    services.results_record(
        candidate_list=cl,
        results=_results(cl, {a.pk, b.pk}),
        voters=1000,
        valid_ballots=900,
        decision="NQ 01/NQ-UBBC",
    )
    a.refresh_from_db()
    b.refresh_from_db()
    c.refresh_from_db()
    assert a.elected and a.tenure_created and a.tenure.start_reason == "elected"
    assert a.tenure.start_date == cl.term.start_date and a.tenure.start_decision == "NQ 01/NQ-UBBC"
    assert b.tenure == existing and not b.tenure_created
    assert c.elected is False and c.tenure is None
    assert Tenure.objects.filter(post=cl.post).count() == 2
    cl.refresh_from_db()
    assert cl.status == ListStatus.RESULTS and cl.valid_ballots == 900


def test_correction_deletes_created_tenure_keeps_linked():
    cl = list_of(2, 1, seats=2)
    a, b, c = list(cl.candidacies.all())
    existing = org_services.tenure_create(
        person=b.person, post=cl.post, term=cl.term, start_date=cl.term.start_date, start_reason="elected"
    )
    services.results_record(candidate_list=cl, results=_results(cl, {a.pk, b.pk}), voters=10, valid_ballots=9)
    created_pk = cl.candidacies.get(pk=a.pk).tenure_id
    services.results_record(candidate_list=cl, results=_results(cl, {c.pk}), voters=10, valid_ballots=9)
    assert not Tenure.objects.filter(pk=created_pk).exists()
    assert AuditRecord.objects.filter(object_id=str(created_pk), action="delete").exists()
    assert Tenure.objects.filter(pk=existing.pk).exists()
    assert cl.candidacies.get(pk=b.pk).tenure is None
    assert cl.candidacies.get(pk=c.pk).tenure.person == c.person
    # recording the same results again creates nothing new
    services.results_record(candidate_list=cl, results=_results(cl, {c.pk}), voters=10, valid_ballots=9)
    assert Tenure.objects.filter(post=cl.post).count() == 2


def test_results_validation_by_field_and_nothing_saved():
    cl = list_of(1, 2, seats=1)
    a, b, c = list(cl.candidacies.all())
    with pytest.raises(ValidationError) as e:
        services.results_record(
            candidate_list=cl,
            results=[(a, True, 95), (b, True, 10), (c, False, 1)],
            voters=100,
            valid_ballots=90,
        )
    errors = e.value.message_dict
    assert f"votes-{a.pk}" in errors and "90" in errors[f"votes-{a.pk}"][0]
    assert "results" in errors
    with pytest.raises(ValidationError) as e:
        services.results_record(candidate_list=cl, results=[(a, True, 5)], voters=10, valid_ballots=11)
    assert set(e.value.message_dict) >= {"valid_ballots", "results"}
    assert not Tenure.objects.filter(post=cl.post).exists()
    assert cl.candidacies.filter(elected__isnull=False).count() == 0


def test_term_mark_appointed_refused_when_elected():
    cl = list_of(1, 0, seats=1)
    services.results_record(candidate_list=cl, results=_results(cl, set()), voters=5, valid_ballots=5)
    with pytest.raises(ValidationError):
        services.term_mark_appointed(term=cl.term, decision="QĐ 1")
    _o, _b, term, _p = council()
    services.term_mark_appointed(term=term, decision="QĐ 123-QĐ/TU")
    term.refresh_from_db()
    assert term.formation == "appointed" and term.formation_decision == "QĐ 123-QĐ/TU"


def test_scope_edit_and_people_outside():
    _district, (ward_a, ward_b) = district_with_wards(2)
    org_a = OrganizationFactory(area=ward_a, kind="peoples_council")
    org_b = OrganizationFactory(area=ward_b, kind="peoples_council")
    _o, _b, term_a, post_a = council(org_a)
    _o, _b, term_b, post_b = council(org_b)
    officer_a = make_user("a", area=ward_a, role=Role.EDITOR)
    with pytest.raises(PermissionDenied):
        services.candidate_list_create(
            term=term_b,
            post=post_b,
            kind="peoples_council",
            name="x",
            election_date=dt.date(2021, 5, 23),
            seats=1,
            acting_user=officer_a,
        )
    cl = services.candidate_list_create(
        term=term_a,
        post=post_a,
        kind="peoples_council",
        name="ĐV 1",
        election_date=dt.date(2021, 5, 23),
        seats=1,
        acting_user=officer_a,
    )
    stranger = person("F")
    org_services.tenure_create(
        person=stranger, post=post_b, start_date=dt.date(2020, 1, 1), start_reason="elected"
    )
    with pytest.raises(ValidationError) as e:
        services.candidacy_add(candidate_list=cl, person=stranger, acting_user=officer_a)
    assert stranger.full_name not in str(e.value)
    # the list of B is 404 to A, A's is visible
    cl_b = list_of(1, 0, term=term_b, post=post_b)
    scope = scope_for(officer_a)
    with pytest.raises(Http404):
        selectors.candidate_list_get(scope=scope, pk=cl_b.pk)
    assert selectors.candidate_list_get(scope=scope, pk=cl.pk) == cl
    # a candidate outside the scope is counted, not named
    services.candidacy_add(candidate_list=cl, person=stranger)
    rows, hidden = selectors.candidacy_rows(scope=scope, candidate_list=cl)
    assert rows == [] and hidden == 1


def test_person_candidacies_and_nominated_people():
    cl = list_of(1, 1)
    early = list_of(1, 0, election_date=dt.date(2016, 5, 22))
    a = cl.candidacies.first().person
    assert list(selectors.person_candidacies(person=a)) == [cl.candidacies.first()]
    ids = [c.person_id for c in cl.candidacies.all()] + [early.candidacies.first().person_id]
    got = selectors.nominated_people(person_ids=ids, start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31))
    assert got == {c.person_id for c in cl.candidacies.all()}
    assert (
        selectors.nominated_people(person_ids=[], start=dt.date(2021, 1, 1), end=dt.date(2021, 1, 2)) == set()
    )


def test_elected_by_sex():
    cl = list_of(2, 2, seats=3)
    a, b, c, _d = list(cl.candidacies.all())
    services.results_record(
        candidate_list=cl, results=_results(cl, {a.pk, b.pk, c.pk}), voters=9, valid_ballots=9
    )
    assert selectors.elected_by_sex(candidate_list=cl) == {"F": 2, "M": 1}


def test_status_and_remove_closed_after_results():
    cl = list_of(1, 1, seats=1)
    services.list_status_set(candidate_list=cl, status="official")
    assert cl.status == "official"
    first = cl.candidacies.first()
    services.candidacy_remove(candidacy=first)
    assert cl.candidacies.count() == 1
    services.results_record(candidate_list=cl, results=_results(cl, set()), voters=9, valid_ballots=9)
    cl.refresh_from_db()
    with pytest.raises(ValidationError):
        services.list_status_set(candidate_list=cl, status="draft")
    with pytest.raises(ValidationError):
        services.candidacy_remove(candidacy=cl.candidacies.first())
    with pytest.raises(ValidationError):
        services.candidacy_add(candidate_list=cl, person=person("F"))


def test_admin_pages(officer, client):
    cl = list_of(1, 0)
    officer.is_staff = True
    officer.is_superuser = True
    officer.save()
    client.force_login(officer)
    page = client.get(f"/admin/elections/candidatelist/{cl.pk}/change/")
    assert page.status_code == 200 and cl.name in page.content.decode()
