"""The demo's planning pools: the checks find the planted violations, each with its rule and person, and
nothing else; the pools carry the log, the review round, the fulfilled entries and the requirements."""

import datetime as dt
import io
import json

from django.core.management import call_command

D = dt.date


def _check(code, at):
    out = io.StringIO()
    call_command(
        "pipeline", "check", "--area", code, "--as-of", at.isoformat(), "--format", "json", stdout=out
    )
    return json.loads(out.getvalue())


def _found(demo_db):
    from nguon.demo import pipeline

    rows = []
    for code, at in [("002", pipeline.CHECK_DISTRICT)] + [
        (c, pipeline.CHECK_WARDS) for c in pipeline.NEW_WARDS
    ]:
        rows += [(code, r["code"], r["person"], r["post"]) for r in _check(code, at)]
    return rows


def test_the_checks_find_the_planted_violations_and_no_other(demo, django_db_blocker):
    from nguon.demo import pipeline
    from nguon.people.models import Person

    with django_db_blocker.unblock():
        found = _found(demo)
        names = {code: Person.objects.get(pk=pk).full_name for code, pk in pipeline.planted_people.items()}
    expected = sorted((p.area, p.code, names.get(p.code), p.post) for p in pipeline.PLANTED)
    assert sorted(found, key=lambda r: (r[0], r[1], r[2] or "", r[3])) == sorted(
        expected, key=lambda r: (r[0], r[1], r[2] or "", r[3])
    )
    # every planted rule with a person has its person; the list rules name none
    assert set(names) == {
        "working-time",
        "posts-per-person",
        "discipline",
        "qualification",
        "higher-post",
        "while-proposed",
    }


def test_the_planted_people_are_who_the_records_say(demo, django_db_blocker):
    """Read from the records, not from the builder: the disciplined, the proposed, the one in four pools."""
    from nguon.demo import pipeline
    from nguon.pipeline.models import AppointmentProposal, DisciplineRecord, Pool, PoolEntry

    with django_db_blocker.unblock():
        assert list(DisciplineRecord.objects.values_list("person_id", "level")) == [
            (pipeline.planted_people["discipline"], "reprimand")
        ]
        assert list(AppointmentProposal.objects.values_list("person_id", "outcome")) == [
            (pipeline.planted_people["while-proposed"], "pending")
        ]
        busy = PoolEntry.objects.filter(person_id=pipeline.planted_people["posts-per-person"])
        assert busy.count() == 4
        assert {e.pool.target_term for e in busy} == {"2025–2030"}
        crowded = Pool.objects.get(post__name="Chủ tịch UBND quận", target_term="2025–2030")
        assert crowded.entries.count() == 4


def test_the_explanations_say_the_numbers(demo, django_db_blocker):
    from nguon.demo import pipeline

    with django_db_blocker.unblock():
        rows = {r["code"]: r for r in _check("002", pipeline.CHECK_DISTRICT)}
    assert "0/3 nữ" in rows["women-share"]["explanation"]
    assert "4 người" in rows["per-post"]["explanation"]
    assert "nghỉ hưu ngày" in rows["working-time"]["explanation"]
    assert rows["discipline"]["proposal"] == "remove"


def test_a_clean_date_before_the_discipline_finds_one_rule_less(demo, django_db_blocker):
    """Before 10/3/2023 the reprimand is not there yet: no 'discipline' finding."""
    with django_db_blocker.unblock():
        codes = [r["code"] for r in _check("002", D(2023, 1, 31))]
    assert "discipline" not in codes
    assert {"per-post", "women-share", "posts-per-person", "qualification", "working-time"} <= set(codes)


def test_the_pools_of_both_terms(demo, django_db_blocker):
    from nguon.pipeline.models import Pool, PostRequirement

    with django_db_blocker.unblock():
        terms = {}
        for pool in Pool.objects.select_related("post__organization__area", "decision"):
            terms.setdefault(pool.target_term, []).append(pool)
        assert set(terms) == {"2020–2025", "2025–2030"}
        assert {p.decision.date for p in terms["2020–2025"]} == {D(2018, 3, 15)}
        dates = {p.decision.date for p in terms["2025–2030"]}
        assert dates == {D(2022, 12, 20), D(2025, 10, 20)}
        new_wards = {
            p.post.organization.area.code for p in terms["2025–2030"] if p.decision.date.year == 2025
        }
        assert new_wards == {"00070", "00073", "00097"}
        assert all(p.entries.exists() for p in Pool.objects.all())
        assert PostRequirement.objects.filter(
            post__name="Bí thư Quận ủy", political_theory="cao_cap"
        ).exists()


def test_the_review_of_2022_is_a_round_of_one_decision_per_organization(demo, django_db_blocker):
    from nguon.pipeline.models import PoolEvent, ReviewRound

    with django_db_blocker.unblock():
        reviews = list(ReviewRound.objects.filter(year=2022).select_related("decision"))
        assert reviews
        actions = set()
        for review in reviews:
            assert review.status == "approved"
            actions |= set(review.proposals.values_list("action", flat=True))
            events = PoolEvent.objects.filter(round=review)
            assert events.count() == review.proposals.count()
            assert {(e.date, e.decision_id) for e in events} == {(review.decision.date, review.decision_id)}
        assert actions == {"add", "remove"}


def test_fulfilled_entries_are_dated_the_tenure(demo, django_db_blocker):
    from nguon.organizations.models import Tenure
    from nguon.pipeline.models import PoolEvent

    with django_db_blocker.unblock():
        fulfilled = list(PoolEvent.objects.filter(action="fulfil").select_related("entry__pool"))
        assert fulfilled
        for event in fulfilled:
            assert Tenure.objects.filter(
                person_id=event.entry.person_id, post_id=event.entry.pool.post_id, start_date=event.date
            ).exists()


def test_some_key_posts_have_no_pool_and_some_pools_no_woman(demo, django_db_blocker):
    """What the board lists first."""
    from nguon.organizations.models import Post
    from nguon.people.conditions import is_female
    from nguon.pipeline.models import Pool

    with django_db_blocker.unblock():
        key = Post.objects.filter(is_key=True, organization__area__code="002")
        assert key.filter(pools__isnull=True).exists()
        no_woman = [
            p
            for p in Pool.objects.all()
            if not any(is_female(e.person.sex) for e in p.entries.select_related("person"))
        ]
        assert no_woman
        # one under Regulation 377 (no national share, so no finding): a new ward's
        ward_pools = {
            (p.post.organization.area.code, p.post.name) for p in no_woman if p.decision.date.year == 2025
        }
        assert ward_pools == {("00070", "Chủ tịch HĐND phường")}


def test_demo_prints_the_pipeline(demo, django_db_blocker):
    from nguon.demo import pipeline

    with django_db_blocker.unblock():
        summary = pipeline.summary()
    assert len(summary.findings) == len(pipeline.PLANTED)
    assert f"{len(pipeline.PLANTED)} vi phạm được phát hiện" in demo
    assert f"{summary.pools} danh sách quy hoạch" in demo
