"""The demo's candidate lists on the Hoàn Kiếm world (written by the demo's own services): the 2020
congress lists link the members' tenures (none created: the article's figures stay those of the tenures), the 2021
district People's Council lists by constituency, the planted list below 35% women found by the checks and
no other, the new wards' committees of 1/7/2025 marked appointed."""

from __future__ import annotations

import datetime as dt

import pytest

from nguon.demo import elections as demo_elections
from nguon.elections import selectors
from nguon.elections.models import Candidacy, CandidateList
from nguon.organizations.models import Term


@pytest.fixture
def lists(demo, django_db_blocker):
    with django_db_blocker.unblock():
        yield list(CandidateList.objects.select_related("term__body__organization__area", "post"))


def test_congress_lists_link_the_existing_tenures(demo, lists, django_db_blocker):
    with django_db_blocker.unblock():
        congress = [cl for cl in lists if cl.kind == "party_congress"]
        assert len(congress) == 19  # the district committee and 18 wards
        for cl in congress:
            elected = Candidacy.objects.filter(candidate_list=cl, elected=True)
            assert elected.count() == cl.seats
            assert not elected.filter(tenure__isnull=True).exists()
            assert not elected.filter(tenure_created=True).exists()
            assert Candidacy.objects.filter(candidate_list=cl, elected=False).exists()
        district = next(cl for cl in congress if cl.term.body.organization.kind == "party")
        assert district.seats == 33 and district.election_date == district.term.start_date


def test_council_lists_and_the_planted_violation(lists, django_db_blocker):
    with django_db_blocker.unblock():
        councils = [cl for cl in lists if cl.kind == "peoples_council"]
        assert councils and all(cl.election_date == dt.date(2021, 5, 23) for cl in councils)
        assert sum(cl.seats for cl in councils) == 35
        failing = []
        for cl in lists:
            for v in selectors.list_verdicts(candidate_list=cl):
                if not v.ok:
                    failing.append((cl.name, v.code, v.explanation))
        assert [(name, code) for name, code, _ in failing] == [
            ("Hội đồng nhân dân quận Hoàn Kiếm 2021–2026 — Đơn vị bầu cử số 3", "women-share")
        ], failing
        assert "2/7 nữ (28,6%)" in failing[0][2] and "cần thêm 1 nữ" in failing[0][2]


def test_new_wards_committees_appointed(demo, django_db_blocker):
    with django_db_blocker.unblock():
        appointed = Term.objects.filter(formation="appointed")
        assert appointed.count() == 3
        assert all(t.start_date == dt.date(2025, 7, 1) and t.formation_decision for t in appointed)


def test_build_twice_writes_nothing(demo, django_db_blocker):
    with django_db_blocker.unblock():
        count = CandidateList.objects.count()
        demo_elections.build()
        assert CandidateList.objects.count() == count
