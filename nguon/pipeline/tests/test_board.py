"""The succession board (issue 10 §8): key posts with their incumbents on the date shown, when they leave,
the planning of the target term with readiness and verdicts; posts with no candidate, or no woman in the
planning, first; ward A's officers never reach ward B's board nor read the names of B's people."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from nguon.core.formats import format_date
from nguon.pipeline.retirement import retirement_of_birth

from .board_world import BoardWorld, build_board_world

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world(db: None) -> BoardWorld:
    return build_board_world()


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def board(world: BoardWorld, at: str = "15/01/2026", user: Any = None, **query: str) -> str:
    response = client_of(user or world.editor).get(
        reverse("succession-board", args=[world.org.pk]), {"at": at, **query}
    )
    assert response.status_code == 200
    return response.content.decode()


def post_order(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-post="(\d+)"', html)]


def section(html: str, post_pk: int) -> str:
    start = html.index(f'data-post="{post_pk}"')
    end = html.find("data-post=", start + 10)
    return html[start : end if end > 0 else len(html)]


def test_posts_without_candidate_then_without_woman_come_first(world: BoardWorld) -> None:
    """The chair (rank 3, no planning) first, the deputy (rank 2, one man) second, the secretary (rank 1,
    a woman planned) last; each marked."""
    html = board(world)
    assert post_order(html) == [world.chair.pk, world.deputy.pk, world.secretary.pk]
    assert _("No candidate") in section(html, world.chair.pk)
    assert _("No woman in the pool") in section(html, world.deputy.pk)
    secretary = section(html, world.secretary.pk)
    assert _("No candidate") not in secretary and _("No woman in the pool") not in secretary
    assert "Chưa có nguồn" in html and "Chưa có nữ trong nguồn" in html


def test_a_woman_added_moves_the_post_down(world: BoardWorld) -> None:
    from nguon.pipeline import services

    services.entry_add(pool=world.deputy_pool, person=world.candidate, date=D(2025, 11, 1))
    html = board(world)
    assert post_order(html) == [world.chair.pk, world.secretary.pk, world.deputy.pk]


def test_a_past_date_shows_the_incumbent_of_that_date(world: BoardWorld) -> None:
    past = section(board(world, at="01/06/2024"), world.secretary.pk)
    assert "Đỗ Văn Cũ" in past and "Vũ Thị Mới" not in past
    now = section(board(world, at="15/01/2026"), world.secretary.pk)
    assert "Vũ Thị Mới" in now and "Đỗ Văn Cũ" not in now


def test_the_pool_on_a_date_before_it_was_approved_is_empty(world: BoardWorld) -> None:
    """On 01/06/2024 the 2030–2035 planning exists but no one was in it yet: every post lacks a candidate."""
    html = board(world, at="01/06/2024")
    assert "Hoàng Thị Lan" not in html
    assert html.count('data-gap="no-candidate"') == 3


def test_when_the_incumbent_leaves(world: BoardWorld) -> None:
    """Retirement or the end of the term, whichever first."""
    html = board(world)
    secretary = section(html, world.secretary.pk)
    woman = world.new_secretary
    retires = retirement_of_birth(sex=woman.sex, birth_date=woman.birth_date).date
    first = min(retires, world.term_new.end_date)
    assert format_date(first) in secretary
    why = _("retires") if retires < world.term_new.end_date else _("the term ends")
    assert why in secretary
    deputy = section(html, world.deputy.pk)
    man = world.deputy_holder
    retires = retirement_of_birth(sex=man.sex, birth_date=man.birth_date).date
    assert retires < world.term_new.end_date  # born 01/1967: he retires before the term ends
    assert format_date(retires) in deputy and _("retires") in deputy


def test_entries_in_readiness_order_with_verdicts(world: BoardWorld) -> None:
    secretary = section(board(world), world.secretary.pk)
    assert secretary.index("Hoàng Thị Lan") < secretary.index("Lê Văn Bình")  # ready now before 1–2 years
    assert "Sẵn sàng ngay" in secretary and "Sẵn sàng sau 1–2 năm" in secretary
    assert secretary.count('data-verdict="working-time"') == 2


def test_people_outside_the_scope_are_counted_never_named(world: BoardWorld) -> None:
    html = board(world)
    assert "Ngô Thị Bí" not in html and "ngo thi bi" not in html.lower()
    secretary = section(html, world.secretary.pk)
    assert "1 người ngoài phạm vi" in secretary
    assert "3 người" in secretary  # three planned, one of them not named
    # the administrator names her
    from nguon.accounts.tests.factories import national_user

    assert "Ngô Thị Bí" in board(world, user=national_user("tw"))


def test_vacant_post(world: BoardWorld) -> None:
    assert _("vacant") in section(board(world), world.chair.pk)


def test_target_term_is_selectable(world: BoardWorld) -> None:
    from nguon.pipeline import services

    services.pool_create(
        post=world.chair, target_term="2035–2040", target_start=D(2035, 10, 1), target_end=D(2040, 9, 30)
    )
    html = board(world)
    assert 'value="2035–2040"' in html
    assert _("Other terms") in section(html, world.chair.pk)
    chosen = board(world, term="2035–2040")
    # on the later term every post but the chair has no planning, and the chair's planning is empty
    assert chosen.count('data-gap="no-candidate"') == 3
    assert "Hoàng Thị Lan" not in chosen


def test_ward_a_officer_gets_404_on_ward_b(world: BoardWorld) -> None:
    client = client_of(world.editor)
    assert client.get(reverse("succession-board", args=[world.org_b.pk])).status_code == 404
    assert client.get(reverse("pool-detail", args=[world.pool_b.pk])).status_code == 404
    assert client.get(reverse("pool-add", args=[world.org_b.pk])).status_code == 404
    entry_b = world.pool_b.entries.get()
    for name in ("pool-entry-move", "pool-entry-remove", "pool-entry-fulfil"):
        assert client.get(reverse(name, args=[entry_b.pk])).status_code == 404
    assert client.get(reverse("pool-person-search", args=[world.pool_b.pk]), {"q": "que"}).status_code == 404


def test_index_lists_the_scopes_organizations_with_their_gaps(world: BoardWorld) -> None:
    html = client_of(world.editor).get(reverse("succession-index"), {"at": "15/01/2026"}).content.decode()
    assert world.org.name in html and world.org_b.name not in html
    assert f"{_('No candidate')}: 1" in html and f"{_('No woman in the pool')}: 1" in html
    assert reverse("succession-board", args=[world.org.pk]) in html


def test_viewer_reads_the_board_without_edit_links(world: BoardWorld) -> None:
    html = board(world, user=world.viewer)
    assert _("Open the planning") not in html
    assert reverse("pool-add", args=[world.org.pk]) not in html
    assert "Hoàng Thị Lan" in html


def test_anonymous_is_sent_to_login(world: BoardWorld) -> None:
    response = Client().get(reverse("succession-board", args=[world.org.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_rule_not_met_is_shown_unfolded(world: BoardWorld) -> None:
    """A man born in 1968 retires before the 2030–2035 term ends: the board says so, outside the folded
    list of the rules met."""
    from nguon.people.services import person_create
    from nguon.pipeline import services

    old = person_create(
        full_name="Tạ Văn Già", sex="M", birth_date=D(1968, 5, 5), dossier_organization=world.org
    )
    services.entry_add(pool=world.deputy_pool, person=old, date=D(2025, 11, 1))
    deputy = section(board(world), world.deputy.pk)
    mine = deputy[deputy.index("Tạ Văn Già") :]
    failed = mine[: mine.index("verdicts-passed")] if "verdicts-passed" in mine else mine
    assert 'data-verdict="working-time" data-ok="0"' in failed
    assert _("does not meet") in failed


def test_board_queries_do_not_grow_with_people(world: BoardWorld, django_assert_max_num_queries: Any) -> None:
    """The board costs a fixed number of queries, whatever the number of people planned."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nguon.people.services import person_create
    from nguon.pipeline import services

    client = client_of(world.editor)
    url = reverse("succession-board", args=[world.org.pk])
    client.get(url, {"at": "15/01/2026"})
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(4):
        person = person_create(
            full_name=f"Đinh Thị Số {i}",
            sex="F",
            birth_date=D(1986, 1, 1 + i),
            dossier_organization=world.org,
        )
        services.entry_add(pool=world.deputy_pool, person=person, date=D(2025, 11, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
