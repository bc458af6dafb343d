"""The planning rules (working time, per post, posts per person, higher post, while proposed, shares of women
and young people, qualifications, over age, discipline): their boundaries, the document in force on the
approval date, their Vietnamese reasons, and a property per rule against a brute-force reading."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nguon.pipeline import rules
from nguon.pipeline.retirement import retirement
from nguon.pipeline.rules import (
    Candidate,
    DisciplineFact,
    ListFacts,
    LocalFigure,
    PostRef,
    ProposalFact,
    Qualifications,
    Requirement,
    TargetTerm,
    working_time_check,
)

T2025 = TargetTerm("2025–2030", dt.date(2025, 7, 1), dt.date(2030, 6, 30))
T2030 = TargetTerm("2030–2035", dt.date(2030, 7, 1), dt.date(2035, 6, 30))


def test_the_issues_example():
    """Born 05/1972 she retires on 30/09/2030: not enough for the whole term 2030–2035."""
    verdict = working_time_check(
        candidate=Candidate("Nguyễn Thị A", "F", 1972, 5), term=T2030, approved_on=dt.date(2026, 3, 1)
    )
    assert not verdict.ok and verdict.document == "Quy định 377-QĐ/TW"
    assert verdict.explanation.startswith(
        "Bà Nguyễn Thị A, sinh 05/1972, nghỉ hưu ngày 30/09/2030 (58 tuổi 4 tháng): "
        "không đủ thời gian công tác trọn nhiệm kỳ 2030–2035"
    )


def test_the_birth_month_that_makes_the_difference():
    """A woman born 01/1972 retires on 31/05/2030, a month before the term 2025–2030 ends; born 02/1972, on
    30/06/2030, its last day: enough."""
    on = dt.date(2026, 3, 1)
    january = working_time_check(candidate=Candidate("Lê Thị B", "F", 1972, 1), term=T2025, approved_on=on)
    february = working_time_check(candidate=Candidate("Lê Thị C", "F", 1972, 2), term=T2025, approved_on=on)
    assert (january.ok, february.ok) == (False, True)
    assert "nghỉ hưu ngày 31/05/2030" in january.explanation
    assert "đủ thời gian công tác trọn nhiệm kỳ 2025–2030 (đến 30/06/2030)" in february.explanation


def test_a_first_planning_under_regulation_50_needs_two_terms_not_under_377():
    """A man born 03/1966 retires on 31/12/2027 (61 years 9 months): he serves 2020–2025 whole; a first planning
    approved in 2022 asks two terms (until 2030): refused; a pool approved in 2026 asks one."""
    man = Candidate("Trần Văn D", "M", 1966, 3)
    t2020 = TargetTerm("2020–2025", dt.date(2020, 7, 1), dt.date(2025, 6, 30))
    old = working_time_check(candidate=man, term=t2020, approved_on=dt.date(2022, 5, 1), first_planning=True)
    assert not old.ok and old.document == "Quy định 50-QĐ/TW"
    assert "2020–2025 và nhiệm kỳ kế tiếp (đến 30/06/2030)" in old.explanation
    again = working_time_check(candidate=man, term=t2020, approved_on=dt.date(2022, 5, 1))
    assert again.ok


def test_a_year_only_birth_says_it_is_counted_from_january():
    verdict = working_time_check(
        candidate=Candidate("Phạm Thị E", "F", 1980, None), term=T2030, approved_on=dt.date(2026, 1, 1)
    )
    assert verdict.ok and "Chỉ biết năm sinh" in verdict.explanation and "sinh 1980" in verdict.explanation


@given(
    sex=st.sampled_from("MF"),
    year=st.integers(1960, 1995),
    month=st.one_of(st.none(), st.integers(1, 12)),
    start=st.integers(2022, 2035),
    approved=st.dates(dt.date(2022, 1, 1), dt.date(2030, 12, 31)),
    first=st.booleans(),
)
def test_enough_time_means_retiring_on_or_after_the_last_day_needed(sex, year, month, start, approved, first):
    """Against a brute-force reading: ok exactly when the retirement date is on or after the end of the
    last term needed (one term, or two for a first planning under Regulation 50)."""
    term = TargetTerm(f"{start}–{start + 5}", dt.date(start, 7, 1), dt.date(start + 5, 6, 30))
    verdict = working_time_check(
        candidate=Candidate("X", sex, year, month), term=term, approved_on=approved, first_planning=first
    )
    two = first and approved <= dt.date(2025, 9, 30)
    needed_end = dt.date(start + (10 if two else 5), 6, 30)
    assert verdict.ok == (retirement(sex=sex, birth_year=year, birth_month=month).date >= needed_end)


# --- The other rules ----------------------------------------------------------------------------------------

REG50 = dt.date(2022, 5, 1)
REG377 = dt.date(2026, 3, 1)
SECRETARY = PostRef("Bí thư Đảng ủy", "Đảng bộ phường Hàng Bạc", "commune", rank=1, post_id=1)
CHAIR = PostRef("Chủ tịch UBND", "UBND phường Hàng Bạc", "commune", rank=2, post_id=2)
DEPUTY = PostRef("Phó Chủ tịch UBND", "UBND phường Hàng Bạc", "commune", rank=3, post_id=3)
DISTRICT_POST = PostRef("Phó Bí thư Quận ủy", "Đảng bộ quận Hoàn Kiếm", "district", rank=2, post_id=4)


def woman(name="Nguyễn Thị A", year=1985, month=5, day=1):
    return Candidate(name, "F", year, month, day)


def man(name="Trần Văn B", year=1985, month=5, day=1):
    return Candidate(name, "M", year, month, day)


@pytest.mark.parametrize(
    ("approved", "document"),
    [
        (dt.date(2021, 12, 26), "Hướng dẫn 15-HD/BTCTW"),
        (dt.date(2021, 12, 27), "Quy định 50-QĐ/TW"),
        (dt.date(2025, 9, 30), "Quy định 50-QĐ/TW"),
        (dt.date(2025, 10, 1), "Quy định 377-QĐ/TW"),
    ],
)
def test_the_document_switches_on_27_12_2021_and_1_10_2025(approved, document):
    for code in ("per-post", "posts-per-person", "women-share", "young-share", "over-age", "discipline"):
        rule = rules.rule_in_force(code, approved)
        assert rule is not None and rule.document == document, code
    assert rules.working_time_rule(approved).document == document
    only_377 = {rules.rule_in_force(c, approved) is not None for c in ("higher-post", "while-proposed")}
    assert only_377 == {document == "Quy định 377-QĐ/TW"}


def test_no_rule_before_the_guidance():
    assert rules.rule_in_force("per-post", dt.date(2012, 11, 4)) is None


def test_the_fourth_person_on_a_post():
    three = rules.per_post_check(post=SECRETARY, size=3, approved_on=REG50)
    four = rules.per_post_check(post=SECRETARY, size=4, approved_on=REG50)
    assert three.ok and not four.ok
    assert four.explanation == (
        "Chức danh Bí thư Đảng ủy có 4 người trong quy hoạch, vượt quá 3 người (Quy định 50-QĐ/TW)."
    )


def test_the_fourth_post_at_one_level_not_counting_other_levels():
    posts = [SECRETARY, CHAIR, DEPUTY, DISTRICT_POST]
    ok = rules.posts_per_person_check(candidate=woman(), post=SECRETARY, planned=posts, approved_on=REG50)
    assert ok.ok and "3 chức danh cùng cấp xã" in ok.explanation
    fourth = PostRef("Chủ tịch UBMTTQ", "UBMTTQ phường Hàng Bạc", "commune", rank=4, post_id=5)
    over = rules.posts_per_person_check(
        candidate=woman(), post=SECRETARY, planned=[*posts, fourth], approved_on=REG377
    )
    assert not over.ok
    assert over.explanation.startswith("Bà Nguyễn Thị A được quy hoạch 4 chức danh cùng cấp xã (")
    assert over.explanation.endswith("vượt quá 3 chức danh (Quy định 377-QĐ/TW).")


def _list(n, women, approved=REG50, local=(), codes=("00070", "005", "01"), post=SECRETARY):
    people = tuple(woman(f"N{i}") for i in range(women)) + tuple(man(f"M{i}") for i in range(n - women))
    return ListFacts(post=post, approved_on=approved, people=people, area_codes=codes, local=tuple(local))


def test_exactly_25_percent_women_passes_just_below_fails():
    assert rules.women_share_check(_list(4, 1)).ok  # 25,0%
    below = rules.women_share_check(_list(5, 1))
    assert not below.ok
    assert "có 1/5 nữ (20,0%), dưới 25% (Quy định 50-QĐ/TW)" in below.explanation
    assert not rules.women_share_check(_list(401, 100)).ok  # 24,94%


def test_under_regulation_377_no_figure_applies_unless_a_local_one_is_set():
    bare = rules.women_share_check(_list(5, 0, approved=REG377))
    assert bare.ok and "không áp dụng con số nào" in bare.explanation
    here = LocalFigure("women-share", Decimal(35), "Kế hoạch 01-KH/TU", area="01")
    elsewhere = LocalFigure("women-share", Decimal(50), "Kế hoạch 02-KH/TU", area="79")
    at_35 = rules.women_share_check(_list(20, 7, approved=REG377, local=[here, elsewhere]))
    below_35 = rules.women_share_check(_list(20, 6, approved=REG377, local=[here, elsewhere]))
    assert at_35.ok and not below_35.ok
    assert "có 6/20 nữ (30,0%), dưới 35%" in below_35.explanation
    assert below_35.document == "Quy định 377-QĐ/TW; Kế hoạch 01-KH/TU"
    # a figure for the ward itself wins over the province's; none applies under Regulation 50
    ward = LocalFigure("women-share", Decimal(20), "NQ phường", area="00070")
    assert rules.women_share_check(_list(20, 4, approved=REG377, local=[here, ward])).ok
    assert not rules.women_share_check(_list(5, 1, local=[ward])).ok


def test_the_guidance_sets_no_share():
    verdict = rules.women_share_check(_list(5, 0, approved=dt.date(2020, 1, 1)))
    assert (
        verdict.ok and verdict.document == "Hướng dẫn 15-HD/BTCTW" and "không áp dụng" in verdict.explanation
    )


def test_young_means_under_the_levels_threshold_on_the_day():
    at = dt.date(2026, 3, 1)
    turning_35 = man(year=1991, month=3, day=1)  # 35 on the day: not young at commune level
    just_young = man(year=1991, month=3, day=2)
    assert not rules.is_young(turning_35, "commune", at) and rules.is_young(just_young, "commune", at)
    assert rules.is_young(turning_35, "district", at)  # under 40 at district level


def test_15_percent_young():
    old = tuple(man(f"O{i}", year=1970) for i in range(17))
    young = tuple(man(f"Y{i}", year=2000) for i in range(3))
    at = dt.date(2024, 1, 1)
    ok = rules.young_share_check(ListFacts(SECRETARY, REG50, old + young), at)
    short = rules.young_share_check(ListFacts(SECRETARY, REG50, old + young[:2] + (man("X", 1970),)), at)
    assert ok.ok and not short.ok
    assert "có 2/20 cán bộ trẻ (dưới 35 tuổi) (10,0%), dưới 15%" in short.explanation


def test_higher_post_by_rank_then_level():
    def check(post, held):
        return rules.higher_post_check(
            candidate=man(), post=post, held=held, approved_on=REG377, at=dt.date(2026, 3, 1)
        )

    assert check(SECRETARY, [CHAIR]).ok  # rank 1 above rank 2
    same = check(CHAIR, [CHAIR])
    assert not same.ok and "không cao hơn (Quy định 377-QĐ/TW)" in same.explanation
    assert not check(CHAIR, [SECRETARY, DEPUTY]).ok  # against the highest she holds
    assert check(DISTRICT_POST, [SECRETARY]).ok  # a higher level
    assert not check(SECRETARY, [DISTRICT_POST]).ok
    assert check(SECRETARY, []).ok
    assert (
        rules.higher_post_check(candidate=man(), post=CHAIR, held=[CHAIR], approved_on=REG50, at=REG50)
        is None
    )


def test_while_proposed_for_another_post():
    at = dt.date(2026, 3, 1)

    def check(*proposals):
        return rules.while_proposed_check(
            candidate=woman(), post=SECRETARY, proposals=proposals, approved_on=REG377, at=at
        )

    pending = ProposalFact(CHAIR, dt.date(2026, 2, 1))
    verdict = check(pending)
    assert not verdict.ok
    assert (
        "được đề nghị bổ nhiệm Chủ tịch UBND – UBND phường Hàng Bạc từ ngày 01/02/2026" in verdict.explanation
    )
    assert check(ProposalFact(SECRETARY, dt.date(2026, 2, 1))).ok  # the post planned itself
    assert check(ProposalFact(CHAIR, dt.date(2026, 3, 2))).ok  # not yet
    assert check(ProposalFact(CHAIR, dt.date(2026, 1, 1), "withdrawn", dt.date(2026, 3, 1))).ok
    assert not check(ProposalFact(CHAIR, dt.date(2026, 1, 1), "withdrawn", dt.date(2026, 3, 2))).ok


def test_qualification_gap_says_what_is_missing():
    need = Requirement("dai_hoc", "cao_cap", "chuyen_vien_chinh", document="Quy định 89-QĐ/TW")
    have = Qualifications("dai_hoc", "trung_cap", "")
    verdict = rules.qualification_check(candidate=man(), post=SECRETARY, have=have, need=need)
    assert not verdict.ok and verdict.document == "Quy định 89-QĐ/TW"
    assert "lý luận chính trị cao cấp (hiện có: trung cấp)" in verdict.explanation.lower()
    assert "chưa có" in verdict.explanation and "đại học" not in verdict.explanation.lower().split("thiếu")[1]
    better = Qualifications("thac_si", "cu_nhan", "chuyen_vien_cao_cap")
    assert rules.qualification_check(candidate=man(), post=SECRETARY, have=better, need=need).ok
    assert rules.qualification_check(candidate=man(), post=SECRETARY, have=have, need=Requirement()) is None


def test_over_age_the_birth_month_that_makes_the_difference():
    """Women reaching retirement age in 2025 retire at 56 years 8 months (Decree 135: 55y4m in 2021, +4
    months a year): born 01/1969 she retires on 30/09/2025, the day before the term starts; born 02/1969,
    on 31/10/2025."""
    term = TargetTerm("2025–2030", dt.date(2025, 10, 1), dt.date(2030, 9, 30))
    on = dt.date(2025, 3, 1)
    january = rules.over_age_check(candidate=woman(year=1969, month=1), term=term, approved_on=REG50, at=on)
    february = rules.over_age_check(candidate=woman(year=1969, month=2), term=term, approved_on=REG50, at=on)
    assert (january.ok, february.ok) == (False, True)
    assert january.explanation == (
        "Bà Nguyễn Thị A, sinh 01/1969, nghỉ hưu ngày 30/09/2025 (56 tuổi 8 tháng), trước khi nhiệm kỳ "
        "2025–2030 bắt đầu (01/10/2025): quá tuổi quy hoạch, đề xuất đưa ra khỏi quy hoạch (Quy định 50-QĐ/TW)."
    )
    late = rules.over_age_check(
        candidate=woman(year=1969, month=2), term=term, approved_on=REG50, at=dt.date(2025, 11, 1)
    )
    assert not late.ok and "đã nghỉ hưu ngày 31/10/2025" in late.explanation


def test_discipline_after_the_planning_at_reprimand_or_above():
    since = dt.date(2022, 5, 1)

    def check(*records, at=dt.date(2024, 1, 1)):
        return rules.discipline_check(candidate=man(), records=records, since=since, approved_on=REG50, at=at)

    reprimand = DisciplineFact("reprimand", dt.date(2023, 6, 1), "khiển trách", "12-QĐ/UBKT")
    verdict = check(reprimand)
    assert not verdict.ok
    assert verdict.explanation == (
        "Ông Trần Văn B bị kỷ luật khiển trách ngày 01/06/2023, quyết định số 12-QĐ/UBKT, sau khi được quy hoạch "
        "ngày 01/05/2022: kỷ luật từ khiển trách trở lên, đề xuất đưa ra khỏi quy hoạch (Quy định 50-QĐ/TW)."
    )
    assert check(DisciplineFact("warning", dt.date(2022, 4, 30))).ok  # before the planning
    assert not check(DisciplineFact("warning", since)).ok  # on its day
    assert check(reprimand, at=dt.date(2023, 5, 31)).ok  # not yet


# --- Properties against a brute-force reading ---------------------------------------------------------------

approvals = st.dates(dt.date(2013, 1, 1), dt.date(2030, 12, 31))


@given(size=st.integers(0, 8), approved=approvals)
def test_per_post_property(size, approved):
    assert rules.per_post_check(post=SECRETARY, size=size, approved_on=approved).ok == (size <= 3)


levels = st.sampled_from(["province", "district", "commune"])
posts = st.builds(PostRef, st.sampled_from("ABCDEFG"), st.sampled_from("XY"), levels, st.integers(1, 5))


@given(planned=st.lists(posts, max_size=8), post=posts, approved=approvals)
def test_posts_per_person_property(planned, post, approved):
    verdict = rules.posts_per_person_check(candidate=man(), post=post, planned=planned, approved_on=approved)
    same = {(p.name, p.organization) for p in planned if p.level == post.level} | {
        (post.name, post.organization)
    }
    assert verdict.ok == (len(same) <= 3)


@given(target=posts, held=st.lists(posts, max_size=3))
def test_higher_post_property(target, held):
    verdict = rules.higher_post_check(candidate=man(), post=target, held=held, approved_on=REG377, at=REG377)
    order = {"province": 1, "district": 2, "commune": 3}
    expected = all(
        order[target.level] < order[h.level] or (target.level == h.level and target.rank < h.rank)
        for h in held
    )
    assert verdict.ok == expected


@given(
    proposed=st.dates(dt.date(2025, 1, 1), dt.date(2027, 1, 1)),
    outcome=st.sampled_from(["pending", "appointed", "withdrawn", "rejected"]),
    closed=st.integers(0, 400),
    same_post=st.booleans(),
)
def test_while_proposed_property(proposed, outcome, closed, same_post):
    at = dt.date(2026, 3, 1)
    closed_on = None if outcome == "pending" else proposed + dt.timedelta(days=closed)
    fact = ProposalFact(SECRETARY if same_post else CHAIR, proposed, outcome, closed_on)
    verdict = rules.while_proposed_check(
        candidate=man(), post=SECRETARY, proposals=[fact], approved_on=REG377, at=at
    )
    pending = proposed <= at and (closed_on is None or closed_on > at)
    assert verdict.ok == (same_post or not pending)


@given(n=st.integers(0, 60), data=st.data(), approved=approvals)
def test_women_share_property(n, data, approved):
    women = data.draw(st.integers(0, n))
    verdict = rules.women_share_check(_list(n, women, approved=approved))
    rule = rules.rule_in_force("women-share", approved)
    if rule.value is None or n == 0:
        assert verdict.ok
    else:
        assert verdict.ok == (women / n >= rule.value / 100 - 1e-12)


@given(
    births=st.lists(st.dates(dt.date(1960, 1, 1), dt.date(2000, 12, 31)), min_size=1, max_size=30),
    level=levels,
    at=st.dates(dt.date(2022, 1, 1), dt.date(2025, 9, 30)),
)
def test_young_share_property(births, level, at):
    people = tuple(Candidate("X", "M", b.year, b.month, b.day) for b in births)
    post = PostRef("P", "O", level)
    verdict = rules.young_share_check(ListFacts(post, REG50, people), at)
    limit = {"province": 40, "district": 40, "commune": 35}[level]
    young = sum(1 for b in births if (at.year - b.year - ((at.month, at.day) < (b.month, b.day))) < limit)
    assert verdict.ok == (young * 100 >= 15 * len(births))


kinds = {
    "education": ["", "thpt", "trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"],
    "political_theory": ["", "so_cap", "trung_cap", "cao_cap", "cu_nhan"],
    "state_management": ["", "chuyen_vien", "chuyen_vien_chinh", "chuyen_vien_cao_cap"],
}
quals = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in kinds.items()})


@given(have=quals, need=quals)
def test_qualification_property(have, need):
    verdict = rules.qualification_check(
        candidate=man(), post=SECRETARY, have=Qualifications(**have), need=Requirement(**need)
    )
    if not any(need.values()):
        assert verdict is None
        return
    expected = all(not need[k] or kinds[k].index(have[k]) >= kinds[k].index(need[k]) for k in kinds)
    assert verdict.ok == expected


@given(
    sex=st.sampled_from("MF"),
    year=st.integers(1955, 1990),
    month=st.one_of(st.none(), st.integers(1, 12)),
    start=st.integers(2016, 2035),
    at=st.dates(dt.date(2013, 1, 1), dt.date(2035, 12, 31)),
)
def test_over_age_property(sex, year, month, start, at):
    term = TargetTerm(f"{start}–{start + 5}", dt.date(start, 7, 1), dt.date(start + 5, 6, 30))
    verdict = rules.over_age_check(
        candidate=Candidate("X", sex, year, month), term=term, approved_on=at, at=at
    )
    leaves = retirement(sex=sex, birth_year=year, birth_month=month).date
    assert verdict.ok == (leaves >= term.start and leaves >= at)


@given(
    records=st.lists(
        st.tuples(
            st.sampled_from(["reprimand", "warning", "demotion", "dismissal", "expulsion"]),
            st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31)),
        ),
        max_size=4,
    ),
    since=st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31)),
    at=st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31)),
)
def test_discipline_property(records, since, at):
    facts = [DisciplineFact(level, day) for level, day in records]
    verdict = rules.discipline_check(candidate=man(), records=facts, since=since, approved_on=REG50, at=at)
    assert verdict.ok == (not any(since <= day <= at for _level, day in records))
