"""The pool pages (issue 10 §8): the entries on the date with their verdicts, the removed and fulfilled apart,
the log (who, when, why, under which decision); adding a person found by name without diacritics, moving,
removing with a reason, marking fulfilled — each through the services, refusals on the field in Vietnamese
with what was typed kept; opening a planning for a post."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from nguon.pipeline.models import PlanningDecision, Pool, PoolEntry, PoolEvent

from .board_world import BoardWorld, build_board_world, ready

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def world(db: None) -> BoardWorld:
    return build_board_world()


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(world: BoardWorld, pool: Any = None, at: str = "15/01/2026", user: Any = None) -> str:
    response = client_of(user or world.editor).get(
        reverse("pool-detail", args=[(pool or world.pool).pk]), {"at": at}
    )
    assert response.status_code == 200
    return response.content.decode()


def entry_html(html: str, person: Any) -> str:
    start = html.index(f'id="entry-person-{person.pk}"')
    ends = [i for i in (html.find('id="entry-person-', start + 1), html.find("</ol>", start)) if i > 0]
    return html[start : min(ends)]


def add(world: BoardWorld, **fields: Any) -> Any:
    data = {
        "q": "",
        "person": world.candidate.pk,
        "date": "01/12/2025",
        "approved": "1",
        "readiness": ready("ngay").pk,
        "rank": "",
        "decision": world.decision.pk,
        "reason": "",
        **fields,
    }
    return client_of(world.editor).post(
        reverse("pool-entry-add", args=[world.pool.pk]) + "?at=15/01/2026", data
    )


def test_pool_page_lists_entries_with_verdicts_and_hides_outsiders(world: BoardWorld) -> None:
    html = page(world)
    assert "Hoàng Thị Lan" in html and "Lê Văn Bình" in html
    assert "Ngô Thị Bí" not in html and "ngo thi bi" not in html.lower()
    assert "1 người ngoài phạm vi" in html
    assert 'data-verdict="working-time"' in entry_html(html, world.woman)
    assert "Vũ Thị Mới" in html  # the incumbent on the date
    assert "12-QĐ/QU" in html


def test_add_a_person_and_see_her_verdict(world: BoardWorld) -> None:
    """The name typed without diacritics finds her; once added, the page shows her verdict."""
    search = client_of(world.editor).get(
        reverse("pool-person-search", args=[world.pool.pk]), {"q": "trinh thi"}
    )
    assert "Trịnh Thị Thu" in search.content.decode()
    assert f'value="{world.candidate.pk}"' in search.content.decode()
    response = add(world)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?added={world.candidate.pk}#entry-person-{world.candidate.pk}")
    html = page(world)
    mine = entry_html(html, world.candidate)
    assert "Trịnh Thị Thu" in mine and 'data-verdict="working-time"' in mine
    added = client_of(world.editor).get(response["Location"]).content.decode()
    assert 'verdicts-passed" open' in entry_html(added, world.candidate)  # her verdicts unfolded
    assert "Sẵn sàng ngay" in mine
    event = PoolEvent.objects.get(entry__person=world.candidate)
    assert (event.recorded_by, event.source, event.date) == (world.editor, "web", D(2025, 12, 1))


def test_the_search_never_offers_people_outside_the_scope(world: BoardWorld) -> None:
    client = client_of(world.editor)
    url = reverse("pool-person-search", args=[world.pool.pk])
    for query in ("ngo thi", "quach", "bê"):
        text = client.get(url, {"q": query}).content.decode()
        assert "Ngô Thị Bí" not in text and "Quách Thị Bê" not in text
    # nor can one be added by id
    response = add(world, person=world.b_person.pk)
    assert response.status_code == 200
    assert not PoolEntry.objects.filter(pool=world.pool, person=world.b_person).exists()


def test_search_button_without_htmx_keeps_what_was_typed(world: BoardWorld) -> None:
    response = add(world, search="1", q="trinh", person="", reason="Trẻ, có năng lực")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trịnh Thị Thu" in html and "Trẻ, có năng lực" in html
    assert not PoolEntry.objects.filter(person=world.candidate).exists()


def test_refusals_on_the_field_in_vietnamese_with_what_was_typed(world: BoardWorld) -> None:
    response = add(world, person="", reason="Lý do đã gõ")
    html = response.content.decode()
    assert response.status_code == 200
    assert _("Find the person by name and choose her or him.") in html
    assert "Lý do đã gõ" in html
    # already in the pool on that date: the service's refusal on the date field, the person kept
    response = add(world, person=world.woman.pk, reason="Lần hai")
    html = response.content.decode()
    refusal = _("%(person)s is already approved in the planning of %(pool)s on %(date)s.") % {
        "person": world.woman,
        "pool": world.pool,
        "date": "01/12/2025",
    }
    assert refusal in html
    assert 'id="id_date-errors"' in html  # on the date field
    assert "Lần hai" in html and f'value="{world.woman.pk}" checked' in html
    assert PoolEvent.objects.filter(entry__person=world.woman).count() == 1
    # a date that cannot be read
    html = add(world, date="31/02/2025").content.decode()
    assert "is-invalid" in html and PoolEntry.objects.filter(person=world.candidate).count() == 0


def test_move_remove_fulfil_and_the_log(world: BoardWorld) -> None:
    client = client_of(world.editor)
    entry = PoolEntry.objects.get(pool=world.pool, person=world.man)
    url = reverse("pool-entry-move", args=[entry.pk])
    assert client.get(url).status_code == 200
    html = client.post(url, {"date": "01/12/2025", "readiness": "", "rank": ""}).content.decode()
    assert _("Choose a new readiness or a new rank.") in html
    response = client.post(
        url, {"date": "01/12/2025", "readiness": ready("ngay").pk, "rank": "2", "reason": "Hoàn thành tốt"}
    )
    assert response.status_code == 302
    # removal needs a reason; refused without, nothing written
    remove = reverse("pool-entry-remove", args=[entry.pk])
    html = client.post(remove, {"date": "02/01/2026", "removal_reason": ""}).content.decode()
    assert "is-invalid" in html
    assert (
        client.post(
            remove, {"date": "02/01/2026", "removal_reason": "moved", "reason": "Chuyển công tác"}
        ).status_code
        == 302
    )
    woman = PoolEntry.objects.get(pool=world.pool, person=world.woman)
    assert (
        client.post(reverse("pool-entry-fulfil", args=[woman.pk]), {"date": "05/01/2026"}).status_code == 302
    )
    html = page(world)
    out = html[html.index(_("No longer in the planning")) :]
    assert "Lê Văn Bình" in out and "Hoàng Thị Lan" in out
    assert 'id="entry-person-' + str(world.man.pk) not in html
    log = html[html.index(_("Log of the planning")) :]
    assert "Chuyển công tác" in log and "Hoàn thành tốt" in log and "Hạnh" in log
    assert "02/01/2026" in log and "12-QĐ/QU" in log
    # the past date still shows them in the planning
    before = page(world, at="15/12/2025")
    assert 'id="entry-person-' + str(world.man.pk) in before


def test_remove_before_she_was_added_is_refused_on_the_date(world: BoardWorld) -> None:
    entry = PoolEntry.objects.get(pool=world.pool, person=world.man)
    html = (
        client_of(world.editor)
        .post(reverse("pool-entry-remove", args=[entry.pk]), {"date": "01/01/2024", "removal_reason": "other",
                                                             "reason": "Thử"})
        .content.decode()
    )  # fmt: skip
    assert "is-invalid" in html and "Thử" in html
    assert PoolEvent.objects.filter(entry=entry).count() == 1


def test_open_a_planning_with_a_new_decision(world: BoardWorld) -> None:
    client = client_of(world.editor)
    url = reverse("pool-add", args=[world.org.pk])
    assert f'value="{world.chair.pk}" selected' in client.get(url, {"post": world.chair.pk}).content.decode()
    data = {
        "post": world.chair.pk,
        "target_term": "2030–2035",
        "target_start": "01/10/2030",
        "target_end": "30/09/2035",
        "new_number": "20-QĐ/QU",
        "new_date": "",
        "new_body": "",
    }
    html = client.post(url, data).content.decode()
    assert _("Give the date of the new decision.") in html and "20-QĐ/QU" in html
    response = client.post(url, {**data, "new_date": "02/11/2025", "new_body": "Ban Thường vụ Quận ủy"})
    assert response.status_code == 302
    pool = Pool.objects.get(post=world.chair)
    assert pool.decision == PlanningDecision.objects.get(number="20-QĐ/QU")
    # the same term again: refused on the field, nothing half-saved (no second decision)
    html = client.post(url, {**data, "new_number": "21-QĐ/QU", "new_date": "03/11/2025",
                             "new_body": "Ban Thường vụ"}).content.decode()  # fmt: skip
    assert "is-invalid" in html and not PlanningDecision.objects.filter(number="21-QĐ/QU").exists()


def test_viewer_reads_but_may_not_change(world: BoardWorld) -> None:
    html = page(world, user=world.viewer)
    assert "Hoàng Thị Lan" in html and _("Add a person to the planning") not in html
    client = client_of(world.viewer)
    assert client.post(reverse("pool-entry-add", args=[world.pool.pk]), {}).status_code == 403
    entry = PoolEntry.objects.get(pool=world.pool, person=world.man)
    assert client.get(reverse("pool-entry-move", args=[entry.pk])).status_code == 403


def test_ward_b_editor_cannot_reach_ward_a(world: BoardWorld) -> None:
    client = client_of(world.editor_b)
    assert client.get(reverse("pool-detail", args=[world.pool.pk])).status_code == 404
    response = client.post(reverse("pool-entry-add", args=[world.pool.pk]), {"person": world.b_person.pk})
    assert response.status_code == 404
    assert PoolEvent.objects.filter(entry__pool=world.pool).count() == 3


def test_an_outsiders_entry_cannot_be_opened(world: BoardWorld) -> None:
    entry = PoolEntry.objects.get(pool=world.pool, person=world.outsider)
    assert client_of(world.editor).get(reverse("pool-entry-remove", args=[entry.pk])).status_code == 404


def test_the_profile_lists_her_plannings(world: BoardWorld) -> None:
    client = client_of(world.editor)
    html = client.get(reverse("person-detail", args=[world.man.pk]), {"at": "15/01/2026"}).content.decode()
    part = html[html.index('class="mb-4 person-pipeline"') :]
    assert reverse("pool-detail", args=[world.pool.pk]) in part
    assert reverse("pool-detail", args=[world.deputy_pool.pk]) in part
    assert "Sẵn sàng sau 1–2 năm" in part
    before = client.get(reverse("person-detail", args=[world.man.pk]), {"at": "01/06/2024"}).content.decode()
    assert reverse("pool-detail", args=[world.pool.pk]) not in before
    assert "Ngô Thị Bí" not in html


def test_the_profile_lists_her_trainings_and_nominations(world: BoardWorld) -> None:
    from nguon.elections import services as elections
    from nguon.training import services as training

    course = training.course_create(organizer=world.org, name="Bồi dưỡng kỹ năng lãnh đạo", kind="leadership")
    session = training.session_create(
        course=course, name="Lớp 1/2025", start_date=D(2025, 3, 1), end_date=D(2025, 3, 20)
    )
    training.participant_add(
        session=session, person=world.woman, result="completed", completed_on=D(2025, 3, 20)
    )
    candidate_list = elections.candidate_list_create(
        term=world.term_new, post=world.secretary, kind="party_congress", name="Danh sách bầu Ban Chấp hành",
        election_date=D(2025, 9, 20), seats=1,
    )  # fmt: skip
    elections.candidacy_add(candidate_list=candidate_list, person=world.woman, nominated_by="Chi bộ 3")
    html = client_of(world.editor).get(reverse("person-detail", args=[world.woman.pk])).content.decode()
    trainings = html[
        html.index('class="mb-4 person-trainings"') : html.index('class="mb-4 person-candidacies"')
    ]
    assert (
        "Bồi dưỡng kỹ năng lãnh đạo" in trainings and "Lớp 1/2025" in trainings and "20/03/2025" in trainings
    )
    nominations = html[html.index('class="mb-4 person-candidacies"') :]
    assert "Danh sách bầu Ban Chấp hành" in nominations and "Chi bộ 3" in nominations
    assert "20/09/2025" in nominations


def test_pool_page_queries_do_not_grow_with_people(
    world: BoardWorld, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nguon.people.services import person_create
    from nguon.pipeline import services

    client = client_of(world.editor)
    url = reverse("pool-detail", args=[world.pool.pk])
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
        services.entry_add(pool=world.pool, person=person, date=D(2025, 11, 1), readiness=ready("ngay"))
        services.entry_move(pool=world.pool, person=person, date=D(2025, 12, 1), rank=i + 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_change_the_planning(world: BoardWorld) -> None:
    client = client_of(world.editor)
    url = reverse("pool-edit", args=[world.pool.pk])
    html = client.get(url).content.decode()
    assert 'value="2030–2035"' in html and "01/10/2030" in html
    data = {"target_term": "2030–2035", "target_start": "01/10/2030", "target_end": "01/09/2030"}
    html = client.post(url, {**data, "decision": world.decision.pk}).content.decode()
    assert "is-invalid" in html and "01/09/2030" in html  # ends before it starts: refused, typed kept
    response = client.post(
        url, {**data, "target_end": "30/09/2035", "decision": world.decision.pk, "note": "Sửa"}
    )
    assert response.status_code == 302
    world.pool.refresh_from_db()
    assert world.pool.note == "Sửa"
    assert client_of(world.viewer).get(url).status_code == 403
    assert client_of(world.editor_b).get(url).status_code == 404
