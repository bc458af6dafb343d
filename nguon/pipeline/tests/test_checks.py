"""The checks on the database: pool_verdicts, pool_list_verdicts, findings, and the removal proposal."""

from __future__ import annotations

import datetime as dt

import pytest

from nguon.accounts.choices import Role
from nguon.accounts.scope import scope_of
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import AreaFactory
from nguon.core.scope import UNRESTRICTED
from nguon.organizations.tests.factories import OrganizationFactory
from nguon.people.tests.factories import PersonFactory
from nguon.pipeline import checks, services
from nguon.pipeline.models import PoolEvent, ReviewRound, RoundProposal
from nguon.pipeline.tests.factories import PlanningDecisionFactory, PoolFactory, post_of, readiness

pytestmark = pytest.mark.django_db

AT = dt.date(2026, 3, 1)


@pytest.fixture
def world():
    district = AreaFactory(level="district", kind="quan", code="00901")
    ward_a = AreaFactory(parent=district, code="00902")
    elsewhere = AreaFactory(code="00999")  # outside the district: its people are not named
    org = OrganizationFactory(area=district, name="Đảng bộ quận Thử")
    org_a = OrganizationFactory(area=ward_a, name="Đảng bộ phường A")
    org_b = OrganizationFactory(area=elsewhere, name="Đảng bộ phường B")
    post = post_of(org, name="Bí thư Quận ủy", rank=1)
    decision = PlanningDecisionFactory(organization=org, date=dt.date(2026, 1, 10))
    pool = PoolFactory(post=post, decision=decision)
    young_woman = PersonFactory(
        full_name="Nguyễn Thị Hoa", sex="F", birth_date=dt.date(1990, 4, 2), dossier_organization=org_a
    )
    old_man = PersonFactory(
        full_name="Trần Văn Nam", sex="M", birth_date=dt.date(1962, 1, 5), dossier_organization=org_a
    )
    other = PersonFactory(
        full_name="Lê Văn Khác", sex="M", birth_date=dt.date(1975, 6, 1), dossier_organization=org_b
    )
    for rank, person in enumerate([young_woman, old_man, other], start=1):
        services.entry_add(
            pool=pool, person=person, date=dt.date(2026, 1, 10), readiness=readiness(), rank=rank
        )
    user_a = make_user("district", area=district, role=Role.EDITOR)
    return {
        "district": district,
        "org": org,
        "post": post,
        "pool": pool,
        "woman": young_woman,
        "old": old_man,
        "other": other,
        "scope_a": scope_of(user_a),
    }


def _entry(pool, person):
    return pool.entries.get(person=person)


def test_pool_verdicts_give_each_named_entry_its_person_rules(world):
    pool = world["pool"]
    found = checks.pool_verdicts(scope=world["scope_a"], pools=[pool], at=AT)
    woman, old = _entry(pool, world["woman"]), _entry(pool, world["old"])
    assert set(found) == {woman.pk, old.pk}  # the person of the other ward is not named: no verdicts
    codes = {v.code: v for v in found[old.pk]}
    assert {
        "working-time",
        "over-age",
        "discipline",
        "higher-post",
        "while-proposed",
        "posts-per-person",
    } <= set(codes)
    assert not codes["over-age"].ok and codes["over-age"].document == "Quy định 377-QĐ/TW"
    assert all(v.ok for v in found[woman.pk])


def test_pool_verdicts_for_everyone_under_an_unrestricted_scope(world):
    found = checks.pool_verdicts(scope=UNRESTRICTED, pools=[world["pool"]], at=AT)
    assert len(found) == 3


def test_a_removed_entry_has_no_verdicts(world):
    pool = world["pool"]
    services.entry_remove(pool=pool, person=world["old"], date=dt.date(2026, 2, 1), removal_reason="over_age")
    found = checks.pool_verdicts(scope=UNRESTRICTED, pools=[pool], at=AT)
    assert _entry(pool, world["old"]).pk not in found
    before = checks.pool_verdicts(scope=UNRESTRICTED, pools=[pool], at=dt.date(2026, 1, 20))
    assert _entry(pool, world["old"]).pk in before  # a past date: as the log was then


def _counts():
    return (PoolEvent.objects.count(), ReviewRound.objects.count(), RoundProposal.objects.count())


def test_findings_name_the_scopes_people_and_count_the_others(world):
    old_other = PersonFactory(
        full_name="Phạm Văn Già",
        sex="M",
        birth_date=dt.date(1961, 2, 1),
        dossier_organization=world["other"].dossier_organization,
    )
    services.entry_add(
        pool=world["pool"], person=old_other, date=dt.date(2026, 1, 10), readiness=readiness(), rank=4
    )
    before = _counts()
    found = checks.findings(scope=world["scope_a"], area=world["district"], at=AT)
    assert _counts() == before  # the checks change nothing
    by_code = {}
    for f in found:
        by_code.setdefault(f.code, []).append(f)
    assert [f.person for f in by_code["over-age"]] == ["Trần Văn Nam", None]
    named, hidden = by_code["over-age"]
    assert named.proposal == "remove" and named.entry_id == _entry(world["pool"], world["old"]).pk
    assert hidden.hidden == 1 and hidden.entry_id is None and "Phạm" not in hidden.explanation
    assert "1 người ngoài phạm vi công tác của bạn" in hidden.explanation
    (per_post,) = by_code["per-post"]
    assert per_post.explanation == (
        "Chức danh Bí thư Quận ủy có 4 người trong quy hoạch, vượt quá 3 người (Quy định 377-QĐ/TW)."
    )
    assert "working-time" not in {f.code for f in found if f.person == "Trần Văn Nam"}  # over age says it
    assert "women-share" not in by_code  # Regulation 377: no figure unless a local one is set
    assert all("Phạm Văn Già" not in f.explanation and "Lê Văn Khác" not in f.explanation for f in found)


def test_a_local_figure_from_the_settings(world, settings):
    settings.NGUON_PLANNING_LOCAL_FIGURES = [
        {"code": "women-share", "value": 50, "area": "00901", "document": "Nghị quyết 05-NQ/QU"}
    ]
    (share,) = [
        f
        for f in checks.findings(scope=UNRESTRICTED, area=world["district"], at=AT)
        if f.code == "women-share"
    ]
    assert "có 1/3 nữ (33,3%), dưới 50%" in share.explanation
    assert share.document == "Quy định 377-QĐ/TW; Nghị quyết 05-NQ/QU"


def test_pool_list_verdicts(world):
    verdicts = checks.pool_list_verdicts(scope=world["scope_a"], pools=[world["pool"]], at=AT)
    codes = {v.code: v for v in verdicts[world["pool"].pk]}
    assert set(codes) == {"per-post", "women-share", "young-share"}
    assert codes["per-post"].ok and "có 3 người" in codes["per-post"].explanation  # the hidden one counted


def test_a_pool_approved_in_2022_is_judged_by_regulation_50(world):
    org = world["org"]
    decision = PlanningDecisionFactory(organization=org, date=dt.date(2022, 3, 1))
    pool = PoolFactory(
        post=post_of(org, name="Chủ tịch UBND quận", rank=2),
        decision=decision,
        target_term="2020–2025",
        target_start=dt.date(2020, 10, 1),
        target_end=dt.date(2025, 9, 30),
    )
    for person in (world["old"], world["other"]):
        services.entry_add(pool=pool, person=person, date=dt.date(2022, 3, 1), readiness=readiness())
    verdicts = checks.pool_list_verdicts(scope=UNRESTRICTED, pools=[pool], at=dt.date(2023, 1, 1))[pool.pk]
    women = next(v for v in verdicts if v.code == "women-share")
    assert (
        not women.ok
        and women.document == "Quy định 50-QĐ/TW"
        and "có 0/2 nữ (0,0%), dưới 25%" in women.explanation
    )


def test_discipline_after_the_planning_is_found_and_its_removal_proposed_not_applied(world, officer):
    pool, woman = world["pool"], world["woman"]
    services.discipline_create(person=woman, level="warning", date=dt.date(2026, 2, 1), decision="7-QĐ/UBKT")
    (found,) = [
        f
        for f in checks.findings(scope=UNRESTRICTED, area=world["district"], at=AT)
        if f.code == "discipline"
    ]
    assert found.person == "Nguyễn Thị Hoa" and found.proposal == "remove"
    assert "bị kỷ luật cảnh cáo ngày 01/02/2026, quyết định số 7-QĐ/UBKT" in found.explanation
    events = PoolEvent.objects.count()
    proposal = checks.propose_removal(
        scope=UNRESTRICTED, entry=_entry(pool, woman), at=AT, acting_user=officer
    )
    assert proposal.action == "remove" and proposal.removal_reason == "discipline"
    assert proposal.round.status == "draft" and proposal.round.year == 2026
    assert proposal.round.organization == world["org"] and proposal.round.target_term == "2025–2030"
    assert PoolEvent.objects.count() == events  # proposed, not applied
    second = checks.propose_removal(
        scope=UNRESTRICTED, entry=_entry(pool, world["old"]), at=AT, acting_user=officer
    )
    assert second.round == proposal.round and second.removal_reason == "over_age"
    with pytest.raises(ValueError):
        checks.propose_removal(scope=UNRESTRICTED, entry=_entry(pool, world["other"]), at=AT)


def test_a_handful_of_queries_for_a_whole_area(world, django_assert_max_num_queries):
    org = world["org"]
    for i in range(5):
        pool = PoolFactory(post=post_of(org, name=f"Phó Bí thư {i}", rank=3 + i))
        for _ in range(3):
            services.entry_add(
                pool=pool, person=PersonFactory(), date=dt.date(2026, 1, 10), readiness=readiness()
            )
    with django_assert_max_num_queries(16):
        found = checks.findings(scope=world["scope_a"], area=world["district"], at=AT)
    assert found


def test_qualification_gap_from_the_record_and_the_requirement(world):
    services.requirement_set(
        post=world["post"], education="dai_hoc", political_theory="cao_cap", document="Quy định 214-QĐ/TW"
    )
    woman = world["woman"]
    woman.education, woman.political_theory = "thac_si", "trung_cap"
    woman.save()
    found = [
        f
        for f in checks.findings(scope=UNRESTRICTED, area=world["district"], at=AT)
        if f.code == "qualification"
    ]
    mine = next(f for f in found if f.person == "Nguyễn Thị Hoa")
    assert mine.document == "Quy định 214-QĐ/TW" and mine.proposal == ""
    assert "còn thiếu trình độ lý luận chính trị cao cấp (hiện có: trung cấp)" in mine.explanation.lower()
    assert "trình độ chuyên môn" not in mine.explanation.lower()  # a master's meets a bachelor's


def test_higher_post_and_while_proposed_under_regulation_377(world):
    from nguon.organizations import services as org_services

    old = world["other"]
    org_services.tenure_create(
        person=old, post=world["post"], start_date=dt.date(2024, 1, 1), start_reason="appointed"
    )
    chair = post_of(world["org"], name="Chủ tịch UBND quận", rank=2)
    services.appointment_proposal_create(person=world["woman"], post=chair, proposed_on=dt.date(2026, 2, 1))
    found = {(f.code, f.person) for f in checks.findings(scope=UNRESTRICTED, area=world["district"], at=AT)}
    assert ("higher-post", "Lê Văn Khác") in found  # planned for the post he holds
    assert ("while-proposed", "Nguyễn Thị Hoa") in found


def test_without_a_decision_the_first_event_chooses_the_document(world):
    pool = PoolFactory(post=post_of(world["org"], name="Phó Chủ tịch UBND quận", rank=4))
    services.entry_add(pool=pool, person=world["woman"], date=dt.date(2025, 9, 30), readiness=readiness())
    services.entry_add(pool=pool, person=world["old"], date=dt.date(2025, 10, 5), readiness=readiness())
    verdicts = checks.pool_list_verdicts(scope=UNRESTRICTED, pools=[pool], at=AT)[pool.pk]
    assert {v.document for v in verdicts} == {"Quy định 50-QĐ/TW"}  # approved (first event) on 30/09/2025
    assert next(v for v in verdicts if v.code == "women-share").ok  # 1/2 women, at least 25%
